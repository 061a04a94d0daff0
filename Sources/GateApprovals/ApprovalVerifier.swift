import Foundation
import GateCore
import GateGit
import GatePolicy

/// Judges recorded approvals against the trusted policy and a change (SPEC §4).
///
/// An approval counts for a requirement only if its signature verifies with one of the reviewer's keys in the
/// trusted policy, it is for this fingerprint, it has not expired (the policy's max-age caps any expiry), it was
/// not revoked, the reviewer is in the required group and (unless allow-self) authored or committed nothing in
/// the range. Every approval considered is returned with the reason it did not count.
public struct ApprovalVerifier: Sendable {
    public var policy: Policy
    public var now: Date
    /// Clock skew tolerated for approvals dated slightly in the future.
    public var allowedSkew: TimeInterval = 300

    public init(policy: Policy, now: Date = Date()) {
        self.policy = policy
        self.now = now
    }

    /// The change being judged.
    public struct Change: Sendable {
        /// The whole change's fingerprint, which approvals without per-group fingerprints are checked against.
        public var fingerprint: String
        /// Each required group's fingerprint, which approvals with per-group fingerprints are checked against.
        public var groupFingerprints: [String: String]
        /// The commits in the range, for the self-approval rule.
        public var commits: [CommitIdentity]
        /// Commits whose approvals concern this change even with another fingerprint (the range and its head; not the
        /// base, whose approvals signed a change already merged),
        /// so an approval of an earlier state of the same change is reported, not silently dropped.
        public var relatedCommits: Set<String>
        /// `Co-authored-by:` addresses per commit id, for the self-approval rule.
        public var coAuthors: [String: [String]]
        /// Where the change is; nil when the caller does not bind approvals (unit use).
        public var binding: Binding?
        /// The branch holding the change (`feature/summaries`), never its target; nil when it has none (a detached
        /// head). An approval made on this branch for the same repository and target is of this change too, though a
        /// rebase or amend took its head out of `relatedCommits`.
        public var branch: String?

        public init(fingerprint: String, groupFingerprints: [String: String] = [:], commits: [CommitIdentity],
                    relatedCommits: Set<String> = [], coAuthors: [String: [String]] = [:], binding: Binding? = nil,
                    branch: String? = nil) {
            self.fingerprint = fingerprint
            self.groupFingerprints = groupFingerprints
            self.commits = commits
            self.relatedCommits = relatedCommits.union(commits.map(\.id))
            self.coAuthors = coAuthors
            self.binding = binding
            self.branch = branch
        }
    }

    /// What an approval is bound to besides its fingerprint (SPEC §4), so the same flagged hunks in another
    /// repository, or merged into another branch, do not inherit it.
    public struct Binding: Sendable, Equatable {
        /// The repository's root commit; nil when it cannot be known (a shallow clone).
        public var repository: String?
        /// The branch the change merges into (`main`); empty when it has no name.
        public var target: String

        public init(repository: String?, target: String) {
            self.repository = repository
            self.target = target
        }
    }

    /// One approval's verdict, with the parsed approval when it could be read.
    public struct Verdict: Sendable, Equatable {
        public var record: SignedRecord
        public var approval: Approval?
        public var considered: ConsideredApproval
        /// The groups it counts for (empty when it does not count).
        public var countedGroups: [String]
    }

    /// Fills `satisfied`/`satisfiedBy` of each requirement and lists every approval that concerns the change.
    public func evaluate(records: [SignedRecord], change: Change, requirements: [Requirement])
        -> (approvals: [ConsideredApproval], requirements: [Requirement])
    {
        // Approvals of unrelated changes are history, not part of this change's story (and not worth verifying on
        // every check); unreadable ones could be anything, so they are always reported. An approval concerns the
        // change when it matches it, when its head is one of the change's commits, or when it was made on the
        // change's branch for its repository and target and is still in force (an expired one of a reused branch
        // name is another change's history).
        let relevant = records.filter { record in
            guard record.kind == .approval, let approval = try? record.decodeApproval() else { return true }
            return change.matches(approval) || approval.head.map(change.relatedCommits.contains) == true
                || (change.isOnBranch(of: approval) && timeProblem(approval) == nil)
        }
        let verdicts = judge(records: relevant, change: change, requiredGroups: requirements.map(\.group))
        var filled = requirements
        for index in filled.indices {
            var reviewers: [String] = []
            for verdict in verdicts where verdict.countedGroups.contains(filled[index].group) {
                let reviewer = verdict.considered.reviewer
                if !reviewers.contains(reviewer) { reviewers.append(reviewer) }
            }
            filled[index].satisfiedBy = reviewers
            filled[index].satisfied = reviewers.count >= filled[index].approvals
        }
        return (verdicts.map(\.considered), filled)
    }

