import GateCore
import GateRules
import XCTest

/// A Flask `before_request` hook registered by a helper of another file on the blueprint a route file hands it
/// (`init_auth(bp)`) guards the file's routes; a helper that registers no guarding hook does not.
final class FlaskHelperHookTests: XCTestCase {
    private static let routes = """
        from flask import Blueprint, request, jsonify
        from openai import OpenAI
        from .auth import init_auth

        bp = Blueprint("ai", __name__, url_prefix="/ai")
        init_auth(bp)
        client = OpenAI()

        @bp.post("/ask")
        def ask():
            r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.json["q"]}])
            return jsonify(answer=r.choices[0].message.content)
        """

    private static func helper(_ hook: String) -> String {
        """
        from flask import request, abort, g


        def init_auth(bp):
            @bp.before_request
            def check():
        \(hook)


        def verify_token(token):
            return token
        """
    }

    private let path = "app/ai.py"

    func testAHookTheHelperRegistersGuardsTheRoutes() {
        let guarding = Self.helper("""
                    token = request.headers.get("Authorization", "")
                    if not token.startswith("Bearer "):
                        abort(401)
                    g.user = verify_token(token[7:])
            """)
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: Self.routes, "app/auth.py": guarding]), [])
        // A hook that only records the request guards nothing; nor does a helper registering no hook.
        let logging = Self.helper("""
                    g.started = request.path
            """)
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: Self.routes, "app/auth.py": logging]), ["POST /ai/ask"])
        // Nor one whose words name a guard but which lets a signed-out caller through.
        let loading = Self.helper("""
                    g.current_user = verify_token(request.headers.get("Authorization", ""))
            """)
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: Self.routes, "app/auth.py": loading]), ["POST /ai/ask"])
        let noHook = """
            from flask import abort

            def init_auth(bp):
                bp.config = {"login_required": False}
            """
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes(path, head: [path: Self.routes, "app/auth.py": noHook]), ["POST /ai/ask"])
    }

    /// An app factory's hook guards the blueprint it registers (declared in its package's __init__.py, its routes in
    /// routes.py); a second app registering the same blueprint without one opens it, and the finding names where.
    func testABlueprintAlsoRegisteredOnAnUnguardedAppIsOpenThere() {
        let factory = """
            from flask import Flask, abort, request


            def create_app():
                app = Flask(__name__)

                @app.before_request
                def require_token():
                    if request.headers.get("Authorization") != "Bearer secret":
                        abort(401)

                from app.ai import bp
                app.register_blueprint(bp)
                return app
            """
        let routes = """
            from flask import jsonify, request
            from openai import OpenAI

            from app.ai import bp

            client = OpenAI()


            @bp.post("/ask")
            def ask():
                r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": request.json["q"]}])
                return jsonify(answer=r.choices[0].message.content)
            """
        let tree = [
            "app/__init__.py": factory,
            "app/ai/__init__.py": "from flask import Blueprint\n\nbp = Blueprint(\"ai\", __name__, url_prefix=\"/ai\")\n",
            "app/ai/routes.py": routes,
        ]
        XCTAssertEqual(EndpointGuardScopeTests.openRoutes("app/ai/routes.py", head: tree), [])
        var twoApps = tree
        twoApps["admin/app.py"] = "from flask import Flask\n\nfrom app.ai import bp\n\nadmin = Flask(__name__)\nadmin.register_blueprint(bp)\n"
        let findings = headTreeFindings("app/ai/routes.py", head: twoApps).filter { $0.rule == "unprotected-endpoint" }
        XCTAssertEqual(findings.count, 1)
        XCTAssertTrue(findings.first?.message.contains("also registered, unguarded, at admin/app.py:6") ?? false, findings.first?.message ?? "")
    }
}
