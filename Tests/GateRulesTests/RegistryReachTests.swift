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
}
