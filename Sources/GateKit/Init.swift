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

    /// Everything `gate init` writes for `inspection`, in the order it reports them.
    public static func scaffolds(for inspection: ProjectInspection, deploy: Bool) -> [Scaffold] {
        var scaffolds = [
            Scaffold(path: ".gate/policy.yml", text: InitPolicy.text(for: inspection)),
            Scaffold(path: ".github/workflows/gate.yml", text: InitTemplates.pullRequestWorkflow),
            Scaffold(path: ".github/pull_request_template.md", text: InitTemplates.pullRequestTemplate),
        ]
        if deploy { scaffolds.insert(deployWorkflow, at: 2) }
        return scaffolds
    }

    public var root: String
    public var force: Bool
    public var deploy: Bool

    /// `path` may be anywhere inside a repository: the files go to its top level. Outside a repository
    /// they go to `path` itself, so a project can be scaffolded before `git init`.
    public init(root path: String, force: Bool, deploy: Bool = false) {
        let workdir = (try? Repository(discoveringFrom: path))?.workdir
        self.root = workdir ?? path
        self.force = force
        self.deploy = deploy
    }

    /// What the repository holds that the policy should know about.
    public func inspect() -> ProjectInspection { ProjectInspector(root: root).inspect() }

    /// Writes every scaffold and returns the paths written. Without `force`, an existing file stops the
    /// whole run before anything is written, so a repository is never left half-initialised.
    public func run(inspection: ProjectInspection? = nil) throws(GateKitError) -> [String] {
        let scaffolds = Self.scaffolds(for: inspection ?? inspect(), deploy: deploy)
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GateKitError.invalidArgument("cannot initialise \(root): no such directory")
        }
        if !force {
            for scaffold in scaffolds where manager.fileExists(atPath: url(scaffold.path).path) {
                throw GateKitError.invalidArgument(
                    "\(scaffold.path) already exists; gate init does not overwrite it without --force")
            }
        }
        var written: [String] = []
        for scaffold in scaffolds {
            let target = url(scaffold.path)
            do {
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(scaffold.text.utf8).write(to: target, options: .atomic)
            } catch {
                throw GateKitError.unreadableFile(path: scaffold.path, reason: "cannot write: \(error.localizedDescription)")
            }
            written.append(scaffold.path)
        }
        return written
    }

    private func url(_ relative: String) -> URL { URL(fileURLWithPath: root).appendingPathComponent(relative) }
}
