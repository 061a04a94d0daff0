import GateCore

/// Approvals in Postgres (table `gate.approvals`), shared by many CI runners.
public final class PostgresApprovalStore: ApprovalStore {
    public init(url: String) throws {
        throw ApprovalError.store(
            "the postgres approvals store is not available in this build (\(Redaction.redactConnectionString(url)))")
    }

    public func records() throws -> [SignedRecord] { [] }

    public func add(_ record: SignedRecord, reviewer: String, fingerprint: String) throws -> String { "" }
}
