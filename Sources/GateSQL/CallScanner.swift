import Foundation

/// A function call found in source text: its name, the line it starts on and its raw arguments.
struct SourceCall {
    var name: String
    var line: Int
    var offset: Int
    /// Arguments split at top-level commas, trimmed, as written.
    var arguments: [String]
    /// The text right after the call (Ruby `do … end` blocks, Knex builder callbacks live there).
    var end: Int
    /// A C# call's type argument, as written (`string` of `AddColumn<string>(…)`), when the scan asked for them.
    var typeArgument: String? = nil
}

/// Finds calls in migration source code (Ruby, Python, JavaScript/TypeScript) by name, with balanced
/// brackets and quoted strings respected. Migration files are small, so clarity wins over speed here.
struct CallScanner {
    let bytes: [UInt8]
    /// Line starts, for offset → line.
    private let lineStarts: [Int]
    /// How the language writes strings, where it differs from Ruby, Python and JavaScript.
    let syntax: StringSyntax

    init(_ bytes: [UInt8], syntax: StringSyntax = StringSyntax()) {
        self.bytes = bytes
        self.syntax = syntax
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == 0x0A { starts.append(index + 1) }
        lineStarts = starts
    }

    func line(at offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// The fragment for SQL `call` passes as a string literal (or a heredoc after it), placed where that text is
    /// written (`textLine`), so each of its statements is reported on its own line: a `RunSQL(` or `op.execute(` whose
    /// SQL opens on a later line, a triple-quoted script of several statements. A text found nowhere from `searchFrom`
    /// (a literal the reader unescaped or joined) stays on the call's line. `searchFrom` moves past the text found,
    /// for the call's next literal.
    func literalFragment(_ text: String, of call: SourceCall, searchFrom: inout Int) -> SQLFragment {
        var fragment = SQLFragment(sql: text, line: call.line)
        let needle = Array(text.utf8)
        guard !needle.isEmpty, let start = bytes.firstIndex(ofSequence: needle, from: max(searchFrom, call.offset)) else {
            return fragment
        }
        let line = line(at: start)
        fragment.textLine = line
        // Characters, as statements' columns are counted: UTF-8 continuation bytes are no column of their own.
        fragment.textColumn = 1 + bytes[lineStarts[line - 1]..<start].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        searchFrom = start + needle.count
        return fragment
    }

    /// Calls of any of `names`; with `allowBareArguments` a Ruby call without parentheses takes the rest of its line,
    /// with `typeArguments` a C# generic call (`AddColumn<string>(…)`) is a call, its type argument kept.
    func calls(
        _ names: Set<String>, allowBareArguments: Bool = false, typeArguments: Bool = false, skipping skipped: [Range<Int>] = []
    ) -> [SourceCall] {
        var found: [SourceCall] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if opensString(byte) {
                index = skipString(from: index)
                continue
            }
            if byte == 0x23, isLineComment(at: index) {
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            }
            guard Self.isIdentifierStart(byte), index == 0 || !Self.isIdentifier(bytes[index - 1]) else {
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, Self.isIdentifier(bytes[end]) || bytes[end] == 0x21 { end += 1 }
            let name = String(decoding: bytes[index..<end], as: UTF8.self)
            guard names.contains(name), !skipped.contains(where: { $0.contains(index) }) else {
                index = end
                continue
            }
            var cursor = end
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            var typeArgument: String?
            if typeArguments, cursor < bytes.count, bytes[cursor] == 0x3C, let close = typeArgumentEnd(from: cursor) {
                typeArgument = String(decoding: bytes[(cursor + 1)..<close], as: UTF8.self)
                cursor = close + 1
            }
            if cursor < bytes.count, bytes[cursor] == 0x28 {
                let close = matchingClose(from: cursor)
                let inner = String(decoding: bytes[(cursor + 1)..<max(cursor + 1, close)], as: UTF8.self)
                found.append(SourceCall(name: name, line: line(at: index), offset: index,
                                        arguments: Self.splitArguments(inner), end: min(bytes.count, close + 1),
                                        typeArgument: typeArgument))
                index = close + 1
            } else if allowBareArguments, cursor > end, cursor < bytes.count, bytes[cursor] != 0x0A, bytes[cursor] != 0x3D {
                var stop = cursor
                var depth = 0
                // A `#` outside strings and brackets ends the arguments: the rest of the line is a Ruby or Elixir
                // comment (`add :bio, :string, null: false # shown on profiles`), skipped with them.
                var comment: Int?
                while stop < bytes.count {
                    let current = bytes[stop]
                    if opensString(current) { stop = skipString(from: stop); continue }
                    if current == 0x28 || current == 0x5B || current == 0x7B { depth += 1 }
                    if current == 0x29 || current == 0x5D || current == 0x7D { depth -= 1 }
                    if current == 0x0A, depth <= 0 { break }
                    if current == 0x23, depth <= 0, comment == nil { comment = stop }
                    stop += 1
                }
                let lineEnd = stop
                // A Windows line end's `\r` is no argument (nor would ` do |t|` be taken off after it).
                if let comment { stop = comment } else if stop > cursor, bytes[stop - 1] == 0x0D { stop -= 1 }
                var text = String(decoding: bytes[cursor..<stop], as: UTF8.self)
                if let range = text.range(of: " do", options: .backwards), text[range.upperBound...].allSatisfy({
                    $0 == " " || $0 == "|" || $0.isLetter
                }) {
                    text = String(text[..<range.lowerBound])
                }
                found.append(SourceCall(name: name, line: line(at: index), offset: index,
                                        arguments: Self.splitArguments(text), end: stop))
                index = lineEnd
            } else {
                index = end
            }
        }
        return found
    }

    /// The offset of the `end` closing a Ruby or Elixir `do` block that starts at `start` (the line after `… do`),
    /// counting the `do … end` blocks opened inside it; the file's end when none closes it.
    static func doBlockEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 1
        var cursor = start
        while cursor < bytes.count {
            let next = bytes[cursor...].firstIndex(of: 0x0A) ?? bytes.count
            let textEnd = next > cursor && bytes[next - 1] == 0x0D ? next - 1 : next  // without a `\r\n`'s `\r`
            let line = codeBeforeComment(String(decoding: bytes[cursor..<textEnd], as: UTF8.self))
            if line == "end" || line.hasPrefix("end ") || line.hasPrefix("end)") {
                depth -= 1
                if depth == 0 { return cursor }
            } else if line.hasSuffix(" do") || line == "do" || line.contains(" do |") || line.hasSuffix("-> do") {
                depth += 1
            }
            cursor = next + 1
        }
        return bytes.count
    }

