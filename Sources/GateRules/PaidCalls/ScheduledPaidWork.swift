import GateCode
import GateCore

/// Paid work a change schedules without touching its code: an entry a scheduler's configuration gains (sidekiq-cron's
/// `summary_backfill: { cron: "* * * * *", class: "SummaryBackfillJob" }`, a Solid Queue `recurring.yml` task, a
/// Kubernetes CronJob, a whenever `runner`, a Laravel `$schedule->command(…)`) that runs an existing job or command
/// reaching a paid call, or an existing entry whose timing is edited to run more often (`"0 2 * * *"` made
/// `"* * * * *"`). Only the configuration changes, so no paid call is on an added line: the finding is at the entry
/// (its declaring line) or at its timing's line. An entry the change leaves as it was, or removes, is no new work.
enum ScheduledPaidWork {
    /// A finding at a schedule's entry, and where the paid call it reaches is (its file and line).
    struct Reported: Sendable {
        var finding: Finding
        var leaf: (path: String, line: Int)?
    }

    /// What `entries` found in a file, kept with it: the detector and ScheduledWorkReportedOnce both ask.
    private struct Memo: Sendable {}

    /// A finding for each entry of `file`, a scheduler's configuration, that the change adds or makes run more often,
    /// when the code it runs reaches a paid call. Costs a name test for every other changed file.
    static func findings(in file: SourceFile, context: DetectionContext, description: DetectorDescription) -> [Finding] {
        entries(in: file, context: context).map(\.finding)
    }

    /// As `findings`, with where each one's paid call is; read once per file.
    static func entries(in file: SourceFile, context: DetectionContext) -> [Reported] {
        file.memo.value(for: ObjectIdentifier(Memo.self)) { read(file, context: context, description: batchDescription) }
    }

    /// Made once: a detector's description holds its examples, which cost more to build than most files cost to ask.
    private static let batchDescription = BatchModelCallDetector().description

    private static func read(_ file: SourceFile, context: DetectionContext, description: DetectorDescription) -> [Reported] {
        guard let code = context.code, !file.bytes.isEmpty, !file.addedLines.isEmpty, file.change.kind != .deleted else { return [] }
        let head = code.scheduleEntries(declaredIn: file.path)
        guard head.contains(where: { file.adds($0.line) || $0.timingLine.map(file.adds) == true }) else { return [] }
        let base = file.change.kind == .added || file.change.kind == .copied
            ? [] : code.scheduleEntries(declaredIn: file.path, contents: file.baseBytes())
        var findings: [Reported] = []
        for entry in head where !entry.targets.isEmpty {
            let line: Int
            let why: String
            if let before = base.first(where: { same($0, entry) }) {
                // An entry that was there: only a timing edited to run more often is new spending.
                guard let timingLine = entry.timingLine, file.adds(timingLine), let now = entry.runsPerDay,
                      let was = before.runsPerDay, now > was * 1.01
                else { continue }
                line = timingLine
                why = "its schedule now runs it \(times(now)) times a day instead of \(times(was))"
                    + " (\(before.timing ?? "") → \(entry.timing ?? ""))"
            } else {
                // New: its own line added, or its timing (a workflow that gains its `schedule:` trigger).
                if file.adds(entry.line) {
                    line = entry.line
                } else if let timingLine = entry.timingLine, file.adds(timingLine) {
                    line = timingLine
                } else {
                    continue
                }
                let timing = entry.timing.map { timing in
                    " (\(timing)" + (entry.runsPerDay.map { ", \(times($0)) runs a day" } ?? "") + ")"
                } ?? ""
                why = "a new schedule entry runs it unattended\(timing)"
            }
            guard let (target, paid, leaf) = reach(of: entry, code: code) else { continue }
            var finding = Finding.paid(
                description, file: file, line: line, column: nil,
                message: "schedules \(target) → \(paid.chain) (\(paid.provider)): \(why)",
                provider: paid.provider, evidence: paid.chain)
            finding.chain = paid.signature
            findings.append(Reported(finding: finding, leaf: leaf))
        }
        return findings
    }

    /// The file and line of a paid reach's paid call: the leaf of its last function with that evidence.
    private static func leafLine(of paid: PaidReach, code: CodeIndex) -> (path: String, line: Int)? {
        guard let last = paid.hops.last, let facts = code.facts(of: last.path) else { return nil }
        let leaf = facts.paidLeaves.first { last.definition.tokens.contains($0.token) && $0.evidence == paid.leaf }
            ?? facts.paidLeaves.first { last.definition.tokens.contains($0.token) }
        return leaf.map { (last.path, $0.line) }
    }

