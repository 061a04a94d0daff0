import CPgQuery
import GateCore

/// A parse or analysis failure, with the position in the script.
public enum SQLError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(message: String, line: Int, column: Int)

    public var description: String {
        switch self {
        case .syntax(let message, let line, let column): "SQL syntax error at \(line):\(column): \(message)"
        }
    }
}

/// One statement of a script, with where it starts.
public struct SQLStatement: Sendable, Equatable {
    public var text: String
    /// UTF-8 byte offset of the statement in the script.
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(text: String, offset: Int, line: Int, column: Int) {
        self.text = text
        self.offset = offset
        self.line = line
        self.column = column
    }
}

/// What a statement does to the schema's compatibility with running code.
public enum StatementEffect: String, Codable, Sendable {
    /// Additive and backward compatible.
    case expand
    /// Drops, renames, narrowing: old code may break.
    case contract
    /// DML and backfills.
    case data
}

/// A check run against the catalog after a migration: a query whose first row's first column must be true.
public struct VerificationCheck: Sendable, Equatable, Codable {
    public var description: String
    /// The query, written when first read: analysis makes checks for every statement, and only a deploy runs them.
    public var sql: String {
        get {
            switch query {
            case .written(let sql): sql
            case .deferred(let write): write()
            }
        }
        set { query = .written(newValue) }
    }

    private enum Query: Sendable {
        case written(String)
        case deferred(@Sendable () -> String)
    }

    private var query: Query

    public init(description: String, sql: String) {
        self.description = description
        query = .written(sql)
    }

    /// A check whose query is written only if someone reads it.
    init(description: String, sql: @escaping @Sendable () -> String) {
        self.description = description
        query = .deferred(sql)
    }

    public static func == (left: VerificationCheck, right: VerificationCheck) -> Bool {
        left.description == right.description && left.sql == right.sql
    }

    private enum CodingKeys: String, CodingKey {
        case description, sql
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            description: try container.decode(String.self, forKey: .description),
            sql: try container.decode(String.self, forKey: .sql))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(description, forKey: .description)
        try container.encode(sql, forKey: .sql)
    }
}

/// A statement with its effect, hazards and generated checks.
public struct AnalyzedStatement: Sendable, Equatable {
    public var statement: SQLStatement
    public var effect: StatementEffect
    /// Hazard detector ids, e.g. `index-without-concurrently`.
    public var hazards: [String]
    public var checks: [VerificationCheck]
    /// True for statements Postgres refuses inside a transaction (`CREATE INDEX CONCURRENTLY` and the like).
    public var requiresNoTransaction: Bool
    /// What the statement does, as read from the parse tree.
    public var operations: [SchemaOperation]

    public init(statement: SQLStatement, effect: StatementEffect, hazards: [String] = [],
                checks: [VerificationCheck] = [], requiresNoTransaction: Bool = false,
                operations: [SchemaOperation] = []) {
        self.statement = statement
        self.effect = effect
        self.hazards = hazards
        self.checks = checks
        self.requiresNoTransaction = requiresNoTransaction
        self.operations = operations
    }
}

/// A piece of SQL from a migration written in code (a Rails `add_column`, an `op.execute(...)`), with the line of
/// the code that produces it.
public struct SQLFragment: Sendable, Equatable {
    public var sql: String
    public var line: Int
    /// The framework said what the column was and this type change only widens it (Alembic's `existing_type`).
    public var widensType = false
    /// Where `sql` itself starts in the file, when it is a string literal written there (a `RunSQL(` whose
    /// triple-quoted SQL opens on the next line): each statement is then reported on its own line, not on `line`.
    /// Nil for SQL a reader made from a framework call.
    public var textLine: Int?
    /// The column of the literal's first character on `textLine`.
    public var textColumn = 1

    public init(sql: String, line: Int) {
        self.sql = sql
        self.line = line
    }
}

/// A migration file, analysed: its phase (`-- gate:phase post`), statements and `-- gate:verify` checks.
public struct MigrationScript: Sendable, Equatable {
    public var phase: MigrationPhase
    public var statements: [AnalyzedStatement]
    /// Statements after a `-- gate:verify` line: each must succeed, and a returned row's first column be true.
    public var verifyStatements: [SQLStatement]
    /// Fragments that did not parse (only `analyze(fragments:)` collects them; `analyze(_:)` throws instead).
    public var parseErrors: [SQLError]

    public init(phase: MigrationPhase, statements: [AnalyzedStatement], verifyStatements: [SQLStatement],
                parseErrors: [SQLError] = []) {
        self.phase = phase
        self.statements = statements
        self.verifyStatements = verifyStatements
        self.parseErrors = parseErrors
    }

    /// The Postgres major version whose grammar the linked libpg_query parses: 17 when scripts/setup built it,
    /// 15 with Debian's libpg-query-dev. Asked of the library itself (syntax each version added), not of the
    /// header, which a stale module cache can hold from the other library.
    public static let grammarVersion: Int = {
        func parses(_ sql: String) -> Bool { (try? PgQueryParser.parse(sql, bytes: Array(sql.utf8))) != nil }
        if parses("MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING 1") { return 17 }
        if parses("SELECT 'x' IS JSON") { return 16 }
        return 15
    }()

