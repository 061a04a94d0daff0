import GateCore
import GateSQL

/// A migration on the fast track: every statement expand-only, no hazard.
struct ExpandOnlyMigrationDetector: Detector {
    let description = DetectorDescription(
        id: "expand-only-migration", name: "Expand-only migration (fast track)", category: .schemaChange,
        rationale: """
            A migration whose every statement only adds (tables, nullable or defaulted columns, indexes built \
            CONCURRENTLY, constraints added NOT VALID and validated later) with no lock or rewrite hazard cannot break running code or \
            stall production, so it passes without sign-off (tier low). It is still listed in the report, ordered \
            before the code that uses it, and verified at deploy. Style advice (prefer-bigint-key and the like) does \
            not take a migration off the fast track; anything else does (it is then a schema-migration, tier high). \
            A policy that wants every migration signed off names this detector with tier high.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                ↓CREATE TABLE report_shares (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    report_id bigint NOT NULL,
                    shared_with text NOT NULL
                );
                """,
                path: "prisma/migrations/20240101000000_report_shares/migration.sql"),
            DetectorExample(
                """
                class AddSummaryToReports < ActiveRecord::Migration[7.1]
                  def change
                ↓    add_column :reports, :summary, :text
                  end
                end
                """,
                path: "db/migrate/20240101000000_add_summary_to_reports.rb"),
            // Validating a constraint an earlier migration added NOT VALID: a scan that blocks no reads or writes.
            DetectorExample(
                """
                ↓ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0043_validate_customer_fk.sql"),
            // A DO block that only guards its statement (Supabase's idempotent constraint) is classed as the statement.
            DetectorExample(
                """
                set lock_timeout = '2s';
                do $$
                begin
                  if not exists (select 1 from pg_constraint where conname = 'orders_customer_fk') then
                    ↓alter table public.orders add constraint orders_customer_fk
                      foreign key (customer_id) references public.customers (id) not valid;
                  end if;
                end $$;
                """,
                path: "supabase/migrations/20240420000000_orders_customer_fk.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN summary text;
                UPDATE reports SET summary = '' WHERE summary IS NULL;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                from django.db import migrations, models

                def fill(apps, schema_editor):
                    pass

                class Migration(migrations.Migration):
                    operations = [
                        migrations.AddField("report", "summary", models.TextField(null=True)),
                        migrations.RunPython(fill),
                    ]
                """,
                path: "reports/migrations/0002_summary.py"),
        ],
        tier: .low, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        // A shipped migration edited is no fast track, whatever it holds (edited-migration).
        guard analysis.isExpandOnly, EditedMigrationDetector.edit(of: file, context: context) == nil, let script = analysis.script,
            let first = script.statements.first(where: { statement in
                // Reported on its first change, not on the SET lock_timeout before it.
                SchemaFileAnalysis.touchesAddedLines(statement.statement, in: file)
                    && !statement.operations.allSatisfy { if case .setting = $0 { true } else { false } }
            })
        else { return [] }
        let count = script.statements.count
        let message = "expand-only migration (\(count) statement\(count == 1 ? "" : "s"), no lock or rewrite hazard): "
            + "fast track, no sign-off needed; gate deploy still orders and verifies it"
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: first.statement.line,
            column: first.statement.column, message: message, evidence: SchemaFindings.excerpt(first.statement.text),
            tier: .low, action: .pass)]
    }
}
