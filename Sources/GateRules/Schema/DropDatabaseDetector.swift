import GateCore
import GateSQL

/// Database dropped.
struct DropDatabaseDetector: SchemaHazardDetector {
    static let message =
        "drops a whole database: every table, every row, for every application that uses it"

    let description = DetectorDescription(
        id: "drop-database", name: "Database dropped", category: .schemaChange,
        rationale: """
            A migration that drops a database destroys everything in it, including data other services read; it cannot run in a transaction, so nothing rolls it back. Databases are created and retired by operators, not by application migrations.
            """,
        triggering: [
            DetectorExample(
                """
                ↓DROP DATABASE analytics_scratch;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE DATABASE analytics_scratch;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                DROP TABLE IF EXISTS analytics_scratch_import;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.dropDatabase, in: file, context: context, message: Self.message)
    }
}
