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

    /// Everything `gate init` writes, in the order it reports them.
    public static let scaffolds: [Scaffold] = [
        Scaffold(path: ".gate/policy.yml", text: DefaultPolicy.text),
        Scaffold(path: ".github/workflows/gate.yml", text: InitTemplates.pullRequestWorkflow),
        Scaffold(path: ".github/workflows/gate-deploy.yml", text: InitTemplates.deployWorkflow),
        Scaffold(path: ".github/pull_request_template.md", text: InitTemplates.pullRequestTemplate),
    ]

    public var root: String
    public var force: Bool

    /// `path` may be anywhere inside a repository: the files go to its top level. Outside a repository
    /// they go to `path` itself, so a project can be scaffolded before `git init`.
    public init(root path: String, force: Bool) {
        let workdir = (try? Repository(discoveringFrom: path))?.workdir
        self.root = workdir ?? path
        self.force = force
    }

    /// Writes every scaffold and returns the paths written. Without `force`, an existing file stops the
    /// whole run before anything is written, so a repository is never left half-initialised.
    public func run() throws(GateKitError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GateKitError.invalidArgument("cannot initialise \(root): no such directory")
        }
        if !force {
            for scaffold in Self.scaffolds where manager.fileExists(atPath: url(scaffold.path).path) {
                throw GateKitError.invalidArgument(
                    "\(scaffold.path) already exists; gate init does not overwrite it without --force")
            }
        }
        var written: [String] = []
        for scaffold in Self.scaffolds {
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
