import Foundation

/// Vapor's Fluent migrations (`Sources/App/Migrations/*.swift`, an `AsyncMigration` or `Migration`): the schema
/// builder chains of `prepare(on:)`, `database.schema("users").deleteField("x").update()`, and SQLKit's
/// `raw("…")` SQL. `revert(on:)` is rollback. Fluent runs a migration outside any transaction of its own.
extension FrameworkMigrationReader {
    /// Fluent's data types (`.string`, `.int`…) and the Postgres types FluentPostgresDriver gives them.
    static let fluentTypes: [String: String] = [
        "string": "text", "int": "bigint", "int64": "bigint", "int32": "integer", "int16": "smallint", "int8": "smallint",
        "uint": "bigint", "uint64": "bigint", "uint32": "bigint", "uint16": "integer", "uint8": "smallint", "bool": "boolean",
        "datetime": "timestamptz", "date": "date", "time": "time", "double": "float8", "float": "real", "uuid": "uuid",
        "data": "bytea", "json": "jsonb", "dictionary": "jsonb", "array": "jsonb", "enum": "text",
    ]

    static func fluent(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .swift)
        let scanner = CallScanner(source, syntax: .swift)
        let down = skippedSections(source, down: ["func revert"], up: ["func prepare"])
        var fragments: [SQLFragment] = []
        var table: String?
        var tableLine = 0
        var pending: [SourceCall] = []
        func flush(_ terminal: SourceCall) {
            defer { table = nil; pending = [] }
            guard let name = table else { return }
            let quotedTable = quoted(name)
            let creating = terminal.name == "create"
            if terminal.name == "delete" {
                fragments.append(SQLFragment(sql: "DROP TABLE \(quotedTable)", line: terminal.line))
                return
            }
            var columns: [String] = []
            var statements: [SQLFragment] = []
            for call in pending {
                func sql(_ text: String) { statements.append(SQLFragment(sql: text, line: call.line)) }
                let names = call.arguments.filter { ArgumentText.keyword($0) == nil }.map(fluentName)
                let keywords = ArgumentText.keywords(call.arguments)
                switch call.name {
                case "id":
                    let column = "id uuid PRIMARY KEY"
                    if creating { columns.append(column) } else { sql("ALTER TABLE \(quotedTable) ADD COLUMN \(column)") }
                case "field" where call.arguments.count >= 2:
                    let column = fluentColumn(names[0], call.arguments.dropFirst())
                    if creating { columns.append(column) } else { sql("ALTER TABLE \(quotedTable) ADD COLUMN \(column)") }
                case "deleteField" where !names.isEmpty:
                    sql("ALTER TABLE \(quotedTable) DROP COLUMN \(quoted(names[0]))")
                case "updateField" where call.arguments.count >= 2:
                    let type = fluentType(call.arguments[1])
                    sql("ALTER TABLE \(quotedTable) ALTER COLUMN \(quoted(names[0])) TYPE \(type)")
                case "unique":
                    let fields = ([keywords["on"]].compactMap { $0 } + call.arguments.dropFirst().filter { ArgumentText.keyword($0) == nil })
                        .map(fluentName)
                    let constraint = keywords["name"].flatMap(ArgumentText.literal) ?? "uq_\(name)_\(fields.joined(separator: "_"))"
                    sql("ALTER TABLE \(quotedTable) ADD CONSTRAINT \(quoted(constraint)) UNIQUE (\(fields.map(quoted).joined(separator: ", ")))")
                case "foreignKey" where !call.arguments.isEmpty:
                    guard let references = keywords["references"].map(fluentName), call.arguments.count >= 3 else { continue }
                    let referenced = fluentName(call.arguments[2])
                    sql("ALTER TABLE \(quotedTable) ADD FOREIGN KEY (\(quoted(fluentName(call.arguments[0])))) "
                        + "REFERENCES \(quoted(references)) (\(quoted(referenced)))")
                case "deleteUnique", "deleteConstraint", "deleteForeignKey":
                    if let constraint = keywords["name"].flatMap(ArgumentText.literal) {
                        sql("ALTER TABLE \(quotedTable) DROP CONSTRAINT \(quoted(constraint))")
                    }
                default:
                    break
                }
            }
            if creating {
                statements.insert(SQLFragment(
                    sql: "CREATE TABLE \(quotedTable) (\(columns.joined(separator: ", ")))", line: tableLine), at: 0)
            }
            fragments += statements
        }
        let names: Set<String> = [
            "schema", "id", "field", "deleteField", "updateField", "unique", "deleteUnique", "foreignKey", "deleteConstraint",
            "deleteForeignKey", "create", "update", "delete", "raw",
        ]
        for call in scanner.calls(names, skipping: down) {
            // Builder methods are chained (`.field(…)`), and `create`, `update` and `delete` end a chain with no arguments.
            guard call.offset > 0, source[call.offset - 1] == UInt8(ascii: ".") else { continue }
            switch call.name {
            case "schema":
                table = call.arguments.first.map(fluentName)
                tableLine = call.line
                pending = []
            case "create", "update", "delete":
                if call.arguments.isEmpty, table != nil { flush(call) }
            case "raw":
                if let text = call.arguments.first.flatMap(sqlString) {
                    fragments.append(SQLFragment(sql: text, line: call.line))
                }
            default:
                if table != nil { pending.append(call) }
            }
        }
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: false, requireLockTimeout: false))
    }

    /// A field or schema name: a string literal, or (a `FieldKey` constant such as `User.FieldKeys.email`, `.id`)
    /// its last component. A schema named by a constant (`User.schema`) keeps its whole expression, so it links to
    /// no table by a guess.
    private static func fluentName(_ argument: String) -> String {
        if let literal = ArgumentText.literal(argument) { return literal }
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(".schema") || trimmed.hasSuffix(".schemaName") {
            return trimmed.replacingOccurrences(of: ".", with: "_")
        }
        return String(trimmed.split(separator: ".").last ?? Substring(trimmed))
    }

    private static func fluentType(_ argument: String) -> String {
        let trimmed = argument.trimmingCharacters(in: .whitespaces)
        let word = trimmed.drop { $0 == "." }.prefix { $0.isLetter || $0.isNumber }
        return fluentTypes[String(word)] ?? "text"
    }

    /// `.string, .required, .references("users", "id"), .sql(.default(0))` after a field's name.
    private static func fluentColumn(_ name: String, _ rest: ArraySlice<String>) -> String {
        var column = quoted(name) + " " + (rest.first.map(fluentType) ?? "text")
        let constraints = rest.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        if constraints.contains(".required") { column += " NOT NULL" }
        if constraints.contains(where: { $0.hasPrefix(".identifier") }) { column += " PRIMARY KEY" }
        for constraint in constraints {
            if let call = CallScanner(Array(constraint.utf8)).calls(["default"]).first, let value = call.arguments.first {
                column += " DEFAULT " + ArgumentText.sqlDefault(value)
            }
            if constraint.hasPrefix(".references"), let call = CallScanner(Array(constraint.utf8)).calls(["references"]).first,
               call.arguments.count >= 2
            {
                column += " REFERENCES \(quoted(fluentName(call.arguments[0]))) (\(quoted(fluentName(call.arguments[1]))))"
            }
        }
        return column
    }
}
