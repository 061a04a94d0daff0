import GateCore

/// Routes of Litestar and Starlette (Python) and Grape (Ruby), and Symfony controllers (PHP, `SymfonyRoutes.swift`),
/// added to what the family's other finders found.
extension HandlerFinder {
    /// `existing` (what the family's other finders found) with these frameworks' routes, one handler per endpoint:
    /// where another finder reads the same route too (a Starlette endpoint in `views.py` looks like a Django view, a
    /// Grape `post "/chat" do` like a Sinatra route), this reading wins, as it knows the framework's guards.
    func moreRoutes(after existing: [HTTPHandler]) -> [HTTPHandler] {
        let own: [HTTPHandler]
        switch lexed.language.family {
        case .python: own = litestarRoutes() + starletteRoutes() + langServeRoutes() + socketIOHandlers()
        case .ruby: own = grapeRoutes()
        case .elixir: own = []
        case .cLike: own = lexed.language == .php ? symfonyRoutes() + wordPressRoutes() + laravelResourceRoutes() : socketIOHandlers()
        }
        var result = existing
        if !own.isEmpty {
            let starts = Set(own.map(\.statement.lowerBound))
            result = own + existing.filter { !starts.contains($0.statement.lowerBound) }
        }
        if result.isEmpty, lexed.language == .php { result = plainPHPScript() }
        // Middleware of the file's Starlette app runs before every route of it, `@app.route(…)`'s too.
        if lexed.language.family == .python, ByteSearch.containsFolded(lexed.bytes, Self.starletteApp) {
            let middleware = starletteAppMiddleware()
            if !middleware.isEmpty { for position in result.indices { result[position].guardRanges += middleware } }
        }
        // Starlette's `@requires("authenticated")` answers 403 (or redirects) to anyone without the scope, whichever
        // finder read the route (`@app.route`, FastAPI's `@app.post` over a `request` parameter).
        if lexed.language.family == .python, ByteSearch.containsFolded(lexed.bytes, Self.requiresWord) {
            for position in result.indices where result[position].declaredGuard == nil {
                if let requires = pythonDecorators(in: result[position].statement).first(where: { lexed.token($0.name, is: "requires") }) {
                    result[position].declaredGuard = "@requires(…) on line \(lexed.tokens[requires.at].line)"
                }
            }
        }
        return result
    }

    // MARK: Litestar

