/// Finds DDL inside string literals of application code (`execute("ALTER TABLE …")`, `cursor.execute("""CREATE
/// TABLE …""")`, `` db.exec(`DROP INDEX …`) ``).
public enum DDLStrings {
    /// Statement openings that change the schema.
    static let openings: [[UInt8]] = [
        "alter table", "create table", "drop table", "create index", "create unique index", "drop index",
        "truncate", "alter type", "create type", "drop type", "create extension", "rename table",
    ].map { Array($0.utf8) }

    /// A cheap single-pass test: could any string in these bytes hold DDL? (looks for `table`, `index`, `type`
    /// and `truncate` in any case).
    public static func mayContainDDL(_ bytes: [UInt8]) -> Bool {
        var index = 0
        let count = bytes.count
        while index + 4 < count {
            let byte = bytes[index] | 0x20
            if byte == 0x74 {  // t: table, truncate, type
                let next = bytes[index + 1] | 0x20
                if next == 0x61, bytes[index + 2] | 0x20 == 0x62, bytes[index + 3] | 0x20 == 0x6C, bytes[index + 4] | 0x20 == 0x65 {
                    return true
                }
                if next == 0x72, bytes[index + 2] | 0x20 == 0x75, bytes[index + 3] | 0x20 == 0x6E, bytes[index + 4] | 0x20 == 0x63 {
                    return true
                }
            } else if byte == 0x69 {  // i: index
                if bytes[index + 1] | 0x20 == 0x6E, bytes[index + 2] | 0x20 == 0x64, bytes[index + 3] | 0x20 == 0x65,
                    bytes[index + 4] | 0x20 == 0x78
                {
                    return true
                }
            }
            index += 1
        }
        return false
    }

    /// String literals whose text starts with a DDL statement, each with the line it starts on.
    public static func fragments(in bytes: [UInt8]) -> [SQLFragment] {
        let scanner = CallScanner(bytes)
        var fragments: [SQLFragment] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard CallScanner.isQuote(byte) else {
                index += 1
                continue
            }
            let end = scanner.skipString(from: index)
            let triple = index + 2 < bytes.count && bytes[index + 1] == byte && bytes[index + 2] == byte && byte != 0x60
            let quoteLength = triple ? 3 : 1
            let contentStart = min(index + quoteLength, end)
            let contentEnd = max(contentStart, end - quoteLength)
            var start = contentStart
            while start < contentEnd, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
            if isDDL(bytes, at: start, end: contentEnd) {
                var text = String(decoding: bytes[start..<contentEnd], as: UTF8.self)
                if byte == 0x60 { text = text.replacingTemplateSubstitutions() }
                fragments.append(SQLFragment(sql: text, line: scanner.line(at: start)))
            }
            index = max(end, index + 1)
        }
        return fragments
    }

    private static func isDDL(_ bytes: [UInt8], at start: Int, end: Int) -> Bool {
        openings.contains { opening in
            guard start + opening.count <= end else { return false }
            for offset in 0..<opening.count where bytes[start + offset] | 0x20 != opening[offset] {
                if opening[offset] == 0x20, bytes[start + offset] == 0x0A || bytes[start + offset] == 0x09 { continue }
                return false
            }
            return true
        }
    }
}

extension String {
    /// `${expr}` in a JavaScript template becomes a placeholder identifier, so the SQL around it still parses.
    func replacingTemplateSubstitutions() -> String {
        var result = ""
        var depth = 0
        var iterator = makeIterator()
        var previous: Character = " "
        while let character = iterator.next() {
            if depth == 0, previous == "$", character == "{" {
                result.removeLast()
                result += "placeholder"
                depth = 1
            } else if depth > 0 {
                if character == "{" { depth += 1 }
                if character == "}" { depth -= 1 }
            } else {
                result.append(character)
            }
            previous = character
        }
        return result
    }
}
