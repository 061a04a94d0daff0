#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call; these fixed-arity wrappers can be. */
static inline int gate_git_opts_set_int(int option, int value) { return git_libgit2_opts(option, value); }
static inline int gate_git_opts_set_size(int option, size_t value) { return git_libgit2_opts(option, value); }
static inline int gate_git_opts_set_certificate_locations(const char *file, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, path);
}
