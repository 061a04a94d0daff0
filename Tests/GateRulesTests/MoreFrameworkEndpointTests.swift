import GateCode
import GateCore
import GateRules
import XCTest

/// Litestar, Starlette, Grape and Symfony endpoints and their guards, over small head trees as `gate check` reads them.
final class MoreFrameworkEndpointTests: XCTestCase {
    /// The open routes `unprotected-endpoint` reports in `path`, by name.
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    // MARK: Razor Pages

    /// A page model's handler methods are endpoints at the route its path under `Pages/` makes (an `Index` page its
    /// folder's); a view's `@page` route is the one it names, and a view without `@page` is no endpoint.
    func testRazorPageHandlersAndPageViewsAreNamedByTheirRoutes() {
        let model = """
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using OpenAI.Chat;

            public class IndexModel : PageModel
            {
                private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                public async Task OnPostSummarizeAsync(string text)
                {
                    await _chat.CompleteChatAsync(text);
                }

                public async Task LoadAsync(string text)
                {
                    await _chat.CompleteChatAsync(text);
                }
            }
            """
        XCTAssertEqual(openRoutes("Web/Pages/Notes/Index.cshtml.cs", head: ["Web/Pages/Notes/Index.cshtml.cs": model]),
                       ["OnPostSummarizeAsync (Razor Page /Notes)"])
        let component = """
            @page "/explain/{topic}"
            @using OpenAI.Chat
            @code {
                private async Task ExplainAsync()
                {
                    var client = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));
                    await client.CompleteChatAsync("Explain");
                }
            }
            """
        XCTAssertEqual(openRoutes("App/Components/Explain.razor", head: ["App/Components/Explain.razor": component]),
                       ["Blazor page /explain/{topic}"])
        let child = component.replacingOccurrences(of: "@page \"/explain/{topic}\"\n", with: "")
        XCTAssertEqual(openRoutes("App/Components/Explain.razor", head: ["App/Components/Explain.razor": child]), [])
        // The directive after others, and a bare `@page` in a `.cshtml` view, routed by its path.
        let later = "@using OpenAI.Chat\n@page \"/later\"\n" + child.replacingOccurrences(of: "@using OpenAI.Chat\n", with: "")
        XCTAssertEqual(openRoutes("App/Components/Later.razor", head: ["App/Components/Later.razor": later]), ["Blazor page /later"])
        let view = "@page\n" + child.replacingOccurrences(of: "@code", with: "@functions")
        XCTAssertEqual(openRoutes("Web/Pages/Explain.cshtml", head: ["Web/Pages/Explain.cshtml": view]), ["Razor Page /Explain"])
    }

