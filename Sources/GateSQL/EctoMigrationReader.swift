import Foundation

/// Elixir's Ecto migrations (`priv/repo/migrations/<timestamp>_<name>.exs`, `use Ecto.Migration`): the commands of
/// `change` or `up` read into the SQL Ecto's Postgres adapter runs for them. `create table(:users) do add … end`,
/// `alter table(:users) do add/remove/modify … end`, `create index(…)` and `unique_index(…)` (`concurrently: true`),
/// `create constraint(…)`, `rename`, `drop`, the `_if_not_exists`/`_if_exists` forms, and `execute "SQL"` (its first
/// argument: the second is the rollback). `down` is rollback. Ecto runs each migration in a transaction unless it sets
/// `@disable_ddl_transaction true`.
extension FrameworkMigrationReader {
    /// Ecto's column types and the Postgres types its adapter gives them (`:string` is varchar(255) unless `size:`).
    static let ectoTypes: [String: String] = [
        "string": "varchar", "text": "text", "integer": "integer", "bigint": "bigint", "smallint": "smallint",
        "id": "bigint", "serial": "serial", "bigserial": "bigserial", "boolean": "boolean", "binary": "bytea",
        "map": "jsonb", "jsonb": "jsonb", "json": "json", "naive_datetime": "timestamp(0)", "utc_datetime": "timestamp(0)",
        "naive_datetime_usec": "timestamp", "utc_datetime_usec": "timestamp", "timestamptz": "timestamptz",
        "timestamp": "timestamp", "date": "date", "time": "time(0)", "time_usec": "time", "decimal": "numeric",
        "numeric": "numeric", "float": "float8", "uuid": "uuid", "binary_id": "uuid", "citext": "citext", "inet": "inet",
        "tsvector": "tsvector", "interval": "interval",
    ]

    /// The commands of a migration's body, and the column commands of a table block.
    private static let ectoCommands: Set<String> = [
        "create", "create_if_not_exists", "alter", "drop", "drop_if_exists", "rename", "execute", "add", "add_if_not_exists",
        "remove", "remove_if_exists", "modify", "timestamps",
    ]

