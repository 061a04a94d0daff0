import Foundation

/// A generated check with the statement it came from.
public struct StandingCheck: Sendable, Equatable {
    /// Index of the migration in the sequence folded.
    public var migration: Int
    /// The statement's line in its file.
    public var line: Int
    public var check: VerificationCheck
}

/// Folds the expected schema through a sequence of migrations: a check generated for one statement is dropped when
/// a later statement changes the object it is about (`0000` creates `Chat.messages`, `0002` drops it: after `0002`
/// only "Chat.messages is gone" stands). What remains is what the catalog must show after the last migration.
public enum SchemaFold {
    /// The checks that still stand after the last of `migrations` (each a file's statements, in order).
    public static func standing(_ migrations: [[AnalyzedStatement]]) -> [StandingCheck] {
        var entries: [(migration: Int, line: Int, operation: SchemaOperation)] = []
        for (index, statements) in migrations.enumerated() {
            for analyzed in statements {
                for operation in analyzed.operations { entries.append((index, analyzed.statement.line, operation)) }
            }
        }
        var later = Touched()
        var standing: [StandingCheck] = []
        for entry in entries.reversed() {
            let checks = VerificationCheckBuilder.checks(for: entry.operation.withQuotedTypeNames)
            let keys = ObjectKey.asserted(by: entry.operation)
            // Every check has its object; should the builder and this table ever disagree, the whole statement's
            // checks are kept or dropped together, on all of its objects.
            let pairs: [(VerificationCheck, [ObjectKey])] =
                keys.count == checks.count ? Array(zip(checks, keys.map { [$0] })) : checks.map { ($0, keys) }
            for (check, objects) in pairs.reversed() where !objects.contains(where: later.covers) {
                standing.append(StandingCheck(migration: entry.migration, line: entry.line, check: check))
            }
            later.add(entry.operation)
        }
        return standing.reversed()
    }
}

/// The catalog object a check is about.
struct ObjectKey: Hashable {
    enum Kind: Hashable { case table, column, index, tableIndexes, constraint, type, enumValue }
    var kind: Kind
    var name: String
    /// The table the object belongs to (dropping or renaming the table changes it too).
    var table: String?
    /// A column's type when it is not built in (an enum, a domain): renaming or dropping that type changes the check.
    var userType: String? = nil

    static func == (lhs: ObjectKey, rhs: ObjectKey) -> Bool { lhs.kind == rhs.kind && lhs.name == rhs.name }

    func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(name)
    }

    /// Types every Postgres has: checks of columns of these types survive renames of user types.
    static let builtinTypes: Set<String> = [
        "int2", "int4", "int8", "smallint", "integer", "bigint", "text", "varchar", "bpchar", "char", "bool", "boolean",
        "numeric", "decimal", "float4", "float8", "real", "timestamp", "timestamptz", "date", "time", "timetz", "json",
        "jsonb", "uuid", "bytea", "interval", "inet", "cidr", "macaddr", "money", "xml", "tsvector", "bit", "varbit",
        "citext", "oid", "name",
    ]

    static func userType(_ type: String?) -> String? {
        guard let type else { return nil }
        let base = type.prefix { $0 != "(" && $0 != "[" }
        let name = base.hasPrefix("pg_catalog.") ? String(base.dropFirst(11)) : String(base)
        return builtinTypes.contains(name) ? nil : normalized(name)
    }

    static func normalized(_ name: String) -> String {
        name.hasPrefix("public.") ? String(name.dropFirst(7)) : name
    }

    static func table(_ table: String) -> ObjectKey { ObjectKey(kind: .table, name: normalized(table), table: normalized(table)) }

    static func column(_ table: String, _ column: String, type: String? = nil) -> ObjectKey {
        ObjectKey(kind: .column, name: normalized(table) + "." + column, table: normalized(table), userType: userType(type))
    }

    /// One key per check `VerificationCheckBuilder.checks(for:)` builds, in the same order.
    static func asserted(by operation: SchemaOperation) -> [ObjectKey] {
        switch operation {
        case .createTable(let table, let columns):
            return [.table(table)] + columns.map { .column(table, $0.name, type: $0.type) }
        case .dropTable(let table):
            return [.table(table)]
        case .renameTable(let table, let newName):
            let schema = table.contains(".") ? String(table.split(separator: ".")[0]) + "." : ""
            return [.table(table), .table(schema + newName)]
        case .addColumn(let table, let column):
            return [.column(table, column.name, type: column.type)]
        case .alterColumnType(let table, let column, let type):
            return [.column(table, column, type: type)]
        case .dropColumn(let table, let column), .setNotNull(let table, let column), .dropNotNull(let table, let column):
            return [.column(table, column)]
        case .renameColumn(let table, let column, let newName):
            return [.column(table, column), .column(table, newName)]
        case .createIndex(let name, let table, _, _, _):
            if let name { return [ObjectKey(kind: .index, name: normalized(name), table: normalized(table))] }
            return [ObjectKey(kind: .tableIndexes, name: normalized(table), table: normalized(table))]
        case .dropIndex(let name, _):
            return [ObjectKey(kind: .index, name: normalized(name), table: nil)]
        case .addConstraint(let table, let name?, _, _, _, _, _), .validateConstraint(let table, let name),
            .dropConstraint(let table, let name):
            return [ObjectKey(kind: .constraint, name: normalized(table) + "." + name, table: normalized(table))]
        case .createType(let name), .dropType(let name):
            return [ObjectKey(kind: .type, name: normalized(name), table: nil)]
        case .enumAddValue(let type, let value):
            return [ObjectKey(kind: .enumValue, name: normalized(type) + "." + value, table: nil)]
        case .enumRenameValue(let type, _, let value):
            return [ObjectKey(kind: .enumValue, name: normalized(type) + "." + value, table: nil)]
        default:
            return []
        }
    }
}

