import GateCore
import GateSQL

/// REFRESH MATERIALIZED VIEW without CONCURRENTLY.
struct RefreshWithoutConcurrentlyDetector: SchemaHazardDetector {
    static let message =
        "refreshes the materialized view under an ACCESS EXCLUSIVE lock: nothing can read it until the query finishes; use REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index)"

    let description = DetectorDescription(
        id: "refresh-without-concurrently", name: "REFRESH MATERIALIZED VIEW without CONCURRENTLY", category: .schemaChange,
        rationale: """
            A plain REFRESH MATERIALIZED VIEW blocks every reader of the view while its query reruns. REFRESH … CONCURRENTLY keeps the old contents readable (it needs a unique index on the view). No linter flags it.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓REFRESH MATERIALIZED VIEW daily_revenue;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                REFRESH MATERIALIZED VIEW CONCURRENTLY daily_revenue;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.refreshWithoutConcurrently, in: file, context: context, message: Self.message)
    }
}
