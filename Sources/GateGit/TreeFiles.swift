import CLibgit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// A file's bytes at a commit, or nil when the path does not exist there (or is not a file).
    public func fileContents(atCommit commit: String, path: String) throws(GitError) -> [UInt8]? {
        guard let owned = try treeEntry(try lookupCommit(commit).tree(), path: path),
              git_tree_entry_type(owned.pointer) == GIT_OBJECT_BLOB,
              let id = git_tree_entry_id(owned.pointer)?.pointee
        else { return nil }
        return try lookupBlob(id: id).bytes
    }

    /// The entry at `path` (slashes allowed) in `tree`, or nil when there is none.
    func treeEntry(_ tree: GitTree, path: String) throws(GitError) -> GitTreeEntry? {
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "git_tree_entry_bypath")
        return entry.map(GitTreeEntry.init)
    }

    /// Every regular file's blob id (hex) at a commit, by path; reads trees only, no file content.
    public func blobIDs(atCommit commit: String) throws(GitError) -> [String: String] {
        var result: [String: String] = [:]
        try forEachFileEntry(in: try lookupCommit(commit).tree()) { path, id throws(GitError) in result[path] = id.hex }
        return result
    }

    /// What a commit changes against its parent, file by file, read from trees alone.
    public struct TreeChanges: Sendable {
        /// Regular files whose content at the commit differs from (or is absent at) the parent, with their new blob
        /// ids (hex).
        public var newContent: [(path: String, id: String)] = []
        /// Regular files of the parent that the commit no longer has at that path (deleted, or renamed away).
        public var removed: [String] = []
        /// Some changed name is not UTF-8: its `String` is repaired, so it cannot name the file back to libgit2
        /// (as a pathspec, say), and a caller must not narrow a diff by these paths.
        public var hasUndecodablePath = false
    }

    /// The files `commit` changes against `parent`, in no particular order. A subtree whose id is the same on both
    /// sides is never entered, so the cost follows the size of the change, not of the tree (libgit2's tree-to-tree
    /// diff walks both trees whole); and the two versions of a changed directory are compared as stored bytes
    /// (`RawTree`), so the entries they share cost a byte comparison, not a parse and a merge step each.
    ///
    /// Walking along history, pass the same `steps` to each call: in a linear history a commit's trees are the next
    /// commit's parent trees, so a directory one step read is not read and inflated again by a later one.
    public func treeChanges(
        from parent: String, to commit: String, steps: TreeSteps? = nil
    ) throws(GitError) -> TreeChanges {
        let trees = steps ?? TreeSteps()
        let database = try objectDatabase()
        var changes = TreeChanges()
        var pending: [(old: RawTree?, new: RawTree, prefix: String)] = [
            (try trees.tree(try lookupCommit(parent).treeID, in: database, isParentSide: true),
             try trees.tree(try lookupCommit(commit).treeID, in: database, isParentSide: false), "")
        ]
        while let (old, new, prefix) = pending.popLast() {
            // Both sides are sorted the way git sorts a tree, so one merge pairs each entry with the other side's
            // entry of the same name and kind (a file and a directory of one name are different entries).
            let newCount = new.bytes.count
            let oldCount = old?.bytes.count ?? 0
            var (newOffset, oldOffset) = (0, 0)
            while newOffset < newCount || oldOffset < oldCount {
                if let old, newOffset < newCount, oldOffset < oldCount {
                    // Equal bytes read from two entry starts are equal entries: the run both sides share is passed
                    // over entry by entry on one side, up to the entry where they part.
                    let shared = new.sharedLength(from: newOffset, with: old, from: oldOffset)
                    var end = newOffset
                    while end < newCount {
                        let next = try new.entryEnd(at: end)
                        if next - newOffset > shared { break }
                        end = next
                    }
                    oldOffset += end - newOffset
                    newOffset = end
                }
                let entry = try newOffset < newCount ? new.entry(at: newOffset) : nil
                let before = try oldOffset < oldCount ? old?.entry(at: oldOffset) : nil
                guard entry != nil || before != nil else { break }
                let order = if let entry, let before, let old { RawTree.order(entry, of: new, before, of: old) } else {
                    entry == nil ? 1 : -1
                }
                if order > 0, let before, let old {
                    // What the parent had here that the commit does not (or has as the other kind).
                    oldOffset = before.end
                    try recordRemoval(before, of: old, prefix: prefix, into: &changes)
                    continue
                }
                guard let entry else { break }
                newOffset = entry.end
                let paired = order == 0 ? before : nil
                if let paired { oldOffset = paired.end }
                if let paired, let old, paired.mode == entry.mode, new.sameID(entry, as: paired, of: old) { continue }
                let path = prefix + Self.decodedName(new.name(of: entry), undecodable: &changes.hasUndecodablePath)
                switch entry.mode {
                case GIT_FILEMODE_TREE.rawValue:
                    var oldSubtree: RawTree?
                    if let paired, let old { oldSubtree = try trees.tree(old.id(of: paired), in: database, isParentSide: true) }
                    pending.append(
                        (oldSubtree, try trees.tree(new.id(of: entry), in: database, isParentSide: false), path + "/"))
                case GIT_FILEMODE_BLOB.rawValue, GIT_FILEMODE_BLOB_EXECUTABLE.rawValue:
                    changes.newContent.append((path, new.id(of: entry).hex))
                default:
                    continue
                }
            }
        }
        return changes
    }

    /// Records a parent's entry the commit no longer has (a directory: every file under it).
    private func recordRemoval(
        _ entry: RawTree.Entry, of tree: RawTree, prefix: String, into changes: inout TreeChanges
    ) throws(GitError) {
        let path = prefix + Self.decodedName(tree.name(of: entry), undecodable: &changes.hasUndecodablePath)
        guard entry.isTree else {
            changes.removed.append(path)
            return
        }
        var removed: [String] = []
        var undecodable = false
        try forEachFileEntry(in: try lookupTree(id: tree.id(of: entry)), prefix: path + "/") { path, _ throws(GitError) in
            // The walk repairs names that are not UTF-8; a repaired one shows its replacement mark.
            if path.unicodeScalars.contains("\u{FFFD}") { undecodable = true }
            removed.append(path)
        }
        changes.removed += removed
        if undecodable { changes.hasUndecodablePath = true }
    }

    /// A tree entry's name; one that is not UTF-8 is repaired, and `undecodable` set.
    private static func decodedName(_ raw: UnsafeBufferPointer<UInt8>, undecodable: inout Bool) -> String {
        if !TextBytes.isValidUTF8(raw) { undecodable = true }
        return String(decoding: raw, as: UTF8.self)
    }

    /// Visits every regular file at a commit (path, bytes as UTF-8 text), skipping binary and oversized files,
    /// symlinks and submodules; other encodings are transcoded or decoded lossily.
    public func forEachFile(
        atCommit commit: String, maxFileSize: Int = 1 << 20, visit: (String, [UInt8]) throws -> Void
    ) throws {
        try forEachFile(atCommit: commit, maxFileSize: maxFileSize, where: { _ in true }, visit: visit)
    }

    /// Visits the regular files at a commit whose path `wanted` accepts (path, bytes), in path order; no other
    /// file's content is read. Binary and oversized files, symlinks and submodules are skipped; other encodings are
    /// transcoded or decoded lossily.
    public func forEachFile(
        atCommit commit: String, maxFileSize: Int = 1 << 20, where wanted: (String) -> Bool,
        visit: (String, [UInt8]) throws -> Void
    ) throws {
        // The visitor may throw any error; the walk itself throws only libgit2's, so the first visitor error is kept
        // and rethrown once the walk is left.
        var failure: (any Error)?
        try forEachFileEntry(in: try lookupCommit(commit).tree()) { path, id throws(GitError) in
            // The path decides first: a file nobody wants is never inflated.
            guard failure == nil, wanted(path) else { return }
            let blob = try lookupBlob(id: id)
            guard blob.size <= maxFileSize else { return }
            let bytes = blob.withBytes(TextBytes.readableText)
            guard let bytes else { return }
            do { try visit(path, bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Visits every regular file entry under `tree` (path and blob id) in byte order of path, reading trees only.
    /// Symlinks and submodules carry no scannable text and are passed over. The one tree walk of GateGit.
    func forEachFileEntry(
        in tree: GitTree, prefix: String = "", _ visit: (String, git_oid) throws(GitError) -> Void
    ) throws(GitError) {
        // Depth-first with an explicit stack (so no C callback has to carry Swift errors), entering each subtree
        // where it sorts: git orders a tree's entries so that this visits paths in byte order.
        var stack: [(tree: GitTree, prefix: String, next: Int)] = [(tree, prefix, 0)]
        while let top = stack.indices.last {
            let (tree, prefix, index) = stack[top]
            guard index < git_tree_entrycount(tree.pointer) else {
                stack.removeLast()
                continue
            }
            stack[top].next = index + 1
            guard let entry = git_tree_entry_byindex(tree.pointer, index),
                  let name = git_tree_entry_name(entry),
                  let id = git_tree_entry_id(entry)?.pointee
            else { continue }
            let path = prefix + String(cString: name)
            switch git_tree_entry_filemode(entry) {
            case GIT_FILEMODE_TREE: stack.append((try lookupTree(id: id), path + "/", 0))
            case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE: try visit(path, id)
            default: continue
            }
        }
    }
}

/// The directories a walk along history has read and not yet seen replaced, reused by the next steps
/// (`treeChanges(from:to:steps:)`).
///
/// A commit's trees are its child's parent trees: a walk diffing each commit against its parent would otherwise read
/// and inflate every changed directory twice, since libgit2 caches only small trees and a directory of 1,500 files
/// is not one. A tree read as a commit's version of a directory is kept until a later step reads it as the parent's
/// version, which is when the walk replaces it; so in a linear history what is kept is at most one version of each
/// directory (one snapshot of the tree, not the history), and a cap bounds it on any other.
public final class TreeSteps {
    private var kept: [TreeKey: RawTree] = [:]
    private var keptBytes = 0
    /// Trees of this many bytes in all are at most kept (a few megabytes); past it the walk starts afresh.
    private let maximumBytes: Int

    public init(maximumBytes: Int = 4 << 20) { self.maximumBytes = maximumBytes }

    /// The tree with `id`: a commit's version of a directory (`isParentSide` false), kept for the step that reads
    /// it as a parent's, or a parent's version, handed over by the step that read it as a commit's.
    func tree(_ id: git_oid, in database: GitObjectDatabase, isParentSide: Bool) throws(GitError) -> RawTree {
        let key = TreeKey(id)
        if isParentSide {
            // The directory changes in this step: its parent version is not asked for again.
            if let known = kept.removeValue(forKey: key) {
                keptBytes -= known.bytes.count
                return known
            }
            return try RawTree(reading: id, from: database)
        }
        if let known = kept[key] { return known }
        let tree = try RawTree(reading: id, from: database)
        let size = tree.bytes.count
        if keptBytes + size > maximumBytes {
            kept = [:]
            keptBytes = 0
        }
        if size <= maximumBytes {
            kept[key] = tree
            keptBytes += size
        }
        return tree
    }

    /// An object id as a dictionary key.
    private struct TreeKey: Hashable {
        let head: UInt64, middle: UInt64, tail: UInt32

        init(_ id: git_oid) {
            (head, middle, tail) = withUnsafeBytes(of: id.id) { raw in
                (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                 raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
            }
        }
    }
}

extension GitCommit {
    /// The id of the commit's root tree, without looking the tree up.
    var treeID: git_oid { git_commit_tree_id(pointer).pointee }
}