/// What later statements changed, so an earlier check about it no longer describes the final schema.
private struct Touched {
    var keys: Set<ObjectKey> = []
    /// Tables dropped or renamed: every object on them changed.
    var tables: Set<String> = []
    /// Tables that lost or retyped a column: their indexes and constraints may have gone with it.
    var dependents: Set<String> = []
    /// Types whose values changed (renamed, dropped).
    var types: Set<String> = []
    /// A statement gate cannot read the effect of (DROP SCHEMA … CASCADE): nothing before it can be trusted.
    var everything = false
    /// A rename of something other than a table or column: names of indexes, constraints and types may be stale.
    var namedObjects = false

    func covers(_ key: ObjectKey) -> Bool {
        if everything || keys.contains(key) { return true }
        if let table = key.table, tables.contains(table) { return true }
        switch key.kind {
        case .index, .tableIndexes, .constraint:
            if let table = key.table, dependents.contains(table) { return true }
            return namedObjects
        case .type:
            return namedObjects || types.contains(key.name)
        case .enumValue:
            return namedObjects || types.contains(String(key.name.split(separator: ".").dropLast().joined(separator: ".")))
        case .column:
            guard let type = key.userType else { return false }
            return namedObjects || types.contains(type)
        case .table:
            return false
        }
    }

    mutating func add(_ operation: SchemaOperation) {
        keys.formUnion(ObjectKey.asserted(by: operation))
        switch operation {
        case .dropTable(let table):
            tables.insert(ObjectKey.normalized(table))
        case .renameTable(let table, let newName):
            let schema = table.contains(".") ? String(table.split(separator: ".")[0]) + "." : ""
            tables.insert(ObjectKey.normalized(table))
            tables.insert(ObjectKey.normalized(schema + newName))
        case .dropColumn(let table, _), .alterColumnType(let table, _, _):
            dependents.insert(ObjectKey.normalized(table))
        case .renameColumn(let table, let column, let newName):
            keys.insert(.column(table, column))
            keys.insert(.column(table, newName))
        case .dropType(let name):
            types.insert(ObjectKey.normalized(name))
        case .enumRenameValue(let type, let value, _):
            keys.insert(ObjectKey(kind: .enumValue, name: ObjectKey.normalized(type) + "." + value, table: nil))
        case .addConstraint(_, _, _, _, let index?, _, _):
            // `ADD CONSTRAINT c UNIQUE USING INDEX x` (and PRIMARY KEY) renames index x to c: x is gone.
            keys.insert(ObjectKey(kind: .index, name: ObjectKey.normalized(index), table: nil))
        case .renameObject:
            // A renamed type, index, view, sequence or schema: names of indexes, constraints and types may be stale.
            namedObjects = true
        case .other(let kind):
            if kind == "DROP SCHEMA" || kind == "DROP EXTENSION" || kind == "DropOwnedStmt" || kind == "DoStmt" {
                everything = true
            } else if kind == "RenameStmt" || kind == "AlterTableStmt" {
                namedObjects = true
            }
        default:
            break
        }
    }
}

extension SchemaOperation {
    /// Column types as `to_regtype` reads them: a type whose name is not plain lower case (Prisma's `"Role"` enum) is
    /// quoted, so the check looks up `Role`, not `role`.
    var withQuotedTypeNames: SchemaOperation {
        switch self {
        case .createTable(let table, let columns):
            return .createTable(table: table, columns: columns.map { column in
                var quoted = column
                quoted.type = Self.quotedType(column.type)
                return quoted
            })
        case .addColumn(let table, var column):
            column.type = Self.quotedType(column.type)
            return .addColumn(table: table, column: column)
        case .alterColumnType(let table, let column, let type):
            return .alterColumnType(table: table, column: column, type: Self.quotedType(type))
        default:
            return self
        }
    }

    static func quotedType(_ type: String) -> String {
        let end = type.firstIndex { $0 == "(" || $0 == "[" } ?? type.endIndex
        let base = type[..<end]
        guard base.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") }) else { return type }
        let quoted = base.split(separator: ".").map { part in
            part.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } ? String(part)
                : "\"" + part.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ".")
        return quoted + type[end...]
    }
}
