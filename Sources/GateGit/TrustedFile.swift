import CLibgit2
import Foundation

extension Repository {
    /// A configuration file's bytes at a commit, read the way gate trusts it: nil when the path is absent;
    /// an error when it is there but is no regular file gate can trust (a directory, a submodule, a
    /// symlink leading out of the tree), since silently falling back to a default would open the gate.
    /// A symlink inside the tree is followed, at most `maxLinks` times.
    public func trustedFileContents(atCommit commit: String, path: String, maxLinks: Int = 8) throws(GitError) -> [UInt8]? {
        guard let (tree, resolved) = try resolveTrustedFile(atCommit: commit, path: path, maxLinks: maxLinks) else { return nil }
        return try blobBytes(tree, resolved)
    }

    /// Where a trusted read of `path` ends: the path itself, or the file its in-repository symbolic links lead to
    /// (`.gate/policy.yml` → `config/gate.yml`, whose edits are then edits of the policy); nil when there is none.
    public func trustedFilePath(atCommit commit: String, path: String, maxLinks: Int = 8) throws(GitError) -> String? {
        try resolveTrustedFile(atCommit: commit, path: path, maxLinks: maxLinks)?.path
    }

    private func resolveTrustedFile(atCommit commit: String, path: String, maxLinks: Int) throws(GitError) -> (
        tree: GitTree, path: String
    )? {
        let tree = try rootTree(ofCommit: commit)
        var current = path
        for _ in 0...maxLinks {
            // Every directory on the way must be a real directory: `.gate` as a symlink or submodule would hand
            // the policy to whatever it points at.
            let components = current.split(separator: "/").map(String.init)
            for depth in 1..<max(components.count, 1) {
                let prefix = components[0..<depth].joined(separator: "/")
                guard let mode = try entryMode(tree, prefix) else { try Self.linkLeadsNowhere(current, path: path); return nil }
                guard mode == GIT_FILEMODE_TREE else {
                    throw GitError.untrustedFile(path: path, reason: "\(prefix) is \(Self.describe(mode)), not a directory")
                }
            }
            guard let mode = try entryMode(tree, current) else { try Self.linkLeadsNowhere(current, path: path); return nil }
            switch mode {
            case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE:
                return (tree, current)
            case GIT_FILEMODE_LINK:
                let target = String(decoding: try blobBytes(tree, current), as: UTF8.self)
                guard let resolved = Self.resolveLink(target, from: current) else {
                    throw GitError.untrustedFile(
                        path: path, reason: "\(current) is a symlink to \(target), outside the repository")
                }
                current = resolved
            default:
                throw GitError.untrustedFile(path: path, reason: "\(current) is \(Self.describe(mode)), not a file")
            }
        }
        throw GitError.untrustedFile(path: path, reason: "more than \(maxLinks) symlinks in a row")
    }

    /// Where `path` in the working tree at `root` leads, read by the same rules as a commit's (`trustedFileContents`):
    /// the path itself when it is a regular file, or the file its symbolic links inside the tree lead to; nil when
    /// it is absent; an error when a directory on the way is no real directory or a link leaves the tree. So that
    /// `gate policy validate` checks the file `gate check` would trust, and never reads one it would refuse.
    public static func trustedWorkingTreePath(root: String, path: String, maxLinks: Int = 8) throws(GitError) -> String? {
        let files = FileManager.default
        func type(_ relative: String) -> FileAttributeType? {
            // attributesOfItem does not follow a final symbolic link, so a link is seen as one.
            (try? files.attributesOfItem(atPath: root + "/" + relative))?[.type] as? FileAttributeType
        }
        var current = path
        for _ in 0...maxLinks {
            let components = current.split(separator: "/").map(String.init)
            for depth in 1..<max(components.count, 1) {
                let prefix = components[0..<depth].joined(separator: "/")
                guard let kind = type(prefix) else { try linkLeadsNowhere(current, path: path); return nil }
                guard kind == .typeDirectory else {
                    throw GitError.untrustedFile(
                        path: path, reason: "\(prefix) is \(kind == .typeSymbolicLink ? "a symlink" : "a file"), not a directory")
                }
            }
            guard let kind = type(current) else { try linkLeadsNowhere(current, path: path); return nil }
            switch kind {
            case .typeRegular:
                return root + "/" + current
            case .typeSymbolicLink:
                let target = (try? files.destinationOfSymbolicLink(atPath: root + "/" + current)) ?? ""
                guard let resolved = resolveLink(target, from: current) else {
                    throw GitError.untrustedFile(
                        path: path, reason: "\(current) is a symlink to \(target), outside the repository")
                }
                current = resolved
            case .typeDirectory:
                throw GitError.untrustedFile(path: path, reason: "\(current) is a directory, not a file")
            default:
                throw GitError.untrustedFile(path: path, reason: "\(current) is not a regular file")
            }
        }
        throw GitError.untrustedFile(path: path, reason: "more than \(maxLinks) symlinks in a row")
    }