    /// An area's pages are routed under the area and covered only by the area conventions (`AuthorizeAreaFolder`,
    /// `AuthorizeAreaPage`), not by the root folder's of the same name; `AllowAnonymousTo…` opens a page whatever else
    /// covers it, and only the page or folder it names (`/Reports/Public`, not `/Reports/PublicDraft`).
    func testRazorPageAreaConventionsAndAnonymousPages() {
        func model(_ name: String) -> String {
            """
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using OpenAI.Chat;

            public class \(name)Model : PageModel
            {
                private readonly ChatClient _chat = new("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                public async Task OnPostAsync(string text)
                {
                    await _chat.CompleteChatAsync(text);
                }
            }
            """
        }
        let pages = [
            "Web/Areas/Admin/Pages/Reports/Weekly.cshtml.cs": model("Weekly"),
            "Web/Areas/Admin/Pages/Reports/Public.cshtml.cs": model("Public"),
            "Web/Areas/Admin/Pages/Reports/PublicDraft.cshtml.cs": model("PublicDraft"),
        ]
        func open(_ conventions: [String]) -> [String] {
            var files = pages
            files["Web/Program.cs"] = "var builder = WebApplication.CreateBuilder(args);\nbuilder.Services.AddRazorPages(options =>\n{\n"
                + conventions.map { "    options.Conventions.\($0);\n" }.joined()
                + "});\nvar app = builder.Build();\napp.MapRazorPages();\napp.Run();\n"
            return pages.keys.sorted().flatMap { openRoutes($0, head: files) }
        }
        let all = [
            "OnPostAsync (Razor Page /Admin/Reports/Public)", "OnPostAsync (Razor Page /Admin/Reports/PublicDraft)",
            "OnPostAsync (Razor Page /Admin/Reports/Weekly)",
        ]
        XCTAssertEqual(open([]), all)
        XCTAssertEqual(open(["AuthorizeFolder(\"/Reports\")"]), all)
        XCTAssertEqual(open(["AuthorizeAreaFolder(\"Admin\", \"/Reports\")"]), [])
        XCTAssertEqual(open(["AuthorizeAreaFolder(\"Billing\", \"/\")"]), all)
        XCTAssertEqual(open(["AuthorizeAreaPage(\"Admin\", \"/Reports/Weekly\")"]), Array(all.prefix(2)))
        XCTAssertEqual(open(["AuthorizeAreaFolder(\"Admin\", \"/\")", "AllowAnonymousToAreaPage(\"Admin\", \"/Reports/Public\")"]),
                       ["OnPostAsync (Razor Page /Admin/Reports/Public)"])
        // The root Pages folder's opening names no area page.
        XCTAssertEqual(open(["AuthorizeAreaFolder(\"Admin\", \"/\")", "AllowAnonymousToPage(\"/Reports/Public\")"]), [])
    }

    // MARK: LangServe

    /// LangServe's `add_routes` serves a runnable over HTTP: a paid model, constructed in the call or composed in
    /// another module (`chain = prompt | model`), makes each request a model call; the call's or the app's
    /// dependencies guard it, and a runnable with no model is no paid endpoint.
    func testLangServeRoutesServeTheModelTheirRunnableIsComposedFrom() {
        let chain = """
            from langchain_core.prompts import ChatPromptTemplate
            from langchain_core.output_parsers import StrOutputParser
            from langchain_anthropic import ChatAnthropic

            prompt = ChatPromptTemplate.from_template("Tell me a joke about {topic}")
            model = ChatAnthropic(model="claude-3-5-haiku-latest")
            chain = prompt | model | StrOutputParser()
            """
        func served(_ app: String, _ routes: String) -> [String] {
            openRoutes("app/server.py", head: ["app/chain.py": chain, "app/server.py": """
                from fastapi import Depends, FastAPI, Header, HTTPException
                from langchain_core.output_parsers import StrOutputParser
                from langchain_openai import ChatOpenAI
                from langserve import add_routes

                from app.chain import chain


                async def verify_token(x_token: str = Header(...)):
                    if x_token != "secret-token":
                        raise HTTPException(status_code=401, detail="X-Token header invalid")


                \(app)
                \(routes)
                """])
        }
        let open = "app = FastAPI(title=\"Jokes\")"
        XCTAssertEqual(served(open, "add_routes(app, ChatOpenAI(model=\"gpt-4o-mini\"), path=\"/openai\")"), ["POST /openai/invoke"])
        XCTAssertEqual(served(open, "add_routes(app, chain, path=\"/joke\")"), ["POST /joke/invoke"])
        XCTAssertEqual(served(open, "add_routes(\n    app,\n    chain,\n    \"/joke\",\n)"), ["POST /joke/invoke"])
        XCTAssertEqual(served(open, "add_routes(app, chain, path=\"/joke\", dependencies=[Depends(verify_token)])"), [])
        XCTAssertEqual(served("app = FastAPI(dependencies=[Depends(verify_token)])", "add_routes(app, chain, path=\"/joke\")"), [])
        XCTAssertEqual(served(open, "add_routes(app, StrOutputParser(), path=\"/echo\")"), [])
    }

