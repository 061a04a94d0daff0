import GateCore
import GateSQL

/// Column added with a volatile default.
struct VolatileDefaultDetector: SchemaHazardDetector {
    static let message =
        "adds a column whose default is volatile: Postgres rewrites the whole table under an exclusive lock; add it without a default and backfill in batches"

    let description = DetectorDescription(
        id: "volatile-default", name: "Column added with a volatile default", category: .schemaChange,
        rationale: """
            Since Postgres 11 a new column's default is stored in the catalog and existing rows are not touched, but only when the default is non-volatile. A volatile default (random(), gen_random_uuid(), clock_timestamp(), nextval()/serial), or a call of a function gate does not know to be stable (a user function may be volatile), must be evaluated per row, so Postgres rewrites the whole table under an ACCESS EXCLUSIVE lock. now() and CURRENT_TIMESTAMP are stable (evaluated once per statement), so on the Postgres 15 gate targets they are not flagged; before Postgres 11 every default rewrote the table.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ADD COLUMN token uuid DEFAULT gen_random_uuid();
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN created_at timestamptz DEFAULT now();
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all (every default before 11: rewriting-column)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.volatileDefault, in: file, context: context, message: Self.message)
    }
}
