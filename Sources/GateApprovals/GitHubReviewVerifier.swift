import Foundation
import GateCore
import GatePolicy

/// One pull-request review as GitHub's REST API lists it (`GET /repos/{repo}/pulls/{n}/reviews`), the fields gate
/// reads.
public struct PullRequestReview: Sendable, Equatable {
    public var id: Int
    /// `user.login`.
    public var login: String
    /// `user.type == "Bot"`: an app's review, never a person's sign-off.
    public var isBot: Bool
    /// `APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`.
    public var state: String
    /// `commit_id`: the pull request's head when the review was submitted.
    public var commit: String?
    /// `submitted_at` (ISO 8601); nil for a pending review.
    public var submittedAt: String?

    public init(id: Int, login: String, isBot: Bool = false, state: String, commit: String?, submittedAt: String?) {
        self.id = id
        self.login = login
        self.isBot = isBot
        self.state = state
        self.commit = commit
        self.submittedAt = submittedAt
    }

    public static let approved = "APPROVED"
    /// The states that change where a reviewer stands; a comment (`COMMENTED`) or a pending review does not.
    public static let stateChanging: Set<String> = ["APPROVED", "CHANGES_REQUESTED", "DISMISSED"]
}

/// The fingerprints of the change as it was at a reviewed commit (`base...commit`, judged like the head).
public struct ReviewedFingerprints: Sendable, Equatable {
    public var fingerprint: String
    public var groupFingerprints: [String: String]

    public init(fingerprint: String, groupFingerprints: [String: String]) {
        self.fingerprint = fingerprint
        self.groupFingerprints = groupFingerprints
    }
}

/// Judges GitHub pull-request reviews as approvals (SPEC §4, `approvals.sources: [..., github-review]`).
///
/// Per login only the latest state-changing review counts, so a later CHANGES_REQUESTED or DISMISSED voids an
/// earlier APPROVED. An APPROVED review counts for reviewer R (whose entry names `github:` that login,
/// case-insensitively) for each required group of R's whose fingerprint at the reviewed commit equals the
/// change's now, under the same rules as SSH approvals: not expired (`max-age` from `submitted_at`), not self
/// (unless `allow-self`). Reviews by apps (`user.type` Bot) are never counted: a token can approve, a person signs off.
public struct GitHubReviewVerifier: Sendable {
    public var policy: Policy
    public var now: Date
    /// Clock skew tolerated for reviews dated slightly in the future.
    public var allowedSkew: TimeInterval = 300

    public init(policy: Policy, now: Date = Date()) {
        self.policy = policy
        self.now = now
    }

    /// One review's verdict; `reviewer` is the policy id it counted as (nil when it matches no reviewer).
    public struct Verdict: Sendable, Equatable {
        public var review: PullRequestReview
        public var reviewer: String?
        public var considered: ConsideredApproval
        public var countedGroups: [String]
    }

    /// Each login's latest state-changing review, in the order GitHub lists them (oldest first).
    public static func latestByLogin(_ reviews: [PullRequestReview]) -> [PullRequestReview] {
        var latest: [String: PullRequestReview] = [:]
        var order: [String] = []
        for review in reviews where PullRequestReview.stateChanging.contains(review.state) {
            let key = review.login.lowercased()
            if let earlier = latest[key] {
                // GitHub lists reviews oldest first; the submission time breaks any tie the order leaves.
                if (review.submittedAt ?? "") < (earlier.submittedAt ?? "") { continue }
            } else {
                order.append(key)
            }
            latest[key] = review
        }
        return order.compactMap { latest[$0] }
    }

    /// A verdict for every login whose reviews approved at some point (a reviewer whose approval was later voided
    /// is told why); `fingerprintsAt` gives the change's fingerprints at a reviewed commit, or throws why it cannot.
    public func judge(
        reviews: [PullRequestReview], change: ApprovalVerifier.Change, head: String, requiredGroups: [String],
        fingerprintsAt: (String) throws -> ReviewedFingerprints
    ) -> [Verdict] {
        let approvedOnce = Set(reviews.filter { $0.state == PullRequestReview.approved }.map { $0.login.lowercased() })
        return Self.latestByLogin(reviews).filter { approvedOnce.contains($0.login.lowercased()) }.map { review in
            judge(review, change: change, head: head, requiredGroups: requiredGroups, fingerprintsAt: fingerprintsAt)
        }
    }

