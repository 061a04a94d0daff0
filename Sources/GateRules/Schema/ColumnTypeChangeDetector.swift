import GateCore
import GateSQL

/// Column type changed.
struct ColumnTypeChangeDetector: SchemaHazardDetector {
    static let message =
        "changes a column's type: usually a full table rewrite under an exclusive lock, and old code may not read the new type"

    let description = DetectorDescription(
        id: "column-type-change", name: "Column type changed", category: .schemaChange,
        rationale: """
            ALTER COLUMN ... TYPE rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock for most type changes, and code reading the old type may break. Add a new column, backfill, switch the code, then drop the old one.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ALTER COLUMN score TYPE bigint;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ALTER COLUMN score SET DEFAULT 0;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.columnTypeChange, in: file, context: context, message: Self.message)
    }
}
