import Foundation
import GateApprovals
import GateCore
import GateGit
import GatePolicy

/// One stored approval as `gate approvals list` shows it.
public struct ApprovalListing: Sendable, Equatable {
    public var id: String
    public var reviewer: String
    public var fingerprint: String
    /// The group fingerprints it signed (SPEC §4); nil for an approval made before them.
    public var fingerprints: [String: String]?
    public var created: String
    public var expires: String
    public var reason: String?
    public var location: String
    /// Nil when the approval is valid under the trusted policy (it may still not count for a given change).
    public var problem: String?
}

/// Which store and which trusted policy `gate approvals` works with.
public struct ApprovalsRequest: Sendable {
    public var check: CheckRequest
    public var store: ApprovalStoreKind?
    public var approvalsURL: String?

    public init(check: CheckRequest, store: ApprovalStoreKind? = nil, approvalsURL: String? = nil) {
        self.check = check
        self.store = store
        self.approvalsURL = approvalsURL
    }
}

/// `gate approvals list|revoke|fetch|push`.
public struct ApprovalsRunner: Sendable {
    public init() {}

    /// Every approval in the store, with its standing under the trusted policy.
    public func list(_ request: ApprovalsRequest, fingerprint: String? = nil) throws -> [ApprovalListing] {
        let (_, policy, store) = try open(request)
        return ApprovalVerifier(policy: policy).standing(records: try store.records())
            .filter { standing in
                guard let fingerprint else { return true }
                return standing.approval?.fingerprint == fingerprint
                    || standing.approval?.fingerprints?.values.contains(fingerprint) == true
            }
            .map { standing in
                ApprovalListing(
                    id: standing.record.id, reviewer: standing.approval?.reviewer ?? "(unknown)",
                    fingerprint: standing.approval?.fingerprint ?? "", fingerprints: standing.approval?.fingerprints,
                    created: standing.approval?.created ?? "",
                    expires: standing.approval?.expires ?? "", reason: standing.approval?.reason,
                    location: standing.record.location, problem: standing.problem)
            }
            .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
    }

    /// Records a signed revocation of the approval whose id starts with `idPrefix`, by its reviewer or an owner.
    public func revoke(_ request: ApprovalsRequest, idPrefix: String, keyPath: String?, revoker: String?,
                       reason: String?, pushRemote: String?, now: Date = Date()) throws -> (revoked: String, location: String)
    {
        let (repository, policy, store) = try open(request)
        let allRecords = try store.records()
        let matching = allRecords.filter { $0.kind == .approval && $0.id.hasPrefix(idPrefix.lowercased()) }
        guard idPrefix.count >= 6 else { throw ApprovalError.invalidArgument("give at least 6 characters of the approval id") }
        guard matching.count == 1, let target = matching.first else {
            throw ApprovalError.invalidArgument(matching.isEmpty
                ? "no approval with id \(idPrefix) in the store (see gate approvals list)"
                : "approval id \(idPrefix) is ambiguous: it matches \(matching.count) approvals")
        }
        let approval = try target.decodeApproval()
        let revokerID = try revoker ?? repository.configString("user.email")
        guard let revokerID, !revokerID.isEmpty else { throw ApprovalError.noReviewerIdentity }
        let verifier = ApprovalVerifier(policy: policy)
        // A second revocation would add a record that changes nothing and hide that the first one already holds.
        if let revoked = verifier.revocationProblem(ofApproval: target.id, in: allRecords) {
            throw ApprovalError.invalidArgument("approval \(target.id.prefix(16)) is already \(revoked)")
        }
        guard revokerID == approval.reviewer || verifier.isOwner(revokerID) else {
            throw ApprovalError.invalidArgument(
                "\(revokerID) may not revoke \(approval.reviewer)'s approval: only its reviewer or a member of owners can")
        }
        let key = try keyPath ?? repository.configString("user.signingkey")
        guard let key, !key.isEmpty else { throw ApprovalError.noSigningKey }
        let revocation = Revocation(approval: target.id, fingerprint: approval.fingerprint, reviewer: approval.reviewer,
                                    revoker: revokerID, reason: reason, created: now)
        let record = try ApproveRunner.withSigner(ApproveRunner.expandingHome(key)) { signer in
            try SignedRecord.sign(revocation, kind: .revocation, with: signer)
        }
        if let problem = verifier.signatureProblem(record, signer: revokerID) {
            throw ApprovalError.invalidArgument("the revocation would not count: \(problem)")
        }
        let location = try store.add(record, reviewer: revokerID, fingerprint: approval.fingerprint)
        if let pushRemote { try gitStore(store).push(to: pushRemote) }
        return (target.id, location)
    }

    /// Fetches the remote's approvals into the local ref (git store).
    @discardableResult
    public func fetch(_ request: ApprovalsRequest, remote: String) throws -> Bool {
        let repository = try Repository(discoveringFrom: request.check.repositoryPath)
        return try GitApprovalStore(repository: repository).fetch(from: remote)
    }

    /// Publishes the local approvals (git store), merging what others pushed.
    public func push(_ request: ApprovalsRequest, remote: String) throws {
        let repository = try Repository(discoveringFrom: request.check.repositoryPath)
        try GitApprovalStore(repository: repository).push(to: remote)
    }

    private func gitStore(_ store: any ApprovalStore) throws -> GitApprovalStore {
        guard let git = store as? GitApprovalStore else {
            throw ApprovalError.invalidArgument("fetch and push move the git store; the postgres store is shared already")
        }
        return git
    }

    private func open(_ request: ApprovalsRequest) throws -> (Repository, Policy, any ApprovalStore) {
        let repository = try Repository(discoveringFrom: request.check.repositoryPath)
        let change = try CheckRunner().resolve(request.check, in: repository)
        // A base without a policy lists no reviewer, so every approval of the first policy's change would read as
        // by a stranger; `gate check` judges those against the reviewers the added policy lists, and so does this.
        let policy = change.firstPolicy.map { FirstPolicyBootstrap.verificationPolicy(trusted: change.policy, candidate: $0) }
            ?? change.policy
        let selection = ApprovalStoreSelection(
            kind: request.store ?? policy.approvals.store, url: request.approvalsURL, environment: request.check.environment)
        return (repository, policy, try selection.open(repository: repository))
    }
}
