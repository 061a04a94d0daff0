import CLibgit2
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Repository {
    /// A file's bytes at a commit, or nil when the path does not exist there (or is not a file).
    public func fileContents(atCommit commit: String, path: String) throws(GitError) -> [UInt8]? {
        guard let owned = try treeEntry(try rootTree(ofCommit: commit), path: path),
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

    /// What a commit changes against its parent, file by file, read from trees alone.
    public struct TreeChanges: Sendable {
        /// Regular files whose content at the commit differs from (or is absent at) the parent, with their new blob
        /// ids (hex); with `HeadVersions`, only those whose content also differs from the head's at the same path.
        public var newContent: [(path: String, id: String)] = []
        /// Regular files of the parent that the commit no longer has at that path (deleted, or renamed away). With
        /// `HeadVersions` they are complete only when `newContent` is not empty: they matter as the sources of its
        /// renames, and under a directory the commit gives its head version they are not looked for otherwise.
        public var removed: [String] = []
        /// Some name in `newContent` or `removed` (or of a directory on the way to one) is not UTF-8: its `String`
        /// is repaired, so it cannot name the file back to libgit2 (as a pathspec, say), and a caller must not narrow
        /// a diff by these paths.
        public var hasUndecodablePath = false
        /// For each of `newContent`, in order, the two sides a diff of it compares (`newContentChanges`).
        var sides: [FileSides] = []
        /// The blob ids of the regular files among `removed` (whose paths they may not be listed with): a file added
        /// with one of them is a rename, which `newContentChanges` leaves to the diff.
        var removedFileIDs: [git_oid] = []
    }

    /// A file the commit gives new content: its entry, and the parent's entry of the same name when it had one.
    struct FileSides: Sendable {
        var newID: git_oid
        var newMode: UInt32
        var old: (id: git_oid, mode: UInt32)?
    }

    /// The head's trees, for `treeChanges(from:to:steps:unlike:)`.
    public func headVersions(atCommit commit: String) throws(GitError) -> HeadVersions {
        HeadVersions(root: try lookupCommit(commit).treeID)
    }

    /// The files `commit` changes against `parent`, in no particular order. A subtree whose id is the same on both
    /// sides is never entered, so the cost follows the size of the change, not of the tree (libgit2's tree-to-tree
    /// diff walks both trees whole); and the two versions of a changed directory are compared as stored bytes
    /// (`RawTree`), so the entries they share cost a byte comparison, not a parse and a merge step each.
    ///
    /// Walking along history, pass the same `steps` to each call: in a linear history a commit's trees are the next
    /// commit's parent trees, so a directory one step read is not read and inflated again by a later one.
    ///
    /// With `head`, a file whose content is the head's at the same path is left out of `newContent`, and a directory
    /// the commit changes to the head's version of it is not entered at all (unless removals are wanted, see
    /// `TreeChanges.removed`): everything under it is the head's, which the range's own diff shows. A history walk
    /// reaches each directory's head version once, at the last commit that changes it, so this spares one read of
    /// every directory the history touches.
    public func treeChanges(
        from parent: String, to commit: String, steps: TreeSteps? = nil, unlike head: HeadVersions? = nil
    ) throws(GitError) -> TreeChanges {
        let database = try objectDatabase()
        return try withPackReader { packs throws(GitError) in
            try treeChanges(
                from: parent, to: commit, steps: steps ?? TreeSteps(), unlike: head,
                source: TreeSource(database: database, packs: packs))
        }
    }

    private func treeChanges(
        from parent: String, to commit: String, steps trees: TreeSteps, unlike head: HeadVersions?, source: TreeSource
    ) throws(GitError) -> TreeChanges {
        var changes = TreeChanges()
        let parentRoot = try lookupCommit(parent).treeID
        let commitRoot = try lookupCommit(commit).treeID
        // Directories the commit gives their head version, as (the parent's version, if a directory, and the path
        // prefix): entered afterwards for removals, only if some file is new.
        var headEqual: [(old: git_oid?, new: git_oid, prefix: String)] = []
        var pending: [TreeStep] = []
        if let head, commitRoot.isSame(as: head.root) {
            headEqual.append((parentRoot, commitRoot, ""))
        } else {
            pending.append(TreeStep(
                old: try trees.tree(parentRoot, in: source, isParentSide: true),
                new: try trees.tree(commitRoot, in: source, isParentSide: false),
                head: try head.map { head throws(GitError) in try head.tree(head.root, in: source) }, prefix: ""))
        }
        try compare(&pending, trees: trees, head: head, source: source, headEqual: &headEqual, into: &changes)
        guard !changes.newContent.isEmpty else {
            // Parents' versions no step will ask for again: the next change of such a directory starts from the head's.
            for (old, _, _) in headEqual { if let old { trees.forget(old) } }
            return changes
        }
        for (old, new, prefix) in headEqual {
            guard let old, let head else { continue }
            // A directory new at this commit had nothing to remove.
            pending.append(TreeStep(
                old: try trees.tree(old, in: source, isParentSide: true), new: try head.tree(new, in: source).raw,
                head: nil, prefix: prefix, isHeadVersion: true))
        }
        try compare(&pending, trees: trees, head: head, source: source, headEqual: &headEqual, into: &changes)
        return changes
    }

    /// Two versions of a directory to compare, and the head's version of it.
    private struct TreeStep {
        var old: RawTree?
        var new: RawTree
        /// The head's version of the directory when the head has one and it is not `new`.
        var head: HeadVersions.IndexedTree?
        var prefix: String
        /// `new` is the head's version: only removals are looked for.
        var isHeadVersion = false
    }

    /// Compares the pending pairs of directory versions, and the subdirectories they lead to, recording what changed.
    private func compare(
        _ pending: inout [TreeStep], trees: TreeSteps, head: HeadVersions?, source: TreeSource,
        headEqual: inout [(old: git_oid?, new: git_oid, prefix: String)], into changes: inout TreeChanges
    ) throws(GitError) {
        while let step = pending.popLast() {
            let (old, new, prefix) = (step.old, step.new, step.prefix)
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
                let oldSubtree = paired.flatMap { paired in paired.isTree ? old?.id(of: paired) : nil }
                if step.isHeadVersion {
                    // Everything here is the head's: only removals are looked for, in directories the parent had too.
                    guard entry.isTree, let oldSubtree, let head else { continue }
                    let path = prefix + Self.decodedName(new.name(of: entry), undecodable: &changes.hasUndecodablePath)
                    pending.append(TreeStep(
                        old: try trees.tree(oldSubtree, in: source, isParentSide: true),
                        new: try head.tree(new.id(of: entry), in: source).raw, head: nil, prefix: path + "/",
                        isHeadVersion: true))
                    continue
                }
                // The head's entry of the same name and kind, and whether it names the same object.
                let headEntry = step.head?.entry(matching: entry, of: new)
                let isHeadVersion = headEntry.map { step.head?.raw.sameID($0, as: entry, of: new) == true } ?? false
                switch entry.mode {
                case GIT_FILEMODE_TREE.rawValue:
                    let path = prefix + Self.decodedName(new.name(of: entry), undecodable: &changes.hasUndecodablePath)
                    if isHeadVersion {
                        headEqual.append((oldSubtree, new.id(of: entry), path + "/"))
                        continue
                    }
                    var headSubtree: HeadVersions.IndexedTree?
                    if let head, let headEntry, let headTree = step.head {
                        headSubtree = try head.tree(headTree.raw.id(of: headEntry), in: source)
                    }
                    pending.append(TreeStep(
                        old: try oldSubtree.map { id throws(GitError) in try trees.tree(id, in: source, isParentSide: true) },
                        new: try trees.tree(new.id(of: entry), in: source, isParentSide: false), head: headSubtree,
                        prefix: path + "/"))
                case GIT_FILEMODE_BLOB.rawValue, GIT_FILEMODE_BLOB_EXECUTABLE.rawValue:
                    // The head's version of the file (a symlink to the same bytes is none): the range's diff shows it.
                    if isHeadVersion, let headEntry, HeadVersions.isFile(headEntry) { continue }
                    let path = prefix + Self.decodedName(new.name(of: entry), undecodable: &changes.hasUndecodablePath)
                    let id = new.id(of: entry)
                    changes.newContent.append((path, id.hex))
                    changes.sides.append(FileSides(
                        newID: id, newMode: entry.mode,
                        old: paired.flatMap { paired in old.map { (id: $0.id(of: paired), mode: paired.mode) } }))
                default:
                    continue
                }
            }
        }
    }

    /// Records a parent's entry the commit no longer has (a directory: every file under it).
    private func recordRemoval(
        _ entry: RawTree.Entry, of tree: RawTree, prefix: String, into changes: inout TreeChanges
    ) throws(GitError) {
        let path = prefix + Self.decodedName(tree.name(of: entry), undecodable: &changes.hasUndecodablePath)
        guard entry.isTree else {
            changes.removed.append(path)
            if HeadVersions.isFile(entry) { changes.removedFileIDs.append(tree.id(of: entry)) }
            return
        }
        var removed: [String] = []
        var ids: [git_oid] = []
        var undecodable = false
        // Every entry this walk visits is a regular file.
        try forEachFileEntry(in: try lookupTree(id: tree.id(of: entry)), prefix: path + "/") { path, id throws(GitError) in
            // The walk repairs names that are not UTF-8; a repaired one shows its replacement mark.
            if path.unicodeScalars.contains("\u{FFFD}") { undecodable = true }
            removed.append(path)
            ids.append(id)
        }
        changes.removed += removed
        changes.removedFileIDs += ids
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
        try forEachFileEntry(in: try rootTree(ofCommit: commit)) { path, id throws(GitError) in
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
    private var kept: [ObjectKey: RawTree] = [:]
    private var keptBytes = 0
    /// Trees of this many bytes in all are at most kept (a few megabytes); past it the walk starts afresh.
    private let maximumBytes: Int

    public init(maximumBytes: Int = 4 << 20) { self.maximumBytes = maximumBytes }

    /// The tree with `id`: a commit's version of a directory (`isParentSide` false), kept for the step that reads
    /// it as a parent's, or a parent's version, handed over by the step that read it as a commit's.
    func tree(_ id: git_oid, in source: TreeSource, isParentSide: Bool) throws(GitError) -> RawTree {
        let key = ObjectKey(id)
        if isParentSide {
            // The directory changes in this step: its parent version is not asked for again.
            if let known = kept.removeValue(forKey: key) {
                keptBytes -= known.bytes.count
                return known
            }
            return try source.tree(id)
        }
        if let known = kept[key] { return known }
        let tree = try source.tree(id)
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

    /// Lets go of a parent's version of a directory no step will ask for (the commit gave the directory its head
    /// version), so what is kept stays one snapshot of the tree.
    func forget(_ id: git_oid) {
        if let known = kept.removeValue(forKey: ObjectKey(id)) { keptBytes -= known.bytes.count }
    }
}

/// The trees of the commit a history walk leads to (a range's head), read as the walk reaches each directory and then
/// kept: `treeChanges(from:to:steps:unlike:)` leaves out what a commit changes to its head version.
public final class HeadVersions {
    /// The head's root tree.
    let root: git_oid
    private var trees: [ObjectKey: IndexedTree] = [:]

    init(root: git_oid) { self.root = root }

    /// The head's tree `id`, read once.
    func tree(_ id: git_oid, in source: TreeSource) throws(GitError) -> IndexedTree {
        let key = ObjectKey(id)
        if let known = trees[key] { return known }
        let tree = try IndexedTree(try source.tree(id))
        trees[key] = tree
        return tree
    }

    /// Whether a tree entry (the head's, or a removed one) is a regular file, as the diff reads files.
    static func isFile(_ entry: RawTree.Entry) -> Bool {
        entry.mode == GIT_FILEMODE_BLOB.rawValue || entry.mode == GIT_FILEMODE_BLOB_EXECUTABLE.rawValue
    }

    /// A head tree with its entries listed, so a name is found by binary search: a step asks the head about each
    /// entry it changes, and the head's tree is asked by every step that changes the directory.
    final class IndexedTree {
        let raw: RawTree
        private let entries: [RawTree.Entry]

        init(_ raw: RawTree) throws(GitError) {
            var entries: [RawTree.Entry] = []
            var offset = 0
            while offset < raw.bytes.count {
                let entry = try raw.entry(at: offset)
                entries.append(entry)
                offset = entry.end
            }
            self.raw = raw
            self.entries = entries
        }

        /// The entry of the same name and kind (file or directory) as `entry` of `tree`, if any. A tree out of git's
        /// order may hide an entry from the search: then the step reads a file it could have passed over, never the
        /// reverse.
        func entry(matching entry: RawTree.Entry, of tree: RawTree) -> RawTree.Entry? {
            var (low, high) = (0, entries.count)
            while low < high {
                let middle = (low + high) / 2
                let order = RawTree.order(entries[middle], of: raw, entry, of: tree)
                if order == 0 { return entries[middle] }
                if order < 0 { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}

/// Where a tree walk reads trees: the pack files through a pack reader where it can, libgit2's object database for the
/// rest.
struct TreeSource {
    let database: GitObjectDatabase
    let packs: PackReader?

    func tree(_ id: git_oid) throws(GitError) -> RawTree {
        try RawTree(reading: id, from: database, packs: packs)
    }
}

/// An object id as a dictionary key.
struct ObjectKey: Hashable {
    let head: UInt64, middle: UInt64, tail: UInt32

    init(_ id: git_oid) {
        (head, middle, tail) = withUnsafeBytes(of: id.id) { raw in
            (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        }
    }
}

extension GitCommit {
    /// The id of the commit's root tree, without looking the tree up.
    var treeID: git_oid { git_commit_tree_id(pointer).pointee }
}

extension git_oid {
    /// Whether two ids name the same object.
    func isSame(as other: git_oid) -> Bool { ObjectKey(self) == ObjectKey(other) }
}
