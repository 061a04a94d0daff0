@testable import GateCode
import XCTest

/// A Phoenix router read for what guards each route: its scopes' paths and aliases, the pipelines and function plugs
/// they pipe through, and the hooks of live sessions.
final class PhoenixRouterTests: XCTestCase {
    private let userAuth = """
        defmodule NotesWeb.UserAuth do
          def fetch_current_user(conn, _opts), do: assign(conn, :current_user, nil)

          def check_token(conn, _opts) do
            if get_req_header(conn, "x-token") == [], do: conn |> send_resp(401, "") |> halt(), else: conn
          end
        end
        """

    private let router = """
        defmodule NotesWeb.Router do
          use NotesWeb, :router

          import NotesWeb.UserAuth

          pipeline :api do
            plug :accepts, ["json"]
            plug :fetch_current_user
          end

          pipeline :auth do
            plug Guardian.Plug.VerifyHeader
            plug Guardian.Plug.EnsureAuthenticated
          end

          pipeline :limited do
            plug Hammer.Plug, rate_limit: {"api", 60_000, 10}
          end

          scope "/api", NotesWeb do
            pipe_through :api

            post "/open", OpenController, :create
            resources "/posts", PostController, only: [:index, :create] do
              post "/replies", ReplyController, :create
            end

            scope "/v1", V1, as: :v1 do
              pipe_through :auth
              resources "/notes", NoteController, except: [:delete]
            end

            scope "/token" do
              pipe_through :check_token
              post "/ask", AskController, :create
            end

            scope "/demo" do
              pipe_through :limited
              post "/try", DemoController, :create
            end
          end

          scope "/", NotesWeb do
            live_session :default, on_mount: [{NotesWeb.UserAuth, :mount_current_user}] do
              live "/notes/:id", NoteLive.Show, :show
            end

            live_session :authenticated, on_mount: [{NotesWeb.UserAuth, :ensure_authenticated}] do
              live "/notes/:id/edit", NoteLive.Edit, :edit
            end
          end
        end
        """

    private func routing(_ module: String, _ action: String?) -> CodeIndex.PhoenixRouting? {
        let files = ["lib/notes_web/router.ex": router, "lib/notes_web/user_auth.ex": userAuth]
        let index = CodeIndex(tree: InMemorySourceTree(files), recognizer: ChatCompletionsRecognizer())
        return index.phoenixRouting(ofModule: module, action: action)
    }

    func testRoutesByScopeAliasAndPath() {
        let lexed = Lexer.lex(Array(router.utf8), language: .elixir)
        let routes = CodeIndex.phoenixRoutes(in: lexed) { _ in false }.map { "\($0.verb) \($0.path) \($0.module)" }
        XCTAssertEqual(routes, [
            "POST /api/open NotesWeb.OpenController",
            "RESOURCES /api/posts NotesWeb.PostController",
            "POST /api/posts/:post_id/replies NotesWeb.ReplyController",
            "RESOURCES /api/v1/notes NotesWeb.V1.NoteController",
            "POST /api/token/ask NotesWeb.AskController",
            "POST /api/demo/try NotesWeb.DemoController",
            "LIVE /notes/:id NotesWeb.NoteLive.Show",
            "LIVE /notes/:id/edit NotesWeb.NoteLive.Edit",
        ])
    }

    func testPipelinesFunctionPlugsAndLiveSessionsGuard() {
        // `:fetch_current_user` only loads the user; Guardian's `VerifyHeader` only reads a token.
        XCTAssertEqual(routing("NotesWeb.OpenController", "create"), .open)
        XCTAssertEqual(routing("NotesWeb.ReplyController", "create"), .open)
        XCTAssertEqual(routing("NotesWeb.V1.NoteController", "create"), .guarded("lib/notes_web/router.ex (plug Guardian.Plug.EnsureAuthenticated)"))
        // A function plug of an imported module that halts the connection.
        XCTAssertEqual(routing("NotesWeb.AskController", "create"), .guarded("lib/notes_web/router.ex (pipe_through :check_token)"))
        XCTAssertEqual(routing("NotesWeb.DemoController", "create"), .guarded("lib/notes_web/router.ex (plug Hammer.Plug, rate limit)"))
        XCTAssertEqual(routing("NotesWeb.NoteLive.Show", nil), .open)
        XCTAssertEqual(routing("NotesWeb.NoteLive.Edit", nil), .guarded("lib/notes_web/router.ex (on_mount :ensure_authenticated)"))
    }

    func testActionsAResourceDoesNotRouteAndModulesNoRouteNamesAreUnrouted() {
        XCTAssertEqual(routing("NotesWeb.PostController", "create"), .open)
        XCTAssertEqual(routing("NotesWeb.PostController", "delete"), .unrouted)
        XCTAssertEqual(routing("NotesWeb.V1.NoteController", "delete"), .unrouted)
        XCTAssertEqual(routing("NotesWeb.ExportController", "create"), .unrouted)
        let index = CodeIndex(tree: InMemorySourceTree(["lib/notes/ai.ex": "defmodule Notes.AI do\nend\n"]), recognizer: ChatCompletionsRecognizer())
        XCTAssertNil(index.phoenixRouting(ofModule: "NotesWeb.OpenController", action: "create"))
    }
}
