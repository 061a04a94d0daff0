import GateCore
import GateRules
import XCTest

/// Shapes taken from real public applications where gate was wrong: a bounded retry helper called once, Flask routes
/// registered inside a setup function, the OpenAI embeddings idiom in a comprehension, a Next.js middleware that
/// redirects requests without a NextAuth token.
final class RealAppShapeTests: XCTestCase {
    private func scan(_ path: String, head files: [String: String]) -> [Finding] {
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let file = DetectorExample(files[path] ?? "", path: path).makeSourceFile()
        return Scanner(context: context).scan(file)
    }

    private func rules(_ path: String, head files: [String: String]) -> [String] {
        scan(path, head: files).map(\.rule).sorted()
    }

    /// A retry loop bounded by a constant's property is bounded, and a caller that calls its function once makes one
    /// paid call, not a batch of them.
    func testARetryHelperBoundedByItsConfigIsCalledOnceByItsCaller() {
        func helper(_ bound: String) -> String {
            """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function getCompletion(messages: any[]) {
              for (let attempt = 0; attempt <= \(bound); attempt++) {
                try {
                  return await openai.chat.completions.create({ model: "gpt-4o", messages });
                } catch (error) {
                  if (attempt === \(bound)) throw error;
                }
              }
            }

            const RETRY_CONFIG = { maxRetries: 3, baseDelayMs: 500 };
            const MAX_RETRIES = 2;
            """
        }
        let route = """
            import { getCompletion } from "../../../../lib/openrouter";

            export async function summarize(messages: any[]) {
              return getCompletion(messages);
            }
            """
        let helperPath = "lib/openrouter.ts", routePath = "src/app/api/chat/summarize.ts"
        for bound in ["RETRY_CONFIG.maxRetries", "MAX_RETRIES", "3"] {
            let files = [helperPath: helper(bound), routePath: route]
            XCTAssertEqual(rules(helperPath, head: files), ["paid-sdk-call"], bound)
            XCTAssertEqual(rules(routePath, head: files), ["paid-call-reach"], bound)
        }
        // A loop over items in the helper is still a batch where it is called.
        let batch = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function getCompletion(messages: any[]) {
              const answers = [];
              for (const message of messages) {
                answers.push(await openai.chat.completions.create({ model: "gpt-4o", messages: [message] }));
              }
              return answers;
            }
            """
        XCTAssertEqual(rules(routePath, head: [helperPath: batch, routePath: route]), ["batch-model-call"])
    }

    /// Routes a Flask app's setup function registers run when requested, not when the setup function is called.
    func testRoutesRegisteredInsideASetupFunctionAreNotItsOwnCalls() {
        let routes = """
            from flask import request, jsonify
            import openai


            def run(history):
                return openai.ChatCompletion.create(model="gpt-4", messages=history)


            def setup_routes(app):
                @app.route("/ask", methods=["POST"])
                def ask():
                    return jsonify(run(request.json["history"]))


            def warm_up():
                def ping():
                    return run([])
                return ping()
            """
        let app = """
            from flask import Flask

            from api.routes import setup_routes, warm_up

            app = Flask(__name__)
            setup_routes(app)
            warm_up()
            """
        let findings = scan("app.py", head: ["api/routes.py": routes, "app.py": app])
        // `warm_up()` calls the function it defines; `setup_routes(app)` only registers one.
        XCTAssertEqual(findings.filter { $0.rule == "paid-call-reach" }.map(\.line), [7])
        XCTAssertEqual(
            EndpointGuardScopeTests.openRoutes("api/routes.py", head: ["api/routes.py": routes, "app.py": app]),
            ["POST /ask"])
    }

    /// `[d.embedding for d in client.embeddings.create(…).data]` makes one request; a call in the element, one per item.
    func testAComprehensionsIterableIsCalledOnce() {
        let source = """
            from openai import OpenAI

            client = OpenAI()


            def embed(docs):
                return [d.embedding for d in client.embeddings.create(model="text-embedding-3-small", input=docs).data]


            def embed_each(docs):
                return [client.embeddings.create(model="text-embedding-3-small", input=d).data[0].embedding for d in docs]
            """
        let findings = scan("app/vectors.py", head: ["app/vectors.py": source])
        XCTAssertEqual(findings.filter { $0.rule == "batch-model-call" }.map(\.line), [11])
        XCTAssertEqual(findings.filter { $0.rule == "paid-sdk-call" }.map(\.line), [7])
    }

    /// A provider host whose subdomain the template fills in (`{region}.tts.speech.microsoft.com`) is still that
    /// provider's; a host that is all placeholder is nobody's.
    func testAHostWithATemplatedSubdomainIsStillTheProviders() {
        let source = """
            import aiohttp


            async def speak(region: str, key: str, ssml: str):
                async with aiohttp.ClientSession() as session:
                    async with session.post(
                        f"https://{region}.tts.speech.microsoft.com/cognitiveservices/v1",
                        headers={"Ocp-Apim-Subscription-Key": key},
                        data=ssml,
                    ) as response:
                        return await response.read()


            async def relay(host: str, body: bytes):
                async with aiohttp.ClientSession() as session:
                    return await session.post(f"https://{host}/cognitiveservices/v1", data=body)
            """
        let findings = scan("app/tts.py", head: ["app/tts.py": source]).filter { $0.rule == "paid-http-call" }
        XCTAssertEqual(findings.map(\.line), [7])
        let javascript = """
            export async function speak(region, key, ssml) {
              return fetch(`https://${region}.tts.speech.microsoft.com/cognitiveservices/v1`, { method: "POST", body: ssml });
            }
            """
        XCTAssertEqual(scan("lib/tts.js", head: ["lib/tts.js": javascript]).filter { $0.rule == "paid-http-call" }.map(\.line), [2])
    }

    /// Listing and account endpoints of a paid host cost nothing; its inference endpoints do.
    func testFreeEndpointsOfAPaidHostAreNoPaidRequests() {
        let source = """
            const headers = { Authorization: `Bearer ${process.env.OPENROUTER_API_KEY}` };

            export async function stats(id) {
              return fetch(`https://openrouter.ai/api/v1/generation?id=${id}`, { headers });
            }

            export async function voices() {
              return fetch("https://api.elevenlabs.io/v1/voices", { headers });
            }

            export async function credits() {
              return fetch("https://openrouter.ai/api/v1/credits", { headers });
            }

            export async function complete(messages) {
              return fetch("https://openrouter.ai/api/v1/chat/completions", { method: "POST", headers, body: JSON.stringify({ messages }) });
            }
            """
        let findings = scan("lib/openrouter.js", head: ["lib/openrouter.js": source]).filter { $0.rule == "paid-http-call" }
        XCTAssertEqual(findings.map(\.line), [16])
    }

    /// A Next.js middleware that redirects requests without a NextAuth token guards the routes its matcher covers.
    func testAMiddlewareRedirectingRequestsWithoutANextAuthTokenGuards() {
        let middleware = """
            import { NextResponse, type NextRequest } from "next/server";
            import { getToken } from "next-auth/jwt";

            export async function middleware(request: NextRequest) {
              const token = await getToken({ req: request, secret: process.env.AUTH_SECRET });
              if (!token) {
                return NextResponse.redirect(new URL("/login", request.url));
              }
              return NextResponse.next();
            }

            export const config = { matcher: ["/api/chat/:path*"] };
            """
        let route = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export async function POST(req: Request) {
              const { text } = await req.json();
              return Response.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] }));
            }
            """
        let files = ["middleware.ts": middleware, "app/api/chat/route.ts": route, "app/api/public/route.ts": route]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/api/chat/route.ts", head: files), [])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/api/public/route.ts", head: files), ["POST app/api/public/route.ts"])
    }

    /// The Vercel AI SDK is free: a call is the provider's whose model it is handed (`model: anthropic("…")`), and the
    /// SDK's own when the model comes from elsewhere.
    func testAnAISDKCallIsThePaidProviderOfItsModel() {
        let route = """
            import { generateText, streamText } from "ai";
            import { anthropic } from "@ai-sdk/anthropic";
            import { openai as gpt } from "@ai-sdk/openai";
            import { myProvider } from "@/lib/ai/providers";

            export async function POST(req: Request) {
              const { messages, mode } = await req.json();
              if (mode === "fast") return Response.json(await generateText({ model: gpt("gpt-4o-mini"), messages }));
              if (mode === "deep") return streamText({ model: anthropic("claude-3-5-sonnet-latest"), messages }).toDataStreamResponse();
              return streamText({ model: myProvider.languageModel("chat-model"), messages }).toDataStreamResponse();
            }
            """
        let providers = scan("app/api/chat/route.ts", head: ["app/api/chat/route.ts": route])
            .filter { $0.rule == "paid-sdk-call" }.map { "\($0.line) \($0.provider ?? "")" }
        XCTAssertEqual(providers, ["8 openai", "9 anthropic", "10 vercel-ai-sdk"])
    }

    /// A file of several providers' adapters, whose SDKs share OpenAI's method names: a call is the provider's whose
    /// client its receiver was made from.
    func testACallIsTheProviderWhoseClientItsReceiverWasMadeFrom() {
        let adapters = """
            from groq import Groq
            from openai import OpenAI


            class OpenAIProvider:
                def __init__(self, api_key):
                    self.client = OpenAI(api_key=api_key)

                def query(self, question):
                    return self.client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])


            class GroqProvider:
                def __init__(self, api_key):
                    self.client = Groq(api_key=api_key)

                def query(self, question):
                    return self.client.chat.completions.create(model="llama3-70b-8192", messages=[{"role": "user", "content": question}])
            """
        let providers = scan("core/ai.py", head: ["core/ai.py": adapters])
            .filter { $0.rule == "paid-sdk-call" }.map { "\($0.line) \($0.provider ?? "")" }
        XCTAssertEqual(providers, ["10 openai", "18 groq"])
    }
}
