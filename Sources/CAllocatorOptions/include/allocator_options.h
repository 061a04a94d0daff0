#ifndef GATE_ALLOCATOR_OPTIONS_H
#define GATE_ALLOCATOR_OPTIONS_H

/*
 * Nothing here is called: allocator_options.c sets mimalloc's options from the executable's pre-initialisation
 * array, before any library starts. The header exists because a C target needs one.
 */

#endif
