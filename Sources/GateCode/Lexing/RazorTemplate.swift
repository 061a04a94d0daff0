import GateCore

/// Razor views, pages and components (`.cshtml`, `.razor`): C# runs in `@{ … }` blocks, `@code { … }` and
/// `@functions { … }` members, `@if`/`@foreach`/… statements, `@( … )` and `@name.Member(…)` expressions, on every
/// render; `@using` and `@inject` directives name its types. A view is read as that C#, each byte on the view's own
/// line and column, the markup made spaces with its line feeds kept; each region's `@` is made a `;` so regions stay
/// statements apart, and a directive's word is dropped (`@inject IChatClient Chat` reads as a member `IChatClient
/// Chat`, `@attribute [Authorize]` as the attribute). Markup lines inside a block (`<p>…</p>`, `@:` text) are no code.
///
/// Told from a C# file by its bytes (the path is not at hand where code is lexed): a view opens with a directive or a
/// block (`@`) or markup (`<`), which no C# file does. A view that opens with plain words is read as C# whole, as
/// before (README, Known limits).
public enum RazorTemplate {
    /// The C# of bytes whose first byte past blanks is `@` or `<`; nil for any other bytes.
    public static func code(of bytes: [UInt8]) -> [UInt8]? {
        var start = bytes.starts(with: UTF8ByteOrderMark.bytes) ? 3 : 0
        while start < bytes.count, Byte.isInlineSpace(bytes[start]) || bytes[start] == Byte.newline || bytes[start] == Byte.carriageReturn {
            start += 1
        }
        guard start < bytes.count, bytes[start] == Byte.at || bytes[start] == Byte.less else { return nil }
        var reader = Reader(bytes: bytes)
        reader.read(from: start)
        return reader.code
    }

    /// Directives whose line is no code.
    private static let ignoredDirectives: Set<[UInt8]> = Set([
        "page", "model", "layout", "namespace", "inherits", "implements", "rendermode", "typeparam", "addTagHelper",
        "removeTagHelper", "tagHelperPrefix", "preservewhitespace", "section",
    ].map { Array($0.utf8) })
    /// Statements written after `@` in markup, each with its block.
    private static let statements: Set<[UInt8]> = Set(["if", "foreach", "for", "while", "switch", "lock", "try", "do"].map { Array($0.utf8) })
    /// Words that continue a statement after its block.
    private static let continuations: Set<[UInt8]> = Set(["else", "catch", "finally", "while"].map { Array($0.utf8) })

    private struct Reader {
        let bytes: [UInt8]
        var code: [UInt8]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            code = bytes.map { $0 == Byte.newline ? Byte.newline : Byte.space }
        }

        mutating func read(from start: Int) {
            var index = start
            while index < bytes.count {
                guard bytes[index] == Byte.at else {
                    index += 1
                    continue
                }
                // `@@` is a literal `@`; so is one after a letter or digit (an address: `ops@example.com`).
                if index + 1 < bytes.count, bytes[index + 1] == Byte.at {
                    index += 2
                    continue
                }
                if index > 0, Byte.isIdentifierPart(bytes[index - 1]) || bytes[index - 1] == Byte.dot {
                    index += 1
                    continue
                }
                guard index + 1 < bytes.count else { return }
                index = region(at: index)
            }
        }

        /// Reads the region an `@` at `at` opens; returns where reading goes on.
        private mutating func region(at: Int) -> Int {
            let next = bytes[at + 1]
            if next == Byte.star {
                // `@* … *@`, a comment.
                var cursor = at + 2
                while cursor + 1 < bytes.count, !(bytes[cursor] == Byte.star && bytes[cursor + 1] == Byte.at) { cursor += 1 }
                return cursor + 2
            }
            if next == Byte.openBrace || next == Byte.openParen {
                code[at] = Byte.semicolon
                return copyBalanced(from: at + 1)
            }
            guard Byte.isIdentifierStart(next) else { return at + 1 }
            var wordEnd = at + 1
            while wordEnd < bytes.count, Byte.isIdentifierPart(bytes[wordEnd]) { wordEnd += 1 }
            let word = Array(bytes[(at + 1)..<wordEnd])
            if word == Array("code".utf8) || word == Array("functions".utf8) {
                var cursor = wordEnd
                while cursor < bytes.count, Byte.isInlineSpace(bytes[cursor]) || bytes[cursor] == Byte.newline || bytes[cursor] == Byte.carriageReturn {
                    cursor += 1
                }
                guard cursor < bytes.count, bytes[cursor] == Byte.openBrace else { return wordEnd }
                code[at] = Byte.semicolon
                return copyBalanced(from: cursor)
            }
            if RazorTemplate.ignoredDirectives.contains(word) { return lineEnd(from: wordEnd) }
            if word == Array("inject".utf8) || word == Array("attribute".utf8) {
                code[at] = Byte.semicolon
                let end = lineEnd(from: wordEnd)
                copy(wordEnd..<end)
                return end
            }
            if word == Array("using".utf8) {
                var cursor = wordEnd
                while cursor < bytes.count, Byte.isInlineSpace(bytes[cursor]) { cursor += 1 }
                code[at] = Byte.semicolon
                // `@using (var scope = …) { … }` is a statement; `@using OpenAI.Chat` a directive.
                guard cursor < bytes.count, bytes[cursor] == Byte.openParen else {
                    let end = lineEnd(from: at + 1)
                    copy((at + 1)..<end)
                    return end
                }
                return statement(from: at + 1)
            }
            code[at] = Byte.semicolon
            if RazorTemplate.statements.contains(word) { return statement(from: at + 1) }
            return expression(from: at + 1)
        }

