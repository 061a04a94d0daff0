import GateCore
import GateSQL

/// A migration file the change adds or edits that is not on the fast track: it contracts, changes data, carries a
/// hazard or could not be read in full (expand-only migrations are `expand-only-migration`, tier low).
struct SchemaMigrationDetector: Detector {
    let description = DetectorDescription(
        id: "schema-migration", name: "Migration that needs a database reviewer", category: .schemaChange,
        rationale: """
            A migration that contracts the schema (drops, renames, narrows), changes data, carries a lock or \
            rewrite hazard, or that gate cannot read in full (a parse error, data-changing code such as Django's \
            RunPython) needs a database reviewer's sign-off; it is applied and verified in the right order relative \
            to the code. Expand-only migrations without hazards are on the fast track instead \
            (`expand-only-migration`, tier low). Recognised by the conventions of Rails, Django, \
            Alembic, Prisma, Drizzle, Supabase, Knex, Sequelize, TypeORM, MikroORM, goose (Go), golang-migrate, Flyway, Sqitch, Atlas, \
            dbmate, Laravel, Doctrine, Phinx, EF Core, Fluent, SeaORM, Ecto and plain migrations/ folders, plus the policy's \
            paths.migrations. A rollback script gate reads \
            in full (`.down.sql`, Diesel's `down.sql`, Flyway's `U…` undo) is none: it runs only when someone undoes a \
            release, never at deploy, as a goose `Down` section or an Alembic `downgrade()` does not.
            """,
        triggering: [
            DetectorExample(
                """
                ↓ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                class RemoveLegacyFlag < ActiveRecord::Migration[7.1]
                  def change
                ↓    remove_column :reports, :legacy_flag
                  end
                end
                """,
                path: "db/migrate/20240101000000_remove_legacy_flag.rb"),
            // Ecto: a column dropped in an `alter table` block.
            DetectorExample(
                """
                defmodule Shop.Repo.Migrations.RemoveLegacyFlag do
                  use Ecto.Migration

                  def change do
                    alter table(:reports) do
                ↓      remove :legacy_flag, :boolean
                    end
                  end
                end
                """,
                path: "priv/repo/migrations/20240101000000_remove_legacy_flag.exs"),
            DetectorExample(
                """
                from django.db import migrations

                def fill_plans(apps, schema_editor):
                    apps.get_model("billing", "Account").objects.filter(plan=None).update(plan="free")

                class Migration(migrations.Migration):
                    dependencies = [("billing", "0007_account_plan")]
                ↓    operations = [migrations.RunPython(fill_plans, migrations.RunPython.noop)]
                """,
                path: "billing/migrations/0008_fill_plans.py"),
            // A Django AlterField gate cannot compare with an earlier definition is read as the type it names.
            DetectorExample(
                """
                from django.db import migrations, models
                class Migration(migrations.Migration):
                    dependencies = [("reports", "0004_report_code")]
                    operations = [
                ↓        migrations.AlterField(model_name="report", name="code", field=models.CharField(max_length=8)),
                    ]
                """,
                path: "reports/migrations/0005_alter_report_code.py"),
        ],
        nonTriggering: [
            // The rollback golang-migrate writes beside every migration: only run by `migrate down`.
            DetectorExample(
                """
                ALTER TABLE reports DROP COLUMN summary;
                """,
                path: "db/migrations/000042_add_summary.down.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                SELECT id, summary FROM reports WHERE owner_id = $1;
                """,
                path: "queries/reports.sql"),
            DetectorExample(
                """
                class Report(models.Model):
                    summary = models.TextField(null=True)
                """,
                path: "reports/models.py"),
            // Django runs no SQL for a change of `choices` (nor `help_text`, `verbose_name`, `validators`, `blank`,
            // `default`): the migration changes nothing in the database.
            DetectorExample(
                """
                from django.db import migrations, models
                class Migration(migrations.Migration):
                    dependencies = [("reports", "0004_report_status")]
                    operations = [
                        migrations.AlterField(
                            model_name="report",
                            name="status",
                            field=models.CharField(
                                choices=[("draft", "Draft"), ("published", "Published"), ("archived", "Archived")],
                                default="draft",
                                max_length=20,
                            ),
                        ),
                        migrations.AlterModelOptions(name="report", options={"ordering": ["-created_at"]}),
                    ]
                """,
                path: "reports/migrations/0005_alter_report_status.py"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let shared = SchemaFileAnalysis.shared(file, context: context)
        // Most files are no migration: answered without copying the analysis.
        guard shared.analysis.isMigration else { return [] }
        let analysis = shared.analysis
        guard case .migration(let kind) = analysis.kind, !analysis.isExpandOnly, !analysis.changesNoSchema,
            !analysis.isReadRollback, let firstAdded = SchemaFindings.firstAddedLine(file)
        else { return [] }
        let statements = analysis.script?.statements ?? []
        let touched = statements.filter { SchemaFileAnalysis.touchesAddedLines($0.statement, in: file) }
        // A shipped framework migration whose edit is only comments and layout (rubocop's `# frozen_string_literal:
        // true`, kept through a rename) runs nothing it did not run before.
        if touched.isEmpty, file.change.kind == .modified || file.change.kind == .renamed,
           !EditedMigrationDetector.changesWhatRuns(file, kind: kind) {
            return []
        }
        let unread = analysis.unreadOperations.filter { file.addedLines.contains($0.line) }
        let line = touched.first?.statement.line ?? analysis.dataCode?.line ?? unread.first?.line ?? firstAdded
        let effects = Set(touched.map(\.effect.rawValue)).sorted().joined(separator: ", ")
        let phase = analysis.script?.phase ?? .pre
        let rollback = kind.format == .sqlRollback ? "rollback " : ""
        var message = "\(kind.framework) \(rollback)migration (phase \(phase.rawValue))"
        if !touched.isEmpty { message += ": \(touched.count) statement\(touched.count == 1 ? "" : "s") (\(effects))" }
        if let code = analysis.dataCode { message += "; data migration in code (\(code.call)), not read by gate" }
        if !unread.isEmpty {
            let named = unread.prefix(3).map { "\($0.operation) (line \($0.line))" }.joined(separator: ", ")
            message += "; \(named)\(unread.count > 3 ? " and \(unread.count - 3) more" : ""): arguments gate could not "
                + "read (an expression or a variable), so what SQL it runs is unknown"
        }
        let evidence = touched.first.map { SchemaFindings.excerpt($0.statement.text) } ?? SchemaFindings.lineText(file, line)
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: line, message: message, evidence: evidence)]
    }
}
