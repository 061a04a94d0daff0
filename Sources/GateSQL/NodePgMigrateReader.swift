import Foundation
import GateCore

/// node-pg-migrate migrations (`exports.up = (pgm) => { pgm.addColumn(…) }`, ESM `export const up`, TypeScript
/// `export async function up(pgm: MigrationBuilder)`): the builder's calls in `up`, read into the SQL node-pg-migrate
/// sends. It runs each migration in a transaction unless `up` calls `pgm.noTransaction()`.
extension FrameworkMigrationReader {
    /// The builder methods read, with node-pg-migrate's aliases (`addIndex` is `createIndex`…).
    static let nodePgMigrateMethods: Set<String> = [
        "createTable", "dropTable", "renameTable", "alterTable", "addColumns", "addColumn", "dropColumns", "dropColumn",
        "renameColumn", "alterColumn", "addConstraint", "createConstraint", "dropConstraint", "renameConstraint",
        "createIndex", "addIndex", "dropIndex", "createType", "addType", "dropType", "renameType", "addTypeValue",
        "renameTypeValue", "addTypeAttribute", "dropTypeAttribute", "createExtension", "addExtension", "sql",
    ]

    static func nodePgMigrate(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: StringSyntax())
        let scanner = CallScanner(source)
        let down = skippedSections(
            source, down: ["exports.down", "function down", "down =", "down:", "down("],
            up: ["exports.up", "function up", "up =", "up:", "up("])
        let builders = nodePgMigrateBuilderNames(source)
        var fragments: [SQLFragment] = []
        var unread: [UnreadOperation] = []
        var noTransaction = false
        var searchFrom = 0
        let calls = scanner.calls(nodePgMigrateMethods.union(["noTransaction"]), skipping: down)
        for call in calls where builders.contains(where: { isReceiver($0, of: call, in: source) }) {
            if call.name == "noTransaction" {
                noTransaction = true
                continue
            }
            if call.name == "sql" {
                if let text = call.arguments.first.flatMap(ArgumentText.literal), !text.contains("${") {
                    var fragment = scanner.literalFragment(text, of: call, searchFrom: &searchFrom)
                    // `'… = \'open\''`: the string's escapes are JavaScript's, not the SQL's.
                    if text.contains("\\") { fragment.sql = Self.unescapedJavaScript(text) }
                    fragments.append(fragment)
                } else {
                    unread.append(UnreadOperation(operation: "pgm.sql", line: call.line))
                }
                continue
            }
            let statements = NodePgMigrateCall(name: call.name, arguments: call.arguments).statements()
            if statements.isEmpty {
                unread.append(UnreadOperation(operation: "pgm.\(call.name)", line: call.line))
            }
            for statement in statements { fragments.append(SQLFragment(sql: statement, line: call.line)) }
        }
        var migration = FrameworkMigration(
            fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
        migration.options.declaredOutsideTransaction = noTransaction
        migration.unread = unread
        return migration
    }

