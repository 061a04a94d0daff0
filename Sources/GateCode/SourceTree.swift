/// The head tree the code index reads: which files exist and what they hold.
///
/// GateCode never opens a repository itself; GateGit implements this over a commit's tree and GateKit hands it
/// to the index, so this module stays free of libgit2.
public protocol SourceTree: Sendable {
    /// Every regular file's path in the tree, repository-relative with `/` separators.
    func paths() throws -> [String]
    /// A file's bytes, or nil when the path is not a readable text file of the tree.
    func contents(of path: String) throws -> [UInt8]?
}

/// A tree held in memory: tests and `gate rules` examples give the index their files this way.
public struct InMemorySourceTree: SourceTree {
    public let files: [String: [UInt8]]

    public init(_ files: [String: String]) { self.files = files.mapValues { Array($0.utf8) } }

    public func paths() throws -> [String] { files.keys.sorted() }
    public func contents(of path: String) throws -> [UInt8]? { files[path] }
}
