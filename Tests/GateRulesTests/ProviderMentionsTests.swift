import GateCode
import GateCore
import XCTest
@testable import GateRules

/// A file whose bytes name a provider only where no SDK call can be is not searched for SDK calls, nor lexed at all
/// when it writes no paid URL and imports nothing that could define one. Each reading must never miss what the
/// token-level search finds.
final class ProviderMentionsTests: XCTestCase {
    private let catalogue = CompiledCatalogue.compiled(for: ProviderCatalogue.builtin)

    /// What the token-level search finds in `source`: whether an SDK call or a provider in scope (or a client's
    /// retry setting, which needs one), and whether a request to a paid URL.
    private func searched(_ source: String, language: SourceLanguage, path: String) -> (sdk: Bool, http: Bool) {
        let lexed = Lexer.lex(Array(source.utf8), language: language)
        var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
        finder.path = path
        finder.markProvidersInScope()
        let sites = finder.findSites()
        let retries = ClientRetrySettings(lexed: lexed, catalogue: catalogue).all()
        return (sites.contains { $0.kind != .http } || finder.inScope.contains { $0 > 0 } || !retries.isEmpty,
                sites.contains { $0.kind == .http })
    }

    private func reading(_ source: String, language: SourceLanguage, path: String) -> ProviderMentions.Reading? {
        catalogue.mentions.read(Array(source.utf8), language: language, path: path, catalogue: catalogue)
    }

    /// Asserts the reading of `source` allows everything the search finds there; returns whether the search found
    /// anything.
    @discardableResult
    private func assertAllows(_ source: String, language: SourceLanguage, path: String, line: UInt = #line) -> Bool {
        let found = searched(source, language: language, path: path)
        guard let reading = reading(source, language: language, path: path) else {
            XCTFail("no reading of \(language)", line: line)
            return false
        }
        if found.sdk { XCTAssertEqual(reading, .maySDK, "\(path): \(source)", line: line) }
        if found.http { XCTAssertNotEqual(reading, .neither, "\(path): \(source)", line: line) }
        return found.sdk || found.http
    }

    /// Ways the lexer still reads the same tokens: comments and line breaks between a name and what follows it,
    /// a `$`, digits and non-ASCII letters next to words.
    private func variants(_ source: String, language: SourceLanguage) -> [String] {
        let comment = language == .python ? "  # note\n" : " /* note */ "
        return [
            source,
            source.replacingOccurrences(of: ".", with: "\n  ."),
            source.replacingOccurrences(of: "(", with: "\(comment)("),
            source.replacingOccurrences(of: ".", with: "\(comment)."),
            "x = 9a$" + source,
            "é " + source,
        ]
    }

    /// JavaScript reads as TypeScript does.
    private static let scripts: [(SourceLanguage, String)] = [(.typescript, "app/api/chat/route.ts"), (.python, "worker/tasks.py")]

    /// Every symbol, import, call shape, provider name in a chain, distinctive shape, model id and paid host of the
    /// catalogue, written as code of each language this reading follows, in every variant the lexer reads alike:
    /// wherever the search finds an SDK call or a provider in scope, the reading says so; wherever it finds a paid
    /// request, the reading does not rule it out.
    func testTheReadingAllowsEverythingTheSearchFindsForEveryCatalogueEntry() {
        var found = 0
        for (language, path) in Self.scripts {
            for snippet in catalogueSnippets(language: language) {
                for variant in variants(snippet, language: language) where assertAllows(variant, language: language, path: path) {
                    found += 1
                }
            }
        }
        XCTAssertGreaterThan(found, 2_000)
    }

