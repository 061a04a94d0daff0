import Foundation
import GateApprovals
import GateCore
import GateGit
import GatePolicy

/// What `gate approve` should sign off.
public struct ApproveRequest: Sendable {
    public var check: CheckRequest
    /// A private key, or a public key whose private half is in ssh-agent; nil uses git's `user.signingkey`.
    public var keyPath: String?
    /// The reviewer id; nil uses git's `user.email`.
    public var reviewer: String?
    public var reason: String?
    /// How long the approval lasts; nil (and anything longer) is capped at the policy's `approvals.max-age`.
    public var expiresIn: TimeSpan?
    /// Overrides the policy's `approvals.store`.
    public var store: ApprovalStoreKind?
    public var approvalsURL: String?
    /// Publish to this remote after recording (git store only).
    public var pushRemote: String?
    /// The branch the change merges into; nil works it out as `gate check` does.
    public var target: String?

    public init(check: CheckRequest, keyPath: String? = nil, reviewer: String? = nil, reason: String? = nil,
                expiresIn: TimeSpan? = nil, store: ApprovalStoreKind? = nil, approvalsURL: String? = nil,
                pushRemote: String? = nil, target: String? = nil) {
        self.target = target
        self.check = check
        self.keyPath = keyPath
        self.reviewer = reviewer
        self.reason = reason
        self.expiresIn = expiresIn
        self.store = store
        self.approvalsURL = approvalsURL
        self.pushRemote = pushRemote
    }
}

/// The change about to be approved, shown to the reviewer before anything is signed.
public struct ApprovalPlan: Sendable {
    public var report: Report
    public var policy: Policy
    public var reviewer: String
    /// The required groups the reviewer belongs to in the trusted policy: what the approval claims.
    public var groups: [String]
    public var keyPath: String
    public var expires: Date
    public var created: Date
    /// Things the reviewer should know (a capped expiry, a self-approval that will not count, a block).
    public var warnings: [String]
    /// The repository and target branch the approval is bound to.
    public var binding: ApprovalVerifier.Binding?
    /// The branch holding the change, recorded so a check after a rebase still reports the approval (SPEC §4).
    public var branch: String?

    /// The fingerprint of each group the approval claims: what it binds to (SPEC §4).
    public var groupFingerprints: [String: String] {
        (report.fingerprints ?? [:]).filter { groups.contains($0.key) }
    }

    /// False when nothing in the change needs sign-off, so there is nothing to sign.
    public var needsSignOff: Bool { !report.requirements.isEmpty }
}

/// What `gate approve` recorded.
public struct ApproveOutcome: Sendable {
    public var approvalID: String
    public var location: String
    public var pushedTo: String?
}

/// `gate approve`: check the change, then sign and record an approval of its fingerprint.
public struct ApproveRunner: Sendable {
    public init() {}

    /// Runs the check and works out who signs what, with which key, until when; signs nothing yet.
    public func prepare(_ request: ApproveRequest, now: Date = Date()) throws -> ApprovalPlan {
        let repository = try Repository(discoveringFrom: request.check.repositoryPath)
        let change = try CheckRunner().resolve(request.check, in: repository)
        var check = request.check
        if let url = request.approvalsURL { check.environment[ApprovalStoreSelection.urlEnvironmentVariable] = url }
        let report = try CheckRunner().run(check)
        var policy = change.policy
        let reviewerID = try request.reviewer ?? repository.configString("user.email")
        guard let reviewerID, !reviewerID.isEmpty else { throw ApprovalError.noReviewerIdentity }
        var warnings: [String] = []
        var groups: [String] = []
        var binding: ApprovalVerifier.Binding?
        var branch: String?
        var required = report.requirements.map(\.group)
        var trustedSource = change.policySource.source
        // First-policy bootstrap: the reviewers the added policy lists sign, for the groups it may sign off only,
        // and their approval is checked against that policy's keys as `gate check` will check it.
        if let bootstrap = report.policy.bootstrap, let first = change.firstPolicy,
           !policy.reviewers.contains(where: { $0.id == reviewerID }) {
            policy = FirstPolicyBootstrap.verificationPolicy(trusted: policy, candidate: first)
            required = required.filter(bootstrap.groups.contains)
            trustedSource = "\(bootstrap.source), added by this change (first-policy bootstrap)"
        }
        if !report.requirements.isEmpty {
            guard let reviewer = policy.reviewers.first(where: { $0.id == reviewerID }) else {
                throw ApprovalError.invalidArgument(
                    "\(reviewerID) is not a reviewer in the trusted policy (\(trustedSource)); "
                        + "reviewers: \(policy.reviewers.map(\.id).joined(separator: ", "))")
            }
            groups = required.filter(reviewer.groups.contains)
            guard !groups.isEmpty else {
                throw ApprovalError.invalidArgument(
                    "\(reviewerID) is in none of the groups this change needs (\(required.joined(separator: ", "))); "
                        + "\(reviewerID)'s groups: \(reviewer.groups.joined(separator: ", "))")
            }
            let identity = try ApprovalCheck.changeIdentity(
                fingerprint: report.fingerprint, groupFingerprints: report.fingerprints ?? [:], repository: repository,
                range: report.range, baseRevision: request.check.base, environment: request.check.environment, target: request.target)
            binding = identity.binding
            branch = ApprovalCheck.sourceBranch(
                repository: repository, headRevision: request.check.head, target: identity.binding?.target ?? "",
                environment: request.check.environment)
            if binding?.repository == nil {
                throw ApprovalError.invalidArgument(
                    "this clone is shallow, so the repository's root commit (which approvals are bound to) is unknown: git fetch --unshallow")
            }
            if !policy.approvals.allowSelf,
               let involvement = ApprovalVerifier(policy: policy).selfInvolvement(of: reviewerID, in: identity) {
                warnings.append("\(reviewerID) \(involvement) in this change: "
                                + "the approval will be recorded but will not count (approvals.allow-self is off)")
            }
            if report.decision == .block {
                warnings.append("the change is blocked by a finding no approval can lift; it stays blocked")
            }
        }
        let keyPath = try request.keyPath ?? repository.configString("user.signingkey")
        guard let keyPath, !keyPath.isEmpty else { throw ApprovalError.noSigningKey }
        var lifetime = policy.approvals.maxAge
        if let asked = request.expiresIn {
            guard asked.milliseconds > 0 else {
                throw ApprovalError.invalidArgument("--expires must be longer than 0: the approval would have expired already")
            }
            if asked > policy.approvals.maxAge {
                warnings.append("--expires \(asked) is longer than approvals.max-age \(policy.approvals.maxAge); capped")
            } else {
                lifetime = asked
            }
        }
        return ApprovalPlan(
            report: report, policy: policy, reviewer: reviewerID, groups: groups,
            keyPath: Self.expandingHome(keyPath), expires: now.addingTimeInterval(lifetime.seconds), created: now,
            warnings: warnings, binding: binding, branch: branch)
    }

