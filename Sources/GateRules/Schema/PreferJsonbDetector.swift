import GateCore
import GateSQL

/// Advice: json column.
struct PreferJsonbDetector: SchemaHazardDetector {
    static let message =
        "advice: a json column keeps the raw text, has no equality operator (DISTINCT, GROUP BY and UNION fail on it) and cannot be indexed like jsonb; use jsonb"

    let description = DetectorDescription(
        id: "prefer-jsonb", name: "Advice: json column", category: .schemaChange,
        rationale: """
            json stores text and reparses it on every access; it has no equality operator, so queries using DISTINCT, GROUP BY or UNION over it fail, and it takes no GIN index. jsonb is the type to store. No linter flags it. Advice only: tier low.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE events ADD COLUMN payload json;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE events ADD COLUMN payload jsonb NOT NULL DEFAULT '{}';
                """,
                path: "db/migrations/0042_change.sql"),
        ], tier: .low, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.preferJsonb, in: file, context: context, message: Self.message)
    }
}
