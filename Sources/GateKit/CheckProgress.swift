import Foundation

/// What a running `gate check` is doing, for the progress line on a terminal: the phase, and how many changed
/// files the detectors have scanned. The diff thread and the scan workers update it; safe from any thread.
public final class CheckProgress: @unchecked Sendable {
    /// The phases in the order a check runs them, named for the person waiting.
    public enum Phase: String, Sendable, CaseIterable {
        case resolving = "resolving revisions and policy"
        case scanning = "scanning the change"
        case history = "searching the range's commits for secrets"
        case analysing = "analysing the whole change"
        case approvals = "checking approvals"
    }

    private let lock = NSLock()
    private var phase = Phase.resolving
    private var files = 0

    public init() {}

    /// The check has moved on to `phase`.
    public func enter(_ phase: Phase) { lock.withLock { self.phase = phase } }

    /// The detectors have finished one more changed file.
    public func fileScanned() { lock.withLock { files += 1 } }

    /// The phase and the files scanned so far, read together.
    public var current: (phase: Phase, filesScanned: Int) { lock.withLock { (phase, files) } }
}
