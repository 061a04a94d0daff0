#ifndef GATE_GIT_CERTIFICATES_H
#define GATE_GIT_CERTIFICATES_H

#include <stdbool.h>

/* While on, libgit2's start-up records the certificate bundle it asks mbedTLS to parse instead of parsing it. */
void gate_certificates_defer(bool on);

/* The bundle a deferred start-up named, or NULL: nothing was deferred (libgit2 uses another TLS library, or the
   interposer below is not the definition libgit2 calls). The string lives as long as the process. */
const char *gate_certificates_deferred_file(void);

#endif
