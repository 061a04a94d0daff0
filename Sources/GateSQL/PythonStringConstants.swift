/// The string values a Python migration's expressions stand for, where the file itself tells them: a module-level
/// constant (`SQL = """BEGIN; … COMMIT;"""`), a concatenation of literals and such constants (`HEADER + BODY`,
/// `("ALTER TABLE a " "ADD COLUMN b text;")`), read so that `RunSQL(SQL)` runs what the constant holds. Anything else
/// (an f-string, `%` or `.format(…)`, a name assigned twice, inside a function, or imported) stands for no value gate
/// knows, and the operation stays unread.
struct PythonStringConstants {
    private var values: [String: String] = [:]

    /// The constants assigned once at the top level of `bytes` (a line that starts with the name) to an expression
    /// of strings and earlier constants. Asked only of a migration with an operation whose argument is no literal.
    init(_ bytes: [UInt8]) {
        var assigned: [String: Int] = [:]
        var lineStart = 0
        while lineStart < bytes.count {
            var cursor = lineStart
            while cursor < bytes.count, CallScanner.isIdentifier(bytes[cursor]) { cursor += 1 }
            let nameEnd = cursor
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            if nameEnd > lineStart, CallScanner.isIdentifierStart(bytes[lineStart]), cursor + 1 < bytes.count,
               bytes[cursor] == 0x3D, bytes[cursor + 1] != 0x3D
            {
                let name = String(decoding: bytes[lineStart..<nameEnd], as: UTF8.self)
                assigned[name, default: 0] += 1
                var parser = Parser(bytes: bytes, cursor: cursor + 1, constants: values)
                if let value = parser.statement() { values[name] = value } else { values[name] = nil }
                // Past the statement (a triple-quoted value spans lines), or to the next line when it was not read.
                cursor = max(parser.cursor, cursor + 1)
            }
            while cursor < bytes.count, bytes[cursor] != 0x0A { cursor += 1 }
            lineStart = cursor + 1
        }
        // A name assigned twice stands for whichever ran last before the migration ran: no single value.
        for (name, count) in assigned where count > 1 { values[name] = nil }
    }

    /// The string `expression` (a call's argument, as written) stands for: literals, constants and `+`.
    func value(of expression: String) -> String? {
        var parser = Parser(bytes: Array(expression.utf8), cursor: 0, constants: values)
        guard let value = parser.expression(nested: true) else { return nil }
        parser.skipBlanks(newlines: true)
        return parser.cursor == parser.bytes.count ? value : nil
    }

    /// The strings a `RunSQL` argument stands for: one expression, or a list or tuple of them.
    func values(ofList argument: String) -> [String]? {
        let text = argument.trimmingCharacters(in: .whitespacesAndNewlines)
        if (text.hasPrefix("[") && text.hasSuffix("]")) || (text.hasPrefix("(") && text.hasSuffix(")") && text.contains(",")) {
            let elements = CallScanner.splitArguments(String(text.dropFirst().dropLast())).map { value(of: $0) }
            return elements.contains(where: { $0 == nil }) ? nil : elements.compactMap { $0 }
        }
        return value(of: text).map { [$0] }
    }

    /// Reads a Python expression of string literals, names and `+` from `cursor`.
    private struct Parser {
        let bytes: [UInt8]
        var cursor: Int
        let constants: [String: String]

        /// An assignment's value through the end of its line (continued inside brackets or after a backslash).
        mutating func statement() -> String? {
            guard let value = expression(nested: false) else { return nil }
            skipBlanks(newlines: false)
            if cursor < bytes.count, bytes[cursor] == 0x23 { while cursor < bytes.count, bytes[cursor] != 0x0A { cursor += 1 } }
            return cursor >= bytes.count || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D ? value : nil
        }

        /// Terms joined by `+` or, for literals, by nothing (Python joins adjacent literals).
        mutating func expression(nested: Bool) -> String? {
            var result = ""
            var expectsTerm = true
            while true {
                skipBlanks(newlines: nested)
                guard cursor < bytes.count else { break }
                let byte = bytes[cursor]
                if byte == 0x2B, !expectsTerm {
                    cursor += 1
                    expectsTerm = true
                    continue
                }
                if byte == 0x28 {
                    cursor += 1
                    guard let inner = expression(nested: true) else { return nil }
                    skipBlanks(newlines: true)
                    guard cursor < bytes.count, bytes[cursor] == 0x29 else { return nil }
                    cursor += 1
                    result += inner
                    expectsTerm = false
                    continue
                }
                if let literal = stringLiteral() {
                    result += literal
                    expectsTerm = false
                    continue
                }
                if expectsTerm, CallScanner.isIdentifierStart(byte) {
                    let start = cursor
                    while cursor < bytes.count, CallScanner.isIdentifier(bytes[cursor]) { cursor += 1 }
                    // `SQL.format(…)`, `SQL % args`, `module.SQL`: a value made at run time, or another file's.
                    guard let value = constants[String(decoding: bytes[start..<cursor], as: UTF8.self)],
                          cursor >= bytes.count || (bytes[cursor] != 0x2E && bytes[cursor] != 0x28 && bytes[cursor] != 0x5B)
                    else { return nil }
                    result += value
                    expectsTerm = false
                    continue
                }
                break
            }
            return expectsTerm ? nil : result
        }

        /// A string literal at the cursor (`'…'`, `"…"`, triple-quoted, with an `r`, `b` or `u` prefix), as written
        /// between its quotes; nil (cursor unmoved) for anything else, an f-string included.
        mutating func stringLiteral() -> String? {
            var start = cursor
            while start < bytes.count, start - cursor < 2, [0x72, 0x52, 0x62, 0x42, 0x75, 0x55].contains(bytes[start]) { start += 1 }
            guard start < bytes.count, bytes[start] == 0x22 || bytes[start] == 0x27 else { return nil }
            let quote = bytes[start]
            let triple = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
            let open = start + (triple ? 3 : 1)
            var index = open
            while index < bytes.count {
                if bytes[index] == 0x5C {
                    index += 2
                    continue
                }
                if !triple, bytes[index] == 0x0A { return nil }
                if bytes[index] == quote, !triple || (index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote) {
                    cursor = index + (triple ? 3 : 1)
                    return String(decoding: bytes[open..<index], as: UTF8.self)
                }
                index += 1
            }
            return nil
        }

        mutating func skipBlanks(newlines: Bool) {
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == 0x20 || byte == 0x09 || (newlines && (byte == 0x0A || byte == 0x0D)) {
                    cursor += 1
                } else if byte == 0x5C, cursor + 1 < bytes.count, bytes[cursor + 1] == 0x0A {
                    cursor += 2
                } else if newlines, byte == 0x23 {
                    while cursor < bytes.count, bytes[cursor] != 0x0A { cursor += 1 }
                } else {
                    break
                }
            }
        }
    }
}
