import Foundation
import GateCore

/// PHP migrations: Laravel's schema builder (`Schema::table('users', function (Blueprint $table) { … })`), Doctrine
/// Migrations (`$this->addSql('ALTER TABLE …')`) and Phinx (`$this->table('users')->removeColumn('x')->update()`),
/// read into the SQL they run on Postgres. Only `up()` (Phinx: `change()` too) counts; `down()` is rollback.
extension FrameworkMigrationReader {
    // MARK: Laravel

    /// Blueprint column methods and the Postgres type Laravel's grammar gives them.
    static let laravelTypes: [String: String] = [
        "string": "varchar", "char": "char", "text": "text", "tinyText": "text", "mediumText": "text", "longText": "text",
        "integer": "integer", "mediumInteger": "integer", "unsignedInteger": "integer", "unsignedMediumInteger": "integer",
        "tinyInteger": "smallint", "smallInteger": "smallint", "unsignedTinyInteger": "smallint",
        "unsignedSmallInteger": "smallint", "bigInteger": "bigint", "unsignedBigInteger": "bigint", "foreignId": "bigint",
        "foreignIdFor": "bigint", "foreignUuid": "uuid", "foreignUlid": "char(26)", "float": "float8", "double": "float8",
        "decimal": "numeric", "unsignedDecimal": "numeric", "boolean": "boolean", "enum": "varchar", "json": "json",
        "jsonb": "jsonb", "date": "date", "dateTime": "timestamp", "dateTimeTz": "timestamptz", "time": "time",
        "timeTz": "timetz", "timestamp": "timestamp", "timestampTz": "timestamptz", "year": "integer", "binary": "bytea",
        "uuid": "uuid", "ulid": "char(26)", "ipAddress": "inet", "macAddress": "macaddr", "id": "bigserial",
        "increments": "serial", "bigIncrements": "bigserial", "mediumIncrements": "serial", "smallIncrements": "smallserial",
        "tinyIncrements": "smallserial",
    ]

    /// Blueprint methods that are no single column: indexes, drops, renames, and the helpers adding several columns.
    static let laravelCommands: Set<String> = [
        "dropColumn", "dropColumns", "renameColumn", "index", "unique", "primary", "foreign", "fullText", "spatialIndex",
        "dropIndex", "dropUnique", "dropPrimary", "dropForeign", "dropConstrainedForeignId", "dropForeignIdFor",
        "dropConstrainedForeignIdFor", "dropTimestamps", "dropTimestampsTz", "dropSoftDeletes", "dropSoftDeletesTz",
        "dropRememberToken", "dropMorphs", "renameIndex", "rename", "drop", "dropIfExists", "timestamps", "timestampsTz",
        "nullableTimestamps", "softDeletes", "softDeletesTz", "rememberToken", "morphs", "nullableMorphs", "uuidMorphs",
        "nullableUuidMorphs",
    ]

