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
    public var sql: String

    public init(description: String, sql: String) {
        self.description = description
        self.sql = sql
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

    public init(statement: SQLStatement, effect: StatementEffect, hazards: [String] = [],
                checks: [VerificationCheck] = [], requiresNoTransaction: Bool = false) {
        self.statement = statement
        self.effect = effect
        self.hazards = hazards
        self.checks = checks
        self.requiresNoTransaction = requiresNoTransaction
    }
}

/// A migration file, analysed: its phase (`-- gate:phase post`), statements and `-- gate:verify` checks.
public struct MigrationScript: Sendable, Equatable {
    public var phase: MigrationPhase
    public var statements: [AnalyzedStatement]
    /// Statements after a `-- gate:verify` line: each must succeed, and a returned row's first column be true.
    public var verifyStatements: [SQLStatement]

    public init(phase: MigrationPhase, statements: [AnalyzedStatement], verifyStatements: [SQLStatement]) {
        self.phase = phase
        self.statements = statements
        self.verifyStatements = verifyStatements
    }

    /// Parses and analyses a migration script through libpg_query.
    public static func analyze(_ sql: String) throws(SQLError) -> MigrationScript {
        throw SQLError.syntax(message: "not implemented yet", line: 1, column: 1)
    }
}
