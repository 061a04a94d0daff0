// C's `stdout` stream, named in a file of its own: Swift 6 refuses to name the C global where Glibc is imported as
// Foundation imports it (not concurrency-safe), and this file imports nothing else. The gate reads it on the main
// thread only, after the command has written its output.
@preconcurrency import Glibc

/// Flushes `print`'s stream; false when that, or any earlier write to it, failed (the error flag stays set: a large
/// `print` that failed wrote past the buffer and left nothing for a flush to retry). The flag is cleared, so a
/// failure is reported once.
func flushStandardOutputStream() -> Bool {
    let flushed = fflush(stdout) == 0
    let failedBefore = ferror(stdout) != 0
    clearerr(stdout)
    return flushed && !failedBefore
}