    // MARK: Litestar

    func testALitestarDecoratorCountsOnlyWhenImportedFromLitestar() {
        func handlers(_ imports: String) -> [String] {
            openRoutes("app/handlers.py", head: ["app/handlers.py": """
                \(imports)
                from openai import OpenAI

                client = OpenAI()


                @post("/summaries")
                def summarize(data: dict) -> str:
                    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": data["text"]}]).choices[0].message.content
                """])
        }
        XCTAssertEqual(handlers("from litestar import post"), ["POST /summaries"])
        XCTAssertEqual(handlers("from litestar.handlers import (\n    get,\n    post,\n)"), ["POST /summaries"])
        XCTAssertEqual(handlers("from litestar import get\nfrom tasks.registry import post  # not litestar's"), [])
        XCTAssertEqual(handlers("import litestar\n\n\ndef post(path):\n    return lambda function: function"), [])
        XCTAssertEqual(handlers("from litestar import post as _unused\nfrom litestar import Litestar"), [])
    }

    func testALitestarAliasAndTheModuleFormAreRoutes() {
        let aliased = openRoutes("app/api.py", head: ["app/api.py": """
            from litestar import post as http_post
            import anthropic

            client = anthropic.Anthropic()


            @http_post("/ask")
            def ask(data: dict) -> str:
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=[]).content[0].text
            """])
        XCTAssertEqual(aliased, ["POST /ask"])
        // The module form with an opt-out: `exclude_from_auth` names auth but takes the route out of it.
        let module = openRoutes("app/api.py", head: ["app/api.py": """
            import litestar
            import anthropic

            client = anthropic.Anthropic()


            @litestar.post("/ask", exclude_from_auth=True)
            def ask(data: dict) -> str:
                return client.messages.create(model="claude-sonnet-4-5", max_tokens=256, messages=[]).content[0].text
            """])
        XCTAssertEqual(module, ["POST /ask"])
    }

    func testLitestarControllerRouterAndAppGuards() {
        let controller = """
            from litestar import Controller, Litestar, Router, get, post
            from openai import OpenAI

            from app.guards import requires_admin

            client = OpenAI()


            def complete(text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])


            class DraftController(Controller):
                path = "/drafts"
                guards = [requires_admin]

                @post("/")
                async def create(self, data: dict) -> dict:
                    return {"draft": complete(data["text"])}


            class TitleController(Controller):
                path = "/titles"

                @post("/{kind:str}")
                async def create(self, kind: str, data: dict) -> dict:
                    return {"title": complete(data["text"])}

                @post("/guarded", guards=[requires_admin])
                async def guarded(self, data: dict) -> dict:
                    return {"title": complete(data["text"])}


            @post("/routed")
            async def routed(data: dict) -> dict:
                return {"text": complete(data["text"])}


            v1 = Router(path="/v1", route_handlers=[routed], guards=[requires_admin])
            app = Litestar(route_handlers=[DraftController, TitleController, v1], guards=[])
            """
        XCTAssertEqual(openRoutes("app/main.py", head: ["app/main.py": controller]), ["POST /titles/{kind:str}"])
    }

