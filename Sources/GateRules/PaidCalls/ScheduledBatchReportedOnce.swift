import GateCode
import GateCore

/// A schedule entry the change adds for a task whose batch work the change adds too (a Celery beat entry,
/// `"task": "app.tasks.resummarize_all"`, beside the new task's `for document in …: generate_summary(…)`, or beside a
/// new task's single call, which a Celery task makes as background work) is one batch, reported once: in the task,
/// where the spending is, not again at the entry. An entry for a task whose paid work is old, or whose new batch
/// finding is another paid call than the one the entry's chain reaches, stays reported.
/// The same holds within one file already (ReachCalls reports a same-file function's call once, where it is made).
///
/// Costs, per changed file with paid work on added lines, a pass over what FileAnalysis, ReachCalls and
/// PreexistingPaidSites computed for the detectors (BatchModelCallDetector asks the same questions); nothing is lexed
/// or resolved again.
public struct ScheduledBatchReportedOnce: ChangeAnalyzer {
    /// An added call a schedule runs (`ReachedCall` whose chain's background is a schedule's).
    private struct Entry {
        var path: String
        var line: Int
        var hops: [Symbol]
        var leaf: String
    }

    /// A batch finding on an added line (in a loop, in a job): a direct paid call, or a call of a function reaching one
    /// (`callee`).
    private struct Batch {
        var path: String
        var line: Int
        var callee: Symbol?
        var leaf: String
    }

    private var entries: [Entry] = []
    /// The batch findings of the changed files on added lines, by path (small values: the files themselves, with
    /// their lexed tokens, are not kept past their observation).
    private var batchesByPath: [String: [Batch]] = [:]

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        guard file.change.kind != .deleted, !file.bytes.isEmpty, file.language != nil, !file.addedLines.isEmpty else { return }
        let analysis = FileAnalysis.of(file, context: context)
        let reach = ReachCalls.of(file, context: context)
        guard !reach.calls.isEmpty || analysis.sites.contains(where: { file.adds($0.line) }) else { return }
        let batches = Self.batches(in: file, context: context)
        if !batches.isEmpty { batchesByPath[file.path] = batches }
        for call in reach.calls where !call.inLoop && !call.paid.hops.isEmpty {
            guard let background = call.paid.background, background.hasSuffix(Self.scheduleEnding) else { continue }
            entries.append(Entry(path: file.path, line: call.call.line, hops: call.paid.hops, leaf: call.paid.leaf))
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
            found.append(Batch(path: file.path, line: site.line, callee: nil, leaf: site.evidence.leafText))
        }
        let reach = ReachCalls.of(file, context: context)
        for call in reach.calls {
            guard let first = call.paid.hops.first, reach.batchReason(call) != nil else { continue }
            if let background = call.paid.background, background.hasSuffix(scheduleEnding) { continue }
            if edited, PreexistingPaidSites.of(file, context: context).contains(call, inLoop: call.inLoop) { continue }
            found.append(Batch(path: file.path, line: call.call.line, callee: first, leaf: call.paid.leaf))
        }
        return found
    }

    /// How WorkQueues ends the background of a call a schedule runs (`Celery beat runs app.tasks.x on a schedule`).
    private static let scheduleEnding = " on a schedule"

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        guard !entries.isEmpty, !batchesByPath.isEmpty, let code = context.code else { return ChangeAnalysisResult() }
        var replaced = Set<FindingSite>()
        for entry in entries {
            let task = entry.hops[0]
            guard let batches = batchesByPath[task.path], let lines = MovedPaidWork.lines(of: task, code: code) else { continue }
            let next = entry.hops.dropFirst().first
            let reported = batches.contains { batch in
                guard lines.contains(batch.line), batch.leaf == entry.leaf else { return false }
                // The batch is what the entry's chain goes on to: the task's own paid call, or the function after it.
                guard let callee = batch.callee else { return next == nil }
                return next.map { $0.path == callee.path && $0.name == callee.name && $0.definition.line == callee.definition.line } ?? false
            }
            if reported { replaced.insert(FindingSite(rule: "batch-model-call", path: entry.path, line: entry.line)) }
        }
        return ChangeAnalysisResult(replaced: replaced)
    }
}
