import GateCore

/// What a PHP file pulls in of other files, read from its bytes before it is lexed: a plain script
/// (`public/complete.php`) reaches its helpers through `require __DIR__ . '/../lib/ai.php'` or a composer-loaded
/// function it imports (`use function Acme\Ai\complete;`), naming no class whose file the tree has.
enum PHPInclusions {
    private static let keywords = [Array("require".utf8), Array("include".utf8)]
    static let functionImport = BytePatterns(["use function "])

    /// The paths the file's `require`/`include` (and `_once`) statements name, as the PHP resolver spells a module
    /// (`./../lib/ai.php` for `__DIR__ . '/../lib/ai.php'`): the first quoted `.php`/`.inc` path of each statement.
    /// Looser than the resolver (any expression before the string), which is fine for a prefilter: a path still has
    /// to resolve to a tree file. Each keyword is found sixteen bytes at a time (`ByteSearch.find`); only the bytes
    /// after one are read.
    static func includedPaths(_ bytes: [UInt8]) -> [String] {
        var result: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            for keyword in keywords {
                var from = 0
                while true {
                    let position = ByteSearch.find(keyword, in: buffer, from: from)
                    guard position < buffer.count else { break }
                    from = position + keyword.count
                    guard position == 0 || !Byte.isIdentifierPart(buffer[position - 1]) else { continue }
                    if let path = quotedPath(in: buffer, after: from) { result.append(path) }
                }
            }
        }
        return result
    }

    /// The first quoted string ending in `.php` or `.inc` before the statement's end (`;`, or 240 bytes), as `./path`.
    private static func quotedPath(in buffer: UnsafeBufferPointer<UInt8>, after start: Int) -> String? {
        let limit = min(buffer.count, start + 240)
        var cursor = start
        while cursor < limit, buffer[cursor] != Byte.semicolon {
            let quote = buffer[cursor]
            guard quote == Byte.apostrophe || quote == Byte.quote else { cursor += 1; continue }
            var end = cursor + 1
            while end < limit, buffer[end] != quote, buffer[end] != Byte.newline { end += 1 }
            guard end < limit, buffer[end] == quote else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[(cursor + 1)..<end]), as: UTF8.self)
            guard text.hasSuffix(".php") || text.hasSuffix(".inc") else { cursor = end + 1; continue }
            return "./" + (text.hasPrefix("/") ? String(text.dropFirst()) : text)
        }
        return nil
    }
}
