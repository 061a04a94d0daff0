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
    /// The most that was ever in flight, the text bytes submitted, and how long `submit` waited, for the timings
    /// (under `room`).
    private var peakFilesInFlight = 0
    private var peakBytesInFlight = 0
    private var bytesSubmitted = 0
    private var nanosecondsWaited: UInt64 = 0
    /// How many files were submitted (on the diff thread only).
    private var filesSubmitted = 0
    /// How many files the diff submitted ahead of the rest, once it has said (`earlyFilesSubmitted`); how many of
    /// them have been observed; whether the analyzers were told they all were (under `analyzerLock`).
    private var earlyFiles: Int?
    private var earlyFilesObserved = 0
    private var toldEarlyFilesObserved = false
    /// What the analyzers do to each file observed after the early files, outside `analyzerLock` (under
    /// `preparationLock`: set once, read by every worker).
    private var preparations: [any FileObservation] = []
    private let preparationLock = NSLock()
    /// What the workers found and how long they took, summed (under `analyzerLock`): kept here and handed to the
    /// timings once, so a file costs its worker one lock, not one for each (two workers contended for them).
    private var findings: [Finding] = []
    private var nanosecondsScanning: UInt64 = 0
    private var nanosecondsObserving: UInt64 = 0
    /// Each detector's and detector family's nanoseconds (`Scanner.timedParts`), summed over files (under
    /// `analyzerLock`); kept only for the timings.
    private var detectorNanoseconds: [UInt64]
    private let timings: CheckTimings?
    private let progress: CheckProgress?

    /// `maxFilesInFlight` and `maxBytesInFlight` bound what waits or is being scanned; a file larger than the byte
    /// bound is still scanned, alone. The diff runs ahead by up to 8 MB, whatever the files' count: reading is the
    /// slower side in some stretches of a change (many small files, each scanned at once) and scanning in others,
    /// and a deep queue carries the one over the other. With 64 files the workers ran dry some 800 times a check
    /// (the app bench case: 7% slower). The app case's peak memory stayed at 104 MB; the synthetic case's, of larger
    /// files, grew from 70 to 82 MB.
    init(scanner: GateRules.Scanner, analyzers: [any ChangeAnalyzer],
         maxFilesInFlight: Int = 1024, maxBytesInFlight: Int = 8 << 20, timings: CheckTimings? = nil,
         progress: CheckProgress? = nil) {
        self.scanner = scanner
        self.context = scanner.context
        self.analyzers = analyzers
        self.maxFilesInFlight = max(1, maxFilesInFlight)
        self.maxBytesInFlight = maxBytesInFlight
        self.timings = timings
        self.progress = progress
        detectorNanoseconds = timings?.itemized == true ? Array(repeating: 0, count: scanner.timedParts.count) : []
        // Listed now, so the table shows them above the diff they ran alongside; `finish` adds their sums.
        for phase in Self.workerPhases { timings?.addTime(phase, seconds: 0) }
    }

    private static let workerPhases = [
        "  diff waiting for a free worker", "  detectors, summed over workers", "  analyzers observing, summed",
    ]

    /// Queues one changed file; blocks while the files or bytes in flight are at their bounds.
    func submit(_ change: FileChange) {
        let size: Int
        if case .text(let bytes) = change.content { size = bytes.count } else { size = 0 }
        room.lock()
        if filesInFlight >= maxFilesInFlight || (filesInFlight > 0 && bytesInFlight + size > maxBytesInFlight) {
            let waited = DispatchTime.now().uptimeNanoseconds
            diffWaits = true
            repeat {
                room.wait()
            } while filesInFlight >= maxFilesInFlight || (filesInFlight > 0 && bytesInFlight + size > maxBytesInFlight)
            diffWaits = false
            nanosecondsWaited += DispatchTime.now().uptimeNanoseconds - waited
        }
        filesInFlight += 1
        bytesInFlight += size
        bytesSubmitted += size
        let sequence = filesSubmitted
        filesSubmitted += 1
        peakFilesInFlight = max(peakFilesInFlight, filesInFlight)
        peakBytesInFlight = max(peakBytesInFlight, bytesInFlight)
        room.unlock()
        group.enter()
        queue.async {
            let started = DispatchTime.now().uptimeNanoseconds
            // Built here, not on the diff thread: indexing the added lines is per-file work too.
            let file = SourceFile(change: change)
            // Only when the timings are printed: a clock reading per detector and file cost a few percent of a check.
            var spent: [UInt64] = []
            let found: [Finding]
            if self.detectorNanoseconds.isEmpty {
                found = CheckRunner.identify(self.scanner.scan(file), in: file.change)
            } else {
                spent = Array(repeating: 0, count: self.detectorNanoseconds.count)
                found = CheckRunner.identify(self.scanner.scan(file, spent: &spent), in: file.change)
            }
            let scanned = DispatchTime.now().uptimeNanoseconds
            for preparation in self.preparationLock.withLock({ self.preparations }) {
                preparation.prepare(file, context: self.context)
            }
            self.analyzerLock.withLock {
                self.findings += found
                for index in spent.indices { self.detectorNanoseconds[index] &+= spent[index] }
                for index in self.analyzers.indices { self.analyzers[index].observe(file, context: self.context) }
                // Submitted before the diff said where its early files end: one of them.
                if self.earlyFiles.map({ sequence < $0 }) ?? true {
                    self.earlyFilesObserved += 1
                    self.tellAnalyzersIfEarlyFilesObserved()
                }
                self.nanosecondsScanning += scanned - started
                self.nanosecondsObserving += DispatchTime.now().uptimeNanoseconds - scanned
            }
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

    /// The detectors (and families' shared questions) that took longest, and the rest together, under the detectors'
    /// summed time: a slower detector is named without a profiler.
    private func detectorShares() -> [(name: String, seconds: Double)] {
        let names = scanner.timedParts
        let ranked = detectorNanoseconds.indices.sorted { detectorNanoseconds[$0] > detectorNanoseconds[$1] }
        var shares = ranked.prefix(Self.detectorsNamed).map { index in
            ("    \(names[index])", Double(detectorNanoseconds[index]) / 1e9)
        }
        let rest = ranked.dropFirst(Self.detectorsNamed)
        if !rest.isEmpty {
            shares.append(("    the other \(rest.count) parts", Double(rest.reduce(0) { $0 + detectorNanoseconds[$1] }) / 1e9))
        }
        return shares
    }

    /// How many detectors the timings name one by one.
    private static let detectorsNamed = 8

    /// Says that every file submitted so far was one the diff visits ahead of the rest, and none submitted later
    /// is: once all of them are observed, the analyzers are told (`ChangeAnalyzer.observedEarlyFiles`). Called on
    /// the diff thread, before the first later file is submitted, at most once.
    func earlyFilesSubmitted() {
        analyzerLock.withLock {
            guard earlyFiles == nil else { return }
            earlyFiles = filesSubmitted
            tellAnalyzersIfEarlyFilesObserved()
        }
    }

    /// Tells the analyzers, once, that the early files are all observed (under `analyzerLock`).
    private func tellAnalyzersIfEarlyFilesObserved() {
        guard !toldEarlyFilesObserved, let earlyFiles, earlyFilesObserved == earlyFiles else { return }
        toldEarlyFilesObserved = true
        let prepared = analyzers.indices.compactMap { analyzers[$0].observedEarlyFiles(context: context) }
        preparationLock.withLock { preparations = prepared }
    }

    /// Waits for every queued file; returns all findings and the analyzers, having observed every file.
    func finish() -> (findings: [Finding], analyzers: [any ChangeAnalyzer]) {
        group.wait()
        let (files, bytes, submitted, waited) = room.withLock {
            (peakFilesInFlight, peakBytesInFlight, bytesSubmitted, nanosecondsWaited)
        }
        return analyzerLock.withLock {
            if let timings {
                for (phase, nanoseconds) in zip(Self.workerPhases, [waited, nanosecondsScanning, nanosecondsObserving]) {
                    timings.addTime(phase, seconds: Double(nanoseconds) / 1e9)
                }
                if timings.itemized { timings.addTimes(detectorShares(), after: Self.workerPhases[1]) }
                timings.count("changed bytes read", submitted)
                timings.count("most files queued or scanned at once", files)
                timings.count("most bytes queued or scanned at once", bytes)
            }
            return (findings, analyzers)
        }
    }
}
