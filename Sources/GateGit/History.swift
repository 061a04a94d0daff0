import CLibgit2

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
    public var subject: String { String(message.split(separator: "\n", maxSplits: 1).first ?? "") }
}

extension Repository {
    /// The commits reachable from `head` and not from `base`, oldest first, with parents and messages.
    public func rangeCommits(from base: String, to head: String) throws(GitError) -> [RangeCommit] {
        var headID = try lookupCommit(head).id
        var walker: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walker, handle), "git_revwalk_new")
        guard let walker else { throw GitError.libgit2(function: "git_revwalk_new", code: -1, message: "no walker") }
        let walk = GitRevwalk(walker)
        try LibGit2.check(
            git_revwalk_sorting(walk.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue),
            "git_revwalk_sorting")
        try LibGit2.check(git_revwalk_push(walk.pointer, &headID), "git_revwalk_push")
        if base != Self.emptyTreeID {
            var baseID = try lookupCommit(base).id
            try LibGit2.check(git_revwalk_hide(walk.pointer, &baseID), "git_revwalk_hide")
        }
        var commits: [RangeCommit] = []
        var id = git_oid()
        while true {
            let code = git_revwalk_next(&id, walk.pointer)
            if code == GIT_ITEROVER.rawValue { break }
            try LibGit2.check(code, "git_revwalk_next")
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
