import Foundation
import GateCore
import Yams

/// Reads a Liquibase changelog (XML, YAML or JSON) into the SQL its change types run on Postgres, so the schema
/// rules judge it as they judge a SQL migration: `<addColumn>` with a `nullable="false"` column and no default,
/// `<createIndex>` (which Liquibase never builds concurrently), `<dropColumn>`, `<renameColumn>`, `<modifyDataType>`…
/// Rollback blocks are skipped; a change type it does not know is left out, as an unknown framework call is.
/// Formatted SQL changelogs (`--liquibase formatted sql`) are plain SQL and read as such (`gate check` reads them as
/// SQL migrations; the deploy, which leaves them to Liquibase, reads them here).
public enum LiquibaseChangelogReader {
    /// A change or one of its parts, whatever the changelog's format: its name, its scalar attributes, its nested
    /// parts (a column, its constraints) and its text (`<sql>` bodies), and the line it starts on.
    struct Element {
        var name: String
        var attributes: [String: String] = [:]
        var children: [Element] = []
        var text = ""
        var line: Int
    }

    public static func read(_ bytes: [UInt8], path: String) -> FrameworkMigration {
        if isFormattedSQL(bytes) {
            // Its changesets are SQL as written (`--rollback` lines are comments), which the parser splits.
            return FrameworkMigration(
                fragments: [SQLFragment(sql: String(decoding: bytes, as: UTF8.self), line: 1)],
                options: AnalysisOptions(implicitTransaction: !bytes.containsSequence(Array("runInTransaction:false".utf8)),
                                         requireLockTimeout: false))
        }
        let root = elements(bytes, path: path)
        var fragments: [SQLFragment] = []
        for changeSet in changeSets(in: root) {
            for change in changeSet.children where change.name != "rollback" && change.name != "comment"
                && change.name != "preConditions" && change.name != "precondition"
            {
                for statement in sql(for: change) { fragments.append(SQLFragment(sql: statement, line: change.line)) }
            }
        }
        // Each changeSet runs in a transaction unless it says `runInTransaction="false"`.
        let inTransaction = !changeSets(in: root).contains { $0.attributes["runInTransaction"] == "false" }
        return FrameworkMigration(
            fragments: fragments, options: AnalysisOptions(implicitTransaction: inTransaction, requireLockTimeout: false))
    }

    /// Whether a changelog's bytes say they are one (the root every format shares).
    public static func isChangelog(_ bytes: [UInt8]) -> Bool {
        bytes.containsSequence(Array("databaseChangeLog".utf8))
    }

    /// Whether a `.sql` file is a formatted SQL changelog: its first line says `--liquibase formatted sql`.
    public static func isFormattedSQL(_ bytes: [UInt8]) -> Bool {
        let start = bytes.prefix { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }.count
        let firstLine = String(decoding: bytes[start...].prefix { $0 != 0x0A }, as: UTF8.self).lowercased()
        return firstLine.replacingOccurrences(of: " ", with: "").hasPrefix("--liquibaseformattedsql")
    }

    /// What a changelog includes, in order: a file (`include`) or every changelog under a directory (`includeAll`),
    /// with whether the path is relative to the including changelog (`relativeToChangelogFile`) rather than to
    /// Liquibase's search path.
    public struct Inclusion: Sendable, Equatable {
        public var path: String
        public var isDirectory: Bool
        public var relativeToChangelog: Bool
    }

    public static func inclusions(_ bytes: [UInt8], path: String) -> [Inclusion] {
        guard !isFormattedSQL(bytes) else { return [] }
        var found: [Inclusion] = []
        func visit(_ element: Element) {
            if element.name == "changeSet" { return }
            if element.name == "include" || element.name == "includeAll",
               let target = element.attributes[element.name == "include" ? "file" : "path"]
            {
                found.append(Inclusion(path: target, isDirectory: element.name == "includeAll",
                                       relativeToChangelog: element.attributes["relativeToChangelogFile"] == "true"))
            }
            element.children.forEach(visit)
        }
        elements(bytes, path: path).forEach(visit)
        return found
    }

