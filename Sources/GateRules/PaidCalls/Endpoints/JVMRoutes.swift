import GateCode
import GateCore

/// JVM routes the Spring and Micronaut reading of `annotatedMethods()` leaves: JAX-RS / Jakarta REST resources
/// (Quarkus, Dropwizard, Helidon, Micronaut's JAX-RS), Kotlin expression-bodied route methods of every annotation
/// family, and Ktor's routing DSL.
extension HandlerFinder {
    func jvmRoutes() -> [HTTPHandler] {
        guard lexed.language == .java || lexed.language == .kotlin else { return [] }
        return jaxrsResourceMethods() + kotlinExpressionRoutes() + ktorRoutes() + springFunctionalRoutes()
    }

    // MARK: Spring functional endpoints

    /// The request predicates and builder methods of Spring's functional endpoints.
    private static let functionalVerbs = WordSet(["GET", "POST", "PUT", "PATCH", "DELETE"])
    /// WebFlux's `org.springframework.web.reactive.function.server` and WebMvc.fn's `org.springframework.web.servlet.function`.
    private static let functionalPackages = ["function.server", "servlet.function"].map { Array($0.utf8) }

    /// Spring's functional routes (WebFlux, WebMvc.fn): the builder's `RouterFunctions.route().POST("/api/chat",
    /// h::chat)`, a predicate's `route(POST("/api/chat"), h::chat)` and `.andRoute(POST(…), …)`, and Kotlin's
    /// `router { }`/`coRouter { POST("/api/chat", h::chat) }` (or with a lambda, `POST("/api/chat") { req -> … }`).
    /// What the handler reaches is read from its arguments (a method reference is the method: `referencedFunctions`);
    /// the path is judged by the security configuration as a controller's is. A Kotlin `"/api".nest { }` around it
    /// prefixes its path.
    func springFunctionalRoutes() -> [HTTPHandler] {
        guard HandlerFinder.functionalPackages.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) }) else { return [] }
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard HandlerFinder.functionalVerbs.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  !lexed.token(index - 1, isPunctuation: Byte.at), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 2, tokens[index + 2].kind == .string
            else { continue }
            let own = lexed.text(index + 2)
            guard own.hasPrefix("/") else { continue }
            let close = lexed.partner[index + 1]
            let body: ClosedRange<Int>
            if lexed.token(index + 3, isPunctuation: Byte.comma) {
                // `POST("/api/chat", h::chat)`: the handler among the arguments.
                body = (index + 1)...close
            } else if lexed.token(close + 1, isPunctuation: Byte.openBrace), lexed.partner[close + 1] > close + 1 {
                // Kotlin's `POST("/api/chat") { req -> … }`.
                body = (close + 1)...lexed.partner[close + 1]
            } else {
                // A predicate: `route(POST("/api/chat"), h::chat)`, `.andRoute(POST("/api/chat").and(…), h::chat)`.
                let block = tokens[index].block
                guard block >= 0, lexed.blocks[block].opener == .paren, case let open = lexed.blocks[block].openToken,
                      lexed.token(open - 1, is: "route") || lexed.token(open - 1, is: "andRoute"), lexed.partner[open] > open
                else { continue }
                body = open...lexed.partner[open]
            }
            var parts = [own]
            for block in lexed.enclosingBlocks(of: index) {
                let open = lexed.blocks[block].openToken
                if lexed.blocks[block].opener == .brace, lexed.token(open - 1, is: "nest"), lexed.token(open - 2, isPunctuation: Byte.dot),
                   open >= 3, tokens[open - 3].kind == .string
                {
                    parts.insert(lexed.text(open - 3), at: 0)
                }
            }
            let path = "/" + parts.flatMap { $0.split(separator: "/") }.joined(separator: "/")
            let statement = index...max(body.upperBound, close)
            result.append(HTTPHandler(
                name: "\(lexed.text(index)) \(path)", statement: statement, body: body, guardRanges: [statement], path: path,
                anchor: index))
        }
        return result
    }

    // MARK: JAX-RS

    /// The HTTP method annotations of JAX-RS (`@POST`), which only a file importing `javax.ws.rs` or
    /// `jakarta.ws.rs` can use.
    static let jaxrsVerbs = WordSet(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
    private static let jaxrsPackage = Array("ws.rs".utf8)
    /// JAX-RS's packages, Micronaut's and Spring's web annotations (`org.springframework.web.bind.annotation`).
    private static let routeAnnotationPackages = ["ws.rs", "io.micronaut", "springframework.web"].map { Array($0.utf8) }

    /// Resource methods: `@POST @Path("/chat") public String chat(String prompt) { … }` in a class annotated
    /// `@Path("/api")`; the route's path is the class's joined with the method's.
    func jaxrsResourceMethods() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, HandlerFinder.jaxrsPackage) else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let header = block.headerStart..<block.openToken
            guard let verb = header.first(where: isJaxrsVerb) else { continue }
            result.append(annotatedRoute(
                annotation: verb, header: header, body: lexed.span(of: index), statement: lexed.statementSpan(of: index),
                nameToken: block.nameRange.flatMap(nameToken(at:)), container: enclosingContainer(of: verb)))
        }
        return result
    }

    private func isJaxrsVerb(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        return token.kind == .identifier && lexed.token(index - 1, isPunctuation: Byte.at)
            && HandlerFinder.jaxrsVerbs.contains(lexed.bytes[token.start..<token.end])
    }

    /// Whether token `index` is a route annotation of any JVM family: Spring's `@PostMapping`, Micronaut's
    /// `@Post`, JAX-RS's `@POST`.
    private func isJVMRouteAnnotation(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        guard token.kind == .identifier, lexed.token(index - 1, isPunctuation: Byte.at) else { return false }
        let word = lexed.bytes[token.start..<token.end]
        return HandlerFinder.mappingAnnotations.contains(word) || HandlerFinder.nestDecorators.contains(word)
            || HandlerFinder.jaxrsVerbs.contains(word)
    }

    /// A route declared by annotations on a method: its name, path, guard ranges and opt-out.
    private func annotatedRoute(
        annotation: Int, header: Range<Int>, body: ClosedRange<Int>, statement: ClosedRange<Int>, nameToken: Int?,
        container: Int?
    ) -> HTTPHandler {
        let containerHeader = container.map { lexed.statementSpan(of: $0).lowerBound..<lexed.blocks[$0].openToken }
        // `@PermitAll` (or Micronaut's `IS_ANONYMOUS`) opts the method out; on the class, only the methods that set
        // no guard of their own (`@RolesAllowed`, `@Authenticated`, `@Secured`) are opted out.
        let anonymous = header.contains(where: isAnonymousOptOut)
            || ((containerHeader?.contains(where: isAnonymousOptOut) ?? false) && !header.contains { containsGuard($0...$0) })
        var guards = [anonymous ? body : statement]
        if !anonymous, let container { guards.append(lexed.blocks[container].headerStart...lexed.blocks[container].openToken) }
        let name = (nameToken.map { lexed.text($0) } ?? "handler") + " (@\(lexed.text(annotation)))"
        return HTTPHandler(
            name: name, statement: statement, body: body, guardRanges: guards,
            path: jvmRoutePath(annotation: annotation, header: header, containerHeader: containerHeader),
            allowsAnonymous: anonymous)
    }

    /// The route's path: the class's `@Path`, `@RequestMapping` or Micronaut `@Controller` path joined with the
    /// method's (`@Path("/chat")` beside `@POST`, or the mapping annotation's own first string).
    private func jvmRoutePath(annotation: Int, header: Range<Int>, containerHeader: Range<Int>?) -> String? {
        let own: String?
        if HandlerFinder.jaxrsVerbs.contains(lexed.bytes[lexed.tokens[annotation].start..<lexed.tokens[annotation].end]) {
            own = header.first { lexed.token($0, is: "Path") && lexed.token($0 - 1, isPunctuation: Byte.at) }
                .flatMap { firstString(after: $0, before: header.upperBound) }
        } else {
            own = firstString(after: annotation, before: header.upperBound)
        }
        let prefix = containerHeader.flatMap(classRoutePrefix(in:))
        guard own != nil || prefix != nil else { return nil }
        return "/" + [prefix, own].compactMap { $0 }.flatMap { $0.split(separator: "/") }.joined(separator: "/")
    }

    /// The path a class's annotations give all its routes: Spring's `@RequestMapping("/api")`, JAX-RS's
    /// `@Path("/api")`, Micronaut's `@Controller("/api")` (Spring's `@Controller("name")` names a bean: a path
    /// starts with `/` or a `${…}` placeholder).
    func classRoutePrefix(in header: Range<Int>) -> String? {
        for word: StaticString in ["RequestMapping", "Path"] {
            if let annotation = header.first(where: { lexed.token($0, is: word) && lexed.token($0 - 1, isPunctuation: Byte.at) }) {
                return firstString(after: annotation, before: header.upperBound)
            }
        }
        guard let controller = header.first(where: { lexed.token($0, is: "Controller") && lexed.token($0 - 1, isPunctuation: Byte.at) }),
              let path = firstString(after: controller, before: header.upperBound), path.hasPrefix("/") || path.hasPrefix("$")
        else { return nil }
        return path
    }

    /// The class block enclosing token `index`, if it is directly in one.
    private func enclosingContainer(of index: Int) -> Int? {
        let block = lexed.tokens[index].block
        return block >= 0 && lexed.blocks[block].kind == .container ? block : nil
    }

    /// The identifier token whose bytes are `range` (a block's `nameRange`).
    private func nameToken(at range: Range<Int>) -> Int? {
        var low = 0
        var high = lexed.tokens.count
        while low < high {
            let middle = (low + high) / 2
            if lexed.tokens[middle].start < range.lowerBound { low = middle + 1 } else { high = middle }
        }
        return low < lexed.tokens.count && lexed.tokens[low].start == range.lowerBound ? low : nil
    }

    // MARK: Kotlin expression bodies

    /// Kotlin route methods written as expressions, which are no blocks: `@PostMapping("/chat") fun chat(@RequestBody
    /// prompt: String) = service.ask(prompt)`, for Spring, Micronaut and JAX-RS annotations alike.
    func kotlinExpressionRoutes() -> [HTTPHandler] {
        // Only a file importing one of the three annotation families can hold such a route.
        guard lexed.language == .kotlin,
              HandlerFinder.routeAnnotationPackages.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) })
        else { return [] }
        var result: [HTTPHandler] = []
        // A lambda in the expression (`= service.ask(q).let { … }`) is a block the other finders read as the method.
        let blockNames = Set(lexed.blocks.compactMap { $0.kind == .function ? $0.nameRange?.lowerBound : nil })
        for function in lexed.kotlinExpressionFunctions() where !blockNames.contains(lexed.tokens[function.name].start) {
            // The annotations: the tokens before `fun` on its line and the lines above that start with `@`.
            var start = function.keyword
            while start > 0, lexed.tokens[start - 1].line == lexed.tokens[function.keyword].line { start -= 1 }
            while start > 0 {
                var lineStart = start - 1
                while lineStart > 0, lexed.tokens[lineStart - 1].line == lexed.tokens[start - 1].line { lineStart -= 1 }
                guard isAnnotationsOnly(lineStart..<start) else { break }
                start = lineStart
            }
            let header = start..<function.keyword
            guard let annotation = header.first(where: isJVMRouteAnnotation) else { continue }
            result.append(annotatedRoute(
                annotation: annotation, header: header, body: (function.equals + 1)...function.end,
                statement: start...function.end, nameToken: function.name, container: enclosingContainer(of: function.keyword)))
        }
        return result
    }

    /// Whether tokens hold annotations and nothing else (`@POST @Path("/chat")`), not a declaration after them.
    private func isAnnotationsOnly(_ range: Range<Int>) -> Bool {
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            guard lexed.token(cursor, isPunctuation: Byte.at), cursor + 1 < range.upperBound,
                  lexed.tokens[cursor + 1].kind == .identifier
            else { return false }
            cursor += 2
            while lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, isPunctuation: Byte.colon),
                  cursor + 1 < range.upperBound, lexed.tokens[cursor + 1].kind == .identifier
            {
                cursor += 2
            }
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
        }
        return !range.isEmpty
    }

    // MARK: Ktor

    /// Ktor's route builders: `post("/chat") { … }`, `route("/api") { post { … } }`, `webSocket("/ws") { … }`.
    static let ktorVerbs = WordSet(["get", "post", "put", "patch", "delete", "head", "options", "webSocket", "sse"])
    private static let ktorPackage = Array("io.ktor".utf8)

    /// Ktor routes: a route builder called bare (on the enclosing `Route`, never on a receiver such as an HTTP
    /// client's `client.post("https://…") { … }`), with a trailing lambda, inside `routing { }`, `route(…) { }`,
    /// `authenticate { }`, `rateLimit(…) { }` or a `fun Route.chatRoutes()` extension. The path joins the
    /// enclosing `route("/api")` paths with the builder's own.
    func ktorRoutes() -> [HTTPHandler] {
        guard lexed.language == .kotlin, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.ktorPackage) else { return [] }
        var result: [HTTPHandler] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            guard HandlerFinder.ktorVerbs.contains(lexed.bytes[tokens[index].start..<tokens[index].end]),
                  !lexed.token(index - 1, isPunctuation: Byte.dot), !lexed.token(index - 1, is: "fun"),
                  !lexed.token(index - 1, is: "::"), !lexed.token(index - 1, isPunctuation: Byte.colon)
            else { continue }
            var cursor = index + 1
            // Typed routes of the Resources plugin: `post<Articles.New> { article -> … }`.
            var resource: String?
            if lexed.token(cursor, isPunctuation: UInt8(ascii: "<")) {
                var close = cursor + 1
                while close < tokens.count, close - cursor < 12, !lexed.token(close, isPunctuation: UInt8(ascii: ">")),
                      tokens[close].kind == .identifier || lexed.token(close, isPunctuation: Byte.dot)
                {
                    close += 1
                }
                guard lexed.token(close, isPunctuation: UInt8(ascii: ">")) else { continue }
                resource = (cursor + 1..<close).map { lexed.text($0) }.joined()
                cursor = close + 1
            }
            var path: String?
            var arguments: ClosedRange<Int>?
            if lexed.token(cursor, isPunctuation: Byte.openParen) {
                guard lexed.partner[cursor] > cursor else { continue }
                arguments = cursor...lexed.partner[cursor]
                if tokens[cursor + 1].kind == .string {
                    let text = lexed.text(cursor + 1)
                    // An absolute URL is an outgoing request, whatever calls it.
                    guard !text.contains("://") else { continue }
                    path = text
                }
                cursor = lexed.partner[cursor] + 1
            }
            guard lexed.token(cursor, isPunctuation: Byte.openBrace), lexed.partner[cursor] > cursor,
                  tokens[cursor].line == tokens[cursor - 1].line, isInsideKtorRouting(index)
            else { continue }
            let close = lexed.partner[cursor]
            let fullPath = ktorPath(of: index, own: path)
            let method = lexed.text(index) == "webSocket" ? "WebSocket" : lexed.text(index).uppercased()
            result.append(HTTPHandler(
                name: method + (fullPath ?? resource).map { " " + $0 }.orEmpty, statement: index...close,
                body: (arguments?.lowerBound ?? cursor)...close, guardRanges: [index...close], path: fullPath))
        }
        return result
    }

    /// Whether token `index` lies in Ktor's routing: an enclosing `routing { }`, `route(…) { }`,
    /// `authenticate { }` or `rateLimit(…) { }` block, or a function extending `Route` or `Routing`.
    private func isInsideKtorRouting(_ index: Int) -> Bool {
        var block = lexed.tokens[index].block
        while block >= 0 {
            let info = lexed.blocks[block]
            if info.kind == .container { return false }
            for cursor in info.headerStart..<info.openToken where lexed.tokens[cursor].kind == .identifier {
                if lexed.token(cursor, is: "routing") || lexed.token(cursor, is: "route") || lexed.token(cursor, is: "authenticate")
                    || lexed.token(cursor, is: "rateLimit") || lexed.token(cursor, is: "Routing")
                    || (lexed.token(cursor, is: "Route") && lexed.token(cursor + 1, isPunctuation: Byte.dot))
                {
                    return true
                }
            }
            block = info.parent
        }
        return false
    }

    /// The route's path: the enclosing `route("/api") { }` paths joined with the builder's own.
    private func ktorPath(of index: Int, own: String?) -> String? {
        var parts: [String] = own.map { [$0] } ?? []
        for block in lexed.enclosingBlocks(of: index) {
            let info = lexed.blocks[block]
            if let route = (info.headerStart..<info.openToken).last(where: { lexed.token($0, is: "route") }),
               lexed.token(route + 1, isPunctuation: Byte.openParen), lexed.tokens[route + 2].kind == .string
            {
                parts.insert(lexed.text(route + 2), at: 0)
            }
        }
        guard !parts.isEmpty else { return nil }
        return "/" + parts.flatMap { $0.split(separator: "/") }.joined(separator: "/")
    }

    /// The `Route` extension functions a Ktor route is declared in (`fun Route.chatRoutes()`), innermost first:
    /// where they are called decides which guards wrap the route.
    func ktorRouteFunctions(of handler: HTTPHandler) -> [String] {
        lexed.enclosingBlocks(of: handler.statement.lowerBound).compactMap { block in
            let info = lexed.blocks[block]
            guard info.kind == .function, let nameRange = info.nameRange, let name = nameToken(at: nameRange),
                  lexed.token(name - 1, isPunctuation: Byte.dot),
                  lexed.token(name - 2, is: "Route") || lexed.token(name - 2, is: "Routing"), lexed.token(name - 3, is: "fun")
            else { return nil }
            return lexed.text(name)
        }
    }

    // MARK: Project-wide guards

    /// A guard over a JVM route from the project's configuration rather than its code: Quarkus's HTTP permissions
    /// for its path and its `quarkus.security.jaxrs` defaults, Micronaut Security's deny-by-default, the guarded
    /// blocks a Ktor route function is called in, a Ktor global rate limiter. Nil for other languages.
    func jvmProjectGuard(for handler: HTTPHandler, index: CodeIndex) -> String? {
        guard lexed.language == .java || lexed.language == .kotlin else { return nil }
        // Quarkus checks path permissions before annotations: `@PermitAll` does not open a path they close.
        if let path = handler.path, let permission = index.quarkusPathPermission(path, method: HandlerFinder.httpMethod(of: handler)) {
            return permission
        }
        if lexed.language == .kotlin, ByteSearch.containsFolded(lexed.bytes, HandlerFinder.ktorPackage) {
            if let limiter = index.ktorGlobalRateLimit() { return limiter }
            if let function = ktorRouteFunctions(of: handler).first, let mount = index.ktorMountGuard(ofRouteFunction: function) {
                return mount
            }
        }
        guard !handler.allowsAnonymous else { return nil }
        if let path = handler.path, let filter = index.servletFilterGuard(forPath: path) { return filter }
        if let jaxrs = index.quarkusJaxrsDefaultGuard() { return jaxrs }
        return index.micronautSecurityGuard(forFile: path, routePath: handler.path)
    }

    /// The HTTP method a handler serves, from its name (`chat (@POST)`, `chat (@Post)`, `POST /chat`), when it names one.
    static func httpMethod(of handler: HTTPHandler) -> String? {
        let name = handler.name
        let verbs = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
        if let open = name.range(of: "(@"), name.hasSuffix(")") {
            var annotation = name[open.upperBound...].dropLast().uppercased()
            if annotation.hasSuffix("MAPPING") { annotation.removeLast(7) }
            return verbs.contains(annotation) ? annotation : nil
        }
        let first = String(name.prefix { $0 != " " })
        return verbs.contains(first) ? first : nil
    }
}

private extension Optional where Wrapped == String {
    var orEmpty: String { self ?? "" }
}
