import GateCore
import GateRules
import XCTest

/// The reach detectors over a small head tree: what the change adds is scanned, the rest is read through the
/// code index, as `gate check` does.
final class ReachDetectorTests: XCTestCase {
    private func scan(_ path: String, head files: [String: String], base: String? = nil) -> [Finding] {
        var context = DetectionContext()
        context.code = CodeIndex(tree: InMemorySourceTree(files), recognizer: CatalogueLeafRecognizer())
        let file = DetectorExample(files[path] ?? "", path: path, base: base).makeSourceFile()
        return Scanner(context: context).scan(file)
    }

    static let sms = """
        import twilio from "twilio";

        const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);

        export async function sendCode(phone: string, code: string) {
          return client.messages.create({ to: phone, from: process.env.TWILIO_FROM, body: `Your code is ${code}` });
        }
        """

    /// Ruby finds a constant in the namespaces around its use first: `Summarizer` inside `module Reports` is
    /// `Reports::Summarizer` (app/services/reports/summarizer.rb), not `Ai::Summarizer`, and inside `module
    /// Assistant` it is `Assistant::Summarizer`, not a top-level one.
    func testARubyConstantIsFoundInTheNamespacesAroundItsUse() {
        let paid = """
            module NAMESPACE
              class Summarizer
                def initialize(text)
                  @text = text
                  @client = OpenAI::Client.new
                end

                def call
                  @client.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: @text }] })
                end
              end
            end
            """
        let free = "module NAMESPACE\n  class Summarizer\n    def initialize(text)\n      @text = text\n    end\n\n    def call\n      @text.split(\". \").first(3).join(\". \")\n    end\n  end\nend\n"
        func controller(_ namespace: String) -> String {
            """
            module \(namespace)
              class SummariesController < ApplicationController
                def create
                  render json: { summary: Summarizer.new(params[:text]).call }
                end
              end
            end
            """
        }
        let reports = "app/controllers/reports/summaries_controller.rb"
        let unrelated = scan(reports, head: [
            reports: controller("Reports"),
            "app/services/ai/summarizer.rb": paid.replacingOccurrences(of: "NAMESPACE", with: "Ai"),
            "app/services/reports/summarizer.rb": free.replacingOccurrences(of: "NAMESPACE", with: "Reports"),
        ])
        XCTAssertEqual(unrelated.map(\.rule), [])
        let assistant = "app/controllers/assistant/summaries_controller.rb"
        let own = scan(assistant, head: [
            assistant: controller("Assistant"),
            "app/services/summarizer.rb": free.replacingOccurrences(of: "module NAMESPACE\n", with: "").replacingOccurrences(of: "\nend\n", with: "\n"),
            "app/services/assistant/summarizer.rb": paid.replacingOccurrences(of: "NAMESPACE", with: "Assistant"),
        ])
        XCTAssertEqual(own.first { $0.rule == "paid-call-reach" }?.chain, "call() app/services/assistant/summarizer.rb → client.chat")
    }

    /// Two C# classes of one name: the one of the namespace a `using` directive (or the file's own namespace) brings
    /// into scope is the one called.
    func testACSharpTypeIsTheOneOfTheNamespacesTheFileUses() {
        func service(_ namespace: String, paid: Bool) -> String {
            """
            using OpenAI.Chat;

            namespace Api.\(namespace);

            public class SummaryService(ChatClient chat)
            {
                public async Task<string> SummarizeAsync(string text)
                {
                    \(paid ? "var completion = await chat.CompleteChatAsync(\"Summarize: \" + text);\n        return completion.Value.Content[0].Text;" : "return await Task.FromResult(text.Split(\". \")[0]);")
                }
            }
            """
        }
        func controller(using namespace: String) -> String {
            """
            using Api.\(namespace);
            using Microsoft.AspNetCore.Mvc;

            namespace Api.Controllers;

            [ApiController]
            [Route("api/preview")]
            public class PreviewController(SummaryService summaries) : ControllerBase
            {
                [HttpPost]
                public async Task<string> Post([FromBody] string text) => await summaries.SummarizeAsync(text);
            }
            """
        }
        let path = "Api/Controllers/PreviewController.cs"
        let services = ["Api/Ai/SummaryService.cs": service("Ai", paid: true), "Api/Text/SummaryService.cs": service("Text", paid: false)]
        XCTAssertEqual(scan(path, head: services.merging([path: controller(using: "Text")]) { $1 }).map(\.rule), [])
        let paid = scan(path, head: services.merging([path: controller(using: "Ai")]) { $1 })
        XCTAssertEqual(paid.first { $0.rule == "paid-call-reach" }?.chain, "SummarizeAsync() Api/Ai/SummaryService.cs → chat.CompleteChatAsync")
    }

