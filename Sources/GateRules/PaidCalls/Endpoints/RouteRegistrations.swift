import GateCore

/// Routes registered by calls, annotations and attributes in C-like languages: Express/Koa/Hono/Fastify, Go, Laravel,
/// Vapor, axum, ASP.NET minimal APIs and controllers, Spring, NestJS, tRPC.
extension HandlerFinder {
    /// Whether a PHP call's second argument is an array with keys (`['json' => $body, 'headers' => …]`): the options of
    /// an outgoing request (Guzzle's `$http->post('/v1/messages', […])` on a client made with a `base_uri`, Laravel's
    /// `Http::post`), where a route's second argument is its handler (a closure, `[Controller::class, 'method']`, a
    /// `'Controller@method'` string).
    private func sendsRequestOptions(arguments: Range<Int>) -> Bool {
        guard let comma = arguments.first(where: { lexed.token($0, isPunctuation: Byte.comma) }),
              lexed.token(comma + 1, isPunctuation: Byte.openBracket) || lexed.token(comma + 1, is: "array"),
              let open = lexed.token(comma + 1, isPunctuation: Byte.openBracket) ? comma + 1 : Optional(comma + 2),
              lexed.partner[open] > open
        else { return false }
        var index = open + 1
        while index < lexed.partner[open] {
            if lexed.token(index, is: "=>") { return true }
            // Nested arrays' keys belong to their own values.
            index = lexed.partner[index] > index ? lexed.partner[index] + 1 : index + 1
        }
        return false
    }

