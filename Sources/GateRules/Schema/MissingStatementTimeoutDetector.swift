import GateCore
import GateSQL

/// Long statement without statement_timeout.
struct MissingStatementTimeoutDetector: SchemaHazardDetector {
    static let message =
        "may run long (a scan, rewrite, backfill or copy of an existing table) with no statement_timeout set before it: if it takes hours it holds its locks for hours"

    let description = DetectorDescription(
        id: "missing-statement-timeout", name: "Long statement without statement_timeout", category: .schemaChange,
        rationale: """
            Statements that scan or rewrite an existing table, or copy its rows, run as long as the table is big, holding their locks all the while. A raw SQL migration should SET statement_timeout before the first such statement so that a surprise fails fast instead of stalling production (gate deploy also sets the policy's deploy.statement-timeout, but the migration may be run by other tools). Quick metadata changes are not flagged, nor are the long statements that block no reads or writes: CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE; a timeout would only throw the scan's work away).
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓INSERT INTO report_archive SELECT * FROM reports WHERE created_at < now() - interval '1 year';
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '10min';
                INSERT INTO report_archive SELECT * FROM reports WHERE created_at < now() - interval '1 year';
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_change.sql"),
            // A long scan, but under SHARE UPDATE EXCLUSIVE: reads and writes go on, as for CREATE INDEX CONCURRENTLY.
            DetectorExample(
                """
                ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0043_validate_customer_fk.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.missingStatementTimeout, in: file, context: context, message: Self.message)
    }
}
