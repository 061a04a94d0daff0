import Foundation
import GateCore
import GateGit
import GatePolicy
import GateRules
import GateSQL

/// What `gate check` does with each changed file before the detectors see it, so that nothing is skipped
/// silently: ignored files are listed and still searched for secrets, content that is no text is searched as
/// bytes, and scripts a gate-running CI file executes count as changes to the gate's CI.
///
/// Runs on the diff's thread, one file at a time; its findings join the detectors' in the report.
final class ChangeIntake {
    private let repository: Repository
    private let spec: DiffSpec
    private let policy: Policy
    private let bytes: ByteContentScanner
    private let runners: GateRunners
    private let windowSize: Int
    /// The commit the change is compared with (the merge base, or HEAD for staged and working-tree checks).
    private let baseCommit: String
    /// Where `.gate/policy.yml` leads when it is a symbolic link (in the trusted commit or the head): editing that
    /// file edits the policy.
    private let policyTargets: Set<String>
    /// The checks the trusted commit's workflow jobs that run gate report, by name, each with its workflow: a job of
    /// the same name that runs something else can stand in for it.
    private let gateChecks: [String: String]
    private(set) var findings: [Finding] = []
    private(set) var ignored: [SkippedFile] = []
    /// The files the root manifests name as the code that runs (`EntryPointManifests`): judged wherever they live.
    let entryPoints: Set<String>

    init(repository: Repository, change: ResolvedChange, trustedCommit: String, windowSize: Int) throws {
        self.repository = repository
        spec = change.spec
        policy = change.policy
        bytes = ByteContentScanner(context: change.policy.detectionContext)
        self.windowSize = windowSize
        baseCommit = change.range.base
        var runners = GateRunners()
        // The trusted side's CI says what runs gate; the head's too, since a change may add a new runner.
        var commits = [change.range.head]
        if trustedCommit != Repository.emptyTreeID && trustedCommit != change.range.head { commits.append(trustedCommit) }
        for commit in commits {
            for directory in [".github/workflows", ".github/actions", ".circleci", ".buildkite", ".gitlab/ci"] {
                for file in try repository.files(atCommit: commit, under: directory) {
                    runners.read(ciFile: file.path, bytes: file.bytes)
                }
            }
            for path in PolicyChangeDetector.ciFiles.sorted() {
                if let text = try repository.fileContents(atCommit: commit, path: path) {
                    runners.read(ciFile: path, bytes: text)
                }
            }
            runners.resolveCandidates { path in
                // Words that merely look like paths (`actions/checkout@v4`) are simply not found.
                (try? repository.fileContents(atCommit: commit, path: path)) ?? nil
            }
        }
        self.runners = runners
        var gateChecks: [String: String] = [:]
        if trustedCommit != Repository.emptyTreeID {
            for file in try repository.files(atCommit: trustedCommit, under: ".github/workflows")
            where PolicyChangeDetector.isWorkflow(file.path) {
                for job in WorkflowJob.jobs(in: file.bytes) where job.runsGate && gateChecks[job.checkName] == nil {
                    gateChecks[job.checkName] = file.path
                }
            }
        }
        self.gateChecks = gateChecks
        let head = change.range.head
        entryPoints = EntryPointManifests.entryPoints(
            read: { (try? repository.fileContents(atCommit: head, path: $0)) ?? nil },
            list: { (try? repository.files(atCommit: head, under: $0, maxFileSize: 256 << 10)) ?? [] })
        policyTargets = Set(commits.compactMap { commit in
            (try? repository.trustedFilePath(atCommit: commit, path: PolicyChangeDetector.policyPath)) ?? nil
        }.filter { $0 != PolicyChangeDetector.policyPath })
    }

