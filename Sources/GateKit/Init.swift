import Foundation
import GateGit
import GatePolicy

/// `gate init`: writes the default policy and the CI templates into a repository.
public struct ProjectInitializer: Sendable {
    /// One file `gate init` writes: where, relative to the repository root, and what.
    public struct Scaffold: Sendable, Equatable {
        public var path: String
        public var text: String
    }

    /// The workflow that deploys, written only when asked: an application that deploys elsewhere would
    /// otherwise get a workflow failing on every push.
    public static let deployWorkflow = Scaffold(path: ".github/workflows/gate-deploy.yml", text: InitTemplates.deployWorkflow)

    /// The pull-request workflow a pull request can edit (`pull_request`, the default).
    public static let pullRequestWorkflow = Scaffold(path: ".github/workflows/gate.yml", text: InitTemplates.pullRequestWorkflow)

    /// The pull-request workflow a pull request cannot edit (`pull_request_target`), written in place of gate.yml
    /// when asked: the two are alternatives, and both would check every pull request twice.
    public static let trustedPullRequestWorkflow = Scaffold(
        path: ".github/workflows/gate-trusted.yml", text: InitTemplates.trustedPullRequestWorkflow)

    /// Everything `gate init` writes for `inspection`, in the order it reports them; the deploy workflow releases
    /// `branch` (the repository's default branch).
    public static func scaffolds(
        for inspection: ProjectInspection, deploy: Bool, trusted: Bool = false, branch: String = "main"
    ) -> [Scaffold] {
        var scaffolds = [
            Scaffold(path: ".gate/policy.yml", text: InitPolicy.text(for: inspection)),
            trusted ? trustedPullRequestWorkflow : pullRequestWorkflow,
            Scaffold(path: ".github/pull_request_template.md", text: InitTemplates.pullRequestTemplate),
        ]
        if deploy { scaffolds.insert(deployWorkflow(releasing: branch), at: 2) }
        return scaffolds
    }

    /// The deploy workflow for pushes to `branch`: the template names main.
    static func deployWorkflow(releasing branch: String) -> Scaffold {
        guard branch != "main", !branch.isEmpty else { return deployWorkflow }
        // A branch name YAML would read otherwise (`#`, `:`, a leading `*`) goes in quotes; most need none.
        let plain = branch.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_./".unicodeScalars.contains($0)) }
        let listed = plain ? branch
            : "\"" + branch.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        var text = deployWorkflow.text
        text = text.replacingOccurrences(of: "    branches: [main]\n", with: "    branches: [\(listed)]\n")
        text = text.replacingOccurrences(of: "# gate deploy: release main to production", with: "# gate deploy: release \(branch) to production")
        return Scaffold(path: deployWorkflow.path, text: text)
    }

    /// What a run of `gate init` did.
    public struct Outcome: Sendable, Equatable {
        /// The scaffolds written, in report order.
        public var written: [String]
        /// The scaffolds that already existed and were left as they are (without `force`).
        public var kept: [String]
        /// Both pull-request workflows are now in the repository: each would check every pull request.
        public var bothPullRequestWorkflows: Bool
    }

    public var root: String
    public var force: Bool
    public var deploy: Bool
    public var trusted: Bool
    /// False when `root` is in no git repository; `run` then refuses.
    private var inRepository: Bool
    /// The branch the deploy workflow releases: the default branch `gate check` would judge against, else main.
    public var defaultBranch: String

    /// `path` may be anywhere inside a repository: the files go to its top level.
    public init(root path: String, force: Bool, deploy: Bool = false, trusted: Bool = false) {
        let repository = try? Repository(discoveringFrom: path)
        let workdir = repository?.workdir
        self.root = workdir ?? path
        self.inRepository = workdir != nil
        let detected = repository.map(ApprovalCheck.defaultBranch(of:)) ?? ""
        self.defaultBranch = detected.isEmpty ? "main" : detected
        self.force = force
        self.deploy = deploy
        self.trusted = trusted
    }

    /// What the repository holds that the policy should know about.
    public func inspect() -> ProjectInspection { ProjectInspector(root: root).inspect() }

    /// Writes the scaffolds that do not exist yet (every one with `force`) and says which it wrote and which it
    /// kept: `gate init --deploy` after adoption adds the deploy workflow and leaves the edited policy alone.
    public func run(inspection: ProjectInspection? = nil) throws(GateKitError) -> Outcome {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GateKitError.invalidArgument("cannot initialise \(root): no such directory")
        }
        // Everything gate does reads commits: the policy is trusted from the base branch, approvals are bound to the
        // repository's root commit. Files scaffolded outside a repository (a home directory, the wrong folder) serve
        // nothing, so this is refused like any other command's missing repository.
        guard inRepository else {
            throw GateKitError.invalidArgument(
                "\(root) is not inside a git repository: run `git init` (or pass --repo DIR) first, then gate init")
        }
        let scaffolds = Self.scaffolds(for: inspection ?? inspect(), deploy: deploy, trusted: trusted, branch: defaultBranch)
        var outcome = Outcome(written: [], kept: [], bothPullRequestWorkflows: false)
        for scaffold in scaffolds {
            let target = url(scaffold.path)
            if !force, manager.fileExists(atPath: target.path) {
                outcome.kept.append(scaffold.path)
                continue
            }
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(scaffold.text.utf8).write(to: target, options: .atomic)
            } catch {
                throw GateKitError.unreadableFile(path: scaffold.path, reason: "cannot write: \(error.localizedDescription)")
            }
            outcome.written.append(scaffold.path)
        }
        outcome.bothPullRequestWorkflows = [Self.pullRequestWorkflow, Self.trustedPullRequestWorkflow]
            .allSatisfy { manager.fileExists(atPath: url($0.path).path) }
        return outcome
    }

    private func url(_ relative: String) -> URL { URL(fileURLWithPath: root).appendingPathComponent(relative) }
}