    /// A finding for each schedule registered in code (robfig/cron's `c.AddFunc("0 3 * * *", func() { … })`,
    /// node-cron's `cron.schedule("0 3 * * *", …)`, `new CronJob("0 3 * * *", …)`) whose timing the change edits to
    /// run more often, when the work registered with it reaches a paid call in its arguments (a closure calling a
    /// paid function). Registrations are paired with the file's former ones in order, and only when the change keeps
    /// their number: an added registration is new code, judged where its calls are.
    static func codeFindings(in file: SourceFile, context: DetectionContext, description: DetectorDescription) -> [Finding] {
        guard file.change.kind == .modified || file.change.kind == .renamed, !file.deletionPoints.isEmpty,
              // One pass over the file's bytes: robfig/cron's import, node-cron's and `CronJob` all spell `cron`.
              let language = file.language, ByteSearch.containsFolded(file.bytes, cronWord)
        else { return [] }
        let reach = ReachCalls.of(file, context: context)
        guard let lexed = reach.lexed ?? FileAnalysis.of(file, context: context).lexed else { return [] }
        let head = registrations(in: lexed)
        guard head.contains(where: { file.adds(lexed.tokens[$0.spec].line) }) else { return [] }
        let base = registrations(in: Lexer.lex(file.baseBytes(), language: language))
        guard base.count == head.count else { return [] }
        var findings: [Finding] = []
        for (now, was) in zip(head, base) where file.adds(lexed.tokens[now.spec].line) {
            guard let runs = ScheduleEntry.runsPerDay(of: now.timing), let before = ScheduleEntry.runsPerDay(of: was.timing),
                  runs > before * 1.01
            else { continue }
            // The work registered: a paid call of the file or a call reaching one, among the registration's arguments.
            var paid: PaidReach?
            // (Its calls are on unchanged lines, which ReachCalls leaves unresolved: asked here, of these few.)
            if let code = context.code, let facts = reach.facts {
                for call in facts.calls where now.arguments.contains(call.token) {
                    if let found = code.reach(of: call, in: facts).paid.first {
                        paid = found
                        break
                    }
                }
            }
            if paid == nil, let site = FileAnalysis.of(file, context: context).sites.first(where: { now.arguments.contains($0.token) }) {
                paid = PaidReach(provider: site.provider, hops: [], leaf: site.evidence, background: nil, repeats: false)
            }
            guard let paid else { continue }
            let token = lexed.tokens[now.spec]
            var finding = Finding.paid(
                description, file: file, line: token.line, column: token.column,
                message: "schedules \(paid.chain) (\(paid.provider)) to run \(times(runs)) times a day instead of \(times(before))"
                    + " (\(was.timing) → \(now.timing))",
                provider: paid.provider, evidence: paid.chain)
            finding.chain = paid.signature
            findings.append(finding)
        }
        return findings
    }

    private static let cronWord = Array("cron".utf8)

    /// A schedule registered in code: its timing string's token and text, and the tokens of the call's arguments.
    private struct Registration {
        var spec: Int
        var timing: String
        var arguments: ClosedRange<Int>
    }

    /// The file's calls `AddFunc(`, `AddJob(`, `schedule(` and `CronJob(` whose first argument is a string read as a
    /// timing (`ScheduleEntry.runsPerDay(of:)`), in order.
    private static func registrations(in lexed: LexedSource) -> [Registration] {
        var found: [Registration] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index, is: "AddFunc") || lexed.token(index, is: "AddJob") || lexed.token(index, is: "schedule")
                || lexed.token(index, is: "CronJob"),
                lexed.token(index + 1, isPunctuation: Byte.openParen), index + 2 < tokens.count, tokens[index + 2].kind == .string,
                index + 1 < lexed.partner.count, lexed.partner[index + 1] > index + 1
            else { continue }
            let timing = lexed.text(index + 2)
            guard ScheduleEntry.runsPerDay(of: timing) != nil else { continue }
            found.append(Registration(spec: index + 2, timing: timing, arguments: (index + 2)...lexed.partner[index + 1]))
        }
        return found
    }

    /// Whether two versions' entries are one: by name where both have one, else by the code they run.
    private static func same(_ a: ScheduleEntry, _ b: ScheduleEntry) -> Bool {
        if let left = a.name, let right = b.name { return left == right }
        return a.targets == b.targets
    }

    /// The names of methods that run a whole scheduled file's work (a job's `perform`, a command's `handle`).
    private static let entryMethods: Set<String> = [
        "perform", "call", "handle", "run", "main", "execute", "process", "__invoke", "__call__", "invoke",
    ]

    /// The first of the entry's targets reaching a paid call, and how: the method it names; for a whole file (a
    /// job class, a command, a script), its entry method, else any function of it, else a paid call at its top level.
    private static func reach(of entry: ScheduleEntry, code: CodeIndex) -> (target: String, paid: PaidReach, leaf: (path: String, line: Int)?)? {
        for target in entry.targets {
            guard let facts = code.facts(of: target.path) else { continue }
            let label = target.method.map { "\($0)() \(target.path)" } ?? target.path
            let candidates = facts.definitions.filter { definition in
                target.method.map { definition.name == $0 } ?? true
            }
            let ordered = target.method != nil
                ? candidates : candidates.filter { entryMethods.contains($0.name) } + candidates.filter { !entryMethods.contains($0.name) }
            for definition in ordered {
                if let paid = code.summary(of: Symbol(path: target.path, definition: definition), known: facts).paid {
                    return (label, paid, leafLine(of: paid, code: code))
                }
            }
            guard target.method == nil else { continue }
            let topLevel = facts.paidLeaves.first { leaf in !facts.definitions.contains { $0.tokens.contains(leaf.token) } }
            if let leaf = topLevel {
                return (label, PaidReach(provider: leaf.provider, hops: [], leaf: leaf.evidence, background: nil, repeats: false),
                        (target.path, leaf.line))
            }
        }
        return nil
    }

    /// `1,440`, `24`, `0.14`: a count of runs a day, as a reviewer reads it.
    private static func times(_ value: Double) -> String {
        if value >= 1, value == value.rounded() {
            let digits = String(Int(value))
            var grouped = ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            return grouped
        }
        return String(Double(Int(value * 100)) / 100)
    }
}
