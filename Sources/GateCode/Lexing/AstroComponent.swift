import GateCore

/// Astro components (`.astro`): the TypeScript between the `---` fences at the top (the frontmatter) is server code,
/// run at build time or, in server-rendered output, on every request; what follows is the template. A component is
/// read as the TypeScript of its frontmatter, each line on the component's own line and column; the fences and the
/// template are blank lines (secrets are still looked for in the component's own bytes). A client `<script>` in the
/// template runs in the browser and is not read.
public enum AstroComponent {
    /// The frontmatter of bytes that open with a `---` fence (blank lines before it allowed), everything else made
    /// spaces with the line feeds kept; nil for bytes that do not open so (every TypeScript file: no statement
    /// starts with `---`). A component without frontmatter, all template, is left as it is.
    public static func frontmatter(of bytes: [UInt8]) -> [UInt8]? {
        var start = 0
        while start < bytes.count, Byte.isInlineSpace(bytes[start]) || bytes[start] == Byte.newline { start += 1 }
        guard let opening = fenceLineEnd(at: start, in: bytes) else { return nil }
        // The closing fence: the next line that is `---` alone (a template with none is all frontmatter, as Astro
        // would fail on it anyway).
        var closing = bytes.count
        var lineStart = opening + 1
        while lineStart < bytes.count {
            if fenceLineEnd(at: lineStart, in: bytes) != nil {
                closing = lineStart
                break
            }
            let newline = bytes.withUnsafeBufferPointer { ByteSearch.find(Byte.newline, in: $0, from: lineStart) }
            guard newline < bytes.count else { break }
            lineStart = newline + 1
        }
        var code = bytes
        code.withUnsafeMutableBufferPointer { code in
            for index in 0..<min(opening, code.count) where code[index] != Byte.newline { code[index] = Byte.space }
            for index in closing..<code.count where code[index] != Byte.newline { code[index] = Byte.space }
        }
        return code
    }

    /// The end (its line feed, or the end of the bytes) of a `---` fence line starting at `start`, or nil when the
    /// line is something else. Trailing spaces and a CRLF's carriage return are allowed.
    private static func fenceLineEnd(at start: Int, in bytes: [UInt8]) -> Int? {
        guard start + 3 <= bytes.count, bytes[start] == Byte.minus, bytes[start + 1] == Byte.minus, bytes[start + 2] == Byte.minus
        else { return nil }
        var cursor = start + 3
        while cursor < bytes.count, Byte.isInlineSpace(bytes[cursor]) { cursor += 1 }
        guard cursor == bytes.count || bytes[cursor] == Byte.newline else { return nil }
        return cursor
    }
}