    static func ecto(_ bytes: [UInt8]) -> FrameworkMigration {
        let scanner = CallScanner(bytes)
        let down = skippedSections(bytes, down: ["def down"], up: ["def up", "def change"])
        let noTransaction = bytes.containsSequence(Array("@disable_ddl_transaction true".utf8))
        let calls = scanner.calls(ectoCommands, allowBareArguments: true, skipping: down)
            // Ecto's commands are bare calls; `Repo.insert` or `Map.drop(…)` are another module's functions.
            .filter { $0.offset == 0 || bytes[$0.offset - 1] != UInt8(ascii: ".") }
        // `create table(:users) do … end` and `alter table(:users) do … end`: the column commands inside belong to them.
        var blocks: [(range: Range<Int>, call: SourceCall, table: EctoTable)] = []
        for call in calls where ["create", "create_if_not_exists", "alter"].contains(call.name) {
            guard let target = call.arguments.first, let table = EctoTable(target) else { continue }
            // The block opens with the `do` ending the call's line (`create table(:tags)` alone makes the table with
            // only its id).
            let lineEnd = bytes[min(call.end, bytes.count)...].firstIndex(of: 0x0A) ?? bytes.count
            let lineStart = bytes[..<min(call.offset, bytes.count)].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = CallScanner.codeBeforeComment(String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self))
            let range = line.hasSuffix(" do") ? lineEnd..<CallScanner.doBlockEnd(bytes, from: lineEnd) : lineEnd..<lineEnd
            blocks.append((range, call, table))
        }
        var fragments: [SQLFragment] = []
        for call in calls {
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            if let block = blocks.first(where: { $0.call.offset == call.offset }) {
                let inner = calls.filter { block.range.contains($0.offset) && $0.offset != call.offset }
                fragments += ectoTableStatements(block.call, table: block.table, columns: inner)
                continue
            }
            // Column commands are read with their block; outside one they are no Ecto command.
            guard !["add", "add_if_not_exists", "remove", "remove_if_exists", "modify", "timestamps"].contains(call.name)
            else { continue }
            guard let target = call.arguments.first else { continue }
            let keywords = ArgumentText.keywords(call.arguments)
            switch call.name {
            case "create", "create_if_not_exists":
                if let index = EctoIndex(target) {
                    sql("CREATE \(index.unique ? "UNIQUE " : "")INDEX \(index.concurrent ? "CONCURRENTLY " : "")"
                        + "\(call.name == "create_if_not_exists" ? "IF NOT EXISTS " : "")\(quoted(index.name)) ON "
                        + "\(quoted(index.table)) (\(index.columns.map(ectoIndexColumn).joined(separator: ", ")))")
                } else if let constraint = CallScanner(Array(target.utf8)).calls(["constraint"]).first {
                    ectoConstraint(constraint).map(sql)
                }
            case "drop", "drop_if_exists":
                let ifExists = call.name == "drop_if_exists" ? "IF EXISTS " : ""
                if let index = EctoIndex(target) {
                    sql("DROP INDEX \(index.concurrent ? "CONCURRENTLY " : "")\(ifExists)\(quoted(index.name))")
                } else if let constraint = CallScanner(Array(target.utf8)).calls(["constraint"]).first {
                    let names = constraint.arguments.compactMap(ArgumentText.literal)
                    if names.count >= 2 { sql("ALTER TABLE \(quoted(names[0])) DROP CONSTRAINT \(ifExists)\(quoted(names[1]))") }
                } else if let table = EctoTable(target) {
                    sql("DROP TABLE \(ifExists)\(quoted(table.name))")
                }
            case "rename":
                // `rename table(:users), to: table(:people)` or `rename table(:users), :name, to: :full_name`.
                guard let table = EctoTable(target), let to = keywords["to"] else { continue }
                if let newTable = EctoTable(to) {
                    sql("ALTER TABLE \(quoted(table.name)) RENAME TO \(quoted(newTable.name))")
                } else if call.arguments.count >= 3, let column = ArgumentText.literal(call.arguments[1]),
                    let newName = ArgumentText.literal(to)
                {
                    sql("ALTER TABLE \(quoted(table.name)) RENAME COLUMN \(quoted(column)) TO \(quoted(newName))")
                }
            case "execute":
                // `execute "up SQL", "down SQL"`: the first runs forward. `execute(fn -> … end)` is code.
                var searchFrom = call.offset
                if let text = ArgumentText.literal(target) {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        return FrameworkMigration(
            fragments: ordered(fragments), options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    /// `table(:users)`, `table("users", prefix: "billing")`, `table(:users, primary_key: false)`.
    struct EctoTable {
        var name: String
        var primaryKey: Bool

        init?(_ expression: String) {
            guard let call = CallScanner(Array(expression.utf8)).calls(["table"]).first,
                let name = call.arguments.first.flatMap(ArgumentText.literal)
            else { return nil }
            let keywords = ArgumentText.keywords(call.arguments)
            self.name = keywords["prefix"].flatMap(ArgumentText.literal).map { $0 + "." + name } ?? name
            primaryKey = !ArgumentText.isFalse(keywords["primary_key"])
        }
    }

    /// `index(:users, [:email])`, `unique_index(:users, [:org_id, :email], concurrently: true, name: :users_email)`.
    struct EctoIndex {
        var table: String
        var columns: [String]
        var name: String
        var unique: Bool
        var concurrent: Bool

        init?(_ expression: String) {
            guard let call = CallScanner(Array(expression.utf8)).calls(["index", "unique_index"]).first,
                let table = call.arguments.first.flatMap(ArgumentText.literal)
            else { return nil }
            let keywords = ArgumentText.keywords(call.arguments)
            self.table = table
            columns = call.arguments.count > 1 && ArgumentText.keyword(call.arguments[1]) == nil ? ArgumentText.list(call.arguments[1]) : []
            // Ecto names an index `<table>_<columns>_index`.
            name = keywords["name"].flatMap(ArgumentText.literal)
                ?? ([table] + columns.map { $0.filter { $0.isLetter || $0.isNumber || $0 == "_" } } + ["index"]).joined(separator: "_")
            unique = call.name == "unique_index" || ArgumentText.isTrue(keywords["unique"])
            concurrent = ArgumentText.isTrue(keywords["concurrently"])
        }
    }

    /// An index column: a name, or an expression written as a string (`"lower(email)"`).
    private static func ectoIndexColumn(_ column: String) -> String {
        column.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } ? quoted(column) : column
    }

    /// `constraint(:users, :age_must_be_positive, check: "age > 0", validate: false)`; `exclude:` makes an exclusion.
    private static func ectoConstraint(_ call: SourceCall) -> String? {
        let names = call.arguments.filter { ArgumentText.keyword($0) == nil }.compactMap(ArgumentText.literal)
        guard names.count >= 2 else { return nil }
        let keywords = ArgumentText.keywords(call.arguments)
        let notValid = ArgumentText.isFalse(keywords["validate"]) ? " NOT VALID" : ""
        let prefix = "ALTER TABLE \(quoted(names[0])) ADD CONSTRAINT \(quoted(names[1]))"
        if let check = keywords["check"].flatMap(ArgumentText.literal) { return "\(prefix) CHECK (\(check))\(notValid)" }
        if let exclude = keywords["exclude"].flatMap(ArgumentText.literal) { return "\(prefix) EXCLUDE \(exclude)" }
        return nil
    }

    /// The statements of a `create table(…) do … end` or `alter table(…) do … end` block.
    private static func ectoTableStatements(_ call: SourceCall, table: EctoTable, columns: [SourceCall]) -> [SQLFragment] {
        let name = quoted(table.name)
        var fragments: [SQLFragment] = []
        if call.name == "alter" {
            for column in columns {
                func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: column.line)) }
                let literals = column.arguments.filter { ArgumentText.keyword($0) == nil }.compactMap(ArgumentText.literal)
                let keywords = ArgumentText.keywords(column.arguments)
                switch column.name {
                case "add", "add_if_not_exists":
                    guard let definition = ectoColumn(column) else { continue }
                    let ifNotExists = column.name == "add_if_not_exists" ? "IF NOT EXISTS " : ""
                    sql("ALTER TABLE \(name) ADD COLUMN \(ifNotExists)\(definition.sql)")
                    if let foreignKey = definition.notValidForeignKey { sql("ALTER TABLE \(name) \(foreignKey)") }
                case "timestamps":
                    for timestamp in ectoTimestamps(column) { sql("ALTER TABLE \(name) ADD COLUMN \(timestamp)") }
                case "remove", "remove_if_exists":
                    guard let first = literals.first else { continue }
                    sql("ALTER TABLE \(name) DROP COLUMN \(column.name == "remove_if_exists" ? "IF EXISTS " : "")\(quoted(first))")
                case "modify":
                    guard let columnName = column.arguments.first.flatMap(ArgumentText.literal), column.arguments.count >= 2
                    else { continue }
                    let quotedColumn = quoted(columnName)
                    let type = ectoType(column.arguments[1], keywords)
                    var typeChange = SQLFragment(sql: "ALTER TABLE \(name) ALTER COLUMN \(quotedColumn) TYPE \(type)", line: column.line)
                    // `from: :string` or `from: {:string, null: true}` says what the column was, as Alembic's existing_type.
                    if let from = keywords["from"] {
                        let old = from.hasPrefix("{") ? String(from.dropFirst().dropLast()) : from
                        let oldArguments = CallScanner.splitArguments(old)
                        if let oldType = oldArguments.first {
                            typeChange.widensType = widens(from: ectoType(oldType, ArgumentText.keywords(oldArguments)), to: type)
                        }
                    }
                    fragments.append(typeChange)
                    if let null = keywords["null"], ArgumentText.isTrue(null) || ArgumentText.isFalse(null) {
                        sql("ALTER TABLE \(name) ALTER COLUMN \(quotedColumn) \(ArgumentText.isTrue(null) ? "DROP" : "SET") NOT NULL")
                    }
                    if let value = keywords["default"] {
                        sql("ALTER TABLE \(name) ALTER COLUMN \(quotedColumn) SET DEFAULT \(ArgumentText.sqlDefault(value))")
                    }
                default:
                    break
                }
            }
            return fragments
        }
        var definitions = table.primaryKey ? ["id bigserial PRIMARY KEY"] : []
        var after: [SQLFragment] = []
        for column in columns {
            switch column.name {
            case "add", "add_if_not_exists":
                guard let definition = ectoColumn(column) else { continue }
                definitions.append(definition.sql)
                if let foreignKey = definition.notValidForeignKey {
                    after.append(SQLFragment(sql: "ALTER TABLE \(name) \(foreignKey)", line: column.line))
                }
            case "timestamps":
                definitions += ectoTimestamps(column)
            default:
                break
            }
        }
        let ifNotExists = call.name == "create_if_not_exists" ? "IF NOT EXISTS " : ""
        return [SQLFragment(sql: "CREATE TABLE \(ifNotExists)\(name) (\(definitions.joined(separator: ", ")))", line: call.line)] + after
    }

