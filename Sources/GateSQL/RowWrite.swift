/// The table and columns an `UPDATE … SET` or `INSERT INTO … (…)` statement in application code writes, read from
/// its text without a parser: code fills its values with placeholders (`%s`, `?`, `:name`, `${…}`) that no SQL
/// parser takes, while the names written are plain words before them.
public struct RowWrite: Sendable, Equatable {
    /// The table as written, without a schema qualifier or quotes.
    public var table: String
    /// Each column with its byte offset in the statement's text.
    public var columns: [(name: String, offset: Int)]

    public static func == (lhs: RowWrite, rhs: RowWrite) -> Bool {
        lhs.table == rhs.table && lhs.columns.map(\.name) == rhs.columns.map(\.name)
            && lhs.columns.map(\.offset) == rhs.columns.map(\.offset)
    }

    /// The statement's table and columns; nil when the text is no such statement, or names them by interpolation.
    public static func read(_ sql: String) -> RowWrite? {
        var reader = Reader(Array(sql.utf8))
        guard let verb = reader.word()?.lowercased() else { return nil }
        switch verb {
        case "update":
            if reader.peekWord()?.lowercased() == "only" { _ = reader.word() }
            guard let table = reader.name() else { return nil }
            // An alias (`UPDATE tickets t SET …`), then SET.
            var next = reader.word()?.lowercased()
            if next == "as" { _ = reader.word(); next = reader.word()?.lowercased() } else if next != "set" { next = reader.word()?.lowercased() }
            guard next == "set" else { return nil }
            var columns: [(String, Int)] = []
            while true {
                if reader.skip("(") {
                    // `SET (a, b) = (…)`.
                    guard let list = reader.nameList() else { return nil }
                    columns += list
                } else {
                    guard let column = reader.nameWithOffset() else { return nil }
                    columns.append(column)
                }
                guard reader.skip("=") else { return nil }
                reader.skipExpression()
                guard reader.skip(",") else { break }
            }
            return columns.isEmpty ? nil : RowWrite(table: table, columns: columns)
        case "insert":
            guard reader.word()?.lowercased() == "into", let table = reader.name() else { return nil }
            if reader.peekWord()?.lowercased() == "as" { _ = reader.word(); _ = reader.word() }
            guard reader.skip("("), let columns = reader.nameList(), !columns.isEmpty else { return nil }
            return RowWrite(table: table, columns: columns)
        default:
            return nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipBlanks() {
            while index < bytes.count, DDLStrings.isSpace(bytes[index]) { index += 1 }
        }

        /// SQL's word bytes, and every byte of a name in another script (`café` is one name, not `caf`).
        static func isWordByte(_ byte: UInt8) -> Bool { DDLStrings.isWordByte(byte) || byte >= 0x80 }

        mutating func word() -> String? { nameWithOffset(quoted: false)?.0 }

        mutating func peekWord() -> String? {
            let saved = index
            defer { index = saved }
            return word()
        }

        mutating func skip(_ punctuation: Character) -> Bool {
            skipBlanks()
            guard index < bytes.count, bytes[index] == punctuation.asciiValue else { return false }
            index += 1
            return true
        }

        /// A table name: `tickets`, `"Ticket"`, `public.tickets`, `` `tickets` `` (the last part, unquoted).
        mutating func name() -> String? {
            var last: String?
            repeat {
                guard let part = nameWithOffset() else { return nil }
                last = part.0
            } while skip(".")
            return last
        }

        /// `(a, "b", c)` after its opening parenthesis, through the closing one.
        mutating func nameList() -> [(String, Int)]? {
            var names: [(String, Int)] = []
            repeat {
                guard let name = nameWithOffset() else { return nil }
                names.append(name)
            } while skip(",")
            return skip(")") ? names : nil
        }

        /// One name and where it starts; quoted (`"…"`, `` `…` ``) or a plain word. Anything else (a placeholder,
        /// an interpolation) is no name.
        mutating func nameWithOffset(quoted: Bool = true) -> (String, Int)? {
            skipBlanks()
            guard index < bytes.count else { return nil }
            let start = index
            if quoted, bytes[index] == 0x22 || bytes[index] == 0x60 {
                let quote = bytes[index]
                guard let end = bytes[(index + 1)...].firstIndex(of: quote), end > index + 1 else { return nil }
                index = end + 1
                return (String(decoding: bytes[(start + 1)..<end], as: UTF8.self), start + 1)
            }
            guard Self.isWordByte(bytes[index]), !(bytes[index] >= 0x30 && bytes[index] <= 0x39) else { return nil }
            while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
            // A name glued to an interpolation or a placeholder (`tickets_${suffix}`, `col_%s`) is not the name.
            if index < bytes.count, [UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "{")].contains(bytes[index]) { return nil }
            return (String(decoding: bytes[start..<index], as: UTF8.self), start)
        }

        /// A value up to the next `,` at depth zero, or the clause that ends the assignments.
        mutating func skipExpression() {
            var depth = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "'") {
                    index = (bytes[(index + 1)...].firstIndex(of: byte) ?? bytes.count - 1) + 1
                    continue
                }
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") { depth += 1 }
                if byte == UInt8(ascii: "]") { depth = max(0, depth - 1) }
                if byte == UInt8(ascii: ")") {
                    if depth == 0 { return }
                    depth -= 1
                }
                if depth == 0 {
                    if byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";") { return }
                    if Self.isWordByte(byte), index == 0 || !Self.isWordByte(bytes[index - 1]) {
                        let saved = index
                        let word = self.word()?.lowercased()
                        if let word, ["where", "from", "returning"].contains(word) {
                            index = saved
                            return
                        }
                        // A number, or a word glued to a placeholder: step past what `word` did not take.
                        while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
                        continue
                    }
                }
                index += 1
            }
        }
    }
}
