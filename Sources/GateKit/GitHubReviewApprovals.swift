import Foundation
import GateApprovals
import GateCore
import GatePolicy

/// GitHub pull-request reviews as a source of sign-off (`approvals.sources: [..., github-review]`, SPEC §4): reads
/// the pull request's reviews and judges them against the trusted policy.
///
/// Fails closed: without a token or a pull request, or when the API answers with an error or an unexpected body,
/// no review counts and a note says what is missing. Only a check that has something to sign off, under a policy
/// that names `github-review`, ever gets this far, so nothing else reaches the network.
struct GitHubReviewApprovals {
    var environment: [String: String]
    /// The commit the change is judged at; a review of it is compared with the change's own fingerprints.
    var head: String
    /// The change's fingerprints at an earlier reviewed commit (`base...commit`, judged as the check judges the head).
    var fingerprintsAt: (String) throws -> ReviewedFingerprints
    var now: Date = Date()

    /// A verdict for each login that approved, and the notes for the report.
    func verdicts(policy: Policy, change: ApprovalVerifier.Change, requiredGroups: [String])
        -> (verdicts: [GitHubReviewVerifier.Verdict], notes: [String])
    {
        let reviews: [PullRequestReview]
        do {
            reviews = try GitHubReviewsClient.fromEnvironment(environment).reviews()
        } catch {
            return ([], ["GitHub reviews not counted: \(error.description)"])
        }
        var memo: [String: Result<ReviewedFingerprints, any Error>] = [:]
        let verdicts = GitHubReviewVerifier(policy: policy, now: now).judge(
            reviews: reviews, change: change, head: head, requiredGroups: requiredGroups
        ) { commit in
            // Several reviewers often approve the same commit: its range is judged once.
            if memo[commit] == nil { memo[commit] = Result { try fingerprintsAt(commit) } }
            return try memo[commit].map { try $0.get() } ?? fingerprintsAt(commit)
        }
        return (verdicts, [])
    }

    /// The requirements with the reviewers whose reviews counted added to `satisfiedBy` (once each: a reviewer who
    /// approved both by SSH and on GitHub is one approval).
    static func satisfying(_ requirements: [Requirement], with verdicts: [GitHubReviewVerifier.Verdict]) -> [Requirement] {
        requirements.map { requirement in
            var requirement = requirement
            for verdict in verdicts where verdict.countedGroups.contains(requirement.group) {
                guard let reviewer = verdict.reviewer, !requirement.satisfiedBy.contains(reviewer) else { continue }
                requirement.satisfiedBy.append(reviewer)
            }
            requirement.satisfied = requirement.satisfiedBy.count >= requirement.approvals
            return requirement
        }
    }
}
