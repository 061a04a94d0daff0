import Foundation
import GateApprovals
import GateCore
import GateGit
import GatePolicy

/// Counts the recorded approvals of a change against its requirements (SPEC §4).
struct ApprovalCheck {
    /// Returns the approvals considered and the requirements with `satisfied`/`satisfiedBy` filled in.
    static func evaluate(
        fingerprint: String, requirements: [Requirement], policy: Policy, repository: Repository, range: ReportRange,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> (approvals: [ConsideredApproval], requirements: [Requirement]) {
        // Nothing needs sign-off: the store is not even read, so a check of a harmless change needs no store.
        guard !requirements.isEmpty else { return ([], requirements) }
        let store = try ApprovalStoreSelection(kind: policy.approvals.store, environment: environment).open(repository: repository)
        let records = try store.records()
        // The walk over the range's commits serves only to judge recorded approvals (self-approval, related heads).
        let change = records.isEmpty
            ? ApprovalVerifier.Change(fingerprint: fingerprint, commits: [])
            : try changeIdentity(fingerprint: fingerprint, repository: repository, range: range)
        let verifier = ApprovalVerifier(policy: policy)
        return verifier.evaluate(records: records, change: change, requirements: requirements)
    }

    /// The fingerprint plus who made the change, for the self-approval rule.
    static func changeIdentity(fingerprint: String, repository: Repository, range: ReportRange) throws
        -> ApprovalVerifier.Change
    {
        var commits = try repository.commits(from: range.base, to: range.head)
        if range.mode != .commits, let email = try repository.configString("user.email") {
            // Uncommitted changes are authored by whoever is about to commit them.
            commits.append(CommitIdentity(id: "(\(range.mode.rawValue) changes)", authorEmail: email, committerEmail: email))
        }
        return ApprovalVerifier.Change(
            fingerprint: fingerprint, commits: commits, relatedCommits: [range.base, range.head])
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