    /// Handles one changed file; returns what the detectors should scan, or nil when nothing.
    func accept(_ change: FileChange) throws -> FileChange? {
        if let runner = runners.runner(of: change.path), !PolicyGuard.guards(change.path) {
            let file = SourceFile(change: change)
            findings += CheckRunner.identify(PolicyChangeDetector().findingsForGateScript(file, runBy: runner), in: change)
        }
        let paths = [change.path] + (change.oldPath.map { [$0] } ?? [])
        if let caller = paths.first(where: { runners.gateFile(calledBy: $0) != nil }), let gateFile = runners.gateFile(calledBy: caller) {
            findings += CheckRunner.identify(PolicyChangeDetector().findingsForGateCaller(SourceFile(change: change), gateFile: gateFile), in: change)
        }
        // A target moved out of `.gate/` (the policy made a link to its old content) is already the detector's
        // policy change, at the same lines: one finding, not two.
        if !policyTargets.isEmpty, paths.contains(where: policyTargets.contains),
           !paths.contains(where: { PolicyChangeDetector.isGateDirectory($0) || PolicyChangeDetector.isLocalAction($0) })
        {
            let file = SourceFile(change: change)
            findings += CheckRunner.identify(PolicyChangeDetector().findingsForPolicyTarget(file), in: change)
        }
        // A CI file that became a link (or content gate cannot read) has no lines on either side for the detector
        // to judge: its base version says whether it ran gate.
        if case .skipped = change.content, change.kind != .added, change.kind != .deleted,
           baseCommit != Repository.emptyTreeID, PolicyChangeDetector.isCIFile(change.oldPath ?? change.path),
           let base = try repository.fileContents(atCommit: baseCommit, path: change.oldPath ?? change.path)
        {
            findings += CheckRunner.identify(PolicyChangeDetector().findingsForUnreadCIFile(SourceFile(change: change), base: base), in: change)
        }
        if !gateChecks.isEmpty, PolicyChangeDetector.isWorkflow(change.path), change.kind != .deleted, case .text(let text) = change.content {
            let file = SourceFile(change: change)
            for job in WorkflowJob.jobs(in: text) where !job.runsGate {
                // Only a job the change names: its id or its `name:` is on a line it adds.
                guard let gateWorkflow = gateChecks[job.checkName],
                      file.addedLines.contains(job.line) || job.nameLine.map(file.addedLines.contains) == true
                else { continue }
                findings += CheckRunner.identify(
                    [PolicyChangeDetector().findingForSpoofedCheck(file, job: job, gateWorkflow: gateWorkflow)], in: change)
            }
        }
        if policy.ignores(change), !entryPoints.contains(change.path) {
            // Ignored for judgment, never for secrets: a key in vendor/ or dist/ is as live as anywhere.
            ignored.append(SkippedFile(path: change.path, reason: .ignored))
            try searchAsBytes(change, secretsOnly: true)
            return nil
        }
        var change = change
        if let oldPath = change.oldPath, change.kind == .renamed || change.kind == .copied {
            if policy.ignores(oldPath) {
                // Moved out of vendored code into the team's own: nothing of it was ever judged, so all of it is new.
                change = change.asAddition()
            } else if let role = role(of: change.path, change), role != self.role(of: oldPath, change) {
                // Moved into a role its old path did not give it (a scratch script into the migrations, a helper
                // onto a route's path): its unchanged lines were judged as something that never ran or was served.
                change = change.asAddition()
            } else if case .text(let head) = change.content, SourceLanguage(path: change.path, contents: head) != nil,
                      SourceLanguage(path: oldPath, contents: head) == nil
            {
                // Moved from a name nothing runs (a draft kept as `backfill.py.txt`) to code: its unchanged lines were
                // judged as text, and now they run.
                change = change.asAddition()
            } else if change.kind == .renamed, change.hunks.contains(where: { $0.lines.contains { $0.kind != .context } }),
                      let kind = migrationKind(of: change.path, change),
                      MigrationLayout.identity(of: oldPath, kind: kind) != MigrationLayout.identity(of: change.path, kind: kind) {
                // A migration renamed to another identity and edited (git pairs Django's `0001_initial` with the
                // `0001_squashed_0003` replacing it) is a new migration, all of which runs: the old one is deleted.
                change = change.asAddition()
            }
        }
        if case .skipped(let reason) = change.content, reason == .binary || reason == .tooLarge {
            try searchAsBytes(change, secretsOnly: false)
        }
        return change
    }

    /// What a file's path alone makes of it: a migration the deploy runs, an endpoint served by where it lives,
    /// or CI configuration.
    private enum PathRole { case migration, endpoint, ci }

    /// The role `path` gives `change`'s content, or nil when the path gives it none.
    private func role(of path: String, _ change: FileChange) -> PathRole? {
        if PolicyChangeDetector.isCIFile(path) || PolicyChangeDetector.isLocalAction(path) { return .ci }
        if FileRouting.isEndpoint(path) { return .endpoint }
        return migrationKind(of: path, change) != nil ? .migration : nil
    }

    /// The kind of migration `path` holds with `change`'s content; the content tells ambiguous layouts apart (a
    /// `migrations/*.ts` file: Knex or TypeORM; a goose Go file).
    private func migrationKind(of path: String, _ change: FileChange) -> MigrationFileKind? {
        var head: [UInt8] = []
        if case .text(let bytes) = change.content { head = bytes }
        return MigrationLayout.classify(path, head: head, extra: policy.detectionContext.migrationPaths)
    }

    /// A file's added content searched for secrets (and paid hosts, unless only secrets are asked for): text
    /// through the secret detectors on its added lines, other content streamed in windows.
    private func searchAsBytes(_ change: FileChange, secretsOnly: Bool) throws {
        switch change.content {
        case .text:
            findings += CheckRunner.identify(bytes.secrets(in: SourceFile(change: change)), in: change)
        case .skipped(.binary), .skipped(.tooLarge):
            var found: [Finding] = []
            try repository.streamHeadFile(spec, path: change.path, windowSize: windowSize) { window, firstLine in
                found += bytes.scan(window: window, firstLine: firstLine, path: change.path)
                    .filter { !secretsOnly || $0.category == .secret }
            }
            findings += CheckRunner.identify(found, in: change)
        default:
            break
        }
    }
}
