import GateCore
import GateSQL

/// Table rewritten by VACUUM FULL or CLUSTER.
struct TableRewriteDetector: SchemaHazardDetector {
    static let message =
        "rewrites the whole table under an ACCESS EXCLUSIVE lock: every read and write waits until it finishes; use pg_repack or pg_squeeze online, outside the migration"

    let description = DetectorDescription(
        id: "table-rewrite", name: "Table rewritten by VACUUM FULL or CLUSTER", category: .schemaChange,
        rationale: """
            VACUUM FULL and CLUSTER copy the table into a new file while holding an ACCESS EXCLUSIVE lock, so reads and writes stop for as long as the copy takes (minutes to hours on large tables). Plain VACUUM or an online tool (pg_repack, pg_squeeze) reclaims space without the outage.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓VACUUM FULL reports;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓CLUSTER reports USING reports_created_at_idx;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                VACUUM (ANALYZE) reports;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.tableRewrite, in: file, context: context, message: Self.message)
    }
}
