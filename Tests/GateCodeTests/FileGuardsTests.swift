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

/// A tree counting how many times each file is read.
private final class CountingTree: SourceTree, @unchecked Sendable {
    let inner: InMemorySourceTree
    private let lock = NSLock()
    private var reads: [String: Int] = [:]

    init(_ files: [String: String]) { inner = InMemorySourceTree(files) }

    func readCount(_ path: String) -> Int { lock.withLock { reads[path, default: 0] } }

    func paths() throws -> [String] { try inner.paths() }

    func contents(of path: String) throws -> [UInt8]? {
        lock.withLock { reads[path, default: 0] += 1 }
        return try inner.contents(of: path)
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

    /// A guard helper in another file is judged by its body (a guard token other than its own name) with that
    /// file's guards, as its facts are extracted: the file is read once, not read and lexed again for the judgement.
    func testAGuardHelpersBodyIsJudgedWithoutReadingItsFileAgain() {
        let helper = """
            export function requireAuth(req) {
              if (!req.user) { throw httpError(401); }
            }
            export function authLabel() { return "requireAuth"; }

            """
        let tree = CountingTree(["src/auth.ts": helper, "src/route.ts": """
            import { requireAuth, authLabel } from "./auth";
            export async function handler(req) {
              requireAuth(req);
              return authLabel();
            }

            """])
        let index = CodeIndex(tree: tree, recognizer: ChatCompletionsRecognizer())
        guard let facts = index.facts(of: "src/route.ts"),
              let requireAuth = facts.calls.first(where: { $0.name == "requireAuth" }),
              let authLabel = facts.calls.first(where: { $0.name == "authLabel" })
        else { return XCTFail("no facts or calls") }
        XCTAssertTrue(index.reach(of: requireAuth, in: facts).isGuard)
        // Its name is its only guard word: no check.
        XCTAssertFalse(index.reach(of: authLabel, in: facts).isGuard)
        XCTAssertEqual(tree.readCount("src/auth.ts"), 1)
    }
}
