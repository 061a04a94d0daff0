import GateRules
import XCTest

/// Guards applied in another file where a router is handed over by an ordinary call (`mountGuard`'s mount sites):
/// axum layers, Vapor groups, Go groups and `Use`, Django Ninja's API and Flask's app hooks. Each shape with the
/// guard, and a near miss without it that must still be reported.
final class MountedRouterGuardTests: XCTestCase {
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    // MARK: axum

    static let axumRoutes = """
        use async_openai::{types::CreateChatCompletionRequestArgs, Client};
        use axum::{routing::post, Json, Router};

        pub fn routes() -> Router {
            Router::new().route("/summarize", post(summarize))
        }

        async fn summarize(Json(text): Json<String>) -> Json<String> {
            let client = Client::new();
            let request = CreateChatCompletionRequestArgs::default().model("gpt-4o").build().unwrap();
            let response = client.chat().create(request).await.unwrap();
            Json(format!("{:?}", response.choices))
        }
        """

    static func axumMain(_ router: String) -> String {
        """
        mod api;
        mod auth;
        mod admin;

        use axum::{middleware, Router};

        #[tokio::main]
        async fn main() {
        \(router)
            let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
            axum::serve(listener, app).await.unwrap();
        }
        """
    }

    func testAnAxumLayerAfterTheNestGuardsTheNestedRoutes() {
        let main = Self.axumMain("""
                let app = Router::new()
                    .nest("/api", api::routes())
                    .layer(middleware::from_fn(auth::require_auth));
            """)
        XCTAssertEqual(openRoutes("src/api.rs", head: ["Cargo.toml": "", "src/main.rs": main, "src/api.rs": Self.axumRoutes]), [])
    }

    func testAnAxumLayerOnAnotherRouterLeavesTheMergedOneOpen() {
        let main = Self.axumMain("""
                let protected = Router::new().nest("/admin", admin::routes()).layer(middleware::from_fn(auth::require_auth));
                let app = Router::new().merge(protected).nest("/api", api::routes());
            """)
        XCTAssertEqual(
            openRoutes("src/api.rs", head: ["Cargo.toml": "", "src/main.rs": main, "src/api.rs": Self.axumRoutes]),
            ["POST /summarize"])
    }

    func testAnAxumLayerWhereTheRoutesModuleIsNestedCoversItsSubmodules() {
        let routesModule = """
            mod chat;

            use axum::Router;

            pub fn router() -> Router {
                Router::new().merge(chat::routes())
            }
            """
        let main = Self.axumMain("""
                let app = Router::new()
                    .nest("/api", routes::router())
                    .layer(middleware::from_fn(auth::require_auth));
            """).replacingOccurrences(of: "mod api;", with: "mod routes;")
        let files = ["Cargo.toml": "", "src/main.rs": main, "src/routes/mod.rs": routesModule, "src/routes/chat.rs": Self.axumRoutes]
        XCTAssertEqual(openRoutes("src/routes/chat.rs", head: files), [])
        let open = main.replacingOccurrences(of: ".layer(middleware::from_fn(auth::require_auth))", with: ".layer(TraceLayer::new_for_http())")
        XCTAssertEqual(openRoutes("src/routes/chat.rs", head: files.merging(["src/main.rs": open]) { $1 }), ["POST /summarize"])
    }

    // MARK: actix-web

    static let actixHandlers = """
        use actix_web::{post, web, HttpResponse};
        use async_openai::{types::CreateChatCompletionRequestArgs, Client};

        #[post("/chat")]
        pub async fn chat(body: String) -> HttpResponse {
            let request = CreateChatCompletionRequestArgs::default().model("gpt-4o-mini").build().unwrap();
            HttpResponse::Ok().json(Client::new().chat().create(request).await.unwrap())
        }

        #[post("/summarize")]
        pub async fn summarize(body: String) -> HttpResponse {
            let request = CreateChatCompletionRequestArgs::default().model("gpt-4o-mini").build().unwrap();
            HttpResponse::Ok().json(Client::new().chat().create(request).await.unwrap())
        }
        """

