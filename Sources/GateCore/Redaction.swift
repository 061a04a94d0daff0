/// Shows enough of a secret to find it, never enough to use it.
public enum Redaction {
    /// `sk-proj-abc…` becomes `sk-p…[redacted 48 chars]`: a short recognisable prefix and the length.
    public static func redact(_ secret: String) -> String {
        let characters = Array(secret)
        let shown = characters.count >= 16 ? 4 : 0
        return String(characters.prefix(shown)) + "…[redacted \(characters.count) chars]"
    }

    /// Replaces every password libpq would read from `text`, wherever it appears (an error message, a log line):
    /// URI userinfo (`postgres://user:pw@host`), URI query parameters (`?password=pw`, `&sslpassword=pw`), and
    /// keyword/value pairs in any spacing or quoting libpq accepts (`password=pw`, `password = pw`,
    /// `password='it''s \\' quoted'`). The value becomes `***`; the rest of the text is kept.
    public static func redactConnectionString(_ text: String) -> String {
        redactKeywordValues(redactURIUserInfo(text))
    }

    /// Replaces the literal of every SQL `PASSWORD '…'` (and `PASSWORD E'…'`) in `text` with `***`, so a statement
    /// shown as evidence or in a migration listing never carries a role's password; the rest is kept.
    public static func redactSQLPasswords(_ text: String) -> String {
        let keyword = Array("password".utf8)
        guard mentionsPassword(text) else { return text }
        var bytes = Array(text.utf8)
        guard bytes.count > keyword.count else { return text }
        var index = 0
        var changed = false
        while index + keyword.count < bytes.count {
            var matches = true
            for offset in keyword.indices where bytes[index + offset] | 0x20 != keyword[offset] {
                matches = false
                break
            }
            guard matches else {
                index += 1
                continue
            }
            var cursor = index + keyword.count
            let spaced = cursor < bytes.count && (bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0A)
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D {
                cursor += 1
            }
            // In an E'…' string a backslash escapes the next byte, a quote included.
            let escapes = cursor < bytes.count && bytes[cursor] | 0x20 == UInt8(ascii: "e")
            if escapes { cursor += 1 }
            guard spaced, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "'") else {
                index += keyword.count
                continue
            }
            let open = cursor + 1
            var close = open
            while close < bytes.count {
                if escapes, bytes[close] == UInt8(ascii: "\\") { close += 2; continue }
                if bytes[close] == UInt8(ascii: "'") {
                    if close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: "'") { close += 2; continue }
                    break
                }
                close += 1
            }
            close = min(close, bytes.count)
            bytes.replaceSubrange(open..<close, with: Array("***".utf8))
            changed = true
            index = open + 3
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }

    /// Whether `text` holds the word `password` in any case. Almost no statement mentions a password: the redactions
    /// that look for one ask this first, in place, before copying anything.
    public static func mentionsPassword(_ text: String) -> Bool {
        let keyword = Array("password".utf8)
        var probe = text
        return probe.withUTF8 { bytes -> Bool in
            guard bytes.count > keyword.count else { return false }
            for index in 0..<(bytes.count - keyword.count) where bytes[index] | 0x20 == keyword[0] {
                if (1..<keyword.count).allSatisfy({ bytes[index + $0] | 0x20 == keyword[$0] }) { return true }
            }
            return false
        }
    }

    /// Keywords whose values are secrets: libpq's (`password`, `sslpassword`) and the environment's `PGPASSWORD`.
    static let secretKeywords: Set<String> = ["password", "sslpassword", "pgpassword"]

    /// `scheme://user:secret@host` → `scheme://user:***@host`, for every URI in `text`.
    private static func redactURIUserInfo(_ text: String) -> String {
        var bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        let separator = Array("://".utf8)
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: ":"), index + 3 <= bytes.count, Array(bytes[index..<index + 3]) == separator
            else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output += separator
            let start = index + 3
            // The authority ends at a path, query, fragment or blank; a password may hold '@', so the last one counts.
            var end = start
            while end < bytes.count, !isAuthorityEnd(bytes[end]) { end += 1 }
            guard let at = bytes[start..<end].lastIndex(of: UInt8(ascii: "@")),
                  let colon = bytes[start..<at].firstIndex(of: UInt8(ascii: ":"))
            else {
                index = start
                continue
            }
            output += bytes[start...colon]
            output += Array("***".utf8)
            index = at
        }
        bytes = output
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAuthorityEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: " ")
            || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ">")
    }

    /// `password = 'a b'`, `password=pw`, `?password=pw&…`: the value (quotes included) becomes `***`.
    private static func redactKeywordValues(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            // A keyword starts a word: at the start, after a blank, a URI's `?`/`&`, or punctuation around it.
            let startsWord = index == 0 || !isKeywordByte(bytes[index - 1])
            guard startsWord, isKeywordByte(bytes[index]) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var wordEnd = index
            while wordEnd < bytes.count, isKeywordByte(bytes[wordEnd]) { wordEnd += 1 }
            let word = String(decoding: bytes[index..<wordEnd], as: UTF8.self).lowercased()
            output += bytes[index..<wordEnd]
            index = wordEnd
            guard secretKeywords.contains(word) else { continue }
            var cursor = wordEnd
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: " ") || bytes[cursor] == UInt8(ascii: "\t") { cursor += 1 }
            output += bytes[wordEnd..<cursor]
            output += Array("***".utf8)
            index = valueEnd(bytes, from: cursor)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Where a keyword's value ends: after its closing quote (libpq's `\'` and `\\` escapes, SQL's `''`), else
    /// at the next blank or URI separator.
    private static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        guard start < bytes.count else { return start }
        let quote = bytes[start]
        if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
            var cursor = start + 1
            while cursor < bytes.count {
                if bytes[cursor] == UInt8(ascii: "\\") {
                    cursor += 2
                    continue
                }
                if bytes[cursor] == quote {
                    if cursor + 1 < bytes.count, bytes[cursor + 1] == quote {
                        cursor += 2
                        continue
                    }
                    return cursor + 1
                }
                cursor += 1
            }
            return bytes.count
        }
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            // libpq reads `\ ` in an unquoted value as an escaped blank (`password=Wr0ng\ Pass`): part of the value.
            if byte == UInt8(ascii: "\\") {
                cursor += 2
                continue
            }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "'")
            {
                break
            }
            // A URI ending a message, `…?password=x: connection refused`: the colon is the message's, not the value's
            // (a blank cannot follow inside an unquoted value).
            if byte == UInt8(ascii: ":"), cursor + 1 < bytes.count, bytes[cursor + 1] == UInt8(ascii: " ") { break }
            cursor += 1
        }
        return cursor
    }

    private static func isKeywordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    /// Flag and variable names whose values are credentials (`--password`, `--api-token`, `AWS_SECRET_ACCESS_KEY=`).
    static let secretNameParts = ["password", "passwd", "secret", "token", "apikey", "api-key", "api_key", "credential"]

    /// An argument vector as a log line, credentials redacted: connection strings, `--password=…`, `--token …`
    /// (the next argument), and `NAME=value` where the name says secret.
    public static func redactCommandLine(_ arguments: [String]) -> String {
        var shown: [String] = []
        var hideNext = false
        for argument in arguments {
            if hideNext {
                shown.append("***")
                hideNext = false
                continue
            }
            if let equals = argument.firstIndex(of: "=") {
                // Only the name decides: a value that merely mentions a token is not one.
                shown.append(isSecretName(argument[..<equals])
                             ? String(argument[...equals]) + "***" : redactConnectionString(argument))
                continue
            }
            if argument.hasPrefix("-"), isSecretName(Substring(argument)) { hideNext = true }
            shown.append(redactConnectionString(argument))
        }
        return shown.joined(separator: " ")
    }

    private static func isSecretName(_ name: Substring) -> Bool {
        let lowered = name.lowercased()
        return secretNameParts.contains { lowered.contains($0) }
    }
}

extension Redaction {
    /// Whether `text` is already in the form `redact` produces.
    public static func isRedacted(_ text: String) -> Bool {
        text.hasSuffix(" chars]") && text.contains("…[redacted ")
    }
}

extension Finding {
    /// The evidence as every output shows it: a secret's is redacted here even if its detector forgot to.
    public var shownEvidence: String? {
        guard let evidence, category == .secret, !Redaction.isRedacted(evidence) else { return evidence }
        return Redaction.redact(evidence)
    }
}
