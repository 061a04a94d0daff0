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

    func testACodeFilesNULBytesAreReadAsSpaces() {
        let bytes = Array("import os\u{0}\nKEY = 1\n".utf8)
        XCTAssertEqual(bytes.withUnsafeBufferPointer { TextBytes.text($0) }, .skipped(.binary))
        XCTAssertEqual(bytes.withUnsafeBufferPointer { TextBytes.text($0, codeNULs: true) }, .text(Array("import os \nKEY = 1\n".utf8)))
        // A compressed archive stays one whatever its path says.
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]
        XCTAssertEqual(zip.withUnsafeBufferPointer { TextBytes.text($0, codeNULs: true) }, .skipped(.archive))
    }

    func testAGitCryptBlobIsEncryptedWhateverItsPath() {
        let encrypted: [UInt8] = [0] + Array("GITCRYPT".utf8) + [0, 0x9C, 0x11, 0x00, 0xFE, 0x41]
        XCTAssertEqual(encrypted.withUnsafeBufferPointer { TextBytes.text($0, codeNULs: true) }, .skipped(.encrypted))
        XCTAssertEqual(TextBytes.text(encrypted), .skipped(.encrypted))
    }

    func testLoneCarriageReturnsEndLines() {
        // Classic Mac OS line ends become line feeds, one byte for one; CRLF stays as it is.
        XCTAssertEqual(TextBytes.text(Array("a = 1\rb = 2\r".utf8)), .text(Array("a = 1\nb = 2\n".utf8)))
        XCTAssertEqual(TextBytes.text(Array("a = 1\r\nb = 2\r\n".utf8)), .text(Array("a = 1\r\nb = 2\r\n".utf8)))
        XCTAssertEqual(TextBytes.text(Array("a\r\nb\rc\r\n\r".utf8)), .text(Array("a\r\nb\nc\r\n\n".utf8)))
        let bytes = Array("x = 1\ry = 2".utf8)
        XCTAssertEqual(bytes.withUnsafeBufferPointer { TextBytes.text($0) }, .text(Array("x = 1\ny = 2".utf8)))
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

    func testHunkOfKeptContentReadsItsLinesWhereTheyLie() throws {
        // The hunk of a new file's kept content makes each line when it is read: it must be the hunk the copying
        // builder makes, line for line, whatever the terminators and however the file ends.
        for text in ["one\r\n\ntwo\nthree", "a\n", "\n", "x", "naïve 🚀\r\n\r\nlast\n"] {
            let bytes = Array(text.utf8)
            let kept = try XCTUnwrap(Hunk(addingEveryLineOf: bytes))
            let copied = try XCTUnwrap(bytes.withUnsafeBufferPointer { TextBytes.wholeFileHunk($0, kind: .added) })
            XCTAssertEqual(kept, copied, text)
            XCTAssertEqual(kept.lines.map(\.text), copied.lines.map(\.text), text)
            XCTAssertEqual(kept.lines.count(of: .added), copied.lines.count, text)
            XCTAssertEqual(kept.lines.count(of: .deleted), 0, text)
            var read: [String] = []
            kept.lines.forEachText { kind, line in
                XCTAssertEqual(kind, .added)
                read.append(String(decoding: line, as: UTF8.self))
            }
            XCTAssertEqual(read, copied.lines.map(\.text), text)
            XCTAssertEqual(Fingerprint.hunkDigest(kept), Fingerprint.hunkDigest(copied), text)
        }
        XCTAssertNil(Hunk(addingEveryLineOf: []), "an empty file has no hunk")
    }

    private func decode(_ bytes: [UInt8]) -> TextBytes.Decoded { bytes.withUnsafeBufferPointer { TextBytes.decode($0) } }

    func testDecodingWhatIsNotPlainUTF8() {
        let text = "KEY=1\nnaïve 🚀\n"
        let utf16LE = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let utf32LE = text.unicodeScalars.flatMap { scalar in (0..<4).map { UInt8((scalar.value >> (8 * $0)) & 0xFF) } }
        let utf32BE = text.unicodeScalars.flatMap { scalar in (0..<4).reversed().map { UInt8((scalar.value >> (8 * $0)) & 0xFF) } }
        let expected = TextBytes.Decoded.text(Array(text.utf8))
        XCTAssertEqual(decode([0xFF, 0xFE] + utf16LE), expected)
        XCTAssertEqual(decode([0xFE, 0xFF] + utf16BE), expected)
        XCTAssertEqual(decode([0xFF, 0xFE, 0x00, 0x00] + utf32LE), expected)
        XCTAssertEqual(decode([0x00, 0x00, 0xFE, 0xFF] + utf32BE), expected)
        // Without a mark, UTF-16 is still told by its every-other-byte NULs.
        XCTAssertEqual(decode(Array("OPENAI_API_KEY=abc\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                       .text(Array("OPENAI_API_KEY=abc\n".utf8)))
        // Latin-1: lossy, and the line break stays where it was.
        XCTAssertEqual(decode([0x63, 0x61, 0x66, 0xE9, 0x0A, 0x78]), .text([0x63, 0x61, 0x66, 0xEF, 0xBF, 0xBD, 0x0A, 0x78]))
        XCTAssertEqual(decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]), .skipped(.archive))
        XCTAssertEqual(decode([0x1F, 0x8B, 0x08, 0x00, 0x00]), .skipped(.archive))
        XCTAssertEqual(decode([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49]), .skipped(.binary))
    }

    func testByteWindowsEndAtLineBreaksAndCountLines() throws {
        let text = Array("one\ntwo\nthree is longer\nfour\n".utf8)
        var windows = ByteWindows(windowSize: 10)
        var seen: [(String, Int)] = []
        try text.withUnsafeBufferPointer { all in
            // Fed in uneven pieces, as a working-tree read would deliver them.
            for range in [0..<3, 3..<17, 17..<text.count] {
                try windows.feed(UnsafeBufferPointer(rebasing: all[range]), final: range.upperBound == text.count) { window, line in
                    seen.append((String(decoding: window, as: UTF8.self), line))
                }
            }
        }
        XCTAssertEqual(seen.map(\.0).joined(), String(decoding: text, as: UTF8.self))
        XCTAssertEqual(seen.map(\.0), ["one\ntwo\n", "three is l", "onger\n", "four\n"])
        XCTAssertEqual(seen.map(\.1), [1, 3, 3, 4])
    }
}
