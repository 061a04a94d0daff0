import Foundation

/// Builds the catalog queries that must hold after a statement ran: what it created is there (with type,
/// nullability, validity), what it dropped is gone.
enum VerificationCheckBuilder {
    static func checks(for operation: SchemaOperation) -> [VerificationCheck] {
        switch operation {
        case .createTable(let table, let columns):
            return [tablePresent(table)] + columns.map { columnPresent(table, $0.name, type: $0.type, notNull: $0.notNull) }
        case .dropTable(let table):
            return [tableAbsent(table)]
        case .renameTable(let table, let newName):
            let schema = table.utf8.contains(0x2E) ? String(table.split(separator: ".")[0]) + "." : ""
            return [tableAbsent(table), tablePresent(schema + newName)]
        case .addColumn(let table, let column):
            return [columnPresent(table, column.name, type: column.type, notNull: column.notNull)]
        case .dropColumn(let table, let column):
            return [columnAbsent(table, column)]
        case .renameColumn(let table, let column, let newName):
            return [columnAbsent(table, column), columnPresent(table, newName, type: nil, notNull: nil)]
        case .alterColumnType(let table, let column, let type):
            return [columnPresent(table, column, type: type, notNull: nil)]
        case .setNotNull(let table, let column):
            return [columnPresent(table, column, type: nil, notNull: true)]
        case .dropNotNull(let table, let column):
            return [columnPresent(table, column, type: nil, notNull: false)]
        case .createIndex(let name, let table, _, _, _):
            if let name {
                let qualified = table.utf8.contains(0x2E) ? String(table.split(separator: ".")[0]) + "." + name : name
                return [VerificationCheck(
                    description: "index \(name) exists and is valid",
                    sql: { "SELECT COALESCE((SELECT i.indisvalid FROM pg_catalog.pg_index i WHERE i.indexrelid = "
                        + "to_regclass(\(literal(identifierPath(qualified))))), false)" })]
            }
            return [VerificationCheck(
                description: "every index on \(table) is valid",
                sql: { "SELECT to_regclass(\(literal(identifierPath(table)))) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    + "pg_catalog.pg_index i WHERE i.indrelid = to_regclass(\(literal(identifierPath(table)))) "
                    + "AND NOT i.indisvalid)" })]
        case .dropIndex(let name, _):
            return [VerificationCheck(
                description: "index \(name) is gone",
                sql: { "SELECT to_regclass(\(literal(identifierPath(name)))) IS NULL" })]
        case .addConstraint(let table, let name?, _, let notValid, _, _, _):
            if notValid {
                return [constraint(table, name, condition: "true", description: "constraint \(name) on \(table) exists")]
            }
            return [constraint(table, name, condition: "c.convalidated",
                               description: "constraint \(name) on \(table) exists and is validated")]
        case .validateConstraint(let table, let name):
            return [constraint(table, name, condition: "c.convalidated",
                               description: "constraint \(name) on \(table) is validated")]
        case .dropConstraint(let table, let name):
            return [VerificationCheck(
                description: "constraint \(name) on \(table) is gone",
                sql: { "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = "
                    + "to_regclass(\(literal(identifierPath(table)))) AND c.conname = \(literal(name)))" })]
        case .createType(let name):
            return [VerificationCheck(
                description: "type \(name) exists",
                sql: { "SELECT to_regtype(\(literal(identifierPath(name)))) IS NOT NULL" })]
        case .dropType(let name):
            return [VerificationCheck(
                description: "type \(name) is gone",
                sql: { "SELECT to_regtype(\(literal(identifierPath(name)))) IS NULL" })]
        case .enumAddValue(let type, let value), .enumRenameValue(let type, _, let value):
            return [VerificationCheck(
                description: "enum \(type) has value '\(value)'",
                sql: { "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_enum e WHERE e.enumtypid = "
                    + "to_regtype(\(literal(identifierPath(type)))) AND e.enumlabel = \(literal(value)))" })]
        default:
            return []
        }
    }

    private static func tablePresent(_ table: String) -> VerificationCheck {
        VerificationCheck(
            description: "table \(table) exists",
            sql: { "SELECT to_regclass(\(literal(identifierPath(table)))) IS NOT NULL" })
    }

