import Foundation
import GateCore

/// A migration written in a framework's DSL, read as the SQL it will run.
public struct FrameworkMigration: Sendable, Equatable {
    public var fragments: [SQLFragment]
    public var options: AnalysisOptions

    public init(fragments: [SQLFragment], options: AnalysisOptions, phase: MigrationPhase = .pre) {
        self.fragments = fragments
        self.options = options
        self.phase = phase
    }

    /// Every operation of the migration was read: each produced its SQL or is one the framework runs no SQL for
    /// (a Django `AlterField` of `choices`, `AlterModelOptions`). Set by the Django reader; with no fragments, the
    /// migration is known to change nothing in the database.
    public var readInFull = false

    /// The phase a `gate:phase post` comment (`# gate:phase post`, `// gate:phase post`) asks for; `pre` otherwise.
    public var phase: MigrationPhase

    /// Operations the reader recognised but could not build SQL for (an index whose columns are expressions, an
    /// argument it could not read): what they run is unknown, so the migration is never fast-tracked, and the
    /// finding names them rather than a parse error of SQL gate made up.
    public var unread: [UnreadOperation] = []

    /// The migration analysed statement by statement.
    public func analyze() -> MigrationScript {
        MigrationScript.analyze(fragments: fragments, phase: phase, options: options)
    }
}

/// An operation of a framework migration whose SQL gate could not build, as the finding names it.
public struct UnreadOperation: Sendable, Equatable {
    /// What it is, as written or as far as it was read (`AddIndexConcurrently`, `CREATE INDEX`).
    public var operation: String
    public var line: Int

    public init(operation: String, line: Int) {
        self.operation = operation
        self.line = line
    }
}

extension FrameworkMigration {
    /// Moves a statement a reader built with an empty column list (`CREATE INDEX … ON t ()`, `UNIQUE ()`: the
    /// call's columns were expressions or a variable) to `unread`: it is no SQL anyone wrote, and its parse error
    /// would misreport the migration. A table made with no columns (`CREATE TABLE t ()`) is valid SQL and stays.
    mutating func setAsideUnbuiltStatements() {
        guard fragments.contains(where: { $0.sql.contains(Self.emptyColumnList) }) else { return }
        fragments.removeAll { fragment in
            guard fragment.textLine == nil, fragment.sql.contains(Self.emptyColumnList),
                !fragment.sql.hasPrefix("CREATE TABLE")
            else { return false }
            unread.append(UnreadOperation(operation: Self.opening(of: fragment.sql), line: fragment.line))
            return true
        }
    }

    private static let emptyColumnList = " ()"

    /// The statement's kind as its first words say it (`CREATE UNIQUE INDEX`, `ALTER TABLE`).
    private static func opening(of sql: String) -> String {
        let words = sql.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        let kind = words.prefix(words.count > 2 && words[1] == "UNIQUE" ? 3 : 2)
        return kind.joined(separator: " ")
    }
}

/// Reads Rails, Django, Alembic, Knex, Sequelize and TypeORM migrations into the SQL their operations run.
/// Only the forward direction counts (`up`, `upgrade`, `change`); rollback code is skipped.
public enum FrameworkMigrationReader {
    /// `djangoHistory`: the app's fields as its earlier migrations left them, for a Django `AlterField` to be compared
    /// with; without it, only the migration's own earlier operations tell a field's previous definition.
    public static func read(
        _ bytes: [UInt8], format: MigrationFormat, path: String = "", djangoHistory: DjangoFieldHistory? = nil
    ) -> FrameworkMigration {
        var migration = readOperations(bytes, format: format, path: path, djangoHistory: djangoHistory)
        migration.setAsideUnbuiltStatements()
        // Post-deployment migrations run after the code that stops using what they remove.
        if bytes.containsSequence(Array("gate:phase post".utf8)) || path.contains("/post_migrate/") || path.hasPrefix("db/post_migrate/") {
            migration.phase = .post
        }
        return migration
    }

    private static func readOperations(
        _ bytes: [UInt8], format: MigrationFormat, path: String, djangoHistory: DjangoFieldHistory?
    ) -> FrameworkMigration {
        let scanner = CallScanner(bytes)
        switch format {
        case .rails: return rails(scanner)
        case .django: return django(scanner, app: djangoApp(path), history: djangoHistory ?? DjangoFieldHistory())
        case .alembic: return alembic(scanner)
        case .knex: return knex(scanner)
        case .sequelize: return sequelize(scanner)
        case .typeorm: return typeorm(scanner)
        case .mikroORM: return mikroORM(scanner)
        case .kysely: return kysely(bytes)
        case .nodePgMigrate: return nodePgMigrate(bytes)
        case .gooseGo: return gooseGo(scanner)
        case .liquibase: return LiquibaseChangelogReader.read(bytes, path: path)
        case .laravel: return laravel(bytes)
        case .doctrine: return doctrine(bytes)
        case .efCore: return efCore(bytes)
        case .phinx: return phinx(bytes)
        case .fluent: return fluent(bytes)
        case .seaORM: return seaORM(bytes)
        case .ecto: return ecto(bytes)
        case .sql, .sqlRollback, .prismaSchema, .drizzleSchema:
            return FrameworkMigration(fragments: [], options: AnalysisOptions())
        }
    }

    // MARK: Rails

    static let railsTypes: [String: String] = [
        "string": "varchar", "text": "text", "integer": "integer", "bigint": "bigint", "boolean": "boolean",
        "datetime": "timestamp", "timestamp": "timestamp", "timestamptz": "timestamptz", "date": "date",
        "decimal": "numeric", "float": "float8", "json": "json", "jsonb": "jsonb", "uuid": "uuid", "binary": "bytea",
        "references": "bigint", "belongs_to": "bigint", "time": "time", "inet": "inet", "citext": "text",
    ]

    /// The Rails migration methods read, each as the SQL Rails runs for it on Postgres.
    static let railsMethods: Set<String> = [
        "add_column", "remove_column", "remove_columns", "rename_column", "change_column", "change_column_null",
        "change_column_default", "add_index", "remove_index", "rename_index", "create_table", "drop_table", "rename_table",
        "add_reference", "add_belongs_to", "remove_reference", "remove_belongs_to", "add_foreign_key", "remove_foreign_key",
        "validate_foreign_key", "add_check_constraint", "remove_check_constraint", "validate_check_constraint", "execute",
        "add_timestamps", "remove_timestamps", "create_enum", "drop_enum", "rename_enum", "add_enum_value",
        "rename_enum_value", "change_column_comment", "change_table_comment", "change_table", "create_join_table",
        "drop_join_table",
    ]

