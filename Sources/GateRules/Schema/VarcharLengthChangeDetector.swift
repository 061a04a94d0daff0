import GateCore
import GateSQL

/// varchar length changed.
struct VarcharLengthChangeDetector: SchemaHazardDetector {
    static let message =
        "changes a varchar length: narrowing rewrites the table under an exclusive lock and may fail on existing data"

    let description = DetectorDescription(
        id: "varchar-length-change", name: "varchar length changed", category: .schemaChange,
        rationale: """
            Shortening a varchar rewrites and checks every row under an ACCESS EXCLUSIVE lock, and fails on a value that no longer fits. Lengthening one (or making it text) only changes the catalog: judged against the type the project's earlier migrations gave the column, such a widening is no hazard (its brief lock still wants a lock_timeout in raw SQL). A column whose earlier type gate cannot find stays judged as the narrowing it may be. Prefer text with a CHECK constraint added NOT VALID.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE users ALTER COLUMN name TYPE varchar(50);
                """,
                path: "db/migrations/0042_change.sql"),
            // Shorter than the varchar(255) the earlier migration created.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
                """,
                path: "db/migrations/0042_change.sql",
                alongside: [("db/migrations/0001_users.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL);\n")]),
        ],
        nonTriggering: [
            // Longer than the varchar(255) the earlier migration created: a catalog-only change.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ALTER COLUMN email TYPE varchar(500);
                """,
                path: "db/migrations/0042_change.sql",
                alongside: [("db/migrations/0001_users.sql", "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL);\n")]),
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
