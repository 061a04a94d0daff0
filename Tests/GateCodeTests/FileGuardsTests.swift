@testable import GateCode
import XCTest

/// `ChatCompletionsRecognizer`, counting how many times it is asked for a file's guards.
private final class CountingRecognizer: LeafRecognizer, @unchecked Sendable {
    let inner = ChatCompletionsRecognizer()
    private let lock = NSLock()
    private var asked = 0

    var guardQuestions: Int { lock.withLock { asked } }

    func paidLeaves(in lexed: LexedSource, path: String) -> [PaidLeaf] { inner.paidLeaves(in: lexed, path: path) }

    func guardTokens(in lexed: LexedSource) -> [Int] {
        lock.withLock { asked += 1 }
        return inner.guardTokens(in: lexed)
    }
}

/// A file's guards are found when first asked, once, and are those the recogniser finds.
final class FileGuardsTests: XCTestCase {
    private let route = """
        import { complete } from "./ai";
        function requireAuth(req) { if (!req.user) { return 401; } }
        export async function handler(req) {
          requireAuth(req);
          return complete(req.body);
        }

        """

    func testGuardsOfAChangedFileAreFoundOnlyWhenAsked() {
        let recognizer = CountingRecognizer()
        let index = CodeIndex(tree: InMemorySourceTree(["src/route.ts": route]), recognizer: recognizer)
        let lexed = Lexer.lex(Array(route.utf8), language: .typescript)
        let facts = index.facts(of: "src/route.ts", lexed: lexed)
        // Resolving a call into another file reads no guard of this one.
        guard let complete = facts.calls.first(where: { $0.name == "complete" }) else { return XCTFail("no call of complete") }
        _ = index.reach(of: complete, in: facts)
        XCTAssertEqual(recognizer.guardQuestions, 0)

        let expected = recognizer.inner.guardTokens(in: lexed)
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(facts.guardTokens, expected)
        XCTAssertEqual(facts.guardLines, Dictionary(uniqueKeysWithValues: expected.map { ($0, lexed.tokens[$0].line) }))
        // Copies of the facts share what was found.
        let copy = facts
        XCTAssertEqual(copy.guardTokens, expected)
        XCTAssertEqual(recognizer.guardQuestions, 1)
    }

    /// A summary of one of the file's own functions still sees its guards.
    func testASameFileGuardIsFoundThroughACall() {
        let index = CodeIndex(tree: InMemorySourceTree(["src/route.ts": route]), recognizer: CountingRecognizer())
        let facts = index.facts(of: "src/route.ts", lexed: Lexer.lex(Array(route.utf8), language: .typescript))
        guard let call = facts.calls.first(where: { $0.name == "requireAuth" }) else { return XCTFail("no call of requireAuth") }
        XCTAssertTrue(index.reach(of: call, in: facts).isGuard)
    }
}