    /// A verdict for every approval record (revocations are applied, not listed).
    public func judge(records: [SignedRecord], change: Change, requiredGroups: [String]) -> [Verdict] {
        let revocations = validRevocations(records)
        return records.filter { $0.kind == .approval }
            .map { judge($0, change: change, requiredGroups: requiredGroups, revocations: revocations) }
            .sorted { ($0.approval?.created ?? "", $0.record.location) < ($1.approval?.created ?? "", $1.record.location) }
    }

    private func judge(_ record: SignedRecord, change: Change, requiredGroups: [String],
                       revocations: [String: (Revocation, String)]) -> Verdict
    {
        func rejected(_ reviewer: String, _ fingerprint: String, _ approval: Approval?, _ reason: String) -> Verdict {
            Verdict(record: record, approval: approval,
                    considered: ConsideredApproval(reviewer: reviewer, fingerprint: fingerprint, counted: false, reason: reason),
                    countedGroups: [])
        }
        let approval: Approval
        do { approval = try record.decodeApproval() } catch {
            return rejected("(unknown)", "", nil, error.description)
        }
        let reviewer = approval.reviewer
        let fingerprint = approval.fingerprint
        if let problem = signatureProblem(record, signer: reviewer) {
            return rejected(reviewer, fingerprint, approval, problem)
        }
        if !change.matches(approval) {
            return rejected(reviewer, fingerprint, approval, differentChange(approval, change))
        }
        if let problem = bindingProblem(approval, change.binding) { return rejected(reviewer, fingerprint, approval, problem) }
        if let problem = timeProblem(approval) { return rejected(reviewer, fingerprint, approval, problem) }
        if let problem = revocationProblem(record, revocations) { return rejected(reviewer, fingerprint, approval, problem) }
        if let problem = selfApprovalProblem(of: reviewer, in: change) { return rejected(reviewer, fingerprint, approval, problem) }
        let policyGroups = policy.reviewers.first { $0.id == reviewer }?.groups ?? []
        let claimed = approval.groups.isEmpty ? policyGroups : approval.groups
        let eligible = requiredGroups.filter { policyGroups.contains($0) && claimed.contains($0) }
        // Per-group approvals count for exactly the groups whose findings are as they were signed; an approval
        // without them (an older gate's) stands or falls with the whole change's fingerprint, checked above.
        let counted = approval.fingerprints.map { Self.unchangedGroups(eligible, reviewed: $0, now: change.groupFingerprints) }
            ?? eligible
        if counted.isEmpty, !eligible.isEmpty {
            return rejected(reviewer, fingerprint, approval, differentChange(approval, change))
        }
        if counted.isEmpty {
            return rejected(reviewer, fingerprint, approval,
                            Self.notInRequiredGroup(reviewer, groups: policyGroups, required: requiredGroups))
        }
        // Counted for some groups only: say why not for the others, or a reader sees a group missing unexplained.
        let uncounted = eligible.filter { !counted.contains($0) }
        let partial = uncounted.isEmpty ? nil
            : "not counted for \(uncounted.joined(separator: ", ")): " + differentChange(approval, change, only: uncounted)
        return Verdict(record: record, approval: approval,
                       considered: ConsideredApproval(reviewer: reviewer, fingerprint: fingerprint, counted: true, reason: partial,
                                                      groups: counted),
                       countedGroups: counted)
    }

    /// Why an approval that concerns this change does not match it, naming the groups whose findings moved on.
    private func differentChange(_ approval: Approval, _ change: Change, only: [String]? = nil) -> String {
        let earlier = only == nil ? earlierVersion(approval, change) : nil
        guard var signed = approval.fingerprints, !signed.isEmpty else {
            let signed = earlier.map { "\($0): it approves \(short(approval.fingerprint))" }
                ?? "approves a different change (\(short(approval.fingerprint)))"
            return signed + ", not this one (\(short(change.fingerprint))): the flagged code or the policy changed since"
        }
        if let only { signed = signed.filter { only.contains($0.key) } }
        if signed.isEmpty { return "it carries no fingerprint for those groups' findings: approve again" }
        let changed = signed.keys.sorted().map { group -> String in
            guard let now = change.groupFingerprints[group] else {
                return "\(group) (\(short(signed[group] ?? ""))): nothing in this change needs \(group) now"
            }
            return "\(group) (\(short(signed[group] ?? "")), now \(short(now)))"
        }
        let lead = earlier.map { "\($0): the findings it signed changed for " } ?? "approves a different version of the findings it signed for "
        return lead + changed.joined(separator: "; ") + ": the flagged code for that group or the policy changed since"
    }

