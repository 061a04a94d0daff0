import GateCore
import GateSQL

/// Advice: serial column.
struct PreferIdentityDetector: SchemaHazardDetector {
    static let message =
        "advice: serial creates a sequence the table does not own for permissions and dumps; use GENERATED ALWAYS AS IDENTITY"

    let description = DetectorDescription(
        id: "prefer-identity", name: "Advice: serial column", category: .schemaChange,
        rationale: """
            serial is a legacy shorthand: its sequence needs separate grants, survives in odd states after dumps and restores, and lets inserts bypass it silently. Identity columns (Postgres 10+) are the standard form. Advice only: tier low.
            """,
        triggering: [
            DetectorExample(
                """
                ↓CREATE TABLE teams (id bigserial PRIMARY KEY, name text NOT NULL);
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
                """,
                path: "db/migrations/0042_change.sql"),
        ], tier: .low, postgresVersions: ">= 10")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.preferIdentity, in: file, context: context, message: Self.message)
    }
}
