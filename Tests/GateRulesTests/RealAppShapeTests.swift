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

    /// A retry loop counted from 1 allows as many attempts as its end says (`range(1, 21)`, `attempt <= 20`), not
    /// one; the same loops within the bound are fine.
    func testARetryLoopCountedFromOneIsBoundedByItsEnd() {
        func python(_ header: String) -> String {
            """
            import time
            from openai import OpenAI

            client = OpenAI()

            def generate(prompt):
                \(header)
                    try:
                        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                    except Exception:
                        time.sleep(attempt)
            """
        }
        func typescript(_ header: String) -> String {
            """
            import OpenAI from "openai";
            const openai = new OpenAI();
            export async function generate(prompt: string) {
              \(header) {
                try {
                  return await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                } catch (error) {
                  await new Promise((resolve) => setTimeout(resolve, attempt * 1000));
                }
              }
            }
            """
        }
        let path = "app/llm.py", tsPath = "lib/llm.ts"
        XCTAssertEqual(rules(path, head: [path: python("for attempt in range(1, 21):")]), ["paid-retry", "paid-sdk-call"])
        XCTAssertEqual(rules(path, head: [path: python("for attempt in range(1, 4):")]), ["paid-sdk-call"])
        XCTAssertEqual(rules(tsPath, head: [tsPath: typescript("for (let attempt = 1; attempt <= 20; attempt++)")]),
                       ["paid-retry", "paid-sdk-call"])
        XCTAssertEqual(rules(tsPath, head: [tsPath: typescript("for (let attempt = 1; attempt <= 3; attempt++)")]), ["paid-sdk-call"])
        XCTAssertEqual(rules(tsPath, head: [tsPath: typescript("for (let attempt = 1; attempt < 4; attempt++)")]), ["paid-sdk-call"])
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

    /// A `for` statement's iterable runs once: streaming a completion (`for chunk in client.chat.completions.create(…,
    /// stream=True):`) is one call, and a call in the loop's body is still once per item.
    func testAForStatementsIterableIsCalledOnce() {
        let source = """
            from openai import OpenAI

            client = OpenAI()


            def stream(messages):
                for chunk in client.chat.completions.create(model="gpt-4o", messages=messages, stream=True):
                    yield chunk.choices[0].delta.content or ""


            def answer_all(questions):
                for question in questions:
                    yield client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])
            """
        let findings = scan("app/chat.py", head: ["app/chat.py": source])
        XCTAssertEqual(findings.filter { $0.rule == "batch-model-call" }.map(\.line), [13])
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

    /// A provider the file makes with a factory (`createOpenAI({ baseURL })`, `createXai()`, `createWorkersAI()`)
    /// bills where its base URL points, else through the factory's package, also when the model is named first.
    func testAnAISDKProviderMadeByAFactoryBillsWhereItsBaseURLPoints() {
        let route = """
            import { generateText, streamText } from "ai";
            import { createOpenAI } from "@ai-sdk/openai";
            import { createXai } from "@ai-sdk/xai";
            import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
            import { createWorkersAI } from "workers-ai-provider";

            const groq = createOpenAI({ baseURL: "https://api.groq.com/openai/v1", apiKey: process.env.GROQ_API_KEY });
            const openai = createOpenAI({ apiKey: process.env.OPENAI_API_KEY });
            const xAI = createXai({ apiKey: process.env.XAI_API_KEY });
            const local = createOpenAICompatible({ name: "lmstudio", baseURL: process.env.LOCAL_URL });

            export async function POST(req: Request) {
              const { prompt, mode, env } = await req.json();
              if (mode === "groq") return Response.json(await generateText({ model: groq("llama-3.1-8b-instant"), prompt }));
              if (mode === "openai") return Response.json(await generateText({ model: openai("gpt-4o"), prompt }));
              const model = xAI("grok-beta");
              if (mode === "grok") return streamText({ model: model, prompt }).toTextStreamResponse();
              const workers = createWorkersAI({ binding: env.AI });
              if (mode === "cf") return streamText({ model: workers("@cf/meta/llama-3.1-8b-instruct"), prompt }).toTextStreamResponse();
              return streamText({ model: local("qwen"), prompt }).toTextStreamResponse();
            }
            """
        let providers = scan("app/api/chat/route.ts", head: ["app/api/chat/route.ts": route])
            .filter { $0.rule == "paid-sdk-call" }.map { "\($0.line) \($0.provider ?? "")" }
        XCTAssertEqual(providers, ["14 groq", "15 openai", "17 xai", "19 cloudflare-workers-ai", "20 vercel-ai-sdk"])
    }

    /// Workers AI through the Worker's binding (`env.AI.run("@cf/…")`) is a paid call; in a Workers project (a
    /// wrangler configuration above it) `src/worker/` holds the code that answers requests, not background work.
    func testWorkersAIIsPaidAndAWorkersProjectsWorkerDirectoryIsNotBackgroundWork() {
        let service = """
            export class AIService {
              constructor(private env: Env) {}

              async reply(prompt: string) {
                return this.env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt });
              }
            }
            """
        let handler = """
            import { AIService } from "./services/ai-service";

            export default {
              async fetch(request: Request, env: Env): Promise<Response> {
                const { prompt } = await request.json();
                return Response.json(await new AIService(env).reply(prompt));
              },
            };
            """
        let servicePath = "src/worker/services/ai-service.ts", handlerPath = "src/worker/index.ts"
        var files = [servicePath: service, handlerPath: handler, "wrangler.jsonc": "{ \"name\": \"chat\", \"ai\": { \"binding\": \"AI\" } }\n"]
        let found = scan(servicePath, head: files)
        XCTAssertEqual(found.map(\.rule), ["paid-sdk-call"])
        XCTAssertEqual(found.first?.provider, "cloudflare-workers-ai")
        XCTAssertEqual(rules(handlerPath, head: files), ["paid-call-reach", "unprotected-endpoint"])
        // Without a wrangler configuration, `worker/` keeps its conventional meaning.
        files["wrangler.jsonc"] = nil
        XCTAssertEqual(rules(servicePath, head: files), ["batch-model-call"])
        // `AI.run` with nothing of Workers AI's around it (no model id, no binding) is no paid call.
        let unrelated = "export function go(AI: Runner) { return AI.run(tasks); }\n"
        XCTAssertEqual(rules("src/runner.ts", head: ["src/runner.ts": unrelated]), [])
    }

    /// DRF views that declare they let anyone in (`permission_classes = [AllowAny]`, `@permission_classes([])`) are
    /// open whatever the project's default; a plain Django view is not DRF's to guard; and a session read guards
    /// only when what it reads names the caller (`session.get("user_id")`, not the chat's `messages`).
    func testDRFOpenDeclarationsPlainDjangoViewsAndSessionsThatHoldNoCaller() {
        let views = """
            from rest_framework.views import APIView
            from rest_framework.permissions import AllowAny, IsAuthenticated
            from rest_framework.decorators import api_view, permission_classes, authentication_classes
            from rest_framework.response import Response
            from openai import OpenAI

            client = OpenAI()


            class UploadView(APIView):
                permission_classes = [AllowAny]

                def post(self, request):
                    return Response(client.chat.completions.create(model="gpt-4o", messages=request.data["messages"]))


            class ChatView(APIView):
                permission_classes = [IsAuthenticated]

                def post(self, request):
                    return Response(client.chat.completions.create(model="gpt-4o", messages=request.data["messages"]))


            class DefaultView(APIView):
                def post(self, request):
                    return Response(client.chat.completions.create(model="gpt-4o", messages=request.data["messages"]))


            @authentication_classes([])
            @permission_classes([])
            @api_view(["POST"])
            def post_data(request):
                return Response(client.chat.completions.create(model="gpt-4o", messages=request.data["messages"]))
            """
        let plain = """
            from django.http import JsonResponse
            from openai import OpenAI

            client = OpenAI()


            def home(request):
                if "messages" not in request.session:
                    request.session["messages"] = []
                reply = client.chat.completions.create(model="gpt-4o", messages=request.session["messages"])
                return JsonResponse({"reply": reply.choices[0].message.content})


            def member_home(request):
                if not request.session.get("user_id"):
                    return JsonResponse({"error": "sign in"}, status=401)
                reply = client.chat.completions.create(model="gpt-4o", messages=[])
                return JsonResponse({"reply": reply.choices[0].message.content})
            """
        let settings = "REST_FRAMEWORK = {\n    \"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],\n}\n"
        let files = ["api/views.py": views, "chat/views.py": plain, "mysite/settings.py": settings]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("api/views.py", head: files).sorted(), ["POST post_data", "view post"])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("chat/views.py", head: files), ["view home"])
        // DRF's defaults guard DRF's views only, not a FastAPI service of the same repository.
        let router = """
            from fastapi import APIRouter
            from openai import OpenAI

            client = OpenAI()
            router = APIRouter()


            @router.post("/complete")
            def complete(prompt: str):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("service/routers/complete.py", head: files.merging(
            ["service/routers/complete.py": router]) { $1 }), ["POST /complete"])
    }

    /// A DRF viewset's `perform_create` runs for every POST without being handed the request: when it enqueues the
    /// paid work, an open viewset spends per request; the same hook under `IsAuthenticated`, or in a class that is
    /// no DRF view, is no endpoint of its own.
    func testDRFViewsetHooksThatEnqueuePaidWorkAreEndpoints() {
        let views = """
            from rest_framework import viewsets
            from rest_framework.permissions import AllowAny, IsAuthenticated
            from .tasks import summarize_document


            class DocumentViewSet(viewsets.ModelViewSet):
                permission_classes = [AllowAny]

                def perform_create(self, serializer):
                    document = serializer.save()
                    summarize_document.delay(document.id)


            class PrivateDocumentViewSet(viewsets.ModelViewSet):
                permission_classes = [IsAuthenticated]

                def perform_create(self, serializer):
                    document = serializer.save()
                    summarize_document.delay(document.id)


            class Importer:
                def perform_create(self, serializer):
                    summarize_document.delay(serializer.save().id)
            """
        let tasks = """
            from celery import shared_task
            from openai import OpenAI


            @shared_task
            def summarize_document(document_id):
                client = OpenAI()
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": str(document_id)}])
            """
        let files = ["documents/views.py": views, "documents/tasks.py": tasks]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("documents/views.py", head: files), ["view perform_create"])
        XCTAssertEqual(
            scan("documents/views.py", head: files).filter { $0.rule == "unprotected-endpoint" }.map(\.line), [9])
    }

    /// A FastAPI router included with a dependency that refuses callers is guarded whatever the dependency is called
    /// (`get_api_key`, as FastAPI's API-key docs name it), and one that refuses nobody guards nothing; a route whose
    /// path is given by keyword (`@router.post(path="/completions")`) is named by it.
    func testFastAPIRouterDependenciesGuardByWhatTheyDoAndPathsByKeyword() {
        let auth = """
            import os

            from fastapi import HTTPException, Security
            from fastapi.security.api_key import APIKeyHeader

            api_key_header = APIKeyHeader(name="access_token", auto_error=False)


            async def get_api_key(api_key_header: str = Security(api_key_header)):
                if api_key_header == os.environ.get("API_KEY"):
                    return api_key_header
                raise HTTPException(status_code=403, detail="Could not validate API KEY")


            def get_settings():
                return {"model": os.environ.get("MODEL", "gpt-4o")}
            """
        let routers = """
            from fastapi import APIRouter
            from openai import OpenAI

            client = OpenAI()
            chat_router = APIRouter()


            @chat_router.post(path="/completions", status_code=200)
            async def one_off_situation(query: str):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": query}])
            """
        func app(_ dependency: String) -> String {
            """
            from fastapi import Depends, FastAPI

            from auth import \(dependency)
            from routers import chat_router

            app = FastAPI()
            app.include_router(chat_router, dependencies=[Depends(\(dependency))], prefix="/context/chat")
            """
        }
        let guarded = ["auth.py": auth, "routers.py": routers, "app.py": app("get_api_key")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routers.py", head: guarded), [])
        let open = ["auth.py": auth, "routers.py": routers, "app.py": app("get_settings")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routers.py", head: open), ["POST /context/chat/completions"])
    }

    /// Fastify's TypeScript routes give the method type arguments (`server.get<{ Params: Params }>(…)`): still routes,
    /// with their guards read as without them.
    func testFastifyRoutesWithTypeArguments() {
        let server = """
            import Fastify from "fastify";
            import OpenAI from "openai";

            const server = Fastify();
            const openai = new OpenAI();

            server.get<{ Querystring: Record<string, Array<string>> }>("/i/*", async (request) => {
              return openai.chat.completions.create({ model: "gpt-4o", messages: [] });
            });

            server.post<{ Body: { text: string } }>("/api/private", { preHandler: [server.authenticate] }, async (request) => {
              return openai.chat.completions.create({ model: "gpt-4o", messages: [] });
            });
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/server.ts", head: ["src/server.ts": server]), ["GET /i/*"])
    }

    /// Express apps hand services and handlers over in more forms than a named export: a service exported as the
    /// module's default instance (`export default new Service()`, `module.exports = new Service()`) and a
    /// controller's method bound to it (`aiController.generate.bind(aiController)`).
    func testDefaultExportedInstancesAndBoundHandlersAreFollowed() {
        func service(_ export: String) -> String {
            """
            import OpenAI from "openai";

            class OpenAIService {
              constructor() {
                this.openai = new OpenAI();
              }

              async run(content) {
                const response = await this.openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content }] });
                return response.choices[0].message.content;
              }
            }

            \(export)
            """
        }
        let esm = """
            import { Router } from "express";
            import openAiService from "../services/openai.js";

            const router = Router();
            router.post("/ask", async (req, res) => res.json({ out: await openAiService.run(req.body.text) }));
            export default router;
            """
        let commonJS = """
            const express = require("express");
            const ai = require("../services/openai");

            const router = express.Router();
            router.post("/ask", async (req, res) => res.json({ out: await ai.run(req.body.text) }));
            module.exports = router;
            """
        for (export, route) in [("export default new OpenAIService();", esm), ("module.exports = new OpenAIService();", commonJS)] {
            let files = ["services/openai.js": service(export), "routes/ai.js": route]
            XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/ai.js", head: files), ["POST /ask"], export)
        }
        let controller = """
            import { Request, Response } from "express";
            import service from "../services/openai.js";

            export class AiController {
              async generate(req: Request, res: Response) {
                res.json({ out: await service.run(req.body.input) });
              }
            }

            export const aiController = new AiController();
            """
        let bound = """
            import { Router } from "express";
            import { aiController } from "../controllers/ai";

            const router = Router();
            router.post("/generate", aiController.generate.bind(aiController));
            export default router;
            """
        let files = [
            "services/openai.js": service("export default new OpenAIService();"), "controllers/ai.ts": controller,
            "routes/bound.ts": bound,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/bound.ts", head: files), ["POST /generate"])
    }

    /// PHP's `define('NAME', 'value')` (WordPress's `define( 'DB_PASSWORD', '…' );`) names its value as an assignment.
    func testPHPDefineNamesItsSecret() {
        let config = """
            <?php
            define('DB_HOST', 'db.internal');
            define( 'MISTRAL_API_KEY', 'q7Vb2LmX9pRt4KsW8nYc3HdJ6fGa1ZeU' );
            define('WP_DEBUG', false);
            """
        let found = scan("config.php", head: ["config.php": config]).filter { $0.category == .secret }
        XCTAssertEqual(found.map(\.line), [3])
        XCTAssertEqual(found.first?.rule, "ai-provider-key")
    }

    /// ASP.NET Core's `UseRateLimiter()` limits every endpoint when the file sets a global limiter, and none without.
    func testASPNetGlobalLimiterRateLimitsEveryEndpoint() {
        func program(_ limiter: String) -> String {
            """
            using System.Threading.RateLimiting;
            using OpenAI.Chat;
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(options =>
            {
                \(limiter)
            });
            var app = builder.Build();
            app.UseRateLimiter();
            var chat = new ChatClient("gpt-4o-mini", builder.Configuration["OpenAI:ApiKey"]);
            app.MapPost("/chat", async (string q) => (await chat.CompleteChatAsync(q)).Value.Content[0].Text);
            app.Run();
            """
        }
        let global = "options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => RateLimitPartition.GetNoLimiter(\"x\"));"
        let named = "options.AddFixedWindowLimiter(\"fixed\", o => { o.PermitLimit = 10; });"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("Program.cs", head: ["Program.cs": program(global)]), [])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("Program.cs", head: ["Program.cs": program(named)]), ["POST /chat"])
        // The limiter set up in an extension method of another file (`builder.Services.AddRateLimiting()`).
        let extensions = """
            using System.Threading.RateLimiting;
            public static class RateLimitingExtensions
            {
                public static IServiceCollection AddRateLimiting(this IServiceCollection services) =>
                    services.AddRateLimiter(options => { \(global) });
            }
            """
        let elsewhere = ["Program.cs": program("// configured in Extensions/RateLimitingExtensions.cs"),
                         "Extensions/RateLimitingExtensions.cs": extensions]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("Program.cs", head: elsewhere), [])
        let namedElsewhere = ["Program.cs": program("// configured in Extensions/RateLimitingExtensions.cs"),
                              "Extensions/RateLimitingExtensions.cs": extensions.replacingOccurrences(of: global, with: named)]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("Program.cs", head: namedElsewhere), ["POST /chat"])
    }

    /// Microsoft.Extensions.AI's `IChatClient` over OpenAI bills per call.
    func testMicrosoftExtensionsAIChatClientCalls() {
        let program = """
            using Microsoft.Extensions.AI;
            using OpenAI;
            var builder = WebApplication.CreateBuilder(args);
            IChatClient client = new OpenAIClient(builder.Configuration["OpenAI:Key"]).GetChatClient("gpt-4o-mini").AsIChatClient();
            var app = builder.Build();
            app.MapPost("/chat", async (string q) => (await client.GetResponseAsync(q)).Text);
            app.Run();
            """
        let found = scan("Program.cs", head: ["Program.cs": program])
        XCTAssertEqual(found.map(\.rule).sorted(), ["paid-sdk-call", "unprotected-endpoint"])
        XCTAssertEqual(Set(found.compactMap(\.provider)), ["microsoft-extensions-ai"])
    }

    /// A vector store built with paid embeddings embeds every document (`Chroma.from_documents(…,
    /// embedding=OpenAIEmbeddings())`); one built with local embeddings does not; LlamaIndex's engines' streaming
    /// and one-off query calls are paid too.
    func testVectorStoresBuiltWithPaidEmbeddingsAndLlamaIndexEngines() {
        let store = """
            from langchain_openai import OpenAIEmbeddings, ChatOpenAI
            from langchain_huggingface import HuggingFaceEmbeddings
            from langchain_community.vectorstores import Chroma, FAISS


            def create_vectorstore(chunks, directory):
                embeddings = OpenAIEmbeddings(model="text-embedding-3-small")
                return Chroma.from_documents(documents=chunks, embedding=embeddings, persist_directory=directory)


            def build_faiss(texts):
                return FAISS.from_texts(texts, OpenAIEmbeddings())


            def build_local(texts):
                return FAISS.from_texts(texts, HuggingFaceEmbeddings())
            """
        // Built from every document, it is batch work (one embeddings request per batch of them), not a single call.
        XCTAssertEqual(scan("src/store.py", head: ["src/store.py": store]).filter { $0.rule == "batch-model-call" }.map(\.line), [8, 12])
        XCTAssertEqual(scan("src/store.py", head: ["src/store.py": store]).filter { $0.rule == "paid-sdk-call" }.map(\.line), [])
        let chat = """
            from llama_index.core import VectorStoreIndex


            async def stream(chat_engine, message):
                return await chat_engine.astream_chat(message)


            def ask(index: VectorStoreIndex, question):
                return index.as_query_engine().query(question)
            """
        XCTAssertEqual(scan("app/chat.py", head: ["app/chat.py": chat]).filter { $0.rule == "paid-sdk-call" }.map(\.line), [5, 9])
    }

    /// tenacity's iterator retries what its `with attempt:` runs, bounded by its `stop`; Celery's retry limits are
    /// also given as `retry_kwargs` or to `self.retry(…)`.
    func testTenacityIteratorsAndCeleryRetryLimits() {
        let llm = """
            from openai import OpenAI
            from tenacity import AsyncRetrying, Retrying, stop_after_attempt

            client = OpenAI()


            async def bounded(prompt):
                async for attempt in AsyncRetrying(stop=stop_after_attempt(3)):
                    with attempt:
                        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])


            def forever(prompt):
                for attempt in Retrying():
                    with attempt:
                        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            """
        XCTAssertEqual(rules("services/llm.py", head: ["services/llm.py": llm]), ["paid-retry", "paid-sdk-call", "paid-sdk-call"])
        XCTAssertEqual(scan("services/llm.py", head: ["services/llm.py": llm]).first { $0.rule == "paid-retry" }?.line, 14)
        let tasks = """
            from celery import shared_task
            from openai import OpenAI

            client = OpenAI()


            @shared_task(autoretry_for=(Exception,), retry_kwargs={"max_retries": 2})
            def few(text):
                return client.embeddings.create(model="text-embedding-3-small", input=text)


            @shared_task(bind=True)
            def many(self, text):
                try:
                    return client.embeddings.create(model="text-embedding-3-small", input=text)
                except Exception as exc:
                    raise self.retry(exc=exc, max_retries=20)
            """
        let retries = scan("worker/tasks.py", head: ["worker/tasks.py": tasks]).filter { $0.rule == "paid-retry" }
        XCTAssertEqual(retries.map(\.line), [12])
        XCTAssertTrue(retries.first?.message.contains("up to 21 attempts") == true, retries.first?.message ?? "")
    }

    /// A package without `__init__.py` (a namespace package) is the project's: `from app.services.rag import answer`
    /// with only `app/services/rag.py`.
    func testNamespacePackagesAreTheProjects() {
        let rag = """
            from openai import OpenAI

            client = OpenAI()


            def answer(question):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": question}])
            """
        let routes = """
            from fastapi import APIRouter
            from app.services.rag import answer

            router = APIRouter()


            @router.post("/ask")
            def ask(q: str):
                return {"answer": answer(q).choices[0].message.content}
            """
        let files = ["app/services/rag.py": rag, "app/api/routes.py": routes]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/api/routes.py", head: files), ["POST /ask"])
    }

    /// A router required where it is mounted (`app.use("/api/ai", auth, require("./routes/ai"))`) is guarded there.
    func testARouterRequiredInPlaceIsGuardedWhereItIsMounted() {
        let routes = """
            const express = require("express");
            const OpenAI = require("openai");

            const router = express.Router();
            const openai = new OpenAI();
            router.post("/ask", async (req, res) => res.json(await openai.chat.completions.create({ model: "gpt-4o", messages: [] })));
            module.exports = router;
            """
        func app(_ mount: String) -> String {
            """
            const express = require("express");
            const auth = require("./middleware/auth");

            const app = express();
            \(mount)
            app.listen(3000);
            """
        }
        let guarded = ["routes/ai.js": routes, "app.js": app("app.use(\"/api/ai\", auth, require(\"./routes/ai\"));")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/ai.js", head: guarded), [])
        let open = ["routes/ai.js": routes, "app.js": app("app.use(\"/api/ai\", require(\"./routes/ai\"));")]
        // Named under the path it is mounted at.
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/ai.js", head: open), ["POST /api/ai/ask"])
    }

    /// NestJS: a provider, not an import of `APP_GUARD`, makes a guard global; and `@Public()` takes a route out of
    /// the global authentication guard only, not out of a global `ThrottlerGuard`.
    func testNestGlobalGuardsAreProvidersAndPublicLeavesTheThrottler() {
        let service = """
            import { Injectable } from '@nestjs/common';
            import OpenAI from 'openai';

            @Injectable()
            export class AiService {
              private openai = new OpenAI();

              async ask(text: string) {
                return this.openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
              }
            }
            """
        let controller = """
            import { Body, Controller, Post } from '@nestjs/common';
            import { AiService } from './ai.service';
            import { Public } from '../decorators/public.decorator';

            @Controller('ai')
            export class AiController {
              constructor(private readonly aiService: AiService) {}

              @Public()
              @Post('ask')
              ask(@Body('text') text: string) {
                return this.aiService.ask(text);
              }
            }
            """
        func module(_ providers: String) -> String {
            """
            import { Module } from '@nestjs/common';
            import { APP_GUARD } from '@nestjs/core';
            import { ThrottlerGuard } from '@nestjs/throttler';
            import { JwtAuthGuard } from './auth/jwt-auth.guard';
            import { AiController } from './ai/ai.controller';
            import { AiService } from './ai/ai.service';

            @Module({
              controllers: [AiController],
              providers: [
                AiService,
                \(providers)
              ],
            })
            export class AppModule {}
            """
        }
        func files(_ providers: String) -> [String: String] {
            ["src/ai/ai.service.ts": service, "src/ai/ai.controller.ts": controller, "src/app.module.ts": module(providers)]
        }
        let throttled = "{ provide: APP_GUARD, useClass: ThrottlerGuard },\n    { provide: APP_GUARD, useClass: JwtAuthGuard },"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: files(throttled)), [])
        let authOnly = "{ provide: APP_GUARD, useClass: JwtAuthGuard },"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: files(authOnly)), ["ask (@Post)"])
        // Only imported (and a provider commented out): no global guard at all, so even a route without `@Public()`
        // is open.
        let unguarded = controller.replacingOccurrences(of: "  @Public()\n", with: "")
        var imported = files("// { provide: APP_GUARD, useClass: JwtAuthGuard },")
        imported["src/ai/ai.controller.ts"] = unguarded
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: imported), ["ask (@Post)"])
        // An opt-out named for what it skips (`@SkipAuth()`) is an opt-out too, not a guard because it says "auth".
        var skipAuth = files(authOnly)
        skipAuth["src/ai/ai.controller.ts"] = controller.replacingOccurrences(of: "Public", with: "SkipAuth")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: skipAuth), ["ask (@Post)"])
        // `@SkipThrottle()` takes the route out of the global rate limiter that `@Public()` leaves it behind, on the
        // route or above the controller; with the authentication guard still over it, it stays guarded.
        var skipsBoth = files(throttled)
        skipsBoth["src/ai/ai.controller.ts"] = controller.replacingOccurrences(of: "  @Public()\n", with: "  @Public()\n  @SkipThrottle()\n")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: skipsBoth), ["ask (@Post)"])
        skipsBoth["src/ai/ai.controller.ts"] = controller.replacingOccurrences(of: "@Controller('ai')", with: "@SkipThrottle()\n@Controller('ai')")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: skipsBoth), ["ask (@Post)"])
        skipsBoth["src/ai/ai.controller.ts"] = unguarded.replacingOccurrences(of: "@Post('ask')", with: "@SkipThrottle()\n  @Post('ask')")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/ai/ai.controller.ts", head: skipsBoth), [])
    }

    /// Slim: `$app->map(['GET', 'POST'], '/path', …)` registers a route (it is no loop), and middleware added after a
    /// group (`$app->group(…)->add(new JwtAuthMiddleware())`) guards its routes.
    func testSlimMapRoutesAndGroupMiddleware() {
        let routes = """
            <?php
            use Slim\\App;
            use Slim\\Routing\\RouteCollectorProxy;
            use App\\Middleware\\JwtAuthMiddleware;

            return function (App $app) {
                $app->map(['GET', 'POST'], '/agent/chat', function ($request, $response) {
                    $r = OpenAI::client(getenv('OPENAI_API_KEY'))->chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);
                    $response->getBody()->write($r->choices[0]->message->content);
                    return $response;
                });

                $app->group('/api', function (RouteCollectorProxy $group) {
                    $group->post('/ask', function ($request, $response) {
                        $r = OpenAI::client(getenv('OPENAI_API_KEY'))->chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);
                        $response->getBody()->write($r->choices[0]->message->content);
                        return $response;
                    });
                })->add(new JwtAuthMiddleware());
            };
            """
        let files = ["app/routes.php": routes]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/routes.php", head: files), ["GET,POST /agent/chat"])
        XCTAssertFalse(rules("app/routes.php", head: files).contains("batch-model-call"))
    }

    /// WordPress: an AJAX action for visitors (`wp_ajax_nopriv_…`) and a REST route whose `permission_callback` lets
    /// anyone in are open, whatever nonce they check; a signed-in-only action (`wp_ajax_…`) and a REST route that
    /// checks the user's capability are not.
    func testWordPressAjaxActionsAndRestRoutes() {
        let plugin = """
            <?php
            add_action('wp_ajax_gpt_chat_ask', 'wp_chatbot_handle_query');
            add_action('wp_ajax_nopriv_gpt_chat_ask', 'wp_chatbot_handle_query');
            add_action('wp_ajax_gpt_admin_ask', 'wp_chatbot_admin_query');

            add_action('rest_api_init', function () {
                register_rest_route('custom-api/v1', '/chatgpt', array(
                    'methods' => 'POST',
                    'callback' => 'wp_chatbot_handle_query',
                    'permission_callback' => '__return_true',
                ));
                register_rest_route('custom-api/v1', '/admin', [
                    'methods' => 'POST',
                    'callback' => 'wp_chatbot_admin_query',
                    'permission_callback' => function () { return current_user_can('manage_options'); },
                ]);
            });

            function wp_chatbot_handle_query() {
                check_ajax_referer('gpt_chat_nonce', 'nonce');
                $response = wp_remote_post('https://api.openai.com/v1/chat/completions', [
                    'body' => json_encode(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $_POST['message']]]]),
                ]);
                wp_send_json_success(json_decode(wp_remote_retrieve_body($response), true));
            }

            function wp_chatbot_admin_query() {
                $response = wp_remote_post('https://api.openai.com/v1/chat/completions', ['body' => '{}']);
                wp_send_json_success(json_decode(wp_remote_retrieve_body($response), true));
            }
            """
        XCTAssertEqual(
            EndpointGuardScopeTests.openRoutes("wp-chatbot/includes/chat.php", head: ["wp-chatbot/includes/chat.php": plugin]).sorted(),
            ["AJAX wp_ajax_nopriv_gpt_chat_ask", "POST /custom-api/v1/chatgpt"])
    }

    /// A plain PHP script that reads the request at its top level is an endpoint (a session check that answers 401
    /// guards it); Slim's string handlers (`ChatController::class . ':chat'`) are followed like Laravel's arrays.
    func testPlainPHPScriptsAndSlimStringHandlers() {
        let faq = """
            <?php
            require __DIR__ . '/vendor/autoload.php';

            $client = OpenAI::client(getenv('OPENAI_API_KEY'));
            $question = trim($_GET['q'] ?? '');
            $response = $client->chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $question]]]);
            echo json_encode(['answer' => $response['choices'][0]['message']['content']]);
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("public/faq.php", head: ["public/faq.php": faq]), ["script faq.php"])
        let member = faq.replacingOccurrences(
            of: "$client = OpenAI",
            with: "session_start();\nif (!isset($_SESSION['user_id'])) { http_response_code(401); exit; }\n$client = OpenAI")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("public/faq.php", head: ["public/faq.php": member]), [])
        // Naming a class (`ChatLog::class`) does not make the script a framework's; declaring one does.
        let naming = faq.replacingOccurrences(of: "$question = trim", with: "$log = ChatLog::class;\n$question = trim")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("public/faq.php", head: ["public/faq.php": naming]), ["script faq.php"])
        let declaring = faq + "\nclass ChatLog {}\n"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("public/faq.php", head: ["public/faq.php": declaring]), [])
        let routes = """
            <?php
            use Slim\\App;
            use App\\Controllers\\ChatController;

            return function (App $app) {
                $app->post('/chat', ChatController::class . ':chat');
                $app->post('/ask', '\\\\App\\\\Controllers\\\\ChatController:chat');
            };
            """
        let controller = """
            <?php
            namespace App\\Controllers;

            class ChatController
            {
                public function chat($request, $response)
                {
                    $r = \\OpenAI::client(getenv('OPENAI_API_KEY'))->chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);
                    $response->getBody()->write($r->choices[0]->message->content);
                    return $response;
                }
            }
            """
        let files = [
            "app/routes.php": routes, "src/Controllers/ChatController.php": controller,
            "composer.json": #"{ "autoload": { "psr-4": { "App\\": "src/" } } }"#,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/routes.php", head: files), ["POST /chat", "POST /ask"])
    }

    /// An ASP.NET route group opted out as a whole (`app.MapGroup("/openai").AllowAnonymous()`) is open under a
    /// fallback policy that requires an authenticated user.
    func testASPNetGroupAllowAnonymousUnderAFallbackPolicy() {
        let program = """
            using Microsoft.AspNetCore.Authorization;
            using OpenAI.Chat;
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthorization(options => {
              options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            });
            var app = builder.Build();
            var chat = new ChatClient("gpt-4o-mini", builder.Configuration["OpenAI:ApiKey"]);
            var openaiGroup = app.MapGroup("/openai").WithTags("OpenAI").AllowAnonymous();
            openaiGroup.MapPost("/chat", async (string q) => (await chat.CompleteChatAsync(q)).Value.Content[0].Text);
            var members = app.MapGroup("/members");
            members.MapPost("/chat", async (string q) => (await chat.CompleteChatAsync(q)).Value.Content[0].Text);
            app.UseAuthorization();
            app.Run();
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("Program.cs", head: ["Program.cs": program]), ["POST /chat"])
        XCTAssertEqual(
            scan("Program.cs", head: ["Program.cs": program]).filter { $0.rule == "unprotected-endpoint" }.map(\.line), [10])
    }

    /// A job handed to a scheduler by name (`scheduler.add_job(async_planner, "interval", days=1)`,
    /// `schedule.every(10).minutes.do(job)`) runs on its timer, wherever the function is defined.
    func testSchedulerJobsHandedByNameAreCalled() {
        let main = """
            import schedule
            from apscheduler.schedulers.asyncio import AsyncIOScheduler

            from planner import async_planner, nightly


            def start():
                scheduler = AsyncIOScheduler()
                scheduler.add_job(async_planner, "interval", days=1)
                scheduler.start()
                schedule.every(10).minutes.do(nightly)
            """
        let planner = """
            from openai import AsyncOpenAI

            client = AsyncOpenAI()


            async def async_planner():
                return await client.chat.completions.create(model="gpt-4o-mini", messages=[])


            def nightly():
                return client.chat.completions.create(model="gpt-4o-mini", messages=[])
            """
        let found = scan("main.py", head: ["main.py": main, "planner.py": planner])
        XCTAssertEqual(found.map(\.rule), ["batch-model-call", "batch-model-call"])
        XCTAssertEqual(found.map(\.line), [9, 11])
    }

    /// Middleware named for optional authentication (`optionalAuth`: it verifies a token when one is sent and lets
    /// everyone through) guards nothing, whatever it reads; the same body named `requireAuth` and refusing does.
    func testOptionalAuthMiddlewareIsNoGuard() {
        func middleware(_ name: String, refuses: Bool) -> String {
            """
            const jwt = require('jsonwebtoken');

            const \(name) = (req, res, next) => {
              const token = req.headers.authorization?.split(' ')[1];
              if (token) {
                try { req.user = jwt.verify(token, process.env.JWT_SECRET); } catch (e) { \(refuses ? "return res.status(401).end();" : "") }
              }
              next();
            };

            module.exports = { \(name) };
            """
        }
        func route(_ name: String) -> String {
            """
            const express = require('express');
            const OpenAI = require('openai');
            const { \(name) } = require('../middleware/auth');
            const router = express.Router();
            const openai = new OpenAI();

            router.post('/chat', \(name), async (req, res) => {
              res.json(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }));
            });

            module.exports = router;
            """
        }
        let optional = ["middleware/auth.js": middleware("optionalAuth", refuses: false), "routes/ai.js": route("optionalAuth")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/ai.js", head: optional), ["POST /chat"])
        // Names that hold a word the guard vocabulary turns away as a bare token (`authToken`) still check when the
        // function refuses.
        for name in ["requireAuth", "verifyAuthToken"] {
            let required = ["middleware/auth.js": middleware(name, refuses: true), "routes/ai.js": route(name)]
            XCTAssertEqual(EndpointGuardScopeTests.openRoutes("routes/ai.js", head: required), [], name)
        }
    }

    /// Work enqueued by name reaches the function a worker registers: arq's `pool.enqueue_job("summarize_document", …)`
    /// and Celery's `celery_app.send_task("tasks.summarize_document", …)`; a name no worker defines reaches nothing.
    func testWorkEnqueuedByNameReachesItsWorkerFunction() {
        let tasks = """
            from openai import AsyncOpenAI

            client = AsyncOpenAI()


            async def summarize_document(ctx, text: str):
                return await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
            """
        func routes(_ enqueue: String) -> String {
            """
            from fastapi import APIRouter

            router = APIRouter()


            @router.post("/summaries")
            async def create_summary(body: dict):
                job = await \(enqueue)
                return {"job_id": job.id}
            """
        }
        for enqueue in ["pool.enqueue_job(\"summarize_document\", body[\"text\"])",
                        "celery_app.send_task(\"tasks.summarize_document\", args=[body[\"text\"]])"] {
            let files = ["app/workers/tasks.py": tasks, "app/api/routes.py": routes(enqueue)]
            XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/api/routes.py", head: files), ["POST /summaries"], enqueue)
        }
        let unknown = ["app/workers/tasks.py": tasks, "app/api/routes.py": routes("pool.enqueue_job(\"resize_image\", body)")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/api/routes.py", head: unknown), [])
    }

    /// Rails 8's generated authentication skips its `before_action` through `allow_unauthenticated_access`.
    func testRailsAllowUnauthenticatedAccessOpensTheActionsItNames() {
        let concern = """
            module Authentication
              extend ActiveSupport::Concern

              included do
                before_action :require_authentication
              end

              class_methods do
                def allow_unauthenticated_access(**options)
                  skip_before_action :require_authentication, **options
                end
              end

              private
                def require_authentication
                  resume_session || request_authentication
                end
            end
            """
        let controller = """
            class StaticController < ApplicationController
              allow_unauthenticated_access only: [ :index ]

              def index
                client = OpenAI::Client.new(access_token: ENV["OPENAI_API_KEY"])
                @answer = client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:q] }] })
              end

              def show
                client = OpenAI::Client.new(access_token: ENV["OPENAI_API_KEY"])
                @answer = client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:q] }] })
              end
            end
            """
        let files = [
            "app/controllers/concerns/authentication.rb": concern,
            "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\n  include Authentication\nend\n",
            "app/controllers/static_controller.rb": controller,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/controllers/static_controller.rb", head: files), ["action index"])
    }

    /// Devise's `authenticate :user do` in config/routes.rb lets only signed-in users reach the controllers routed
    /// inside it; a controller routed outside it is judged by its own guards.
    func testARailsControllerRoutedInsideDevisesAuthenticateBlockIsGuarded() {
        let controller = """
            module Admin
              class SummariesController < ApplicationController
                def create
                  render json: { summary: RubyLLM.chat.ask(params[:text]).content }
                end
              end
            end
            """
        func files(_ routes: String) -> [String: String] {
            [
                "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\nend\n",
                "app/controllers/admin/summaries_controller.rb": controller,
                "config/routes.rb": "Rails.application.routes.draw do\n\(routes)\nend\n",
            ]
        }
        let path = "app/controllers/admin/summaries_controller.rb"
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files("""
              authenticate :user, ->(user) { user.admin? } do
                namespace :admin do
                  resources :summaries, only: :create
                end
              end
            """)), [])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files("""
              authenticate :user do
                resources :notes
              end
              namespace :admin do
                resources :summaries, only: :create
              end
            """)), ["action create"])
    }

    /// A skip takes away the callback it names; the class's own `rate_limit` (Rails 7.2+) still limits the actions it
    /// covers, as Rails 8's generated `allow_unauthenticated_access only: …` plus `rate_limit …, only: …` does.
    func testARailsRateLimitStillGuardsAnActionASkipOpens() {
        func controller(_ skip: String) -> String {
            """
            class AnswersController < ApplicationController
              \(skip)
              rate_limit to: 10, within: 3.minutes, only: :create, with: -> { head :too_many_requests }

              def create
                render json: { answer: ask(params[:q]) }
              end

              def preview
                render json: { answer: ask(params[:q]) }
              end

              private
                def ask(question)
                  OpenAI::Client.new.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: question }] })
                end
            end
            """
        }
        for skip in ["allow_unauthenticated_access only: %i[ create preview ]",
                     "skip_before_action :authenticate_user!, only: [:create, :preview]"] {
            let files = [
                "app/controllers/application_controller.rb":
                    "class ApplicationController < ActionController::Base\n  before_action :authenticate_user!\nend\n",
                "app/controllers/answers_controller.rb": controller(skip),
            ]
            // `preview` is opened and no rate limit covers it; `create` is opened and limited.
            XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/controllers/answers_controller.rb", head: files),
                           ["action preview"], skip)
        }
    }

    /// A model framework built only on a local server (Ollama) spends nothing; on a provider's model it does.
    func testAModelFrameworkOnLocalModelsOnlyIsNoPaidCall() {
        func model(_ llm: String) -> String {
            """
            class Chat::Assistant
              def initialize
                @llm = Langchain::LLM::\(llm).new(url: ENV.fetch("LLM_URL", "http://localhost:11434"))
              end

              def answer_all(questions)
                questions.map { |q| @llm.chat(messages: [{ role: "user", content: q }]) }
              end
            end
            """
        }
        let path = "app/models/chat/assistant.rb"
        XCTAssertEqual(rules(path, head: [path: model("Ollama")]), [])
        XCTAssertEqual(rules(path, head: [path: model("OpenAI")]), ["batch-model-call"])
        let python = """
            from langchain_community.chat_models import ChatOllama

            llm = ChatOllama(model="llama3")

            def summarize_all(texts):
                return [llm.invoke(text) for text in texts]
            """
        XCTAssertEqual(rules("app/summarize.py", head: ["app/summarize.py": python]), [])
        let paid = python.replacingOccurrences(of: "from langchain_community.chat_models import ChatOllama", with: "from langchain_openai import ChatOpenAI")
            .replacingOccurrences(of: "ChatOllama(model=\"llama3\")", with: "ChatOpenAI(model=\"gpt-4o\")")
        XCTAssertEqual(rules("app/summarize.py", head: ["app/summarize.py": paid]), ["batch-model-call"])
    }

    /// express-jwt's and koa-jwt's `.unless({ path: […] })` lets the paths it lists through unchecked, exact or by a
    /// regular expression; `{ url, methods }` entries exempt only those methods and are left checked.
    func testMiddlewareUnlessPathsAreOpen() {
        let express = """
            const express = require('express');
            const { expressjwt } = require('express-jwt');
            const OpenAI = require('openai');
            const openai = new OpenAI();
            const app = express();
            app.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }).unless({ path: ['/login', '/api/generate', /^\\/public\\/.*/, { url: '/api/models', methods: ['GET'] }] }));

            async function complete(req, res) {
              res.json(await openai.chat.completions.create({ model: 'gpt-4o', messages: req.body.messages }));
            }
            app.post('/api/generate', complete);
            app.post('/api/chat', complete);
            app.post('/public/summarize', complete);
            app.post('/api/models', complete);
            app.listen(3000);
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("server.js", head: ["server.js": express]),
                       ["POST /api/generate", "POST /public/summarize"])
        let koa = """
            import Koa from 'koa';
            import Router from '@koa/router';
            import jwt from 'koa-jwt';
            import Anthropic from '@anthropic-ai/sdk';

            const anthropic = new Anthropic();
            const app = new Koa();
            const router = new Router();
            app.use(jwt({ secret: process.env.JWT_SECRET }).unless({ path: [/^\\/api\\/demo/] }));
            router.post('/api/demo/ask', async (ctx) => {
              ctx.body = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, messages: ctx.request.body.messages });
            });
            router.post('/api/ask', async (ctx) => {
              ctx.body = await anthropic.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 256, messages: ctx.request.body.messages });
            });
            app.use(router.routes());
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/server.ts", head: ["src/server.ts": koa]), ["POST /api/demo/ask"])
    }

    /// A plain PHP script reaches the functions of the files it `require`s: `__DIR__ . '/../lib/x.php'`,
    /// `dirname(__FILE__) . '/x.php'` and a bare relative path (beside the script or from the root).
    func testAPHPScriptReachesTheFunctionsOfTheFilesItRequires() {
        let library = """
            <?php
            function ask_openai($prompt) {
                $ch = curl_init('https://api.openai.com/v1/chat/completions');
                curl_setopt($ch, CURLOPT_POST, true);
                curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $prompt]]]));
                curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
                return json_decode(curl_exec($ch), true)['choices'][0]['message']['content'];
            }
            """
        func script(_ require: String) -> String {
            """
            <?php
            \(require);
            header('Content-Type: application/json');
            $input = json_decode(file_get_contents('php://input'), true);
            echo json_encode(['reply' => ask_openai($input['prompt'])]);
            """
        }
        for require in ["require_once __DIR__ . '/../lib/openai.php'", "include_once(dirname(__FILE__) . '/../lib/openai.php')",
                        "require 'lib/openai.php'"] {
            let files = ["api/chat.php": script(require), "lib/openai.php": library]
            XCTAssertEqual(rules("api/chat.php", head: files), ["paid-call-reach", "unprotected-endpoint"], require)
        }
        // A file of that name that is not there reaches nothing.
        let missing = ["api/chat.php": script("require_once __DIR__ . '/../lib/other.php'"), "lib/openai.php": library]
        XCTAssertEqual(rules("api/chat.php", head: missing), [])
    }

    /// An agent subclass hands its base class the model (`super().__init__(llm=ChatOpenAI())`): the base class's
    /// methods calling `self.llm` spend money for the subclass's callers; a subclass on a local model does not.
    func testAModelHandedToTheBaseClassConstructorIsCalledThroughItsMethods() {
        let base = """
            class BaseAgent:
                def __init__(self, llm, name="agent"):
                    self.llm = llm
                    self.name = name

                def run(self, task):
                    return self.llm.invoke(task)
            """
        func researcher(_ model: String) -> String {
            """
            from langchain_openai import ChatOpenAI
            from langchain_ollama import ChatOllama
            from app.agents.base import BaseAgent


            class Researcher(BaseAgent):
                def __init__(self):
                    super().__init__(llm=\(model), name="researcher")
            """
        }
        let job = """
            from app.agents.researcher import Researcher


            def research_all(topics):
                agent = Researcher()
                for topic in topics:
                    agent.run(topic)
            """
        func files(_ model: String) -> [String: String] {
            ["app/agents/base.py": base, "app/agents/researcher.py": researcher(model), "app/jobs/nightly.py": job]
        }
        XCTAssertEqual(rules("app/jobs/nightly.py", head: files("ChatOpenAI(model=\"gpt-4o\")")), ["batch-model-call"])
        XCTAssertEqual(rules("app/jobs/nightly.py", head: files("ChatOllama(model=\"llama3\")")), [])
    }

    /// LangChain's Hugging Face embeddings run sentence-transformers on the machine; its Inference API class is paid.
    func testLocalHuggingFaceEmbeddingsAreNoPaidCall() {
        let local = """
            from langchain_community.embeddings import HuggingFaceEmbeddings
            from langchain_community.vectorstores import FAISS

            embeddings = HuggingFaceEmbeddings(model_name="sentence-transformers/all-MiniLM-L6-v2")

            def build_index(docs):
                for doc in docs:
                    embeddings.embed_query(doc.page_content)
                return FAISS.from_documents(docs, embeddings)
            """
        XCTAssertEqual(rules("app/ingest.py", head: ["app/ingest.py": local]), [])
        let paid = local.replacingOccurrences(of: "HuggingFaceEmbeddings", with: "OpenAIEmbeddings")
        // The loop's embed_query and the store built from every document are both batch work.
        XCTAssertEqual(Set(rules("app/ingest.py", head: ["app/ingest.py": paid])), ["batch-model-call"])
    }

    /// Calls found on real apps: a Gemini chat session's async send, a Recall.ai meeting bot (billed per bot-hour).
    func testGeminiAsyncChatSendsAndRecallBotsArePaid() {
        let gemini = """
            import google.generativeai as genai

            model = genai.GenerativeModel("gemini-1.5-flash")

            async def reply(history, message):
                chat = model.start_chat(history=history)
                response = await chat.send_message_async(message)
                return response.text
            """
        let found = scan("src/gemini/service.py", head: ["src/gemini/service.py": gemini]).filter { $0.rule == "paid-sdk-call" }
        XCTAssertEqual(found.map { "\($0.line) \($0.provider ?? "")" }, ["7 google-gemini"])
        let recall = """
            import requests

            def create_bot(meeting_url, token):
                return requests.post("https://us-east-1.recall.ai/api/v1/bot/", json={"meeting_url": meeting_url},
                                     headers={"Authorization": f"Token {token}"})
            """
        let bots = scan("app/meetingbot/recall.py", head: ["app/meetingbot/recall.py": recall])
        XCTAssertEqual(bots.map { "\($0.rule) \($0.provider ?? "")" }, ["paid-http-call recall-ai"])
    }

    /// A Rack::Attack throttle on a controller's path limits its actions; one on another path does not.
    func testARackAttackThrottleOnAControllersPathRateLimitsIt() {
        let controller = """
            class ChatsController < ApplicationController
              skip_before_action :authenticate_user!, only: [:create]

              def create
                client = OpenAI::Client.new(access_token: ENV["GROQ_API_KEY"], uri_base: "https://api.groq.com/openai")
                render json: client.chat(parameters: { model: "llama3-8b-8192", messages: [{ role: "user", content: params[:q] }] })
              end
            end
            """
        func throttle(_ pattern: String) -> String {
            """
            class Rack::Attack
              throttle('ai_chat/user', limit: 5, period: 1.minute) do |req|
                if req.path.match?(\(pattern)) && req.post?
                  req.ip
                end
              end
            end
            """
        }
        let path = "app/controllers/chats_controller.rb"
        var files = [path: controller, "config/initializers/rack_attack.rb": throttle("/^\\/questions\\/\\d+\\/chat/")]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files), [])
        files["config/initializers/rack_attack.rb"] = throttle("/^\\/login/")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files), ["action create"])
    }

    /// A client's request without a path of its own (`conn.post do |req| … end`) goes to the client's base URL.
    func testAClientRequestWithoutAPathGoesToItsBaseURL() {
        let client = """
            class Ai21Client
              def complete(prompt)
                conn = Faraday.new(url: "https://api.groq.com/openai/v1/chat/completions") do |f|
                  f.adapter :net_http
                end
                conn.post do |req|
                  req.body = { model: "llama3-8b-8192", messages: [{ role: "user", content: prompt }] }.to_json
                end
              end
            end
            """
        let found = scan("app/services/groq_client.rb", head: ["app/services/groq_client.rb": client])
        XCTAssertEqual(found.map { "\($0.rule) \($0.line)" }, ["paid-http-call 6"])
        XCTAssertTrue(found.first?.message.contains("(api.groq.com/openai/v1/chat/completions)") == true, found.first?.message ?? "")
    }

    /// Two functions binding one local name to two classes: each call is the class its own function made.
    func testALocalNameIsTheClassItsOwnFunctionConstructs() {
        let services = """
            import requests


            class TagsAi:
                def __init__(self, post):
                    self.post = post

                def get_tags(self):
                    return ["news"]


            class SummaryAi:
                def __init__(self, post):
                    self.post = post

                def get_summary(self):
                    return requests.post("https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o"}).json()
            """
        let views = """
            from rest_framework.decorators import api_view
            from rest_framework.response import Response
            from .utils import TagsAi, SummaryAi


            @api_view(["GET"])
            def get_tags_for_post(request, pk):
                ai = TagsAi(pk)
                return Response(ai.get_tags())


            @api_view(["GET"])
            def get_summary_for_post(request, pk):
                ai = SummaryAi(pk)
                return Response(ai.get_summary())
            """
        let files = ["backend/ai/utils.py": services, "backend/ai/views.py": views]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("backend/ai/views.py", head: files), ["GET get_summary_for_post"])
    }

    /// An axum app whose handlers live in other modules: a `use` group nested in another, a `pub(crate)` function,
    /// a call by module path (`chat::client::complete(…)`), and each route named by its method router's method.
    func testAxumHandlersInOtherModulesAreFollowed() {
        let main = """
            mod chat;

            use axum::{routing::{get, post}, Router};
            use crate::chat::router::{chat_handler, status};

            #[tokio::main]
            async fn main() {
                let app = Router::new()
                    .route("/chat", post(chat_handler))
                    .route("/status", get(status))
                    .route("/inline", post(inline));
                let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
                axum::serve(listener, app).await.unwrap();
            }

            async fn inline(body: String) -> String {
                chat::client::complete(body).await
            }
            """
        let router = """
            use crate::chat::{
                client::{complete, Model},
            };

            pub(crate) async fn chat_handler(body: String) -> String {
                complete(body).await
            }

            pub(crate) async fn status() -> &'static str {
                "ok"
            }
            """
        let client = """
            pub(crate) async fn complete(prompt: String) -> String {
                let client = reqwest::Client::new();
                client.post("https://api.openai.com/v1/chat/completions").body(prompt).send().await.unwrap().text().await.unwrap()
            }
            """
        let files = [
            "Cargo.toml": "[package]\nname = \"agent\"\nversion = \"0.1.0\"\n", "src/main.rs": main,
            "src/chat.rs": "pub(super) mod router;\npub mod client;\n", "src/chat/router.rs": router, "src/chat/client.rs": client,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/main.rs", head: files), ["POST /chat", "POST /inline"])
    }

    /// NestJS injects a service by a token as an interface (`@Inject(LLM_PROVIDER) private readonly llm:
    /// LlmProvider`): the controller's call runs the classes that implement it, which it does not import.
    func testANestServiceInjectedAsAnInterfaceRunsItsImplementations() {
        let interface = """
            export interface LlmProvider {
              complete(prompt: string): Promise<string>;
            }
            export const LLM_PROVIDER = "LLM_PROVIDER";
            """
        func provider(paid: Bool) -> String {
            """
            import OpenAI from "openai";
            import { Injectable } from "@nestjs/common";
            import { LlmProvider } from "./llm.provider";

            @Injectable()
            export class OpenAiProvider implements LlmProvider {
              private readonly client = new OpenAI();

              async complete(prompt: string): Promise<string> {
                \(paid ? "const res = await this.client.chat.completions.create({ model: \"gpt-4o\", messages: [] });" : "const res = { prompt };")
                return JSON.stringify(res);
              }
            }
            """
        }
        let controller = """
            import { Body, Controller, Inject, Post } from "@nestjs/common";
            import { LLM_PROVIDER, LlmProvider } from "../llm/llm.provider";

            @Controller("chat")
            export class ChatController {
              constructor(@Inject(LLM_PROVIDER) private readonly llm: LlmProvider) {}

              @Post()
              async create(@Body("prompt") prompt: string) {
                return { answer: await this.llm.complete(prompt) };
              }
            }
            """
        let path = "src/chat/chat.controller.ts"
        func files(paid: Bool) -> [String: String] {
            [
                "package.json": #"{ "dependencies": { "@nestjs/core": "10.0.0", "openai": "4.0.0" } }"#,
                "src/llm/llm.provider.ts": interface, "src/llm/openai.provider.ts": provider(paid: paid), path: controller,
            ]
        }
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files(paid: true)), ["create (@Post)"])
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files(paid: false)), [])
    }

    /// A notebook's code cells import the project's modules like any Python file: a loop over a paid helper there is
    /// batch work, found through the import its JSON strings hold.
    func testANotebookLoopingOverAProjectsPaidHelperIsBatchWork() {
        let notebook = #"""
            {
             "cells": [
              {
               "cell_type": "code",
               "execution_count": 1,
               "metadata": {},
               "outputs": [],
               "source": [
                "from app.llm import ask\n",
                "import pandas as pd\n"
               ]
              },
              {
               "cell_type": "code",
               "execution_count": 2,
               "metadata": {},
               "outputs": [],
               "source": [
                "for question in pd.read_csv(\"questions.csv\").question:\n",
                "    print(ask(question))\n"
               ]
              }
             ],
             "metadata": {},
             "nbformat": 4,
             "nbformat_minor": 5
            }
            """#
        let llm = "from openai import OpenAI\n\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model=\"gpt-4o\", messages=[{\"role\": \"user\", \"content\": q}])\n"
        let path = "notebooks/explore.ipynb"
        let found = scan(path, head: ["app/__init__.py": "", "app/llm.py": llm, path: notebook])
        XCTAssertEqual(found.map { "\($0.rule):\($0.line)" }, ["batch-model-call:20"])
        let local = llm.replacingOccurrences(of: "client.chat.completions.create(model=\"gpt-4o\", messages=[{\"role\": \"user\", \"content\": q}])", with: "q.upper()")
        XCTAssertEqual(rules(path, head: ["app/__init__.py": "", "app/llm.py": local, path: notebook]), [])
    }

    /// tsyringe and InversifyJS inject by token too (`@inject("LlmService") private llm: LlmService`): in a project
    /// that depends on them, the call runs the classes implementing the interface; elsewhere TypeScript is not read
    /// for implementations.
    func testATsyringeOrInversifyServiceInjectedAsAnInterfaceRunsItsImplementations() {
        let implementation = """
            import OpenAI from "openai";
            import { injectable } from "tsyringe";
            import { LlmService } from "./llm";

            @injectable()
            export class OpenAILlmService implements LlmService {
              private client = new OpenAI();
              async complete(prompt: string): Promise<string> {
                const r = await this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
                return r.choices[0].message.content ?? "";
              }
            }
            """
        func controller(_ container: String) -> String {
            """
            import { Request, Response } from "express";
            import { inject, injectable } from "\(container)";
            import { LlmService } from "../services/llm";

            @injectable()
            export class ChatController {
              constructor(@inject("LlmService") private llm: LlmService) {}

              async ask(req: Request, res: Response) {
                res.json({ answer: await this.llm.complete(req.body.prompt) });
              }
            }
            """
        }
        let path = "src/controllers/chat.ts"
        func files(_ container: String, declared: Bool) -> [String: String] {
            [
                "package.json": declared ? #"{ "dependencies": { "\#(container)": "1.0.0", "openai": "4.0.0" } }"# : #"{ "dependencies": { "openai": "4.0.0" } }"#,
                "src/services/llm.ts": "export interface LlmService {\n  complete(prompt: string): Promise<string>;\n}\n",
                "src/services/openai-llm.ts": implementation, path: controller(container),
            ]
        }
        XCTAssertEqual(rules(path, head: files("tsyringe", declared: true)), ["paid-call-reach"])
        XCTAssertEqual(rules(path, head: files("inversify", declared: true)), ["paid-call-reach"])
        XCTAssertEqual(rules(path, head: files("tsyringe", declared: false)), [])
    }

    /// An axum handler named by its module path (`post(handlers::chat)`, `get(crate::handlers::status)`) is the
    /// function of that module.
    func testAxumHandlersNamedByTheirModulePath() {
        let main = """
            mod handlers;

            use axum::{routing::{get, post}, Router};

            #[tokio::main]
            async fn main() {
                let app = Router::new()
                    .route("/chat", post(handlers::chat))
                    .route("/status", get(crate::handlers::status));
                let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
                axum::serve(listener, app).await.unwrap();
            }
            """
        let handlers = """
            pub async fn chat(body: String) -> String {
                let client = reqwest::Client::new();
                client.post("https://api.openai.com/v1/chat/completions").body(body).send().await.unwrap().text().await.unwrap()
            }

            pub async fn status() -> &'static str {
                "ok"
            }
            """
        let files = ["Cargo.toml": "[package]\nname = \"agent\"\nversion = \"0.1.0\"\n", "src/main.rs": main, "src/handlers.rs": handlers]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/main.rs", head: files), ["POST /chat"])
        // The paid handler swapped for the free one: nothing is open.
        let swapped = main.replacingOccurrences(of: "post(handlers::chat)", with: "post(handlers::status)")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("src/main.rs", head: files.merging(["src/main.rs": swapped]) { $1 }), [])
    }

    /// A paid call handed to a function that calls it (`sync_to_async(client.audio.translations.create)(…)`,
    /// `sync_to_async(Messenger.generate)(chat)`) is made: at the SDK, and through the project's function.
    func testACallHandedToSyncToAsyncIsMade() {
        let messenger = """
            from openai import OpenAI

            client = OpenAI()


            class Messenger:
                @staticmethod
                def generate(chat):
                    return client.chat.completions.create(model="gpt-4o", messages=chat)


            async def translate(audio):
                return await sync_to_async(client.audio.translations.create)(model="whisper-1", file=audio)
            """
        let consumer = """
            from asgiref.sync import sync_to_async
            from .messenger import Messenger


            async def reply(chat):
                return await sync_to_async(Messenger.generate)(chat)
            """
        let files = ["chats/messenger.py": messenger, "chats/consumers.py": consumer]
        XCTAssertEqual(scan("chats/messenger.py", head: files).filter { $0.rule == "paid-sdk-call" }.map(\.line), [9, 13])
        XCTAssertEqual(rules("chats/consumers.py", head: files), ["paid-call-reach"])
    }

    /// A controller action that creates or saves a model whose `after_create` callback queues paid work reaches it.
    func testARailsModelCallbackQueuingPaidWorkIsReachedFromTheActionThatSavesIt() {
        let controller = """
            class ChatsController < ApplicationController
              def create
                @chat = Chat.new(chat_params)
                if @chat.save
                  redirect_to @chat
                else
                  render :new
                end
              end

              def quick
                Chat.create(question: params[:q])
                head :ok
              end

              def note
                Note.create(body: params[:q])
                head :ok
              end
            end
            """
        let chat = """
            class Chat < ApplicationRecord
              after_create_commit :fetch_ai_answer, if: :question?

              private

              def fetch_ai_answer
                ChatbotJob.perform_later(self)
              end
            end
            """
        let note = """
            class Note < ApplicationRecord
              after_create :touch_owner

              def touch_owner
                owner&.touch
              end
            end
            """
        let job = """
            class ChatbotJob < ApplicationJob
              def perform(chat)
                client = OpenAI::Client.new(access_token: ENV["OPENAI_API_KEY"])
                client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: chat.question }] })
              end
            end
            """
        let files = [
            "app/controllers/chats_controller.rb": controller, "app/models/chat.rb": chat, "app/models/note.rb": note,
            "app/jobs/chatbot_job.rb": job,
            "app/controllers/application_controller.rb": "class ApplicationController < ActionController::Base\nend\n",
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/controllers/chats_controller.rb", head: files).sorted(),
                       ["action create", "action quick"])
    }

    /// A route of a chained builder is reported on its own line, not on the chain's first.
    func testAChainedBuildersRouteIsReportedOnItsOwnLine() {
        let route = """
            import { Hono } from "hono";
            import { cors } from "hono/cors";
            import OpenAI from "openai";

            const openai = new OpenAI();

            const aiRoute = new Hono()
              .use("*", cors())
              .get("/health", (c) => c.text("ok"))
              .post("/generate-theme", async (c) => {
                const { prompt } = await c.req.json();
                const completion = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
                return c.json(completion.choices[0].message);
              });

            export default aiRoute;
            """
        let found = scan("src/routes/ai/index.ts", head: ["src/routes/ai/index.ts": route]).filter { $0.rule == "unprotected-endpoint" }
        XCTAssertEqual(found.map(\.line), [10])
    }

    /// Authentication in a servlet filter (not Spring Security): it guards the routes under the URL patterns its
    /// `FilterRegistrationBean` gives it, and no others.
    func testAServletFilterThatRefusesGuardsTheRoutesUnderItsPatterns() {
        let filter = """
            package com.example.auth;

            import jakarta.servlet.FilterChain;
            import jakarta.servlet.http.HttpServletRequest;
            import jakarta.servlet.http.HttpServletResponse;
            import org.springframework.web.filter.OncePerRequestFilter;

            public class AuthenticationFilter extends OncePerRequestFilter {
                @Override
                protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
                    String header = request.getHeader("Authorization");
                    if (header == null || !tokens.validate(header.substring(7))) {
                        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "invalid token");
                        return;
                    }
                    chain.doFilter(request, response);
                }
            }
            """
        let config = """
            package com.example.config;

            @Configuration
            public class FilterConfig {
                @Bean
                public FilterRegistrationBean<AuthenticationFilter> authenticationFilter() {
                    FilterRegistrationBean<AuthenticationFilter> bean = new FilterRegistrationBean<>(new AuthenticationFilter());
                    bean.addUrlPatterns("/api/*");
                    return bean;
                }
            }
            """
        func controller(_ prefix: String) -> String {
            """
            package com.example.chat;

            @RestController
            @RequestMapping("\(prefix)")
            public class ChatController {
                private final RestTemplate rest = new RestTemplate();

                @PostMapping("/ask")
                public String ask(@RequestBody String body) {
                    return rest.postForObject("https://api.openai.com/v1/chat/completions", body, String.class);
                }
            }
            """
        }
        let path = "src/main/java/com/example/chat/ChatController.java"
        var files = [
            "src/main/java/com/example/auth/AuthenticationFilter.java": filter,
            "src/main/java/com/example/config/FilterConfig.java": config, path: controller("/api/chat"),
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files), [])
        files[path] = controller("/public/chat")
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: files).count, 1)
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

    /// A new helper of the same file looped over, whose paid call is one file further (`summarize_one(doc)` calling an
    /// imported `summarize`): the loop is the batch, reported where it calls the helper; the helper's own call is
    /// reported once, where it is, as a paid call.
    func testALoopOverANewHelperWhosePaidCallIsInAnotherFileIsBatchWork() {
        let llm = """
            from openai import OpenAI

            client = OpenAI()

            def summarize(text):
                return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
            """
        func reports(_ caller: String) -> [String] {
            scan("app/reports.py", head: ["app/llm.py": llm, "app/reports.py": caller]).map { "\($0.rule):\($0.line)" }.sorted()
        }
        let looped = """
            from app.llm import summarize

            def summarize_one(doc):
                cleaned = doc.strip()
                return summarize(cleaned)

            def build_report(docs):
                for doc in docs:
                    summarize_one(doc)
            """
        XCTAssertEqual(reports(looped), ["batch-model-call:9", "paid-call-reach:5"])
        // Called once: only the helper's paid call.
        let once = looped.replacingOccurrences(of: "    for doc in docs:\n        summarize_one(doc)", with: "    return summarize_one(docs[0])")
        XCTAssertEqual(reports(once), ["paid-call-reach:5"])
    }
}
