import GateCore

/// Schema changes application code makes through an ORM or a schema builder rather than SQL: Knex's and Kysely's
/// `knex.schema.createTable(…)`, Sequelize's `sequelize.sync({ alter: true })`, TypeORM's `synchronize: true`,
/// SQLAlchemy's `Base.metadata.create_all(engine)` (and Flask-SQLAlchemy's `db.create_all()`), GORM's `AutoMigrate`,
/// ent's `client.Schema.Create`, bun's `NewCreateTable`, ActiveRecord's `connection.add_column`, Laravel's
/// `Schema::table`, EF Core's `Database.EnsureCreated()`. Run from the application, they change the schema outside
/// the migration history, as raw DDL does.
public enum ORMSchemaCalls {
    /// The languages whose ORMs and schema builders are read.
    public enum Language: Sendable {
        case javaScript, python, go, ruby, php, csharp
    }

    /// One call, with its line and how it is written (`knex.schema.createTable`).
    public struct Call: Sendable, Equatable {
        public var line: Int
        public var call: String
    }

    /// The calls of `bytes` that change the schema. A first pass over the `(`s turns away files that call none of
    /// the names (`ByteSearch.calledNames`); only those that do are read call by call.
    public static func find(in bytes: [UInt8], language: Language) -> [Call] {
        let names = candidateNames[language] ?? []
        var found: [Call] = []
        if language == .javaScript, let call = typeORMSynchronize(bytes) { found.append(call) }
        // Every call `schemaCall` accepts names its receiver or its library (`schema`, `.sync(`, `connection`,
        // `Schema::`): a file without any of those words is turned away in a scan or two, before its `(`s are read.
        guard mayMakeSchemaCalls(bytes, language: language) else { return found }
        let mayCall = ByteSearch.calledNames(bytes, among: candidateNameBytes[language] ?? []) != 0
            // `conn.run_sync(Base.metadata.create_all)`, Ruby's `connection.add_column :users, …` without parentheses.
            || language == .python && referencesCreateAll(bytes) || language == .ruby && contains(bytes, "connection.")
        guard mayCall else { return found }
        let syntax: StringSyntax = language == .php ? .php : language == .csharp ? .csharp : StringSyntax()
        // `//` and `/* */` comments hold no call (Python's and Ruby's `#` comments the scanner skips itself).
        let text = language == .python || language == .ruby ? bytes : CallScanner.blankingComments(bytes, syntax: syntax)
        let scanner = CallScanner(text, syntax: syntax)
        let calls = scanner.calls(Set(names), allowBareArguments: language == .ruby)
        for call in calls {
            guard let receiver = Receiver(before: call.offset, in: text) else { continue }
            if let written = schemaCall(call, receiver: receiver, language: language, bytes: text) {
                found.append(Call(line: call.line, call: written))
            }
        }
        return found.sorted { $0.line < $1.line }
    }

    /// What a call is made on: the name before its `.`, `::` or `->`, and whether that name was itself called
    /// (`getSchemaGenerator().updateSchema()`, `knex.schema.withSchema("app").createTable(…)`).
    struct Receiver {
        var name: String
        var isCall: Bool
        /// The receiver's own receiver, for a call (`schema` of `schema.withSchema("app")`).
        var parent: String?
        /// Where the receiver's chain starts, for the call as written.
        var start: Int

