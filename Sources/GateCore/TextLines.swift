/// The lines of a text read from a repository or user file, cut where git cuts them: at each `\n`, with a `\r`
/// right before it (a Windows line end) dropped along with it.
///
/// Why not `split(separator: "\n")`: Swift reads `\r\n` as ONE `Character`, never equal to `"\n"`, so a file saved
/// on Windows splits into a single line. Why not `split(whereSeparator: \.isNewline)`: it also cuts at a lone `\r`,
/// a vertical tab, a form feed, U+0085, U+2028 and U+2029, where git does not, so line numbers drift from the
/// diff's. A lone `\r` (classic Mac OS line ends) is likewise kept inside its line: git counts such a file as one
/// line, and gate's line numbers must be git's.
///
/// Lines come out like `split(separator: "\n", omittingEmptySubsequences: false)` gives them for LF text, so a
/// reader switched over keeps its behaviour on LF files: a text ending in a line end yields an empty last line,
/// an empty text one empty line; `omittingEmpty` drops empty lines (a CRLF blank line included) as the default
/// `split` does. Each line is a slice of the text, found with `memchr` over its UTF-8 (`LineBytes`, the diff's
/// own line cutter): no per-`Character` work and no allocation per line.
public struct TextLines: Sequence {
    private let text: Substring
    private let omittingEmpty: Bool

    public init(_ text: Substring, omittingEmpty: Bool = false) {
        self.text = text
        self.omittingEmpty = omittingEmpty
    }

    public init(_ text: String, omittingEmpty: Bool = false) {
        self.init(text[...], omittingEmpty: omittingEmpty)
    }

    /// The lines of a file's bytes decoded as UTF-8, invalid sequences (a Latin-1 file's accents) as U+FFFD:
    /// every line end survives the decoding, so line numbers are the file's.
    public init(decoding bytes: [UInt8], omittingEmpty: Bool = false) {
        self.init(String(decoding: bytes, as: UTF8.self), omittingEmpty: omittingEmpty)
    }

    public func makeIterator() -> Iterator { Iterator(text: text, omittingEmpty: omittingEmpty) }

    /// The first line (a commit message's subject), without cutting the rest.
    public var first: Substring? {
        var lines = makeIterator()
        return lines.next()
    }

    public struct Iterator: IteratorProtocol {
        private let text: Substring
        private let omittingEmpty: Bool
        /// Where the next line starts, as an index and as a UTF-8 offset from the text's start.
        private var start: String.Index
        private var offset = 0
        private var finished = false

        fileprivate init(text: Substring, omittingEmpty: Bool) {
            self.text = text
            self.omittingEmpty = omittingEmpty
            start = text.startIndex
        }

        public mutating func next() -> Substring? {
            while !finished {
                let (textEnd, lineEnd, endsInNewline) = boundaries()
                let utf8 = text.utf8
                let lineStart = start
                // `\n` and `\r` are ASCII, so both offsets fall on scalar (and Character) boundaries.
                let textEndIndex = utf8.index(lineStart, offsetBy: textEnd - offset)
                if !endsInNewline {
                    // The last line, without a line end (empty after a final `\n`): nothing follows it.
                    finished = true
                } else {
                    start = utf8.index(lineStart, offsetBy: lineEnd - offset)
                    offset = lineEnd
                }
                let line = text[lineStart..<textEndIndex]
                if omittingEmpty && line.isEmpty { continue }
                return line
            }
            return nil
        }

        /// Where the line at `offset` ends: its text (before `\r\n` or `\n`), the line itself (past its `\n`), and
        /// whether it has a `\n` (so another line, maybe empty, follows).
        private func boundaries() -> (textEnd: Int, lineEnd: Int, endsInNewline: Bool) {
            let measure = { [offset] (bytes: UnsafeBufferPointer<UInt8>) in
                let lineEnd = LineBytes.lineEnd(in: bytes, from: offset)
                let endsInNewline = lineEnd > offset && bytes[lineEnd - 1] == 0x0A
                return (LineBytes.textEnd(in: bytes, from: offset, to: lineEnd), lineEnd, endsInNewline)
            }
            // A native Swift string is always contiguous; a bridged one (Darwin) is copied once per line, a rare path.
            return text.utf8.withContiguousStorageIfAvailable(measure) ?? Array(text.utf8).withUnsafeBufferPointer(measure)
        }
    }
}
