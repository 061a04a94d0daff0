import GateCore
import GateRules
import XCTest

/// Objects kept in a registry (`const providers = { openai: new OpenAIProvider() }`, `PROVIDERS = {"openai":
/// OpenAIChat()}`): a method called on an entry, or on what a function returns from it, runs that method of every
/// class the registry holds.
final class RegistryReachTests: XCTestCase {
    private static let openAIProvider = """
        import OpenAI from "openai";

        export class OpenAIProvider {
          private client = new OpenAI();

          async generate(prompt: string) {
            const r = await this.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
            return r.choices[0].message.content ?? "";
          }
        }
        """
    private static let echoProvider = """
        export class EchoProvider {
          async generate(prompt: string) {
            return prompt;
          }
        }
        """
    private static let registry = """
        import { OpenAIProvider } from "./openai";
        import { EchoProvider } from "./echo";

        export const providers: Record<string, { generate(prompt: string): Promise<string> }> = {
          echo: new EchoProvider(),
          openai: new OpenAIProvider(),
        };

        export function getProvider(name: string) {
          return providers[name] ?? providers.echo;
        }
        """
    private static let tsconfig = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#

    private func openRoutes(_ route: String, registry: String = registry) -> [String] {
        let path = "app/api/generate/route.ts"
        return EndpointGuardScopeTests.openRoutes(path, head: [
            path: route, "lib/providers/index.ts": registry, "lib/providers/openai.ts": Self.openAIProvider,
            "lib/providers/echo.ts": Self.echoProvider, "tsconfig.json": Self.tsconfig,
        ])
    }

    func testAnEntryOfAnImportedRegistry() {
        let route = """
            import { providers } from "@/lib/providers";

            export async function POST(req: Request) {
              const { prompt, provider } = await req.json();
              return Response.json({ text: await providers[provider].generate(prompt) });
            }
            """
        XCTAssertEqual(openRoutes(route), ["POST app/api/generate/route.ts"])
        // A registry of free providers only.
        XCTAssertEqual(openRoutes(route, registry: Self.registry.replacingOccurrences(
            of: "openai: new OpenAIProvider()", with: "loud: new EchoProvider()")), [])
    }

    func testAnEntryAFunctionReturnsFromTheRegistry() {
        let route = """
            import { getProvider } from "@/lib/providers";

            export async function POST(req: Request) {
              const { prompt, provider } = await req.json();
              const model = getProvider(provider);
              return Response.json({ text: await model.generate(prompt) });
            }
            """
        XCTAssertEqual(openRoutes(route), ["POST app/api/generate/route.ts"])
    }

    func testAPythonDictionaryOfProviders() {
        let providers = FactoryResultTests.pythonChatProviders + """


            PROVIDERS = {
                "echo": EchoChat(),
                "openai": OpenAIChat(),
            }
            """
        let main = """
            from fastapi import FastAPI
            from app.providers import PROVIDERS

            app = FastAPI()


            @app.post("/ask")
            def ask(q: str, provider: str = "openai"):
                return {"answer": PROVIDERS[provider].complete(q)}
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/providers.py": providers,
        ]), ["POST /ask"])
    }

    /// Functions kept in a dictionary and called through it: the call runs any of them.
    private static let pythonHandlers = """
        from openai import OpenAI

        client = OpenAI()


        def summarize(text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])


        def echo(text):
            return text


        HANDLERS = {
            "summary": summarize,
            "echo": echo,
        }


        def run(kind, text):
            return HANDLERS[kind](text)
        """

    func testAPythonDictionaryOfFunctionsCalledThroughAnIndex() {
        let main = """
            from fastapi import FastAPI
            from app.handlers import run

            app = FastAPI()


            @app.post("/process")
            def process(kind: str, text: str):
                return run(kind, text)
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": Self.pythonHandlers,
        ]), ["POST /process"])
        // Looked up with `.get`, a default for unknown kinds.
        let looked = Self.pythonHandlers.replacingOccurrences(of: "return HANDLERS[kind](text)", with: "return HANDLERS.get(kind, echo)(text)")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": looked,
        ]), ["POST /process"])
        // Free functions only: nothing paid is dispatched.
        let free = Self.pythonHandlers.replacingOccurrences(of: "\"summary\": summarize,", with: "\"loud\": echo,")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/handlers.py": free,
        ]), [])
    }

    func testAnObjectOfFunctionsInShorthandCalledThroughAnIndex() {
        let handlers = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            async function summarize(text: string) {
              const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] });
              return r.choices[0].message.content ?? "";
            }

            async function shout(text: string) {
              return text.toUpperCase();
            }

            const handlers = { summarize, shout };

            export async function handle(kind: string, text: string) {
              return handlers[kind as keyof typeof handlers](text);
            }
            """
        let route = """
            import { handle } from "@/lib/handlers";

            export async function POST(req: Request) {
              const { kind, text } = await req.json();
              return Response.json({ result: await handle(kind, text) });
            }
            """
        let path = "app/api/handle/route.ts"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: route, "lib/handlers.ts": handlers, "tsconfig.json": Self.tsconfig,
        ]), ["POST app/api/handle/route.ts"])
        // An index into a list of values is no dispatch.
        let values = handlers.replacingOccurrences(of: "const handlers = { summarize, shout };", with: "const handlers = { a: 1, b: 2 };")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [
            path: route, "lib/handlers.ts": values, "tsconfig.json": Self.tsconfig,
        ]), [])
    }
}
