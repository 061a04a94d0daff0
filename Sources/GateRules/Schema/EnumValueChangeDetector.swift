import GateCore
import GateSQL

/// Enum value added or renamed.
struct EnumValueChangeDetector: Detector {
    static let message =
        "changes an enum's values: running code may reject or write the old label"

    let description = DetectorDescription(
        id: "enum-value-change", name: "Enum value added or renamed", category: .schemaChange,
        rationale: """
            ALTER TYPE ... ADD VALUE cannot be used in the same transaction before Postgres 12 and old code does not know the value; RENAME VALUE breaks every running instance that writes the old label. Ship readers first, then the new value.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TYPE report_status ADD VALUE 'archived';
                """,
                path: "db/migrations/0042_change.sql"),
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
                CREATE TYPE report_status AS ENUM ('new', 'done');
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.enumValueChange, in: file, context: context, message: Self.message)
    }
}
