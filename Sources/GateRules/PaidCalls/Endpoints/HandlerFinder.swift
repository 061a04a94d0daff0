import Foundation
import GateCode
import GateCore

/// An HTTP handler: its statement (registration through end), body, and where guards may be declared.
struct HTTPHandler {
    var name: String
    var statement: ClosedRange<Int>
    var body: ClosedRange<Int>
    var guardRanges: [ClosedRange<Int>]
    /// The class skips its base's guards (`skip_before_action`), so inherited guards do not count.
    var skipsInheritedGuards = false
    /// A Node Socket.IO or WebSocket message handler: guarded only by its server's own middleware and handshake
    /// checks (in `guardRanges`), not by the HTTP app's `app.use(…)` middleware nor `io.use(…)` of another namespace.
    var guardedOnlyByItsServer = false
    /// The route's path where the registration names it (`app.post("/api/chat", …)`).
    var path: String? = nil
    /// The tokens naming the router the route is registered on, from the chain's first token up to the method
    /// (`router.` of `@router.post("/ask")`, `api.` of gin's `api.POST("/chat", …)`): the file may make the router
    /// under a prefix (`api := r.Group("/api")`) and it or another file mount it under one (`app.use("/api",
    /// chatRouter)`, `include_router(chat.router, prefix="/api/v1")`), which the finding's name then carries
    /// (`CodeIndex.routerPrefix`). Asked only of routes that are reported.
    var routerChain: Range<Int>? = nil
    /// A NestJS controller method (`@Post("generate")`), which the app's global guard covers.
    var isNestRoute = false
    /// The route opts out of authentication (ASP.NET's `[AllowAnonymous]`, `.AllowAnonymous()`): its class's,
    /// app's and project's guards do not cover it.
    var allowsAnonymous = false
    /// A guard the route finder recognised in the framework's own terms, which no guard word names (Starlette's
    /// `@requires("authenticated")`, Symfony's `#[IsGranted]`, Grape's `http_basic`).
    var declaredGuard: String? = nil
    /// A SvelteKit server `load`: the `load`s of the layouts above it run for the same request, and guard it when
    /// they refuse (they do not run for form actions or `+server.ts`).
    var isSvelteKitLoad = false
    /// The token naming the route where it is not the statement's first (`.post(` of a chained builder, `new
    /// Hono().use(cors()).post("/x", …)`): the line a finding names.
    var anchor: Int? = nil
    /// A Django view that is not Django REST framework's (no `APIView`/`ViewSet` base, no `@api_view`): DRF's
    /// default permission classes do not apply to it.
    var isPlainDjangoView = false
    /// Tokens naming a function of another file that is the handler, or part of it (`POST` of `export { POST }
    /// from "./handlers"`, `chat` of Bun's `routes: { "/api/chat": chat }` imported from elsewhere): what it
    /// reaches, and whether it refuses the caller, are asked of the code index by that name, as for a call of it.
    var functionsElsewhere: [Int] = []
    /// The runnable LangServe's `add_routes(app, runnable, …)` serves: its argument's tokens, whose model (made in
    /// the file or another) every request runs.
    var servedRunnable: Range<Int>? = nil
    /// The handler function's own name where the framework mounts each handler by it (actix-web's
    /// `.service(chat)`): a guard where another handler of the file is mounted is not this one's.
    var mountedByName: String? = nil
    /// The GraphQL operation a resolver serves (`GraphQLResolvers.swift`): the server that runs it may guard it as a
    /// whole or by field (`CodeIndex.graphQLServerGuard`).
    var graphQLOperation: GraphQLOperation? = nil
    /// A DRF action that serves only safe methods (GET, HEAD, OPTIONS): a default of `IsAuthenticatedOrReadOnly`
    /// lets anyone call it.
    var readsOnly = false
    /// The controller action a Laravel resource route serves (`store` of `Route::apiResource('chats',
    /// ChatController::class)`): the `X::class` its registration names is that action's class.
    var resourceAction: String? = nil
    /// Methods a graphql-ruby mutation or resolver class inherits that run before it and refuse the caller when they
    /// return false or raise (`ready?`, `authorized?`), asked of the code index in its base classes.
    var authorizationHooks: [String] = []
    /// The SignalR hub a hub method belongs to: what `MapHub<Hub>(…)` is given guards it.
    var signalRHub: String? = nil
    /// A Phoenix controller action or LiveView callback: the routes to it guard it, or leave it open, or there are
    /// none and it is no endpoint (`CodeIndex.phoenixRouting`).
    var phoenixTarget: PhoenixTarget? = nil
    /// A Phoenix route line of a router (`post "/summaries", SummaryController, :create`): its scopes' guards are its
    /// `declaredGuard`, and what it reaches is what `actionsElsewhere` reach.
    var phoenixRoute = false
    /// Functions of other modules a route names rather than calls (the actions of Phoenix's `post "/x",
    /// SummaryController, :create`, a LiveView's callbacks), as calls of them: what they reach, the route reaches.
    var actionsElsewhere: [CallFact] = []
    /// A route line naming an action or view of another file that is an endpoint of its own file (Rails' config/routes.rb,
    /// Django's URLconfs: `RouteLinesElsewhere.swift`): guarded by the guards it has there and the line's own, judged
    /// only where the change adds the line.
    var judgedWhereDefined = false
    /// Its `actionsElsewhere` are the request methods of a class view or view set another file defines (`SummaryView.as_view()`,
    /// `router.register("notes", NoteViewSet)`): every method the class declares is one (a DRF `@action`'s too).
    var namesViewClass = false
    /// A route line judged where its view is defined that the router's own guards cover too (Flask's `before_request`,
    /// a Starlette app's middleware): the view is a plain function, or an endpoint of a file with no guards of the app's.
    var routerGuardsApply = false
    /// A FastAPI include line's router (`router` of `app.include_router(chat.router)`): its `actionsElsewhere` are
    /// the routes of that router where its module defines them (`RouteLinesElsewhere.swift`).
    var includedRouter: Int? = nil
    /// The file whose names `actionsElsewhere` are resolved in, when not the handler's own (an included router's
    /// module, whose routes the including file need not import by name).
    var actionsFacts: FileFacts? = nil
    /// A Razor Page's route (`/Admin/Ask`, from its path under `Pages/` or a Blazor page's `@page "/ask"`): the
    /// project's `AuthorizeFolder`/`AuthorizePage` conventions may guard it (`RazorPages.swift`).
    var razorPage: String? = nil
    /// An ActionCable channel's action (`def ask(data)` of a `ChatChannel < ApplicationCable::Channel`): the
    /// project's `ApplicationCable::Connection` refusing the socket guards it (`CodeIndex.actionCableConnectionGuard`).
    var actionCableChannel = false
}

/// Middleware registered for an app, a router or a group rather than for one route (`app.use(requireAuth)`,
/// `app.add_middleware(…)`, `@app.before_request`), and which of the file's handlers it covers.
struct AppWideRegistration {
    enum Scope {
        /// Every handler of the file.
        case file
        /// None by itself: it guards the receiver it is assigned to.
        case none
        /// The handlers registered inside these tokens (a group's closure).
        case inside(ClosedRange<Int>)
        /// The handlers registered on these routers (a FastAPI `APIRouter` made with dependencies, and the routers
        /// included into it).
        case routers(Set<String>)
        /// The handlers registered in the same block (or at top level when -1), under one of the path prefixes when
        /// it names any, and only after the registration where the framework runs middleware in order.
        /// `receiver` is the registration's receiver (`app` of `app.use(…)`); `perRouter` when a framework keeps
        /// middleware per router object (Go's).
        case sameBlock(Int, pathPrefixes: [String], afterOnly: Bool, receiver: String?, perRouter: Bool)
    }

    var callee: Int
    /// "rate limit" when it limits the rate, else the callee's name.
    var guardName: String
    var scope: Scope
    /// The paths the middleware lets through unchecked (express-unless's and koa-jwt's
    /// `jwt(…).unless({ path: ["/login", /^\/public/] })`): exact paths, and patterns that were regular expressions.
    var exemptPaths: [String] = []
    var exemptPatterns: [NSRegularExpression] = []
    /// The paths a hook or middleware written in place hands on before it checks anybody: a Fastify `onRequest`
    /// hook's `if (req.url.startsWith("/public")) return;` ahead of its `jwtVerify()`.
    var passedThrough: [HookCoverage.PathTest] = []
    /// For middleware of a JavaScript app or router (`adminRouter.use(requireAuth)`, `app.use(auth)`): it and the
    /// routers and apps mounted on it in the file, whose routes run behind it wherever they are written. A router or
    /// app the file makes otherwise is not behind it; one it does not make (imported) is taken to be.
    var routers: Set<String>? = nil

    /// Whether the middleware lets a route of `path` through unchecked.
    func exempts(_ path: String) -> Bool {
        exemptPaths.contains(path) || exemptPatterns.contains { pattern in
            pattern.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
        } || passedThrough.contains { $0.matches(path) }
    }
}

