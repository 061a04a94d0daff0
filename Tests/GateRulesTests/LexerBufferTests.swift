import GateRules
import XCTest

/// The lexer's fast paths: partners laid out ahead of the tokens, word sets rejected by bit masks, string prefixes
/// read without allocating.
final class LexerBufferTests: XCTestCase {
    private func lex(_ text: String, _ language: SourceLanguage) -> LexedSource {
        Lexer.lex(Array(text.utf8), language: language)
    }

    private func strings(_ source: LexedSource) -> [String] {
        source.tokens.indices.filter { source.tokens[$0].kind == .string }.map { source.text($0) }
    }

    private func identifiers(_ source: LexedSource) -> [String] {
        source.tokens.indices.filter { source.tokens[$0].kind == .identifier }.map { source.text($0) }
    }

    func testPartnersStayOnePerTokenBeyondTheReservedCapacity() {
        // One token per byte, far denser than the lexer reserves for: the partner table must grow with the tokens.
        let depth = 700
        let source = lex(String(repeating: "(", count: depth) + String(repeating: ")", count: depth), .typescript)
        XCTAssertEqual(source.tokens.count, 2 * depth)
        XCTAssertEqual(source.partner.count, source.tokens.count)
        for index in 0..<(2 * depth) { XCTAssertEqual(source.partner[index], 2 * depth - 1 - index, "token \(index)") }
        XCTAssertEqual(source.blocks.count, depth)
        XCTAssertEqual(source.blocks[0].endToken, 2 * depth - 1)
        XCTAssertEqual(source.blocks[depth - 1].parent, depth - 2)

        let sparse = lex("const a = 1; // no brackets at all\n", .typescript)
        XCTAssertEqual(sparse.partner, Array(repeating: -1, count: sparse.tokens.count))
        XCTAssertTrue(lex("", .python).partner.isEmpty)
    }

    func testWordSetsMatchWholeWordsOnly() {
        let set = WordSet(["for", "while", "éclair", "x", String(repeating: "a", count: 32)])
        func has(_ word: String) -> Bool { set.contains(ArraySlice(Array(word.utf8))) }
        XCTAssertTrue(has("for"))
        XCTAssertTrue(has("while"))
        XCTAssertTrue(has("x"))
        XCTAssertTrue(has("éclair"))
        XCTAssertTrue(has(String(repeating: "a", count: 32)))
        XCTAssertFalse(has("fo"))
        XCTAssertFalse(has("form"))
        XCTAssertFalse(has("For"))
        XCTAssertFalse(has("wh1le"))
        XCTAssertFalse(has("éclairs"))
        XCTAssertFalse(has("y"))
        XCTAssertFalse(has(""))
        XCTAssertFalse(has(String(repeating: "a", count: 33)))
        // Words sharing a length and a first byte are each compared.
        let close = WordSet(["map", "mat", "max"])
        XCTAssertTrue(close.contains(ArraySlice(Array("max".utf8))))
        XCTAssertFalse(close.contains(ArraySlice(Array("mad".utf8))))
    }

    func testStringPrefixesAndPercentLiterals() {
        let python = lex(#"x = rb"\d" + F'{y}' + U"z" + Rb'\q' + bad"q""#, .python)
        XCTAssertEqual(strings(python), [#"\d"#, "{y}", "z", #"\q"#, "q"])
        // The f-string's `{y}` is code as well as the string's text.
        XCTAssertEqual(identifiers(python), ["x", "y", "bad"])

        let rust = lex(##"let a = r#"x"y"#; let b = br"z"; let c = b"w"; let d = rb"v"; let e = B"u";"##, .rust)
        XCTAssertEqual(strings(rust), [#"x"y"#, "z", "w", "v", "u"])
        XCTAssertEqual(identifiers(rust), ["let", "a", "let", "b", "let", "c", "let", "d", "rb", "let", "e"])

        let ruby = lex("a = %w[x y] + %i(p q) + %Q{t} + %q!u!\nb = 10 % 3\n", .ruby)
        XCTAssertEqual(strings(ruby), ["x y", "p q", "t", "u"])
        XCTAssertEqual(identifiers(ruby), ["a", "b"])
    }

    func testRegexesFollowKeywordsButNotValues() {
        let source = lex("if (x) return /a b/.test(s)\nconst r = total / 2 / count\ncase /x/: y", .javascript)
        XCTAssertEqual(strings(source), ["a b", "x"])
    }
}
