import GateCore
import GateSQL

/// Table moved to another tablespace.
struct SetTablespaceDetector: SchemaHazardDetector {
    static let message =
        "moves the table to another tablespace, copying every block under an ACCESS EXCLUSIVE lock; do it in a maintenance window or with pg_repack --tablespace"

    let description = DetectorDescription(
        id: "set-tablespace", name: "Table moved to another tablespace", category: .schemaChange,
        rationale: """
            ALTER TABLE … SET TABLESPACE copies the table's files to the new location while holding an ACCESS EXCLUSIVE lock: nothing reads or writes the table until the copy ends. No linter flags it; it looks like a metadata change and is not.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE events SET TABLESPACE archive_disk;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE events_2026 (id bigint PRIMARY KEY, payload jsonb) TABLESPACE archive_disk;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.setTablespace, in: file, context: context, message: Self.message)
    }
}
