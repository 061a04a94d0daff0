import GateCore
import GateSQL

/// Column assigned twice.
struct DuplicateColumnAssignmentDetector: SchemaHazardDetector {
    static let message =
        "assigns the same column twice in one statement: Postgres rejects it (multiple assignments to same column), so the migration fails when it runs"

    let description = DetectorDescription(
        id: "duplicate-column-assignment", name: "Column assigned twice", category: .schemaChange,
        rationale: """
            UPDATE … SET a = 1, a = 2 and INSERT INTO t (a, a) are errors Postgres reports only when the statement runs, which in a migration means a failed deploy. Usually a copy-paste slip where a different column was meant.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓UPDATE accounts SET plan = 'pro', plan = 'team' WHERE id = 42;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                ↓INSERT INTO settings (key, value, key) VALUES ('theme', 'dark', 'ui');
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                UPDATE accounts SET plan = 'pro', seats = 5 WHERE id = 42;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.duplicateColumnAssignment, in: file, context: context, message: Self.message)
    }
}