    /// Called when `current`, where the read of `path` has got to, is not there: fine for `path` itself (there is no
    /// such file), an error when a symbolic link led there, since the file was meant to be there and reading its
    /// absence as "no policy" would put the built-in default in place of the team's.
    private static func linkLeadsNowhere(_ current: String, path: String) throws(GitError) {
        guard current == path else {
            throw GitError.untrustedFile(path: path, reason: "it is a symlink to \(current), which does not exist")
        }
    }

    /// The mode of the entry at `path` in `tree`, or nil when there is none.
    private func entryMode(_ tree: GitTree, _ path: String) throws(GitError) -> git_filemode_t? {
        try treeEntry(tree, path: path).map { git_tree_entry_filemode($0.pointer) }
    }

    private func blobBytes(_ tree: GitTree, _ path: String) throws(GitError) -> [UInt8] {
        var entry: OpaquePointer?
        try LibGit2.check(git_tree_entry_bypath(&entry, tree.pointer, path), "git_tree_entry_bypath")
        guard let entry else { throw GitError.libgit2(function: "git_tree_entry_bypath", code: -1, message: "no entry") }
        let owned = GitTreeEntry(entry)
        guard let id = git_tree_entry_id(owned.pointer)?.pointee else {
            throw GitError.libgit2(function: "git_tree_entry_id", code: -1, message: "no id for \(path)")
        }
        return try lookupBlob(id: id).bytes
    }

    /// A symlink's target as a path from the tree's root, or nil when it leaves the tree (absolute, or too
    /// many `..`).
    static func resolveLink(_ target: String, from linkPath: String) -> String? {
        guard !target.hasPrefix("/") else { return nil }
        var parts = linkPath.split(separator: "/").dropLast().map(String.init)
        for part in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private static func describe(_ mode: git_filemode_t) -> String {
        switch mode {
        case GIT_FILEMODE_TREE: "a directory"
        case GIT_FILEMODE_COMMIT: "a submodule"
        case GIT_FILEMODE_LINK: "a symlink"
        default: "a file"
        }
    }
}

extension Repository {
    /// The regular files under `directory` at a commit (recursively), path and bytes; empty when the directory
    /// is absent. For small configuration directories (CI files), not for walking a whole tree.
    public func files(atCommit commit: String, under directory: String, maxFileSize: Int = 1 << 20) throws(GitError)
        -> [(path: String, bytes: [UInt8])]
    {
        let root = try rootTree(ofCommit: commit)
        var entry: OpaquePointer?
        let code = git_tree_entry_bypath(&entry, root.pointer, directory)
        if code == GIT_ENOTFOUND.rawValue { return [] }
        try LibGit2.check(code, "git_tree_entry_bypath")
        guard let entry else { return [] }
        let owned = GitTreeEntry(entry)
        guard git_tree_entry_filemode(owned.pointer) == GIT_FILEMODE_TREE,
              let id = git_tree_entry_id(owned.pointer)?.pointee
        else { return [] }
        let odb = try objectDatabase()
        var result: [(path: String, bytes: [UInt8])] = []
        try forEachFileEntry(in: try lookupTree(id: id), prefix: directory + "/") { path, childID throws(GitError) in
            guard try odb.header(of: childID).size <= maxFileSize else { return }
            result.append((path, try lookupBlob(id: childID).bytes))
        }
        return result.sorted { $0.path < $1.path }
    }
}
