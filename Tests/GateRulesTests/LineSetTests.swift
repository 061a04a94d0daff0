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
}
