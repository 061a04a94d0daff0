import GateCore
import GateRules
import XCTest

/// `DetectorExample.makeSourceFile()`: the marker is removed and located, and added lines come from a line diff.
final class SourceFileExampleTests: XCTestCase {
    func testMarkerIsRemovedAndLocated() {
        let example = DetectorExample("let a = 1\nlet b = ↓call()\n", path: "x.swift")
        XCTAssertEqual(example.markerPosition, DetectorExample.MarkerPosition(line: 2, column: 9))
        XCTAssertEqual(example.headWithoutMarker, "let a = 1\nlet b = call()\n")
        XCTAssertEqual(Array(example.makeSourceFile().bytes), Array("let a = 1\nlet b = call()\n".utf8))
    }

    func testNewFileAddsEveryLine() {
        let file = DetectorExample("a\nb\nc", path: "f.py").makeSourceFile()
        XCTAssertEqual(file.addedLines, [1, 2, 3])
        XCTAssertEqual(file.change.kind, .added)
    }

    func testLineDiffAddsOnlyChangedLines() {
        let file = DetectorExample("a\nx\nb\nc\ny\n", path: "f.py", base: "a\nb\nc\nd\n").makeSourceFile()
        XCTAssertEqual(file.addedLines, [2, 5])
        let deleted = file.change.hunks.flatMap(\.lines).filter { $0.kind == .deleted }.map(\.text)
        XCTAssertEqual(deleted, ["d"])
    }
}