    /// Whether a changelog holds changesets of its own (a master changelog often only includes others).
    public static func hasChangeSets(_ bytes: [UInt8], path: String) -> Bool {
        isFormattedSQL(bytes) ? bytes.containsSequence(Array("--changeset".utf8)) : !changeSets(in: elements(bytes, path: path)).isEmpty
    }

    private static func elements(_ bytes: [UInt8], path: String) -> [Element] {
        let lower = path.lowercased()
        if lower.hasSuffix(".xml") {
            var reader = XMLElements(bytes)
            return reader.parse()
        }
        return structuredElements(bytes, json: lower.hasSuffix(".json"))
    }

    private static func changeSets(in root: [Element]) -> [Element] {
        var found: [Element] = []
        func visit(_ element: Element) {
            if element.name == "changeSet" {
                found.append(element)
                return
            }
            element.children.forEach(visit)
        }
        root.forEach(visit)
        return found
    }

    // MARK: Change types as SQL

    private static func sql(for change: Element) -> [String] {
        let a = change.attributes
        func q(_ name: String?) -> String { FrameworkMigrationReader.quoted(name ?? "?") }
        let table = q(a["tableName"])
        let columns = change.children.filter { $0.name == "column" }
        func columnList(_ key: String) -> String {
            (a[key] ?? "").split(separator: ",").map { q($0.trimmingCharacters(in: .whitespaces)) }.joined(separator: ", ")
        }
        switch change.name {
        case "createTable":
            return ["CREATE TABLE \(table) (" + columns.map(columnDefinition).joined(separator: ", ") + ")"]
        case "addColumn":
            guard !columns.isEmpty else { return [] }
            return ["ALTER TABLE \(table) " + columns.map { "ADD COLUMN " + columnDefinition($0) }.joined(separator: ", ")]
        case "dropColumn":
            let names = a["columnName"].map { [$0] } ?? columns.compactMap { $0.attributes["name"] }
            guard !names.isEmpty else { return [] }
            return ["ALTER TABLE \(table) " + names.map { "DROP COLUMN \(q($0))" }.joined(separator: ", ")]
        case "dropTable":
            return ["DROP TABLE \(table)" + (a["cascadeConstraints"] == "true" ? " CASCADE" : "")]
        case "renameColumn":
            return ["ALTER TABLE \(table) RENAME COLUMN \(q(a["oldColumnName"])) TO \(q(a["newColumnName"]))"]
        case "renameTable":
            return ["ALTER TABLE \(q(a["oldTableName"])) RENAME TO \(q(a["newTableName"]))"]
        case "createIndex":
            let indexed = columns.compactMap { $0.attributes["name"] }.map(q).joined(separator: ", ")
            return ["CREATE \(a["unique"] == "true" ? "UNIQUE " : "")INDEX \(q(a["indexName"])) ON \(table) (\(indexed))"]
        case "dropIndex":
            return ["DROP INDEX \(q(a["indexName"]))"]
        case "addNotNullConstraint":
            var statements: [String] = []
            if let fill = a["defaultNullValue"] {
                statements.append("UPDATE \(table) SET \(q(a["columnName"])) = \(literal(fill)) WHERE \(q(a["columnName"])) IS NULL")
            }
            return statements + ["ALTER TABLE \(table) ALTER COLUMN \(q(a["columnName"])) SET NOT NULL"]
        case "dropNotNullConstraint":
            return ["ALTER TABLE \(table) ALTER COLUMN \(q(a["columnName"])) DROP NOT NULL"]
        case "modifyDataType":
            return ["ALTER TABLE \(table) ALTER COLUMN \(q(a["columnName"])) TYPE \(postgresType(a["newDataType"] ?? "text"))"]
        case "addDefaultValue":
            guard let value = defaultValue(a) else { return [] }
            return ["ALTER TABLE \(table) ALTER COLUMN \(q(a["columnName"])) SET DEFAULT \(value)"]
        case "addForeignKeyConstraint":
            return ["ALTER TABLE \(q(a["baseTableName"])) ADD CONSTRAINT \(q(a["constraintName"] ?? "fk")) FOREIGN KEY "
                + "(\(columnList("baseColumnNames"))) REFERENCES \(q(a["referencedTableName"])) (\(columnList("referencedColumnNames")))"]
        case "addUniqueConstraint":
            return ["ALTER TABLE \(table) ADD CONSTRAINT \(q(a["constraintName"] ?? "unique")) UNIQUE (\(columnList("columnNames")))"]
        case "addPrimaryKey":
            return ["ALTER TABLE \(table) ADD PRIMARY KEY (\(columnList("columnNames")))"]
        case "dropForeignKeyConstraint":
            return ["ALTER TABLE \(q(a["baseTableName"])) DROP CONSTRAINT \(q(a["constraintName"]))"]
        case "dropUniqueConstraint":
            return ["ALTER TABLE \(table) DROP CONSTRAINT \(q(a["constraintName"]))"]
        case "sql":
            let text = (a["sql"] ?? change.text).trimmingCharacters(in: .whitespacesAndNewlines)
            return text.isEmpty ? [] : [text]
        default:
            return []
        }
    }

