import Foundation

/// The columns earlier migrations leave each table with: their type and whether they are NOT NULL. A statement
/// changing a column is judged against what the column was: `ALTER COLUMN … TYPE varchar(500)` of a `varchar(255)`
/// only widens it (catalog-only in Postgres, nothing rewritten, every old value still fits), and a Laravel
/// `->nullable(false)->change()` of a column created NOT NULL restates it. A column whose history is unknown (its
/// table made by SQL gate did not read, or by no migration it was given) has no entry, and its change stays judged
/// as the change it may be.
public struct ColumnHistory: Sendable, Equatable {
    /// A column as the migrations left it.
    public struct Column: Sendable, Equatable {
        /// As `OperationReader.typeName` writes it (`varchar(255)`, `int4`, `text`).
        public var type: String
        public var notNull: Bool
        /// Whether the column has a default (made with one, or given one since): dropping it from a NOT NULL column
        /// breaks inserts that leave the column out.
        public var hasDefault = false
    }

    /// Columns by table (bare, without its schema) and name, as the statements spell them.
    private var tables: [String: [String: Column]] = [:]

    /// A `CHECK (column IS NOT NULL)` constraint: its column, and whether it is validated (added without NOT VALID,
    /// or validated since). Kept whether or not the table's columns are known: the check is proof on its own.
    private struct NotNullCheck: Sendable, Equatable {
        var column: String
        var validated: Bool
    }

    /// The NOT NULL checks of each table (bare), by constraint name.
    private var notNullChecks: [String: [String: NotNullCheck]] = [:]

    public init() {}

    public var isEmpty: Bool { tables.isEmpty && notNullChecks.isEmpty }

    /// Whether a validated `CHECK (column IS NOT NULL)` proves the column holds no NULL: Postgres 12+ then sets it
    /// NOT NULL without scanning the table, and no write the check lets through starts failing.
    public func provesNotNull(table: String, column: String) -> Bool {
        notNullChecks[Self.bareName(table)]?.values.contains { $0.validated && $0.column == column } ?? false
    }

    /// The column of the table's `CHECK (column IS NOT NULL)` named `constraint`, validated or not.
    public func notNullCheckColumn(table: String, constraint: String) -> String? {
        notNullChecks[Self.bareName(table)]?[constraint]?.column
    }

    /// The column as the history leaves it; nil when its table or the column is unknown.
    public func column(table: String, name: String) -> Column? {
        tables[Self.bareName(table)]?[name]
    }

    /// The history once `statements` have run, in order.
    public mutating func apply(_ statements: [AnalyzedStatement]) {
        for statement in statements {
            for operation in statement.operations { apply(operation) }
        }
    }

    /// Follows one operation. What it does not read (a table made `AS SELECT`, a `DO` block) leaves no entry.
    public mutating func apply(_ operation: SchemaOperation) {
        switch operation {
        case .createTable(let table, let columns):
            tables[Self.bareName(table)] = Dictionary(
                columns.map { ($0.name, Column(type: $0.type, notNull: $0.notNull, hasDefault: $0.hasDefault)) },
                uniquingKeysWith: { $1 })
        case .dropTable(let table):
            tables[Self.bareName(table)] = nil
            notNullChecks[Self.bareName(table)] = nil
        case .renameTable(let table, let newName):
            tables[Self.bareName(newName)] = tables.removeValue(forKey: Self.bareName(table))
            notNullChecks[Self.bareName(newName)] = notNullChecks.removeValue(forKey: Self.bareName(table))
        case .addColumn(let table, let column):
            // Only on a table the history knows: a column of an unknown table says nothing about its others.
            let key = Self.bareName(table)
            if tables[key] != nil {
                tables[key]?[column.name] = Column(type: column.type, notNull: column.notNull, hasDefault: column.hasDefault)
            }
        case .dropColumn(let table, let column):
            tables[Self.bareName(table)]?[column] = nil
            // Postgres drops a check of the column with it.
            notNullChecks[Self.bareName(table)] = notNullChecks[Self.bareName(table)]?.filter { $0.value.column != column }
        case .renameColumn(let table, let column, let newName):
            let key = Self.bareName(table)
            let moved = tables[key]?.removeValue(forKey: column)
            if let moved { tables[key]?[newName] = moved }
            for (name, check) in notNullChecks[key] ?? [:] where check.column == column {
                notNullChecks[key]?[name]?.column = newName
            }
        case .alterColumnType(let table, let column, let type):
            tables[Self.bareName(table)]?[column]?.type = type
        case .setNotNull(let table, let column):
            tables[Self.bareName(table)]?[column]?.notNull = true
        case .dropNotNull(let table, let column):
            tables[Self.bareName(table)]?[column]?.notNull = false
        case .setDefault(let table, let column):
            tables[Self.bareName(table)]?[column]?.hasDefault = true
        case .dropDefault(let table, let column):
            tables[Self.bareName(table)]?[column]?.hasDefault = false
        case .addConstraint(let table, _, .primaryKey, _, _, _, _):
            // A primary key added later makes its columns NOT NULL; which ones is not kept, so they become unknown.
            tables[Self.bareName(table)] = nil
        case .addConstraint(let table, let name, _, let notValid, _, let column?, _):
            // An unnamed one is named by Postgres, and only the name VALIDATE gives it matters for one added NOT VALID.
            notNullChecks[Self.bareName(table), default: [:]][name ?? "\(column) check"] =
                NotNullCheck(column: column, validated: !notValid)
        case .validateConstraint(let table, let name):
            notNullChecks[Self.bareName(table)]?[name]?.validated = true
        case .dropConstraint(let table, let name):
            notNullChecks[Self.bareName(table)]?[name] = nil
        case .other(let kind) where kind == "DROP SCHEMA" || kind == "DoStmt":
            // Whatever it did is unknown: nothing earlier can be trusted.
            tables = [:]
            notNullChecks = [:]
        default:
            break
        }
    }

