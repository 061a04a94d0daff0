import GateCore
import GateSQL

/// Enum value added or renamed.
struct EnumValueChangeDetector: SchemaHazardDetector {
    static let message =
        "changes an enum's values: running code may reject or write the old label"

    let description = DetectorDescription(
        id: "enum-value-change", name: "Enum value added or renamed", category: .schemaChange,
        rationale: """
            Before Postgres 12, ALTER TYPE ... ADD VALUE cannot run inside a transaction block (so it is flagged only when schema.postgres-version is below 12); RENAME VALUE breaks every running instance that writes the old label. Ship readers first, then the new value.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TYPE report_status RENAME VALUE 'done' TO 'closed';
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TYPE report_status ADD VALUE 'archived';
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                CREATE TYPE report_status AS ENUM ('new', 'done');
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "RENAME VALUE all; ADD VALUE < 12")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.enumValueChange, in: file, context: context, message: Self.message)
    }
}
