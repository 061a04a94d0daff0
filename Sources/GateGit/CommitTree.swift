import CLibgit2
import Foundation
import GateCode

/// A commit's tree as GateCode's index reads it: paths listed once (no blob is read for that), and a file's
/// bytes on demand, text files up to `maxFileSize` only. In worktree mode the working file wins, so reach sees
/// what `gate check` judges.
public final class CommitTree: SourceTree, @unchecked Sendable {
    private let repository: Repository
    private let commit: String
    private let workingDirectory: String?
    private let maxFileSize: Int
    /// libgit2 objects of one repository are not shared across threads; reads take turns.
    private let lock = NSLock()

    public init(repository: Repository, commit: String, workingDirectory: String? = nil, maxFileSize: Int = 1 << 20) {
        self.repository = repository
        self.commit = commit
        self.workingDirectory = workingDirectory
        self.maxFileSize = maxFileSize
    }

    public func paths() throws -> [String] {
        try lock.withLock { () throws(GitError) -> [String] in
            var result: [String] = []
            var pending: [(tree: GitTree, prefix: String)] = [(try repository.lookupCommit(commit).tree(), "")]
            while let (tree, prefix) = pending.popLast() {
                for index in 0..<git_tree_entrycount(tree.pointer) {
                    guard let entry = git_tree_entry_byindex(tree.pointer, index), let name = git_tree_entry_name(entry),
                          let id = git_tree_entry_id(entry)?.pointee
                    else { continue }
                    let path = prefix + String(cString: name)
                    switch git_tree_entry_filemode(entry) {
                    case GIT_FILEMODE_TREE: pending.append((try repository.lookupTree(id: id), path + "/"))
                    case GIT_FILEMODE_BLOB, GIT_FILEMODE_BLOB_EXECUTABLE: result.append(path)
                    default: continue
                    }
                }
            }
            return result
        }
    }

    public func contents(of path: String) throws -> [UInt8]? {
        if let workingDirectory {
            let url = URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path), data.count <= maxFileSize else { return nil }
            let bytes = [UInt8](data)
            return bytes.withUnsafeBufferPointer { TextBytes.skipReason($0) == nil } ? bytes : nil
        }
        return try lock.withLock { () throws(GitError) -> [UInt8]? in
            guard let bytes = try repository.fileContents(atCommit: commit, path: path), bytes.count <= maxFileSize
            else { return nil }
            return bytes.withUnsafeBufferPointer { TextBytes.skipReason($0) == nil } ? bytes : nil
        }
    }
}