    /// Litestar route handlers: functions and controller methods decorated with `@post("/chat")`, `@get()`,
    /// `@route(…)`, `@websocket(…)` imported from litestar (a `post` of another library, or of the file itself, is no
    /// route). Guards: the decorator's `guards=[…]` and `middleware=[…]`, the controller's (`guards = […]`), those of
    /// a `Router(…)` listing the handler or its controller, and those of the file's `Litestar(…)` app, whose
    /// `on_app_init=[jwt_auth.on_app_init]` authenticates every route but those its `exclude=[…]` patterns match and
    /// those that opt out (`exclude_from_auth=True`).
    func litestarRoutes() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, Self.litestarWord) else { return [] }
        let decoratorNames = litestarDecoratorNames()
        guard !decoratorNames.isEmpty || ByteSearch.containsFolded(lexed.bytes, Self.litestarModuleImport) else { return [] }
        let registrations = litestarRegistrations()
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let decorators = pythonDecorators(in: block.headerStart...(block.openToken - 1))
            // `@post(…)` imported from litestar, or `@litestar.post(…)` after `import litestar`.
            guard let route = decorators.first(where: { decorator in
                      decorator.name == decorator.at + 1 ? decoratorNames[lexed.text(decorator.name)] != nil
                          : decorator.name == decorator.at + 3 && lexed.token(decorator.at + 1, is: "litestar")
                              && HandlerFinder.litestarDecorators.contains(lexed.text(decorator.name))
                  })
            else { continue }
            let kind = decoratorNames[lexed.text(route.name)] ?? lexed.text(route.name)
            let functionName = block.nameRange.map { lexed.text($0) } ?? "handler"
            // A controller's methods: its `path = "/chat"` and `guards = […]` apply to each.
            let container = block.parent >= 0 && lexed.blocks[block.parent].kind == .container ? block.parent : nil
            let controllerName = container.flatMap { lexed.tokens.indices.contains(lexed.blocks[$0].openToken + 1) ? lexed.text(lexed.blocks[$0].openToken + 1) : nil }
            let names = Set([functionName] + (controllerName.map { [$0] } ?? []))
            let covering = registrations.filter { $0.isApp || !$0.handlers.isDisjoint(with: names) }
            var segments = covering.compactMap(\.path)
            if let container, let value = pythonClassAttribute("path", in: container) { segments += routeStringLiterals(in: value).prefix(1) }
            if let arguments = route.arguments { segments += routePath(arguments).map { [$0] } ?? [] }
            let path = HandlerFinder.joinedRoutePath(segments)
            let optsOut = route.arguments.map(litestarOptsOutOfAuth) ?? false
            var guards = [lexed.span(of: index)] + decorators.filter { $0.at != route.at }.map { $0.at...$0.end }
            // Guards (`guards=[requires_login]`) are Litestar's authorization hooks, whatever they are called: a
            // list holding one guards the route. Middleware is judged by what it names.
            var guardLists: [ClosedRange<Int>] = []
            if let arguments = route.arguments {
                guardLists += lexed.callKeywordValue("guards", in: arguments).map { [$0] } ?? []
                guards += lexed.callKeywordValue("middleware", in: arguments).map { [$0] } ?? []
            }
            if let container {
                guardLists += pythonClassAttribute("guards", in: container).map { [$0] } ?? []
                guards += pythonClassAttribute("middleware", in: container).map { [$0] } ?? []
            }
            for registration in covering {
                for item in registration.guardItems {
                    if item.isGuardsList {
                        guardLists.append(item.range)
                        continue
                    }
                    // Middleware skips what its `exclude` patterns match (searched anywhere in the path, as
                    // Litestar's regular expression is) and, when it authenticates, the routes that opt out.
                    if litestarExcludePatterns(of: item.range).contains(where: { CodeIndex.pattern($0, searchesInto: path) }) { continue }
                    if !optsOut || containsRateLimit(item.range) { guards.append(item.range) }
                }
            }
            let statement = lexed.statementSpan(of: index)
            var handler = HTTPHandler(
                name: "\(litestarMethod(kind, route.arguments)) \(path)", statement: statement, body: statement,
                guardRanges: guards, path: path, allowsAnonymous: optsOut)
            if let list = guardLists.first(where: { !lexed.callArgumentItems($0).isEmpty }) {
                handler.declaredGuard = "guards=[…] on line \(lexed.tokens[list.lowerBound].line)"
            }
            result.append(handler)
        }
        return result
    }

    /// The local names the file imports litestar's route decorators as (`from litestar import post, get as
    /// read`), each with the decorator it is.
    private func litestarDecoratorNames() -> [String: String] {
        var result: [String: String] = [:]
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "from") && lexed.token(index + 1, is: "litestar") {
            var cursor = index + 2
            while lexed.token(cursor, isPunctuation: Byte.dot), cursor + 1 < tokens.count, tokens[cursor + 1].kind == .identifier { cursor += 2 }
            guard lexed.token(cursor, is: "import") else { continue }
            cursor += 1
            let line = tokens[index].line
            var end = tokens.count - 1
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
                end = lexed.partner[cursor]
                cursor += 1
            }
            while cursor <= end, cursor < tokens.count, end != tokens.count - 1 || tokens[cursor].line == line {
                if tokens[cursor].kind == .identifier, !lexed.token(cursor - 1, is: "as") {
                    let imported = lexed.text(cursor)
                    let local = lexed.token(cursor + 1, is: "as") && cursor + 2 < tokens.count ? lexed.text(cursor + 2) : imported
                    if HandlerFinder.litestarDecorators.contains(imported) { result[local] = imported }
                }
                cursor += 1
            }
        }
        return result
    }

    /// A `Litestar(…)` app or a `Router(…)` of the file: the handlers it lists (a router's), its path and the guard
    /// items of its `guards=[…]`, `middleware=[…]` and `on_app_init=[…]` (its route list is not read for guards:
    /// an `AuthController` listed there guards nothing).
    private struct LitestarRegistration {
        var isApp: Bool
        var handlers: Set<String>
        var path: String?
        var guardItems: [(range: ClosedRange<Int>, isGuardsList: Bool)]
    }

    private func litestarRegistrations() -> [LitestarRegistration] {
        var result: [LitestarRegistration] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let isApp = lexed.token(index, is: "Litestar")
            guard isApp || lexed.token(index, is: "Router"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 1
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            var handlers = Set<String>()
            if let list = lexed.callKeywordValue("route_handlers", in: arguments) {
                for item in lexed.callArgumentItems(list) {
                    if let last = item.last(where: { lexed.tokens[$0].kind == .identifier }) { handlers.insert(lexed.text(last)) }
                }
            }
            var items: [(range: ClosedRange<Int>, isGuardsList: Bool)] = []
            for keyword in ["guards", "middleware", "on_app_init"] {
                guard let value = lexed.callKeywordValue(keyword, in: arguments) else { continue }
                items += lexed.callArgumentItems(value).map { ($0, keyword == "guards") }
            }
            let path = isApp ? nil : (lexed.callKeywordValue("path", in: arguments).flatMap { routeStringLiterals(in: $0).first }
                ?? positionalArguments(arguments).first.flatMap { routeStringLiterals(in: $0).first })
            result.append(LitestarRegistration(isApp: isApp, handlers: handlers, path: path, guardItems: items))
        }
        return result
    }

    /// Whether a route decorator opts out of authentication middleware: `exclude_from_auth=True`, or
    /// `opt={"exclude_from_auth": True}`.
    private func litestarOptsOutOfAuth(_ arguments: ClosedRange<Int>) -> Bool {
        arguments.contains { index in
            (lexed.token(index, is: "exclude_from_auth") && lexed.token(index + 1, isPunctuation: Byte.equals)
                && lexed.token(index + 2, is: "True"))
                || (lexed.tokens[index].kind == .string && lexed.text(index) == "exclude_from_auth"
                    && lexed.token(index + 1, isPunctuation: Byte.colon) && lexed.token(index + 2, is: "True"))
        }
    }

    /// The `exclude` patterns of middleware: given in the item (`DefineMiddleware(Auth, exclude=["/login"])`) or
    /// in the assignment of the name it starts with (`jwt_auth = JWTAuth[User](…, exclude=["/login"])` for
    /// `jwt_auth.on_app_init`).
    private func litestarExcludePatterns(of item: ClosedRange<Int>) -> [String] {
        if let inline = keywordValueAnywhere("exclude", in: item) { return routeStringLiterals(in: inline) }
        guard lexed.tokens[item.lowerBound].kind == .identifier,
              let assignment = pythonAssignment(of: lexed.text(item.lowerBound), before: item.lowerBound)
        else { return [] }
        return keywordValueAnywhere("exclude", in: assignment).map { routeStringLiterals(in: $0) } ?? []
    }

    private func litestarMethod(_ decorator: String, _ arguments: ClosedRange<Int>?) -> String {
        switch decorator {
        case "route":
            let methods = arguments.flatMap { lexed.callKeywordValue("http_method", in: $0) }.map { value in
                value.filter { lexed.tokens[$0].kind == .string || (lexed.tokens[$0].kind == .identifier && lexed.token($0 - 1, isPunctuation: Byte.dot)) }
                    .map { lexed.text($0).uppercased() }
            } ?? []
            return methods.isEmpty ? "ROUTE" : methods.joined(separator: ",")
        case "websocket", "websocket_listener", "websocket_stream": return "WEBSOCKET"
        case "asgi": return "ASGI"
        default: return decorator.uppercased()
        }
    }

    private static let litestarWord = Array("litestar".utf8)
    private static let litestarModuleImport = Array("import litestar".utf8)
    private static let litestarDecorators: Set<String> = [
        "get", "post", "put", "patch", "delete", "head", "route", "websocket", "websocket_listener", "websocket_stream", "asgi",
    ]

    // MARK: LangServe

    /// LangServe's `add_routes(app, runnable, path="/joke")`: the runnable served over HTTP (`/joke/invoke`, `/batch`,
    /// `/stream`, a playground), every request a run of it, and a model call when it is or is composed from a paid
    /// model (`HTTPHandler.servedRunnable`, followed by the code index). Guards: the call's `dependencies=[…]` and the
    /// app's or router's, as for FastAPI's routes.
    func langServeRoutes() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, Self.langServeWord) else { return [] }
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "add_routes") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  !lexed.token(index - 1, is: "def")
            else { continue }
            let close = lexed.partner[index + 1]
            let arguments = lexed.topLevelItems(between: index + 1, and: close)
            guard arguments.count >= 2 else { continue }
            // The path: `path="/joke"`, or the third argument given by position.
            let pathArgument = arguments.first { lexed.token($0.lowerBound, is: "path") && lexed.token($0.lowerBound + 1, isPunctuation: Byte.equals) }
                .map { ($0.lowerBound + 2)..<$0.upperBound }
                ?? (arguments.count >= 3 && !lexed.token(arguments[2].lowerBound + 1, isPunctuation: Byte.equals) ? arguments[2] : nil)
            let path = pathArgument.flatMap { range in lexed.tokens[range.lowerBound].kind == .string ? lexed.text(range.lowerBound) : nil }
            let start = FactExtractor.chainStart(lexed, at: index)
            var handler = HTTPHandler(
                name: "POST " + (path ?? "") + "/invoke", statement: start...close, body: (index + 1)...close,
                guardRanges: [start...close], path: path)
            handler.servedRunnable = arguments[1]
            result.append(handler)
        }
        return result
    }

    private static let langServeWord = Array("langserve".utf8)

    // MARK: Starlette

    /// Starlette routes: `Route("/chat", endpoint=chat, methods=["POST"])`, `Route("/chat", chat)`,
    /// `WebSocketRoute(…)`, and `app.add_route(…)` / FastAPI's `add_api_route(…)`, under the paths of the `Mount(…)`s
    /// around them. The endpoint is the function or `HTTPEndpoint` class of the file the route names, or, named from
    /// another file, the registration itself (the detector follows the name). In a Starlette module without FastAPI,
    /// functions taking only the request (`async def chat(request)`) that answer a response and `HTTPEndpoint`
    /// methods are endpoints wherever they are registered.
    ///
    /// Guards: the endpoint's own, middleware of the `Mount(…)`s, and (`moreRoutes`, for every route of the file)
    /// `@requires(…)` and middleware of the `Starlette(…)` app — but not Starlette's `AuthenticationMiddleware`, which
    /// sets `request.user` for everyone and refuses nobody.
    func starletteRoutes() -> [HTTPHandler] {
        let bytes = lexed.bytes
        let starlette = ByteSearch.containsFolded(bytes, Self.starletteWord)
        guard starlette || ByteSearch.containsFolded(bytes, Self.addRouteWord) else { return [] }
        var functions: [String: Int] = [:]
        var endpointClasses: [String: Int] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.parent == -1 {
            if block.kind == .function, let name = block.nameRange {
                functions[lexed.text(name)] = index
            } else if block.kind == .container, lexed.token(block.openToken, is: "class"),
                      (block.openToken..<min(block.endToken, block.openToken + 12)).contains(where: {
                          lexed.token($0, is: "HTTPEndpoint") || lexed.token($0, is: "WebSocketEndpoint")
                      })
            {
                endpointClasses[lexed.text(block.openToken + 1)] = index
            }
        }
        let pureStarlette = starlette && !ByteSearch.containsFolded(bytes, Self.fastapiWord)
        var result: [HTTPHandler] = []
        var routed = Set<Int>()
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            let isRouteClass = lexed.token(index, is: "Route") || lexed.token(index, is: "WebSocketRoute")
            let isAddRoute = !isRouteClass && lexed.token(index - 1, isPunctuation: Byte.dot)
                && HandlerFinder.addRouteCallees.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
            guard isRouteClass || isAddRoute, lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            let positional = positionalArguments(arguments)
            guard let ownPath = routePath(arguments), ownPath.hasPrefix("/"),
                  let endpoint = lexed.callKeywordValue("endpoint", in: arguments) ?? (positional.count > 1 ? positional[1] : nil)
            else { continue }
            let start = lexed.dottedNameStart(endingAt: index)
            // The `Mount(…)`s around the route: their paths, outermost first, and their middleware.
            var prefixes: [String] = []
            var middleware: [ClosedRange<Int>] = []
            for block in lexed.enclosingBlocks(of: index) where lexed.blocks[block].opener == .paren {
                let open = lexed.blocks[block].openToken
                guard lexed.token(open - 1, is: "Mount"), lexed.partner[open] > open else { continue }
                let mount = open...lexed.partner[open]
                if let prefix = routePath(mount) { prefixes.insert(prefix, at: 0) }
                middleware += starletteGuardingMiddleware(lexed.callKeywordValue("middleware", in: mount))
            }
            let path = HandlerFinder.joinedRoutePath(prefixes + [ownPath])
            let methods = lexed.callKeywordValue("methods", in: arguments).map { routeStringLiterals(in: $0).map { $0.uppercased() } } ?? []
            let method = methods.isEmpty
                ? (lexed.token(index, is: "WebSocketRoute") || lexed.text(index).contains("websocket") ? "WEBSOCKET" : "GET")
                : methods.joined(separator: ",")
            // `endpoint=chat`, `views.chat`, or wrapped: `login_required(chat)` (the wrapper is judged with the route).
            let named = endpoint.filter { lexed.tokens[$0].kind == .identifier }
            let name = named.first(where: { lexed.token($0 + 1, isPunctuation: Byte.closeParen) && lexed.token($0 - 1, isPunctuation: Byte.openParen) }) ?? named.last
            let registration = start...arguments.upperBound
            if let name, endpoint.count == 1 || lexed.token(name - 1, isPunctuation: Byte.openParen), let function = functions[lexed.text(name)] {
                guard routed.insert(function).inserted else { continue }
                let statement = lexed.statementSpan(of: function)
                result.append(HTTPHandler(
                    name: "\(method) \(path)", statement: statement, body: statement,
                    guardRanges: [statement, registration] + middleware, path: path))
            } else if let name, let endpointClass = endpointClasses[lexed.text(name)] {
                for (method, block) in endpointMethods(of: endpointClass) where routed.insert(block).inserted {
                    let statement = lexed.statementSpan(of: block)
                    result.append(HTTPHandler(
                        name: "\(method) \(path)", statement: statement, body: statement,
                        guardRanges: [statement, classHeader(endpointClass), registration] + middleware, path: path))
                }
            } else if name != nil, !pureStarlette {
                // Defined in another file: the route is the handler, and the detector follows the name it passes.
                result.append(HTTPHandler(
                    name: "\(method) \(path)", statement: registration, body: arguments,
                    guardRanges: [registration] + middleware, path: path))
            } else if let name {
                // In a Starlette app without FastAPI the endpoint's own file reports it (request-only functions and
                // `HTTPEndpoint` classes are endpoints wherever they are registered): the route line the change adds
                // for one it leaves alone is judged by its guards there and the route's own.
                var handler = HTTPHandler(
                    name: "\(method) \(path)", statement: registration, body: arguments,
                    guardRanges: [registration] + middleware, path: path)
                handler.judgedWhereDefined = true
                handler.routerGuardsApply = true
                handler.namesViewClass = lexed.text(name).first?.isUppercase == true
                handler.actionsElsewhere = namedElsewhere(name, methods: handler.namesViewClass ? Array(Self.endpointMethodNames) : nil)
                result.append(handler)
            }
        }
        guard starlette else { return result }
        // Endpoint classes and request-only functions registered elsewhere (`routes.py` imports them).
        for (className, endpointClass) in endpointClasses {
            for (method, block) in endpointMethods(of: endpointClass) where routed.insert(block).inserted {
                let statement = lexed.statementSpan(of: block)
                result.append(HTTPHandler(
                    name: "\(method) \(className)", statement: statement, body: statement,
                    guardRanges: [statement, classHeader(endpointClass)]))
            }
        }
        guard pureStarlette else { return result }
        for (name, function) in functions where !routed.contains(function) && isRequestOnlyEndpoint(function) {
            let statement = lexed.statementSpan(of: function)
            result.append(HTTPHandler(
                name: "endpoint \(name)", statement: statement, body: statement, guardRanges: [statement]))
        }
        return result.sorted { $0.statement.lowerBound < $1.statement.lowerBound }
    }

    /// `containsGuard`, not counting what registers Starlette's AuthenticationMiddleware (`app.add_middleware(
    /// AuthenticationMiddleware, backend=JWTBackend())`, `FastAPI(middleware=[Middleware(AuthenticationMiddleware, …)])`),
    /// which refuses nobody.
    func containsGuardBesidesStarletteAuthentication(_ range: ClosedRange<Int>) -> Bool {
        guard containsGuard(range) else { return false }
        guard lexed.language.family == .python, ByteSearch.containsFolded(lexed.bytes, Self.starletteWord) else { return true }
        var start = range.lowerBound
        for index in range where index >= start && lexed.token(index, isPunctuation: Byte.openParen) && lexed.partner[index] > index {
            let arguments = index...lexed.partner[index]
            guard lexed.registersStarletteAuthenticationMiddleware(arguments) else { continue }
            if index > start, containsGuard(start...(index - 1)) { return true }
            start = arguments.upperBound + 1
        }
        return start <= range.upperBound && containsGuard(start...range.upperBound)
    }

    /// The guarding middleware of the file's `Starlette(middleware=[…])` app (the list given there or assigned to
    /// the name given there).
    private func starletteAppMiddleware() -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "Starlette") {
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  var value = lexed.callKeywordValue("middleware", in: (index + 1)...lexed.partner[index + 1])
            else { continue }
            if value.count == 1, lexed.tokens[value.lowerBound].kind == .identifier,
               let assignment = pythonAssignment(of: lexed.text(value.lowerBound), before: index)
            {
                value = assignment
            }
            result += starletteGuardingMiddleware(value)
        }
        return result
    }

    /// The items of a middleware list that may guard: every `Middleware(…)` but Starlette's
    /// `Middleware(AuthenticationMiddleware, backend=…)`.
    private func starletteGuardingMiddleware(_ list: ClosedRange<Int>?) -> [ClosedRange<Int>] {
        guard let list else { return [] }
        return lexed.callArgumentItems(list).filter { item in
            guard let open = item.first(where: { lexed.token($0, isPunctuation: Byte.openParen) }), lexed.partner[open] > open else { return true }
            return !lexed.registersStarletteAuthenticationMiddleware(open...lexed.partner[open])
        }
    }

    /// An `HTTPEndpoint` class's request methods (`get`, `post`, …), or a `WebSocketEndpoint`'s `on_receive`.
    private func endpointMethods(of container: Int) -> [(String, Int)] {
        lexed.blocks.enumerated().compactMap { index, block in
            guard block.kind == .function, block.parent == container, let name = block.nameRange.map({ lexed.text($0) }),
                  HandlerFinder.endpointMethodNames.contains(name)
            else { return nil }
            return (name == "on_receive" ? "WEBSOCKET" : name.uppercased(), index)
        }
    }

    /// A class's header line (`class Chat(HTTPEndpoint):`) and its decorators.
    private func classHeader(_ container: Int) -> ClosedRange<Int> {
        let block = lexed.blocks[container]
        var end = block.openToken
        while end + 1 <= block.endToken, lexed.tokens[end + 1].line == lexed.tokens[block.openToken].line { end += 1 }
        return block.headerStart...end
    }

    /// `async def chat(request)` (or `request: Request`, or `websocket`) that answers a response: a Starlette endpoint.
    private func isRequestOnlyEndpoint(_ function: Int) -> Bool {
        let block = lexed.blocks[function]
        // Decorated by anything but `@requires`: another finder's route, or not an endpoint.
        if pythonDecorators(in: lexed.statementSpan(of: function)).contains(where: { !lexed.token($0.name, is: "requires") }) { return false }
        let open = block.openToken + 2
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open,
              lexed.token(open + 1, is: "request") || lexed.token(open + 1, is: "websocket"),
              !(open + 1..<lexed.partner[open]).contains(where: { lexed.token($0, isPunctuation: Byte.comma) && lexed.tokens[$0].block == lexed.tokens[open + 1].block && $0 + 1 < lexed.partner[open] })
        else { return false }
        if lexed.token(open + 1, is: "websocket") { return true }
        return (lexed.partner[open]...block.endToken).contains { index in
            guard lexed.tokens[index].kind == .identifier else { return false }
            let token = lexed.tokens[index]
            return token.end - token.start >= 8 && lexed.bytes[(token.end - 8)..<token.end].elementsEqual("Response".utf8)
        }
    }

    private static let starletteWord = Array("starlette".utf8)
    private static let starletteApp = Array("starlette(".utf8)
    private static let fastapiWord = Array("fastapi".utf8)
    private static let addRouteWord = Array("_route(".utf8)
    private static let requiresWord = Array("requires".utf8)
    private static let addRouteCallees = WordSet(["add_route", "add_api_route", "add_websocket_route", "add_api_websocket_route"])
    private static let endpointMethodNames: Set<String> = ["get", "post", "put", "patch", "delete", "on_receive"]

    // MARK: Python arguments

    /// A decorator: its `@`, its (last) name, its argument list when called, and its last token.
    struct PythonDecorator {
        var at: Int
        var name: Int
        var arguments: ClosedRange<Int>?
        var end: Int
    }

    /// The decorators in a range (a function's header): `@post("/chat")`, `@app.route(…)`, `@requires`.
    func pythonDecorators(in range: ClosedRange<Int>) -> [PythonDecorator] {
        var result: [PythonDecorator] = []
        var cursor = range.lowerBound
        while cursor <= range.upperBound, cursor < lexed.tokens.count {
            defer { cursor += 1 }
            guard lexed.tokens[cursor].firstOnLine, lexed.token(cursor, isPunctuation: Byte.at),
                  cursor + 1 < lexed.tokens.count, lexed.tokens[cursor + 1].kind == .identifier
            else {
                // The def itself: no decorators after it.
                if lexed.token(cursor, is: "def") { break }
                continue
            }
            var name = cursor + 1
            while lexed.token(name + 1, isPunctuation: Byte.dot), name + 2 < lexed.tokens.count, lexed.tokens[name + 2].kind == .identifier {
                name += 2
            }
            var arguments: ClosedRange<Int>?
            if lexed.token(name + 1, isPunctuation: Byte.openParen), lexed.partner[name + 1] > name + 1 {
                arguments = (name + 1)...lexed.partner[name + 1]
            }
            let decorator = PythonDecorator(at: cursor, name: name, arguments: arguments, end: arguments?.upperBound ?? name)
            result.append(decorator)
            cursor = decorator.end
        }
        return result
    }

    /// The value of keyword argument `name` of the first call in `range` that has one (`JWTAuth[User](…,
    /// exclude=[…])`, `DefineMiddleware(Auth, exclude="/schema")`).
    private func keywordValueAnywhere(_ name: String, in range: ClosedRange<Int>) -> ClosedRange<Int>? {
        for index in range where lexed.token(index, isPunctuation: Byte.openParen) && lexed.partner[index] > index && lexed.partner[index] <= range.upperBound {
            if let value = lexed.callKeywordValue(name, in: index...lexed.partner[index]) { return value }
        }
        return nil
    }

    /// The positional arguments of a call (`(…)`, parentheses included).
    private func positionalArguments(_ arguments: ClosedRange<Int>) -> [ClosedRange<Int>] {
        lexed.callArgumentItems(arguments).filter { item in
            !(lexed.tokens[item.lowerBound].kind == .identifier && lexed.token(item.lowerBound + 1, isPunctuation: Byte.equals)
                && !lexed.token(item.lowerBound + 2, isPunctuation: Byte.equals))
        }
    }

    /// The path a route's arguments give: `path="/chat"`, or the first positional string (or list of strings).
    private func routePath(_ arguments: ClosedRange<Int>) -> String? {
        if let value = lexed.callKeywordValue("path", in: arguments) { return routeStringLiterals(in: value).first }
        guard let first = positionalArguments(arguments).first,
              lexed.tokens[first.lowerBound].kind == .string || lexed.token(first.lowerBound, isPunctuation: Byte.openBracket)
        else { return nil }
        return routeStringLiterals(in: first).first
    }

    /// The string literals in a range, in order.
    func routeStringLiterals(in range: ClosedRange<Int>) -> [String] {
        range.filter { $0 < lexed.tokens.count && lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
    }

    /// The value of a class-level assignment (`path = "/chat"`, `guards: list[Guard] = [requires_auth]`) in a
    /// class body.
    private func pythonClassAttribute(_ name: String, in container: Int) -> ClosedRange<Int>? {
        for index in lexed.span(of: container) where lexed.tokens[index].block == container && lexed.tokens[index].firstOnLine {
            guard lexed.tokens[index].kind == .identifier, lexed.text(index) == name else { continue }
            var equals = index + 1
            while equals < lexed.tokens.count, lexed.tokens[equals].line == lexed.tokens[index].line, !lexed.token(equals, isPunctuation: Byte.equals) {
                if lexed.tokens[equals].kind == .punctuation, lexed.partner[equals] > equals { equals = lexed.partner[equals] }
                equals += 1
            }
            guard lexed.token(equals, isPunctuation: Byte.equals), equals + 1 < lexed.tokens.count else { continue }
            return valueRange(from: equals + 1)
        }
        return nil
    }

    /// The value of the last top-level assignment `name = …` before token `before`.
    private func pythonAssignment(of name: String, before: Int) -> ClosedRange<Int>? {
        var found: ClosedRange<Int>?
        for index in 0..<min(before, lexed.tokens.count) where lexed.tokens[index].firstOnLine && lexed.tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.equals), !lexed.token(index + 2, isPunctuation: Byte.equals),
                  lexed.text(index) == name, index + 2 < lexed.tokens.count
            else { continue }
            found = valueRange(from: index + 2)
        }
        return found
    }

    /// An expression's tokens from `start` to the end of its logical line (brackets stepped over).
    private func valueRange(from start: Int) -> ClosedRange<Int> {
        var cursor = start
        while true {
            if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] }
            guard cursor + 1 < lexed.tokens.count, !lexed.tokens[cursor + 1].firstOnLine else { return start...cursor }
            cursor += 1
        }
    }

    /// Path segments joined: `["/api", "/", "chat"]` → `/api/chat`.
    static func joinedRoutePath(_ segments: [String]) -> String {
        "/" + segments.flatMap { $0.split(separator: "/") }.joined(separator: "/")
    }
}

