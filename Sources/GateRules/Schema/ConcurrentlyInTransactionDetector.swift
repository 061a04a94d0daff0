import GateCore
import GateSQL

/// CONCURRENTLY inside a transaction.
struct ConcurrentlyInTransactionDetector: SchemaHazardDetector {
    static let message =
        "CONCURRENTLY cannot run inside a transaction block; move it out of BEGIN/COMMIT or disable the migration's transaction"

    let description = DetectorDescription(
        id: "concurrently-in-transaction", name: "CONCURRENTLY inside a transaction", category: .schemaChange,
        rationale: """
            Postgres refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block, so the migration fails at deploy time. An explicit BEGIN in the file, or a framework that wraps migrations in a transaction (Rails without disable_ddl_transaction!, Django atomic migrations, Alembic outside autocommit_block, Knex and TypeORM by default), puts it inside one.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                BEGIN;
                ↓CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                COMMIT;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.concurrentlyInTransaction, in: file, context: context, message: Self.message)
    }
}
