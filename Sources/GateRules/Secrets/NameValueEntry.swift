/// Settings stored as an entry with the setting's name in one field and its value in another: Postman's collections
/// and environments (`{ "key": "x-api-key", "value": "…" }`), Kubernetes and Compose-style environment lists
/// (`- name: DB_PASSWORD` over `  value: …`), ECS task definitions (`{ "name": "API_TOKEN", "value": "…" }`). The
/// value is the setting named by the entry's `key` or `name`, as `<add key="…" value="…"/>` is in XML. Terraform's
/// `variable "datadog_api_key" { default = "…" }` names its default the same way, by the block's label.
///
/// Like `AssignedName`, the ranges it returns index the file's bytes and hold only during the scan.
enum NameValueEntry {
    private static let valueField = Array("value".utf8)
    private static let nameFields = [Array("key".utf8), Array("name".utf8)]
    private static let defaultField = Array("default".utf8)
    /// How far back a variable block's opening is looked for: past its type and a description.
    private static let blockWindow = 1_024
    private static let variableKeyword = Array("variable".utf8)
    /// How far back the entry's name field is looked for: an entry is a line or two.
    private static let window = 240
    private static let nameCharacters = ByteSet("A-Za-z0-9_.-")
    private static let quotes = ByteSet("\"'")
    private static let blanks = ByteSet(" \t")
    private static let bareNameEnds = ByteSet(" \t\r\n,")

    /// The setting named by the entry whose `value` (or a Terraform variable's `default`) field is named at `field`,
    /// or nil when `field` is neither or its entry says no name.
    static func settingName(ofValueField field: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        if field.count == defaultField.count, buffer[field].elementsEqual(defaultField) {
            return variableLabel(enclosing: field.lowerBound, in: buffer)
        }
        guard field.count == valueField.count,
              field.indices.allSatisfy({ SecretValue.lowercased(buffer[$0]) == valueField[$0 - field.lowerBound] }),
              // A namespaced attribute (`android:value`) is markup's, whose entries XML configuration reads.
              field.lowerBound == 0 || buffer[field.lowerBound - 1] != UInt8(ascii: ":")
        else { return nil }
        var index = field.lowerBound - 1
        let limit = max(0, field.lowerBound - window)
        while index >= limit {
            let byte = buffer[index]
            // The entry's start: a JSON object's brace, or past a YAML list item's dash the previous item.
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "[") { return nil }
            if let name = nameFieldValue(startingAt: index, in: buffer) {
                // Postman's API-key auth names the key's entry `value` too: `"apikey": [{ "key": "value", "value": "…" }]`.
                let isValue = name.count == valueField.count
                    && name.indices.allSatisfy { SecretValue.lowercased(buffer[$0]) == valueField[$0 - name.lowerBound] }
                return isValue ? listKey(enclosing: index, in: buffer) : name
            }
            if byte == UInt8(ascii: "-"), index + 1 < buffer.count, buffer[index + 1] == UInt8(ascii: " "),
               isFirstOnLine(index, in: buffer) {
                return nil
            }
            index -= 1
        }
        return nil
    }

    /// The value of a `key`/`name` field starting at `start` (`"key": "x-api-key"`, `name: DB_PASSWORD`), when
    /// it is a setting's name: a single token of name characters.
    private static func nameFieldValue(startingAt start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard start == 0 || !nameCharacters.contains(buffer[start - 1]),
              let field = nameFields.first(where: { field in
                  start + field.count <= buffer.count
                      && field.indices.allSatisfy { SecretValue.lowercased(buffer[start + $0]) == field[$0] }
              })
        else { return nil }
        var index = start + field.count
        if index < buffer.count, quotes.contains(buffer[index]) { index += 1 }
        while index < buffer.count, blanks.contains(buffer[index]) { index += 1 }
        guard index < buffer.count, buffer[index] == UInt8(ascii: ":") || buffer[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < buffer.count, blanks.contains(buffer[index]) { index += 1 }
        var quote: UInt8?
        if index < buffer.count, quotes.contains(buffer[index]) {
            quote = buffer[index]
            index += 1
        }
        let nameStart = index
        while index < buffer.count, nameCharacters.contains(buffer[index]) { index += 1 }
        guard index > nameStart else { return nil }
        if let quote {
            guard index < buffer.count, buffer[index] == quote else { return nil }
        } else if index < buffer.count, !bareNameEnds.contains(buffer[index]) {
            return nil
        }
        return nameStart..<index
    }

    /// The key of the JSON list the entry at `index` sits in (`"apikey": [ … ]`): the key before its nearest unclosed
    /// `[`, within the entry's reach.
    private static func listKey(enclosing index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var depth = 0
        var cursor = index - 1
        let limit = max(0, index - window)
        while cursor >= limit {
            switch buffer[cursor] {
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth += 1
            // The entry's own opening brace, then the list's bracket, are the first unclosed ones.
            case UInt8(ascii: "{"): if depth > 0 { depth -= 1 }
            case UInt8(ascii: "["):
                if depth == 0 { return keyBefore(cursor, in: buffer) }
                depth -= 1
            default: break
            }
            cursor -= 1
        }
        return nil
    }

    /// The quoted or bare key before `end` across `:` and blanks (`"apikey": `).
    private static func keyBefore(_ end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var cursor = end - 1
        while cursor >= 0, blanks.contains(buffer[cursor]) || buffer[cursor] == UInt8(ascii: "\n") { cursor -= 1 }
        guard cursor >= 0, buffer[cursor] == UInt8(ascii: ":") else { return nil }
        cursor -= 1
        while cursor >= 0, blanks.contains(buffer[cursor]) { cursor -= 1 }
        if cursor >= 0, quotes.contains(buffer[cursor]) { cursor -= 1 }
        let keyEnd = cursor + 1
        while cursor >= 0, nameCharacters.contains(buffer[cursor]) { cursor -= 1 }
        return cursor + 1 < keyEnd ? (cursor + 1)..<keyEnd : nil
    }

    /// The label of the Terraform `variable "…" {` block around `index` (its nearest unclosed brace).
    private static func variableLabel(enclosing index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var cursor = index - 1
        let limit = max(0, index - blockWindow)
        while cursor >= limit, buffer[cursor] != UInt8(ascii: "{") {
            if buffer[cursor] == UInt8(ascii: "}") { return nil }
            cursor -= 1
        }
        guard cursor >= limit else { return nil }
        cursor -= 1
        while cursor >= 0, blanks.contains(buffer[cursor]) { cursor -= 1 }
        guard cursor >= 0, buffer[cursor] == UInt8(ascii: "\"") else { return nil }
        let labelEnd = cursor
        cursor -= 1
        while cursor >= 0, nameCharacters.contains(buffer[cursor]) { cursor -= 1 }
        guard cursor >= 0, buffer[cursor] == UInt8(ascii: "\""), cursor + 1 < labelEnd else { return nil }
        let label = (cursor + 1)..<labelEnd
        cursor -= 1
        while cursor >= 0, blanks.contains(buffer[cursor]) { cursor -= 1 }
        let keywordStart = cursor - variableKeyword.count + 1
        guard keywordStart >= 0, buffer[keywordStart...cursor].elementsEqual(variableKeyword),
              keywordStart == 0 || !nameCharacters.contains(buffer[keywordStart - 1])
        else { return nil }
        return label
    }

    private static func isFirstOnLine(_ index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = index - 1
        while cursor >= 0, blanks.contains(buffer[cursor]) { cursor -= 1 }
        return cursor < 0 || buffer[cursor] == UInt8(ascii: "\n")
    }
}
