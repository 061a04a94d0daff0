import GateCode
import GateCore

/// A schedule entry the change adds for work whose paid call the change adds too is one piece of new work, reported
/// once: where the spending is (batch-model-call, as scheduled code), not again at the entry. Replaces the entry's
/// finding then. Two kinds of entry come to the same question:
/// - an entry of a scheduler's configuration (ScheduledPaidWork: a sidekiq-cron `class:`, a Kubernetes CronJob, a
///   Laravel `$schedule->command(…)`) whose paid call is on an added line;
/// - a schedule declared in code (a Celery beat entry, `"task": "app.tasks.resummarize_all"`) whose task has a batch
///   finding on an added line that its chain goes on to (the new task's `for document in …: generate_summary(…)`, or
///   a new task's single call, which a Celery task makes as background work). An entry for a task whose paid work is
///   old, or whose new batch finding is another paid call than the one the entry's chain reaches, stays reported.
/// The same holds within one file already (ReachCalls reports a same-file function's call once, where it is made).
///
/// Costs, per changed file with paid work on added lines, a pass over what FileAnalysis, ReachCalls,
/// PreexistingPaidSites and ScheduledPaidWork computed for the detectors (BatchModelCallDetector asks the same
/// questions); nothing is lexed or resolved again.
public struct ScheduledWorkReportedOnce: ChangeAnalyzer {
    /// A schedule's entry, the finding at it, and what the change must add for that finding to be said elsewhere.
    private struct Entry {
        var site: FindingSite
        var work: ScheduledWork
    }

    private enum ScheduledWork {
        /// The paid call a configuration's entry reaches: reported where it is when its line is added.
        case paidCall(path: String, line: Int)
        /// The chain a code schedule's call reaches (`ReachedCall`, its first hop the task): reported where the task
        /// has a batch finding on an added line that the chain goes on to.
        case chain(hops: [Symbol], leaf: String)
    }

    /// A batch finding on an added line (in a loop, in a job): a direct paid call, or a call of a function reaching one
    /// (`callee`).
    private struct Batch {
        var line: Int
        var callee: Symbol?
        var leaf: String
    }

    private var entries: [Entry] = []
    private var addedLines: [String: LineSet] = [:]
    /// The batch findings of the changed files on added lines, by path (small values: the files themselves, with
    /// their lexed tokens, are not kept past their observation).
    private var batchesByPath: [String: [Batch]] = [:]

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        guard file.change.kind != .deleted, !file.addedLines.isEmpty else { return }
        addedLines[file.path] = file.addedLines
        for reported in ScheduledPaidWork.entries(in: file, context: context) {
            guard let leaf = reported.leaf else { continue }
            let finding = reported.finding
            entries.append(Entry(site: FindingSite(rule: finding.rule, path: finding.path, line: finding.line),
                                 work: .paidCall(path: leaf.path, line: leaf.line)))
        }
        guard !file.bytes.isEmpty, file.language != nil else { return }
        let analysis = FileAnalysis.of(file, context: context)
        let reach = ReachCalls.of(file, context: context)
        guard !reach.calls.isEmpty || analysis.sites.contains(where: { file.adds($0.line) }) else { return }
        let batches = Self.batches(in: file, context: context)
        if !batches.isEmpty { batchesByPath[file.path] = batches }
        for call in reach.calls where !call.inLoop && !call.paid.hops.isEmpty {
            guard let background = call.paid.background, background.hasSuffix(Self.scheduleEnding) else { continue }
            entries.append(Entry(site: FindingSite(rule: "batch-model-call", path: file.path, line: call.call.line),
                                 work: .chain(hops: call.paid.hops, leaf: call.paid.leaf)))
        }
    }

    /// The batch findings `file` reports on added lines: batch work the change only edits (PreexistingPaidSites) is
    /// none, and the entry is the finding then.
    private static func batches(in file: SourceFile, context: DetectionContext) -> [Batch] {
        let analysis = FileAnalysis.of(file, context: context)
        let edited = file.change.kind == .modified || file.change.kind == .renamed
        var found: [Batch] = []
        for site in analysis.sites where file.adds(site.line) && analysis.batchReason(for: site) != nil {
            if edited, PreexistingPaidSites.of(file, context: context).contains(site, repeating: true) { continue }
            found.append(Batch(line: site.line, callee: nil, leaf: site.evidence.leafText))
        }
        let reach = ReachCalls.of(file, context: context)
        for call in reach.calls {
            guard let first = call.paid.hops.first, reach.batchReason(call) != nil else { continue }
            if let background = call.paid.background, background.hasSuffix(scheduleEnding) { continue }
            if edited, PreexistingPaidSites.of(file, context: context).contains(call, inLoop: call.inLoop) { continue }
            found.append(Batch(line: call.call.line, callee: first, leaf: call.paid.leaf))
        }
        return found
    }

    /// How WorkQueues ends the background of a call a schedule runs (`Celery beat runs app.tasks.x on a schedule`).
    private static let scheduleEnding = " on a schedule"

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        var replaced = Set<FindingSite>()
        for entry in entries where reportedElsewhere(entry.work, code: context.code) { replaced.insert(entry.site) }
        return ChangeAnalysisResult(replaced: replaced)
    }

    private func reportedElsewhere(_ work: ScheduledWork, code: CodeIndex?) -> Bool {
        switch work {
        case .paidCall(let path, let line):
            return addedLines[path]?.contains(line) == true
        case .chain(let hops, let leaf):
            let task = hops[0]
            guard let code, let batches = batchesByPath[task.path], let lines = MovedPaidWork.lines(of: task, code: code) else {
                return false
            }
            let next = hops.dropFirst().first
            return batches.contains { batch in
                guard lines.contains(batch.line), batch.leaf == leaf else { return false }
                // The batch is what the entry's chain goes on to: the task's own paid call, or the function after it.
                guard let callee = batch.callee else { return next == nil }
                return next.map { $0.path == callee.path && $0.name == callee.name && $0.definition.line == callee.definition.line } ?? false
            }
        }
    }
}
