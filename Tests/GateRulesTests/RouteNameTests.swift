import XCTest

/// How a route is named in its finding: the method it answers and its path, under the prefixes its router is made and
/// mounted under (a Python router's, an Express/Hono/Fastify router's mount in another file, Go groups).
final class RouteNameTests: XCTestCase {
    private static let call = """
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        """

    private func openRoutes(_ source: String) -> [String] {
        EndpointGuardScopeTests.openRoutes("app/routes.py", head: ["app/routes.py": source])
    }

    func testAFastAPIRouteIsNamedUnderItsRoutersPrefix() {
        XCTAssertEqual(openRoutes("""
            from fastapi import APIRouter
            from openai import OpenAI

            client = OpenAI()
            router = APIRouter(prefix="/chat", tags=["chat"])
            other = APIRouter()


            @router.post("/complete")
            def complete():
                return \(Self.call)


            @other.get("/plain")
            def plain():
                return \(Self.call)
            """), ["POST /chat/complete", "GET /plain"])
    }

    func testAFlaskRouteIsNamedByItsMethodsAndTheBlueprintsPrefix() {
        XCTAssertEqual(openRoutes("""
            from flask import Blueprint
            from openai import OpenAI

            client = OpenAI()
            bp = Blueprint("ai", __name__, url_prefix="/ai")


            @bp.route("/ask", methods=["POST", "PUT"])
            def ask():
                return \(Self.call)


            @bp.route("/page")
            def page():
                return \(Self.call)
            """), ["POST /ai/ask", "GET /ai/page"])
    }

    func testAGoHandlerWithoutAMethodInItsPatternServesAny() {
        let routes = EndpointGuardScopeTests.openRoutes("main.go", head: ["main.go": """
            package main

            import "net/http"

            func main() {
            	http.HandleFunc("/summarize", func(w http.ResponseWriter, r *http.Request) {
            		client.chat.completions.create(r.Context(), r.FormValue("text"))
            	})
            	http.HandleFunc("POST /title", func(w http.ResponseWriter, r *http.Request) {
            		client.chat.completions.create(r.Context(), r.FormValue("text"))
            	})
            }
            """])
        XCTAssertEqual(routes, ["ANY /summarize", "POST /title"])
    }