    private func judge(
        _ review: PullRequestReview, change: ApprovalVerifier.Change, head: String, requiredGroups: [String],
        fingerprintsAt: (String) throws -> ReviewedFingerprints
    ) -> Verdict {
        let entry = policy.reviewers.first { $0.github?.lowercased() == review.login.lowercased() }
        let commit = review.commit ?? ""
        func considered(fingerprint: String, counted: Bool, reason: String?, groups: [String]? = nil) -> ConsideredApproval {
            ConsideredApproval(
                reviewer: entry?.id ?? "@\(review.login)", fingerprint: fingerprint, counted: counted, reason: reason,
                groups: groups, source: ApprovalSource.githubReview.rawValue, login: review.login,
                commit: commit.isEmpty ? nil : commit)
        }
        func rejected(_ reason: String, fingerprint: String = "") -> Verdict {
            Verdict(review: review, reviewer: entry?.id, considered: considered(fingerprint: fingerprint, counted: false, reason: reason),
                    countedGroups: [])
        }
        if review.isBot { return rejected("@\(review.login) is an app (user.type Bot), not a person: its reviews never count") }
        guard let entry else {
            return rejected("@\(review.login) is not a reviewer in the trusted policy (no reviewer names github: \(review.login))")
        }
        guard review.state == PullRequestReview.approved else {
            return rejected(
                "@\(review.login)'s latest review is \(review.state)\(review.submittedAt.map { " (\($0))" } ?? ""), which replaces their approval")
        }
        guard commit.count == 40, commit.allSatisfy(\.isHexDigit) else {
            return rejected("the review names no reviewed commit (commit_id)")
        }
        if let problem = timeProblem(review) { return rejected(problem) }
        if let problem = ApprovalVerifier(policy: policy, now: now).selfApprovalProblem(of: entry.id, in: change) {
            return rejected(problem)
        }
        let eligible = requiredGroups.filter(entry.groups.contains)
        if eligible.isEmpty {
            return rejected(ApprovalVerifier.notInRequiredGroup(entry.id, groups: entry.groups, required: requiredGroups))
        }
        let reviewed: ReviewedFingerprints
        if commit.lowercased() == head.lowercased() {
            reviewed = ReviewedFingerprints(fingerprint: change.fingerprint, groupFingerprints: change.groupFingerprints)
        } else {
            do { reviewed = try fingerprintsAt(commit.lowercased()) } catch {
                return rejected(
                    "the reviewed commit \(commit.prefix(12)) is not in this clone (\(error)): a force-push or a shallow clone; "
                        + "fetch it (actions/checkout with fetch-depth: 0) or ask for a new review")
            }
        }
        let counted = ApprovalVerifier.unchangedGroups(
            eligible, reviewed: reviewed.groupFingerprints, now: change.groupFingerprints)
        let stale = eligible.filter { !counted.contains($0) }
        let staleReason = stale.isEmpty ? nil
            : "stale: reviewed at \(commit.prefix(12)), where the findings for " + stale.map { group in
                let then = reviewed.groupFingerprints[group].map(short) ?? "none"
                return "\(group) had fingerprint \(then), now \(change.groupFingerprints[group].map(short) ?? "none")"
            }.joined(separator: "; ") + ": the flagged code for that group changed since; ask for a new review"
        if counted.isEmpty { return rejected(staleReason ?? "nothing to count", fingerprint: reviewed.fingerprint) }
        return Verdict(
            review: review, reviewer: entry.id,
            considered: considered(
                fingerprint: reviewed.fingerprint, counted: true, reason: staleReason.map { "not counted for \(stale.joined(separator: ", ")): \($0)" },
                groups: counted),
            countedGroups: counted)
    }

    /// Why a review is not (or no longer) in force: `max-age` runs from `submitted_at`.
    private func timeProblem(_ review: PullRequestReview) -> String? {
        guard let text = review.submittedAt, let submitted = Timestamp.parse(text) else {
            return "unreadable submitted_at time"
        }
        if submitted.timeIntervalSince(now) > allowedSkew { return "dated in the future (\(text))" }
        let expiry = submitted.addingTimeInterval(policy.approvals.maxAge.seconds)
        if expiry <= now {
            return "expired at \(Timestamp.format(expiry)) (approvals.max-age \(policy.approvals.maxAge) from the review's submission)"
        }
        return nil
    }

    private func short(_ fingerprint: String) -> String { ApprovalVerifier.short(fingerprint) }
}
