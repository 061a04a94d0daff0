import GateCore

/// Reads the settings of XML configuration, which puts no `=` or `:` between a setting's name and its value:
/// `<password>…</password>` (Maven's settings.xml), `<string name="client_secret">…</string>` (Android resources),
/// `<entry key="db.password">…</entry>` (Java's XML properties), `<setting name="ApiKey"><value>…</value>` (.NET
/// settings), and `<add key="ApiSecret" value="…"/>` (.NET appSettings), whose `=` reads as an assignment to `value`.
///
/// Like `AssignedName`, the ranges it returns index the file's bytes and hold only during the scan.
struct MarkupSyntax {
    private let nameCharacters = ByteSet("A-Za-z0-9_.:-")
    private let spaces = ByteSet(" \t\r\n")
    private let quotes = ByteSet("\"'")
    /// How far back an opening tag's `<` is looked for, and how long an element's text may be.
    private let longestTag = 400
    private let longestText = 512
    private static let valueName = Array("value".utf8)
    private static let ownerAttributes = [Array("key".utf8), Array("name".utf8)]

    /// Extensions of XML configuration files (.NET's web.config, app.config and project files, Maven's settings.xml,
    /// Android's resources); HTML is left out, where element text is prose.
    private static let markupExtensions: Set<String> = [
        "xml", "config", "resx", "csproj", "vbproj", "fsproj", "props", "targets", "pubxml",
    ]

    /// Whether element text and `key`/`value` attribute pairs are read in this file.
    static func readsMarkup(path: String) -> Bool {
        // Asked of every file's path, so by its bytes (as `SecretFileKind.allowsBareValues`): every extension is ASCII.
        PathBytes.with(path) { path in
            guard let name = path.fileName, let dot = path.lastIndex(of: UInt8(ascii: "."), in: name), dot != name.lowerBound,
                  let packed = path.packedLowercased((dot + 1)..<name.upperBound)
            else { return false }
            return packedMarkupExtensions.contains(packed)
        }
    }

    private static let packedMarkupExtensions = Set(markupExtensions.compactMap { PathBytes.packed($0.utf8) })

