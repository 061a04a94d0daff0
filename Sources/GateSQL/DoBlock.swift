/// The SQL a `DO` block's PL/pgSQL body runs: statements written in it directly (Drizzle's `DO $$ BEGIN ALTER
/// TABLE … ADD CONSTRAINT …; EXCEPTION WHEN duplicate_object THEN null; END $$;`, Supabase's `IF NOT EXISTS (…)
/// THEN ALTER TABLE … END IF;`) and the literal strings it runs through `EXECUTE '…'`.
///
/// The body is procedural code the SQL parser does not read, so it is cut into statements here: at `;` outside
/// quotes, dollar quotes and comments. A statement starts at a command word (`ALTER`, `CREATE`, `DROP`, …) that opens
/// the piece or follows `BEGIN`, `THEN`, `ELSE` or `LOOP`; the parser then reads it as SQL, and a piece it cannot
/// read is left alone (it is procedural code, not a broken migration).
enum DoBlock {
    /// A statement of the body: its text and where it starts in the body (UTF-8 bytes; for an `EXECUTE` literal,
    /// just inside its quote).
    struct Statement {
        var text: String
        var offset: Int
    }

    /// The SQL statements of `code`, in order (each direct statement's text and each `EXECUTE` literal, `''`
    /// unescaped), and whether they are all the block runs: true when the rest of the
    /// body is only the PL/pgSQL that guards them (`BEGIN`, `EXCEPTION WHEN duplicate_object THEN null`, `IF NOT
    /// EXISTS (SELECT …) THEN … END IF`, `RAISE NOTICE`), as Drizzle and Supabase wrap a constraint or a type. A
    /// block that declares variables, loops, assigns, `PERFORM`s or `EXECUTE`s a computed string runs code gate
    /// does not read.
    static func read(_ code: String) -> (statements: [Statement], readsEverything: Bool) {
        let bytes = Array(code.utf8)
        var found: [Statement] = []
        var readsEverything = true
        var tokens: [Token] = []
        func flush() {
            let start = statementStart(tokens)
            if let start {
                let text = String(decoding: bytes[tokens[start].range.lowerBound..<(tokens.last?.range.upperBound ?? 0)], as: UTF8.self)
                found.append(Statement(text: text, offset: tokens[start].range.lowerBound))
            }
            if readsEverything, !onlyGuards(tokens[..<(start ?? tokens.count)]) { readsEverything = false }
            tokens.removeAll(keepingCapacity: true)
        }
        var scanner = Scanner(bytes: bytes)
        while let token = scanner.next() {
            switch token.kind {
            case .semicolon:
                flush()
            case .literal(let text):
                if tokens.last?.kind == .word("execute") {
                    found.append(Statement(text: text, offset: min(bytes.count, token.range.lowerBound + 1)))
                }
                tokens.append(token)
            default:
                tokens.append(token)
            }
        }
        flush()
        return (found, readsEverything)
    }

    /// The PL/pgSQL words that only guard the statements of a block, outside parentheses (an `IF EXISTS (SELECT …)`
    /// condition reads, it writes nothing).
    private static let guardWords: Set<String> = [
        "begin", "end", "if", "elsif", "elseif", "else", "then", "exception", "when", "null", "not", "exists", "and",
        "or", "raise", "notice", "info", "log", "debug", "warning",
    ]

    /// Whether `tokens` (a piece of the body before its statement, if any) only guard: guard words, a condition in
    /// parentheses, the condition names after `WHEN` and `OR`, message literals and numbers, `EXECUTE` of a literal.
    private static func onlyGuards(_ tokens: ArraySlice<Token>) -> Bool {
        var depth = 0
        var previous: Token.Kind?
        for (index, token) in zip(tokens.indices, tokens) {
            defer { previous = token.kind }
            switch token.kind {
            case .word(let word) where depth == 0:
                if guardWords.contains(word) || word.first?.isNumber == true { continue }
                if previous == .word("when") || previous == .word("or") { continue }
                if word == "execute", index + 1 < tokens.endIndex, case .literal = tokens[index + 1].kind { continue }
                return false
            case .openParenthesis:
                depth += 1
            case .closeParenthesis:
                depth = max(0, depth - 1)
            default:
                continue
            }
        }
        return true
    }

    /// The command words a statement in the body may open with: what changes the schema or the data, and `SET`
    /// (a `lock_timeout` set inside the block bounds the statements after it).
    private static let commands: Set<String> = [
        "alter", "create", "drop", "truncate", "update", "delete", "insert", "lock", "refresh", "cluster", "reindex",
        "comment", "grant", "revoke", "set",
    ]