    private func catalogueSnippets(language: SourceLanguage) -> [String] {
        let python = language == .python
        var snippets: [String] = []
        for (index, provider) in catalogue.providers.enumerated() {
            let name = String(decoding: catalogue.providerNames[index], as: UTF8.self)
            for symbol in provider.effectiveSymbols {
                snippets += ["client = \(symbol)(key)", "x = new \(symbol)({ maxRetries: 9 })", "\(symbol).create(x)",
                             "result = \(symbol)(prompt)", "y = z.\(symbol)(maxRetries: 9)"]
            }
            for module in provider.effectiveImports {
                snippets += python
                    ? ["import \(module)", "from \(module) import Client", "import \(module).sub as m",
                       "from \(module.split(separator: ".").dropLast().joined(separator: ".")) import \(module.split(separator: ".").last ?? "")"]
                    : ["import x from \"\(module)\"", "const x = require('\(module)/sub')", "const m = await import(`\(module)`)",
                       "const m = require(/\(module)/)", "import y from \"\(module.uppercased())\"",
                       // Deno's registries and the CDNs (RemotePackageSpecifiers).
                       "import x from \"npm:\(module)@4.20.0\"", "import x from 'https://esm.sh/v135/\(module)@1.2.2/es2022/x.mjs?target=deno'",
                       "import x from \"https://cdn.jsdelivr.net/npm/\(module)@4/+esm\"", "import x from \"jsr:\(module)\""]
            }
            for call in provider.calls + provider.batchCalls {
                let chain = call.replacingOccurrences(of: "::", with: ".").replacingOccurrences(of: "->", with: ".")
                let model = python ? "model='o1'" : "{ model: \"o3-mini\", fallback: \"claude-3-5-sonnet\" }"
                snippets += ["\(name)Client.\(chain)(x)", "this.api.\(chain)(\(model))", "get\(name.capitalized)(k)!.\(chain)(x)"]
            }
            for host in provider.hosts {
                let concrete = host.replacingOccurrences(of: "*", with: "us-east-1")
                snippets += ["fetch(\"https://\(concrete)/v1/run\", { method: \"POST\" })",
                             "requests.post(\"https://\(concrete)/v1/run\", json=body)"]
            }
        }
        return snippets
    }

    /// The detectors' own examples in the languages this reading follows: each allows what the search finds.
    func testTheReadingAllowsEverythingTheSearchFindsInEveryDetectorExample() {
        var read = 0
        for detector in DetectorRegistry.all {
            for example in detector.description.triggering + detector.description.nonTriggering {
                guard let language = SourceLanguage(path: example.path),
                      language.isJavaScriptLike || language == .python
                else { continue }
                let source = String(decoding: example.makeSourceFile().bytes, as: UTF8.self)
                assertAllows(source, language: language, path: example.path)
                read += 1
            }
        }
        XCTAssertGreaterThan(read, 150)
    }

    /// The keyword scan started anywhere reports exactly the starts from there on that a scan from the start does:
    /// the reading's own scan starts where the prefilter first found a keyword.
    func testAKeywordScanFromAnOffsetFindsTheStartsFromThere() {
        let source = Array("""
            const stripeCustomerId = user.stripeCustomerId; // openai
            fetch("https://api.openai.com/v1/chat/completions", { model: "claude-3-5-sonnet" }); stripe
            """.utf8)
        let filter = catalogue.providersOrRequests
        let all = filter.matchStarts(source)
        XCTAssertGreaterThan(all.count, 5)
        for first in 0...source.count {
            var starts: [Int] = []
            filter.forEachMatch(source, from: first) { start, _ in
                starts.append(start)
                return true
            }
            XCTAssertEqual(starts, all.filter { $0 >= first }, "from \(first)")
        }
        var firstKeyword: Int?
        _ = catalogue.providersOrRequests.matchedGroups(source, enough: 1, firstEnoughAt: &firstKeyword)
        XCTAssertEqual(firstKeyword, catalogue.prefilter.firstMatch(source))
        XCTAssertEqual(firstKeyword, Array("const ".utf8).count)
    }

    /// Languages whose tokens this reading does not follow get no reading: they are searched whole.
    func testOtherLanguagesAreNotRead() {
        for path in ["a.go", "A.java", "a.kt", "a.cs", "a.rs", "A.swift", "a.php", "a.rb"] {
            guard let language = SourceLanguage(path: path) else { return XCTFail(path) }
            XCTAssertNil(reading("stripeCustomerId", language: language, path: path), path)
        }
    }

    /// Where the lexer splits or joins words, the reading follows it: a Python `$` ends nothing inside a word
    /// (`a$OpenAI` is one token) but starts one after a number (`9a$OpenAI`), a non-ASCII letter joins a word.
    func testWordsStartAndEndWhereTheLexerSaysSo() {
        for (source, language) in [
            ("x = 9a$OpenAI(key)", SourceLanguage.python), ("y = $ OpenAI()", .python), ("y = 9$OpenAI()", .python),
            ("const c = new OpenAI()", .typescript), ("x = [OpenAI]", .python),
        ] {
            XCTAssertTrue(searched(source, language: language, path: "a").sdk, source)
            XCTAssertEqual(reading(source, language: language, path: "a"), .maySDK, source)
        }
        for (source, language) in [
            ("x = a$OpenAI", SourceLanguage.python), ("x = éOpenAI", .python), ("const x = OpenAIé", .typescript),
            ("const OpenAIs = 1", .typescript), ("x = 9$OpenAI", .javascript),
        ] {
            XCTAssertFalse(searched(source, language: language, path: "a").sdk, source)
            XCTAssertEqual(reading(source, language: language, path: "a"), .neither, source)
        }
    }

