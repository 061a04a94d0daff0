import GateCore

/// An HTTP handler, added or changed by the change, that reaches a paid call with no auth and no rate limit.
public struct UnprotectedEndpointDetector: Detector {
    public init() {}

    public let description = DetectorDescription(
        id: "unprotected-endpoint", name: "Paid call behind an open endpoint", category: .unprotectedEndpoint,
        rationale: """
            An endpoint that proxies a paid API with neither authentication nor rate limiting lets anyone on the \
            internet spend the team's money; this is how $47K weekends happen. Reported on HTTP handlers the change \
            adds or edits (Express, Fastify, Koa, Hono, Next.js app and pages routers — handlers exported bare, \
            through a wrapper or by name — and server actions, FastAPI, Flask, Django and DRF, Rails, Sinatra, Go \
            net/http, gin, echo, chi, Spring, ASP.NET, NestJS, Laravel, axum, Vapor) that \
            reach a paid call — directly, or through functions of this or other files, resolved by import and \
            receiver — when no guard applies. Guards count wherever they live: in the handler (getServerSession, \
            auth(), current_user, a 401/403 answer) or a helper it calls (`requireUser()`, `getServerProfile()` in \
            another file), decorators and annotations (@login_required, @PreAuthorize, [Authorize], @UseGuards), \
            route and group middleware (`app.use(…)` here or where the router is mounted, \
            `Route::middleware('auth')->group`, Laravel's `api`/`web` middleware groups in app/Http/Kernel.php or \
            bootstrap/app.php for routes/api.php and routes/web.php and for route files registered with middleware \
            in RouteServiceProvider or withRouting's `then:`, chi `r.Use`, FastAPI router or \
            `include_router` dependencies, axum layers, Vapor `grouped(…)`), base controllers and the Rails concerns \
            they include (`before_action` minus `skip_before_action`, each for the actions its `only:`/`except:` \
            names), a Next.js \
            `middleware.ts` whose matcher covers the route, and framework-wide configuration (DRF default \
            permission classes, Spring Security requiring authentication, ASP.NET fallback policy). Endpoints that \
            reach messaging providers (SMS, voice, OTP) need a rate limit even when authenticated (SMS pumping): \
            without one they are reported at tier high for sign-off. The message carries the chain to the paid call.
            """,
        triggering: [
            DetectorExample("""
                "use server"

                import OpenAI from "openai"

                const openai = new OpenAI()

                ↓export async function summarize(formData: FormData) {
                  const text = String(formData.get("text"))
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] })
                  return r.choices[0].message.content
                }
                """, path: "app/actions/summarize.ts"),
            DetectorExample("""
                import OpenAI from "openai"
                import { applyGuardrails } from "@/lib/moderation"

                const openai = new OpenAI()

                ↓export async function POST(req: Request) {
                  const { prompt } = await req.json()
                  const safe = applyGuardrails(prompt)
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: safe }] })
                  return Response.json(r.choices[0].message)
                }
                """, path: "app/api/assistant/route.ts"),
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
                import OpenAI from "openai"
                import { withLogging } from "@/lib/logging"

                const openai = new OpenAI()

                ↓export const POST = withLogging(async (req: Request) => {
                  const { prompt } = await req.json()
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] })
                  return Response.json(r.choices[0].message)
                })
                """, path: "app/api/complete/route.ts"),
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
                class SummariesController < ApplicationController
                  before_action :authenticate_user!, only: [:index, :show]
                  before_action :load_summary,
                    except: %i[create]

                  def index
                    render json: Summary.all
                  end

                  ↓def create
                    client = OpenAI::Client.new
                    render json: client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:text] }] })
                  end
                end
                """, path: "app/controllers/summaries_controller.rb"),
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
            // Middleware given a path guards the routes under it only; one registered after a route, not that route.
            DetectorExample("""
                import express from "express";
                import { requireAuth } from "./auth";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use("/admin", requireAuth);

                ↓app.post("/public/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/server.ts"),
            DetectorExample("""
                import express from "express";
                import { requireAuth } from "./auth";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();

                ↓app.post("/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                app.use(requireAuth);
                """, path: "src/server.ts"),
            // An echo group with JWT guards the routes registered on the group, not those on the app.
            DetectorExample("""
                package main

                import (
                \techojwt "github.com/labstack/echo-jwt/v4"
                \t"github.com/labstack/echo/v4"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func main() {
                \te := echo.New()
                \tclient := openai.NewClient("")
                \tg := e.Group("/api", echojwt.JWT([]byte("secret")))
                \t_ = g
                \t↓e.POST("/draft", func(c echo.Context) error {
                \t\tresp, err := client.CreateChatCompletion(c.Request().Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t\tif err != nil {
                \t\t\treturn err
                \t\t}
                \t\treturn c.JSON(200, resp)
                \t})
                }
                """, path: "main.go"),
            // gin keeps middleware per router: the engine's own route is not behind the group's.
            DetectorExample("""
                package main

                import (
                \t"github.com/gin-gonic/gin"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func main() {
                \tr := gin.Default()
                \tclient := openai.NewClient("")
                \tauthorized := r.Group("/admin")
                \tauthorized.Use(AuthRequired())
                \t↓r.POST("/summarize", func(c *gin.Context) {
                \t\tresp, _ := client.CreateChatCompletion(c, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t\tc.JSON(200, resp)
                \t})
                \tr.Run()
                }
                """, path: "main.go"),
            // `passport.initialize()` sets Passport up and checks nobody.
            DetectorExample("""
                const express = require("express");
                const passport = require("passport");
                const OpenAI = require("openai");

                const app = express();
                const openai = new OpenAI();
                app.use(passport.initialize());

                ↓app.post("/rewrite", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.text }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/app.js"),
            // Registering @fastify/jwt decorates the app; it guards a route only through a hook.
            DetectorExample("""
                import Fastify from "fastify";
                import jwt from "@fastify/jwt";
                import OpenAI from "openai";

                const fastify = Fastify();
                const openai = new OpenAI();
                fastify.register(jwt, { secret: process.env.JWT_SECRET });

                ↓fastify.post("/api/chat", async (request) => {
                  return openai.chat.completions.create({ model: "gpt-4o-mini", messages: request.body.messages });
                });
                """, path: "src/server.js"),
            // Micronaut: a controller open to anonymous callers.
            DetectorExample("""
                package app;

                @Controller("/assist")
                @Secured(SecurityRule.IS_ANONYMOUS)
                public class AssistController {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    ↓@Post("/ask")
                    public String ask(@Body String question) {
                        return client.chat().completions().create(params(question)).choices().get(0).message().content().orElse("");
                    }
                }
                """, path: "src/main/java/app/AssistController.java"),
            // Go 1.22 route patterns name the method.
            DetectorExample("""
                package main

                import (
                \t"net/http"

                \topenai "github.com/sashabaranov/go-openai"
                )

                var client = openai.NewClient("")

                func main() {
                \tmux := http.NewServeMux()
                \t↓mux.HandleFunc("POST /api/summarize", func(w http.ResponseWriter, r *http.Request) {
                \t\tclient.CreateChatCompletion(r.Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t})
                \thttp.ListenAndServe(":8080", mux)
                }
                """, path: "main.go"),
            // A tRPC procedure anyone may call.
            DetectorExample("""
                import { z } from "zod";
                import OpenAI from "openai";
                import { createTRPCRouter, protectedProcedure, publicProcedure } from "~/server/api/trpc";

                const openai = new OpenAI();

                export const chatRouter = createTRPCRouter({
                  ↓ask: publicProcedure.input(z.object({ q: z.string() })).mutation(async ({ input }) => {
                    const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: input.q }] });
                    return r.choices[0].message;
                  }),
                });
                """, path: "src/server/api/routers/chat.ts"),
            // A route whose guard the change deletes, adding nothing, is open now.
            DetectorExample("""
                import { streamText } from "ai"
                import { openai } from "@ai-sdk/openai"

                export async function POST(req: Request) {
                  ↓const { messages } = await req.json()
                  const result = streamText({ model: openai("gpt-4o"), messages })
                  return result.toDataStreamResponse()
                }
                """, path: "app/api/chat/route.ts", base: """
                import { streamText } from "ai"
                import { openai } from "@ai-sdk/openai"
                import { auth } from "@/auth"

                export async function POST(req: Request) {
                  const session = await auth()
                  if (!session?.user) return new Response("Unauthorized", { status: 401 })
                  const { messages } = await req.json()
                  const result = streamText({ model: openai("gpt-4o"), messages })
                  return result.toDataStreamResponse()
                }
                """),
        ],
        nonTriggering: [
            // A tRPC procedure built on an authenticating middleware, and a database query that is no procedure.
            DetectorExample("""
                import { z } from "zod";
                import OpenAI from "openai";
                import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";

                const openai = new OpenAI();

                export const chatRouter = createTRPCRouter({
                  ask: protectedProcedure.input(z.object({ q: z.string() })).mutation(async ({ input, ctx }) => {
                    const history = await ctx.db.query("select * from messages where user_id = $1", [ctx.session.user.id]);
                    const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: input.q }] });
                    return r.choices[0].message;
                  }),
                });
                """, path: "src/server/api/routers/chat.ts"),
            // App-wide middleware guards the file's routes: express-jwt, connect-ensure-login.
            DetectorExample("""
                import express from "express";
                import { expressjwt } from "express-jwt";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"] }));

                app.post("/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/server.ts"),
            DetectorExample("""
                import { Hono } from "hono";
                import { jwt } from "hono/jwt";
                import OpenAI from "openai";

                const app = new Hono<{ Bindings: { JWT_SECRET: string } }>();
                app.use("/api/*", (c, next) => jwt({ secret: c.env.JWT_SECRET })(c, next));

                app.post("/api/complete", async (c) => {
                  const openai = new OpenAI();
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
                  return c.json(r.choices[0].message);
                });
                """, path: "src/index.ts"),
            DetectorExample("""
                package main

                import (
                \techojwt "github.com/labstack/echo-jwt/v4"
                \t"github.com/labstack/echo/v4"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func main() {
                \te := echo.New()
                \tclient := openai.NewClient("")
                \tg := e.Group("/api", echojwt.JWT([]byte("secret")))
                \tg.POST("/draft", func(c echo.Context) error {
                \t\tresp, err := client.CreateChatCompletion(c.Request().Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t\tif err != nil {
                \t\t\treturn err
                \t\t}
                \t\treturn c.JSON(200, resp)
                \t})
                }
                """, path: "main.go"),
            DetectorExample("""
                package main

                import (
                \t"github.com/gin-gonic/gin"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func main() {
                \tr := gin.Default()
                \tclient := openai.NewClient("")
                \tr.Use(AuthRequired())
                \tv1 := r.Group("/v1")
                \tv1.POST("/summarize", func(c *gin.Context) {
                \t\tresp, _ := client.CreateChatCompletion(c, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t\tc.JSON(200, resp)
                \t})
                \tr.Run()
                }
                """, path: "main.go"),
            // Koa: a router's routes run behind what the app uses before mounting it, wherever they are written.
            DetectorExample("""
                const Koa = require("koa");
                const Router = require("@koa/router");
                const jwt = require("koa-jwt");
                const Anthropic = require("@anthropic-ai/sdk");

                const app = new Koa();
                const router = new Router({ prefix: "/api" });
                const anthropic = new Anthropic();

                router.post("/summaries", async (ctx) => {
                  ctx.body = await anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 512, messages: [] });
                });

                app.use(jwt({ secret: process.env.JWT_SECRET }));
                app.use(router.routes());
                """, path: "src/app.js"),
            DetectorExample("""
                import express from "express";
                import { requireAuth } from "./auth";
                import OpenAI from "openai";

                const openai = new OpenAI();
                const router = express.Router();

                router.post("/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });

                export function createApp() {
                  const app = express();
                  app.use(requireAuth);
                  app.use("/api", router);
                  return app;
                }
                """, path: "src/app.ts"),
            // Django Ninja's API-wide authentication; aiohttp's application middlewares.
            DetectorExample("""
                from ninja import NinjaAPI, Schema
                from openai import OpenAI
                from .auth import JWTAuth

                api = NinjaAPI(auth=JWTAuth())
                client = OpenAI()

                class SummarizeIn(Schema):
                    text: str

                @api.post("/summarize")
                def summarize(request, payload: SummarizeIn):
                    return client.responses.create(model="gpt-4.1-mini", input=payload.text).output_text
                """, path: "app/api.py"),
            DetectorExample("""
                from aiohttp import web
                from openai import AsyncOpenAI

                client = AsyncOpenAI()
                routes = web.RouteTableDef()

                @web.middleware
                async def auth_middleware(request, handler):
                    if request.headers.get("Authorization") != f"Bearer {TOKEN}":
                        raise web.HTTPUnauthorized()
                    return await handler(request)

                @routes.post("/complete")
                async def complete(request):
                    r = await client.responses.create(model="gpt-4.1-mini", input=(await request.json())["q"])
                    return web.json_response({"text": r.output_text})

                app = web.Application(middlewares=[auth_middleware])
                app.add_routes(routes)
                """, path: "svc/main.py"),
            // Sinatra's before filter halts every unauthenticated request.
            DetectorExample("""
                require "sinatra/base"
                require "openai"

                class ChatApp < Sinatra::Base
                  before do
                    halt 401 unless valid_token?(request.env["HTTP_AUTHORIZATION"])
                  end

                  post "/chat" do
                    client = OpenAI::Client.new(access_token: ENV.fetch("OPENAI_API_KEY"))
                    client.chat(parameters: { model: "gpt-4o-mini", messages: [] }).to_json
                  end
                end
                """, path: "app.rb"),
            // An outgoing request in Vapor is no route.
            DetectorExample("""
                import Vapor

                struct EmbeddingService {
                    let client: Client

                    func embed(_ text: String) async throws -> ClientResponse {
                        try await client.post("https://api.openai.com/v1/embeddings") { request in
                            try request.content.encode(["model": "text-embedding-3-small", "input": text])
                        }
                    }
                }
                """, path: "Sources/App/EmbeddingService.swift"),
            // go-chi's httprate limits every route registered after it.
            DetectorExample("""
                package main

                import (
                \t"net/http"
                \t"time"

                \t"github.com/go-chi/chi/v5"
                \t"github.com/go-chi/httprate"
                \topenai "github.com/sashabaranov/go-openai"
                )

                var client = openai.NewClient("")

                func main() {
                \tr := chi.NewRouter()
                \tr.Use(httprate.LimitByIP(20, time.Minute))
                \tr.Post("/api/summarize", func(w http.ResponseWriter, req *http.Request) {
                \t\tclient.CreateChatCompletion(req.Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t})
                \thttp.ListenAndServe(":8080", r)
                }
                """, path: "main.go"),
            // Flask: a request hook that aborts without a signed-in user, and Flask-Limiter's default limits.
            DetectorExample("""
                from flask import Flask, abort, session
                from openai import OpenAI

                app = Flask(__name__)
                client = OpenAI()

                @app.before_request
                def require_login():
                    if "user_id" not in session:
                        abort(401)

                @app.post("/complete")
                def complete():
                    return client.responses.create(model="gpt-4.1-mini", input="hi").output_text
                """, path: "web/app.py"),
            DetectorExample("""
                from flask import Flask, request
                from flask_limiter import Limiter
                from flask_limiter.util import get_remote_address
                from openai import OpenAI

                app = Flask(__name__)
                limiter = Limiter(get_remote_address, app=app, default_limits=["50 per hour"])
                client = OpenAI()

                @app.post("/complete")
                def complete():
                    return client.responses.create(model="gpt-4.1-mini", input=request.json["q"]).output_text
                """, path: "web/app.py"),
            DetectorExample("""
                from typing import Annotated
                from fastapi import Depends, FastAPI
                from openai import OpenAI
                from app.auth import User, get_current_active_user

                app = FastAPI()
                client = OpenAI()

                @app.post("/summarize")
                def summarize(text: str, user: Annotated[User, Depends(get_current_active_user)]):
                    return client.responses.create(model="gpt-4.1-mini", input=text).output_text
                """, path: "app/main.py"),
            DetectorExample("""
                import OpenAI from "openai"
                import { withAuth } from "@/lib/auth"

                const openai = new OpenAI()

                export const POST = withAuth(async (req: Request) => {
                  const { prompt } = await req.json()
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] })
                  return Response.json(r.choices[0].message)
                })
                """, path: "app/api/complete/route.ts"),
            DetectorExample("""
                "use server"

                import OpenAI from "openai"
                import { auth } from "@/auth"

                const openai = new OpenAI()

                export async function summarize(formData: FormData) {
                  const session = await auth()
                  if (!session?.user) throw new Error("Not signed in")
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: String(formData.get("text")) }] })
                  return r.choices[0].message.content
                }
                """, path: "app/actions/summarize.ts"),
            DetectorExample("""
                import OpenAI from "openai"

                const openai = new OpenAI()

                // Not a server action module: a helper only server code imports.
                export async function summarize(text: string) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: text }] })
                  return r.choices[0].message.content
                }
                """, path: "lib/summarize.ts"),
            DetectorExample("""
                from fastapi import FastAPI, Request, HTTPException
                from openai import OpenAI
                from slack_sdk.signature import SignatureVerifier

                app = FastAPI()
                client = OpenAI()
                verifier = SignatureVerifier(signing_secret=SLACK_SIGNING_SECRET)

                @app.post("/slack/events")
                async def slack_events(request: Request):
                    body = await request.body()
                    if not verifier.is_valid_request(body, dict(request.headers)):
                        raise HTTPException(status_code=400)
                    event = (await request.json())["event"]
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": event["text"]}])
                    return {"text": r.choices[0].message.content}
                """, path: "app/slack.py"),
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
                class SummariesController < ApplicationController
                  before_action :authenticate_user!, except: :ping
                  skip_before_action :authenticate_user!, only: %i[ping]

                  def ping
                    head :ok
                  end

                  def create
                    client = OpenAI::Client.new
                    render json: client.chat(parameters: { model: "gpt-4o", messages: [{ role: "user", content: params[:text] }] })
                  end
                end
                """, path: "app/controllers/summaries_controller.rb"),
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
        let reached = ReachCalls.of(file, context: context)
        guard let lexed = analysis.lexed ?? reached.lexed, let facts = reached.facts else { return [] }
        var finder = HandlerFinder(lexed: lexed, path: file.path)
        let handlers = finder.handlers()
        guard !handlers.isEmpty else { return [] }
        let index = context.codeIndex(for: file)
        let reaches = CallReaches(index: index, facts: facts, known: reached.reaches)
        var fileGuard: String?  // project-wide, asked lazily: most files have no paid handler
        var fileGuardKnown = false
        var registrations: [AppWideRegistration]?  // this file's app-wide middleware, read when first needed
        var findings: [Finding] = []
        for handler in handlers {
            let lines = lexed.tokens[handler.statement.lowerBound].line...lexed.tokens[handler.statement.upperBound].line
            // Where the change touches the handler, asked first: a handler it leaves alone is not followed further.
            let line: Int?
            if file.adds(lines.lowerBound) {
                line = lines.lowerBound
            } else if let changed = file.firstAddedLine(in: lines) {
                line = changed
            } else if let deletion = file.firstDeletion(within: lines) {
                // Lines deleted from the handler, nothing added (a guard taken out): reported where they were.
                line = deletion
            } else {
                line = nil
            }
            guard let line,
                  let reach = paidReach(of: handler, analysis: analysis, facts: facts, lexed: lexed, reaches: reaches)
            else { continue }
            let messaging = context.providers.first { $0.id == reach.provider }?.kind == .messaging
            // Found when first needed: a file none of whose handlers reaches a paid call is never asked for its guards.
            if finder.guardTokens == nil { finder.guardTokens = facts.guardTokens }
            let guards = handlerGuards(handler, finder: finder, facts: facts, reaches: reaches, rateLimitMatters: messaging)
            // Settled by the handler's own guards (authenticated, and only messaging needs a rate limit too): the
            // file-wide guards, which read the project's middleware and mounts, are asked only for the others.
            if guards.rateLimit || (guards.auth && !messaging) { continue }
            if registrations == nil { registrations = finder.appWideRegistrations() }
            var wideGuard = handler.allowsAnonymous ? nil : registrations?.first { finder.covers(handler, by: $0) }?.guardName
            if wideGuard == nil, !handler.allowsAnonymous {
                if !fileGuardKnown {
                    fileGuard = self.fileGuard(file: file, facts: facts, index: index)
                    fileGuardKnown = true
                }
                wideGuard = fileGuard
                // A Spring route the security configuration permits to all (`.requestMatchers(…).permitAll()`).
                if wideGuard != nil, [.java, .kotlin].contains(lexed.language), let path = handler.path,
                   index.springPermitsAll(path)
                {
                    wideGuard = nil
                }
            }
            let rateLimited = guards.rateLimit || (wideGuard.map(HandlerFinder.isRateLimitWord) ?? false)
            let authenticated = guards.auth || wideGuard != nil
            if rateLimited || (authenticated && !messaging) { continue }
            var finding: Finding
            if authenticated {
                // SMS pumping: an authenticated account can still send thousands of paid messages.
                finding = Finding(
                    rule: description.id, category: description.category, path: file.path, line: line,
                    message: "\(handler.name) sends paid messages (\(reach.provider)) with no rate limit: \(reach.chain)",
                    provider: reach.provider, evidence: String("\(handler.name) → \(reach.chain)".prefix(160)), tier: .high,
                    action: .requireApproval)
            } else {
                finding = .paid(
                    description, file: file, line: line, column: nil,
                    message: "\(handler.name) reaches a paid call (\(reach.provider)) with no authentication or rate limiting: \(reach.chain)",
                    provider: reach.provider, evidence: "\(handler.name) → \(reach.chain)")
            }
            finding.chain = reach.hops.isEmpty ? nil : reach.signature
            findings.append(finding)
        }
        return findings
    }

    /// What a handler reaches: a paid call in its body, or a function (of this file or another) that makes one.
    private func paidReach(
        of handler: HTTPHandler, analysis: FileAnalysis, facts: FileFacts, lexed: LexedSource, reaches: CallReaches
    ) -> PaidReach?
    {
        if let site = analysis.sites.first(where: { handler.body.contains($0.token) }) {
            return PaidReach(provider: site.provider, hops: [], leaf: site.evidence.leafText, background: nil, repeats: false)
        }
        if let (_, reach) = reaches.first(in: handler.body, where: { !$0.paid.isEmpty }),
           let paid = reach.paid.first
        {
            return paid
        }
        for call in referencedFunctions(in: handler.body, facts: facts, lexed: lexed) + controllerActions(in: handler.body, lexed: lexed) {
            if let paid = reaches.index.reach(of: call, in: facts).paid.first { return paid }
        }
        return nil
    }

    /// The names a route registration passes as arguments of its own (`protect` in `router.post("/x", protect,
    /// async (req, res) => …)`), as calls: only the registration's top-level arguments are read, stepping over
    /// the handler's body.
    private func middlewareArguments(of handler: HTTPHandler, lexed: LexedSource) -> [CallFact] {
        guard lexed.token(handler.body.lowerBound, isPunctuation: Byte.openParen) else { return [] }
        var result: [CallFact] = []
        var index = handler.body.lowerBound + 1
        while index < handler.body.upperBound {
            let token = lexed.tokens[index]
            if token.kind == .punctuation, lexed.partner[index] > index {
                index = lexed.partner[index] + 1
                continue
            }
            if token.kind == .identifier, lexed.token(index - 1, isPunctuation: Byte.comma),
               lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeParen)
            {
                result.append(CallFact(
                    name: lexed.text(index), receiver: [], token: index, line: token.line, column: token.column,
                    firstArgument: nil))
            }
            index += 1
        }
        return result
    }

    /// Laravel's controller actions named as handlers, `Route::post('/chat', [ChatController::class, 'store'])`, as
    /// calls of the method on the class, so what the action reaches counts.
    private func controllerActions(in body: ClosedRange<Int>, lexed: LexedSource) -> [CallFact] {
        guard lexed.language == .php else { return [] }
        return body.compactMap { index in
            guard index + 4 < lexed.tokens.count, lexed.tokens[index].kind == .identifier, lexed.token(index + 1, is: "::"),
                  lexed.token(index + 2, is: "class"), lexed.token(index + 3, isPunctuation: Byte.comma),
                  lexed.tokens[index + 4].kind == .string
            else { return nil }
            let token = lexed.tokens[index]
            return CallFact(
                name: lexed.text(index + 4), receiver: [lexed.text(index)], token: index, line: token.line,
                column: token.column, firstArgument: nil)
        }
    }

    /// Functions passed by name as the handler (`post(chat)`, `use: create`, `app.post("/x", handler)`), as
    /// calls, so what they reach counts.
    private func referencedFunctions(in body: ClosedRange<Int>, facts: FileFacts, lexed: LexedSource) -> [CallFact] {
        body.compactMap { index in
            guard index < lexed.tokens.count, lexed.tokens[index].kind == .identifier,
                  lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma),
                  lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma)
                    || lexed.token(index - 1, isPunctuation: Byte.colon) || lexed.token(index - 1, isPunctuation: Byte.dot)
            else { return nil }
            let token = lexed.tokens[index]
            return CallFact(
                name: lexed.text(index), receiver: lexed.token(index - 1, isPunctuation: Byte.dot)
                    ? FactExtractor.receiverChain(lexed, before: index) : [],
                token: index, line: token.line, column: token.column, firstArgument: nil)
        }
    }

    /// Guards on the handler itself: in its statement, decorators, class or enclosing route group, in what it
    /// calls (`requireUser()`, `getServerProfile()` in another file), or inherited from its base class.
    ///
    /// The rate limit is looked for only when it matters (`rateLimitMatters`: the handler sends paid messages);
    /// otherwise it is false, and the first guard found settles the handler.
    private func handlerGuards(
        _ handler: HTTPHandler, finder: HandlerFinder, facts: FileFacts, reaches: CallReaches, rateLimitMatters: Bool
    ) -> (auth: Bool, rateLimit: Bool) {
        let index = reaches.index
        let groups = finder.enclosingGroupHeaders(of: handler.statement.lowerBound)
        var auth = false
        var rateLimit = false
        var settled: Bool { auth && (rateLimit || !rateLimitMatters) }
        // Route groups and routes name their middleware as strings: `Route::middleware(['auth:sanctum'])->group(…)`,
        // `Route::post(…)->middleware('throttle:60,1')`.
        for range in groups + (finder.lexed.language == .php ? handler.guardRanges.prefix(1) : []) where finder.containsGuardString(range) {
            auth = true
            if rateLimitMatters, finder.containsGuardString(range, rateLimitOnly: true) { rateLimit = true }
        }
        func judge(_ range: ClosedRange<Int>) {
            guard finder.containsGuard(range) else { return }
            auth = true
            if rateLimitMatters, !rateLimit, finder.containsRateLimit(range) { rateLimit = true }
        }
        for range in handler.guardRanges + groups where !settled { judge(range) }
        // The receiver's assignment last: finding it reads every token before the handler.
        if !settled, let receiver = finder.receiverAssignment(of: handler.statement.lowerBound) { judge(receiver) }
        if auth { return (auth, rateLimit) }
        if let (call, _) = reaches.first(in: handler.body, where: { $0.isGuard }) {
            return (true, HandlerFinder.isRateLimitWord(call.name))
        }
        // Middleware passed by name, from another file: `router.post("/complete", protect, handler)`.
        for call in middlewareArguments(of: handler, lexed: finder.lexed) where index.reach(of: call, in: facts).isGuard {
            return (true, HandlerFinder.isRateLimitWord(call.name))
        }
        if !handler.allowsAnonymous,
           let container = facts.containers.filter({ $0.tokens.contains(handler.statement.lowerBound) })
            .min(by: { $0.tokens.count < $1.tokens.count }),
           !handler.skipsInheritedGuards, let inherited = index.inheritedGuard(ofClass: container.name, in: facts)
        {
            return (true, HandlerFinder.isRateLimitWord(inherited))
        }
        // A NestJS route of a controller that opts other routes out of the app's global guard (`@Public()`): this
        // one is behind it unless its own decorators opt it out too.
        if handler.isNestRoute, !finder.hasNestOptOut(handler),
           let global = index.nestGlobalGuard(forRouteOfController: finder.path)
        {
            return (true, HandlerFinder.isRateLimitWord(global))
        }
        return (false, false)
    }

    /// A guard for every handler of the file from elsewhere in the project: where the file is mounted, Next.js
    /// middleware, or framework-wide security configuration (app-wide middleware of the file itself is judged
    /// handler by handler, `HandlerFinder.covers`).
    private func fileGuard(file: SourceFile, facts: FileFacts, index: CodeIndex) -> String? {
        if let middleware = index.middlewareGuard(forRouteFile: file.path) { return middleware }
        if let mount = index.mountGuard(forFile: file.path, bytes: file.bytes) { return mount }
        if let group = index.routeGroupGuard(forRouteFile: file.path) { return group }
        return index.projectGuard(for: facts.language)
    }
}

