@testable import GateCode
import XCTest

/// Which names a file binds to a factory's result (or to a method of another name's object: `res.json()`), and which
/// classes a factory's body returns.
final class FactoryResultNameTests: XCTestCase {
    func testNamesBoundToFactoriesAndWhatTheyReturn() {
        let route = Lexer.lex(Array("""
            const tts = getTTSProvider("openai");
            const data = await res.json();
            const mod = require("./ai");
            const client: OpenAI = makeClient();
            const worker = await createWorker();
            """.utf8), language: .typescript)
        XCTAssertEqual(FactExtractor.factoryResultNames(route, typed: ["client": "OpenAI"]), [
            "tts": "getTTSProvider()", "data": "res.json()", "worker": "createWorker()",
        ])
        let factory = Lexer.lex(Array("""
            export function pick(name: string) {
              if (name === "a") return new AlphaClient({ key });
              if (name === "b") { return Config.load(); }
              return new BetaClient();
            }
            """.utf8), language: .typescript)
        XCTAssertEqual(FactExtractor.returnedTypes(factory, definition: factory.tokens.indices.lowerBound...factory.tokens.count - 1),
                       ["AlphaClient", "BetaClient"])
    }
}
