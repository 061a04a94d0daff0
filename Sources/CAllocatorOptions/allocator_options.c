#include "allocator_options.h"

/* ELF only: a pre-initialisation array is the executable's own section there (gate links mimalloc on Linux only). */
#if defined(__linux__)

#include <stddef.h>

/*
 * mimalloc's option API, as mimalloc.h declares it (Debian ships that header only in the -dev package, and gate links
 * the runtime library by file name). Weak: a program built from these sources without mimalloc still links, and the
 * option is then not set.
 */
extern void mi_option_set_default(int option, long value) __attribute__((weak));

/* `mi_option_large_os_pages` in mimalloc 2.0's `mi_option_t` (`mi_option_allow_large_os_pages` from 2.1 on). */
enum { gate_mi_option_large_os_pages = 6 };
/* `mi_option_decommit_delay` in mimalloc 2.0 (milliseconds; `mi_option_purge_delay`, the same number, from 2.1 on). */
enum { gate_mi_option_decommit_delay = 15 };

/*
 * Lets mimalloc back its heap with transparent huge pages (madvise(MADV_HUGEPAGE) on the segments it maps), as
 * MIMALLOC_LARGE_OS_PAGES=1 in the environment would. A check touches some 70 MB of fresh heap, and at 4 KB a page that
 * was 19,000 page faults, about 8% of its CPU; with 2 MB pages it is 9,000, 2-4% less wall and CPU time on the app
 * bench case, for 6 MB more at the peak. mimalloc reads the option when it maps its first segment, which is during
 * the libraries' constructors (the first malloc), so a constructor of gate's own, or `main`, is too late for most of
 * the heap: the executable's pre-initialisation array runs before every library's constructor. It is a default, so
 * the environment still decides when it names the option (MIMALLOC_LARGE_OS_PAGES=0 turns it off); and it only asks:
 * with the kernel's transparent huge pages off it changes nothing.
 *
 * Memory a thread frees is also kept for 5 s, not 25 ms, before mimalloc hands it back to the system: a check frees
 * a file's bytes and tokens as soon as it is judged and allocates the next file's moments later, and given back each
 * time, the same memory was faulted in and zeroed by the kernel again: 143 MB committed over the app bench case for a
 * 98 MB peak, 116 MB with the longer delay. A check ends long before 5 s; a longer command keeps at most its peak.
 */
static void gate_set_allocator_options(int argc, char **argv, char **envp) {
    (void)argc;
    (void)argv;
    (void)envp;
    if (mi_option_set_default == NULL) return;
    mi_option_set_default(gate_mi_option_large_os_pages, 1);
    mi_option_set_default(gate_mi_option_decommit_delay, 5000);
}

__attribute__((section(".preinit_array"), used)) static void (*const gate_allocator_options)(int, char **, char **) =
    gate_set_allocator_options;

#endif
