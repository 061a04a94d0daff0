import GateCore
import GateSQL

/// Guarantee removed that clients rely on.
struct ClientBreakingChangeDetector: SchemaHazardDetector {
    static let message =
        "removes a guarantee or a name running code relies on (NOT NULL, a constraint, a generated expression; a schema, type, view or index renamed or moved to another schema)"

    let description = DetectorDescription(
        id: "client-breaking-change", name: "Guarantee removed that clients rely on", category: .schemaChange,
        rationale: """
            DROP NOT NULL, DROP CONSTRAINT and DROP EXPRESSION take no long lock, but code written against the old schema (ORM types, generated clients, assumptions in queries) may break on the first NULL or unchecked value. Renaming a schema, type, view or index, or moving an object with SET SCHEMA, breaks code and tooling that name it. Ship the readers first. Dropping the NOT NULL check a SET NOT NULL just replaced (the safe recipe: the check this migration added on that column, or one named for the column and null) is not flagged; dropping any other constraint of the same table is.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE orders DROP CONSTRAINT orders_total_positive;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE orders ALTER COLUMN total_cents DROP EXPRESSION;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TYPE report_state RENAME TO report_status;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports SET SCHEMA archive;
                """,
                path: "db/migrations/0042_change.sql"),
            // A SET NOT NULL on the table excuses dropping its check, not the table's other constraints.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ALTER COLUMN email SET NOT NULL;
                ALTER TABLE users DROP CONSTRAINT users_email_not_null;
                ↓ALTER TABLE users DROP CONSTRAINT users_org_id_fkey;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ALTER COLUMN email SET NOT NULL;
                ALTER TABLE users DROP CONSTRAINT users_email_not_null;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ALTER COLUMN email SET DEFAULT '';
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all (DROP EXPRESSION from 13)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.clientBreakingChange, in: file, context: context, message: Self.message)
    }
}