    /// The text of the element whose opening tag ends at the `>` at `hit`, and the name it is judged under: the
    /// tag's `key` or `name` attribute (`<string name="client_secret">`), for a bare `<value>` its enclosing
    /// setting's, else the element's own name (`<password>`). Nil when the `>` ends no opening tag followed by
    /// one line of text and a closing tag.
    func element(endingTagAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (name: Range<Int>, value: Range<Int>)? {
        guard hit > 0, buffer[hit - 1] != UInt8(ascii: "/"), let value = text(after: hit, in: buffer),
              let tag = openingTag(endingAt: hit, in: buffer), let element = elementName(of: tag, in: buffer)
        else { return nil }
        if let owner = ownerAttribute(in: tag, in: buffer) { return (owner, value) }
        if equalsIgnoringCase(buffer, element, Self.valueName), let enclosing = previousTag(before: tag.lowerBound, in: buffer),
           let owner = ownerAttribute(in: enclosing, in: buffer) {
            return (owner, value)
        }
        return (element, value)
    }

    /// For a `value="…"` attribute (`name` is the range of `value`), the content of its tag's `key` or `name`
    /// attribute; nil for any other attribute, and for namespaced ones (`android:value` holds manifest metadata,
    /// client IDs and tokens that ship in every app).
    func owner(ofAttribute name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard equalsIgnoringCase(buffer, name, Self.valueName), name.lowerBound > 0,
              spaces.contains(buffer[name.lowerBound - 1]),
              let tag = openingTag(around: name.lowerBound, in: buffer)
        else { return nil }
        return ownerAttribute(in: tag, in: buffer)
    }

    /// One line of text after `>` up to a closing tag (`</`), without the spaces around it.
    private func text(after hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = hit + 1
        let limit = min(buffer.count, end + longestText)
        while end < limit, buffer[end] != UInt8(ascii: "<") {
            if buffer[end] == UInt8(ascii: "\n") || buffer[end] == UInt8(ascii: ">") { return nil }
            end += 1
        }
        guard end + 1 < buffer.count, buffer[end] == UInt8(ascii: "<"), buffer[end + 1] == UInt8(ascii: "/") else { return nil }
        var start = hit + 1
        while start < end, spaces.contains(buffer[start]) { start += 1 }
        while end > start, spaces.contains(buffer[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        // `{COQLCE6DU6GtcS5P=}`: Maven's encrypted form, which only the master password in settings-security.xml opens.
        if buffer[start] == UInt8(ascii: "{"), buffer[end - 1] == UInt8(ascii: "}") { return nil }
        return start..<end
    }

    /// The opening tag `<…>` ending at the `>` at `hit` (not a closing tag, a comment or a declaration).
    private func openingTag(endingAt hit: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = hit - 1
        let limit = max(0, hit - longestTag)
        while index >= limit, buffer[index] != UInt8(ascii: "<") {
            if buffer[index] == UInt8(ascii: ">") { return nil }
            index -= 1
        }
        guard index >= limit, index + 1 < hit, ByteSet.letters.contains(buffer[index + 1]) else { return nil }
        return index..<(hit + 1)
    }

    /// The tag holding the byte at `position`: back to its `<`, on to its `>`.
    private func openingTag(around position: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = position
        let limit = min(buffer.count, position + longestTag)
        while end < limit, buffer[end] != UInt8(ascii: ">") {
            if buffer[end] == UInt8(ascii: "<") { return nil }
            end += 1
        }
        guard end < limit else { return nil }
        return openingTag(endingAt: end, in: buffer)
    }

    /// The opening tag just before `start`, with only spaces between: `<setting name="ApiKey">` before `<value>`.
    private func previousTag(before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = start - 1
        while index >= 0, start - index <= 200, spaces.contains(buffer[index]) { index -= 1 }
        guard index > 0, buffer[index] == UInt8(ascii: ">"), buffer[index - 1] != UInt8(ascii: "/") else { return nil }
        return openingTag(endingAt: index, in: buffer)
    }

    /// The element's name without a namespace prefix: `password` in `<password>`, `value` in `<x:value>`.
    private func elementName(of tag: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = tag.lowerBound + 1
        var end = start
        while end < tag.upperBound, nameCharacters.contains(buffer[end]) {
            if buffer[end] == UInt8(ascii: ":") { start = end + 1 }
            end += 1
        }
        return start < end ? start..<end : nil
    }

    /// The content of the tag's `key="…"` or `name="…"` attribute, if it has one.
    private func ownerAttribute(in tag: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = tag.lowerBound + 1
        while index < tag.upperBound {
            defer { index += 1 }
            guard spaces.contains(buffer[index - 1]),
                  let attribute = Self.ownerAttributes.first(where: { startsWithIgnoringCase(buffer, index, $0) })
            else { continue }
            var position = index + attribute.count
            while position < tag.upperBound, spaces.contains(buffer[position]) { position += 1 }
            guard position < tag.upperBound, buffer[position] == UInt8(ascii: "=") else { continue }
            position += 1
            while position < tag.upperBound, spaces.contains(buffer[position]) { position += 1 }
            guard position < tag.upperBound, quotes.contains(buffer[position]) else { continue }
            let quote = buffer[position]
            let start = position + 1
            var end = start
            while end < tag.upperBound, buffer[end] != quote { end += 1 }
            guard end < tag.upperBound, end > start else { return nil }
            return start..<end
        }
        return nil
    }

    private func startsWithIgnoringCase(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: [UInt8]) -> Bool {
        start + word.count <= buffer.count
            && word.indices.allSatisfy { SecretValue.lowercased(buffer[start + $0]) == word[$0] }
    }

    private func equalsIgnoringCase(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && startsWithIgnoringCase(buffer, range.lowerBound, word)
    }
}
