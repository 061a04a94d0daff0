import GateCore
import GateSQL

/// A migration or DDL string the Postgres parser rejects.
struct SQLParseErrorDetector: Detector {
    let description = DetectorDescription(
        id: "sql-parse-error", name: "SQL that does not parse", category: .schemaChange,
        rationale: """
            A migration Postgres cannot parse fails at deploy time, and gate cannot judge what it does. The \
            parser's own message and position are reported; nothing about the file is silently skipped.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports
                  ADD COLUMN↓;
                """,
                path: "db/migrations/0042_broken.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN summary text;
                """,
                path: "db/migrations/0042_fine.sql"),
            // Sentences that open like DDL, and SQLite's own DDL (which Postgres would not parse) in code that
            // talks to SQLite.
            DetectorExample(
                """
                import sqlite3

                def truncate_history(text: str, limit: int) -> str:
                    \"\"\"Truncate the given text (a chat history, say) to the model's context window.\"\"\"
                    return text[-limit:]

                HELP = "Drop table of rows older than the retention window, then vacuum."

                def open_cache(path):
                    db = sqlite3.connect(path)
                    db.execute("CREATE TABLE IF NOT EXISTS cache (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT)")
                    return db
                """,
                path: "app/cache.py"),
            // SQL a TypeORM migration builds by interpolation, which only its values make whole.
            DetectorExample(
                """
                import { MigrationInterface, QueryRunner } from "typeorm";

                export class AddExecutionIndexes1644422880309 implements MigrationInterface {
                  public async up(queryRunner: QueryRunner): Promise<void> {
                    const tablePrefix = getTablePrefix();
                    await queryRunner.query(`CREATE INDEX IF NOT EXISTS IDX_${tablePrefix}finished ON ${tablePrefix}execution_entity ("finished")`);
                  }
                }
                """,
                path: "src/databases/migrations/postgresdb/1644422880309-AddExecutionIndexes.ts"),
            // MySQL's own syntax, in a project whose database is MySQL: the dialect's, not a mistake.
            DetectorExample(
                """
                CREATE TABLE IF NOT EXISTS `user` (
                  `id` BIGINT NOT NULL AUTO_INCREMENT,
                  `name` VARCHAR(64) NOT NULL,
                  PRIMARY KEY (`id`)
                ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
                """,
                path: "src/main/resources/schema.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard analysis.isMigration || analysis.kind == .ddlInCode, !file.addedLines.isEmpty else { return [] }
        // In code, only strings on added lines are the change's; a migration file is judged whole.
        let errors = analysis.isMigration ? analysis.parseErrors : analysis.parseErrors.filter { file.addedLines.contains($0.line) }
        return errors.map { error in
            Finding(
                rule: description.id, category: .schemaChange, path: file.path, line: error.line,
                column: error.column, message: "Postgres cannot parse this: \(error.message)",
                evidence: SchemaFindings.lineText(file, error.line))
        }
    }
}
