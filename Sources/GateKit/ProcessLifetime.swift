import Foundation

/// Values a command no longer needs, kept unfreed until the process exits.
///
/// A check's working data (the code index, the scans, the analyses and their changed files: some 100 MB in a
/// hundred thousand allocations on a large change) would otherwise be freed one allocation at a time, on the one
/// thread everything then waits for, just before the process exits and returns all of it at once. Only a caller that
/// exits right after (the command line) asks for this; a library caller's memory is freed as usual.
public enum ProcessLifetime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    public static func keepUntilExit(_ values: Any...) {
        lock.withLock { kept.append(contentsOf: values) }
    }
}