/// Finds HTTP handlers and guards per framework.
struct HandlerFinder {
    let lexed: LexedSource
    let path: String
    /// The file's guard tokens when known (`FileFacts.guardTokens`, ascending: the tokens `containsGuard` holds
    /// for alone, as `CatalogueLeafRecognizer.guardTokens` finds them): a range is then judged by a binary search
    /// instead of reading each of its tokens again.
    var guardTokens: [Int]?
    /// tRPC procedure builders the change leaves refusing nobody (`CatalogueLeafRecognizer.openedProcedures`):
    /// procedures built on them are as open as `publicProcedure`'s.
    var openedProcedures: Set<String> = []
    /// Whether a tRPC builder not named public is declared refusing nobody (set by the detector): procedures built
    /// on it are as open as `publicProcedure`'s.
    var trpcBuilderRefusesNobody: ((String) -> Bool)?
    /// Whether a function named by a call refuses the caller, asked of the code index (set by the detector): a
    /// FastAPI router's `dependencies=[Depends(verify_key)]` guards its routes when `verify_key` refuses.
    var refusesCaller: ((CallFact) -> Bool)?
    /// Whether a Laravel middleware alias or group of the app's own (`api.key`, lower-cased, without parameters)
    /// refuses callers, judged by its class's `handle` (set by the detector for PHP: `CodeIndex.laravelMiddlewareRefuses`).
    var laravelMiddlewareRefuses: ((String) -> Bool)?
    /// How the Socket.IO connection handlers handing their socket to the file's function `name`
    /// (`registerChatHandlers(io, socket)`) are guarded (set by the detector for JavaScript and TypeScript:
    /// `HandlerFinder.socketIORegistrationGuard`): nil when no connection handler of the project calls it, `.some(nil)`
    /// when one calls it unguarded, else the guard.
    var socketIORegistrationGuard: ((String) -> String??)?
    /// Whether a Flask request hook of the file turns callers away, judged with the code index (set by the
    /// detector): the function handed over (`bp.before_request(require_api_key)`) or a check the hook calls, read
    /// where it is defined. Nil: read from this file alone.
    var flaskHookRefuses: ((FlaskHookRegistration) -> Bool)?
    /// Whether another C# file of the tree sets ASP.NET Core's `GlobalLimiter` (set by the detector).
    var globalLimiterElsewhere: (() -> Bool)?
    /// The Azure Functions `function.json` of a JavaScript file's folder (the Node.js v3 model), when the file is
    /// the script it binds (set by the detector: `HandlerFinder.azureFunctionJSON(for:project:)`).
    var azureFunctionJSON: [UInt8]?
    /// Whether the project's deployment configuration (serverless.yml, a SAM template, a CDK stack) routes HTTP
    /// requests to a handler of this file (set by the detector, asked only of a Python Lambda that answers a
    /// `statusCode` and reads its event as a direct invocation's payload). Nil: none is known.
    var deployedOverHTTP: (() -> Bool)?
    /// Whether the Astro app an `.astro` page belongs to renders its pages on the server unless they opt out
    /// (`output: "server"`: `CodeIndex.astroRendersPagesOnServer`; set by the detector for pages). Nil: not known,
    /// taken as static.
    var astroRendersPagesOnServer: (() -> Bool)?
    /// The `@page` directive of a Razor view or Blazor component (`.cshtml`, `.razor`): the route it names, "" when
    /// bare (set by the detector from the view's own bytes, as the code read from it no longer holds the directive).
    /// Nil: no routable page.
    var razorPageDirective: String?

    init(lexed: LexedSource, path: String) {
        self.lexed = lexed
        self.path = path
    }

    static let routeMethodNames = [
        "get", "post", "put", "patch", "delete", "all", "route", "GET", "POST", "PUT", "PATCH", "DELETE", "Get",
        "Post", "Put", "Patch", "Delete", "Any", "All", "HandleFunc", "Handle", "MapGet", "MapPost", "MapPut", "MapPatch",
        "MapDelete", "Match",
    ]
    static let routeMethods = WordSet(routeMethodNames)
    /// The shapes of `routeMethodNames`: nearly every identifier of a file is turned away by a few bit tests,
    /// before the tokens around it are read.
    static let routeMethodEnds = WordEnds(routeMethodNames.map { Array($0.utf8) })
    static let mappingAnnotations = WordSet([
        "GetMapping", "PostMapping", "PutMapping", "PatchMapping", "DeleteMapping", "RequestMapping", "HttpGet",
        "HttpPost", "HttpPut", "HttpPatch", "HttpDelete",
    ])
    static let nestDecorators = WordSet(["Get", "Post", "Put", "Patch", "Delete", "All"])
    static let rustRouteAttributes = WordSet(["get", "post", "put", "patch", "delete", "route"])
    static let nextMethods = WordSet(["GET", "POST", "PUT", "PATCH", "DELETE"])
    static let pythonRouteDecorators = WordSet([
        "get", "post", "put", "patch", "delete", "route", "api_route", "websocket", "api_view", "action",
    ])
    /// The HTTP methods a class-based view's methods are named after.
    static let httpMethodNames = WordSet(["get", "post", "put", "patch", "delete"])
    /// What the standard library's `BaseHTTPRequestHandler` names each of those methods with (`do_POST`).
    static let standardLibraryMethodPrefix = Array("do_".utf8)
    static let appWideCallees = WordSet([
        "use", "Use", "add_middleware", "middleware", "before_request", "APIRouter", "FastAPI", "UseAuthentication",
        "UseAuthorization", "UseRateLimiter", "register", "addHook", "Group", "group", "Limiter", "NinjaAPI",
        "Application",
    ])

