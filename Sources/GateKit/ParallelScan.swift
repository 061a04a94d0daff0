import Dispatch
import Foundation
import GateCore
import GateRules

/// Runs the detectors and whole-change analyzers on every core while the diff engine reads the next files.
///
/// The diff streams on the calling thread; each changed file is scanned on a concurrent queue, then shown
/// to the analyzers one file at a time. What waits or is being scanned is bounded by files and by bytes, so memory
/// still follows the largest files, not the whole diff; the bounds are deep enough that the diff thread, which shares
/// the cores with the workers, can read ahead in its time slice: with a queue of a few files, workers ran dry
/// hundreds of times a check and slept until the diff thread was scheduled again. Findings are collected
/// unordered; the report sorts them.
final class ParallelScan: @unchecked Sendable {
    private let scanner: GateRules.Scanner
    private let context: DetectionContext
    private var analyzers: [any ChangeAnalyzer]
    private let analyzerLock = NSLock()
    private let queue = DispatchQueue(label: "gate.scan", attributes: .concurrent)
    private let group = DispatchGroup()
    /// Files and bytes queued or being scanned, and their bounds; `submit` waits on `room` while they are reached.
    private let room = NSCondition()
    private var filesInFlight = 0
    private var bytesInFlight = 0
    private let maxFilesInFlight: Int
    private let maxBytesInFlight: Int
    /// Whether `submit` waits on `room`. A waiting diff thread is woken once half the bounds are free, not as each
    /// file is done: woken per file, it took a core from a worker thousands of times a check to queue one file.
    private var diffWaits = false
    /// The most that was ever in flight, for the timings' counts.
    private var peakFilesInFlight = 0
    private var peakBytesInFlight = 0
    private let lock = NSLock()
    private var findings: [Finding] = []
    private let timings: CheckTimings?
    private let progress: CheckProgress?

    /// `maxFilesInFlight` and `maxBytesInFlight` bound what waits or is being scanned; a file larger than the byte
    /// bound is still scanned, alone. The byte bound is what the old bound (two files a core and two more: six on
    /// two cores) held at worst, six files of the default megabyte; the file bound lets a queue of small files run
    /// ahead.
    init(scanner: GateRules.Scanner, analyzers: [any ChangeAnalyzer],
         maxFilesInFlight: Int = 64, maxBytesInFlight: Int = 4 << 20, timings: CheckTimings? = nil,
         progress: CheckProgress? = nil) {
        self.scanner = scanner
        self.context = scanner.context
        self.analyzers = analyzers
        self.maxFilesInFlight = max(1, maxFilesInFlight)
        self.maxBytesInFlight = maxBytesInFlight
        self.timings = timings
        self.progress = progress
    }

    /// Queues one changed file; blocks while the files or bytes in flight are at their bounds.
    func submit(_ change: FileChange) {
        let size: Int
        if case .text(let bytes) = change.content { size = bytes.count } else { size = 0 }
        let waited = DispatchTime.now().uptimeNanoseconds
        room.lock()
        while filesInFlight >= maxFilesInFlight || (filesInFlight > 0 && bytesInFlight + size > maxBytesInFlight) {
            diffWaits = true
            room.wait()
        }
        diffWaits = false
        filesInFlight += 1
        bytesInFlight += size
        peakFilesInFlight = max(peakFilesInFlight, filesInFlight)
        peakBytesInFlight = max(peakBytesInFlight, bytesInFlight)
        room.unlock()
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
            self.room.lock()
            self.filesInFlight -= 1
            self.bytesInFlight -= size
            if self.diffWaits, self.filesInFlight == 0
                || (self.filesInFlight <= self.maxFilesInFlight / 2 && self.bytesInFlight <= self.maxBytesInFlight / 2)
            {
                self.room.signal()
            }
            self.room.unlock()
            self.group.leave()
        }
    }

    /// Waits for every queued file; returns all findings and the analyzers, having observed every file.
    func finish() -> (findings: [Finding], analyzers: [any ChangeAnalyzer]) {
        group.wait()
        let (files, bytes) = room.withLock { (peakFilesInFlight, peakBytesInFlight) }
        timings?.count("most files queued or scanned at once", files)
        timings?.count("most bytes queued or scanned at once", bytes)
        return (lock.withLock { findings }, analyzerLock.withLock { analyzers })
    }
}
