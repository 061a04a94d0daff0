import GateCore
import GateGit
import GatePolicy

/// Counts the recorded approvals of a change against its requirements (SPEC §4).
struct ApprovalCheck {
    /// Returns the approvals considered and the requirements with `satisfied`/`satisfiedBy` filled in.
    static func evaluate(
        fingerprint: String, requirements: [Requirement], policy: Policy, repository: Repository, range: ReportRange
    ) throws -> (approvals: [ConsideredApproval], requirements: [Requirement]) {
        ([], requirements)
    }
}
