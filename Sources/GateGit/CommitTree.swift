import CLibgit2
import Foundation
import GateCode

/// A commit's tree as GateCode's index reads it: paths listed once (no blob is read for that), and a file's
/// bytes on demand, text files up to `maxFileSize` only (other encodings decoded like the diff's). In worktree mode the working file wins, so reach sees
/// what `gate check` judges.
public final class CommitTree: SourceTree, @unchecked Sendable {
    private let repository: Repository
    private let commit: String
    private let workingDirectory: String?
    private let maxFileSize: Int
    /// libgit2 objects of one repository are not shared across threads; reads take turns.
    private let lock = NSLock()
    /// The blob of each path `paths()` listed: read by its id, a file costs one object lookup, where finding it by
    /// path walks down the tree again (libgit2 looks up each directory of the path on every read).
    private var blobIDs: [String: git_oid] = [:]

    public init(repository: Repository, commit: String, workingDirectory: String? = nil, maxFileSize: Int = 1 << 20) {
        self.repository = repository
        self.commit = commit
        self.workingDirectory = workingDirectory
        self.maxFileSize = maxFileSize
    }

    public func paths() throws -> [String] {
        try lock.withLock { () throws(GitError) -> [String] in
            var result: [String] = []
            var ids: [String: git_oid] = [:]
            try repository.forEachFileEntry(in: try repository.rootTree(ofCommit: commit)) { path, id throws(GitError) in
                result.append(path)
                ids[path] = id
            }
            blobIDs = ids
            return result
        }
    }

    public func contents(of path: String) throws -> [UInt8]? {
        if let workingDirectory {
            let url = URL(fileURLWithPath: workingDirectory).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path), data.count <= maxFileSize else { return nil }
            return [UInt8](data).withUnsafeBufferPointer(TextBytes.readableText)
        }
        return try lock.withLock { () throws(GitError) -> [UInt8]? in
            let found: [UInt8]?
            if let id = blobIDs[path] {
                found = try repository.lookupBlob(id: id).bytes
            } else {
                // Not listed yet, or no regular file (a symbolic link): looked up by path.
                found = try repository.fileContents(atCommit: commit, path: path)
            }
            guard let bytes = found, bytes.count <= maxFileSize else { return nil }
            return bytes.withUnsafeBufferPointer(TextBytes.readableText)
        }
    }
}
