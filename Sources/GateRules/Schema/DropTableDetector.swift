import GateCore
import GateSQL

/// Table dropped.
struct DropTableDetector: SchemaHazardDetector {
    static let message =
        "drops a table: code that still uses it breaks and its data is lost"

    let description = DetectorDescription(
        id: "drop-table", name: "Table dropped", category: .schemaChange,
        rationale: """
            Dropping a table breaks running code that still uses it, and the data is gone. It belongs in a post-rollout (contract) migration once no deployed code uses it.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓DROP TABLE report_drafts;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE report_drafts (id bigint PRIMARY KEY);
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.dropTable, in: file, context: context, message: Self.message)
    }
}
