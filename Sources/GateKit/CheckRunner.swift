import Foundation
import GateApprovals
import GateCode
import GateCore
import GateGit
import GatePolicy
import GateRules

/// What `gate check` should judge.
public struct CheckRequest: Sendable {
    public var repositoryPath: String
    public var base: String?
    public var head: String?
    public var mode: DiffMode
    /// An explicit policy file (local use); nil reads `.gate/policy.yml` from the base commit.
    public var policyFile: String?
    public var environment: [String: String]
    public var diffOptions: DiffOptions

    public init(repositoryPath: String, base: String? = nil, head: String? = nil, mode: DiffMode = .commits,
                policyFile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                diffOptions: DiffOptions = DiffOptions()) {
        self.repositoryPath = repositoryPath
        self.base = base
        self.head = head
        self.mode = mode
        self.policyFile = policyFile
        self.environment = environment
        self.diffOptions = diffOptions
    }
}

/// Input errors of the facade itself (the modules below report their own).
public enum GateKitError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case invalidArgument(String)
    /// GitHub's API could not be read (no token, no pull request, an HTTP or network error, a body not as documented).
    case githubAPI(String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .invalidArgument(let message): message
        case .githubAPI(let message): message
        }
    }
}

/// The revisions and policy a check runs against, once resolved.
public struct ResolvedChange: Sendable {
    public var range: ReportRange
    public var spec: DiffSpec
    public var policy: Policy
    public var policySource: PolicySource
    /// The commit the policy was read from: the base's tip (not the merge base), or HEAD for staged and
    /// working-tree checks (the empty tree before the first commit).
    public var trustedCommit: String
    /// The `.gate/policy.yml` the change adds when the base has none (first-policy bootstrap, SPEC §4).
    var firstPolicy: Policy? = nil
    /// Why the added policy cannot bootstrap (it does not load), for the report.
    var firstPolicyNote: String? = nil
}

/// `gate check`: diff → detectors → policy → decision → report.
public struct CheckRunner: Sendable {
    public init() {}

