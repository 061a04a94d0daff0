import Foundation
import GateCore
import GateSQL

/// What one changed file means for the schema: a migration (with its analysed statements), an ORM schema
/// file, DDL inside application code, or nothing. Computed once per file and shared by the schema detectors.
struct SchemaFileAnalysis: Sendable {
    enum Kind: Sendable, Equatable {
        case none
        case migration(MigrationFileKind)
        case ormSchema(MigrationFileKind)
        /// SQL strings holding DDL in application code (or a `.sql` file outside the migration folders).
        case ddlInCode
    }

    var kind: Kind = .none
    /// The analysed statements, with lines in the head file.
    var script: MigrationScript?
    /// The parser's complaint, with its position in the head file.
    var parseErrors: [(message: String, line: Int, column: Int)] = []
    /// Lines of DDL strings found in code.
    var ddlLines: [Int] = []

    var isMigration: Bool { if case .migration = kind { true } else { false } }

    /// Whether hazards are judged: rollback scripts only run when undoing a release.
    var judgesHazards: Bool {
        if case .migration(let file) = kind, file.format == .sqlRollback { return false }
        return true
    }

    /// The analysis of `file`, shared across the detectors that look at the same file one after another.
    static func of(_ file: SourceFile, context: DetectionContext) -> SchemaFileAnalysis {
        // Every schema detector asks; the analysis (SQL parsing included) runs once per file.
        file.memo.value(for: ObjectIdentifier(SchemaFileAnalysis.self)) {
            SchemaFileAnalysis.analyze(path: file.path, bytes: file.bytes, context: context)
        }
    }

    static func analyze(path: String, bytes: [UInt8], context: DetectionContext) -> SchemaFileAnalysis {
        var analysis = SchemaFileAnalysis()
        guard !bytes.isEmpty else { return analysis }
        if let kind = MigrationLayout.classify(path, head: bytes, extra: context.migrationPaths) {
            switch kind.format {
            case .prismaSchema, .drizzleSchema:
                analysis.kind = .ormSchema(kind)
            case .sql, .sqlRollback:
                analysis.kind = .migration(kind)
                analysis.readSQL(Self.forwardSection(bytes))
            default:
                analysis.kind = .migration(kind)
                let script = FrameworkMigrationReader.read(bytes, format: kind.format, path: path).analyze()
                analysis.script = script
                analysis.collect(script.parseErrors)
            }
            return analysis
        }
        if path.hasSuffix(".sql") {
            guard DDLStrings.mayContainDDL(bytes) else { return analysis }
            analysis.kind = .ddlInCode
            analysis.readSQL(bytes, options: AnalysisOptions(requireLockTimeout: false, judgesPhase: false))
            analysis.ddlLines = analysis.script?.statements.map(\.statement.line) ?? []
            return analysis
        }
        guard SchemaFileAnalysis.isCode(path), DDLStrings.mayContainDDL(bytes) else { return analysis }
        let fragments = DDLStrings.fragments(in: bytes)
        guard !fragments.isEmpty else { return analysis }
        // Strings built by interpolation rarely parse; they still count as DDL (only their hazards go unjudged).
        // Any other DDL string that fails to parse is reported as a parse error, never dropped, unless it reads as
        // prose ("Create table of contents"): no SQL punctuation at all.
        let script = MigrationScript.analyze(
            fragments: fragments,
            options: AnalysisOptions(implicitTransaction: false, requireLockTimeout: false, judgesPhase: false))
        var lines = Set(script.statements.map(\.statement.line))
        var failures: [Int: (message: String, line: Int, column: Int)] = [:]
        for case .syntax(let message, let line, let column) in script.parseErrors where failures[line] == nil {
            failures[line] = (message, line, column)
        }
        for fragment in fragments {
            guard let failure = failures[fragment.line] else { continue }
            if Self.isInterpolated(fragment.sql) {
                lines.insert(fragment.line)
            } else if !Self.isProse(fragment.sql) {
                lines.insert(fragment.line)
                analysis.parseErrors.append(failure)
            }
        }
        guard !lines.isEmpty else { return analysis }
        analysis.kind = .ddlInCode
        analysis.ddlLines = lines.sorted()
        analysis.script = script
        return analysis
    }

    /// Text that opens like DDL but has none of SQL's punctuation: a sentence, not a statement.
    static func isProse(_ sql: String) -> Bool {
        !sql.utf8.contains { [0x28, 0x29, 0x3B, 0x2C, 0x3D, 0x27, 0x22].contains($0) }
            && sql.split(separator: " ").count > 3
    }

    /// Placeholders of the common string-building styles: `{x}`, `%s`, `%(x)s`, `$1`, `?`, `#{x}`, `" + x + "`.
    static func isInterpolated(_ sql: String) -> Bool {
        sql.utf8.contains { $0 == 0x7B || $0 == 0x25 || $0 == 0x24 || $0 == 0x3F || $0 == 0x2B }
            || sql.contains("placeholder")
    }

    private mutating func readSQL(_ bytes: [UInt8], options: AnalysisOptions = AnalysisOptions()) {
        do {
            script = try MigrationScript.analyze(String(decoding: bytes, as: UTF8.self), options: options)
        } catch {
            if case .syntax(let message, let line, let column) = error { parseErrors.append((message, line, column)) }
        }
    }

    private mutating func collect(_ errors: [SQLError]) {
        for case .syntax(let message, let line, let column) in errors { parseErrors.append((message, line, column)) }
    }

    /// dbmate (`-- migrate:up` / `-- migrate:down`) and goose (`-- +goose Up` / `-- +goose Down`) keep the rollback
    /// in the same file; it is blanked out (newlines kept, so lines stay right) rather than cut.
    static func forwardSection(_ bytes: [UInt8]) -> [UInt8] {
        for marker in ["-- migrate:down", "-- +goose Down"] {
            guard let start = firstOffset(of: Array(marker.utf8), in: bytes) else { continue }
            var copy = bytes
            for index in start..<copy.count where copy[index] != 0x0A { copy[index] = 0x20 }
            return copy
        }
        return bytes
    }

    private static func firstOffset(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        return (0...(bytes.count - needle.count)).first { start in
            bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// Whether a statement starting at `line` with `text` touches a line the change adds.
    static func touchesAddedLines(_ statement: SQLStatement, in file: SourceFile) -> Bool {
        let lineCount = statement.text.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        return (statement.line..<(statement.line + lineCount)).contains { file.addedLines.contains($0) }
    }
}

extension SchemaFileAnalysis {
    static let codeExtensions: Set<String> = [
        "py", "rb", "js", "jsx", "ts", "tsx", "mjs", "cjs", "go", "java", "kt", "kts", "php", "cs", "rs", "swift",
        "scala", "ex", "exs",
    ]

    /// Whether `path` is application source code (by extension).
    static func isCode(_ path: String) -> Bool {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return false }
        return codeExtensions.contains(String(path[path.index(after: dot)...]).lowercased())
    }
}