        init?(before offset: Int, in bytes: [UInt8]) {
            var end = offset
            if end > 0, bytes[end - 1] == UInt8(ascii: ".") {
                end -= 1
            } else if end > 1, bytes[end - 1] == UInt8(ascii: ":") && bytes[end - 2] == UInt8(ascii: ":")
                        || bytes[end - 1] == UInt8(ascii: ">") && bytes[end - 2] == UInt8(ascii: "-") {
                end -= 2
            } else {
                return nil
            }
            // Optional chaining (`db?.sync()`).
            if end > 0, bytes[end - 1] == UInt8(ascii: "?") { end -= 1 }
            isCall = end > 0 && bytes[end - 1] == UInt8(ascii: ")")
            if isCall {
                var depth = 0
                var cursor = end - 1
                while cursor >= 0 {
                    if bytes[cursor] == UInt8(ascii: ")") { depth += 1 }
                    if bytes[cursor] == UInt8(ascii: "(") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    cursor -= 1
                }
                guard cursor > 0 else { return nil }
                end = cursor
            }
            var start = end
            while start > 0, CallScanner.isIdentifier(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: "$") { start -= 1 }
            guard start < end else { return nil }
            name = String(decoding: bytes[start..<end], as: UTF8.self)
            parent = isCall ? Receiver(before: start, in: bytes)?.name : nil
            // The whole chain, for the call as written: back over names and member accesses (`.`, `::`, `->`).
            var chainStart = start
            while chainStart > 0 {
                let byte = bytes[chainStart - 1]
                if CallScanner.isIdentifier(byte) || [UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "$"), UInt8(ascii: "\\")].contains(byte) {
                    chainStart -= 1
                } else if byte == UInt8(ascii: ">"), chainStart > 1, bytes[chainStart - 2] == UInt8(ascii: "-") {
                    chainStart -= 2
                } else {
                    break
                }
            }
            self.start = chainStart
        }
    }

    /// The call as written when it changes the schema, by its name and what it is made on.
    private static func schemaCall(_ call: SourceCall, receiver: Receiver, language: Language, bytes: [UInt8]) -> String? {
        let schemaBuilder = receiver.name == "schema" && !receiver.isCall || receiver.name == "withSchema" && receiver.parent == "schema"
        let accepted: Bool
        switch language {
        case .javaScript:
            switch call.name {
            case "sync":
                // Sequelize's instance or one of its models: in a file that uses Sequelize, or told to alter or force
                // (`Shipment.sync({ force: true })`, Sequelize's own options).
                let options = call.arguments.first?.filter { !$0.isWhitespace } ?? ""
                accepted = receiver.name.lowercased().contains("sequelize")
                    || ByteSearch.containsFolded(bytes, Array("sequelize".utf8))
                    || options.contains("alter:true") || options.contains("force:true")
            case "synchronize":
                accepted = ByteSearch.containsFolded(bytes, Array("typeorm".utf8))
            case "updateSchema", "refreshDatabase":
                // MikroORM's schema generator (`orm.getSchemaGenerator()`, `orm.schema`).
                accepted = schemaBuilder || receiver.name == "getSchemaGenerator"
            default:
                accepted = schemaBuilder || receiver.name == "getSchemaGenerator" && ["createSchema", "dropSchema"].contains(call.name)
            }
        case .python:
            switch call.name {
            case "create_all", "drop_all": accepted = receiver.name == "metadata" || receiver.name == "db"
            case "create_tables", "drop_tables": accepted = ByteSearch.containsFolded(bytes, Array("peewee".utf8))
            // `await conn.run_sync(Base.metadata.create_all)`: the method handed over, not called.
            case "run_sync": return call.arguments.first.flatMap { argument in
                    argument.hasSuffix("metadata.create_all") || argument.hasSuffix("metadata.drop_all") ? argument : nil
                }
            default: accepted = false
            }
        case .go:
            switch call.name {
            case "AutoMigrate": accepted = true
            case "Create": accepted = receiver.name == "Schema" && !receiver.isCall
            case let name where name.hasPrefix("New"): accepted = true
            default: accepted = receiver.name == "Migrator" && receiver.isCall
            }
        case .ruby:
            accepted = receiver.name == "connection"
        case .php:
            accepted = receiver.name == "Schema" || receiver.isCall && receiver.name == "connection" && receiver.parent == "Schema"
        case .csharp:
            accepted = receiver.name == "Database" && !receiver.isCall
        }
        guard accepted else { return nil }
        let written = String(decoding: bytes[receiver.start..<call.offset], as: UTF8.self) + call.name
        return written.filter { !$0.isWhitespace }
    }

    /// TypeORM's `synchronize: true` in a data source's (or Nest's `TypeOrmModule`'s) options: the schema is made to
    /// match the entities each time the application starts.
    private static func typeORMSynchronize(_ bytes: [UInt8]) -> Call? {
        let key = Array("synchronize".utf8)
        guard contains(bytes, "synchronize"), ByteSearch.containsFolded(bytes, Array("typeorm".utf8)) else { return nil }
        var line = 1
        for index in bytes.indices {
            if bytes[index] == 0x0A { line += 1 }
            guard bytes[index] == key[0], index + key.count < bytes.count, bytes[index..<(index + key.count)].elementsEqual(key),
                  index == 0 || !CallScanner.isIdentifier(bytes[index - 1])
            else { continue }
            var cursor = index + key.count
            // A quoted key (`"synchronize": true`), then the colon.
            if bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") { cursor += 1 }
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { continue }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor + 4 <= bytes.count, bytes[cursor..<(cursor + 4)].elementsEqual("true".utf8),
                  cursor + 4 == bytes.count || !CallScanner.isIdentifier(bytes[cursor + 4]),
                  !DDLStrings.isOnCommentLine(bytes, quote: index)
            else { continue }
            return Call(line: line, call: "synchronize: true")
        }
        return nil
    }

    private static func contains(_ bytes: [UInt8], _ text: StaticString) -> Bool {
        let needle = Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        return bytes.withUnsafeBufferPointer { ByteSearch.find(needle, in: $0, from: 0) } != Int.max
    }

    /// Whether `bytes` hold a word every schema-changing call `schemaCall` accepts in `language` needs: its receiver
    /// (`knex.schema`, `getSchemaGenerator`, `connection`, `Schema::`, `Database.`), its library's call (`.sync(`,
    /// `AutoMigrate`, bun's `NewCreateTable`), or the names Python's calls start with.
    private static func mayMakeSchemaCalls(_ bytes: [UInt8], language: Language) -> Bool {
        switch language {
        // `chema`: `knex.schema`, `withSchema`, `getSchemaGenerator`, `updateSchema`, in one exact search; `.sync`:
        // Sequelize's `.sync(` and TypeORM's `.synchronize(`.
        case .javaScript: contains(bytes, "chema") || contains(bytes, ".sync")
        case .python: contains(bytes, "create_") || contains(bytes, "drop_")
        case .go: contains(bytes, "Migrat") || contains(bytes, "Schema") || contains(bytes, ".New")
        case .ruby: contains(bytes, "connection")
        case .php: contains(bytes, "Schema")
        case .csharp: contains(bytes, "Database")
        }
    }

    /// Whether Python code hands `metadata.create_all` (or `drop_all`) to a call without calling it.
    private static func referencesCreateAll(_ bytes: [UInt8]) -> Bool {
        contains(bytes, "metadata.create_all") || contains(bytes, "metadata.drop_all")
    }

    /// `candidateNames` as bytes, for `ByteSearch.calledNames`.
    private static let candidateNameBytes = candidateNames.mapValues { names in names.map { Array($0.utf8) } }

    /// The names each language's schema-changing calls go by; `find` keeps those made on the right receiver.
    private static let candidateNames: [Language: [String]] = [
        .javaScript: [
            "createTable", "createTableIfNotExists", "createTableLike", "alterTable", "table", "dropTable",
            "dropTableIfExists", "renameTable", "createSchema", "createSchemaIfNotExists", "dropSchema",
            "dropSchemaIfExists", "createIndex", "dropIndex", "createType", "dropType", "createView", "dropView",
            "createMaterializedView", "dropMaterializedView", "sync", "synchronize", "updateSchema", "refreshDatabase",
        ],
        .python: ["create_all", "drop_all", "create_tables", "drop_tables", "run_sync"],
        .go: [
            "AutoMigrate", "Create", "NewCreateTable", "NewDropTable", "NewAddColumn", "NewDropColumn", "NewCreateIndex",
            "NewDropIndex", "NewTruncateTable", "CreateTable", "DropTable", "AddColumn", "DropColumn", "AlterColumn",
            "RenameColumn", "CreateIndex", "DropIndex", "RenameIndex", "RenameTable",
        ],
        .ruby: [
            "create_table", "drop_table", "add_column", "remove_column", "rename_column", "change_column",
            "change_column_null", "change_column_default", "add_index", "remove_index", "rename_index", "rename_table",
            "add_reference", "remove_reference", "add_foreign_key", "remove_foreign_key", "create_join_table",
            "add_timestamps", "remove_timestamps", "add_check_constraint", "remove_check_constraint",
        ],
        .php: ["create", "table", "drop", "dropIfExists", "rename", "dropColumns"],
        .csharp: ["EnsureCreated", "EnsureCreatedAsync", "EnsureDeleted", "EnsureDeletedAsync"],
    ]
}
