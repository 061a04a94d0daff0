import Foundation
import GateCode
import GateCore
import GateSQL

/// The tables and columns an ORM schema file declares at head: a Prisma `model` (its `@@map` table, its scalar fields
/// and their `@map` columns) or a Drizzle `pgTable("reports", { title: text("title") })`. The ORM selects and
/// writes every column it declares, so a migration dropping or renaming one of them while the schema still declares
/// it breaks the application's queries: the declaration is a use (`contract-still-used`).
enum ORMSchemaDeclarations {
    struct Declaration: Equatable {
        /// As the database names it (`@@map`, the table function's first argument, or the model's name).
        var table: String
        /// Nil for the table's own declaration (its `model` or table function line).
        var column: String?
        var line: Int
    }

    /// `enums` are the enums a multi-file Prisma schema's other files declare (`prisma/schema/*.prisma`): a field of
    /// such a type is a column, as one of the file's own enums is.
    static func read(_ bytes: [UInt8], format: MigrationFormat, enums: Set<String> = []) -> [Declaration] {
        let text = String(decoding: bytes, as: UTF8.self)
        switch format {
        case .prismaSchema: return prisma(text, enums: enums)
        case .drizzleSchema: return drizzle(text)
        default: return []
        }
    }

    /// Whether `declarations` still declare `name` (table-level names: the table; columns: the column of the table),
    /// comparing as Postgres would an unquoted name (case aside) and a table's schema qualifier aside.
    static func firstDeclaration(of table: String, column: String?, in declarations: [Declaration]) -> Declaration? {
        let table = SchemaChangeAnalyzer.bare(table).lowercased()
        let column = column?.lowercased()
        return declarations.first { declaration in
            declaration.table.lowercased() == table && declaration.column?.lowercased() == column
        }
    }

    // MARK: Prisma

    private static let prismaScalars: Set<String> = [
        "String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes", "Unsupported",
    ]

    /// The enums a Prisma schema file declares (`enum InvoiceStatus {`).
    static func prismaEnums(_ bytes: [UInt8]) -> Set<String> {
        var enums: Set<String> = []
        for line in TextLines(decoding: bytes, omittingEmpty: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("enum "), let name = trimmed.dropFirst(5).split(separator: " ").first { enums.insert(String(name)) }
        }
        return enums
    }

