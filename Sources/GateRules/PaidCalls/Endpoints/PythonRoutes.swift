import GateCore

/// Python routes: decorated functions (FastAPI, Flask, DRF) and Django views.
extension HandlerFinder {
    func pythonDecoratedRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        // Azure Functions apps and blueprints of the file, read when a route decorator is first met.
        var azureApps: [String: String]?
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let decorators = block.headerStart..<block.openToken
            let route = decorators.first { cursor in
                lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                    && HandlerFinder.pythonRouteDecorators.contains(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])
            } ?? decorators.first { lexed.token($0, is: "api_view") }
            guard let route else { continue }
            let routePath: String
            if lexed.token(route, is: "api_view") {
                // Its path is in urls.py: the view's name says which it is.
                routePath = block.nameRange.map { " " + lexed.text($0) } ?? ""
            } else {
                // `@router.post("/chat")`, or the path by keyword: `@router.post(path="/chat")`, Flask's `rule=`.
                let pathToken = isString(route + 2) ? route + 2
                    : (lexed.token(route + 2, is: "path") || lexed.token(route + 2, is: "rule"))
                        && lexed.token(route + 3, isPunctuation: Byte.equals) && isString(route + 4) ? route + 4 : nil
                routePath = pathToken.map { " " + routerPrefix(of: route - 2) + lexed.text($0) } ?? ""
            }
            let statement = lexed.statementSpan(of: index)
            // The route decorator registers the function as the decorators below it have wrapped it: one above it
            // (`@login_required` over `@bp.route(…)`) wraps what was already registered, and guards nothing, as
            // Flask's and FastAPI's docs warn (and DRF's for its decorators over `@api_view`).
            var registered = route
            while registered > statement.lowerBound, !lexed.tokens[registered].firstOnLine { registered -= 1 }
            let guarded = max(statement.lowerBound, registered)...statement.upperBound
            var handler = HTTPHandler(
                name: "\(routeMethod(route))\(routePath)", statement: statement, body: statement,
                guardRanges: [guarded], allowsAnonymous: declaresOpenDRFPermissions([decorators.lowerBound...statement.upperBound]))
            // Django Ninja's `@api.post("/x", auth=None)`: public whatever the API's or router's `auth=…` says.
            if lexed.partner[route + 1] > route + 1, ((route + 2)..<lexed.partner[route + 1]).contains(where: isNinjaAuthSwitchedOff) {
                handler.allowsAnonymous = true
            }
            if !routePath.isEmpty, !lexed.token(route, is: "api_view"), lexed.tokens[route - 2].kind == .identifier {
                handler.routerChain = (route - 2)..<route
            }
            // An Azure Functions HTTP trigger (`@app.route(route="ask")` on a `func.FunctionApp`): the key its level
            // requires guards it, the decorator's `auth_level=` before the app's.
            if lexed.token(route, is: "route"), lexed.token(route - 1, isPunctuation: Byte.dot), lexed.tokens[route - 2].kind == .identifier {
                if azureApps == nil { azureApps = azurePythonApps() }
                if let appLevel = azureApps?[lexed.text(route - 2)] {
                    let arguments = (route + 2)..<max(route + 2, lexed.partner[route + 1])
                    let level = pythonAuthLevel(in: arguments, keyword: "auth_level") ?? appLevel
                    handler.declaredGuard = HandlerFinder.azureFunctionKey(level: level)
                    if let routeName = azurePythonRoutePath(in: arguments) { handler.name = "\(routeMethod(route)) /api/\(routeName)" }
                }
            }
            // A DRF function view that only reads: `IsAuthenticatedOrReadOnly`, its own or the project's, lets anyone call it.
            if lexed.token(route, is: "api_view"), let name = block.nameRange.map({ lexed.text($0) }) {
                handler.readsOnly = drfMethods(of: index, named: name).allSatisfy { ["GET", "HEAD", "OPTIONS"].contains($0) }
                if handler.readsOnly, let list = drfReadOnlyOpenList(ownDeclarations: guarded.lowerBound...block.openToken, container: nil) {
                    handler.guardRanges = UnprotectedEndpointDetector.parts(of: guarded, without: [list])
                    handler.allowsAnonymous = true
                }
            }
            result.append(handler)
        }
        return result
    }

    /// Modal's web endpoints: a function under `@modal.fastapi_endpoint(method="POST")` (`@modal.web_endpoint(…)`
    /// before its rename, either imported bare from `modal`) is served at a public URL, for `GET` unless it says
    /// otherwise. `requires_proxy_auth=True` makes Modal refuse requests without the workspace's proxy auth token.
    /// (An `@modal.asgi_app()` returns an app whose own routes are read as they are anywhere.)
    func modalWebEndpoints() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, HandlerFinder.modalEndpointDecoratorEnd),
              importedModules().contains(where: { lexed.token($0, is: "modal") })
        else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            guard let decorator = (block.headerStart..<block.openToken).first(where: { cursor in
                (lexed.token(cursor, is: "fastapi_endpoint") || lexed.token(cursor, is: "web_endpoint"))
                    && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor + 1
                    && (lexed.token(cursor - 1, isPunctuation: Byte.at)
                        || lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor - 2, is: "modal"))
            }) else { continue }
            let arguments = (decorator + 2)..<lexed.partner[decorator + 1]
            func argument(_ name: StaticString) -> Int? {
                arguments.first { lexed.token($0, is: name) && lexed.token($0 + 1, isPunctuation: Byte.equals) }.map { $0 + 2 }
            }
            let method = argument("method").flatMap { isString($0) ? lexed.text($0).uppercased() : nil } ?? "GET"
            let statement = lexed.statementSpan(of: index)
            var handler = HTTPHandler(
                name: "\(method) \(block.nameRange.map { lexed.text($0) } ?? path)", statement: statement, body: statement,
                guardRanges: [statement])
            if let proxyAuth = argument("requires_proxy_auth"), lexed.token(proxyAuth, is: "True") {
                handler.declaredGuard = "requires_proxy_auth=True"
            }
            result.append(handler)
        }
        return result
    }

    /// How both of Modal's web endpoint decorators end (`fastapi_endpoint(`, `web_endpoint(`): a file without it has none.
    static let modalEndpointDecoratorEnd = Array("_endpoint(".utf8)

    /// The method a route decorator names: `@router.post` → `POST`; Flask's `@bp.route("/x", methods=["POST"])` →
    /// its first method, `GET` without any (Flask's default).
    private func routeMethod(_ decorator: Int) -> String {
        // DRF's `@api_view(["POST"])`: its first method, GET without any.
        if lexed.token(decorator, is: "api_view") {
            let close = lexed.partner[decorator + 1]
            let method = close > decorator + 1
                ? ((decorator + 2)..<close).first { lexed.tokens[$0].kind == .string }.map { lexed.text($0).uppercased() } : nil
            return method ?? "GET"
        }
        guard lexed.token(decorator, is: "route") || lexed.token(decorator, is: "api_route") else {
            return lexed.text(decorator).uppercased()
        }
        let close = lexed.partner[decorator + 1]
        guard close > decorator + 1 else { return "ROUTE" }
        for cursor in (decorator + 2)..<close where lexed.token(cursor, is: "methods") {
            guard lexed.token(cursor + 1, isPunctuation: Byte.equals), lexed.tokens.indices.contains(cursor + 3),
                  lexed.tokens[cursor + 3].kind == .string
            else { break }
            return lexed.text(cursor + 3).uppercased()
        }
        return lexed.token(decorator, is: "route") ? "GET" : "ROUTE"
    }

    /// The path prefix of the router a decorator's receiver names, where this file makes it:
    /// `router = APIRouter(prefix="/chat")`, `bp = Blueprint("ai", __name__, url_prefix="/ai")`; "" otherwise.
    /// (Where another file mounts it, see `HTTPHandler.routerChain`.)
    private func routerPrefix(of receiver: Int) -> String {
        let name = lexed.bytes[lexed.tokens[receiver].start..<lexed.tokens[receiver].end]
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.tokens[index].firstOnLine {
            guard lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(name),
                  lexed.token(index + 1, isPunctuation: Byte.equals),
                  lexed.token(index + 2, is: "APIRouter") || lexed.token(index + 2, is: "Blueprint"),
                  lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] > index + 3
            else { continue }
            for cursor in (index + 4)..<lexed.partner[index + 3]
            where (lexed.token(cursor, is: "prefix") || lexed.token(cursor, is: "url_prefix"))
                && lexed.token(cursor + 1, isPunctuation: Byte.equals) && lexed.tokens.indices.contains(cursor + 2)
                && lexed.tokens[cursor + 2].kind == .string
            {
                return lexed.text(cursor + 2)
            }
            return ""
        }
        return ""
    }

    /// Class-based views, whose HTTP methods are methods named after them: Flask-RESTful and Flask-RESTX
    /// `Resource`s, Flask's `MethodView` (Flask-Smorest's too) and Tornado's `RequestHandler`, with their
    /// subclasses in the same file. Each `def post(self…)` is one endpoint, named by the path its registration
    /// gives (`api.add_resource(Chat, "/chat")`, `@ns.route("/chat")` on the class, `add_url_rule("/chat",
    /// view_func=Chat.as_view(…))`, Tornado's `(r"/chat", ChatHandler)`) or else by its class. Its guards: its own
    /// decorators, the class's decorators, and the decorators the class applies to every method
    /// (`method_decorators = [login_required]`, `decorators = […]`), and those of the `Api` it is added to in this
    /// file (`Api(app, decorators=[…])`).
    func pythonClassViews() -> [HTTPHandler] {
        let frameworkBases = classViewBases()
        guard !frameworkBases.isEmpty else { return [] }
        var viewClasses: [Int: ArraySlice<UInt8>] = [:]
        var viewNames: [ArraySlice<UInt8>] = []
        // In file order, so a subclass of a view class defined above it is one too.
        for (index, block) in lexed.blocks.enumerated() where block.kind == .container && lexed.token(block.openToken, is: "class") {
            let nameToken = block.openToken + 1
            guard nameToken < lexed.tokens.count, lexed.tokens[nameToken].kind == .identifier,
                  lexed.token(nameToken + 1, isPunctuation: Byte.openParen), lexed.partner[nameToken + 1] > nameToken + 1
            else { continue }
            let bases = (nameToken + 2)..<lexed.partner[nameToken + 1]
            // A base is the last name of its dotted path (`flask_restful.Resource`, `web.RequestHandler`).
            let isView = bases.contains { cursor in
                guard lexed.tokens[cursor].kind == .identifier, !lexed.token(cursor + 1, isPunctuation: Byte.dot),
                      !lexed.token(cursor + 1, isPunctuation: Byte.equals)
                else { return false }
                let base = lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end]
                return frameworkBases.contains { base.elementsEqual($0.utf8) } || viewNames.contains { $0.elementsEqual(base) }
            }
            guard isView else { continue }
            let name = lexed.bytes[lexed.tokens[nameToken].start..<lexed.tokens[nameToken].end]
            viewClasses[index] = name
            viewNames.append(name)
        }
        guard !viewClasses.isEmpty else { return [] }
        let apiDecorators = apiWideDecorators()
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let className = viewClasses[block.parent], let nameRange = block.nameRange else { continue }
            // The standard library's `BaseHTTPRequestHandler` answers each method in `do_POST`, `do_GET`.
            let standardLibraryMethod = nameRange.count > 3 && lexed.bytes[nameRange].starts(with: HandlerFinder.standardLibraryMethodPrefix)
            let methodName = standardLibraryMethod ? nameRange.lowerBound + 3..<nameRange.upperBound : nameRange
            let word = standardLibraryMethod ? lexed.bytes[methodName].map(Byte.lower)[...] : lexed.bytes[nameRange]
            guard HandlerFinder.httpMethodNames.contains(word) else { continue }
            let container = lexed.blocks[block.parent]
            let statement = lexed.statementSpan(of: index)
            // The class's decorators, and what it applies to each method.
            var guards = [statement, container.headerStart...container.openToken]
            guards += classWideDecorators(in: block.parent)
            if !apiDecorators.isEmpty, isAddedAsResource(className) { guards += apiDecorators }
            let method = String(decoding: lexed.bytes[methodName], as: UTF8.self).uppercased()
            // A Vercel Python function (`api/summarize.py`'s `class handler(BaseHTTPRequestHandler)`) is served at
            // its file's path.
            let path = standardLibraryMethod && HandlerFinder.isVercelFunction(self.path)
                ? self.path : classViewPath(className, container: block.parent)
            result.append(HTTPHandler(
                name: "\(method) \(path ?? String(decoding: className, as: UTF8.self))", statement: statement,
                body: statement, guardRanges: guards, path: path))
        }
        return result
    }

    /// The base classes that make a class-based view, by what the file imports: none when it imports no such
    /// framework (a `Resource` of another library is no view). The standard library's request handlers are views too,
    /// whose methods are `do_POST`, `do_GET`.
    private func classViewBases() -> [String] {
        var bases: [String] = []
        for module in importedModules() {
            if lexed.token(module, is: "flask_restful") || lexed.token(module, is: "flask_restx")
                || lexed.token(module, is: "flask_smorest")
            {
                bases += ["Resource", "MethodView"]
            } else if lexed.token(module, is: "flask") {
                bases.append("MethodView")
            } else if lexed.token(module, is: "tornado") {
                bases.append("RequestHandler")
            } else if lexed.token(module, is: "http") || lexed.token(module, is: "BaseHTTPServer") {
                // `http.server` (Python 2's `BaseHTTPServer`): a server's handler, and Vercel's Python functions'.
                bases += ["BaseHTTPRequestHandler", "SimpleHTTPRequestHandler"]
            }
        }
        return bases
    }

    /// The token of each imported module's first name: `tornado` in `import tornado.web`, `flask` in `from
    /// flask.views import MethodView`, read from the file's import statements as the Python resolver parses them.
    private func importedModules() -> [Int] {
        lexed.pythonImports().flatMap { statement in
            statement.from.map { [$0.lowerBound] } ?? statement.names.map(\.path.lowerBound)
        }
    }

    private func importsRestFramework() -> Bool { importedModules().contains { lexed.token($0, is: "rest_framework") } }

    /// Whether the file's views are served by Django, behind its middleware: it imports Django, DRF, Django Ninja or
    /// adrf (a FastAPI or Flask service of the same repository is not).
    func servesDjangoViews() -> Bool {
        importedModules().contains { module in
            lexed.token(module, is: "django") || lexed.token(module, is: "rest_framework") || lexed.token(module, is: "ninja")
                || lexed.token(module, is: "adrf")
        }
    }

    /// Whether a view opts out of a middleware that requires a signed-in user for every view: Django's
    /// `@login_not_required` (on the function, or on a class's `dispatch` through `@method_decorator`),
    /// django-login-required's `@login_exempt`, django-stronghold's `@public` and `StrongholdPublicMixin`.
    func optsOutOfLoginMiddleware(_ handler: HTTPHandler) -> Bool {
        handler.guardRanges.contains { range in
            range.contains { token in
                lexed.token(token, is: "login_not_required") || lexed.token(token, is: "login_exempt")
                    || lexed.token(token, is: "StrongholdPublicMixin")
                    || (lexed.token(token, is: "public") && lexed.token(token - 1, isPunctuation: Byte.at))
            }
        }
    }

    /// The methods DRF's generic views and viewsets run for a request without being handed it: `perform_create`
    /// saving the serializer (and, often, enqueueing the paid work), `get_queryset`.
    private static let drfRequestHooks = WordSet([
        "perform_create", "perform_update", "perform_destroy", "get_queryset", "get_object", "get_serializer_context",
    ])

    /// Whether function `block` is a DRF hook (`drfRequestHooks`) of a view class in a file that imports DRF.
    private func isDRFRequestHook(_ block: Block) -> Bool {
        guard let name = block.nameRange, Self.drfRequestHooks.contains(lexed.bytes[name]), block.parent >= 0,
              lexed.blocks[block.parent].kind == .container, importsRestFramework()
        else { return false }
        // The class's bases: `class Documents(viewsets.ModelViewSet):`, the keyword being the block's first token.
        let open = lexed.blocks[block.parent].openToken + 2
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { return false }
        return (open + 1..<lexed.partner[open]).contains { cursor in
            lexed.tokens[cursor].kind == .identifier
                && (lexed.text(cursor).hasSuffix("APIView") || lexed.text(cursor).hasSuffix("ViewSet"))
        }
    }

    /// Whether the file imports Django's views or HTTP module, or Django REST framework: views live there whatever
    /// the file is called (`api.py`, `viewsets.py`).
    private func importsDjangoViews() -> Bool {
        importedModules().contains { module in
            lexed.token(module, is: "rest_framework")
                || (lexed.token(module, is: "django") && lexed.token(module + 1, isPunctuation: Byte.dot)
                    && (lexed.token(module + 2, is: "views") || lexed.token(module + 2, is: "http")))
        }
    }

    /// The ranges of a view class's statements that decorate each of its methods: Flask-RESTful's and RESTX's
    /// `method_decorators = […]`, `MethodView`'s `decorators = […]`; with `permissions`, DRF's
    /// `permission_classes = […]` and `throttle_classes = […]` too.
    private func classWideDecorators(in container: Int, permissions: Bool = false) -> [ClosedRange<Int>] {
        let block = lexed.blocks[container]
        var ranges: [ClosedRange<Int>] = []
        var cursor = block.openToken
        while cursor < block.endToken {
            defer { cursor += 1 }
            guard lexed.tokens[cursor].firstOnLine, lexed.tokens[cursor].block == container,
                  lexed.token(cursor, is: "method_decorators") || lexed.token(cursor, is: "decorators")
                    || (permissions
                        && (lexed.token(cursor, is: "permission_classes") || lexed.token(cursor, is: "throttle_classes"))),
                  lexed.token(cursor + 1, isPunctuation: Byte.equals),
                  lexed.token(cursor + 2, isPunctuation: Byte.openBracket) || lexed.token(cursor + 2, isPunctuation: Byte.openParen)
                    || lexed.token(cursor + 2, isPunctuation: Byte.openBrace),
                  lexed.partner[cursor + 2] > cursor + 2
            else { continue }
            ranges.append(cursor...lexed.partner[cursor + 2])
            cursor = lexed.partner[cursor + 2]
        }
        return ranges
    }

    /// The decorators a Flask-RESTful or Flask-RESTX `Api` of this file applies to every resource added to it:
    /// `api = Api(app, decorators=[require_token])`.
    private func apiWideDecorators() -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for callee in lexed.tokens.indices where lexed.token(callee, is: "Api") && lexed.token(callee + 1, isPunctuation: Byte.openParen) {
            let close = lexed.partner[callee + 1]
            guard close > callee + 1 else { continue }
            for cursor in (callee + 2)..<close
            where lexed.token(cursor, is: "decorators") && lexed.token(cursor + 1, isPunctuation: Byte.equals)
                && (lexed.token(cursor - 1, isPunctuation: Byte.openParen) || lexed.token(cursor - 1, isPunctuation: Byte.comma))
                && (lexed.token(cursor + 2, isPunctuation: Byte.openBracket) || lexed.token(cursor + 2, isPunctuation: Byte.openParen))
                && lexed.partner[cursor + 2] > cursor + 2
            {
                ranges.append(cursor...lexed.partner[cursor + 2])
            }
        }
        return ranges
    }

    /// Whether this file adds the view class to an `Api`: `api.add_resource(Chat, "/chat")`.
    private func isAddedAsResource(_ className: ArraySlice<UInt8>) -> Bool {
        lexed.tokens.indices.contains { index in
            lexed.token(index, is: "add_resource") && lexed.token(index + 1, isPunctuation: Byte.openParen)
                && lexed.tokens.indices.contains(index + 2)
                && lexed.bytes[lexed.tokens[index + 2].start..<lexed.tokens[index + 2].end].elementsEqual(className)
        }
    }

    /// The path a view class is registered under in this file, if it says.
    private func classViewPath(_ className: ArraySlice<UInt8>, container: Int) -> String? {
        let block = lexed.blocks[container]
        // `@ns.route("/chat")` / `@blp.route("/chat")` on the class.
        for cursor in block.headerStart..<block.openToken
        where lexed.token(cursor, is: "route") && lexed.token(cursor - 1, isPunctuation: Byte.dot)
            && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && isString(cursor + 2)
        {
            return lexed.text(cursor + 2)
        }
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier && !(block.openToken...block.endToken).contains(index) {
            guard lexed.bytes[tokens[index].start..<tokens[index].end].elementsEqual(className) else { continue }
            // `api.add_resource(Chat, "/chat", …)`.
            if lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "add_resource"),
               lexed.token(index + 1, isPunctuation: Byte.comma), isString(index + 2)
            {
                return lexed.text(index + 2)
            }
            // `bp.add_url_rule("/chat", view_func=Chat.as_view("chat"))`.
            if lexed.token(index + 1, isPunctuation: Byte.dot), lexed.token(index + 2, is: "as_view"),
               let call = enclosingCall(of: index, named: "add_url_rule"), isString(call + 2)
            {
                return lexed.text(call + 2)
            }
            // Tornado's `(r"/chat", ChatHandler)`.
            if lexed.token(index - 1, isPunctuation: Byte.comma), isString(index - 2),
               lexed.token(index - 3, isPunctuation: Byte.openParen)
            {
                return lexed.text(index - 2)
            }
        }
        return nil
    }

    private func isString(_ index: Int) -> Bool { lexed.tokens.indices.contains(index) && lexed.tokens[index].kind == .string }

    /// The callee token of the call named `name` whose argument list holds token `index`, if one does.
    private func enclosingCall(of index: Int, named name: StaticString) -> Int? {
        var cursor = index - 1
        while cursor > 0, lexed.tokens[cursor].line + 3 >= lexed.tokens[index].line {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > index {
                return lexed.token(cursor - 1, is: name) ? cursor - 1 : nil
            }
            cursor -= 1
        }
        return nil
    }

    func djangoViews() -> [HTTPHandler] {
        guard path.hasSuffix("views.py") || path.contains("/views/") || importsDjangoViews() else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            // `def view(request, …)` or `def post(self, request, …)`.
            var cursor = block.openToken + 2
            guard lexed.token(cursor, isPunctuation: Byte.openParen) else { continue }
            cursor += 1
            let isMethod = lexed.token(cursor, is: "self")
            if isMethod { cursor += 2 }
            guard lexed.token(cursor, is: "request") || (isMethod && isDRFRequestHook(block)) else { continue }
            let name = block.nameRange.map { lexed.text($0) } ?? "view"
            let statement = lexed.statementSpan(of: index)
            var guards = [statement]
            var isDRF = (block.headerStart..<block.openToken).contains { lexed.token($0, is: "api_view") }
            let container = block.parent >= 0 && lexed.blocks[block.parent].kind == .container ? block.parent : nil
            if let container {
                // A class view of a file that imports DRF may subclass a DRF view of the project's own.
                isDRF = isDRF || importsRestFramework() || (lexed.blocks[container].headerStart..<lexed.blocks[container].openToken).contains { cursor in
                    lexed.tokens[cursor].kind == .identifier
                        && (lexed.text(cursor).hasSuffix("APIView") || lexed.text(cursor).hasSuffix("ViewSet"))
                }
            }
            // Opened by the view itself whatever the class and the project require: an action its own
            // `get_permissions` lets anyone call, or one that only reads under `IsAuthenticatedOrReadOnly` (its own
            // or its class's), whose list is then no guard.
            let override = container.flatMap { drfGetPermissions(in: $0) }
            let permissions = override.flatMap { drfPermissions(of: index, by: $0) }
            let methods = isDRF ? drfMethods(of: index, named: name) : []
            let readsOnly = !methods.isEmpty && methods.allSatisfy { ["GET", "HEAD", "OPTIONS"].contains($0) }
            let readOnlyList = readsOnly && override == nil
                ? drfReadOnlyOpenList(ownDeclarations: statement.lowerBound...block.openToken, container: container) : nil
            let opened = permissions == .open || readOnlyList != nil
            if let readOnlyList { guards = UnprotectedEndpointDetector.parts(of: statement, without: [readOnlyList]) }
            if let container {
                let block = lexed.blocks[container]
                var header = block.headerStart...min(block.endToken, block.openToken + 12)
                // `get_permissions` is no guard by its name.
                if let override, lexed.blocks[override].headerStart <= header.upperBound {
                    header = header.lowerBound...max(header.lowerBound, lexed.blocks[override].headerStart - 1)
                }
                // Opened, the class's own statements (`permission_classes = [IsAuthenticated]`) guard nothing: only
                // its header (a `LoginRequiredMixin` base) still does.
                if opened, let colon = headerColon(of: container), colon < header.upperBound { header = header.lowerBound...colon }
                guards.append(header)
                // An action that lets anyone in (`@action(detail=True, permission_classes=[AllowAny])`) overrides
                // the class's permission and throttle classes.
                let ownDeclarations = min(self.lexed.blocks[index].headerStart, statement.lowerBound)...statement.upperBound
                guards += classWideDecorators(in: container, permissions: !opened && !declaresOpenDRFPermissions([ownDeclarations]))
                // `get_permissions`, a guard word, stands for the permission classes it returns for the action (and,
                // where it tests what gate does not follow, `self.request.user.is_staff`, for the checks it makes).
                if let override, permissions != .open, permissions != .inherited {
                    guards.append((lexed.blocks[override].openToken + 1)...(lexed.blocks[override].openToken + 1))
                }
            }
            var handler = HTTPHandler(
                name: "view \(name)", statement: statement, body: statement, guardRanges: guards,
                allowsAnonymous: opened || declaresOpenDRFPermissions(guards))
            handler.isPlainDjangoView = !isDRF
            handler.readsOnly = readsOnly
            result.append(handler)
        }
        return result
    }
}
