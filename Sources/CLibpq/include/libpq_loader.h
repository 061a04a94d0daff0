#ifndef GATE_LIBPQ_LOADER_H
#define GATE_LIBPQ_LOADER_H

/*
 * libpq's API as GatePostgres calls it, with the library loaded on first use (see libpq_loader.c): every command
 * that never opens a database (`gate check` above all) starts without loading libpq and the TLS, Kerberos and LDAP
 * libraries it pulls in.
 */
#if __has_include(<postgresql/libpq-fe.h>)
#include <postgresql/libpq-fe.h>
#else
#include <libpq-fe.h>
#endif

/* Loads libpq once; NULL when its functions are ready, else why it could not be loaded. Call before any PQ function. */
const char *gate_libpq_load(void);

#endif