    /// A Laravel migration: the `Schema::` calls of `up()` and the Blueprint calls in their closures; `DB::statement`
    /// and `DB::unprepared` SQL as written. Laravel runs each migration in a transaction on Postgres unless it sets
    /// `$withinTransaction = false`.
    static func laravel(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .php)
        let scanner = CallScanner(source, syntax: .php)
        let down = skippedSections(source, down: ["function down"], up: ["function up"])
        var fragments: [SQLFragment] = []
        /// The closures of `Schema::create`/`Schema::table`: their byte range, table, and whether the table is new.
        var blocks: [(range: Range<Int>, table: String, create: Bool, line: Int)] = []
        let facadeCalls: Set<String> = [
            "create", "table", "drop", "dropIfExists", "rename", "dropColumns", "dropColumn", "statement", "unprepared",
        ]
        for call in scanner.calls(facadeCalls, skipping: down) {
            guard let facade = laravelFacade(of: call, in: source) else { continue }
            var literals = call.arguments.compactMap(ArgumentText.literal)
            // A table named by an expression (`config('permission.table_names')['roles']`) is judged under a name of
            // its own, which links to no table by a guess.
            if facade == "Schema", let first = call.arguments.first, ArgumentText.literal(first) == nil {
                literals.insert(expressionName(first), at: 0)
            }
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            switch (facade, call.name) {
            case ("Schema", "create"), ("Schema", "table"):
                guard let table = literals.first else { continue }
                if call.name == "create" { blocks.append((call.offset..<call.end, table, true, call.line)) }
                else { blocks.append((call.offset..<call.end, table, false, call.line)) }
            case ("Schema", "drop"), ("Schema", "dropIfExists"):
                if let table = literals.first { sql("DROP TABLE \(quoted(table))") }
            case ("Schema", "rename") where literals.count >= 2:
                sql("ALTER TABLE \(quoted(literals[0])) RENAME TO \(quoted(literals[1]))")
            case ("Schema", "dropColumns"), ("Schema", "dropColumn"):
                guard let table = literals.first, call.arguments.count >= 2 else { continue }
                let columns = call.arguments.dropFirst().flatMap(ArgumentText.list)
                if !columns.isEmpty {
                    sql("ALTER TABLE \(quoted(table)) " + columns.map { "DROP COLUMN \(quoted($0))" }.joined(separator: ", "))
                }
            case ("DB", "statement"), ("DB", "unprepared"):
                var searchFrom = call.offset
                if let text = call.arguments.first.flatMap(sqlString) {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        var columnsByBlock: [Int: [String]] = [:]
        var afterCreate: [Int: [SQLFragment]] = [:]
        for call in scanner.calls(Set(laravelTypes.keys).union(laravelCommands), skipping: down) {
            guard isOnVariable(call, in: source),
                  let blockIndex = blocks.lastIndex(where: { $0.range.contains(call.offset) })
            else { continue }
            let block = blocks[blockIndex]
            let chain = LaravelChain(call, modifiers: statementRest(scanner, from: call.end), table: block.table)
            if block.create {
                columnsByBlock[blockIndex, default: []] += chain.columns.map(\.definition)
                afterCreate[blockIndex, default: []] += chain.statements(creating: true).map { SQLFragment(sql: $0, line: call.line) }
            } else {
                for column in chain.columns {
                    if chain.changes {
                        for statement in knexAlter(table: quoted(block.table), column: column.definition) {
                            fragments.append(SQLFragment(sql: statement, line: call.line))
                        }
                    } else {
                        fragments.append(SQLFragment(sql: "ALTER TABLE \(quoted(block.table)) ADD COLUMN \(column.definition)", line: call.line))
                    }
                }
                fragments += chain.statements(creating: false).map { SQLFragment(sql: $0, line: call.line) }
            }
        }
        for (index, block) in blocks.enumerated() where block.create {
            fragments.append(SQLFragment(
                sql: "CREATE TABLE \(quoted(block.table)) (\((columnsByBlock[index] ?? []).joined(separator: ", ")))", line: block.line))
            // Laravel adds a new table's indexes and foreign keys right after creating it.
            fragments += (afterCreate[index] ?? []).map { fragment in
                var after = fragment
                after.line = max(after.line, block.line)
                return after
            }
        }
        let noTransaction = source.containsSequence(Array("withinTransaction = false".utf8))
        return FrameworkMigration(
            fragments: ordered(fragments), options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    /// An expression as an identifier (`$tableNames['roles']` → `tableNames_roles`): its words joined by `_`.
    static func expressionName(_ expression: String) -> String {
        let words = expression.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_")) }
        return words.isEmpty ? "unnamed" : words.joined(separator: "_")
    }

    /// Fragments in line order, those of one line in the order they were made (a CREATE TABLE before its indexes).
    static func ordered(_ fragments: [SQLFragment]) -> [SQLFragment] {
        fragments.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// `Schema` or `DB` when the call is made on that facade (`Schema::table(…)`, `Schema::connection('pgsql')->table(…)`,
    /// `DB::statement(…)`); nil for any other receiver (`$table->drop()`, `DB::table('users')` aside).
    private static func laravelFacade(of call: SourceCall, in bytes: [UInt8]) -> String? {
        for facade in ["Schema", "DB"] {
            let needle = Array((facade + "::").utf8)
            let start = call.offset - needle.count
            // `Schema::` or `\\Schema::`, not `MySchema::`.
            if start >= 0, Array(bytes[start..<call.offset]) == needle, start == 0 || !CallScanner.isIdentifier(bytes[start - 1]) {
                return facade
            }
        }
        // A chain on the facade (`Schema::connection($name)->create(…)`), read back to the start of its statement.
        guard call.offset >= 2, bytes[call.offset - 2] == 0x2D, bytes[call.offset - 1] == 0x3E else { return nil }
        var start = call.offset - 2
        while start > 0, bytes[start - 1] != 0x3B, bytes[start - 1] != 0x7B, bytes[start - 1] != 0x7D { start -= 1 }
        let statement = Array(bytes[start..<call.offset])
        for facade in ["Schema", "DB"] where statement.containsSequence(Array((facade + "::connection(").utf8)) {
            return facade
        }
        return nil
    }

    /// Whether the call is made on a variable (`$table->string(…)`), not chained on another call (`->unique()`).
    static func isOnVariable(_ call: SourceCall, in bytes: [UInt8]) -> Bool {
        var cursor = call.offset
        // `->` before the method.
        if cursor >= 2, bytes[cursor - 2] == 0x2D, bytes[cursor - 1] == 0x3E { cursor -= 2 } else { return false }
        let nameEnd = cursor
        while cursor > 0, CallScanner.isIdentifier(bytes[cursor - 1]) { cursor -= 1 }
        // `$table->`, not `$this->` (Phinx's and Doctrine's own methods).
        return cursor < nameEnd && cursor > 0 && bytes[cursor - 1] == 0x24
            && String(decoding: bytes[cursor..<nameEnd], as: UTF8.self) != "this"
    }

    /// The rest of a statement after `from`: up to its `;` outside brackets and strings (the chain's modifiers).
    static func statementRest(_ scanner: CallScanner, from: Int) -> String {
        let bytes = scanner.bytes
        var index = from
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if scanner.opensString(byte) { index = scanner.skipString(from: index); continue }
            if byte == 0x28 || byte == 0x5B || byte == 0x7B { depth += 1 }
            if byte == 0x29 || byte == 0x5D || byte == 0x7D {
                if depth == 0 { break }
                depth -= 1
            }
            if byte == 0x3B, depth == 0 { break }
            index += 1
        }
        return String(decoding: bytes[min(from, index)..<index], as: UTF8.self)
    }

    /// A string argument holding SQL, its backslash escapes undone (`'DEFAULT \'draft\''`, `"\"Orders\""`), as PHP,
    /// C# and Swift read them; a C# verbatim string (`@"…"`) has none. A PHP heredoc's body as written.
    static func sqlString(_ argument: String) -> String? {
        let trimmed = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let literal = ArgumentText.literal(trimmed) else { return phpHeredoc(trimmed) }
        guard !trimmed.hasPrefix("@"), literal.contains("\\") else { return literal }
        var result = ""
        var escaped = false
        for character in literal {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\\", "'", "\"": result.append(character)
                default: result.append("\\"); result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }

    /// The body of a PHP heredoc or nowdoc argument (`<<<SQL … SQL`, `<<<'SQL' … SQL`), its indentation kept.
    static func phpHeredoc(_ argument: String) -> String? {
        guard argument.hasPrefix("<<<") else { return nil }
        var lines = Array(TextLines(argument))
        let marker = lines.removeFirst().dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: " '\""))
        guard !marker.isEmpty else { return nil }
        if let last = lines.last, last.trimmingCharacters(in: .whitespaces).hasPrefix(marker) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// One `$table->…` statement of a Blueprint closure: the columns it adds or changes and the other SQL it runs.
    struct LaravelChain {
        struct Column { var name: String; var definition: String }

        var method: String
        var arguments: [String]
        var table: String
        /// The chained modifiers by name, with their arguments (`nullable`, `default`, `constrained`, `change`…).
        var modifiers: [String: [String]] = [:]
        var columns: [Column] = []

        var changes: Bool { modifiers["change"] != nil }

        init(_ call: SourceCall, modifiers text: String, table: String) {
            method = call.name
            arguments = call.arguments
            self.table = table
            for modifier in CallScanner(Array(text.utf8)).calls([
                "nullable", "default", "useCurrent", "unique", "index", "primary", "change", "constrained", "references",
                "on", "autoIncrement", "storedAs", "virtualAs", "generatedAs",
            ]) {
                modifiers[modifier.name] = modifier.arguments
            }
            columns = readColumns()
        }

        private var literals: [String] { arguments.compactMap(ArgumentText.literal) }

        private func readColumns() -> [Column] {
            let nullable = modifiers["nullable"].map { !ArgumentText.isFalse($0.first) } ?? false
            switch method {
            case "timestamps", "timestampsTz", "nullableTimestamps":
                let type = method == "timestampsTz" ? "timestamptz" : "timestamp"
                return ["created_at", "updated_at"].map { Column(name: $0, definition: "\($0) \(type)") }
            case "softDeletes", "softDeletesTz":
                let name = literals.first ?? "deleted_at"
                return [Column(name: name, definition: "\(quoted(name)) \(method == "softDeletesTz" ? "timestamptz" : "timestamp")")]
            case "rememberToken":
                return [Column(name: "remember_token", definition: "remember_token varchar(100)")]
            case "morphs", "nullableMorphs", "uuidMorphs", "nullableUuidMorphs":
                guard let name = literals.first else { return [] }
                let notNull = method.hasPrefix("nullable") ? "" : " NOT NULL"
                let idType = method.contains("Uuid") ? "uuid" : "bigint"
                return [Column(name: name + "_type", definition: "\(quoted(name + "_type")) varchar\(notNull)"),
                        Column(name: name + "_id", definition: "\(quoted(name + "_id")) \(idType)\(notNull)")]
            default:
                break
            }
            guard var type = laravelTypes[method] else { return [] }
            let name: String
            if method == "foreignIdFor" {
                // `foreignIdFor(User::class)`: the model's snake-case name and `_id`.
                guard let model = arguments.first?.components(separatedBy: "::").first?.split(separator: "\\").last else { return [] }
                name = literals.dropFirst().first ?? snakeCase(String(model)) + "_id"
            } else {
                guard let literal = literals.first ?? (method == "id" ? "id" : nil) else { return [] }
                name = literal
            }
            if type == "varchar" || type == "char", method != "enum" {
                // Without a length Laravel gives `Builder::$defaultStringLength`, 255 unless the app changes it.
                let length = arguments.count > 1 ? Int(arguments[1]) : 255
                if let length { type += "(\(length))" }
            }
            if type == "numeric", arguments.count > 2, let precision = Int(arguments[1]), let scale = Int(arguments[2]) {
                type += "(\(precision), \(scale))"
            }
            var definition = quoted(name) + " " + type
            if type.hasSuffix("serial") {
                definition += " PRIMARY KEY"
            } else if !nullable {
                // Laravel's columns are NOT NULL unless `->nullable()`.
                definition += " NOT NULL"
            }
            if let value = modifiers["default"]?.first {
                definition += " DEFAULT " + ArgumentText.sqlDefault(value)
            } else if modifiers["useCurrent"] != nil {
                definition += " DEFAULT CURRENT_TIMESTAMP"
            } else if let expression = (modifiers["storedAs"] ?? modifiers["virtualAs"])?.first.flatMap(ArgumentText.literal) {
                definition += " GENERATED ALWAYS AS (\(expression)) STORED"
            }
            return [Column(name: name, definition: definition)]
        }

        /// The statements besides the columns' own: indexes, constraints, drops and renames.
        func statements(creating: Bool) -> [String] {
            let table = quoted(self.table)
            var statements: [String] = []
            let list = arguments.first.map(ArgumentText.list) ?? []
            // Column modifiers that add an index or a constraint (`->unique()`, `->constrained()`), not on a change.
            for column in columns where !changes {
                if modifiers["unique"] != nil {
                    let name = quoted(indexName([column.name], "unique"))
                    statements.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) UNIQUE (\(quoted(column.name)))")
                }
                if modifiers["index"] != nil {
                    statements.append("CREATE INDEX \(quoted(indexName([column.name], "index"))) ON \(table) (\(quoted(column.name)))")
                }
                if let referenced = referencedTable(column: column.name) {
                    statements.append(foreignKey([column.name], referenced))
                }
                if method.hasSuffix("orphs") {
                    let names = columns.map(\.name)
                    statements.append("CREATE INDEX \(quoted(indexName(names, "index"))) ON \(table) (\(columnList(names)))")
                    break
                }
            }
            let named = arguments.count > 1 ? ArgumentText.literal(arguments[1]) : nil
            func dropColumns(_ names: [String]) -> String {
                "ALTER TABLE \(table) " + names.map { "DROP COLUMN \(quoted($0))" }.joined(separator: ", ")
            }
            switch method {
            case "dropColumn", "dropColumns":
                let names = arguments.flatMap(ArgumentText.list)
                if !names.isEmpty { statements.append(dropColumns(names)) }
            case "renameColumn" where literals.count >= 2:
                statements.append("ALTER TABLE \(table) RENAME COLUMN \(quoted(literals[0])) TO \(quoted(literals[1]))")
            case "index" where !list.isEmpty, "fullText" where !list.isEmpty, "spatialIndex" where !list.isEmpty:
                statements.append("CREATE INDEX \(quoted(named ?? indexName(list, "index"))) ON \(table) (\(list.map(quoted).joined(separator: ", ")))")
            case "unique" where !list.isEmpty:
                let name = quoted(named ?? indexName(list, "unique"))
                statements.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) UNIQUE (\(columnList(list)))")
            case "primary" where !list.isEmpty:
                statements.append("ALTER TABLE \(table) ADD PRIMARY KEY (\(list.map(quoted).joined(separator: ", ")))")
            case "foreign" where !list.isEmpty:
                if let referenced = referencedTable(column: list[0]) {
                    statements.append(foreignKey(list, referenced, name: named))
                }
            case "dropIndex":
                statements.append("DROP INDEX \(quoted(indexReference("index")))")
            case "dropUnique":
                statements.append("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(indexReference("unique")))")
            case "dropPrimary":
                statements.append("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(literals.first ?? self.table + "_pkey"))")
            case "dropForeign":
                statements.append("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(indexReference("foreign")))")
            case "dropConstrainedForeignId" where !literals.isEmpty:
                statements.append("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(indexName([literals[0]], "foreign")))")
                statements.append(dropColumns([literals[0]]))
            case "dropTimestamps", "dropTimestampsTz":
                statements.append(dropColumns(["created_at", "updated_at"]))
            case "dropSoftDeletes", "dropSoftDeletesTz":
                statements.append(dropColumns([literals.first ?? "deleted_at"]))
            case "dropRememberToken":
                statements.append(dropColumns(["remember_token"]))
            case "dropMorphs" where !literals.isEmpty:
                statements.append(dropColumns([literals[0] + "_type", literals[0] + "_id"]))
            case "renameIndex" where literals.count >= 2:
                statements.append("ALTER INDEX \(quoted(literals[0])) RENAME TO \(quoted(literals[1]))")
            case "rename" where !literals.isEmpty && !creating:
                statements.append("ALTER TABLE \(table) RENAME TO \(quoted(literals[0]))")
            case "drop", "dropIfExists":
                if !creating { statements.append("DROP TABLE \(table)") }
            default:
                break
            }
            return statements
        }

        private func columnList(_ names: [String]) -> String { names.map(quoted).joined(separator: ", ") }

        /// `users_email_unique`: Laravel's name for an index of `columns`, lower-cased, `-` and `.` made `_`.
        private func indexName(_ columns: [String], _ kind: String) -> String {
            ([table] + columns + [kind]).joined(separator: "_").lowercased()
                .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        }

        /// The index a drop names: by name (`'users_email_unique'`), or by its columns (`['email']`).
        private func indexReference(_ kind: String) -> String {
            guard let first = arguments.first else { return indexName([], kind) }
            let trimmed = first.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("[") ? indexName(ArgumentText.list(trimmed), kind) : ArgumentText.literal(trimmed) ?? indexName([], kind)
        }

        /// The table and column a column's foreign key references: `->constrained()` (the table from the column's
        /// name, `user_id` → `users`), `->constrained('authors')`, `->references('id')->on('users')`.
        private func referencedTable(column: String) -> String? {
            if let constrained = modifiers["constrained"] {
                let explicit = constrained.first.flatMap(ArgumentText.literal)
                let guessed = column.hasSuffix("_id") ? pluralize(String(column.dropLast(3))) : nil
                guard let table = explicit ?? guessed else { return nil }
                let referenced = constrained.dropFirst().first.flatMap(ArgumentText.literal) ?? "id"
                return "\(quoted(table)) (\(quoted(referenced)))"
            }
            guard let on = modifiers["on"]?.first.flatMap(ArgumentText.literal) else { return nil }
            let references = modifiers["references"]?.first.map(ArgumentText.list)?.first ?? "id"
            return "\(quoted(on)) (\(quoted(references)))"
        }

        private func foreignKey(_ columns: [String], _ referenced: String, name: String? = nil) -> String {
            "ALTER TABLE \(quoted(table)) ADD CONSTRAINT \(quoted(name ?? indexName(columns, "foreign"))) FOREIGN KEY "
                + "(\(columns.map(quoted).joined(separator: ", "))) REFERENCES \(referenced)"
        }
    }

    /// `BlogPost` → `blog_post`, as Laravel's `Str::snake` names a model's foreign key.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.lowercased()
        }
        return result
    }

