import GateCore
import GateSQL

/// TRUNCATE ... CASCADE.
struct TruncateCascadeDetector: SchemaHazardDetector {
    static let message =
        "TRUNCATE CASCADE also empties every table that references this one"

    let description = DetectorDescription(
        id: "truncate-cascade", name: "TRUNCATE ... CASCADE", category: .schemaChange,
        rationale: """
            TRUNCATE CASCADE also empties every table that references the named one, recursively, under ACCESS EXCLUSIVE locks; what it deletes depends on foreign keys nobody is looking at in the migration.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓TRUNCATE report_runs CASCADE;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                TRUNCATE report_runs;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.truncateCascade, in: file, context: context, message: Self.message)
    }
}
