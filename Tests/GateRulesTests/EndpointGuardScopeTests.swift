import GateCore
import GateRules
import XCTest

/// Which routes a guard declared away from the route covers: the project's security configuration, a framework's
/// global guard, and the opt-outs from them, over a small head tree as `gate check` reads it.
final class EndpointGuardScopeTests: XCTestCase {
    /// The routes of `path` reported as open, by name, over the head tree `files`.
    static func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        headTreeFindings(path, head: files).filter { $0.rule == "unprotected-endpoint" }
            .map { $0.message.components(separatedBy: " reaches").first ?? $0.message }
    }

    static let springSecurity = """
        package app.config;

        @Configuration
        @EnableWebSecurity
        public class SecurityConfig {
            @Bean
            SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
                http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/api/public/**").permitAll()
                        .anyRequest().authenticated());
                return http.build();
            }
        }
        """

    static func springController(_ mapping: String) -> String {
        """
        package app.web;

        @RestController
        @RequestMapping("\(mapping)")
        public class SummaryController {
            private final OpenAIClient client = OpenAIOkHttpClient.fromEnv();

            @PostMapping("/summaries")
            public String summarize(@RequestBody String text) {
                return client.chat().completions().create(params(text)).choices().get(0).message().content().orElse("");
            }
        }
        """
    }

    func testASpringRoutePermittedToAllIsOpenAndTheOthersAreBehindTheFilterChain() {
        let config = "src/main/java/app/config/SecurityConfig.java"
        let controller = "src/main/java/app/web/SummaryController.java"
        XCTAssertEqual(
            Self.openRoutes(controller, head: [config: Self.springSecurity, controller: Self.springController("/api/public")]),
            ["summarize (@PostMapping)"])
        XCTAssertEqual(
            Self.openRoutes(controller, head: [config: Self.springSecurity, controller: Self.springController("/api/private")]), [])
    }

    func testSpringPathPatternsMatchAsAntPatterns() {
        XCTAssertTrue(CodeIndex.antPatternMatches("/api/public/**", "/api/public"))
        XCTAssertTrue(CodeIndex.antPatternMatches("/api/public/**", "/api/public/a/b"))
        XCTAssertFalse(CodeIndex.antPatternMatches("/api/public/**", "/api/publicity"))
        XCTAssertTrue(CodeIndex.antPatternMatches("/api/*/summaries", "/api/v1/summaries"))
        XCTAssertFalse(CodeIndex.antPatternMatches("/api/*/summaries", "/api/v1/x/summaries"))
        XCTAssertTrue(CodeIndex.antPatternMatches("/files/*.txt", "/files/a.txt"))
        XCTAssertFalse(CodeIndex.antPatternMatches("/health", "/health/x"))
    }

    func testANestRouteOfAControllerWithPublicRoutesIsBehindTheGlobalGuardUnlessItOptsOut() {
        let module = """
            import { Module } from "@nestjs/common";
            import { APP_GUARD } from "@nestjs/core";
            import { JwtAuthGuard } from "./auth/jwt-auth.guard";

            @Module({ providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }] })
            export class AppModule {}
            """
        let controller = """
            import { Body, Controller, Post } from "@nestjs/common";
            import OpenAI from "openai";
            import { Public } from "../auth/public.decorator";

            const openai = new OpenAI();

            @Controller("ai")
            export class AiController {
              @Post("generate")
              async generate(@Body() body: { prompt: string }) {
                return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: body.prompt }] });
              }

              @Public()
              @Post("demo")
              async demo(@Body() body: { prompt: string }) {
                return openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: body.prompt }] });
              }
            }
            """
        XCTAssertEqual(
            Self.openRoutes("src/ai/ai.controller.ts", head: ["src/app.module.ts": module, "src/ai/ai.controller.ts": controller]),
            ["demo (@Post)"])
    }

    func testExpressMiddlewarePassedByNameFromAnotherFileGuardsTheRoute() {
        let middleware = """
            import jwt from "jsonwebtoken";
            import asyncHandler from "express-async-handler";

            export const protect = asyncHandler(async (req, res, next) => {
              const token = req.headers.authorization?.split(" ")[1];
              if (!token) return res.status(401).json({ message: "Not authorized" });
              req.user = jwt.verify(token, process.env.JWT_SECRET);
              next();
            });

            export const logRequest = (req, res, next) => {
              console.log(req.method, req.url);
              next();
            };
            """
        func routes(_ middleware: String) -> String {
            """
            import { Router } from "express";
            import OpenAI from "openai";
            import { \(middleware) } from "../middleware/auth";

            const openai = new OpenAI();
            export const router = Router();

            router.post("/complete", \(middleware), async (req, res) => {
              const r = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: req.body.prompt }] });
              res.json(r.choices[0].message);
            });
            """
        }
        let path = "src/routes/ai.ts"
        XCTAssertEqual(Self.openRoutes(path, head: ["src/middleware/auth.ts": middleware, path: routes("protect")]), [])
        XCTAssertEqual(
            Self.openRoutes(path, head: ["src/middleware/auth.ts": middleware, path: routes("logRequest")]), ["POST /complete"])
    }

    func testALaravelRouteToAControllerActionReachesWhatTheActionCalls() {
        let controller = """
            <?php

            namespace App\\Http\\Controllers;

            use Illuminate\\Http\\Request;
            use OpenAI;

            class ChatController extends Controller
            {
                public function store(Request $request)
                {
                    $client = OpenAI::client(config('services.openai.key'));
                    return $client->chat()->create(['model' => 'gpt-4o-mini', 'messages' => []]);
                }
            }
            """
        func routes(_ chained: String) -> String {
            """
            <?php

            use App\\Http\\Controllers\\ChatController;
            use Illuminate\\Support\\Facades\\Route;

            Route::post('/chat', [ChatController::class, 'store'])\(chained);
            """
        }
        let composer = #"{ "autoload": { "psr-4": { "App\\": "app/" } } }"#
        let files = ["app/Http/Controllers/ChatController.php": controller, "composer.json": composer]
        XCTAssertEqual(Self.openRoutes("routes/api.php", head: files.merging(["routes/api.php": routes("")]) { $1 }), ["POST /chat"])
        XCTAssertEqual(
            Self.openRoutes("routes/api.php", head: files.merging(["routes/api.php": routes("->middleware('throttle:60,1')")]) { $1 }),
            [])
        // Laravel's `App\` → `app/` holds without an autoload section, and without a composer.json.
        let bare = ["app/Http/Controllers/ChatController.php": controller, "composer.json": #"{ "require": { "laravel/framework": "^11" } }"#]
        XCTAssertEqual(Self.openRoutes("routes/api.php", head: bare.merging(["routes/api.php": routes("")]) { $1 }), ["POST /chat"])
        XCTAssertEqual(
            Self.openRoutes("routes/api.php", head: ["app/Http/Controllers/ChatController.php": controller, "routes/api.php": routes("")]),
            ["POST /chat"])
    }

    /// A single-action controller is routed by its class (`Route::post('/x', SummaryController::class)`) and runs its
    /// `__invoke`; Laravel before 8 named the action in a string (`'Api\AskController@store'`, under
    /// `App\Http\Controllers`).
    func testALaravelRouteToAnInvokableControllerOrAStringActionReachesWhatItCalls() {
        let controller = """
            <?php

            namespace App\\Http\\Controllers\\Api;

            use App\\Http\\Controllers\\Controller;
            use Illuminate\\Http\\Request;
            use OpenAI\\Laravel\\Facades\\OpenAI;

            class SummaryController extends Controller
            {
                public function __invoke(Request $request)
                {
                    return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $request->input('text')]]]);
                }

                public function health()
                {
                    return ['ok' => true];
                }
            }
            """
        func routes(_ route: String) -> [String: String] {
            ["app/Http/Controllers/Api/SummaryController.php": controller, "routes/api.php": """
                <?php

                use App\\Http\\Controllers\\Api\\SummaryController;
                use Illuminate\\Support\\Facades\\Route;

                \(route)
                """]
        }
        XCTAssertEqual(Self.openRoutes("routes/api.php", head: routes("Route::post('/summary', SummaryController::class);")),
                       ["POST /summary"])
        XCTAssertEqual(Self.openRoutes("routes/api.php", head: routes("Route::post('/summary', 'Api\\SummaryController@__invoke');")),
                       ["POST /summary"])
        // Guarded, or routed to an action that spends nothing.
        XCTAssertEqual(
            Self.openRoutes("routes/api.php", head: routes("Route::post('/summary', SummaryController::class)->middleware('auth:sanctum');")),
            [])
        XCTAssertEqual(Self.openRoutes("routes/api.php", head: routes("Route::get('/health', 'Api\\SummaryController@health');")), [])
        // A class named among a closure's arguments is no action of the route's.
        XCTAssertEqual(
            Self.openRoutes("routes/api.php", head: routes("Route::get('/health', fn () => response()->json(class_basename(SummaryController::class)));")),
            [])
    }

    /// A Laravel controller guards its own actions: `$this->middleware(…)` in its constructor (with `->only`/`->except`),
    /// or Laravel 11's static `middleware()` (`new Middleware('auth', only: […])`).
    func testALaravelControllersOwnMiddlewareGuardsTheActionsItCovers() {
        func controller(_ declaration: String) -> String {
            """
            <?php

            namespace App\\Http\\Controllers;

            use Illuminate\\Http\\Request;
            use Illuminate\\Routing\\Controllers\\HasMiddleware;
            use Illuminate\\Routing\\Controllers\\Middleware;
            use OpenAI\\Laravel\\Facades\\OpenAI;

            class AskController extends Controller implements HasMiddleware
            {
                \(declaration)

                public function store(Request $request)
                {
                    return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $request->input('q')]]]);
                }

                public function preview(Request $request)
                {
                    return OpenAI::chat()->create(['model' => 'gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => $request->input('q')]]]);
                }
            }
            """
        }
        let routes = """
            <?php

            use App\\Http\\Controllers\\AskController;
            use Illuminate\\Support\\Facades\\Route;

            Route::post('/ask', [AskController::class, 'store']);
            Route::post('/preview', [AskController::class, 'preview']);
            """
        func open(_ declaration: String) -> [String] {
            Self.openRoutes("routes/api.php", head: ["app/Http/Controllers/AskController.php": controller(declaration), "routes/api.php": routes])
        }
        XCTAssertEqual(open("public function __construct()\n    {\n        $this->middleware('auth');\n    }"), [])
        XCTAssertEqual(open("public function __construct()\n    {\n        $this->middleware(['auth:sanctum', 'verified'])->only(['store']);\n    }"),
                       ["POST /preview"])
        XCTAssertEqual(open("public function __construct()\n    {\n        $this->middleware('throttle:10,1')->except('preview');\n    }"),
                       ["POST /preview"])
        XCTAssertEqual(open("public static function middleware(): array\n    {\n        return ['auth'];\n    }"), [])
        XCTAssertEqual(
            open("public static function middleware(): array\n    {\n        return [new Middleware('auth:sanctum', only: ['store']), new Middleware('log')];\n    }"),
            ["POST /preview"])
        // Middleware that neither authenticates nor limits guards nothing; an action's name is no middleware.
        XCTAssertEqual(open("public static function middleware(): array\n    {\n        return [new Middleware('log', except: ['auth'])];\n    }"),
                       ["POST /ask", "POST /preview"])
        XCTAssertEqual(open("public function __construct()\n    {\n        $this->middleware('log');\n    }"), ["POST /ask", "POST /preview"])
    }

    func testASPNetActionsWrittenAsExpressionBodiesAreEndpoints() {
        let controller = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;

            [ApiController]
            [Route("api/[controller]")]
            public class SummariesController : ControllerBase
            {
                private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                [HttpPost]
                [Authorize]
                public async Task<IActionResult> Create(string text) => Ok(await _chat.CompleteChatAsync(text));

                [HttpPost("demo")]
                public async Task<IActionResult> Demo(string text) => Ok(await _chat.CompleteChatAsync(text));

                [HttpGet("health")]
                public IActionResult Health() => Ok("ok");
            }
            """
        XCTAssertEqual(
            Self.openRoutes("Controllers/SummariesController.cs", head: ["Controllers/SummariesController.cs": controller]),
            ["Demo (@HttpPost)"])
    }

    /// Attributes are written in any order: an `[AllowAnonymous]` or `[Authorize]` above `[HttpPost]` on an expression-bodied
    /// action opts it out of its controller's `[Authorize]`, or guards it, as one below does.
    func testAttributesAboveAnExpressionBodiedActionsMappingApplyToIt() {
        func controller(authorized: Bool, _ actions: String) -> String {
            """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;

            [ApiController]
            \(authorized ? "[Authorize]" : "")
            [Route("api/[controller]")]
            public class SummariesController : ControllerBase
            {
                private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

            \(actions)
            }
            """
        }
        let actions = """
                [HttpPost]
                public async Task<IActionResult> Create(string text) => Ok(await _chat.CompleteChatAsync(text));

                [AllowAnonymous]
                [HttpPost("preview")]
                public async Task<IActionResult> Preview(string text) => Ok(await _chat.CompleteChatAsync(text));
            """
        let path = "Controllers/SummariesController.cs"
        XCTAssertEqual(Self.openRoutes(path, head: [path: controller(authorized: true, actions)]), ["Preview (@HttpPost)"])
        let guarded = """
                [Authorize(Policy = "Paid")]
                [HttpPost]
                public async Task<IActionResult> Create(string text) => Ok(await _chat.CompleteChatAsync(text));

                [HttpPost("demo")]
                public async Task<IActionResult> Demo(string text) => Ok(await _chat.CompleteChatAsync(text));
            """
        XCTAssertEqual(Self.openRoutes(path, head: [path: controller(authorized: false, guarded)]), ["Demo (@HttpPost)"])
    }

    func testAnASPNetActionThatAllowsAnonymousIsNotCoveredByItsControllersAuthorize() {
        let controller = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using OpenAI.Chat;

            [ApiController]
            [Authorize]
            [Route("api/[controller]")]
            public class SummariesController : ControllerBase
            {
                private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", Environment.GetEnvironmentVariable("OPENAI_API_KEY"));

                [HttpPost]
                public async Task<IActionResult> Create(string text)
                {
                    return Ok(await _chat.CompleteChatAsync(text));
                }

                [HttpPost("demo")]
                [AllowAnonymous]
                public async Task<IActionResult> Demo(string text)
                {
                    return Ok(await _chat.CompleteChatAsync(text));
                }
            }
            """
        XCTAssertEqual(
            Self.openRoutes("Controllers/SummariesController.cs", head: ["Controllers/SummariesController.cs": controller]),
            ["Demo (@HttpPost)"])
    }

    func testAGuardCalledEarlierInTheRoutesChainGuardsOnlyThatRoute() {
        let router = """
            package main

            import (
            	"net/http"

            	"github.com/go-chi/chi/v5"
            	openai "github.com/sashabaranov/go-openai"
            )

            func routes(client *openai.Client) http.Handler {
            	r := chi.NewRouter()
            	r.With(requireAuth).Post("/summaries", func(w http.ResponseWriter, req *http.Request) {
            		client.CreateChatCompletion(req.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o})
            	})
            	r.With(logRequest).Post("/drafts", func(w http.ResponseWriter, req *http.Request) {
            		client.CreateChatCompletion(req.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o})
            	})
            	return r
            }
            """
        XCTAssertEqual(Self.openRoutes("cmd/api/routes.go", head: ["cmd/api/routes.go": router]), ["POST /drafts"])
        let laravel = """
            <?php

            use Illuminate\\Support\\Facades\\Route;
            use OpenAI\\Laravel\\Facades\\OpenAI;

            Route::middleware('auth:sanctum')->post('/summaries', function () {
                return OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => request('messages')]);
            });
            Route::middleware('log')->post('/drafts', function () {
                return OpenAI::chat()->create(['model' => 'gpt-4o', 'messages' => request('messages')]);
            });
            """
        XCTAssertEqual(Self.openRoutes("routes/custom.php", head: ["routes/custom.php": laravel]), ["POST /drafts"])
    }

    /// DRF's default `IsAuthenticatedOrReadOnly` lets anyone call the actions that only read, and no other; a
    /// default of `IsAuthenticated` (here commented out in favour of it) guards them all.
    func testADRFDefaultThatLetsAnyoneReadLeavesReadingActionsOpen() {
        func settings(_ classes: String) -> String {
            """
            REST_FRAMEWORK = {
                "DEFAULT_PERMISSION_CLASSES": [
            \(classes)
                ],
            }
            """
        }
        let views = """
            from openai import OpenAI
            from rest_framework import viewsets
            from rest_framework.decorators import action
            from rest_framework.response import Response

            client = OpenAI()


            class ArticleViewSet(viewsets.ViewSet):
                @action(detail=True, methods=["get"])
                def summary(self, request, pk=None):
                    return Response(client.chat.completions.create(model="gpt-4o-mini", messages=[]))

                def create(self, request):
                    return Response(client.chat.completions.create(model="gpt-4o-mini", messages=[]))
            """
        let readOnly = settings("""
                    # "rest_framework.permissions.IsAuthenticated",
                    "rest_framework.permissions.IsAuthenticatedOrReadOnly",
            """)
        XCTAssertEqual(Self.openRoutes("articles/views.py", head: ["config/settings.py": readOnly, "articles/views.py": views]), ["view summary"])
        let strict = settings("        \"rest_framework.permissions.IsAuthenticated\",")
        XCTAssertEqual(Self.openRoutes("articles/views.py", head: ["config/settings.py": strict, "articles/views.py": views]), [])
    }

    /// Clearance's and Sorcery's `before_action :require_login` in the base controller guards every action that
    /// does not skip it, as an app's own `require_login` does.
    func testARailsBaseControllersRequireLoginGuardsTheActionsThatDoNotSkipIt() {
        let base = """
            class ApplicationController < ActionController::Base
              include Clearance::Controller
              before_action :require_login
            end
            """
        let summaries = """
            class SummariesController < ApplicationController
              skip_before_action :require_login, only: [:preview]

              def preview
                render json: OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] })
              end

              def create
                render json: OpenAI::Client.new.chat(parameters: { model: "gpt-4o-mini", messages: [] })
              end
            end
            """
        XCTAssertEqual(
            Self.openRoutes("app/controllers/summaries_controller.rb", head: [
                "app/controllers/application_controller.rb": base, "app/controllers/summaries_controller.rb": summaries,
            ]),
            ["action preview"])
    }
}