        /// Copies a statement from `start`: its head up to its block, the block, and `else`, `catch`, `finally` (or a
        /// `do`'s `while (…)`) with theirs.
        private mutating func statement(from start: Int) -> Int {
            var cursor = start
            while true {
                var head = cursor
                // The head ends at its block; a `;` (a `do`'s `while (…);`), markup or another region end it first.
                while head < bytes.count, bytes[head] != Byte.openBrace, bytes[head] != Byte.semicolon,
                      bytes[head] != Byte.less, bytes[head] != Byte.at
                {
                    if bytes[head] == Byte.openParen {
                        copy(cursor..<head)
                        cursor = copyBalanced(from: head)
                        head = cursor
                        continue
                    }
                    head += 1
                }
                copy(cursor..<head)
                guard head < bytes.count, bytes[head] == Byte.openBrace else { return head }
                cursor = copyBalanced(from: head)
                var after = cursor
                while after < bytes.count, Byte.isInlineSpace(bytes[after]) || bytes[after] == Byte.newline || bytes[after] == Byte.carriageReturn {
                    after += 1
                }
                var wordEnd = after
                while wordEnd < bytes.count, Byte.isIdentifierPart(bytes[wordEnd]) { wordEnd += 1 }
                guard wordEnd > after, RazorTemplate.continuations.contains(Array(bytes[after..<wordEnd])) else { return cursor }
                cursor = after
            }
        }

        /// Copies an implicit expression from `start`: a name, then members (`.Name`), calls and indexes; `await`
        /// before it.
        private mutating func expression(from start: Int) -> Int {
            var cursor = start
            while cursor < bytes.count {
                if Byte.isIdentifierStart(bytes[cursor]) {
                    let wordStart = cursor
                    while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
                    copy(wordStart..<cursor)
                    if bytes[wordStart..<cursor].elementsEqual("await".utf8), cursor < bytes.count, bytes[cursor] == Byte.space {
                        cursor += 1
                    }
                    continue
                }
                if bytes[cursor] == Byte.openParen || bytes[cursor] == Byte.openBracket {
                    cursor = copyBalanced(from: cursor)
                    continue
                }
                if bytes[cursor] == Byte.dot, cursor + 1 < bytes.count, Byte.isIdentifierStart(bytes[cursor + 1]) {
                    code[cursor] = Byte.dot
                    cursor += 1
                    continue
                }
                break
            }
            return cursor
        }

        private func lineEnd(from start: Int) -> Int {
            var cursor = start
            while cursor < bytes.count, bytes[cursor] != Byte.newline { cursor += 1 }
            return cursor
        }

        private mutating func copy(_ range: Range<Int>) {
            for position in range where position < bytes.count { code[position] = bytes[position] }
        }

