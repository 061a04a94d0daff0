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

/// Registries typed by the classes they hold.
final class RegistryNameTests: XCTestCase {
    func testARegistryIsTypedByTheClassesItsValuesConstruct() {
        let lexed = Lexer.lex(Array("""
            export const providers: Record<string, Provider> = {
              openai: new OpenAIProvider(),
              anthropic: new AnthropicProvider({ key }),
              again: new OpenAIProvider(),
            };
            const settings = { retries: 3, label: "x" };
            const handlers = { chat: handleChat };
            """.utf8), language: .typescript)
        XCTAssertEqual(FactExtractor.registryNames(lexed), ["providers": "OpenAIProvider|AnthropicProvider"])
        let python = Lexer.lex(Array("""
            PROVIDERS = {
                "openai": OpenAIChat(),
                "echo": EchoChat(),
            }
            LIMITS = {"openai": 3}
            """.utf8), language: .python)
        XCTAssertEqual(FactExtractor.registryNames(python), ["PROVIDERS": "OpenAIChat|EchoChat"])
    }
}

/// What a file's functions return, kept with its facts so a factory is judged without lexing its file again.
final class FactoryReturnTests: XCTestCase {
    func testEachFunctionIsKeptWithTheClassesItReturns() {
        let lexed = Lexer.lex(Array("""
            import { OpenAiTTS } from "./openai";
            import { LocalTTS } from "./local";

            const voices = { local: new LocalTTS(), openai: new OpenAiTTS() };

            export function getTTSProvider(name: string) {
              if (name === "local") return new LocalTTS();
              return new OpenAiTTS();
            }

            export function pickVoice(name: string) {
              return voices[name];
            }

            export function config() {
              return Config.load();
            }

            class Factory {
              make() { return new Hidden(); }
            }
            """.utf8), language: .typescript)
        let facts = FactExtractor.extract(
            path: "lib/tts/index.ts", lexed: lexed, resolver: lexed.language.resolver, leaves: [], guards: FileGuards(finding: { _ in .init(tokens: [], lexed: lexed) }))
        XCTAssertEqual(facts.typedNames["getTTSProvider()"], "LocalTTS|OpenAiTTS")
        XCTAssertEqual(facts.typedNames["pickVoice()"], "LocalTTS|OpenAiTTS")
        XCTAssertNil(facts.typedNames["config()"])
        // A method is no factory of the file.
        XCTAssertNil(facts.typedNames["make()"])
    }

    /// A module-wide object kept once per process (`globalForPrisma.prisma ?? new PrismaClient()`) is typed by the
    /// class constructed after `??` or `||`; a file that writes no such fallback is told so by its bytes alone.
    func testAFallbackConstructionTypesTheName() {
        for (source, typed) in [
            ("export const prisma = globalForPrisma.prisma ?? new PrismaClient();\n", true),
            ("const client = cached ||\tnew OpenAI({ apiKey });\n", true),
            ("const client = cached ?? /* lazily */ new OpenAI();\n", true),
            ("const client = cached ?? fallback;\nconst other = new OpenAI();\n", false),
        ] {
            let lexed = Lexer.lex(Array(source.utf8), language: .typescript)
            XCTAssertEqual(FactExtractor.mayConstructFallback(lexed.bytes), typed, source)
            let facts = FactExtractor.extract(
                path: "lib/db.ts", lexed: lexed, resolver: lexed.language.resolver, leaves: [],
                guards: FileGuards(finding: { _ in .init(tokens: [], lexed: lexed) }))
            let name = source.hasPrefix("export") ? "prisma" : "client"
            XCTAssertEqual(facts.typedNames[name], typed ? (name == "prisma" ? "PrismaClient" : "OpenAI") : nil, source)
        }
    }
}
