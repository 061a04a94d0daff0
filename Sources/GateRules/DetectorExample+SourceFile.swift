import GateCode
import GateCore

extension DetectorExample {
    /// Where the `↓` marker sits in the head text: 1-based line and byte column of what follows it.
    public struct MarkerPosition: Sendable, Equatable {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }
    }

    /// The head text with the marker removed.
    public var headWithoutMarker: String {
        String(String.UnicodeScalarView(head.unicodeScalars.filter { $0 != "\u{2193}" }))
    }

    /// The marker's position in the head text, if it has one.
    public var markerPosition: MarkerPosition? {
        let marker = Array(String(Self.marker).utf8)
        let bytes = Array(head.utf8)
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                line += 1
                lineStart = index + 1
            } else if bytes[index] == marker[0], index + marker.count <= bytes.count,
                      Array(bytes[index..<index + marker.count]) == marker
            {
                return MarkerPosition(line: line, column: index - lineStart + 1)
            }
            index += 1
        }
        return nil
    }

    /// The example as detectors see a real change: the head file (marker removed) and the lines it adds,
    /// from a line diff against the base (every line when there is no base).
    public func makeSourceFile() -> SourceFile {
        let headText = headWithoutMarker
        let headLines = Self.lines(headText)
        let hunk: Hunk
        if let base {
            let baseLines = Self.lines(base)
            hunk = Self.diff(baseLines, headLines)
        } else {
            hunk = Hunk(
                oldStart: 0, oldCount: 0, newStart: 1, newCount: headLines.count,
                lines: headLines.enumerated().map { DiffLine(kind: .added, oldNumber: nil, newNumber: $0 + 1, text: $1) })
        }
        let kind: FileChangeKind = renamedFrom != nil ? .renamed : base == nil ? .added : .modified
        let change = FileChange(
            path: path, oldPath: renamedFrom, kind: kind, oldMode: base == nil ? .absent : .regular,
            hunks: [hunk], content: .text(Array(headText.utf8)))
        return SourceFile(change: change)
    }

    /// `context` with a code index over the example's head: its own file and the files alongside it (unchanged
    /// when the example has none, as a single file needs no index).
    public func makeContext(_ context: DetectionContext = DetectionContext()) -> DetectionContext {
        guard !alongside.isEmpty else { return context }
        var files = Dictionary(alongside.map { ($0.path, $0.text) }, uniquingKeysWith: { $1 })
        files[path] = headWithoutMarker
        var context = context
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        return context
    }

    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A longest-common-subsequence line diff, as one hunk spanning the whole file (examples are small).
    static func diff(_ old: [String], _ new: [String]) -> Hunk {
        let rows = old.count
        let columns = new.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [DiffLine] = []
        var i = 0
        var j = 0
        while i < rows || j < columns {
            if i < rows, j < columns, old[i] == new[j] {
                lines.append(DiffLine(kind: .context, oldNumber: i + 1, newNumber: j + 1, text: new[j]))
                i += 1
                j += 1
            } else if j < columns, i == rows || table[i][j + 1] >= table[i + 1][j] {
                lines.append(DiffLine(kind: .added, oldNumber: nil, newNumber: j + 1, text: new[j]))
                j += 1
            } else {
                lines.append(DiffLine(kind: .deleted, oldNumber: i + 1, newNumber: nil, text: old[i]))
                i += 1
            }
        }
        return Hunk(oldStart: 1, oldCount: rows, newStart: 1, newCount: columns, lines: lines)
    }
}
