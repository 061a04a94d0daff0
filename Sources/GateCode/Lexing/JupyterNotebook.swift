import GateCore

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
        // The body runs to the first quote no backslash escapes.
        var end = literal.startIndex + 1
        while end < literal.endIndex, literal[end] != Byte.quote {
            end += literal[end] == Byte.backslash ? 2 : 1
        }
        let text = JSONStringLiteral.decode(literal[(literal.startIndex + 1)..<min(end, literal.endIndex)])
        return Array(text.utf8.prefix { $0 != Byte.newline && $0 != Byte.carriageReturn })
    }

    /// Whether `needle` occurs in a short stretch of a line.
    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (bytes.startIndex...(bytes.endIndex - needle.count)).contains { bytes[$0...].starts(with: needle) }
    }
}
