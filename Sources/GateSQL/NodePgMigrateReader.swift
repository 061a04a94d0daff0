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
        // `pgm.db.query('ALTER TABLE …')`: the client node-pg-migrate hands the migration runs SQL as `pgm.sql` does.
        let clients = builders.map { $0 + ".db" }
        let shorthands = nodePgMigrateShorthands(source)
        // The file's string constants (`const DROP_EMAIL = 'ALTER TABLE …'`), read when `pgm.sql`'s argument is a name.
        var constants: [String: String]?
        var fragments: [SQLFragment] = []
        var unread: [UnreadOperation] = []
        var noTransaction = false
        var searchFrom = 0
        let calls = scanner.calls(nodePgMigrateMethods.union(["noTransaction", "query"]), skipping: down)
        for call in calls {
            let isQuery = call.name == "query"
            guard (isQuery ? clients : builders).contains(where: { isReceiver($0, of: call, in: source) }) else { continue }
            if call.name == "noTransaction" {
                noTransaction = true
                continue
            }
            if call.name == "sql" || isQuery {
                let operation = isQuery ? "pgm.db.query" : "pgm.sql"
                guard let argument = call.arguments.first else {
                    unread.append(UnreadOperation(operation: operation, line: call.line))
                    continue
                }
                if let text = ArgumentText.literal(argument), !text.contains("${") {
                    var fragment = scanner.literalFragment(text, of: call, searchFrom: &searchFrom)
                    // `'… = \'open\''`: the string's escapes are JavaScript's, not the SQL's.
                    if text.contains("\\") { fragment.sql = Self.unescapedJavaScript(text) }
                    fragments.append(fragment)
                } else if Self.isIdentifierName(argument) {
                    constants = constants ?? javaScriptStringConstants(source)
                    if let text = constants?[argument] {
                        fragments.append(SQLFragment(sql: text.contains("\\") ? Self.unescapedJavaScript(text) : text, line: call.line))
                    } else {
                        unread.append(UnreadOperation(operation: operation, line: call.line))
                    }
                } else {
                    unread.append(UnreadOperation(operation: operation, line: call.line))
                }
                continue
            }
            let statements = NodePgMigrateCall(name: call.name, arguments: call.arguments, shorthands: shorthands).statements()
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

    /// Whether `text` is one plain name (`DROP_EMAIL`), not an expression.
    static func isIdentifierName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, CallScanner.isIdentifierStart(first) || first == 0x24 else { return false }
        return bytes.allSatisfy { CallScanner.isIdentifier($0) || $0 == 0x24 }
    }

    /// The file's `shorthands` (`exports.shorthands = { created_at: { type: 'timestamptz', … } }`, `export const
    /// shorthands = { … }`): column definitions a column names by its type, expanded as node-pg-migrate expands them.
    static func nodePgMigrateShorthands(_ source: [UInt8]) -> [String: String] {
        let needle = Array("shorthands".utf8)
        var from = 0
        while let start = source.firstIndex(ofSequence: needle, from: from) {
            from = start + needle.count
            var cursor = from
            while cursor < source.count, source[cursor] == 0x20 || source[cursor] == 0x09 { cursor += 1 }
            // `shorthands: ColumnDefinitions = {`: a TypeScript annotation before the value.
            if cursor < source.count, source[cursor] == 0x3A {
                while cursor < source.count, source[cursor] != 0x3D, source[cursor] != 0x0A, source[cursor] != 0x3B { cursor += 1 }
            }
            guard cursor + 1 < source.count, source[cursor] == 0x3D, source[cursor + 1] != 0x3D else { continue }
            cursor += 1
            while cursor < source.count, source[cursor] == 0x20 || source[cursor] == 0x09 || source[cursor] == 0x0A || source[cursor] == 0x0D {
                cursor += 1
            }
            guard cursor < source.count, source[cursor] == 0x7B, let end = closingBrace(source, from: cursor) else { continue }
            return ArgumentText.keywords([String(decoding: source[cursor...end], as: UTF8.self)])
        }
        return [:]
    }

    /// The index of the `}` closing the `{` at `open`, past strings; nil when the file ends first.
    private static func closingBrace(_ source: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var quote: UInt8?
        var index = open
        while index < source.count {
            let byte = source[index]
            if let current = quote {
                if byte == 0x5C { index += 1 } else if byte == current { quote = nil }
            } else if byte == 0x22 || byte == 0x27 || byte == 0x60 {
                quote = byte
            } else if byte == 0x7B || byte == 0x5B || byte == 0x28 {
                depth += 1
            } else if byte == 0x7D || byte == 0x5D || byte == 0x29 {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    /// The string constants a JavaScript or TypeScript file declares once (`const DROP_EMAIL = 'ALTER TABLE …';`, a
    /// template without `${…}` included), as written between their quotes. A name declared twice (in two scopes), a
    /// `let` or `var`, or a value other than one literal (`'a' + b`, a call) stands for no value gate knows.
    static func javaScriptStringConstants(_ source: [UInt8]) -> [String: String] {
        var values: [String: String] = [:]
        var declared: [String: Int] = [:]
        // `let` and `var` may be assigned again: only a `const` holds one value.
        for keyword in ["const "] {
            let needle = Array(keyword.utf8)
            var from = 0
            while let start = source.firstIndex(ofSequence: needle, from: from) {
                from = start + needle.count
                guard start == 0 || !CallScanner.isIdentifier(source[start - 1]) && source[start - 1] != 0x2E else { continue }
                var cursor = from
                while cursor < source.count, source[cursor] == 0x20 { cursor += 1 }
                let nameStart = cursor
                while cursor < source.count, CallScanner.isIdentifier(source[cursor]) || source[cursor] == 0x24 { cursor += 1 }
                guard cursor > nameStart else { continue }
                let name = String(decoding: source[nameStart..<cursor], as: UTF8.self)
                declared[name, default: 0] += 1
                // `: string` before the value.
                if cursor < source.count, source[cursor] == 0x3A {
                    while cursor < source.count, source[cursor] != 0x3D, source[cursor] != 0x0A { cursor += 1 }
                }
                while cursor < source.count, source[cursor] == 0x20 { cursor += 1 }
                guard cursor + 1 < source.count, source[cursor] == 0x3D, source[cursor + 1] != 0x3D else { continue }
                cursor += 1
                while cursor < source.count, source[cursor] == 0x20 || source[cursor] == 0x0A || source[cursor] == 0x0D { cursor += 1 }
                guard cursor < source.count, source[cursor] == 0x22 || source[cursor] == 0x27 || source[cursor] == 0x60 else { continue }
                let quote = source[cursor]
                var end = cursor + 1
                while end < source.count, source[end] != quote {
                    if source[end] == 0x5C { end += 1 } else if quote != 0x60, source[end] == 0x0A { break }
                    end += 1
                }
                guard end < source.count, source[end] == quote else { continue }
                let text = String(decoding: source[(cursor + 1)..<end], as: UTF8.self)
                var after = end + 1
                while after < source.count, source[after] == 0x20 || source[after] == 0x09 { after += 1 }
                guard after >= source.count || source[after] == 0x3B || source[after] == 0x0A || source[after] == 0x0D,
                      quote != 0x60 || !text.contains("${")
                else { continue }
                values[name] = text
            }
        }
        for (name, count) in declared where count > 1 { values[name] = nil }
        return values
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
    /// The file's own column shorthands (`exports.shorthands`), by name, as written.
    var shorthands: [String: String] = [:]

    func statements() -> [String] {
        guard let table = arguments.first.flatMap(Self.name) else { return [] }
        let literals = arguments.map(ArgumentText.literal)
        func literal(_ index: Int) -> String? { index < literals.count ? literals[index] : nil }
        func options(_ index: Int) -> [String: String] {
            index < arguments.count ? ArgumentText.keywords([arguments[index]]) : [:]
        }
        switch name {
        case "createTable":
            guard arguments.count >= 2, let columns = Self.columns(arguments[1], shorthands: shorthands) else { return [] }
            let tableOptions = options(2)
            let ifNotExists = ArgumentText.isTrue(tableOptions["ifNotExists"]) ? "IF NOT EXISTS " : ""
            let temporary = ArgumentText.isTrue(tableOptions["temporary"]) ? "TEMPORARY " : ""
            // `constraints: { primaryKey: ['a', 'b'], unique: …, check: …, foreignKeys: … }`: the table's own.
            var definitions = columns
            if let constraints = tableOptions["constraints"] {
                let keys = ArgumentText.keywords([constraints])
                for key in ["primaryKey", "unique", "check", "foreignKeys"] {
                    guard let value = keys[key] else { continue }
                    guard let constraint = Self.constraint("{ \(key): \(value) }") else { return [] }
                    definitions.append(constraint)
                }
            }
            return ["CREATE \(temporary)TABLE \(ifNotExists)\(table) (\(definitions.joined(separator: ", ")))"]
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
            guard arguments.count >= 2, let columns = Self.columns(arguments[1], shorthands: shorthands), !columns.isEmpty else { return [] }
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
            guard let attributes = Self.columns(definition, shorthands: shorthands) else { return [] }
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
    static func columns(_ argument: String, shorthands: [String: String] = [:]) -> [String]? {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("{"), text.hasSuffix("}") else { return nil }
        var columns: [String] = []
        for entry in CallScanner.splitArguments(String(text.dropFirst().dropLast())) {
            guard let (name, definition) = ArgumentText.keyword(entry), let column = column(name, definition, shorthands: shorthands) else {
                return nil
            }
            columns.append(column)
        }
        return columns
    }

    /// One column: `'integer'`, the `'id'` shorthand (`serial PRIMARY KEY`), or `{ type, notNull, default,
    /// primaryKey, unique, references, onDelete, check }`.
    /// A type the file's `shorthands` define (`created_at: 'created_at'`, `{ type: 'created_at', notNull: false }`)
    /// is that definition, the column's own options over it; a shorthand is expanded once (no cycle).
    static func column(_ name: String, _ definition: String, shorthands: [String: String] = [:]) -> String? {
        var sql = FrameworkMigrationReader.quoted(name) + " "
        if let shorthand = ArgumentText.literal(definition) {
            if let expanded = shorthands[shorthand] {
                var rest = shorthands
                rest[shorthand] = nil
                return column(name, expanded, shorthands: rest)
            }
            return sql + (shorthand == "id" ? "serial PRIMARY KEY" : shorthand)
        }
        guard definition.hasPrefix("{") else { return nil }
        var options = ArgumentText.keywords([definition])
        var rest = shorthands
        while let named = options["type"].flatMap(ArgumentText.literal), let expanded = rest[named] {
            rest[named] = nil
            let base = ArgumentText.literal(expanded).map { ["type": "'\($0)'"] } ?? ArgumentText.keywords([expanded])
            options["type"] = nil
            options.merge(base) { own, _ in own }
        }
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
        if let unique = options["unique"] {
            guard !ArgumentText.list(unique).isEmpty else { return nil }
            return "UNIQUE (\(list(unique)))"
        }
        if let primary = options["primaryKey"] {
            guard !ArgumentText.list(primary).isEmpty else { return nil }
            return "PRIMARY KEY (\(list(primary)))"
        }
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