        /// Copies the bracketed C# opening at `start` (`{`, `(` or `[`) through its closing bracket, skipping strings,
        /// characters and comments, and leaving markup lines inside it blank; returns the index after it.
        private mutating func copyBalanced(from start: Int) -> Int {
            var depth = 0
            var cursor = start
            var atLineStart = false
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == Byte.newline {
                    atLineStart = true
                    cursor += 1
                    continue
                }
                if atLineStart, Byte.isInlineSpace(byte) || byte == Byte.carriageReturn {
                    cursor += 1
                    continue
                }
                if atLineStart, isMarkupLine(at: cursor) {
                    // Markup inside a block: no code, but its own `@` regions are.
                    let end = lineEnd(from: cursor)
                    var inner = cursor
                    while inner < end {
                        if bytes[inner] == Byte.at, inner + 1 < end, bytes[inner + 1] != Byte.colon,
                           inner == 0 || !(Byte.isIdentifierPart(bytes[inner - 1]))
                        {
                            inner = max(region(at: inner), inner + 1)
                        } else {
                            inner += 1
                        }
                    }
                    cursor = max(end, inner)
                    atLineStart = false
                    continue
                }
                atLineStart = false
                if byte == Byte.quote || byte == Byte.dollar || byte == Byte.at, isStringStart(at: cursor) {
                    let end = stringEnd(from: cursor)
                    copy(cursor..<end)
                    cursor = end
                    continue
                }
                switch byte {
                case Byte.openBrace, Byte.openParen, Byte.openBracket:
                    depth += 1
                    code[cursor] = byte
                    cursor += 1
                case Byte.closeBrace, Byte.closeParen, Byte.closeBracket:
                    depth -= 1
                    code[cursor] = byte
                    cursor += 1
                    if depth <= 0 { return cursor }
                case Byte.apostrophe:
                    var end = cursor + 1
                    while end < bytes.count, bytes[end] != Byte.apostrophe, bytes[end] != Byte.newline {
                        end += bytes[end] == Byte.backslash ? 2 : 1
                    }
                    end = min(end + 1, bytes.count)
                    copy(cursor..<end)
                    cursor = end
                case Byte.slash where cursor + 1 < bytes.count && bytes[cursor + 1] == Byte.slash:
                    cursor = lineEnd(from: cursor)
                case Byte.slash where cursor + 1 < bytes.count && bytes[cursor + 1] == Byte.star:
                    cursor += 2
                    while cursor + 1 < bytes.count, !(bytes[cursor] == Byte.star && bytes[cursor + 1] == Byte.slash) { cursor += 1 }
                    cursor += 2
                default:
                    code[cursor] = byte
                    cursor += 1
                }
            }
            return cursor
        }

        /// A line inside a block that is markup: a tag (`<p>`, `</div>`, `<!--`) or `@:` text. No C# statement
        /// starts with `<`.
        private func isMarkupLine(at index: Int) -> Bool {
            guard index + 1 < bytes.count else { return false }
            let next = bytes[index + 1]
            if bytes[index] == Byte.at { return next == Byte.colon }
            return bytes[index] == Byte.less && (Byte.isIdentifierStart(next) || next == Byte.slash || next == UInt8(ascii: "!"))
        }

        private func isStringStart(at index: Int) -> Bool {
            var cursor = index
            while cursor < bytes.count, cursor < index + 2, bytes[cursor] == Byte.dollar || bytes[cursor] == Byte.at { cursor += 1 }
            return cursor < bytes.count && bytes[cursor] == Byte.quote
        }

        /// The index after a C# string starting at `start`: regular, verbatim (`@"…"`), interpolated (`$"…{expr}…"`,
        /// whose holes may hold strings of their own) or raw (`"""…"""`).
        private func stringEnd(from start: Int) -> Int {
            var cursor = start
            var verbatim = false
            var interpolated = false
            while bytes[cursor] != Byte.quote {
                if bytes[cursor] == Byte.at { verbatim = true } else { interpolated = true }
                cursor += 1
            }
            if cursor + 2 < bytes.count, bytes[cursor + 1] == Byte.quote, bytes[cursor + 2] == Byte.quote {
                var end = cursor + 3
                while end + 2 < bytes.count, !(bytes[end] == Byte.quote && bytes[end + 1] == Byte.quote && bytes[end + 2] == Byte.quote) {
                    end += 1
                }
                return min(end + 3, bytes.count)
            }
            cursor += 1
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == Byte.quote {
                    if verbatim, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.quote {
                        cursor += 2
                        continue
                    }
                    return cursor + 1
                }
                if byte == Byte.newline, !verbatim { return cursor }
                if byte == Byte.backslash, !verbatim {
                    cursor += 2
                    continue
                }
                if byte == Byte.openBrace, interpolated {
                    if cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.openBrace {
                        cursor += 2
                        continue
                    }
                    cursor = holeEnd(from: cursor)
                    continue
                }
                cursor += 1
            }
            return cursor
        }

        /// The index after an interpolated string's hole `{…}` starting at `start`.
        private func holeEnd(from start: Int) -> Int {
            var depth = 0
            var cursor = start
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == Byte.openBrace {
                    depth += 1
                } else if byte == Byte.closeBrace {
                    depth -= 1
                    if depth == 0 { return cursor + 1 }
                } else if (byte == Byte.quote || byte == Byte.dollar || byte == Byte.at), isStringStart(at: cursor) {
                    cursor = stringEnd(from: cursor)
                    continue
                }
                cursor += 1
            }
            return cursor
        }
    }
}
