import GateCore

/// An HTTP handler, added or changed by the change, that reaches a paid call with no auth and no rate limit.
public struct UnprotectedEndpointDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "unprotected-endpoint", name: "Paid call behind an open endpoint", category: .unprotectedEndpoint,
        rationale: """
            An endpoint that proxies a paid API with neither authentication nor rate limiting lets anyone on the \
            internet spend the team's money; this is how $47K weekends happen. Reported on HTTP handlers the change \
            adds or edits (Express, Fastify, Koa, Hono, Next.js app and pages routers, FastAPI, Flask, Django, \
            Rails, Sinatra, Go net/http, gin, echo, chi, Spring, ASP.NET, NestJS, Laravel) that reach a paid call, \
            directly or through functions of the same file, when no guard is visible: route or app-wide middleware \
            (`app.use(…)`, `r.Use(…)`, FastAPI dependencies), decorators and annotations (@login_required, \
            @PreAuthorize, [Authorize], @UseGuards), before_action, session or user checks in the handler \
            (getServerSession, auth(), current_user, a 401/403 response), or a rate limiter (express-rate-limit, \
            Upstash Ratelimit, slowapi, throttling). Middleware in other files (Next.js middleware.ts, a base \
            controller) is not visible to this check; waive the finding with the reason when that is the guard.
            """,
        triggering: [
            DetectorExample("""
                import express from "express";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();

                ↓app.post("/api/generate", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "server/index.js"),
            DetectorExample("""
                import OpenAI from "openai"

                const openai = new OpenAI()

                ↓export async function POST(req: Request) {
                  const { prompt } = await req.json()
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] })
                  return Response.json(r.choices[0].message)
                }
                """, path: "app/api/chat/route.ts"),
            DetectorExample("""
                from fastapi import FastAPI
                from openai import OpenAI

                app = FastAPI()
                client = OpenAI()

                ↓@app.post("/summarize")
                async def summarize(body: dict):
                    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": body["text"]}])
                    return {"summary": r.choices[0].message.content}
                """, path: "api/main.py"),
            DetectorExample("""
                from flask import Flask, request
                import anthropic

                app = Flask(__name__)
                client = anthropic.Anthropic()

                def ask(prompt):
                    return client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[{"role": "user", "content": prompt}])

                ↓@app.route("/ask", methods=["POST"])
                def ask_endpoint():
                    return {"answer": ask(request.json["prompt"]).content[0].text}
                """, path: "web/app.py"),
            DetectorExample("""
                package main

                import (
                	"github.com/gin-gonic/gin"
                	openai "github.com/sashabaranov/go-openai"
                )

                func routes(r *gin.Engine, client *openai.Client) {
                	↓r.POST("/v1/complete", func(c *gin.Context) {
                		resp, err := client.CreateChatCompletion(c, requestFrom(c))
                		respond(c, resp, err)
                	})
                }
                """, path: "cmd/api/routes.go"),
            DetectorExample("""
                class AssistantController < ApplicationController
                  ↓def create
                    client = OpenAI::Client.new
                    render json: client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:prompt] }] })
                  end
                end
                """, path: "app/controllers/assistant_controller.rb"),
            DetectorExample("""
                @RestController
                public class ChatController {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    ↓@PostMapping("/chat")
                    public String chat(@RequestBody String prompt) {
                        return client.chat().completions().create(params(prompt)).choices().get(0).message().content().orElse("");
                    }
                }
                """, path: "src/main/java/app/ChatController.java"),
            DetectorExample("""
                ↓export default async function handler(req, res) {
                  const r = await fetch("https://api.openai.com/v1/embeddings", { method: "POST", body: JSON.stringify({ input: req.body.text, model: "text-embedding-3-small" }) });
                  res.status(200).json(await r.json());
                }
                """, path: "pages/api/embed.js"),
        ],
        nonTriggering: [
            DetectorExample("""
                import express from "express";
                import OpenAI from "openai";
                import { requireAuth } from "./auth.js";

                const app = express();
                const openai = new OpenAI();

                app.post("/api/generate", requireAuth, async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "server/index.js"),
            DetectorExample("""
                import express from "express";
                import rateLimit from "express-rate-limit";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use(rateLimit({ windowMs: 60_000, limit: 20 }));

                app.post("/api/generate", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "server/index.js"),
            DetectorExample("""
                from fastapi import Depends, FastAPI
                from openai import OpenAI

                app = FastAPI()
                client = OpenAI()

                @app.post("/summarize")
                async def summarize(body: dict, user=Depends(get_current_user)):
                    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": body["text"]}])
                    return {"summary": r.choices[0].message.content}
                """, path: "api/main.py"),
            DetectorExample("""
                import OpenAI from "openai";
                import { auth } from "@/auth";

                const openai = new OpenAI();

                export async function POST(req: Request) {
                  const session = await auth();
                  if (!session) return new Response("Unauthorized", { status: 401 });
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
                  return Response.json(r);
                }
                """, path: "app/api/chat/route.ts"),
            DetectorExample("""
                class AssistantController < ApplicationController
                  before_action :authenticate_user!

                  def create
                    client = OpenAI::Client.new
                    render json: client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:prompt] }] })
                  end
                end
                """, path: "app/controllers/assistant_controller.rb"),
            DetectorExample("""
                import express from "express";
                const app = express();
                app.get("/health", (req, res) => res.send("ok"));
                """, path: "server/health.js"),
            DetectorExample("""
                const VERSION = "1.2.0";
                import express from "express";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();

                app.post("/api/generate", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "server/index.js",
                base: """
                import express from "express";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();

                app.post("/api/generate", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """),
            DetectorExample("""
                @RestController
                public class ChatController {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    @PreAuthorize("hasRole('USER')")
                    @PostMapping("/chat")
                    public String chat(@RequestBody String prompt) {
                        return client.chat().completions().create(params(prompt)).choices().get(0).message().content().orElse("");
                    }
                }
                """, path: "src/main/java/app/ChatController.java"),
            DetectorExample("""
                from flask import Flask, request
                from flask_login import login_required
                import anthropic

                app = Flask(__name__)
                client = anthropic.Anthropic()

                @app.route("/ask", methods=["POST"])
                @login_required
                def ask_endpoint():
                    return {"answer": client.messages.create(model="claude-sonnet-4-5", max_tokens=512, messages=[]).content[0].text}
                """, path: "web/app.py"),
        ])

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        let analysis = FileAnalysis.of(file, context: context)
        guard let lexed = analysis.lexed, !analysis.sites.isEmpty else { return [] }
        let finder = HandlerFinder(lexed: lexed, path: file.path)
        if finder.hasAppWideGuard() { return [] }
        var findings: [Finding] = []
        for handler in finder.handlers() {
            if handler.guardRanges.contains(where: { finder.containsGuard($0) }) { continue }
            let reached = analysis.sites.filter { handler.body.contains($0.token) }.map { ($0.line, $0) }
                + analysis.indirectCalls.filter { handler.body.contains($0.token) }.map { ($0.line, $0.site) }
            guard let first = reached.first else { continue }
            let lines = lexed.tokens[handler.statement.lowerBound].line...lexed.tokens[handler.statement.upperBound].line
            let line: Int?
            if file.adds(lines.lowerBound) {
                line = lines.lowerBound
            } else if let changed = file.firstAddedLine(in: lines) {
                line = changed
            } else {
                line = reached.map { $0.1.line }.filter(file.adds).min()
            }
            guard let line else { continue }
            findings.append(.paid(
                description, file: file, line: line, column: nil,
                message: "\(handler.name) reaches a paid call (\(first.1.provider)) with no authentication or rate limiting",
                provider: first.1.provider, evidence: "\(handler.name) → \(first.1.evidence)"))
        }
        return findings
    }
}

