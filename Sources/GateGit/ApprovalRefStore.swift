import CLibgit2
import Foundation
import GateCore

/// A ref whose commit holds a set of files and only ever grows: the approvals store of SPEC §4.
///
/// Merging two tips is the union of their files, so approvals recorded concurrently in two clones both survive;
/// the files' names carry their content's digest, so the same name never holds two contents.
extension Repository {
    /// The ref that holds approvals and revocations.
    public static let approvalsRef = "refs/gate/approvals"

    /// The largest file an approvals ref may hold: a statement and its signature are a few hundred bytes.
    public static let maxUnionRefFileSize = 64 * 1024

    /// Whether `path` is where gate keeps a statement or its signature:
    /// `approvals|revocations/<fingerprint prefix>/<name>.json|.sig`, in the characters gate writes.
    public static func isApprovalRecordPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "approvals" || parts[0] == "revocations", path.utf8.count <= 512 else {
            return false
        }
        let allowed = { (byte: UInt8) in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || "@.-_+".utf8.contains(byte)
        }
        for part in parts.dropFirst() where part.isEmpty || part.hasPrefix(".") || !part.utf8.allSatisfy(allowed) {
            return false
        }
        return parts[2].hasSuffix(".json") || parts[2].hasSuffix(".sig")
    }

    /// What the ref's tip holds: the readable files, and every entry that could not be read, with why.
    public struct UnionRefContents: Sendable, Equatable {
        public var files: [String: [UInt8]] = [:]
        /// path → reason: not a record path, not a regular file (a gitlink, a symlink), a missing object, too large.
        public var unreadable: [String: String] = [:]
    }

    /// The files in the ref's tip commit; empty when the ref does not exist yet. An entry that cannot be read is
    /// reported in `unreadable`, never thrown: it can grant nothing, and one bad entry must not stop every check.
    public func unionRefContents(_ ref: String) throws(GitError) -> UnionRefContents {
        var contents = UnionRefContents()
        guard let tip = try unionRefTip(ref) else { return contents }
        for (path, entry) in try unionTreeEntries(commit: tip) {
            if let problem = unionEntryProblem(path: path, entry: entry) {
                contents.unreadable[path] = problem
                continue
            }
            do { contents.files[path] = try lookupBlob(id: entry.id).bytes } catch {
                contents.unreadable[path] = "cannot read object \(entry.id.hex): \(error)"
            }
        }
        return contents
    }

    /// Why an entry is not a record gate can read (checked from the object header, never by loading a large blob).
    private func unionEntryProblem(path: String, entry: UnionEntry) -> String? {
        guard Self.isApprovalRecordPath(path) else { return "not an approval record path" }
        guard entry.mode == GIT_FILEMODE_BLOB.rawValue || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue else {
            let kind =
                switch entry.mode {
                case GIT_FILEMODE_COMMIT.rawValue: "a gitlink (submodule) entry"
                case GIT_FILEMODE_LINK.rawValue: "a symbolic link"
                default: "an entry of mode \(String(entry.mode, radix: 8))"
                }
            return "\(kind), not a file"
        }
        guard let database = try? objectDatabase() else { return "cannot open the object database" }
        var id = entry.id
        var size = 0
        var type = GIT_OBJECT_INVALID
        guard git_odb_read_header(&size, &type, database.pointer, &id) == 0 else {
            return "object \(entry.id.hex) is missing"
        }
        guard type == GIT_OBJECT_BLOB else { return "object \(entry.id.hex) is not a blob" }
        guard size <= Self.maxUnionRefFileSize else {
            return "\(size) bytes, more than the \(Self.maxUnionRefFileSize / 1024) KiB a record may have"
        }
        return nil
    }

    /// The entries of a commit that are readable records: what a write or a merge carries forward. Anything else is
    /// left behind, so a bad entry fetched from a remote does not spread to every clone that merges it.
    private func unionGoodEntries(commit: git_oid) throws(GitError) -> [String: UnionEntry] {
        try unionTreeEntries(commit: commit).filter { unionEntryProblem(path: $0.key, entry: $0.value) == nil }
    }

    /// Adds files to the ref in a new commit; existing files are kept. Returns the new tip.
    @discardableResult
    public func addUnionRefFiles(_ files: [String: [UInt8]], ref: String, message: String) throws(GitError) -> String {
        var added: [String: UnionEntry] = [:]
        for (path, bytes) in files {
            var oid = git_oid()
            try LibGit2.check(bytes.withUnsafeBytes { git_blob_create_from_buffer(&oid, handle, $0.baseAddress, $0.count) },
                           "git_blob_create_from_buffer")
            added[path] = UnionEntry(id: oid, mode: GIT_FILEMODE_BLOB.rawValue)
        }
        // Another gate process may move the ref between our read and our write: compare-and-swap, then retry.
        for _ in 0..<8 {
            let tip = try unionRefTip(ref)
            var entries = try tip.map { oid throws(GitError) in try unionGoodEntries(commit: oid) } ?? [:]
            entries.merge(added) { old, _ in old }
            let commit = try unionCommit(entries: entries, parents: tip.map { [$0] } ?? [], message: message)
            if try unionMoveRef(ref, from: tip, to: commit) { return commit.hex }
        }
        throw GitError.libgit2(function: "git_reference_create_matching", code: GIT_EMODIFIED.rawValue,
                               message: "\(ref) kept changing under us; try again")
    }

    /// Fetches `ref` from a remote (a configured remote's name, a URL or a path) and merges it into the local ref.
    /// Returns false when the remote has no such ref.
    @discardableResult
    public func fetchUnionRef(_ ref: String, from remote: String) throws(GitError) -> Bool {
        let tracking = unionTrackingRef(ref, remote: remote)
        // A stale tracking ref would make a remote that lost the ref look as if it still had it.
        let removed = git_reference_remove(handle, tracking)
        if removed != 0 && removed != GIT_ENOTFOUND.rawValue { try LibGit2.check(removed, "git_reference_remove") }
        let connection = try UnionRemote(repository: self, name: remote)
        try connection.fetch(refspec: "+\(ref):\(tracking)")
        guard let remoteTip = try unionRefTip(tracking) else { return false }
        try unionMerge(ref, with: remoteTip)
        return true
    }

    /// Publishes the local ref to a remote, first fetching and merging what others pushed; retries when someone
    /// pushed in between (a non-fast-forward), so concurrent approvals both land.
    public func pushUnionRef(_ ref: String, to remote: String, attempts: Int = 10) throws(GitError) {
        var lastRejection = ""
        for attempt in 0..<max(1, attempts) {
            // Back off a random, growing while so racing pushers stop colliding.
            if attempt > 0 { usleep(UInt32.random(in: 20_000...(50_000 * UInt32(min(attempt, 8))))) }
            try fetchUnionRef(ref, from: remote)
            guard let tip = try unionRefTip(ref) else { return }
            let connection = try UnionRemote(repository: self, name: remote)
            let outcome: String?
            if let path = connection.localPath {
                outcome = try unionPushToLocalRepository(at: path, ref: ref, tip: tip)
            } else {
                outcome = try connection.push(refspec: "\(ref):\(ref)")
            }
            switch outcome {
            case .none: return
            case .some(let rejection): lastRejection = rejection
            }
        }
        throw GitError.libgit2(function: "git_remote_push", code: GIT_ENONFASTFORWARD.rawValue,
                               message: "\(remote) kept rejecting \(ref) (\(lastRejection)); try again")
    }

    /// A value from git's configuration (repository, global and system), or nil when unset.
    public func configString(_ key: String) throws(GitError) -> String? {
        var config: OpaquePointer?
        try LibGit2.check(git_repository_config_snapshot(&config, handle), "git_repository_config_snapshot")
        defer { git_config_free(config) }
        var value: UnsafePointer<CChar>?
        let code = git_config_get_string(&value, config, key)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "git_config_get_string")
        return value.map { String(cString: $0) }
    }

    // MARK: - What an approval is bound to

    /// The first commit of `revision`'s first-parent history: the repository's identity across clones and forks
    /// of it. Nil in a shallow clone, whose history stops before the root.
    public func rootCommit(of revision: String) throws(GitError) -> String? {
        if git_repository_is_shallow(handle) == 1 { return nil }
        let start = try lookupCommit(revision).id
        var last = start
        try walkCommits(from: start, order: CommitWalkOrder(firstParentOnly: true)) { id throws(GitError) in last = id }
        return last.hex
    }

    /// The full name of the branch or other reference `revision` names (`origin/HEAD` resolved to what it points
    /// at), or nil when it names a commit by id or expression.
    public func referenceName(ofRevision revision: String) -> String? {
        var object: OpaquePointer?
        var reference: OpaquePointer?
        guard git_revparse_ext(&object, &reference, handle, revision) == 0 else { return nil }
        git_object_free(object)
        guard let reference else { return nil }
        defer { git_reference_free(reference) }
        var resolved: OpaquePointer?
        guard git_reference_resolve(&resolved, reference) == 0, let resolved else {
            return String(cString: git_reference_name(reference))
        }
        defer { git_reference_free(resolved) }
        return String(cString: git_reference_name(resolved))
    }

    /// Local and remote-tracking branches whose tip is `revision`'s commit (full reference names, sorted).
    public func branches(pointingAt revision: String) throws(GitError) -> [String] {
        var target = try lookupCommit(revision).id
        var iterator: OpaquePointer?
        try LibGit2.check(git_branch_iterator_new(&iterator, handle, GIT_BRANCH_ALL), "git_branch_iterator_new")
        defer { git_branch_iterator_free(iterator) }
        var names: [String] = []
        var reference: OpaquePointer?
        var type = GIT_BRANCH_LOCAL
        while git_branch_next(&reference, &type, iterator) == 0 {
            defer { git_reference_free(reference) }
            var peeled: OpaquePointer?
            guard git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT) == 0, let peeled else { continue }
            var id = git_object_id(peeled).pointee
            git_object_free(peeled)
            if git_oid_equal(&id, &target) != 0 { names.append(String(cString: git_reference_name(reference))) }
        }
        return names.sorted()
    }

    /// A commit's whole message (trailers included).
    public func commitMessage(_ revision: String) throws(GitError) -> String {
        let commit = try lookupCommit(revision)
        return git_commit_message(commit.pointer).map { String(cString: $0) } ?? ""
    }

    // MARK: - Internals

    /// Pushes to a repository on this machine with a compare-and-swap of the ref.
    ///
    /// libgit2's local transport overwrites the remote ref unconditionally, so two pushes racing to a path remote
    /// could lose one; a server's receive-pack checks the old value, and so does this. Returns nil when the ref was
    /// updated, or why not (someone pushed first).
    func unionPushToLocalRepository(at path: String, ref: String, tip: git_oid) throws(GitError) -> String? {
        var remoteRepository: OpaquePointer?
        try LibGit2.check(git_repository_open(&remoteRepository, path), "git_repository_open(\(path))")
        defer { git_repository_free(remoteRepository) }
        var localDatabase: OpaquePointer?
        try LibGit2.check(git_repository_odb(&localDatabase, handle), "git_repository_odb")
        defer { git_odb_free(localDatabase) }
        var remoteDatabase: OpaquePointer?
        try LibGit2.check(git_repository_odb(&remoteDatabase, remoteRepository), "git_repository_odb(\(path))")
        defer { git_odb_free(remoteDatabase) }

        var old = git_oid()
        let lookup = git_reference_name_to_id(&old, remoteRepository, ref)
        let remoteHasRef = lookup == 0
        if !remoteHasRef && lookup != GIT_ENOTFOUND.rawValue { try LibGit2.check(lookup, "git_reference_name_to_id(\(path))") }
        var ours = tip
        if remoteHasRef {
            if git_oid_equal(&ours, &old) != 0 { return nil }
            guard git_odb_exists(localDatabase, &old) != 0, git_graph_descendant_of(handle, &ours, &old) == 1 else {
                return "the remote \(ref) moved since we fetched it"
            }
        }
        // Objects first, the ref last: a reader never sees a ref whose objects are missing.
        try walkCommits(from: ours, hiding: remoteHasRef ? old : nil) { commitID throws(GitError) in
            let commit = try lookupCommit(id: commitID)
            try unionCopyTree(git_commit_tree_id(commit.pointer).pointee, from: localDatabase, to: remoteDatabase)
            try unionCopyObject(commitID, from: localDatabase, to: remoteDatabase)
        }
        // A zero expected id means "must not exist yet", checked under the ref's lock (unlike force = 0).
        var expected = remoteHasRef ? old : git_oid()
        var reference: OpaquePointer?
        let code = git_reference_create_matching(&reference, remoteRepository, ref, &ours, 1, &expected, "gate: push approvals")
        git_reference_free(reference)
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue || code == GIT_ELOCKED.rawValue {
            return "the remote \(ref) moved while we pushed"
        }
        try LibGit2.check(code, "git_reference_create(\(path))")
        return nil
    }

    private func unionCopyTree(_ treeID: git_oid, from source: OpaquePointer?, to target: OpaquePointer?) throws(GitError) {
        var id = treeID
        if git_odb_exists(target, &id) != 0 { return }
        let tree = try lookupTree(id: treeID)
        for position in 0..<git_tree_entrycount(tree.pointer) {
            guard let entry = git_tree_entry_byindex(tree.pointer, position), let entryID = git_tree_entry_id(entry) else {
                continue
            }
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                try unionCopyTree(entryID.pointee, from: source, to: target)
            } else {
                try unionCopyObject(entryID.pointee, from: source, to: target)
            }
        }
        try unionCopyObject(treeID, from: source, to: target)
    }

    private func unionCopyObject(_ objectID: git_oid, from source: OpaquePointer?, to target: OpaquePointer?) throws(GitError) {
        var id = objectID
        if git_odb_exists(target, &id) != 0 { return }
        var object: OpaquePointer?
        try LibGit2.check(git_odb_read(&object, source, &id), "git_odb_read")
        defer { git_odb_object_free(object) }
        var written = git_oid()
        try LibGit2.check(git_odb_write(&written, target, git_odb_object_data(object), git_odb_object_size(object),
                                     git_odb_object_type(object)), "git_odb_write")
    }

    func unionTrackingRef(_ ref: String, remote: String) -> String {
        let safe = remote.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" }
        let leaf = ref.split(separator: "/").last.map(String.init) ?? "ref"
        return "refs/gate/remotes/\(String(safe))/\(leaf)"
    }

    func unionRefTip(_ ref: String) throws(GitError) -> git_oid? {
        var oid = git_oid()
        let code = git_reference_name_to_id(&oid, handle, ref)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "git_reference_name_to_id(\(ref))")
        return oid
    }

    /// Merges a fetched tip into the local ref by union: the result holds every readable record of both sides.
    /// A remote tip that descends from ours is taken as it is only when its tree is exactly that union; one that
    /// drops a record we hold (a revocation, say) or carries an unreadable entry gets a merge commit instead, so the
    /// ref only ever grows.
    private func unionMerge(_ ref: String, with remoteTip: git_oid) throws(GitError) {
        for _ in 0..<8 {
            var theirs = remoteTip
            let theirEntries = try unionTreeEntries(commit: remoteTip)
            let theirGood = try unionGoodEntries(commit: remoteTip)
            let localTip = try unionRefTip(ref)
            let target: git_oid
            if var local = localTip {
                if git_oid_equal(&local, &theirs) != 0 { return }
                if git_graph_descendant_of(handle, &local, &theirs) == 1 { return }
                var union = theirGood
                union.merge(try unionGoodEntries(commit: local)) { _, mine in mine }
                if git_graph_descendant_of(handle, &theirs, &local) == 1, Self.sameEntries(theirEntries, union) {
                    target = theirs
                } else {
                    target = try unionCommit(entries: union, parents: [local, theirs], message: "gate: merge approvals")
                }
            } else if Self.sameEntries(theirEntries, theirGood) {
                target = theirs
            } else {
                target = try unionCommit(entries: theirGood, parents: [theirs], message: "gate: merge approvals (unreadable entries left out)")
            }
            if try unionMoveRef(ref, from: localTip, to: target) { return }
        }
        throw GitError.libgit2(function: "git_reference_create_matching", code: GIT_EMODIFIED.rawValue,
                               message: "\(ref) kept changing under us; try again")
    }

    private static func sameEntries(_ left: [String: UnionEntry], _ right: [String: UnionEntry]) -> Bool {
        guard left.count == right.count else { return false }
        for (path, entry) in left {
            guard var other = right[path]?.id, entry.mode == right[path]?.mode else { return false }
            var id = entry.id
            if git_oid_equal(&id, &other) == 0 { return false }
        }
        return true
    }

    /// Moves a ref only if it still points where we read it; false when someone moved it first.
    private func unionMoveRef(_ ref: String, from old: git_oid?, to new: git_oid) throws(GitError) -> Bool {
        var target = new
        // A zero expected id means "must not exist yet", checked under the ref's lock (unlike force = 0, which
        // checks before taking it, so two creators could both win).
        var expected = old ?? git_oid()
        var reference: OpaquePointer?
        let code = git_reference_create_matching(&reference, handle, ref, &target, 1, &expected, "gate: record approvals")
        git_reference_free(reference)
        if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue || code == GIT_ELOCKED.rawValue { return false }
        try LibGit2.check(code, "git_reference_create")
        return true
    }

    /// Every file entry of a commit's tree, subtrees flattened, with its mode (a gitlink stays a gitlink).
    private func unionTreeEntries(commit oid: git_oid) throws(GitError) -> [String: UnionEntry] {
        let tree = try lookupCommit(id: oid).tree()
        var index: OpaquePointer?
        try LibGit2.check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        try LibGit2.check(git_index_read_tree(index, tree.pointer), "git_index_read_tree")
        var entries: [String: UnionEntry] = [:]
        for position in 0..<git_index_entrycount(index) {
            guard let entry = git_index_get_byindex(index, position) else { continue }
            entries[String(cString: entry.pointee.path)] = UnionEntry(id: entry.pointee.id, mode: entry.pointee.mode)
        }
        return entries
    }

    private func unionCommit(entries: [String: UnionEntry], parents: [git_oid], message: String) throws(GitError) -> git_oid {
        var index: OpaquePointer?
        try LibGit2.check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        for (path, union) in entries.sorted(by: { $0.key < $1.key }) {
            var entry = git_index_entry()
            entry.mode = UInt32(GIT_FILEMODE_BLOB.rawValue)
            entry.id = union.id
            let code = path.withCString { pointer in
                entry.path = pointer
                return git_index_add(index, &entry)
            }
            try LibGit2.check(code, "git_index_add(\(path))")
        }
        var treeID = git_oid()
        try LibGit2.check(git_index_write_tree_to(&treeID, index, handle), "git_index_write_tree_to")
        let tree = try lookupTree(id: treeID)
        var parentCommits: [GitCommit] = []
        for parent in parents { parentCommits.append(try lookupCommit(id: parent)) }
        var parentPointers: [OpaquePointer?] = parentCommits.map(\.pointer)
        var signature: UnsafeMutablePointer<git_signature>?
        if git_signature_default(&signature, handle) != 0 {
            try LibGit2.check(git_signature_now(&signature, "gate", "gate@localhost"), "git_signature_now")
        }
        defer { git_signature_free(signature) }
        var commitID = git_oid()
        let code = withExtendedLifetime(parentCommits) {
            parentPointers.withUnsafeMutableBufferPointer { buffer in
                git_commit_create(&commitID, handle, nil, signature, signature, nil, message, tree.pointer, buffer.count,
                                  buffer.baseAddress)
            }
        }
        try LibGit2.check(code, "git_commit_create")
        return commitID
    }


}

