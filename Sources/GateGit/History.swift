import CLibgit2
import GateCore

/// One commit of a range as the history scan reads it.
public struct RangeCommit: Sendable, Equatable {
    public var id: String
    /// Parent ids, first parent first.
    public var parents: [String]
    public var message: String

    public init(id: String, parents: [String], message: String) {
        self.id = id
        self.parents = parents
        self.message = message
    }

    /// The first line of the message.
    public var subject: String { String(TextLines(message, omittingEmpty: true).first ?? "") }
}

extension Repository {
    /// The commits reachable from `head` and not from `base`, oldest first, with parents and messages.
    public func rangeCommits(from base: String, to head: String) throws(GitError) -> [RangeCommit] {
        let hidden = base == Self.emptyTreeID ? nil : try lookupCommit(base).id
        var commits: [RangeCommit] = []
        try walkCommits(
            from: try lookupCommit(head).id, hiding: hidden, order: CommitWalkOrder(topological: true, oldestFirst: true)
        ) { id throws(GitError) in
            let commit = try lookupCommit(id: id)
            let parents = (0..<git_commit_parentcount(commit.pointer)).compactMap { index in
                git_commit_parent_id(commit.pointer, index)?.pointee.hex
            }
            let message = git_commit_message(commit.pointer).map { String(cString: $0) } ?? ""
            commits.append(RangeCommit(id: id.hex, parents: parents, message: message))
        }
        return commits
    }
}