/// What each call of a file reaches, asked of the index once per detection: a handler's calls are followed for
/// its paid reach, then again for its guards.
private final class CallReaches {
    let index: CodeIndex
    let facts: FileFacts
    /// By the call's position in `facts.calls` (one call per token): an array, not a table hashed tens of
    /// thousands of times per change.
    private var known: [CallReach?]

    /// `known`: the reaches already asked of these facts' calls (`ReachCalls.reaches`), by position; a reach is a
    /// pure function of the call and the facts, so they are the answers asking again would give.
    init(index: CodeIndex, facts: FileFacts, known: [CallReach?]) {
        self.index = index
        self.facts = facts
        self.known = known.count == facts.calls.count ? known : [CallReach?](repeating: nil, count: facts.calls.count)
    }

    /// The reach of each call whose token lies in `span`, in order, until `stop` returns true for one: that
    /// call and its reach, or nil. A reach known already is neither copied back nor is its call copied out.
    func first(in span: ClosedRange<Int>, where stop: (CallReach) -> Bool) -> (CallFact, CallReach)? {
        let calls = facts.calls(in: span)
        for position in calls.indices {
            let reach: CallReach
            if let asked = known[position] {
                reach = asked
            } else {
                reach = index.reach(of: calls[position], in: facts)
                known[position] = reach
            }
            if stop(reach) { return (calls[position], reach) }
        }
        return nil
    }
}

