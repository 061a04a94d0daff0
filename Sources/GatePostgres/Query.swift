/// A value that can be sent as a text-format query parameter.
public protocol PostgresBindable: Sendable {
    /// The parameter's text form; nil sends SQL NULL.
    var postgresText: String? { get }
}

extension String: PostgresBindable { public var postgresText: String? { self } }
extension Int: PostgresBindable { public var postgresText: String? { String(self) } }
extension Int32: PostgresBindable { public var postgresText: String? { String(self) } }
extension Int64: PostgresBindable { public var postgresText: String? { String(self) } }
extension Double: PostgresBindable { public var postgresText: String? { String(self) } }
extension Bool: PostgresBindable { public var postgresText: String? { self ? "t" : "f" } }
extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    public var postgresText: String? { self.flatMap(\.postgresText) }
}

/// A parameterised statement: interpolated values become `$n` parameters, never SQL text.
///
/// ```swift
/// try connection.query("SELECT checksum FROM gate.applied_migrations WHERE name = \(name)")
/// ```
public struct Query: Sendable, Equatable, ExpressibleByStringInterpolation {
    public private(set) var sql: String
    public private(set) var bindings: [String?]

    public init(stringLiteral value: String) {
        sql = value
        bindings = []
    }

    public init(stringInterpolation: StringInterpolation) {
        sql = stringInterpolation.sql
        bindings = stringInterpolation.bindings
    }

    /// Builds interpolated queries; only literals become SQL text.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) { sql += literal }

        public mutating func appendInterpolation(_ value: some PostgresBindable) {
            bindings.append(value.postgresText)
            sql += "$\(bindings.count)"
        }

        /// An optional value: nil binds SQL NULL.
        public mutating func appendInterpolation<Value: PostgresBindable>(_ value: Value?) {
            bindings.append(value?.postgresText ?? nil)
            sql += "$\(bindings.count)"
        }
    }
}

/// One result row, copied out of libpq's result before it was freed.
public struct Row: Sendable, Equatable {
    public let columns: [String]
    public let values: [String?]

    public init(columns: [String], values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The text value of a column, nil for NULL or an index past the end.
    public func string(_ index: Int) -> String? { index < values.count ? values[index] : nil }

    public func string(_ column: String) -> String? { columns.firstIndex(of: column).flatMap { string($0) } }

    public func int(_ index: Int) -> Int? { string(index).flatMap { Int($0) } }

    public func int(_ column: String) -> Int? { string(column).flatMap { Int($0) } }

    /// Postgres's boolean text (`t`/`f`); anything else is nil.
    public func bool(_ index: Int) -> Bool? {
        switch string(index) {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }

    public func bool(_ column: String) -> Bool? { columns.firstIndex(of: column).flatMap { bool($0) } }
}
