import GateCore

/// An HTTP handler, added or changed by the change, that reaches a paid call with no auth and no rate limit.
public struct UnprotectedEndpointDetector: Detector {
    public init() {}

    public var description: DetectorDescription { Self.documented }

    /// Built once: the endpoint judgement makes a detector for every file it judges, and the examples are long.
    private static let documented = DetectorDescription(
        id: "unprotected-endpoint", name: "Paid call behind an open endpoint", category: .unprotectedEndpoint,
        rationale: """
            An endpoint that proxies a paid API with neither authentication nor rate limiting lets anyone on the \
            internet spend the team's money; this is how $47K weekends happen. Reported on HTTP handlers the change \
            adds or edits (Express, Fastify, Koa, Hono, Next.js app and pages routers — handlers exported bare, \
            through a wrapper, by name or re-exported from another module — and server actions, in a module of them or declared inline, FastAPI, Flask (routes, `MethodView`s, Flask-RESTful and RESTX `Resource`s), Django and DRF, Tornado, Rails, Sinatra, Phoenix (controller actions, LiveView `mount`/`handle_params`/`handle_event` \
            callbacks, and the router's route lines, which reach the actions they name; an action no route names is no endpoint), Go \
            net/http, gin, echo, chi, Spring, JAX-RS/Quarkus, Micronaut, Ktor, ASP.NET, NestJS, Laravel, Symfony, CodeIgniter 4, \
            Litestar, Starlette, Grape, axum, Vapor, SvelteKit (`+server` methods, form actions, server `load`s), Nuxt/Nitro, Remix/React Router, Astro (endpoints, and pages rendered on demand: `output: "server"` or `prerender = false`), Next.js pages' `getServerSideProps` (not `getStaticProps`), Cloudflare \
            Workers and Pages, ASP.NET Core Razor Pages (page model handlers, `@page` views) and Blazor `@page` components, Rack apps a `config.ru` runs, Genkit flows (`onCallGenkit`, `startFlowServer`, `expressHandler`), Deno and Bun servers (Bun's `routes` table entry by entry), Lambda behind API Gateway (JavaScript and Python, Powertools and Chalice; one that reads only its payload's own keys, `event.prompt`, is invoked directly unless a deployment configuration routes HTTP to it), Netlify, Vercel and Firebase functions, \
            Azure Functions HTTP triggers — C# `[HttpTrigger]`, Node.js `app.http(…)` and v3 `function.json`, Python `@app.route` on a `FunctionApp` — \
            open at the `anonymous` authorization level and guarded by the function or admin key the others require), and \
            GraphQL resolvers, each an endpoint named by its operation (Apollo Server, graphql-yoga and Mercurius resolver maps, \
            TypeGraphQL and NestJS `@Resolver` methods, Pothos and Nexus fields, Strawberry, Graphene, Ariadne, graphql-ruby, \
            Lighthouse, gqlgen, Spring for GraphQL and DGS; guarded by checks of the context's caller, their decorators and \
            schema directives, and what the server does for every operation: a context function that throws without a caller, `if (!user) throw …` or a `catch` that throws when verifying the token failed), \
            reach a paid call — directly, or through functions of this or other files, resolved by import and \
            receiver — when no guard applies; and on handlers the change leaves alone that now reach one because \
            of it: a function they call, directly or through one more function, gains a paid call (`summarize()` \
            in lib/ calls OpenAI from this change on, and the unchanged route calling it is reported where it calls \
            it, or where it is registered when it is a function of its file handed to the router, in the changed file too: \
            `mux.HandleFunc("/p", preview)`; a Laravel route naming the controller action, `Route::post('/summaries', \
            [SummaryController::class, 'store'])`, on the route line; a paid call the change only edits was paid before, and is not), or that lose a guard because of it \
            (the change takes guard lines out of a function they call, out of a class they inherit from — a removed \
            `before_action :authenticate_user!` —, out of their own file — an `[Authorize]`, `@PreAuthorize`, \
            `#[IsGranted]`, `@login_required`, `@permission_classes` or `@UseGuards` taken off the handler or its \
            controller, each route reported only where the file as it was guarded it —, out of a server hook it edits: Next.js's \
            middleware, whose matcher it narrows, SvelteKit's `hooks.server.ts`, Nuxt's `server/middleware`, a Pages Functions \
            `_middleware` (a check deleted, a prefix narrowed from /api to /app; each route reported only where the hook as it was \
            guarded it) —, out of a Flask `before_request` hook of their blueprint, out of a tRPC procedure builder its procedures are built on (`protectedProcedure` whose \
            middleware throws no more, whose `.use(…)` is dropped, or made `publicProcedure`), or out of a \
            registration for the whole app: `app.use(requireAuth)` (also in a module deleted whole, imported for that side effect), a Fastify hook, a Laravel middleware group or \
            route group, DRF's default permission classes, FastAPI app or router dependencies, NestJS global guards, \
            each route reported only where the registration as it was guarded it; or adds a Spring `.permitAll()` \
            matcher, an ASP.NET `.AllowAnonymous()` or a Laravel `withoutMiddleware(…)` that opens them; or it empties a guard helper they \
            call or the app registers for its routes, which then refuses nobody). Guards count wherever they live: in the handler (a session \
            read by getServerSession or auth() and then checked, NextAuth's route wrapper `auth(async (req) => …)` only where the \
            handler tests the `req.auth` it attaches (or the `auth` it destructures, `async ({ auth }) => …`), WorkOS AuthKit's `withAuth()` only where the `user` it answers is tested \
            or it is told `ensureSignedIn: true`, current_user, a 401/403 answer, a 429 answered to the \
            caller; not a rate limiter's answer left unchecked, `const { remaining } = await ratelimit.limit(ip)`, Python's \
            `limiter.hit(item, key)` or `await ratelimit.limit(key)` dropped, nor a session field read in place and never tested, \
            `log(getAuth(req).userId)`, `(await auth()).userId` handed on) or a helper it calls (`requireUser()`, `getServerProfile()` in \
            another file; one of the project is judged by its body, not its name: one that only reads the session \
            and returns it guards where the handler checks what it returns), decorators and annotations (@login_required, @PreAuthorize, [Authorize], @UseGuards; not Spring's \
            `@PreAuthorize("permitAll()")` or `@Secured("IS_AUTHENTICATED_ANONYMOUSLY")`, which refuse nobody), \
            route and group middleware (`app.use(…)` here or where the router is mounted, or on an app shared by import that the routes are registered on, in the module making it or one the entry imports before the routes for that side effect, `import "./auth"`, not one that only loads who is signed in — Clerk's `clerkMiddleware()` for Express and Hono, express-jwt's `credentialsRequired: false`, koa-jwt's `passthrough: true`, Passport's `authenticate('anonymous')` or a chain ending in it, or naming a strategy the project registers to let everyone through (a passport-custom, passport-local or bearer strategy whose verify always answers `done(null, {…})` with a user it makes up) —; one given a path, `app.use("/api/*", jwt(…))`, only for the routes and the routers and Hono sub-apps mounted under it —, a Fastify plugin wrapped in \
            fastify-plugin whose request hook refuses callers, registered before the route's plugin, \
            `Route::middleware('auth')->group` (a controller group's routes naming their action alone, and resource routes, \
            reach that action of the controller) less the middleware a route or inner group excludes by name \
            (`->withoutMiddleware('auth:sanctum')`, `'excluded_middleware' => […]`), Laravel's `api`/`web` middleware groups in app/Http/Kernel.php or \
            bootstrap/app.php for routes/api.php and routes/web.php and for route files registered with middleware \
            in RouteServiceProvider or withRouting's `then:` or taken in by another route file inside a route group \
            (`require __DIR__.'/ai.php'`, `->group(base_path('routes/ai.php'))`), a Laravel controller's own `$this->middleware(…)` or static \
            `middleware()` for the actions it covers, Devise's `authenticate :user do` around a controller's routes in \
            config/routes.rb, CodeIgniter's route and group `filter` options and \
            app/Config/Filters.php `$globals` (less their `except` patterns) and `$filters` patterns, chi `r.Use`, gin's and Fiber's `Use` (and an Echo group's) for the routes added after it, FastAPI router or \
            `include_router` dependencies (not where another app includes the same router and guards nothing), axum layers (for the routes added before them, on the router or where a \
            router variable or function is nested), actix-web `wrap`s of the scope, tower_governor, Vapor `grouped(…)`, a Go group or router handed to the file's register \
            function, there or in another file of its package (`registerRoutes(api)` in main.go after `api := e.Group("/api", auth)`), \
            a guard wrapped around a whole Go router where its file serves or mounts it (`http.ListenAndServe(":8080", requireAPIKey(mux))`, \
            `handler := requireAPIKey(mux)`, alice's `alice.New(requireAPIKey).Then(mux)`, `root.Handle("/admin/", requireAPIKey(admin))`), \
            a tRPC procedure's builder (`protectedProcedure`) by the middleware it is declared with, in its own file (one that never throws \
            refuses nobody, like `publicProcedure`), ASP.NET conventions (`RequireAuthorization()`) on the group an extension method mapping routes is \
            called on and on a SignalR hub's `MapHub<…>()`, whose public methods are endpoints, an endpoint's \
            `.AllowAnonymous()` overriding its group's, Ktor `authenticate {}`/`rateLimit {}` around the route or where its route function is called, \
            Litestar guards (of the route, its controller, or a `Router(…)` or app listing it, in any file), Starlette and FastAPI app middleware classes whose `dispatch` or `__call__` refuses the caller (`Middleware(ApiKeyMiddleware)`, `app.add_middleware(…)`; not Starlette's AuthenticationMiddleware), Django Ninja `auth=` of the API, a router or an operation (`auth=None` declares one public), Starlette `@requires`, Sinatra `before` filters (one given a pattern, `before "/api/*"`, for the routes under it), Flask `before_request` hooks that turn the caller away (`abort(401)`, or a function handed over, `bp.before_request(require_api_key)`, or a check called, whose body does; not one that only loads `g.user` or logs, whatever it is named) for their blueprint's routes, in any file registering routes on it, and an app's (an app factory's) for the blueprints it registers, unless another app registers the blueprint with none, Grape `before` filters of the route's namespace, Phoenix pipelines a \
            route's scopes `pipe_through` that plug an authentication or rate-limit plug (`:require_authenticated_user`, \
            `Guardian.Plug.EnsureAuthenticated`, `Hammer.Plug`; `:fetch_current_user` only loads), function plugs named there, \
            `live_session` `on_mount` hooks and a controller's own `plug … when action in […]`, Symfony \
            `#[IsGranted]`), base controllers and the Rails concerns \
            they include (`before_action` minus `skip_before_action`, each for the actions its `only:`/`except:` \
            names), a Next.js \
            `middleware.ts` whose matcher covers the route (WorkOS AuthKit's `authkitMiddleware` only with `middlewareAuth: { enabled: \
            true }`, less its `unauthenticatedPaths`; NextAuth's `withAuth` or `auth` not where its `authorized` callback answers \
            `true` to all, `authorized: () => true`, and then only for what the middleware function it wraps turns away), SvelteKit `hooks.server.ts` (handles composed from other files \
            included) and, for a page's `load` that awaits `parent()`, the `+layout.server` loads above it, Nuxt server middleware and \
            Astro middleware for the paths they refuse, and a DRF view's own `get_permissions` for the actions it opens or guards (followed through `self.action` and \
            the request's method), framework-wide configuration (DRF default \
            permission classes, Django's `LoginRequiredMiddleware` or django-stronghold's in the settings module for the \
            Django, DRF and Ninja views that do not opt out with `@login_not_required`, `@login_exempt` or `@public`, Spring Security requiring authentication, ASP.NET fallback policy and global `AuthorizeFilter` (controllers), Symfony \
            security.yaml `access_control`, API Gateway authorizers, IAM, API keys and throttling that serverless.yml, SAM \
            templates or CDK stacks declare for a Lambda's handler, Quarkus HTTP permissions, Micronaut Security's deny-by-default, a Ktor \
            global rate limiter, nuxt-security's rate limiter). Authentication \
            or a rate limit, either one, protects the handler: an authenticated one (or a webhook verified by its signature) that sends SMS or \
            e-mail is no unprotected endpoint, its paid call still needs its sign-off as a paid call. The message \
            carries the chain to the paid call. A route line the change adds for an action or \
            view of another file that is an endpoint of its own — config/routes.rb (`post "summaries", to: \
            "summaries#create"`, `resources :summaries, only: [:create]` under its `namespace`), a Django URLconf \
            (`path("summarize/", views.summarize)`, `SummaryView.as_view()`, DRF's `router.register("notes", \
            NoteViewSet)` with every method the class declares), Flask's `add_url_rule(…, view_func=…)`, a Starlette \
            `Route(…)` — is judged by the guards that action or view has where it is defined, and the line's own \
            (`login_required(views.summarize)`); routes only re-ordered, or moved with the block around them, are not \
            new, and one moved out of `authenticate :user do` is.
            """,
        triggering: [
            // Azure Functions (.NET isolated worker): the HTTP trigger on the request parameter lets anyone in
            // (`AuthorizationLevel.Anonymous`).
            DetectorExample("""
                using Microsoft.Azure.Functions.Worker;
                using Microsoft.Azure.Functions.Worker.Http;
                using OpenAI.Chat;

                public class AskFunction
                {
                    private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    ↓[Function("Ask")]
                    public async Task<string> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "ask")] HttpRequestData req)
                    {
                        ChatCompletion answer = await _chat.CompleteChatAsync(await req.ReadAsStringAsync() ?? "");
                        return answer.Content[0].Text;
                    }
                }
                """, path: "Functions/AskFunction.cs"),
            // Azure Functions (Node.js v4): an HTTP function with no `authLevel` is anonymous.
            DetectorExample("""
                const { app } = require("@azure/functions");
                const OpenAI = require("openai");

                const openai = new OpenAI();

                ↓app.http("ask", {
                  methods: ["POST"],
                  handler: async (request) => {
                    const reply = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: await request.text() }] });
                    return { body: reply.choices[0].message.content };
                  },
                });
                """, path: "src/functions/ask.js"),
            // Azure Functions (Python v2): the app lets anonymous callers into the routes that set no level.
            DetectorExample("""
                import azure.functions as func
                from openai import OpenAI

                app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
                client = OpenAI()


                ↓@app.route(route="ask")
                def ask(req: func.HttpRequest) -> func.HttpResponse:
                    completion = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": req.params["q"]}])
                    return func.HttpResponse(completion.choices[0].message.content)
                """, path: "function_app.py"),
            // Firebase: a scheduled function in the file makes only itself background work; the HTTPS function beside it
            // answers anyone.
            DetectorExample("""
                import { onRequest } from "firebase-functions/v2/https";
                import { onSchedule } from "firebase-functions/v2/scheduler";
                import OpenAI from "openai";

                const openai = new OpenAI();

                export const digest = onSchedule("every day 07:00", async () => {
                  await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "digest" }] });
                });

                ↓export const chat = onRequest(async (req, res) => {
                  const reply = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(reply.choices[0].message);
                });
                """, path: "functions/src/index.ts"),
            // A Vercel Python function: the standard library's request handler, served at its file's path.
            DetectorExample("""
                from http.server import BaseHTTPRequestHandler

                from openai import OpenAI

                client = OpenAI()


                class handler(BaseHTTPRequestHandler):
                    ↓def do_POST(self):
                        text = self.rfile.read(int(self.headers["Content-Length"])).decode()
                        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                        self.send_response(200)
                        self.end_headers()
                        self.wfile.write(r.choices[0].message.content.encode())
                """, path: "api/summarize.py"),
            // Flask: a blueprint's request hook that only loads who is signed in turns nobody away.
            DetectorExample("""
                from flask import Blueprint, g, session
                from openai import OpenAI

                bp = Blueprint("ai", __name__, url_prefix="/ai")
                client = OpenAI()

                @bp.before_request
                def load_user():
                    g.user_id = session["user_id"] if "user_id" in session else None

                ↓@bp.post("/complete")
                def complete():
                    return client.responses.create(model="gpt-4.1-mini", input="hi").output_text
                """, path: "web/ai.py"),
            // A request hook handed over by name guards nothing when its function refuses nobody, whatever it is called.
            DetectorExample("""
                from flask import Blueprint, g, request
                from openai import OpenAI

                bp = Blueprint("ai", __name__, url_prefix="/ai")
                client = OpenAI()


                def require_api_key():
                    g.api_key = request.headers.get("X-API-Key")


                bp.before_request(require_api_key)

                ↓@bp.post("/complete")
                def complete():
                    return client.responses.create(model="gpt-4.1-mini", input="hi").output_text
                """, path: "web/ai.py"),
            // A Modal web endpoint gets a public URL.
            DetectorExample("""
                import modal

                app = modal.App("summarizer")


                ↓@app.function(secrets=[modal.Secret.from_name("openai")])
                @modal.fastapi_endpoint(method="POST")
                def summarize(item: dict):
                    from openai import OpenAI

                    r = OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": item["text"]}])
                    return {"summary": r.choices[0].message.content}
                """, path: "app_modal.py"),
            // A Django URLconf line the change adds for a view of views.py that calls OpenAI with no sign-in check.
            DetectorExample("""
                from django.urls import path

                from . import views

                urlpatterns = [
                    ↓path("summarize/", views.summarize, name="summarize"),
                ]
                """, path: "notes/urls.py", alongside: [
                    ("notes/views.py", """
                        from django.http import JsonResponse
                        from openai import OpenAI

                        client = OpenAI()


                        def summarize(request):
                            r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.POST["text"]}])
                            return JsonResponse({"summary": r.choices[0].message.content})
                        """),
                ]),
            // Django Ninja's `auth=None` declares the operation public, whatever the API's `auth=…` says.
            DetectorExample("""
                from ninja import NinjaAPI
                from openai import OpenAI
                from .auth import JWTAuth

                api = NinjaAPI(auth=JWTAuth())
                client = OpenAI()

                ↓@api.post("/demo", auth=None)
                def demo(request, text: str):
                    return client.responses.create(model="gpt-4.1-mini", input=text).output_text
                """, path: "app/api.py"),
            // A Sinatra before filter given a pattern runs only for the routes under it.
            DetectorExample("""
                require "sinatra"
                require "openai"

                before "/api/*" do
                  halt 401 unless request.env["HTTP_AUTHORIZATION"] == "Bearer #{ENV['API_TOKEN']}"
                end

                ↓post "/tags" do
                  OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] }).to_json
                end
                """, path: "app.rb"),
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
            // A server action declared inline in a page: callable by its id without the page rendering.
            DetectorExample("""
                import OpenAI from "openai"

                const openai = new OpenAI()

                export default function Page() {
                  ↓async function generate(formData: FormData) {
                    "use server"
                    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: String(formData.get("prompt")) }] })
                  }
                  return <form action={generate}><button>Generate</button></form>
                }
                """, path: "app/studio/page.tsx"),
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
            // Middleware given a list of paths guards the routes under them only.
            DetectorExample("""
                import express from "express";
                import { requireAuth } from "./auth";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use(["/admin", "/billing"], requireAuth);

                ↓app.post("/api/chat", async (req, res) => {
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
            // Middleware that loads who is signed in and refuses nobody: Clerk's `clerkMiddleware()` without
            // `requireAuth()`, express-jwt told `credentialsRequired: false`.
            DetectorExample("""
                import express from "express";
                import { clerkMiddleware } from "@clerk/express";
                import { expressjwt } from "express-jwt";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use(clerkMiddleware());
                app.use(expressjwt({ secret: process.env.JWT_SECRET!, algorithms: ["HS256"], credentialsRequired: false }));

                ↓app.post("/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json({ text: r.choices[0].message.content, user: req.auth?.sub ?? null });
                });
                """, path: "src/server.ts"),
            // NextAuth v5's route wrapper only attaches the session (`req.auth`): a handler that never tests it is open.
            DetectorExample("""
                import { openai } from "@ai-sdk/openai";
                import { streamText } from "ai";
                import { auth } from "@/auth";

                ↓export const POST = auth(async (req) => {
                  const { messages } = await req.json();
                  const result = streamText({ model: openai("gpt-4o"), messages, experimental_telemetry: { isEnabled: true, metadata: { user: req.auth?.user?.email ?? "anon" } } });
                  return result.toDataStreamResponse();
                });
                """, path: "app/api/chat/route.ts"),
            // A rate limiter asked and its answer never checked limits nobody.
            DetectorExample("""
                import OpenAI from "openai";
                import { ratelimit } from "@/lib/ratelimit";

                const openai = new OpenAI();

                ↓export async function POST(req: Request) {
                  const { remaining } = await ratelimit.limit(req.headers.get("x-forwarded-for") ?? "anonymous");
                  console.log("remaining", remaining);
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: await req.text() }] });
                  return Response.json(r.choices[0].message);
                }
                """, path: "app/api/chat/route.ts"),
            // The `limits` package's answer dropped: `hit` says False for a caller over the limit and refuses nobody.
            DetectorExample("""
                from fastapi import FastAPI, Request
                from limits import parse, storage, strategies
                from openai import OpenAI

                app = FastAPI()
                client = OpenAI()
                limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
                per_minute = parse("10/minute")


                ↓@app.post("/summarize")
                def summarize(request: Request, text: str):
                    limiter.hit(per_minute, "summarize", request.client.host)
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return {"summary": r.choices[0].message.content}
                """, path: "app/main.py"),
            // Clerk's user id read in place and only logged; passport-anonymous lets every request through.
            DetectorExample("""
                \(Self.expressClerkApp)
                ↓app.post("/complete", async (req, res) => {
                  console.log("completion for", getAuth(req).userId);
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });

                ↓app.post("/rewrite", passport.authenticate(["jwt", "anonymous"], { session: false }), async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.text }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/server.js"),
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
            // chi: a jwtauth configuration (`jwtauth.New`) handed to a handler constructor checks nothing, and the
            // constructor's parameter of its type applies nothing: only `r.Use(jwtauth.Verifier(…))` does.
            DetectorExample("""
                package main

                import (
                \t"net/http"

                \t"github.com/go-chi/chi/v5"
                \t"github.com/go-chi/jwtauth/v5"
                \topenai "github.com/sashabaranov/go-openai"
                )

                var (
                \ttokenAuth = jwtauth.New("HS256", []byte("secret"), nil)
                \tclient    = openai.NewClient("")
                )

                func chatHandler(ja *jwtauth.JWTAuth) http.HandlerFunc {
                \treturn func(w http.ResponseWriter, r *http.Request) {
                \t\tclient.CreateChatCompletion(r.Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t}
                }

                func main() {
                \tr := chi.NewRouter()
                \t↓r.Post("/chat", chatHandler(tokenAuth))
                \thttp.ListenAndServe(":3000", r)
                }
                """, path: "main.go"),
            // FastAPI: including a router module already in the tree, whose route calls OpenAI unguarded, opens it.
            DetectorExample("""
                from fastapi import FastAPI

                from app.routers import chat

                app = FastAPI()
                ↓app.include_router(chat.router, prefix="/api")
                """, path: "app/main.py", base: """
                from fastapi import FastAPI

                app = FastAPI()
                """, alongside: [UnprotectedEndpointDetector.fastAPIChatRouter]),
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
            // gin and Fiber hand a router's middleware to the routes added after `Use`, not to those added before.
            DetectorExample("""
                package main

                import (
                \t"github.com/gin-gonic/gin"
                \topenai "github.com/sashabaranov/go-openai"
                )

                func main() {
                \tr := gin.Default()
                \tclient := openai.NewClient("")
                \t↓r.POST("/summarize", func(c *gin.Context) {
                \t\tresp, _ := client.CreateChatCompletion(c, openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t\tc.JSON(200, resp)
                \t})
                \tr.Use(AuthRequired())
                \tr.Run()
                }
                """, path: "main.go"),
            // A DRF view's own `get_permissions` lets anyone call the actions it names.
            DetectorExample("""
                from openai import OpenAI
                from rest_framework import viewsets
                from rest_framework.permissions import AllowAny, IsAuthenticated
                from rest_framework.response import Response

                client = OpenAI()


                class ArticleViewSet(viewsets.ViewSet):
                    def get_permissions(self):
                        if self.action in ("list", "summarize"):
                            return [AllowAny()]
                        return [IsAuthenticated()]

                    ↓def summarize(self, request):
                        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.data["text"]}])
                        return Response({"summary": r.choices[0].message.content})
                """, path: "articles/views.py"),
            // A Laravel controller group names the action alone.
            DetectorExample("""
                <?php

                use App\\Http\\Controllers\\ChatController;
                use Illuminate\\Support\\Facades\\Route;

                Route::controller(ChatController::class)->group(function () {
                    ↓Route::post('/chat', 'complete');
                });
                """, path: "routes/web.php", alongside: [
                    ("app/Http/Controllers/ChatController.php", """
                        <?php

                        namespace App\\Http\\Controllers;

                        use OpenAI\\Laravel\\Facades\\OpenAI;

                        class ChatController extends Controller
                        {
                            public function complete()
                            {
                                return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => request('prompt')]]]);
                            }
                        }
                        """),
                ]),
            // A route of an auth group that excludes the group's guard (`withoutMiddleware`) is open.
            DetectorExample("""
                <?php

                use Illuminate\\Support\\Facades\\Route;
                use OpenAI\\Laravel\\Facades\\OpenAI;

                Route::middleware('auth:sanctum')->group(function () {
                    ↓Route::post('/demo/chat', function () {
                        return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => request('prompt')]]]);
                    })->withoutMiddleware('auth:sanctum');
                });
                """, path: "routes/api.php"),
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
            // Ktor: a route built bare in `routing { }`; the client's own `http.post("https://…") { }` is no route.
            DetectorExample("""
                package app

                import com.openai.client.okhttp.OpenAIOkHttpClient
                import io.ktor.server.application.*
                import io.ktor.server.request.*
                import io.ktor.server.response.*
                import io.ktor.server.routing.*

                val client = OpenAIOkHttpClient.fromEnv()

                fun Application.configureRouting() {
                    routing {
                        route("/api") {
                            ↓post("/chat") {
                                val reply = client.chat().completions().create(params(call.receiveText()))
                                call.respondText(reply.choices()[0].message().content().orElse(""))
                            }
                        }
                    }
                }
                """, path: "src/main/kotlin/app/Routing.kt"),
            // Nuxt: a file under server/api is a route (its method from its name) through its default export.
            DetectorExample("""
                import OpenAI from "openai"

                const openai = new OpenAI()

                ↓export default defineEventHandler(async (event) => {
                  const { messages } = await readBody(event)
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages })
                  return r.choices[0].message
                })
                """, path: "server/api/chat.post.ts"),
            // Starlette's AuthenticationMiddleware sets `request.user` for everyone and refuses nobody.
            DetectorExample("""
                from starlette.applications import Starlette
                from starlette.middleware import Middleware
                from starlette.middleware.authentication import AuthenticationMiddleware
                from starlette.responses import JSONResponse
                from starlette.routing import Route
                from openai import AsyncOpenAI

                from app.auth import TokenBackend

                client = AsyncOpenAI()

                ↓async def chat(request):
                    body = await request.json()
                    r = await client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])
                    return JSONResponse({"reply": r.choices[0].message.content})

                app = Starlette(
                    routes=[Route("/chat", endpoint=chat, methods=["POST"])],
                    middleware=[Middleware(AuthenticationMiddleware, backend=TokenBackend())],
                )
                """, path: "app/main.py"),
            // A Python Lambda that reads its request from an API Gateway event (no deployment config names an authorizer for it).
            DetectorExample("""
                import json
                from openai import OpenAI

                client = OpenAI()

                ↓def lambda_handler(event, context):
                    body = json.loads(event["body"])
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])
                    return {"statusCode": 200, "body": json.dumps({"reply": r.choices[0].message.content})}
                """, path: "functions/chat/app.py"),
            // An Astro page rendered on demand (`prerender = false`, or every page under `output: "server"`): its
            // frontmatter runs on every request.
            DetectorExample("""
                ---
                ↓export const prerender = false;
                import OpenAI from "openai";

                const openai = new OpenAI();
                const q = Astro.url.searchParams.get("q") ?? "";
                const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });
                ---
                <p>{r.choices[0].message.content}</p>
                """, path: "src/pages/ask.astro"),
            // A pages-router page's getServerSideProps runs on the server for every request of the page.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export default function Recipe({ recipe }) {
                  return <article>{recipe}</article>;
                }

                ↓export async function getServerSideProps({ params }) {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `Recipe for ${params.slug}` }] });
                  return { props: { recipe: r.choices[0].message.content } };
                }
                """, path: "pages/recipes/[slug].jsx"),
            // A SvelteKit server load runs on every GET of its page; reading `locals.session` checks nobody.
            DetectorExample("""
                import OpenAI from "openai";
                import type { PageServerLoad } from "./$types";

                const openai = new OpenAI();

                ↓export const load: PageServerLoad = async ({ params, locals }) => {
                  const r = await openai.chat.completions.create({
                    model: "gpt-4o-mini",
                    messages: [{ role: "user", content: `Describe ${params.topic}` }],
                  });
                  return { viewer: locals.session?.userId ?? null, description: r.choices[0].message.content };
                };
                """, path: "src/routes/topics/[topic]/+page.server.ts"),
            // Flask-RESTful: each HTTP method of a `Resource` is an endpoint, named by its `add_resource` path.
            DetectorExample("""
                from flask_restful import Resource, reqparse
                from openai import OpenAI

                from api.extensions import api

                client = OpenAI()

                class ChatMessageApi(Resource):
                    ↓def post(self):
                        parser = reqparse.RequestParser()
                        parser.add_argument("query", type=str, required=True)
                        query = parser.parse_args()["query"]
                        r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": query}])
                        return {"answer": r.choices[0].message.content}

                api.add_resource(ChatMessageApi, "/chat-messages")
                """, path: "api/controllers/chat.py"),
            // Tornado: a handler's `post`, through a base class of the same file; its sibling is `@authenticated`.
            DetectorExample("""
                import json
                import tornado.web
                from openai import AsyncOpenAI

                client = AsyncOpenAI()

                class BaseHandler(tornado.web.RequestHandler):
                    def get_current_user(self):
                        return self.get_secure_cookie("user")

                class ChatHandler(BaseHandler):
                    ↓async def post(self):
                        q = json.loads(self.request.body)["q"]
                        r = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
                        self.write({"answer": r.choices[0].message.content})

                class PrivateChatHandler(BaseHandler):
                    @tornado.web.authenticated
                    async def post(self):
                        q = json.loads(self.request.body)["q"]
                        r = await client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
                        self.write({"answer": r.choices[0].message.content})

                def make_app():
                    return tornado.web.Application([(r"/chat", ChatHandler), (r"/private/chat", PrivateChatHandler)])
                """, path: "server/handlers.py"),
            // A DRF view in a module not called views.py: the import says what it is.
            DetectorExample("""
                from rest_framework.response import Response
                from rest_framework.views import APIView
                from openai import OpenAI

                client = OpenAI()

                class ChatView(APIView):
                    ↓def post(self, request):
                        r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.data["q"]}])
                        return Response({"answer": r.choices[0].message.content})
                """, path: "chat/api.py"),
                    // actix-web's and Rocket's route attributes.
            DetectorExample("""
                use actix_web::{post, web, HttpResponse};
                use async_openai::{types::CreateChatCompletionRequestArgs, Client};

                ↓#[post("/chat")]
                async fn chat(body: web::Json<Prompt>) -> HttpResponse {
                    let request = CreateChatCompletionRequestArgs::default().model("gpt-4o-mini").build().unwrap();
                    HttpResponse::Ok().json(Client::new().chat().create(request).await.unwrap())
                }
                """, path: "src/routes.rs"),
            // A GraphQL resolver is an endpoint of its own: the server answers every operation on one route.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export const resolvers = {
                  Mutation: {
                    ↓summarize: async (_parent, { text }) => {
                      const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                      return r.choices[0].message.content;
                    },
                  },
                };
                """, path: "src/graphql/resolvers.ts"),
            DetectorExample("""
                import strawberry
                from openai import OpenAI

                client = OpenAI()


                @strawberry.type
                class Mutation:
                    ↓@strawberry.mutation
                    def summarize(self, text: str) -> str:
                        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                        return r.choices[0].message.content
                """, path: "app/graphql/mutations.py"),
            // A SignalR hub's public method: any client connected to the hub invokes it by name.
            DetectorExample("""
                using Microsoft.AspNetCore.SignalR;
                using OpenAI.Chat;

                public class ChatHub : Hub
                {
                    private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    ↓public async Task Ask(string question)
                    {
                        ChatCompletion answer = await _chat.CompleteChatAsync(question);
                        await Clients.Caller.SendAsync("answer", answer.Content[0].Text);
                    }
                }
                """, path: "Api/Hubs/ChatHub.cs"),
            // Phoenix: a controller action the router routes through a pipeline that only loads the user
            // (`plug :fetch_current_user`), and a route line moved out of the authenticated scope.
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  ↓def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                            plug :fetch_session
                            plug :fetch_current_user
                          end

                          scope "/api", NotesWeb do
                            pipe_through :api
                            post "/summaries", SummaryController, :create
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.Router do
                  use NotesWeb, :router

                  import NotesWeb.UserAuth

                  pipeline :api do
                    plug :accepts, ["json"]
                    plug :fetch_session
                    plug :fetch_current_user
                  end

                  scope "/api", NotesWeb do
                    pipe_through [:api, :require_authenticated_user]
                    get "/notes", NoteController, :index
                  end

                  scope "/api/public", NotesWeb do
                    pipe_through :api
                    ↓post "/summaries", SummaryController, :create
                  end
                end
                """, path: "lib/notes_web/router.ex",
                base: """
                defmodule NotesWeb.Router do
                  use NotesWeb, :router

                  import NotesWeb.UserAuth

                  pipeline :api do
                    plug :accepts, ["json"]
                    plug :fetch_session
                    plug :fetch_current_user
                  end

                  scope "/api", NotesWeb do
                    pipe_through [:api, :require_authenticated_user]
                    get "/notes", NoteController, :index
                    post "/summaries", SummaryController, :create
                  end

                  scope "/api/public", NotesWeb do
                    pipe_through :api
                  end
                end
                """, alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/controllers/summary_controller.ex", """
                        defmodule NotesWeb.SummaryController do
                          use NotesWeb, :controller

                          alias Notes.AI

                          def create(conn, %{"text" => text}) do
                            json(conn, %{summary: AI.summarize(text)})
                          end
                        end
                        """),
                ]),
            // A LiveView's event handler, in a live session whose hook only assigns the user.
            DetectorExample("""
                defmodule NotesWeb.NoteLive do
                  use NotesWeb, :live_view

                  def mount(_params, _session, socket), do: {:ok, assign(socket, summary: nil)}

                  ↓def handle_event("summarize", %{"text" => text}, socket) do
                    {:noreply, assign(socket, summary: Notes.AI.summarize(text))}
                  end
                end
                """, path: "lib/notes_web/live/note_live.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :browser do
                            plug :accepts, ["html"]
                            plug :fetch_session
                          end

                          scope "/", NotesWeb do
                            pipe_through :browser

                            live_session :default, on_mount: [{NotesWeb.UserAuth, :mount_current_user}] do
                              live "/notes", NoteLive, :index
                            end
                          end
                        end
                        """),
                ]),
            // Middleware of the project mounted with the router is judged by its body: `isAdminRequest` only notes
            // whether the caller is an admin and lets everyone through.
            DetectorExample("""
                const express = require("express");
                const OpenAI = require("openai");

                const statsRouter = express.Router();
                const openai = new OpenAI();

                ↓statsRouter.post("/insights", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.q }] });
                  res.json({ answer: r.choices[0].message.content });
                });

                module.exports = statsRouter;
                """, path: "routes/stats.js", alongside: [
                    ("middleware/roles.js", UnprotectedEndpointDetector.expressRoleMiddleware),
                    ("server.js", """
                        const express = require("express");
                        const { isAdminRequest } = require("./middleware/roles");
                        const statsRouter = require("./routes/stats");

                        const app = express();
                        app.use("/api/stats", isAdminRequest, statsRouter);
                        app.listen(5000);
                        """),
                ]),
        ],
        nonTriggering: [
            // A Python Lambda invoked directly (it reads its payload's own keys, and nothing routes HTTP to it): its
            // `statusCode` answer is habit, not API Gateway's contract.
            DetectorExample("""
                import json
                import boto3

                bedrock = boto3.client("bedrock-runtime")

                def lambda_handler(event, context):
                    prompt = event.get("prompt", "")
                    response = bedrock.invoke_model(modelId="anthropic.claude-3-haiku-20240307-v1:0", body=json.dumps({"prompt": prompt}))
                    return {"statusCode": 200, "body": response["body"].read().decode()}
                """, path: "lambdas/ask.py"),
            // The same in Node: the event's own keys (`event.prompt`) are a direct invocation's payload.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export const handler = async (event) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: event.prompt }] });
                  return { statusCode: 200, body: r.choices[0].message.content };
                };
                """, path: "lambda/ask/index.mjs"),
            // A pages-router page's getStaticProps runs at build time (and on revalidation), not per request.
            DetectorExample("""
                import OpenAI from "openai";

                const openai = new OpenAI();

                export default function Glossary({ text }) {
                  return <article>{text}</article>;
                }

                export async function getStaticProps() {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Write a glossary." }] });
                  return { props: { text: r.choices[0].message.content }, revalidate: 86400 };
                }
                """, path: "pages/glossary.jsx"),
            // Azure Functions: a function key the platform checks (`AuthorizationLevel.Function`, the attribute's
            // default too) guards the HTTP trigger.
            DetectorExample("""
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Azure.WebJobs;
                using Microsoft.Azure.WebJobs.Extensions.Http;
                using OpenAI.Chat;

                public static class SummarizeFunction
                {
                    private static readonly ChatClient Chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    [FunctionName("Summarize")]
                    public static async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post")] HttpRequest req)
                    {
                        ChatCompletion summary = await Chat.CompleteChatAsync(await new StreamReader(req.Body).ReadToEndAsync());
                        return new OkObjectResult(summary.Content[0].Text);
                    }
                }
                """, path: "SummarizeFunction.cs"),
            // Azure Functions (Python v2): `func.FunctionApp()` requires a function key unless told otherwise.
            DetectorExample("""
                import azure.functions as func
                from openai import OpenAI

                app = func.FunctionApp()
                client = OpenAI()


                @app.route(route="ask")
                def ask(req: func.HttpRequest) -> func.HttpResponse:
                    completion = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": req.params["q"]}])
                    return func.HttpResponse(completion.choices[0].message.content)
                """, path: "function_app.py"),
            // Authenticated is protected, whatever the handler sends: a signed-in caller's SMS view is no open
            // endpoint (its Twilio call is still a paid call needing sign-off).
            DetectorExample("""
                import os

                from django.contrib.auth.decorators import login_required
                from django.http import JsonResponse
                from twilio.rest import Client

                twilio = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])


                @login_required
                def send_verification(request):
                    twilio.messages.create(to=request.user.profile.phone, from_=os.environ["TWILIO_FROM"], body="Your code is 123456")
                    return JsonResponse({"sent": True})
                """, path: "accounts/views.py"),
            // Role-check middleware registered for the router: `isAdmin` answers 401 to anyone not an admin, judged by
            // its body where the project defines it.
            DetectorExample("""
                const express = require("express");
                const OpenAI = require("openai");
                const { isAdmin } = require("../middleware/roles");

                const adminRouter = express.Router();
                const openai = new OpenAI();
                adminRouter.use(isAdmin);

                adminRouter.post("/products/describe", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.name }] });
                  res.json({ description: r.choices[0].message.content });
                });

                module.exports = adminRouter;
                """, path: "routes/admin.js", alongside: [("middleware/roles.js", UnprotectedEndpointDetector.expressRoleMiddleware)]),
            // spatie/laravel-permission's `role:` middleware refuses callers without the role.
            DetectorExample("""
                <?php

                use Illuminate\\Http\\Request;
                use Illuminate\\Support\\Facades\\Route;
                use OpenAI\\Laravel\\Facades\\OpenAI;

                Route::middleware(['role:admin'])->group(function () {
                    Route::post('/captions', function (Request $request) {
                        return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $request->input('text')]]]);
                    });
                });
                """, path: "routes/web.php"),
            // Modal refuses requests to this endpoint without the workspace's proxy auth token.
            DetectorExample("""
                import modal

                app = modal.App("summarizer")


                @app.function(secrets=[modal.Secret.from_name("openai")])
                @modal.fastapi_endpoint(method="POST", requires_proxy_auth=True)
                def summarize(item: dict):
                    from openai import OpenAI

                    r = OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": item["text"]}])
                    return {"summary": r.choices[0].message.content}
                """, path: "app_modal.py"),
            // A net/http mux served whole through a middleware that answers 401 without the API key: it runs before
            // the mux picks any route.
            DetectorExample("""
                package main

                import (
                \t"net/http"
                \t"os"

                \topenai "github.com/sashabaranov/go-openai"
                )

                var client = openai.NewClient(os.Getenv("OPENAI_API_KEY"))

                func requireAPIKey(next http.Handler) http.Handler {
                \treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
                \t\tif r.Header.Get("X-API-Key") != os.Getenv("API_KEY") {
                \t\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)
                \t\t\treturn
                \t\t}
                \t\tnext.ServeHTTP(w, r)
                \t})
                }

                func main() {
                \tmux := http.NewServeMux()
                \tmux.HandleFunc("POST /api/summarize", func(w http.ResponseWriter, r *http.Request) {
                \t\tclient.CreateChatCompletion(r.Context(), openai.ChatCompletionRequest{Model: openai.GPT4oMini})
                \t})
                \thttp.ListenAndServe(":8080", requireAPIKey(mux))
                }
                """, path: "main.go"),
            // A config/routes.rb resource the change adds for a controller action that calls OpenAI, behind the base
            // controller's `before_action :authenticate_user!` (a new route, reported as paid-call-reach instead).
            DetectorExample("""
                Rails.application.routes.draw do
                  resources :summaries, only: [:create]
                end
                """, path: "config/routes.rb", alongside: [
                    ("app/controllers/application_controller.rb", """
                        class ApplicationController < ActionController::Base
                          before_action :authenticate_user!
                        end
                        """),
                    ("app/controllers/summaries_controller.rb", """
                        class SummariesController < ApplicationController
                          def create
                            response = OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [{ role: "user", content: params[:text] }] })
                            render json: { summary: response.dig("choices", 0, "message", "content") }
                          end
                        end
                        """),
                ]),
            // Phoenix: routes piped through an authenticating function plug or pipeline, an action its controller
            // guards, one no route reaches, a rate-limited pipeline, and a LiveView in an authenticated live session.
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                            plug :fetch_session
                            plug :fetch_current_user
                          end

                          scope "/api", NotesWeb do
                            pipe_through [:api, :require_authenticated_user]
                            post "/summaries", SummaryController, :create
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                          end

                          pipeline :auth do
                            plug Guardian.Plug.VerifyHeader
                            plug Guardian.Plug.EnsureAuthenticated
                          end

                          scope "/api", NotesWeb do
                            pipe_through [:api, :auth]
                            resources "/summaries", SummaryController, only: [:create]
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  plug :require_user when action in [:create]

                  def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                            plug :fetch_session
                            plug :fetch_current_user
                          end

                          scope "/api", NotesWeb do
                            pipe_through :api
                            post "/summaries", SummaryController, :create
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                            plug :fetch_session
                            plug :fetch_current_user
                          end

                          scope "/api", NotesWeb do
                            pipe_through :api
                            get "/notes", NoteController, :index
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.SummaryController do
                  use NotesWeb, :controller

                  alias Notes.AI

                  def create(conn, %{"text" => text}) do
                    json(conn, %{summary: AI.summarize(text)})
                  end
                end
                """, path: "lib/notes_web/controllers/summary_controller.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :api do
                            plug :accepts, ["json"]
                            plug Hammer.Plug, rate_limit: {"api", 60_000, 20}, by: :ip
                          end

                          scope "/api", NotesWeb do
                            pipe_through :api
                            post "/summaries", SummaryController, :create
                          end
                        end
                        """),
                ]),
            DetectorExample("""
                defmodule NotesWeb.NoteLive do
                  use NotesWeb, :live_view

                  def mount(_params, _session, socket), do: {:ok, assign(socket, summary: nil)}

                  def handle_event("summarize", %{"text" => text}, socket) do
                    {:noreply, assign(socket, summary: Notes.AI.summarize(text))}
                  end
                end
                """, path: "lib/notes_web/live/note_live.ex", alongside: [
                    UnprotectedEndpointDetector.phoenixPaidModule,
                    ("lib/notes_web/router.ex", """
                        defmodule NotesWeb.Router do
                          use NotesWeb, :router

                          import NotesWeb.UserAuth

                          pipeline :browser do
                            plug :accepts, ["html"]
                            plug :fetch_session
                          end

                          scope "/", NotesWeb do
                            pipe_through :browser

                            live_session :authenticated, on_mount: [{NotesWeb.UserAuth, :ensure_authenticated}] do
                              live "/notes", NoteLive, :index
                            end
                          end
                        end
                        """),
                ]),
            // A route of an auth group that excludes another middleware (CSRF verification) keeps the group's guard.
            DetectorExample("""
                <?php

                use App\\Http\\Middleware\\VerifyCsrfToken;
                use Illuminate\\Support\\Facades\\Route;
                use OpenAI\\Laravel\\Facades\\OpenAI;

                Route::middleware(['auth', 'verified'])->group(function () {
                    Route::post('/chat', function () {
                        return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => request('prompt')]]]);
                    })->withoutMiddleware(VerifyCsrfToken::class);
                });
                """, path: "routes/web.php"),
            // A SignalR hub authorized as a whole, and its private helper (no endpoint).
            DetectorExample("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.SignalR;
                using OpenAI.Chat;

                [Authorize]
                public class ChatHub : Hub
                {
                    private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                    public async Task Ask(string question) => await Clients.Caller.SendAsync("answer", await Complete(question));

                    private async Task<string> Complete(string question)
                    {
                        ChatCompletion answer = await _chat.CompleteChatAsync(question);
                        return answer.Content[0].Text;
                    }
                }
                """, path: "Api/Hubs/ChatHub.cs"),
            // A GraphQL resolver that refuses callers its context names nobody for, one whose permission classes
            // refuse them, and a GraphQL client's mutation (no resolver).
            DetectorExample("""
                import OpenAI from "openai";
                import { GraphQLError } from "graphql";

                const openai = new OpenAI();

                export const resolvers = {
                  Mutation: {
                    summarize: async (_parent, { text }, ctx) => {
                      if (!ctx.user) throw new GraphQLError("Sign in", { extensions: { code: "UNAUTHENTICATED" } });
                      const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] });
                      return r.choices[0].message.content;
                    },
                  },
                };
                """, path: "src/graphql/resolvers.ts"),
            DetectorExample("""
                import strawberry
                from openai import OpenAI

                from app.graphql.permissions import IsAuthenticated

                client = OpenAI()


                @strawberry.type
                class Mutation:
                    @strawberry.mutation(permission_classes=[IsAuthenticated])
                    def summarize(self, text: str) -> str:
                        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                        return r.choices[0].message.content
                """, path: "app/graphql/mutations.py"),
            DetectorExample("""
                import { gql, useMutation } from "@apollo/client";

                const SUMMARIZE = gql`
                  mutation Summarize($text: String!) {
                    summarize(text: $text)
                  }
                `;

                export function useSummarize() {
                  return useMutation(SUMMARIZE);
                }
                """, path: "src/hooks/useSummarize.ts"),
            // An extractor that authenticates the caller guards an actix-web route.
            DetectorExample("""
                use actix_web::{post, web, HttpResponse};
                use actix_web_httpauth::extractors::bearer::BearerAuth;
                use async_openai::{types::CreateChatCompletionRequestArgs, Client};

                #[post("/chat")]
                async fn chat(_auth: BearerAuth, body: web::Json<Prompt>) -> HttpResponse {
                    let request = CreateChatCompletionRequestArgs::default().model("gpt-4o-mini").build().unwrap();
                    HttpResponse::Ok().json(Client::new().chat().create(request).await.unwrap())
                }
                """, path: "src/routes.rs"),
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
            // Clerk's loading middleware followed by `requireAuth()`; a rate limiter whose answer is checked.
            DetectorExample("""
                import express from "express";
                import { clerkMiddleware, requireAuth } from "@clerk/express";
                import OpenAI from "openai";

                const app = express();
                const openai = new OpenAI();
                app.use(clerkMiddleware());
                app.use(requireAuth());

                app.post("/complete", async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/server.ts"),
            DetectorExample("""
                import OpenAI from "openai";
                import { ratelimit } from "@/lib/ratelimit";

                const openai = new OpenAI();

                export async function POST(req: Request) {
                  const { success } = await ratelimit.limit(req.headers.get("x-forwarded-for") ?? "anonymous");
                  if (!success) return new Response("Too many requests", { status: 429 });
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: await req.text() }] });
                  return Response.json(r.choices[0].message);
                }
                """, path: "app/api/chat/route.ts"),
            DetectorExample("""
                from fastapi import FastAPI, HTTPException, Request
                from limits import parse, storage, strategies
                from openai import OpenAI

                app = FastAPI()
                client = OpenAI()
                limiter = strategies.MovingWindowRateLimiter(storage.MemoryStorage())
                per_minute = parse("10/minute")


                @app.post("/summarize")
                def summarize(request: Request, text: str):
                    if not limiter.hit(per_minute, "summarize", request.client.host):
                        raise HTTPException(status_code=429, detail="Too many requests")
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
                    return {"summary": r.choices[0].message.content}
                """, path: "app/main.py"),
            DetectorExample("""
                \(Self.expressClerkApp)
                app.post("/complete", async (req, res) => {
                  if (!getAuth(req).userId) return res.status(401).json({ error: "Unauthenticated" });
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
                  res.json(r.choices[0].message);
                });

                app.post("/rewrite", passport.authenticate("jwt", { session: false }), async (req, res) => {
                  const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.text }] });
                  res.json(r.choices[0].message);
                });
                """, path: "src/server.js"),
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
            // Starlette's (and FastAPI's) app middleware whose `dispatch` or `__call__` answers 401, whatever its name.
            DetectorExample("""
                from openai import AsyncOpenAI
                from starlette.applications import Starlette
                from starlette.middleware import Middleware
                from starlette.middleware.base import BaseHTTPMiddleware
                from starlette.responses import JSONResponse
                from starlette.routing import Route

                client = AsyncOpenAI()

                class ApiKeyMiddleware(BaseHTTPMiddleware):
                    async def dispatch(self, request, call_next):
                        if request.headers.get("x-api-key") != "secret":
                            return JSONResponse({"detail": "unauthorized"}, status_code=401)
                        return await call_next(request)

                async def ask(request):
                    r = await client.responses.create(model="gpt-4.1-mini", input=(await request.json())["q"])
                    return JSONResponse({"a": r.output_text})

                app = Starlette(routes=[Route("/ask", ask, methods=["POST"])], middleware=[Middleware(ApiKeyMiddleware)])
                """, path: "app/main.py"),
            // Sinatra's before filter halts every unauthenticated request (one given a pattern, those under it).
            DetectorExample("""
                require "sinatra"
                require "openai"

                post "/api/tags" do
                  OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] }).to_json
                end

                before "/api/*" do
                  halt 401 unless request.env["HTTP_AUTHORIZATION"] == "Bearer #{ENV['API_TOKEN']}"
                end
                """, path: "app.rb"),
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
            // FastAPI: the include's own dependency refuses signed-out callers before the router's routes.
            DetectorExample("""
                from fastapi import Depends, FastAPI

                from app.auth import get_current_user
                from app.routers import chat

                app = FastAPI()
                app.include_router(chat.router, dependencies=[Depends(get_current_user)])
                """, path: "app/main.py", base: """
                from fastapi import FastAPI

                app = FastAPI()
                """, alongside: [UnprotectedEndpointDetector.fastAPIChatRouter, ("app/auth.py", """
                from fastapi import Depends, HTTPException
                from fastapi.security import OAuth2PasswordBearer

                oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")


                def get_current_user(token: str = Depends(oauth2_scheme)):
                    if token != "expected":
                        raise HTTPException(status_code=401)
                    return token
                """)]),
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
            // Flask: a hook handed over by name (`app.before_request(check_key)`) whose function aborts.
            DetectorExample("""
                import hmac
                import os

                from flask import Flask, abort, request
                from openai import OpenAI

                app = Flask(__name__)
                client = OpenAI()


                def check_key():
                    if not hmac.compare_digest(request.headers.get("X-API-Key", ""), os.environ["API_KEY"]):
                        abort(401)


                app.before_request(check_key)

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
                import { openai } from "@ai-sdk/openai"
                import { streamText } from "ai"
                import { auth } from "@/auth"

                export const POST = auth(async (req) => {
                  if (!req.auth?.user) return Response.json({ error: "Unauthorized" }, { status: 401 })
                  const { messages } = await req.json()
                  return streamText({ model: openai("gpt-4o"), messages }).toDataStreamResponse()
                })
                """, path: "app/api/chat/route.ts"),
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
                import { auth } from "@/auth"

                const openai = new OpenAI()

                export default function Page() {
                  async function generate(formData: FormData) {
                    "use server"
                    const session = await auth()
                    if (!session?.user) throw new Error("Not signed in")
                    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: String(formData.get("prompt")) }] })
                  }
                  return <form action={generate}><button>Generate</button></form>
                }
                """, path: "app/studio/page.tsx"),
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
            // JAX-RS (Quarkus): `@RolesAllowed` on the resource class guards its methods.
            DetectorExample("""
                package app;

                import com.openai.client.OpenAIClient;
                import com.openai.client.okhttp.OpenAIOkHttpClient;
                import jakarta.annotation.security.RolesAllowed;
                import jakarta.ws.rs.POST;
                import jakarta.ws.rs.Path;

                @Path("/api")
                @RolesAllowed("member")
                public class ChatResource {
                    private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

                    @POST
                    @Path("/chat")
                    public String chat(String prompt) {
                        return client.chat().completions().create(params(prompt)).choices().get(0).message().content().orElse("");
                    }
                }
                """, path: "src/main/java/app/ChatResource.java"),
            // A Lambda fed by a queue is no HTTP endpoint: only one the file shows API Gateway invokes is.
            DetectorExample("""
                import type { SQSEvent } from "aws-lambda"
                import OpenAI from "openai"

                const openai = new OpenAI()

                export const handler = async (event: SQSEvent) => {
                  for (const record of event.Records) {
                    const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: record.body }] })
                    console.log(r.choices[0].message.content)
                  }
                }
                """, path: "src/handlers/classify.ts"),
            DetectorExample("""
                from starlette.applications import Starlette
                from starlette.authentication import requires
                from starlette.middleware import Middleware
                from starlette.middleware.authentication import AuthenticationMiddleware
                from starlette.responses import JSONResponse
                from starlette.routing import Route
                from openai import AsyncOpenAI

                from app.auth import TokenBackend

                client = AsyncOpenAI()

                @requires("authenticated")
                async def chat(request):
                    body = await request.json()
                    r = await client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])
                    return JSONResponse({"reply": r.choices[0].message.content})

                app = Starlette(
                    routes=[Route("/chat", endpoint=chat, methods=["POST"])],
                    middleware=[Middleware(AuthenticationMiddleware, backend=TokenBackend())],
                )
                """, path: "app/main.py"),
            // A Python Lambda fed by a queue (`event["Records"]`) is no HTTP endpoint.
            DetectorExample("""
                import json
                from openai import OpenAI

                client = OpenAI()

                def lambda_handler(event, context):
                    for record in event["Records"]:
                        ticket = json.loads(record["body"])
                        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": ticket["text"]}])
                    return {"statusCode": 200}
                """, path: "functions/classify/app.py"),
            // A SvelteKit server load that redirects signed-out callers before the paid call.
            DetectorExample("""
                import OpenAI from "openai";
                import { redirect } from "@sveltejs/kit";

                const openai = new OpenAI();

                export async function load({ params, locals }) {
                  if (!locals.user) redirect(303, "/login");
                  const r = await openai.chat.completions.create({
                    model: "gpt-4o-mini",
                    messages: [{ role: "user", content: `Describe ${params.topic}` }],
                  });
                  return { description: r.choices[0].message.content };
                }
                """, path: "src/routes/topics/[topic]/+page.server.js"),
            // Class-based views guarded for every method (`method_decorators`, `MethodView.decorators`), by a
            // method's own decorator, and a class that only has a method named `post` (no view).
            DetectorExample("""
                from flask.views import MethodView
                from flask_restx import Namespace, Resource
                from openai import OpenAI

                ns = Namespace("chat")
                client = OpenAI()

                @ns.route("/chat")
                class Chat(Resource):
                    method_decorators = [jwt_required()]

                    def post(self):
                        return client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content

                @ns.route("/complete")
                class Complete(Resource):
                    @token_required
                    def post(self):
                        return client.completions.create(model="gpt-4o-mini", prompt="x").choices[0].text

                class PrivateChat(MethodView):
                    decorators = [login_required]

                    def post(self):
                        return client.chat.completions.create(model="gpt-4o", messages=[]).choices[0].message.content

                class Relay:
                    def post(self, prompt):
                        return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
                """, path: "app/api/chat.py"),
            // A DRF view outside views.py, its permission classes set below other class attributes.
            DetectorExample("""
                from django.http import JsonResponse
                from rest_framework import parsers, permissions, renderers
                from rest_framework.views import APIView
                from openai import OpenAI

                client = OpenAI()

                class ChatView(APIView):
                    \"\"\"Answers a question with the model, for the chat widget on the landing page.\"\"\"

                    renderer_classes = [renderers.JSONRenderer, renderers.BrowsableAPIRenderer]
                    parser_classes = [parsers.JSONParser]
                    permission_classes = [permissions.IsAuthenticated]

                    def post(self, request):
                        r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.data["q"]}])
                        return JsonResponse({"answer": r.choices[0].message.content})
                """, path: "chat/api.py"),
            // A DRF viewset whose `get_permissions` lets anyone list, and requires sign-in for the rest.
            DetectorExample("""
                from openai import OpenAI
                from rest_framework import permissions, viewsets
                from rest_framework.response import Response

                client = OpenAI()


                class ArticleViewSet(viewsets.ViewSet):
                    def get_permissions(self):
                        if self.action == "list":
                            permission_classes = [permissions.AllowAny]
                        else:
                            permission_classes = [permissions.IsAuthenticated]
                        return [permission() for permission in permission_classes]

                    def list(self, request):
                        return Response([])

                    def create(self, request):
                        r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": request.data["text"]}])
                        return Response({"summary": r.choices[0].message.content})
                """, path: "articles/views.py"),
        ])

    /// The Express app the Clerk and Passport examples add routes to, with and without a check of the caller: Clerk's
    /// middleware runs for every request and refuses nobody by itself.
    private static let expressClerkApp = """
        const express = require("express");
        const passport = require("passport");
        const { clerkMiddleware, getAuth } = require("@clerk/express");
        const OpenAI = require("openai");

        const app = express();
        const openai = new OpenAI();
        app.use(clerkMiddleware());

        """

    /// The role middleware the Express examples register: `isAdmin` refuses callers who are not admins (401);
    /// `isAdminRequest` only notes whether they are, and lets everyone through.
    private static let expressRoleMiddleware = """
        const isAdmin = (req, res, next) => {
          if (req.user && req.user.role === "admin") {
            next();
          } else {
            res.status(401).send({ message: "Invalid Admin Token" });
          }
        };

        const isAdminRequest = (req, res, next) => {
          req.fromAdmin = Boolean(req.user && req.user.role === "admin");
          next();
        };

        module.exports = { isAdmin, isAdminRequest };
        """

    /// The router module the FastAPI include examples mount: it was in the tree before, and its route calls OpenAI.
    private static let fastAPIChatRouter: (path: String, text: String) = ("app/routers/chat.py", """
        from fastapi import APIRouter
        from openai import OpenAI

        client = OpenAI()
        router = APIRouter()


        @router.post("/chat")
        def chat(message: str):
            return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": message}])
        """)

    /// The paid module the Phoenix examples' controllers and LiveViews call (`Notes.AI.summarize`, openai_ex).
    private static let phoenixPaidModule: (path: String, text: String) = ("lib/notes/ai.ex", """
        defmodule Notes.AI do
          alias OpenaiEx.Chat
          alias OpenaiEx.ChatMessage

          def summarize(text) do
            openai = OpenaiEx.new(System.fetch_env!("OPENAI_API_KEY"))
            request = Chat.Completions.new(model: "gpt-4o-mini", messages: [ChatMessage.user(text)])
            {:ok, response} = Chat.Completions.create(openai, request)
            response
          end
        end
        """)

    public func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        EndpointJudgement.of(file, context: context).findings
    }

    /// The file's handlers that reach a paid call, judged: the open ones' findings, and the guarded routes the change
    /// adds that reach one only through the function or action they name (`EndpointJudgement`).
    func judge(_ file: SourceFile, context: DetectionContext) -> EndpointJudgement {
        let analysis = FileAnalysis.of(file, context: context)
        let reached = ReachCalls.of(file, context: context)
        guard let lexed = analysis.lexed ?? reached.lexed, let facts = reached.facts else { return .none }
        var finder = HandlerFinder(lexed: lexed, path: file.path)
        if lexed.language.isJavaScriptLike, let project = context.code?.project {
            finder.azureFunctionJSON = HandlerFinder.azureFunctionJSON(for: file.path, project: project)
        }
        if lexed.language == .python || lexed.language.isJavaScriptLike, let code = context.code {
            finder.deployedOverHTTP = { code.deployedFunctions(forHandlerFile: file.path).contains { !$0.routes.isEmpty } }
        }
        if file.path.hasSuffix(".astro"), let code = context.code, let source = file.path.range(of: "src/pages/") {
            let root = String(file.path[..<source.lowerBound])
            finder.astroRendersPagesOnServer = { code.astroRendersPagesOnServer(root: root) }
        }
        if lexed.language == .csharp, file.path.hasSuffix(".cshtml") || file.path.hasSuffix(".razor") {
            finder.razorPageDirective = HandlerFinder.pageDirective(in: file.bytes)
        }
        var guardedBefore: Set<String> = []
        if let code = context.code, let recognizer = code.leafRecognizer as? CatalogueLeafRecognizer {
            finder.openedProcedures = recognizer.openedProcedures
            guardedBefore = recognizer.proceduresGuardedBefore
        }
        // A tRPC builder named as a guarded one (`protectedProcedure`) is judged where it is declared.
        var builderJudgements: [String: Bool] = [:]
        finder.trpcBuilderRefusesNobody = { name in
            if guardedBefore.contains(name) { return false }
            if let known = builderJudgements[name] { return known }
            let open = Self.trpcBuilderRefusesNobody(name, facts: facts, lexed: lexed, index: context.codeIndex(for: file))
            builderJudgements[name] = open
            return open
        }
        if lexed.language.isJavaScriptLike {
            finder.socketIORegistrationGuard = { HandlerFinder.socketIORegistrationGuard(of: $0, index: context.codeIndex(for: file)) }
        }
        let handlers = finder.handlers()
        guard !handlers.isEmpty else { return .none }
        // Deleted lines naming what a route added names were a route already (edited, or moved): read when first needed.
        var deleted: [UInt8]?
        var guardedRoutes: [EndpointJudgement.NewRoute] = []
        func noteGuarded(_ handler: HTTPHandler, reach: PaidReach, reference: CallFact?) {
            guard let reference else {
                // A route declaration added to a handler that reached the paid call already (`@PostMapping` on it).
                if let line = Self.routeDeclarationAdded(handler, file: file, lexed: lexed) {
                    guardedRoutes.append(EndpointJudgement.NewRoute(name: handler.name, line: line, reach: reach))
                }
                return
            }
            guard file.adds(reference.line) else { return }
            if deleted == nil { deleted = UnchangedEndpointReach.deletedText(of: file.change) }
            if let deleted, !deleted.isEmpty, UnchangedEndpointReach.contains(deleted, Array(reference.name.utf8)) { return }
            guardedRoutes.append(EndpointJudgement.NewRoute(
                name: handler.name, line: reference.line, reach: reach))
        }
        let index = context.codeIndex(for: file)
        let reaches = CallReaches(index: index, facts: facts, known: reached.reaches)
        // A router's or app's dependencies (`APIRouter(dependencies=[Depends(verify_key)])`) guard by what the
        // function they name does, wherever it is defined.
        finder.refusesCaller = { call in index.reach(of: call, in: facts).isGuard }
        if lexed.language == .php { finder.laravelMiddlewareRefuses = { index.laravelMiddlewareRefuses($0, from: file.path) } }
        finder.flaskHookRefuses = { registration in index.flaskHookRefuses(registration, facts: facts, lexed: lexed) }
        finder.globalLimiterElsewhere = { index.csharpDeclaresGlobalLimiter() }
        // Project-wide, asked lazily (most files have no paid handler), once per set of Go registrars.
        var fileGuards: [Set<String>?: String?] = [:]
        var registrations: [AppWideRegistration]?  // this file's app-wide middleware, read when first needed
        var findings: [Finding] = []
        for handler in handlers {
            let lines = lexed.tokens[handler.statement.lowerBound].line...lexed.tokens[handler.statement.upperBound].line
            // A route line naming an action or view of another file is the change's only where it adds or edits the
            // line: a file read for its callers (no hunks) is judged where its views are.
            if handler.judgedWhereDefined, file.change.hunks.isEmpty || file.firstAddedLine(in: lines) == nil { continue }
            var handler = handler
            // A Razor Page a convention opens to anyone (`AllowAnonymousToPage("/Chat")`): its model's `[Authorize]`, the
            // folder conventions and the fallback policy do not apply; only what its handler's body checks does.
            if lexed.language == .csharp, !handler.allowsAnonymous, handler.razorPage != nil || finder.razorPageDirective != nil,
               index.razorPageAnonymousConvention(route: handler.razorPage, path: file.path) != nil
            {
                handler.allowsAnonymous = true
                if finder.razorPageDirective == nil { handler.guardRanges = [handler.body] }
            }
            if handler.namesViewClass { handler.actionsElsewhere = viewClassActions(handler.actionsElsewhere, facts: facts, index: index) }
            if let router = handler.includedRouter {
                // An include the change only edits (a prefix or tags added, the line re-wrapped) exposes nothing new:
                // its deleted lines include the same router.
                if deleted == nil { deleted = UnchangedEndpointReach.deletedText(of: file.change) }
                if let deleted, UnchangedEndpointReach.contains(deleted, HandlerFinder.includeRouterWord),
                   UnchangedEndpointReach.contains(deleted, Array(Self.includedRouterText(router, in: lexed).utf8))
                {
                    continue
                }
                guard let routes = includedRouterRoutes(router, lexed: lexed, facts: facts, index: index, reference: handler.statement.lowerBound)
                else { continue }
                (handler.actionsElsewhere, handler.actionsFacts) = (routes.actions, routes.facts)
            }
            // Where the change touches the handler, asked first: a handler it leaves alone is not followed further.
            let line: Int?
            if let anchor = handler.anchor, file.adds(lexed.tokens[anchor].line) {
                line = lexed.tokens[anchor].line
            } else if file.adds(lines.lowerBound) {
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
                  let (reach, reference) = paidReach(of: handler, analysis: analysis, facts: facts, lexed: lexed, reaches: reaches)
            else { continue }
            // A Phoenix action or LiveView no route of the project's routers reaches is no endpoint (nor is any where
            // the tree holds no router to route it: a partial tree, or a library's); one that only guarded routes
            // reach is guarded there.
            if let target = handler.phoenixTarget {
                switch index.phoenixRouting(ofModule: target.module, action: target.action) {
                case nil, .unrouted: continue
                case .open: break
                case .guarded(let routed): handler.declaredGuard = handler.declaredGuard ?? routed
                }
            }
            // A route line open by what its router says alone may pipe through a function plug of a module the router
            // imports, which the project's reading of the router judges by its body.
            // An ActionCable channel's action: behind the connection's refusal of an unidentified socket.
            if handler.actionCableChannel, handler.declaredGuard == nil { handler.declaredGuard = index.actionCableConnectionGuard() }
            if handler.phoenixRoute, handler.declaredGuard == nil {
                handler.declaredGuard = index.phoenixRouteGuard(inRouter: file.path, startingAt: handler.statement.lowerBound)
            }
            // Found when first needed: a file none of whose handlers reaches a paid call is never asked for its guards.
            // Less Passport's `authenticate` with a strategy the project registers to let everyone through; with the
            // project's middleware `use`d by a name that says nothing (`adminRouter.use(isAdmin)`) whose body refuses.
            if finder.guardTokens == nil { finder.guardTokens = index.guardTokensOfMiddleware(facts, lexed: lexed) }
            // A route line naming an action or view of another file is guarded as that action or view is where it is
            // defined, or by the line itself (`login_required(views.summarize)`): the router file's own guards are not
            // the view's (a DRF default in settings.py does not guard a plain Django view).
            let guards = handler.judgedWhereDefined
                ? (auth: handler.guardRanges.contains(where: finder.containsGuard) || guardedWhereDefined(handler, facts: facts, index: index, context: context), rateLimit: false)
                : handlerGuards(handler, finder: finder, facts: facts, reaches: reaches)
            // Settled by the handler's own guards (authentication or a rate limit, either one): the file-wide guards,
            // which read the project's middleware and mounts, are asked only for the others.
            if guards.rateLimit || guards.auth {
                noteGuarded(handler, reach: reach, reference: reference)
                continue
            }
            if registrations == nil { registrations = finder.appWideRegistrations() }
            let routerGuardsApply = (!handler.judgedWhereDefined || handler.routerGuardsApply) && !handler.guardedOnlyByItsServer
            // Every middleware registered for the handler's scope, not only the first: a rate limiter `use`d beside
            // the authentication middleware still limits a route that opts out of the latter (`.AllowAnonymous()`).
            let covering = routerGuardsApply ? registrations?.filter { finder.covers(handler, by: $0) } ?? [] : []
            var wideGuard = (handler.allowsAnonymous ? covering.first { HandlerFinder.isRateLimitWord($0.guardName) } : covering.first)?.guardName
            if wideGuard == nil, !handler.allowsAnonymous, routerGuardsApply {
                if let mounted = handler.mountedByName {
                    // Mounted by its name, it has its own mount guard, asked for each such handler.
                    wideGuard = self.fileGuard(
                        file: file, facts: facts, index: index,
                        mounted: (mounted, Set(handlers.compactMap(\.mountedByName))))
                } else {
                    let registrars = lexed.language == .go ? Self.goRegistrars(around: handler.statement.lowerBound, facts: facts) : nil
                    if let known = fileGuards[registrars] {
                        wideGuard = known
                    } else {
                        wideGuard = self.fileGuard(file: file, facts: facts, index: index, registrars: registrars)
                        fileGuards[registrars] = .some(wideGuard)
                    }
                }
                // DRF's default permission classes (settings.py) guard DRF's views, not a plain Django view.
                // Nor, when they let anyone read (`IsAuthenticatedOrReadOnly`), a DRF action that only reads.
                if handler.isPlainDjangoView || (handler.readsOnly && index.drfDefaultPermissionsLetAnyoneRead()),
                   let guardPath = wideGuard, guardPath.hasSuffix("settings.py") || guardPath.contains("/settings/")
                {
                    wideGuard = nil
                }
                // A SvelteKit `load` that waits for a layout whose own `load` refuses signed-out callers
                // (`await parent()`), or one prerendered.
                if wideGuard == nil, handler.isSvelteKitLoad {
                    let awaitsParent = handler.body.contains { lexed.token($0, is: "parent") && lexed.token($0 + 1, isPunctuation: Byte.openParen) }
                    wideGuard = index.svelteKitLayoutGuard(forLoadIn: file.path, awaitsParent: awaitsParent)
                }
                // An ASP.NET route mapped by an extension method, or a SignalR hub's method: guarded where it is mapped.
                if wideGuard == nil, lexed.language == .csharp { wideGuard = finder.aspNetMountGuard(for: handler, index: index) }
                // A Razor Page under an `AuthorizeFolder`/`AuthorizePage` convention, or a view whose model is `[Authorize]`.
                if wideGuard == nil, !handler.allowsAnonymous, handler.razorPage != nil || finder.razorPageDirective != nil {
                    wideGuard = index.razorPageConventionGuard(route: handler.razorPage, path: file.path)
                }
                // A Spring route the security configuration permits to all (`.requestMatchers(…).permitAll()`).
                if wideGuard != nil, [.java, .kotlin].contains(lexed.language), let path = handler.path,
                   index.springPermitsAll(path)
                {
                    wideGuard = nil
                }
                // A Symfony route under `access_control` rules of security.yaml.
                if wideGuard == nil, lexed.language == .php, let path = handler.path {
                    let method = handler.name.prefix { $0 != " " }
                    wideGuard = index.symfonyAccessControlGuard(forPath: path, method: method.contains(",") || method == "ANY" ? nil : String(method))
                        ?? index.codeIgniterFilterGuard(routesFile: file.path, routePath: path)
                }
                // A Laravel route file's middleware group (`'api'` with `auth:sanctum`) less what the route excludes.
                if let guardName = wideGuard, lexed.language == .php,
                   finder.laravelMiddlewareExclusions(
                       in: finder.enclosingGroupHeaders(of: handler.statement.lowerBound) + handler.guardRanges.prefix(1)
                   ).excludes(guardName)
                {
                    wideGuard = nil
                }
            }
            // Django's `LoginRequiredMiddleware` (5.1, or django-stronghold's and django-login-required's of the same
            // name) sends every signed-out request to the login page before a view runs, DRF's and Ninja's too, unless
            // the view opts out (`@login_not_required`): a DRF view that allows anyone (`AllowAny`) is refused there
            // all the same.
            if wideGuard == nil, lexed.language == .python, let middleware = index.djangoLoginRequiredMiddleware(),
               finder.servesDjangoViews(), !finder.optsOutOfLoginMiddleware(handler),
               Self.djangoViewNames(of: handler, facts: facts).isDisjoint(with: index.djangoViewsOptedOutInURLConfs())
            {
                wideGuard = middleware
            }
            // The GraphQL server running a resolver: a context function that refuses, graphql-shield's rules.
            if wideGuard == nil, let operation = handler.graphQLOperation {
                switch lexed.language.family {
                case .ruby: wideGuard = railsGraphQLControllerGuard(index: index)
                // Absinthe's resolvers are not read as GraphQL operations.
                case .elixir: break
                case .python: wideGuard = index.pythonGraphQLViewGuard(forResolverFile: file.path)
                case .cLike: wideGuard = index.graphQLServerGuard(forResolverFile: file.path, type: operation.type, field: operation.field)
                }
                // A directive of the schema files on the field or its type (`@guard`, `@auth`, `@rateLimit(…)`).
                if wideGuard == nil { wideGuard = index.graphQLSchemaDirectiveGuard(type: operation.type, field: operation.field) }
            }
            // Quarkus path permissions, Micronaut Security's deny-by-default, Ktor route functions called in guarded blocks.
            if wideGuard == nil { wideGuard = finder.jvmProjectGuard(for: handler, index: index) }
            // An axum router held in a variable, layered where the file hands it on.
            if wideGuard == nil, !handler.allowsAnonymous, let variable = finder.rustRouterVariable(of: handler) {
                wideGuard = index.rustRouterVariableGuard(inFile: file.path, variable: variable)
            }
            // A Go router served or mounted whole through a guard (`http.ListenAndServe(":8080", requireAPIKey(mux))`).
            if wideGuard == nil, !handler.allowsAnonymous, let router = finder.goRouterPath(of: handler) {
                wideGuard = index.goWrappedRouterGuard(inFile: file.path, router: router, route: handler.statement.lowerBound)
            }
            // An API Gateway authorizer, IAM, API key or throttling the deployment config puts in front of the Lambda.
            if wideGuard == nil, !handler.allowsAnonymous { wideGuard = finder.deploymentConfigGuard(for: handler, index: index) }
            // Middleware of another file that lets the route's full path through: a Fastify hook (a `fastify-plugin`
            // auth plugin) handing some paths on before it checks anybody (`if (req.url.startsWith("/public"))
            // return;`), express-jwt's or koa-jwt's `.unless({ path: ["/api/ai/demo"] })` where the router is mounted.
            if let guardText = wideGuard, lexed.language.isJavaScriptLike, let path = handler.path,
               exemptsWhereRegistered(guardText, route: path, handler: handler, file: file, lexed: lexed, index: index)
            {
                wideGuard = nil
            }
            // Authentication or a rate limit, either one: a handler with neither is unprotected (SPEC's categories).
            if wideGuard != nil {
                noteGuarded(handler, reach: reach, reference: reference)
                continue
            }
            if handler.judgedWhereDefined, Self.routeLineMovedInPlace(handler, file: file, lexed: lexed) { continue }
            let name = mountedName(of: handler, in: file, lexed: lexed, index: index)
            // A Flask blueprint another app guards, registered on one that does not: named where it is.
            let openMount = lexed.language.family == .python
                ? index.flaskOpenBlueprintRegistration(in: facts, lexed: lexed).map { " (its blueprint is also registered, unguarded, at \($0))" } ?? ""
                : ""
            var finding = Finding.paid(
                description, file: file, line: line, column: nil,
                message: "\(name) reaches a paid call (\(reach.provider)) with no authentication or rate limiting\(openMount): \(reach.chain)",
                provider: reach.provider, evidence: "\(name) → \(reach.chain)")
            finding.chain = reach.hops.isEmpty ? nil : reach.signature
            // A Python router another file of the project includes is served, however its file is named
            // (`app/routers/tests.py`): test-path patterns must not lower it (PolicyEvaluator).
            if lexed.language.family == .python, let chain = handler.routerChain, lexed.tokens[chain.lowerBound].kind == .identifier {
                finding.servedFile = index.mountsPythonRouter(ofFile: file.path, router: lexed.text(chain.lowerBound))
            }
            findings.append(finding)
            if Self.routesNameActionsElsewhere(lexed.language) { notePhoenixEndpoint(handler, finding: finding, reach: reach, file: file, lexed: lexed) }
        }
        return EndpointJudgement(findings: findings, guardedNewRoutes: guardedRoutes)
    }

    /// Notes a reported Phoenix route line or action with the file, for `PhoenixEndpointsReportedOnce`.
    private func notePhoenixEndpoint(_ handler: HTTPHandler, finding: Finding, reach: PaidReach, file: SourceFile, lexed: LexedSource) {
        let reported = file.memo.value(for: ObjectIdentifier(PhoenixEndpointsReported.self)) { PhoenixEndpointsReported() }
        if handler.phoenixRoute || handler.judgedWhereDefined, let action = reach.hops.first {
            reported.insert(route: .init(
                site: FindingSite(rule: finding.rule, path: finding.path, line: finding.line),
                action: (action.path, action.definition.line)))
        } else if handler.phoenixTarget != nil || lexed.language != .elixir {
            let lines = lexed.tokens[handler.statement.lowerBound].line...lexed.tokens[handler.statement.upperBound].line
            reported.insert(actionIn: file.path, lines: lines)
        }
    }

    /// Whether the middleware `guardText` names (`src/app.js:7`, `src/plugins/auth.ts (auth)`: its file first) lets
    /// the handler's route through unchecked, by the route's full path (its router's mount prefix joined to `path`):
    /// a hook's early way out for a path (`CodeIndex.hookPassesThrough`), or an `.unless({ path: […] })` on the
    /// registration of that line. Read only where the guard's file holds either.
    private func exemptsWhereRegistered(
        _ guardText: String, route path: String, handler: HTTPHandler, file: SourceFile, lexed: LexedSource, index: CodeIndex
    ) -> Bool {
        let guardFile = String(guardText.prefix { $0 != " " && $0 != ":" })
        guard guardFile != file.path, let bytes = index.project.contents(of: guardFile),
              ByteSearch.containsFolded(bytes, Self.unlessWord) || ByteSearch.containsFolded(bytes, Self.addHookWord)
        else { return false }
        let full = handler.routerChain.flatMap { index.routerPrefix(forFile: file.path, lexed: lexed, chain: $0) }
            .map { CodeIndex.joinRoutePaths($0, path) } ?? path
        if index.hookPassesThrough(guardText, route: full) { return true }
        let line = guardText.split(separator: ":").last.flatMap { Int($0) }
        guard let line, let guardLexed = index.lexedFile(guardFile) else { return false }
        return HandlerFinder(lexed: guardLexed, path: guardFile).appWideRegistrations().contains { registration in
            let close = max(registration.callee, guardLexed.partner[registration.callee + 1])
            return (guardLexed.tokens[registration.callee].line...guardLexed.tokens[close].line).contains(line) && registration.exempts(full)
        }
    }

    private static let unlessWord = Array(".unless(".utf8)
    private static let addHookWord = Array("addhook(".utf8)

    /// The handler's name, under the prefixes its router is made and mounted under (`POST /api/v1/chat/ask` for
    /// `include_router(chat.router, prefix="/api/v1")`, `app.use("/api/v1", chatRouter)` or gin's `api :=
    /// r.Group("/api/v1")`), asked only of routes that are reported.
    private func mountedName(of handler: HTTPHandler, in file: SourceFile, lexed: LexedSource, index: CodeIndex) -> String {
        guard let chain = handler.routerChain, let prefix = index.routerPrefix(forFile: file.path, lexed: lexed, chain: chain),
              let space = handler.name.firstIndex(of: " ")
        else { return handler.name }
        return handler.name[..<space] + " " + CodeIndex.joinRoutePaths(prefix, String(handler.name[handler.name.index(after: space)...]))
    }

    /// What a handler reaches: a paid call in its body, or a function (of this file or another) that makes one.
    /// The paid call the handler reaches, and, when it reaches one only through a function or controller action it
    /// names rather than calls (`app.post("/x", summarize)`, `[SummaryController::class, 'store']`), that reference.
    private func paidReach(
        of handler: HTTPHandler, analysis: FileAnalysis, facts: FileFacts, lexed: LexedSource, reaches: CallReaches
    ) -> (PaidReach, reference: CallFact?)?
    {
        if let site = analysis.sites.first(where: { handler.body.contains($0.token) }) {
            return (PaidReach(provider: site.provider, hops: [], leaf: site.evidence.leafText, background: nil, repeats: false), nil)
        }
        if let (_, reach) = reaches.first(in: handler.body, where: { !$0.paid.isEmpty }),
           let paid = reach.paid.first
        {
            return (paid, nil)
        }
        for call in referencedFunctions(in: handler.body, facts: facts, lexed: lexed)
            + controllerActions(in: handler.body, lexed: lexed, resourceAction: handler.resourceAction) + functionsElsewhere(of: handler, lexed: lexed) + goHandlerValues(in: handler.body, lexed: lexed)
        {
            if let paid = reaches.index.reach(of: call, in: facts).paid.first { return (paid, call) }
        }
        for call in handler.actionsElsewhere {
            if let paid = reaches.index.reach(of: call, in: handler.actionsFacts ?? facts).paid.first { return (paid, call) }
        }
        if let runnable = handler.servedRunnable, let served = reaches.index.servedModel(in: runnable, of: lexed, facts: facts) {
            let source = lexed.tokens[runnable.lowerBound].start..<lexed.tokens[runnable.upperBound - 1].end
            let name = String(decoding: lexed.bytes[source], as: UTF8.self).prefix(60)
            return (PaidReach(
                provider: served.provider, hops: [], leaf: "serves \(name) (a \(served.provider) model from \(served.path))",
                background: nil, repeats: false), nil)
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

    /// The functions of other files a handler is (`HTTPHandler.functionsElsewhere`), as calls of them by name.
    private func functionsElsewhere(of handler: HTTPHandler, lexed: LexedSource) -> [CallFact] {
        handler.functionsElsewhere.map { index in
            let token = lexed.tokens[index]
            return CallFact(name: lexed.text(index), receiver: [], token: index, line: token.line, column: token.column, firstArgument: nil)
        }
    }

    /// Laravel's controller actions named as handlers, `Route::post('/chat', [ChatController::class, 'store'])`, as
    /// calls of the method on the class, so what the action reaches counts.
    /// `resourceAction`: the action a resource route serves (`store`), of the class its registration names.
    func controllerActions(in body: ClosedRange<Int>, lexed: LexedSource, resourceAction: String? = nil) -> [CallFact] {
        guard lexed.language == .php else { return [] }
        return body.compactMap { index in
            guard index < lexed.tokens.count else { return nil }
            let token = lexed.tokens[index]
            func action(_ method: String, of type: String) -> CallFact {
                CallFact(name: method, receiver: [type], token: index, line: token.line, column: token.column, firstArgument: nil)
            }
            // Slim's `ChatController::class . ':chat'`.
            if index + 4 < lexed.tokens.count, token.kind == .identifier, lexed.token(index + 1, is: "::"),
               lexed.token(index + 2, is: "class"),
               lexed.token(index + 3, isPunctuation: Byte.dot), lexed.tokens[index + 4].kind == .string,
               lexed.text(index + 4).hasPrefix(":"), lexed.text(index + 4).count > 1
            {
                return action(String(lexed.text(index + 4).dropFirst()), of: lexed.text(index))
            }
            // CodeIgniter 4's `'Chat::ask'`, `'Api\Chat::ask'`, `'\App\Controllers\Api\Chat::ask'`, `'Chat::show/$1'`: a
            // class named without a leading `\` is in the default namespace, `App\Controllers`.
            if token.kind == .string, case let text = lexed.text(index), let separator = text.range(of: "::"),
               !text.contains(" "), case let name = text[..<separator.lowerBound],
               case let type = name.split(separator: "\\").last.map(String.init) ?? "",
               type.first?.isUppercase == true, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               case let method = text[separator.upperBound...].prefix(while: { $0 != "/" }), !method.isEmpty,
               method.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                return action(String(method), of: name.hasPrefix("\\") ? String(name.dropFirst()) : "App\\Controllers\\" + name)
            }
            // Slim's `'\App\Controllers\ChatController:chat'` (one colon, a class path before it).
            if token.kind == .string, case let text = lexed.text(index), let colon = text.firstIndex(of: ":"),
               !text[text.index(after: colon)...].contains(":"), !text.contains("/"), !text.contains(" "),
               case let type = text[..<colon].split(separator: "\\").last.map(String.init) ?? "",
               type.first?.isUppercase == true, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               text.index(after: colon) < text.endIndex
            {
                return action(String(text[text.index(after: colon)...]), of: type)
            }
            // Laravel's string actions, `'ChatController@store'`, `'Api\\ChatController@store'` before 8: a class named
            // without a leading `\` is in the routes' default namespace, `App\Http\Controllers`; from 8 on, with no
            // default namespace, the class is named in full (`'App\Http\Controllers\ChatController@store'`).
            if token.kind == .string, case let text = lexed.text(index), let at = text.firstIndex(of: "@"),
               case let name = text[..<at], case let type = name.split(separator: "\\").last.map(String.init) ?? "",
               type.first?.isUppercase == true, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
               case let method = text[text.index(after: at)...], !method.isEmpty,
               method.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
            {
                let namespace = "App\\Http\\Controllers\\"
                let qualified = name.hasPrefix("\\") ? String(name.dropFirst()) : name.hasPrefix(namespace) ? String(name) : namespace + name
                return action(String(method), of: qualified)
            }
            // An action named alone inside a controller group: `Route::post('/chat', 'complete')` in
            // `Route::controller(ChatController::class)->group(…)`.
            if token.kind == .string, lexed.token(index - 1, isPunctuation: Byte.comma), lexed.token(index + 1, isPunctuation: Byte.closeParen),
               lexed.partner[index + 1] == body.lowerBound, case let method = lexed.text(index), !method.isEmpty,
               method.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), let controller = lexed.laravelGroupController(around: index)
            {
                return action(method, of: controller)
            }
            guard index + 3 < lexed.tokens.count, token.kind == .identifier, lexed.token(index + 1, is: "::"),
                  lexed.token(index + 2, is: "class")
            else { return nil }
            if let resourceAction { return action(resourceAction, of: lexed.text(index)) }
            // A single-action controller is routed by its class alone, `Route::post('/chat', ChatController::class)`:
            // the request runs its `__invoke`.
            if lexed.token(index + 3, isPunctuation: Byte.closeParen), lexed.partner[index + 3] == body.lowerBound,
               lexed.token(index - 1, isPunctuation: Byte.comma)
            {
                return action("__invoke", of: lexed.text(index))
            }
            guard index + 4 < lexed.tokens.count, lexed.token(index + 3, isPunctuation: Byte.comma),
                  lexed.tokens[index + 4].kind == .string
            else { return nil }
            return action(lexed.text(index + 4), of: lexed.text(index))
        }
    }

    /// Go handler values built where they are registered (`mux.Handle("POST /ask", httpx.AskHandler{LLM: llm})`,
    /// `&AskHandler{}` inside a middleware call), as calls of their type's `ServeHTTP`, which serves the route.
    private func goHandlerValues(in body: ClosedRange<Int>, lexed: LexedSource) -> [CallFact] {
        guard lexed.language == .go else { return [] }
        return body.compactMap { index in
            guard index + 1 < lexed.tokens.count, lexed.tokens[index].kind == .identifier,
                  lexed.token(index + 1, isPunctuation: Byte.openBrace),
                  case let first = lexed.bytes[lexed.tokens[index].start], first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z")
            else { return nil }
            let qualified = lexed.token(index - 1, isPunctuation: Byte.dot) && index >= 2 && lexed.tokens[index - 2].kind == .identifier
            let start = qualified ? index - 2 : index
            guard lexed.token(start - 1, isPunctuation: Byte.openParen) || lexed.token(start - 1, isPunctuation: Byte.comma)
                || lexed.token(start - 1, isPunctuation: UInt8(ascii: "&"))
            else { return nil }
            let token = lexed.tokens[index]
            return CallFact(
                name: "ServeHTTP", receiver: qualified ? [lexed.text(index - 2), lexed.text(index)] : [lexed.text(index)],
                token: index, line: token.line, column: token.column, firstArgument: nil)
        }
    }

    /// Functions passed by name as the handler (`post(chat)`, `use: create`, `app.post("/x", handler)`), as
    /// calls, so what they reach counts.
    private func referencedFunctions(in body: ClosedRange<Int>, facts: FileFacts, lexed: LexedSource) -> [CallFact] {
        body.compactMap { index in
            // A method handed over bound to its instance is the method: `aiController.chat.bind(aiController)`.
            guard index < lexed.tokens.count, lexed.tokens[index].kind == .identifier,
                  lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma)
                    || (lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.dot)
                        && lexed.token(index + 2, is: "bind") && lexed.token(index + 3, isPunctuation: Byte.openParen)),
                  lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma)
                    || lexed.token(index - 1, isPunctuation: Byte.colon) || lexed.token(index - 1, isPunctuation: Byte.dot)
                    || (lexed.token(index - 1, isPunctuation: Byte.equals) && lexed.token(index - 2, is: "endpoint"))
                    // axum's handler by its module path: `post(handlers::chat)`; a Java or Kotlin method reference,
                    // Spring's functional `route(POST("/api/chat"), h::chat)`.
                    || ((lexed.language == .rust || lexed.language == .java || lexed.language == .kotlin) && lexed.token(index - 1, is: "::"))
            else { return nil }
            let token = lexed.tokens[index]
            let qualified = lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::")
            return CallFact(
                name: lexed.text(index), receiver: qualified ? FactExtractor.receiverChain(lexed, before: index) : [],
                token: index, line: token.line, column: token.column, firstArgument: nil)
        }
    }

    /// Guards on the handler itself: in its statement, decorators, class or enclosing route group, in what it
    /// calls (`requireUser()`, `getServerProfile()` in another file), or inherited from its base class.
    ///
    /// Either one protects the handler, so the first guard found settles it; the rate limit is told apart only where
    /// the handler opts out of authentication (`.AllowAnonymous()`), which a rate limit of its group survives.
    private func handlerGuards(
        _ handler: HTTPHandler, finder: HandlerFinder, facts: FileFacts, reaches: CallReaches
    ) -> (auth: Bool, rateLimit: Bool) {
        let index = reaches.index
        // Phoenix's blocks around a route or an action (`live_session :x, on_mount: [{NotesWeb.UserAuth, …}] do`,
        // `defmodule NotesWeb.AuthController do`) name modules, not guards: the router's reading judged them already.
        let groups = finder.lexed.language == .elixir ? [] : finder.enclosingGroupHeaders(of: handler.statement.lowerBound)
        var auth = false
        var rateLimit = false
        var settled: Bool { auth || rateLimit }
        if let declared = handler.declaredGuard {
            auth = true
            rateLimit = HandlerFinder.isRateLimitWord(declared)
        }
        // Route groups and routes name their middleware as strings: `Route::middleware(['auth:sanctum'])->group(…)`,
        // `Route::post(…)->middleware('throttle:60,1')`; less those the route or a group excludes.
        let phpRoute = finder.lexed.language == .php ? Array(handler.guardRanges.prefix(1)) : []
        var exclusions = finder.laravelMiddlewareExclusions(in: groups + phpRoute)
        if finder.lexed.language == .php, let disarmed = (index.leafRecognizer as? CatalogueLeafRecognizer)?.disarmedMiddlewareAliases {
            exclusions.disarmedAliases = disarmed
        }
        for range in groups + phpRoute where finder.containsGuardString(range, excluding: exclusions) { auth = true }
        // Session reads the handler never checks guard nothing: the ranges are judged around them. Functions of the
        // project that refuse nobody, whatever their names, are read as session reads: one reading the session for
        // the handler (`getViewer()`) guards where the handler checks what it returns, and only there.
        let readers = sessionReadingHelpers(in: handler.body, finder: finder, facts: facts, index: index)
        var unchecked = finder.uncheckedSessionReads(in: handler.body, readers: Set(readers.map(\.name)))
        // A route wrapper of the project's own named like NextAuth's (`export function auth(handler)` that answers
        // 401 before calling it) refuses for the handler it wraps, whether the handler checks `req.auth` or not.
        unchecked.removeAll { range in
            range.count == 1 && finder.lexed.token(range.lowerBound, is: "auth")
                && facts.calls(in: range).contains { index.reach(of: $0, in: facts).isGuard }
        }
        if readers.contains(where: { call in !unchecked.contains { $0.contains(call.token) } }) { auth = true }
        // A FastAPI dependency of the project that asks a rate limiter and drops its answer (`Depends(rate_limit)`
        // whose body is `limiter.hit(…)`) refuses nobody, whatever its name.
        if finder.lexed.language.family == .python, facts.guardTokens.contains(where: handler.statement.contains) {
            let dropping = finder.lexed.fastAPIDependencyCalls(in: handler.statement).filter { call in
                let reach = index.reach(of: call, in: facts)
                // Nor one named as a guard whose body refuses nobody (`verify_api_key` only logging a bad key).
                return !reach.targets.isEmpty && !reach.isGuard && reach.readsSession || index.handsEveryoneOn(reach)
            }
            if !dropping.isEmpty {
                unchecked = (unchecked + dropping.map { $0.token...$0.token }).sorted { $0.lowerBound < $1.lowerBound }
            }
        }
        // A guard class an exclusion names (`withoutMiddleware(Authenticate::class)`) guards nothing either.
        let unguarding = exclusions.isEmpty ? unchecked : (unchecked + exclusions.arguments).sorted { $0.lowerBound < $1.lowerBound }
        func judge(_ range: ClosedRange<Int>) {
            if Self.parts(of: range, without: unguarding).contains(where: finder.containsGuard) { auth = true }
        }
        for range in handler.guardRanges + groups where !settled { judge(range) }
        // A Ruby helper of the file that refuses the caller, called as a statement (Sinatra's `protected!`).
        if !settled, finder.lexed.language == .ruby, finder.callsRefusingRubyHelper(handler.body) { auth = true }
        // The receiver's assignment last: finding it reads every token before the handler. A group made from a group
        // (Vapor's `let protected = app.grouped(auth)` then `let chat = protected.grouped("chat")`) is followed back
        // a few assignments. A route that allows anonymous callers (ASP.NET's `.AllowAnonymous()` on an endpoint of a
        // group that requires authorization) keeps only the group's rate limit.
        var receiver = handler.statement.lowerBound
        for _ in 0..<3 where !settled {
            guard let assignment = finder.receiverAssignment(of: receiver) else { break }
            // What the router is made with, not the name it is given (`authGroup := e.Group("/auth")`).
            if assignment.lowerBound < assignment.upperBound {
                let made = (assignment.lowerBound + 1)...assignment.upperBound
                if handler.allowsAnonymous {
                    rateLimit = rateLimit || finder.containsRateLimit(made)
                } else {
                    judge(made)
                }
            }
            guard let root = finder.assignedReceiver(in: assignment), root < receiver else { break }
            receiver = root
        }
        if auth || rateLimit { return (auth, rateLimit) }
        if let (call, _) = reaches.first(in: handler.body, skipping: unchecked, where: { $0.isGuard }) {
            return (true, HandlerFinder.isRateLimitWord(call.name))
        }
        // Middleware passed by name, from another file: `router.post("/complete", protect, handler)`.
        for call in middlewareArguments(of: handler, lexed: finder.lexed) + finder.lexed.fastAPIDependencyCalls(in: handler.statement)
        where index.reach(of: call, in: facts).isGuard && !index.handsEveryoneOn(index.reach(of: call, in: facts)) {
            return (true, HandlerFinder.isRateLimitWord(call.name))
        }
        // A Go handler a route names from another file (`http.HandleFunc("POST /chat", s.Chat)`) guards by its own
        // body's checks (`if !s.limiter.Allow() { http.Error(w, …, 429); return }`), as one of the route's file does.
        if finder.lexed.language == .go {
            for call in referencedFunctions(in: handler.body, facts: facts, lexed: finder.lexed) where index.reach(of: call, in: facts).isGuard {
                return (true, HandlerFinder.isRateLimitWord(call.name))
            }
        }
        if let elsewhere = guardsOfFunctionsElsewhere(handler, finder: finder, facts: facts, index: index) {
            return elsewhere
        }
        if let controller = laravelControllerGuard(handler, finder: finder, facts: facts, index: index) { return controller }
        if finder.lexed.language == .php, laravelActionAsksRateLimiter(handler, finder: finder, facts: facts, index: index) { return (false, true) }
        if handler.phoenixRoute, let controller = phoenixControllerGuard(handler, facts: facts, index: index) { return controller }
        // Rails actions of a controller config/routes.rb routes only inside Devise's `authenticate :user do`.
        if finder.lexed.language == .ruby, handler.name.hasPrefix("action "), index.railsRoutesGuard(forController: finder.path) != nil {
            return (true, false)
        }
        if !handler.allowsAnonymous,
           let container = facts.containers.filter({ $0.tokens.contains(handler.statement.lowerBound) })
            .min(by: { $0.tokens.count < $1.tokens.count }),
           !handler.skipsInheritedGuards,
           let inherited = index.inheritedGuard(ofClass: container.name, in: facts, skipApplies: Self.railsSkipApplies(to: handler))
        {
            return (true, HandlerFinder.isRateLimitWord(inherited))
        }
        // A graphql-ruby mutation or resolver whose base class refuses the caller before it runs (`ready?`, `authorized?`).
        if !handler.authorizationHooks.isEmpty,
           let container = facts.containers.filter({ $0.tokens.contains(handler.statement.lowerBound) })
            .min(by: { $0.tokens.count < $1.tokens.count }),
           let hook = index.inheritedGuardingMethod(handler.authorizationHooks, ofClass: container.name, in: facts)
        {
            return (true, HandlerFinder.isRateLimitWord(hook))
        }
        // A NestJS route of a controller that opts other routes out of the app's global guard (`@Public()`): this
        // one is behind it unless its own decorators opt it out too.
        if handler.isNestRoute, let global = index.nestGlobalGuard(
            forRouteOfController: finder.path, optedOut: finder.hasNestOptOut(handler),
            skipsThrottle: finder.hasNestOptOut(handler, throttle: true))
        {
            return (true, HandlerFinder.isRateLimitWord(global))
        }
        return (false, false)
    }

    /// For a Rails action, whether a base class's `skip_before_action …` starting at a token applies to it (`only:
    /// :create`, `except: …`); nil for other handlers, whose bases' skips are taken as applying.
    static func railsSkipApplies(to handler: HTTPHandler) -> ((Int, LexedSource) -> Bool)? {
        guard handler.name.hasPrefix("action ") else { return nil }
        let action = String(handler.name.dropFirst("action ".count))
        return { start, lexed in
            RailsCallbackScope.of(RailsCallbackScope.declaration(startingAt: start, in: lexed), in: lexed).applies(to: action)
        }
    }

    /// Whether tRPC builder `name`, used in the file of `facts`, is declared running no middleware that may refuse
    /// the caller (`protectedProcedure = t.procedure.use(withUser)` where `withUser` only calls `next`): judged in
    /// the file it is imported from, or in this one. One declared nowhere the index can read is taken as its name
    /// says.
    private static func trpcBuilderRefusesNobody(_ name: String, facts: FileFacts, lexed: LexedSource, index: CodeIndex) -> Bool {
        guard let binding = facts.imports.first(where: { $0.local == name }) else {
            let own = TRPCProcedureBuilders(lexed.bytes, language: lexed.language)
            return own.declared.contains(name) && !own.guarded.contains(name)
        }
        // Judged where it is declared, through the modules re-exporting it (`export { protectedProcedure } from
        // "./trpc"`, `export * from "./trpc"` in src/server/api/index.ts).
        func refusesNobody(_ member: String, module: String, importedBy importer: FileFacts, depth: Int) -> Bool? {
            for path in index.moduleFiles(module, importedBy: importer.path, language: importer.language) {
                guard let bytes = index.project.contents(of: path) else { continue }
                let builders = TRPCProcedureBuilders(bytes, language: SourceLanguage(path: path) ?? importer.language)
                if builders.declared.contains(member) { return !builders.guarded.contains(member) }
                guard depth < 3, let target = index.facts(of: path) else { continue }
                if let reexport = target.imports.first(where: { $0.local == member }) {
                    if let found = refusesNobody(reexport.member ?? member, module: reexport.module, importedBy: target, depth: depth + 1) {
                        return found
                    }
                    continue
                }
                for module in target.reexports {
                    if let found = refusesNobody(member, module: module, importedBy: target, depth: depth + 1) { return found }
                }
            }
            return nil
        }
        return refusesNobody(binding.member ?? name, module: binding.module, importedBy: facts, depth: 0) ?? false
    }

    /// The calls in `body` of functions of the project that refuse nobody but read who is signed in: those that
    /// read the session for their caller (`CallReach.readsSession`), and those named as guards (`requireUser()`),
    /// whose bodies may read the caller in ways gate does not know (a cookie looked up in the database). A helper
    /// is judged by what it does, its name counting alone only where its body cannot be read (a package's).
    ///
    /// In Python only the first: functions that ask a rate limiter and drop or hand back its answer
    /// (`def rate_limit(scope): limiter.hit(per_minute, scope, request.remote_addr)`).
    private func sessionReadingHelpers(
        in body: ClosedRange<Int>, finder: HandlerFinder, facts: FileFacts, index: CodeIndex
    ) -> [CallFact] {
        let python = finder.lexed.language == .python
        guard finder.lexed.language.isJavaScriptLike || python else { return [] }
        return facts.calls(in: body).filter { call in
            let reach = index.reach(of: call, in: facts)
            return !reach.targets.isEmpty && !reach.isGuard
                && (reach.readsSession || !python && finder.containsGuard(call.token...call.token))
        }
    }

    /// The guards of the functions of other files a handler is (`HTTPHandler.functionsElsewhere`: `export { POST }
    /// from "./handlers"`), judged where they are defined as a handler of that file would be, not by the coarser
    /// summary of a function called: its own checks (a session read nothing checks guards nothing) and the guards it
    /// calls. Nil when none of them has one.
    private func guardsOfFunctionsElsewhere(
        _ handler: HTTPHandler, finder: HandlerFinder, facts: FileFacts, index: CodeIndex
    ) -> (auth: Bool, rateLimit: Bool)? {
        for call in functionsElsewhere(of: handler, lexed: finder.lexed) {
            for target in index.reach(of: call, in: facts).targets {
                let span = target.definition.tokens
                guard let lexed = index.lexedFile(target.path), span.upperBound < lexed.tokens.count,
                      let definingFacts = index.facts(of: target.path)
                else { continue }
                let definingFile = HandlerFinder(lexed: lexed, path: target.path)
                let unchecked = definingFile.uncheckedSessionReads(in: span)
                if Self.parts(of: span, without: unchecked).contains(where: definingFile.containsGuard) { return (true, false) }
                // A GraphQL resolver defined there that checks the caller its context carries (`if (!ctx.user) throw`).
                if handler.graphQLOperation != nil, definingFile.contextCallerCheck(in: span) != nil { return (true, false) }
                for guardCall in definingFacts.calls(in: span) where !unchecked.contains(where: { $0.contains(guardCall.token) })
                    && index.reach(of: guardCall, in: definingFacts).isGuard
                {
                    return (true, HandlerFinder.isRateLimitWord(guardCall.name))
                }
            }
        }
        return nil
    }

    /// Whether the Laravel controller action a route names asks Laravel's rate limiter itself and refuses past the
    /// limit: `RateLimiter::attempt('suggest:'.$request->ip(), 5, fn () => …, 60)` around the paid call (false past
    /// the limit, the action answering 429), or `RateLimiter::tooManyAttempts(…)` then `abort(429)`. A bare
    /// `RateLimiter::hit(…)` counts without refusing anyone.
    private func laravelActionAsksRateLimiter(
        _ handler: HTTPHandler, finder: HandlerFinder, facts: FileFacts, index: CodeIndex
    ) -> Bool {
        for action in controllerActions(in: handler.body, lexed: finder.lexed, resourceAction: handler.resourceAction) {
            for target in index.reach(of: action, in: facts).targets {
                guard let lexed = index.lexedFile(target.path), target.definition.tokens.upperBound < lexed.tokens.count else { continue }
                let span = target.definition.tokens
                if span.contains(where: { cursor in
                    lexed.token(cursor, is: "RateLimiter") && lexed.token(cursor + 1, is: "::")
                        && (lexed.token(cursor + 2, is: "attempt") || lexed.token(cursor + 2, is: "tooManyAttempts"))
                }), span.contains(where: { lexed.token($0, is: "429") || lexed.token($0, is: "HTTP_TOO_MANY_REQUESTS") || lexed.token($0, is: "ThrottleRequestsException") }) {
                    return true
                }
            }
        }
        return false
    }

    /// The middleware the Laravel controller of an action a route names gives that action (its constructor's
    /// `$this->middleware(…)`, or its static `middleware()`); nil when it gives none.
    private func laravelControllerGuard(
        _ handler: HTTPHandler, finder: HandlerFinder, facts: FileFacts, index: CodeIndex
    ) -> (auth: Bool, rateLimit: Bool)? {
        for action in controllerActions(in: handler.body, lexed: finder.lexed, resourceAction: handler.resourceAction) {
            for target in index.reach(of: action, in: facts).targets {
                guard let lexed = index.lexedFile(target.path), target.definition.tokens.upperBound < lexed.tokens.count,
                      let guarded = HandlerFinder(lexed: lexed, path: target.path)
                        .laravelControllerGuard(ofAction: action.name, at: target.definition.tokens.lowerBound)
                else { continue }
                return guarded
            }
        }
        return nil
    }

    /// The plugs of the Phoenix controller (or `on_mount` hooks of the LiveView) a route line names that guard the
    /// actions it routes to (`plug :require_user when action in [:create]`); nil when they guard none of them.
    private func phoenixControllerGuard(_ handler: HTTPHandler, facts: FileFacts, index: CodeIndex) -> (auth: Bool, rateLimit: Bool)? {
        for action in handler.actionsElsewhere {
            for target in index.reach(of: action, in: facts).targets {
                guard let lexed = index.lexedFile(target.path),
                      let guarded = HandlerFinder(lexed: lexed, path: target.path).phoenixHandlers().first(where: { own in
                          own.statement.contains(target.definition.tokens.lowerBound) && own.declaredGuard != nil
                      })?.declaredGuard
                else { continue }
                return (true, HandlerFinder.isRateLimitWord(guarded))
            }
        }
        return nil
    }

    /// The guard of the Rails controller that runs graphql-ruby's schema (`GraphqlController#execute`, as the gem's
    /// generator writes it) for every operation: its class-level callbacks that apply to `execute`, or those it
    /// inherits (`ApplicationController`'s `before_action :authenticate_user!`) unless it skips them. The action's
    /// body is not judged: it hands `current_user` to the context for every caller, signed in or not.
    private func railsGraphQLControllerGuard(index: CodeIndex) -> String? {
        for path in index.project.paths(named: "graphql_controller.rb") where path.contains("app/controllers/") {
            guard let lexed = index.lexedFile(path), let facts = index.facts(of: path) else { continue }
            let finder = HandlerFinder(lexed: lexed, path: path)
            for action in finder.railsActions() where action.name == "action execute" {
                if action.guardRanges.dropFirst().contains(where: finder.containsGuardToken) { return "\(path) (before_action)" }
                if !action.skipsInheritedGuards,
                   let container = facts.containers.filter({ $0.tokens.contains(action.statement.lowerBound) })
                    .min(by: { $0.tokens.count < $1.tokens.count }),
                   let inherited = index.inheritedGuard(ofClass: container.name, in: facts)
                {
                    return inherited
                }
            }
        }
        return nil
    }

    /// The top-level functions of a Go file a route registered at token `token` is registered through: the one around
    /// it and those of the file that call it, however deep (`Register` calling `registerChat`). Where the file is
    /// mounted, a router handed to another of its functions is not this route's. Nil when no top-level function holds
    /// the route (a method's).
    static func goRegistrars(around token: Int, facts: FileFacts) -> Set<String>? {
        let functions = facts.definitions.filter { $0.container == nil }
        guard let own = functions.filter({ $0.tokens.contains(token) }).min(by: { $0.tokens.count < $1.tokens.count }) else { return nil }
        var registrars: Set<String> = [own.name]
        var grew = true
        while grew {
            grew = false
            for function in functions where !registrars.contains(function.name)
                && facts.calls(in: function.tokens).contains(where: { $0.receiver.isEmpty && registrars.contains($0.name) })
            {
                registrars.insert(function.name)
                grew = true
            }
        }
        return registrars
    }

    /// The names a URLconf may route a Django view by: its function's, and its class's for a method of a class view.
    private static func djangoViewNames(of handler: HTTPHandler, facts: FileFacts) -> Set<String> {
        var names: Set<String> = []
        // `view ask`, DRF's `POST ask`: the function's name is the last word.
        if let last = handler.name.split(separator: " ").last { names.insert(String(last)) }
        if let container = facts.containers.filter({ $0.tokens.contains(handler.statement.lowerBound) })
            .min(by: { $0.tokens.count < $1.tokens.count })
        {
            names.insert(container.name)
        }
        return names
    }

    /// `range` without the (ascending, disjoint) ranges `removed`: the pieces left, in order.
    static func parts(of range: ClosedRange<Int>, without removed: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var start = range.lowerBound
        for cut in removed where cut.overlaps(range) {
            if cut.lowerBound > start { result.append(start...(cut.lowerBound - 1)) }
            start = max(start, cut.upperBound + 1)
        }
        if start <= range.upperBound { result.append(start...range.upperBound) }
        return result
    }

    /// A guard for every handler of the file from elsewhere in the project: where the file is mounted, Next.js
    /// middleware, or framework-wide security configuration (app-wide middleware of the file itself is judged
    /// handler by handler, `HandlerFinder.covers`).
    /// `mounted`: the handler asked about and all of the file's, when the framework mounts each by its name.
    /// `registrars`: for a Go route, the functions of the file it is registered through (`goRegistrars`).
    private func fileGuard(
        file: SourceFile, facts: FileFacts, index: CodeIndex, mounted: (handler: String, all: Set<String>)? = nil,
        registrars: Set<String>? = nil
    ) -> String? {
        if let middleware = index.middlewareGuard(forRouteFile: file.path) { return middleware }
        if let mount = index.mountGuard(
            forFile: file.path, bytes: file.bytes, handler: mounted?.handler, handlers: mounted?.all ?? [], registrars: registrars)
        {
            return mount
        }
        if let plugin = index.fastifyPluginGuard(forRouteFile: file.path) { return plugin }
        if let shared = index.sharedAppGuard(forRouteFile: file.path, facts: facts) { return shared }
        if let app = index.pythonAppGuard(forFile: file.path, bytes: file.bytes) { return app }
        // The file's own Starlette or FastAPI app, whose middleware class refuses callers before every route.
        if facts.language.family == .python, let middleware = index.starletteMiddlewareClassGuard(inFile: file.path) { return middleware }
        if let hook = index.pythonHelperRequestHook(in: facts) { return hook }
        if facts.language.family == .python, let lexed = index.lexedFile(file.path),
           let hook = index.flaskImportedBlueprintHook(in: facts, lexed: lexed) ?? index.flaskImportedBlueprintMountGuard(in: facts, lexed: lexed)
        {
            return hook
        }
        if facts.language.family == .ruby, let mount = index.grapeMountGuard(forFile: file.path) { return mount }
        if facts.language.family == .ruby, let throttle = index.rackAttackThrottle(forController: file.path) { return throttle }
        if let group = index.routeGroupGuard(forRouteFile: file.path) { return group }
        return index.projectGuard(for: facts.language, fileBytes: file.bytes)
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
    func first(
        in span: ClosedRange<Int>, skipping skipped: [ClosedRange<Int>] = [], where stop: (CallReach) -> Bool
    ) -> (CallFact, CallReach)? {
        let calls = facts.calls(in: span)
        for position in calls.indices where !skipped.contains(where: { $0.contains(calls[position].token) }) {
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
