import GateCode
import GateCore
import GateSQL

/// An ORM schema file (schema.prisma, a Drizzle schema) the change edits.
struct ORMSchemaChangeDetector: Detector {
    let description = DetectorDescription(
        id: Self.id, name: "ORM schema changed", category: .schemaChange,
        rationale: """
            schema.prisma and Drizzle schema files are the source the migrations are generated from: a change to \
            them is a schema change even before its migration exists, and code written against it needs that \
            migration applied first. An edit of comments or layout only (a Prisma `///` doc comment) changes no schema. \
            It is reported on the first line whose meaning changed (not on a widened import or a realigned field), and \
            is tier low when the change ships the schema's migrations (Prisma's `migrations` beside it, the Drizzle \
            journal's folder) and every one of them is expand-only with no hazard, as they are.
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
            // `prisma format` realigns the model's other fields: the finding is on the new one.
            DetectorExample(
                """
                model Report {
                  id      Int     @id
                  title   String
                ↓  summary String?
                }
                """,
                path: "prisma/schema.prisma", base: "model Report {\n  id    Int    @id\n  title String\n}\n"),
            // The import widened for the new column's type is no declaration.
            DetectorExample(
                """
                import {
                  pgTable,
                  text,
                  timestamp,
                } from 'drizzle-orm/pg-core';
                export const reports = pgTable('reports', {
                  summary: text('summary'),
                ↓  publishedAt: timestamp('published_at', { withTimezone: true }),
                });
                """,
                path: "src/db/schema.ts",
                base: "import {\n  pgTable,\n  text,\n} from 'drizzle-orm/pg-core';\nexport const reports = pgTable('reports', {\n  summary: text('summary'),\n});\n"),
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
        Self.finding(in: file, context: context).map { [$0] } ?? []
    }

    static let id = "orm-schema-change"

    /// The file's finding, made once: the detector reports it, and `SchemaChangeAnalyzer` lowers it to the fast
    /// track when the change ships the schema's migrations and every one of them is expand-only.
    static func finding(in file: SourceFile, context: DetectionContext) -> Finding? {
        // Asked of every file: the kind is read without copying the analysis.
        guard case .ormSchema(let kind) = SchemaFileAnalysis.shared(file, context: context).analysis.kind else { return nil }
        return file.memo.value(for: ObjectIdentifier(ORMSchemaChangeDetector.self)) { () -> Finding? in
            guard let first = SchemaFindings.firstAddedLine(file), changesSchema(file) else { return nil }
            let line = firstChangedDeclaration(file) ?? first
            return Finding(
                rule: id, category: .schemaChange, path: file.path, line: line,
                message: "\(kind.framework) schema changed: the migration that matches it must be applied before code that uses it",
                evidence: SchemaFindings.lineText(file, line))
        }
    }

    /// The first added line whose meaning changed: past the comments and blank lines an edit adds, the imports a
    /// Drizzle file widens (`timestamp` added to the `drizzle-orm/pg-core` import) and the lines `prisma format`
    /// only realigned (the same declaration as a line the hunk deletes, blanks aside).
    static func firstChangedDeclaration(_ file: SourceFile) -> Int? {
        let lines = file.bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        let imports = file.language == nil ? [] : importLines(lines)
        var fallback: Int?
        for hunk in file.change.hunks {
            var deleted: Set<[UInt8]>?
            for line in hunk.lines where line.kind == .added {
                guard let number = line.newNumber, number <= lines.count else { continue }
                let text = schemaText(of: lines[number - 1])
                guard !text.isEmpty else { continue }
                if fallback == nil { fallback = number }
                if imports.contains(number) { continue }
                if deleted == nil {
                    deleted = Set(hunk.lines.filter { $0.kind == .deleted }.map { schemaText(of: Array($0.text.utf8)[...]) })
                }
                if deleted?.contains(text) == true { continue }
                return number
            }
        }
        return fallback
    }

    /// The lines of a TypeScript or JavaScript file's import statements, a multi-line `import { … } from "…"` whole.
    static func importLines(_ lines: [ArraySlice<UInt8>]) -> Set<Int> {
        var found: Set<Int> = []
        var open = false
        for (index, line) in lines.enumerated() {
            let text = line.drop { $0 == 0x20 || $0 == 0x09 }
            if !open {
                guard text.starts(with: Self.importKeyword),
                      text.count == 6 || [0x20, 0x09, UInt8(ascii: "{")].contains(text[text.startIndex + 6])
                else { continue }
                open = true
            }
            found.insert(index + 1)
            // Ends at its module specifier (`from "…"`, or a side-effect import's own string) or its semicolon.
            if line.contains(UInt8(ascii: "\"")) || line.contains(UInt8(ascii: "'")) || line.contains(UInt8(ascii: ";")) {
                open = false
            }
        }
        return found
    }

    private static let importKeyword = Array("import".utf8)

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
