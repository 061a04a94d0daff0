import GateCore
import GateRules
import XCTest

/// A provider's client made in one module and called in another (`export const model = genAI.getGenerativeModel(…)`
/// then `model.generateContent(prompt)` in a route that names no provider) is the provider's paid call.
final class ImportedClientTests: XCTestCase {
    private static let gemini = """
        import { GoogleGenerativeAI } from "@google/generative-ai";

        const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY!);
        export const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash" });
        """
    private static let tsconfig = #"{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }"#

    private func findings(_ path: String, _ files: [String: String]) -> [String] {
        headTreeFindings(path, head: files).map { "\($0.rule) \($0.line)" }.sorted()
    }

    func testAMethodOfAnImportedClientIsItsPaidCall() {
        let route = """
            import { model } from "@/lib/gemini";

            export async function POST(req: Request) {
              const { prompt } = await req.json();
              const result = await model.generateContent(prompt);
              return Response.json({ text: result.response.text() });
            }
            """
        let path = "app/api/generate/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig]),
                       ["paid-call-reach 5", "unprotected-endpoint 3"])
        // Counting tokens is free: the same client, no paid call.
        XCTAssertEqual(findings(path, [
            path: route.replacingOccurrences(of: "model.generateContent(prompt)", with: "model.countTokens(prompt)"),
            "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig,
        ]), [])
    }

    func testAValueDerivedFromAnImportedClient() {
        let route = """
            import { model } from "@/lib/gemini";

            export async function POST(req: Request) {
              const { message, history } = await req.json();
              const chat = model.startChat({ history });
              const result = await chat.sendMessage(message);
              return Response.json({ text: result.response.text() });
            }
            """
        let path = "app/api/chat/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/gemini.ts": Self.gemini, "tsconfig.json": Self.tsconfig]),
                       ["paid-call-reach 6", "unprotected-endpoint 3"])
    }

    func testAPythonModuleLevelClient() {
        let clients = """
            import google.generativeai as genai

            genai.configure(api_key=os.environ["GEMINI_API_KEY"])
            model = genai.GenerativeModel("gemini-1.5-flash")
            """
        let database = """
            class Store:
                def insert(self, row):
                    return row


            store = Store()
            """
        let main = """
            from fastapi import FastAPI
            from app.clients import model
            from app.store import store

            app = FastAPI()


            @app.post("/generate")
            def generate(prompt: str):
                return model.generate_content(prompt).text


            @app.post("/rows")
            def save(row: dict):
                return store.insert(row)
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/main.py", head: [
            "app/main.py": main, "app/clients.py": clients, "app/store.py": database,
        ]), ["POST /generate"])
    }

    func testAnImportedObjectOfNoProviderIsNoPaidCall() {
        let cache = """
            import { createClient } from "redis";

            export const cache = createClient({ url: process.env.REDIS_URL });
            """
        let route = """
            import { cache } from "@/lib/cache";

            export async function POST(req: Request) {
              const { key } = await req.json();
              return Response.json({ value: await cache.get(key) });
            }
            """
        let path = "app/api/cache/route.ts"
        XCTAssertEqual(findings(path, [path: route, "lib/cache.ts": cache, "tsconfig.json": Self.tsconfig]), [])
    }
}
