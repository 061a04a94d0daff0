/// Finds where code uses a table or column: as an identifier in SQL strings, ORM field names or model
/// attributes (`summary`, `report.summary`, `summaryText` for `summary_text`), in a file that also names the
/// table (`reports`, `report`, `Report`), so a bare common word elsewhere does not count.
enum SchemaUsage {
    /// Columns every table has; linking on them would tie every migration to every file.
    static let genericColumns: Set<String> = ["id", "created_at", "updated_at", "createdAt", "updatedAt"]

    struct Use {
        var line: Int
        var writes: Bool
    }

    /// The first use of `name` in `bytes`, only on `lines` when given.
    static func firstUse(of name: SchemaChangeAnalyzer.SchemaName, in bytes: [UInt8], lines: Set<Int>?) -> Use? {
        let table = name.table.lowercased()
        let singular = singularize(table)
        let target = (name.column ?? table).lowercased()
        // Cheap prefilter: the name's bytes must occur somewhere, in any case.
        guard containsCaseInsensitive(bytes, Array(target.utf8)) || (name.column == nil && containsCaseInsensitive(bytes, Array(singular.utf8)))
            || containsCaseInsensitive(bytes, Array(camel(target).lowercased().utf8))
        else { return nil }
        var mentionsTable = name.column == nil
        var candidate: Use?
        var line = 1
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                index += 1
                continue
            }
            guard isIdentifierStart(byte) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < count, isIdentifier(bytes[end]) { end += 1 }
            let token = bytes[index..<end]
            if !mentionsTable, matches(token, table) || matches(token, singular) || endsWithModel(token, singular) {
                mentionsTable = true
            }
            if candidate == nil, lines?.contains(line) ?? true {
                let hit: Bool
                if name.column == nil {
                    hit = matches(token, table) || (isUpper(byte) && matches(token, singular))
                } else {
                    hit = matches(token, target) || matchesCamel(token, target)
                }
                if hit { candidate = Use(line: line, writes: isWrite(bytes, lineContaining: index, tokenEnd: end)) }
            }
            if candidate != nil, mentionsTable { return candidate }
            index = end
        }
        return mentionsTable ? candidate : nil
    }

    // MARK: Helpers

    static func singularize(_ name: String) -> String {
        if name.hasSuffix("ies") { return String(name.dropLast(3)) + "y" }
        if name.hasSuffix("ses") { return String(name.dropLast(2)) }
        if name.hasSuffix("s") { return String(name.dropLast()) }
        return name
    }

    static func camel(_ snake: String) -> String {
        var result = ""
        var upper = false
        for character in snake {
            if character == "_" {
                upper = true
            } else {
                result.append(upper ? Character(character.uppercased()) : character)
                upper = false
            }
        }
        return result
    }

    /// Case-insensitive equality of an identifier token and a lower-case name.
    private static func matches(_ token: ArraySlice<UInt8>, _ name: String) -> Bool {
        guard token.count == name.utf8.count else { return false }
        return zip(token, name.utf8).allSatisfy { lower($0) == $1 }
    }

    /// `summaryText` for `summary_text`.
    private static func matchesCamel(_ token: ArraySlice<UInt8>, _ snake: String) -> Bool {
        guard snake.contains("_") else { return false }
        return matches(token, camel(snake).lowercased())
    }

    /// Django's `reports_report` table is the `Report` model; `app_model` tables end in the model name.
    private static func endsWithModel(_ token: ArraySlice<UInt8>, _ singular: String) -> Bool {
        guard let underscore = singular.lastIndex(of: "_") else { return false }
        return matches(token, String(singular[singular.index(after: underscore)...]))
    }

    private static func isWrite(_ bytes: [UInt8], lineContaining index: Int, tokenEnd: Int) -> Bool {
        var start = index
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = tokenEnd
        while end < bytes.count, bytes[end] != 0x0A { end += 1 }
        let line = String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
        if ["insert", "update", "upsert", ".save", ".create(", "set ", "addcolumn", "add_column"].contains(where: line.contains) {
            return true
        }
        var cursor = tokenEnd
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x22 || bytes[cursor] == 0x27 { cursor += 1 }
        guard cursor < bytes.count else { return false }
        let next = bytes[cursor]
        let after = cursor + 1 < bytes.count ? bytes[cursor + 1] : 0
        return (next == 0x3D && after != 0x3D) || next == 0x3A
    }

    private static func containsCaseInsensitive(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        var index = 0
        let last = bytes.count - needle.count
        while index <= last {
            if lower(bytes[index]) == first {
                var offset = 1
                while offset < needle.count, lower(bytes[index + offset]) == needle[offset] { offset += 1 }
                if offset == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
    }
    private static func isIdentifier(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }
}