// MARK: Grape

extension HandlerFinder {
    /// Whether the file is a Grape API: it names `Grape::API`, or, under an `api/` directory and no Sinatra app (whose
    /// routes read the same), it writes Grape's DSL (a class of the project's own API base).
    var isGrapeAPI: Bool {
        guard lexed.language.family == .ruby else { return false }
        let bytes = lexed.bytes
        if ByteSearch.containsFolded(bytes, Self.grapeWord) { return true }
        guard path.hasPrefix("api/") || HandlerFinder.path(path, contains: "/api/"),
              !ByteSearch.containsFolded(bytes, Self.sinatraWord)
        else { return false }
        return Self.grapeDSLWords.contains { ByteSearch.containsFolded(bytes, $0) }
    }

    /// Grape endpoints: `post :chat do … end`, `post "/chat" do`, `get do`, `route :any, "*path" do`, under the
    /// paths of the `namespace`/`resource`/`group`/`route_param` blocks around them.
    ///
    /// Guards: what the route's block checks (`authenticate!`, `current_user`, a helper that calls `error!(…, 401)`),
    /// and the `before`/`before_validation`/`after_validation` filters and `http_basic`/`http_digest`/`auth`
    /// declarations of the class or of a namespace around the route, declared before it (Grape copies a scope's
    /// settings into an endpoint when the endpoint is defined, so a filter declared after a route or in a sibling
    /// namespace does not run for it).
    func grapeRoutes() -> [HTTPHandler] {
        guard isGrapeAPI else { return [] }
        let tokens = lexed.tokens
        var opened: [Int: Int] = [:]
        for (index, block) in lexed.blocks.enumerated() { opened[block.openToken] = index }
        /// The block a statement opens on its line: its `do`, else its last `{` (a hash argument's closes on the line).
        func blockOpened(onLineOf start: Int) -> Int? {
            var brace: Int?
            var cursor = start + 1
            while cursor < tokens.count, tokens[cursor].line == tokens[start].line {
                if let block = opened[cursor] {
                    if lexed.token(cursor, is: "do") { return block }
                    if lexed.token(cursor, isPunctuation: Byte.openBrace) { brace = block }
                }
                cursor += 1
            }
            return brace
        }
        var filters: [(scope: Int, start: Int, range: ClosedRange<Int>, declared: String?)] = []
        var routes: [(verb: Int, block: Int)] = []
        for index in tokens.indices where tokens[index].firstOnLine && tokens[index].kind == .identifier {
            let word = lexed.bytes[tokens[index].start..<tokens[index].end]
            if HandlerFinder.grapeFilters.contains(word) {
                if let block = blockOpened(onLineOf: index) {
                    filters.append((tokens[index].block, index, index...lexed.blocks[block].endToken, nil))
                }
            } else if HandlerFinder.grapeAuthDeclarations.contains(word), !lexed.token(index + 1, isPunctuation: Byte.dot),
                      !lexed.token(index + 1, isPunctuation: Byte.equals),
                      !lexed.token(index, is: "auth") || lexed.token(index + 1, isPunctuation: Byte.colon)
            {
                let end = blockOpened(onLineOf: index).map { lexed.blocks[$0].endToken } ?? index
                filters.append((tokens[index].block, index, index...end, "\(lexed.text(index)) on line \(tokens[index].line)"))
            } else if HandlerFinder.grapeVerbs.contains(word), !lexed.token(index + 1, isPunctuation: Byte.dot),
                      !lexed.token(index + 1, isPunctuation: Byte.equals), let block = blockOpened(onLineOf: index),
                      lexed.blocks[block].parent == tokens[index].block
            {
                routes.append((index, block))
            }
        }
        var result: [HTTPHandler] = []
        for (verb, block) in routes {
            let enclosing = lexed.enclosingBlocks(of: verb)
            var scopes = Set(enclosing)
            scopes.insert(-1)
            var segments: [String] = []
            for scope in enclosing.reversed() {
                let header = lexed.blocks[scope].headerStart
                guard tokens[header].kind == .identifier,
                      HandlerFinder.grapeNamespaces.contains(lexed.bytes[tokens[header].start..<tokens[header].end]),
                      let segment = grapePathArgument(after: header)
                else { continue }
                segments.append(lexed.token(header, is: "route_param") ? ":" + segment : segment)
            }
            let own = lexed.token(verb, is: "route") ? routeStringLiterals(in: verb...lexed.blocks[block].openToken).first : grapePathArgument(after: verb)
            let path = HandlerFinder.joinedRoutePath(segments + (own.map { [$0] } ?? []))
            let applicable = filters.filter { scopes.contains($0.scope) && $0.start < verb }
            let statement = verb...lexed.blocks[block].endToken
            // A Grape API class does not take its base class's filters (each subclass starts with settings of its
            // own; a base shares filters only through a hook or a mount): what the class and file declare is all.
            // Nor do the tokens of the file's `module API` count as a base named `API`.
            var handler = HTTPHandler(
                name: "\(lexed.text(verb).uppercased()) \(path)", statement: statement, body: statement,
                guardRanges: [statement] + applicable.map(\.range), skipsInheritedGuards: true, path: path)
            handler.declaredGuard = applicable.first { $0.declared != nil }?.declared
            result.append(handler)
        }
        return result
    }

