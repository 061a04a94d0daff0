import GateCode
import XCTest

/// A file may end anywhere: inside a string just opened, a comment, a template. Readers look at the byte a token starts
/// at (the byte after a name, say) without asking whether there is one, so every token the lexer makes must start at a
/// byte of the file. A string's token starts at its content: one the file ends in right after its opening quote had
/// none, and crashed `gate check` on a paid call followed by `(x "` at the end of a file.
final class LexerFileEndTests: XCTestCase {
    func testEveryTokenStartsAtAByteOfTheFileWhateverItEndsIn() {
        let endings = ["\"", "'", "`", "\"\"\"", "f\"", "r'", "@\"", "$\"", "%q(", "<<~EOS", "/", "#{", "${", "\u{FFFD} \""]
        let languages: [SourceLanguage] = [.javascript, .typescript, .python, .ruby, .go, .java, .kotlin, .csharp, .php, .rust,
                                           .swift, .elixir]
        for language in languages {
            for ending in endings {
                let bytes = Array("r = client.chat.completions.create({model: x \(ending)".utf8)
                let lexed = Lexer.lex(bytes, language: language)
                for token in lexed.tokens {
                    XCTAssertLessThan(token.start, bytes.count, "\(language) ending \(ending): a token starts past the file")
                }
            }
        }
    }

    func testAStringTheFileEndsInAfterItsContentStartsIsStillAToken() {
        let bytes = Array("x = f(\"abc".utf8)
        let lexed = Lexer.lex(bytes, language: .javascript)
        XCTAssertEqual(lexed.tokens.last?.kind, .string)
        XCTAssertEqual(lexed.tokens.last.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }, "abc")
    }
}