    /// Runs the check; `timings`, when given, receives each phase's duration and what was read, and `progress`
    /// the phase and the files scanned so far.
    public func run(_ request: CheckRequest, timings: CheckTimings? = nil, progress: CheckProgress? = nil) throws -> Report {
        let started = Date()
        let timings = timings ?? .unprinted()
        progress?.enter(.resolving)
        let (repository, change) = try timings.measure("resolve (revisions, merge base, policy)") {
            let repository = try Repository(discoveringFrom: request.repositoryPath)
            return (repository, try resolve(request, in: repository))
        }
        let analysis = try analyse(change, request: request, repository: repository, timings: timings, progress: progress)
        let summary = analysis.summary
        let (evaluation, fingerprint, groupFingerprints) = timings.measure("policy evaluation and fingerprints") {
            let evaluation = PolicyEvaluator.evaluate(analysis.findings, policy: change.policy, today: Self.today())
            let (fingerprint, groupFingerprints) = Fingerprint.computeAll(
                findings: evaluation.findings, policyDigest: change.policy.digest)
            return (evaluation, fingerprint, groupFingerprints)
        }
        let (bootstrap, bootstrapNotes) = FirstPolicyBootstrap.applying(
            candidate: change.firstPolicy, trusted: change.policy, evaluation: evaluation)
        progress?.enter(.approvals)
        // A review on GitHub names the commit it was submitted on; the change as it was there is judged like this one.
        let gitHubReviews = request.mode == .commits && change.range.base != Repository.emptyTreeID
            ? GitHubReviewApprovals(environment: request.environment, head: change.range.head) { commit in
                try self.fingerprints(atReviewedCommit: commit, of: change, request: request, repository: repository)
            }
            : nil
        let (approvals, requirements, target, approvalNotes) = try timings.measure("policy and approvals") {
            try ApprovalCheck.evaluate(
                fingerprint: fingerprint, groupFingerprints: groupFingerprints, requirements: evaluation.requirements,
                policy: change.policy, repository: repository, range: change.range, baseRevision: request.base,
                headRevision: request.head, environment: request.environment, bootstrap: bootstrap, gitHubReviews: gitHubReviews)
        }
        let decision = PolicyEvaluator.decide(findings: evaluation.findings, requirements: requirements)
        var notes = evaluation.notes
        if change.policySource.source == "builtin" {
            notes.insert("no .gate/policy.yml in the base commit: the built-in default policy applies", at: 0)
        }
        notes.insert(contentsOf: bootstrapNotes + [change.firstPolicyNote].compactMap { $0 }, at: min(1, notes.count))
        notes += approvalNotes
        // A base that already holds the head (the same commit, a branch not yet moved on, a `GATE_BASE` naming the
        // head's own branch) leaves nothing to judge: said, so a misconfigured base is not read as a clean change.
        if change.range.mode == .commits, change.range.base == change.range.head {
            notes.insert("the range is empty: the base already contains \(change.range.head.prefix(12)), so there is "
                + "nothing to check (is --base, GATE_BASE or the checkout's history what you meant?)", at: 0)
        }
        var policySource = change.policySource
        policySource.bootstrap = bootstrap?.summary
        let stats = ReportStats(
            files: summary.files, addedLines: summary.addedLines, skipped: summary.skipped + analysis.ignored,
            durationMs: Int(Date().timeIntervalSince(started) * 1000),
            renameDetectionBounded: summary.renameDetectionBounded,
            reachDepthBounded: analysis.reachDepthLimitHits > 0 ? analysis.reachDepthLimitHits : nil)
        var range = change.range
        range.target = target
        if range.mode == .commits {
            range.pullRequestHead = PullRequestBase.reviewedHead(
                of: range.head, environment: request.environment, in: repository)
        }
        let findings = Self.inReportOrder(evaluation.findings)
        // The report keeps copies of what it shows; the rest is freed on another core while the report is rendered.
        BackgroundRelease.release(analysis, evaluation)
        return Report(
            decision: decision, range: range, policy: policySource, fingerprint: fingerprint,
            fingerprints: groupFingerprints, findings: findings,
            requirements: requirements, approvals: approvals, ordering: analysis.ordering, migrations: analysis.migrations,
            notes: notes, stats: stats)
    }

    /// The findings in the report's order (`reportOrder`). Their positions are sorted, not the findings: a finding is
    /// large, and moving it copies a dozen references; each is then copied once, to its place.
    static func inReportOrder(_ findings: [Finding]) -> [Finding] {
        findings.withUnsafeBufferPointer { findings in
            findings.indices.sorted { reportOrder(findings[$0], findings[$1]) }.map { findings[$0] }
        }
    }

    /// The report's order: by path, line, rule, column and id, compared field by field up to the first that differs
    /// (tuples copied all five fields of both findings for every comparison of a large sort).
    static func reportOrder(_ left: Finding, _ right: Finding) -> Bool {
        if left.path != right.path { return left.path < right.path }
        if left.line != right.line { return left.line < right.line }
        if left.rule != right.rule { return left.rule < right.rule }
        if (left.column ?? 0) != (right.column ?? 0) { return (left.column ?? 0) < (right.column ?? 0) }
        return left.id < right.id
    }

    /// What the detectors and whole-change analyses find in a resolved change, before the policy judges it.
    struct Analysis {
        var findings: [Finding]
        var summary: DiffSummary
        /// Files the policy's `paths.ignore` left out.
        var ignored: [SkippedFile]
        var ordering: [OrderingEntry]
        var migrations: [MigrationSummary]
        var reachDepthLimitHits: Int
    }

