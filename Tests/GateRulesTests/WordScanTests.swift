import GateCode
import XCTest
@testable import GateRules

/// The hot path reads identifiers eight bytes at a time and guard words by their first two bytes: what it finds
/// must be exactly what reading every byte, and every word at every position, finds.
final class WordScanTests: XCTestCase {
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
            // A configuration constant's name (`JWT_SECRET`) is no check.
            if word.contains(UInt8(ascii: "_")), !word.contains(where: { (97...122).contains($0) }) { return false }
            if word.count == 13, HandlerFinder.containsFolded(word, Array("authorization".utf8), at: word.startIndex) { return false }
            if HandlerFinder.notGuards.contains(where: { HandlerFinder.containsFolded(word, $0) }) { return false }
            return !HandlerFinder.containsFolded(word, Array("author".utf8))
                || HandlerFinder.containsFolded(word, Array("authoriz".utf8))
        }
        func rateLimitOneByOne(_ word: ArraySlice<UInt8>) -> Bool {
            ["ratelimit", "rate_limit", "limiter", "throttl", "slowapi", "rate limit", "httprate"].contains {
                HandlerFinder.containsFolded(word, Array($0.utf8))
            }
        }
        let words = [
            "auth", "AUTH", "requireAuth", "getServerSession", "useSession", "jwt", "JWTVerifier", "xjwtx", "jw", "j",
            "authorization", "Authorization", "authorize", "authorName", "authToken", "oauth2Client", "sessions",
            "rateLimiter", "RATE_LIMIT", "throttle", "slowapi", "limiterX", "rate limit", "ratelimi", "current_user",
            "isAuthenticated", "guardian", "verifyToken", "principal", "secured", "loginRequired", "", "a", "au", "aut",
            "signed_in", "RolesAllowed", "permissions", "passport", "clerkClient", "é_auth", "summary", "token",
            "JWT_SECRET", "AUTH_URL", "Auth_Token", "ensureLoggedIn", "get_current_active_user", "httprate", "JWT",
            "setBearerAuth", "setBasicAuth", "BasicAuth",
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
