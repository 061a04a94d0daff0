import Foundation
import GateCore

/// Kysely migrations (`export async function up(db: Kysely<any>)`): the schema builder's chains
/// (`db.schema.alterTable('person').addColumn('age', 'integer', (col) => col.notNull()).execute()`) and raw
/// `` sql`…`.execute(db) `` in `up`, read into the SQL Kysely sends. Kysely's Migrator runs each migration in a
/// transaction on Postgres.
extension FrameworkMigrationReader {
    /// The builder calls that start a statement.
    static let kyselyStatements: Set<String> = [
        "createTable", "alterTable", "dropTable", "createIndex", "dropIndex", "createType", "dropType",
    ]

    static func kysely(_ bytes: [UInt8]) -> FrameworkMigration {
        let source = CallScanner.blankingComments(bytes, syntax: StringSyntax())
        let scanner = CallScanner(source)
        let down = skippedSections(source, down: ["function down", "down:", "down("], up: ["function up", "up:", "up("])
        var fragments: [SQLFragment] = []
        for call in scanner.calls(kyselyStatements, skipping: down) where isSchemaBuilderCall(call, in: source) {
            let chain = KyselyChain.read(after: call, in: scanner)
            let name = call.arguments.first.flatMap(ArgumentText.literal)
            for statement in KyselyChain.statements(call.name, name: name, chain: chain, at: call.offset) {
                fragments.append(SQLFragment(sql: statement.sql, line: scanner.line(at: statement.offset)))
            }
        }
        for template in rawTemplates(in: source, skipping: down) {
            fragments.append(SQLFragment(sql: template.sql, line: scanner.line(at: template.offset)))
        }
        fragments.sort { $0.line < $1.line }
        return FrameworkMigration(fragments: fragments, options: AnalysisOptions(implicitTransaction: true, requireLockTimeout: false))
    }

    /// Whether a call is made on a schema builder (`db.schema.createTable`, `trx.schema\n  .alterTable`), blanks
    /// allowed between the receiver and the dot, as a chain written one link a line has them.
    private static func isSchemaBuilderCall(_ call: SourceCall, in source: [UInt8]) -> Bool {
        var cursor = call.offset - 1
        guard cursor >= 0, source[cursor] == UInt8(ascii: ".") else { return false }
        while cursor > 0, [0x20, 0x0A, 0x09, 0x0D].contains(source[cursor - 1]) { cursor -= 1 }
        let receiver = Array("schema".utf8)
        let start = cursor - receiver.count
        return start >= 0 && Array(source[start..<cursor]) == receiver && (start == 0 || !CallScanner.isIdentifier(source[start - 1]))
    }

    /// `` sql`…` `` templates run as statements (`.execute(db)` after them); one with `${…}` is SQL gate cannot know.
    private static func rawTemplates(in source: [UInt8], skipping skipped: [Range<Int>]) -> [(sql: String, offset: Int)] {
        let opener = Array("sql`".utf8)
        var found: [(String, Int)] = []
        var from = 0
        while let start = source.firstIndex(ofSequence: opener, from: from) {
            from = start + opener.count
            guard start == 0 || !CallScanner.isIdentifier(source[start - 1]), !skipped.contains(where: { $0.contains(start) }),
                  let close = source[from...].firstIndex(of: UInt8(ascii: "`"))
            else { continue }
            let text = String(decoding: source[from..<close], as: UTF8.self)
            from = close + 1
            // A template used as a value (`defaultTo(sql`now()`)`) runs only as part of its chain.
            var after = close + 1
            while after < source.count, source[after] == 0x20 || source[after] == 0x0A || source[after] == 0x09 { after += 1 }
            guard source[after...].starts(with: Array(".execute(".utf8)), !text.contains("${") else { continue }
            found.append((text, start))
        }
        return found
    }
}

/// The calls chained after a Kysely schema builder's first call, up to `.execute()`.
struct KyselyChain {
    struct Link {
        var name: String
        var arguments: [String]
        var offset: Int
    }

    var links: [Link]

