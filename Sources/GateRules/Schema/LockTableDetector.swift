import GateCore
import GateSQL

/// Explicit LOCK TABLE.
struct LockTableDetector: SchemaHazardDetector {
    static let message =
        "locks an existing table explicitly for the rest of the transaction: every conflicting query queues behind the whole migration"

    let description = DetectorDescription(
        id: "lock-table", name: "Explicit LOCK TABLE", category: .schemaChange,
        rationale: """
            LOCK TABLE holds its lock until the transaction ends, so everything else the migration does runs while the table is unavailable, and while it waits for the lock every later query on the table queues behind it. Prefer the narrower locks the statements take themselves, with lock_timeout set.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                BEGIN;
                ↓LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE;
                UPDATE accounts SET balance_cents = 0 WHERE id = 42;
                COMMIT;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE ledger_entries (id bigint PRIMARY KEY, amount_cents bigint NOT NULL);
                LOCK TABLE ledger_entries IN SHARE MODE;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.lockTable, in: file, context: context, message: Self.message)
    }
}