    // MARK: Doctrine

    /// A Doctrine migration: the SQL `up()` passes to `$this->addSql(…)`. Doctrine runs each migration in a
    /// transaction unless `isTransactional()` returns false.
    static func doctrine(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .php)
        let scanner = CallScanner(source, syntax: .php)
        let down = skippedSections(source, down: ["function down"], up: ["function up", "function preUp", "function postUp"])
        var fragments: [SQLFragment] = []
        // The schema API (`$table = $schema->getTable('users'); $table->dropColumn('nickname');`): each operation
        // applies to the table last fetched or created.
        var table: (name: String, creating: Bool, line: Int)?
        var created: [(name: String, line: Int, columns: [String])] = []
        let names: Set<String> = [
            "addSql", "getTable", "createTable", "dropTable", "renameTable", "addColumn", "dropColumn", "modifyColumn",
            "changeColumn", "renameColumn", "addIndex", "addUniqueIndex", "dropIndex", "addForeignKeyConstraint",
        ]
        for call in scanner.calls(names, skipping: down) {
            let literals = call.arguments.compactMap(ArgumentText.literal)
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            let quotedTable = table.map { quoted($0.name) } ?? ""
            switch call.name {
            case "addSql":
                var searchFrom = call.offset
                if let text = call.arguments.first.flatMap(sqlString) {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            case "getTable", "createTable":
                guard let name = literals.first else { table = nil; continue }
                table = (name, call.name == "createTable", call.line)
                if call.name == "createTable" { created.append((name, call.line, [])) }
            case "dropTable":
                if let name = literals.first { sql("DROP TABLE \(quoted(name))") }
            case "renameTable" where literals.count >= 2:
                sql("ALTER TABLE \(quoted(literals[0])) RENAME TO \(quoted(literals[1]))")
            case "addColumn" where call.arguments.count >= 2 && table != nil:
                guard let name = ArgumentText.literal(call.arguments[0]) else { continue }
                let column = doctrineColumn(name, type: call.arguments[1], call.arguments.count > 2 ? phpArrayKeywords(call.arguments[2]) : [:])
                if table?.creating == true, !created.isEmpty { created[created.count - 1].columns.append(column) }
                else { sql("ALTER TABLE \(quotedTable) ADD COLUMN \(column)") }
            case "dropColumn" where !literals.isEmpty && table != nil:
                sql("ALTER TABLE \(quotedTable) DROP COLUMN \(quoted(literals[0]))")
            case "renameColumn" where literals.count >= 2 && table != nil:
                sql("ALTER TABLE \(quotedTable) RENAME COLUMN \(quoted(literals[0])) TO \(quoted(literals[1]))")
            case "modifyColumn", "changeColumn":
                // The options change: a type, nullability or default, each as its statement.
                guard let name = literals.first, table != nil, call.arguments.count >= 2 else { continue }
                let options = phpArrayKeywords(call.arguments[1])
                let prefix = "ALTER TABLE \(quotedTable) ALTER COLUMN \(quoted(name))"
                if let type = options["type"] { sql("\(prefix) TYPE \(doctrineType(type, options))") }
                if let notNull = options["notnull"] { sql("\(prefix) \(ArgumentText.isTrue(notNull) ? "SET" : "DROP") NOT NULL") }
                if let value = options["default"] { sql("\(prefix) SET DEFAULT \(ArgumentText.sqlDefault(value))") }
            case "addIndex", "addUniqueIndex":
                guard table != nil, let first = call.arguments.first else { continue }
                let columns = ArgumentText.list(first)
                let name = call.arguments.count > 1 ? ArgumentText.literal(call.arguments[1]).map { quoted($0) + " " } ?? "" : ""
                let unique = call.name == "addUniqueIndex" ? "UNIQUE " : ""
                sql("CREATE \(unique)INDEX \(name)ON \(quotedTable) (\(columns.map(quoted).joined(separator: ", ")))")
            case "dropIndex" where !literals.isEmpty && table != nil:
                sql("DROP INDEX \(quoted(literals[0]))")
            case "addForeignKeyConstraint" where call.arguments.count >= 3 && table != nil:
                let referenced = ArgumentText.literal(call.arguments[0]) ?? expressionName(call.arguments[0])
                let local = ArgumentText.list(call.arguments[1]), foreign = ArgumentText.list(call.arguments[2])
                sql("ALTER TABLE \(quotedTable) ADD FOREIGN KEY (\(local.map(quoted).joined(separator: ", "))) "
                    + "REFERENCES \(quoted(referenced)) (\(foreign.map(quoted).joined(separator: ", ")))")
            default:
                break
            }
        }
        // A created table comes before what the migration does to it afterwards (its indexes and keys).
        for table in created {
            fragments.append(SQLFragment(sql: "CREATE TABLE \(quoted(table.name)) (\(table.columns.joined(separator: ", ")))", line: table.line))
        }
        fragments = fragments.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element, rhs.element)
            if left.line != right.line { return left.line < right.line }
            // On one line, the CREATE TABLE (appended last) first.
            return left.sql.hasPrefix("CREATE TABLE") != right.sql.hasPrefix("CREATE TABLE") ? left.sql.hasPrefix("CREATE TABLE") : lhs.offset < rhs.offset
        }.map(\.element)
        return FrameworkMigration(
            fragments: fragments,
            options: AnalysisOptions(implicitTransaction: !returnsFalse("isTransactional", in: source), requireLockTimeout: false))
    }

    /// DBAL's type names (`Types::STRING` is `string`) and their Postgres types.
    static let doctrineTypes: [String: String] = [
        "string": "varchar", "ascii_string": "varchar", "text": "text", "integer": "integer", "bigint": "bigint",
        "smallint": "smallint", "boolean": "boolean", "datetime": "timestamp", "datetime_immutable": "timestamp",
        "datetimetz": "timestamptz", "datetimetz_immutable": "timestamptz", "date": "date", "date_immutable": "date",
        "time": "time", "time_immutable": "time", "decimal": "numeric", "float": "float8", "json": "json", "guid": "uuid",
        "uuid": "uuid", "binary": "bytea", "blob": "bytea", "simple_array": "text",
    ]

    private static func doctrineType(_ raw: String, _ options: [String: String]) -> String {
        // `'string'`, `Types::STRING`, `Type::getType('string')`.
        let word = ArgumentText.literal(raw) ?? raw.components(separatedBy: "::").last?.lowercased() ?? raw
        var type = doctrineTypes[word] ?? doctrineTypes[word.lowercased()] ?? "text"
        if type == "varchar", let length = options["length"], Int(length) != nil { type += "(\(length))" }
        return type
    }

    /// A schema API column: NOT NULL unless `'notnull' => false` (DBAL's default).
    private static func doctrineColumn(_ name: String, type: String, _ options: [String: String]) -> String {
        var column = quoted(name) + " " + doctrineType(type, options)
        if !ArgumentText.isFalse(options["notnull"]) { column += " NOT NULL" }
        if let value = options["default"], value != "null" { column += " DEFAULT " + ArgumentText.sqlDefault(value) }
        return column
    }

    /// Whether the method `name` returns `false` (`public function isTransactional(): bool { return false; }`).
    static func returnsFalse(_ name: String, in bytes: [UInt8]) -> Bool {
        guard let start = bytes.firstIndex(ofSequence: Array(("function " + name).utf8)) else { return false }
        return Array(bytes[start..<min(bytes.count, start + 160)]).containsSequence(Array("return false".utf8))
    }
}

