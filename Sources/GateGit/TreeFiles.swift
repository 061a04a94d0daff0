import CLibgit2

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
    /// diff walks both trees whole).
    public func treeChanges(from parent: String, to commit: String) throws(GitError) -> TreeChanges {
        var changes = TreeChanges()
        var pending: [(old: GitTree?, new: GitTree, prefix: String)] = [
            (try lookupCommit(parent).tree(), try lookupCommit(commit).tree(), "")
        ]
        func isTree(_ entry: OpaquePointer) -> Bool { git_tree_entry_filemode(entry) == GIT_FILEMODE_TREE }
        func decodedName(_ raw: UnsafePointer<CChar>) -> String {
            guard let decoded = String(validatingCString: raw) else {
                changes.hasUndecodablePath = true
                return String(cString: raw)
            }
            return decoded
        }
        while let (old, new, prefix) = pending.popLast() {
            for index in 0..<git_tree_entrycount(new.pointer) {
                guard let entry = git_tree_entry_byindex(new.pointer, index), let name = git_tree_entry_name(entry),
                      let id = git_tree_entry_id(entry)?.pointee
                else { continue }
                let before = old.flatMap { git_tree_entry_byname($0.pointer, name) }
                let mode = git_tree_entry_filemode(entry)
                if let before, git_tree_entry_filemode(before) == mode,
                   let previous = git_tree_entry_id(before)?.pointee, DiffReader.sameID(previous, id)
                {
                    continue
                }
                let path = prefix + decodedName(name)
                switch mode {
                case GIT_FILEMODE_TREE:
                    var oldSubtree: GitTree?
                    if let before, isTree(before), let oldID = git_tree_entry_id(before)?.pointee {
                        oldSubtree = try lookupTree(id: oldID)
                    }
                    pending.append((oldSubtree, try lookupTree(id: id), path + "/"))
                case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
                    changes.newContent.append((path, id.hex))
                default:
                    continue
                }
            }
            // What the parent had here that the commit does not (or has as the other kind, file against directory).
            guard let old else { continue }
            for index in 0..<git_tree_entrycount(old.pointer) {
                guard let entry = git_tree_entry_byindex(old.pointer, index), let name = git_tree_entry_name(entry),
                      let id = git_tree_entry_id(entry)?.pointee
                else { continue }
                if let after = git_tree_entry_byname(new.pointer, name), isTree(after) == isTree(entry) { continue }
                let path = prefix + decodedName(name)
                if isTree(entry) {
                    try forEachFileEntry(in: try lookupTree(id: id), prefix: path + "/") { path, _ throws(GitError) in
                        // The walk repairs names that are not UTF-8; a repaired one shows its replacement mark.
                        if path.unicodeScalars.contains("\u{FFFD}") { changes.hasUndecodablePath = true }
                        changes.removed.append(path)
                    }
                } else {
                    changes.removed.append(path)
                }
            }
        }
        return changes
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