    private static func columnDefinition(_ column: Element) -> String {
        let a = column.attributes
        var text = FrameworkMigrationReader.quoted(a["name"] ?? "?") + " " + postgresType(a["type"] ?? "text")
        let constraints = column.children.first { $0.name == "constraints" }?.attributes ?? [:]
        if constraints["primaryKey"] == "true" {
            text += " PRIMARY KEY"
        } else if constraints["nullable"] == "false" {
            text += " NOT NULL"
        }
        if let value = defaultValue(a) { text += " DEFAULT " + value }
        if constraints["unique"] == "true" { text += " UNIQUE" }
        if let table = constraints["referencedTableName"] {
            text += " REFERENCES \(FrameworkMigrationReader.quoted(table))"
                + (constraints["referencedColumnNames"].map { " (\(FrameworkMigrationReader.quoted($0)))" } ?? "")
        }
        return text
    }

    private static func defaultValue(_ a: [String: String]) -> String? {
        if let value = a["defaultValue"] ?? a["defaultValueDate"] { return literal(value) }
        if let value = a["defaultValueNumeric"] ?? a["defaultValueBoolean"] { return value }
        // A computed default (`now()`, `gen_random_uuid()`) is an expression.
        return a["defaultValueComputed"]
    }

    private static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Liquibase's portable type names, in Postgres's spelling; anything else (`VARCHAR(255)`, `BIGINT`, `jsonb`) is
    /// Postgres's already. A property placeholder (`${uuid_type}`) is read as text.
    static func postgresType(_ type: String) -> String {
        let trimmed = type.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("${") { return "text" }
        switch trimmed.lowercased() {
        case "datetime": return "timestamp"
        case "clob", "longtext", "mediumtext", "nclob": return "text"
        case "blob", "longblob", "binary", "varbinary": return "bytea"
        case "tinyint": return "smallint"
        case "double": return "float8"
        case "currency": return "numeric"
        case "int": return "integer"
        default: return trimmed
        }
    }

    // MARK: YAML and JSON

    /// A YAML or JSON changelog's elements: each mapping key whose value is a mapping or a list of one-key mappings is
    /// an element; scalar values are its attributes.
    private static func structuredElements(_ bytes: [UInt8], json: Bool) -> [Element] {
        // JSON is YAML too, which keeps the lines a YAML parser reports.
        guard let text = String(bytes: bytes, encoding: .utf8), let node = try? Yams.compose(yaml: text) else { return [] }
        return elements(of: node, name: "databaseChangeLog", line: 1).children
    }

