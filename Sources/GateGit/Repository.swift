import CLibgit2
import Foundation
import GateCore

/// Errors from reading a git repository; each names what failed and where.
public enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    case notARepository(path: String, message: String)
    case unknownRevision(String, message: String)
    /// A short name two refs answer to with different commits; each is listed with its commit.
    case ambiguousRevision(String, meanings: [String])
    case noMergeBase(base: String, head: String, shallow: Bool)
    case emptyRepository(path: String)
    case libgit2(function: String, code: Int32, message: String)
    /// A file the diff needs could not be read (from the working tree, or a damaged object).
    case unreadableFile(path: String, message: String)
    /// A configuration file gate must trust is no regular file in the tree (a directory, a submodule, a symlink out).
    case untrustedFile(path: String, reason: String)
    /// An object the check needs is absent, as in a partial clone (`--filter=blob:none`).
    case missingObject(path: String, id: String, partialClone: Bool)

    public var description: String {
        switch self {
        case .notARepository(let path, let message): "not a git repository: \(path) (\(message))"
        case .unknownRevision(let rev, let message): "unknown revision '\(rev)': \(message)"
        case .ambiguousRevision(let rev, let meanings):
            "ambiguous revision '\(rev)': it names \(meanings.joined(separator: " and ")); give the one you mean in full"
        case .noMergeBase(let base, let head, let shallow):
            shallow
                ? "no merge base between \(base) and \(head): this is a shallow clone. Fetch full history (git fetch --unshallow, or actions/checkout with fetch-depth: 0) and run again."
                : "no merge base between \(base) and \(head): the two revisions share no history."
        case .emptyRepository(let path): "the repository at \(path) has no commits yet"
        case .libgit2(let function, let code, let message): "\(function) failed (\(code)): \(message)"
        case .unreadableFile(let path, let message): "cannot read \(path): \(message)"
        case .untrustedFile(let path, let reason): "cannot trust \(path): \(reason)"
        case .missingObject(let path, let id, let partialClone):
            partialClone
                ? "the object \(id) for \(path) is not in this partial clone, and gate reads no promisor remote. Fetch the blobs of the range first (git log --patch --format= BASE..HEAD > /dev/null, which makes git fetch every commit's blobs), or clone without --filter (actions/checkout with filter unset), and run again."
                : "the object \(id) for \(path) is missing from the repository (git fsck shows what else is); fetch it again and run again."
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
    /// The same for Jupyter notebooks, which carry their outputs (plots as base64, tables) beside a few lines of code:
    /// a notebook of a few MiB is ordinary, and its code cells are what runs.
    public var maxNotebookSize: Int
    /// Like git's `diff.renameLimit`: above this many candidates, rename/copy detection is bounded.
    public var renameLimit: Int

    /// When set, only these paths (exact, no patterns) are compared: for a caller that already knows which files
    /// it needs, so the trees are not walked in full.
    public var paths: [String]?

    /// The size above which the file at `path` is skipped as too large.
    func sizeLimit(for path: String) -> Int {
        PathBytes.with(path) { $0.hasSuffix(0..<$0.bytes.count, lowercased: ".ipynb") } ? maxNotebookSize : maxFileSize
    }

    /// The limit detection works to: a limit below 1 still lets one source meet one target.
    var effectiveRenameLimit: Int { max(renameLimit, 1) }

    public init(maxFileSize: Int = 1 << 20, maxNotebookSize: Int = 16 << 20, renameLimit: Int = 1000, paths: [String]? = nil) {
        self.maxFileSize = maxFileSize
        self.maxNotebookSize = max(maxNotebookSize, maxFileSize)
        self.renameLimit = renameLimit
        self.paths = paths
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
    /// The id git gives the empty tree: a base for "everything at head is new" (a first deploy).
    public static let emptyTreeID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// The libgit2 repository; freed in `deinit`, never handed out beyond this module.
    let handle: OpaquePointer
    /// The path the repository was discovered from, for messages.
    let openedFrom: String
    /// Pack readers no diff or tree walk is using, kept for the next one: opening a reader maps every pack and its
    /// index, and a history walk (a tree comparison and often a diff per commit) paid that, and the page faults of
    /// touching the mapped pages again, hundreds of times a check.
    private var idlePackReaders: [PackReader] = []
    private let packReadersLock = NSLock()

    /// Sets libgit2 up now rather than at the first repository opened, so a caller can do it on another core: its
    /// start-up (TLS certificates included) is a fixed cost of every command that reads git.
    public static func prepareLibrary() {
        LibGit2.initialized
    }

    /// Opens the repository containing `path` (searching parent directories).
    public init(discoveringFrom path: String) throws(GitError) {
        LibGit2.initialized
        // libgit2 discovers from a file's directory; `--repo app.py` is a slip, not a way to name the repository.
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw GitError.notARepository(path: path, message: "it is a file; give the repository's directory")
        }
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, path, 0, nil)
        guard code == 0, let repository else {
            throw GitError.notARepository(path: path, message: LibGit2.lastErrorMessage(code: code))
        }
        handle = repository
        openedFrom = path
    }

    deinit { git_repository_free(handle) }

    /// The working directory, or nil for a bare repository.
    public var workdir: String? {
        guard let path = git_repository_workdir(handle) else { return nil }
        return String(cString: path)
    }

    /// Where the repository lives, for messages: its working directory, else its git directory.
    var displayPath: String {
        if let workdir { return workdir }
        if let path = git_repository_path(handle) { return String(cString: path) }
        return openedFrom
    }

    /// A shallow clone, whose history stops at the depth it was fetched to (CI checkouts by default).
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// Resolves any revision git understands (SHA, branch, tag, `origin/main`, `HEAD~2`) to a commit id.
    /// A short name that two refs answer to with different commits (a tag and a branch both called `feature`) is an
    /// error, not git's silent first pick: judging the tag's commit when the branch was meant passes an empty range.
    public func resolveCommit(_ revision: String) throws(GitError) -> String {
        let id = try lookupCommit(revision).id.hex
        let meanings = Self.refCandidates(revision).compactMap { name -> (String, String)? in
            var oid = git_oid()
            guard git_reference_name_to_id(&oid, handle, name) == 0, let commit = try? lookupCommit(name) else { return nil }
            return (name, commit.id.hex)
        }
        if Set(meanings.map(\.1)).count > 1 {
            throw GitError.ambiguousRevision(revision, meanings: meanings.map { "\($0.0) (\($0.1.prefix(12)))" })
        }
        return id
    }

    /// The refs git tries for a short name, in gitrevisions(7)'s order; none for an expression (`HEAD~2`, `a..b`,
    /// `main@{1}`), a full ref name or a commit id.
    static func refCandidates(_ revision: String) -> [String] {
        let operators: Set<Character> = ["~", "^", ":", "@", "{", " ", "*", "?", "["]
        guard !revision.isEmpty, !revision.hasPrefix("refs/"), !revision.contains(where: operators.contains),
              !revision.allSatisfy(\.isHexDigit) || revision.count < 4
        else { return [] }
        return [revision, "refs/\(revision)", "refs/tags/\(revision)", "refs/heads/\(revision)", "refs/remotes/\(revision)",
                "refs/remotes/\(revision)/HEAD"]
    }

    /// `GATE_BASE` when it is set (it must resolve), else the first default that resolves, in SPEC §2's order.
    public func defaultBase(environment: [String: String]) throws(GitError) -> String {
        if isEmpty { throw GitError.emptyRepository(path: displayPath) }
        // GATE_BASE is the user's explicit choice: one naming no commit (a typo, a branch not fetched) is an error,
        // never a cue to judge the change against some other base instead.
        if let base = environment["GATE_BASE"], !base.isEmpty {
            do {
                return try resolveCommit(base)
            } catch .unknownRevision(_, let message) {
                throw GitError.unknownRevision(
                    base, message: "GATE_BASE names no commit here (\(message)); fix it, fetch it, or unset it to use the defaults")
            }
        }
        var candidates: [String] = []
        if let target = environment["GITHUB_BASE_REF"], !target.isEmpty { candidates.append("origin/\(target)") }
        for candidate in ["origin/HEAD", "origin/main", "main", "origin/master", "master"] where !candidates.contains(candidate) {
            candidates.append(candidate)
        }
        for candidate in candidates {
            do {
                return try resolveCommit(candidate)
            } catch .unknownRevision {
                continue
            }
        }
        // `git fetch origin main` without a refspec leaves the branch in FETCH_HEAD only, which no default names.
        var hint = ""
        if (try? resolveCommit("FETCH_HEAD")) != nil {
            let target = environment["GITHUB_BASE_REF"].flatMap { $0.isEmpty ? nil : $0 } ?? "main"
            hint = "; a fetch without a refspec leaves the branch in FETCH_HEAD only: " +
                "git fetch origin \(target):refs/remotes/origin/\(target)"
        }
        throw GitError.unknownRevision(
            "(default base)",
            message: "none of \(candidates.joined(separator: ", ")) resolves; pass --base REV or set GATE_BASE\(hint)")
    }

    /// The best common ancestor of two revisions, as `git merge-base` finds it.
    public func mergeBase(_ base: String, _ head: String) throws(GitError) -> String {
        var baseID = try lookupCommit(base).id
        var headID = try lookupCommit(head).id
        var result = git_oid()
        let code = git_merge_base(&result, handle, &baseID, &headID)
        if code == 0 { return result.hex }
        // In a shallow clone the walk can stop at a missing parent instead of reporting "not found".
        let shallow = git_repository_is_shallow(handle) == 1
        if code == GIT_ENOTFOUND.rawValue || shallow {
            throw GitError.noMergeBase(base: base, head: head, shallow: shallow)
        }
        throw GitError.libgit2(function: "git_merge_base", code: code, message: LibGit2.lastErrorMessage(code: code))
    }

    /// The ids of a commit's parents, in order (a merge's first parent is the branch it was made on).
    public func parents(of revision: String) throws(GitError) -> [String] {
        let commit = try lookupCommit(revision)
        return (0..<git_commit_parentcount(commit.pointer)).compactMap { index in
            git_commit_parent_id(commit.pointer, index).map { $0.pointee.hex }
        }
    }

    /// Commits reachable from `head` and not from `base`.
    public func commits(from base: String, to head: String) throws(GitError) -> [CommitIdentity] {
        // From the empty tree, every commit reachable from head is in the range.
        let hidden = base == Self.emptyTreeID ? nil : try lookupCommit(base).id
        var identities: [CommitIdentity] = []
        try walkCommits(from: try lookupCommit(head).id, hiding: hidden, order: CommitWalkOrder(topological: true)) {
            id throws(GitError) in
            let commit = try lookupCommit(id: id)
            identities.append(
                CommitIdentity(
                    id: id.hex, authorEmail: Self.email(git_commit_author(commit.pointer)),
                    committerEmail: Self.email(git_commit_committer(commit.pointer))))
        }
        return identities
    }

    private static func email(_ signature: UnsafePointer<git_signature>?) -> String {
        guard let email = signature?.pointee.email else { return "" }
        return String(cString: email)
    }

    // MARK: - Lookups shared by the diff and tree readers

    /// The commit a revision names, peeled through tags.
    func lookupCommit(_ revision: String) throws(GitError) -> GitCommit {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        guard code == 0, let object else {
            let message = LibGit2.lastErrorMessage(code: code)
            if isEmpty || (git_repository_head_unborn(handle) == 1 && revision.hasPrefix("HEAD")) {
                throw GitError.emptyRepository(path: displayPath)
            }
            throw GitError.unknownRevision(revision, message: message)
        }
        let owned = GitObject(object)
        var peeled: OpaquePointer?
        let peelCode = git_object_peel(&peeled, owned.pointer, GIT_OBJECT_COMMIT)
        guard peelCode == 0, let peeled else {
            throw GitError.unknownRevision(revision, message: LibGit2.lastErrorMessage(code: peelCode))
        }
        // A peeled commit is a `git_object`; `git_commit_free` frees it just the same.
        return GitCommit(peeled)
    }

    func lookupCommit(id: git_oid) throws(GitError) -> GitCommit {
        var oid = id
        var commit: OpaquePointer?
        try LibGit2.check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup")
        guard let commit else { throw GitError.libgit2(function: "git_commit_lookup", code: -1, message: "no commit") }
        return GitCommit(commit)
    }

    func lookupTree(id: git_oid) throws(GitError) -> GitTree {
        var oid = id
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, handle, &oid), "git_tree_lookup")
        guard let tree else { throw GitError.libgit2(function: "git_tree_lookup", code: -1, message: "no tree") }
        return GitTree(tree)
    }

    func lookupBlob(id: git_oid) throws(GitError) -> GitBlob {
        var oid = id
        var blob: OpaquePointer?
        try LibGit2.check(git_blob_lookup(&blob, handle, &oid), "git_blob_lookup")
        guard let blob else { throw GitError.libgit2(function: "git_blob_lookup", code: -1, message: "no blob") }
        return GitBlob(blob)
    }

    /// The delta bases an idle pack reader keeps: a diff's whole budget would stay allocated beside the next
    /// diff's (the app bench case's peak grew by 8 MB), and what the next walk reuses is mostly small trees.
    private static let idleDeltaBases = 1 << 20

    /// Runs `body` with a pack reader of this repository's packs (nil when it has none) that nothing else uses
    /// meanwhile: an idle one, or a new one when all are in use (a reader is not thread-safe); kept afterwards.
    func withPackReader<Result, Failure: Error>(
        _ body: (PackReader?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let reader = packReadersLock.withLock { idlePackReaders.popLast() }
            ?? objectsDirectory.flatMap(PackReader.init(objectsDirectory:))
        defer {
            if let reader {
                reader.trimDeltaBases(to: Self.idleDeltaBases)
                packReadersLock.withLock { idlePackReaders.append(reader) }
            }
        }
        return try body(reader)
    }

    /// The object directory (`.git/objects`, shared by every worktree of the repository).
    var objectsDirectory: String? {
        guard let common = git_repository_commondir(handle) else { return nil }
        let path = String(cString: common)
        return path + (path.hasSuffix("/") ? "objects" : "/objects")
    }

    func objectDatabase() throws(GitError) -> GitObjectDatabase {
        var odb: OpaquePointer?
        try LibGit2.check(git_repository_odb(&odb, handle), "git_repository_odb")
        guard let odb else { throw GitError.libgit2(function: "git_repository_odb", code: -1, message: "no odb") }
        return GitObjectDatabase(odb)
    }

    /// No commits at all: HEAD is unborn and no reference exists. (`git_repository_is_empty` also
    /// requires HEAD to name the configured default branch, which `git init -b` need not.)
    var isEmpty: Bool {
        guard git_repository_head_unborn(handle) == 1 else { return false }
        var iterator: OpaquePointer?
        guard git_reference_iterator_new(&iterator, handle) == 0, let iterator else { return false }
        defer { git_reference_iterator_free(iterator) }
        var name: UnsafePointer<CChar>?
        return git_reference_next_name(&name, iterator) == GIT_ITEROVER.rawValue
    }

    /// Whether this is a partial clone (`git clone --filter=…`): blobs may be missing, left to a promisor remote
    /// that libgit2 cannot fetch from.
    public var isPartialClone: Bool {
        var config: OpaquePointer?
        guard git_repository_config_snapshot(&config, handle) == 0, let config else { return false }
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        if git_config_get_string(&value, config, "extensions.partialclone") == 0 { return true }
        var iterator: OpaquePointer?
        guard git_config_iterator_glob_new(&iterator, config, "^remote\\..*\\.promisor$") == 0, let iterator else {
            return false
        }
        defer { git_config_iterator_free(iterator) }
        var entry: UnsafeMutablePointer<git_config_entry>?
        while git_config_next(&entry, iterator) == 0 {
            if let text = entry?.pointee.value, String(cString: text).lowercased() == "true" { return true }
        }
        return false
    }

    /// The tree HEAD points at, or nil while HEAD is unborn.
    func headTree() throws(GitError) -> GitTree? {
        if isHeadUnborn { return nil }
        return try lookupCommit("HEAD").tree()
    }

    /// Whether HEAD names a branch with no commit yet (a new repository, or `git checkout --orphan`): staged and
    /// working-tree changes are then compared with the empty tree.
    public var isHeadUnborn: Bool { git_repository_head_unborn(handle) == 1 }

    /// The root tree of a commit, or the empty tree for `emptyTreeID` (the base, or the head of a repository with
    /// no commit yet): readers of a commit's files then see no file there rather than an unknown revision.
    func rootTree(ofCommit commit: String) throws(GitError) -> GitTree {
        guard commit == Self.emptyTreeID else { return try lookupCommit(commit).tree() }
        // libgit2 knows the empty tree without it being stored in the object database, as git does.
        var id = git_oid()
        try LibGit2.check(git_oid_fromstr(&id, Self.emptyTreeID), "git_oid_fromstr")
        return try lookupTree(id: id)
    }
}
