import GateCore
import GateSQL

/// REINDEX without CONCURRENTLY.
struct ReindexWithoutConcurrentlyDetector: SchemaHazardDetector {
    static let message =
        "rebuilds the index while blocking writes to the table (and reads that use the index); use REINDEX … CONCURRENTLY"

    let description = DetectorDescription(
        id: "reindex-without-concurrently", name: "REINDEX without CONCURRENTLY", category: .schemaChange,
        rationale: """
            REINDEX takes a lock that blocks writes to the table and any query using the index until the rebuild ends. Since Postgres 12, REINDEX CONCURRENTLY rebuilds it without blocking (outside a transaction block).
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓REINDEX INDEX reports_owner_idx;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓REINDEX TABLE reports;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                REINDEX INDEX CONCURRENTLY reports_owner_idx;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all (CONCURRENTLY from 12)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.reindexWithoutConcurrently, in: file, context: context, message: Self.message)
    }
}
