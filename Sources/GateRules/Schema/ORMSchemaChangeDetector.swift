import GateCode
import GateCore
import GateSQL

/// An ORM schema file (schema.prisma, a Drizzle schema) the change edits.
struct ORMSchemaChangeDetector: Detector {
    let description = DetectorDescription(
        id: "orm-schema-change", name: "ORM schema changed", category: .schemaChange,
        rationale: """
            schema.prisma and Drizzle schema files are the source the migrations are generated from: a change to \
            them is a schema change even before its migration exists, and code written against it needs that \
            migration applied first. An edit of comments or layout only (a Prisma `///` doc comment) changes no schema.
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
            // Comments only: a `///` doc comment reaches the generated client's types, but no table changes.
            DetectorExample(
                """
                /// A report. Drafts have no publishedAt.
                model Report {
                  id          Int       @id
                  // shown in the feed; keep it short
                  summary     String?
                  publishedAt DateTime?
                }
                """,
                path: "prisma/schema.prisma",
                base: "model Report {\n  id          Int       @id\n  summary     String?\n  publishedAt DateTime?\n}\n"),
            DetectorExample(
                """
                import { pgTable, text } from 'drizzle-orm/pg-core';
                /** Reports, one per run. */
                export const reports = pgTable('reports', {
                  // plain text, no markdown
                  summary: text('summary'),
                });
                """,
                path: "src/db/schema.ts",
                base: "import { pgTable, text } from 'drizzle-orm/pg-core';\nexport const reports = pgTable('reports', {\n  summary: text('summary'),\n});\n"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = SchemaFileAnalysis.of(file, context: context)
        guard case .ormSchema(let kind) = analysis.kind, let first = SchemaFindings.firstAddedLine(file),
              Self.changesSchema(file)
        else { return [] }
        // The first added line that declares something, past the comments an edit adds around it.
        let lines = file.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let line = file.addedLines.sorted().first { number in
            number <= lines.count && !Self.schemaText(of: lines[number - 1]).isEmpty
        } ?? first
        return [Finding(
            rule: description.id, category: .schemaChange, path: file.path, line: line,
            message: "\(kind.framework) schema changed: the migration that matches it must be applied before code that uses it",
            evidence: SchemaFindings.lineText(file, line))]
    }

    /// Whether an edit changes what the schema declares: comments (a Prisma `///` doc comment, which generated clients
    /// show but no table has, a Drizzle file's `//` and `/** … */`) and layout aside. A new file always does.
    static func changesSchema(_ file: SourceFile) -> Bool {
        guard file.change.kind == .modified || file.change.kind == .renamed else { return true }
        let base = file.baseBytes()
        if let language = file.language {
            // Drizzle's TypeScript: its tokens, which the lexer reads without comments or layout.
            let (before, after) = (Lexer.lex(base, language: language), Lexer.lex(file.bytes, language: language))
            guard before.tokens.count == after.tokens.count else { return true }
            return before.tokens.indices.contains { index in
                before.bytes[before.tokens[index].start..<before.tokens[index].end]
                    != after.bytes[after.tokens[index].start..<after.tokens[index].end]
            }
        }
        // schema.prisma: its lines without comments, blank ones dropped and blanks within collapsed.
        func declarations(_ bytes: [UInt8]) -> [[UInt8]] {
            bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(schemaText).filter { !$0.isEmpty }
        }
        return declarations(base) != declarations(file.bytes)
    }

    /// A line of a Prisma schema without its `//` comment (outside a string) and with its blanks collapsed: empty for
    /// a blank or comment line (a block comment's lines too, `/**` and ` * …`, as a Drizzle file writes them).
    static func schemaText(of line: ArraySlice<UInt8>) -> [UInt8] {
        var text: [UInt8] = []
        var inString = false
        var index = line.startIndex
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        if index < line.endIndex, line[index] == UInt8(ascii: "*")
            || (line[index] == UInt8(ascii: "/") && index + 1 < line.endIndex && line[index + 1] == UInt8(ascii: "*"))
        {
            return []
        }
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "\""), index == line.startIndex || line[index - 1] != UInt8(ascii: "\\") { inString.toggle() }
            if !inString, byte == UInt8(ascii: "/"), index + 1 < line.endIndex, line[index + 1] == UInt8(ascii: "/") { break }
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                if !inString, text.last == 0x20 || text.isEmpty {
                    index += 1
                    continue
                }
                text.append(inString ? byte : 0x20)
            } else {
                text.append(byte)
            }
            index += 1
        }
        if text.last == 0x20 { text.removeLast() }
        return text
    }
}