/// An HTTP handler: its statement (registration through end), body, and where guards may be declared.
struct HTTPHandler {
    var name: String
    var statement: ClosedRange<Int>
    var body: ClosedRange<Int>
    var guardRanges: [ClosedRange<Int>]
    /// The class skips its base's guards (`skip_before_action`), so inherited guards do not count.
    var skipsInheritedGuards = false
    /// The route's path where the registration names it (`app.post("/api/chat", …)`).
    var path: String? = nil
    /// A NestJS controller method (`@Post("generate")`), which the app's global guard covers.
    var isNestRoute = false
    /// The route opts out of authentication (ASP.NET's `[AllowAnonymous]`, `.AllowAnonymous()`): its class's,
    /// app's and project's guards do not cover it.
    var allowsAnonymous = false
}

/// Middleware registered for an app, a router or a group rather than for one route (`app.use(requireAuth)`,
/// `app.add_middleware(…)`, `@app.before_request`), and which of the file's handlers it covers.
struct AppWideRegistration {
    enum Scope {
        /// Every handler of the file.
        case file
        /// None by itself: it guards the receiver it is assigned to.
        case none
        /// The handlers registered inside these tokens (a group's closure).
        case inside(ClosedRange<Int>)
        /// The handlers registered in the same block (or at top level when -1), under the path prefix when it
        /// names one, and only after the registration where the framework runs middleware in order.
        /// `receiver` is the registration's receiver (`app` of `app.use(…)`); `perRouter` when a framework keeps
        /// middleware per router object (Go's).
        case sameBlock(Int, pathPrefix: String?, afterOnly: Bool, receiver: String?, perRouter: Bool)
    }

