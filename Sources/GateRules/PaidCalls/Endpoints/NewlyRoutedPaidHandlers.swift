import GateCode
import GateCore

/// A route the change adds for a function or controller action that already reached a paid call: `Route::post(
/// '/demo/summary', [SummaryController::class, 'store'])->middleware('throttle:5,1')`, `app.post("/summarize", limiter,
/// summarize)`. The route calls nothing itself, so no call-site rule sees it, yet it is the change that makes the paid
/// call reachable: `paid-call-reach` at the line naming the handler. Open routes are the endpoint rule's; routes whose
/// handler (or a function on its way to the paid call) the change edits are reported where the change spends, so only
/// handlers the change leaves alone are reported here, which needs the whole change: a whole-change analysis.
public struct NewlyRoutedPaidHandlers: ChangeAnalyzer {
    /// A guarded new route's finding, kept until the change's other files are known.
    private struct Candidate {
        var finding: Finding
        var hops: [Symbol]
    }

    private var candidates: [Candidate] = []
    /// The lines each changed code file adds: a handler among them is the change's own, reported where it spends.
    private var addedLines: [String: LineSet] = [:]
    private var ordinals: [String: Int] = [:]
    private let description = PaidCallReachDetector().description

    public init() {}

    public mutating func observe(_ file: SourceFile, context: DetectionContext) {
        guard context.code != nil, file.language != nil, !file.addedLines.isEmpty else { return }
        addedLines[file.path] = file.addedLines
        let routes = EndpointJudgement.of(file, context: context).guardedNewRoutes
        guard !routes.isEmpty else { return }
        // A line whose own call reaches the paid call is reported there already.
        let calling = Set(ReachCalls.of(file, context: context).calls.map(\.call.line))
        var lines = Set<Int>()
        for route in routes where !calling.contains(route.line) && lines.insert(route.line).inserted {
            var finding = Finding.paid(
                description, file: file, line: route.line, column: nil,
                message: "\(route.name) newly routes to \(route.reach.chain): every request costs money",
                provider: route.reach.provider, evidence: route.reach.chain)
            finding.chain = route.reach.signature
            let hunk = file.change.hunk(containingNewLine: route.line)
            finding.hunkDigest = ContentDigest.sha256Hex("\(file.path)\u{0}routes\u{0}\(route.name)")
            finding.allowComment = InlineAllowComment.find(in: hunk, line: route.line)
            let ordinal = ordinals[finding.hunkDigest, default: 0]
            ordinals[finding.hunkDigest] = ordinal + 1
            finding.id = Fingerprint.findingID(
                rule: finding.rule, path: finding.path, hunkDigest: finding.hunkDigest, ordinal: ordinal)
            candidates.append(Candidate(finding: finding, hops: route.reach.hops))
        }
    }

    public func finish(head: any HeadTree, context: DetectionContext) throws -> ChangeAnalysisResult {
        guard !candidates.isEmpty, let code = context.code else { return ChangeAnalysisResult() }
        let findings = candidates.filter { candidate in
            !candidate.hops.contains { hop in
                guard let added = addedLines[hop.path] else { return false }
                guard let lexed = code.lexedFile(hop.path), hop.definition.tokens.upperBound < lexed.tokens.count else { return true }
                let start = lexed.tokens[hop.definition.tokens.lowerBound].line
                let end = lexed.tokens[hop.definition.tokens.upperBound].line
                return (start...max(start, end)).contains(where: added.contains)
            }
        }.map(\.finding)
        return ChangeAnalysisResult(findings: findings)
    }
}
