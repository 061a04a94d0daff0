import GateCore
import GateTestSupport
import XCTest

@testable import GateGit

/// Everything one diff run produced, collected (tests only; the engine itself streams).
struct CollectedDiff {
    var changes: [FileChange]
    var summary: DiffSummary

    subscript(path: String) -> FileChange? { changes.first { $0.path == path } }

    var paths: [String] { changes.map(\.path).sorted() }
}

extension Repository {
    func collect(_ spec: DiffSpec, options: DiffOptions = DiffOptions()) throws -> CollectedDiff {
        var changes: [FileChange] = []
        let summary = try diff(spec, options: options) { changes.append($0) }
        return CollectedDiff(changes: changes, summary: summary)
    }

    /// The change from `base` to `head` as `git diff base...head` shows it.
    func collect(base: String, head: String, options: DiffOptions = DiffOptions()) throws -> CollectedDiff {
        let mergeBase = try mergeBase(resolveCommit(base), resolveCommit(head))
        return try collect(.commits(base: mergeBase, head: resolveCommit(head)), options: options)
    }
}

extension FileChange {
    var addedTexts: [String] { hunks.flatMap(\.lines).filter { $0.kind == .added }.map(\.text) }
    var deletedLines: [DiffLine] { hunks.flatMap(\.lines).filter { $0.kind == .deleted } }
    var headText: String? {
        if case .text(let bytes) = content { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }
}

/// `count` numbered lines, each distinct so line diffs are unambiguous.
func numberedLines(_ count: Int, prefix: String = "line") -> String {
    (1...count).map { "\(prefix) \($0)\n" }.joined()
}

/// Asserts `body` throws exactly `expected`.
func XCTAssertThrowsGitError<T>(
    _ body: @autoclosure () throws -> T, _ check: (GitError) -> Bool, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        _ = try body()
        XCTFail("expected a GitError, got a value. \(message)", file: file, line: line)
    } catch let error as GitError {
        XCTAssertTrue(check(error), "unexpected error: \(error). \(message)", file: file, line: line)
    } catch {
        XCTFail("expected a GitError, got \(error). \(message)", file: file, line: line)
    }
}