    private static func tableAbsent(_ table: String) -> VerificationCheck {
        VerificationCheck(
            description: "table \(table) is gone",
            sql: { "SELECT to_regclass(\(literal(identifierPath(table)))) IS NULL" })
    }

    private static func columnPresent(_ table: String, _ column: String, type: String?, notNull: Bool?)
        -> VerificationCheck
    {
        var description = "column \(table).\(column) exists"
        if let type { description += " as \(type)" }
        if let notNull { description += notNull ? " NOT NULL" : " NULL" }
        return VerificationCheck(description: description) {
            var sql = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = "
                + "to_regclass(\(literal(identifierPath(table)))) AND a.attname = \(literal(column)) AND NOT a.attisdropped"
            if let type {
                sql += " AND a.atttypid = to_regtype(\(literal(type)))"
                if let typmod = typeModifier(type) { sql += " AND a.atttypmod = \(typmod)" }
            }
            if let notNull { sql += notNull ? " AND a.attnotnull" : " AND NOT a.attnotnull" }
            return sql + ")"
        }
    }

    private static func columnAbsent(_ table: String, _ column: String) -> VerificationCheck {
        VerificationCheck(
            description: "column \(table).\(column) is gone",
            sql: { "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = "
                + "to_regclass(\(literal(identifierPath(table)))) AND a.attname = \(literal(column)) "
                + "AND NOT a.attisdropped)" })
    }

    private static func constraint(_ table: String, _ name: String, condition: String, description: String)
        -> VerificationCheck
    {
        VerificationCheck(
            description: description,
            sql: { "SELECT COALESCE((SELECT \(condition) FROM pg_catalog.pg_constraint c WHERE c.conrelid = "
                + "to_regclass(\(literal(identifierPath(table)))) AND c.conname = \(literal(name))), false)" })
    }

    /// The `atttypmod` Postgres stores for a length or precision (`varchar(n)`: n + 4; `numeric(p,s)`:
    /// (p << 16 | s) + 4), so a length change is verified too; nil for types without one.
    static func typeModifier(_ type: String) -> Int? {
        guard type.utf8.last == 0x29, let open = type.firstIndex(of: "("), type.hasSuffix(")") else { return nil }
        let base = type[..<open].lowercased()
        let arguments = type[type.index(after: open)..<type.index(before: type.endIndex)]
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        switch base {
        case "varchar", "bpchar", "char", "character", "character varying":
            return arguments.count == 1 ? arguments[0] + 4 : nil
        case "numeric", "decimal":
            guard let precision = arguments.first else { return nil }
            return ((precision << 16) | (arguments.count > 1 ? arguments[1] : 0)) + 4
        default:
            return nil
        }
    }

    /// A dotted name as Postgres reads it back: parts that are not plain lower-case identifiers are quoted.
    static func identifierPath(_ name: String) -> String {
        // Most names are one plain part and come back as they are.
        if let first = name.utf8.first, !(first >= 0x30 && first <= 0x39), name.utf8.allSatisfy({ byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
        }), !reservedWords.contains(name) {
            return name
        }
        return name.split(separator: ".", omittingEmptySubsequences: false).map { part -> String in
            let plain = !part.isEmpty && part.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
            } && !(part.utf8.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false) && !reservedWords.contains(String(part))
            guard !plain else { return String(part) }
            return "\"" + (part.utf8.contains(0x22) ? part.replacingOccurrences(of: "\"", with: "\"\"") : String(part)) + "\""
        }.joined(separator: ".")
    }

    /// The keywords Postgres does not take as a table or column name unless quoted (its reserved and type/function
    /// name keywords): an ORM quotes every name it writes, so `queryRunner.dropColumn("user", …)` and Knex's
    /// `table.dropColumn("limit")` run against `"user"` and `"limit"`.
    private static let reservedWords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both",
        "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
        "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
        "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
        "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar",
        "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "verbose", "when", "where", "window", "with",
    ]

    /// A SQL string literal.
    static func literal(_ text: String) -> String {
        "'" + (text.utf8.contains(0x27) ? text.replacingOccurrences(of: "'", with: "''") : text) + "'"
    }
}