    func routeCalls() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        let routeMethodEnds = HandlerFinder.routeMethodEnds
        for index in tokens.indices where tokens[index].kind == .identifier {
            let token = tokens[index]
            // The name's shape first: it rejects nearly every identifier without reading the tokens around it.
            guard routeMethodEnds.mayContain(lexed.bytes, token.start..<token.end)
                    || (token.end - token.start == 3 && lexed.language == .php),
                  lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::")
                    || lexed.token(index - 1, is: "->"),
                  let open = argumentsOpen(afterMethod: index),
                  HandlerFinder.routeMethods.contains(lexed.bytes[token.start..<token.end]) || slimMethods(at: index) != nil,
                  lexed.partner[open] > open
            else { continue }
            let close = lexed.partner[open]
            // Slim's `$app->map(['GET', 'POST'], '/chat', …)`: the path follows the methods.
            let slim = slimMethods(at: index)
            let first = slim == nil ? open + 1 : lexed.partner[open + 1] + 2
            guard first < close else { continue }
            // Vapor: `routes.post("chat") { req in … }` or `routes.post("chat", use: create)`, paths without a slash.
            let trailingClosure = lexed.language == .swift && lexed.token(close + 1, isPunctuation: Byte.openBrace)
                && lexed.partner[close + 1] > close
            // An absolute URL is an outgoing request (`client.post("https://api.openai.com/…") { req in … }`).
            let vaporRoute = lexed.language == .swift && vaporRoute(arguments: first..<close, trailingClosure: trailingClosure)
            // Go 1.22's patterns name the method: `mux.HandleFunc("POST /api/chat", …)`.
            let methodPattern = tokens[first].kind == .string ? HandlerFinder.methodPattern(lexed.text(first)) : nil
            // Express's `router.route("/chat").get(list).post(create)`: the path is the chain's.
            let chainedPath = lexed.language.isJavaScriptLike ? routeChainPath(beforeMethod: index) : nil
            // CodeIgniter 4's `$routes->post('chat', 'Chat::ask')` in app/Config/Routes.php: paths without a slash.
            let codeIgniterRoute = lexed.language == .php && lexed.token(index - 1, is: "->")
                && index >= 2 && lexed.text(index - 2).hasSuffix("routes") && tokens[first].kind == .string
            let isRoute = lexed.token(index, is: "route") || lexed.token(index, is: "Route") || vaporRoute
                || methodPattern != nil || chainedPath != nil || codeIgniterRoute
                || (tokens[first].kind == .string && tokens[first].end > tokens[first].start
                    && lexed.bytes[tokens[first].start] == Byte.slash)
            guard isRoute, !(lexed.language == .php && sendsRequestOptions(arguments: first..<close)) else { continue }
            // Guards chained after the registration: `.RequireAuthorization()`, `.RequireRateLimiting(…)`.
            var end = trailingClosure ? lexed.partner[close + 1] : close
            // PHP chains with `->`: `Route::post(…)->middleware('throttle:60,1')`.
            // C#'s generic links too: `.AddEndpointFilter<ApiKeyFilter>()`.
            while lexed.token(end + 1, isPunctuation: Byte.dot) || lexed.token(end + 1, is: "->"),
                  let paren = lexed.language == .csharp ? lexed.genericCallOpen(afterName: end + 2) : (end + 3),
                  lexed.token(paren, isPunctuation: Byte.openParen), lexed.partner[paren] > end
            {
                end = lexed.partner[paren]
            }
            // Back to the chain's root, over the calls in it: chi's `r.With(requireAuth).Post(…)` and Laravel's
            // `Route::middleware('auth')->post(…)` name the route's guard there.
            var start = index
            while start >= 2,
                  lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "::") || lexed.token(start - 1, is: "->")
            {
                if tokens[start - 2].kind == .identifier {
                    start -= 2
                } else if lexed.token(start - 2, isPunctuation: Byte.closeParen), lexed.partner[start - 2] >= 1,
                          lexed.partner[start - 2] < start - 2, tokens[lexed.partner[start - 2] - 1].kind == .identifier
                {
                    start = lexed.partner[start - 2] - 1
                } else {
                    break
                }
            }
            let path = chainedPath ?? methodPattern?.path ?? (tokens[first].kind == .string ? lexed.text(first) : nil)
            // ASP.NET's `MapPost` and Go's `HandleFunc("POST /…")` are reported by the method they serve.
            var method = slim ?? methodPattern?.method ?? lexed.text(index).uppercased()
            if method.hasPrefix("MAP"), method.count > 3 { method.removeFirst(3) }
            // Go's `HandleFunc("/x", …)` and `Handle` without a method in the pattern serve every method.
            if method == "HANDLEFUNC" || method == "HANDLE" { method = "ANY" }
            // axum's `.route("/chat", post(chat).get(list))`: the methods its method router names.
            if method == "ROUTE", let verbs = methodRouterVerbs(in: first..<close), !verbs.isEmpty {
                method = verbs.joined(separator: ",")
            }
            // Each method of a `route(…)` chain is guarded by its own arguments, not by its siblings'. The router's
            // name guards nothing (`authRouter.post(…)` serves the sign-in routes; `authGroup := e.Group("/auth")`):
            // the chain is read from its first call (`r.With(requireAuth).Post`, `Route::middleware('auth')->post`).
            var chainCalls = start
            while chainCalls < index, !lexed.token(chainCalls + 1, isPunctuation: Byte.openParen) { chainCalls += 1 }
            var guardRanges = [chainedPath == nil ? chainCalls...end : index...close]
            // axum runs a router's `.layer(…)` for the routes added before it only: of the links before the route, only
            // actix-web's `.wrap(…)`, which wraps the whole app or scope, guards it.
            if lexed.language == .rust, chainedPath == nil {
                guardRanges = [index...end] + rustWrapLinks(from: start, before: index)
            }
            var handler = HTTPHandler(
                name: method + (path.map { " " + $0 } ?? ""), statement: start...end,
                body: open...(trailingClosure ? end : close),
                guardRanges: guardRanges + referencedFunctions(in: open...close), path: path,
                allowsAnonymous: (close...end).contains { lexed.token($0, is: "AllowAnonymous") })
            if tokens[index].line != tokens[start].line { handler.anchor = index }
            // Groups and mounts name the route under their prefixes (read only for routes that are reported).
            if lexed.language.isJavaScriptLike || lexed.language == .go, path != nil, start < index { handler.routerChain = start..<index }
            // ASP.NET's group opted out as a whole: `var open = app.MapGroup("/openai").AllowAnonymous();`.
            if lexed.language == .csharp, !handler.allowsAnonymous, let assignment = receiverAssignment(of: start),
               assignment.contains(where: { lexed.token($0, is: "AllowAnonymous") })
            {
                handler.allowsAnonymous = true
            }
            result.append(handler)
        }
        return result
    }

    /// The variable a Rust route's router chain is assigned to (`public` of `let public = Router::new().route(…)`), whose
    /// later layers guard the route.
    func rustRouterVariable(of handler: HTTPHandler) -> String? {
        let start = handler.statement.lowerBound
        guard lexed.language == .rust, start >= 2, lexed.token(start - 1, isPunctuation: Byte.equals),
              lexed.tokens[start - 2].kind == .identifier, !lexed.token(start - 2, is: "mut")
        else { return nil }
        return lexed.text(start - 2)
    }

    /// The router a Go route is registered on, when it is a variable or a field (`mux` of `mux.HandleFunc(…)`, `s`,
    /// `mux` of `s.mux.HandleFunc(…)`): a wrapper around it where the file serves or mounts it guards the route
    /// (`CodeIndex.goWrappedRouterGuard`). Nil for a chain with calls in it (chi's `r.With(auth).Post`).
    func goRouterPath(of handler: HTTPHandler) -> [String]? {
        guard lexed.language == .go, let chain = handler.routerChain, chain.count >= 2, chain.count % 2 == 0 else { return nil }
        var names: [String] = []
        for position in stride(from: chain.lowerBound, to: chain.upperBound, by: 2) {
            guard lexed.tokens[position].kind == .identifier, lexed.token(position + 1, isPunctuation: Byte.dot) else { return nil }
            names.append(lexed.text(position))
        }
        return names
    }

    /// The arguments of the `.wrap(…)` and `.wrap_fn(…)` links of the member chain from `start` up to token `limit`
    /// (actix-web's middleware, which wraps its whole app, scope or resource whatever the order).
    private func rustWrapLinks(from start: Int, before limit: Int) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var cursor = start
        while cursor < limit, lexed.tokens[cursor].kind == .identifier {
            if lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1 {
                let close = lexed.partner[cursor + 1]
                if lexed.token(cursor, is: "wrap") || lexed.token(cursor, is: "wrap_fn") { result.append((cursor + 1)...close) }
                cursor = close + 1
            } else {
                cursor += 1
            }
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "::") else { break }
            cursor += 1
        }
        return result
    }

    /// Whether a Swift call's arguments register a Vapor route: path components (`"chat", ":id"`; none under a
    /// group, `chat.post(use: complete)`) and the handler, `use:` or a trailing closure.
    private func vaporRoute(arguments: Range<Int>, trailingClosure: Bool) -> Bool {
        var cursor = arguments.lowerBound
        while cursor < arguments.upperBound, lexed.tokens[cursor].kind == .string {
            // An absolute URL is an outgoing request (`client.post("https://api.openai.com/…") { req in … }`).
            if lexed.text(cursor).contains("://") { return false }
            guard lexed.token(cursor + 1, isPunctuation: Byte.comma) || cursor + 1 == arguments.upperBound else { return false }
            cursor += 2
        }
        if cursor >= arguments.upperBound { return trailingClosure && cursor > arguments.lowerBound }
        return lexed.token(cursor, is: "use") && lexed.token(cursor + 1, isPunctuation: Byte.colon)
    }

    /// The methods Slim's `$app->map(['GET', 'POST'], …)` at `index` lists, joined (`GET,POST`); nil for any other call.
    private func slimMethods(at index: Int) -> String? {
        guard lexed.language == .php, lexed.token(index, is: "map"), lexed.token(index - 1, is: "->"),
              lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.token(index + 2, isPunctuation: Byte.openBracket),
              lexed.partner[index + 2] > index + 2
        else { return nil }
        let methods = (index + 3..<lexed.partner[index + 2]).filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0).uppercased() }
        return methods.isEmpty ? nil : methods.joined(separator: ",")
    }

    /// The `(` of a route method's arguments: right after its name, or after the type arguments TypeScript may give
    /// it (Fastify's `server.get<{ Params: Params }>("/i/:id", …)`); nil when neither follows.
    private func argumentsOpen(afterMethod index: Int) -> Int? {
        if lexed.token(index + 1, isPunctuation: Byte.openParen) { return index + 1 }
        guard lexed.language.isJavaScriptLike, lexed.token(index + 1, isPunctuation: Byte.less) else { return nil }
        var depth = 0
        var cursor = index + 1
        while cursor < min(lexed.tokens.count, index + 80) {
            if lexed.token(cursor, isPunctuation: Byte.less) {
                depth += 1
            } else if lexed.token(cursor, isPunctuation: Byte.greater) || lexed.token(cursor, is: ">>") || lexed.token(cursor, is: ">>>") {
                // Nested arguments may close together (`Record<string, Array<Item>>`).
                depth -= lexed.tokens[cursor].end - lexed.tokens[cursor].start
                if depth <= 0 { return depth == 0 && lexed.token(cursor + 1, isPunctuation: Byte.openParen) ? cursor + 1 : nil }
            } else if lexed.token(cursor, isPunctuation: Byte.openBrace) || lexed.token(cursor, isPunctuation: Byte.openBracket),
                      lexed.partner[cursor] > cursor
            {
                cursor = lexed.partner[cursor]
            } else if lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.semicolon) {
                return nil
            }
            cursor += 1
        }
        return nil
    }

    /// The HTTP methods an axum method router among `range` names (`post(chat)`, `get(list).post(create)`,
    /// `routing::post(chat)`), uppercased, in order.
    private func methodRouterVerbs(in range: Range<Int>) -> [String]? {
        guard lexed.language == .rust else { return nil }
        return range.filter { cursor in
            lexed.tokens[cursor].kind == .identifier && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                && ["get", "post", "put", "patch", "delete"].contains(lexed.text(cursor))
        }.map { lexed.text($0).uppercased() }
    }

    /// The path of the `route("/path")` call a method call `index` is chained to, over the other methods of the
    /// chain (`router.route("/chat").get(list).post(create)`); nil when the method is not so chained.
    private func routeChainPath(beforeMethod index: Int) -> String? {
        var dot = index - 1
        while lexed.token(dot, isPunctuation: Byte.dot), lexed.token(dot - 1, isPunctuation: Byte.closeParen) {
            let open = lexed.partner[dot - 1]
            guard open > 0, open < dot - 1 else { return nil }
            let callee = open - 1
            if lexed.token(callee, is: "route"), lexed.tokens.indices.contains(open + 1), lexed.tokens[open + 1].kind == .string {
                return lexed.text(open + 1)
            }
            guard HandlerFinder.routeMethods.contains(lexed.bytes[lexed.tokens[callee].start..<lexed.tokens[callee].end])
            else { return nil }
            dot = callee - 1
        }
        return nil
    }

    /// tRPC procedures anyone may call: `previewTitle: publicProcedure.input(…).mutation(async ({ input }) => …)`.
    /// A procedure built on another (`protectedProcedure`, `adminProcedure`: `t.procedure.use(isAuthed)`) runs
    /// the middleware that defines it, which is what such procedures are made for; only the public ones (and the
    /// bare `t.procedure`) are endpoints without a guard of their own, with those built on a builder the change leaves
    /// refusing nobody (`openedProcedures`) or declared so (`trpcBuilderRefusesNobody`).
    func trpcProcedures() -> [HTTPHandler] {
        // A file that names no procedure has none (most files: one pass over the bytes turns them away).
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.procedureWord) else { return [] }
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            // The name's length first (5, 8 or 12 bytes), then the tokens around it, then its bytes: most identifiers
            // are turned away by the first test.
            let length = tokens[index].end - tokens[index].start
            guard length == 5 || length == 8 || length == 12,
                  lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.token(index, is: "mutation") || lexed.token(index, is: "query") || lexed.token(index, is: "subscription"),
                  lexed.partner[index + 1] > index
            else { continue }
            // Back along the chain (`.input(…)`, `.use(…)`, `.meta(…)`) to the procedure it starts from.
            var root = index - 2
            while root >= 0, lexed.token(root, isPunctuation: Byte.closeParen), lexed.partner[root] >= 2,
                  lexed.tokens[lexed.partner[root] - 1].kind == .identifier, lexed.token(lexed.partner[root] - 2, isPunctuation: Byte.dot)
            {
                root = lexed.partner[root] - 3
            }
            guard root >= 0, lexed.tokens[root].kind == .identifier else { continue }
            let procedure = lexed.text(root)
            guard TRPCProcedureBuilders.namesPublicBuilder(procedure) || openedProcedures.contains(procedure)
                || trpcBuilderRefusesNobody?(procedure) == true
            else { continue }
            var start = root
            while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), lexed.tokens[start - 2].kind == .identifier { start -= 2 }
            let key = lexed.token(start - 1, isPunctuation: Byte.colon) && start >= 2 && lexed.tokens[start - 2].kind == .identifier
                ? " " + lexed.text(start - 2) : ""
            let close = lexed.partner[index + 1]
            result.append(HTTPHandler(
                name: "tRPC \(lexed.text(index))\(key)", statement: start...close, body: (index + 1)...close,
                guardRanges: [start...close]))
        }
        return result
    }

    private static let procedureWord = Array("procedure".utf8)

    /// Same-file functions passed by name as handlers or middleware: their bodies may hold the guard.
    private func referencedFunctions(in range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for index in range where lexed.tokens[index].kind == .identifier {
            guard lexed.token(index + 1, isPunctuation: Byte.comma) || lexed.token(index + 1, isPunctuation: Byte.closeParen)
            else { continue }
            for (block, info) in lexed.blocks.enumerated() where info.kind == .function {
                if let name = info.nameRange, lexed.bytes[name].elementsEqual(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]) {
                    result.append(lexed.statementSpan(of: block))
                }
            }
        }
        return result
    }

    func annotatedMethods() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            let mapping = header.first { cursor in
                let token = lexed.tokens[cursor]
                guard token.kind == .identifier else { return false }
                let word = lexed.bytes[token.start..<token.end]
                if lexed.language == .rust {
                    // actix-web's and Rocket's `#[post("/chat")]`, `#[actix_web::get("/")]`.
                    return HandlerFinder.rustRouteAttributes.contains(word) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                        && (lexed.token(cursor - 1, isPunctuation: Byte.openBracket) && lexed.token(cursor - 2, isPunctuation: Byte.hash)
                            || lexed.token(cursor - 1, is: "::"))
                }
                if HandlerFinder.mappingAnnotations.contains(word) || isCSharpHTTPTrigger(cursor) { return true }
                return HandlerFinder.nestDecorators.contains(word) && lexed.token(cursor - 1, isPunctuation: Byte.at)
            }
            guard let mapping else { continue }
            // Opted out of authentication (ASP.NET `[AllowAnonymous]`, Micronaut `@Secured(SecurityRule.IS_ANONYMOUS)`,
            // `@PermitAll`), on the method or on its class when the method sets nothing of its own: only what its
            // body checks guards it.
            let containerHeader: Range<Int>? = block.parent >= 0 && lexed.blocks[block.parent].kind == .container
                ? lexed.statementSpan(of: block.parent).lowerBound..<lexed.blocks[block.parent].openToken : nil
            let anonymous = header.contains(where: isAnonymousOptOut)
                || (containerHeader?.contains(where: isAnonymousOptOut) ?? false
                    && !header.contains { lexed.token($0, is: "Secured") || lexed.token($0, is: "RolesAllowed") || lexed.token($0, is: "Authorize") })
            var guards = [anonymous ? lexed.span(of: index) : lexed.statementSpan(of: index)]
            if !anonymous, block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                let container = lexed.blocks[block.parent]
                guards.append(container.headerStart...container.openToken)
            }
            let azureTrigger = isCSharpHTTPTrigger(mapping)
            let name = azureTrigger
                ? "Azure Functions \(csharpFunctionName(in: header) ?? block.nameRange.map { lexed.text($0) } ?? "function") (HttpTrigger)"
                : (block.nameRange.map { lexed.text($0) } ?? "handler") + " (@\(lexed.text(mapping)))"
            // Spring: the class's `@RequestMapping("/api")` and the method's `@PostMapping("/chat")`.
            var path: String?
            if lexed.language == .rust { path = firstString(after: mapping, before: block.openToken) }
            if [.java, .kotlin].contains(lexed.language) {
                let own = firstString(after: mapping, before: block.openToken)
                var prefix: String?
                if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                    let container = lexed.blocks[block.parent]
                    prefix = classRoutePrefix(in: lexed.statementSpan(of: block.parent).lowerBound..<container.openToken)
                }
                if own != nil || prefix != nil { path = "/" + [prefix, own].compactMap { $0 }.flatMap { $0.split(separator: "/") }.joined(separator: "/") }
            }
            var handler = HTTPHandler(
                name: name, statement: lexed.statementSpan(of: index), body: lexed.span(of: index), guardRanges: guards,
                path: path, isNestRoute: lexed.language.isJavaScriptLike && lexed.token(mapping - 1, isPunctuation: Byte.at),
                allowsAnonymous: anonymous)
            // An Azure Functions HTTP trigger's authorization level: a function or admin key is the platform's guard.
            if azureTrigger { handler.declaredGuard = HandlerFinder.azureFunctionKey(level: csharpHTTPTriggerLevel(mapping)) }
            // actix-web mounts each attributed handler by its name (`.service(chat)`).
            if lexed.language == .rust { handler.mountedByName = block.nameRange.map { lexed.text($0) } }
            result.append(handler)
        }
        return result
    }

    /// ASP.NET actions written as expression bodies, which are no blocks: `[HttpPost] public async
    /// Task<IActionResult> Create(string text) => Ok(await _chat.CompleteChatAsync(text));`.
    func expressionBodiedActions() -> [HTTPHandler] {
        guard lexed.language == .csharp else { return [] }
        var result: [HTTPHandler] = []
        let count = lexed.tokens.count
        var index = 0
        while index < count {
            defer { index += 1 }
            guard lexed.tokens[index].kind == .identifier, lexed.token(index - 1, isPunctuation: Byte.openBracket),
                  HandlerFinder.mappingAnnotations.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
            else { continue }
            // Back over the attribute lists before this one (`[AllowAnonymous]`, `[Authorize]` above `[HttpPost]`), then
            // past this one and any that follow it, to the method's parameters.
            var attributes = index - 1
            while lexed.token(attributes - 1, isPunctuation: Byte.closeBracket), lexed.partner[attributes - 1] < attributes - 1,
                  lexed.token(lexed.partner[attributes - 1], isPunctuation: Byte.openBracket)
            {
                attributes = lexed.partner[attributes - 1]
            }
            var cursor = index - 1
            while lexed.token(cursor, isPunctuation: Byte.openBracket), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
            var anonymous = false
            for attribute in attributes..<cursor where lexed.token(attribute, is: "AllowAnonymous") { anonymous = true }
            while cursor < count, !lexed.token(cursor, isPunctuation: Byte.openParen), !lexed.token(cursor, isPunctuation: Byte.openBrace),
                  !lexed.token(cursor, isPunctuation: Byte.semicolon)
            {
                cursor += 1
            }
            guard cursor < count, lexed.token(cursor, isPunctuation: Byte.openParen), lexed.tokens[cursor - 1].kind == .identifier,
                  lexed.partner[cursor] > cursor, lexed.token(lexed.partner[cursor] + 1, is: "=>")
            else { continue }
            let name = cursor - 1
            let arrow = lexed.partner[cursor] + 1
            // The body runs to the statement's semicolon, stepping over what its brackets hold.
            var end = arrow + 1
            while end < count, !lexed.token(end, isPunctuation: Byte.semicolon) {
                end = lexed.tokens[end].kind == .punctuation && lexed.partner[end] > end ? lexed.partner[end] + 1 : end + 1
            }
            guard end < count else { continue }
            var guards = [attributes...end]
            let block = lexed.tokens[attributes].block
            if !anonymous, block >= 0, lexed.blocks[block].kind == .container {
                guards.append(lexed.blocks[block].headerStart...lexed.blocks[block].openToken)
            }
            result.append(HTTPHandler(
                name: "\(lexed.text(name)) (@\(lexed.text(index)))", statement: attributes...end, body: arrow...end,
                guardRanges: guards, allowsAnonymous: anonymous))
            index = end
        }
        return result
    }
}
