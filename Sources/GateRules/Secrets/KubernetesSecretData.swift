import Foundation

/// The `data:` values of Kubernetes Secret manifests, which the API requires in base64.
///
/// base64 is an encoding, not a protection: `kubectl get secret -o yaml` and hand-written manifests put every
/// credential there encoded, so a provider's key is only recognised once decoded, and an encoded placeholder
/// (`Y2hhbmdlbWU=`, `changeme`) only looks random while it is not. `stringData:` holds the same values in plain
/// text and is read as any other setting.
enum KubernetesSecretData {
    /// Manifests are YAML, or JSON as `kubectl … -o json` writes them.
    private static let manifestExtensions = ["yaml", "yml", "json"]
    private static let secretKind = Array("Secret".utf8)
    private static let kindKey = Array("kind".utf8)
    private static let dataKey = Array("data".utf8)
    private static let base64Alphabet = ByteSet("A-Za-z0-9+/")

    /// The byte ranges of the file's documents whose `kind` is `Secret` (YAML's `---` separates documents; a JSON
    /// file is one), empty for other files. Asked once per file, answered at once for files without the word.
    static func secretDocuments(in buffer: UnsafeBufferPointer<UInt8>, path: String) -> [Range<Int>] {
        guard let dot = path.lastIndex(of: "."),
              manifestExtensions.contains(path[path.index(after: dot)...].lowercased()),
              contains(secretKind, in: buffer, from: 0)
        else { return [] }
        return documents(in: buffer).filter { declaresSecretKind($0, in: buffer) }
    }

    /// Whether the setting named at `name` is an entry of a `data:` mapping (or a JSON `"data": {…}` object).
    static func isDataEntry(named name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let parent = NestedSettingName.enclosingKey(of: name, in: buffer) else { return false }
        return buffer[parent].elementsEqual(dataKey)
    }

    /// The text `value` encodes, or nil when it is not standard padded base64 of UTF-8 text (a certificate's DER,
    /// random key bytes, a value that was never encoded): such a value is judged as it is written. One final line
    /// break is dropped, as `echo secret | base64` adds it.
    static func decodedText(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard value.count >= 4, value.count % 4 == 0 else { return nil }
        let body = value.lowerBound..<(value.upperBound - padding(of: value, in: buffer))
        guard body.count >= value.count - 2, body.allSatisfy({ base64Alphabet.contains(buffer[$0]) }),
              let data = Data(base64Encoded: Data(UnsafeBufferPointer(rebasing: buffer[value])))
        else { return nil }
        var text = Array(data)
        if text.last == UInt8(ascii: "\n") { text.removeLast() }
        if text.last == UInt8(ascii: "\r") { text.removeLast() }
        // Control bytes other than line breaks and tabs, or invalid UTF-8: binary, not text.
        guard !text.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }),
              String(decoding: text, as: UTF8.self).utf8.elementsEqual(text)
        else { return nil }
        return text
    }

    private static func padding(of value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        while count < 2, buffer[value.upperBound - 1 - count] == UInt8(ascii: "=") { count += 1 }
        return count
    }

    /// The file's YAML documents: the stretches between lines that are `---` (a JSON file has none).
    private static func documents(in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var documents: [Range<Int>] = []
        var documentStart = 0
        var lineStart = 0
        while lineStart < buffer.count {
            var lineEnd = lineStart
            while lineEnd < buffer.count, buffer[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if lineEnd - lineStart >= 3, buffer[lineStart] == UInt8(ascii: "-"), buffer[lineStart + 1] == UInt8(ascii: "-"),
               buffer[lineStart + 2] == UInt8(ascii: "-"),
               (lineStart + 3..<lineEnd).allSatisfy({ buffer[$0] == UInt8(ascii: " ") || buffer[$0] == UInt8(ascii: "\r") }) {
                documents.append(documentStart..<lineStart)
                documentStart = lineEnd
            }
            lineStart = lineEnd + 1
        }
        documents.append(documentStart..<buffer.count)
        return documents
    }

    /// Whether the document says `kind: Secret` (`"kind": "Secret"` in JSON): `kind`, a colon and the word, each
    /// maybe quoted, and nothing of a longer word after it (`SecretProviderClass`, `SealedSecret` are other kinds).
    private static func declaresSecretKind(_ document: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = document.lowerBound
        while let at = firstIndex(of: secretKind, in: buffer, from: from), at < document.upperBound {
            from = at + 1
            let end = at + secretKind.count
            if end < buffer.count, Byte.isIdentifierPart(buffer[end]) { continue }
            var cursor = at - 1
            if cursor >= 0, buffer[cursor] == UInt8(ascii: "\"") || buffer[cursor] == UInt8(ascii: "'") { cursor -= 1 }
            while cursor >= 0, buffer[cursor] == UInt8(ascii: " ") { cursor -= 1 }
            guard cursor >= 0, buffer[cursor] == UInt8(ascii: ":") else { continue }
            cursor -= 1
            if cursor >= 0, buffer[cursor] == UInt8(ascii: "\"") { cursor -= 1 }
            let keyStart = cursor - kindKey.count + 1
            guard keyStart >= 0, buffer[keyStart...cursor].elementsEqual(kindKey),
                  keyStart == 0 || !Byte.isIdentifierPart(buffer[keyStart - 1])
            else { continue }
            return true
        }
        return false
    }

    private static func contains(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        firstIndex(of: needle, in: buffer, from: from) != nil
    }

    private static func firstIndex(of needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, buffer.count >= needle.count else { return nil }
        var index = from
        while index <= buffer.count - needle.count {
            if buffer[index] == first, needle.indices.allSatisfy({ buffer[index + $0] == needle[$0] }) { return index }
            index += 1
        }
        return nil
    }
}
