import Foundation
import GateCore

/// Entity Framework Core migrations (`Migrations/20240501120000_AddHandle.cs`): the `migrationBuilder` operations of
/// `Up`, read into the SQL Npgsql runs for them. EF runs each migration in a transaction.
extension FrameworkMigrationReader {
    /// CLR types and the Postgres type Npgsql maps them to, for an operation without a `type:` (or one written for
    /// another database).
    static let clrTypes: [String: String] = [
        "string": "text", "int": "integer", "long": "bigint", "short": "smallint", "byte": "smallint", "bool": "boolean",
        "DateTime": "timestamptz", "DateTimeOffset": "timestamptz", "DateOnly": "date", "TimeOnly": "time",
        "TimeSpan": "interval", "Guid": "uuid", "decimal": "numeric", "double": "float8", "float": "real", "byte[]": "bytea",
    ]

    static let efOperations: Set<String> = [
        "AddColumn", "DropColumn", "RenameColumn", "AlterColumn", "CreateTable", "DropTable", "RenameTable", "CreateIndex",
        "DropIndex", "RenameIndex", "AddForeignKey", "DropForeignKey", "AddUniqueConstraint", "DropUniqueConstraint",
        "AddPrimaryKey", "DropPrimaryKey", "AddCheckConstraint", "DropCheckConstraint", "Sql",
    ]

    /// Whether an EF migration is written for SQL Server, MySQL or SQLite (their annotations and types): its `type:`
    /// strings and raw SQL are that database's.
    static func efTargetsOtherDatabase(_ bytes: [UInt8]) -> Bool {
        ["SqlServer:", "MySql:", "Sqlite:", "nvarchar", "datetime2", "uniqueidentifier"].contains {
            bytes.containsSequence(Array($0.utf8))
        }
    }

    /// Whether a migration says it is written for another database than Postgres: an EF migration's SQL Server, MySQL
    /// or SQLite annotations and types, a Doctrine migration's platform check (`MySQLPlatform`, `'mysql'`). Its SQL
    /// is that database's dialect, so what Postgres cannot parse in it is no mistake.
    public static func targetsOtherDatabase(_ bytes: [UInt8], format: MigrationFormat) -> Bool {
        switch format {
        case .efCore: return efTargetsOtherDatabase(bytes)
        case .doctrine: return ["mysql", "mariadb", "sqlite", "sqlserver"].contains { ByteSearch.containsFolded(bytes, Array($0.utf8)) }
        default: return false
        }
    }

