import Foundation
import GateCore

/// SeaORM migrations (`migration/src/m20240501_120000_drop_legacy.rs`, a `MigrationTrait`): the sea-query builders
/// of `up` (`Table::alter().table(Post::Table).drop_column(Post::Legacy)`, `Index::create()…`) and
/// `execute_unprepared("…")` SQL, with `DeriveIden` enums' names (`Post::Table` is `post`, `Post::CreatedAt` is
/// `created_at`, `#[sea_orm(iden = "posts")]` overrides). SeaORM runs a Postgres migration in a transaction.
extension FrameworkMigrationReader {
    /// sea-query's column types (`ColumnDef` methods and the `schema` helpers named after them) in Postgres.
    static let seaTypes: [String: String] = [
        "string": "varchar", "string_len": "varchar", "char": "char", "char_len": "char", "text": "text",
        "integer": "integer", "big_integer": "bigint", "small_integer": "smallint", "tiny_integer": "smallint",
        "unsigned": "bigint", "big_unsigned": "bigint", "boolean": "boolean", "date_time": "timestamp",
        "timestamp": "timestamp", "timestamp_with_time_zone": "timestamptz", "date": "date", "time": "time",
        "uuid": "uuid", "json": "json", "json_binary": "jsonb", "decimal": "numeric", "decimal_len": "numeric",
        "float": "real", "double": "float8", "binary": "bytea", "blob": "bytea", "var_binary": "bytea", "inet": "inet",
        "pk_auto": "serial", "pk_uuid": "uuid", "big_pk_auto": "bigserial",
    ]

