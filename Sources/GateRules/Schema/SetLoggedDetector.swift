import GateCore
import GateSQL

/// Table switched between LOGGED and UNLOGGED.
struct SetLoggedDetector: SchemaHazardDetector {
    static let message =
        "switches the table between LOGGED and UNLOGGED, which rewrites it under an ACCESS EXCLUSIVE lock (and SET LOGGED writes all of it to the WAL)"

    let description = DetectorDescription(
        id: "set-logged", name: "Table switched between LOGGED and UNLOGGED", category: .schemaChange,
        rationale: """
            SET LOGGED and SET UNLOGGED rewrite the whole table while holding an ACCESS EXCLUSIVE lock; SET LOGGED also writes every row to the WAL, which can flood replicas. An UNLOGGED table is also emptied after a crash and not replicated.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE import_staging SET LOGGED;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE UNLOGGED TABLE import_staging (id bigint, line text);
                ALTER TABLE import_staging SET LOGGED;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.setLogged, in: file, context: context, message: Self.message)
    }
}
