import GateCore

/// Jupyter notebooks (`.ipynb`): JSON whose code cells hold Python. Data work calls paid models from notebooks in
/// loops over whole datasets, so a notebook is read as the Python of its code cells, each source line on the
/// notebook's own line and from its column: findings point at the JSON line that holds the code, and a change's
/// added lines are the code's. Markdown and raw cells, outputs and metadata are blank lines there (secrets are still looked for in the
/// notebook's own bytes).
///
/// The JSON is walked as JSON (a byte-level walk of the top-level `cells` array, each cell's `cell_type` and
/// `source` in whatever order and layout), not line by line: a markdown cell's `"source": ["# Title\n"]` on one
/// line, keys unsorted, or any spacing leave the code cells as readable as Jupyter's own layout
/// (`json.dump(…, indent=1, sort_keys=True)`, one source string a line). Code can keep its lines only where each of
/// its lines has a JSON line of its own: a notebook saved as compact JSON, or a cell whose source is one string of
/// several lines (nbformat allows it), has code lines sharing a JSON line. Those cells are left blank and the
/// notebook is reported as not read line for line (`read(_:).lineForLine`), which the unscanned-content rule
/// reports rather than letting the code pass unread.
public enum JupyterNotebook {
    /// Whether bytes lexed as Python are a notebook's JSON: an object whose first key, as nbformat sorts them, is
    /// `cells`, or that names `nbformat` anywhere (a notebook whose keys are not sorted; no Python module opens
    /// with a dict display).
    public static func isNotebook(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.firstIndex(where: { !Byte.isInlineSpace($0) && $0 != Byte.newline }),
              bytes[first] == Byte.openBrace
        else { return false }
        return contains(bytes[first..<min(bytes.count, first + 512)], cellsKey)
            || bytes.withUnsafeBufferPointer { ByteSearch.find(nbformatKey, in: $0, from: first) < $0.count }
    }

    /// The code of bytes read as `language`: a notebook's Python, other bytes as they are (for byte-level reading
    /// before lexing, such as a file's imports).
    public static func code(of bytes: [UInt8], language: SourceLanguage) -> [UInt8] {
        language == .python && isNotebook(bytes) ? pythonLines(bytes) : bytes
    }

    /// The Python of the notebook's code cells, line for line: every other line of the JSON is left empty.
    public static func pythonLines(_ bytes: [UInt8]) -> [UInt8] { read(bytes).python }

    /// A notebook read: its code on its own lines (`python`), and whether every code line had a JSON line of its own
    /// (false: some cells' code shared lines and was left out).
    public struct Reading {
        public var python: [UInt8]
        public var lineForLine: Bool
    }

    /// Walks the notebook's JSON: the code cells' source strings, each placed on the line its literal starts on.
    public static func read(_ bytes: [UInt8]) -> Reading {
        var walk = Walk(bytes: bytes)
        walk.readTopLevel()
        return Reading(python: walk.assemble(), lineForLine: walk.lineForLine)
    }