    private static func prisma(_ text: String, enums others: Set<String>) -> [Declaration] {
        let lines = TextLines(text).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        // Enums are column types too; any other capitalised type is a relation to another model, no column.
        var enums = others
        for line in lines where line.hasPrefix("enum ") {
            if let name = line.dropFirst(5).split(separator: " ").first { enums.insert(String(name)) }
        }
        var declarations: [Declaration] = []
        var model: (name: String, line: Int, fields: [(field: String, column: String, line: Int)], table: String?)?
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.hasPrefix("model "), line.hasSuffix("{") {
                let name = line.dropFirst(6).dropLast().trimmingCharacters(in: .whitespaces)
                model = (name, number, [], nil)
                continue
            }
            guard var current = model else { continue }
            if line.hasPrefix("}") {
                let table = current.table ?? current.name
                declarations.append(Declaration(table: table, column: nil, line: current.line))
                for field in current.fields { declarations.append(Declaration(table: table, column: field.column, line: field.line)) }
                model = nil
                continue
            }
            if line.hasPrefix("@@map(") {
                current.table = quotedArgument(line, after: "@@map(")
                model = current
                continue
            }
            if line.hasPrefix("//") || line.hasPrefix("@@") || line.isEmpty { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2 else { continue }
            let field = String(parts[0])
            let type = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "?[]"))
            let mapped = quotedArgument(line, after: "@map(")
            let isColumn = mapped != nil || prismaScalars.contains(type) || enums.contains(type)
                || type.hasPrefix("Unsupported(")
            guard isColumn else { continue }
            current.fields.append((field, mapped ?? field, number))
            model = current
        }
        return declarations
    }

    /// The string literal that follows `marker` on `line` (`@map("legacy_title")` → `legacy_title`).
    private static func quotedArgument(_ line: String, after marker: String) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        var rest = line[range.upperBound...].drop { $0 == " " }
        // `@map(name: "legacy_title")`
        if rest.hasPrefix("name:") { rest = rest.dropFirst(5).drop { $0 == " " } }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let body = rest.dropFirst().prefix { $0 != quote }
        return body.isEmpty ? nil : String(body)
    }

    // MARK: Drizzle

    private static let tableFunctions = ["pgTable(", "mysqlTable(", "sqliteTable(", "pgTableCreator("]

    private static func drizzle(_ text: String) -> [Declaration] {
        let bytes = Array(text.utf8)
        var declarations: [Declaration] = []
        var offset = 0
        while offset < bytes.count {
            guard let (start, name) = nextTable(in: bytes, from: offset) else { break }
            offset = start + 1
            // The columns object: the first `{` after the table's name, to its partner.
            guard let open = bytes[start...].firstIndex(of: UInt8(ascii: "{")), let close = partner(of: open, in: bytes)
            else { continue }
            declarations.append(Declaration(table: name.text, column: nil, line: line(of: start, in: bytes)))
            declarations += drizzleColumns(table: name.text, in: bytes, from: open + 1, to: close)
            offset = close
        }
        return declarations
    }

    /// The next table function call from `offset`: where it starts and the table name it is given.
    private static func nextTable(in bytes: [UInt8], from offset: Int) -> (Int, (text: String, end: Int))? {
        var from = offset
        while from < bytes.count {
            guard let start = tableFunctions.compactMap({ bytes[from...].firstRange(of: Array($0.utf8))?.lowerBound }).min()
            else { return nil }
            let afterParen = bytes[start...].firstIndex(of: UInt8(ascii: "(")).map { $0 + 1 } ?? bytes.count
            if let literal = stringLiteral(in: bytes, at: skipSpace(bytes, afterParen)) { return (start, literal) }
            from = start + 1
        }
        return nil
    }

    /// `key: type("column", …)` entries at the top level of a columns object; `key: type()` names the column by its key.
    private static func drizzleColumns(table: String, in bytes: [UInt8], from start: Int, to end: Int) -> [Declaration] {
        var declarations: [Declaration] = []
        var cursor = start
        var depth = 0
        while cursor < end {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { depth -= 1 }
            guard depth == 0, Byte.isIdentifierStart(byte), cursor == start || !Byte.isIdentifierPart(bytes[cursor - 1]) else {
                cursor += 1
                continue
            }
            var keyEnd = cursor
            while keyEnd < end, Byte.isIdentifierPart(bytes[keyEnd]) { keyEnd += 1 }
            let key = String(decoding: bytes[cursor..<keyEnd], as: UTF8.self)
            var after = skipSpace(bytes, keyEnd)
            guard after < end, bytes[after] == UInt8(ascii: ":") else {
                cursor = keyEnd
                continue
            }
            after = skipSpace(bytes, after + 1)
            var typeEnd = after
            while typeEnd < end, Byte.isIdentifierPart(bytes[typeEnd]) { typeEnd += 1 }
            guard typeEnd > after, typeEnd < end, bytes[typeEnd] == UInt8(ascii: "(") else {
                cursor = keyEnd
                continue
            }
            let at = line(of: cursor, in: bytes)
            if let named = stringLiteral(in: bytes, at: skipSpace(bytes, typeEnd + 1)) {
                declarations.append(Declaration(table: table, column: named.text, line: at))
            } else {
                // `createdAt: timestamp()` names its column by the key, or by its snake case under `casing`.
                for column in Set([key, snakeCase(key)]) { declarations.append(Declaration(table: table, column: column, line: at)) }
            }
            cursor = typeEnd
        }
        return declarations
    }

    static func snakeCase(_ name: String) -> String {
        var result = ""
        for character in name {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.lowercased()
        }
        return result
    }

    private static func stringLiteral(in bytes: [UInt8], at index: Int) -> (text: String, end: Int)? {
        guard index < bytes.count, [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`")].contains(bytes[index]) else {
            return nil
        }
        let quote = bytes[index]
        guard let close = bytes[(index + 1)...].firstIndex(of: quote) else { return nil }
        return (String(decoding: bytes[(index + 1)..<close], as: UTF8.self), close)
    }

    private static func skipSpace(_ bytes: [UInt8], _ index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == 32 || bytes[cursor] == 9 || bytes[cursor] == 10 || bytes[cursor] == 13 {
            cursor += 1
        }
        return cursor
    }

    private static func partner(of open: Int, in bytes: [UInt8]) -> Int? {
        var depth = 0
        for index in open..<bytes.count {
            if bytes[index] == UInt8(ascii: "{") { depth += 1 }
            if bytes[index] == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $0 + ($1 == 10 ? 1 : 0) }
    }
}
