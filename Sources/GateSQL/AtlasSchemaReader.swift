import Foundation
import GateCore

/// Reads an Atlas HCL schema (`table "users" { column "email" { type = text } }`), the desired state Atlas plans
/// migrations from, as the SQL its change will run: blocks the change adds become CREATE TABLE, ADD COLUMN,
/// SET NOT NULL, ALTER TYPE and CREATE INDEX (Atlas builds indexes without CONCURRENTLY unless told), blocks it
/// removes become DROP TABLE and DROP COLUMN. Atlas columns are NOT NULL unless they say `null = true`.
public enum AtlasSchemaReader {
    /// Whether `bytes` look like an Atlas HCL schema (a `table "…" {` block).
    public static func isSchema(path: String, bytes: [UInt8]) -> Bool {
        path.hasSuffix(".hcl") && bytes.containsSequence(Array("table \"".utf8))
            && bytes.containsSequence(Array("column \"".utf8))
    }

    struct Column {
        var name: String
        var line: Int
        var type = "text"
        var nullable = false
        var defaultValue: String?
        var generated = false
        /// Lines of the block's `null = false` and `type = …` attributes.
        var notNullLine: Int?
        var typeLine: Int?
    }

    struct Index {
        var name: String
        var line: Int
        var unique = false
        var columns: [String] = []
    }

    struct Table {
        var name: String
        var line: Int
        var columns: [Column] = []
        var indexes: [Index] = []
        var primaryKey: [String] = []
        var endLine = 0
    }

