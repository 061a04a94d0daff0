/// Jupyter notebooks (`.ipynb`): JSON whose code cells hold Python. Data work calls paid models from notebooks in
/// loops over whole datasets, so a notebook is read as the Python of its code cells, each source line on the
/// notebook's own line and from its column: findings point at the JSON line that holds the code, and a change's
/// added lines are the code's. Markdown and raw cells, outputs and metadata are blank lines there (secrets are still looked for in the
/// notebook's own bytes).
///
/// nbformat writes a cell's keys sorted (`cell_type` before `outputs` before `source`) and its source as a list of
/// strings, one line each, one string a line (`json.dump(…, indent=1, sort_keys=True)`); Jupyter, JupyterLab,
/// VS Code and Colab all do. A source written as one string holding several lines keeps only its first line.
public enum JupyterNotebook {
    /// Whether bytes lexed as Python are a notebook's JSON: an object whose first key, as nbformat sorts them, is
    /// `cells` (no Python module opens with a dict display naming it).
    public static func isNotebook(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !Byte.isInlineSpace($0) && $0 != Byte.newline }),
              bytes[first] == Byte.openBrace
        else { return false }
        return contains(bytes[first..<min(bytes.count, first + 512)], cellsKey)
    }

    /// The code of bytes read as `language`: a notebook's Python, other bytes as they are (for byte-level reading
    /// before lexing, such as a file's imports).
    public static func code(of bytes: [UInt8], language: SourceLanguage) -> [UInt8] {
        language == .python && isNotebook(bytes) ? pythonLines(bytes) : bytes
    }

    private static let cellsKey = Array(#""cells""#.utf8)
    private static let cellTypeKey = Array(#""cell_type""#.utf8)
    private static let codeCell = Array(#""code""#.utf8)
    private static let sourceKey = Array(#""source""#.utf8)

    /// The Python of the notebook's code cells, line for line: every other line of the JSON is left empty.
    public static func pythonLines(_ bytes: [UInt8]) -> [UInt8] {
        var python: [UInt8] = []
        python.reserveCapacity(bytes.count / 2)
        var inCodeCell = false
        var inSource = false
        var lineStart = 0
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: Byte.newline) ?? bytes.count
            let line = bytes[lineStart..<lineEnd]
            let trimmed = line.drop(while: { Byte.isInlineSpace($0) })
            if inSource {
                if trimmed.first == Byte.closeBracket {
                    inSource = false
                } else if inCodeCell {
                    appendSource(decoding: trimmed, of: line, to: &python)
                }
            } else if trimmed.starts(with: cellTypeKey) {
                inCodeCell = contains(trimmed.dropFirst(cellTypeKey.count), codeCell)
            } else if trimmed.starts(with: sourceKey) {
                // `"source": [` opens the lines; `"source": "…"` is the whole source on this line.
                let value = trimmed.dropFirst(sourceKey.count).drop(while: { $0 == Byte.colon || Byte.isInlineSpace($0) })
                if value.first == Byte.openBracket {
                    let rest = value.dropFirst().drop(while: { Byte.isInlineSpace($0) })
                    inSource = rest.first != Byte.closeBracket
                } else if inCodeCell {
                    appendSource(decoding: value, of: line, to: &python)
                }
            }
            if lineEnd < bytes.count { python.append(Byte.newline) }
            lineStart = lineEnd + 1
        }
        return python
    }

    /// Appends the code of the JSON string literal `literal` of `line` where the code starts on the notebook's line
    /// (past the quote): a finding's column is the notebook's up to the line's first escaped character. nbformat
    /// writes every source line at the same depth, so the cells' code keeps its indentation relative to itself.
    private static func appendSource(decoding literal: ArraySlice<UInt8>, of line: ArraySlice<UInt8>, to python: inout [UInt8]) {
        let code = sourceLine(decoding: literal)
        guard !code.isEmpty else { return }
        python += repeatElement(Byte.space, count: literal.startIndex - line.startIndex + 1)
        python += code
    }

    /// The code a JSON string literal (`"    client.chat(…)\n",`) holds, up to its first line break.
    private static func sourceLine(decoding literal: ArraySlice<UInt8>) -> [UInt8] {
        guard literal.first == Byte.quote else { return [] }
        var decoded: [UInt8] = []
        var index = literal.startIndex + 1
        while index < literal.endIndex {
            let byte = literal[index]
            if byte == Byte.quote { break }
            guard byte == Byte.backslash, index + 1 < literal.endIndex else {
                decoded.append(byte)
                index += 1
                continue
            }
            let escaped = literal[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "n"), UInt8(ascii: "r"):
                return decoded
            case UInt8(ascii: "t"): decoded.append(Byte.tab)
            case UInt8(ascii: "b"), UInt8(ascii: "f"): decoded.append(Byte.space)
            case UInt8(ascii: "u"):
                guard index + 4 <= literal.endIndex, let unit = hexValue(literal[index..<index + 4]) else { return decoded }
                index += 4
                var scalar = unit
                // A surrogate pair: the low half follows as its own `\uXXXX`.
                if (0xD800..<0xDC00).contains(unit), index + 6 <= literal.endIndex, literal[index] == Byte.backslash,
                   literal[index + 1] == UInt8(ascii: "u"), let low = hexValue(literal[(index + 2)..<(index + 6)]),
                   (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                decoded += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default:
                // `\"`, `\\`, `\/`.
                decoded.append(escaped)
            }
        }
        return decoded
    }

    /// Whether `needle` occurs in a short stretch of a line.
    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (bytes.startIndex...(bytes.endIndex - needle.count)).contains { bytes[$0...].starts(with: needle) }
    }

    private static func hexValue(_ digits: ArraySlice<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt32(digit - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt32(digit - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = value << 4 | UInt32(digit - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return value
    }
}