    /// An OpenAI-compatible client another module makes for a server on this machine (Ollama's OpenAI API) spends
    /// nothing where it is used, as it would not in that module; the same client made for OpenAI does.
    func testAnImportedClientMadeForALocalServerSpendsNothing() {
        let route = """
            from fastapi import FastAPI

            from app.llm_client import MODEL, client

            app = FastAPI()


            @app.post("/ask")
            def ask(question: str):
                r = client.chat.completions.create(model=MODEL, messages=[{"role": "user", "content": question}])
                return {"answer": r.choices[0].message.content}
            """
        func module(_ arguments: String) -> String {
            "from openai import OpenAI\n\nclient = OpenAI(\(arguments))\nMODEL = \"llama3.1:8b\"\n"
        }
        let local = scan("app/main.py", head: [
            "app/main.py": route, "app/llm_client.py": module("base_url=\"http://localhost:11434/v1\", api_key=\"ollama\""),
        ])
        XCTAssertEqual(local.map(\.rule), [])
        let remote = scan("app/main.py", head: ["app/main.py": route, "app/llm_client.py": module("timeout=30")])
        XCTAssertEqual(Set(remote.map(\.rule)), ["unprotected-endpoint", "paid-sdk-call"])
        XCTAssertEqual(remote.first { $0.rule == "paid-sdk-call" }?.provider, "openai")
        let typescript = """
            import { client } from "./llm";

            export async function POST(req: Request) {
              const { question } = await req.json();
              const r = await client.chat.completions.create({ model: "llama3.1", messages: [{ role: "user", content: question }] });
              return Response.json({ answer: r.choices[0].message.content });
            }
            """
        let ollama = "import OpenAI from \"openai\";\n\nexport const client = new OpenAI({ baseURL: \"http://127.0.0.1:11434/v1\", apiKey: \"ollama\" });\n"
        XCTAssertEqual(scan("app/api/ask/route.ts", head: ["app/api/ask/route.ts": typescript, "app/api/ask/llm.ts": ollama]).map(\.rule), [])
    }

    /// SPEC's `unprotected-endpoint` is a handler with neither authentication nor rate limiting: one that checks the
    /// session before sending an SMS is authenticated, and only its paid call needs sign-off. Without the check it is
    /// open, and the finding carries the chain to the SMS call.
    func testAnAuthenticatedMessagingEndpointIsNotOpen() {
        func route(checked: Bool) -> String {
            """
            import { auth } from "@/auth";
            import { sendCode } from "../../../lib/sms";

            export async function POST(req: Request) {
              const session = await auth();
              \(checked ? "if (!session) return new Response(\"Unauthorized\", { status: 401 });" : "console.log(session?.user?.id);")
              const { phone } = await req.json();
              await sendCode(phone, "123456");
              return Response.json({ sent: true });
            }
            """
        }
        let findings = scan("app/api/verify/route.ts", head: ["lib/sms.ts": Self.sms, "app/api/verify/route.ts": route(checked: true)])
        XCTAssertFalse(findings.contains { $0.rule == "unprotected-endpoint" }, "\(findings)")
        let call = findings.first { $0.rule == "paid-call-reach" }
        XCTAssertEqual(call?.line, 8)
        XCTAssertEqual(call?.chain, "sendCode() lib/sms.ts → client.messages.create")
        let open = scan("app/api/verify/route.ts", head: ["lib/sms.ts": Self.sms, "app/api/verify/route.ts": route(checked: false)])
        let endpoint = open.first { $0.rule == "unprotected-endpoint" }
        XCTAssertEqual(endpoint?.line, 4)
        XCTAssertEqual(endpoint?.provider, "twilio")
        XCTAssertTrue(endpoint?.message.contains("no authentication or rate limiting: sendCode() lib/sms.ts:5 → client.messages.create") ?? false,
                      endpoint?.message ?? "no finding")
    }

    func testARateLimitedMessagingEndpointIsNotOpen() {
        let route = """
            import { Ratelimit } from "@upstash/ratelimit";
            import { sendCode } from "../../../lib/sms";

            const ratelimit = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, "10 m") });

            export async function POST(req: Request) {
              const { success } = await ratelimit.limit("ip");
              if (!success) return new Response("Too many requests", { status: 429 });
              await sendCode((await req.json()).phone, "123456");
              return Response.json({ sent: true });
            }
            """
        let findings = scan("app/api/verify/route.ts", head: ["lib/sms.ts": Self.sms, "app/api/verify/route.ts": route])
        XCTAssertFalse(findings.contains { $0.rule == "unprotected-endpoint" })
        XCTAssertTrue(findings.contains { $0.rule == "paid-call-reach" })
    }

