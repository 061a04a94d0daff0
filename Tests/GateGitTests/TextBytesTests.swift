import GateCore
import XCTest

@testable import GateGit

/// The byte-level classification and line splitting the diff engine does without libgit2.
final class TextBytesTests: XCTestCase {
    private func reason(_ bytes: [UInt8]) -> SkipReason? {
        bytes.withUnsafeBufferPointer { TextBytes.skipReason($0) }
    }

    func testUTF8ValidationAgreesWithTheStandardLibrary() {
        let samples: [[UInt8]] = [
            [], Array("plain ascii that is longer than eight bytes\n".utf8), Array("é日本🚀".utf8),
            [0xC0, 0xAF],  // overlong "/"
            [0xE0, 0x80, 0xAF],  // overlong
            [0xED, 0xA0, 0x80],  // surrogate half
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80], [0x80], [0xE6, 0x97],  // truncated
            Array("abcdefgh".utf8) + [0xE6, 0x97, 0xA5] + Array("ijklmnop".utf8),
            Array("abcdefg".utf8) + [0xFF],
        ]
        for sample in samples {
            let expected = String(validating: sample, as: UTF8.self) != nil
            XCTAssertEqual(sample.withUnsafeBufferPointer { TextBytes.isValidUTF8($0) }, expected, "\(sample)")
        }
    }

    func testBinaryIsANulByteInTheFirst8000Bytes() {
        XCTAssertEqual(reason([0x41, 0x00, 0x42]), .binary)
        XCTAssertNil(reason(Array(repeating: 0x41, count: 8000) + [0x00]), "like git, only the first 8,000 bytes decide")
        XCTAssertEqual(reason([0x41, 0xFF, 0x0A]), .notUTF8)
        XCTAssertNil(reason([]))
    }

    func testWholeFileHunkNumbersEveryLine() throws {
        let bytes = Array("one\r\n\ntwo\nthree".utf8)
        let hunk = try XCTUnwrap(bytes.withUnsafeBufferPointer { TextBytes.wholeFileHunk($0, kind: .added) })
        XCTAssertEqual([hunk.oldStart, hunk.oldCount, hunk.newStart, hunk.newCount], [0, 0, 1, 4])
        XCTAssertEqual(hunk.lines.map(\.text), ["one", "", "two", "three"])
        XCTAssertEqual(hunk.lines.map(\.newNumber), [1, 2, 3, 4])
        XCTAssertEqual(hunk.lines.map(\.kind), [.added, .added, .added, .added])

        let deleted = try XCTUnwrap(Array("a\nb\n".utf8).withUnsafeBufferPointer { TextBytes.wholeFileHunk($0, kind: .deleted) })
        XCTAssertEqual([deleted.oldStart, deleted.oldCount, deleted.newStart, deleted.newCount], [1, 2, 0, 0])
        XCTAssertEqual(deleted.lines.map(\.oldNumber), [1, 2])
        XCTAssertEqual(deleted.lines.map(\.newNumber), [nil, nil])

        XCTAssertNil([UInt8]().withUnsafeBufferPointer { TextBytes.wholeFileHunk($0, kind: .added) }, "an empty file has no hunk")
        let blank = try XCTUnwrap(Array("\n".utf8).withUnsafeBufferPointer { TextBytes.wholeFileHunk($0, kind: .added) })
        XCTAssertEqual(blank.lines.map(\.text), [""])
    }
}
