import GateCode
import XCTest
@testable import GateRules

/// The shortcuts the hot path takes must find exactly what the slow way finds: guard tokens judged only where
/// the prefilter saw a guard word, schema names judged only while they are still wanted.
final class ScanShortcutTests: XCTestCase {
    /// Every identifier and number judged one by one: what `guardTokens` must agree with.
    private func guardTokensOneByOne(_ lexed: LexedSource) -> [Int] {
        let finder = HandlerFinder(lexed: lexed, path: "")
        return lexed.tokens.indices.filter { lexed.tokens[$0].kind != .string && finder.containsGuard($0...$0) }
    }

    func testGuardTokensAreThoseEveryTokenJudgedAloneFinds() {
        let source = """
            import { auth } from "@/lib/auth";
            import jwtDecode from "jwt-decode";

            export async function POST(req) {
              const session = await auth();
              if (!session) return new Response("no", { status: 401 });
              const claims = jwtDecode(req.headers.get("Authorization"));
              if (req.session.user == null) return Response.json({}, { status: 0x193 });
              const author = claims.author;
              await rateLimiter.consume(req.ip);
              return Response.json({ author, authToken: claims.authToken });
            }
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let found = CatalogueLeafRecognizer().guardTokens(in: lexed)
        XCTAssertEqual(found, guardTokensOneByOne(lexed))
        let words = Set(found.map { lexed.text($0) })
        // Guard words of every kind: long ones the prefilter finds, `jwt` (too short for it), `session` after
        // `req.`, the 401 status; not `Authorization` (a header passed along), `author`, `authToken`.
        XCTAssertTrue(words.isSuperset(of: ["auth", "jwtDecode", "session", "401", "rateLimiter"]), "\(words)")
        XCTAssertTrue(words.isDisjoint(with: ["Authorization", "author", "authToken", "claims"]), "\(words)")
    }

    func testAFileWithoutLongGuardWordsHasNoGuardTokens() {
        let lexed = Lexer.lex(Array("const value = compute(401);\n".utf8), language: .typescript)
        XCTAssertEqual(CatalogueLeafRecognizer().guardTokens(in: lexed), [])
    }

    func testKeywordGroupsAreToldApartInOnePass() {
        let filter = KeywordPrefilter(groups: [[Array("openai".utf8)], [Array("fetch".utf8)]])
        XCTAssertEqual(filter.matchedGroups(Array("await fetch(url)".utf8), enough: 1), 2)
        // A request word first, then the provider: both seen.
        XCTAssertEqual(filter.matchedGroups(Array("fetch(x); new OpenAI()".utf8), enough: 1), 3)
        // The provider first: enough, the scan stops there.
        XCTAssertEqual(filter.matchedGroups(Array("new OpenAI(); fetch(x)".utf8), enough: 1), 1)
        XCTAssertEqual(filter.matchedGroups(Array("nothing to see".utf8), enough: 1), 0)
        XCTAssertTrue(filter.matches(Array("FETCH".utf8)))
        XCTAssertFalse(KeywordPrefilter([Array("openai".utf8)]).matches(Array("open ai".utf8)))
    }

    /// A file that sends requests but names no provider is read only when a file it imports could hold a paid
    /// URL constant (it names a provider's host or paid path): `fetch(USERS_URL)` from a file of app paths is not.
    func testARequestSendingFileIsReadOnlyWhenItsImportsCouldHoldAPaidURL() {
        let files = [
            "lib/endpoints.ts": "export const CHAT_URL = \"https://api.openai.com/v1/chat/completions\";\n",
            "lib/paths.ts": "export const USERS_URL = \"/api/users\";\n",
            "app/chat.ts": "import { CHAT_URL } from \"../lib/endpoints\";\nexport async function ask(body: string) {\n  return fetch(CHAT_URL, { method: \"POST\", body });\n}\n",
            "app/users.ts": "import { USERS_URL } from \"../lib/paths\";\nexport async function load() {\n  return fetch(USERS_URL);\n}\n",
        ]
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        func analysis(_ path: String) -> FileAnalysis {
            FileAnalysis.of(DetectorExample(files[path] ?? "", path: path).makeSourceFile(), context: context)
        }
        let chat = analysis("app/chat.ts")
        XCTAssertNotNil(chat.lexed)
        XCTAssertEqual(chat.sites.map(\.line), [3])
        let users = analysis("app/users.ts")
        XCTAssertNil(users.lexed)
        XCTAssertEqual(context.code?.stats.filesUnableToReachPaid, 1)
    }

    func testPathComponentNamesAreReadAsTheProviderNamesAreWritten() {
        // The String way, per component: the first non-empty dot-separated part, lowercased, without - and _.
        func slow(_ path: String) -> [[UInt8]] {
            path.lowercased().split(separator: "/").map { component in
                Array((component.split(separator: ".").first ?? component).filter { $0 != "-" && $0 != "_" }.utf8)
            }
        }
        for path in [
            "app/providers/openai.py", "services/Open-AI.client.ts", ".github/workflows/gate.yml", "lib/ai/anthropic/index.ts",
            "src/..hidden/x_y.go", "a//b/", "Providers/AWS_Bedrock/client.rb", "-.openai/x", "_/__init__.py",
        ] {
            XCTAssertEqual(SiteFinder.componentNames(path), slow(path), path)
        }
    }

    func testSchemaNamesNoLongerWantedAreSkippedAndTheOthersJudgedAlike() {
        let names = [
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "summary", line: 2),
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "score", line: 3),
            SchemaChangeAnalyzer.SchemaName(table: "steps", column: nil, line: 4),
        ]
        let code = Array("""
            def run(report_id):
                report = Report.objects.get(id=report_id)
                print(report.score)
                report.summary = summarize(report.body)
                report.save()
                Step.objects.create(report=report)
            """.utf8)
        let matcher = SchemaUsageMatcher(names)
        let all = matcher.firstUses(in: code, lines: nil)
        XCTAssertEqual(all.keys.sorted(), [0, 1, 2])
        XCTAssertEqual(all[0], SchemaUsageMatcher.Use(line: 4, writes: true))
        for wanted in [[true, false, false], [false, true, true], [false, false, false]] {
            let some = matcher.firstUses(in: code, lines: nil, wanted: wanted)
            let expected = all.filter { wanted[$0.key] }
            XCTAssertEqual(some, expected, "wanted \(wanted)")
        }
    }
}