    static func actixMain(_ app: String) -> String {
        """
        mod handlers;

        use actix_web::{web, App, HttpServer};
        use actix_web_httpauth::middleware::HttpAuthentication;
        use handlers::{chat, summarize};

        #[actix_web::main]
        async fn main() -> std::io::Result<()> {
            HttpServer::new(|| {
        \(app)
            })
            .bind(("0.0.0.0", 8080))?
            .run()
            .await
        }
        """
    }

    /// actix-web mounts each handler by its name: a scope's `wrap`, before or after its services, guards the services
    /// of that scope only, not the one mounted open beside it from the same file.
    func testAnActixScopeWrapGuardsItsOwnServicesOnly() {
        func open(_ app: String) -> [String] {
            openRoutes("src/handlers.rs", head: ["Cargo.toml": "", "src/main.rs": Self.actixMain(app), "src/handlers.rs": Self.actixHandlers])
        }
        XCTAssertEqual(open("""
                    App::new()
                        .service(web::scope("/admin").wrap(HttpAuthentication::bearer(validator)).service(chat))
                        .service(summarize)
            """), ["summarize (@post)"])
        XCTAssertEqual(open("""
                    App::new()
                        .service(web::scope("/admin").service(chat).wrap(HttpAuthentication::bearer(validator)))
                        .service(handlers::summarize)
            """), ["summarize (@post)"])
        XCTAssertEqual(open("""
                    App::new()
                        .wrap(HttpAuthentication::bearer(validator))
                        .service(web::scope("/admin").service(chat))
                        .service(summarize)
            """), [])
        XCTAssertEqual(open("""
                    App::new()
                        .service(web::scope("/admin").wrap(Logger::default()).service(chat))
                        .service(summarize)
            """), ["chat (@post)", "summarize (@post)"])
    }

    /// …and where the handlers' own module configures the services (`.configure(handlers::config)`).
    func testAnActixScopeWrapInTheHandlersOwnConfigureFunction() {
        let handlers = Self.actixHandlers + """


            pub fn config(cfg: &mut web::ServiceConfig) {
                cfg.service(web::scope("/admin").wrap(HttpAuthentication::bearer(crate::validator)).service(chat))
                    .service(summarize);
            }
            """
        let main = Self.actixMain("        App::new().configure(handlers::config)")
            .replacingOccurrences(of: "use handlers::{chat, summarize};\n", with: "")
        XCTAssertEqual(
            openRoutes("src/handlers.rs", head: ["Cargo.toml": "", "src/main.rs": main, "src/handlers.rs": handlers]),
            ["summarize (@post)"])
    }

    // MARK: Vapor

    static let vaporController = """
        import Vapor
        import OpenAI

        struct SummaryController: RouteCollection {
            let openAI = OpenAI(apiToken: Environment.get("OPENAI_API_KEY")!)

            func boot(routes: RoutesBuilder) throws {
                routes.post("summarize", use: summarize)
            }

            func summarize(req: Request) async throws -> String {
                let text = try req.content.decode(String.self)
                let query = ChatQuery(messages: [.user(.init(content: .string(text)))], model: .gpt4_o)
                let result = try await openAI.chats(query: query)
                return result.choices.first?.message.content ?? ""
            }
        }
        """

    func testAVaporCollectionRegisteredOnAGuardedGroupIsGuarded() {
        let controller = "Sources/App/Controllers/SummaryController.swift"
        let grouped = """
            import Vapor

            func routes(_ app: Application) throws {
                let protected = app.grouped(UserToken.authenticator(), User.guardMiddleware())
                try protected.register(collection: SummaryController())
            }
            """
        XCTAssertEqual(openRoutes(controller, head: ["Sources/App/routes.swift": grouped, controller: Self.vaporController]), [])
        let chained = """
            import Vapor

            func routes(_ app: Application) throws {
                try app.grouped(User.guardMiddleware()).register(collection: SummaryController())
            }
            """
        XCTAssertEqual(openRoutes(controller, head: ["Sources/App/routes.swift": chained, controller: Self.vaporController]), [])
    }