    /// The path a Grape verb or namespace names: `:chat`, `"/chat"`, `'chat/:id'`.
    private func grapePathArgument(after keyword: Int) -> String? {
        if lexed.tokens.indices.contains(keyword + 1), lexed.tokens[keyword + 1].kind == .string { return lexed.text(keyword + 1) }
        if lexed.token(keyword + 1, isPunctuation: Byte.colon), lexed.tokens.indices.contains(keyword + 2),
           lexed.tokens[keyword + 2].kind == .identifier, lexed.tokens[keyword + 2].line == lexed.tokens[keyword].line
        {
            return lexed.text(keyword + 2)
        }
        return nil
    }

    private static let grapeWord = Array("grape::api".utf8)
    private static let sinatraWord = Array("sinatra".utf8)
    private static let grapeDSLWords = ["namespace :", "resource :", "resources :", "route_param", "params do", "desc \"", "desc '"]
        .map { Array($0.utf8) }
    private static let grapeVerbs = WordSet(["get", "post", "put", "patch", "delete", "head", "options", "route"])
    private static let grapeNamespaces = WordSet(["namespace", "resource", "resources", "group", "segment", "route_param"])
    private static let grapeFilters = WordSet(["before", "before_validation", "after_validation"])
    private static let grapeAuthDeclarations = WordSet(["http_basic", "http_digest", "auth"])
}