    /// A JavaScript string literal's body with its escapes undone (`\'` → `'`, `\n` → a line end).
    static func unescapedJavaScript(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" ? "\n" : character == "t" ? "\t" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// The names the builder is handed in as: `pgm` by convention, or whatever `up`'s first parameter is called
    /// (`exports.up = async (db) =>`, `export function up(builder: MigrationBuilder)`).
    static func nodePgMigrateBuilderNames(_ source: [UInt8]) -> [String] {
        var names = ["pgm"]
        for marker in ["up = async (", "up = (", "up = async function (", "up = function (", "function up(", "up("] {
            let needle = Array(marker.utf8)
            guard let start = source.firstIndex(ofSequence: needle, from: 0) else { continue }
            var end = start + needle.count
            while end < source.count, source[end] == 0x20 { end += 1 }
            let nameStart = end
            while end < source.count, CallScanner.isIdentifier(source[end]) { end += 1 }
            guard end > nameStart else { continue }
            let name = String(decoding: source[nameStart..<end], as: UTF8.self)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}

/// One `pgm.method(…)` call and the SQL node-pg-migrate builds for it; no statement when an argument gate must know
/// (a table name, a column list) is not a literal.
struct NodePgMigrateCall {
    var name: String
    var arguments: [String]

    func statements() -> [String] {
        guard let table = arguments.first.flatMap(Self.name) else { return [] }
        let literals = arguments.map(ArgumentText.literal)
        func literal(_ index: Int) -> String? { index < literals.count ? literals[index] : nil }
        func options(_ index: Int) -> [String: String] {
            index < arguments.count ? ArgumentText.keywords([arguments[index]]) : [:]
        }
        switch name {
        case "createTable":
            guard arguments.count >= 2, let columns = Self.columns(arguments[1]) else { return [] }
            let ifNotExists = ArgumentText.isTrue(options(2)["ifNotExists"]) ? "IF NOT EXISTS " : ""
            return ["CREATE TABLE \(ifNotExists)\(table) (\(columns.joined(separator: ", ")))"]
        case "dropTable":
            let exists = ArgumentText.isTrue(options(1)["ifExists"]) ? "IF EXISTS " : ""
            let cascade = ArgumentText.isTrue(options(1)["cascade"]) ? " CASCADE" : ""
            return ["DROP TABLE \(exists)\(table)\(cascade)"]
        case "renameTable":
            guard let new = literal(1) else { return [] }
            return ["ALTER TABLE \(table) RENAME TO \(quoted(new))"]
        case "alterTable":
            // Only `levelSecurity` is an option; it locks the table briefly and changes no data.
            guard let level = options(1)["levelSecurity"].flatMap(ArgumentText.literal) else { return [] }
            return ["ALTER TABLE \(table) \(level) ROW LEVEL SECURITY"]
        case "addColumns", "addColumn":
            guard arguments.count >= 2, let columns = Self.columns(arguments[1]), !columns.isEmpty else { return [] }
            let ifNotExists = ArgumentText.isTrue(options(2)["ifNotExists"]) ? "IF NOT EXISTS " : ""
            return ["ALTER TABLE \(table) " + columns.map { "ADD COLUMN \(ifNotExists)\($0)" }.joined(separator: ", ")]
        case "dropColumns", "dropColumn":
            guard arguments.count >= 2 else { return [] }
            let names = Self.columnNames(arguments[1])
            guard !names.isEmpty else { return [] }
            let exists = ArgumentText.isTrue(options(2)["ifExists"]) ? "IF EXISTS " : ""
            return ["ALTER TABLE \(table) " + names.map { "DROP COLUMN \(exists)\(quoted($0))" }.joined(separator: ", ")]
        case "renameColumn":
            guard let old = literal(1), let new = literal(2) else { return [] }
            return ["ALTER TABLE \(table) RENAME COLUMN \(quoted(old)) TO \(quoted(new))"]
        case "alterColumn":
            guard let column = literal(1) else { return [] }
            return Self.alterColumn(table: table, column: quoted(column), options: options(2))
        case "addConstraint", "createConstraint":
            guard arguments.count >= 3 else { return [] }
            let named = literal(1).map { "CONSTRAINT \(quoted($0)) " } ?? ""
            guard let constraint = Self.constraint(arguments[2]) else { return [] }
            return ["ALTER TABLE \(table) ADD \(named)\(constraint)"]
        case "dropConstraint":
            guard let constraint = literal(1) else { return [] }
            let exists = ArgumentText.isTrue(options(2)["ifExists"]) ? "IF EXISTS " : ""
            return ["ALTER TABLE \(table) DROP CONSTRAINT \(exists)\(quoted(constraint))"]
        case "renameConstraint":
            guard let old = literal(1), let new = literal(2) else { return [] }
            return ["ALTER TABLE \(table) RENAME CONSTRAINT \(quoted(old)) TO \(quoted(new))"]
        case "createIndex", "addIndex":
            guard arguments.count >= 2 else { return [] }
            let columns = Self.indexColumns(arguments[1])
            guard !columns.isEmpty else { return [] }
            let options = options(2)
            let unique = ArgumentText.isTrue(options["unique"])
            let indexName = options["name"].flatMap(ArgumentText.literal)
                ?? Self.indexName(table: arguments[0], columns: arguments[1], unique: unique)
            var sql = "CREATE \(unique ? "UNIQUE " : "")INDEX "
            if ArgumentText.isTrue(options["concurrently"]) { sql += "CONCURRENTLY " }
            if ArgumentText.isTrue(options["ifNotExists"]) { sql += "IF NOT EXISTS " }
            sql += (indexName.map { quoted($0) + " " } ?? "") + "ON \(table)"
            if let method = options["method"].flatMap(ArgumentText.literal) { sql += " USING \(method)" }
            sql += " (\(columns.joined(separator: ", ")))"
            if let predicate = options["where"].flatMap(ArgumentText.literal) { sql += " WHERE \(predicate)" }
            return [sql]
        case "dropIndex":
            let options = options(2)
            let indexName = options["name"].flatMap(ArgumentText.literal)
                ?? (arguments.count >= 2
                    ? Self.indexName(table: arguments[0], columns: arguments[1], unique: ArgumentText.isTrue(options["unique"]))
                    : nil)
            guard let indexName else { return [] }
            var sql = "DROP INDEX "
            if ArgumentText.isTrue(options["concurrently"]) { sql += "CONCURRENTLY " }
            if ArgumentText.isTrue(options["ifExists"]) { sql += "IF EXISTS " }
            return [sql + quoted(indexName)]
        case "createType", "addType":
            guard arguments.count >= 2 else { return [] }
            let definition = arguments[1].trimmingCharacters(in: .whitespacesAndNewlines)
            if definition.hasPrefix("[") {
                let values = ArgumentText.list(definition).map(Self.stringLiteral)
                return ["CREATE TYPE \(table) AS ENUM (\(values.joined(separator: ", ")))"]
            }
            guard let attributes = Self.columns(definition) else { return [] }
            return ["CREATE TYPE \(table) AS (\(attributes.joined(separator: ", ")))"]
        case "dropType":
            let exists = ArgumentText.isTrue(options(1)["ifExists"]) ? "IF EXISTS " : ""
            return ["DROP TYPE \(exists)\(table)"]
        case "renameType":
            guard let new = literal(1) else { return [] }
            return ["ALTER TYPE \(table) RENAME TO \(quoted(new))"]
        case "addTypeValue":
            guard let value = literal(1) else { return [] }
            let options = options(2)
            var sql = "ALTER TYPE \(table) ADD VALUE "
            if ArgumentText.isTrue(options["ifNotExists"]) { sql += "IF NOT EXISTS " }
            sql += Self.stringLiteral(value)
            if let before = options["before"].flatMap(ArgumentText.literal) { sql += " BEFORE \(Self.stringLiteral(before))" }
            if let after = options["after"].flatMap(ArgumentText.literal) { sql += " AFTER \(Self.stringLiteral(after))" }
            return [sql]
        case "renameTypeValue":
            guard let old = literal(1), let new = literal(2) else { return [] }
            return ["ALTER TYPE \(table) RENAME VALUE \(Self.stringLiteral(old)) TO \(Self.stringLiteral(new))"]
        case "addTypeAttribute":
            guard let attribute = literal(1), arguments.count >= 3, let type = Self.columnType(arguments[2]) else { return [] }
            return ["ALTER TYPE \(table) ADD ATTRIBUTE \(quoted(attribute)) \(type)"]
        case "dropTypeAttribute":
            guard let attribute = literal(1) else { return [] }
            return ["ALTER TYPE \(table) DROP ATTRIBUTE \(quoted(attribute))"]
        case "createExtension", "addExtension":
            let ifNotExists = ArgumentText.isTrue(options(1)["ifNotExists"]) ? "IF NOT EXISTS " : ""
            return ArgumentText.list(arguments[0]).map { "CREATE EXTENSION \(ifNotExists)\(quoted($0))" }
        default:
            return []
        }
    }

    private func quoted(_ name: String) -> String { FrameworkMigrationReader.quoted(name) }

    /// A table (or type) name: `'tickets'`, or `{ schema: 'app', name: 'tickets' }`.
    static func name(_ argument: String) -> String? {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("[") { return ArgumentText.list(text).first.map(FrameworkMigrationReader.quoted) }
        if text.hasPrefix("{") {
            let keywords = ArgumentText.keywords([text])
            guard let name = keywords["name"].flatMap(ArgumentText.literal) else { return nil }
            let schema = keywords["schema"].flatMap(ArgumentText.literal)
            return (schema.map { FrameworkMigrationReader.quoted($0) + "." } ?? "") + FrameworkMigrationReader.quoted(name)
        }
        return ArgumentText.literal(text).map(FrameworkMigrationReader.quoted)
    }

    /// The column definitions of an object literal (`{ id: 'id', title: { type: 'text', notNull: true } }`), in order;
    /// nil when it is not one (a variable).
    static func columns(_ argument: String) -> [String]? {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        var columns: [String] = []
        for entry in CallScanner.splitArguments(String(text.dropFirst().dropLast())) {
            guard let (name, definition) = ArgumentText.keyword(entry), let column = column(name, definition) else {
                return nil
            }
            columns.append(column)
        }
        return columns
    }

    /// One column: `'integer'`, the `'id'` shorthand (`serial PRIMARY KEY`), or `{ type, notNull, default,
    /// primaryKey, unique, references, onDelete, check }`.
    static func column(_ name: String, _ definition: String) -> String? {
        var sql = FrameworkMigrationReader.quoted(name) + " "
        if let shorthand = ArgumentText.literal(definition) {
            return sql + (shorthand == "id" ? "serial PRIMARY KEY" : shorthand)
        }
        guard definition.hasPrefix("{") else { return nil }
        let options = ArgumentText.keywords([definition])
        guard let type = options["type"].flatMap(columnType) else { return nil }
        if type == "id" { return sql + "serial PRIMARY KEY" }
        sql += type
        if let collation = options["collation"].flatMap(ArgumentText.literal) { sql += " COLLATE \(collation)" }
        if let value = options["default"], value != "undefined" { sql += " DEFAULT " + defaultValue(value) }
        if ArgumentText.isTrue(options["primaryKey"]) { sql += " PRIMARY KEY" }
        if ArgumentText.isTrue(options["notNull"]) { sql += " NOT NULL" }
        if ArgumentText.isTrue(options["unique"]) { sql += " UNIQUE" }
        if let check = options["check"].flatMap(ArgumentText.literal) { sql += " CHECK (\(check))" }
        if let references = options["references"].flatMap(reference) {
            sql += " REFERENCES \(references)"
            if let action = options["onDelete"].flatMap(ArgumentText.literal) { sql += " ON DELETE \(action)" }
        }
        return sql
    }

    /// A column type as written: `'varchar(100)'`, `'integer[]'`, or `pgm.func('…')`.
    static func columnType(_ value: String) -> String? {
        if let type = ArgumentText.literal(value) { return type }
        return rawFunction(value)
    }

    /// `pgm.func('current_timestamp')` (or `PgLiteral.create(…)`): SQL node-pg-migrate writes as it is.
    static func rawFunction(_ value: String) -> String? {
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasSuffix(")"), let open = text.firstIndex(of: "("),
              text[..<open].hasSuffix(".func") || text[..<open].hasSuffix("PgLiteral.create")
        else { return nil }
        return ArgumentText.literal(String(text[text.index(after: open)..<text.index(before: text.endIndex)]))
    }

    /// A default: `pgm.func('now()')` as its SQL, a string as an escaped literal, numbers, booleans and null as they are.
    static func defaultValue(_ value: String) -> String {
        if let function = rawFunction(value) { return function }
        return ArgumentText.sqlDefault(value)
    }

    /// `'users'`, `'users(id)'`, `'"app"."users"'` or `{ schema, name }`.
    static func reference(_ value: String) -> String? {
        if value.hasPrefix("{") { return name(value) }
        guard let text = ArgumentText.literal(value) else { return nil }
        if let open = text.firstIndex(of: "(") {
            return FrameworkMigrationReader.quoted(String(text[..<open]).trimmingCharacters(in: .whitespaces)) + " " + text[open...]
        }
        return FrameworkMigrationReader.quoted(text)
    }

    /// The names `dropColumns` takes: a string, an array of strings, or an object whose keys are the columns.
    static func columnNames(_ argument: String) -> [String] {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("{"), text.hasSuffix("}") {
            return CallScanner.splitArguments(String(text.dropFirst().dropLast())).compactMap { ArgumentText.keyword($0)?.0 }
        }
        return ArgumentText.list(text)
    }

    /// An index's columns as SQL: names quoted, expressions (`lower(email)`) and `{ name, sort }` objects as written.
    static func indexColumns(_ argument: String) -> [String] {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        let items = text.hasPrefix("[") ? CallScanner.splitArguments(String(text.dropFirst().dropLast())) : [text]
        var columns: [String] = []
        for item in items {
            if item.hasPrefix("{") {
                let options = ArgumentText.keywords([item])
                guard let name = options["name"].flatMap(ArgumentText.literal) else { return [] }
                let sort = options["sort"].flatMap(ArgumentText.literal).map { " \($0)" } ?? ""
                columns.append(FrameworkMigrationReader.quoted(name) + sort)
            } else if let name = ArgumentText.literal(item) {
                columns.append(name.contains("(") || name.contains(" ") ? name : FrameworkMigrationReader.quoted(name))
            } else {
                return []
            }
        }
        return columns
    }

    /// node-pg-migrate's name for an index given none: `tickets_priority_index`, `tickets_a_b_unique_index`.
    static func indexName(table: String, columns: String, unique: Bool) -> String? {
        guard let table = ArgumentText.literal(table) ?? ArgumentText.keywords([table])["name"].flatMap(ArgumentText.literal)
        else { return nil }
        let text = columns.trimmingCharacters(in: .whitespacesAndNewlines)
        let items = text.hasPrefix("[") ? CallScanner.splitArguments(String(text.dropFirst().dropLast())) : [text]
        let names = items.compactMap { item in
            item.hasPrefix("{") ? ArgumentText.keywords([item])["name"].flatMap(ArgumentText.literal) : ArgumentText.literal(item)
        }
        guard names.count == items.count, !names.isEmpty else { return nil }
        let cleaned = names.map { String($0.filter { $0.isLetter || $0.isNumber || $0 == "_" }) }
        return ([table] + cleaned).joined(separator: "_") + (unique ? "_unique_index" : "_index")
    }

    /// What `alterColumn` runs: each option its own clause (`type`, `default`, `notNull`/`allowNull`).
    static func alterColumn(table: String, column: String, options: [String: String]) -> [String] {
        let prefix = "ALTER TABLE \(table) ALTER COLUMN \(column)"
        var statements: [String] = []
        if let type = options["type"].flatMap(columnType) {
            let using = options["using"].flatMap(ArgumentText.literal).map { " USING \($0)" } ?? ""
            statements.append("\(prefix) SET DATA TYPE \(type)\(using)")
        }
        if let value = options["default"] {
            statements.append(value == "null" ? "\(prefix) DROP DEFAULT" : "\(prefix) SET DEFAULT \(defaultValue(value))")
        }
        if ArgumentText.isTrue(options["notNull"]) || ArgumentText.isFalse(options["allowNull"]) {
            statements.append("\(prefix) SET NOT NULL")
        } else if ArgumentText.isFalse(options["notNull"]) || ArgumentText.isTrue(options["allowNull"]) {
            statements.append("\(prefix) DROP NOT NULL")
        }
        return statements
    }

    /// A constraint as `addConstraint`'s third argument gives it: SQL as written (`'CHECK (qty > 0) NOT VALID'`) or
    /// `{ check, unique, primaryKey, foreignKeys: { columns, references, onDelete }, notValid }`.
    static func constraint(_ argument: String) -> String? {
        if let text = ArgumentText.literal(argument) { return text }
        guard argument.hasPrefix("{") else { return nil }
        let options = ArgumentText.keywords([argument])
        let notValid = ArgumentText.isTrue(options["notValid"]) ? " NOT VALID" : ""
        func list(_ value: String) -> String { ArgumentText.list(value).map(FrameworkMigrationReader.quoted).joined(separator: ", ") }
        if let check = options["check"].flatMap(ArgumentText.literal) { return "CHECK (\(check))\(notValid)" }
        if let unique = options["unique"] { return "UNIQUE (\(list(unique)))" }
        if let primary = options["primaryKey"] { return "PRIMARY KEY (\(list(primary)))" }
        if let foreign = options["foreignKeys"] {
            let keys = ArgumentText.keywords([foreign.hasPrefix("[") ? String(foreign.dropFirst().dropLast()) : foreign])
            guard let columns = keys["columns"], let references = keys["references"].flatMap(reference) else { return nil }
            var sql = "FOREIGN KEY (\(list(columns))) REFERENCES \(references)"
            if let action = keys["onDelete"].flatMap(ArgumentText.literal) { sql += " ON DELETE \(action)" }
            return sql + notValid
        }
        return nil
    }

    /// A SQL string literal.
    static func stringLiteral(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
}