    /// `add :email, :string, null: false, default: "x", size: 100`; `add :org_id, references(:orgs, on_delete:
    /// :delete_all)`. A reference made with `validate: false` becomes its own `ADD CONSTRAINT … NOT VALID`, as Ecto
    /// writes it.
    private static func ectoColumn(_ call: SourceCall) -> (sql: String, notValidForeignKey: String?)? {
        guard let name = call.arguments.first.flatMap(ArgumentText.literal), call.arguments.count >= 2 else { return nil }
        let keywords = ArgumentText.keywords(call.arguments)
        var definition = quoted(name) + " "
        var notValidForeignKey: String?
        if let reference = CallScanner(Array(call.arguments[1].utf8)).calls(["references"]).first,
            let target = reference.arguments.first.flatMap(ArgumentText.literal)
        {
            let options = ArgumentText.keywords(reference.arguments)
            definition += options["type"].map { ectoType($0, [:]) }.map { $0 == "bigserial" ? "bigint" : $0 == "serial" ? "integer" : $0 } ?? "bigint"
            let column = options["column"].flatMap(ArgumentText.literal) ?? "id"
            let constraint = options["name"].flatMap(ArgumentText.literal) ?? "\(name)_fkey"
            if ArgumentText.isFalse(options["validate"]) {
                notValidForeignKey = "ADD CONSTRAINT \(quoted(constraint)) FOREIGN KEY (\(quoted(name))) "
                    + "REFERENCES \(quoted(target)) (\(quoted(column))) NOT VALID"
            } else {
                definition += " REFERENCES \(quoted(target)) (\(quoted(column)))"
            }
        } else {
            definition += ectoType(call.arguments[1], keywords)
        }
        if ArgumentText.isFalse(keywords["null"]) { definition += " NOT NULL" }
        if ArgumentText.isTrue(keywords["primary_key"]) { definition += " PRIMARY KEY" }
        if let value = keywords["default"] { definition += " DEFAULT " + ArgumentText.sqlDefault(value) }
        return (definition, notValidForeignKey)
    }

