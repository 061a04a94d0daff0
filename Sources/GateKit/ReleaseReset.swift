import Foundation
import GateApprovals
import GateCore
import GateDeploy
import GateGit
import GatePolicy

/// What an owner signs to give a release a fresh attempt budget: "reset this release, for this reason".
public struct ReleaseResetStatement: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "gate.release-reset/v1"

    public var schema: String
    public var environment: String
    public var release: Int
    public var head: String
    public var reviewer: String
    public var reason: String
    public var created: String

    public init(environment: String, release: Int, head: String, reviewer: String, reason: String, created: Date) {
        self.schema = Self.schemaIdentifier
        self.environment = environment
        self.release = release
        self.head = head
        self.reviewer = reviewer
        self.reason = reason
        self.created = Timestamp.format(created)
    }
}

/// Who asks for `gate release reset` and with which key.
public struct ReleaseResetRequest: Sendable {
    public var deploy: DeployOptions
    public var reason: String
    /// The reviewer id; nil uses git's `user.email`.
    public var reviewer: String?
    /// The SSH key; nil uses git's `user.signingkey`.
    public var keyPath: String?

    public init(deploy: DeployOptions, reason: String, reviewer: String? = nil, keyPath: String? = nil) {
        self.deploy = deploy
        self.reason = reason
        self.reviewer = reviewer
        self.keyPath = keyPath
    }
}

extension DeployRunner {
    /// `gate release reset`: a fresh attempt budget for the environment's current release, signed like an approval
    /// by an `owners` reviewer of the trusted policy — the policy that judged the release (at the base the ledger
    /// recorded for it), never `--policy` and never a claimed name. Returns the release and who reset it.
    public func resetBudget(_ request: ReleaseResetRequest, now: Date = Date()) throws -> (ReleaseRecord, String) {
        var options = request.deploy
        guard options.policyFile == nil else {
            throw GateKitError.invalidArgument(
                "--policy cannot choose who may reset a release: the trusted policy is the one that judged it")
        }
        options.policyFile = nil
        let (deployRequest, source) = try resolve(options)
        let repository = try Repository(discoveringFrom: options.repositoryPath)
        let ledgerURL = deployRequest.ledgerURL ?? deployRequest.databaseURL
        let release = try DeployInspector.releaseToReset(
            environment: options.environment, head: options.head.map { _ in deployRequest.head }, ledgerURL: ledgerURL,
            policy: source.policy(base: deployRequest.head, head: deployRequest.head))
        let (policy, trusted) = try trustedPolicy(for: release, source: source)
        let owners = policy.reviewers.filter { $0.groups.contains("owners") }.map(\.id)
        guard !owners.isEmpty else {
            throw DeployError.refused(
                "the trusted policy (\(trusted)) names no reviewer in owners, so nobody can reset release \(release.id); add owners with SSH keys to .gate/policy.yml on the base branch")
        }
        let reviewer = try request.reviewer ?? repository.configString("user.email")
        guard let reviewer, !reviewer.isEmpty else { throw ApprovalError.noReviewerIdentity }
        guard owners.contains(reviewer) else {
            throw DeployError.refused(
                "\(reviewer) is not in owners in the trusted policy (\(trusted)); owners: \(owners.joined(separator: ", "))")
        }
        let key = try request.keyPath ?? repository.configString("user.signingkey")
        guard let key, !key.isEmpty else { throw ApprovalError.noSigningKey }
        let statement = ReleaseResetStatement(
            environment: options.environment, release: release.id, head: release.head, reviewer: reviewer,
            reason: request.reason, created: now)
        let record = try ApproveRunner.withSigner(ApproveRunner.expandingHome(key)) { signer in
            try SignedRecord.sign(statement, kind: .approval, with: signer)
        }
        if let problem = ApprovalVerifier(policy: policy).signatureProblem(record, signer: reviewer) {
            throw DeployError.refused("the reset is not signed by \(reviewer): \(problem)")
        }
        try DeployInspector.recordReset(release: release, ledgerURL: ledgerURL, by: reviewer, reason: request.reason)
        return (release, reviewer)
    }

    /// The policy at the base the ledger recorded for the release (what judged its gate); the built-in default when
    /// the release started from nothing.
    private func trustedPolicy(for release: ReleaseRecord, source: RepositoryReleaseSource) throws -> (Policy, String) {
        guard let base = release.base, !base.isEmpty, base != Repository.emptyTreeID else {
            return (PolicyLoader.builtin, "the built-in default: release \(release.id) has no base")
        }
        return (try source.policy(base: base, head: release.head), "base:.gate/policy.yml at \(base.prefix(12))")
    }
}
