/*
 * Loads libpq with dlopen the first time a database is opened, instead of linking it.
 *
 * Linked, libpq and what it depends on (libssl, libcrypto, Kerberos, LDAP, SASL…) are mapped and relocated at every
 * start of gate: a C program linking gate's libraries starts in 10.0 ms, 8.8 ms without libpq and 5.3 ms without
 * libpq and libcurl (see CHTTP), which share most of those dependencies. A `gate check` never talks to Postgres. This file defines the libpq functions GatePostgres calls, with libpq's own prototypes (from
 * libpq-fe.h, so the compiler checks every signature), and each forwards to the library's function, resolved once.
 * GatePostgres calls gate_libpq_load() before its first connection and reports a library that cannot be loaded as an
 * error; a function called without a successful load stops the process with that reason rather than jumping to NULL.
 */
#include "libpq_loader.h"

#include <library_loader.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef __APPLE__
#define LIBPQ_FILE "libpq.5.dylib"
#else
#define LIBPQ_FILE "libpq.so.5"
#endif

/* (return type, name, parameters, arguments) of every function forwarded; those returning void are listed apart. */
#define LIBPQ_FUNCTIONS(X)                                                                                             \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                                       \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                                          \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                                      \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                                            \
    X(int, PQbackendPID, (const PGconn *conn), (conn))                                                                 \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))   \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                                            \
    X(PGresult *, PQexecParams,                                                                                        \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues,          \
       const int *paramLengths, const int *paramFormats, int resultFormat),                                            \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))                     \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                                    \
    X(char *, PQresStatus, (ExecStatusType status), (status))                                                          \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))                              \
    X(int, PQntuples, (const PGresult *res), (res))                                                                    \
    X(int, PQnfields, (const PGresult *res), (res))                                                                    \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                                         \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))                \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num))                  \
    X(char *, PQcmdTuples, (PGresult *res), (res))

#define LIBPQ_VOID_FUNCTIONS(X)                                                                                        \
    X(PQfinish, (PGconn *conn), (conn))                                                                                \
    X(PQclear, (PGresult *res), (res))

#define POINTER(type, name, parameters, arguments) type(*name) parameters;
#define VOID_POINTER(name, parameters, arguments) void(*name) parameters;
static struct {
    LIBPQ_FUNCTIONS(POINTER)
    LIBPQ_VOID_FUNCTIONS(VOID_POINTER)
} libpq;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Empty once every function is resolved; else why not. */
static char failure[512] = "libpq was not loaded";

static void load(void) {
#define NAME(name) #name,
#define FUNCTION_NAME(type, name, parameters, arguments) NAME(name)
#define VOID_FUNCTION_NAME(name, parameters, arguments) NAME(name)
    const char *const names[] = {LIBPQ_FUNCTIONS(FUNCTION_NAME) LIBPQ_VOID_FUNCTIONS(VOID_FUNCTION_NAME)};
#define SLOT(name) (void **)&libpq.name,
#define FUNCTION_SLOT(type, name, parameters, arguments) SLOT(name)
#define VOID_FUNCTION_SLOT(name, parameters, arguments) SLOT(name)
    void **const slots[] = {LIBPQ_FUNCTIONS(FUNCTION_SLOT) LIBPQ_VOID_FUNCTIONS(VOID_FUNCTION_SLOT)};
    if (gate_load_library(LIBPQ_FILE, "libpq", names, slots, sizeof names / sizeof names[0], failure, sizeof failure)) {
        failure[0] = '\0';
    }
}

const char *gate_libpq_load(void) {
    pthread_once(&load_once, load);
    return failure[0] == '\0' ? NULL : failure;
}

static void require_loaded(void) {
    const char *reason = gate_libpq_load();
    if (reason != NULL) {
        fprintf(stderr, "gate: %s\n", reason);
        abort();
    }
}

#define FORWARD(type, name, parameters, arguments)                                                                     \
    type name parameters {                                                                                             \
        require_loaded();                                                                                              \
        return libpq.name arguments;                                                                                   \
    }
#define FORWARD_VOID(name, parameters, arguments)                                                                      \
    void name parameters {                                                                                             \
        require_loaded();                                                                                              \
        libpq.name arguments;                                                                                          \
    }
LIBPQ_FUNCTIONS(FORWARD)
LIBPQ_VOID_FUNCTIONS(FORWARD_VOID)
