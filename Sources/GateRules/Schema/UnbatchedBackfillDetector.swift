import GateCore
import GateSQL

/// Backfill of an existing table in one statement.
struct UnbatchedBackfillDetector: SchemaHazardDetector {
    static let message =
        "updates or deletes every (matching) row of an existing table in one statement: it locks all of those rows until the migration commits and bloats the table; backfill in batches outside the migration"

    let description = DetectorDescription(
        id: "unbatched-backfill", name: "Backfill of an existing table in one statement", category: .schemaChange,
        rationale: """
            An UPDATE or DELETE with no WHERE clause, or only IS NULL tests (the shape of a backfill), touches every row in one transaction: the rows stay locked until it commits, replicas lag and the table bloats. Backfill in bounded batches (WHERE id IN (SELECT … LIMIT n)) from a job. No linter flags it.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓UPDATE users SET plan = 'free' WHERE plan IS NULL;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓DELETE FROM sessions;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                UPDATE users SET plan = 'free'
                WHERE id IN (SELECT id FROM users WHERE plan IS NULL ORDER BY id LIMIT 1000);
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                CREATE TABLE plans (id bigint PRIMARY KEY, name text);
                UPDATE plans SET name = lower(name);
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.unbatchedBackfill, in: file, context: context, message: Self.message)
    }
}
