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
}