/// One file entry of an approvals tree.
struct UnionEntry {
    var id: git_oid
    var mode: UInt32
}

/// One connection to a remote for a fetch or a push; the only owner of its git_remote handle.
private final class UnionRemote {
    private let handle: OpaquePointer
    private let repository: Repository

    init(repository: Repository, name: String) throws(GitError) {
        self.repository = repository
        var remote: OpaquePointer?
        var code = git_remote_lookup(&remote, repository.handle, name)
        if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue {
            // Not a configured remote: a URL or a path, as git accepts too.
            code = git_remote_create_anonymous(&remote, repository.handle, name)
        }
        try LibGit2.check(code, "git_remote_lookup(\(name))")
        guard let remote else {
            throw GitError.libgit2(function: "git_remote_lookup", code: -1, message: "no remote \(name)")
        }
        handle = remote
        LibGit2.loadDeferredCertificates()
    }

    deinit { git_remote_free(handle) }

    /// The remote's directory when it is a repository on this machine (a path or a file:// URL).
    var localPath: String? {
        guard let url = git_remote_url(handle).map({ String(cString: $0) }) else { return nil }
        if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)) }
        if url.contains("://") || url.contains(":") && !url.hasPrefix("/") && !url.hasPrefix(".") { return nil }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url, isDirectory: &isDirectory) && isDirectory.boolValue ? url : nil
    }

    func fetch(refspec: String) throws(GitError) {
        let state = TransferState()
        var options = git_fetch_options()
        try LibGit2.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)),
                                  "git_fetch_options_init")
        options.callbacks.credentials = transferCredentials
        options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        let code = withStringArray([refspec]) { specs in git_remote_fetch(handle, specs, &options, "gate: fetch approvals") }
        try LibGit2.check(code, "git_remote_fetch")
    }

    /// Pushes; returns nil on success or the remote's (or libgit2's) reason for rejecting a non-fast-forward.
    func push(refspec: String) throws(GitError) -> String? {
        let state = TransferState()
        var options = git_push_options()
        try LibGit2.check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)),
                                  "git_push_options_init")
        options.callbacks.credentials = transferCredentials
        options.callbacks.push_update_reference = { _, status, payload in
            if let status, let payload {
                Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue().rejection = String(cString: status)
            }
            return 0
        }
        options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        let code = withStringArray([refspec]) { specs in git_remote_push(handle, specs, &options) }
        if code == GIT_ENONFASTFORWARD.rawValue {
            return git_error_last().map { String(cString: $0.pointee.message) } ?? "non-fast-forward"
        }
        try LibGit2.check(code, "git_remote_push")
        return withExtendedLifetime(state) { state.rejection }
    }
}

/// What the transfer callbacks learn, reached through libgit2's payload pointer.
private final class TransferState {
    var rejection: String?
    var credentialAttempts = 0
}

/// SSH remotes authenticate through ssh-agent, once; anything else uses libgit2's defaults.
private let transferCredentials: git_credential_acquire_cb = { out, _, username, allowed, payload in
    guard let payload else { return GIT_PASSTHROUGH.rawValue }
    let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
    state.credentialAttempts += 1
    // libgit2 calls again after a failed attempt; a second call means the agent's keys were refused.
    guard state.credentialAttempts == 1, allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else {
        return GIT_PASSTHROUGH.rawValue
    }
    if let username { return git_credential_ssh_key_from_agent(out, username) }
    return git_credential_ssh_key_from_agent(out, "git")
}

private func withStringArray<Result>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) -> Result) -> Result {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return body(&array)
    }
}
