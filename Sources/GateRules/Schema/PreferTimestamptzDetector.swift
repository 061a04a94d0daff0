import GateCore
import GateSQL

/// Advice: timestamp without time zone.
struct PreferTimestamptzDetector: SchemaHazardDetector {
    static let message =
        "advice: timestamp without time zone stores wall-clock time with no zone, so values written from servers in different zones (or across DST) cannot be compared; use timestamptz"

    let description = DetectorDescription(
        id: "prefer-timestamptz", name: "Advice: timestamp without time zone", category: .schemaChange,
        rationale: """
            timestamp (without time zone) drops the zone: the same instant written by two servers in different zones gets two values. timestamptz stores an instant and costs nothing more. Rails' datetime maps to it too. Advice only: tier low.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE events ADD COLUMN occurred_at timestamp;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE events ADD COLUMN occurred_at timestamptz;
                """,
                path: "db/migrations/0042_change.sql"),
        ], tier: .low, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.preferTimestamptz, in: file, context: context, message: Self.message)
    }
}