    /// A Ruby or Elixir line without its trailing `#` comment (a `#` outside quotes, not opening `#{…}`), trimmed:
    /// `alter table(:users) do # add bio` opens a block as `alter table(:users) do` does.
    static func codeBeforeComment(_ line: String) -> String {
        var quote: Character?
        var previous: Character = " "
        var cut = line.endIndex
        for index in line.indices {
            let character = line[index]
            if let open = quote {
                if character == open, previous != "\\" { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", line.index(after: index) == line.endIndex || line[line.index(after: index)] != "{" {
                cut = index
                break
            }
            previous = character
        }
        return line[..<cut].trimmingCharacters(in: .whitespaces)
    }

    /// `bytes` with their `//` and `/* */` comments blanked (newlines kept, so lines stay right), strings left as they
    /// are: in PHP, C# and Swift migrations a commented-out `$table->dropColumn('x')` is no call.
    static func blankingComments(_ bytes: [UInt8], syntax: StringSyntax) -> [UInt8] {
        let scanner = CallScanner(bytes, syntax: syntax)
        var copy = bytes
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if scanner.opensString(byte) {
                index = scanner.skipString(from: index)
                continue
            }
            guard byte == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2F || bytes[index + 1] == 0x2A else {
                index += 1
                continue
            }
            let block = bytes[index + 1] == 0x2A
            var end = index + 2
            while end < bytes.count {
                if block ? (bytes[end] == 0x2A && end + 1 < bytes.count && bytes[end + 1] == 0x2F) : bytes[end] == 0x0A { break }
                end += 1
            }
            end = block ? min(bytes.count, end + 2) : end
            for blank in index..<end where copy[blank] != 0x0A { copy[blank] = 0x20 }
            index = end
        }
        return copy
    }

    /// The `>` closing a type argument list opened at `open` (`<string>`, `<Dictionary<string, int>>`); nil when the
    /// `<` is a comparison (a line ends, or a bracket or operator comes, first).
    private func typeArgumentEnd(from open: Int) -> Int? {
        var depth = 0
        var index = open
        while index < bytes.count {
            switch bytes[index] {
            case 0x3C: depth += 1
            case 0x3E:
                depth -= 1
                if depth == 0 { return index }
            case 0x0A, 0x28, 0x29, 0x3B, 0x3D, 0x22, 0x27: return nil
            default: break
            }
            index += 1
        }
        return nil
    }

    private func isLineComment(at index: Int) -> Bool {
        // `#` starts a comment in Ruby and Python; in JavaScript it is a private field, never at a line start.
        var cursor = index - 1
        while cursor >= 0, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor -= 1 }
        return cursor < 0 || bytes[cursor] == 0x0A || bytes[cursor] == 0x3B
    }

