import GateCode
import GateCore
import XCTest
@testable import GateRules

/// The paid-call detectors skip work that cannot change a finding: the keyword scan reads only every other
/// window, callees are rejected by their shape before a lookup, guards come from the file's facts. Each skip
/// must find exactly what the full way finds.
final class PaidScanSkipTests: XCTestCase {
    private let catalogue = CompiledCatalogue.compiled(for: ProviderCatalogue.builtin)

    /// Every file's detectors ask for the compiled catalogue: a list equal to the one compiled, built apart (the
    /// policy's copy of the built-in providers), gets that catalogue, not a new compile, and so does the next ask.
    func testAnEqualProviderListBuiltApartGetsTheCompiledCatalogue() {
        // Compiled here, not by the test case's property: XCTest makes every test's case before running any, and
        // tests in between compile catalogues of other lists.
        let compiled = CompiledCatalogue.compiled(for: ProviderCatalogue.builtin)
        let builtApart = ProviderCatalogue.builtin.map { $0 }
        XCTAssertTrue(CompiledCatalogue.compiled(for: builtApart) === compiled)
        XCTAssertTrue(CompiledCatalogue.compiled(for: builtApart) === compiled)
        XCTAssertTrue(CompiledCatalogue.compiled(for: ProviderCatalogue.builtin) === compiled)
    }

    /// The catalogue's prefilters with the keywords each looks for.
    private var prefilters: [(name: String, filter: KeywordPrefilter, keywords: [[UInt8]])] {
        [
            ("providers", catalogue.prefilter, catalogue.prefilterKeywords),
            ("providers or requests", catalogue.providersOrRequests, catalogue.prefilterKeywords + HTTPRequestSites.requestWords),
            ("guards", HandlerFinder.guardPrefilter, HandlerFinder.guardWords),
        ].map { ($0.0, $0.1, $0.2.filter { $0.count >= 4 }) }
    }

    private func upper(_ bytes: [UInt8]) -> [UInt8] {
        bytes.map { (97...122).contains($0) ? $0 - 32 : $0 }
    }

    /// Every other letter upper-cased: `oPeNaI`.
    private func mixed(_ bytes: [UInt8]) -> [UInt8] {
        bytes.enumerated().map { $0.offset % 2 == 1 && (97...122).contains($0.element) ? $0.element - 32 : $0.element }
    }

