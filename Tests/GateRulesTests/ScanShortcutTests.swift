import GateCore
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

    /// `jwt` is found in the bytes once, not in each identifier: in any case, at either end of an identifier or
    /// alone, and never where it only spans tokens, a string or a comment.
    func testShortGuardWordsAreFoundWhereverAnIdentifierHoldsThem() {
        let source = """
            // jwt in a comment, and a guard word so the prefilter lets the file through: verify
            import decode from "jwt-decode";
            const a = JWT(x); const b = myjwt(x); const c = JwtStrategy; const d = decodeJwT(t);
            const e = jw.t(x); const f = jwtx; const g = xjw; const h = tjwt; const ij = j; const jwt = 1;
            const k = "the jwt"; const l = jWt2;
            """
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let found = CatalogueLeafRecognizer().guardTokens(in: lexed)
        XCTAssertEqual(found, guardTokensOneByOne(lexed))
        let words = found.map { lexed.text($0) }
        XCTAssertEqual(Set(words).intersection(["JWT", "myjwt", "JwtStrategy", "decodeJwT", "jwtx", "tjwt", "jwt", "jWt2"]).count, 8, "\(words)")
        XCTAssertTrue(Set(words).isDisjoint(with: ["jw", "t", "xjw", "j", "decode"]), "\(words)")
    }

    /// A file without any guard word of four bytes or more still has its short ones and its status codes:
    /// `app.use(expressjwt({ … }))` guards every route of the file.
    func testAFileWithoutLongGuardWordsStillHasItsShortGuardTokens() {
        let source = "app.use(expressjwt({ secret: s }));\nconst value = compute(401);\nconst other = compute(200);\n"
        let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
        let found = CatalogueLeafRecognizer().guardTokens(in: lexed)
        XCTAssertEqual(found, guardTokensOneByOne(lexed))
        XCTAssertEqual(found.map { lexed.text($0) }, ["expressjwt", "401"])
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

    /// Every offset compared with every keyword, lowercased byte by byte: what the prefilter must agree with.
    private func keywordStartsOneByOne(_ bytes: [UInt8], _ groups: [[[UInt8]]]) -> [(start: Int, groups: UInt32)] {
        var found: [(Int, UInt32)] = []
        for start in bytes.indices {
            var mask: UInt32 = 0
            for (group, needles) in groups.enumerated() {
                for needle in needles where needle.count >= 4 && start + needle.count <= bytes.count {
                    if needle.indices.allSatisfy({ Byte.lower(bytes[start + $0]) == Byte.lower(needle[$0]) }) {
                        mask |= 1 << UInt32(group)
                    }
                }
            }
            if mask != 0 { found.append((start, mask)) }
        }
        return found
    }

    /// The prefilter folds case by setting each byte's 0x20 bit before its exact test: bytes that fold together
    /// (`_` and DEL, `@` and a backquote, NUL and a space, `.` and a control byte) must still be told apart, keywords
    /// sharing their first four bytes found together, and keywords at the very end of the buffer found.
    func testKeywordStartsAreThoseEveryOffsetComparedAloneFinds() {
        let groups: [[[UInt8]]] = [
            ["rate_limit", "rate_limiter", "chat/completions", "OpenAI", "open", "a@b.", "x\u{7F}yz", "tail"],
            ["fetch", "RATE", "a`b.c", "http.get"],
            ["abc"],  // too short: never reported
        ].map { $0.map { Array($0.utf8) } }
        let filter = KeywordPrefilter(groups: groups)
        let pieces = [
            "rate_limit", "rate\u{7F}limit", "RATE_LIMITER", "Chat/Completions", "chat\u{0E}completions", "openai", "OPEN",
            "a@b.", "a`b.", "a`b.c", "x_yz", "x\u{7F}yz", "fetch", "FeTcH(", "http.get", "http\u{0E}get", "abc", " ",
            "\u{0}", "\n", "tail",
        ].map { Array($0.utf8) }
        // A fixed pseudo-random mix of the pieces, then each piece alone and at the end of a buffer.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        var buffers: [[UInt8]] = pieces + pieces.map { Array("x".utf8) + $0 }
        for _ in 0..<200 {
            var buffer: [UInt8] = []
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            buffers.append(buffer)
        }
        var reported = 0
        for buffer in buffers {
            let expected = keywordStartsOneByOne(buffer, groups)
            reported += expected.count
            XCTAssertEqual(filter.matchStarts(buffer), expected.map(\.start), String(decoding: buffer, as: UTF8.self))
            XCTAssertEqual(filter.matches(buffer), !expected.isEmpty)
            XCTAssertEqual(filter.matchedGroups(buffer, enough: 0), expected.reduce(0) { $0 | $1.groups })
            // Stopping at the first occurrence of group 1 (bit 1): what was seen up to and including it.
            var seen: UInt32 = 0
            for entry in expected {
                seen |= entry.groups
                if seen & 2 != 0 || seen == 7 { break }
            }
            XCTAssertEqual(filter.matchedGroups(buffer, enough: 2), seen)
        }
        XCTAssertGreaterThan(reported, 500)
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

    func testAFileNamingAProviderOnlyInsideOtherWordsIsJudgedByItsImports() {
        let summarizer = """
            export class Summarizer {
              constructor(private readonly client: { responses: { create(body: object): Promise<string> } }) {}
              summarize(text: string) { return this.client.responses.create({ input: text }); }
            }

            """
        let files = [
            "src/services/summarizer.ts": summarizer,
            // The provider's SDK in scope: its client is handed to a class whose file imports nothing paid.
            "src/reports/publish.ts": """
                import OpenAI from "openai";
                import { Summarizer } from "../services/summarizer";
                const summarizer = new Summarizer(new OpenAI());
                export const publish = (text: string) => summarizer.summarize(text);

                """,
            // `stripe` and `openai` only inside other words: nothing it imports can reach a paid call.
            "src/billing/customer.ts": """
                import { z } from "zod";
                import { describe } from "@/lib/ai/openai-labels";
                export const customer = z.object({ stripeCustomerId: z.string() });
                export const label = (id: string) => describe(id);

                """,
            "lib/ai/openai-labels.ts": "export const describe = (id: string) => `customer ${id}`;\n",
        ]
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let customerFile = DetectorExample(files["src/billing/customer.ts"] ?? "", path: "src/billing/customer.ts")
            .makeSourceFile()
        // The prefilter sees `stripe` and `openai`, but only inside other words and a project path: no SDK call can be
        // there and nothing it imports can define a paid URL, so the file is not even lexed, nor are its facts
        // extracted.
        XCTAssertNil(FileAnalysis.of(customerFile, context: context).lexed)
        XCTAssertTrue(CompiledCatalogue.compiled(for: ProviderCatalogue.builtin).prefilter.matches(customerFile.bytes))
        XCTAssertNil(ReachCalls.of(customerFile, context: context).facts)
        XCTAssertEqual(context.code?.stats.filesUnableToReachPaid, 1)
        let publish = ReachCalls.of(
            DetectorExample(files["src/reports/publish.ts"] ?? "", path: "src/reports/publish.ts").makeSourceFile(),
            context: context)
        XCTAssertEqual(publish.calls.map(\.call.name), ["summarize"])
        // FileAnalysis asks of every file naming a provider whether its imports may reach a paid call (only where
        // none may can its bytes spare the lexer), and publish.ts's reach none: its client is what reaches one.
        XCTAssertEqual(context.code?.stats.filesUnableToReachPaid, 2)
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

    /// Job markers are looked up from their longest word, not their first: the reason names the marker that starts
    /// first in the file, written as it is, whichever word the lookup started from.
    func testJobMarkersAreFoundFromTheirLongestWordAndTheFirstOneIsNamed() {
        func reason(_ source: String, _ language: SourceLanguage, path: String = "app/main.code") -> String? {
            JobContext.reason(path: path, lexed: Lexer.lex(Array(source.utf8), language: language), context: DetectionContext())
        }
        XCTAssertEqual(reason("from celery import shared_task\n\n@shared_task\ndef run():\n    pass\n", .python),
                       "runs as background work (@shared_task)")
        XCTAssertEqual(reason("@app.task(bind=True)\ndef run(self):\n    pass\n", .python),
                       "runs as background work (@app.task)")
        XCTAssertEqual(reason("c := cron.New()\nc.AddFunc(\"@daily\", run)\n", .go),
                       "runs as background work (cron.New)")
        XCTAssertEqual(reason("scheduler.AddFunc(\"@daily\", run)\n", .go), "runs as background work (scheduler.AddFunc)")
        XCTAssertEqual(reason("class SummarizeJob < ApplicationJob\nend\n", .ruby),
                       "runs as background work (<ApplicationJob)")
        XCTAssertEqual(reason("const worker = new Worker(\"q\", run);\nqueue.process(run);\n", .typescript),
                       "runs as background work (new Worker)")
        XCTAssertEqual(reason("@Processor(\"summaries\")\nexport class SummariesProcessor extends WorkerHost {}\n", .typescript),
                       "runs as background work (@Processor)")
        XCTAssertEqual(reason("export class Digest {\n  @Cron(\"0 * * * *\")\n  run() {}\n}\n", .typescript),
                       "runs as background work (@Cron)")
        // Markers in strings, and look-alikes, are none.
        XCTAssertNil(reason("const help = \"@shared_task\";\nconst Worker = 1;\nconst x = a < ApplicationJobs;\n", .typescript))
        XCTAssertNil(reason("def shared_task():\n    return app.task\n", .python))
    }

    /// Paths are split into parts by bytes when they are ASCII: the parts are those `split(separator:)` gives, empty
    /// ones left out, and the job conventions read from them are unchanged.
    func testPathPartsAreThoseSplitGivesAndJobConventionsFollowThem() {
        let paths = [
            "jobs/summarize.ts", "/jobs//summarize.ts/", "app/api/tasks/route.ts", ".github/workflows/x.yml", "a",
            "", "/", "//", "src/.tasks", "src/..tasks.py", "src/tasks..py", "é/jobs/x.py", "jobs/ré.sumé.py",
            "app/x/\u{301}/y.ts", "app/.\u{301}jobs/x.ts",
        ]
        for path in paths {
            XCTAssertEqual(JobContext.parts(of: path, separator: Byte.slash), path.split(separator: "/"), path)
            XCTAssertEqual(JobContext.parts(of: path, separator: Byte.dot), path.split(separator: "."), path)
        }
        XCTAssertEqual(JobContext.firstPart(of: ".tasks.py"), "tasks")
        XCTAssertNil(JobContext.firstPart(of: ".."))
        func reason(_ path: String) -> String? {
            JobContext.reason(path: path, lexed: Lexer.lex(Array("x = 1\n".utf8), language: .python), context: DetectionContext())
        }
        XCTAssertEqual(reason("/app//Jobs/summarize.py"), "runs as background work (Jobs/)")
        XCTAssertEqual(reason("app/..tasks.py"), "runs as background work (..tasks.py)")
        XCTAssertEqual(reason("app/Worker"), "runs as background work (Worker)")
        XCTAssertEqual(reason("app/jobs"), "runs as background work (jobs)")
        XCTAssertNil(reason("app/api/tasks/route.py"))
        XCTAssertNil(reason("app/jobs/views.py"))
        XCTAssertNil(reason("app/jobs/Summary_views.py"))
        XCTAssertNil(reason("app/pages/api/jobs/x.py"))
    }
}


final class WordEndsTests: XCTestCase {
    /// The shape test may let a non-word through, never turn a word away.
    func testEveryWordPassesAndMostOtherWordsDoNot() {
        let words = ["OpenAI", "Anthropic", "genai", "x", String(repeating: "long", count: 20)].map { Array($0.utf8) }
        let ends = WordEnds(words)
        for word in words { XCTAssertTrue(ends.mayContain(word, 0..<word.count), String(decoding: word, as: UTF8.self)) }
        let line = Array("const openai = useState(OpenAI) + Anthropics + geni + y".utf8)
        func passes(_ text: String) -> Bool {
            let range = line.firstRange(of: Array(text.utf8))!
            return ends.mayContain(line, range)
        }
        XCTAssertTrue(passes("OpenAI"))
        // Other first or last bytes, or another length.
        XCTAssertFalse(passes("openai"))
        XCTAssertFalse(passes("useState"))
        XCTAssertFalse(passes("Anthropics"))
        XCTAssertFalse(passes("geni"))
        XCTAssertFalse(passes("y"))
        XCTAssertFalse(ends.mayContain(line, 3..<3))
    }
}

/// Guard words too short for the prefilter are looked for in each identifier, in place.
final class ShortGuardWordTests: XCTestCase {
    func testFoldedSearchFindsTheWordAnywhereInAnIdentifier() {
        let lexed = Lexer.lex(Array("x jwtDecode decodeJWT myJwtToken jwjwt jw_t JWX jw j".utf8), language: .typescript)
        let found = lexed.tokens.map { lexed.bytesContain($0.start..<$0.end, Array("jwt".utf8)) }
        XCTAssertEqual(lexed.tokens.count, 9)
        XCTAssertEqual(found, [false, true, true, true, true, false, false, false, false])
        // The last word of the file, and an empty needle finds nothing.
        XCTAssertTrue(lexed.bytesContain(lexed.tokens[8].start..<lexed.tokens[8].end, Array("j".utf8)))
        XCTAssertFalse(lexed.bytesContain(lexed.tokens[1].start..<lexed.tokens[1].end, []))
    }
}

/// A family of detectors is asked once per file whether any of its detectors can find something there; the scanner
/// skips them all when none can. The skip must never lose a finding the detectors make when asked one by one.
final class DetectorFamilyTests: XCTestCase {
    /// Counts the detectors' calls, and says whether the family may find anything.
    final class Ledger: @unchecked Sendable {
        private let lock = NSLock()
        private var askedFamily = 0
        private var detected = 0
        var familyAnswer = true

        func family() -> Bool { lock.withLock { askedFamily += 1; return familyAnswer } }
        func detector() { lock.withLock { detected += 1 } }
        var counts: (family: Int, detectors: Int) { lock.withLock { (askedFamily, detected) } }
    }

    static let ledger = Ledger()

    enum CountedFamily: DetectorFamily {
        static func mayFind(in file: SourceFile, context: DetectionContext) -> Bool { DetectorFamilyTests.ledger.family() }
    }

    struct CountedDetector: Detector {
        let number: Int
        var description: DetectorDescription {
            DetectorDescription(
                id: "counted-\(number)", name: "Counted", category: .secret, rationale: "A test's.", triggering: [],
                nonTriggering: [])
        }
        var family: (any DetectorFamily.Type)? { CountedFamily.self }

        func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
            DetectorFamilyTests.ledger.detector()
            return [Finding(rule: id, category: .secret, path: file.path, line: 1, message: "found")]
        }
    }

    func testAFamilyIsAskedOncePerFileAndItsDetectorsRunOnlyWhenItMayFind() {
        let scanner = Scanner(detectors: (1...3).map { CountedDetector(number: $0) })
        let file = DetectorExample("let a = 1\n", path: "a.ts").makeSourceFile()
        Self.ledger.familyAnswer = false
        XCTAssertEqual(scanner.scan(file), [])
        XCTAssertEqual(Self.ledger.counts.family, 1)
        XCTAssertEqual(Self.ledger.counts.detectors, 0)
        Self.ledger.familyAnswer = true
        XCTAssertEqual(scanner.scan(file).map(\.rule), ["counted-1", "counted-2", "counted-3"])
        XCTAssertEqual(Self.ledger.counts.family, 2)
        XCTAssertEqual(Self.ledger.counts.detectors, 3)
    }

    /// Every registered detector of a family finds through the scanner exactly what it finds asked alone, in every
    /// example of every detector (a migration's hazards, each kind of credential, and files with none).
    func testFamiliesSkipNothingTheirDetectorsFind() {
        let scanner = Scanner()
        let families = DetectorRegistry.all.filter { $0.family != nil }
        // The schema hazard detectors and the secret detectors.
        XCTAssertGreaterThan(families.count, 55)
        var examples = 0
        for detector in DetectorRegistry.all {
            for example in detector.description.triggering + detector.description.nonTriggering {
                let file = example.makeSourceFile()
                let scanned = scanner.scan(file)
                for member in families {
                    let alone = member.detect(in: file, context: DetectionContext())
                    XCTAssertEqual(
                        scanned.filter { $0.rule == member.id }, alone,
                        "\(member.id) in an example of \(detector.id) (\(example.path))")
                }
                examples += 1
            }
        }
        XCTAssertGreaterThan(examples, 150)
    }
}
