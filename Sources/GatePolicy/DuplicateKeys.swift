/// Finds a mapping's repeated key in the policy's text and renames it out of the way, so that one run reports every
/// repeat at its own place and goes on to the other mistakes (Yams stops at the first, naming the first occurrence).
///
/// The repeat is looked for where the first occurrence's mapping goes on: in a block mapping, the following lines at
/// the same indentation until one is indented less; in a flow mapping (`{ a: 1, a: 2 }`), the entries after it up to
/// the closing brace. It is renamed to a placeholder of the same length (private-use characters), so every other
/// line and column stays as written. When it cannot be found, nil: the caller reports Yams' error as before.
enum DuplicateKeys {
    struct Renamed {
        var text: String
        var line: Int
        var column: Int
        var key: String
        var placeholder: String
    }

    static func renameNextRepeat(in text: String, firstLine: Int, firstColumn: Int, renamed: Int) -> Renamed? {
        // Split as scalars, the unit columns count in: a `\r\n` line end is one `Character`, never equal to `\n`.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
        let line = firstLine - 1, column = firstColumn - 1
        guard lines.indices.contains(line), column >= 0, column < lines[line].count,
              let token = keyToken(lines[line], at: column)
        else { return nil }
        guard let (foundLine, foundColumn) = isInFlow(lines, line: line, column: column)
            ? nextInFlow(lines, token: token, line: line, column: column + token.count)
            : nextInBlock(lines, token: token, line: line, column: column)
        else { return nil }
        let first = Unicode.Scalar(0xE000 + UInt32(renamed % 0x1800)) ?? "\u{E000}"
        let placeholder = [first] + Array(repeating: Unicode.Scalar(0xF8FF) ?? "\u{F8FF}", count: token.count - 1)
        lines[foundLine].replaceSubrange(foundColumn..<foundColumn + token.count, with: placeholder)
        var view = String.UnicodeScalarView()
        for (index, scalars) in lines.enumerated() {
            if index > 0 { view.append("\n") }
            view.append(contentsOf: scalars)
        }
        var name = String.UnicodeScalarView()
        name.append(contentsOf: placeholder)
        return Renamed(
            text: String(view), line: foundLine + 1, column: foundColumn + 1,
            key: String(String.UnicodeScalarView(token)).trimmingQuotes, placeholder: String(name))
    }

    /// The key as written at `column`: a quoted string with its quotes, or plain text up to `: `, `:` at the end or `,`.
    private static func keyToken(_ line: [Unicode.Scalar], at column: Int) -> [Unicode.Scalar]? {
        let start = line[column]
        if start == "\"" || start == "'" {
            guard let close = line[(column + 1)...].firstIndex(of: start) else { return nil }
            return Array(line[column...close])
        }
        var end = column
        while end < line.count {
            if line[end] == ":" && (end + 1 == line.count || line[end + 1] == " " || line[end + 1] == "\t") { break }
            if line[end] == "," || line[end] == "}" { break }
            end += 1
        }
        while end > column && (line[end - 1] == " " || line[end - 1] == "\t") { end -= 1 }
        return end > column ? Array(line[column..<end]) : nil
    }

    /// Whether the key at `column` is an entry of a flow mapping: the text before it (blanks skipped) ends in `{` or `,`.
    private static func isInFlow(_ lines: [[Unicode.Scalar]], line: Int, column: Int) -> Bool {
        var row = line, index = column - 1
        while row >= 0 {
            while index >= 0 {
                let scalar = lines[row][index]
                if scalar != " " && scalar != "\t" && scalar != "\r" { return scalar == "{" || scalar == "," }
                index -= 1
            }
            row -= 1
            if row >= 0 { index = lines[row].count - 1 }
        }
        return false
    }

    /// The same key at the same indentation further down, before the mapping ends (a line indented less).
    private static func nextInBlock(_ lines: [[Unicode.Scalar]], token: [Unicode.Scalar], line: Int, column: Int) -> (Int, Int)? {
        for row in (line + 1)..<lines.count {
            let scalars = lines[row]
            guard let indent = scalars.firstIndex(where: { $0 != " " }), scalars[indent] != "#", scalars[indent] != "\r"
            else { continue }
            if indent < column { return nil }
            if indent == column && startsWithKey(scalars, token, at: column) { return (row, column) }
        }
        return nil
    }

    /// The same key as a later entry of the flow mapping, before its closing brace; quoted text and comments skipped.
    private static func nextInFlow(_ lines: [[Unicode.Scalar]], token: [Unicode.Scalar], line: Int, column: Int) -> (Int, Int)? {
        var depth = 0
        var quote: Unicode.Scalar?
        var afterComma = false
        var row = line, index = column
        while row < lines.count {
            let scalars = lines[row]
            while index < scalars.count {
                let scalar = scalars[index]
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if afterComma && scalar != " " && scalar != "\t" && scalar != "\r" {
                    afterComma = false
                    if startsWithKey(scalars, token, at: index) { return (row, index) }
                    continue
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == "#" && (index == 0 || scalars[index - 1] == " ") {
                    break
                } else if scalar == "{" || scalar == "[" {
                    depth += 1
                } else if scalar == "}" || scalar == "]" {
                    if depth == 0 { return nil }
                    depth -= 1
                } else if scalar == "," && depth == 0 {
                    afterComma = true
                }
                index += 1
            }
            row += 1
            index = 0
        }
        return nil
    }

    /// Whether `scalars` holds `token` at `index`, followed by blanks and a `:`.
    private static func startsWithKey(_ scalars: [Unicode.Scalar], _ token: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + token.count <= scalars.count, Array(scalars[index..<index + token.count]) == token else { return false }
        var after = index + token.count
        while after < scalars.count && (scalars[after] == " " || scalars[after] == "\t") { after += 1 }
        return after < scalars.count && scalars[after] == ":"
    }
}

private extension String {
    var trimmingQuotes: String {
        guard count >= 2, let first, let last, first == last, first == "\"" || first == "'" else { return self }
        return String(dropFirst().dropLast())
    }
}
