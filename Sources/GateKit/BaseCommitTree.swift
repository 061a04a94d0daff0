import Foundation
import GateCode
import GateGit

/// The tree a change is compared with, opened on first use through a repository handle of its own (libgit2 objects are
/// not shared between threads, and the head's tree holds the check's handle). Detectors ask it rarely: whether an
/// earlier migration is new in the change (`TablesNewInChange`), so most checks never open it.
final class BaseCommitTree: SourceTree, @unchecked Sendable {
    private let repositoryPath: String
    private let commit: String
    private let lock = NSLock()
    private var tree: CommitTree?

    init(repositoryPath: String, commit: String) {
        self.repositoryPath = repositoryPath
        self.commit = commit
    }

    private func opened() throws -> CommitTree {
        try lock.withLock {
            if let tree { return tree }
            let opened = CommitTree(repository: try Repository(discoveringFrom: repositoryPath), commit: commit)
            tree = opened
            return opened
        }
    }

    func paths() throws -> [String] { try opened().paths() }

    func contents(of path: String) throws -> [UInt8]? { try opened().contents(of: path) }
}