    func testLitestarAuthExcludePatternsAreSearchedLikeRegularExpressions() {
        func open(_ exclude: String) -> [String] {
            openRoutes("app/main.py", head: ["app/main.py": """
                from litestar import Litestar, post
                from litestar.middleware.session.server_side import ServerSideSessionConfig
                from litestar.security.session_auth import SessionAuth
                from openai import OpenAI

                client = OpenAI()
                session_auth = SessionAuth[dict, ServerSideSessionConfig](
                    retrieve_user_handler=lambda session, connection: session.get("user"),
                    session_backend_config=ServerSideSessionConfig(),
                    exclude=\(exclude),
                )


                @post("/api/v2/assist")
                def assist(data: dict) -> str:
                    return client.chat.completions.create(model="gpt-4o-mini", messages=data["messages"]).choices[0].message.content


                app = Litestar(route_handlers=[assist], on_app_init=[session_auth.on_app_init])
                """])
        }
        XCTAssertEqual(open(#"["/login", "/schema"]"#), [])
        XCTAssertEqual(open(#"["/login", "/api/v[0-9]+/assist$"]"#), ["POST /api/v2/assist"])
        XCTAssertEqual(open(#""assist""#), ["POST /api/v2/assist"])
    }

    func testALitestarAppInAnotherFileGuardsOnlyThroughItsGuardArguments() {
        let chat = """
            from litestar import Controller, post
            from openai import AsyncOpenAI

            client = AsyncOpenAI()


            class ChatController(Controller):
                path = "/chat"

                @post()
                async def complete(self, data: dict) -> dict:
                    return await client.chat.completions.create(model="gpt-4o-mini", messages=data["messages"])
            """
        func app(_ arguments: String) -> String {
            """
            from litestar import Litestar

            from app.controllers.auth import AuthController
            from app.controllers.chat import ChatController
            from app.security import oauth2_auth

            app = Litestar(route_handlers=[AuthController, ChatController]\(arguments))
            """
        }
        func open(_ arguments: String) -> [String] {
            openRoutes("app/controllers/chat.py", head: [
                "app/__init__.py": "", "app/controllers/chat.py": chat, "app/main.py": app(arguments),
                "app/controllers/auth.py": "class AuthController:\n    pass\n", "app/security.py": "oauth2_auth = None\n",
            ])
        }
        XCTAssertEqual(open(""), ["POST /chat"])
        XCTAssertEqual(open(", debug=True"), ["POST /chat"])
        XCTAssertEqual(open(", on_app_init=[oauth2_auth.on_app_init]"), [])
    }

    // MARK: Starlette

    func testStarletteRoutesUnderMountsAndTheirEndpoints() {
        let source = """
            from starlette.applications import Starlette
            from starlette.endpoints import HTTPEndpoint, WebSocketEndpoint
            from starlette.responses import Response
            from starlette.routing import Mount, Route, WebSocketRoute
            from openai import OpenAI

            client = OpenAI()


            def complete(text):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])


            async def draft(request):
                return Response(complete((await request.body()).decode()))


            class Summary(HTTPEndpoint):
                async def get(self, request):
                    return Response("")

                async def post(self, request):
                    return Response(complete((await request.body()).decode()))


            class Stream(WebSocketEndpoint):
                async def on_receive(self, websocket, data):
                    await websocket.send_text(complete(data))


            def not_an_endpoint(request, extra):
                return complete(extra)


            app = Starlette(routes=[
                Mount("/api", routes=[
                    Route("/draft", endpoint=draft, methods=["POST"]),
                    Mount("/v1", routes=[Route("/summary", Summary)]),
                ]),
                WebSocketRoute("/ws", Stream),
            ])
            """
        XCTAssertEqual(
            openRoutes("app/main.py", head: ["app/main.py": source]).sorted(),
            ["POST /api/draft", "POST /api/v1/summary", "WEBSOCKET /ws"])
    }

    func testStarlettesAuthenticationMiddlewareGuardsNothingButAGuardingMiddlewareDoes() {
        let views = """
            from openai import OpenAI
            from starlette.responses import JSONResponse

            client = OpenAI()


            async def reply(request):
                r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
                return JSONResponse({"draft": r.choices[0].message.content})
            """
        func open(_ middleware: String) -> [String] {
            openRoutes("app/views.py", head: ["app/__init__.py": "", "app/views.py": views, "app/main.py": """
                from starlette.applications import Starlette
                from starlette.middleware import Middleware
                from starlette.middleware.authentication import AuthenticationMiddleware
                from starlette.routing import Route

                from app import views
                from app.auth import JWTBackend, RequireAuthMiddleware

                app = Starlette(routes=[Route("/reply", views.reply, methods=["POST"])], middleware=[\(middleware)])
                """])
        }
        XCTAssertEqual(open("Middleware(AuthenticationMiddleware, backend=JWTBackend())"), ["endpoint reply"])
        XCTAssertEqual(open("Middleware(AuthenticationMiddleware, backend=JWTBackend()), Middleware(RequireAuthMiddleware)"), [])
    }

    func testTheStarletteAppsMiddlewareCoversItsDecoratedRoutes() {
        func open(_ middleware: String) -> [String] {
            openRoutes("app.py", head: ["app.py": """
                from starlette.applications import Starlette
                from starlette.middleware import Middleware
                from starlette.middleware.authentication import AuthenticationMiddleware
                from starlette.responses import JSONResponse
                from openai import OpenAI

                from auth import JWTBackend, LoginRequiredMiddleware

                client = OpenAI()
                app = Starlette(middleware=[\(middleware)])


                @app.route("/chat", methods=["POST"])
                async def chat(request):
                    r = client.chat.completions.create(model="gpt-4o-mini", messages=(await request.json())["messages"])
                    return JSONResponse({"reply": r.choices[0].message.content})
                """])
        }
        XCTAssertEqual(open("Middleware(AuthenticationMiddleware, backend=JWTBackend())"), ["POST /chat"])
        XCTAssertEqual(open("Middleware(LoginRequiredMiddleware)"), [])
    }

    func testFastAPIAddMiddlewareOfStarlettesAuthenticationMiddlewareGuardsNothing() {
        let router = """
            from fastapi import APIRouter
            from openai import OpenAI

            router = APIRouter()
            client = OpenAI()


            @router.post("/complete")
            def complete(body: dict):
                return client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])
            """
        func open(_ middleware: String) -> [String] {
            openRoutes("app/routers/ai.py", head: ["app/__init__.py": "", "app/routers/ai.py": router, "app/main.py": """
                from fastapi import FastAPI
                from starlette.middleware.authentication import AuthenticationMiddleware

                from app.auth import BearerBackend, JWTAuthMiddleware
                from app.routers import ai

                app = FastAPI()
                app.add_middleware(\(middleware))
                app.include_router(ai.router)
                """])
        }
        XCTAssertEqual(open("AuthenticationMiddleware, backend=BearerBackend()"), ["POST /complete"])
        XCTAssertEqual(open("JWTAuthMiddleware"), [])
        // Given to the app as it is made, here or where the router is included.
        let made = """
            from fastapi import FastAPI
            from starlette.middleware import Middleware
            from starlette.middleware.authentication import AuthenticationMiddleware
            from openai import OpenAI

            from app.auth import BearerBackend
            from app.routers import ai

            app = FastAPI(middleware=[Middleware(AuthenticationMiddleware, backend=BearerBackend())])
            app.include_router(ai.router)
            client = OpenAI()


            @app.post("/draft")
            def draft(body: dict):
                return client.chat.completions.create(model="gpt-4o-mini", messages=body["messages"])
            """
        XCTAssertEqual(openRoutes("app/main.py", head: ["app/__init__.py": "", "app/main.py": made]), ["POST /draft"])
        XCTAssertEqual(
            openRoutes("app/routers/ai.py", head: ["app/__init__.py": "", "app/routers/ai.py": router, "app/main.py": made]),
            ["POST /complete"])
    }

    // MARK: Grape

    func testGrapeRoutePathsAndTheFiltersThatApply() {
        let source = """
            module API
              class Assistant < Grape::API
                format :json

                resource :notes do
                  route_param :id do
                    post :summary do
                      OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] })
                    end
                  end
                end

                namespace :team do
                  after_validation { error!("Unauthorized", 401) unless current_user }

                  post "/summaries" do
                    OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] })
                  end
                end

                namespace "/billing" do
                  get do
                    { plan: "free" }
                  end
                end
              end
            end
            """
        XCTAssertEqual(openRoutes("app/api/assistant.rb", head: ["app/api/assistant.rb": source]), ["POST /notes/:id/summary"])
    }

    func testASinatraAppKeepsItsFileWideBeforeFilter() {
        let source = """
            require "sinatra"

            before do
              halt 401 unless session[:user_id]
            end

            post "/chat" do
              OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] }).to_json
            end
            """
        XCTAssertEqual(openRoutes("app.rb", head: ["app.rb": source]), [])
    }

    // MARK: Symfony

    func testSymfonyRoutesAttributesAnnotationsAndInvokableControllers() {
        let source = """
            <?php

            namespace App\\Controller;

            use Symfony\\Component\\Routing\\Attribute\\Route;
            use Symfony\\Component\\Security\\Http\\Attribute\\CurrentUser;
            use Symfony\\Component\\Security\\Http\\Attribute\\IsGranted;

            #[Route('/ai', name: 'ai_')]
            class AiController extends AbstractController
            {
                #[Route('/open', name: 'open', methods: ['POST'])]
                public function open(): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }

                #[Route('/public', methods: 'POST'), IsGranted('PUBLIC_ACCESS')]
                public function publicAccess(): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }

                #[Route('/mine', methods: ['POST'])]
                public function mine(#[CurrentUser] User $user): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }

                #[Route('/maybe', methods: ['POST'])]
                public function maybe(#[CurrentUser] ?User $user): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }

                /**
                 * @Route("/legacy", methods={"POST"})
                 * @Security("is_granted('ROLE_USER')")
                 */
                public function legacy(): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }

                public function helper(): Response
                {
                    return $this->json(\\OpenAI::client('k')->chat()->create([]));
                }
            }

            #[Route('/ask', methods: ['POST'])]
            final class AskAction
            {
                public function __invoke(): Response
                {
                    return new JsonResponse(\\OpenAI::client('k')->chat()->create([]));
                }
            }
            """
        XCTAssertEqual(
            openRoutes("src/Controller/AiController.php", head: ["src/Controller/AiController.php": source]),
            ["POST /ai/open", "POST /ai/public", "POST /ai/maybe", "POST /ask"])
    }

    func testSymfonyAccessControlFirstMatchingRuleDecides() {
        let yaml = """
            security:
                firewalls:
                    main:
                        lazy: true
                access_control:
                    - { path: '^/api/(login|docs)', roles: PUBLIC_ACCESS }
                    - { path: ^/api/webhooks, roles: PUBLIC_ACCESS, methods: [POST] }
                    - { path: ^/internal, roles: ROLE_ADMIN, ips: [127.0.0.1] }
                    - path: ^/api
                      roles: [IS_AUTHENTICATED_FULLY]
                    - { path: ^/reports, roles: ROLE_USER, methods: [GET] } # reading only
                when@test:
                    security:
                        password_hashers: { plaintext: plaintext }
            """
        let index = CodeIndex(tree: InMemorySourceTree(["config/packages/security.yaml": yaml]), recognizer: CatalogueLeafRecognizer())
        XCTAssertNotNil(index.symfonyAccessControlGuard(forPath: "/api/chat", method: "POST"))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/api/login", method: "POST"))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/api/webhooks/stripe", method: "POST"))
        XCTAssertNotNil(index.symfonyAccessControlGuard(forPath: "/api/webhooks/stripe", method: "PUT"))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/api/webhooks/stripe", method: nil))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/internal/reindex", method: "POST"))
        XCTAssertNotNil(index.symfonyAccessControlGuard(forPath: "/reports/x", method: "GET"))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/reports/x", method: "POST"))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/reports/x", method: nil))
        XCTAssertNil(index.symfonyAccessControlGuard(forPath: "/chat", method: "POST"))
    }
}