    /// Real application files name providers inside other words, or import the project's own wrappers: none of
    /// that is an SDK call, so these are read as naming no SDK.
    func testProviderNamesInsideOtherWordsAreNotSDKMentions() {
        let files: [(path: String, source: String)] = [
            ("components/billing/plan-card.tsx", """
                import { Button } from "@/components/ui/button";
                import { summarize } from "@/lib/ai/openai";
                import type { User } from "@prisma/client";

                export function PlanCard({ user }: { user: User }) {
                  const label = user.stripeCustomerId ? "Manage billing" : "Subscribe";
                  const customer = user.stripeCustomerId!;
                  return <Button onClick={() => onResend(customer)}>{label}</Button>;
                }
                """),
            ("lib/validation/customer.ts", """
                import { z } from "zod";
                export const customerSchema = z.object({
                  stripeCustomerId: z.string().optional(),
                  stripeSubscriptionId: z.string().nullable(),
                  twilioNumber: z.string(),
                });
                export const isPaid = (c: { stripeCustomerId?: string }) => c.stripeCustomerId != null;
                """),
            ("app/(app)/settings/actions.ts", """
                "use server";
                import { prisma } from "@/lib/db";
                import { embedDocument } from "../../lib/ai/embeddings";
                export async function save(id: string, stripePriceId: string) {
                  await prisma.user.update({ where: { id }, data: { stripePriceId } });
                  const sessions = await prisma.session.findMany({ where: { userId: id } });
                  return sessions.length;
                }
                """),
            // Deno's and the CDNs' specifiers of packages no provider publishes (one named like the SDK's prefix).
            ("supabase/functions/_shared/customer.ts", """
                import { createClient } from "https://esm.sh/@supabase/supabase-js@2.39.3";
                import { z } from "npm:zod@3.22.4";
                import { streamed } from "npm:openai-streams@6.2.0";
                export const row = (r: { stripe_customer_id: string }) => ({ stripeCustomerId: r.stripe_customer_id });
                """),
            ("app/services/billing_helpers.py", """
                from app.models import Customer
                from app.lib.ai.openai_labels import describe

                def label(customer: Customer) -> str:
                    if customer.stripe_customer_id is None:
                        return describe(customer.anthropic_usage_note)
                    return customer.stripe_customer_id
                """),
        ]
        for (path, source) in files {
            guard let language = SourceLanguage(path: path) else { return XCTFail(path) }
            XCTAssertTrue(catalogue.prefilter.matches(Array(source.utf8)), path)
            XCTAssertEqual(reading(source, language: language, path: path), .neither, path)
            XCTAssertFalse(assertAllows(source, language: language, path: path), path)
        }
    }