    private func analyse(
        _ change: ResolvedChange, request: CheckRequest, repository: Repository, timings: CheckTimings,
        progress: CheckProgress?
    ) throws -> Analysis {
        var context = change.policy.detectionContext
        // One code index per check, over the head the change is judged at: detectors resolve calls across files
        // through it, lazily (only what added lines call and what changed handlers reach is ever read).
        let workingDirectory = request.mode == .worktree ? repository.workdir : nil
        let code = CodeIndex(
            tree: CommitTree(repository: repository, commit: change.range.head, workingDirectory: workingDirectory),
            recognizer: CatalogueLeafRecognizer(providers: context.providers))
        context.code = code
        // An empty base (a first commit) has no file: everything is new in the change.
        context.baseTree = change.range.base == Repository.emptyTreeID
            ? InMemorySourceTree([:]) : BaseCommitTree(repositoryPath: request.repositoryPath, commit: change.range.base)
        let scan = ParallelScan(
            scanner: GateRules.Scanner(context: context), analyzers: AnalyzerRegistry.makeAll(), timings: timings,
            progress: progress)
        let intake = try ChangeIntake(
            repository: repository, change: change, trustedCommit: change.trustedCommit,
            windowSize: request.diffOptions.maxFileSize)
        // The history's secrets need nothing the diff finds: they are read alongside it, through a repository
        // handle of their own (libgit2 objects are not shared between threads), and what the diff reports too
        // is dropped afterwards.
        var history: BackgroundWork<[Finding]>?
        if case .commits(let base, let head) = change.spec, base != Repository.emptyTreeID {
            let path = request.repositoryPath
            let policy = change.policy
            let options = request.diffOptions
            history = BackgroundWork {
                let started = DispatchTime.now().uptimeNanoseconds
                let startedCPU = CheckTimings.threadCPUNanoseconds()
                defer {
                    timings.addTime("  secrets over the range's history, alongside", seconds: CheckTimings.seconds(since: started))
                    // Its CPU apart from its wall time, which the other threads' share of the cores stretches.
                    timings.addTime(
                        "  secrets over the range's history, its CPU",
                        seconds: Double(CheckTimings.threadCPUNanoseconds() &- startedCPU) / 1e9)
                }
                return try HistorySecrets(
                    repository: try Repository(discoveringFrom: path), policy: policy, diffOptions: options,
                    timings: timings
                ).findings(base: base, head: head)
            }
        }
        let summary: DiffSummary
        progress?.enter(.scanning)
        do {
            // The files that may be migrations first: the names they add and drop are then known while the code
            // that uses them is scanned, which is matched as it comes instead of being kept to the end.
            let visitsFirst = { [context] (path: String) in AnalyzerRegistry.visitsFirst(path, context: context) }
            // A migration deleted and one added under its version are the migration renamed, paired even where git's
            // similarity does not pair them (a short migration edited as well): then renamed-migration and
            // edited-migration judge it as the shipped migration it is, not as a new one.
            let renameKey = { [context] (path: String) in DetectorRegistry.migrationRenameKey(of: path, context: context) }
            var earlyFilesSubmitted = false
            summary = try timings.measure("diff (detectors run alongside)") {
                try repository.diff(
                    change.spec, options: request.diffOptions, visitingFirst: visitsFirst, renameKey: renameKey
                ) { fileChange in
                    if !earlyFilesSubmitted, !visitsFirst(fileChange.path) {
                        earlyFilesSubmitted = true
                        scan.earlyFilesSubmitted()
                    }
                    guard let accepted = try intake.accept(fileChange) else { return }
                    scan.submit(accepted)
                }
            }
            if !earlyFilesSubmitted { scan.earlyFilesSubmitted() }
        } catch {
            _ = scan.finish()  // never leave scans running behind a failed diff
            _ = try? history?.wait()
            throw error
        }
        let scanned = timings.measure("detectors finishing after the diff") { scan.finish() }
        timings.count("changed files", summary.files)
        timings.count("added lines", summary.addedLines)
        timings.count("head files the code index read", code.stats.filesIndexed)
        timings.count("changed files whose imports reach no paid call", code.stats.filesUnableToReachPaid)
        var findings = scanned.findings + intake.findings
        if let history {
            progress?.enter(.history)
            let found = try timings.measure("secrets over the range's history, waited for") {
                try history.wait()
            }
            findings += HistorySecrets.unreported(found, reported: findings)
        }
        var ordering: [OrderingEntry] = []
        var migrations: [MigrationSummary] = []
        let headTree = RepositoryHeadTree(
            repository: repository, commit: change.range.head, spec: change.spec, timings: timings)
        progress?.enter(.analysing)
        try timings.measure("whole-change analysis (schema, head tree)") {
            for analyzer in scanned.analyzers {
                let result = try timings.measure("  \(type(of: analyzer))") {
                    try analyzer.finish(head: headTree, context: context)
                }
                findings.removeAll(where: result.replaces)
                findings += result.findings
                ordering += result.ordering
                migrations += result.migrations
            }
        }
        // An entry point a manifest names (action.yml's `runs.main: dist/index.js`) is judged though paths.ignore
        // matches it: its findings are kept by the policy too.
        if !intake.entryPoints.isEmpty {
            for index in findings.indices where intake.entryPoints.contains(findings[index].path) { findings[index].servedFile = true }
        }
        let analysis = Analysis(
            findings: findings, summary: summary, ignored: intake.ignored, ordering: ordering, migrations: migrations,
            reachDepthLimitHits: code.stats.depthLimitHits)
        // What the analysis read and built is freed on another core while this one judges the findings.
        BackgroundRelease.release(code, scan, scanned, intake, headTree, context)
        return analysis
    }

