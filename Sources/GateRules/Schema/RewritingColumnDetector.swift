import GateCore
import GateSQL

/// Column added that rewrites the table.
struct RewritingColumnDetector: SchemaHazardDetector {
    static let message =
        "adds a column Postgres must compute for every existing row (stored generated or identity column), rewriting the table under an ACCESS EXCLUSIVE lock; add a plain nullable column, backfill it in batches, then add the constraint"

    let description = DetectorDescription(
        id: "rewriting-column", name: "Column added that rewrites the table", category: .schemaChange,
        rationale: """
            A stored generated column or an identity column added to an existing table is filled in for every row, which rewrites the table while holding an ACCESS EXCLUSIVE lock. Before Postgres 11 any column with a default did the same. On a new table (created in the same migration) there is nothing to rewrite.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE audit_log ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE invoices (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    quantity integer NOT NULL,
                    unit_cents bigint NOT NULL,
                    total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED
                );
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ALTER TABLE orders ADD COLUMN total_cents bigint;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all (any default before 11)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.rewritingColumn, in: file, context: context, message: Self.message)
    }
}
