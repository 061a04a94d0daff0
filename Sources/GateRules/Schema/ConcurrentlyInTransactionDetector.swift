import GateCore
import GateSQL

/// CONCURRENTLY inside a transaction.
struct ConcurrentlyInTransactionDetector: SchemaHazardDetector {
    static let message =
        "CONCURRENTLY cannot run inside a transaction block; move it out of BEGIN/COMMIT or disable the migration's transaction"

    let description = DetectorDescription(
        id: "concurrently-in-transaction", name: "CONCURRENTLY inside a transaction", category: .schemaChange,
        rationale: """
            Postgres refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block, so the migration fails at deploy time. An explicit BEGIN in the file, or a framework that wraps migrations in a transaction (Rails without disable_ddl_transaction!, Django atomic migrations, Alembic outside autocommit_block, Knex and TypeORM by default), puts it inside one. golang-migrate's postgres driver sends a file as one query string, which Postgres runs as one implicit transaction, and Flyway refuses a file mixing such a statement with others (unless `mixed` is set): there it must be the file's only statement, a `SET lock_timeout` beside it included.
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
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN reviewed_at timestamptz;
                ↓CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/000042_reports_owner.up.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/0042_change.sql"),
            // golang-migrate and Flyway run a file whose one statement is the CONCURRENTLY outside a transaction.
            DetectorExample(
                """
                CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/000042_reports_owner.up.sql"),
            DetectorExample(
                """
                CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "src/main/resources/db/migration/V42__reports_owner.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.concurrentlyInTransaction, in: file, context: context, message: Self.message)
    }
}