    /// The history without what it says of `columns` (bare table, column): a migration gate could not read in full
    /// may have changed them.
    public func forgetting(_ columns: [(table: String, column: String)]) -> ColumnHistory {
        var copy = self
        for (table, column) in columns {
            copy.tables[table]?[column] = nil
            copy.notNullChecks[table] = copy.notNullChecks[table]?.filter { $0.value.column != column }
        }
        return copy
    }

    /// Keeps only the tables `wanted` names (bare): the part of a project's history a migration asks about.
    public func restricted(to wanted: Set<String>) -> ColumnHistory {
        var copy = ColumnHistory()
        copy.tables = tables.filter { wanted.contains($0.key) }
        copy.notNullChecks = notNullChecks.filter { wanted.contains($0.key) }
        return copy
    }

    /// Whether changing a column's type from `old` to `new` leaves every stored value as it is: the same type, a
    /// longer (or unlimited) varchar, varchar to text and back to unlimited varchar, a numeric given more precision at
    /// the same scale or none. Postgres changes only the catalog for these (no rewrite, no index rebuild), and
    /// every old value still fits. Anything else (int to bigint, a shorter varchar, text to varchar(n)) rewrites
    /// or checks every row.
    public static func widens(from old: String, to new: String) -> Bool {
        let (old, new) = (normalized(old), normalized(new))
        if old == new { return true }
        let (oldBase, oldModifiers) = split(old)
        let (newBase, newModifiers) = split(new)
        switch (oldBase, newBase) {
        case ("varchar", "text"), ("text", "text"):
            return true
        case ("text", "varchar"):
            return newModifiers.isEmpty
        case ("varchar", "varchar"):
            guard let after = newModifiers.first else { return true }
            guard let before = oldModifiers.first else { return false }
            return after >= before
        case ("numeric", "numeric"):
            guard newModifiers.count >= 1 else { return true }
            guard oldModifiers.count >= 1 else { return false }
            let (oldScale, newScale) = (oldModifiers.count > 1 ? oldModifiers[1] : 0, newModifiers.count > 1 ? newModifiers[1] : 0)
            return newScale == oldScale && newModifiers[0] >= oldModifiers[0]
        default:
            return false
        }
    }

    /// A type as written by a framework (`character varying(256)`, `VARCHAR(255)`, `decimal(10, 2)`) in the parser's
    /// names, as far as `widens` compares them.
    static func normalized(_ type: String) -> String {
        var text = type.lowercased().trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("pg_catalog.") { text.removeFirst(11) }
        for (written, name) in [("character varying", "varchar"), ("decimal", "numeric")] where text.hasPrefix(written) {
            text = name + text.dropFirst(written.count)
        }
        switch text {
        case "integer", "int": return "int4"
        case "bigint": return "int8"
        case "smallint": return "int2"
        default: return text.filter { $0 != " " }
        }
    }

    /// A type's base name and its numeric modifiers (`varchar(255)` → `varchar`, [255]); an array type is its own
    /// base (`varchar(20)[]`), which only equality widens.
    private static func split(_ type: String) -> (String, [Int]) {
        guard !type.hasSuffix("]"), let open = type.firstIndex(of: "("), type.hasSuffix(")") else { return (type, []) }
        let modifiers = type[type.index(after: open)..<type.index(before: type.endIndex)]
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return (String(type[..<open]), modifiers)
    }

    public static func bareName(_ table: String) -> String {
        guard let dot = table.utf8.lastIndex(of: 0x2E) else { return table }
        return String(table[table.utf8.index(after: dot)...])
    }
}
