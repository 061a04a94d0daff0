import GateCore
import GateRules
import XCTest

final class LineSetTests: XCTestCase {
    func testMembershipAcrossRangesAndGaps() {
        let lines = LineSet([9, 1, 2, 3, 7, 2, 10])
        XCTAssertEqual(Array(lines), [1, 2, 3, 7, 9, 10])
        XCTAssertEqual(lines.count, 6)
        XCTAssertEqual(lines.min(), 1)
        for line in [1, 2, 3, 7, 9, 10] { XCTAssertTrue(lines.contains(line), "\(line)") }
        for line in [0, 4, 5, 6, 8, 11, -1] { XCTAssertFalse(lines.contains(line), "\(line)") }
    }

    func testWholeRangeAndEmpty() {
        let whole = LineSet(1...50_000)
        XCTAssertTrue(whole.contains(1) && whole.contains(50_000) && whole.contains(25_000))
        XCTAssertFalse(whole.contains(50_001))
        XCTAssertEqual(whole.count, 50_000)
        XCTAssertEqual(whole, LineSet(Array(1...50_000)))
        let empty: LineSet = []
        XCTAssertTrue(empty.isEmpty)
        XCTAssertNil(empty.min())
        XCTAssertFalse(empty.contains(1))
    }

    func testAddedLinesReadOffHunksMatchTheListedNumbers() {
        func line(_ kind: DiffLineKind, _ old: Int?, _ new: Int?) -> DiffLine {
            DiffLine(kind: kind, oldNumber: old, newNumber: new, text: "x")
        }
        let edits = [
            Hunk(oldStart: 1, oldCount: 3, newStart: 1, newCount: 4, lines: [
                line(.context, 1, 1), line(.added, nil, 2), line(.added, nil, 3), line(.deleted, 2, nil), line(.context, 3, 4),
            ]),
            Hunk(oldStart: 10, oldCount: 1, newStart: 11, newCount: 3, lines: [
                line(.added, nil, 11), line(.context, 10, 12), line(.added, nil, 13),
            ]),
        ]
        let whole = [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 5_000,
                          lines: (1...5_000).map { line(.added, nil, $0) })]
        // Out of order (not what a diff produces, but a caller's hunks are not checked): still the same set.
        let shuffled = [edits[1], edits[0]]
        for hunks in [edits, whole, shuffled, []] {
            let listed = LineSet(hunks.flatMap(\.addedLineNumbers))
            XCTAssertEqual(LineSet(addedIn: hunks), listed)
        }
        XCTAssertEqual(Array(LineSet(addedIn: edits)), [2, 3, 11, 13])
        XCTAssertEqual(LineSet(addedIn: whole), LineSet(1...5_000))
    }
}