    /// A chi route whose handler is a method value (`h.Summarize`) of a struct holding the paid client's wrapper in
    /// a field: each hop is a Go method found by its receiver's type, across three packages.
    func testGoMethodValuesAndStructFieldsReachThePaidCall() {
        let files = [
            "go.mod": "module github.com/acme/notes\n\ngo 1.22\n",
            "internal/llm/summarizer.go": """
                package llm

                import openai "github.com/sashabaranov/go-openai"

                type Summarizer struct {
                	client *openai.Client
                }

                func NewSummarizer() *Summarizer {
                	return &Summarizer{client: openai.NewClient(os.Getenv("OPENAI_API_KEY"))}
                }

                func (s *Summarizer) Summarize(ctx context.Context, text string) (string, error) {
                	resp, err := s.client.CreateChatCompletion(ctx, openai.ChatCompletionRequest{Model: openai.GPT4oMini,
                		Messages: []openai.ChatCompletionMessage{{Role: "user", Content: text}}})
                	if err != nil {
                		return "", err
                	}
                	return resp.Choices[0].Message.Content, nil
                }
                """,
            "internal/httpapi/handlers.go": """
                package httpapi

                import "github.com/acme/notes/internal/llm"

                type Handler struct {
                	Summarizer *llm.Summarizer
                }
                """,
            "internal/httpapi/summarize.go": """
                package httpapi

                func (h *Handler) Summarize(w http.ResponseWriter, r *http.Request) {
                	out, err := h.Summarizer.Summarize(r.Context(), r.FormValue("text"))
                	if err != nil {
                		http.Error(w, err.Error(), http.StatusBadGateway)
                		return
                	}
                	w.Write([]byte(out))
                }
                """,
            "cmd/server/main.go": """
                package main

                import (
                	"github.com/go-chi/chi/v5"

                	"github.com/acme/notes/internal/httpapi"
                	"github.com/acme/notes/internal/llm"
                )

                func main() {
                	h := &httpapi.Handler{Summarizer: llm.NewSummarizer()}
                	r := chi.NewRouter()
                	r.Post("/api/summarize", h.Summarize)
                	http.ListenAndServe(":8080", r)
                }
                """,
        ]
        let call = scan("internal/httpapi/summarize.go", head: files).first { $0.rule == "paid-call-reach" }
        XCTAssertEqual(call?.line, 4)
        XCTAssertEqual(call?.chain, "Summarize() internal/llm/summarizer.go → s.client.CreateChatCompletion")
        let endpoint = scan("cmd/server/main.go", head: files).first { $0.rule == "unprotected-endpoint" }
        XCTAssertEqual(endpoint?.line, 13)
        XCTAssertTrue(endpoint?.message.contains(
            "Summarize() internal/httpapi/summarize.go:3 → Summarize() internal/llm/summarizer.go:13") ?? false,
            endpoint?.message ?? "no finding")
    }

    /// An `http.Handler` value built where it is registered (`mux.Handle("POST /ask", httpx.AskHandler{…})`) serves
    /// the route with its type's `ServeHTTP`; wrapped in a middleware that refuses requests, it is guarded.
    func testAGoHandlerValueServesItsRouteWithItsServeHTTP() {
        let files = [
            "go.mod": "module github.com/acme/svc\n\ngo 1.22\n",
            "internal/ai/claude.go": """
                package ai

                import "github.com/anthropics/anthropic-sdk-go"

                type Claude struct {
                	client anthropic.Client
                }

                func (c *Claude) Ask(ctx context.Context, q string) (string, error) {
                	msg, err := c.client.Messages.New(ctx, anthropic.MessageNewParams{MaxTokens: 1024})
                	return msg.Content[0].Text, err
                }
                """,
            "internal/httpx/ask.go": """
                package httpx

                import "github.com/acme/svc/internal/ai"

                type AskHandler struct{ Claude *ai.Claude }

                func (h AskHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
                	out, _ := h.Claude.Ask(r.Context(), r.FormValue("q"))
                	w.Write([]byte(out))
                }

                type StatusHandler struct{}

                func (StatusHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }

                func RequireAPIKey(next http.Handler) http.Handler {
                	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
                		if r.Header.Get("X-API-Key") == "" {
                			http.Error(w, "unauthorized", http.StatusUnauthorized)
                			return
                		}
                		next.ServeHTTP(w, r)
                	})
                }
                """,
            "cmd/server/main.go": """
                package main

                import (
                	"github.com/acme/svc/internal/ai"
                	"github.com/acme/svc/internal/httpx"
                )

                func main() {
                	claude := &ai.Claude{}
                	mux := http.NewServeMux()
                	mux.Handle("POST /ask", httpx.RequireAPIKey(httpx.AskHandler{Claude: claude}))
                	mux.Handle("POST /demo/ask", &httpx.AskHandler{Claude: claude})
                	mux.Handle("GET /status", httpx.StatusHandler{})
                	http.ListenAndServe(":8080", mux)
                }
                """,
        ]
        let endpoints = scan("cmd/server/main.go", head: files).filter { $0.rule == "unprotected-endpoint" }
        XCTAssertEqual(endpoints.map(\.line), [12])
        XCTAssertTrue(endpoints.first?.message.contains("ServeHTTP() internal/httpx/ask.go:7 → Ask() internal/ai/claude.go:9") ?? false,
                      endpoints.first?.message ?? "no finding")
    }