    static func seaORM(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .rust)
        let scanner = CallScanner(source, syntax: .rust)
        let idens = seaIdens(String(decoding: source, as: UTF8.self))
        func name(_ argument: String) -> String { seaName(argument, idens: idens) }
        let down = skippedSections(source, down: ["fn down"], up: ["fn up"])
        var fragments: [SQLFragment] = []
        var builder: (kind: String, line: Int)?
        var chain: [SourceCall] = []
        func flush() {
            defer { builder = nil; chain = [] }
            guard let (kind, line) = builder else { return }
            let table = chain.first { $0.name == "table" }?.arguments.first.map(name)
            var statements: [SQLFragment] = []
            func sql(_ text: String, _ at: Int) { statements.append(SQLFragment(sql: text, line: at)) }
            switch kind {
            case "Table::create":
                guard let table else { return }
                let columns = chain.filter { $0.name == "col" }.compactMap { $0.arguments.first }.compactMap { seaColumn($0, name) }
                sql("CREATE TABLE \(quoted(table)) (\(columns.joined(separator: ", ")))", line)
            case "Table::drop":
                for call in chain where call.name == "table" {
                    if let table = call.arguments.first.map(name) { sql("DROP TABLE \(quoted(table))", call.line) }
                }
            case "Table::rename":
                if let call = chain.first(where: { $0.name == "table" }), call.arguments.count >= 2 {
                    sql("ALTER TABLE \(quoted(name(call.arguments[0]))) RENAME TO \(quoted(name(call.arguments[1])))", call.line)
                }
            case "Table::alter":
                guard let table else { return }
                let quotedTable = quoted(table)
                for call in chain {
                    switch call.name {
                    case "add_column", "add_column_if_not_exists":
                        if let column = call.arguments.first.flatMap({ seaColumn($0, name) }) {
                            sql("ALTER TABLE \(quotedTable) ADD COLUMN \(column)", call.line)
                        }
                    case "modify_column":
                        if let column = call.arguments.first.flatMap({ seaColumn($0, name) }) {
                            for statement in knexAlter(table: quotedTable, column: column) { sql(statement, call.line) }
                        }
                    case "drop_column":
                        if let column = call.arguments.first.map(name) { sql("ALTER TABLE \(quotedTable) DROP COLUMN \(quoted(column))", call.line) }
                    case "rename_column" where call.arguments.count >= 2:
                        sql("ALTER TABLE \(quotedTable) RENAME COLUMN \(quoted(name(call.arguments[0]))) TO \(quoted(name(call.arguments[1])))", call.line)
                    default:
                        break
                    }
                }
            case "Index::create":
                guard let table else { return }
                let columns = chain.filter { $0.name == "col" }.compactMap { $0.arguments.first.map(name) }
                let indexName = chain.first { $0.name == "name" }?.arguments.first.flatMap(ArgumentText.literal).map { quoted($0) + " " } ?? ""
                let unique = chain.contains { $0.name == "unique" } ? "UNIQUE " : ""
                let concurrently = chain.contains { $0.name == "concurrently" } ? "CONCURRENTLY " : ""
                sql("CREATE \(unique)INDEX \(concurrently)\(indexName)ON \(quoted(table)) (\(columns.map(quoted).joined(separator: ", ")))", line)
            case "Index::drop":
                if let indexName = chain.first(where: { $0.name == "name" })?.arguments.first.flatMap(ArgumentText.literal) {
                    sql("DROP INDEX \(quoted(indexName))", line)
                }
            case "ForeignKey::create":
                let from = chain.first { $0.name == "from" }, to = chain.first { $0.name == "to" }
                guard let from, let to, from.arguments.count >= 2, to.arguments.count >= 2 else { return }
                sql("ALTER TABLE \(quoted(name(from.arguments[0]))) ADD FOREIGN KEY (\(quoted(name(from.arguments[1])))) "
                    + "REFERENCES \(quoted(name(to.arguments[0]))) (\(quoted(name(to.arguments[1]))))", line)
            case "ForeignKey::drop":
                if let key = chain.first(where: { $0.name == "name" })?.arguments.first.flatMap(ArgumentText.literal), let table {
                    sql("ALTER TABLE \(quoted(table)) DROP CONSTRAINT \(quoted(key))", line)
                }
            default:
                break
            }
            fragments += statements
        }
        let names: Set<String> = [
            "alter", "create", "drop", "rename", "table", "add_column", "add_column_if_not_exists", "modify_column",
            "drop_column", "rename_column", "col", "name", "unique", "concurrently", "from", "to", "to_owned", "build",
            "execute_unprepared",
        ]
        for call in scanner.calls(names, skipping: down) {
            let before = call.offset > 0 ? source[call.offset - 1] : 0
            if before == UInt8(ascii: ":"), ["alter", "create", "drop", "rename"].contains(call.name) {
                // `Table::alter()`, `sea_query::Table::alter()`, `Index::create()`: a builder starts.
                var start = call.offset - 2
                while start > 0, CallScanner.isIdentifier(source[start - 1]) { start -= 1 }
                let type = String(decoding: source[start..<(call.offset - 2)], as: UTF8.self)
                flush()
                let kind = type.hasSuffix("Index") ? "Index" : type.hasSuffix("ForeignKey") ? "ForeignKey" : "Table"
                builder = (kind + "::" + call.name, call.line)
                continue
            }
            switch call.name {
            case "execute_unprepared":
                if let text = call.arguments.first.flatMap(sqlString) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            case "to_owned", "build":
                flush()
            default:
                if builder != nil, before == UInt8(ascii: ".") { chain.append(call) }
            }
        }
        flush()
        return FrameworkMigration(fragments: ordered(fragments), options: AnalysisOptions(implicitTransaction: true, requireLockTimeout: false))
    }

    /// `Post::Table` → `post`, `Post::CreatedAt` → `created_at` (or the enum's `iden = "…"` override),
    /// `Alias::new("x")` → `x`, a string → itself; another expression keeps a name of its own.
    private static func seaName(_ argument: String, idens: [String: String]) -> String {
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if let literal = ArgumentText.literal(trimmed) { return literal }
        if let alias = CallScanner(Array(trimmed.utf8)).calls(["new"]).first?.arguments.first.flatMap(ArgumentText.literal) {
            return alias
        }
        if let override = idens[trimmed] { return override }
        let parts = trimmed.components(separatedBy: "::")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else {
            return expressionName(trimmed)
        }
        return snakeCase(parts[1] == "Table" ? parts[0] : parts[1])
    }

    /// The `iden = "…"` overrides of the file's Iden enums, by `Enum::Variant`.
    private static func seaIdens(_ text: String) -> [String: String] {
        var overrides: [String: String] = [:]
        var enumName: String?
        var pending: String?
        for line in TextLines(text, omittingEmpty: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let range = trimmed.range(of: "enum ") {
                enumName = trimmed[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }.description
                continue
            }
            guard let current = enumName else { continue }
            if trimmed.hasPrefix("}") { enumName = nil; continue }
            if trimmed.hasPrefix("#["), let range = trimmed.range(of: "iden = ") {
                pending = ArgumentText.literal(String(trimmed[range.upperBound...].prefix { $0 != ")" && $0 != "]" && $0 != "," }))
                continue
            }
            let variant = trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !variant.isEmpty, let value = pending { overrides["\(current)::\(variant)"] = value }
            pending = nil
        }
        return overrides
    }

    /// A column definition: `ColumnDef::new(Post::Slug).string().not_null().default("x")`, or a `schema` helper
    /// (`string(Post::Title)` is NOT NULL, `string_null(…)` nullable, `pk_auto(Post::Id)` a serial key).
    private static func seaColumn(_ text: String, _ name: (String) -> String) -> String? {
        let calls = CallScanner(Array(text.utf8)).calls(Set(seaTypes.keys).union(
            Set(seaTypes.keys.map { $0 + "_null" })).union(["new", "not_null", "default", "primary_key", "auto_increment", "unique_key"]))
        guard let first = calls.first, let argument = first.arguments.first else { return nil }
        let helper = first.name != "new"
        var method = first.name
        var nullable = false
        if helper {
            if method.hasSuffix("_null") { method = String(method.dropLast(5)); nullable = true }
        } else {
            guard let type = calls.dropFirst().first(where: { seaTypes[$0.name] != nil }) else { return nil }
            method = type.name
            nullable = !calls.contains { $0.name == "not_null" }
        }
        guard var type = seaTypes[method] else { return nil }
        let lengths = (helper ? Array(first.arguments.dropFirst()) : calls.first { $0.name == method }?.arguments ?? []).compactMap { Int($0) }
        if (type == "varchar" || type == "char"), let length = lengths.first { type += "(\(length))" }
        if type == "numeric", lengths.count >= 2 { type += "(\(lengths[0]), \(lengths[1]))" }
        if calls.contains(where: { $0.name == "auto_increment" }) { type = type == "bigint" ? "bigserial" : "serial" }
        var column = quoted(name(argument)) + " " + type
        if method.hasPrefix("pk_") || calls.contains(where: { $0.name == "primary_key" }) {
            column += " PRIMARY KEY"
        } else if !nullable {
            column += " NOT NULL"
        }
        if let value = calls.first(where: { $0.name == "default" })?.arguments.first {
            column += " DEFAULT " + (value.contains("current_timestamp") ? "CURRENT_TIMESTAMP" : ArgumentText.sqlDefault(value))
        }
        if calls.contains(where: { $0.name == "unique_key" }) { column += " UNIQUE" }
        return column
    }
}