    func testAVaporCollectionRegisteredOnTheAppBesideAGuardedOneIsOpen() {
        let controller = "Sources/App/Controllers/SummaryController.swift"
        let routes = """
            import Vapor

            func routes(_ app: Application) throws {
                let protected = app.grouped(User.guardMiddleware())
                try protected.register(collection: AdminController())
                try app.register(collection: SummaryController())
            }
            """
        XCTAssertEqual(
            openRoutes(controller, head: ["Sources/App/routes.swift": routes, controller: Self.vaporController]),
            ["POST summarize"])
    }

    /// A route registered under a group with no path of its own (`chat.post(use: complete)`) is a route; a group made
    /// from a guarded group is guarded, an assignment or two back.
    func testAVaporRouteWithoutAPathOfItsOwnUnderAGroupOfAGroup() {
        let controller = "Sources/App/Controllers/SummaryController.swift"
        func collection(_ boot: String) -> String {
            Self.vaporController.replacingOccurrences(of: #"routes.post("summarize", use: summarize)"#, with: boot)
        }
        let open = collection("""
            let summaries = routes.grouped("api", "summaries")
                    summaries.post(use: summarize)
            """)
        XCTAssertEqual(openRoutes(controller, head: [controller: open]), ["POST"])
        let guarded = collection("""
            let protected = routes.grouped(JWTAuthenticator(), User.guardMiddleware())
                    let summaries = protected.grouped("api", "summaries")
                    summaries.post(use: summarize)
            """)
        XCTAssertEqual(openRoutes(controller, head: [controller: guarded]), [])
        // An outgoing request's path arguments are no route's.
        let outgoing = collection("""
            routes.get("health") { _ in "ok" }
                    _ = client.post(URI(string: "https://api.openai.com/v1/chat/completions"), beforeSend: { _ in })
            """)
        XCTAssertEqual(openRoutes(controller, head: [controller: outgoing]), [])
    }

    // MARK: Go

    static let goHandlers = """
        package handlers

        import (
            "net/http"

            "github.com/gin-gonic/gin"
            openai "github.com/sashabaranov/go-openai"
        )

        func RegisterChat(r *gin.RouterGroup) {
            r.POST("/chat", chat)
        }

        func chat(c *gin.Context) {
            client := openai.NewClient("")
            resp, _ := client.CreateChatCompletion(c, openai.ChatCompletionRequest{Model: openai.GPT4o})
            c.JSON(http.StatusOK, resp)
        }
        """

    static func goMain(_ body: String) -> String {
        """
        package main

        import (
            "github.com/acme/app/internal/handlers"
            "github.com/acme/app/internal/middleware"
            "github.com/gin-gonic/gin"
        )

        func main() {
            r := gin.Default()
        \(body)
            r.Run()
        }
        """
    }

    func testAGinGroupWithAuthHandedToAnotherPackagesRegisterFunctionGuardsItsRoutes() {
        let handler = "internal/handlers/chat.go"
        let tree = { (main: String) in
            ["go.mod": "module github.com/acme/app\n", "cmd/server/main.go": main, handler: Self.goHandlers]
        }
        let grouped = Self.goMain("""
                authorized := r.Group("/api", middleware.AuthRequired())
                handlers.RegisterChat(authorized)
            """)
        XCTAssertEqual(openRoutes(handler, head: tree(grouped)), [])
        let used = Self.goMain("""
                api := r.Group("/api")
                api.Use(middleware.AuthRequired())
                handlers.RegisterChat(api)
            """)
        XCTAssertEqual(openRoutes(handler, head: tree(used)), [])
        let open = Self.goMain("""
                admin := r.Group("/admin", middleware.AuthRequired())
                handlers.RegisterAdmin(admin)
                handlers.RegisterChat(r.Group("/api"))
            """)
        XCTAssertEqual(openRoutes(handler, head: tree(open)), ["POST /chat"])
    }

    // MARK: Python

    static let ninjaRouter = """
        from ninja import Router
        from openai import OpenAI

        router = Router()
        client = OpenAI()

        @router.post("/summarize")
        def summarize(request, text: str):
            r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
            return {"summary": r.choices[0].message.content}
        """

    func testADjangoNinjaRouterAddedToAnAuthenticatedAPIIsGuarded() {
        let api = { (construction: String) in
            """
            from ninja import NinjaAPI
            from ninja.security import django_auth
            from ai.api import router as ai_router

            api = \(construction)
            api.add_router("/ai/", ai_router)
            """
        }
        let tree = { (construction: String) in ["mysite/api.py": api(construction), "ai/__init__.py": "", "ai/api.py": Self.ninjaRouter] }
        XCTAssertEqual(openRoutes("ai/api.py", head: tree("NinjaAPI(auth=django_auth)")), [])
        XCTAssertEqual(openRoutes("ai/api.py", head: tree("NinjaAPI(auth=None)")), ["POST /summarize"])
        XCTAssertEqual(openRoutes("ai/api.py", head: tree("NinjaAPI()")), ["POST /summarize"])
    }

    static let flaskBlueprint = """
        from flask import Blueprint, request, jsonify
        from openai import OpenAI

        ai_bp = Blueprint("ai", __name__)
        client = OpenAI()

        @ai_bp.route("/summarize", methods=["POST"])
        def summarize():
            r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.json["text"]}])
            return jsonify(summary=r.choices[0].message.content)
        """

    func testAFlaskAppFactorysRequestHookGuardsTheBlueprintsItRegisters() {
        let factory = { (hook: String) in
            """
            from flask import Flask, session, abort, g
            from app.ai.routes import ai_bp

            def create_app():
                app = Flask(__name__)
                app.register_blueprint(ai_bp, url_prefix="/ai")

                @app.before_request
                def before():
            \(hook)

                return app
            """
        }
        let tree = { (hook: String) in
            ["app/__init__.py": factory(hook), "app/ai/__init__.py": "", "app/ai/routes.py": Self.flaskBlueprint]
        }
        XCTAssertEqual(openRoutes("app/ai/routes.py", head: tree("""
                    if "user_id" not in session:
                        abort(401)
            """)), [])
        XCTAssertEqual(openRoutes("app/ai/routes.py", head: tree("""
                    g.started = time.time()
            """)), ["POST /ai/summarize"], "named under the prefix the factory registers the blueprint with")
    }

    func testAFastAPIAuthRouterIncludedBesideAnotherGuardsNothing() {
        let chat = """
            from fastapi import APIRouter
            from openai import OpenAI

            router = APIRouter()
            client = OpenAI()

            @router.post("/chat")
            def chat(prompt: str):
                return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])
            """
        let main = { (chatInclude: String) in
            """
            from fastapi import FastAPI
            from app.routers import auth, chat
            from app.deps import require_user

            app = FastAPI()
            app.include_router(auth.router)
            \(chatInclude)
            """
        }
        let refusing = """
            from fastapi import Header, HTTPException

            def require_user(authorization: str = Header(None)):
                if not authorization:
                    raise HTTPException(status_code=401)
            """
        let tree = { (chatInclude: String, deps: String) in
            [
                "app/main.py": main(chatInclude), "app/__init__.py": "", "app/routers/__init__.py": "",
                "app/routers/auth.py": "from fastapi import APIRouter\n\nrouter = APIRouter()\n",
                "app/routers/chat.py": chat, "app/deps.py": deps,
            ]
        }
        XCTAssertEqual(openRoutes("app/routers/chat.py", head: tree("app.include_router(chat.router)", refusing)), ["POST /chat"])
        let guarded = "app.include_router(chat.router, dependencies=[Depends(require_user)])"
        XCTAssertEqual(openRoutes("app/routers/chat.py", head: tree(guarded, refusing)), [])
        // A dependency named as a guard whose body refuses nobody guards nothing.
        XCTAssertEqual(openRoutes("app/routers/chat.py", head: tree(guarded, "def require_user():\n    pass\n")), ["POST /chat"])
    }
}