    func testANameThatResolvesToTwoFilesSaysSoInsteadOfGuessing() {
        let files = [
            "lib/index.ts": "export * from \"./ai\";\nexport * from \"./text\";\n",
            "lib/ai.ts": "import OpenAI from \"openai\";\nconst openai = new OpenAI();\nexport function complete(p: string) {\n  return openai.chat.completions.create({ model: \"gpt-4o\", messages: [] });\n}\n",
            "lib/text.ts": "export function complete(p: string) {\n  return p.trim();\n}\n",
            "src/use.ts": "import { complete } from \"../lib\";\nexport function run(p: string) {\n  return complete(p);\n}\n",
        ]
        let finding = scan("src/use.ts", head: files).first { $0.rule == "paid-call-reach" }
        XCTAssertEqual(finding?.line, 3)
        XCTAssertTrue(finding?.message.contains("complete() is ambiguous (lib/ai.ts or lib/text.ts)") ?? false,
                      finding?.message ?? "no finding")
    }

    func testTheChainIsPartOfTheFingerprint() {
        var direct = Finding(rule: "paid-call-reach", category: .paidExternalCall, path: "a.ts", line: 1, message: "m")
        direct.hunkDigest = "d"
        var other = direct
        direct.chain = "complete() lib/ai.ts → openai.chat.completions.create"
        other.chain = "complete() lib/other.ts → anthropic.messages.create"
        XCTAssertNotEqual(Fingerprint.compute(findings: [direct], policyDigest: "p"),
                          Fingerprint.compute(findings: [other], policyDigest: "p"))
        var moved = direct
        moved.line = 40
        XCTAssertEqual(Fingerprint.compute(findings: [direct], policyDigest: "p"),
                       Fingerprint.compute(findings: [moved], policyDigest: "p"))
    }

    /// A project function named like an SDK's exported function (`embed`, `generateText`) is that function, not
    /// the SDK: imported from a module of the project, it is attributed through its own chain, in any language.
    func testAProjectFunctionNamedLikeAnSDKFunctionIsAttributedThroughItsChain() {
        let python = [
            "worker/__init__.py": "",
            "worker/embeddings.py": """
                from openai import OpenAI

                client = OpenAI()


                def embed(text):
                    return client.embeddings.create(model="text-embedding-3-small", input=text).data[0].embedding
                """,
            "worker/tasks.py": """
                from worker.embeddings import embed


                def reindex(docs):
                    for doc in docs:
                        doc.vector = embed(doc.body)
                """,
        ]
        let batch = scan("worker/tasks.py", head: python).filter { $0.rule == "batch-model-call" }
        XCTAssertEqual(batch.map(\.line), [6])
        XCTAssertEqual(batch.first?.provider, "openai")
        XCTAssertEqual(batch.first?.chain, "embed() worker/embeddings.py → client.embeddings.create")
        XCTAssertFalse(scan("worker/tasks.py", head: python).contains { $0.provider == "vercel-ai-sdk" })

        let ruby = [
            "app/services/embedder.rb": """
                module Embedder
                  def self.embed(text)
                    OpenAI::Client.new.embeddings(parameters: { model: "text-embedding-3-small", input: text })
                  end
                end
                """,
            "lib/tasks/backfill.rb": """
                Document.find_each do |doc|
                  doc.update!(vector: Embedder.embed(doc.body))
                end
                """,
        ]
        let rubyFindings = scan("lib/tasks/backfill.rb", head: ruby)
        XCTAssertEqual(rubyFindings.filter { $0.rule == "batch-model-call" }.map(\.line), [2])
        XCTAssertFalse(rubyFindings.contains { $0.provider == "vercel-ai-sdk" }, "\(rubyFindings.map(\.message))")

        let templates = [
            "lib/templates.ts": "export function generateText(t: string, v: Record<string, string>) {\n  return t;\n}\n",
            "app/api/preview/route.ts": """
                import { generateText } from "../../../lib/templates";

                export async function POST(req: Request) {
                  const { template, vars } = await req.json();
                  return Response.json({ text: generateText(template, vars) });
                }
                """,
        ]
        XCTAssertEqual(scan("app/api/preview/route.ts", head: templates).map(\.rule), [])
    }
}
