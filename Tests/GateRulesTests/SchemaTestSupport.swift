import GateCore
@testable import GateRules

/// Builds the `SourceFile` a detector sees from a base and head text, as the diff engine would: head lines that
/// are not in the base (by a longest-common-subsequence line diff) are added.
enum SchemaTestFiles {
    static func sourceFile(path: String, head: String, base: String? = nil) -> SourceFile {
        let headLines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let baseLines = base.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        let added = addedLineNumbers(base: baseLines, head: headLines)
        var lines: [DiffLine] = []
        for (index, text) in headLines.enumerated() {
            let number = index + 1
            lines.append(DiffLine(
                kind: added.contains(number) ? .added : .context, oldNumber: nil, newNumber: number, text: text))
        }
        let hunk = Hunk(oldStart: base == nil ? 0 : 1, oldCount: baseLines.count, newStart: 1, newCount: headLines.count,
                        lines: lines)
        let change = FileChange(
            path: path, kind: base == nil ? .added : .modified, hunks: [hunk], content: .text(Array(head.utf8)))
        return SourceFile(change: change)
    }

    private static func addedLineNumbers(base: [String], head: [String]) -> Set<Int> {
        guard !base.isEmpty else { return Set(1...max(1, head.count)) }
        var table = Array(repeating: Array(repeating: 0, count: head.count + 1), count: base.count + 1)
        for i in stride(from: base.count - 1, through: 0, by: -1) {
            for j in stride(from: head.count - 1, through: 0, by: -1) {
                table[i][j] = base[i] == head[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var added: Set<Int> = []
        var i = 0
        var j = 0
        while j < head.count {
            if i < base.count, base[i] == head[j] {
                i += 1
                j += 1
            } else if i < base.count, table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                added.insert(j + 1)
                j += 1
            }
        }
        return added
    }
}

/// A head tree held in memory: the files a repository would have at head.
struct InMemoryHeadTree: HeadTree {
    var files: [String: String]

    func forEachFile(_ visit: (String, [UInt8]) throws -> Void) throws {
        for path in files.keys.sorted() { try visit(path, Array(files[path, default: ""].utf8)) }
    }
}
