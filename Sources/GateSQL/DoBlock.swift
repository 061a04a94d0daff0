/// The SQL a `DO` block's PL/pgSQL body runs: statements written in it directly (Drizzle's `DO $$ BEGIN ALTER
/// TABLE … ADD CONSTRAINT …; EXCEPTION WHEN duplicate_object THEN null; END $$;`, Supabase's `IF NOT EXISTS (…)
/// THEN ALTER TABLE … END IF;`) and the literal strings it runs through `EXECUTE '…'`.
///
/// The body is procedural code the SQL parser does not read, so it is cut into statements here: at `;` outside
/// quotes, dollar quotes and comments. A statement starts at a command word (`ALTER`, `CREATE`, `DROP`, …) that opens
/// the piece or follows `BEGIN`, `THEN`, `ELSE` or `LOOP`; the parser then reads it as SQL, and a piece it cannot
/// read is left alone (it is procedural code, not a broken migration).
enum DoBlock {
    /// The SQL statements of `code`, in order: each direct statement's text and each `EXECUTE` literal (`''`
    /// unescaped).
    static func statements(in code: String) -> [String] {
        let bytes = Array(code.utf8)
        var found: [String] = []
        var tokens: [Token] = []
        func flush() {
            if let start = statementStart(tokens) {
                let text = String(decoding: bytes[tokens[start].range.lowerBound..<(tokens.last?.range.upperBound ?? 0)], as: UTF8.self)
                found.append(text)
            }
            tokens.removeAll(keepingCapacity: true)
        }
        var scanner = Scanner(bytes: bytes)
        while let token = scanner.next() {
            switch token.kind {
            case .semicolon:
                flush()
            case .literal(let text):
                if tokens.last?.kind == .word("execute") { found.append(text) }
                tokens.append(token)
            default:
                tokens.append(token)
            }
        }
        flush()
        return found
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
