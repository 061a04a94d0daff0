import CLibgit2
import GateCore

/// Errors from reading a git repository; each names what failed and where.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    case notARepository(path: String, message: String)
    case unknownRevision(String, message: String)
    case noMergeBase(base: String, head: String, shallow: Bool)
    case emptyRepository(path: String)
    case libgit2(function: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .notARepository(let path, let message): "not a git repository: \(path) (\(message))"
        case .unknownRevision(let rev, let message): "unknown revision '\(rev)': \(message)"
        case .noMergeBase(let base, let head, let shallow):
            shallow
                ? "no merge base between \(base) and \(head): this is a shallow clone. Fetch full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run again."
                : "no merge base between \(base) and \(head): the two revisions share no history."
        case .emptyRepository(let path): "the repository at \(path) has no commits yet"
        case .libgit2(let function, let code, let message): "\(function) failed (\(code)): \(message)"
        }
    }
}

/// What to compare (SPEC §2).
public enum DiffSpec: Sendable, Equatable {
    /// `merge-base(base, head)..head`; the two are resolved object ids.
    case commits(base: String, head: String)
    /// The index against HEAD.
    case staged
    /// The working tree, untracked files included, against HEAD.
    case worktree
}

/// Limits that keep the diff engine's time and memory bounded on huge changes.
public struct DiffOptions: Sendable, Equatable {
    /// Files larger than this (bytes) are not scanned and are reported as skipped.
    public var maxFileSize: Int
    /// Like git's `diff.renameLimit`: above this many candidates, rename/copy detection is bounded.
    public var renameLimit: Int

    public init(maxFileSize: Int = 1 << 20, renameLimit: Int = 1000) {
        self.maxFileSize = maxFileSize
        self.renameLimit = renameLimit
    }
}

/// Totals of one diff run.
public struct DiffSummary: Sendable, Equatable {
    public var files: Int = 0
    public var addedLines: Int = 0
    public var skipped: [SkippedFile] = []
    public var renameDetectionBounded = false

    public init() {}
}

/// A commit's identity, for approval self-checks.
public struct CommitIdentity: Sendable, Equatable {
    public var id: String
    public var authorEmail: String
    public var committerEmail: String

    public init(id: String, authorEmail: String, committerEmail: String) {
        self.id = id
        self.authorEmail = authorEmail
        self.committerEmail = committerEmail
    }
}

/// An open git repository; the only owner of its libgit2 handle.
public final class Repository: @unchecked Sendable {
    /// Opens the repository containing `path` (searching parent directories).
    public init(discoveringFrom path: String) throws(GitError) {
        throw GitError.notARepository(path: path, message: "not implemented yet")
    }

    /// The working directory, or nil for a bare repository.
    public var workdir: String? { nil }

    /// Resolves any revision git understands (SHA, branch, tag, `origin/main`, `HEAD~2`) to a commit id.
    public func resolveCommit(_ revision: String) throws(GitError) -> String {
        throw GitError.unknownRevision(revision, message: "not implemented yet")
    }

    /// The first base that resolves, in SPEC §2's order, given the process environment.
    public func defaultBase(environment: [String: String]) throws(GitError) -> String {
        throw GitError.unknownRevision("(default base)", message: "not implemented yet")
    }

    public func mergeBase(_ base: String, _ head: String) throws(GitError) -> String {
        throw GitError.noMergeBase(base: base, head: head, shallow: false)
    }

    /// A file's bytes at a commit, or nil when the path does not exist there.
    public func fileContents(atCommit commit: String, path: String) throws(GitError) -> [UInt8]? { nil }

    /// Visits every regular file at a commit (path, bytes), skipping binary and oversized ones.
    public func forEachFile(
        atCommit commit: String, maxFileSize: Int = 1 << 20, visit: (String, [UInt8]) throws -> Void
    ) throws {}

    /// Commits reachable from `head` and not from `base`.
    public func commits(from base: String, to head: String) throws(GitError) -> [CommitIdentity] { [] }

    /// Streams the change one file at a time, so memory follows the largest file, not the whole diff.
    public func diff(
        _ spec: DiffSpec, options: DiffOptions = DiffOptions(), visit: (FileChange) throws -> Void
    ) throws -> DiffSummary {
        DiffSummary()
    }
}
