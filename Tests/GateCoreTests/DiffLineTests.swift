import GateCore
import XCTest

/// A line kept as a range of its file's content must behave exactly like one holding its own string: same
/// text, same bytes, equal to it, and the same hunk digest (approvals sign that digest).
final class DiffLineTests: XCTestCase {
    func testALineInContentIsTheLineWithItsOwnText() throws {
        let content = Array("first\nsecond — ünïcode\r\n\nlast".utf8)
        let texts = ["first", "second — ünïcode", "", "last"]
        let ranges = [0..<5, 6..<26, 28..<28, 29..<33]
        XCTAssertEqual(ranges.map { String(decoding: content[$0], as: UTF8.self) }, texts)
        var sliced: [DiffLine] = []
        var owned: [DiffLine] = []
        for (index, range) in ranges.enumerated() {
            let line = DiffLine(kind: .added, oldNumber: nil, newNumber: index + 1, content: content, range: range)
            XCTAssertEqual(line.text, texts[index])
            XCTAssertEqual(line.withUTF8 { Array($0) }, Array(texts[index].utf8))
            sliced.append(line)
            owned.append(DiffLine(kind: .added, oldNumber: nil, newNumber: index + 1, text: texts[index]))
        }
        XCTAssertEqual(sliced, owned)
        let hunk = { (lines: [DiffLine]) in Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lines.count, lines: lines) }
        XCTAssertEqual(Fingerprint.hunkDigest(hunk(sliced)), Fingerprint.hunkDigest(hunk(owned)))

        // Equality is by text, and a line's text can still be replaced.
        var edited = sliced[0]
        XCTAssertNotEqual(edited, sliced[1])
        edited.text = "changed"
        XCTAssertEqual(edited.text, "changed")
        XCTAssertEqual(edited.withUTF8 { Array($0) }, Array("changed".utf8))
        XCTAssertNotEqual(edited, owned[0])
        XCTAssertNotEqual(Fingerprint.hunkDigest(hunk([edited])), Fingerprint.hunkDigest(hunk([owned[0]])))
    }
}