    /// For an approval tied to the change by its branch only (its head is no longer in the change's history), what its
    /// reason opens with: it is of this change, before a rebase or an amend, and its findings have changed since.
    private func earlierVersion(_ approval: Approval, _ change: Change) -> String? {
        guard approval.head.map(change.relatedCommits.contains) != true, change.isOnBranch(of: approval),
              let branch = approval.branch
        else { return nil }
        let head = approval.head.map { " at \($0.prefix(12))" } ?? ""
        return "approves an earlier version of this change (made\(head) on \(branch), since rebased or amended)"
    }

    /// An approval's standing regardless of any change: readable, signed by its reviewer, unexpired, unrevoked.
    public struct Standing: Sendable, Equatable {
        public var record: SignedRecord
        public var approval: Approval?
        /// Nil when the approval is valid (it may still not count for a given change).
        public var problem: String?
    }

    /// The standing of every approval record, for `gate approvals list`.
    public func standing(records: [SignedRecord]) -> [Standing] {
        let revocations = validRevocations(records)
        return records.filter { $0.kind == .approval }.map { record in
            let approval: Approval
            do { approval = try record.decodeApproval() } catch {
                return Standing(record: record, approval: nil, problem: "\(error)")
            }
            let problem = signatureProblem(record, signer: approval.reviewer) ?? timeProblem(approval)
                ?? revocationProblem(record, revocations)
            return Standing(record: record, approval: approval, problem: problem)
        }
    }

    /// Why an approval is not (or no longer) in force, or nil.
    private func timeProblem(_ approval: Approval) -> String? {
        guard let created = Timestamp.parse(approval.created), let expires = Timestamp.parse(approval.expires) else {
            return "unreadable created/expires time"
        }
        if created.timeIntervalSince(now) > allowedSkew { return "dated in the future (\(approval.created))" }
        let cap = created.addingTimeInterval(policy.approvals.maxAge.seconds)
        let effectiveExpiry = min(expires, cap)
        if effectiveExpiry <= now {
            let capped = cap < expires ? " (approvals.max-age \(policy.approvals.maxAge) caps it)" : ""
            return "expired at \(Timestamp.format(effectiveExpiry))\(capped)"
        }
        return nil
    }

    /// Why the approval `id` is revoked (by whom, when, and why), when a valid revocation in `records` revokes it.
    public func revocationProblem(ofApproval id: String, in records: [SignedRecord]) -> String? {
        guard let record = records.first(where: { $0.kind == .approval && $0.id == id }) else { return nil }
        return revocationProblem(record, validRevocations(records))
    }

    private func revocationProblem(_ record: SignedRecord, _ revocations: [String: (Revocation, String)]) -> String? {
        guard let (revocation, revoker) = revocations[record.id] else { return nil }
        let why = revocation.reason.map { ": \($0)" } ?? ""
        return "revoked by \(revoker) at \(revocation.created)\(why)"
    }

    /// Why a record's signature does not prove `signer` made it, or nil when it does.
    public func signatureProblem(_ record: SignedRecord, signer: String) -> String? {
        guard let reviewer = policy.reviewers.first(where: { $0.id == signer }) else {
            return "\(signer) is not a reviewer in the trusted policy"
        }
        var keys: [SSHPublicKey] = []
        var keyProblems: [String] = []
        for line in reviewer.keys {
            do { keys.append(try SSHPublicKey(line: line)) } catch { keyProblems.append(error.description) }
        }
        if keys.isEmpty {
            return "the trusted policy lists no usable key for \(signer)"
                + (keyProblems.isEmpty ? "" : " (\(keyProblems.joined(separator: "; ")))")
        }
        do {
            let signature = try SSHSignature(armored: record.signature)
            try signature.verify(
                message: record.payload, namespace: approvalSignatureNamespace, trustedKeys: keys, reviewer: signer)
            return nil
        } catch {
            return "signature rejected: \(error.description)"
        }
    }

    /// Revocations whose signature verifies and whose revoker may revoke: the revoked approval's own reviewer (as
    /// that approval says, never as the revocation claims) or an owner. A revocation of an approval that is not in
    /// `records` revokes nothing.
    private func validRevocations(_ records: [SignedRecord]) -> [String: (Revocation, String)] {
        var reviewers: [String: String] = [:]
        for record in records where record.kind == .approval {
            if let approval = try? record.decodeApproval() { reviewers[record.id] = approval.reviewer }
        }
        var valid: [String: (Revocation, String)] = [:]
        for record in records where record.kind == .revocation {
            guard let revocation = try? record.decodeRevocation(),
                  let reviewer = reviewers[revocation.approval],
                  signatureProblem(record, signer: revocation.revoker) == nil,
                  revocation.revoker == reviewer || isOwner(revocation.revoker)
            else { continue }
            valid[revocation.approval] = (revocation, revocation.revoker)
        }
        return valid
    }

