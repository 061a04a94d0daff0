@testable import GateCode
import XCTest

/// The lexer writes tokens into arrays sized from the byte count (one token per 3.5 bytes); denser code moves them
/// to memory it grows and copies back at the end. Both paths must produce the same tokens, partners and blocks.
final class LexerDenseSourceTests: XCTestCase {
    /// A file of `repeats` copies of `line`, lexed whole, against `line` lexed alone (which stays inside the
    /// estimate): every copy's tokens, partners and blocks are the single line's, shifted by position.
    private func assertRepeats(_ line: String, _ language: SourceLanguage, repeats: Int, file: StaticString = #filePath, lineNumber: UInt = #line) {
        let single = Lexer.lex(Array(line.utf8), language: language)
        let whole = Lexer.lex(Array(String(repeating: line, count: repeats).utf8), language: language)
        let perLine = single.tokens.count
        let width = line.utf8.count
        // Denser than the estimate the arrays are laid out for, so the whole file takes the growing path.
        XCTAssertGreaterThan(whole.tokens.count, whole.bytes.count * 2 / 7 + 16, file: file, line: lineNumber)
        XCTAssertEqual(whole.tokens.count, perLine * repeats, file: file, line: lineNumber)
        XCTAssertEqual(whole.partner.count, whole.tokens.count, file: file, line: lineNumber)
        XCTAssertEqual(whole.blocks.count, single.blocks.count * repeats, file: file, line: lineNumber)
        for copy in 0..<repeats {
            for offset in 0..<perLine {
                let token = whole.tokens[copy * perLine + offset]
                let expected = single.tokens[offset]
                XCTAssertEqual(token.kind, expected.kind, file: file, line: lineNumber)
                XCTAssertEqual(token.start, expected.start + copy * width, file: file, line: lineNumber)
                XCTAssertEqual(token.end, expected.end + copy * width, file: file, line: lineNumber)
                XCTAssertEqual(token.line, expected.line + copy, file: file, line: lineNumber)
                XCTAssertEqual(token.column, expected.column, file: file, line: lineNumber)
                XCTAssertEqual(token.firstOnLine, expected.firstOnLine, file: file, line: lineNumber)
                XCTAssertEqual(token.block, expected.block < 0 ? -1 : expected.block + copy * single.blocks.count, file: file, line: lineNumber)
                let partner = whole.partner[copy * perLine + offset]
                XCTAssertEqual(partner, single.partner[offset] < 0 ? -1 : single.partner[offset] + copy * perLine, file: file, line: lineNumber)
            }
            for (index, block) in single.blocks.enumerated() {
                let copied = whole.blocks[copy * single.blocks.count + index]
                XCTAssertEqual(copied.kind, block.kind, file: file, line: lineNumber)
                XCTAssertEqual(copied.openToken, block.openToken + copy * perLine, file: file, line: lineNumber)
                XCTAssertEqual(copied.endToken, block.endToken + copy * perLine, file: file, line: lineNumber)
                XCTAssertEqual(copied.startLine, block.startLine + copy, file: file, line: lineNumber)
            }
        }
    }

    func testDenseBracketsGrowPastTheEstimate() {
        // 14 tokens in 17 bytes, about three times the estimate: the arrays grow several times.
        assertRepeats("f(a[b],{c:d});\n", .typescript, repeats: 3_000)
    }

    func testDenseKeywordsAndPartnersSurviveTheMove() {
        // Recorded keywords and Python blocks (indentation-closed) across the move.
        let whole = Lexer.lex(Array(String(repeating: "import a\nx=[(b)]\n", count: 2_000).utf8), language: .python)
        XCTAssertGreaterThan(whole.tokens.count, whole.bytes.count * 2 / 7 + 16)
        XCTAssertEqual(whole.keywordTokens.count, 2_000)
        XCTAssertEqual(whole.keywordTokens.last, whole.tokens.count - 9)
        // The last line's `[` and `(` pair with its `]` and `)`.
        XCTAssertEqual(whole.partner[whole.tokens.count - 5], whole.tokens.count - 1)
        XCTAssertEqual(whole.partner[whole.tokens.count - 4], whole.tokens.count - 2)
        assertRepeats("g(x)(y)[z]\n", .go, repeats: 2_500)
    }

    func testEmptyAndTinySources() {
        XCTAssertEqual(Lexer.lex([], language: .typescript).tokens.count, 0)
        XCTAssertEqual(Lexer.lex([], language: .typescript).partner.count, 0)
        let one = Lexer.lex(Array("}".utf8), language: .rust)
        XCTAssertEqual(one.tokens.count, 1)
        XCTAssertEqual(one.partner, [-1])
    }
}
