import GateCore
import GateRules
import XCTest

/// Endpoints written as classes (Flask-RESTful, Flask-RESTX, `MethodView`, Tornado, DRF outside views.py), routes
/// chained to Express's `route(…)`, and FastAPI dependencies that refuse the caller from another file, over a small
/// head tree as `gate check` reads it.
final class ClassViewAndDependencyTests: XCTestCase {
    private func openRoutes(_ path: String, head files: [String: String]) -> [String] {
        EndpointGuardScopeTests.openRoutes(path, head: files)
    }

    /// Open WebUI's shape: `user=Depends(get_verified_user)`, whose definition in another file refuses with a 401.
    func testAFastAPIDependencyThatRefusesTheCallerGuardsTheRoute() {
        let auth = """
            from fastapi import Depends, HTTPException, status

            def get_current_user(token: str = Depends(bearer)):
                if token is None:
                    raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
                return decode(token)

            def get_verified_user(user=Depends(get_current_user)):
                if user.role not in {"user", "admin"}:
                    raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
                return user

            def get_db():
                yield session()
            """
        func routes(_ dependency: String) -> String {
            """
            from fastapi import APIRouter, Depends
            from openai import AsyncOpenAI

            from app.utils import auth
            from app.utils.auth import get_db, get_verified_user

            router = APIRouter()
            client = AsyncOpenAI()

            @router.post("/chat/completions")
            async def chat(form_data: dict, user=\(dependency)):
                return await client.chat.completions.create(model=form_data["model"], messages=form_data["messages"])
            """
        }
        let path = "app/routers/openai.py"
        for guarded in ["Depends(get_verified_user)", "Security(get_verified_user)", "Depends(auth.get_verified_user)"] {
            XCTAssertEqual(openRoutes(path, head: ["app/utils/auth.py": auth, path: routes(guarded)]), [], guarded)
        }
        XCTAssertEqual(
            openRoutes(path, head: ["app/utils/auth.py": auth, path: routes("Depends(get_db)")]), ["POST /chat/completions"])
    }

    /// A router whose dependencies refuse the caller guards its routes, whatever the dependency is called.
    func testARouterWhoseDependencyRefusesTheCallerGuardsItsRoutes() {
        let deps = """
            from fastapi import Header, HTTPException

            async def check_key(x_api_key: str = Header(...)):
                if x_api_key != settings.API_KEY:
                    raise HTTPException(status_code=403, detail="Forbidden")

            async def get_db():
                yield session()
            """
        func routes(_ dependency: String) -> String {
            """
            from fastapi import APIRouter, Depends
            from openai import AsyncOpenAI

            from app.deps import check_key, get_db

            router = APIRouter(prefix="/ai", dependencies=[Depends(\(dependency))])
            client = AsyncOpenAI()

            @router.post("/chat")
            async def chat(body: dict):
                return await client.chat.completions.create(model="gpt-4o", messages=body["messages"])
            """
        }
        let path = "app/routers/chat.py"
        XCTAssertEqual(openRoutes(path, head: ["app/deps.py": deps, path: routes("check_key")]), [])
        XCTAssertEqual(openRoutes(path, head: ["app/deps.py": deps, path: routes("get_db")]), ["POST /ai/chat"])
    }

    /// Dify's shape: a Flask-RESTful `Resource` behind decorators imported from other files, reaching the model
    /// through a service; the same resource without them is open.
    func testAFlaskRESTfulResourceReachingAServiceIsOpenUntilDecorated() {
        let service = """
            from openai import OpenAI

            client = OpenAI()

            class CompletionService:
                @classmethod
                def generate(cls, query):
                    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": query}])
            """
        func controller(_ decorators: String) -> String {
            """
            from flask_restful import Resource, reqparse

            from controllers.console import api
            from libs.login import login_required
            from services.completion_service import CompletionService

            class CompletionMessageApi(Resource):
            \(decorators)
                def post(self, app_id):
                    args = reqparse.RequestParser().parse_args()
                    return {"answer": CompletionService.generate(args["query"])}

            api.add_resource(CompletionMessageApi, "/apps/<uuid:app_id>/completion-messages")
            """
        }
        let path = "controllers/console/app/completion.py"
        let tree = { (decorators: String) in ["services/completion_service.py": service, path: controller(decorators)] }
        XCTAssertEqual(openRoutes(path, head: tree("    @setup_required")), ["POST /apps/<uuid:app_id>/completion-messages"])
        XCTAssertEqual(openRoutes(path, head: tree("    @setup_required\n    @login_required")), [])
        XCTAssertEqual(openRoutes(path, head: tree("    method_decorators = [token_required]\n")), [])
    }