    /// The offset of the bracket closing the one at `open` (or the end of the text).
    func matchingClose(from open: Int) -> Int {
        var depth = 0
        var index = open
        while index < bytes.count {
            let byte = bytes[index]
            if opensString(byte) { index = skipString(from: index); continue }
            if byte == 0x28 || byte == 0x5B || byte == 0x7B { depth += 1 }
            if byte == 0x29 || byte == 0x5D || byte == 0x7D {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return bytes.count
    }

    /// The offset just past the string starting at `start` (Python triple quotes and JS template literals included).
    func skipString(from start: Int) -> Int {
        let quote = bytes[start]
        if syntax.verbatim, quote == 0x22, start > 0, bytes[start - 1] == 0x40 {
            // `@"…"`: no escapes but `""`, and newlines inside.
            var index = start + 1
            while index < bytes.count {
                if bytes[index] == 0x22 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x22 { index += 2; continue }
                    return index + 1
                }
                index += 1
            }
            return bytes.count
        }
        if start + 2 < bytes.count, bytes[start + 1] == quote, bytes[start + 2] == quote, quote != 0x60 {
            var index = start + 3
            while index + 2 < bytes.count {
                if bytes[index] == quote, bytes[index + 1] == quote, bytes[index + 2] == quote { return index + 3 }
                index += 1
            }
            return bytes.count
        }
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x5C { index += 2; continue }
            if byte == quote { return index + 1 }
            if byte == 0x0A, quote != 0x60, !syntax.multiline { return index }
            index += 1
        }
        return bytes.count
    }

    static func isQuote(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x27 || byte == 0x60 }
    /// Whether `byte` opens a string in the scanned language (a Rust `'` is a lifetime or a character).
    func opensString(_ byte: UInt8) -> Bool { Self.isQuote(byte) && (syntax.apostrophes || byte != 0x27) }
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
    }
    static func isIdentifier(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39) }

    /// Splits an argument list at commas outside brackets and strings.
    static func splitArguments(_ text: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        var depth = 0
        var quote: UInt8?
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if let open = quote {
                current.append(byte)
                if byte == open, previous != 0x5C { quote = nil }
                previous = byte
                continue
            }
            if isQuote(byte) { quote = byte }
            if byte == 0x28 || byte == 0x5B || byte == 0x7B { depth += 1 }
            if byte == 0x29 || byte == 0x5D || byte == 0x7D { depth -= 1 }
            if byte == 0x2C, depth == 0 {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
            previous = byte
        }
        parts.append(String(decoding: current, as: UTF8.self))
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}

/// How a language's strings differ from Ruby's, Python's and JavaScript's, for `CallScanner`.
struct StringSyntax: Sendable {
    /// C# verbatim strings (`@"…"`, `""` for a quote) span lines; in the other languages `@"` is never a string.
    var verbatim = false
    /// PHP's and Rust's quoted strings span lines.
    var multiline = false
    /// Whether `'` quotes a string (not in Rust, where it opens a lifetime or a character).
    var apostrophes = true

    static let php = StringSyntax(multiline: true)
    static let csharp = StringSyntax(verbatim: true)
    static let swift = StringSyntax(apostrophes: false)
    static let rust = StringSyntax(multiline: true, apostrophes: false)
}

