import GateCore
import GateSQL

/// varchar length changed.
struct VarcharLengthChangeDetector: SchemaHazardDetector {
    static let message =
        "changes a varchar length: narrowing rewrites the table under an exclusive lock and may fail on existing data"

    let description = DetectorDescription(
        id: "varchar-length-change", name: "varchar length changed", category: .schemaChange,
        rationale: """
            Changing a varchar length narrows (which rewrites and checks every row under an ACCESS EXCLUSIVE lock and can fail) or widens (cheap, but still an exclusive lock). Prefer text with a CHECK constraint added NOT VALID.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE users ALTER COLUMN name TYPE varchar(50);
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ADD CONSTRAINT users_name_length CHECK (char_length(name) <= 50) NOT VALID;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.varcharLengthChange, in: file, context: context, message: Self.message)
    }
}
