import GateCore
@testable import GateRules

/// Builds the `SourceFile` a detector sees from a base and head text, as the diff engine would: head lines that
/// are not in the base (by a longest-common-subsequence line diff) are added.
enum SchemaTestFiles {
    /// `renamedFrom`: the path the change renames the file from (`base` is its text there).
    static func sourceFile(path: String, head: String, base: String? = nil, renamedFrom: String? = nil) -> SourceFile {
        let headLines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let baseLines = base.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? []
        // With a base, the line diff a real change has, deleted lines included (a realigned line is told by them).
        let hunk = base == nil
            ? Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: headLines.count,
                   lines: headLines.enumerated().map { DiffLine(kind: .added, oldNumber: nil, newNumber: $0 + 1, text: $1) })
            : DetectorExample.diff(baseLines, headLines)
        let change = FileChange(
            path: path, oldPath: renamedFrom, kind: renamedFrom != nil ? .renamed : base == nil ? .added : .modified,
            hunks: [hunk], content: .text(Array(head.utf8)))
        return SourceFile(change: change)
    }

}

/// A head tree held in memory: the files a repository would have at head.
struct InMemoryHeadTree: HeadTree {
    var files: [String: String]

    func forEachFile(_ visit: (String, [UInt8]) throws -> Void) throws {
        for path in files.keys.sorted() { try visit(path, Array(files[path, default: ""].utf8)) }
    }
}
