import GateCore
import GateSQL

/// Domain with a CHECK constraint.
struct DomainConstraintDetector: SchemaHazardDetector {
    static let message =
        "puts a CHECK on a domain: adding it scans every column of that domain under lock, and it cannot be dropped or changed per table later; prefer a table CHECK (NOT VALID, then VALIDATE)"

    let description = DetectorDescription(
        id: "domain-constraint", name: "Domain with a CHECK constraint", category: .schemaChange,
        rationale: """
            ALTER DOMAIN … ADD CONSTRAINT checks every column of every table that uses the domain while holding locks on them; a CREATE DOMAIN … CHECK commits the schema to constraints that can only be changed that way. Table CHECK constraints can be added NOT VALID and validated without blocking.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                ↓CREATE DOMAIN positive_cents AS bigint CHECK (VALUE > 0);
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE DOMAIN email_address AS text;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ALTER DOMAIN email_address ADD CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%') NOT VALID;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.domainConstraint, in: file, context: context, message: Self.message)
    }
}
