import XCTest

/// How a route is named in its finding: the method it answers and its path (under a Python router's prefix).
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
}
