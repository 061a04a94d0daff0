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

    /// Identifiers are found and hashed eight bytes at a time: a wanted name must be found wherever it sits
    /// relative to those steps and to the end of the text, and only as a whole word.
    func testSchemaNamesAreFoundAtEveryOffsetAndOnlyAsWholeWords() {
        let names = [
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "summary", line: 2),
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "exactly8", line: 3),
            SchemaChangeAnalyzer.SchemaName(table: "reports", column: "a_much_longer_column_name", line: 4),
        ]
        let matcher = SchemaUsageMatcher(names)
        for column in ["summary", "SUMMARY", "exactly8", "Exactly8", "a_much_longer_column_name", "aMuchLongerColumnName"] {
            for padding in 0...17 {
                for ending in ["", "\n", " = 1", "é"] {
                    let text = "x = 1\n" + String(repeating: " ", count: padding) + "report." + column + ending
                    let uses = matcher.firstUses(in: Array(text.utf8), lines: nil)
                    XCTAssertEqual(uses.count, 1, text.debugDescription)
                    XCTAssertEqual(uses.values.first?.line, 2, text.debugDescription)
                }
            }
        }
        // Words that merely hold a wanted name, or start with a digit, are not it.
        for text in ["report.summary_text", "report.summaryx", "report.2summary", "report._summary", "report.summary9",
                     "report.exactly88", "report.a_much_longer_column_name_"] {
            for padding in 0...9 {
                let padded = String(repeating: " ", count: padding) + text
                XCTAssertEqual(matcher.firstUses(in: Array(padded.utf8), lines: nil), [:], padded)
            }
        }
    }

    func testAWordHashesAlikeInEitherCaseAndAsAnyPartOfAText() {
        let word = Array("a_Much_Longer_Column_Name".utf8)
        let text = Array("  x.a_much_longer_column_name(".utf8)
        let hashOfText = text.withUnsafeBufferPointer { SchemaUsageMatcher.hash($0, 4, 29) }
        XCTAssertEqual(SchemaUsageMatcher.hash(word.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }), hashOfText)
        XCTAssertEqual(SchemaUsageMatcher.hash(word), hashOfText)
        // `_` folds to a byte no identifier holds, so it is told apart from a blank; a longer word from its prefix.
        XCTAssertNotEqual(SchemaUsageMatcher.hash(Array("a_b".utf8)), SchemaUsageMatcher.hash(Array("a b".utf8)))
        XCTAssertNotEqual(SchemaUsageMatcher.hash(Array("summary".utf8)), SchemaUsageMatcher.hash(Array("summary1".utf8)))
    }

    /// Guard and rate-limit words are looked for by their first two bytes first: the answer must be that of
    /// looking for every word at every position.
    func testGuardWordsAreFoundExactlyAsEveryWordAtEveryPositionFindsThem() {
        func guardWordOneByOne(_ word: ArraySlice<UInt8>) -> Bool {
            guard HandlerFinder.guardWords.contains(where: { HandlerFinder.containsFolded(word, $0) }) else { return false }
            if word.count == 13, HandlerFinder.containsFolded(word, Array("authorization".utf8), at: word.startIndex) { return false }
            if HandlerFinder.notGuards.contains(where: { HandlerFinder.containsFolded(word, $0) }) { return false }
            return !HandlerFinder.containsFolded(word, Array("author".utf8))
                || HandlerFinder.containsFolded(word, Array("authoriz".utf8))
        }
        func rateLimitOneByOne(_ word: ArraySlice<UInt8>) -> Bool {
            ["ratelimit", "rate_limit", "limiter", "throttl", "slowapi", "rate limit"].contains {
                HandlerFinder.containsFolded(word, Array($0.utf8))
            }
        }
        let words = [
            "auth", "AUTH", "requireAuth", "getServerSession", "useSession", "jwt", "JWTVerifier", "xjwtx", "jw", "j",
            "authorization", "Authorization", "authorize", "authorName", "authToken", "oauth2Client", "sessions",
            "rateLimiter", "RATE_LIMIT", "throttle", "slowapi", "limiterX", "rate limit", "ratelimi", "current_user",
            "isAuthenticated", "guardian", "verifyToken", "principal", "secured", "loginRequired", "", "a", "au", "aut",
            "signed_in", "RolesAllowed", "permissions", "passport", "clerkClient", "é_auth", "summary", "token",
        ]
        for word in words {
            let bytes = ArraySlice(Array(word.utf8))
            XCTAssertEqual(HandlerFinder.isGuardWord(bytes), guardWordOneByOne(bytes), word)
            XCTAssertEqual(HandlerFinder.isRateLimitWord(bytes), rateLimitOneByOne(bytes), word)
            // The same word inside a larger buffer: only its own bytes are read.
            let padded = Array("zz\(word)zz".utf8)
            XCTAssertEqual(HandlerFinder.isGuardWord(padded[2..<(padded.count - 2)]), guardWordOneByOne(bytes), word)
        }
    }

    func testARangeHoldsAGuardExactlyWhenOneOfItsTokensDoes() {
        let source = """
            export async function POST(req) {
              const limits = await rateLimiter.consume(req.ip);
              if (req.session.user == null) return new Response("no", { status: 0401 });
              if (!ok) return Response.json({}, { status: 4_03 });
              return Response.json({ authorName, value: 403.5, other: 4010 });
            }
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let finder = HandlerFinder(lexed: lexed, path: "")
        let guards = lexed.tokens.indices.filter { finder.containsGuard($0...$0) }
        XCTAssertEqual(Set(guards.map { lexed.text($0) }), ["rateLimiter", "session", "0401", "4_03"])
        for start in stride(from: 0, to: lexed.tokens.count, by: 3) {
            for end in stride(from: start, to: lexed.tokens.count, by: 5) {
                XCTAssertEqual(finder.containsGuard(start...end), guards.contains { (start...end).contains($0) })
                let rateLimits = (start...end).contains { lexed.text($0) == "rateLimiter" }
                XCTAssertEqual(finder.containsRateLimit(start...end), rateLimits)
            }
        }
    }
}
