import Foundation
import GateApprovals
import GateCore
import GateGit
import GatePolicy

/// Counts the recorded approvals of a change against its requirements (SPEC §4).
struct ApprovalCheck {
    /// Returns the approvals considered and the requirements with `satisfied`/`satisfiedBy` filled in.
    /// `baseRevision` is the base as the user named it (`origin/main`), for the target branch approvals bind to;
    /// `headRevision` the head as named (`feature`, nil for HEAD), for the branch the change is on.
    static func evaluate(
        fingerprint: String, groupFingerprints: [String: String] = [:], requirements: [Requirement], policy: Policy,
        repository: Repository, range: ReportRange, baseRevision: String? = nil, headRevision: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, bootstrap: FirstPolicyBootstrap? = nil,
        gitHubReviews: GitHubReviewApprovals? = nil
    ) throws -> (approvals: [ConsideredApproval], requirements: [Requirement], target: String?, notes: [String]) {
        // Nothing needs sign-off: the store is not even read (nor GitHub asked), so a check of a harmless change
        // needs neither.
        guard !requirements.isEmpty else { return ([], requirements, nil, []) }
        let sources = policy.approvals.sources
        // Approvals bind to the repository's root commit: before the first commit there is none, so no approval can
        // be this repository's, and the store is not read.
        let beforeFirstCommit = range.head == Repository.emptyTreeID
        // A policy that takes GitHub reviews only does not read (or trust) the SSH store at all.
        let records = sources.contains(.ssh) && !beforeFirstCommit
            ? try ApprovalStoreSelection(kind: policy.approvals.store, environment: environment).open(repository: repository).records()
            : []
        var notes: [String] = []
        if sources.contains(.ssh), !beforeFirstCommit, policy.approvals.store == .git,
           repository.referenceName(ofRevision: Repository.approvalsRef) == nil
        {
            notes.append(Self.noApprovalsRefNote)
        }
        let target = targetBranch(repository: repository, baseRevision: baseRevision, environment: environment)
        let branch = sourceBranch(repository: repository, headRevision: headRevision, target: target, environment: environment)
        // The root commit takes a walk of the whole first-parent history: only worth it when an approval of this
        // very fingerprint is there to be bound, or one made on this change's branch for its target is there to be
        // tied to it (no other approval reaches the binding check or is reported).
        let fingerprints = ApprovalVerifier.Change(fingerprint: fingerprint, groupFingerprints: groupFingerprints, commits: [])
        let bindable = records.contains { record in
            guard record.kind == .approval, let approval = try? record.decodeApproval() else { return false }
            return fingerprints.matches(approval) || (branch != nil && approval.branch == branch && approval.target == target)
        }
        // The walk over the range's commits serves only to judge approvals (self-approval, related heads).
        let readsReviews = gitHubReviews != nil && sources.contains(.githubReview)
        var change = records.isEmpty && !readsReviews
            ? fingerprints
            : try changeIdentity(
                fingerprint: fingerprint, groupFingerprints: groupFingerprints, repository: repository, range: range, baseRevision: baseRevision,
                environment: environment, target: target, bindRepository: bindable)
        if !bindable { change.binding = nil }
        change.branch = branch
        let verifier = ApprovalVerifier(policy: policy)
        var (approvals, judged) = verifier.evaluate(records: records, change: change, requirements: requirements)
        if let bootstrap {
            // The groups the first policy may sign off are judged against its reviewers, and only those groups:
            // its reviewers count for nothing else.
            let covered = requirements.filter { bootstrap.summary.groups.contains($0.group) }
            let (firstApprovals, firstJudged) = ApprovalVerifier(policy: bootstrap.verificationPolicy)
                .evaluate(records: records, change: change, requirements: covered)
            judged = judged.map { requirement in firstJudged.first { $0.group == requirement.group } ?? requirement }
            // Both lists hold the same records in the same order (which approvals concern the change and their
            // order do not depend on the policy); for each, the verdict that counted wins, else the one from the
            // policy that knows the reviewer, whose reason says more.
            let newReviewers = Set(bootstrap.verificationPolicy.reviewers.map(\.id))
            approvals = zip(approvals, firstApprovals).map { trusted, first in
                if trusted.counted { return trusted }
                return first.counted || newReviewers.contains(first.reviewer) ? first : trusted
            }
        }
        if beforeFirstCommit {
            notes.append("no approval counts before the first commit: approvals are bound to the repository's root commit")
        }
        if sources.contains(.githubReview) {
            if let gitHubReviews {
                let (verdicts, reviewNotes) = gitHubReviews.verdicts(
                    policy: policy, change: change, requiredGroups: requirements.map(\.group))
                approvals += verdicts.map(\.considered)
                judged = GitHubReviewApprovals.satisfying(judged, with: verdicts)
                notes += reviewNotes
            } else {
                notes.append("GitHub reviews do not count here: they are read only for a check of a pull request's commits")
            }
        }
        return (approvals, judged, target, notes)
    }