    /// Parses and analyses a migration script through libpg_query.
    public static func analyze(_ sql: String) throws(SQLError) -> MigrationScript {
        try analyze(sql, options: AnalysisOptions())
    }

    /// Parses and analyses a migration script through libpg_query, run as `options` says.
    public static func analyze(_ sql: String, options: AnalysisOptions) throws(SQLError) -> MigrationScript {
        let bytes = Array(sql.utf8)
        let directives = try ScriptDirectives(bytes)
        let body = directives.verifyOffset.map { String(decoding: bytes[..<$0], as: UTF8.self) } ?? sql
        let bodyBytes = directives.verifyOffset.map { Array(bytes[..<$0]) } ?? bytes
        var classifier = StatementClassifier(phase: directives.phase, options: options)
        var statements: [AnalyzedStatement] = []
        var positions = TextPositionCounter(bytes)
        for raw in try PgQueryParser.parse(body, bytes: bodyBytes) {
            guard let statement = SQLStatement(in: bytes, range: raw.location..<(raw.location + raw.length), positions: &positions)
            else {
                continue
            }
            let (operations, block) = OperationReader.read(raw.node, text: statement.text)
            // A DO block is judged where the statement in it that makes its hazard is (the classifier as it was before
            // the block tells which).
            let before = block == nil ? nil : classifier
            var analyzed = classifier.classify(statement, operations: operations)
            if let block, let inner = before?.site(of: analyzed, in: block) {
                let position = positions.position(at: statement.offset + inner)
                (analyzed.statement.line, analyzed.statement.column) = (position.line, position.column)
            }
            statements.append(analyzed)
        }
        classifier.finish(&statements)
        var verifyStatements: [SQLStatement] = []
        if let verifyOffset = directives.verifyOffset {
            let verifyBytes = Array(bytes[verifyOffset...])
            let verifyText = String(decoding: verifyBytes, as: UTF8.self)
            let ranges: [Range<Int>]
            do { ranges = try PgQueryParser.split(verifyText, bytes: verifyBytes) } catch {
                // Report the position in the whole script, not in the verify section.
                guard case .syntax(let message, let line, let column) = error else { throw error }
                let start = TextPosition(offset: verifyOffset, in: bytes)
                throw SQLError.syntax(message: message, line: start.line + line - 1, column: line == 1 ? start.column + column - 1 : column)
            }
            for range in ranges {
                let shifted = (range.lowerBound + verifyOffset)..<(range.upperBound + verifyOffset)
                if let statement = SQLStatement(in: bytes, range: shifted) { verifyStatements.append(statement) }
            }
        }
        return MigrationScript(phase: directives.phase, statements: statements, verifyStatements: verifyStatements)
    }

    /// Analyses SQL produced by a migration written in code, one fragment at a time; a fragment that does not
    /// parse is collected in `parseErrors` (with its line in the code file) instead of stopping the rest.
    public static func analyze(fragments: [SQLFragment], phase: MigrationPhase = .pre,
                               options: AnalysisOptions = AnalysisOptions(requireLockTimeout: false)) -> MigrationScript {
        var classifier = StatementClassifier(phase: phase, options: options)
        var statements: [AnalyzedStatement] = []
        var errors: [SQLError] = []
        for fragment in fragments {
            let bytes = Array(fragment.sql.utf8)
            do {
                for raw in try PgQueryParser.parse(fragment.sql, bytes: bytes) {
                    guard var statement = SQLStatement(in: bytes, range: raw.location..<(raw.location + raw.length))
                    else { continue }
                    if let textLine = fragment.textLine {
                        // The statement's position within the literal, moved to where the literal is.
                        if statement.line == 1 { statement.column += fragment.textColumn - 1 }
                        statement.line += textLine - 1
                    } else {
                        statement.line = fragment.line
                        statement.column = 1
                    }
                    let (operations, block) = OperationReader.read(raw.node, text: statement.text)
                    let before = block == nil ? nil : classifier
                    var analyzed = classifier.classify(statement, operations: operations, widensType: fragment.widensType)
                    if let textLine = fragment.textLine, let block, let inner = before?.site(of: analyzed, in: block) {
                        let position = TextPosition(offset: statement.offset + inner, in: bytes)
                        analyzed.statement.line = position.line + textLine - 1
                        analyzed.statement.column = position.line == 1 ? position.column + fragment.textColumn - 1 : position.column
                    }
                    statements.append(analyzed)
                }
            } catch {
                if case .syntax(let message, _, _) = error {
                    errors.append(.syntax(message: message, line: fragment.line, column: 1))
                }
            }
        }
        classifier.finish(&statements)
        return MigrationScript(phase: phase, statements: statements, verifyStatements: [], parseErrors: errors)
    }
}