    var callee: Int
    /// "rate limit" when it limits the rate, else the callee's name.
    var guardName: String
    var scope: Scope
}

/// Finds HTTP handlers and guards per framework.
struct HandlerFinder {
    let lexed: LexedSource
    let path: String
    /// The file's guard tokens when known (`FileFacts.guardTokens`, ascending: the tokens `containsGuard` holds
    /// for alone, as `CatalogueLeafRecognizer.guardTokens` finds them): a range is then judged by a binary search
    /// instead of reading each of its tokens again.
    var guardTokens: [Int]?

    init(lexed: LexedSource, path: String) {
        self.lexed = lexed
        self.path = path
    }

    static let routeMethodNames = [
        "get", "post", "put", "patch", "delete", "all", "route", "GET", "POST", "PUT", "PATCH", "DELETE", "Get",
        "Post", "Put", "Patch", "Delete", "Any", "HandleFunc", "Handle", "MapGet", "MapPost", "MapPut", "MapPatch",
        "MapDelete", "Match",
    ]
    static let routeMethods = WordSet(routeMethodNames)
    /// The shapes of `routeMethodNames`: nearly every identifier of a file is turned away by a few bit tests,
    /// before the tokens around it are read.
    static let routeMethodEnds = WordEnds(routeMethodNames.map { Array($0.utf8) })
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
        "UseAuthorization", "UseRateLimiter", "register", "addHook", "Group", "group", "Limiter", "NinjaAPI",
        "Application",
    ])

    func handlers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        switch lexed.language.family {
        case .cLike: result = routeCalls() + annotatedMethods() + expressionBodiedActions() + nextRoutes() + trpcProcedures()
        case .python:
            // A DRF `@api_view` in `views.py` is both a decorated route and a Django view: one endpoint, one finding.
            let decorated = pythonDecoratedRoutes()
            let bodies = Set(decorated.map(\.body.lowerBound))
            result = decorated + djangoViews().filter { !bodies.contains($0.body.lowerBound) }
        case .ruby: result = railsActions() + sinatraRoutes()
        }
        return result
    }

    // MARK: C-like

    private func routeCalls() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        let routeMethodEnds = HandlerFinder.routeMethodEnds
        for index in tokens.indices where tokens[index].kind == .identifier {
            let token = tokens[index]
            // The name's shape first: it rejects nearly every identifier without reading the tokens around it.
            guard routeMethodEnds.mayContain(lexed.bytes, token.start..<token.end),
                  lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::")
                    || lexed.token(index - 1, is: "->"),
                  HandlerFinder.routeMethods.contains(lexed.bytes[token.start..<token.end]),
                  lexed.partner[index + 1] > index
            else { continue }
            let close = lexed.partner[index + 1]
            let first = index + 2
            // Vapor: `routes.post("chat") { req in … }` or `routes.post("chat", use: create)`, paths without a slash.
            let trailingClosure = lexed.language == .swift && lexed.token(close + 1, isPunctuation: Byte.openBrace)
                && lexed.partner[close + 1] > close
            // An absolute URL is an outgoing request (`client.post("https://api.openai.com/…") { req in … }`).
            let vaporRoute = lexed.language == .swift && tokens[first].kind == .string
                && (trailingClosure || (first + 2 < close && lexed.token(first + 2, is: "use")))
                && !lexed.text(first).contains("://")
            // Go 1.22's patterns name the method: `mux.HandleFunc("POST /api/chat", …)`.
            let methodPattern = tokens[first].kind == .string ? HandlerFinder.methodPattern(lexed.text(first)) : nil
            let isRoute = lexed.token(index, is: "route") || lexed.token(index, is: "Route") || vaporRoute
                || methodPattern != nil
                || (tokens[first].kind == .string && tokens[first].end > tokens[first].start
                    && lexed.bytes[tokens[first].start] == Byte.slash)
            guard isRoute else { continue }
            // Guards chained after the registration: `.RequireAuthorization()`, `.RequireRateLimiting(…)`.
            var end = trailingClosure ? lexed.partner[close + 1] : close
            // PHP chains with `->`: `Route::post(…)->middleware('throttle:60,1')`.
            while lexed.token(end + 1, isPunctuation: Byte.dot) || lexed.token(end + 1, is: "->"),
                  lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end
            {
                end = lexed.partner[end + 3]
            }
            var start = index
            while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "::"),
                  tokens[start - 2].kind == .identifier
            {
                start -= 2
            }
            let path = methodPattern?.path ?? (tokens[first].kind == .string ? lexed.text(first) : nil)
            // ASP.NET's `MapPost` and Go's `HandleFunc("POST /…")` are reported by the method they serve.
            var method = methodPattern?.method ?? lexed.text(index).uppercased()
            if method.hasPrefix("MAP"), method.count > 3 { method.removeFirst(3) }
            result.append(HTTPHandler(
                name: method + (path.map { " " + $0 } ?? ""), statement: start...end,
                body: (index + 1)...(trailingClosure ? end : close),
                guardRanges: [start...end] + referencedFunctions(in: (index + 1)...close), path: path,
                allowsAnonymous: (close...end).contains { lexed.token($0, is: "AllowAnonymous") }))
        }
        return result
    }

    /// tRPC procedures anyone may call: `previewTitle: publicProcedure.input(…).mutation(async ({ input }) => …)`.
    /// A procedure built on another (`protectedProcedure`, `adminProcedure`: `t.procedure.use(isAuthed)`) runs
    /// the middleware that defines it, which is what such procedures are made for; only the public ones (and the
    /// bare `t.procedure`) are endpoints without a guard of their own.
    private func trpcProcedures() -> [HTTPHandler] {
        // A file that names no procedure has none (most files: one pass over the bytes turns them away).
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.procedureWord) else { return [] }
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            // The name's length first (5, 8 or 12 bytes), then the tokens around it, then its bytes: most identifiers
            // are turned away by the first test.
            let length = tokens[index].end - tokens[index].start
            guard length == 5 || length == 8 || length == 12,
                  lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.token(index, is: "mutation") || lexed.token(index, is: "query") || lexed.token(index, is: "subscription"),
                  lexed.partner[index + 1] > index
            else { continue }
            // Back along the chain (`.input(…)`, `.use(…)`, `.meta(…)`) to the procedure it starts from.
            var root = index - 2
            while root >= 0, lexed.token(root, isPunctuation: Byte.closeParen), lexed.partner[root] >= 2,
                  lexed.tokens[lexed.partner[root] - 1].kind == .identifier, lexed.token(lexed.partner[root] - 2, isPunctuation: Byte.dot)
            {
                root = lexed.partner[root] - 3
            }
            guard root >= 0, lexed.tokens[root].kind == .identifier else { continue }
            let procedure = lexed.text(root)
            let isPublic = procedure == "procedure" || procedure == "baseProcedure"
                || (procedure.hasSuffix("Procedure") && procedure.lowercased().hasPrefix("public"))
            guard isPublic else { continue }
            var start = root
            while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), lexed.tokens[start - 2].kind == .identifier { start -= 2 }
            let key = lexed.token(start - 1, isPunctuation: Byte.colon) && start >= 2 && lexed.tokens[start - 2].kind == .identifier
                ? " " + lexed.text(start - 2) : ""
            let close = lexed.partner[index + 1]
            result.append(HTTPHandler(
                name: "tRPC \(lexed.text(index))\(key)", statement: start...close, body: (index + 1)...close,
                guardRanges: [start...close]))
        }
        return result
    }

    private static let procedureWord = Array("procedure".utf8)

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
            // Opted out of authentication (ASP.NET `[AllowAnonymous]`, Micronaut `@Secured(SecurityRule.IS_ANONYMOUS)`,
            // `@PermitAll`), on the method or on its class when the method sets nothing of its own: only what its
            // body checks guards it.
            let containerHeader: Range<Int>? = block.parent >= 0 && lexed.blocks[block.parent].kind == .container
                ? lexed.statementSpan(of: block.parent).lowerBound..<lexed.blocks[block.parent].openToken : nil
            let anonymous = header.contains(where: isAnonymousOptOut)
                || (containerHeader?.contains(where: isAnonymousOptOut) ?? false
                    && !header.contains { lexed.token($0, is: "Secured") || lexed.token($0, is: "RolesAllowed") || lexed.token($0, is: "Authorize") })
            var guards = [anonymous ? lexed.span(of: index) : lexed.statementSpan(of: index)]
            if !anonymous, block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                let container = lexed.blocks[block.parent]
                guards.append(container.headerStart...container.openToken)
            }
            let name = (block.nameRange.map { lexed.text($0) } ?? "handler") + " (@\(lexed.text(mapping)))"
            // Spring: the class's `@RequestMapping("/api")` and the method's `@PostMapping("/chat")`.
            var path: String?
            if [.java, .kotlin].contains(lexed.language) {
                let own = firstString(after: mapping, before: block.openToken)
                var prefix: String?
                if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                    let container = lexed.blocks[block.parent]
                    let header = lexed.statementSpan(of: block.parent).lowerBound..<container.openToken
                    if let mapping = header.first(where: { lexed.token($0, is: "RequestMapping") }) {
                        prefix = firstString(after: mapping, before: container.openToken)
                    }
                }
                if own != nil || prefix != nil { path = "/" + [prefix, own].compactMap { $0 }.flatMap { $0.split(separator: "/") }.joined(separator: "/") }
            }
            result.append(HTTPHandler(
                name: name, statement: lexed.statementSpan(of: index), body: lexed.span(of: index), guardRanges: guards,
                path: path, isNestRoute: lexed.language.isJavaScriptLike && lexed.token(mapping - 1, isPunctuation: Byte.at),
                allowsAnonymous: anonymous))
        }
        return result
    }

    /// ASP.NET actions written as expression bodies, which are no blocks: `[HttpPost] public async
    /// Task<IActionResult> Create(string text) => Ok(await _chat.CompleteChatAsync(text));`.
    private func expressionBodiedActions() -> [HTTPHandler] {
        guard lexed.language == .csharp else { return [] }
        var result: [HTTPHandler] = []
        let count = lexed.tokens.count
        var index = 0
        while index < count {
            defer { index += 1 }
            guard lexed.tokens[index].kind == .identifier, lexed.token(index - 1, isPunctuation: Byte.openBracket),
                  HandlerFinder.mappingAnnotations.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
            else { continue }
            let attributes = index - 1
            // Past this attribute list and any that follow it (`[AllowAnonymous]`), to the method's parameters.
            var cursor = attributes
            while lexed.token(cursor, isPunctuation: Byte.openBracket), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
            var anonymous = false
            for attribute in attributes..<cursor where lexed.token(attribute, is: "AllowAnonymous") { anonymous = true }
            while cursor < count, !lexed.token(cursor, isPunctuation: Byte.openParen), !lexed.token(cursor, isPunctuation: Byte.openBrace),
                  !lexed.token(cursor, isPunctuation: Byte.semicolon)
            {
                cursor += 1
            }
            guard cursor < count, lexed.token(cursor, isPunctuation: Byte.openParen), lexed.tokens[cursor - 1].kind == .identifier,
                  lexed.partner[cursor] > cursor, lexed.token(lexed.partner[cursor] + 1, is: "=>")
            else { continue }
            let name = cursor - 1
            let arrow = lexed.partner[cursor] + 1
            // The body runs to the statement's semicolon, stepping over what its brackets hold.
            var end = arrow + 1
            while end < count, !lexed.token(end, isPunctuation: Byte.semicolon) {
                end = lexed.tokens[end].kind == .punctuation && lexed.partner[end] > end ? lexed.partner[end] + 1 : end + 1
            }
            guard end < count else { continue }
            var guards = [attributes...end]
            let block = lexed.tokens[attributes].block
            if !anonymous, block >= 0, lexed.blocks[block].kind == .container {
                guards.append(lexed.blocks[block].headerStart...lexed.blocks[block].openToken)
            }
            result.append(HTTPHandler(
                name: "\(lexed.text(name)) (@\(lexed.text(index)))", statement: attributes...end, body: arrow...end,
                guardRanges: guards, allowsAnonymous: anonymous))
            index = end
        }
        return result
    }

    private func nextRoutes() -> [HTTPHandler] {
        let isAppRoute = (path.hasSuffix("/route.ts") || path.hasSuffix("/route.js") || path.hasSuffix("/route.tsx")
                || path.hasSuffix("/route.mjs"))
            && (path.hasPrefix("app/") || HandlerFinder.path(path, contains: "/app/"))
        let isPagesAPI = path.hasPrefix("pages/api/") || HandlerFinder.path(path, contains: "/pages/api/")
        // A module of server actions (`"use server"` at its top): each exported function is a POST endpoint any
        // client can call, whatever page imports it.
        let isServerActions = lexed.language.isJavaScriptLike && lexed.tokens.first.map { first in
            first.kind == .string && lexed.bytes[first.start..<first.end].elementsEqual("use server".utf8)
        } ?? false
        guard isAppRoute || isPagesAPI || isServerActions else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == -1 {
            let statement = lexed.statementSpan(of: index)
            let header = statement.lowerBound..<block.openToken
            let isHandler: Bool
            if isServerActions {
                isHandler = header.contains { lexed.token($0, is: "export") }
            } else if isAppRoute {
                isHandler = block.nameRange.map { HandlerFinder.nextMethods.contains(lexed.bytes[$0]) } ?? false
            } else {
                isHandler = header.contains { lexed.token($0, is: "default") }
                    || block.nameRange.map { lexed.bytes[$0].elementsEqual("handler".utf8) } ?? false
            }
            guard isHandler else { continue }
            let name = block.nameRange.map { lexed.text($0) } ?? "handler"
            let label = isServerActions ? "server action \(name) in \(path)" : "\(name) \(path)"
            result.append(HTTPHandler(name: label, statement: statement, body: statement, guardRanges: [statement]))
        }
        if isPagesAPI {
            // The default export's wrapper guards the handler it is handed (`export default withApiAuthRequired(handler)`).
            for exported in pagesDefaultExport() {
                if let known = result.firstIndex(where: { $0.statement == exported.statement }) {
                    result[known].guardRanges += exported.guardRanges
                } else {
                    result.append(exported)
                }
            }
        }
        // A function declared under one method and exported under another too is one handler.
        if isAppRoute {
            let declared = result.map(\.statement)
            result += exportedNextRoutes().filter { !declared.contains($0.statement) }
        }
        return result
    }

    /// App-router handlers exported other than as a function declaration or an arrow function assigned directly
    /// (those are read above): through a wrapper, `export const POST = withLogging(async (req) => { … })` (wrappers
    /// nested, or `export const GET = auth(async function GET(req) { … })`), or by name, `export const POST = handler`,
    /// `export const POST = withAuth(handler)` and `export { handler as POST }`. A wrapper call is part of the
    /// handler's statement, so a guard it names or reaches counts, and a function it is handed by name is followed for
    /// the paid call (as `app.post("/x", handler)` is); a function exported under a method's name is the handler.
    private func exportedNextRoutes() -> [HTTPHandler] {
        // By statement: a function exported under two methods (`export { handler as GET, handler as POST }`) is one
        // handler, named for both.
        var result: [(methods: [String], handler: HTTPHandler)] = []
        func add(_ method: String, _ handler: HTTPHandler) {
            if let known = result.firstIndex(where: { $0.handler.statement == handler.statement }) {
                result[known].methods.append(method)
                result[known].handler.guardRanges += handler.guardRanges
            } else {
                result.append(([method], handler))
            }
        }
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].block == -1 && lexed.token(index, is: "export") {
            if lexed.token(index + 1, isPunctuation: Byte.openBrace) {
                for (method, handler) in exportList(openingAt: index + 1) { add(method, handler) }
                continue
            }
            let value = index + 4
            guard value < tokens.count, lexed.token(index + 1, is: "const") || lexed.token(index + 1, is: "let"),
                  isNextMethod(index + 2), lexed.token(index + 3, isPunctuation: Byte.equals),
                  tokens[value].kind == .identifier,
                  !["async", "function", "new", "await"].contains(where: { lexed.token(value, is: $0) })
            else { continue }
            let callee = dottedNameEnd(from: value)
            let method = lexed.text(index + 2)
            if let call = argumentList(after: callee) {
                let statement = index...max(callee + 1, lexed.blocks[call].endToken)
                add(method, HTTPHandler(name: "", statement: statement, body: statement, guardRanges: [statement]))
            } else if callee == value, let function = topLevelFunction(named: value) {
                let statement = lexed.statementSpan(of: function)
                add(method, HTTPHandler(
                    name: "", statement: statement, body: statement, guardRanges: [statement, index...value]))
            }
        }
        return result.map { methods, handler in
            var handler = handler
            handler.name = "\(methods.joined(separator: "/")) \(path)"
            return handler
        }
    }

    /// A pages-router API file's default export when it is not a function declaration (read above): a wrapper call,
    /// `export default withSentry(async function chat(req, res) { … })` (the statement is the handler), or a function of
    /// the file by name, bare or handed to a wrapper (`export default withApiAuthRequired(handler)`: the function,
    /// guarded by the export statement too).
    private func pagesDefaultExport() -> [HTTPHandler] {
        let tokens = lexed.tokens
        guard let export = tokens.indices.first(where: { index in
            tokens[index].block == -1 && lexed.token(index, is: "export") && lexed.token(index + 1, is: "default")
        }), export + 2 < tokens.count, tokens[export + 2].kind == .identifier,
            !["async", "function", "class"].contains(where: { lexed.token(export + 2, is: $0) })
        else { return [] }
        let callee = dottedNameEnd(from: export + 2)
        guard let call = argumentList(after: callee) else {
            guard callee == export + 2, let function = topLevelFunction(named: callee) else { return [] }
            let statement = lexed.statementSpan(of: function)
            return [HTTPHandler(name: "handler \(path)", statement: statement, body: statement, guardRanges: [statement])]
        }
        let statement = export...lexed.blocks[call].endToken
        if lexed.blocks.contains(where: { $0.kind == .function && statement.contains($0.openToken) }) {
            return [HTTPHandler(name: "handler \(path)", statement: statement, body: statement, guardRanges: [statement])]
        }
        // The functions handed to the wrapper, not the wrapper itself (a local `withLogging` is no handler). From the
        // `(`: a file cut off right after it leaves the list without another token.
        return (callee + 1...statement.upperBound).compactMap { index in
            guard tokens[index].kind == .identifier, let function = topLevelFunction(named: index) else { return nil }
            let declared = lexed.statementSpan(of: function)
            return HTTPHandler(
                name: "handler \(path)", statement: declared, body: declared, guardRanges: [declared, statement])
        }
    }

    /// The handlers of `export { handler as POST, … }`: each function of the file exported under a method's name,
    /// with the method.
    private func exportList(openingAt open: Int) -> [(method: String, handler: HTTPHandler)] {
        var result: [(String, HTTPHandler)] = []
        var cursor = open + 1
        while cursor + 2 < lexed.tokens.count, !lexed.token(cursor, isPunctuation: Byte.closeBrace) {
            if lexed.token(cursor + 1, is: "as"), isNextMethod(cursor + 2), let function = topLevelFunction(named: cursor) {
                let statement = lexed.statementSpan(of: function)
                let handler = HTTPHandler(name: "", statement: statement, body: statement, guardRanges: [statement])
                result.append((lexed.text(cursor + 2), handler))
            }
            cursor += 1
        }
        return result
    }

    /// The last token of the dotted name starting at identifier `start` (`withAuth`, `limiter.wrap`).
    private func dottedNameEnd(from start: Int) -> Int {
        var end = start
        while end + 2 < lexed.tokens.count, lexed.token(end + 1, isPunctuation: Byte.dot),
              lexed.tokens[end + 2].kind == .identifier
        {
            end += 2
        }
        return end
    }

    /// The argument list a call opens right after token `callee`, as a block index.
    private func argumentList(after callee: Int) -> Int? {
        guard lexed.token(callee + 1, isPunctuation: Byte.openParen) else { return nil }
        return lexed.blocks.firstIndex { $0.openToken == callee + 1 }
    }

    /// Whether token `index` is one of the method names the app router exports handlers under.
    private func isNextMethod(_ index: Int) -> Bool {
        guard index < lexed.tokens.count, lexed.tokens[index].kind == .identifier else { return false }
        return HandlerFinder.nextMethods.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
    }

    /// The top-level function named as token `name` is (`function handler(…) {`, `const handler = async (…) => {`).
    private func topLevelFunction(named name: Int) -> Int? {
        let wanted = lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]
        return lexed.blocks.indices.first { index in
            let block = lexed.blocks[index]
            guard block.kind == .function, block.parent == -1, let range = block.nameRange else { return false }
            return lexed.bytes[range].elementsEqual(wanted)
        }
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
            // `include Authentication` is judged by what the module declares (the index resolves it), not by
            // its name: a concern called Authentication may hold only helpers.
            var includeLines = Set<Int>()
            let classLevel = span.filter { index in
                guard lexed.tokens[index].block == containerIndex else { return false }
                if lexed.tokens[index].firstOnLine, lexed.token(index, is: "include") { includeLines.insert(lexed.tokens[index].line) }
                return !includeLines.contains(lexed.tokens[index].line)
            }
            // Each declaration line's scope (`only:`/`except:`), and the skips among them.
            var scopes: [Int: RailsCallbackScope] = [:]
            var skips: [RailsCallbackScope] = []
            for index in classLevel where lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
                let declaration = RailsCallbackScope.declaration(startingAt: index, in: lexed)
                let scope = RailsCallbackScope.of(declaration, in: lexed)
                for token in declaration { scopes[lexed.tokens[token].line] = scope }
                if lexed.token(index, is: "skip_before_action") { skips.append(scope) }
            }
            for (index, block) in lexed.blocks.enumerated()
            where block.kind == .function && block.parent == containerIndex && block.openToken < privateStart {
                let name = block.nameRange.map { lexed.text($0) } ?? "action"
                // A skip of the action's callbacks voids the class's guards for it (which one it skips is not
                // matched by name: the safe side); a guard declared `only:` other actions is not its guard.
                let skipsGuard = skips.contains { $0.applies(to: name) }
                let classGuards: [ClosedRange<Int>] = skipsGuard ? [] : classLevel.filter { token in
                    scopes[lexed.tokens[token].line]?.applies(to: name) ?? true
                }.map { $0...$0 } + [container.headerStart...container.openToken]
                let statement = lexed.statementSpan(of: index)
                result.append(HTTPHandler(
                    name: "action \(name)", statement: statement, body: statement,
                    guardRanges: [statement] + classGuards, skipsInheritedGuards: skipsGuard))
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

    /// App-wide middleware with an auth or rate-limit guard: `app.use(rateLimit(…))`, `r.Use(authMiddleware)`;
    /// the text of the guard, or nil.
    func appWideRegistrations() -> [AppWideRegistration] {
        let tokens = lexed.tokens
        let callees = HandlerFinder.appWideCallees
        var result: [AppWideRegistration] = []
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen),
                  callees.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  lexed.partner[index + 1] > index
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            // Flask-Limiter limits every route only with default limits: `Limiter(get_remote_address, app=app,
            // default_limits=["50 per hour"])`; without them it limits the routes it decorates.
            if lexed.token(index, is: "Limiter") {
                guard arguments.contains(where: { lexed.token($0, is: "default_limits") || lexed.token($0, is: "application_limits") })
                else { continue }
                result.append(AppWideRegistration(callee: index, guardName: "rate limit", scope: .file))
                continue
            }
            // Django Ninja's API-wide authentication, `NinjaAPI(auth=JWTAuth())` (not `auth=None`), and aiohttp's
            // `web.Application(middlewares=[auth_middleware])`: Python's, and only with those arguments.
            if lexed.token(index, is: "NinjaAPI") || lexed.token(index, is: "Application") {
                let ninja = lexed.token(index, is: "NinjaAPI")
                guard lexed.language.family == .python,
                      let argument = arguments.first(where: { argument in
                          (ninja ? lexed.token(argument, is: "auth") : lexed.token(argument, is: "middlewares"))
                              && lexed.token(argument + 1, isPunctuation: Byte.equals)
                      }),
                      !lexed.token(argument + 2, is: "None")
                else { continue }
            }
            guard containsGuard(arguments) else { continue }
            // A Fastify plugin registered for the app (`fastify.register(jwt, { secret })`) decorates it; only a rate
            // limiter registered so applies to every route by itself.
            if lexed.token(index, is: "register"), lexed.language.isJavaScriptLike, !containsRateLimit(arguments) { continue }
            result.append(AppWideRegistration(
                callee: index,
                guardName: containsRateLimit(arguments) ? "rate limit" : lexed.text(index),
                scope: registrationScope(callee: index, arguments: arguments)))
        }
        // Sinatra's `before do … halt 401 … end` filter runs before every route of its app.
        if lexed.language.family == .ruby {
            for (block, info) in lexed.blocks.enumerated() where info.openToken >= 1 {
                let open = info.openToken
                guard lexed.token(open - 1, is: "before") && (lexed.token(open, is: "do") || lexed.token(open, isPunctuation: Byte.openBrace))
                    || (lexed.token(open - 2, is: "before") && lexed.token(open, is: "do")),
                      containsGuard(open...lexed.span(of: block).upperBound)
                else { continue }
                result.append(AppWideRegistration(callee: open, guardName: "before filter", scope: .file))
            }
        }
        // Flask's request hooks run before every request of the app (or blueprint): `@app.before_request` over a
        // function that checks the session or the user and aborts with 401.
        if lexed.language.family == .python {
            for (block, info) in lexed.blocks.enumerated() where info.kind == .function && info.headerStart < info.openToken {
                let header = lexed.statementSpan(of: block).lowerBound..<info.openToken
                guard let hook = header.first(where: { lexed.token($0, is: "before_request") || lexed.token($0, is: "before_app_request") }),
                      lexed.token(hook - 1, isPunctuation: Byte.dot), containsGuard(info.openToken...lexed.statementSpan(of: block).upperBound)
                else { continue }
                result.append(AppWideRegistration(
                    callee: hook, guardName: lexed.text(hook), scope: .file))
            }
        }
        return result
    }

    /// Whether token `index` opts a route out of authentication.
    private func isAnonymousOptOut(_ index: Int) -> Bool {
        lexed.token(index, is: "AllowAnonymous") || lexed.token(index, is: "IS_ANONYMOUS") || lexed.token(index, is: "PermitAll")
    }

    /// The first string of an annotation's arguments (`@PostMapping(value = "/chat")`), if it has any before `end`.
    private func firstString(after annotation: Int, before end: Int) -> String? {
        guard lexed.token(annotation + 1, isPunctuation: Byte.openParen) else { return nil }
        let close = min(lexed.partner[annotation + 1], end)
        return (annotation + 2..<max(annotation + 2, close)).first { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
    }

    /// The method and path of a Go 1.22 route pattern (`"POST /api/chat"`), if the text is one.
    static func methodPattern(_ text: String) -> (method: String, path: String)? {
        guard let space = text.firstIndex(of: " ") else { return nil }
        let method = text[..<space]
        let path = text[text.index(after: space)...].drop { $0 == " " }
        guard !method.isEmpty, method.allSatisfy({ $0 >= "A" && $0 <= "Z" }), path.hasPrefix("/") else { return nil }
        return (String(method), String(path))
    }

    /// Whether a NestJS route's own decorators take it out of the app's global guard (`@Public()`).
    func hasNestOptOut(_ handler: HTTPHandler) -> Bool {
        let optOuts = HandlerFinder.nestOptOuts
        return handler.statement.contains { index in
            index < handler.body.lowerBound && lexed.tokens[index].kind == .identifier
                && lexed.token(index - 1, isPunctuation: Byte.at)
                && optOuts.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
        }
    }

    private static let nestOptOuts = WordSet(CodeIndex.nestOptOutDecorators)

    /// Which handlers middleware registered through `callee` covers, by how the frameworks apply it.
    private func registrationScope(callee: Int, arguments: ClosedRange<Int>) -> AppWideRegistration.Scope {
        let isUse = lexed.token(callee, is: "use") || lexed.token(callee, is: "Use")
        let isGroup = lexed.token(callee, is: "Group") || lexed.token(callee, is: "group")
        guard isUse || isGroup else { return .file }
        // The receiver chain's start: `app` of `app.use(…)`, `e` of `e.Group(…)`.
        var start = callee
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), lexed.tokens[start - 2].kind == .identifier {
            start -= 2
        }
        // Assigned (`g := e.Group("/api", echojwt.JWT(…))`, `const api = new Hono().use(auth)`): it guards the
        // routes registered on what it returns, which the route's receiver assignment tells (`receiverAssignment`).
        if lexed.language.family == .cLike, lexed.token(start - 1, isPunctuation: Byte.equals) {
            return .none
        }
        // `r.Group(func(r chi.Router) { r.Use(auth); r.Post(…) })`: the routes inside it.
        if isGroup { return .inside(arguments) }
        // Middleware given a path (`app.use("/admin", requireAuth)`, Hono's `app.use("/api/*", jwt(…))`) runs
        // for the routes under it only.
        var prefix: String?
        if lexed.tokens[arguments.lowerBound + 1].kind == .string {
            let path = lexed.text(arguments.lowerBound + 1)
            if path.hasPrefix("/") { prefix = path }
        }
        // Express, Koa and Hono run middleware in the order it was registered: a route registered before
        // `app.use(requireAuth)` is not behind it. Go routers are told apart by their receivers' blocks alone.
        let block = lexed.tokens[callee].block
        // Go routers keep their middleware per router: `authorized.Use(AuthRequired())` guards the routes of
        // `authorized` and of the groups made from it, not those of the engine beside it.
        let receiver = start == callee - 2 ? lexed.text(start) : nil
        return .sameBlock(
            block, pathPrefix: prefix, afterOnly: lexed.language.isJavaScriptLike, receiver: receiver,
            perRouter: lexed.language == .go)
    }

    /// Whether app-wide middleware guards `handler`.
    func covers(_ handler: HTTPHandler, by registration: AppWideRegistration) -> Bool {
        let route = handler.statement.lowerBound
        switch registration.scope {
        case .file: return true
        case .none: return false
        case .inside(let range): return range.contains(route)
        case .sameBlock(let block, let pathPrefix, let afterOnly, let receiver, let perRouter):
            let sameReceiver = receiver != nil && lexed.tokens[route].kind == .identifier && lexed.text(route) == receiver
            // Order, path and place are the route's own only on the app it is registered on: a router's routes run
            // behind what the app uses before mounting it (Koa's `app.use(jwt(…)); app.use(router.routes())`,
            // Express's `app.use("/api", router)`, an app made in a factory function), wherever they are written.
            if !perRouter, receiver != nil, !sameReceiver { return true }
            // Registered in a function or closure the route is not in (another router's setup).
            if block >= 0, !lexed.isToken(route, inside: block) { return false }
            if perRouter, let receiver, !sameReceiver {
                // Another router: covered only when it was made from this one (`v1 := r.Group("/v1")`).
                guard let assignment = receiverAssignment(of: route),
                      assignment.contains(where: { lexed.tokens[$0].kind == .identifier && lexed.text($0) == receiver })
                else { return false }
            }
            if afterOnly, registration.callee > route { return false }
            guard let pathPrefix, let path = handler.path else { return true }
            return HandlerFinder.path(path, isUnder: pathPrefix)
        }
    }

    /// Whether a route path lies under a middleware's path: `/admin` covers `/admin` and `/admin/users`, Hono's
    /// `/api/*` covers `/api/chat`.
    static func path(_ path: String, isUnder prefix: String) -> Bool {
        var prefix = Substring(prefix)
        while prefix.hasSuffix("*") || prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/")
    }

    /// Headers of the route groups around a token: `Route::middleware('auth')->group(function () {`,
    /// `r.Group(func(r chi.Router) {`, `app.grouped(User.authenticator()).group("chat") { chat in`.
    func enclosingGroupHeaders(of index: Int) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            var start = open
            let line = lexed.tokens[open].line
            while start > 0, lexed.tokens[start - 1].line == line { start -= 1 }
            result.append(start...open)
            block = lexed.blocks[block].parent
        }
        return result
    }

    /// The assignment of a route's receiver: `let protected = app.grouped(UserAuthenticator())` for
    /// `protected.post(…)`, `const api = new Hono().use(auth)` for `api.post(…)`.
    func receiverAssignment(of index: Int) -> ClosedRange<Int>? {
        guard lexed.tokens[index].kind == .identifier else { return nil }
        let name = lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]
        // Only the tokens before the route, each rejected on its length before its bytes are compared.
        for cursor in 0..<min(index, lexed.tokens.count) where lexed.tokens[cursor].kind == .identifier {
            let token = lexed.tokens[cursor]
            // `=`, or Go's `:=` (two tokens).
            guard token.end - token.start == name.count, lexed.bytes[token.start..<token.end].elementsEqual(name),
                  lexed.token(cursor + 1, isPunctuation: Byte.equals)
                    || (lexed.token(cursor + 1, isPunctuation: Byte.colon) && lexed.token(cursor + 2, isPunctuation: Byte.equals))
            else { continue }
            var end = cursor + 1
            while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == token.line { end += 1 }
            return cursor...end
        }
        return nil
    }

    /// Whether a range holds a middleware name string that guards: `'auth:sanctum'`, `"throttle:60,1"`.
    func containsGuardString(_ range: ClosedRange<Int>, rateLimitOnly: Bool = false) -> Bool {
        range.contains { index in
            guard index < lexed.tokens.count, lexed.tokens[index].kind == .string else { return false }
            let text = lexed.text(index).lowercased()
            if text.hasPrefix("throttle") { return true }
            return !rateLimitOnly && (text == "auth" || text.hasPrefix("auth:") || text.hasPrefix("can:") || text == "verified")
        }
    }

    /// Whether a range holds a rate limiter (not only authentication).
    func containsRateLimit(_ range: ClosedRange<Int>) -> Bool {
        let words = HandlerFinder.rateLimitWords
        let tokens = lexed.tokens
        // Each identifier read in place: a slice per token would retain and release the file's bytes.
        return lexed.bytes.withUnsafeBufferPointer { bytes in
            range.contains { index in
                guard index < tokens.count, tokens[index].kind == .identifier else { return false }
                return words.matches(bytes, tokens[index].start, tokens[index].end)
            }
        }
    }

    private static let rateLimitWords = FoldedWords(["ratelimit", "rate_limit", "limiter", "throttl", "slowapi", "rate limit", "httprate"])

    static func isRateLimitWord(_ word: String) -> Bool { isRateLimitWord(ArraySlice(word.utf8)) }

    /// Asked of every identifier of a guarded handler: compared in place, case-folded byte by byte.
    static func isRateLimitWord(_ word: ArraySlice<UInt8>) -> Bool { rateLimitWords.matches(word) }

    /// Whether `path` holds `needle` (ASCII), compared byte by byte rather than through Foundation's search.
    static func path(_ path: String, contains needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        let utf8 = Array(path.utf8)
        guard utf8.count >= count else { return false }
        let pointer = needle.utf8Start
        for start in 0...(utf8.count - count) where utf8[start] == pointer[0] {
            if (1..<count).allSatisfy({ utf8[start + $0] == pointer[$0] }) { return true }
        }
        return false
    }

    /// Whether `word`, lower-cased, holds `needle` (lower-case) at `start`.
    static func containsFolded(_ word: ArraySlice<UInt8>, _ needle: [UInt8], at start: Int) -> Bool {
        guard start + needle.count <= word.endIndex else { return false }
        for offset in 0..<needle.count where Byte.lower(word[start + offset]) != needle[offset] { return false }
        return true
    }

    /// Whether `word`, lower-cased, holds `needle` (lower-case) anywhere.
    static func containsFolded(_ word: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        var start = word.startIndex
        while start + needle.count <= word.endIndex {
            if containsFolded(word, needle, at: start) { return true }
            start += 1
        }
        return false
    }

    /// Whether any identifier in `range` names an auth or rate-limit guard, or the code answers 401/403.
    func containsGuard(_ range: ClosedRange<Int>) -> Bool {
        if let guardTokens {
            var low = 0
            var high = guardTokens.count
            while low < high {
                let middle = (low + high) / 2
                if guardTokens[middle] < range.lowerBound { low = middle + 1 } else { high = middle }
            }
            return low < guardTokens.count && guardTokens[low] <= range.upperBound
        }
        return containsGuardToken(range)
    }

    /// `containsGuard`, reading each token of the range: whether one of them is a guard on its own (a range holds
    /// a guard exactly when one of its tokens does).
    func containsGuardToken(_ range: ClosedRange<Int>) -> Bool {
        let words = HandlerFinder.guardWordTable
        let tokens = lexed.tokens
        return lexed.bytes.withUnsafeBufferPointer { bytes in
            for index in range where index < tokens.count {
                let token = tokens[index]
                if token.kind == .number, isUnauthorizedStatus(index) { return true }
                guard token.kind == .identifier else { continue }
                // `passport.initialize()` and `passport.session()` set Passport up; only `authenticate` checks.
                if lexed.token(index, is: "passport"), lexed.token(index + 1, isPunctuation: Byte.dot),
                   lexed.token(index + 2, is: "initialize") || lexed.token(index + 2, is: "session")
                {
                    continue
                }
                // Most identifiers hold no guard word's first two bytes: rejected in place, without a slice.
                if words.matches(bytes, token.start, token.end),
                   HandlerFinder.isGuardWord(lexed.bytes[token.start..<token.end], in: words)
                {
                    return true
                }
                // A bare `session` is a guard only where it is the request's session (`req.session`,
                // `session[…]`), not a variable that happens to hold, say, a Stripe checkout session.
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
    }

    /// Whether number token `index` is 401 or 403 (`lexed.integer`'s reading), without making a `String` of the
    /// usual all-digit token.
    private func isUnauthorizedStatus(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        var value = 0
        for byte in lexed.bytes[token.start..<token.end] where byte != UInt8(ascii: "_") {
            // Anything but digits (`4.01`, `0x191`, `401n`) is read as the lexer's text is.
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return lexed.integer(index).map { $0 == 401 || $0 == 403 } ?? false
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            if value > 403 { return false }
        }
        return value == 401 || value == 403
    }

    static let guardWords: [[UInt8]] = [
        "auth", "getsession", "serversession", "usesession", "session_user", "jwt", "passport", "clerk", "ratelimit", "rate_limit", "limiter", "throttl",
        "login_required", "loginrequired", "permission", "guard", "verify", "current_user", "currentuser",
        "require_user", "requireuser", "signed_in", "isauthenticated", "slowapi", "principal", "rolesallowed", "secured",
        // connect-ensure-login's `ensureLoggedIn()`, FastAPI's `get_current_active_user`, go-chi's httprate.
        "loggedin", "logged_in", "current_active_user", "currentactiveuser", "httprate",
        // Webhooks are guarded by their sender's signature: Slack's SignatureVerifier, Stripe's
        // webhooks.constructEvent, Twilio's validateRequest.
        "verifier", "constructevent", "validaterequest",
    ].map { Array($0.utf8) }

    private static let authorizationHeader = Array("authorization".utf8)

    /// Words that hold a guard word without being a check on the caller: tokens passed along, content filters
    /// (`applyGuardrails`, `safeguard`).
    static let notGuards: [[UInt8]] = [
        "authtoken", "auth_token", "sessions", "oauth2client", "guardrail", "safeguard",
        // Credentials set on an outgoing request (Spring's `headers.setBearerAuth(apiKey)`, Vapor's
        // `headers.bearerAuthorization = …`).
        "setbearerauth", "setbasicauth", "bearerauthorization",
    ].map { Array($0.utf8) }

    /// Guard words by their first two bytes, so most positions of an identifier are rejected by one lookup.
    private static let guardWordTable = FoldedWords(guardWords)

    /// Rejects, in one pass, files that mention no guard word of four bytes or more (the prefilter's minimum).
    static let guardPrefilter = KeywordPrefilter(guardWords.filter { $0.count >= 4 })
    /// The guard words too short for the prefilter (`jwt`), looked for in each identifier.
    static let shortGuardWords = guardWords.filter { $0.count < 4 }

    static func isGuardWord(_ word: ArraySlice<UInt8>) -> Bool { isGuardWord(word, in: guardWordTable) }

    /// `isGuardWord` with the table passed in: a loop over a range's tokens looks the table up once.
    private static func isGuardWord(_ word: ArraySlice<UInt8>, in words: FoldedWords) -> Bool {
        // Called for every identifier of every file the index reads: compared in place, never copied.
        func contains(_ needle: [UInt8]) -> Bool { containsFolded(word, needle) }
        guard words.matches(word) else { return false }
        // A configuration constant (`JWT_SECRET`, `AUTH_URL`, often an environment variable's name) names a
        // setting, not a check: the call it is handed to (`expressjwt(…)`, `jwt.verify(…)`) is the guard.
        if word.contains(UInt8(ascii: "_")), !word.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            return false
        }
        // A header passed along (`Authorization`, `headers: { authorization: … }` on an outgoing request), not a check.
        if word.count == authorizationHeader.count, containsFolded(word, authorizationHeader, at: word.startIndex) { return false }
        if notGuards.contains(where: contains) { return false }
        if contains(author) && !contains(authoriz) { return false }
        return true
    }

    private static let author = Array("author".utf8), authoriz = Array("authoriz".utf8)
}

