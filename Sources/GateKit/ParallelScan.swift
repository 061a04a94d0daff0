import Dispatch
import Foundation
import GateCore
import GateRules

/// Runs the detectors and whole-change analyzers on every core while the diff engine reads the next files.
///
/// The diff streams on the calling thread; each changed file is scanned on a concurrent queue, then shown
/// to the analyzers one file at a time. At most `maxInFlight` files wait or are being scanned, so memory
/// still follows the largest files, not the whole diff. Findings are collected unordered; the report sorts them.
final class ParallelScan: @unchecked Sendable {
    private let scanner: GateRules.Scanner
    private let context: DetectionContext
    private var analyzers: [any ChangeAnalyzer]
    private let analyzerLock = NSLock()
    private let queue = DispatchQueue(label: "gate.scan", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var findings: [Finding] = []
    private let timings: CheckTimings?
    private let progress: CheckProgress?

    init(scanner: GateRules.Scanner, analyzers: [any ChangeAnalyzer],
         maxInFlight: Int = 2 * ProcessInfo.processInfo.activeProcessorCount + 2, timings: CheckTimings? = nil,
         progress: CheckProgress? = nil) {
        self.scanner = scanner
        self.context = scanner.context
        self.analyzers = analyzers
        self.slots = DispatchSemaphore(value: max(1, maxInFlight))
        self.timings = timings
        self.progress = progress
    }

    /// Queues one changed file; blocks while `maxInFlight` files are already queued.
    func submit(_ change: FileChange) {
        let waited = DispatchTime.now().uptimeNanoseconds
        slots.wait()
        timings?.addTime("  diff waiting for a free worker", seconds: CheckTimings.seconds(since: waited))
        group.enter()
        queue.async {
            let started = DispatchTime.now().uptimeNanoseconds
            // Built here, not on the diff thread: indexing the added lines is per-file work too.
            let file = SourceFile(change: change)
            let found = CheckRunner.identify(self.scanner.scan(file), in: file.change)
            self.lock.withLock { self.findings += found }
            let scanned = DispatchTime.now().uptimeNanoseconds
            self.analyzerLock.withLock {
                for index in self.analyzers.indices { self.analyzers[index].observe(file, context: self.context) }
            }
            self.timings?.addTime("  detectors, summed over workers", seconds: Double(scanned - started) / 1e9)
            self.timings?.addTime("  analyzers observing, summed", seconds: CheckTimings.seconds(since: scanned))
            self.progress?.fileScanned()
            self.slots.signal()
            self.group.leave()
        }
    }

    /// Waits for every queued file; returns all findings and the analyzers, having observed every file.
    func finish() -> (findings: [Finding], analyzers: [any ChangeAnalyzer]) {
        group.wait()
        return (lock.withLock { findings }, analyzerLock.withLock { analyzers })
    }
}