    /// Whether `id` may revoke anyone's approval.
    public func isOwner(_ id: String) -> Bool {
        policy.reviewers.first { $0.id == id }?.groups.contains("owners") == true
    }

    /// Why `reviewer`'s approval is self-approval (`self-approval: alice@example.com authored 0123456789ab …`), or nil
    /// when they took no part in the change or the policy allows it.
    public func selfApprovalProblem(of reviewer: String, in change: Change) -> String? {
        guard !policy.approvals.allowSelf, let involvement = selfInvolvement(of: reviewer, in: change) else { return nil }
        return "self-approval: \(reviewer) \(involvement) in the range (approvals.allow-self is off)"
    }

    /// The reason for an approval from a reviewer none of whose groups the change requires.
    /// The groups whose findings are as the reviewer saw them (signed or reviewed): an approval counts for those.
    static func unchangedGroups(_ groups: [String], reviewed: [String: String], now: [String: String]) -> [String] {
        groups.filter { group in reviewed[group] != nil && reviewed[group] == now[group] }
    }

    static func notInRequiredGroup(_ reviewer: String, groups: [String], required: [String]) -> String {
        let requiredText = required.isEmpty ? "none" : required.joined(separator: ", ")
        let has = groups.isEmpty ? "none" : groups.joined(separator: ", ")
        return "\(reviewer) is not in a required group (required: \(requiredText); \(reviewer)'s groups in the trusted policy: \(has))"
    }

    /// How `reviewer` took part in the change (`authored 0123456789ab as alice@home.example`), or nil. Every identity
    /// of theirs counts: the id, the policy's `emails:`, GitHub noreply forms of them, and `Co-authored-by:` trailers.
    public func selfInvolvement(of reviewer: String, in change: Change) -> String? {
        let identity = ReviewerIdentity(reviewer: reviewer, policy: policy)
        for commit in change.commits {
            let roles = [("authored", commit.authorEmail), ("committed", commit.committerEmail)]
                + (change.coAuthors[commit.id] ?? []).map { ("co-authored", $0) }
            for (role, email) in roles where identity.matches(email) {
                let alias = email.caseInsensitiveCompare(reviewer) == .orderedSame ? "" : " as \(email)"
                return "\(role) \(commit.id.prefix(12))\(alias)"
            }
        }
        return nil
    }

    /// Why an approval does not belong to the change's repository and target branch, or nil.
    private func bindingProblem(_ approval: Approval, _ binding: Binding?) -> String? {
        guard let binding else { return nil }
        guard let repository = binding.repository else {
            return "this clone is shallow, so its root commit (which approvals are bound to) is unknown: fetch the whole history (git fetch --unshallow)"
        }
        guard let approved = approval.repository, let target = approval.target else {
            return "bound to no repository or target branch (made by an older gate): approve again"
        }
        if approved != repository {
            return "replayed from another repository: approved where the root commit is \(approved.prefix(12)), this repository's is \(repository.prefix(12))"
        }
        if target != binding.target {
            let approvedTarget = target.isEmpty ? "an unnamed branch" : target
            let thisTarget = binding.target.isEmpty ? "an unnamed branch" : binding.target
            return "replayed for another branch: approved for merging into \(approvedTarget), this change merges into \(thisTarget) (gate approve --target \(binding.target.isEmpty ? "BRANCH" : binding.target))"
        }
        return nil
    }

    func short(_ fingerprint: String) -> String { Self.short(fingerprint) }

    /// `sha256:0123456789ab…`: enough of a fingerprint to tell two apart in a report line.
    static func short(_ fingerprint: String) -> String {
        let hex = fingerprint.hasPrefix(Fingerprint.prefix) ? String(fingerprint.dropFirst(Fingerprint.prefix.count)) : fingerprint
        return Fingerprint.prefix + hex.prefix(12) + "…"
    }
}

extension ApprovalVerifier.Change {
    /// Whether `approval` was made on this change's branch, in this repository, for this target: the tie that survives
    /// a rebase. Without a known repository (a shallow clone) or branch there is none.
    public func isOnBranch(of approval: Approval) -> Bool {
        guard let branch, let approved = approval.branch, approved == branch, let binding,
              let repository = binding.repository
        else { return false }
        return approval.repository == repository && approval.target == binding.target
    }

    /// Whether an approval is of this change: one of its group fingerprints is this change's for that group, or,
    /// for an approval without group fingerprints, its whole fingerprint is this change's.
    public func matches(_ approval: Approval) -> Bool {
        guard let signed = approval.fingerprints else { return approval.fingerprint == fingerprint }
        return signed.contains { group, value in groupFingerprints[group] == value }
    }
}
