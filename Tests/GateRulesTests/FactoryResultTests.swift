import GateCore
import GateRules
import XCTest

/// A value made by a factory function (`const tts = getTTSProvider()`, `llm = get_llm()`) runs the methods of the
/// classes the factory returns: the provider abstractions AI applications put between their routes and the SDKs.
final class FactoryResultTests: XCTestCase {
    private static let openAITTS = """
        import OpenAI from "openai";

        export class OpenAiTTS {
          private client = new OpenAI();

          async speak(text: string) {
            return this.client.audio.speech.create({ model: "tts-1", voice: "alloy", input: text });
          }
        }
        """

    private static let localTTS = """
        export class LocalTTS {
          async speak(text: string) {
            return new Blob([text]);
          }
        }
        """

    private static let tsconfig = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#

    private static func route(calling factory: String, from module: String = "@/lib/tts") -> String {
        """
        import { \(factory) } from "\(module)";

        export async function POST(req: Request) {
          const { text } = await req.json();
          const tts = \(factory)(process.env.TTS_PROVIDER ?? "openai");
          const audio = await tts.speak(text);
          return new Response(audio.body);
        }
        """
    }

    private let routePath = "app/api/speak/route.ts"

    func testAFactoryChoosingBetweenProvidersReachesThePaidOne() {
        let factory = """
            import { OpenAiTTS } from "./openai";
            import { LocalTTS } from "./local";

            export function getTTSProvider(name: string) {
              switch (name) {
                case "local":
                  return new LocalTTS();
                default:
                  return new OpenAiTTS();
              }
            }
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(routePath, head: [
            routePath: Self.route(calling: "getTTSProvider"), "lib/tts/index.ts": factory,
            "lib/tts/openai.ts": Self.openAITTS, "lib/tts/local.ts": Self.localTTS, "tsconfig.json": Self.tsconfig,
        ]), ["POST app/api/speak/route.ts"])
        // A factory that only makes the free class reaches nothing paid.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(routePath, head: [
            routePath: Self.route(calling: "getTTSProvider"),
            "lib/tts/index.ts": factory.replacingOccurrences(of: "return new OpenAiTTS();", with: "return new LocalTTS();"),
            "lib/tts/openai.ts": Self.openAITTS, "lib/tts/local.ts": Self.localTTS, "tsconfig.json": Self.tsconfig,
        ]), [])
    }

    func testAnArrowFactoryWhoseBodyIsTheConstruction() {
        let factory = """
            import { OpenAiTTS } from "./openai";

            export const makeTTS = (name: string) => new OpenAiTTS();
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(routePath, head: [
            routePath: Self.route(calling: "makeTTS"), "lib/tts/index.ts": factory,
            "lib/tts/openai.ts": Self.openAITTS, "tsconfig.json": Self.tsconfig,
        ]), ["POST app/api/speak/route.ts"])
    }

    func testAGuardedRouteCallingAFactoryIsNotOpen() {
        let factory = """
            import { OpenAiTTS } from "./openai";

            export function getTTSProvider(name: string) {
              return new OpenAiTTS();
            }
            """
        let guarded = Self.route(calling: "getTTSProvider")
            .replacingOccurrences(of: "import { getTTSProvider }", with: "import { auth } from \"@/auth\";\nimport { getTTSProvider }")
            .replacingOccurrences(
                of: "  const { text } = await req.json();",
                with: "  const session = await auth();\n  if (!session) return new Response(null, { status: 401 });\n  const { text } = await req.json();")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(routePath, head: [
            routePath: guarded, "lib/tts/index.ts": factory, "lib/tts/openai.ts": Self.openAITTS,
            "tsconfig.json": Self.tsconfig,
        ]), [])
    }

    func testAPythonFactoryReturningAClientClass() {
        let providers = Self.pythonChatProviders
        let factory = """
            from app.llm.providers import OpenAIChat, EchoChat


            def get_llm(name="openai"):
                if name == "echo":
                    return EchoChat()
                return OpenAIChat()
            """
        let main = """
            from fastapi import FastAPI
            from app.llm import get_llm

            app = FastAPI()


            @app.post("/ask")
            async def ask(body: dict):
                llm = get_llm()
                return {"answer": llm.complete(body["q"])}
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/llm/__init__.py": factory, "app/llm/providers.py": providers,
        ]), ["POST /ask"])
        // The same route over a factory of the free class only.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/llm/__init__.py": factory.replacingOccurrences(of: "return OpenAIChat()", with: "return EchoChat()"),
            "app/llm/providers.py": providers,
        ]), [])
    }

    /// Two Python chat classes behind one interface, the paid one and a free one (shared with RegistryReachTests).
    static let pythonChatProviders = """
            from openai import OpenAI


            class OpenAIChat:
                def __init__(self):
                    self.client = OpenAI()

                def complete(self, prompt):
                    return self.client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])


            class EchoChat:
                def complete(self, prompt):
                    return prompt
            """
}

/// FastAPI's `Depends(get_llm)`: the parameter is what the dependency's function returns.
final class FastAPIDependencyTests: XCTestCase {
    private static let llm = """
        from anthropic import Anthropic


        class LLM:
            def __init__(self):
                self.client = Anthropic()

            def ask(self, q):
                return self.client.messages.create(model="claude-3-5-haiku-latest", max_tokens=300, messages=[{"role": "user", "content": q}])

            def name(self):
                return "claude"


        def get_llm():
            return LLM()
        """

    private func openRoutes(_ main: String) -> [String] {
        EndpointGuardScopeTests.openRoutes("app/main.py", head: ["app/main.py": main, "app/llm.py": Self.llm])
    }

    /// A route taking `llm=Depends(dependency)`, `dependency` imported from app/llm.py.
    private static func main(depending dependency: String) -> String {
        """
        from fastapi import Depends, FastAPI
        from app.llm import \(dependency)

        app = FastAPI()


        @app.post("/ask")
        def ask(q: str, llm=Depends(\(dependency))):
            return llm.ask(q)
        """
    }

    func testAnUnannotatedDependencyIsWhatItsFunctionReturns() {
        let main = Self.main(depending: "get_llm")
        XCTAssertEqual(openRoutes(main), ["POST /ask"])
        XCTAssertEqual(openRoutes(main.replacingOccurrences(of: "llm.ask(q)", with: "llm.name()")), [])
    }

    func testADependencyOnTheClassItself() {
        XCTAssertEqual(openRoutes(Self.main(depending: "LLM")), ["POST /ask"])
    }
}