    /// The same files with an SDK use or a paid URL added are read as such.
    func testAnSDKUseOrPaidURLBesideThemIsSeen() {
        let cases: [(path: String, source: String, expected: ProviderMentions.Reading)] = [
            ("components/a.tsx", "const label = user.stripeCustomerId;\nimport Stripe from \"stripe\";", .maySDK),
            ("components/a.tsx", "const label = user.stripeCustomerId;\nconst s = require(\"stripe\")(key)", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait stripe.charges.create({ email })", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait getStripe(key).charges.create({ email })", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait stripe\n  .checkout.sessions.create({ email })", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait openai /* client */ .chat.completions.create(x)", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait this.llm.chat.completions\n  .create(x)", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait generateText({ model })", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait x.responses.create({ model: \"o3-mini\" })", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nawait x.checkout.sessions /* new */ .create(p)", .maySDK),
            ("lib/ai/openai/client.ts", "user.stripeCustomerId;\nexport const x = 1", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nfetch(\"https://generativelanguage.googleapis.com/v1/x:generateContent\")",
             .paidURLLiteral),
            ("components/a.tsx", "user.stripeCustomerId;\nfetch(`${base}/v1/embeddings`)", .paidURLLiteral),
            ("app/a.py", "c.stripe_customer_id\nfrom google import generativeai as genai", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nimport { Configuration, OpenAIApi } from \"https://esm.sh/openai-edge@1.2.2\"", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nimport { OpenAIApi } from 'npm:openai@3.3.0'", .maySDK),
            ("components/a.tsx", "user.stripeCustomerId;\nimport Api from \"https://cdn.skypack.dev/-/openai@v3.3.0-Ab12/dist=es2019/openai.js\"", .maySDK),
            ("app/a.py", "c.stripe_customer_id\nimport stripe", .maySDK),
            ("app/a.py", "c.stripe_customer_id\nclient = Anthropic()", .maySDK),
            ("app/a.py", "c.stripe_customer_id\nfrom openai.types import Model", .maySDK),
            ("app/a.py", "c.stripe_customer_id\nimport os, openai", .maySDK),
        ]
        for (path, source, expected) in cases {
            guard let language = SourceLanguage(path: path) else { return XCTFail(path) }
            XCTAssertEqual(reading(source, language: language, path: path), expected, source)
            // Each is something the search finds: an SDK call or scope, or a paid request.
            let found = searched(source, language: language, path: path)
            XCTAssertTrue(expected == .maySDK ? found.sdk : found.http, source)
        }
    }

    /// With a code index, a file naming a provider only inside other words is not lexed when nothing it imports can
    /// define a paid URL, and is searched for requests when something may: a request to an imported paid URL
    /// constant is still found.
    func testAFileNamingNoSDKIsLexedOnlyWhenItsImportsMayDefineAPaidURL() {
        let files = [
            "lib/endpoints.ts": "export const CHAT_URL = \"https://api.openai.com/v1/chat/completions\";\n",
            "lib/paths.ts": "export const USERS_URL = \"/api/users\";\n",
            "app/chat.ts": """
                import { CHAT_URL } from "../lib/endpoints";
                export async function ask(user: { stripeCustomerId: string }, body: string) {
                  return fetch(CHAT_URL, { method: "POST", body: body + user.stripeCustomerId });
                }

                """,
            "app/users.ts": """
                import { USERS_URL } from "../lib/paths";
                export async function load(user: { stripeCustomerId: string }) {
                  return fetch(USERS_URL + user.stripeCustomerId);
                }

                """,
        ]
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        func file(_ path: String) -> SourceFile { DetectorExample(files[path] ?? "", path: path).makeSourceFile() }
        let chat = FileAnalysis.of(file("app/chat.ts"), context: context)
        XCTAssertNotNil(chat.lexed)
        XCTAssertEqual(chat.sites.map(\.line), [3])
        XCTAssertEqual(chat.sites.map(\.provider), ["openai"])
        let users = FileAnalysis.of(file("app/users.ts"), context: context)
        XCTAssertNil(users.lexed)
        XCTAssertTrue(users.sites.isEmpty)
        XCTAssertFalse(users.providerInScope)
        XCTAssertNil(ReachCalls.of(file("app/users.ts"), context: context).facts)
        XCTAssertEqual(context.code?.stats.filesUnableToReachPaid, 1)
    }

    /// A file whose imports may reach a paid call is lexed whatever its bytes say, so they are not read for SDK
    /// mentions: its tokens are searched for SDK calls and scope instead, and find what the reading would allow.
    func testAFileWhoseImportsMayReachAPaidCallIsSearchedOnItsTokens() {
        let files = [
            "lib/endpoints.ts": "export const CHAT_URL = \"https://api.openai.com/v1/chat/completions\";\n",
            "app/ask.ts": """
                import OpenAI from "openai";
                import { CHAT_URL } from "../lib/endpoints";
                const openai = new OpenAI();
                export async function ask(prompt: string) {
                  await fetch(CHAT_URL, { method: "POST", body: prompt });
                  return openai.chat.completions.create({ model: "gpt-4o", messages: [] });
                }

                """,
            "app/bill.ts": """
                import { CHAT_URL } from "../lib/endpoints";
                export async function bill(user: { stripeCustomerId: string }) {
                  return fetch(CHAT_URL, { method: "POST", body: user.stripeCustomerId });
                }

                """,
        ]
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        func file(_ path: String) -> SourceFile { DetectorExample(files[path] ?? "", path: path).makeSourceFile() }
        let ask = FileAnalysis.of(file("app/ask.ts"), context: context)
        XCTAssertTrue(ask.providerInScope)
        XCTAssertEqual(ask.sites.map(\.kind), [.http, .sdk])
        XCTAssertEqual(ask.sites.map(\.line), [5, 6])
        let bill = FileAnalysis.of(file("app/bill.ts"), context: context)
        XCTAssertNotNil(bill.lexed)
        XCTAssertFalse(bill.providerInScope)
        XCTAssertEqual(bill.sites.map(\.kind), [.http])
        XCTAssertEqual(
            catalogue.mentions.read(
                Array((files["app/bill.ts"] ?? "").utf8), language: .typescript, path: "app/bill.ts", catalogue: catalogue),
            .neither)
    }
}
