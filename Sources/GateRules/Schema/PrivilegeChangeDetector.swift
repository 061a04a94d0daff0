import GateCore
import GateSQL

/// Privileges, roles or the server's settings changed by a migration.
struct PrivilegeChangeDetector: SchemaHazardDetector {
    static let message =
        "changes who may do what on the database (a GRANT or REVOKE on existing objects, a role, default privileges) or how the server runs (ALTER SYSTEM, ALTER DATABASE … SET): never a routine expand step"

    let description = DetectorDescription(
        id: "privilege-change", name: "Privileges, roles or server settings changed", category: .schemaChange,
        rationale: """
            A migration that grants every table of a schema to Supabase's anon role opens the data to the public API; ALTER ROLE … SUPERUSER hands a role the whole server; ALTER SYSTEM and ALTER DATABASE … SET change every later session. None locks or rewrites a table, but none is an expand-only change either: someone who owns the database signs it off. A GRANT or REVOKE naming only tables the change creates (Supabase's grants after each create table) is part of making them.
            """,
        triggering: [
            DetectorExample(
                """
                ↓GRANT ALL ON ALL TABLES IN SCHEMA public TO anon;
                """,
                path: "supabase/migrations/20240601000000_grant_anon.sql"),
            DetectorExample(
                """
                ↓ALTER ROLE app_user SUPERUSER;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                ↓GRANT SELECT, INSERT ON TABLE public.invoices TO reporting;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                create table public.notes (id bigint generated always as identity primary key, body text not null);
                alter table public.notes enable row level security;
                grant select, insert on table public.notes to authenticated;
                """,
                path: "supabase/migrations/20240601000000_notes.sql"),
            DetectorExample(
                """
                COMMENT ON TABLE invoices IS 'Issued invoices, one row per invoice';
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.privilegeChange, in: file, context: context, message: Self.message)
    }
}
