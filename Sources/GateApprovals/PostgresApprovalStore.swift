import GateCore
import GatePostgres

/// Approvals in Postgres (table `gate.approval_records`), shared by many CI runners without pushing refs.
///
/// Rows are append-only and keyed by the payload's digest, so recording the same statement twice is harmless.
public final class PostgresApprovalStore: ApprovalStore {
    private let connection: Connection

    /// Connects and creates the schema on first use.
    public init(url: String) throws {
        do { connection = try Connection(url) } catch { throw ApprovalError.store("\(error)") }
        try migrate()
    }

    private func migrate() throws {
        do {
            try connection.withTransaction { connection in
                // Two runners creating the table at once would collide on the catalog; serialise them.
                try connection.query("SELECT pg_advisory_xact_lock(hashtext('gate.approval_records'))")
                try connection.query("CREATE SCHEMA IF NOT EXISTS gate")
                try connection.query("""
                    CREATE TABLE IF NOT EXISTS gate.approval_records (
                        id text PRIMARY KEY,
                        kind text NOT NULL CHECK (kind IN ('approval', 'revocation')),
                        fingerprint text NOT NULL,
                        signer text NOT NULL,
                        payload text NOT NULL,
                        signature text NOT NULL,
                        recorded_at timestamptz NOT NULL DEFAULT now()
                    )
                    """)
                try connection.query(
                    "CREATE INDEX IF NOT EXISTS approval_records_fingerprint ON gate.approval_records (fingerprint)")
            }
        } catch {
            throw ApprovalError.store("cannot prepare gate.approval_records on \(connection.redactedTarget): \(error)")
        }
    }

    public func records() throws -> [SignedRecord] {
        let rows: [Row]
        do {
            rows = try connection.query(
                "SELECT id, kind, payload, signature FROM gate.approval_records ORDER BY recorded_at, id")
        } catch { throw ApprovalError.store("cannot read gate.approval_records: \(error)") }
        return rows.map { row in
            let id = row.string("id") ?? "?"
            // An unknown kind is kept as an approval so the verifier reports it instead of it vanishing.
            let kind = RecordKind(rawValue: row.string("kind") ?? "") ?? .approval
            return SignedRecord(
                kind: kind, payload: Array((row.string("payload") ?? "").utf8), signature: row.string("signature") ?? "",
                location: "gate.approval_records id \(id.prefix(16))")
        }
    }

    @discardableResult
    public func add(_ record: SignedRecord, reviewer: String, fingerprint: String) throws -> String {
        let payload = String(decoding: record.payload, as: UTF8.self)
        guard Array(payload.utf8) == record.payload else {
            throw ApprovalError.store("the payload is not UTF-8 text and cannot be stored")
        }
        let id = record.id
        let kind = record.kind.rawValue
        do {
            try connection.execute("""
                INSERT INTO gate.approval_records (id, kind, fingerprint, signer, payload, signature)
                VALUES (\(id), \(kind), \(fingerprint), \(reviewer), \(payload), \(record.signature))
                ON CONFLICT (id) DO NOTHING
                """)
        } catch { throw ApprovalError.store("cannot record in gate.approval_records: \(error)") }
        return "gate.approval_records id \(id.prefix(16))"
    }
}
