import GateCore

/// ERB views (`show.html.erb`): the Ruby between `<%` and `%>` runs on every render (`<% summary =
/// OpenAI::Client.new.chat(...) %>`); the rest is the page's text. A view is read as the Ruby of its tags, each on the
/// view's own line and column, the page's text made spaces with its line feeds kept, and each tag's `%>` made a `;`
/// so two tags on one line stay two statements. `<%#` comments and `<%%` (a literal `<%`) are no code.
///
/// Told from a Ruby file by its bytes (the path is not at hand where code is lexed): a view opens with markup or a
/// tag (`<`), which no Ruby file does. A view that opens with plain words (a mailer's `.text.erb`) is read as Ruby
/// whole, as before (README, Known limits).
public enum ERBTemplate {
    /// The Ruby of bytes whose first byte past blanks is `<` and that hold a `<%` tag; nil for any other bytes.
    public static func code(of bytes: [UInt8]) -> [UInt8]? {
        var start = bytes.starts(with: UTF8ByteOrderMark.bytes) ? 3 : 0
        while start < bytes.count, Byte.isInlineSpace(bytes[start]) || bytes[start] == Byte.newline || bytes[start] == Byte.carriageReturn {
            start += 1
        }
        guard start < bytes.count, bytes[start] == Byte.less else { return nil }
        var code = [UInt8](repeating: Byte.space, count: bytes.count)
        var foundTag = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == Byte.newline {
                code[index] = Byte.newline
                index += 1
                continue
            }
            guard byte == Byte.less, index + 1 < bytes.count, bytes[index + 1] == Byte.percent else {
                index += 1
                continue
            }
            // `<%%` is the text `<%`.
            if index + 2 < bytes.count, bytes[index + 2] == Byte.percent {
                index += 3
                continue
            }
            foundTag = true
            let isComment = index + 2 < bytes.count && bytes[index + 2] == Byte.hash
            var cursor = index + 2
            // `<%=`, `<%==`, `<%-`: output and trimming marks, not Ruby.
            while cursor < bytes.count, bytes[cursor] == Byte.equals || bytes[cursor] == Byte.minus { cursor += 1 }
            // The tag ends at the first `%>` (ERB does not read Ruby to find it); `-%>` trims.
            var end = cursor
            while end + 1 < bytes.count, !(bytes[end] == Byte.percent && bytes[end + 1] == Byte.greater) { end += 1 }
            let closes = end + 1 < bytes.count
            let bodyEnd = closes && end > cursor && bytes[end - 1] == Byte.minus ? end - 1 : (closes ? end : bytes.count)
            for position in cursor..<bodyEnd where isComment == false || bytes[position] == Byte.newline {
                code[position] = bytes[position]
            }
            guard closes else { break }
            if !isComment { code[end] = Byte.semicolon }
            index = end + 2
        }
        return foundTag ? code : nil
    }
}
