import GateCore
import XCTest

/// A hunk's digest is part of every approval given for its findings: its value for a given hunk must never change,
/// however the lines are held or the digest is computed.
final class HunkDigestTests: XCTestCase {
    /// The digest of `+first`, `-old line`, `+second — ünïcode`, an empty added line, an empty deleted line and
    /// `+last`, each ended by a newline, with the context lines left out: SHA-256 of exactly that material (as
    /// `sha256sum` computes it), pinned so that an approval given before keeps matching.
    func testTheDigestIsTheSHA256OfTheMarkedChangedLines() throws {
        let content = Array("first\nkept\r\nsecond — ünïcode\n\nlast".utf8)
        let lines = [
            DiffLine(kind: .added, oldNumber: nil, newNumber: 1, content: content, range: 0..<5),
            DiffLine(kind: .deleted, oldNumber: 1, newNumber: nil, text: "old line"),
            DiffLine(kind: .context, oldNumber: 2, newNumber: 2, content: content, range: 6..<10),
            DiffLine(kind: .added, oldNumber: nil, newNumber: 3, content: content, range: 12..<32),
            DiffLine(kind: .added, oldNumber: nil, newNumber: 4, content: content, range: 33..<33),
            DiffLine(kind: .deleted, oldNumber: 3, newNumber: nil, text: ""),
            DiffLine(kind: .context, oldNumber: 4, newNumber: 5, text: "context is not signed"),
            DiffLine(kind: .added, oldNumber: nil, newNumber: 6, content: content, range: 34..<38),
        ]
        XCTAssertEqual(lines[3].text, "second — ünïcode")
        let hunk = Hunk(oldStart: 1, oldCount: 4, newStart: 1, newCount: 6, lines: lines)
        XCTAssertEqual(Fingerprint.hunkDigest(hunk), "04e0f92f1a6a899986989de9b766dc4396981e778d61cebad2c17b153b6d61b3")
        XCTAssertEqual(
            Fingerprint.hunkDigest(hunk),
            ContentDigest.sha256Hex("+first\n-old line\n+second — ünïcode\n+\n-\n+last\n"))
    }

    /// A hunk of context only signs nothing: the digest of no bytes.
    func testAHunkWithoutChangedLinesIsTheDigestOfNothing() {
        let hunk = Hunk(oldStart: 1, oldCount: 1, newStart: 1, newCount: 1,
                        lines: [DiffLine(kind: .context, oldNumber: 1, newNumber: 1, text: "same")])
        XCTAssertEqual(Fingerprint.hunkDigest(hunk), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Fingerprint.hunkDigest(Hunk(oldStart: 0, oldCount: 0, newStart: 0, newCount: 0, lines: [])),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// A whole new file is digested line by line as it streams through a buffer: files shorter and far longer
    /// than that buffer, lines longer than it, and a last line without its newline give the digest of the marked
    /// lines written out whole.
    func testAWholeFileHunkIsTheDigestOfItsMarkedLinesAtAnySize() throws {
        var generator = SystemRandomNumberGenerator()
        for lineCount in [1, 7, 500, 4_000] {
            var text = ""
            var material = ""
            for number in 0..<lineCount {
                // Now and then a line longer than the stream's buffer (16 KiB).
                let length = number % 97 == 5 ? 20_000 + Int.random(in: 0..<3_000, using: &generator) : Int.random(in: 0..<120, using: &generator)
                let line = String(repeating: "ab c\u{e9}", count: length / 5 + 1)
                text += line + (number == lineCount - 1 ? "" : "\n")
                material += "+" + line + "\n"
            }
            let hunk = try XCTUnwrap(Hunk(addingEveryLineOf: Array(text.utf8)))
            XCTAssertEqual(Fingerprint.hunkDigest(hunk), ContentDigest.sha256Hex(material), "\(lineCount) lines")
        }
    }

    /// The stream digests what it is given in any pieces as the bytes one after another.
    func testTheStreamDigestsItsPiecesAsOneRun() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<100_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let stream = ContentDigest.Stream()
        var offset = 0
        while offset < bytes.count {
            let size = [0, 1, 3, 16_383, 16_384, 16_385, 40_000][Int.random(in: 0..<7, using: &generator)]
            let piece = Array(bytes[offset..<min(bytes.count, offset + size)])
            if piece.count == 1 { stream.append(piece[0]) } else { piece.withUnsafeBufferPointer { stream.append($0) } }
            offset += piece.count
        }
        XCTAssertEqual(stream.finalizeHex(), ContentDigest.sha256Hex(bytes))
    }
}