    /// Signs the plan's approval, checks it would verify against the trusted policy, records and optionally pushes it.
    public func record(_ plan: ApprovalPlan, request: ApproveRequest) throws -> ApproveOutcome {
        guard plan.needsSignOff else { throw ApprovalError.invalidArgument("nothing in this change needs sign-off") }
        let approval = Approval(
            fingerprint: plan.report.fingerprint, fingerprints: plan.groupFingerprints, reviewer: plan.reviewer,
            groups: plan.groups, reason: request.reason,
            created: plan.created, expires: plan.expires, base: plan.report.range.base, head: plan.report.range.head,
            repository: plan.binding?.repository, target: plan.binding?.target, branch: plan.branch)
        let record = try Self.withSigner(plan.keyPath) { signer in
            try SignedRecord.sign(approval, kind: .approval, with: signer)
        }
        // A key of another type is refused for what it is, whoever it is listed for.
        if let signature = try? SSHSignature(armored: record.signature), signature.publicKey.type != SSHKeyBlob.ed25519Type {
            throw ApprovalError.invalidArgument(
                "\(plan.keyPath) is an \(signature.publicKey.type) key; approvals are signed with Ed25519 keys only "
                    + "(ssh-keygen -t ed25519), whose public half the trusted policy lists for \(plan.reviewer)")
        }
        // Refuse to record what the gate would reject anyway: better to hear it now than in CI.
        if let problem = ApprovalVerifier(policy: plan.policy).signatureProblem(record, signer: plan.reviewer) {
            throw ApprovalError.invalidArgument(
                "the approval would not count: \(problem). Sign with a key the trusted policy lists for \(plan.reviewer).")
        }
        let repository = try Repository(discoveringFrom: request.check.repositoryPath)
        let selection = ApprovalStoreSelection(
            kind: request.store ?? plan.policy.approvals.store, url: request.approvalsURL,
            environment: request.check.environment)
        let store = try selection.open(repository: repository)
        let location = try store.add(record, reviewer: plan.reviewer, fingerprint: plan.report.fingerprint)
        var pushed: String?
        if let remote = request.pushRemote {
            guard let gitStore = store as? GitApprovalStore else {
                throw ApprovalError.invalidArgument("--push publishes the git store; the postgres store is shared already")
            }
            try gitStore.push(to: remote)
            pushed = remote
        }
        return ApproveOutcome(approvalID: record.id, location: location, pushedTo: pushed)
    }

    /// Runs `body` with a signer for `keyPath`; a `key::ssh-ed25519 …` literal (as git allows) goes through a
    /// temporary public-key file so ssh-keygen asks ssh-agent for the private half.
    static func withSigner<T>(_ keyPath: String, _ body: (SSHSigner) throws -> T) throws -> T {
        guard keyPath.hasPrefix("key::") else { return try body(SSHSigner(keyPath: keyPath)) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gate-signing-\(UUID().uuidString).pub")
        try Data((String(keyPath.dropFirst("key::".count)) + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try body(SSHSigner(keyPath: file.path))
    }

    static func expandingHome(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] else { return path }
        return home + path.dropFirst(1)
    }
}