    func handlers() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        switch lexed.language.family {
        case .cLike:
            result = routeCalls() + annotatedMethods() + expressionBodiedActions() + nextRoutes()
            result += trpcProcedures() + jvmRoutes() + fileRoutes() + signalRHubMethods()
            result += razorPageHandlers()
        case .python:
            // A DRF `@api_view` in `views.py` is both a decorated route and a Django view: one endpoint, one finding.
            let decorated = pythonDecoratedRoutes()
            let bodies = Set(decorated.map(\.body.lowerBound))
            result = decorated + djangoViews().filter { !bodies.contains($0.body.lowerBound) }
            result += pythonLambdaHandlers().filter { !bodies.contains($0.body.lowerBound) }
            result += modalWebEndpoints()
            result += pythonClassViews().filter { view in !result.contains { $0.body.lowerBound == view.body.lowerBound } }
            result += djangoURLConfLines() + flaskURLRules() + fastAPIIncludedRouters()
        case .ruby: result = railsActions() + sinatraRoutes() + railsRouteLines() + rackupApps() + actionCableActions()
        case .elixir: result = phoenixHandlers()
        }
        result = moreRoutes(after: result)
        // GraphQL resolvers, where no HTTP finder read the same code (a Spring `@Controller` serves both).
        var resolvers = graphQLResolvers()
        if !resolvers.isEmpty {
            // An HTTP handler that is the GraphQL server whose resolvers are written inside it (`export default
            // createYoga({ schema: createSchema({ resolvers: { Mutation: { … } } }) })`) is judged resolver by
            // resolver: each has its own checks, and what the server's code does around them (its `context`, the
            // handler's middleware and decorators) besides, but not its siblings' checks.
            result = result.filter { server in
                let nested = resolvers.indices.filter { position in
                    server.body.contains(resolvers[position].statement.lowerBound) && server.body.contains(resolvers[position].statement.upperBound)
                        && server.body != resolvers[position].body
                }
                guard !nested.isEmpty else { return true }
                let siblings = nested.map { resolvers[$0].statement }.sorted { $0.lowerBound < $1.lowerBound }
                let around = server.guardRanges.flatMap { UnprotectedEndpointDetector.parts(of: $0, without: siblings) }
                for position in nested {
                    resolvers[position].guardRanges += around
                    if resolvers[position].declaredGuard == nil { resolvers[position].declaredGuard = server.declaredGuard }
                }
                return false
            }
            let bodies = Set(result.map(\.body.lowerBound))
            result += resolvers.filter { !bodies.contains($0.body.lowerBound) }
        }
        return result
    }

    // MARK: Guards

    /// App-wide middleware with an auth or rate-limit guard: `app.use(rateLimit(…))`, `r.Use(authMiddleware)`;
    /// the text of the guard, or nil.
    func appWideRegistrations() -> [AppWideRegistration] {
        let tokens = lexed.tokens
        let callees = HandlerFinder.appWideCallees
        var result: [AppWideRegistration] = []
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen),
                  callees.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  lexed.partner[index + 1] > index
            else { continue }
            // Flask's `bp.before_request(require_api_key)`: judged by what the function does, below.
            if lexed.language.family == .python, lexed.token(index, is: "before_request") { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            // Flask-Limiter limits every route only with default limits: `Limiter(get_remote_address, app=app,
            // default_limits=["50 per hour"])`; without them it limits the routes it decorates.
            if lexed.token(index, is: "Limiter") {
                guard arguments.contains(where: { lexed.token($0, is: "default_limits") || lexed.token($0, is: "application_limits") })
                else { continue }
                result.append(AppWideRegistration(callee: index, guardName: "rate limit", scope: .file))
                continue
            }
            // ASP.NET Core's `app.UseRateLimiter()` limits every endpoint only with a global limiter
            // (`options.GlobalLimiter = …`, in this file or another); otherwise only those that opt in
            // (`RequireRateLimiting`).
            if lexed.token(index, is: "UseRateLimiter") {
                guard lexed.language == .csharp, tokens.indices.contains(where: { cursor in
                    lexed.token(cursor, is: "GlobalLimiter") && lexed.token(cursor + 1, isPunctuation: Byte.equals)
                }) || globalLimiterElsewhere?() == true else { continue }
                result.append(AppWideRegistration(callee: index, guardName: "rate limit", scope: .file))
                continue
            }
            // Django Ninja's API-wide authentication, `NinjaAPI(auth=JWTAuth())` (not `auth=None`), and aiohttp's
            // `web.Application(middlewares=[auth_middleware])`: Python's, and only with those arguments.
            if lexed.token(index, is: "NinjaAPI") || lexed.token(index, is: "Application") {
                let ninja = lexed.token(index, is: "NinjaAPI")
                guard lexed.language.family == .python,
                      let argument = arguments.first(where: { argument in
                          (ninja ? lexed.token(argument, is: "auth") : lexed.token(argument, is: "middlewares"))
                              && lexed.token(argument + 1, isPunctuation: Byte.equals)
                      }),
                      !lexed.token(argument + 2, is: "None")
                else { continue }
            }
            guard containsGuardBesidesStarletteAuthentication(arguments)
                || (lexed.token(index, is: "APIRouter") || lexed.token(index, is: "FastAPI")) && dependsOnRefusal(arguments)
            else { continue }
            // A Fastify plugin registered for the app (`fastify.register(jwt, { secret })`) decorates it; only a rate
            // limiter registered so applies to every route by itself.
            if lexed.token(index, is: "register"), lexed.language.isJavaScriptLike, !containsRateLimit(arguments) { continue }
            // Ktor's `install(RateLimit) { register(RateLimitName("chat")) { … } }` names a limiter: it limits only
            // the routes in `rateLimit(RateLimitName("chat")) { … }` blocks.
            if lexed.token(index, is: "register"), lexed.language == .kotlin { continue }
            var registration = AppWideRegistration(
                callee: index,
                guardName: containsRateLimit(arguments) ? "rate limit" : lexed.text(index),
                scope: registrationScope(callee: index, arguments: arguments))
            if lexed.language.isJavaScriptLike {
                readExemptions(in: arguments, into: &registration)
                // A function written in place that hands some paths on first (as a Next.js middleware's early
                // `return NextResponse.next()` does): only where the arguments hold one.
                if arguments.contains(where: { lexed.token($0, is: "=>") || lexed.token($0, is: "function") }) {
                    registration.passedThrough = HookCoverage.passedThrough(lexed, within: arguments)
                }
                if case .sameBlock(_, _, _, let receiver?, _) = registration.scope {
                    // Express and Koa mount routers and apps with `use`; Hono mounts apps with `route`.
                    registration.routers = mounted(on: receiver, by: ["use", "route"])
                }
            }
            result.append(registration)
        }
        result += ninjaRouterRegistrations()
        // Sinatra's `before do … halt 401 … end` filter runs before every route of its app (Grape's, only before
        // those of its scope: `grapeRoutes`); one given a pattern (`before "/api/*" do`) only before the routes
        // under it, wherever they are written.
        if lexed.language.family == .ruby, !isGrapeAPI {
            for (block, info) in lexed.blocks.enumerated() where info.openToken >= 1 {
                let open = info.openToken
                guard lexed.token(open - 1, is: "before") && (lexed.token(open, is: "do") || lexed.token(open, isPunctuation: Byte.openBrace))
                    || (lexed.token(open - 2, is: "before") && lexed.token(open, is: "do")),
                      containsGuard(open...lexed.span(of: block).upperBound) || callsRefusingRubyHelper(open...lexed.span(of: block).upperBound)
                else { continue }
                let pattern = lexed.token(open - 2, is: "before") && lexed.tokens[open - 1].kind == .string ? lexed.text(open - 1) : ""
                let scope: AppWideRegistration.Scope = pattern.hasPrefix("/")
                    ? .sameBlock(lexed.tokens[open - 2].block, pathPrefixes: [Self.sinatraPatternPrefix(pattern)],
                                 afterOnly: false, receiver: nil, perRouter: false)
                    : .file
                result.append(AppWideRegistration(callee: open, guardName: "before filter", scope: scope))
            }
            // Rack middleware a Sinatra app `use`s runs before every route of the app: `use Rack::Auth::Basic,
            // "Restricted" do |user, pass| … end` (or `Rack::Auth::Digest`), Rack::Attack's throttles. In a
            // `Sinatra::Base` subclass, its routes; at top level (a classic app), the file's.
            for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "use") {
                // The middleware's constant path: `Rack::Auth::Basic`.
                var cursor = index + 1
                while cursor < tokens.count, tokens[cursor].line == tokens[index].line,
                      tokens[cursor].kind == .identifier || lexed.token(cursor, isPunctuation: Byte.colon) || lexed.token(cursor, is: "::")
                {
                    cursor += 1
                }
                guard cursor > index + 1, tokens[index + 1].kind == .identifier else { continue }
                let middleware = (index + 1)...(cursor - 1)
                let attack = middleware.contains { lexed.token($0, is: "Attack") }
                guard attack || containsGuard(middleware) else { continue }
                let block = tokens[index].block
                result.append(AppWideRegistration(
                    callee: index, guardName: attack || containsRateLimit(middleware) ? "rate limit" : lexed.text(cursor - 1),
                    scope: .sameBlock(block, pathPrefixes: [], afterOnly: false, receiver: nil, perRouter: false)))
            }
        }
        // Flask's request hooks run before every request of the app (or blueprint): `@app.before_request` over a
        // function that checks the session or the user and aborts with 401 (one that only loads `g.user` or logs
        // who called turns nobody away).
        // A function handed over (`bp.before_request(require_api_key)`) is judged by its body where it is defined,
        // and a check a hook calls by its own.
        if lexed.language.family == .python {
            for registration in lexed.flaskHookRegistrations() where flaskHookRefuses?(registration)
                ?? lexed.flaskHookTurnsAway(registration, isGuard: { containsGuard($0...$0) })
            {
                let hook = registration.hook
                // A blueprint's `before_request` runs for its own routes (and its nested blueprints'); the app's, and
                // a blueprint's `before_app_request`, for every route.
                let blueprint = lexed.token(hook, is: "before_request") && hook >= 2
                    ? routersMounted(on: lexed.text(hook - 2), madeBy: ["Blueprint"], mountedBy: ["register_blueprint"]) : nil
                result.append(AppWideRegistration(
                    callee: hook, guardName: lexed.text(hook), scope: blueprint.map { .routers($0) } ?? .file))
            }
        }
        return result
    }

    /// Whether a dependency among the arguments refuses the caller (`refusesCaller`).
    private func dependsOnRefusal(_ arguments: ClosedRange<Int>) -> Bool {
        guard let refusesCaller else { return false }
        return lexed.fastAPIDependencyCalls(in: arguments).contains(where: refusesCaller)
    }

    /// Whether token `index` opts a route out of authentication.
    func isAnonymousOptOut(_ index: Int) -> Bool {
        lexed.token(index, is: "AllowAnonymous") || lexed.token(index, is: "IS_ANONYMOUS") || lexed.token(index, is: "PermitAll")
            // Micronaut's rule written out: `@Secured("isAnonymous()")`.
            || (lexed.tokens[index].kind == .string && lexed.text(index) == "isAnonymous()")
    }

    /// The first string of an annotation's arguments (`@PostMapping(value = "/chat")`), if it has any before `end`.
    func firstString(after annotation: Int, before end: Int) -> String? {
        guard lexed.token(annotation + 1, isPunctuation: Byte.openParen) else { return nil }
        let close = min(lexed.partner[annotation + 1], end)
        return (annotation + 2..<max(annotation + 2, close)).first { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
    }

    /// The method and path of a Go 1.22 route pattern (`"POST /api/chat"`), if the text is one.
    static func methodPattern(_ text: String) -> (method: String, path: String)? {
        guard let space = text.firstIndex(of: " ") else { return nil }
        let method = text[..<space]
        let path = text[text.index(after: space)...].drop { $0 == " " }
        guard !method.isEmpty, method.allSatisfy({ $0 >= "A" && $0 <= "Z" }), path.hasPrefix("/") else { return nil }
        return (String(method), String(path))
    }

    /// Whether a NestJS route's own decorators take it out of the app's global authentication guard (`@Public()`),
    /// or with `throttle`, out of its global rate limiter (`@SkipThrottle()`).
    func hasNestOptOut(_ handler: HTTPHandler, throttle: Bool = false) -> Bool {
        let optOuts = throttle ? HandlerFinder.nestThrottleOptOuts : HandlerFinder.nestOptOuts
        return handler.statement.contains { index in
            index < handler.body.lowerBound && lexed.tokens[index].kind == .identifier
                && lexed.token(index - 1, isPunctuation: Byte.at)
                && optOuts.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
        }
    }

    private static let nestOptOuts = WordSet(CodeIndex.nestOptOutDecorators)
    private static let nestThrottleOptOuts = WordSet(CodeIndex.nestThrottleOptOutDecorators)

    /// Which handlers middleware registered through `callee` covers, by how the frameworks apply it.
    private func registrationScope(callee: Int, arguments: ClosedRange<Int>) -> AppWideRegistration.Scope {
        if lexed.token(callee, is: "APIRouter"), let routers = fastAPIRouters(madeBy: callee) { return .routers(routers) }
        let isUse = lexed.token(callee, is: "use") || lexed.token(callee, is: "Use")
        let isGroup = lexed.token(callee, is: "Group") || lexed.token(callee, is: "group")
        guard isUse || isGroup else { return .file }
        // The receiver chain's start: `app` of `app.use(…)`, `e` of `e.Group(…)`.
        var start = callee
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), lexed.tokens[start - 2].kind == .identifier {
            start -= 2
        }
        // Assigned (`g := e.Group("/api", echojwt.JWT(…))`, `const api = new Hono().use(auth)`): it guards the
        // routes registered on what it returns, which the route's receiver assignment tells (`receiverAssignment`).
        if lexed.language.family == .cLike, lexed.token(start - 1, isPunctuation: Byte.equals) {
            return .none
        }
        // `r.Group(func(r chi.Router) { r.Use(auth); r.Post(…) })`: the routes inside it.
        if isGroup { return .inside(arguments) }
        // Middleware given a path (`app.use("/admin", requireAuth)`, Hono's `app.use("/api/*", jwt(…))`) or paths
        // (Express's `app.use(["/admin", "/billing"], requireAuth)`) runs for the routes under them only.
        var prefixes: [String] = []
        var first = arguments.lowerBound + 1
        if lexed.token(first, isPunctuation: Byte.openBracket), lexed.partner[first] > first {
            let close = lexed.partner[first]
            first += 1
            while first < close, lexed.tokens[first].kind == .string, lexed.text(first).hasPrefix("/") {
                prefixes.append(lexed.text(first))
                first += lexed.token(first + 1, isPunctuation: Byte.comma) ? 2 : 1
            }
            // Anything else in the list (a pattern): read as no path, covering every route as before.
            if first < close { prefixes = [] }
        } else if lexed.tokens[first].kind == .string, lexed.text(first).hasPrefix("/") {
            prefixes = [lexed.text(first)]
        }
        // Express, Koa and Hono run middleware in the order it was registered: a route registered before
        // `app.use(requireAuth)` is not behind it. So do gin and Fiber (`Use` hands its middleware to the routes
        // registered after it) and Echo's groups; chi refuses `Use` after a route, gorilla/mux and Echo's own `e.Use`
        // run it for every route.
        let block = lexed.tokens[callee].block
        // Go routers keep their middleware per router: `authorized.Use(AuthRequired())` guards the routes of
        // `authorized` and of the groups made from it, not those of the engine beside it.
        let receiver = start == callee - 2 ? lexed.text(start) : nil
        return .sameBlock(
            block, pathPrefixes: prefixes,
            afterOnly: lexed.language.isJavaScriptLike || (lexed.language == .go && goUseCoversLaterRoutesOnly(receiver: start)),
            receiver: receiver, perRouter: lexed.language == .go)
    }

    /// Whether a Go `Use` on the router at token `receiver` guards only the routes registered on it after it: gin's and
    /// Fiber's routers and Echo's groups (`g := e.Group("/api")`, a `*echo.Group` parameter) copy the middleware
    /// they have when a route is added.
    private func goUseCoversLaterRoutesOnly(receiver: Int) -> Bool {
        if ByteSearch.containsFolded(lexed.bytes, Self.ginImport) || ByteSearch.containsFolded(lexed.bytes, Self.fiberImport) { return true }
        guard ByteSearch.containsFolded(lexed.bytes, Self.echoImport), lexed.tokens[receiver].kind == .identifier else { return false }
        if let assignment = receiverAssignment(of: receiver) { return assignment.contains { lexed.token($0, is: "Group") } }
        // A parameter: `func register(g *echo.Group)`.
        let name = lexed.text(receiver)
        return (0..<receiver).contains { cursor in
            lexed.token(cursor, is: "Group") && lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor - 2, is: "echo")
                && lexed.token(cursor - 3, isPunctuation: UInt8(ascii: "*")) && lexed.tokens[cursor - 4].kind == .identifier
                && lexed.text(cursor - 4) == name
        }
    }

    private static let ginImport = Array("gin-gonic/gin".utf8)
    private static let fiberImport = Array("gofiber/fiber".utf8)
    private static let echoImport = Array("labstack/echo".utf8)

    /// A router made in this file and the routers mounted on it, however deep: `name` when it is assigned a call of
    /// one of `makers` (`admin = APIRouter(…)`, `admin = Blueprint("admin", __name__)`), with the routers
    /// `mounted(on:by:)` finds; nil when the file does not make it so (an app, or a router made elsewhere).
    func routersMounted(on name: String, madeBy makers: Set<String>, mountedBy mounts: [StaticString]) -> Set<String>? {
        isMade(name, by: makers) ? mounted(on: name, by: mounts) : nil
    }

    /// Whether the file assigns `name` a call of one of `makers`: `const admin = express.Router()`, `api = new Hono()`,
    /// `private: APIRouter = fastapi.APIRouter(…)`.
    func isMade(_ name: String, by makers: Set<String>) -> Bool {
        lexed.tokens.indices.contains { index in
            guard lexed.tokens[index].kind == .identifier, lexed.text(index) == name else { return false }
            // `name = …`, or annotated: `name: APIRouter = …`.
            var equals = index + 1
            if lexed.token(equals, isPunctuation: Byte.colon) {
                while equals < index + 8, equals < lexed.tokens.count, !lexed.token(equals, isPunctuation: Byte.equals) { equals += 1 }
            }
            guard lexed.token(equals, isPunctuation: Byte.equals) else { return false }
            // The maker, maybe qualified or constructed: `express.Router(`, `new Router(`, `flask.Blueprint(`.
            return ((equals + 1)...(equals + 4)).contains { cursor in
                lexed.tokens.indices.contains(cursor) && lexed.tokens[cursor].kind == .identifier
                    && makers.contains(lexed.text(cursor)) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
            }
        }
    }

    /// `name` and the routers mounted on it in this file, however deep: every identifier given to its `mounts` calls
    /// (`admin.use("/reports", reports)`, `app.route("/api", api)`, `admin.register_blueprint(reports)`).
    func mounted(on name: String, by mounts: [StaticString]) -> Set<String> {
        var routers: Set<String> = [name]
        var grew = true
        while grew {
            grew = false
            for index in lexed.tokens.indices where index >= 2 && mounts.contains(where: { lexed.token(index, is: $0) })
                && lexed.token(index - 1, isPunctuation: Byte.dot) && routers.contains(lexed.text(index - 2))
                && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
            {
                // The call's own arguments, not what calls among them take (`use(jwt({ secret }))`).
                var argument = index + 2
                while argument < lexed.partner[index + 1] {
                    if lexed.partner[argument] > argument {
                        argument = lexed.partner[argument] + 1
                        continue
                    }
                    if lexed.tokens[argument].kind == .identifier,
                       lexed.token(argument - 1, isPunctuation: Byte.openParen) || lexed.token(argument - 1, isPunctuation: Byte.comma),
                       routers.insert(lexed.text(argument)).inserted
                    {
                        grew = true
                    }
                    argument += 1
                }
            }
        }
        return routers
    }

    /// What makes a JavaScript app or router: Express's `express()` and `express.Router()`, Koa's `new Koa()` and
    /// koa-router's `new Router()`, Hono's `new Hono()`.
    static let javaScriptRouterMakers: Set<String> = ["express", "Router", "Koa", "Hono"]

    /// The routers a FastAPI `APIRouter(…)` call's dependencies run for: the one it is assigned to (`private =
    /// APIRouter(dependencies=[…])`, `private: APIRouter = fastapi.APIRouter(…)`) and those included into it in this
    /// file, however deep (`private.include_router(admin)`). Another router of the file is not behind them; nil when
    /// the call is assigned to no name.
    private func fastAPIRouters(madeBy callee: Int) -> Set<String>? {
        routers(assignedFrom: callee).map { mounted(on: $0, by: ["include_router"]) }
    }

    /// The name a router-making call is assigned to (`private = APIRouter(…)`, `private: Router = ninja.Router(…)`);
    /// nil when it is assigned to none.
    private func routers(assignedFrom callee: Int) -> String? {
        var start = callee
        while lexed.token(start - 1, isPunctuation: Byte.dot), start >= 2, lexed.tokens[start - 2].kind == .identifier { start -= 2 }
        guard lexed.token(start - 1, isPunctuation: Byte.equals) else { return nil }
        var name = start - 2
        // An annotated assignment: `private: APIRouter = APIRouter(…)`.
        if lexed.token(name - 1, isPunctuation: Byte.colon) { name -= 2 }
        guard name >= 0, lexed.tokens[name].kind == .identifier else { return nil }
        return lexed.text(name)
    }

    /// Django Ninja's router-wide authentication and throttling: `private = Router(auth=AuthBearer())` guards the
    /// routes of that router and of the routers added to it, `Router(throttle=[AnonRateThrottle("10/m")])` rate-limits
    /// them; `api.add_router("/private/", private, auth=AuthBearer())`, those of the router it adds. `auth=None` opens
    /// them, `throttle=[]` or `throttle=None` limits nothing.
    private func ninjaRouterRegistrations() -> [AppWideRegistration] {
        guard lexed.language.family == .python else { return [] }
        var result: [AppWideRegistration] = []
        for index in lexed.tokens.indices where (lexed.token(index, is: "Router") || lexed.token(index, is: "add_router"))
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let close = lexed.partner[index + 1]
            // A throttle counts only as a list holding something (`throttle=[]` limits nothing) or one throttle.
            func guards(_ keyword: Int) -> Bool {
                guard lexed.token(keyword + 1, isPunctuation: Byte.equals), !lexed.token(keyword + 2, is: "None") else { return false }
                if lexed.token(keyword, is: "auth") { return true }
                guard lexed.token(keyword, is: "throttle") else { return false }
                return !(lexed.token(keyword + 2, isPunctuation: Byte.openBracket) && lexed.token(keyword + 3, isPunctuation: Byte.closeBracket))
            }
            guard let auth = ((index + 2)..<close).first(where: guards) else { continue }
            let limits = lexed.token(auth, is: "throttle")
            let router: String?
            if lexed.token(index, is: "Router") {
                router = routers(assignedFrom: index)
            } else {
                // The router added: the first name among the call's own arguments.
                router = ((index + 2)..<auth).first { argument in
                    lexed.tokens[argument].kind == .identifier && lexed.token(argument - 1, isPunctuation: Byte.comma)
                }.map { lexed.text($0) }
            }
            guard let router else { continue }
            result.append(AppWideRegistration(
                callee: index, guardName: limits ? "rate limit" : lexed.text(index),
                scope: .routers(mounted(on: router, by: ["add_router"]))))
        }
        return result
    }

    /// The paths an `.unless({ path: […] })` in the registration's arguments exempts: string paths (also as
    /// `{ url: "/x" }`; one limited to some `methods` is left checked) and regular-expression literals.
    private func readExemptions(in arguments: ClosedRange<Int>, into registration: inout AppWideRegistration) {
        for unless in arguments where lexed.token(unless, is: "unless") && lexed.token(unless - 1, isPunctuation: Byte.dot)
            && lexed.token(unless + 1, isPunctuation: Byte.openParen) && lexed.partner[unless + 1] > unless
        {
            let options = (unless + 1)...lexed.partner[unless + 1]
            guard let key = options.first(where: { lexed.token($0, is: "path") && lexed.token($0 + 1, isPunctuation: Byte.colon) })
            else { continue }
            // The value: one path, or a list of them.
            let value: ClosedRange<Int>
            if lexed.token(key + 2, isPunctuation: Byte.openBracket), lexed.partner[key + 2] > key + 2 {
                value = (key + 2)...lexed.partner[key + 2]
            } else {
                value = (key + 2)...(key + 2)
            }
            var cursor = value.lowerBound
            while cursor <= value.upperBound, cursor < lexed.tokens.count {
                if lexed.token(cursor, isPunctuation: Byte.openBrace), lexed.partner[cursor] > cursor {
                    // `{ url: "/x", methods: ["GET"] }` exempts the methods it names only: left checked.
                    let object = cursor...lexed.partner[cursor]
                    if !object.contains(where: { lexed.token($0, is: "methods") }),
                       let url = object.first(where: { lexed.token($0, is: "url") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
                       lexed.tokens.indices.contains(url + 2), lexed.tokens[url + 2].kind == .string
                    {
                        registration.exemptPaths.append(lexed.text(url + 2))
                    }
                    cursor = object.upperBound + 1
                    continue
                }
                let token = lexed.tokens[cursor]
                if token.kind == .string {
                    let text = lexed.text(cursor)
                    if token.start > 0, lexed.bytes[token.start - 1] == Byte.slash {
                        if let pattern = try? NSRegularExpression(pattern: text) { registration.exemptPatterns.append(pattern) }
                    } else {
                        registration.exemptPaths.append(text)
                    }
                }
                cursor += 1
            }
        }
    }

    /// Whether app-wide middleware guards `handler`.
    func covers(_ handler: HTTPHandler, by registration: AppWideRegistration) -> Bool {
        if let path = handler.path, registration.exempts(path) { return false }
        let route = handler.statement.lowerBound
        switch registration.scope {
        case .file: return true
        case .none: return false
        case .inside(let range): return range.contains(route)
        case .routers(let names):
            guard let router = handler.routerChain?.lowerBound else { return false }
            return names.contains(lexed.text(router))
        case .sameBlock(let block, let pathPrefixes, let afterOnly, let receiver, let perRouter):
            let sameReceiver = receiver != nil && lexed.tokens[route].kind == .identifier && lexed.text(route) == receiver
            // Order, path and place are the route's own only on the app it is registered on: a router's routes run
            // behind what the app uses before mounting it (Koa's `app.use(jwt(…)); app.use(router.routes())`,
            // Express's `app.use("/api", router)`, an app made in a factory function), wherever they are written.
            // What a router uses runs only for its own routes and those of the routers mounted on it.
            if !perRouter, receiver != nil, !sameReceiver {
                guard let routers = registration.routers, lexed.tokens[route].kind == .identifier else { return true }
                let router = lexed.text(route)
                // An app or router this file makes and does not mount on the registration's receiver is not behind
                // it (a public router beside an admin one, the app beside a sub-app); one made elsewhere may be.
                return routers.contains(router) || !isMade(router, by: Self.javaScriptRouterMakers)
            }
            // Registered in a function or closure the route is not in (another router's setup).
            if block >= 0, !lexed.isToken(route, inside: block) { return false }
            if perRouter, let receiver, !sameReceiver {
                // Another router: covered only when it was made from this one (`v1 := r.Group("/v1")`).
                guard let assignment = receiverAssignment(of: route),
                      assignment.contains(where: { lexed.tokens[$0].kind == .identifier && lexed.text($0) == receiver })
                else { return false }
                // gin and Echo copy a router's middleware into a group as the group is made: a `Use` after
                // `r.Group(…)` does not reach the group's routes. Fiber's run behind whatever was registered before
                // them.
                if afterOnly, registration.callee > assignment.lowerBound, !ByteSearch.containsFolded(lexed.bytes, Self.fiberImport) {
                    return false
                }
            }
            if afterOnly, registration.callee > route { return false }
            guard !pathPrefixes.isEmpty, let path = handler.path else { return true }
            return pathPrefixes.contains { HandlerFinder.path(path, isUnder: $0) }
        }
    }

    /// The literal start of a Sinatra route pattern, up to its first wildcard or named parameter (`/api/*` → `/api/`,
    /// `/users/:id/chat` → `/users/`): the filter runs for paths under it at most.
    static func sinatraPatternPrefix(_ pattern: String) -> String {
        String(pattern.prefix { $0 != "*" && $0 != ":" })
    }

    /// Whether a route path lies under a middleware's path: `/admin` covers `/admin` and `/admin/users`, Hono's
    /// `/api/*` covers `/api/chat`.
    static func path(_ path: String, isUnder prefix: String) -> Bool {
        var prefix = Substring(prefix)
        while prefix.hasSuffix("*") || prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix.isEmpty || path == prefix || path.hasPrefix(prefix + "/")
    }

    /// Headers of the route groups around a token: `Route::middleware('auth')->group(function () {`,
    /// `r.Group(func(r chi.Router) {`, `app.grouped(User.authenticator()).group("chat") { chat in`.
    func enclosingGroupHeaders(of index: Int) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            var start = open
            let line = lexed.tokens[open].line
            while start > 0, lexed.tokens[start - 1].line == line { start -= 1 }
            // A PHP chain written a link per line (`Route::middleware(['auth'])` / `->controller(…)` / `->group(`): the
            // links it continues, over their arguments however many lines they take.
            while lexed.language == .php, lexed.token(start, is: "->"), start > 0 {
                start -= 1
                while start > 0 {
                    if lexed.partner[start] >= 0, lexed.partner[start] < start { start = lexed.partner[start] }
                    guard start > 0, lexed.tokens[start - 1].line == lexed.tokens[start].line else { break }
                    start -= 1
                }
            }
            result += withoutDeclaredParameters(start...open)
            // Slim adds a group's middleware after it: `$app->group('/api', function ($group) { … })->add(new Auth())`.
            if lexed.language == .php {
                var after = lexed.blocks[block].endToken + 1
                if lexed.token(after, isPunctuation: Byte.closeParen) {
                    while lexed.token(after + 1, is: "->"), lexed.token(after + 3, isPunctuation: Byte.openParen),
                          lexed.partner[after + 3] > after + 3
                    {
                        result.append((after + 2)...lexed.partner[after + 3])
                        after = lexed.partner[after + 3]
                    }
                }
            }
            block = lexed.blocks[block].parent
        }
        return result
    }

    /// A block's header less the parameter lists of a function it declares: a route registered in `func
    /// routes(ja *jwtauth.JWTAuth) http.Handler {` has the authenticator in scope, not applied (that takes
    /// `r.Use(jwtauth.Verifier(ja))` or a group using it). A call's function literal (`r.Group(func(r chi.Router) {`)
    /// keeps its header whole.
    private func withoutDeclaredParameters(_ header: ClosedRange<Int>) -> [ClosedRange<Int>] {
        guard Self.declarationKeywords.contains(where: { lexed.token(header.lowerBound, is: $0) }) else { return [header] }
        var parts: [ClosedRange<Int>] = []
        var start = header.lowerBound
        var cursor = header.lowerBound
        while cursor <= header.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                if cursor > start { parts.append(start...(cursor - 1)) }
                cursor = lexed.partner[cursor] + 1
                start = cursor
            } else {
                cursor += 1
            }
        }
        if start <= header.upperBound { parts.append(start...header.upperBound) }
        return parts
    }

    private static let declarationKeywords: [StaticString] = ["func", "function", "def", "fn", "fun"]

    private static let jwtauthImport = Array("go-chi/jwtauth".utf8)

    /// Whether guard-word token `index` of a Go file is go-chi/jwtauth's that refuses nobody by itself: its
    /// configuration (`jwtauth.New("HS256", secret, nil)`) and the names it is assigned to (`tokenAuth =
    /// jwtauth.New(…)`), which only sign and verify tokens when asked, so making or naming one (handed to a router
    /// function or a handler, `tokenAuth.Encode(…)`) guards nothing; and its verifier (`jwtauth.Verifier(tokenAuth)`,
    /// `jwtauth.Verify(…)`), which only puts the token found (or the error) on the request's context for
    /// `jwtauth.Authenticator`, or a handler, to refuse.
    func isGoJWTAuthCheckingNothing(_ index: Int) -> Bool {
        guard lexed.language == .go else { return false }
        func configurationOrVerifier(_ name: Int) -> Bool {
            (lexed.token(name, is: "New") || lexed.token(name, is: "Verifier") || lexed.token(name, is: "Verify"))
                && lexed.token(name + 1, isPunctuation: Byte.openParen) && lexed.token(name - 1, isPunctuation: Byte.dot)
                && lexed.token(name - 2, is: "jwtauth")
        }
        if lexed.token(index, is: "jwtauth"), lexed.token(index + 1, isPunctuation: Byte.dot), configurationOrVerifier(index + 2) { return true }
        if configurationOrVerifier(index) { return true }
        // In the arguments of one (`tokenAuth` of `jwtauth.Verifier(tokenAuth)`).
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            if lexed.token(open, isPunctuation: Byte.openParen), configurationOrVerifier(open - 1) { return true }
            block = lexed.blocks[block].parent
        }
        // A name a configuration is assigned to (`tokenAuth = jwtauth.New(…)`, `ja := jwtauth.New(…)`), named anywhere.
        let token = lexed.tokens[index]
        guard token.kind == .identifier, !lexed.token(index + 1, isPunctuation: Byte.openParen),
              !lexed.token(index - 1, isPunctuation: Byte.dot),
              // Asked of each guard word of a Go file: only files importing jwtauth (imports come first) are read on.
              ByteSearch.containsFolded(lexed.bytes, Self.jwtauthImport, within: 8192)
        else { return false }
        let name = lexed.bytes[token.start..<token.end]
        for cursor in lexed.tokens.indices where lexed.tokens[cursor].kind == .identifier {
            let candidate = lexed.tokens[cursor]
            guard candidate.end - candidate.start == name.count, lexed.bytes[candidate.start..<candidate.end].elementsEqual(name) else { continue }
            let equals = lexed.token(cursor + 1, isPunctuation: Byte.colon) ? cursor + 2 : cursor + 1
            if lexed.token(equals, isPunctuation: Byte.equals), lexed.token(equals + 1, is: "jwtauth"), configurationOrVerifier(equals + 3),
               lexed.token(equals + 3, is: "New")
            {
                return true
            }
        }
        return false
    }

    /// The assignment of a route's receiver: `let protected = app.grouped(UserAuthenticator())` for
    /// `protected.post(…)`, `const api = new Hono().use(auth)` for `api.post(…)`.
    func receiverAssignment(of index: Int) -> ClosedRange<Int>? {
        guard lexed.tokens[index].kind == .identifier else { return nil }
        let name = lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]
        // Only the tokens before the route, each rejected on its length before its bytes are compared.
        for cursor in 0..<min(index, lexed.tokens.count) where lexed.tokens[cursor].kind == .identifier {
            let token = lexed.tokens[cursor]
            // `=`, or Go's `:=` (two tokens).
            guard token.end - token.start == name.count, lexed.bytes[token.start..<token.end].elementsEqual(name),
                  lexed.token(cursor + 1, isPunctuation: Byte.equals)
                    || (lexed.token(cursor + 1, isPunctuation: Byte.colon) && lexed.token(cursor + 2, isPunctuation: Byte.equals))
            else { continue }
            var end = cursor + 1
            while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == token.line { end += 1 }
            return cursor...end
        }
        return nil
    }

    /// The object an assignment from `receiverAssignment` derives its value from: `protected` in `let chat =
    /// protected.grouped("chat")`, `r` in `api := r.Group("/api")`; nil when the value is no member call on a name.
    func assignedReceiver(in assignment: ClosedRange<Int>) -> Int? {
        var value = assignment.lowerBound + 2
        if lexed.token(value, isPunctuation: Byte.equals) { value += 1 }  // Go's `:=`
        guard value < assignment.upperBound, lexed.tokens[value].kind == .identifier, lexed.token(value + 1, isPunctuation: Byte.dot),
              lexed.text(value) != lexed.text(assignment.lowerBound)
        else { return nil }
        return value
    }

    /// Whether a range holds a middleware name string that guards: `'auth:sanctum'`, `"throttle:60,1"`; not one a
    /// Laravel route or group excludes (`->withoutMiddleware('auth:sanctum')`), nor a name in an exclusion.
    func containsGuardString(
        _ range: ClosedRange<Int>, rateLimitOnly: Bool = false, excluding exclusions: LaravelMiddlewareExclusions = .init()
    ) -> Bool {
        range.contains { index in
            guard index < lexed.tokens.count, lexed.tokens[index].kind == .string,
                  !exclusions.arguments.contains(where: { $0.contains(index) })
            else { return false }
            let text = lexed.text(index).lowercased()
            if exclusions.names.contains(text) { return false }
            if !exclusions.disarmedAliases.isEmpty,
               exclusions.disarmedAliases.contains(String(text.prefix { $0 != ":" })) { return false }
            if text.hasPrefix("throttle") { return true }
            if !rateLimitOnly, lexed.language == .php, HandlerFinder.isCodeIgniterGuardFilter(text), namesCodeIgniterFilter(index) {
                return true
            }
            if !rateLimitOnly, lexed.language == .php, Self.laravelRoleMiddleware.contains(where: text.hasPrefix) { return true }
            if !rateLimitOnly && (text == "auth" || text.hasPrefix("auth:") || text.hasPrefix("can:") || text == "verified") { return true }
            // An alias or group of the app's own (`'api.key'`, `'partner'`), by what its class's `handle` does.
            guard !rateLimitOnly, lexed.language == .php, let refuses = laravelMiddlewareRefuses,
                  let first = text.utf8.first, first != UInt8(ascii: "/"), first != UInt8(ascii: " "), text.count < 64
            else { return false }
            return refuses(CodeIndex.laravelMiddlewareName(text))
        }
    }

    /// spatie/laravel-permission's route middleware (`'role:admin'`, `'permission:publish articles'`): it answers 403
    /// to a caller without the role or permission, and to a signed-out one.
    private static let laravelRoleMiddleware = ["role:", "permission:", "role_or_permission:"]

    /// Whether the string at `index` is the value of a CodeIgniter `'filter' =>` option, alone or in a list.
    private func namesCodeIgniterFilter(_ index: Int) -> Bool {
        var cursor = index - 1
        if lexed.token(cursor, isPunctuation: Byte.comma) || lexed.token(cursor, isPunctuation: Byte.openBracket) {
            while cursor > 0, !lexed.token(cursor, isPunctuation: Byte.openBracket) { cursor -= 1 }
            cursor -= 1
        }
        return lexed.token(cursor, is: "=>") && cursor > 0 && lexed.tokens[cursor - 1].kind == .string
            && lexed.text(cursor - 1) == "filter"
    }

    static func isCodeIgniterGuardFilter(_ name: String) -> Bool { CodeIndex.isCodeIgniterGuardFilter(name) }

    /// Whether a range holds a rate limiter (not only authentication).
    func containsRateLimit(_ range: ClosedRange<Int>) -> Bool {
        let words = HandlerFinder.rateLimitWords
        let tokens = lexed.tokens
        // Each identifier read in place: a slice per token would retain and release the file's bytes.
        return lexed.bytes.withUnsafeBufferPointer { bytes in
            range.contains { index in
                guard index < tokens.count, tokens[index].kind == .identifier else { return false }
                return words.matches(bytes, tokens[index].start, tokens[index].end)
            }
        }
    }

    private static let rateLimitWords = FoldedWords(["ratelimit", "rate_limit", "limiter", "throttl", "slowapi", "rate limit", "httprate", "tryconsume", "islimited", "governor"])

    static func isRateLimitWord(_ word: String) -> Bool { isRateLimitWord(ArraySlice(word.utf8)) }

    /// Asked of every identifier of a guarded handler: compared in place, case-folded byte by byte.
    static func isRateLimitWord(_ word: ArraySlice<UInt8>) -> Bool { rateLimitWords.matches(word) }

    /// Whether `path` holds `needle` (ASCII), compared byte by byte rather than through Foundation's search.
    static func path(_ path: String, contains needle: StaticString) -> Bool {
        let count = needle.utf8CodeUnitCount
        let utf8 = Array(path.utf8)
        guard utf8.count >= count else { return false }
        let pointer = needle.utf8Start
        for start in 0...(utf8.count - count) where utf8[start] == pointer[0] {
            if (1..<count).allSatisfy({ utf8[start + $0] == pointer[$0] }) { return true }
        }
        return false
    }

    /// The `authenticate` token of Passport's `passport.authenticate(…)` when token `index` is its `passport` or
    /// its `authenticate`.
    private func passportAuthenticate(at index: Int) -> Int? {
        if lexed.token(index, is: "passport") {
            return lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 2, is: "authenticate")
                && lexed.token(index + 3, isPunctuation: Byte.openParen) ? index + 2 : nil
        }
        return lexed.token(index, is: "authenticate") && lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index - 2, is: "passport") && lexed.token(index + 1, isPunctuation: Byte.openParen) ? index : nil
    }

    /// Whether `passport.authenticate(…)` at `authenticate` names a strategy that succeeds for every request:
    /// passport-anonymous's `'anonymous'`, alone or in a chain (`['jwt', 'anonymous']`: a caller without a token
    /// falls through to it), or a name the file registers it under (`passport.use('guest', new AnonymousStrategy())`).
    private func passportLetsAnyoneThrough(_ authenticate: Int) -> Bool {
        let strategies = lexed.passportStrategies(ofAuthenticateAt: authenticate)
        if strategies.contains("anonymous") { return true }
        guard !strategies.isEmpty, ByteSearch.containsFolded(lexed.bytes, Self.anonymousStrategy) else { return false }
        // `passport.use("guest", new AnonymousStrategy())`.
        return lexed.tokens.indices.contains { index in
            lexed.token(index, is: "use") && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index - 2, is: "passport")
                && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.tokens.indices.contains(index + 5)
                && lexed.tokens[index + 2].kind == .string && strategies.contains(lexed.text(index + 2))
                && lexed.token(index + 3, isPunctuation: Byte.comma) && lexed.token(index + 4, is: "new")
                && lexed.token(index + 5, is: "AnonymousStrategy")
        }
    }

    private static let anonymousStrategy = Array("anonymousstrategy".utf8)

    /// Whether `word`, lower-cased, holds `needle` (lower-case) at `start`.
    static func containsFolded(_ word: ArraySlice<UInt8>, _ needle: [UInt8], at start: Int) -> Bool {
        guard start + needle.count <= word.endIndex else { return false }
        for offset in 0..<needle.count where Byte.lower(word[start + offset]) != needle[offset] { return false }
        return true
    }

    /// Whether `word`, lower-cased, holds `needle` (lower-case) anywhere.
    static func containsFolded(_ word: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        var start = word.startIndex
        while start + needle.count <= word.endIndex {
            if containsFolded(word, needle, at: start) { return true }
            start += 1
        }
        return false
    }

    /// Whether any identifier in `range` names an auth or rate-limit guard, or the code answers 401/403.
    func containsGuard(_ range: ClosedRange<Int>) -> Bool {
        if let guardTokens {
            let low = guardTokens.partitionPoint { $0 < range.lowerBound }
            return low < guardTokens.count && guardTokens[low] <= range.upperBound
        }
        return containsGuardToken(range)
    }

    /// `containsGuard`, reading each token of the range: whether one of them is a guard on its own (a range holds
    /// a guard exactly when one of its tokens does).
    func containsGuardToken(_ range: ClosedRange<Int>) -> Bool {
        let words = HandlerFinder.guardWordTable
        let tokens = lexed.tokens
        return lexed.bytes.withUnsafeBufferPointer { bytes in
            var declaredOpenThrough = -1
            for index in range where index < tokens.count && index > declaredOpenThrough {
                let token = tokens[index]
                if token.kind == .number, isRefusalStatus(index) { return true }
                guard token.kind == .identifier else { continue }
                if let end = openDRFClassList(at: index) {
                    declaredOpenThrough = end
                    continue
                }
                // `passport.initialize()` and `passport.session()` set Passport up; only `authenticate` checks.
                if lexed.token(index, is: "passport"), lexed.token(index + 1, isPunctuation: Byte.dot),
                   lexed.token(index + 2, is: "initialize") || lexed.token(index + 2, is: "session")
                {
                    continue
                }
                if lexed.token(index, is: "current_user"), readsFlaskLoginUserUnchecked(index) { continue }
                // Elixir's Req sends credentials with its request (`Req.post!(url, auth: {:bearer, key})`): the
                // keyword names the outgoing request's, and checks no caller.
                if lexed.language == .elixir, lexed.token(index, is: "auth"), lexed.token(index + 1, isPunctuation: Byte.colon),
                   lexed.token(index + 2, isPunctuation: Byte.openBrace)
                {
                    continue
                }
                // Ktor's client sets credentials on its request (`http.post("chat/completions") { bearerAuth(key) }`,
                // `basicAuth(user, password)`): they check no caller (Ktor's server authenticates in `authenticate { }`).
                if lexed.language == .kotlin, lexed.token(index, is: "bearerAuth") || lexed.token(index, is: "basicAuth"),
                   lexed.token(index + 1, isPunctuation: Byte.openParen), ByteSearch.containsFolded(lexed.bytes, HandlerFinder.ktorClientPackage)
                {
                    continue
                }
                // Django Ninja's `@api.post("/x", auth=None)` declares the operation public, overriding the API's
                // or router's `auth=…`: the keyword switched off guards nothing.
                if lexed.language.family == .python, isNinjaAuthSwitchedOff(index) { continue }
                // DRF's `permissions` module qualifies the class that is or is not a guard (`permissions.AllowAny`).
                if lexed.language.family == .python, lexed.token(index, is: "permissions"), lexed.token(index + 1, isPunctuation: Byte.dot) {
                    continue
                }
                // NestJS's `@Throttle(…)` only sets the limits `ThrottlerGuard` applies: without that guard bound
                // (globally, or `@UseGuards(ThrottlerGuard)`, each a guard of its own) it limits nothing.
                if lexed.token(index, is: "Throttle"), lexed.token(index - 1, isPunctuation: Byte.at), lexed.language.isJavaScriptLike {
                    continue
                }
                // Spring's method security written to let anyone in (`@PreAuthorize("permitAll()")`,
                // `@Secured("IS_AUTHENTICATED_ANONYMOUSLY")`) refuses nobody; the security chain still may.
                if lexed.language == .java || lexed.language == .kotlin, lexed.token(index - 1, isPunctuation: Byte.at),
                   lettingAnyoneIn(annotation: index)
                {
                    continue
                }
                // Most identifiers hold no guard word's first two bytes: rejected in place, without a slice.
                if words.matches(bytes, token.start, token.end),
                   HandlerFinder.isGuardWord(lexed.bytes[token.start..<token.end], in: words)
                {
                    if isGoJWTAuthCheckingNothing(index) || isInAuthLoader(index) { continue }
                    // Credentials sent with an outgoing request (reqwest's `.bearer_auth(key)`, requests'
                    // `auth=(user, key)`), read past with what they are given.
                    if let end = outgoingCredentials(at: index) {
                        declaredOpenThrough = end
                        continue
                    }
                    // Passport's `authenticate` with a strategy that lets everyone through (`'anonymous'`).
                    if lexed.language.isJavaScriptLike, let authenticate = passportAuthenticate(at: index),
                       passportLetsAnyoneThrough(authenticate)
                    {
                        continue
                    }
                    return true
                }
                // What the server hooks put on the request for a signed-in caller: SvelteKit's and Astro's
                // `locals.user` / `locals.session` (Express's `res.locals.user`), read or destructured.
                if lexed.token(index, is: "user") || lexed.token(index, is: "session"), readsLocals(index) { return true }
                // A bare `session` is a guard only where it is the request's session (`req.session`,
                // `session[…]`), not a variable that happens to hold, say, a Stripe checkout session; and only where
                // what it reads names the caller (`session["user_id"]`, `req.session.user`): a session holds a
                // chat's messages or a cart for anonymous callers too.
                if lexed.token(index, is: "session"),
                   lexed.token(index + 1, isPunctuation: Byte.openBracket)
                    || (lexed.token(index - 1, isPunctuation: Byte.dot)
                        && (lexed.token(index - 2, is: "req") || lexed.token(index - 2, is: "request")
                            || lexed.token(index - 2, is: "ctx"))),
                   sessionKeyNamesCaller(index)
                {
                    return true
                }
            }
            return false
        }
    }

    /// Whether token `index` is Django Ninja's `auth=None` (an operation or router declared public).
    func isNinjaAuthSwitchedOff(_ index: Int) -> Bool {
        lexed.token(index, is: "auth") && lexed.token(index + 1, isPunctuation: Byte.equals) && lexed.token(index + 2, is: "None")
    }

    /// Expressions of Spring's method security that let every caller through.
    private static let openSecurityExpressions: Set<String> = [
        "permitAll()", "permitAll", "IS_AUTHENTICATED_ANONYMOUSLY", "isAnonymous()", "ROLE_ANONYMOUS",
    ]

    /// Whether the annotation named at `annotation` (`PreAuthorize`, `Secured`) is given only expressions that let
    /// every caller through.
    private func lettingAnyoneIn(annotation: Int) -> Bool {
        guard lexed.token(annotation, is: "PreAuthorize") || lexed.token(annotation, is: "Secured"),
              lexed.token(annotation + 1, isPunctuation: Byte.openParen), lexed.partner[annotation + 1] > annotation + 1
        else { return false }
        let strings = ((annotation + 2)..<lexed.partner[annotation + 1]).filter { lexed.tokens[$0].kind == .string }
        return !strings.isEmpty && strings.allSatisfy { HandlerFinder.openSecurityExpressions.contains(lexed.text($0)) }
    }

    /// Where the list ends when token `index` declares DRF classes that refuse nobody: `permission_classes =
    /// [AllowAny]`, `@permission_classes([])`, `authentication_classes = ()`, `throttle_classes = []`. The view is
    /// open on purpose; a guard word in the declaration is none.
    func openDRFClassList(at index: Int) -> Int? {
        guard lexed.token(index, is: "permission_classes") || lexed.token(index, is: "authentication_classes")
                || lexed.token(index, is: "throttle_classes")
        else { return nil }
        var open = index + 1
        if lexed.token(open, isPunctuation: Byte.equals) || lexed.token(open, isPunctuation: Byte.openParen) { open += 1 }
        guard lexed.token(open, isPunctuation: Byte.openBracket) || lexed.token(open, isPunctuation: Byte.openParen),
              lexed.partner[open] > open
        else { return nil }
        let close = lexed.partner[open]
        let onlyAllowAny = ((open + 1)..<close).allSatisfy { cursor in
            lexed.token(cursor, is: "AllowAny") || lexed.token(cursor, isPunctuation: Byte.comma)
                || (lexed.token(cursor, is: "permissions") && lexed.token(cursor + 1, isPunctuation: Byte.dot))
                || lexed.token(cursor, isPunctuation: Byte.dot)
        }
        guard onlyAllowAny else { return nil }
        // `@permission_classes([AllowAny])`: the decorator's own parenthesis closes after the list.
        return lexed.token(close + 1, isPunctuation: Byte.closeParen) && lexed.token(index + 1, isPunctuation: Byte.openParen)
            ? close + 1 : close
    }

    /// Whether a DRF view declares permission classes that let anyone in (`openDRFClassList`), which the project's
    /// default permission classes then do not cover.
    func declaresOpenDRFPermissions(_ ranges: [ClosedRange<Int>]) -> Bool {
        ranges.contains { range in
            range.contains { index in
                index < lexed.tokens.count && lexed.token(index, is: "permission_classes") && openDRFClassList(at: index) != nil
            }
        }
    }

    /// Whether the key read from the request's session at `session` token `index` names the caller: the string of
    /// `session["user_id"]`, `session.get("logged_in")` or `"user" in request.session`, the property of
    /// `req.session.userId`. A session read whose key the file does not show is not one.
    private func sessionKeyNamesCaller(_ index: Int) -> Bool {
        var key: Int?
        if lexed.token(index + 1, isPunctuation: Byte.openBracket) {
            key = index + 2
        } else if lexed.token(index + 1, isPunctuation: Byte.dot) || lexed.token(index + 1, is: "?.") {
            key = lexed.token(index + 2, is: "get") && lexed.token(index + 3, isPunctuation: Byte.openParen) ? index + 4 : index + 2
        } else if lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 3, is: "in") {
            key = lexed.token(index - 4, is: "not") ? index - 5 : index - 4
        }
        guard let key, lexed.tokens.indices.contains(key),
              lexed.tokens[key].kind == .string || lexed.tokens[key].kind == .identifier
        else { return false }
        let token = lexed.tokens[key]
        return HandlerFinder.callerKeyWords.matches(lexed.bytes[token.start..<token.end])
    }

    /// Words of a session key that names the signed-in caller.
    private static let callerKeyWords = FoldedWords([
        "user", "uid", "login", "logged", "auth", "account", "member", "admin", "role", "email", "signed", "customer",
        "token", "profile", "owner", "principal", "identity", "jwt", "passport",
    ])

    /// Whether `current_user` token `index` is Flask-Login's, read without asking whether anybody signed in. For a
    /// caller who did not, it is an anonymous user, not a refusal: `current_user.get_id()` is None and the request
    /// goes on. Only `@login_required` or a test of `current_user.is_authenticated` (`is_anonymous`) refuses; a
    /// FastAPI parameter named `current_user` is guarded by its `Depends(get_current_user)`, not by its name.
    private func readsFlaskLoginUserUnchecked(_ index: Int) -> Bool {
        guard lexed.language.family == .python,
              !lexed.token(index + 2, is: "is_authenticated"), !lexed.token(index + 2, is: "is_anonymous")
        else { return false }
        return ByteSearch.containsFolded(lexed.bytes, HandlerFinder.flaskLogin)
    }

    private static let flaskLogin = Array("flask_login".utf8)

    /// Whether `user` or `session` token `index` is read from `locals`: `locals.user`, `const { user } = locals`
    /// (or `= event.locals`), `({ locals: { session } })`.
    func readsLocals(_ index: Int) -> Bool {
        if lexed.token(index - 1, isPunctuation: Byte.dot) { return lexed.token(index - 2, is: "locals") }
        let block = lexed.tokens[index].block
        guard block >= 0, lexed.token(lexed.blocks[block].openToken, isPunctuation: Byte.openBrace) else { return false }
        let open = lexed.blocks[block].openToken
        let close = lexed.partner[open]
        if lexed.token(open - 1, isPunctuation: Byte.colon), lexed.token(open - 2, is: "locals") { return true }
        guard close > open, lexed.token(close + 1, isPunctuation: Byte.equals) else { return false }
        return lexed.token(close + 2, is: "locals")
            || (lexed.token(close + 3, isPunctuation: Byte.dot) && lexed.token(close + 4, is: "locals"))
    }

    /// Whether number token `index` is a refusal: 401 or 403, or 429 answered to the caller (`lexed.integer`'s
    /// reading), without making a `String` of the usual all-digit token.
    func isRefusalStatus(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        var value = 0
        for byte in lexed.bytes[token.start..<token.end] where byte != UInt8(ascii: "_") {
            // Anything but digits (`4.01`, `0x191`, `401n`) is read as the lexer's text is.
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return lexed.integer(index).map { $0 == 401 || $0 == 403 } ?? false
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            if value > 429 { return false }
        }
        return value == 401 || value == 403 || (value == 429 && answers(index) && !passesOnProviders429(index))
    }

    /// Whether the 429 at token `index` passes on the paid provider's own limit rather than the route's: answered
    /// where the provider's error is caught (`catch`, `except`, `rescue`), or after a test of another 429 a line or
    /// less before (`if (err.status === 429) return json(…, { status: 429 })`).
    private func passesOnProviders429(_ index: Int) -> Bool {
        var block = lexed.tokens[index].block
        while block >= 0 {
            let header = lexed.blocks[block].headerStart...max(lexed.blocks[block].headerStart, lexed.blocks[block].openToken)
            if header.contains(where: { lexed.token($0, is: "catch") || lexed.token($0, is: "except") || lexed.token($0, is: "rescue") }) {
                return true
            }
            block = lexed.blocks[block].parent
        }
        let line = lexed.tokens[index].line
        var cursor = index - 1
        while cursor >= 0, lexed.tokens[cursor].line >= line - 1 {
            if lexed.tokens[cursor].kind == .number, lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end].elementsEqual("429".utf8) {
                return true
            }
            cursor -= 1
        }
        return false
    }

    /// Whether the status at number token `index` is handed to the answer (`res.status(429)`, `{ status: 429 }`,
    /// `abort(429)`, `status_code=429`, `c.json(…, 429)`) rather than compared or listed: code that calls a paid API
    /// tests the provider's own 429 (`if (err.status === 429)`, `retryOn: [429]`) and refuses nobody by it.
    private func answers(_ index: Int) -> Bool {
        if lexed.token(index - 1, isPunctuation: Byte.colon) { return true }
        // A call's first argument (`res.status(429)`, `abort(429)`), not a tuple (`(429,)`).
        if lexed.token(index - 1, isPunctuation: Byte.openParen) {
            return index >= 2 && lexed.tokens[index - 2].kind == .identifier
        }
        if lexed.token(index - 1, isPunctuation: Byte.comma) {
            // An argument after the first (`c.json(body, 429)`), not an element of a list (`[500, 429]`).
            var cursor = index - 1
            while cursor > 0, lexed.token(cursor, isPunctuation: Byte.comma) || lexed.tokens[cursor].kind == .number { cursor -= 1 }
            return !lexed.token(cursor, isPunctuation: Byte.openBracket)
        }
        // `status_code=429`, but not `==`, `!=`, `===`.
        return lexed.token(index - 1, isPunctuation: Byte.equals) && lexed.tokens.indices.contains(index - 2)
            && lexed.tokens[index - 2].kind == .identifier
    }

    static let guardWords: [[UInt8]] = [
        "auth", "getsession", "serversession", "usesession", "session_user", "jwt", "passport", "clerk", "ratelimit", "rate_limit", "limiter", "throttl",
        "login_required", "loginrequired", "permission", "guard", "verify", "current_user", "currentuser",
        "require_user", "requireuser", "signed_in", "isauthenticated", "slowapi", "principal", "rolesallowed", "secured",
        // connect-ensure-login's `ensureLoggedIn()`, FastAPI's `get_current_active_user`, go-chi's httprate.
        "loggedin", "logged_in", "current_active_user", "currentactiveuser", "httprate",
        // Clearance's and Sorcery's `before_action :require_login` (and the apps that name their own so), the
        // MERN tutorials' `requireSignin`, `isSignedIn`.
        "require_login", "requirelogin", "require_signin", "requiresignin", "signedin",
        // Webhooks are guarded by their sender's signature: Slack's SignatureVerifier, Stripe's
        // webhooks.constructEvent, Twilio's validateRequest.
        "verifier", "constructevent", "validaterequest",
        // JAX-RS's `@DenyAll` and `securityContext.isUserInRole(…)`, Bucket4j's `bucket.tryConsume(1)`.
        "denyall", "userinrole", "tryconsume",
        // nuxt-auth-utils' `getUserSession(event)`, @nuxtjs/supabase's `serverSupabaseUser(event)`, the Remix
        // stacks' `getUserId(request)`.
        "getusersession", "requireusersession", "serversupabaseuser", "getuserid",
        // A Firebase function that only app instances with a valid App Check token may call.
        "enforceappcheck",
        // Genkit's flows served with a context provider checking the caller (`expressHandler(flow, { contextProvider:
        // apiKey(…) })`, `withContextProvider(flow, …)` in `startFlowServer`, Python's `genkit_flask_handler(ai,
        // context_provider=…)`).
        "contextprovider", "context_provider",
        // sveltekit-rate-limiter's `await limiter.isLimited(event)`; tower_governor's and actix-governor's
        // `GovernorLayer { config }`, `Governor::new(&conf)`.
        "islimited", "governor",
        // The decorators and middleware tutorials and apps write for token and API-key checks (`@token_required`,
        // `@require_api_key`, `checkApiKey`).
        "token_required", "tokenrequired", "require_token", "requires_token", "requiretoken", "api_key_required",
        "apikey_required", "apikeyrequired", "require_api_key", "requireapikey", "check_api_key", "checkapikey",
        "validate_api_key", "validateapikey",
        // Role and permission checks, as middleware, decorators and filters name them (`requireAdmin`,
        // `before_action :require_admin`, `@admin_required`, `checkRole("admin")`, Flask-Security's `@roles_required`,
        // Django's `@staff_member_required` and `@user_passes_test`; `authorize`, `hasPermission` are guards by the
        // words above). Not a bare `isAdmin`, as often a field as a check: middleware so named counts where its body
        // refuses (`CodeIndex.guardTokensOfMiddleware`).
        "requireadmin", "require_admin", "ensureadmin", "ensure_admin", "adminonly", "admin_only", "adminrequired",
        "admin_required", "checkadmin", "check_admin", "requirerole", "require_role", "checkrole", "check_role", "hasrole",
        "has_role", "hasanyrole", "has_any_role", "rolerequired", "role_required", "rolesrequired", "roles_required",
        "roles_accepted", "staff_member_required", "superuser_required", "user_passes_test",
    ].map { Array($0.utf8) }

    private static let authorizationHeader = Array("authorization".utf8)

    /// Words that hold a guard word without being a check on the caller: tokens passed along, content filters
    /// (`applyGuardrails`, `safeguard`).
    static let notGuards: [[UInt8]] = [
        "authtoken", "auth_token", "sessions", "oauth2client", "guardrail", "safeguard",
        // Credentials set on an outgoing request (Spring's `headers.setBearerAuth(apiKey)`, Vapor's
        // `headers.bearerAuthorization = …`).
        "setbearerauth", "setbasicauth", "bearerauthorization",
        // NestJS's Swagger decorators document a scheme and enforce nothing (`@ApiBearerAuth()`).
        "apibearerauth", "apibasicauth", "apioauth2", "apicookieauth",
        // WordPress prints its nonces for every visitor: `wp_verify_nonce`, `check_ajax_referer` check no caller.
        "verify_nonce",
        // The header's name as a constant (Echo's and Fiber's `HeaderAuthorization`), as in a CORS configuration's
        // allowed headers, like the bare `Authorization`.
        "headerauthorization",
        // Opt-outs name the check they skip (NestJS `@SkipAuth()`, `@SkipThrottle()`, ASP.NET `[AllowAnonymous]`,
        // `@NoAuth`): they take a route out of a guard, they are none.
        "skipauth", "skip_auth", "noauth", "no_auth", "bypassauth", "bypass_auth", "withoutauth", "without_auth",
        "disableauth", "allowanonymous", "allow_anonymous", "skipthrottle", "skip_throttle", "nothrottle",
        "skipratelimit", "skip_rate_limit",
        // Azure Functions' authorization level names how open a trigger is (`AuthorizationLevel.Anonymous`,
        // `authLevel: "anonymous"`, `auth_level=`): read for its value (`AzureFunctionsRoutes.swift`), no guard as a word.
        "authorizationlevel", "authlevel", "auth_level",
    ].map { Array($0.utf8) } + optionalAuthentication

    /// Names of middleware that reads a token when one is sent and lets everyone through (`optionalAuth`): no guard
    /// as a word, nor as a function whatever its body reads (`namesNoGuard`).
    static let optionalAuthentication: [[UInt8]] = [
        "optionalauth", "optional_auth", "optionaljwt", "optional_jwt", "authoptional", "auth_optional",
        "optionaluser", "optional_user", "maybeauth", "softauth",
    ].map { Array($0.utf8) }

    /// Guard words by their first two bytes, so most positions of an identifier are rejected by one lookup.
    private static let guardWordTable = FoldedWords(guardWords)

    /// Rejects, in one pass, files that mention no guard word of four bytes or more (the prefilter's minimum).
    static let guardPrefilter = KeywordPrefilter(guardWords.filter { $0.count >= 4 })
    /// The guard words too short for the prefilter (`jwt`), looked for in each identifier.
    static let shortGuardWords = guardWords.filter { $0.count < 4 }

    static func isGuardWord(_ word: ArraySlice<UInt8>) -> Bool { isGuardWord(word, in: guardWordTable) }

    /// `isGuardWord` with the table passed in: a loop over a range's tokens looks the table up once.
    private static func isGuardWord(_ word: ArraySlice<UInt8>, in words: FoldedWords) -> Bool {
        // Called for every identifier of every file the index reads: compared in place, never copied.
        func contains(_ needle: [UInt8]) -> Bool { containsFolded(word, needle) }
        guard words.matches(word) else { return false }
        // A configuration constant (`JWT_SECRET`, `AUTH_URL`, often an environment variable's name) names a
        // setting, not a check: the call it is handed to (`expressjwt(…)`, `jwt.verify(…)`) is the guard.
        if word.contains(UInt8(ascii: "_")), !word.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) {
            return false
        }
        // A header passed along (`Authorization`, `headers: { authorization: … }` on an outgoing request), not a check.
        if word.count == authorizationHeader.count, containsFolded(word, authorizationHeader, at: word.startIndex) { return false }
        if notGuards.contains(where: contains) { return false }
        if contains(author) && !contains(authoriz) { return false }
        return true
    }

    private static let author = Array("author".utf8), authoriz = Array("authoriz".utf8)
    static let ktorClientPackage = Array("io.ktor.client".utf8)
}