    private static func elements(of node: Node, name: String, line: Int) -> Element {
        var element = Element(name: name, line: line)
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let keyName = key.string else { continue }
                let keyLine = key.mark?.line ?? line
                switch value {
                case .scalar(let scalar):
                    element.attributes[keyName] = scalar.string
                case .mapping:
                    element.children.append(elements(of: value, name: keyName, line: keyLine))
                case .sequence(let items):
                    // `changes: [ {addColumn: …}, … ]`, `columns: [ {column: …} ]`: each one-key mapping is an element,
                    // a part of this one; any other list (`rollback: [ … ]`) is an element of its own holding them.
                    var parts: [Element] = []
                    for item in items {
                        if case .mapping(let entry) = item, entry.count == 1, let (childKey, childValue) = entry.first,
                           let childName = childKey.string
                        {
                            parts.append(elements(of: childValue, name: childName, line: childKey.mark?.line ?? keyLine))
                        }
                    }
                    if ["changes", "columns", "databaseChangeLog"].contains(keyName) {
                        element.children += parts
                    } else {
                        element.children.append(Element(name: keyName, children: parts, line: keyLine))
                    }
                case .alias:
                    continue
                }
            }
        case .sequence(let items):
            for item in items { element.children.append(elements(of: item, name: name, line: line).children.first ?? Element(name: name, line: line)) }
        case .scalar(let scalar):
            element.text = scalar.string
        case .alias:
            break
        }
        // `sql: ALTER TABLE …` is the change's text.
        if name == "sql", element.text.isEmpty, let body = element.attributes["sql"] { element.text = body }
        return element
    }
}

/// A small XML reader for changelogs: elements, their attributes and text, and the lines they start on. Comments,
/// processing instructions and CDATA markers are skipped (CDATA's text is kept); entities are decoded for the few
/// SQL needs.
private struct XMLElements {
    let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func parse() -> [LiquibaseChangelogReader.Element] {
        var stack: [LiquibaseChangelogReader.Element] = [LiquibaseChangelogReader.Element(name: "", line: 1)]
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if starts("<!--") { skip(past: "-->"); continue }
                if starts("<![CDATA[") {
                    index += 9
                    let start = index
                    skip(past: "]]>")
                    stack[stack.count - 1].text += String(decoding: bytes[start..<max(start, index - 3)], as: UTF8.self)
                    continue
                }
                if starts("<?") || starts("<!") { skip(past: ">"); continue }
                if starts("</") {
                    skip(past: ">")
                    if stack.count > 1 {
                        let done = stack.removeLast()
                        stack[stack.count - 1].children.append(done)
                    }
                    continue
                }
                let (element, selfClosing) = openTag()
                if selfClosing {
                    stack[stack.count - 1].children.append(element)
                } else {
                    stack.append(element)
                }
                continue
            }
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
                if bytes[index] == 10 { line += 1 }
                index += 1
            }
            stack[stack.count - 1].text += Self.decoded(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        while stack.count > 1 {
            let done = stack.removeLast()
            stack[stack.count - 1].children.append(done)
        }
        return stack[0].children
    }

    private func starts(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { Array($0) == Array(bytes[index..<index + count]) }
    }

    private mutating func skip(past text: StaticString) {
        while index < bytes.count, !starts(text) {
            if bytes[index] == 10 { line += 1 }
            index += 1
        }
        index = min(bytes.count, index + text.utf8CodeUnitCount)
    }

    /// Reads `<name a="b" …>` or `<name … />` from `<`.
    private mutating func openTag() -> (LiquibaseChangelogReader.Element, Bool) {
        let startLine = line
        index += 1
        let nameStart = index
        while index < bytes.count, !Self.isSpace(bytes[index]), bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/") {
            index += 1
        }
        var name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        // A namespace prefix (`<ext:createView>`) is not part of the change's name.
        if let colon = name.lastIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
        var element = LiquibaseChangelogReader.Element(name: name, line: startLine)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 { line += 1 }
            if byte == UInt8(ascii: ">") {
                index += 1
                return (element, false)
            }
            if byte == UInt8(ascii: "/"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ">") {
                index += 2
                return (element, true)
            }
            if Self.isSpace(byte) { index += 1; continue }
            let keyStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), !Self.isSpace(bytes[index]),
                  bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            let key = String(decoding: bytes[keyStart..<index], as: UTF8.self)
            while index < bytes.count, Self.isSpace(bytes[index]) { if bytes[index] == 10 { line += 1 }; index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < bytes.count, Self.isSpace(bytes[index]) { if bytes[index] == 10 { line += 1 }; index += 1 }
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else { continue }
            let quote = bytes[index]
            index += 1
            let valueStart = index
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == 10 { line += 1 }
                index += 1
            }
            element.attributes[key] = Self.decoded(String(decoding: bytes[valueStart..<index], as: UTF8.self))
            index += 1
        }
        return (element, false)
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 }

    private static func decoded(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