/// An HTTP handler: its statement (registration through end), body, and where guards may be declared.
struct HTTPHandler {
    var name: String
    var statement: ClosedRange<Int>
    var body: ClosedRange<Int>
    var guardRanges: [ClosedRange<Int>]
}

/// Finds HTTP handlers and guards per framework.
struct HandlerFinder {
    let lexed: LexedSource
    let path: String

    static let routeMethods = WordSet([
        "get", "post", "put", "patch", "delete", "all", "route", "GET", "POST", "PUT", "PATCH", "DELETE", "Get",
        "Post", "Put", "Patch", "Delete", "Any", "HandleFunc", "Handle", "MapGet", "MapPost", "MapPut", "MapPatch",
        "MapDelete", "Match",
    ])
    static let mappingAnnotations = WordSet([
        "GetMapping", "PostMapping", "PutMapping", "PatchMapping", "DeleteMapping", "RequestMapping", "HttpGet",
        "HttpPost", "HttpPut", "HttpPatch", "HttpDelete",
    ])
    static let nestDecorators = WordSet(["Get", "Post", "Put", "Patch", "Delete", "All"])
    static let nextMethods = WordSet(["GET", "POST", "PUT", "PATCH", "DELETE"])
    static let pythonRouteDecorators = WordSet([
        "get", "post", "put", "patch", "delete", "route", "api_route", "websocket", "api_view", "action",
    ])
    static let appWideCallees = WordSet([
        "use", "Use", "add_middleware", "middleware", "before_request", "APIRouter", "FastAPI", "UseAuthentication",
        "UseAuthorization", "UseRateLimiter", "register", "addHook", "Group", "group",
    ])

