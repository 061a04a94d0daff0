import GateCore
import XCTest

/// `TextLines` cuts where git does (`\n`, its `\r` dropped with it) and, on LF text, exactly as
/// `split(separator: "\n")` did, so the readers switched over to it keep their LF behaviour.
final class TextLinesTests: XCTestCase {
    private let lfTexts = [
        "", "\n", "\n\n", "a", "a\n", "a\nb", "a\nb\n", "\na\n\nb\n\n", "ünï — code\nsecond\n", "  indented\n\tx\n",
        "e\u{301}\n\u{301}after\n",
    ]

    func testLFTextSplitsExactlyAsSplitOnNewline() {
        for text in lfTexts {
            XCTAssertEqual(Array(TextLines(text)), text.split(separator: "\n", omittingEmptySubsequences: false), text.debugDescription)
            XCTAssertEqual(Array(TextLines(text, omittingEmpty: true)), text.split(separator: "\n"), text.debugDescription)
            XCTAssertEqual(Array(TextLines(text[...])), text.split(separator: "\n", omittingEmptySubsequences: false))
        }
    }

    func testCRLFTextSplitsLikeItsLFTwin() {
        for text in lfTexts {
            let windows = text.replacingOccurrences(of: "\n", with: "\r\n")
            XCTAssertEqual(Array(TextLines(windows)), Array(TextLines(text)), windows.debugDescription)
            XCTAssertEqual(Array(TextLines(windows, omittingEmpty: true)), Array(TextLines(text, omittingEmpty: true)))
        }
        XCTAssertEqual(Array(TextLines("openai==1.3\r\n\r\nrequests\r\n")), ["openai==1.3", "", "requests", ""])
        // Mixed line ends, as an edit on another machine leaves them.
        XCTAssertEqual(Array(TextLines("a\r\nb\nc\r\n")), ["a", "b", "c", ""])
    }

    func testALoneCarriageReturnStaysInItsLineAsGitKeepsIt() {
        XCTAssertEqual(Array(TextLines("a\rb\rc")), ["a\rb\rc"])
        // A `\r` ending the file's last line is a line end cut short, dropped as the diff's own lines drop it.
        XCTAssertEqual(Array(TextLines("a\rb\r")), ["a\rb"])
        // Only the `\r` right before the `\n` belongs to the line end (`LineBytes.textEnd` drops one).
        XCTAssertEqual(Array(TextLines("a\r\r\nb")), ["a\r", "b"])
        XCTAssertEqual(Array(TextLines("\r\n")), ["", ""])
    }

    func testLinesNumberAsTheDiffNumbersThem() {
        let bytes = Array("first\r\nsecond — ünïcode\r\n\nlast".utf8)
        let hunk = bytes.withUnsafeBufferPointer { buffer -> [String] in
            var texts: [String] = []
            var start = 0
            while start < buffer.count {
                let end = LineBytes.lineEnd(in: buffer, from: start)
                let textEnd = LineBytes.textEnd(in: buffer, from: start, to: end)
                texts.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<textEnd]), as: UTF8.self))
                start = end
            }
            return texts
        }
        XCTAssertEqual(Array(TextLines(decoding: bytes)), hunk[...].map { Substring($0) })
    }

    func testLatin1BytesKeepEveryLineEnd() {
        // "café = 1\r\nnaïve\r\n" saved as Latin-1: é and ï are single invalid bytes, read as U+FFFD.
        let bytes: [UInt8] = Array("caf".utf8) + [0xE9] + Array(" = 1\r\nna".utf8) + [0xEF] + Array("ve\r\nend".utf8)
        XCTAssertEqual(Array(TextLines(decoding: bytes)), ["caf\u{FFFD} = 1", "na\u{FFFD}ve", "end"])
    }

    func testASliceOfATextSplitsWithinTheSlice() {
        let text = "skip\r\nkeep one\r\nkeep two\r\ntail"
        guard let from = text.range(of: "keep one")?.lowerBound, let to = text.range(of: "\r\ntail")?.lowerBound else {
            return XCTFail("fixture text")
        }
        XCTAssertEqual(Array(TextLines(text[from..<to])), ["keep one", "keep two"])
    }
}
