import CLibgit2

extension Repository {
    /// How a commit walk orders and prunes what it visits.
    struct CommitWalkOrder {
        var topological = false
        var oldestFirst = false
        var firstParentOnly = false
    }

    /// Visits, through libgit2's revision walker, every commit reachable from `start` and not from `hidden`.
    ///
    /// The walker parses only what it needs (and reads the commit-graph when there is one), so it is the one way
    /// gate walks history: ranges for approvals and the history scan, the root commit, approvals pushed.
    func walkCommits(
        from start: git_oid, hiding hidden: git_oid? = nil, order: CommitWalkOrder = CommitWalkOrder(),
        _ visit: (git_oid) throws(GitError) -> Void
    ) throws(GitError) {
        var walker: OpaquePointer?
        try LibGit2.check(git_revwalk_new(&walker, handle), "git_revwalk_new")
        guard let walker else { throw GitError.libgit2(function: "git_revwalk_new", code: -1, message: "no walker") }
        let walk = GitRevwalk(walker)
        var sorting = GIT_SORT_NONE.rawValue
        if order.topological { sorting |= GIT_SORT_TOPOLOGICAL.rawValue }
        if order.oldestFirst { sorting |= GIT_SORT_REVERSE.rawValue }
        try LibGit2.check(git_revwalk_sorting(walk.pointer, sorting), "git_revwalk_sorting")
        if order.firstParentOnly {
            try LibGit2.check(git_revwalk_simplify_first_parent(walk.pointer), "git_revwalk_simplify_first_parent")
        }
        var pushed = start
        try LibGit2.check(git_revwalk_push(walk.pointer, &pushed), "git_revwalk_push")
        if var hidden { try LibGit2.check(git_revwalk_hide(walk.pointer, &hidden), "git_revwalk_hide") }
        var id = git_oid()
        while true {
            let code = git_revwalk_next(&id, walk.pointer)
            if code == GIT_ITEROVER.rawValue { return }
            try LibGit2.check(code, "git_revwalk_next")
            try visit(id)
        }
    }
}