    /// The `.name(arguments)` links that follow `call`, in order.
    static func read(after call: SourceCall, in scanner: CallScanner) -> KyselyChain {
        let bytes = scanner.bytes
        var links: [Link] = []
        var cursor = call.end
        while true {
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x09 || bytes[cursor] == 0x0D {
                cursor += 1
            }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") else { break }
            let nameStart = cursor + 1
            var nameEnd = nameStart
            while nameEnd < bytes.count, CallScanner.isIdentifier(bytes[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart, nameEnd < bytes.count, bytes[nameEnd] == UInt8(ascii: "(") else { break }
            let close = scanner.matchingClose(from: nameEnd)
            let inner = String(decoding: bytes[(nameEnd + 1)..<max(nameEnd + 1, close)], as: UTF8.self)
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
            links.append(Link(name: name, arguments: CallScanner.splitArguments(inner), offset: nameStart))
            cursor = close + 1
            if name == "execute" { break }
        }
        return KyselyChain(links: links)
    }

    private static func quoted(_ name: String) -> String { FrameworkMigrationReader.quoted(name) }

    /// The SQL of a statement builder (`createTable('person')`, written at `offset`) and its chain, each with where it
    /// is written (an `alterTable` link's own place).
    static func statements(_ builder: String, name: String?, chain: KyselyChain, at offset: Int) -> [(sql: String, offset: Int)] {
        guard let name else { return [] }
        let table = quoted(name)
        var statements: [(String, Int)] = []
        switch builder {
        case "createTable":
            var elements: [String] = []
            for link in chain.links {
                if link.name == "addColumn", let column = column(link.arguments) { elements.append(column) }
                if let constraint = constraint(link) { elements.append(constraint) }
            }
            statements.append(("CREATE TABLE \(table) (\(elements.joined(separator: ", ")))", offset))
        case "alterTable":
            for link in chain.links {
                let literals = link.arguments.compactMap(ArgumentText.literal)
                let prefix = "ALTER TABLE \(table) "
                switch link.name {
                case "addColumn":
                    if let column = column(link.arguments) { statements.append((prefix + "ADD COLUMN " + column, link.offset)) }
                case "dropColumn":
                    if let column = literals.first { statements.append((prefix + "DROP COLUMN \(quoted(column))", link.offset)) }
                case "renameColumn" where literals.count >= 2:
                    statements.append((prefix + "RENAME COLUMN \(quoted(literals[0])) TO \(quoted(literals[1]))", link.offset))
                case "renameTo":
                    if let newName = literals.first { statements.append((prefix + "RENAME TO \(quoted(newName))", link.offset)) }
                case "alterColumn" where !literals.isEmpty:
                    let alter = prefix + "ALTER COLUMN \(quoted(literals[0])) "
                    let body = link.arguments.dropFirst().joined(separator: ",")
                    for change in alterations(body) { statements.append((alter + change, link.offset)) }
                case "dropConstraint":
                    if let constraint = literals.first { statements.append((prefix + "DROP CONSTRAINT \(quoted(constraint))", link.offset)) }
                default:
                    if let constraint = constraint(link) { statements.append((prefix + "ADD " + constraint, link.offset)) }
                }
            }
        case "dropTable":
            statements.append(("DROP TABLE \(table)", offset))
        case "createIndex":
            let unique = chain.links.contains { $0.name == "unique" }
            let target = chain.links.first { $0.name == "on" }?.arguments.first.flatMap(ArgumentText.literal)
            let columns = chain.links.filter { $0.name == "column" || $0.name == "columns" }
                .flatMap { $0.arguments.first.map(ArgumentText.list) ?? [] }
            guard let target else { break }
            let method = chain.links.first { $0.name == "using" }?.arguments.first.flatMap(ArgumentText.literal)
            statements.append((
                "CREATE \(unique ? "UNIQUE " : "")INDEX \(table) ON \(quoted(target))\(method.map { " USING \($0)" } ?? "") "
                    + "(\(columns.map(quoted).joined(separator: ", ")))", offset))
        case "dropIndex":
            statements.append(("DROP INDEX \(table)", offset))
        case "createType":
            let values = chain.links.first { $0.name == "asEnum" }?.arguments.first.map(ArgumentText.list) ?? []
            let labels = values.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }
            statements.append(("CREATE TYPE \(table) AS ENUM (\(labels.joined(separator: ", ")))", offset))
        case "dropType":
            statements.append(("DROP TYPE \(table)", offset))
        default:
            break
        }
        return statements
    }

    /// `addColumn('name', 'varchar(255)', (col) => col.notNull().defaultTo('x'))` as a column definition.
    static func column(_ arguments: [String]) -> String? {
        guard let name = arguments.first.flatMap(ArgumentText.literal) else { return nil }
        // A type written as `sql`…`` is kept as written; a type Kysely does not spell is read as text.
        let typeArgument = arguments.count > 1 ? arguments[1].trimmingCharacters(in: .whitespaces) : ""
        let type = ArgumentText.literal(typeArgument) ?? template(typeArgument) ?? "text"
        var column = quoted(name) + " " + type
        let modifiers = arguments.count > 2 ? arguments[2...].joined(separator: ",") : ""
        if modifiers.contains(".primaryKey()") { column += " PRIMARY KEY" }
        if modifiers.contains(".notNull()") { column += " NOT NULL" }
        if let value = argument(of: "defaultTo", in: modifiers) { column += " DEFAULT " + defaultValue(value) }
        if modifiers.contains(".unique()") { column += " UNIQUE" }
        if let reference = argument(of: "references", in: modifiers).flatMap(ArgumentText.literal) {
            let parts = reference.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 { column += " REFERENCES \(quoted(parts[0])) (\(quoted(parts[1])))" }
        }
        return column
    }

    /// `alterColumn('c', (col) => col.setDataType('text'))`: the `ALTER COLUMN` actions its callback chains.
    static func alterations(_ body: String) -> [String] {
        var actions: [String] = []
        if let type = argument(of: "setDataType", in: body) {
            actions.append("TYPE " + (ArgumentText.literal(type) ?? template(type) ?? "text"))
        }
        if body.contains(".setNotNull()") { actions.append("SET NOT NULL") }
        if body.contains(".dropNotNull()") { actions.append("DROP NOT NULL") }
        if let value = argument(of: "setDefault", in: body) { actions.append("SET DEFAULT " + defaultValue(value)) }
        if body.contains(".dropDefault()") { actions.append("DROP DEFAULT") }
        return actions
    }

    /// A table constraint a link adds (`addUniqueConstraint('name', ['a'])`, `addForeignKeyConstraint(…)`), as SQL.
    static func constraint(_ link: Link) -> String? {
        let arguments = link.arguments
        guard let name = arguments.first.flatMap(ArgumentText.literal), arguments.count >= 2 else { return nil }
        let columns = ArgumentText.list(arguments[1]).map(quoted).joined(separator: ", ")
        switch link.name {
        case "addPrimaryKeyConstraint":
            return "CONSTRAINT \(quoted(name)) PRIMARY KEY (\(columns))"
        case "addUniqueConstraint":
            return "CONSTRAINT \(quoted(name)) UNIQUE (\(columns))"
        case "addForeignKeyConstraint" where arguments.count >= 4:
            guard let target = ArgumentText.literal(arguments[2]) else { return nil }
            let referenced = ArgumentText.list(arguments[3]).map(quoted).joined(separator: ", ")
            return "CONSTRAINT \(quoted(name)) FOREIGN KEY (\(columns)) REFERENCES \(quoted(target)) (\(referenced))"
        case "addCheckConstraint":
            guard let expression = template(arguments[1]) else { return nil }
            return "CONSTRAINT \(quoted(name)) CHECK (\(expression))"
        default:
            return nil
        }
    }

    /// The SQL of a `` sql`…` `` argument without interpolations, as written.
    static func template(_ argument: String) -> String? {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("sql`"), text.hasSuffix("`"), text.count >= 5, !text.contains("${") else { return nil }
        return String(text.dropFirst(4).dropLast())
    }

    /// A default as SQL: `` sql`now()` `` as written, a literal value as `ArgumentText` reads it.
    static func defaultValue(_ argument: String) -> String {
        template(argument) ?? ArgumentText.sqlDefault(argument)
    }

    /// The argument text of the first `.method(…)` in `text`, balanced brackets respected.
    static func argument(of method: String, in text: String) -> String? {
        guard let range = text.range(of: ".\(method)(") else { return nil }
        var depth = 1
        var end = range.upperBound
        while end < text.endIndex {
            let character = text[end]
            if character == "(" { depth += 1 }
            if character == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            end = text.index(after: end)
        }
        return String(text[range.upperBound..<end])
    }
}
