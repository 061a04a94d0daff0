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
