/*
 * Loads a library on first use rather than at start-up (libpq in CLibpq, libcurl in CHTTP): the one place that
 * opens it and resolves the functions its caller forwards to.
 */
#include "library_loader.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>

_Bool gate_load_library(const char *file, const char *label, const char *const *names, void **const *slots,
                        size_t count, char *failure, size_t failure_size) {
    void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        snprintf(failure, failure_size, "cannot load %s (%s): %s", label, file, dlerror());
        return false;
    }
    for (size_t index = 0; index < count; index++) {
        *slots[index] = dlsym(handle, names[index]);
        if (*slots[index] == NULL) {
            snprintf(failure, failure_size, "cannot load %s (%s): it has no %s", label, file, names[index]);
            dlclose(handle);
            return false;
        }
    }
    return true;
}
