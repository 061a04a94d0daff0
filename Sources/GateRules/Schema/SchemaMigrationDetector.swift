import GateCore
import GateSQL

/// A migration file the change adds or edits.
struct SchemaMigrationDetector: Detector {
    let description = DetectorDescription(
        id: "schema-migration", name: "Migration added or changed", category: .schemaChange,
        rationale: """
            Every migration changes the production schema and must be applied (and verified) in the right order \
            relative to the code; a database reviewer signs off. Recognised by the conventions of Rails, Django, \
            Alembic, Prisma, Drizzle, Supabase, Knex, Sequelize, TypeORM, golang-migrate, Flyway, Sqitch, Atlas, \
            dbmate and plain migrations/ folders, plus the policy's paths.migrations.
            """,
        triggering: [
            DetectorExample(
                """
                ↓ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_add_summary.sql"),
            DetectorExample(
                """
                class AddSummary < ActiveRecord::Migration[7.1]
                  def change
                ↓    add_column :reports, :summary, :text
                  end
                end
                """,
                path: "db/migrate/20240101000000_add_summary.rb"),
        ],
        nonTriggering: [
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
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard case .migration(let kind) = analysis.kind, let firstAdded = SchemaFindings.firstAddedLine(file) else {
            return []
        }
        let statements = analysis.script?.statements ?? []
        let touched = statements.filter { SchemaFileAnalysis.touchesAddedLines($0.statement, in: file) }
        let line = touched.first?.statement.line ?? firstAdded
        let effects = Set(touched.map(\.effect.rawValue)).sorted().joined(separator: ", ")
        let phase = analysis.script?.phase ?? .pre
        let rollback = kind.format == .sqlRollback ? "rollback " : ""
        var message = "\(kind.framework) \(rollback)migration (phase \(phase.rawValue))"
        if !touched.isEmpty { message += ": \(touched.count) statement\(touched.count == 1 ? "" : "s") (\(effects))" }
        let evidence = touched.first.map { SchemaFindings.excerpt($0.statement.text) } ?? SchemaFindings.lineText(file, line)
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: line, message: message, evidence: evidence)]
    }
}