    /// The fingerprint plus who made the change (authors, committers, co-authors) and where it goes (the
    /// repository's root commit and the target branch), for the self-approval and replay rules.
    static func changeIdentity(
        fingerprint: String, groupFingerprints: [String: String] = [:], repository: Repository, range: ReportRange,
        baseRevision: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        target: String? = nil,
        bindRepository: Bool = true
    ) throws -> ApprovalVerifier.Change {
        var commits = try repository.commits(from: range.base, to: range.head)
        var coAuthors: [String: [String]] = [:]
        for commit in commits {
            let emails = ReviewerIdentity.coAuthorEmails(inMessage: try repository.commitMessage(commit.id))
            if !emails.isEmpty { coAuthors[commit.id] = emails }
        }
        if range.mode != .commits, let email = try repository.configString("user.email") {
            // Uncommitted changes are authored by whoever is about to commit them.
            commits.append(CommitIdentity(id: "(\(range.mode.rawValue) changes)", authorEmail: email, committerEmail: email))
        }
        let root = bindRepository
            ? try repository.rootCommit(of: range.base == Repository.emptyTreeID ? range.head : range.base) : nil
        let binding = ApprovalVerifier.Binding(
            repository: root,
            target: target ?? targetBranch(repository: repository, baseRevision: baseRevision, environment: environment))
        // Not the base: an approval whose head is the base signed a change already merged (a fast-forward), and
        // listing it as "not counted" on every later change would only be noise; the counting rules ignore this set.
        return ApprovalVerifier.Change(
            fingerprint: fingerprint, groupFingerprints: groupFingerprints, commits: commits, relatedCommits: [range.head], coAuthors: coAuthors,
            binding: binding)
    }

    /// Said when a check needs sign-off and the clone has no approvals ref at all: git fetches only branches and tags,
    /// so a fresh clone holds no approval however many were pushed.
    static let noApprovalsRefNote = "this clone has no \(Repository.approvalsRef), so no approval recorded in the repository "
        + "is seen here (a clone fetches branches and tags only): fetch it with "
        + "git fetch origin '+\(Repository.approvalsRef):\(Repository.approvalsRef)' (or gate approvals fetch origin), "
        + "then check again"

    /// The branch the change is on (never its target): the pull request's head branch under GitHub Actions, else the
    /// branch `headRevision` names (`feature`, `origin/feature`), else the branch checked out when the head is HEAD; nil
    /// on a detached head or another kind of reference. It ties approvals made on the branch to the change (SPEC §4).
    static func sourceBranch(
        repository: Repository, headRevision: String?, target: String, environment: [String: String]
    ) -> String? {
        var name = environment["GITHUB_HEAD_REF"].flatMap { $0.isEmpty ? nil : $0 } ?? PullRequestBase.headBranchFromEvent(environment)
        if name == nil, let reference = repository.referenceName(ofRevision: headRevision ?? "HEAD"),
           reference.hasPrefix("refs/heads/") || reference.hasPrefix("refs/remotes/")
        {
            name = shortBranchName(reference)
        }
        guard let name, !name.isEmpty, name != target, name != "HEAD" else { return nil }
        return name
    }

    /// The branch the change merges into: the pull request's base under GitHub Actions, else the branch the base
    /// revision names (or the one branch whose tip it is), else the repository's default branch.
    static func targetBranch(repository: Repository, baseRevision: String?, environment: [String: String]) -> String {
        if let name = environment["GITHUB_BASE_REF"], !name.isEmpty { return name }
        if let name = PullRequestBase.targetFromEvent(environment) { return name }
        let gateBase = environment["GATE_BASE"].flatMap { $0.isEmpty ? nil : $0 }
        if let revision = baseRevision ?? gateBase, revision != Repository.emptyTreeID {
            if let reference = repository.referenceName(ofRevision: revision) { return shortBranchName(reference) }
            let names = Set(((try? repository.branches(pointingAt: revision)) ?? []).map(shortBranchName))
            if names.count == 1, let only = names.first { return only }
        }
        return defaultBranch(of: repository)
    }

    /// The repository's default branch, as `gate check`'s default base finds it: what origin/HEAD points to, else
    /// main, else master (local or origin's); empty when none is there.
    static func defaultBranch(of repository: Repository) -> String {
        if let reference = repository.referenceName(ofRevision: "refs/remotes/origin/HEAD") {
            return shortBranchName(reference)
        }
        for name in ["main", "master"]
        where repository.referenceName(ofRevision: "refs/heads/\(name)") != nil
            || repository.referenceName(ofRevision: "refs/remotes/origin/\(name)") != nil
        {
            return name
        }
        return ""
    }

    /// `refs/heads/main` and `refs/remotes/origin/main` are both `main`; other references keep their full name.
    static func shortBranchName(_ reference: String) -> String {
        if reference.hasPrefix("refs/heads/") { return String(reference.dropFirst("refs/heads/".count)) }
        if reference.hasPrefix("refs/remotes/") {
            let rest = reference.dropFirst("refs/remotes/".count)
            if let slash = rest.firstIndex(of: "/") { return String(rest[rest.index(after: slash)...]) }
        }
        return reference
    }
}

/// Which approval store to use and how to reach it: one place for `gate check`, `approve` and `approvals`.
public struct ApprovalStoreSelection: Sendable {
    public static let urlEnvironmentVariable = "GATE_APPROVALS_URL"

    public var kind: ApprovalStoreKind
    /// The Postgres connection string; nil reads `$GATE_APPROVALS_URL`.
    public var url: String?
    public var environment: [String: String]

    public init(kind: ApprovalStoreKind, url: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.kind = kind
        self.url = url
        self.environment = environment
    }

    public func open(repository: Repository) throws -> any ApprovalStore {
        switch kind {
        case .git:
            return GitApprovalStore(repository: repository)
        case .postgres:
            guard let url = url ?? environment[Self.urlEnvironmentVariable], !url.isEmpty else {
                throw ApprovalError.invalidArgument(
                    "the approvals store is postgres but no URL was given: pass --approvals-url or set $\(Self.urlEnvironmentVariable)")
            }
            return try PostgresApprovalStore(url: url)
        }
    }
}