    /// `Api(app, decorators=[…])` applies its decorators to every resource added to it: a guard there guards them,
    /// a decorator that refuses nobody does not.
    func testTheDecoratorsOfTheApiAResourceIsAddedToGuardIt() {
        let auth = """
            from functools import wraps
            from flask import request, abort

            def require_token(f):
                @wraps(f)
                def wrapper(*args, **kwargs):
                    if request.headers.get("X-Token") != "expected":
                        abort(401)
                    return f(*args, **kwargs)
                return wrapper

            def log_calls(f):
                @wraps(f)
                def wrapper(*args, **kwargs):
                    print("call", f.__name__)
                    return f(*args, **kwargs)
                return wrapper
            """
        func app(_ decorator: String) -> String {
            """
            from flask import Flask, request
            from flask_restful import Api, Resource
            from openai import OpenAI
            from auth import \(decorator)

            app = Flask(__name__)
            api = Api(app, decorators=[\(decorator)])
            client = OpenAI()

            class Chat(Resource):
                def post(self):
                    return client.chat.completions.create(model="gpt-4o", messages=request.json["messages"]).model_dump()

            api.add_resource(Chat, "/chat")
            """
        }
        XCTAssertEqual(openRoutes("app.py", head: ["auth.py": auth, "app.py": app("log_calls")]), ["POST /chat"])
        XCTAssertEqual(openRoutes("app.py", head: ["auth.py": auth, "app.py": app("require_token")]), [])
    }

    /// A class named like a view of a framework the file does not import is no endpoint.
    func testAResourceOfAnotherLibraryIsNoView() {
        let source = """
            from dagster import ConfigurableResource as Resource
            from openai import OpenAI

            class LLMResource(Resource):
                def post(self, prompt):
                    return OpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": prompt}])
            """
        XCTAssertEqual(openRoutes("app/resources.py", head: ["app/resources.py": source]), [])
    }

    /// `MethodView`s are named by the rule that registers them, and guarded by their `decorators`.
    func testAMethodViewIsNamedByItsURLRuleAndGuardedByItsDecorators() {
        func source(_ attribute: String) -> String {
            """
            from flask import Blueprint, request
            from flask.views import MethodView
            from openai import OpenAI

            bp = Blueprint("chat", __name__)
            client = OpenAI()

            class ChatAPI(MethodView):
            \(attribute)
                def post(self):
                    return client.chat.completions.create(model="gpt-4o-mini", messages=request.json["messages"])

            bp.add_url_rule("/chat", view_func=ChatAPI.as_view("chat"))
            """
        }
        XCTAssertEqual(openRoutes("app/chat.py", head: ["app/chat.py": source("")]), ["POST /chat"])
        XCTAssertEqual(openRoutes("app/chat.py", head: ["app/chat.py": source("    decorators = [login_required]\n")]), [])
    }

    /// Express's `router.route(path)` chains: each method is a route of that path, guarded by its own arguments
    /// (a sibling's guard is not its own) or by the router's `use`.
    func testExpressRouteChainsAreRoutesOfTheirPath() {
        let source = """
            const express = require("express");
            const OpenAI = require("openai");
            const { requireAuth } = require("../middleware/auth");

            const router = express.Router();
            const openai = new OpenAI();

            router
              .route("/chat")
              .get(requireAuth, async (req, res) => res.json([]))
              .post(async (req, res) => {
                res.json(await openai.chat.completions.create({ model: "gpt-4o", messages: req.body.messages }));
              });

            router.route("/private").post(requireAuth, async (req, res) => {
              res.json(await openai.chat.completions.create({ model: "gpt-4o", messages: req.body.messages }));
            });

            module.exports = router;
            """
        XCTAssertEqual(openRoutes("src/routes/chat.js", head: ["src/routes/chat.js": source]), ["POST /chat"])
        let guarded = source.replacingOccurrences(of: "const openai = new OpenAI();", with: "const openai = new OpenAI();\nrouter.use(requireAuth);")
        XCTAssertEqual(openRoutes("src/routes/chat.js", head: ["src/routes/chat.js": guarded]), [])
    }
}
