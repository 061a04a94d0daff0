import GateCore
import GateSQL

/// A migration drops or renames something that is still used: by head code anywhere in the repository (found
/// by `SchemaChangeAnalyzer`, which sees the whole head tree) or by a later statement of the same migration
/// (found here, one file at a time).
struct ContractStillUsedDetector: Detector {
    static let id = "contract-still-used"

    let description = DetectorDescription(
        id: ContractStillUsedDetector.id, name: "Dropped or renamed while still used",
        category: .schemaChange,
        rationale: """
            A migration drops or renames a table or column that code at head still reads or writes (SQL strings, \
            ORM field names, model attributes), or that a later statement of the same migration still names. \
            Running it breaks that code, so the contract is blocked until nothing uses the old name. Uses across \
            the repository are found by the schema change analyzer over the whole head tree; the examples here \
            show the single-file case.
            """,
        triggering: [
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports DROP COLUMN legacy_flag;
                CREATE VIEW flagged_reports AS SELECT id FROM reports WHERE legacy_flag;
                """,
                path: "db/migrations/0050_drop_legacy.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                DROP VIEW flagged_reports;
                ALTER TABLE reports DROP COLUMN legacy_flag;
                """,
                path: "db/migrations/0050_drop_legacy.sql"),
        ], tier: .critical, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard analysis.isMigration, analysis.judgesHazards, let script = analysis.script else { return [] }
        return analysis.stillUsedLater.keys.sorted().compactMap { index in
            let analyzed = script.statements[index]
            guard SchemaFileAnalysis.touchesAddedLines(analyzed.statement, in: file), let use = analysis.stillUsedLater[index]
            else { return nil }
            return Finding(
                rule: description.id, category: .schemaChange, path: file.path, line: analyzed.statement.line,
                column: analyzed.statement.column,
                message: SchemaFindings.statementMessage(use, hazards: analyzed.hazards, analysis: analysis),
                evidence: SchemaFindings.excerpt(analyzed.statement.text), tier: .critical, action: .block)
        }
    }
}