    /// The fingerprints of the change as it was at `commit` (a pull-request review's `commit_id`): the range from the
    /// merge base of the trusted base and that commit, judged by the same policy, as the check judges the head.
    /// Throws when the commit is not in the repository (a force-push, a shallow clone).
    func fingerprints(
        atReviewedCommit commit: String, of change: ResolvedChange, request: CheckRequest, repository: Repository
    ) throws -> ReviewedFingerprints {
        let head = try repository.resolveCommit(commit)
        let mergeBase = try repository.mergeBase(change.trustedCommit, head)
        var reviewed = change
        reviewed.range = ReportRange(base: mergeBase, head: head, mode: .commits)
        reviewed.spec = .commits(base: mergeBase, head: head)
        let analysis = try analyse(reviewed, request: request, repository: repository, timings: .unprinted(), progress: nil)
        let evaluation = PolicyEvaluator.evaluate(analysis.findings, policy: change.policy, today: Self.today())
        let (fingerprint, groupFingerprints) = Fingerprint.computeAll(
            findings: evaluation.findings, policyDigest: change.policy.digest)
        return ReviewedFingerprints(fingerprint: fingerprint, groupFingerprints: groupFingerprints)
    }

    /// Resolves base, head and the trusted policy for a request.
    public func resolve(_ request: CheckRequest, in repository: Repository) throws -> ResolvedChange {
        let range: ReportRange
        let spec: DiffSpec
        // The policy comes from the base as it is now (the target branch's tip), not from the merge base: a
        // reviewer removed or a rule tightened on main after the branch point applies to the branch too.
        let trustedCommit: String
        switch request.mode {
        case .commits where request.base == Repository.emptyTreeID:
            // Everything at head is new; there is no base commit to take a policy from.
            let head = try repository.resolveCommit(request.head ?? "HEAD")
            range = ReportRange(base: Repository.emptyTreeID, head: head, mode: .commits)
            spec = .commits(base: Repository.emptyTreeID, head: head)
            trustedCommit = Repository.emptyTreeID
        case .commits:
            let head = try repository.resolveCommit(request.head ?? "HEAD")
            let base = try PullRequestBase.resolve(
                explicit: request.base, environment: request.environment, in: repository)
            let mergeBase = try repository.mergeBase(base, head)
            range = ReportRange(base: mergeBase, head: head, mode: .commits)
            spec = .commits(base: mergeBase, head: head)
            trustedCommit = base
        case .staged, .worktree:
            // Before the first commit (a pre-commit hook's first run) there is no HEAD: the change is compared with
            // the empty tree, every file in it is added, and the built-in policy judges it as for any untrusted base.
            let head = repository.isHeadUnborn ? Repository.emptyTreeID : try repository.resolveCommit("HEAD")
            range = ReportRange(base: head, head: head, mode: request.mode)
            spec = request.mode == .staged ? .staged : .worktree
            trustedCommit = head
        }
        let (policy, source) = try loadPolicy(request, repository: repository, trustedCommit: trustedCommit)
        let (firstPolicy, firstPolicyNote) = FirstPolicyBootstrap.candidate(
            mode: request.mode, policyFile: request.policyFile, source: source, head: range.head, repository: repository)
        return ResolvedChange(
            range: range, spec: spec, policy: policy, policySource: source, trustedCommit: trustedCommit,
            firstPolicy: firstPolicy, firstPolicyNote: firstPolicyNote)
    }