// MARK: Phinx

extension FrameworkMigrationReader {
    /// Phinx's column types (CakePHP Migrations shares them) and their Postgres types.
    static let phinxTypes: [String: String] = [
        "string": "varchar", "char": "char", "text": "text", "integer": "integer", "biginteger": "bigint",
        "smallinteger": "smallint", "tinyinteger": "smallint", "boolean": "boolean", "datetime": "timestamp",
        "timestamp": "timestamp", "date": "date", "time": "time", "decimal": "numeric", "float": "real", "double": "float8",
        "uuid": "uuid", "json": "json", "jsonb": "jsonb", "binary": "bytea", "blob": "bytea", "inet": "inet",
        "cidr": "cidr", "macaddr": "macaddr", "interval": "interval",
    ]

    /// A Phinx (or CakePHP Migrations) migration: `$this->table('users')` and the operations chained on it up to
    /// `->update()` / `->save()` (an existing table) or `->create()` (a new one), and `$this->execute('…')` SQL, in
    /// `change()` or `up()`. Phinx runs each migration in a transaction on Postgres.
    static func phinx(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .php)
        let scanner = CallScanner(source, syntax: .php)
        let down = skippedSections(source, down: ["function down"], up: ["function up", "function change"])
        var fragments: [SQLFragment] = []
        var table: String?
        /// The operations chained on the current table, with their lines, until a create, update or save runs them.
        var pending: [(call: SourceCall, line: Int)] = []
        var tableOptions: [String: String] = [:]
        func flush(creating: Bool, line: Int) {
            guard let name = table else { pending = []; return }
            let quotedTable = quoted(name)
            var columns: [String] = []
            var statements: [SQLFragment] = []
            func sql(_ text: String, _ line: Int) { statements.append(SQLFragment(sql: text, line: line)) }
            for (call, line) in pending {
                let literals = call.arguments.compactMap(ArgumentText.literal)
                let options = call.arguments.last.map(phpArrayKeywords) ?? [:]
                switch call.name {
                case "addColumn" where literals.count >= 2:
                    let column = phinxColumn(literals[0], type: literals[1], options)
                    if creating { columns.append(column) } else { sql("ALTER TABLE \(quotedTable) ADD COLUMN \(column)", line) }
                case "addTimestamps":
                    let created = "created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP", updated = "updated_at timestamp"
                    if creating { columns += [created, updated] } else {
                        sql("ALTER TABLE \(quotedTable) ADD COLUMN \(created), ADD COLUMN \(updated)", line)
                    }
                case "removeColumn" where !literals.isEmpty:
                    sql("ALTER TABLE \(quotedTable) DROP COLUMN \(quoted(literals[0]))", line)
                case "renameColumn" where literals.count >= 2:
                    sql("ALTER TABLE \(quotedTable) RENAME COLUMN \(quoted(literals[0])) TO \(quoted(literals[1]))", line)
                case "changeColumn" where literals.count >= 2:
                    // Phinx redefines the column: its type, nullability and default as the options say.
                    for statement in knexAlter(table: quotedTable, column: phinxColumn(literals[0], type: literals[1], options)) {
                        sql(statement, line)
                    }
                case "addIndex" where !call.arguments.isEmpty:
                    let columns = ArgumentText.list(call.arguments[0])
                    let name = options["name"].flatMap(ArgumentText.literal).map { quoted($0) + " " } ?? ""
                    let unique = ArgumentText.isTrue(options["unique"]) ? "UNIQUE " : ""
                    sql("CREATE \(unique)INDEX \(name)ON \(quotedTable) (\(columns.map(quoted).joined(separator: ", ")))", line)
                case "removeIndex" where !call.arguments.isEmpty:
                    let columns = ArgumentText.list(call.arguments[0])
                    sql("DROP INDEX \(quoted(([name] + columns).joined(separator: "_")))", line)
                case "removeIndexByName" where !literals.isEmpty:
                    sql("DROP INDEX \(quoted(literals[0]))", line)
                case "addForeignKey" where call.arguments.count >= 2:
                    let columns = ArgumentText.list(call.arguments[0])
                    guard let referenced = ArgumentText.literal(call.arguments[1]) else { continue }
                    let referencedColumns = call.arguments.count > 2 ? ArgumentText.list(call.arguments[2]) : ["id"]
                    sql("ALTER TABLE \(quotedTable) ADD FOREIGN KEY (\(columns.map(quoted).joined(separator: ", "))) "
                        + "REFERENCES \(quoted(referenced)) (\(referencedColumns.map(quoted).joined(separator: ", ")))", line)
                case "dropForeignKey" where !call.arguments.isEmpty:
                    let columns = ArgumentText.list(call.arguments[0])
                    sql("ALTER TABLE \(quotedTable) DROP CONSTRAINT \(quoted(([name] + columns + ["fkey"]).joined(separator: "_")))", line)
                case "rename" where !literals.isEmpty:
                    sql("ALTER TABLE \(quotedTable) RENAME TO \(quoted(literals[0]))", line)
                case "drop":
                    sql("DROP TABLE \(quotedTable)", line)
                default:
                    break
                }
            }
            if creating {
                let header = pending.first?.line ?? line
                // Phinx adds an `id` key unless the table's options say `'id' => false` (or name their own).
                if tableOptions["id"] == nil { columns.insert("id serial PRIMARY KEY", at: 0) }
                // The table first, then what the chain adds to it (its indexes and keys).
                statements.insert(SQLFragment(sql: "CREATE TABLE \(quotedTable) (\(columns.joined(separator: ", ")))", line: header), at: 0)
            }
            fragments += statements
            pending = []
        }
        let names: Set<String> = [
            "table", "addColumn", "addTimestamps", "removeColumn", "renameColumn", "changeColumn", "addIndex",
            "removeIndex", "removeIndexByName", "addForeignKey", "dropForeignKey", "rename", "drop", "create", "update",
            "save", "execute", "query",
        ]
        let this = Array("$this->".utf8)
        for call in scanner.calls(names, skipping: down) {
            let onThis = call.offset >= this.count && Array(source[(call.offset - this.count)..<call.offset]) == this
            switch call.name {
            case "table" where onThis:
                flush(creating: false, line: call.line)
                table = call.arguments.first.flatMap(ArgumentText.literal)
                tableOptions = call.arguments.count > 1 ? phpArrayKeywords(call.arguments[1]) : [:]
            case "execute" where onThis, "query" where onThis:
                if let text = call.arguments.first.flatMap(sqlString) {
                    fragments.append(SQLFragment(sql: text, line: call.line))
                }
            case "create":
                flush(creating: true, line: call.line)
            case "update", "save":
                flush(creating: false, line: call.line)
            default:
                if table != nil { pending.append((call, call.line)) }
            }
        }
        flush(creating: false, line: 0)
        return FrameworkMigration(
            fragments: ordered(fragments),
            options: AnalysisOptions(implicitTransaction: !returnsFalse("useTransactions", in: source), requireLockTimeout: false))
    }

    private static func phinxColumn(_ name: String, type: String, _ options: [String: String]) -> String {
        var sqlType = phinxTypes[type] ?? type
        if sqlType == "varchar" || sqlType == "char", let limit = options["limit"], Int(limit) != nil { sqlType += "(\(limit))" }
        var column = quoted(name) + " " + sqlType
        // Phinx's columns are NOT NULL unless `'null' => true`.
        if !ArgumentText.isTrue(options["null"]) { column += " NOT NULL" }
        if let value = options["default"], value != "null" {
            column += " DEFAULT " + (value == "'CURRENT_TIMESTAMP'" ? "CURRENT_TIMESTAMP" : ArgumentText.sqlDefault(value))
        }
        return column
    }

    /// `['null' => true, 'limit' => 40]` (or `array(…)`) as keywords.
    static func phpArrayKeywords(_ text: String) -> [String: String] {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("array(") { trimmed = String(trimmed.dropFirst(5)) }
        guard trimmed.hasPrefix("[") || trimmed.hasPrefix("("), trimmed.count >= 2 else { return [:] }
        return ArgumentText.keywords(CallScanner.splitArguments(String(trimmed.dropFirst().dropLast())))
    }
}
