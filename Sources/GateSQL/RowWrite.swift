import GateCore

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
        let bytes = Array(sql.utf8)
        var reader = Reader(bytes)
        // Leading comments (sqlc's `-- name: CreateUser :one`, a `/* job */` tag) are no part of the statement.
        reader.index = DDLStrings.skippingComments(bytes, from: 0, end: bytes.count)
        return statement(&reader)
    }

    /// Whether SQL text is a query file's, named queries marked `-- name: CreateUser :one` (sqlc), `-- name:
    /// create_user!` (aiosql, yesql) or `-- :name create-user :! :n` (HugSQL): no schema.
    public static func isQueryFile(_ bytes: [UInt8]) -> Bool {
        ByteSearch.containsFolded(bytes, queryMarker) || ByteSearch.containsFolded(bytes, hugSQLMarker)
    }

    private static let queryMarker = Array("-- name:".utf8), hugSQLMarker = Array("-- :name".utf8)

    /// The statements of a query file (sqlc's `queries/*.sql`, aiosql's, yesql's and HugSQL's `-- name:` blocks),
    /// each with the line (from 1) it starts on: the file split at `;` and at each `-- name:` / `-- :name` marker.
    /// Nil when the file has no marker, which every such file has.
    public static func queryFileStatements(_ bytes: [UInt8]) -> [(sql: String, line: Int)]? {
        guard isQueryFile(bytes) else { return nil }
        var statements: [(sql: String, line: Int)] = []
        var start = 0, line = 1, startLine = 1, index = 0
        func close(at end: Int) {
            if end > start, bytes[start..<end].contains(where: { !DDLStrings.isSpace($0) }) {
                statements.append((String(decoding: bytes[start..<end], as: UTF8.self), startLine))
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                index += 1
                // A marker opens the next block.
                if index + 7 < bytes.count, bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-") {
                    var after = index + 2
                    while after < bytes.count, bytes[after] == 0x20 { after += 1 }
                    if bytes[after...].starts(with: "name:".utf8) || bytes[after...].starts(with: ":name".utf8) {
                        close(at: index)
                        start = index
                        startLine = line
                    }
                }
                continue
            }
            if byte == UInt8(ascii: "'") {
                // A string's `;` ends nothing; its line breaks are counted.
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
                    if bytes[index] == 0x0A { line += 1 }
                    index += 1
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            if byte == UInt8(ascii: ";") {
                close(at: index)
                start = index + 1
                startLine = line
            }
            index += 1
        }
        close(at: bytes.count)
        return statements
    }

    /// Where each line of `sql` (from `line`) the write's columns stand on.
    public func lines(in sql: String, from line: Int) -> [Int] {
        let bytes = Array(sql.utf8)
        return columns.map { column in
            line + bytes[..<min(column.offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
    }

    /// The statement at the reader's position.
    private static func statement(_ reader: inout Reader) -> RowWrite? {
        guard let verb = reader.word()?.lowercased() else { return nil }
        switch verb {
        case "with":
            // `WITH [RECURSIVE] name [(…)] AS [NOT] [MATERIALIZED] (…) [, …]`, then the statement; a CTE that
            // writes (`WITH moved AS (UPDATE … RETURNING id) SELECT …`) when the statement does not.
            if reader.peekWord()?.lowercased() == "recursive" { _ = reader.word() }
            var bodies: [Int] = []
            repeat {
                guard reader.name() != nil else { return nil }
                if reader.skip("(") { guard reader.nameList() != nil else { return nil } }
                guard reader.word()?.lowercased() == "as" else { return nil }
                while let next = reader.peekWord()?.lowercased(), next == "not" || next == "materialized" { _ = reader.word() }
                guard reader.skip("(") else { return nil }
                bodies.append(reader.index)
                guard reader.skipParenthesised() else { return nil }
            } while reader.skip(",")
            if let write = statement(&reader) { return write }
            for body in bodies {
                var inner = Reader(reader.bytes)
                inner.index = body
                if let write = statement(&inner) { return write }
            }
            return nil
        case "copy":
            // `COPY name (a, b) FROM …`: the rows it loads write those columns.
            guard let table = reader.name(), reader.skip("("), let columns = reader.nameList(), !columns.isEmpty,
                  reader.word()?.lowercased() == "from"
            else { return nil }
            return RowWrite(table: table, columns: columns)
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

        /// Past the parenthesised text whose `(` was just read, through its `)`; false when it never closes.
        mutating func skipParenthesised() -> Bool {
            var depth = 1
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "'") {
                    while index < bytes.count, bytes[index] != byte { index += 1 }
                    index += 1
                } else if byte == UInt8(ascii: "(") {
                    depth += 1
                } else if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { return true }
                }
            }
            return false
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
