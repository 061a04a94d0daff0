import GateCore
import GateSQL

/// An ORM schema file (schema.prisma, a Drizzle schema) the change edits.
struct ORMSchemaChangeDetector: Detector {
    let description = DetectorDescription(
        id: "orm-schema-change", name: "ORM schema changed", category: .schemaChange,
        rationale: """
            schema.prisma and Drizzle schema files are the source the migrations are generated from: a change to \
            them is a schema change even before its migration exists, and code written against it needs that \
            migration applied first.
            """,
        triggering: [
            DetectorExample(
                """
                model Report {
                  id      Int     @id
                ↓  summary String?
                }
                """,
                path: "prisma/schema.prisma", base: "model Report {\n  id      Int     @id\n}\n"),
            DetectorExample(
                """
                import { pgTable, text } from 'drizzle-orm/pg-core';
                export const reports = pgTable('reports', {
                ↓  summary: text('summary'),
                });
                """,
                path: "src/db/schema.ts",
                base: "import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const reports = pgTable('reports', {\n});\n"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                export const schema = { summary: 'string' };
                """,
                path: "src/schema.ts"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard case .ormSchema(let kind) = analysis.kind, let line = SchemaFindings.firstAddedLine(file) else { return [] }
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: line,
            message: "\(kind.framework) schema changed: the migration that matches it must be applied before code that uses it",
            evidence: SchemaFindings.lineText(file, line))]
    }
}