    /// PL/pgSQL words after which a statement starts.
    private static let openers: Set<String> = ["begin", "then", "else", "loop"]

    private static func statementStart(_ tokens: [Token]) -> Int? {
        for (index, token) in tokens.enumerated() {
            guard case .word(let word) = token.kind, commands.contains(word) else { continue }
            if index == 0 { return index }
            if case .word(let previous) = tokens[index - 1].kind, openers.contains(previous) { return index }
        }
        return nil
    }

    struct Token {
        enum Kind: Equatable {
            /// A word, lowercased.
            case word(String)
            /// A single-quoted string, unescaped.
            case literal(String)
            case semicolon
            case openParenthesis, closeParenthesis
            /// Anything else: punctuation, numbers' signs, quoted names, dollar-quoted strings.
            case other
        }

        var kind: Kind
        var range: Range<Int>
    }

    /// Reads the body's tokens, skipping whitespace and comments.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func next() -> Token? {
            skipSpaceAndComments()
            guard index < bytes.count else { return nil }
            let start = index
            let byte = bytes[index]
            if isWordByte(byte) {
                while index < bytes.count, isWordByte(bytes[index]) || bytes[index] == 0x24 { index += 1 }
                let word = String(decoding: bytes[start..<index].map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }, as: UTF8.self)
                // `E'…'`: an escape string, where a backslash escapes the next byte.
                if word == "e", index < bytes.count, bytes[index] == 0x27 { return literal(from: start, escapes: true) }
                return Token(kind: .word(word), range: start..<index)
            }
            switch byte {
            case 0x3B:  // ;
                index += 1
                return Token(kind: .semicolon, range: start..<index)
            case 0x28, 0x29:  // ( )
                index += 1
                return Token(kind: byte == 0x28 ? .openParenthesis : .closeParenthesis, range: start..<index)
            case 0x27:  // '
                return literal(from: start, escapes: false)
            case 0x22:  // "quoted name"
                index += 1
                while index < bytes.count {
                    if bytes[index] == 0x22 {
                        if index + 1 < bytes.count, bytes[index + 1] == 0x22 { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index = min(bytes.count, index + 1)
                return Token(kind: .other, range: start..<index)
            case 0x24:  // $tag$ … $tag$
                if let tagEnd = dollarTagEnd(at: index) {
                    let tag = Array(bytes[index...tagEnd])
                    index = tagEnd + 1
                    while index < bytes.count, !bytes[index...].starts(with: tag) { index += 1 }
                    index = min(bytes.count, index + tag.count)
                    return Token(kind: .other, range: start..<index)
                }
                index += 1
                return Token(kind: .other, range: start..<index)
            default:
                index += 1
                return Token(kind: .other, range: start..<index)
            }
        }

        /// A single-quoted string from the quote at `index` (after the `E` of an escape string at `start`).
        private mutating func literal(from start: Int, escapes: Bool) -> Token {
            var text: [UInt8] = []
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                if escapes, byte == 0x5C, index + 1 < bytes.count {
                    text.append(bytes[index + 1])
                    index += 2
                    continue
                }
                if byte == 0x27 {
                    if index + 1 < bytes.count, bytes[index + 1] == 0x27 {
                        text.append(0x27)
                        index += 2
                        continue
                    }
                    break
                }
                text.append(byte)
                index += 1
            }
            index = min(bytes.count, index + 1)
            return Token(kind: .literal(String(decoding: text, as: UTF8.self)), range: start..<index)
        }

        /// Where the tag opening at `position` ends (`$$` or `$name$`), if a dollar quote opens there.
        private func dollarTagEnd(at position: Int) -> Int? {
            var cursor = position + 1
            while cursor < bytes.count, isWordByte(bytes[cursor]) {
                // A tag does not start with a digit: `$1` is a parameter.
                if cursor == position + 1, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 { return nil }
                cursor += 1
            }
            return cursor < bytes.count && bytes[cursor] == 0x24 ? cursor : nil
        }

        private mutating func skipSpaceAndComments() {
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                    index += 1
                } else if byte == 0x2D, index + 1 < bytes.count, bytes[index + 1] == 0x2D {
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if byte == 0x2F, index + 1 < bytes.count, bytes[index + 1] == 0x2A {
                    index += 2
                    while index + 1 < bytes.count, !(bytes[index] == 0x2A && bytes[index + 1] == 0x2F) { index += 1 }
                    index = min(bytes.count, index + 2)
                } else {
                    return
                }
            }
        }

        private func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F || byte >= 0x80
        }
    }
}