/// Reading literal values out of call arguments.
enum ArgumentText {
    /// A string or symbol literal's value: `'x'`, `"x"`, `` `x` ``, `:x`, `r"x"`; nil for anything else.
    static func literal(_ argument: String) -> String? {
        var text = Substring(argument.trimmingCharacters(in: .whitespacesAndNewlines))
        // A C# verbatim string: `""` stands for a quote.
        if text.hasPrefix("@\""), text.count >= 3, text.hasSuffix("\"") {
            return text.dropFirst(2).dropLast().replacingOccurrences(of: "\"\"", with: "\"")
        }
        if text.hasPrefix(":"), text.count > 1, !text.hasPrefix("::") {
            let name = text.dropFirst()
            return name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? String(name) : nil
        }
        if let first = text.first, "rRbBfFuU".contains(first), text.count > 2,
            let second = text.dropFirst().first, "\"'".contains(second)
        {
            text = text.dropFirst()
        }
        for quote in ["\"\"\"", "'''", "\"", "'", "`"] where text.hasPrefix(quote) && text.hasSuffix(quote)
            && text.count >= quote.count * 2
        {
            return String(text.dropFirst(quote.count).dropLast(quote.count))
        }
        return nil
    }

    /// A list literal's string values: `['a', 'b']`, `[:a, :b]`, `%w[a b]`; a single literal as a one-element list.
    static func list(_ argument: String) -> [String] {
        let text = argument.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("%w[") || text.hasPrefix("%i[") {
            return text.dropFirst(3).dropLast().split(separator: " ").map(String.init)
        }
        if (text.hasPrefix("[") && text.hasSuffix("]")) || (text.hasPrefix("(") && text.hasSuffix(")")) {
            return CallScanner.splitArguments(String(text.dropFirst().dropLast())).compactMap(literal)
        }
        return literal(text).map { [$0] } ?? []
    }

    /// `key: value`, `key => value`, `key=value` and `{ key: value }` arguments as a dictionary of raw values.
    static func keywords(_ arguments: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            if argument.hasPrefix("{"), argument.hasSuffix("}") {
                result.merge(keywords(CallScanner.splitArguments(String(argument.dropFirst().dropLast())))) { a, _ in a }
                continue
            }
            guard let pair = keyword(argument) else { continue }
            result[pair.0] = pair.1
        }
        return result
    }

    static func keyword(_ argument: String) -> (String, String)? {
        let bytes = Array(argument.utf8)
        var index = 0
        if index < bytes.count, bytes[index] == 0x3A { return nil }
        while index < bytes.count, CallScanner.isIdentifier(bytes[index]) || CallScanner.isQuote(bytes[index]) {
            index += 1
        }
        guard index > 0, index < bytes.count else { return nil }
        let key = String(decoding: bytes[..<index], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\"'`"))
        var rest = bytes[index...].drop { $0 == 0x20 }
        if rest.first == 0x3A, rest.dropFirst().first != 0x3A {
            rest = rest.dropFirst()
        } else if rest.first == 0x3D, rest.dropFirst().first == 0x3E {
            rest = rest.dropFirst(2)
        } else if rest.first == 0x3D, rest.dropFirst().first != 0x3D {
            rest = rest.dropFirst()
        } else {
            return nil
        }
        return (key, String(decoding: rest, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether a raw keyword value is true in Ruby, Python or JavaScript.
    static func isTrue(_ value: String?) -> Bool { value == "true" || value == "True" }
    static func isFalse(_ value: String?) -> Bool { value == "false" || value == "False" }

    /// A default value as SQL: literals kept, strings quoted, calls and lambdas kept as an expression.
    static func sqlDefault(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let string = literal(trimmed) { return "'" + string.replacingOccurrences(of: "'", with: "''") + "'" }
        if trimmed == "True" || trimmed == "true" { return "true" }
        if trimmed == "False" || trimmed == "false" { return "false" }
        if trimmed == "None" || trimmed == "nil" || trimmed == "null" { return "NULL" }
        if Double(trimmed) != nil { return trimmed }
        // A call such as sa.text("now()"), -> { "gen_random_uuid()" } or Sequelize.fn('now'): keep the function name.
        for function in OperationReader.volatileFunctions.sorted() where trimmed.contains(function) {
            return function + "()"
        }
        return "'?'"
    }
}
