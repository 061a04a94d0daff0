#ifndef GATE_LIBRARY_LOADER_H
#define GATE_LIBRARY_LOADER_H

#include <stddef.h>

/*
 * Opens the shared library `file` (dlopen, its symbols kept local) and stores the address of each of the `count`
 * symbols `names` in `*slots[i]`. Returns true when every one was found; else writes why into `failure` (which
 * names `label`, the file and the first missing symbol), closes the library and returns false. The library stays
 * loaded for the life of the process on success. Callers run it once (pthread_once).
 */
_Bool gate_load_library(const char *file, const char *label, const char *const *names, void **const *slots,
                        size_t count, char *failure, size_t failure_size);

#endif