    func handlers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        switch lexed.language.family {
        case .cLike: result = routeCalls() + annotatedMethods() + nextRoutes()
        case .python: result = pythonDecoratedRoutes() + djangoViews()
        case .ruby: result = railsActions() + sinatraRoutes()
        }
        return result
    }

    // MARK: C-like

    private func routeCalls() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            let token = tokens[index]
            guard HandlerFinder.routeMethods.contains(lexed.bytes[token.start..<token.end]),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index,
                  lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::")
                    || lexed.token(index - 1, is: "->")
            else { continue }
            let close = lexed.partner[index + 1]
            let first = index + 2
            let isRoute = lexed.token(index, is: "route") || lexed.token(index, is: "Route")
                || (tokens[first].kind == .string && tokens[first].end > tokens[first].start
                    && lexed.bytes[tokens[first].start] == Byte.slash)
            guard isRoute else { continue }
            // Guards chained after the registration: `.RequireAuthorization()`, `.RequireRateLimiting(…)`.
            var end = close
            while lexed.token(end + 1, isPunctuation: Byte.dot), lexed.token(end + 3, isPunctuation: Byte.openParen),
                  lexed.partner[end + 3] > end
            {
                end = lexed.partner[end + 3]
            }
            var start = index
            while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "::"),
                  tokens[start - 2].kind == .identifier
            {
                start -= 2
            }
            let routePath = tokens[first].kind == .string ? " " + lexed.text(first) : ""
            result.append(HTTPHandler(
                name: "\(lexed.text(index).uppercased())\(routePath)", statement: start...end, body: (index + 1)...close,
                guardRanges: [start...end] + referencedFunctions(in: (index + 1)...close)))
        }
        return result
    }

    /// Same-file functions passed by name as handlers or middleware: their bodies may hold the guard.
    private func referencedFunctions(in range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for index in range where lexed.tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeParen)
            else { continue }
            for (block, info) in lexed.blocks.enumerated() where info.kind == .function {
                if let name = info.nameRange, lexed.bytes[name].elementsEqual(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]) {
                    result.append(lexed.statementSpan(of: block))
                }
            }
        }
        return result
    }

    private func annotatedMethods() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            let mapping = header.first { cursor in
                let token = lexed.tokens[cursor]
                guard token.kind == .identifier else { return false }
                let word = lexed.bytes[token.start..<token.end]
                if HandlerFinder.mappingAnnotations.contains(word) { return true }
                return HandlerFinder.nestDecorators.contains(word) && lexed.token(cursor - 1, isPunctuation: Byte.at)
            }
            guard let mapping else { continue }
            var guards = [lexed.statementSpan(of: index)]
            if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                let container = lexed.blocks[block.parent]
                guards.append(container.headerStart...container.openToken)
            }
            let name = (block.nameRange.map { lexed.text($0) } ?? "handler") + " (@\(lexed.text(mapping)))"
            result.append(HTTPHandler(
                name: name, statement: lexed.statementSpan(of: index), body: lexed.span(of: index), guardRanges: guards))
        }
        return result
    }

    private func nextRoutes() -> [HTTPHandler] {
        let isAppRoute = (path.hasPrefix("app/") || path.contains("/app/"))
            && (path.hasSuffix("/route.ts") || path.hasSuffix("/route.js") || path.hasSuffix("/route.tsx")
                || path.hasSuffix("/route.mjs"))
        let isPagesAPI = path.hasPrefix("pages/api/") || path.contains("/pages/api/")
        guard isAppRoute || isPagesAPI else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            let statement = lexed.statementSpan(of: index)
            let header = statement.lowerBound..<block.openToken
            let isHandler: Bool
            if isAppRoute {
                isHandler = block.nameRange.map { HandlerFinder.nextMethods.contains(lexed.bytes[$0]) } ?? false
            } else {
                isHandler = header.contains { lexed.token($0, is: "default") }
                    || block.nameRange.map { lexed.bytes[$0].elementsEqual("handler".utf8) } ?? false
            }
            guard isHandler else { continue }
            let name = block.nameRange.map { lexed.text($0) } ?? "handler"
            result.append(HTTPHandler(name: "\(name) \(path)", statement: statement, body: statement, guardRanges: [statement]))
        }
        return result
    }

    // MARK: Python

    private func pythonDecoratedRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let decorators = block.headerStart..<block.openToken
            let route = decorators.first { cursor in
                lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                    && HandlerFinder.pythonRouteDecorators.contains(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])
            } ?? decorators.first { lexed.token($0, is: "api_view") }
            guard let route else { continue }
            let routePath = lexed.tokens.indices.contains(route + 2) && lexed.tokens[route + 2].kind == .string
                ? " " + lexed.text(route + 2) : ""
            let statement = lexed.statementSpan(of: index)
            result.append(HTTPHandler(
                name: "\(lexed.text(route).uppercased())\(routePath)", statement: statement, body: statement,
                guardRanges: [statement]))
        }
        return result
    }

    private func djangoViews() -> [HTTPHandler] {
        guard path.hasSuffix("views.py") || path.contains("/views/") else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            // `def view(request, …)` or `def post(self, request, …)`.
            var cursor = block.openToken + 2
            guard lexed.token(cursor, isPunctuation: Byte.openParen) else { continue }
            cursor += 1
            if lexed.token(cursor, is: "self") { cursor += 2 }
            guard lexed.token(cursor, is: "request") else { continue }
            var guards = [lexed.statementSpan(of: index)]
            if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                let container = lexed.blocks[block.parent]
                guards.append(container.headerStart...min(container.endToken, container.openToken + 12))
            }
            let name = block.nameRange.map { lexed.text($0) } ?? "view"
            let statement = lexed.statementSpan(of: index)
            result.append(HTTPHandler(name: "view \(name)", statement: statement, body: statement, guardRanges: guards))
        }
        return result
    }

    // MARK: Ruby

    private func railsActions() -> [HTTPHandler] {
        guard path.contains("app/controllers/") || path.hasSuffix("_controller.rb") else { return [] }
        var result: [HTTPHandler] = []
        for (containerIndex, container) in lexed.blocks.enumerated() where container.kind == .container {
            let span = lexed.span(of: containerIndex)
            let privateStart = span.first { lexed.token($0, is: "private") || lexed.token($0, is: "protected") }
                ?? span.upperBound
            // Class-level declarations (before_action, rate_limit) outside any method.
            let classLevel = span.filter { lexed.tokens[$0].block == containerIndex }
            let skipsGuard = classLevel.contains { lexed.token($0, is: "skip_before_action") }
            let classGuards: [ClosedRange<Int>] = skipsGuard
                ? [] : classLevel.map { $0...$0 } + [container.headerStart...container.openToken]
            for (index, block) in lexed.blocks.enumerated()
            where block.kind == .function && block.parent == containerIndex && block.openToken < privateStart {
                let name = block.nameRange.map { lexed.text($0) } ?? "action"
                let statement = lexed.statementSpan(of: index)
                result.append(HTTPHandler(
                    name: "action \(name)", statement: statement, body: statement,
                    guardRanges: [statement] + classGuards))
            }
        }
        return result
    }

    private func sinatraRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].firstOnLine && tokens[index].kind == .identifier {
            let token = tokens[index]
            guard HandlerFinder.routeMethods.contains(lexed.bytes[token.start..<token.end]),
                  tokens.indices.contains(index + 1), tokens[index + 1].kind == .string,
                  lexed.bytes[tokens[index + 1].start] == Byte.slash,
                  let block = lexed.blocks.indices.first(where: {
                      lexed.blocks[$0].opener == .keyword && lexed.blocks[$0].startLine == token.line
                  })
            else { continue }
            let statement = index...lexed.blocks[block].endToken
            result.append(HTTPHandler(
                name: "\(lexed.text(index).uppercased()) \(lexed.text(index + 1))", statement: statement,
                body: statement, guardRanges: [statement]))
        }
        return result
    }

    // MARK: Guards

    /// App-wide middleware with an auth or rate-limit guard: `app.use(rateLimit(…))`, `r.Use(authMiddleware)`.
    func hasAppWideGuard() -> Bool {
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard HandlerFinder.appWideCallees.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index
            else { continue }
            if containsGuard((index + 1)...lexed.partner[index + 1]) { return true }
        }
        if lexed.language.family == .ruby {
            // Rails: a guard declared by a concern or base class named in the file.
            return false
        }
        return false
    }

    /// Whether any identifier in `range` names an auth or rate-limit guard, or the code answers 401/403.
    func containsGuard(_ range: ClosedRange<Int>) -> Bool {
        for index in range where index < lexed.tokens.count {
            let token = lexed.tokens[index]
            if token.kind == .number, let value = lexed.integer(index), value == 401 || value == 403 { return true }
            guard token.kind == .identifier else { continue }
            if HandlerFinder.isGuardWord(lexed.bytes[token.start..<token.end]) { return true }
            // A bare `session` is a guard only where it is the request's session (`req.session`, `session[…]`),
            // not a variable that happens to hold, say, a Stripe checkout session.
            if lexed.token(index, is: "session"),
               lexed.token(index + 1, isPunctuation: Byte.openBracket)
                || (lexed.token(index - 1, isPunctuation: Byte.dot)
                    && (lexed.token(index - 2, is: "req") || lexed.token(index - 2, is: "request")
                        || lexed.token(index - 2, is: "ctx")))
            {
                return true
            }
        }
        return false
    }

    static let guardWords: [[UInt8]] = [
        "auth", "getsession", "serversession", "usesession", "session_user", "jwt", "passport", "clerk", "ratelimit", "rate_limit", "limiter", "throttl",
        "login_required", "loginrequired", "permission", "guard", "verify", "current_user", "currentuser",
        "require_user", "requireuser", "signed_in", "isauthenticated", "slowapi", "principal", "rolesallowed", "secured",
    ].map { Array($0.utf8) }

    static let notGuards: [[UInt8]] = ["authtoken", "auth_token", "sessions", "oauth2client"].map { Array($0.utf8) }

    static func isGuardWord(_ word: ArraySlice<UInt8>) -> Bool {
        if word.elementsEqual("Authorization".utf8) { return false }  // a header passed along, not a check
        let lowered = word.map(Byte.lower)
        func contains(_ needle: [UInt8]) -> Bool {
            guard lowered.count >= needle.count else { return false }
            for start in 0...(lowered.count - needle.count) where lowered[start..<start + needle.count].elementsEqual(needle) {
                return true
            }
            return false
        }
        if notGuards.contains(where: contains) { return false }
        if contains(Array("author".utf8)) && !contains(Array("authoriz".utf8)) { return false }
        return guardWords.contains(where: contains)
    }
}
