import GateCore
import GateSQL

/// DETACH PARTITION without CONCURRENTLY.
struct DetachPartitionWithoutConcurrentlyDetector: SchemaHazardDetector {
    static let message =
        "detaches a partition under an ACCESS EXCLUSIVE lock on the parent table: every query on it waits; use DETACH PARTITION … CONCURRENTLY"

    let description = DetectorDescription(
        id: "detach-partition-without-concurrently", name: "DETACH PARTITION without CONCURRENTLY", category: .schemaChange,
        rationale: """
            DETACH PARTITION takes an ACCESS EXCLUSIVE lock on the partitioned table, so every query on any partition waits. Since Postgres 14, DETACH PARTITION … CONCURRENTLY needs only a SHARE UPDATE EXCLUSIVE lock (outside a transaction block).
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE events DETACH PARTITION events_2023;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all (CONCURRENTLY from 14)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.detachPartitionWithoutConcurrently, in: file, context: context, message: Self.message)
    }
}