/// Lower-case words looked for inside identifiers, in any case: each position of an identifier is first tested
/// against the set of the words' first two bytes (one bit of a 64 Kbit table), and only the few that pass are
/// compared byte by byte. Every word is at least two bytes long.
struct FoldedWords: Sendable {
    private let words: [[UInt8]]
    /// Bit `first << 8 | second` is set when a word starts with those two (lower-case) bytes.
    private let pairs: [UInt64]

    init(_ words: [String]) { self.init(words.map { Array($0.utf8) }) }

    init(_ words: [[UInt8]]) {
        self.words = words
        var pairs = [UInt64](repeating: 0, count: 1024)
        for word in words where word.count >= 2 {
            let pair = Int(word[0]) << 8 | Int(word[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        self.pairs = pairs
    }

    /// Whether `word`, lower-cased, holds one of the words anywhere.
    func matches(_ word: ArraySlice<UInt8>) -> Bool {
        word.withUnsafeBufferPointer { matches($0, 0, $0.count) }
    }

    /// Whether `bytes[start..<end]`, lower-cased, holds one of the words anywhere.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        return pairs.withUnsafeBufferPointer { pairs in
            var position = start
            var first = Int(Byte.lower(bytes[position]))
            while position + 1 < end {
                let second = Int(Byte.lower(bytes[position + 1]))
                let pair = first << 8 | second
                if pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0, matchesWord(startingWith: first, bytes, position, end) {
                    return true
                }
                first = second
                position += 1
            }
            return false
        }
    }

    /// Whether a word starting with byte `first` lies at `position`, before `end`.
    private func matchesWord(startingWith first: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int)
        -> Bool
    {
        for candidate in words where Int(candidate[0]) == first && position + candidate.count <= end {
            var offset = 1
            while offset < candidate.count, Byte.lower(bytes[position + offset]) == candidate[offset] { offset += 1 }
            if offset == candidate.count { return true }
        }
        return false
    }
}