    static func efCore(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: .csharp)
        let scanner = CallScanner(source, syntax: .csharp)
        let down = skippedSections(source, down: ["void Down("], up: ["void Up("])
        let postgres = !efTargetsOtherDatabase(source)
        var fragments: [SQLFragment] = []
        for call in scanner.calls(efOperations, typeArguments: true, skipping: down)
            where isReceiver("migrationBuilder", of: call, in: source)
        {
            let keywords = ArgumentText.keywords(call.arguments)
            func value(_ key: String) -> String? { keywords[key].flatMap(ArgumentText.literal) }
            func sql(_ text: String) { fragments.append(SQLFragment(sql: text, line: call.line)) }
            let table = value("table").map { qualified(value("schema"), $0) } ?? "?"
            let name = value("name")
            switch call.name {
            case "AddColumn":
                guard let name else { continue }
                sql("ALTER TABLE \(table) ADD COLUMN " + efColumn(name, keywords, clrType: call.typeArgument, postgres: postgres))
            case "DropColumn":
                if let name { sql("ALTER TABLE \(table) DROP COLUMN \(quoted(name))") }
            case "RenameColumn":
                if let name, let newName = value("newName") {
                    sql("ALTER TABLE \(table) RENAME COLUMN \(quoted(name)) TO \(quoted(newName))")
                }
            case "AlterColumn":
                guard let name else { continue }
                for var fragment in efAlteredColumn(table: table, name: name, keywords, clrType: call.typeArgument, postgres: postgres) {
                    fragment.line = call.line
                    fragments.append(fragment)
                }
            case "CreateTable":
                guard let name else { continue }
                let columns = efTableColumns(keywords["columns"] ?? "", postgres: postgres)
                sql("CREATE TABLE \(qualified(value("schema"), name)) (\(columns.joined(separator: ", ")))")
            case "DropTable":
                if let name { sql("DROP TABLE \(qualified(value("schema"), name))") }
            case "RenameTable":
                if let name, let newName = value("newName") {
                    sql("ALTER TABLE \(qualified(value("schema"), name)) RENAME TO \(quoted(newName))")
                }
            case "CreateIndex":
                guard let name else { continue }
                let columns = value("column").map { [$0] } ?? keywords["columns"].map(csharpStrings) ?? []
                let unique = ArgumentText.isTrue(keywords["unique"]) ? "UNIQUE " : ""
                // Npgsql's `.IsCreatedConcurrently()` (annotation `Npgsql:CreatedConcurrently`).
                let concurrently = source.containsSequence(Array("CreatedConcurrently".utf8)) ? "CONCURRENTLY " : ""
                sql("CREATE \(unique)INDEX \(concurrently)\(quoted(name)) ON \(table) (\(columns.map(quoted).joined(separator: ", ")))")
            case "DropIndex":
                if let name { sql("DROP INDEX \(quoted(name))") }
            case "RenameIndex":
                if let name, let newName = value("newName") { sql("ALTER INDEX \(quoted(name)) RENAME TO \(quoted(newName))") }
            case "AddForeignKey":
                guard let name, let principal = value("principalTable") else { continue }
                let columns = value("column").map { [$0] } ?? keywords["columns"].map(csharpStrings) ?? []
                let referenced = value("principalColumn").map { [$0] } ?? keywords["principalColumns"].map(csharpStrings) ?? ["id"]
                sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) FOREIGN KEY (\(columns.map(quoted).joined(separator: ", "))) "
                    + "REFERENCES \(qualified(value("principalSchema"), principal)) (\(referenced.map(quoted).joined(separator: ", ")))")
            case "AddUniqueConstraint", "AddPrimaryKey":
                guard let name else { continue }
                let columns = value("column").map { [$0] } ?? keywords["columns"].map(csharpStrings) ?? []
                let kind = call.name == "AddPrimaryKey" ? "PRIMARY KEY" : "UNIQUE"
                sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) \(kind) (\(columns.map(quoted).joined(separator: ", ")))")
            case "AddCheckConstraint":
                if let name, let check = value("sql") { sql("ALTER TABLE \(table) ADD CONSTRAINT \(quoted(name)) CHECK (\(check))") }
            case "DropForeignKey", "DropUniqueConstraint", "DropPrimaryKey", "DropCheckConstraint":
                if let name { sql("ALTER TABLE \(table) DROP CONSTRAINT \(quoted(name))") }
            case "Sql":
                var searchFrom = call.offset
                if let text = (keywords["sql"] ?? call.arguments.first).flatMap(sqlString) {
                    fragments.append(scanner.literalFragment(text, of: call, searchFrom: &searchFrom))
                }
            default:
                break
            }
        }
        // `Sql(…, suppressTransaction: true)` and a concurrent index run outside the migration's transaction.
        let noTransaction = source.containsSequence(Array("suppressTransaction: true".utf8))
            || source.containsSequence(Array("CreatedConcurrently".utf8))
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: !noTransaction, requireLockTimeout: false))
    }

    private static func qualified(_ schema: String?, _ name: String) -> String {
        schema.map { quoted($0) + "." + quoted(name) } ?? quoted(name)
    }

    /// `new[] { "A", "B" }`, `new string[] { … }` or one string, as its strings.
    static func csharpStrings(_ text: String) -> [String] {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else {
            return ArgumentText.literal(text).map { [$0] } ?? []
        }
        return CallScanner.splitArguments(String(text[text.index(after: open)..<close])).compactMap(ArgumentText.literal)
    }

    /// A column's type: the operation's `type:` when written for Postgres, else its CLR type's (`maxLength` making a
    /// string `varchar(n)`).
    private static func efType(_ keywords: [String: String], clrType: String?, postgres: Bool, old: Bool = false) -> String? {
        let prefix = old ? "oldType" : "type"
        if postgres, let type = keywords[prefix].flatMap(ArgumentText.literal) { return type }
        let clr = old ? keywords["oldClrType"].map { $0.replacingOccurrences(of: "typeof(", with: "").replacingOccurrences(of: ")", with: "") } : clrType
        guard let clr else { return nil }
        let bare = clr.hasSuffix("?") ? String(clr.dropLast()) : clr
        var type = clrTypes[bare] ?? "text"
        if type == "text", bare == "string", let length = keywords[old ? "oldMaxLength" : "maxLength"], Int(length) != nil {
            type = "varchar(\(length))"
        }
        return type
    }

    private static func efColumn(_ name: String, _ keywords: [String: String], clrType: String?, postgres: Bool) -> String {
        var column = quoted(name) + " " + (efType(keywords, clrType: clrType, postgres: postgres) ?? "text")
        // `nullable` is false unless written (AddColumn's default).
        if !ArgumentText.isTrue(keywords["nullable"]) { column += " NOT NULL" }
        if let expression = keywords["defaultValueSql"].flatMap(ArgumentText.literal) {
            column += " DEFAULT " + expression
        } else if let value = keywords["defaultValue"], value != "null" {
            column += " DEFAULT " + efDefault(value)
        }
        if let computed = keywords["computedColumnSql"].flatMap(ArgumentText.literal) {
            column += " GENERATED ALWAYS AS (\(computed)) STORED"
        }
        return column
    }

    /// A C# default value as SQL: `""`, `string.Empty`, `0`, `false`, `new DateTime(…)` (a constant).
    private static func efDefault(_ value: String) -> String {
        if value == "string.Empty" || value == "String.Empty" { return "''" }
        // Numeric suffixes: `0m`, `0L`, `1.5f`.
        let number = value.trimmingCharacters(in: CharacterSet(charactersIn: "mMlLfFdD"))
        if Double(number) != nil { return number }
        return ArgumentText.sqlDefault(value)
    }

    /// The SQL an `AlterColumn` runs: a type change only when the type (or its length) differs from the `old…`
    /// one it names (a longer varchar, or varchar to text, only widens it: catalog-only), a nullability change when
    /// `nullable` differs from `oldNullable`, and a new default. Lines are the caller's.
    private static func efAlteredColumn(
        table: String, name: String, _ keywords: [String: String], clrType: String?, postgres: Bool
    ) -> [SQLFragment] {
        let prefix = "ALTER TABLE \(table) ALTER COLUMN \(quoted(name))"
        var fragments: [SQLFragment] = []
        var statements: [String] = []
        let new = efType(keywords, clrType: clrType, postgres: postgres) ?? "text"
        let old = keywords["oldType"] != nil || keywords["oldClrType"] != nil
            ? efType(keywords, clrType: nil, postgres: postgres, old: true) : nil
        if old.map({ $0.lowercased() != new.lowercased() }) ?? true {
            var typeChange = SQLFragment(sql: "\(prefix) TYPE \(new)", line: 0)
            typeChange.widensType = old.map { widens(from: $0, to: new) } ?? false
            fragments.append(typeChange)
        }
        let nullable = ArgumentText.isTrue(keywords["nullable"])
        if nullable != ArgumentText.isTrue(keywords["oldNullable"]) {
            statements.append("\(prefix) \(nullable ? "DROP" : "SET") NOT NULL")
        }
        if let expression = keywords["defaultValueSql"].flatMap(ArgumentText.literal) {
            statements.append("\(prefix) SET DEFAULT \(expression)")
        } else if let value = keywords["defaultValue"], value != "null", keywords["oldDefaultValue"] != value {
            statements.append("\(prefix) SET DEFAULT \(efDefault(value))")
        }
        return fragments + statements.map { SQLFragment(sql: $0, line: 0) }
    }

    /// `columns: table => new { Id = table.Column<int>(type: "integer", nullable: false), … }` as column definitions.
    private static func efTableColumns(_ text: String, postgres: Bool) -> [String] {
        guard let open = text.firstIndex(of: "{"), let close = text.lastIndex(of: "}"), open < close else { return [] }
        return CallScanner.splitArguments(String(text[text.index(after: open)..<close])).compactMap { entry in
            guard let equals = entry.firstIndex(of: "=") else { return nil }
            let property = entry[..<equals].trimmingCharacters(in: .whitespaces)
            guard let call = CallScanner(Array(entry.utf8)).calls(["Column"], typeArguments: true).first else { return nil }
            let keywords = ArgumentText.keywords(call.arguments)
            let name = keywords["name"].flatMap(ArgumentText.literal) ?? property
            var column = efColumn(name, keywords, clrType: call.typeArgument, postgres: postgres)
            if entry.contains("IdentityByDefaultColumn") || entry.contains("SerialColumn") || entry.contains("IdentityAlwaysColumn") {
                column += " GENERATED BY DEFAULT AS IDENTITY"
            }
            return column
        }
    }
}