    /// The policy comes from the base's tip, so a change cannot weaken the gate that judges it.
    private func loadPolicy(_ request: CheckRequest, repository: Repository, trustedCommit: String) throws
        -> (Policy, PolicySource)
    {
        if let file = request.policyFile {
            // The loader names what is wrong with the path (no such file, a directory) rather than Foundation's codes.
            let policy = try PolicyLoader.load(contentsOf: file)
            return (policy, PolicySource(source: "file:\(file)", sha256: policy.digest))
        }
        let path = ".gate/policy.yml"
        if trustedCommit == Repository.emptyTreeID {
            // Nothing is trusted yet: the built-in default, never the change's own policy.
            let policy = PolicyLoader.builtin
            return (policy, PolicySource(source: "builtin", sha256: policy.digest))
        }
        if let bytes = try repository.trustedFileContents(atCommit: trustedCommit, path: path) {
            let policy = try PolicyLoader.load(bytes: bytes, file: "base:\(path)")
            return (policy, PolicySource(source: "base:\(path)", sha256: policy.digest))
        }
        let policy = PolicyLoader.builtin
        return (policy, PolicySource(source: "builtin", sha256: policy.digest))
    }

    /// Gives each finding its hunk digest and a stable id.
    static func identify(_ findings: [Finding], in change: FileChange) -> [Finding] {
        var seen: [String: Int] = [:]
        // By where the hunk starts on both sides: an added file is one hunk, hashed once for all its findings.
        var digests: [HunkStart: String] = [:]
        return findings.map { finding in
            var finding = finding
            let hunk = change.hunk(containingNewLine: finding.line)
            if let hunk {
                let start = HunkStart(old: hunk.oldStart, new: hunk.newStart)
                finding.hunkDigest = digests[start] ?? Fingerprint.hunkDigest(hunk)
                digests[start] = finding.hunkDigest
            } else {
                finding.hunkDigest = ContentDigest.sha256Hex(change.path)
            }
            finding.allowComment = InlineAllowComment.find(in: hunk, line: finding.line)
            let key = finding.rule + finding.hunkDigest
            let ordinal = seen[key, default: 0]
            seen[key] = ordinal + 1
            finding.id = Fingerprint.findingID(
                rule: finding.rule, path: finding.path, hunkDigest: finding.hunkDigest, ordinal: ordinal)
            return finding
        }
    }

    private struct HunkStart: Hashable {
        var old: Int
        var new: Int
    }

    static func today() -> String { PolicyLint.today() }
}

/// The head commit's files, for analyses that look past the changed files.
struct RepositoryHeadTree: HeadTree {
    let repository: Repository
    let commit: String
    let spec: DiffSpec
    var timings: CheckTimings?

    func forEachFile(_ visit: (String, [UInt8]) throws -> Void) throws {
        try forEachFile(where: { _ in true }, visit)
    }

    func forEachFile(where wanted: (String) -> Bool, _ visit: (String, [UInt8]) throws -> Void) throws {
        try repository.forEachFile(atCommit: commit, where: wanted) { path, bytes in
            timings?.count("head files read", 1)
            timings?.count("head bytes read", bytes.count)
            try visit(path, bytes)
        }
    }
}