    /// The SQL the change to this schema file runs. `added` tells whether a head line is new; `removed` lists the
    /// deleted lines' text with the head line they were deleted before.
    public static func fragments(head: [UInt8], added: (Int) -> Bool, removed: [(beforeLine: Int, text: String)])
        -> [SQLFragment]
    {
        let tables = parse(head)
        var fragments: [SQLFragment] = []
        for table in tables {
            let name = quoted(table.name)
            if added(table.line) {
                var elements = table.columns.map(definition)
                if !table.primaryKey.isEmpty {
                    elements.append("PRIMARY KEY (\(table.primaryKey.map(quoted).joined(separator: ", ")))")
                }
                fragments.append(SQLFragment(sql: "CREATE TABLE \(name) (\(elements.joined(separator: ", ")))", line: table.line))
                for index in table.indexes { fragments.append(SQLFragment(sql: create(index, on: name), line: index.line)) }
                continue
            }
            for column in table.columns {
                if added(column.line) {
                    fragments.append(SQLFragment(sql: "ALTER TABLE \(name) ADD COLUMN \(definition(column))", line: column.line))
                    continue
                }
                if let line = column.typeLine, added(line) {
                    fragments.append(SQLFragment(
                        sql: "ALTER TABLE \(name) ALTER COLUMN \(quoted(column.name)) TYPE \(column.type)", line: line))
                }
                if let line = column.notNullLine, added(line), !column.nullable {
                    fragments.append(SQLFragment(sql: "ALTER TABLE \(name) ALTER COLUMN \(quoted(column.name)) SET NOT NULL", line: line))
                }
            }
            for index in table.indexes where added(index.line) {
                fragments.append(SQLFragment(sql: create(index, on: name), line: index.line))
            }
            // A deleted column block inside this table (its header line removed) is a DROP COLUMN.
            for deleted in removed where deleted.beforeLine > table.line && deleted.beforeLine <= table.endLine {
                if let column = blockName("column", in: deleted.text) {
                    fragments.append(SQLFragment(
                        sql: "ALTER TABLE \(name) DROP COLUMN \(quoted(column))", line: min(deleted.beforeLine, table.endLine)))
                }
            }
        }
        let live = Set(tables.map(\.name))
        for deleted in removed {
            if let table = blockName("table", in: deleted.text), !live.contains(table) {
                fragments.append(SQLFragment(sql: "DROP TABLE \(quoted(table))", line: max(1, deleted.beforeLine)))
            }
        }
        // In head order; fragments of one line keep the order they were read in.
        return fragments.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    static func parse(_ bytes: [UInt8]) -> [Table] {
        let lines = TextLines(decoding: bytes)
        var tables: [Table] = []
        var depth = 0
        var table: Table?
        var column: Column?
        var index: Index?
        var inPrimaryKey = false
        for (offset, raw) in lines.enumerated() {
            let number = offset + 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") || line.hasPrefix("//") { continue }
            if depth == 0, let name = blockName("table", in: line) {
                table = Table(name: name, line: number)
            } else if depth == 1, table != nil {
                if let name = blockName("column", in: line) { column = Column(name: name, line: number) }
                if let name = blockName("index", in: line) { index = Index(name: name, line: number) }
                if line.hasPrefix("primary_key") { inPrimaryKey = true }
            } else if depth == 2 {
                let (key, value) = attribute(line)
                if column != nil {
                    switch key {
                    case "type":
                        column?.type = sqlValue(value, quoteStrings: false)
                        column?.typeLine = number
                    case "null":
                        column?.nullable = value == "true"
                        column?.notNullLine = number
                    case "default": column?.defaultValue = sqlValue(value, quoteStrings: true)
                    case "as": column?.generated = true
                    default: break
                    }
                } else if index != nil {
                    if key == "unique" { index?.unique = value == "true" }
                    if key == "columns" { index?.columns = references(value) }
                } else if inPrimaryKey, key == "columns" {
                    table?.primaryKey = references(value)
                }
            }
            depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
            if depth <= 1 {
                if let finished = column { table?.columns.append(finished) }
                if let finished = index { table?.indexes.append(finished) }
                column = nil
                index = nil
                inPrimaryKey = inPrimaryKey && depth > 1
            }
            if depth <= 0, var finished = table {
                finished.endLine = number
                tables.append(finished)
                table = nil
                depth = 0
            }
        }
        return tables
    }

    /// The name of a `kind "name" {` block header, if `line` is one.
    static func blockName(_ kind: String, in line: String) -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(kind + " \"") else { return nil }
        let rest = trimmed.dropFirst(kind.count + 2)
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func attribute(_ line: String) -> (String, String) {
        guard let equals = line.firstIndex(of: "=") else { return (line.trimmingCharacters(in: .whitespaces), "") }
        return (line[..<equals].trimmingCharacters(in: .whitespaces),
                line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
    }

    /// An HCL value as SQL: `sql("now()")` is raw SQL, a string is a literal (or a type name), the rest as written.
    private static func sqlValue(_ value: String, quoteStrings: Bool) -> String {
        if value.hasPrefix("sql(\""), value.hasSuffix("\")") { return String(value.dropFirst(5).dropLast(2)) }
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
            let text = String(value.dropFirst().dropLast())
            return quoteStrings ? "'" + text.replacingOccurrences(of: "'", with: "''") + "'" : text
        }
        return value
    }

    /// `[column.a, column.b]` as `["a", "b"]`.
    private static func references(_ value: String) -> [String] {
        value.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: ",").compactMap { item in
            item.split(separator: ".").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    private static func definition(_ column: Column) -> String {
        var text = quoted(column.name) + " " + column.type
        if !column.nullable { text += " NOT NULL" }
        if let value = column.defaultValue { text += " DEFAULT " + value }
        if column.generated { text += " GENERATED ALWAYS AS (NULL) STORED" }
        return text
    }

    private static func create(_ index: Index, on table: String) -> String {
        "CREATE \(index.unique ? "UNIQUE " : "")INDEX \(quoted(index.name)) ON \(table) (\(index.columns.map(quoted).joined(separator: ", ")))"
    }

    private static func quoted(_ name: String) -> String { FrameworkMigrationReader.quoted(name) }
}