    private static func rails(_ scanner: CallScanner) -> FrameworkMigration {
        // `def down`, and the `dir.down` half of a `reversible do |dir|` block, only run on rollback.
        let down = skippedSections(scanner.bytes, down: ["def down"], up: ["def up", "def change"])
            + reversibleDowns(scanner)
        let noTransaction = scanner.bytes.containsSequence(Array("disable_ddl_transaction!".utf8))
        var fragments: [SQLFragment] = []
        let calls = scanner.calls(railsMethods, allowBareArguments: true, skipping: down)
        // `change_table :users do |t| … end`: each `t.remove :legacy` is read as the method it stands for.
        let blocks = calls.filter { $0.name == "change_table" }.map { RailsChangeTable(scanner, call: $0) }
        for call in calls {
            if call.name == "change_table" {
                guard let block = blocks.first(where: { $0.offset == call.offset }) else { continue }
                for inner in block.calls {
                    fragments += railsSQL(inner, scanner).map { SQLFragment(sql: $0, line: inner.line) }
                }
                continue
            }
            // `t.remove_index …` inside a change_table block is read through the block.
            if call.offset > 0, scanner.bytes[call.offset - 1] == UInt8(ascii: "."),
                blocks.contains(where: { $0.range.contains(call.offset) })
            {
                continue
            }
            var searchFrom = call.offset
            fragments += railsSQL(call, scanner).map { text in
                // `execute` runs the SQL as written (a heredoc's lines below the call); the others' SQL is made here.
                call.name == "execute"
                    ? scanner.literalFragment(text, of: call, searchFrom: &searchFrom) : SQLFragment(sql: text, line: call.line)
            }
        }
        return FrameworkMigration(
            fragments: fragments,
            options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    /// The SQL Rails runs for one migration method call.
    static func railsSQL(_ call: SourceCall, _ scanner: CallScanner) -> [String] {
        var statements: [String] = []
        let arguments = call.arguments
        let keywords = ArgumentText.keywords(arguments)
        let positional = arguments.filter { ArgumentText.keyword($0) == nil }.compactMap(ArgumentText.literal)
        func sql(_ text: String) { statements.append(text) }
        let table = positional.first.map(quoted) ?? "?"
        switch call.name {
        case "add_column" where positional.count >= 3:
            sql("ALTER TABLE \(table) ADD COLUMN " + railsColumn(positional[1], type: positional[2], keywords))
        case "add_timestamps":
            // NOT NULL unless `null: true`, as Rails adds them.
            let notNull = ArgumentText.isTrue(keywords["null"]) ? "" : " NOT NULL"
            let defaultValue = keywords["default"].map { " DEFAULT " + ArgumentText.sqlDefault($0) } ?? ""
            sql("ALTER TABLE \(table) ADD COLUMN created_at timestamp\(notNull)\(defaultValue), "
                + "ADD COLUMN updated_at timestamp\(notNull)\(defaultValue)")
        case "remove_timestamps":
            sql("ALTER TABLE \(table) DROP COLUMN created_at, DROP COLUMN updated_at")
        case "remove_column" where positional.count >= 2:
            sql("ALTER TABLE \(table) DROP COLUMN \(quoted(positional[1]))")
        case "remove_columns" where positional.count >= 2:
            // `remove_columns :users, :a, :b, type: :string`: every name is a column.
            sql("ALTER TABLE \(table) " + positional.dropFirst().map { "DROP COLUMN \(quoted($0))" }.joined(separator: ", "))
        case "rename_column" where positional.count >= 3:
            sql("ALTER TABLE \(table) RENAME COLUMN \(quoted(positional[1])) TO \(quoted(positional[2]))")
        case "change_column" where positional.count >= 3:
            let column = quoted(positional[1])
            sql("ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(railsType(positional[2], keywords))")
            // `null:` changes the column's nullability in the same call.
            if let null = keywords["null"], ArgumentText.isTrue(null) || ArgumentText.isFalse(null) {
                sql("ALTER TABLE \(table) ALTER COLUMN \(column) \(ArgumentText.isTrue(null) ? "DROP" : "SET") NOT NULL")
            }
        case "change_column_null" where positional.count >= 2:
            let allowNull = arguments.count > 2 && ArgumentText.isTrue(arguments[2])
            let column = quoted(positional[1])
            // `change_column_null :projects, :archived, false, false`: Rails first sets every NULL row to the fourth
            // argument, in one UPDATE in the migration's transaction.
            if !allowNull, arguments.count > 3, ArgumentText.keyword(arguments[3]) == nil,
               ArgumentText.sqlDefault(arguments[3]) != "NULL"
            {
                sql("UPDATE \(table) SET \(column) = \(ArgumentText.sqlDefault(arguments[3])) WHERE \(column) IS NULL")
            }
            sql("ALTER TABLE \(table) ALTER COLUMN \(column) \(allowNull ? "DROP" : "SET") NOT NULL")
        case "change_column_default" where positional.count >= 2:
            sql("ALTER TABLE \(table) ALTER COLUMN \(quoted(positional[1])) SET DEFAULT NULL")
        case "change_column_comment" where positional.count >= 2:
            sql("COMMENT ON COLUMN \(table).\(quoted(positional[1])) IS NULL")
        case "change_table_comment" where !positional.isEmpty:
            sql("COMMENT ON TABLE \(table) IS NULL")
        case "add_index" where !positional.isEmpty:
            let columns = arguments.count > 1 ? ArgumentText.list(arguments[1]) : []
            let name = keywords["name"].flatMap(ArgumentText.literal)
                ?? "index_\(positional[0])_on_\(columns.joined(separator: "_and_"))"
            let concurrent = keywords["algorithm"].map { $0.contains("concurrently") } ?? false
            sql("CREATE \(ArgumentText.isTrue(keywords["unique"]) ? "UNIQUE " : "")INDEX "
                + "\(concurrent ? "CONCURRENTLY " : "")\(quoted(name)) ON \(table) (\(columns.map(quoted).joined(separator: ", ")))")
        case "remove_index" where !positional.isEmpty:
            let columns = arguments.count > 1 ? ArgumentText.list(arguments[1]) : []
            let name = keywords["name"].flatMap(ArgumentText.literal)
                ?? "index_\(positional[0])_on_\(columns.joined(separator: "_and_"))"
            let concurrent = keywords["algorithm"].map { $0.contains("concurrently") } ?? false
            sql("DROP INDEX \(concurrent ? "CONCURRENTLY " : "")\(quoted(name))")
        case "rename_index" where positional.count >= 3:
            sql("ALTER INDEX \(quoted(positional[1])) RENAME TO \(quoted(positional[2]))")
        case "create_table" where !positional.isEmpty:
            sql("CREATE TABLE \(table) (" + railsTableColumns(scanner, from: call.end).joined(separator: ", ") + ")")
        case "drop_table":
            for name in positional { sql("DROP TABLE \(quoted(name))") }
        case "create_join_table" where positional.count >= 2:
            // `create_join_table :users, :groups`: `groups_users (user_id, group_id)`, or `table_name:`.
            let name = keywords["table_name"].flatMap(ArgumentText.literal) ?? joinTableName(positional[0], positional[1])
            let columns = positional.prefix(2).map { "\(quoted(singularize($0) + "_id")) bigint NOT NULL" }
            sql("CREATE TABLE \(quoted(name)) (\(columns.joined(separator: ", ")))")
        case "drop_join_table" where positional.count >= 2:
            sql("DROP TABLE \(quoted(keywords["table_name"].flatMap(ArgumentText.literal) ?? joinTableName(positional[0], positional[1])))")
        case "rename_table" where positional.count >= 2:
            sql("ALTER TABLE \(table) RENAME TO \(quoted(positional[1]))")
        case "add_reference" where positional.count >= 2, "add_belongs_to" where positional.count >= 2:
            let column = positional[1] + "_id"
            var statement = "ALTER TABLE \(table) ADD COLUMN \(quoted(column)) \(ArgumentText.literal(keywords["type"] ?? "").map { railsType($0, [:]) } ?? "bigint")"
            if ArgumentText.isFalse(keywords["null"]) { statement += " NOT NULL" }
            sql(statement)
            if ArgumentText.isTrue(keywords["polymorphic"]) {
                sql("ALTER TABLE \(table) ADD COLUMN \(quoted(positional[1] + "_type")) varchar"
                    + (ArgumentText.isFalse(keywords["null"]) ? " NOT NULL" : ""))
            }
            if !ArgumentText.isFalse(keywords["index"]) {
                let concurrent = keywords["index"].map { $0.contains("concurrently") } ?? false
                let unique = keywords["index"].map { $0.contains("unique: true") } ?? false
                sql("CREATE \(unique ? "UNIQUE " : "")INDEX \(concurrent ? "CONCURRENTLY " : "")\(quoted("index_\(positional[0])_on_\(column)")) ON \(table) (\(quoted(column)))")
            }
            if let foreignKey = keywords["foreign_key"], !ArgumentText.isFalse(foreignKey) {
                // `foreign_key: { to_table: :users, validate: false }`: the options add_foreign_key takes.
                let options = foreignKey.hasPrefix("{")
                    ? ArgumentText.keywords(CallScanner.splitArguments(String(foreignKey.dropFirst().dropLast()))) : [:]
                let target = options["to_table"].flatMap(ArgumentText.literal) ?? pluralize(positional[1])
                let notValid = ArgumentText.isFalse(options["validate"]) ? " NOT VALID" : ""
                sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted("fk_\(positional[0])_\(column)")) FOREIGN KEY (\(quoted(column))) REFERENCES \(quoted(target)) (id)\(notValid)")
            }
        case "remove_reference" where positional.count >= 2, "remove_belongs_to" where positional.count >= 2:
            var drops = ["DROP COLUMN \(quoted(positional[1] + "_id"))"]
            if ArgumentText.isTrue(keywords["polymorphic"]) { drops.append("DROP COLUMN \(quoted(positional[1] + "_type"))") }
            sql("ALTER TABLE \(table) " + drops.joined(separator: ", "))
        case "add_foreign_key" where positional.count >= 2:
            let column = keywords["column"].flatMap(ArgumentText.literal) ?? singularize(positional[1]) + "_id"
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? "fk_rails_\(positional[0])_\(column)"
            let notValid = ArgumentText.isFalse(keywords["validate"]) ? " NOT VALID" : ""
            sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) FOREIGN KEY (\(quoted(column))) REFERENCES \(quoted(positional[1])) (id)\(notValid)")
        case "remove_foreign_key" where !positional.isEmpty:
            let column = keywords["column"].flatMap(ArgumentText.literal)
                ?? positional.dropFirst().first.map { singularize($0) + "_id" } ?? "id"
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? "fk_rails_\(positional[0])_\(column)"
            sql("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(name))")
        case "validate_foreign_key" where positional.count >= 2:
            let name = keywords["name"].flatMap(ArgumentText.literal)
                ?? "fk_rails_\(positional[0])_\(singularize(positional[1]))_id"
            sql("ALTER TABLE \(table) VALIDATE CONSTRAINT \(quoted(name))")
        case "add_check_constraint" where positional.count >= 2:
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? "chk_\(positional[0])"
            let notValid = ArgumentText.isFalse(keywords["validate"]) ? " NOT VALID" : ""
            sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) CHECK (\(positional[1]))\(notValid)")
        case "remove_check_constraint" where !positional.isEmpty:
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? "chk_\(positional[0])"
            sql("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(name))")
        case "validate_check_constraint" where !positional.isEmpty:
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? "chk_\(positional[0])"
            sql("ALTER TABLE \(table) VALIDATE CONSTRAINT \(quoted(name))")
        // Rails 7.1's Postgres enums: `create_enum :mood, ["happy", "sad"]`, `add_enum_value :mood, "curious"`,
        // `rename_enum_value :mood, from: "sad", to: "blue"`, `rename_enum :mood, to: :feeling` (or `:feeling`).
        case "create_enum" where !positional.isEmpty:
            let values = arguments.count > 1 ? ArgumentText.list(arguments[1]) : []
            sql("CREATE TYPE \(table) AS ENUM (\(values.map(sqlLiteral).joined(separator: ", ")))")
        case "drop_enum" where !positional.isEmpty:
            sql("DROP TYPE \(table)")
        case "rename_enum" where !positional.isEmpty:
            if let newName = keywords["to"].flatMap(ArgumentText.literal) ?? positional.dropFirst().first {
                sql("ALTER TYPE \(table) RENAME TO \(quoted(newName))")
            }
        case "add_enum_value" where positional.count >= 2:
            var statement = "ALTER TYPE \(table) ADD VALUE \(ArgumentText.isTrue(keywords["if_not_exists"]) ? "IF NOT EXISTS " : "")"
                + sqlLiteral(positional[1])
            if let before = keywords["before"].flatMap(ArgumentText.literal) { statement += " BEFORE " + sqlLiteral(before) }
            else if let after = keywords["after"].flatMap(ArgumentText.literal) { statement += " AFTER " + sqlLiteral(after) }
            sql(statement)
        case "rename_enum_value" where !positional.isEmpty:
            if let from = keywords["from"].flatMap(ArgumentText.literal), let to = keywords["to"].flatMap(ArgumentText.literal) {
                sql("ALTER TYPE \(table) RENAME VALUE \(sqlLiteral(from)) TO \(sqlLiteral(to))")
            }
        case "execute":
            if let text = arguments.first.flatMap(ArgumentText.literal) ?? heredoc(scanner, after: call) {
                sql(text)
            }
        default:
            break
        }
        return statements
    }

    /// The table Rails names for a join of two tables: their names in order, a prefix they share said once
    /// (`catalog_categories` and `catalog_products` join in `catalog_categories_products`).
    static func joinTableName(_ first: String, _ second: String) -> String {
        let (low, high) = first < second ? (first, second) : (second, first)
        if let underscore = low.lastIndex(of: "_") {
            let prefix = low[...underscore]
            if high.hasPrefix(prefix), high.count > prefix.count { return low + "_" + high.dropFirst(prefix.count) }
        }
        return low + "_" + high
    }

    /// The `dir.down do … end` (or `dir.down { … }`) halves of `reversible do |dir|` blocks: rollback code.
    static func reversibleDowns(_ scanner: CallScanner) -> [Range<Int>] {
        let bytes = scanner.bytes
        let word = Array(".down".utf8)
        var ranges: [Range<Int>] = []
        var from = 0
        while let start = bytes.firstIndex(ofSequence: word, from: from) {
            from = start + word.count
            var cursor = from
            guard cursor == bytes.count || !CallScanner.isIdentifier(bytes[cursor]) else { continue }
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "{") {
                ranges.append(start..<(scanner.matchingClose(from: cursor) + 1))
            } else if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "d"), bytes[cursor + 1] == UInt8(ascii: "o"),
                cursor + 2 == bytes.count || !CallScanner.isIdentifier(bytes[cursor + 2])
            {
                let lineEnd = bytes[cursor...].firstIndex(of: 0x0A) ?? bytes.count
                ranges.append(start..<CallScanner.doBlockEnd(bytes, from: lineEnd))
            }
        }
        return ranges
    }

    /// A value as a SQL string literal.
    static func sqlLiteral(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

    private static func railsColumn(_ name: String, type: String, _ keywords: [String: String]) -> String {
        // `add_column :line_items, :total_cents, :virtual, type: :integer, as: "quantity * unit_cents", stored: true`:
        // a stored generated column (Postgres has no virtual ones before 18: Rails adds it stored or not at all).
        if type == "virtual" {
            var text = quoted(name) + " " + railsType(keywords["type"].flatMap(ArgumentText.literal) ?? "text", keywords)
            if let expression = keywords["as"].flatMap(ArgumentText.literal), ArgumentText.isTrue(keywords["stored"]) {
                text += " GENERATED ALWAYS AS (\(expression)) STORED"
            }
            return text
        }
        var text = quoted(name) + " " + railsType(type, keywords)
        if ArgumentText.isFalse(keywords["null"]) { text += " NOT NULL" }
        if let value = keywords["default"] { text += " DEFAULT " + ArgumentText.sqlDefault(value) }
        return text
    }

    static func railsType(_ type: String, _ keywords: [String: String]) -> String {
        // `add_column :posts, :status, :enum, enum_type: :post_status`: the column's type is the enum.
        if type == "enum", let name = keywords["enum_type"].flatMap(ArgumentText.literal) { return quoted(name) }
        var sqlType = railsTypes[type] ?? type
        if let limit = keywords["limit"], Int(limit) != nil, sqlType == "varchar" { sqlType += "(\(limit))" }
        if ArgumentText.isTrue(keywords["array"]) { sqlType += "[]" }
        return sqlType
    }

    /// The `t.string :name, null: false` lines of a `create_table … do |t|` block, up to its `end`.
    private static func railsTableColumns(_ scanner: CallScanner, from start: Int) -> [String] {
        var columns = ["id bigserial PRIMARY KEY"]
        let text = String(decoding: scanner.bytes[min(start, scanner.bytes.count)...], as: UTF8.self)
        for line in TextLines(text).dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "end" { break }
            guard trimmed.hasPrefix("t.") else { continue }
            let call = trimmed.dropFirst(2)
            let method = String(call.prefix { $0.isLetter || $0 == "_" })
            let arguments = CallScanner.splitArguments(String(call.dropFirst(method.count)))
            let keywords = ArgumentText.keywords(arguments)
            if method == "timestamps" {
                columns += ["created_at timestamp NOT NULL", "updated_at timestamp NOT NULL"]
                continue
            }
            let names = arguments.filter({ ArgumentText.keyword($0) == nil }).compactMap(ArgumentText.literal)
            // `t.column :status, :string`.
            if method == "column", names.count >= 2 {
                columns.append(railsColumn(names[0], type: names[1], keywords))
                continue
            }
            guard railsTypes[method] != nil || method == "enum" || method == "virtual" else { continue }
            for name in names {
                let column = method == "references" || method == "belongs_to" ? name + "_id" : name
                columns.append(railsColumn(column, type: method, keywords))
            }
        }
        return columns
    }

    /// The body of `execute <<~SQL … SQL`.
    private static func heredoc(_ scanner: CallScanner, after call: SourceCall) -> String? {
        guard let first = call.arguments.first, first.hasPrefix("<<") else { return nil }
        let marker = first.drop { $0 == "<" || $0 == "~" || $0 == "-" }.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        let rest = String(decoding: scanner.bytes[min(call.end, scanner.bytes.count)...], as: UTF8.self)
        var body: [Substring] = []
        for line in TextLines(rest).dropFirst() {
            if line.trimmingCharacters(in: .whitespaces) == marker { return body.joined(separator: "\n") }
            body.append(line)
        }
        return nil
    }

    // MARK: Django

    static func djangoApp(_ path: String) -> String {
        let parts = path.split(separator: "/")
        guard let index = parts.lastIndex(of: "migrations"), index > 0 else { return "app" }
        return String(parts[index - 1])
    }

    /// A Django field's column: its type, nullability and database default (`db_default`, which Django keeps, else
    /// `default`, which Django adds the column with and then drops: `dropsDefault`), the `_id` of a foreign key, and
    /// what follows the type: an auto field's identity (Django 4.1+ on Postgres) or a `GeneratedField`'s expression.
    private static func djangoType(_ field: String) -> (
        type: String, notNull: Bool, defaultValue: String?, suffix: String, dropsDefault: Bool, generation: String
    ) {
        if let generated = CallScanner(Array(field.utf8)).calls(["GeneratedField"]).first {
            return djangoGeneratedField(generated)
        }
        let call = djangoFieldCall(field)
        let keywords = ArgumentText.keywords(call?.arguments ?? [])
        var type = call.map { djangoFieldTypes[$0.name] ?? "text" } ?? "text"
        if let length = keywords["max_length"], Int(length) != nil { type = "varchar(\(length))" }
        let isForeignKey = call?.name == "ForeignKey" || call?.name == "OneToOneField"
        let identity = call.map { djangoAutoFields.contains($0.name) } ?? false
        let notNull = !ArgumentText.isTrue(keywords["null"])
        let dropsDefault = notNull && keywords["db_default"] == nil && keywords["default"] != nil
        return (type, notNull, keywords["db_default"] ?? keywords["default"], isForeignKey ? "_id" : "", dropsDefault,
                identity ? " GENERATED BY DEFAULT AS IDENTITY" : "")
    }

    /// Django's auto fields: identity columns since Django 4.1 (serial before).
    static let djangoAutoFields: Set<String> = ["AutoField", "BigAutoField", "SmallAutoField"]

    /// `GeneratedField(expression=F("quantity") * F("unit_cents"), output_field=IntegerField(), db_persist=True)`: a
    /// stored generated column of the output field's type, nullable (Postgres computes it; Django adds no NOT NULL).
    /// Its expression is written out when it is only `F()` columns, numbers and operators, else as NULL (what it
    /// computes does not change how the column is added). Postgres has no virtual columns (`db_persist=False`)
    /// before 18, where Django refuses them: read as a plain column.
    private static func djangoGeneratedField(_ call: SourceCall) -> (
        type: String, notNull: Bool, defaultValue: String?, suffix: String, dropsDefault: Bool, generation: String
    ) {
        let keywords = ArgumentText.keywords(call.arguments)
        let output = keywords["output_field"].map { djangoType($0) }
        guard ArgumentText.isTrue(keywords["db_persist"]) else { return (output?.type ?? "text", false, nil, "", false, "") }
        var expression = keywords["expression"] ?? "NULL"
        for call in CallScanner(Array(expression.utf8)).calls(["F"]).reversed() {
            guard let name = call.arguments.first.flatMap(ArgumentText.literal) else { continue }
            let text = Array(expression.utf8)
            // From the call's name (and a `models.` before it) to its closing parenthesis.
            var start = call.offset
            if start >= 7, String(decoding: text[(start - 7)..<start], as: UTF8.self) == "models." { start -= 7 }
            expression = String(decoding: text[..<start], as: UTF8.self) + quoted(name)
                + String(decoding: text[min(call.end, text.count)...], as: UTF8.self)
        }
        let plain = expression.allSatisfy { $0.isLetter || $0.isNumber || " _\"+-*/().".contains($0) }
        return (output?.type ?? "text", false, nil, "", false, " GENERATED ALWAYS AS (\(plain ? expression : "NULL")) STORED")
    }

    /// The field's class and its arguments: one Django names, else whatever class the field is (a third-party
    /// `PhoneNumberField(null=True)`, a project's own `EncryptedTextField(…)`), whose `null=` and `default=` Django
    /// reads the same way.
    private static func djangoFieldCall(_ field: String) -> SourceCall? {
        let scanner = CallScanner(Array(field.utf8))
        if let known = scanner.calls(Set(djangoFieldTypes.keys)).first { return known }
        guard let open = field.firstIndex(of: "(") else { return nil }
        let name = field[..<open].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return name.isEmpty ? nil : scanner.calls([String(name.reversed())]).first
    }

    /// A `ManyToManyField` adds no column: Django makes the join table `<app>_<model>_<field>`, unless the field names
    /// its own `through` model, whose table a `CreateModel` makes.
    private static func djangoJoinTable(_ field: String, owner: String, name: String) -> String?? {
        guard let call = CallScanner(Array(field.utf8)).calls(["ManyToManyField"]).first else { return nil }
        let keywords = ArgumentText.keywords(call.arguments)
        if keywords["through"] != nil { return .some(nil) }
        let joined = keywords["db_table"].flatMap(ArgumentText.literal) ?? (owner + "_" + name)
        return .some("CREATE TABLE \(quoted(joined)) (\"id\" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY)")
    }

    /// What Django adds to a new column besides its type: `unique=True` (and a one-to-one field's) constraint, a
    /// foreign key's reference (`to="ai.Document"`, `"Document"` of the same app, `settings.AUTH_USER_MODEL`), and the
    /// index it builds for a foreign key (unless `db_index=False`) or a `db_index=True` field.
    private static func djangoConstraints(_ field: String, app: String) -> (unique: Bool, references: String?, indexed: Bool) {
        guard let call = CallScanner(Array(field.utf8)).calls(Set(djangoFieldTypes.keys)).first else { return (false, nil, false) }
        let keywords = ArgumentText.keywords(call.arguments)
        let oneToOne = call.name == "OneToOneField"
        guard call.name == "ForeignKey" || oneToOne else {
            return (ArgumentText.isTrue(keywords["unique"]), nil, ArgumentText.isTrue(keywords["db_index"]))
        }
        let target = keywords["to"] ?? call.arguments.first { ArgumentText.keyword($0) == nil }
        let references = target.flatMap { target -> String? in
            if target.contains("AUTH_USER_MODEL") { return "auth_user" }
            guard let model = ArgumentText.literal(target), !model.isEmpty else { return nil }
            let parts = model.split(separator: ".")
            return parts.count == 2 ? "\(parts[0])_\(parts[1].lowercased())" : "\(app)_\(model.lowercased())"
        }
        let indexed = !oneToOne && keywords["db_index"].map { $0 != "False" && $0 != "false" } ?? true
        return (oneToOne || ArgumentText.isTrue(keywords["unique"]), references, indexed)
    }

    /// The SQL Django runs for an `AlterField`: only what the field's database definition changes, its type (length
    /// included), nullability, and a unique constraint or index it gains. Its other options live in Python
    /// (`choices`, `help_text`, `verbose_name`, `validators`, `blank`, `default`), and Django emits no SQL for them.
    /// Without the previous definition the type is read as changed, as it may have been; but a field carrying
    /// `choices` is read as a choices change, which is why Django writes most of those (every edit of the list is one).
    /// A change gate does not write out (a unique or index dropped, a primary key, a foreign key's target, `db_column`,
    /// `db_default`, a field class it does not know) keeps being read as the type change it may be.
    static func djangoAlteredColumn(table: String, name: String, field: String, previous: String?, app: String) -> [SQLFragment] {
        let new = djangoType(field)
        let column = quoted(name + new.suffix)
        let typeChange = SQLFragment(sql: "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(new.type)", line: 0)
        func fieldKeywords(_ text: String) -> [String: String]? {
            CallScanner(Array(text.utf8)).calls(Set(djangoFieldTypes.keys)).first.map { ArgumentText.keywords($0.arguments) }
        }
        guard let previous else {
            return fieldKeywords(field)?["choices"] != nil ? [] : [typeChange]
        }
        guard let oldKeywords = fieldKeywords(previous), let newKeywords = fieldKeywords(field) else { return [typeChange] }
        let old = djangoType(previous)
        let (oldConstraints, newConstraints) = (djangoConstraints(previous, app: app), djangoConstraints(field, app: app))
        let unwritten = djangoDatabaseOptions.contains { key in
            oldKeywords[key].map(Self.collapsed) != newKeywords[key].map(Self.collapsed)
        }
        if unwritten || old.suffix != new.suffix || oldConstraints.references != newConstraints.references
            || (oldConstraints.unique && !newConstraints.unique) || (oldConstraints.indexed && !newConstraints.indexed)
        {
            return [typeChange]
        }
        var fragments: [SQLFragment] = []
        if old.type != new.type {
            var fragment = typeChange
            // A longer varchar (or varchar to text) is a catalog-only change in Postgres, as for Alembic.
            fragment.widensType = widens(from: old.type, to: new.type)
            fragments.append(fragment)
        }
        if old.notNull != new.notNull {
            fragments.append(SQLFragment(
                sql: "ALTER TABLE \(table) ALTER COLUMN \(column) \(new.notNull ? "SET" : "DROP") NOT NULL", line: 0))
        }
        // Unnamed, as for AddField: Django names them by a hash, and a name made up here would be checked for.
        if newConstraints.unique, !oldConstraints.unique {
            fragments.append(SQLFragment(sql: "ALTER TABLE \(table) ADD UNIQUE (\(column))", line: 0))
        } else if newConstraints.indexed, !oldConstraints.indexed {
            fragments.append(SQLFragment(sql: "CREATE INDEX ON \(table) (\(column))", line: 0))
        }
        return fragments
    }

    /// Field options that change the database in ways `djangoAlteredColumn` does not write out.
    static let djangoDatabaseOptions = [
        "primary_key", "db_column", "db_default", "db_collation", "db_comment", "db_tablespace", "db_constraint",
        "max_digits", "decimal_places",
    ]

    /// An argument's text without its blanks, to compare two definitions written differently.
    private static func collapsed(_ text: String) -> String { text.filter { !$0.isWhitespace } }

    static let djangoFieldTypes: [String: String] = [
        "CharField": "varchar", "TextField": "text", "IntegerField": "integer", "BigIntegerField": "bigint",
        "SmallIntegerField": "smallint", "PositiveIntegerField": "integer", "BooleanField": "boolean",
        "DateTimeField": "timestamptz", "DateField": "date", "TimeField": "time", "FloatField": "float8",
        "DecimalField": "numeric", "UUIDField": "uuid", "JSONField": "jsonb", "EmailField": "varchar(254)",
        "SlugField": "varchar(50)", "URLField": "varchar(200)", "ForeignKey": "bigint", "OneToOneField": "bigint",
        "AutoField": "integer", "BigAutoField": "bigint", "BinaryField": "bytea", "DurationField": "interval",
        "SmallAutoField": "smallint", "PositiveSmallIntegerField": "smallint", "PositiveBigIntegerField": "bigint",
        "FileField": "varchar(100)", "ImageField": "varchar(100)", "FilePathField": "varchar(100)",
        "GenericIPAddressField": "inet", "IPAddressField": "inet", "CICharField": "citext", "CITextField": "citext",
        "CIEmailField": "citext", "HStoreField": "hstore",
    ]

    private static func django(_ scanner: CallScanner, app: String, history: DjangoFieldHistory) -> FrameworkMigration {
        // Followed operation by operation: an AlterField is compared with the field as the operations before it left it.
        var history = history
        let atomic = !scanner.bytes.containsSequence(Array("atomic = False".utf8))
        var fragments: [SQLFragment] = []
        var unread: [UnreadOperation] = []
        let names: Set<String> = [
            "AddField", "RemoveField", "RenameField", "AlterField", "CreateModel", "DeleteModel", "RenameModel",
            "AddIndex", "AddIndexConcurrently", "RemoveIndex", "RemoveIndexConcurrently", "AddConstraint",
            "RemoveConstraint", "RunSQL",
        ]
        // `SeparateDatabaseAndState(state_operations=[…], database_operations=[…])`: only the database operations run
        // SQL (a field dropped from the model's state first, its column later, is Django's safe removal). It is not
        // scanned for as a call itself: the scan resumes after a call it finds, and its operations are inside.
        let separations = djangoSeparations(scanner)
        let stateOnly = separations.compactMap(\.stateOperations)
        // Operations whose SQL was read, or that Django runs none for: matched against the `operations` list's
        // length, it tells a migration gate read in full from one with operations it does not know.
        var accounted = separations.count
        // The file's string constants, read when an operation's argument is no literal.
        var constants: PythonStringConstants?
        for call in scanner.calls(names.union(djangoStateOnlyOperations), skipping: stateOnly) {
            // Each operation's arguments by Django's signature, keyword or positional: `AddField(model_name, name,
            // field)`, `AddIndex(model_name, index)`, `CreateModel(name, fields)`, `RunSQL(sql, reverse_sql)`.
            let arguments = DjangoOperationArguments(call)
            func value(_ key: String, _ index: Int) -> String? { arguments.literal(key, index) }
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            let fragmentsBefore = fragments.count
            let accountedBefore = accounted
            // A database operation of a SeparateDatabaseAndState is accounted for with it, as one operation of the list.
            let separated = separations.contains { $0.call.contains(call.offset) && $0.call.lowerBound != call.offset }
            defer {
                history.record(call)
                if fragments.count > fragmentsBefore, !separated { accounted += 1 }
                // Neither SQL nor known to run none: an argument gate could not read (a variable, an index on
                // expressions). Named in the finding; never guessed at as SQL.
                if fragments.count == fragmentsBefore, accounted == accountedBefore {
                    unread.append(UnreadOperation(operation: call.name, line: call.line))
                }
            }
            let model = value("model_name", 0)
            let table = model.map { quoted(app + "_" + $0.lowercased()) } ?? ""
            if model == nil, Self.djangoModelOperations.contains(call.name) { continue }
            switch call.name {
            case "AddField":
                guard let name = value("name", 1), let field = arguments.raw("field", 2) else { continue }
                if let joinTable = djangoJoinTable(field, owner: app + "_" + (model ?? "").lowercased(), name: name) {
                    if let joinTable { sql(joinTable) } else { accounted += 1 }
                    continue
                }
                let (type, notNull, defaultValue, suffix, dropsDefault, generation) = djangoType(field)
                let constraints = djangoConstraints(field, app: app)
                sql("ALTER TABLE \(table) ADD COLUMN \(quoted(name + suffix)) \(type)\(notNull ? " NOT NULL" : "")"
                    + (defaultValue.map { " DEFAULT " + ArgumentText.sqlDefault($0) } ?? "") + generation
                    + (constraints.unique ? " UNIQUE" : "")
                    + (constraints.references.map { " REFERENCES \(quoted($0)) (id) DEFERRABLE INITIALLY DEFERRED" } ?? ""))
                // A `default=` (not `db_default=`) fills the existing rows, and Django drops it in the same migration:
                // the column is left NOT NULL with no default (drop-default-not-null). A nullable one's is harmless.
                if dropsDefault { sql("ALTER TABLE \(table) ALTER COLUMN \(quoted(name + suffix)) DROP DEFAULT") }
                // Django indexes a foreign key's column (and a `db_index=True` field) in the same migration, plainly.
                // Unnamed: Django names it by a hash, and a name made up here would be checked for after the deploy.
                if constraints.indexed { sql("CREATE INDEX ON \(table) (\(quoted(name + suffix)))") }
            case "RemoveField":
                if let name = value("name", 1) { sql("ALTER TABLE \(table) DROP COLUMN \(quoted(name))") }
            case "RenameField":
                if let old = value("old_name", 1), let new = value("new_name", 2) {
                    sql("ALTER TABLE \(table) RENAME COLUMN \(quoted(old)) TO \(quoted(new))")
                }
            case "AlterField":
                guard let model = value("model_name", 0), let name = value("name", 1), let field = arguments.raw("field", 2)
                else { continue }
                let altered = djangoAlteredColumn(
                    table: table, name: name, field: field, previous: history.definition(model: model, field: name), app: app)
                if altered.isEmpty { accounted += 1 }
                for var fragment in altered {
                    fragment.line = call.line
                    fragments.append(fragment)
                }
            case let name where djangoStateOnlyOperations.contains(name):
                accounted += 1
            case "CreateModel":
                guard let name = value("name", 0) else { continue }
                let fields = arguments.raw("fields", 1).map { ArgumentText.tuples($0) } ?? []
                let created = quoted(app + "_" + name.lowercased())
                var joinTables: [String] = []
                let columns = fields.compactMap { pair -> String? in
                    guard let column = ArgumentText.literal(pair.0) else { return nil }
                    if let joinTable = djangoJoinTable(pair.1, owner: app + "_" + name.lowercased(), name: column) {
                        if let joinTable { joinTables.append(joinTable) }
                        return nil
                    }
                    let (type, notNull, _, suffix, _, generation) = djangoType(pair.1)
                    return "\(quoted(column + suffix)) \(type)\(notNull ? " NOT NULL" : "")\(generation)"
                }
                sql("CREATE TABLE \(created) (\(columns.joined(separator: ", ")))")
                joinTables.forEach(sql)
            case "DeleteModel":
                if let name = value("name", 0) { sql("DROP TABLE \(quoted(app + "_" + name.lowercased()))") }
            case "RenameModel":
                if let old = value("old_name", 0), let new = value("new_name", 1) {
                    sql("ALTER TABLE \(quoted(app + "_" + old.lowercased())) RENAME TO \(quoted(app + "_" + new.lowercased()))")
                }
            case "AddIndex", "AddIndexConcurrently":
                // `AddIndex(model_name, index)`: Django's docs pass both positionally.
                let index = arguments.raw("index", 1) ?? ""
                let indexKeywords = ArgumentText.keywords(CallScanner(Array(index.utf8)).calls(["Index"]).first?.arguments ?? [])
                let fields = indexKeywords["fields"].map(ArgumentText.list) ?? []
                // An index on expressions (`Index(Lower("title"), name=…)`) or one held in a variable: what it
                // builds is not known here, and a made-up column list would be a parse error of gate's own SQL.
                guard !fields.isEmpty else { continue }
                let name = indexKeywords["name"].flatMap(ArgumentText.literal) ?? "idx"
                let concurrent = call.name == "AddIndexConcurrently" ? "CONCURRENTLY " : ""
                sql("CREATE INDEX \(concurrent)\(quoted(name)) ON \(table) (\(fields.map(quoted).joined(separator: ", ")))")
            case "RemoveIndex", "RemoveIndexConcurrently":
                if let name = value("name", 1) {
                    sql("DROP INDEX \(call.name == "RemoveIndexConcurrently" ? "CONCURRENTLY " : "")\(quoted(name))")
                }
            case "AddConstraint":
                let constraint = arguments.raw("constraint", 1) ?? ""
                let inner = CallScanner(Array(constraint.utf8)).calls(["CheckConstraint", "UniqueConstraint"]).first
                let innerKeywords = ArgumentText.keywords(inner?.arguments ?? [])
                let name = innerKeywords["name"].flatMap(ArgumentText.literal) ?? "constraint"
                if inner?.name == "UniqueConstraint" {
                    let fields = innerKeywords["fields"].map(ArgumentText.list) ?? []
                    // A unique constraint on expressions (`UniqueConstraint(Lower("email"), name=…)`) is a unique index.
                    guard !fields.isEmpty else { continue }
                    sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) UNIQUE (\(fields.map(quoted).joined(separator: ", ")))")
                } else {
                    sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) CHECK (true)")
                }
            case "RemoveConstraint":
                if let name = value("name", 1) { sql("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(name))") }
            case "RunSQL":
                // A string, or a list of strings (each one or more statements), all parsed like a SQL migration.
                var searchFrom = call.offset
                guard let argument = arguments.raw("sql", 0) else { continue }
                var texts = ArgumentText.list(argument)
                let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
                let listed = trimmed.hasPrefix("[") ? CallScanner.splitArguments(String(trimmed.dropFirst().dropLast())).count : 1
                if texts.count < listed || texts.isEmpty {
                    // A module-level constant (`RunSQL(SQL)`) or a concatenation of them: what the file assigns it.
                    constants = constants ?? PythonStringConstants(scanner.bytes)
                    texts = constants?.values(ofList: argument) ?? []
                }
                for text in texts {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        var migration = FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: atomic, requireLockTimeout: false))
        migration.readInFull = djangoOperationCount(scanner) == accounted
        migration.unread = unread
        return migration
    }

    /// Each `SeparateDatabaseAndState(…)` call's bytes, and those of its `state_operations` list, which run no SQL.
    private static func djangoSeparations(_ scanner: CallScanner) -> [(call: Range<Int>, stateOperations: Range<Int>?)] {
        let bytes = scanner.bytes
        let word = Array("state_operations".utf8)
        return scanner.calls(["SeparateDatabaseAndState"]).map { call in
            var stateOperations: Range<Int>?
            var from = call.offset
            while stateOperations == nil, let start = bytes.firstIndex(ofSequence: word, from: from), start < call.end {
                from = start + word.count
                guard start == 0 || !CallScanner.isIdentifier(bytes[start - 1]) else { continue }
                var cursor = from
                while cursor < call.end, bytes[cursor] == 0x20 || bytes[cursor] == 0x3D { cursor += 1 }
                guard cursor < call.end, bytes[cursor] == UInt8(ascii: "[") else { continue }
                stateOperations = cursor..<(scanner.matchingClose(from: cursor) + 1)
            }
            // Positionally, the first argument is the database operations and the second the state operations.
            if stateOperations == nil, call.arguments.count >= 2, ArgumentText.keyword(call.arguments[1]) == nil,
                let open = bytes[call.offset..<call.end].firstIndex(of: UInt8(ascii: "("))
            {
                var cursor = open + 1
                var lists = 0
                while cursor < call.end {
                    if bytes[cursor] == UInt8(ascii: "[") {
                        let close = scanner.matchingClose(from: cursor)
                        lists += 1
                        if lists == 2 { stateOperations = cursor..<(close + 1); break }
                        cursor = close + 1
                        continue
                    }
                    cursor += 1
                }
            }
            return (call.offset..<call.end, stateOperations)
        }
    }

    /// The operations that name their model first (`model_name`): without it, gate does not know their table.
    static let djangoModelOperations: Set<String> = [
        "AddField", "RemoveField", "RenameField", "AlterField", "AddIndex", "AddIndexConcurrently", "AddConstraint",
        "RemoveConstraint",
    ]

    /// Operations that change only Django's model state (ordering, permissions, managers): no SQL.
    static let djangoStateOnlyOperations: Set<String> = ["AlterModelOptions", "AlterModelManagers"]

    /// How many operations the migration's `operations = [...]` list holds; nil when it has none written as a list.
    private static func djangoOperationCount(_ scanner: CallScanner) -> Int? {
        let bytes = scanner.bytes
        let word = Array("operations".utf8)
        var from = 0
        while let start = bytes.firstIndex(ofSequence: word, from: from) {
            from = start + word.count
            guard start == 0 || !CallScanner.isIdentifier(bytes[start - 1]) else { continue }
            var cursor = from
            func skipBlanks() { while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 } }
            skipBlanks()
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            skipBlanks()
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "[") else { continue }
            let close = scanner.matchingClose(from: cursor)
            let inner = String(decoding: bytes[(cursor + 1)..<max(cursor + 1, close)], as: UTF8.self)
            return CallScanner.splitArguments(inner).filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.count
        }
        return nil
    }

    // MARK: Alembic

    static let sqlAlchemyTypes: [String: String] = [
        "String": "varchar", "Text": "text", "Integer": "integer", "BigInteger": "bigint", "SmallInteger": "smallint",
        "Boolean": "boolean", "DateTime": "timestamp", "Date": "date", "Time": "time", "Float": "float8",
        "Numeric": "numeric", "JSON": "json", "JSONB": "jsonb", "UUID": "uuid", "Enum": "text", "LargeBinary": "bytea",
        "Unicode": "varchar", "UnicodeText": "text", "VARCHAR": "varchar", "TEXT": "text", "INTEGER": "integer",
        "TIMESTAMP": "timestamp",
    ]

    private static func sqlAlchemyColumn(_ text: String) -> String? {
        guard let call = CallScanner(Array(text.utf8)).calls(["Column"]).first,
            let name = call.arguments.first.flatMap(ArgumentText.literal)
        else { return nil }
        let keywords = ArgumentText.keywords(call.arguments)
        var type = "text"
        if call.arguments.count > 1, let typeCall = CallScanner(Array(call.arguments[1].utf8)).calls(Set(sqlAlchemyTypes.keys)).first {
            type = sqlAlchemyTypes[typeCall.name] ?? "text"
            if type == "varchar", let length = typeCall.arguments.first.map({ ArgumentText.keywords([$0])["length"] ?? $0 }),
                Int(length) != nil
            {
                type += "(\(length))"
            }
            // `sa.DateTime(timezone=True)` is timestamptz.
            if type == "timestamp", ArgumentText.isTrue(ArgumentText.keywords(typeCall.arguments)["timezone"]) { type = "timestamptz" }
        } else if call.arguments.count > 1 {
            let bare = call.arguments[1].split(separator: ".").last.map(String.init) ?? ""
            type = sqlAlchemyTypes[bare] ?? "text"
        }
        var column = quoted(name) + " " + type
        if ArgumentText.isFalse(keywords["nullable"]) || ArgumentText.isTrue(keywords["primary_key"]) { column += " NOT NULL" }
        if let value = keywords["server_default"] { column += " DEFAULT " + ArgumentText.sqlDefault(value) }
        return column
    }

    /// A SQLAlchemy type expression (`sa.String(length=100)`, `sa.Text()`) as a Postgres type.
    static func sqlAlchemyType(_ expression: String) -> String {
        let name = expression.split(separator: ".").last.map { String($0.prefix { $0.isLetter }) } ?? ""
        var sqlType = sqlAlchemyTypes[name] ?? "text"
        if sqlType == "varchar", let length = Int(expression.filter(\.isNumber)) { sqlType += "(\(length))" }
        if sqlType == "timestamp", expression.filter({ $0 != " " }).contains("timezone=True") { sqlType = "timestamptz" }
        return sqlType
    }

    /// Whether changing a column from `old` to `new` only widens it: no rewrite, every old value still fits.
    static func widens(from old: String, to new: String) -> Bool { ColumnHistory.widens(from: old, to: new) }

    private static func alembic(_ scanner: CallScanner) -> FrameworkMigration {
        let down = skippedSections(scanner.bytes, down: ["def downgrade"], up: ["def upgrade"])
        var fragments: [SQLFragment] = []
        let names: Set<String> = [
            "add_column", "drop_column", "alter_column", "create_index", "drop_index", "create_table", "drop_table",
            "rename_table", "create_foreign_key", "create_unique_constraint", "create_check_constraint", "execute",
            "create_primary_key", "drop_constraint",
        ]
        let batches = alembicBatches(scanner, skipping: down)
        // The file's string constants, read when an `execute` argument is no literal.
        var constants: PythonStringConstants?
        for call in scanner.calls(names, skipping: down) {
            let keywords = ArgumentText.keywords(call.arguments)
            var positional = call.arguments.filter { ArgumentText.keyword($0) == nil }
            // The table of the batch block the call is made in, which its arguments leave out.
            var batchTable: String?
            if !isReceiver("op", of: call, in: scanner.bytes) {
                // `with op.batch_alter_table("tag") as batch_op:` then `batch_op.drop_column("data")`: the same
                // operation on the batch's table, which Postgres runs as a plain ALTER TABLE.
                guard let table = batches.last(where: { $0.offset < call.offset && isReceiver($0.alias, of: call, in: scanner.bytes) })?.table
                else { continue }
                batchTable = table
                let quotedTable = "\"" + table + "\""
                switch call.name {
                case "add_column", "drop_column", "alter_column": positional.insert(quotedTable, at: 0)
                case "create_index", "create_unique_constraint", "create_foreign_key", "create_check_constraint":
                    positional.insert(quotedTable, at: min(1, positional.count))
                case "drop_index", "create_primary_key", "drop_constraint": break
                default: continue
                }
            }
            let literals = positional.compactMap(ArgumentText.literal)
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            switch call.name {
            case "add_column" where positional.count >= 2:
                if let table = literals.first, let column = sqlAlchemyColumn(positional[1]) {
                    sql("ALTER TABLE \(quoted(table)) ADD COLUMN \(column)")
                }
            case "drop_column" where literals.count >= 2:
                sql("ALTER TABLE \(quoted(literals[0])) DROP COLUMN \(quoted(literals[1]))")
            case "alter_column" where literals.count >= 2:
                let table = quoted(literals[0])
                let column = quoted(literals[1])
                if let new = keywords["new_column_name"].flatMap(ArgumentText.literal) {
                    sql("ALTER TABLE \(table) RENAME COLUMN \(column) TO \(quoted(new))")
                }
                if let type = keywords["type_"] {
                    let sqlType = sqlAlchemyType(type)
                    var fragment = SQLFragment(sql: "ALTER TABLE \(table) ALTER COLUMN \(column) TYPE \(sqlType)", line: call.line)
                    // existing_type says what the column was: a widening (longer varchar, varchar to text) is
                    // a catalog-only change in Postgres, with no rewrite and nothing for old code to trip on.
                    if let existing = keywords["existing_type"] {
                        fragment.widensType = Self.widens(from: sqlAlchemyType(existing), to: sqlType)
                    }
                    fragments.append(fragment)
                }
                // `existing_nullable` says what the column was: the same again changes nothing.
                if let nullable = keywords["nullable"],
                   keywords["existing_nullable"].map({ ArgumentText.isFalse($0) != ArgumentText.isFalse(nullable) }) ?? true
                {
                    sql("ALTER TABLE \(table) ALTER COLUMN \(column) \(ArgumentText.isFalse(nullable) ? "SET" : "DROP") NOT NULL")
                }
            case "create_index" where literals.count >= 2:
                let columns = positional.count > 2 ? ArgumentText.list(positional[2]) : []
                let concurrent = ArgumentText.isTrue(keywords["postgresql_concurrently"]) ? "CONCURRENTLY " : ""
                let unique = ArgumentText.isTrue(keywords["unique"]) ? "UNIQUE " : ""
                sql("CREATE \(unique)INDEX \(concurrent)\(quoted(literals[0])) ON \(quoted(literals[1])) (\(columns.map(quoted).joined(separator: ", ")))")
            case "drop_index" where !literals.isEmpty:
                let concurrent = ArgumentText.isTrue(keywords["postgresql_concurrently"]) ? "CONCURRENTLY " : ""
                sql("DROP INDEX \(concurrent)\(quoted(literals[0]))")
            case "create_table" where !literals.isEmpty:
                let columns = positional.dropFirst().compactMap(sqlAlchemyColumn)
                sql("CREATE TABLE \(quoted(literals[0])) (\(columns.joined(separator: ", ")))")
            case "drop_table" where !literals.isEmpty:
                sql("DROP TABLE \(quoted(literals[0]))")
            case "rename_table" where literals.count >= 2:
                sql("ALTER TABLE \(quoted(literals[0])) RENAME TO \(quoted(literals[1]))")
            case "create_foreign_key" where literals.count >= 3:
                let local = positional.count > 3 ? ArgumentText.list(positional[3]) : []
                let remote = positional.count > 4 ? ArgumentText.list(positional[4]) : []
                let notValid = ArgumentText.isTrue(keywords["postgresql_not_valid"]) ? " NOT VALID" : ""
                sql("ALTER TABLE \(quoted(literals[1])) ADD CONSTRAINT \(quoted(literals[0])) FOREIGN KEY (\(local.map(quoted).joined(separator: ", "))) REFERENCES \(quoted(literals[2])) (\(remote.map(quoted).joined(separator: ", ")))\(notValid)")
            case "create_unique_constraint" where literals.count >= 2:
                let columns = positional.count > 2 ? ArgumentText.list(positional[2]) : []
                sql("ALTER TABLE \(quoted(literals[1])) ADD CONSTRAINT \(quoted(literals[0])) UNIQUE (\(columns.map(quoted).joined(separator: ", ")))")
            case "create_check_constraint" where literals.count >= 3:
                let notValid = ArgumentText.isTrue(keywords["postgresql_not_valid"]) ? " NOT VALID" : ""
                sql("ALTER TABLE \(quoted(literals[1])) ADD CONSTRAINT \(quoted(literals[0])) CHECK (\(literals[2]))\(notValid)")
            case "create_primary_key", "drop_constraint":
                // `op.create_primary_key(name, table, columns)` and `op.drop_constraint(name, table, type_=…)`; a batch
                // block's `batch_op.create_primary_key(name, columns)` leaves the table out, and its arguments move up.
                func argument(_ keyword: String, _ index: Int) -> String? {
                    let shifted = batchTable != nil && index > 1 ? index - 1 : index
                    return keywords[keyword] ?? (shifted < positional.count ? positional[shifted] : nil)
                }
                guard let table = batchTable ?? argument("table_name", 1).flatMap(ArgumentText.literal) else { continue }
                let name = argument("constraint_name", 0).flatMap(alembicConstraintName)
                if call.name == "drop_constraint" {
                    if let name { sql("ALTER TABLE \(quoted(table)) DROP CONSTRAINT \(quoted(name))") }
                } else {
                    let columns = argument("columns", 2).map(ArgumentText.list) ?? []
                    let constraint = name.map { "CONSTRAINT \(quoted($0)) " } ?? ""
                    sql("ALTER TABLE \(quoted(table)) ADD \(constraint)PRIMARY KEY (\(columns.map(quoted).joined(separator: ", ")))")
                }
            case "execute":
                if let first = positional.first {
                    let inner = CallScanner(Array(first.utf8)).calls(["text"]).first?.arguments.first
                    var text = ArgumentText.literal(first) ?? inner.flatMap(ArgumentText.literal)
                    if text == nil {
                        // A module-level constant (`op.execute(SQL)`, `op.execute(sa.text(SQL))`): what the file assigns it.
                        constants = constants ?? PythonStringConstants(scanner.bytes)
                        text = constants?.value(of: inner ?? first)
                    }
                    var searchFrom = call.offset
                    if let text { fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom)) }
                }
            default:
                break
            }
        }
        // Alembic runs each migration in a transaction unless the code opens an autocommit block.
        let autocommit = scanner.bytes.containsSequence(Array("autocommit_block".utf8))
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !autocommit, requireLockTimeout: false))
    }

    /// A constraint's name as Alembic takes it: a string, or one wrapped in `op.f("…")` (kept as written rather than
    /// put through the naming convention); `None` leaves the name to Postgres.
    private static func alembicConstraintName(_ argument: String) -> String? {
        ArgumentText.literal(argument)
            ?? CallScanner(Array(argument.utf8)).calls(["f"]).first?.arguments.first.flatMap(ArgumentText.literal)
    }

    /// Alembic's batch blocks: where each `op.batch_alter_table("table") as alias` opens, its table and its alias.
    private static func alembicBatches(_ scanner: CallScanner, skipping down: [Range<Int>]) -> [(offset: Int, table: String, alias: String)] {
        var batches: [(offset: Int, table: String, alias: String)] = []
        let bytes = scanner.bytes
        for call in scanner.calls(["batch_alter_table"], skipping: down) where isReceiver("op", of: call, in: bytes) {
            guard let table = call.arguments.first.flatMap(ArgumentText.literal) else { continue }
            // ` as batch_op:` after the call's closing parenthesis.
            var cursor = call.end
            func skipBlanks() { while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") { cursor += 1 } }
            skipBlanks()
            guard cursor + 3 < bytes.count, bytes[cursor] == UInt8(ascii: "a"), bytes[cursor + 1] == UInt8(ascii: "s"),
                  bytes[cursor + 2] == UInt8(ascii: " ")
            else { continue }
            cursor += 3
            skipBlanks()
            let start = cursor
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "_") || (bytes[cursor] | 0x20) >= 97 && (bytes[cursor] | 0x20) <= 122
                || bytes[cursor] >= 48 && bytes[cursor] <= 57
            {
                cursor += 1
            }
            guard start < cursor else { continue }
            batches.append((call.offset, table, String(decoding: bytes[start..<cursor], as: UTF8.self)))
        }
        return batches
    }

    // MARK: Knex

    static let knexTypes: [String: String] = [
        "string": "varchar", "text": "text", "integer": "integer", "bigInteger": "bigint", "boolean": "boolean",
        "datetime": "timestamptz", "timestamp": "timestamptz", "date": "date", "decimal": "numeric", "float": "float8",
        "json": "json", "jsonb": "jsonb", "uuid": "uuid", "increments": "serial", "bigIncrements": "bigserial",
        "binary": "bytea", "enu": "text", "enum": "text", "double": "float8", "time": "time",
    ]

    private static func knex(_ scanner: CallScanner) -> FrameworkMigration {
        let down = skippedSections(scanner.bytes, down: ["exports.down", "down(", "down:", "down ="], up: ["exports.up", "up(", "up:", "up ="])
        var fragments: [SQLFragment] = []
        let tableCalls = scanner.calls(["createTable", "alterTable", "table", "dropTable", "dropTableIfExists", "renameTable", "raw"], skipping: down)
        for call in tableCalls {
            let literals = call.arguments.compactMap(ArgumentText.literal)
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            switch call.name {
            case "createTable", "alterTable", "table":
                guard let table = literals.first, call.arguments.count > 1 else { continue }
                let create = call.name == "createTable"
                var columns: [String] = []
                let body = CallScanner(Array(call.arguments[1].utf8))
                let builderLines = knexBuilder(body)
                for builder in builderLines {
                    let line = call.line + builder.lineOffset
                    if create {
                        if let column = builder.column { columns.append(column) }
                        continue
                    }
                    if let column = builder.column, builder.alter {
                        for statement in knexAlter(table: quoted(table), column: column) {
                            fragments.append(SQLFragment(sql: statement, line: line))
                        }
                    } else if let column = builder.column {
                        fragments.append(SQLFragment(sql: "ALTER TABLE \(quoted(table)) ADD COLUMN \(column)", line: line))
                    }
                    if let other = builder.statement(table) { fragments.append(SQLFragment(sql: other, line: line)) }
                }
                if create { sql("CREATE TABLE \(quoted(table)) (\(columns.joined(separator: ", ")))") }
            case "dropTable", "dropTableIfExists":
                if let table = literals.first { sql("DROP TABLE \(quoted(table))") }
            case "renameTable":
                if literals.count >= 2 { sql("ALTER TABLE \(quoted(literals[0])) RENAME TO \(quoted(literals[1]))") }
            case "raw":
                var searchFrom = call.offset
                if let text = literals.first {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        let noTransaction = scanner.bytes.containsSequence(Array("transaction: false".utf8))
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    /// One `t.string('name').notNullable()…` chain of a Knex table builder.
    struct KnexChain {
        var lineOffset: Int
        var column: String?
        var alter = false
        var method: String
        var arguments: [String]
        /// What the chain calls after the method, to the end of its line (`.references('users.id').onDelete(…)`).
        var modifiers = ""

        func statement(_ table: String) -> String? {
            let literals = arguments.compactMap(ArgumentText.literal)
            let list = arguments.first.map(ArgumentText.list) ?? []
            switch method {
            case "dropNullable" where !literals.isEmpty:
                return "ALTER TABLE \(quoted(table)) ALTER COLUMN \(quoted(literals[0])) SET NOT NULL"
            case "setNullable" where !literals.isEmpty:
                return "ALTER TABLE \(quoted(table)) ALTER COLUMN \(quoted(literals[0])) DROP NOT NULL"
            case "foreign" where !list.isEmpty:
                guard let referenced = KnexChain.referencedTable(modifiers) else { return nil }
                return "ALTER TABLE \(quoted(table)) ADD FOREIGN KEY (\(list.map(quoted).joined(separator: ", "))) REFERENCES \(referenced)"
            case "primary" where !list.isEmpty:
                return "ALTER TABLE \(quoted(table)) ADD PRIMARY KEY (\(list.map(quoted).joined(separator: ", ")))"
            case "check" where !literals.isEmpty:
                // Knex's `??` placeholders stand for the bindings, which the check does not need to be judged.
                return "ALTER TABLE \(quoted(table)) ADD CHECK (true)"
            case "dropColumn", "dropColumns":
                return literals.isEmpty ? nil : "ALTER TABLE \(quoted(table)) " + literals.map { "DROP COLUMN \(quoted($0))" }.joined(separator: ", ")
            case "renameColumn" where literals.count >= 2:
                return "ALTER TABLE \(quoted(table)) RENAME COLUMN \(quoted(literals[0])) TO \(quoted(literals[1]))"
            case "index":
                return "CREATE INDEX ON \(quoted(table)) (\(list.map(quoted).joined(separator: ", ")))"
            case "unique":
                return "ALTER TABLE \(quoted(table)) ADD UNIQUE (\(list.map(quoted).joined(separator: ", ")))"
            case "dropIndex":
                return "DROP INDEX \(quoted(literals.last ?? "\(table)_\(list.joined(separator: "_"))_index"))"
            default:
                return nil
            }
        }

        /// The table (and column) a chain's `.references('users.id')` or `.references('id').inTable('users')` names, as
        /// SQL; nil when it names none.
        static func referencedTable(_ modifiers: String) -> String? {
            func argument(of method: String) -> String? {
                guard let range = modifiers.range(of: ".\(method)(") else { return nil }
                return ArgumentText.literal(String(modifiers[range.upperBound...].prefix { $0 != ")" }))
            }
            guard let references = argument(of: "references") else { return nil }
            if let table = argument(of: "inTable") { return "\(quoted(table)) (\(quoted(references)))" }
            let parts = references.split(separator: ".", maxSplits: 1).map(String.init)
            return parts.count == 2 ? "\(quoted(parts[0])) (\(quoted(parts[1])))" : nil
        }
    }

    /// What Knex's `.alter()` runs: it is not incremental, so besides the type it sets or DROPS the NOT NULL
    /// and the default according to the chain (a nullable `.alter()` drops an existing NOT NULL).
    static func knexAlter(table: String, column: String) -> [String] {
        let parts = column.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2 else { return [] }
        let prefix = "ALTER TABLE \(table) ALTER COLUMN \(parts[0])"
        var statements = ["\(prefix) TYPE \(parts[1])"]
        statements.append(column.contains(" NOT NULL") ? "\(prefix) SET NOT NULL" : "\(prefix) DROP NOT NULL")
        if let range = column.range(of: " DEFAULT ") {
            let value = column[range.upperBound...].components(separatedBy: " UNIQUE")[0].components(separatedBy: " REFERENCES")[0]
            statements.append("\(prefix) SET DEFAULT \(value)")
        } else {
            statements.append("\(prefix) DROP DEFAULT")
        }
        return statements
    }

    private static func knexBuilder(_ body: CallScanner) -> [KnexChain] {
        let methods = Set(knexTypes.keys).union([
            "dropColumn", "dropColumns", "renameColumn", "index", "unique", "dropIndex", "dropNullable", "setNullable",
            "foreign", "primary", "check",
        ])
        var chains: [KnexChain] = []
        for call in body.calls(methods) {
            // Only calls on the builder parameter (`t.string(…)`), not chained modifiers such as `.index()`.
            guard call.offset > 0, body.bytes[call.offset - 1] == 0x2E else { continue }
            var receiverStart = call.offset - 1
            while receiverStart > 0, CallScanner.isIdentifier(body.bytes[receiverStart - 1]) { receiverStart -= 1 }
            if receiverStart > 0, body.bytes[receiverStart - 1] == 0x29 || body.bytes[receiverStart - 1] == 0x2E { continue }
            var chain = KnexChain(lineOffset: call.line - 1, method: call.name, arguments: call.arguments)
            var lineEnd = call.end
            while lineEnd < body.bytes.count, body.bytes[lineEnd] != 0x0A, body.bytes[lineEnd] != 0x3B { lineEnd += 1 }
            let modifiers = String(decoding: body.bytes[call.end..<lineEnd], as: UTF8.self)
            chain.modifiers = modifiers
            if let type = knexTypes[call.name], let name = call.arguments.first.flatMap(ArgumentText.literal) {
                var sqlType = type
                // Knex's `string(name, length = 255)`: varchar(255) without a length.
                if type == "varchar" { sqlType += "(\(call.arguments.count > 1 ? Int(call.arguments[1]) ?? 255 : 255))" }
                var column = quoted(name) + " " + sqlType
                if modifiers.contains(".notNullable()") || modifiers.contains(".primary()") { column += " NOT NULL" }
                if let range = modifiers.range(of: ".defaultTo(") {
                    let value = modifiers[range.upperBound...].prefix { $0 != ")" }
                    column += " DEFAULT " + ArgumentText.sqlDefault(String(value))
                }
                if modifiers.contains(".unique()") { column += " UNIQUE" }
                if let referenced = KnexChain.referencedTable(modifiers) { column += " REFERENCES \(referenced)" }
                chain.column = column
                chain.alter = modifiers.contains(".alter()")
            }
            chains.append(chain)
        }
        return chains
    }

    // MARK: Sequelize

    static let sequelizeTypes: [String: String] = [
        "STRING": "varchar", "TEXT": "text", "INTEGER": "integer", "BIGINT": "bigint", "BOOLEAN": "boolean",
        "DATE": "timestamptz", "DATEONLY": "date", "DECIMAL": "numeric", "FLOAT": "float8", "DOUBLE": "float8",
        "JSON": "json", "JSONB": "jsonb", "UUID": "uuid", "ENUM": "text", "BLOB": "bytea",
    ]

    private static func sequelizeColumn(_ name: String, _ options: String) -> String {
        let keywords = ArgumentText.keywords([options])
        var type = "text"
        if let raw = keywords["type"] {
            let word = raw.split(separator: ".").last.map { String($0.prefix { $0.isLetter }) } ?? ""
            type = sequelizeTypes[word] ?? "text"
            // `Sequelize.STRING` is varchar(255), `STRING(100)` varchar(100).
            if type == "varchar" { type += "(\(Int(raw.filter(\.isNumber)) ?? 255))" }
        } else if let word = options.split(separator: ".").last.map({ String($0.prefix { $0.isLetter }) }), let mapped = sequelizeTypes[word] {
            type = mapped == "varchar" ? "varchar(\(Int(options.filter(\.isNumber)) ?? 255))" : mapped
        }
        var column = quoted(name) + " " + type
        if ArgumentText.isFalse(keywords["allowNull"]) || ArgumentText.isTrue(keywords["primaryKey"]) { column += " NOT NULL" }
        if let value = keywords["defaultValue"], sequelizeDefaultInDatabase(value) {
            column += " DEFAULT " + ArgumentText.sqlDefault(value)
        }
        if ArgumentText.isTrue(keywords["unique"]) { column += " UNIQUE" }
        return column
    }

    /// Whether Sequelize writes a `defaultValue` into the column's DDL: not `Sequelize.UUIDV4`, `UUIDV1` or `NOW`
    /// (`DataTypes.…` too) nor a function, which Sequelize evaluates in JavaScript for each row it inserts
    /// (`defaultValueSchemable`); `Sequelize.fn('now')` and `Sequelize.literal(…)` are SQL.
    static func sequelizeDefaultInDatabase(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("function") || trimmed.hasPrefix("()") || trimmed.hasPrefix("async") { return false }
        guard !trimmed.contains("(") else { return true }
        let last = trimmed.split(separator: ".").last.map(String.init) ?? trimmed
        return !["UUIDV4", "UUIDV1", "NOW"].contains(last) || !trimmed.contains(".")
    }

    /// Whether a Sequelize call's options hand it a transaction: `{ transaction }` or `transaction: t` (not
    /// `transaction: null` or `undefined`).
    private static func sequelizeTransaction(_ arguments: ArraySlice<String>) -> Bool {
        for argument in arguments {
            let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
            guard text.hasPrefix("{"), text.hasSuffix("}") else { continue }
            for entry in CallScanner.splitArguments(String(text.dropFirst().dropLast())) {
                let entry = entry.trimmingCharacters(in: .whitespacesAndNewlines)
                if entry == "transaction" { return true }
                if let (key, value) = ArgumentText.keyword(entry), key == "transaction",
                   !["null", "undefined", "false"].contains(value) {
                    return true
                }
            }
        }
        return false
    }

    private static func sequelize(_ scanner: CallScanner) -> FrameworkMigration {
        let down = skippedSections(scanner.bytes, down: ["down:", "down(", "async down"], up: ["up:", "up(", "async up"])
        var fragments: [SQLFragment] = []
        let names: Set<String> = [
            "addColumn", "removeColumn", "renameColumn", "changeColumn", "createTable", "dropTable", "renameTable",
            "addIndex", "removeIndex", "addConstraint", "removeConstraint", "query",
        ]
        for call in scanner.calls(names, skipping: down) {
            let literals = call.arguments.compactMap(ArgumentText.literal)
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            let table = literals.first.map(quoted) ?? "?"
            switch call.name {
            case "addColumn" where literals.count >= 2 && call.arguments.count >= 3:
                sql("ALTER TABLE \(table) ADD COLUMN " + sequelizeColumn(literals[1], call.arguments[2]))
            case "removeColumn" where literals.count >= 2:
                sql("ALTER TABLE \(table) DROP COLUMN \(quoted(literals[1]))")
            case "renameColumn" where literals.count >= 3:
                sql("ALTER TABLE \(table) RENAME COLUMN \(quoted(literals[1])) TO \(quoted(literals[2]))")
            case "changeColumn" where literals.count >= 2 && call.arguments.count >= 3:
                // Sequelize restates the column: its type, SET or DROP NOT NULL by `allowNull`, and its default.
                knexAlter(table: table, column: sequelizeColumn(literals[1], call.arguments[2])).forEach(sql)
            case "createTable" where call.arguments.count >= 2:
                let body = call.arguments[1]
                let columns = CallScanner.splitArguments(String(body.dropFirst().dropLast())).compactMap { entry -> String? in
                    guard let (name, options) = ArgumentText.keyword(entry) else { return nil }
                    return sequelizeColumn(name, options)
                }
                sql("CREATE TABLE \(table) (\(columns.joined(separator: ", ")))")
            case "dropTable" where !literals.isEmpty:
                sql("DROP TABLE \(table)")
            case "renameTable" where literals.count >= 2:
                sql("ALTER TABLE \(table) RENAME TO \(quoted(literals[1]))")
            case "addIndex" where call.arguments.count >= 2:
                let keywords = ArgumentText.keywords(Array(call.arguments.dropFirst()))
                let fields = ArgumentText.list(call.arguments[1]).isEmpty
                    ? (keywords["fields"].map(ArgumentText.list) ?? []) : ArgumentText.list(call.arguments[1])
                let concurrent = ArgumentText.isTrue(keywords["concurrently"]) ? "CONCURRENTLY " : ""
                let unique = ArgumentText.isTrue(keywords["unique"]) ? "UNIQUE " : ""
                let name = keywords["name"].flatMap(ArgumentText.literal).map { quoted($0) + " " } ?? ""
                // Handed a transaction (`{ transaction }` inside `queryInterface.sequelize.transaction(…)`, or an
                // unmanaged `const t = await ….transaction()` as `transaction: t`), the index is built in it.
                let inTransaction = sequelizeTransaction(call.arguments.dropFirst(2))
                if inTransaction { sql("BEGIN") }
                sql("CREATE \(unique)INDEX \(concurrent)\(name)ON \(table) (\(fields.map(quoted).joined(separator: ", ")))")
                if inTransaction { sql("COMMIT") }
            case "removeIndex" where literals.count >= 2:
                sql("DROP INDEX \(quoted(literals[1]))")
            case "addConstraint" where call.arguments.count >= 2:
                let keywords = ArgumentText.keywords(Array(call.arguments.dropFirst()))
                let fields = keywords["fields"].map(ArgumentText.list) ?? []
                let name = keywords["name"].flatMap(ArgumentText.literal) ?? "constraint"
                let type = keywords["type"].flatMap(ArgumentText.literal)?.lowercased() ?? ""
                let columns = fields.map(quoted).joined(separator: ", ")
                switch type {
                case "unique", "primary key":
                    sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) \(type.uppercased()) (\(columns))")
                case "foreign key":
                    sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) FOREIGN KEY (\(columns)) REFERENCES \(quoted(keywords["references"].flatMap { ArgumentText.keywords([$0])["table"] }.flatMap(ArgumentText.literal) ?? "?"))")
                default:
                    sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) CHECK (true)")
                }
            case "removeConstraint" where literals.count >= 2:
                sql("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(literals[1]))")
            case "query":
                var searchFrom = call.offset
                if let text = literals.first {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: false, requireLockTimeout: false))
    }

    // MARK: MikroORM

    /// `this.addSql('…')` in `up()`; MikroORM runs each migration in a transaction unless it says otherwise.
    private static func mikroORM(_ scanner: CallScanner) -> FrameworkMigration {
        let down = skippedSections(scanner.bytes, down: ["async down", "down("], up: ["async up", "up("])
        let fragments = scanner.calls(["addSql"], skipping: down).compactMap { call in
            var searchFrom = call.offset
            return call.arguments.first.flatMap(ArgumentText.literal).map { scanner.literalFragment($0, of: call, searchFrom: &searchFrom) }
        }
        let noTransaction = scanner.bytes.containsSequence(Array("isTransactional(): boolean".utf8))
            && scanner.bytes.containsSequence(Array("return false".utf8))
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    // MARK: goose (Go)

    /// The SQL the up function of `goose.AddMigrationContext(up, down)` (or `AddMigration`, `…NoTx…`) executes
    /// (`tx.ExecContext(ctx, `ALTER TABLE …`)`), not the down function's; a `NoTx` migration runs outside a transaction.
    private static func gooseGo(_ scanner: CallScanner) -> FrameworkMigration {
        let bytes = scanner.bytes
        let registrations = scanner.calls([
            "AddMigration", "AddMigrationContext", "AddMigrationNoTx", "AddMigrationNoTxContext", "AddNamedMigration",
            "AddNamedMigrationContext", "AddNamedMigrationNoTxContext",
        ])
        // The functions' names: the last two arguments (a named migration's name comes first).
        let names = registrations.first.map { Array($0.arguments.suffix(2)) } ?? []
        guard names.count == 2 else { return FrameworkMigration(fragments: [], options: AnalysisOptions()) }
        let down = names[1].trimmingCharacters(in: .whitespaces)
        // From `func down…(` to the next function: the rollback.
        let skipped = down.isEmpty || down == "nil" ? [] : skippedSections(bytes, down: ["func " + down + "("], up: ["func "])
        let fragments = scanner.calls(["Exec", "ExecContext"], skipping: skipped).compactMap { call in
            var searchFrom = call.offset
            return call.arguments.lazy.compactMap(ArgumentText.literal).first.map {
                scanner.literalFragment($0, of: call, searchFrom: &searchFrom)
            }
        }
        let noTransaction = registrations.first.map { $0.name.contains("NoTx") } ?? false
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    // MARK: TypeORM

    private static func typeorm(_ scanner: CallScanner) -> FrameworkMigration {
        let down = skippedSections(scanner.bytes, down: ["async down", "down("], up: ["async up", "up("])
        var fragments: [SQLFragment] = []
        let names: Set<String> = ["query", "addColumn", "dropColumn", "renameColumn", "createTable", "dropTable", "createIndex", "dropIndex", "changeColumn"]
        for call in scanner.calls(names, skipping: down) where isReceiver("queryRunner", of: call, in: scanner.bytes) {
            let literals = call.arguments.compactMap(ArgumentText.literal)
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            let table = literals.first.map(quoted) ?? "?"
            switch call.name {
            case "query":
                var searchFrom = call.offset
                if let text = literals.first {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            case "addColumn" where call.arguments.count >= 2:
                if let column = typeormColumn(call.arguments[1]) { sql("ALTER TABLE \(table) ADD COLUMN \(column)") }
            case "changeColumn" where call.arguments.count >= 3:
                if let column = typeormColumn(call.arguments[2]) {
                    let parts = column.split(separator: " ")
                    sql("ALTER TABLE \(table) ALTER COLUMN \(parts[0]) TYPE \(parts.count > 1 ? String(parts[1]) : "text")")
                }
            case "dropColumn" where literals.count >= 2:
                sql("ALTER TABLE \(table) DROP COLUMN \(quoted(literals[1]))")
            case "renameColumn" where literals.count >= 3:
                sql("ALTER TABLE \(table) RENAME COLUMN \(quoted(literals[1])) TO \(quoted(literals[2]))")
            case "createTable" where !call.arguments.isEmpty:
                let keywords = ArgumentText.keywords(CallScanner(Array(call.arguments[0].utf8)).calls(["Table"]).first?.arguments ?? [])
                guard let name = keywords["name"].flatMap(ArgumentText.literal) else { continue }
                let columns = (keywords["columns"].map { CallScanner.splitArguments(String($0.dropFirst().dropLast())) } ?? []).compactMap(typeormColumn)
                sql("CREATE TABLE \(quoted(name)) (\(columns.joined(separator: ", ")))")
            case "dropTable" where !literals.isEmpty:
                sql("DROP TABLE \(table)")
            case "createIndex" where call.arguments.count >= 2:
                let keywords = ArgumentText.keywords(CallScanner(Array(call.arguments[1].utf8)).calls(["TableIndex"]).first?.arguments ?? [])
                let columns = keywords["columnNames"].map(ArgumentText.list) ?? []
                let name = keywords["name"].flatMap(ArgumentText.literal).map { quoted($0) + " " } ?? ""
                let unique = ArgumentText.isTrue(keywords["isUnique"]) ? "UNIQUE " : ""
                sql("CREATE \(unique)INDEX \(name)ON \(table) (\(columns.map(quoted).joined(separator: ", ")))")
            case "dropIndex" where literals.count >= 2:
                sql("DROP INDEX \(quoted(literals[1]))")
            default:
                break
            }
        }
        let noTransaction = scanner.bytes.containsSequence(Array("transaction = false".utf8))
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    private static func typeormColumn(_ text: String) -> String? {
        let inner = CallScanner(Array(text.utf8)).calls(["TableColumn"]).first?.arguments ?? [text]
        let keywords = ArgumentText.keywords(inner)
        guard let name = keywords["name"].flatMap(ArgumentText.literal) else { return nil }
        var type = keywords["type"].flatMap(ArgumentText.literal) ?? "text"
        if let length = keywords["length"].flatMap({ ArgumentText.literal($0) ?? $0 }), Int(length) != nil { type += "(\(length))" }
        var column = quoted(name) + " " + type
        if ArgumentText.isFalse(keywords["isNullable"]) || ArgumentText.isTrue(keywords["isPrimary"]) { column += " NOT NULL" }
        if let value = keywords["default"] { column += " DEFAULT " + ArgumentText.sqlDefault(ArgumentText.literal(value) ?? value) }
        return column
    }

    // MARK: Shared

    /// Byte ranges of rollback code (from a `down` marker to the next `up` marker or the end).
    /// A marker ending in punctuation (`down(`, `up:`) matches with blanks before it too (`up (queryInterface) {`,
    /// as StandardJS writes methods).
    static func skippedSections(_ bytes: [UInt8], down: [String], up: [String]) -> [Range<Int>] {
        let starts = down.flatMap { markerStarts($0, in: bytes) }
        let upStarts = up.flatMap { markerStarts($0, in: bytes) }
        return starts.map { start in start..<(upStarts.filter { $0 > start }.min() ?? bytes.count) }
    }

    /// Where `marker` starts in `bytes` at a word's start, blanks allowed before its last byte when that is punctuation.
    private static func markerStarts(_ marker: String, in bytes: [UInt8]) -> [Int] {
        var word = Array(marker.utf8)
        let punctuation = word.last.flatMap { CallScanner.isIdentifier($0) || $0 == 0x20 ? nil : $0 }
        if punctuation != nil { word.removeLast() }
        var starts: [Int] = []
        var from = 0
        while let index = bytes.firstIndex(ofSequence: word, from: from) {
            from = index + 1
            guard index == 0 || !CallScanner.isIdentifier(bytes[index - 1]) else { continue }
            if let punctuation {
                var cursor = index + word.count
                while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                guard cursor < bytes.count, bytes[cursor] == punctuation else { continue }
            }
            starts.append(index)
        }
        return starts
    }

    /// Whether the call is made on `receiver` (`op.add_column`, `queryRunner.query`, `this.queryRunner…`).
    static func isReceiver(_ receiver: String, of call: SourceCall, in bytes: [UInt8]) -> Bool {
        let needle = Array((receiver + ".").utf8)
        let start = call.offset - needle.count
        guard start >= 0, Array(bytes[start..<call.offset]) == needle else { return false }
        // The whole name: `batch_op.` is not `op.`.
        guard start > 0 else { return true }
        let before = bytes[start - 1]
        return !(before == UInt8(ascii: "_") || (before | 0x20) >= 97 && (before | 0x20) <= 122 || before >= 48 && before <= 57)
    }

    /// An identifier as SQL: quoted when it is not a plain lower-case name.
    static func quoted(_ name: String) -> String {
        VerificationCheckBuilder.identifierPath(name)
    }

    static func singularize(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("s") { return String(name.dropLast()) }
        return name
    }

    /// A table's name from its model's, by the simplest of the rules Rails and Sequelize apply (`Company` →
    /// `Companies`).
    public static func pluralize(_ name: String) -> String {
        if name.hasSuffix("y") { return String(name.dropLast()) + "ies" }
        if name.hasSuffix("s") { return name }
        return name + "s"
    }
}

extension ArgumentText {
    /// `[('id', models.AutoField(...)), ('name', models.CharField(...))]` as pairs of raw texts.
    static func tuples(_ text: String) -> [(String, String)] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("[") else { return [] }
        return CallScanner.splitArguments(String(trimmed.dropFirst().dropLast())).compactMap { item in
            let inner = CallScanner.splitArguments(String(item.dropFirst().dropLast()))
            return inner.count >= 2 ? (inner[0], inner[1]) : nil
        }
    }
}