/// Lower-case words looked for inside identifiers, in any case: each position of an identifier is first tested
/// against the set of the words' first two bytes (one bit of a 64 Kbit table), and only the few that pass are
/// compared byte by byte. Every word is at least two bytes long.
struct FoldedWords: Sendable {
    private let words: [[UInt8]]
    /// Bit `first << 8 | second` is set when a word starts with those two (lower-case) bytes.
    private let pairs: [UInt64]

    init(_ words: [String]) { self.init(words.map { Array($0.utf8) }) }

    init(_ words: [[UInt8]]) {
        self.words = words
        var pairs = [UInt64](repeating: 0, count: 1024)
        for word in words where word.count >= 2 {
            let pair = Int(word[0]) << 8 | Int(word[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        self.pairs = pairs
    }

    /// Whether `word`, lower-cased, holds one of the words anywhere.
    func matches(_ word: ArraySlice<UInt8>) -> Bool {
        word.withUnsafeBufferPointer { matches($0, 0, $0.count) }
    }

    /// Whether `bytes[start..<end]`, lower-cased, holds one of the words anywhere.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 2 else { return false }
        return pairs.withUnsafeBufferPointer { pairs in
            var position = start
            var first = Int(Byte.lower(bytes[position]))
            while position + 1 < end {
                let second = Int(Byte.lower(bytes[position + 1]))
                let pair = first << 8 | second
                if pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0, matchesWord(startingWith: first, bytes, position, end) {
                    return true
                }
                first = second
                position += 1
            }
            return false
        }
    }

    /// Whether a word starting with byte `first` lies at `position`, before `end`.
    private func matchesWord(startingWith first: Int, _ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ end: Int)
        -> Bool
    {
        for candidate in words where Int(candidate[0]) == first && position + candidate.count <= end {
            var offset = 1
            while offset < candidate.count, Byte.lower(bytes[position + offset]) == candidate[offset] { offset += 1 }
            if offset == candidate.count { return true }
        }
        return false
    }
}
