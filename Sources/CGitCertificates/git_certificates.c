/*
 * Defers the parse of the system's CA bundle that Debian's libgit2 (built on mbedTLS) does in git_libgit2_init():
 * some 150 certificates decoded from base64 and parsed, 8 ms of CPU that every `gate check` waited for before it
 * could open the repository, though only a fetch or push of approvals over HTTPS ever uses them.
 *
 * This file defines mbedtls_x509_crt_parse_file, and the executable's definition is the one the dynamic loader binds
 * libgit2's call to (gate is linked with its symbols exported). During start-up (gate_certificates_defer(true)) it
 * only records the bundle's path and reports success, leaving libgit2 with an empty chain; GateGit hands the path
 * back to libgit2 (GIT_OPT_SET_SSL_CERT_LOCATIONS) before the first remote operation, and any call outside start-up
 * goes to mbedTLS's own function. Where libgit2 uses another TLS library, or binds to mbedTLS directly, this is never
 * called and nothing is deferred.
 */
#define _GNU_SOURCE
#include "git_certificates.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

/* mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR, for when its own function cannot be found. */
#define FILE_IO_ERROR (-0x2900)

static atomic_bool deferring = false;
static char deferred_file[4096];
static atomic_bool deferred = false;

void gate_certificates_defer(bool on) { atomic_store(&deferring, on); }

const char *gate_certificates_deferred_file(void) { return atomic_load(&deferred) ? deferred_file : NULL; }

typedef int (*parse_file_function)(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path) {
    if (atomic_load(&deferring) && !atomic_load(&deferred) && path != NULL && strlen(path) < sizeof deferred_file) {
        strcpy(deferred_file, path);
        atomic_store(&deferred, true);
        return 0;
    }
    parse_file_function parse = (parse_file_function)dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
    return parse != NULL ? parse(chain, path) : FILE_IO_ERROR;
}
