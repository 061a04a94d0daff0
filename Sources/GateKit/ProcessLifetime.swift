import Foundation

/// Values a command no longer needs, kept unfreed until the process exits.
///
/// The command line's last values (a check's report and its rendered bytes: thousands of findings) would otherwise
/// be freed one allocation at a time just before the process exits and returns all of it at once. Only for what
/// nothing allocates after: memory kept earlier cannot be reused by what comes next, and a check that kept its
/// analyses until the exit touched 5 MB more and ran slower.
public enum ProcessLifetime {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var kept: [Any] = []

    public static func keepUntilExit(_ values: Any...) {
        lock.withLock { kept.append(contentsOf: values) }
    }
}
