import CLibgit2

extension Repository {
    /// A file's bytes at a commit, or nil when the path does not exist there (or is not a file).
    public func fileContents(atCommit commit: String, path: String) throws(GitError) -> [UInt8]? {
        let tree = try lookupCommit(commit).tree()
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, tree.pointer, path)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "git_tree_entry_bypath")
        guard let entry else { return nil }
        let owned = GitTreeEntry(entry)
        guard git_tree_entry_type(owned.pointer) == GIT_OBJECT_BLOB,
              let id = git_tree_entry_id(owned.pointer)?.pointee
        else { return nil }
        return try lookupBlob(id: id).bytes
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