    /// Every keyword of every catalogue prefilter, in any case, is found where it starts: at the very start and the
    /// very end of a buffer, at even and odd offsets (the scan samples even ones), inside a longer identifier.
    func testEveryCatalogueKeywordIsFoundAtEveryOffsetInAnyCase() {
        var checked = 0
        for (name, filter, keywords) in prefilters {
            XCTAssertGreaterThan(keywords.count, 20, name)
            for keyword in keywords {
                for variant in [keyword, upper(keyword), mixed(keyword)] {
                    for prefix in ["", "x", "_x", "new", "    ", "\n\t\"x"] {
                        for suffix in ["", "Z", "_client", "(", "s."] {
                            let buffer = Array(prefix.utf8) + variant + Array(suffix.utf8)
                            let text = String(decoding: buffer, as: UTF8.self)
                            XCTAssertTrue(filter.matchStarts(buffer).contains(prefix.utf8.count), "\(name): \(text)")
                            XCTAssertTrue(filter.matches(buffer), "\(name): \(text)")
                            checked += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(checked, 50_000)
    }

    /// Every offset compared with every keyword (those starting with its byte), lowercased byte by byte.
    private func keywordStartsOneByOne(_ bytes: [UInt8], _ keywords: [[UInt8]]) -> [Int] {
        let byFirst = Dictionary(grouping: keywords.map { $0.map(Byte.lower) }) { $0[0] }
        return bytes.indices.filter { start in
            (byFirst[Byte.lower(bytes[start])] ?? []).contains { keyword in
                start + keyword.count <= bytes.count
                    && keyword.indices.allSatisfy { Byte.lower(bytes[start + $0]) == keyword[$0] }
            }
        }
    }

    /// A start is looked up only when its first six bytes are a long keyword's (or its first four a short one's):
    /// words that start like keywords (`chat`, `text-sm`, `string`) beside each keyword, in any case, with more and
    /// fewer than eight bytes left, are told apart exactly as every offset compared alone tells them.
    func testKeywordsAmongWordsThatStartLikeThemAreFoundExactly() {
        var compared = 0
        for (name, filter, keywords) in prefilters {
            for keyword in keywords {
                for variant in [keyword, upper(keyword), mixed(keyword)] {
                    let lookalikes = [4, 5, 6, 7].filter { $0 < variant.count }
                        .map { Array(variant.prefix($0)) + Array("q_".utf8) }.joined()
                    for tail in ["", "x", "_client = new X()"] {
                        for lead in ["", " "] {
                            let buffer = Array(lead.utf8) + lookalikes + variant + Array(tail.utf8)
                            XCTAssertEqual(
                                filter.matchStarts(buffer), keywordStartsOneByOne(buffer, keywords),
                                "\(name): \(String(decoding: buffer, as: UTF8.self))")
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 5_000)
    }

    /// On real code (the paid-call detectors' own examples, each also shifted by one byte), each catalogue
    /// prefilter reports exactly the offsets where one of its keywords starts.
    func testCatalogueKeywordStartsOnRealCodeAreThoseEveryOffsetComparedAloneFinds() {
        let detectors: [any Detector] = [
            UnprotectedEndpointDetector(), PaidSDKCallDetector(), PaidHTTPCallDetector(), PaidRetryDetector(),
            BatchModelCallDetector(),
        ]
        let sources = detectors.flatMap { ($0.description.triggering + $0.description.nonTriggering).map(\.head) }
        XCTAssertGreaterThan(sources.count, 40)
        var reported = 0
        for (name, filter, keywords) in prefilters {
            for source in sources {
                for bytes in [Array(source.utf8), Array((" " + source).utf8)] {
                    let expected = keywordStartsOneByOne(bytes, keywords)
                    reported += expected.count
                    XCTAssertEqual(filter.matchStarts(bytes), expected, "\(name): \(source.prefix(80))")
                    XCTAssertEqual(filter.matches(bytes), !expected.isEmpty, name)
                }
            }
        }
        XCTAssertGreaterThan(reported, 1_000)
    }

    /// A file whose only mention of a provider is its very first or very last bytes, in the languages the
    /// catalogue's SDKs are written in, names the provider: with a code index (one pass for providers and
    /// requests) and without.
    func testAProviderNamedOnlyAtTheStartOrEndOfAFileIsSeenInEveryLanguage() {
        let cases: [(path: String, source: String)] = [
            ("app/chat.ts", "import OpenAI from \"openai\""),
            ("app/chat.ts", "import { generateText } from \"ai\""),
            ("app/chat.ts", "import { generateText } from 'ai'"),
            ("app/chat.js", "const x = 1; import { streamText } from \"ai/rsc\""),
            ("app/groq.ts", "Groq"),
            ("app/groq.ts", " Groq"),
            ("worker/summarize.py", "anthropic.Anthropic().messages.create(model=m)"),
            ("worker/summarize.py", "x = 1\nfrom anthropic import Anthropic"),
            ("cmd/api/main.go", "import openai \"github.com/sashabaranov/go-openai\""),
            ("app/models/summary.rb", "OpenAI::Client.new"),
            ("src/main/java/App.java", "import com.openai.client.OpenAIClient;"),
            ("src/main/kotlin/App.kt", "val client = OpenAIOkHttpClient.fromEnv()"),
            ("src/Chat.cs", "using OpenAI.Chat;"),
            ("src/lib.rs", "use async_openai::Client;"),
            ("Sources/App/Chat.swift", "import OpenAI"),
            ("app/Http/Chat.php", "$client = OpenAI::client($key);"),
            ("app/http.ts", "await fetch(\"https://api.anthropic.com/v1/messages\""),
            ("app/model.py", "MODEL = \"claude-"),
        ]
        for (path, source) in cases {
            for variant in [source, " " + source, source.uppercased()] {
                let file = DetectorExample(variant, path: path).makeSourceFile()
                XCTAssertTrue(FileAnalysis.of(file, context: DetectionContext()).namesProvider, "\(path): \(variant)")
                var indexed = DetectionContext()
                indexed.code = CodeIndex(tree: InMemorySourceTree([path: variant]), recognizer: CatalogueLeafRecognizer())
                XCTAssertTrue(FileAnalysis.of(file, context: indexed).namesProvider, "\(path) (indexed): \(variant)")
            }
        }
        // Nothing of a provider: not read for SDK calls.
        let plain = DetectorExample("export const total = (a: number, b: number) => a + b\n", path: "lib/math.ts")
        XCTAssertFalse(FileAnalysis.of(plain.makeSourceFile(), context: DetectionContext()).namesProvider)
    }

    /// Callees are rejected by their first byte, last byte and length before they are hashed: every call shape's
    /// last segment and every request callee passes in any case, so no call the lookup would find is skipped.
    func testCalleeShapesPassEveryCatalogueCalleeInAnyCase() {
        let lastSegments = catalogue.shapesByLastSegment.values.joined().compactMap(\.segments.last)
        XCTAssertGreaterThan(lastSegments.count, 50)
        for (ends, words) in [(catalogue.lastSegmentEnds, lastSegments), (HTTPRequestSites.calleeEnds, HTTPRequestSites.calleeNames)] {
            for word in words {
                for variant in [word, upper(word), mixed(word), [upper(word)[0]] + word.dropFirst()] {
                    let padded = Array("x.".utf8) + variant + Array("(".utf8)
                    XCTAssertTrue(ends.mayContain(padded, 2..<(2 + variant.count)), String(decoding: variant, as: UTF8.self))
                }
            }
        }
        // Most identifiers are none: the shapes reject them.
        let others = ["useState", "setOpen", "onChange", "toFixed", "JSON", "forEach", "i"].map { Array($0.utf8) }
        XCTAssertFalse(others.allSatisfy { HTTPRequestSites.calleeEnds.mayContain($0, 0..<$0.count) })
        XCTAssertTrue(WordEnds([Array("Abc".utf8)], caseInsensitive: false).mayContain(Array("Abc".utf8), 0..<3))
        XCTAssertFalse(WordEnds([Array("Abc".utf8)], caseInsensitive: false).mayContain(Array("abc".utf8), 0..<3))
        XCTAssertTrue(WordEnds([Array("Abc".utf8)], caseInsensitive: true).mayContain(Array("abC".utf8), 0..<3))
    }

    /// Route registrations are looked for only at identifiers shaped like a route method: every method name
    /// passes, and a route written with each is still a handler.
    func testEveryRouteMethodPassesItsShapeAndRegistersARoute() {
        for name in HandlerFinder.routeMethodNames {
            let bytes = Array(name.utf8)
            XCTAssertTrue(HandlerFinder.routeMethodEnds.mayContain(bytes, 0..<bytes.count), name)
            let source = "app.\(name)(\"/chat\", (req, res) => res.send(\"ok\"));\n"
            let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
            let handlers = HandlerFinder(lexed: lexed, path: "src/server.ts").handlers()
            XCTAssertEqual(handlers.count, 1, source)
            // ASP.NET's `MapPost` is reported as the method it maps; Go's `HandleFunc`/`Handle` serve any.
            let method = name.hasPrefix("Map") ? String(name.uppercased().dropFirst(3))
                : name.hasPrefix("Handle") ? "ANY" : name.uppercased()
            XCTAssertTrue(handlers.first?.name.hasPrefix(method + " ") ?? false, source)
        }
        let others = ["useState", "json", "findMany", "send", "then"].map { Array($0.utf8) }
        XCTAssertFalse(others.contains { HandlerFinder.routeMethodEnds.mayContain($0, 0..<$0.count) })
    }

    /// A handler's guards judged from the file's guard tokens (a binary search) agree with reading every token of
    /// every range, on the endpoint detector's examples.
    func testGuardsFromTheFileFactsAgreeWithReadingEveryToken() {
        let examples = UnprotectedEndpointDetector().description.triggering
            + UnprotectedEndpointDetector().description.nonTriggering
        var guarded = 0
        for example in examples {
            guard let language = SourceLanguage(path: example.path) else { continue }
            let lexed = Lexer.lex(Array(example.head.replacingOccurrences(of: "↓", with: "").utf8), language: language)
            let reading = HandlerFinder(lexed: lexed, path: example.path)
            var known = reading
            known.guardTokens = CatalogueLeafRecognizer().guardTokens(in: lexed)
            let count = lexed.tokens.count
            for start in 0..<count {
                for end in stride(from: start, to: count, by: max(1, count / 25)) {
                    let expected = reading.containsGuardToken(start...end)
                    if expected { guarded += 1 }
                    XCTAssertEqual(known.containsGuard(start...end), expected, "\(example.path) \(start)...\(end)")
                }
            }
            XCTAssertEqual(
                known.appWideRegistrations().map { "\($0.callee) \($0.guardName)" },
                reading.appWideRegistrations().map { "\($0.callee) \($0.guardName)" }, example.path)
        }
        XCTAssertGreaterThan(guarded, 100)
    }

    /// C-like retry constructs are looked for only at their names (one lookup turns the other identifiers away):
    /// each kind is still found, in JavaScript, Java and Go.
    func testEveryCLikeRetryConstructIsFoundFromItsName() {
        let cases: [(SourceLanguage, String, String)] = [
            (.typescript, "await queue.add(\"s\", { id }, { attempts: 25 });", "queue attempts"),
            (.typescript, "import pRetry from \"p-retry\";\nawait pRetry(() => call(), { retries: 4 });", "pRetry()"),
            (.typescript, "import retry from \"async-retry\";\nawait retry(async () => call());", "retry()"),
            (.javascript, "const asyncRetry = require(\"async-retry\");\nawait asyncRetry(async () => call(), { forever: true });", "asyncRetry()"),
            (.java, "class A {\n  @Retryable(maxAttempts = 5)\n  String run() { return call(); }\n}", "@Retryable"),
            (.go, "err := retry.Do(func() error { return call() }, retry.Attempts(3))", "retry.Do"),
            (.go, "v, err := retry.DoWithData(func() (string, error) { return call() })", "retry.DoWithData"),
            (.go, "err := backoff.Retry(func() error { return call() }, backoff.NewExponentialBackOff())", "backoff.Retry"),
            (.rust, "let r = backoff::future::retry(ExponentialBackoff::default(), || async { call().await }).await;", "backoff::retry"),
            (.rust, "let r = Retry::spawn(FixedInterval::from_millis(10).take(3), || call()).await;", "tokio-retry Retry::spawn"),
            (.csharp, "var p = Policy.Handle<Exception>().WaitAndRetryAsync(5, i => TimeSpan.FromSeconds(i));\nawait p.ExecuteAsync(() => Call());", "Polly WaitAndRetryAsync"),
        ]
        for (language, source, kind) in cases {
            let lexed = Lexer.lex(Array(source.utf8), language: language)
            let kinds = RetryScanner(lexed: lexed, bound: 5).constructs().map(\.kind)
            XCTAssertEqual(kinds, [kind], source)
        }
        // A project's own `retry` helper is not the package's function (its body is read instead).
        let own = Lexer.lex(Array("import { retry } from \"../lib/retry\";\nawait retry(() => call(), 3);".utf8), language: .typescript)
        XCTAssertEqual(RetryScanner(lexed: own, bound: 5).constructs().map(\.kind), [])
        // Look-alikes are none: a method named retry, a string.
        let lexed = Lexer.lex(Array("client.retry(() => call()); const s = \"pRetry(x)\";".utf8), language: .typescript)
        XCTAssertEqual(RetryScanner(lexed: lexed, bound: 5).constructs().map(\.kind), [])
    }

    /// A method declared with the name of an SDK's exported function (`generateText(…) {`) is found as a
    /// definition through the function blocks' opening braces, not reported as a call; the SDK's call is.
    func testAMethodNamedLikeAnSDKFunctionIsADefinitionNotACall() {
        let source = """
            import { generateText } from "ai";
            import { openai } from "@ai-sdk/openai";

            export class Drafts {
              generateText(prompt: string) {
                return prompt.trim();
              }
            }

            export async function draft(prompt: string) {
              return generateText({ model: openai("gpt-4o"), prompt });
            }
            """
        let file = DetectorExample(source, path: "lib/drafts.ts").makeSourceFile()
        let sites = FileAnalysis.of(file, context: DetectionContext()).sites
        XCTAssertEqual(sites.map(\.line), [11])
    }

    /// A JavaScript SDK's function names (`embed`, `generateText`) name it only in JavaScript and TypeScript: in
    /// Swift `embed: { … }` and `casePath.embed(value)` are the file's own.
    func testAnSDKsFunctionNamesNameItOnlyInItsOwnLanguages() {
        let swift = """
            import IssueReporting

            let path = AnyCasePath(embed: { .success($0) }, extract: { _ in nil })

            func modify(_ casePath: AnyCasePath<Int, Int>, _ value: Int) -> Int {
              casePath.embed(value)
            }
            """
        let swiftFile = DetectorExample(swift, path: "Sources/CasePaths/CasePathable.swift").makeSourceFile()
        XCTAssertEqual(FileAnalysis.of(swiftFile, context: DetectionContext()).sites.map(\.line), [])
        let typescript = """
            import { embed } from "ai";
            import { openai } from "@ai-sdk/openai";

            export async function vector(text: string) {
              return embed({ model: openai.embedding("text-embedding-3-small"), value: text });
            }
            """
        let tsFile = DetectorExample(typescript, path: "lib/vector.ts").makeSourceFile()
        XCTAssertEqual(FileAnalysis.of(tsFile, context: DetectionContext()).sites.map(\.line), [5])
    }

    /// `create`, `new`, `extend` and the client constructors are turned away by hash unless the token two before
    /// them is a connection factory or a client module: every factory and constructor, in any case, still gives
    /// its URL argument, and an ORM's `create` none.
    func testFactoryCalleesGiveTheirURLOnlyOnAFactoryReceiver() {
        let url = "\"https://api.openai.com/v1\""
        let cases: [(SourceLanguage, String, Bool)] = [
            (.ruby, "conn = Faraday.new(url: \(url))", true),
            (.ruby, "conn = Excon.new(\(url))", true),
            (.typescript, "const api = axios.create({ baseURL: \(url) });", true),
            (.typescript, "const api = AXIOS.Create({ baseURL: \(url) });", true),
            (.typescript, "const api = got.extend({ prefixUrl: \(url) });", true),
            (.typescript, "const api = ky.create({ prefixUrl: \(url) });", true),
            (.typescript, "const api = ky.extend({ prefixUrl: \(url) });", true),
            (.csharp, "var http = HttpClient.Create(\(url));", true),
            (.python, "http = httpx.AsyncClient(base_url=\(url))", true),
            (.python, "http = httpx.Client(base_url=\(url))", true),
            (.python, "http = aiohttp.ClientSession(base_url=\(url))", true),
            (.typescript, "await prisma.invoice.create({ url: \(url) });", false),
            (.typescript, "const c = new Thing(\(url));", false),
            (.python, "http = requests.Client(base_url=\(url))", false),
        ]
        for (language, source, sends) in cases {
            let lexed = Lexer.lex(Array(source.utf8), language: language)
            let sites = HTTPRequestSites(lexed: lexed, catalogue: catalogue)
            let callees = lexed.tokens.indices.filter { index in
                ["new", "create", "extend", "client", "asyncclient", "clientsession"]
                    .contains(lexed.text(index).lowercased())
            }
            XCTAssertEqual(callees.count, 1, source)
            let argument = callees.first.flatMap { sites.requestURLArgument(callee: $0) }
            XCTAssertEqual(argument != nil, sends, source)
            if let argument { XCTAssertTrue(argument.contains { lexed.tokens[$0].kind == .string }, source) }
        }
    }

    /// Import prefixes are looked up by their first segment: every module at or under a prefix of the catalogue (and
    /// ones beside it) gets the providers that comparing it with every provider's prefixes gives.
    func testModulesGetTheProvidersEveryPrefixComparedAloneGives() {
        func everyProvider(_ module: [UInt8]) -> [Int] {
            catalogue.imports.indices.filter { provider in
                catalogue.imports[provider].contains { prefix in
                    module.starts(with: prefix) && (module.count == prefix.count || module[prefix.count] == Byte.slash)
                }
            }
        }
        var compared = 0
        for prefix in catalogue.imports.joined() {
            for module in [prefix, prefix + Array("/chat".utf8), prefix + Array("x".utf8), Array(prefix.dropLast()),
                           Array("lib/".utf8) + prefix, Array(prefix.prefix { $0 != Byte.slash })]
            {
                XCTAssertEqual(catalogue.providers(importing: module), everyProvider(module), String(decoding: module, as: UTF8.self))
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 300)
    }

    /// Call shapes are compared only with chains that spell their segment before the last: every shape of two
    /// segments or more, called on a client of its provider in any case, is still a site.
    func testEveryCallShapeOfAProviderInScopeIsFoundInAnyCase() {
        var checked = 0
        for shape in catalogue.shapesByLastSegment.values.joined() where shape.segments.count >= 2 {
            guard let module = catalogue.providers[shape.provider].effectiveImports.first else { continue }
            for segments in [shape.segments, shape.segments.map(upper)] {
                let call = segments.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
                let source = "import sdk from \"\(module)\";\nconst reply = await client.\(call)(input);\n"
                let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
                var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
                finder.markProvidersInScope()
                XCTAssertEqual(finder.findSites().filter { $0.kind != .http }.map(\.line), [2], source)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }
}