    private static let cellsKey = Array(#""cells""#.utf8)
    private static let nbformatKey = Array(#""nbformat""#.utf8)

    /// One code line found: the JSON line (0-based) and the column its literal's body starts at, and its bytes
    /// (escapes decoded, line break dropped).
    private struct CodeLine {
        var line: Int
        var column: Int
        var code: [UInt8]
    }

    /// A cursor over the notebook's bytes that counts the lines it passes.
    private struct Walk {
        let bytes: [UInt8]
        var cursor = 0
        /// The line (0-based) of `lineCountedTo`, and where that line starts.
        var line = 0
        var lineStart = 0
        var lineCountedTo = 0
        var codeLines: [CodeLine] = []
        var lineForLine = true

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// The top-level object: its `cells` array read, every other member skipped.
        mutating func readTopLevel() {
            skipSpace()
            guard cursor < bytes.count, bytes[cursor] == Byte.openBrace else { return }
            cursor += 1
            while let key = nextKey() {
                if key.elementsEqual("cells".utf8) {
                    readCells()
                } else {
                    skipValue()
                }
            }
        }

        /// The `cells` array: each object's type and source strings, its code kept when the type is `code`.
        mutating func readCells() {
            skipSpace()
            guard cursor < bytes.count, bytes[cursor] == Byte.openBracket else { return skipValue() }
            cursor += 1
            while true {
                skipSpace()
                guard cursor < bytes.count else { return }
                switch bytes[cursor] {
                case Byte.closeBracket:
                    cursor += 1
                    return
                case Byte.comma:
                    cursor += 1
                case Byte.openBrace:
                    readCell()
                default:
                    skipValue()
                }
            }
        }

        /// One cell object. Its keys may come in any order, so its source literals are noted and kept once the
        /// cell turns out to be code.
        mutating func readCell() {
            cursor += 1
            var isCode = false
            var sources: [Range<Int>] = []
            while let key = nextKey() {
                if key.elementsEqual("cell_type".utf8) {
                    skipSpace()
                    let value = stringBody()
                    isCode = value.map { bytes[$0].elementsEqual("code".utf8) } ?? false
                    if value == nil { skipValue() }
                } else if key.elementsEqual("source".utf8) {
                    skipSpace()
                    if cursor < bytes.count, bytes[cursor] == Byte.openBracket {
                        cursor += 1
                        while true {
                            skipSpace()
                            guard cursor < bytes.count else { break }
                            if bytes[cursor] == Byte.closeBracket {
                                cursor += 1
                                break
                            }
                            if bytes[cursor] == Byte.comma {
                                cursor += 1
                            } else if let body = stringBody() {
                                sources.append(body)
                            } else {
                                skipValue()
                            }
                        }
                    } else if let body = stringBody() {
                        sources.append(body)
                    } else {
                        skipValue()
                    }
                } else {
                    skipValue()
                }
            }
            if isCode { keep(sources) }
        }

        /// Keeps a code cell's source literals as code lines, or leaves the whole cell out (and the notebook not
        /// read line for line) when two of its lines would share a JSON line.
        mutating func keep(_ sources: [Range<Int>]) {
            var cell: [CodeLine] = []
            var previousLine = codeLines.last?.line ?? -1
            for body in sources {
                let line = lineNumber(at: body.lowerBound)
                var code = decode(bytes[body])
                // A literal's own line break ends it; one inside it starts another line of code.
                if code.last == Byte.newline { code.removeLast() }
                if code.last == Byte.carriageReturn { code.removeLast() }
                if code.contains(Byte.newline) || code.contains(Byte.carriageReturn) || (line == previousLine && !code.isEmpty) {
                    lineForLine = false
                    return
                }
                if !code.isEmpty {
                    cell.append(CodeLine(line: line, column: body.lowerBound - lineStart, code: code))
                    previousLine = line
                }
            }
            codeLines += cell
        }

        /// The Python: the notebook's lines, empty but for the code lines kept. Every line of code is indented
        /// alike (the least column any starts at; nbformat writes them all at one), so the cells keep their
        /// indentation relative to themselves and each finding's column is the notebook's in Jupyter's layout.
        func assemble() -> [UInt8] {
            var python: [UInt8] = []
            python.reserveCapacity(bytes.count / 2)
            let indent = codeLines.map(\.column).min() ?? 0
            var next = 0
            var currentLine = 0
            var cursor = 0
            while true {
                if next < codeLines.count, codeLines[next].line == currentLine {
                    python += repeatElement(Byte.space, count: indent)
                    python += codeLines[next].code
                    next += 1
                }
                // The rest of the notebook's lines, counted by their line feeds.
                guard let newline = bytes.withUnsafeBufferPointer({ buffer -> Int? in
                    let found = ByteSearch.find(Byte.newline, in: buffer, from: cursor)
                    return found < buffer.count ? found : nil
                }) else { break }
                python.append(Byte.newline)
                cursor = newline + 1
                currentLine += 1
            }
            return python
        }

        /// The 0-based line of `offset`, counted on from the last line asked (offsets are asked in order).
        mutating func lineNumber(at offset: Int) -> Int {
            while lineCountedTo < offset {
                let newline = bytes.withUnsafeBufferPointer { ByteSearch.find(Byte.newline, in: $0, from: lineCountedTo) }
                guard newline < offset else { break }
                line += 1
                lineStart = newline + 1
                lineCountedTo = newline + 1
            }
            lineCountedTo = max(lineCountedTo, offset)
            return line
        }

        /// The next member's key of the object being read (the cursor past its colon), or nil at its end.
        mutating func nextKey() -> ArraySlice<UInt8>? {
            while true {
                skipSpace()
                guard cursor < bytes.count else { return nil }
                switch bytes[cursor] {
                case Byte.closeBrace:
                    cursor += 1
                    return nil
                case Byte.comma:
                    cursor += 1
                case Byte.quote:
                    guard let key = stringBody() else { return nil }
                    skipSpace()
                    if cursor < bytes.count, bytes[cursor] == Byte.colon { cursor += 1 }
                    return bytes[key]
                default:
                    // Not JSON a notebook holds: stop reading this object.
                    cursor = bytes.count
                    return nil
                }
            }
        }

        /// The body of the string literal at the cursor (between its quotes), the cursor moved past it; nil when
        /// no string starts there.
        mutating func stringBody() -> Range<Int>? {
            guard cursor < bytes.count, bytes[cursor] == Byte.quote else { return nil }
            let start = cursor + 1
            let end = bytes.withUnsafeBufferPointer { buffer -> Int in
                var index = start
                while true {
                    index = ByteSearch.find(Byte.quote, in: buffer, from: index)
                    guard index < buffer.count else { return buffer.count }
                    // A quote after an odd run of backslashes is escaped.
                    var backslashes = 0
                    while index - backslashes - 1 >= start, buffer[index - backslashes - 1] == Byte.backslash { backslashes += 1 }
                    if backslashes % 2 == 0 { return index }
                    index += 1
                }
            }
            cursor = min(end + 1, bytes.count)
            return start..<end
        }

        /// Skips one value: a string, an object or array with all it nests (outputs can be megabytes of them), or a
        /// scalar.
        mutating func skipValue() {
            skipSpace()
            guard cursor < bytes.count else { return }
            switch bytes[cursor] {
            case Byte.quote:
                _ = stringBody()
            case Byte.openBrace, Byte.openBracket:
                var depth = 0
                while cursor < bytes.count {
                    switch bytes[cursor] {
                    case Byte.quote:
                        _ = stringBody()
                        continue
                    case Byte.openBrace, Byte.openBracket:
                        depth += 1
                    case Byte.closeBrace, Byte.closeBracket:
                        depth -= 1
                        if depth == 0 {
                            cursor += 1
                            return
                        }
                    default:
                        break
                    }
                    cursor += 1
                }
            default:
                while cursor < bytes.count, bytes[cursor] != Byte.comma, bytes[cursor] != Byte.closeBrace,
                      bytes[cursor] != Byte.closeBracket
                {
                    cursor += 1
                }
            }
        }

        mutating func skipSpace() {
            while cursor < bytes.count, Byte.isInlineSpace(bytes[cursor]) || bytes[cursor] == Byte.newline { cursor += 1 }
        }

        /// A literal's body with its escapes decoded: as it is when it has none (most code lines).
        func decode(_ body: ArraySlice<UInt8>) -> [UInt8] {
            guard body.contains(Byte.backslash) else { return Array(body) }
            return Array(JSONStringLiteral.decode(body).utf8)
        }
    }

    /// Whether `needle` occurs in a short stretch of a line.
    private static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (bytes.startIndex...(bytes.endIndex - needle.count)).contains { bytes[$0...].starts(with: needle) }
    }
}
