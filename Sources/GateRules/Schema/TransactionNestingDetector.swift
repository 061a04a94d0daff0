import GateCore
import GateSQL

/// Unbalanced or nested transaction.
struct TransactionNestingDetector: SchemaHazardDetector {
    static let message =
        "opens a transaction it never commits, nests one, or commits one it did not open: run by psql the migration is rolled back at the end, and inside a runner's transaction the COMMIT ends the runner's transaction early"

    let description = DetectorDescription(
        id: "transaction-nesting", name: "Unbalanced or nested transaction", category: .schemaChange,
        rationale: """
            A BEGIN without COMMIT is silently rolled back when the session ends; a BEGIN inside a transaction is only a warning, so the inner COMMIT commits everything before it; a stray COMMIT ends the transaction that gate deploy (or the framework) opened, so applying and recording the migration are no longer atomic. Flyway runs each migration in a transaction of its own and records it there: a BEGIN in the file nests in it. gate deploy sends none of a file's own BEGIN and COMMIT, and golang-migrate opens no transaction around a file, so a balanced pair there nests in nothing.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓BEGIN;
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                BEGIN;
                ALTER TABLE reports ADD COLUMN summary text;
                ↓BEGIN;
                ALTER TABLE reports ADD COLUMN title text;
                COMMIT;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                ↓BEGIN;
                SET LOCAL lock_timeout = '5s';
                ALTER TABLE reports ADD COLUMN note text;
                COMMIT;
                """,
                path: "src/main/resources/db/migration/V42__reports_note.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                BEGIN;
                ALTER TABLE reports ADD COLUMN summary text;
                COMMIT;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                BEGIN;
                SET LOCAL lock_timeout = '5s';
                ALTER TABLE reports ADD COLUMN note text;
                COMMIT;
                """,
                path: "db/migrations/000042_reports_note.up.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.transactionNesting, in: file, context: context, message: Self.message)
    }
}