    /// `timestamps()`: `inserted_at` and `updated_at`, NOT NULL unless `null: true`, of `type:` (naive_datetime).
    private static func ectoTimestamps(_ call: SourceCall) -> [String] {
        let keywords = ArgumentText.keywords(call.arguments)
        let type = keywords["type"].map { ectoType($0, [:]) } ?? "timestamp(0)"
        let notNull = ArgumentText.isTrue(keywords["null"]) ? "" : " NOT NULL"
        let defaultValue = keywords["default"].map { " DEFAULT " + ArgumentText.sqlDefault($0) } ?? ""
        return ["inserted_at", "updated_at"].compactMap { column -> String? in
            // `inserted_at: false` leaves the column out; `inserted_at: :created_at` renames it.
            if let renamed = keywords[column] {
                if ArgumentText.isFalse(renamed) { return nil }
                if let name = ArgumentText.literal(renamed) { return "\(quoted(name)) \(type)\(notNull)\(defaultValue)" }
            }
            return "\(column) \(type)\(notNull)\(defaultValue)"
        }
    }

    /// An Ecto type (`:string`, `{:array, :text}`, `:"timestamp with time zone"`) as Postgres's, with `size:`,
    /// `precision:` and `scale:` applied.
    static func ectoType(_ expression: String, _ keywords: [String: String]) -> String {
        let trimmed = expression.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("{"), trimmed.hasSuffix("}") {
            let parts = CallScanner.splitArguments(String(trimmed.dropFirst().dropLast()))
            if parts.count == 2, ArgumentText.literal(parts[0]) == "array" { return ectoType(parts[1], keywords) + "[]" }
            return "text"
        }
        // `:"timestamp with time zone"`: an atom quoted because it holds blanks.
        let name = ArgumentText.literal(trimmed) ?? (trimmed.hasPrefix(":\"") ? ArgumentText.literal(String(trimmed.dropFirst())) : nil) ?? trimmed
        var type = ectoTypes[name] ?? name
        if type == "varchar" {
            type += "(\(keywords["size"].flatMap { Int($0) } ?? 255))"
        } else if type == "numeric", let precision = keywords["precision"].flatMap({ Int($0) }) {
            type += keywords["scale"].flatMap { Int($0) }.map { "(\(precision),\($0))" } ?? "(\(precision))"
        }
        return type
    }
}
