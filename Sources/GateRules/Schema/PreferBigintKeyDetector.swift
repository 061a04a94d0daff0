import GateCore
import GateSQL

/// Advice: integer key column.
struct PreferBigintKeyDetector: SchemaHazardDetector {
    static let message =
        "advice: a 32-bit integer key runs out at 2,147,483,647 rows, and widening it later rewrites the table and every referencing one; use bigint"

    let description = DetectorDescription(
        id: "prefer-bigint-key", name: "Advice: integer key column", category: .schemaChange,
        rationale: """
            Primary and foreign keys declared integer (or serial, smallint) overflow at 2^31 - 1, and changing the type later is a full rewrite of the table and of every table referencing it. bigint costs four bytes per row. Advice only: tier low, never needs sign-off by itself.
            """,
        triggering: [
            DetectorExample(
                """
                ↓CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓CREATE TABLE memberships (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    team_id integer REFERENCES teams (id)
                );
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, seats integer NOT NULL);
                """,
                path: "db/migrations/0042_change.sql"),
        ], tier: .low, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.preferBigintKey, in: file, context: context, message: Self.message)
    }
}
