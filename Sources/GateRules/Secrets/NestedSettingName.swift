/// The object a configuration setting sits in, for settings named only for what they hold: .NET's
/// `appsettings.json` (`"AzureOpenAI": { "Endpoint": "…", "Key": "…" }`), YAML (`mistral:` over `  api_key: …`), a
/// JavaScript config object (`cohere: { apiKey: "…" }`). The setting's name is then the object's and its own.
enum NestedSettingName {
    /// How far back the enclosing object's key is looked for: a settings object is short, and a large file of
    /// `"key"` entries (translations) must not be read back to its start at each.
    private static let window = 2_048
    private static let bareNames: [[UInt8]] = [
        "key", "apikey", "secret", "secretkey", "token", "apitoken", "accesstoken", "authtoken", "accesskey",
        "subscriptionkey", "primarykey", "clientsecret", "password",
    ].map { Array($0.utf8) }
    private static let longestBareName = 15

    /// Whether a name says what it holds and not whose it is (`Key`, `api_key`, `ApiKey`). Asked of every
    /// assignment no provider's rule took: compared on the stack, without allocating.
    static func isBare(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard name.count >= 3, name.count <= longestBareName + 2 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { normalized in
            var count = 0
            for byte in name where byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-") {
                normalized[count] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                count += 1
            }
            let written = UnsafeBufferPointer(rebasing: normalized[..<count])
            return bareNames.contains { $0.count == count && $0.elementsEqual(written) }
        }
    }

    /// The key of the object holding the setting named at `name`: the key before the nearest unclosed `{`, or in
    /// YAML the nearest line above indented less that opens a mapping (`AzureOpenAI:`).
    static func enclosingKey(of name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let start = name.lowerBound - (name.lowerBound > 0 && isQuote(buffer[name.lowerBound - 1]) ? 1 : 0)
        var lineStart = start
        while lineStart > 0, !isLineEnd(buffer[lineStart - 1]) { lineStart -= 1 }
        let indentation = buffer[lineStart..<start].prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
        if lineStart + indentation == start, indentation > 0, let key = yamlParent(ofLineAt: lineStart, indentation: indentation, in: buffer) {
            return key
        }
        return braceParent(before: start, in: buffer)
    }

    private static func braceParent(before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var depth = 0
        var cursor = start - 1
        let limit = max(0, start - window)
        while cursor >= limit {
            switch buffer[cursor] {
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth += 1
            case UInt8(ascii: "["): depth -= 1
            case UInt8(ascii: "{"):
                if depth == 0 { return key(endingBefore: cursor, in: buffer) }
                depth -= 1
            default: break
            }
            cursor -= 1
        }
        return nil
    }

    /// The key before `end` (an opening brace or a line's end), across `:` or `=` and spaces, quoted or bare.
    private static func key(endingBefore end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var cursor = end - 1
        while cursor >= 0, isBlank(buffer[cursor]) { cursor -= 1 }
        guard cursor >= 0, buffer[cursor] == UInt8(ascii: ":") || buffer[cursor] == UInt8(ascii: "=") else { return nil }
        cursor -= 1
        while cursor >= 0, isBlank(buffer[cursor]) { cursor -= 1 }
        guard cursor >= 0 else { return nil }
        if isQuote(buffer[cursor]) { cursor -= 1 }
        let keyEnd = cursor + 1
        while cursor >= 0, isNameByte(buffer[cursor]) { cursor -= 1 }
        return cursor + 1 < keyEnd ? (cursor + 1)..<keyEnd : nil
    }

    private static func yamlParent(ofLineAt lineStart: Int, indentation: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = lineStart - 1
        let limit = max(0, lineStart - window)
        while end > limit {
            var start = end
            while start > 0, !isLineEnd(buffer[start - 1]) { start -= 1 }
            let line = buffer[start..<end]
            let indent = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let content = line.dropFirst(indent)
            if !content.isEmpty, content.first != UInt8(ascii: "#"), indent < indentation {
                // `AzureOpenAI:` with nothing after the colon opens the setting's mapping; anything else ends the search.
                var last = end - 1
                while last > start, isBlank(buffer[last]) || buffer[last] == UInt8(ascii: "\r") { last -= 1 }
                return buffer[last] == UInt8(ascii: ":") ? key(endingBefore: last + 1, in: buffer) : nil
            }
            end = start - 1
        }
        return nil
    }

    private static func isLineEnd(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\n") }
    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    private static func isQuote(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") }
    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
