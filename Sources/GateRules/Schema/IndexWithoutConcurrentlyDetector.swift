import GateCore
import GateSQL

/// Index built or dropped without CONCURRENTLY.
struct IndexWithoutConcurrentlyDetector: SchemaHazardDetector {
    static let message =
        "builds or drops an index while blocking writes to the table; use CREATE/DROP INDEX CONCURRENTLY outside a transaction"

    let description = DetectorDescription(
        id: "index-without-concurrently", name: "Index built or dropped without CONCURRENTLY", category: .schemaChange,
        rationale: """
            CREATE INDEX and DROP INDEX without CONCURRENTLY take a SHARE (create) or ACCESS EXCLUSIVE (drop) lock on a live table for the whole build: writes (and, for drops, reads) wait until it ends. Tables created in the same migration are exempt.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓CREATE INDEX reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓DROP INDEX reports_owner;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                CREATE INDEX CONCURRENTLY reports_owner ON reports (owner_id);
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                CREATE TABLE notes (id bigint PRIMARY KEY, report_id bigint);
                CREATE INDEX notes_report ON notes (report_id);
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.indexWithoutConcurrently, in: file, context: context, message: Self.message)
    }
}