    /// A router mounted by another file under a prefix (`include_router(chat.router, prefix="/api/v1")`, Flask's
    /// `register_blueprint(bp, url_prefix=…)`) names its routes under that prefix, before its own.
    func testARouterMountedUnderAPrefixElsewhere() {
        let routes = """
            from fastapi import APIRouter
            from openai import OpenAI

            client = OpenAI()
            router = APIRouter(prefix="/chat")


            @router.post("/ask")
            def ask():
                return \(Self.call)
            """
        func openRoutes(main: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("app/routers/chat.py", head: ["app/routers/chat.py": routes, "app/main.py": main])
        }
        let main = "from fastapi import FastAPI\n\nfrom app.routers import chat\n\napp = FastAPI()\n"
        XCTAssertEqual(openRoutes(main: main + "app.include_router(chat.router, prefix=\"/api/v1\")\n"), ["POST /api/v1/chat/ask"])
        // The router imported by name, mounted without a prefix.
        XCTAssertEqual(openRoutes(main: "from fastapi import FastAPI\n\nfrom app.routers.chat import router as chat_router\n\n"
                                    + "app = FastAPI()\napp.include_router(chat_router)\n"), ["POST /chat/ask"])
        // Another module's router mounted under a prefix is not this one.
        XCTAssertEqual(openRoutes(main: main + "from app.routers import admin\n\napp.include_router(admin.router, prefix=\"/admin\")\n"
                                    + "app.include_router(chat.router)\n"), ["POST /chat/ask"])
        let blueprint = """
            from flask import Blueprint
            from openai import OpenAI

            client = OpenAI()
            bp = Blueprint("ai", __name__)


            @bp.post("/ask")
            def ask():
                return \(Self.call)
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/ai.py", head: [
            "app/ai.py": blueprint,
            "app/__init__.py": "from flask import Flask\n\nfrom app.ai import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp, url_prefix=\"/api\")\n",
        ]), ["POST /api/ask"])
    }

    // MARK: JavaScript and TypeScript

    private static let jsCall = """
        openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })
        """

    /// An Express router of `src/routes/chat.js`, exported as `export`.
    private static func expressRouter(export: String = "module.exports = router;") -> String {
        """
        const express = require("express");
        const OpenAI = require("openai");

        const openai = new OpenAI();
        const router = express.Router();

        router.post("/ask", async (req, res) => {
          res.json(await \(jsCall));
        });

        \(export)
        """
    }

    private func openExpressRoutes(app: String, more: [String: String] = [:], router: String = expressRouter()) -> [String] {
        EndpointGuardScopeTests.openRoutes("src/routes/chat.js", head: more.merging([
            "src/routes/chat.js": router,
            "src/app.js": "const express = require(\"express\");\n\nconst app = express();\napp.use(express.json());\n" + app,
        ]) { $1 })
    }

    /// An Express router mounted under a path by the app (required by name, or in place) names its routes under it.
    func testAnExpressRouterMountedUnderAPathElsewhere() {
        XCTAssertEqual(
            openExpressRoutes(app: "const chatRouter = require(\"./routes/chat\");\n\napp.use(\"/api/v1\", chatRouter);\n"),
            ["POST /api/v1/ask"])
        XCTAssertEqual(openExpressRoutes(app: "app.use(\"/api/v1\", require(\"./routes/chat\"));\n"), ["POST /api/v1/ask"])
        // A router a function makes and returns, mounted where it is called.
        XCTAssertEqual(
            openExpressRoutes(
                app: "const { createChatRouter } = require(\"./routes/chat\");\n\napp.use(\"/api\", createChatRouter());\n",
                router: """
                    const { Router } = require("express");
                    const OpenAI = require("openai");

                    const openai = new OpenAI();

                    function createChatRouter() {
                      const router = Router();
                      router.post("/ask", async (req, res) => res.json(await \(Self.jsCall)));
                      return router;
                    }

                    module.exports = { createChatRouter };
                    """),
            ["POST /api/ask"])
        // A named export, imported by name.
        XCTAssertEqual(
            openExpressRoutes(
                app: "import { chatRouter } from \"./routes/chat\";\n\napp.use(\"/api\", chatRouter);\n",
                router: Self.expressRouter(export: "export { router as chatRouter };")),
            ["POST /api/ask"])
    }

    /// A router mounted by another router (`router.use("/chat", chat)`) that is mounted in turn: both prefixes.
    func testAnExpressRouterMountedByARouterThatIsMountedInTurn() {
        let index = """
            const express = require("express");
            const chat = require("./chat");

            const router = express.Router();
            router.use("/chat", chat);

            module.exports = router;
            """
        XCTAssertEqual(
            openExpressRoutes(
                app: "const routes = require(\"./routes\");\n\napp.use(\"/api\", routes);\n", more: ["src/routes/index.js": index]),
            ["POST /api/chat/ask"])
    }

    /// Only the router's own mount names it: middleware `use`d without a path, a mount without a path, no mount at
    /// all, another module's router of the same file name and another export of the same module add nothing.
    func testAnExpressRouterIsNamedOnlyUnderItsOwnMount() {
        XCTAssertEqual(openExpressRoutes(app: "const chat = require(\"./routes/chat\");\n\napp.use(chat);\n"), ["POST /ask"])
        XCTAssertEqual(openExpressRoutes(app: "app.listen(3000);\n"), ["POST /ask"])
        let admin = "const express = require(\"express\");\n\nconst router = express.Router();\n\nmodule.exports = router;\n"
        XCTAssertEqual(
            openExpressRoutes(
                app: "const adminChat = require(\"./admin/chat\");\nconst chat = require(\"./routes/chat\");\n\n"
                    + "app.use(\"/admin\", adminChat);\napp.use(\"/api\", chat);\n",
                more: ["src/admin/chat.js": admin]),
            ["POST /api/ask"])
        XCTAssertEqual(
            openExpressRoutes(
                app: "const { router, publicRouter } = require(\"./routes/chat\");\n\n"
                    + "app.use(\"/public\", publicRouter);\napp.use(\"/api\", router);\n",
                router: Self.expressRouter(export: "module.exports = { router, publicRouter: express.Router() };")),
            ["POST /api/ask"])
    }

    private static let honoChat = """
        import { Hono } from "hono";
        import OpenAI from "openai";

        const openai = new OpenAI();
        const chat = new Hono();

        chat.post("/ask", async (c) => c.json(await \(jsCall)));

        export default chat;
        """

    /// Hono's `app.route("/api", chat)` of a sub-app from another module, and `basePath` in the same file.
    func testAHonoAppMountedByRouteOrGivenABasePath() {
        func openRoutes(index: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("src/routes/chat.ts", head: ["src/routes/chat.ts": Self.honoChat, "src/index.ts": index])
        }
        let index = "import { Hono } from \"hono\";\nimport chat from \"./routes/chat\";\nimport admin from \"./routes/admin\";\n\n"
        XCTAssertEqual(openRoutes(index: index + "const app = new Hono().basePath(\"/v2\");\napp.route(\"/api\", chat);\n"), ["POST /v2/api/ask"])
        XCTAssertEqual(openRoutes(index: index + "const app = new Hono();\napp.route(\"/admin\", admin);\napp.route(\"/\", chat);\n"), ["POST /ask"])
        let basePath = EndpointGuardScopeTests.openRoutes("src/index.ts", head: ["src/index.ts": """
            import { Hono } from "hono";
            import OpenAI from "openai";

            const openai = new OpenAI();
            const app: Hono = new Hono().basePath("/api");
            const other = new Hono();

            app.post("/ask", async (c) => c.json(await \(Self.jsCall)));
            other.post("/plain", async (c) => c.json(await \(Self.jsCall)));

            export default app;
            """])
        XCTAssertEqual(basePath, ["POST /api/ask", "POST /plain"])
    }

    /// A Fastify plugin registered with a prefix (`app.register(chatRoutes, { prefix: "/api" })`) names its routes under
    /// it; registered without one, or another plugin registered with one, it keeps its name.
    func testAFastifyPluginRegisteredWithAPrefix() {
        let plugin = """
            import OpenAI from "openai";

            const openai = new OpenAI();

            export default async function chatRoutes(fastify, opts) {
              fastify.post("/ask", async (request, reply) => \(Self.jsCall));
            }
            """
        func openRoutes(app: String) -> [String] {
            EndpointGuardScopeTests.openRoutes("src/routes/chat.ts", head: [
                "src/routes/chat.ts": plugin,
                "src/app.ts": "import Fastify from \"fastify\";\nimport cors from \"@fastify/cors\";\nimport chatRoutes from \"./routes/chat\";\n"
                    + "import adminRoutes from \"./routes/admin\";\n\nconst app = Fastify();\napp.register(cors);\n" + app,
            ])
        }
        XCTAssertEqual(openRoutes(app: "app.register(chatRoutes, { prefix: \"/api\" });\n"), ["POST /api/ask"])
        XCTAssertEqual(openRoutes(app: "app.register(chatRoutes);\n"), ["POST /ask"])
        XCTAssertEqual(openRoutes(app: "app.register(adminRoutes, { prefix: \"/admin\" });\napp.register(chatRoutes);\n"), ["POST /ask"])
    }

    // MARK: Go

    private func openGoRoutes(_ body: String, more: String = "") -> [String] {
        EndpointGuardScopeTests.openRoutes("main.go", head: ["go.mod": "module example.com/app\n", "main.go": """
            package main

            import (
            	"net/http"

            	openai "github.com/sashabaranov/go-openai"
            )

            var client = openai.NewClient("")

            func chat(w http.ResponseWriter, r *http.Request) {
            	resp, _ := client.CreateChatCompletion(r.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o})
            	_ = resp
            }

            func main() {
            \(body)
            }
            \(more)
            """])
    }

    /// gin's groups, nested and with a `{ … }` block after them; a route on the engine and a group of the same name in
    /// another function keep their own names.
    func testGinRoutesAreNamedUnderTheirGroups() {
        XCTAssertEqual(openGoRoutes("""
            	r := gin.Default()
            	r.Use(gin.Logger())
            	api := r.Group("/api")
            	v1 := api.Group("/v1")
            	{
            		v1.POST("/chat", chat)
            	}
            	r.POST("/plain", chat)
            """, more: """

            func admin(r *gin.Engine) {
            	v1 := r.Group("/admin")
            	_ = v1
            }
            """), ["POST /api/v1/chat", "POST /plain"])
    }

    /// Echo's and fiber's groups.
    func testEchoAndFiberRoutesAreNamedUnderTheirGroups() {
        XCTAssertEqual(openGoRoutes("""
            	e := echo.New()
            	g := e.Group("/api")
            	g.POST("/chat", chat)
            """), ["POST /api/chat"])
        XCTAssertEqual(openGoRoutes("""
            	app := fiber.New()
            	api := app.Group("/api")
            	v1 := api.Group("/v1")
            	v1.Post("/chat", chat)
            """), ["POST /api/v1/chat"])
    }

    /// chi's `r.Route("/api", func(r chi.Router) {…})` and `r.Mount("/api", chatRouter())` of a router a function of
    /// the same file makes; a router made by a function mounted nowhere keeps its name.
    func testChiRoutesAreNamedUnderRouteAndMount() {
        XCTAssertEqual(openGoRoutes("""
            	r := chi.NewRouter()
            	r.Route("/api", func(r chi.Router) {
            		r.Post("/chat", chat)
            	})
            """), ["POST /api/chat"])
        let chatRouter = """

            func chatRouter() http.Handler {
            	r := chi.NewRouter()
            	r.Post("/chat", chat)
            	return r
            }
            """
        XCTAssertEqual(openGoRoutes("\tr := chi.NewRouter()\n\tr.Mount(\"/api\", chatRouter())\n", more: chatRouter), ["POST /api/chat"])
        XCTAssertEqual(openGoRoutes("\tr := chi.NewRouter()\n\tr.Mount(\"/admin\", adminRouter())\n", more: chatRouter), ["POST /chat"])
        // A function taking the router, given to `Route`.
        XCTAssertEqual(
            openGoRoutes("\tr := chi.NewRouter()\n\tr.Route(\"/v2\", chatRoutes)\n", more: "\nfunc chatRoutes(r chi.Router) {\n\tr.Post(\"/chat\", chat)\n}\n"),
            ["POST /v2/chat"])
    }

    /// chi's `Mount` of a router another file makes: of the same package by name, of another package by the name
    /// it is imported under; the same function name of an unrelated package is not it.
    func testAChiRouterMadeInAnotherFileIsNamedUnderItsMount() {
        let chat = """
            package chat

            import (
            	"net/http"

            	"github.com/go-chi/chi/v5"
            	openai "github.com/sashabaranov/go-openai"
            )

            func Router() http.Handler {
            	r := chi.NewRouter()
            	r.Post("/ask", func(w http.ResponseWriter, req *http.Request) {
            		client := openai.NewClient("")
            		resp, _ := client.CreateChatCompletion(req.Context(), openai.ChatCompletionRequest{Model: openai.GPT4o})
            		_ = resp
            	})
            	return r
            }
            """
        func openRoutes(main: String, routes: String = "") -> [String] {
            var files = ["go.mod": "module example.com/app\n", "internal/chat/chat.go": chat, "cmd/server/main.go": """
                package main

                import (
                	"net/http"

                	"example.com/app/internal/admin"
                	"example.com/app/internal/chat"
                	"github.com/go-chi/chi/v5"
                )

                func main() {
                	r := chi.NewRouter()
                \(main)
                	http.ListenAndServe(":8080", r)
                }
                """]
            if !routes.isEmpty { files["internal/chat/routes.go"] = routes }
            return EndpointGuardScopeTests.openRoutes("internal/chat/chat.go", head: files)
        }
        XCTAssertEqual(openRoutes(main: "\tr.Mount(\"/api/chat\", chat.Router())"), ["POST /api/chat/ask"])
        XCTAssertEqual(openRoutes(main: "\tr.Mount(\"/admin\", admin.Router())\n\tr.Mount(\"/\", chat.Router())"), ["POST /ask"])
        let routes = "package chat\n\nimport \"github.com/go-chi/chi/v5\"\n\nfunc Mount(r chi.Router) {\n\tr.Mount(\"/v1\", Router())\n}\n"
        XCTAssertEqual(openRoutes(main: "\tchat.Mount(r)", routes: routes), ["POST /v1/ask"])
    }
}
