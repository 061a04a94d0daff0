import GateCore

/// Guards applied where a router is handed over by an ordinary call that names it, rather than by a `use`-style
/// registration holding the guard in its own arguments (which `mountGuard` reads first):
///
/// - a layer later in the same chain: axum runs `.layer(…)` for the routes added before it
///   (`Router::new().nest("/api", api::routes()).layer(middleware::from_fn(auth))`);
/// - a group earlier in the chain: `app.grouped(User.guardMiddleware()).register(collection: ChatController())`;
/// - the variable the router is mounted on or handed with: its assignment
///   (`let protected = app.grouped(…)`, `authorized := r.Group("/", AuthRequired())`, `api = NinjaAPI(auth=…)`),
///   middleware registered on it before (`r.Use(auth)`), or a Flask `@app.before_request` hook that refuses.
struct MountSite {
    let lexed: LexedSource
    /// The file's guard tokens, ascending (`FileFacts.guardTokens`).
    let guards: [Int]
    /// Names that stand for the mounted file here: its module's local names, or the types it declares.
    let own: Set<String>
    /// For Go, whose imports name packages: the functions the mounted file itself defines, one of which the
    /// mention must call (`handlers.RegisterChat(…)`, not another file's `handlers.RegisterAdmin(…)`).
    let ownFunctions: Set<String>?
    /// The mounted file's other handlers, when the question is about one handler of a framework that mounts each
    /// by its name (actix-web's `.service(chat)`): a mention naming one of them is that handler's mount, not this
    /// one's.
    var otherHandlers: Set<String> = []
    /// The mounted file's names the local names of `own` are imported as (`chat` of `use handlers::{chat}`).
    var importedNames: [String: String] = [:]
    /// Tokens that name the mounted file by a longer path than `own` holds: the `chat` of Rust's
    /// `routes::chat::router()` (`CodeIndex.rustModuleMentions`).
    var ownMentions: Set<Int> = []
    /// Whether a Flask request hook of this file turns callers away, judged with the project (the function handed
    /// over, or a check the hook calls, read where it is defined); nil: read from this file alone.
    var flaskHookRefuses: ((FlaskHookRegistration) -> Bool)?

    /// Calls that register middleware on the router they are made on.
    static let middlewareMethods: Set<String> = [
        "use", "Use", "middleware", "Middleware", "layer", "route_layer", "add_middleware", "wrap", "UseMiddleware",
    ]
    static let requestHooks: Set<String> = ["before_request", "before_app_request"]
    private static let definitionKeywords: [StaticString] = ["func", "fn", "def", "function"]
    private static let nothing: [StaticString] = ["None", "null", "nil", "false", "False"]

    /// Whether the file hands the mounted file's router on (names it in a call's arguments, or calls into it):
    /// then a guard where this file is mounted in turn covers it.
    func mentionsOwn() -> Bool {
        lexed.tokens.indices.contains { index in
            guard isOwnMention(index) else { return false }
            if lexed.token(index + 1, isPunctuation: Byte.dot) || lexed.token(index + 1, is: "::") { return true }
            let block = lexed.tokens[index].block
            return block >= 0 && lexed.blocks[block].opener == .paren && lexed.blocks[block].openToken >= 1
                && lexed.tokens[lexed.blocks[block].openToken - 1].kind == .identifier
        }
    }

    /// The first guard token that applies to a mention of the mounted file, or nil.
    func guardToken() -> Int? {
        guard !guards.isEmpty, !own.isEmpty || !ownMentions.isEmpty else { return nil }
        let tokens = lexed.tokens
        for index in tokens.indices where isOwnMention(index) {
            if let ownFunctions {
                guard lexed.token(index + 1, isPunctuation: Byte.dot), index + 2 < tokens.count,
                      ownFunctions.contains(lexed.text(index + 2))
                else { continue }
            }
            if namesAnotherHandler(index) { continue }
            // The function's own definition (`func setupRoutes(r *gin.Engine, auth gin.HandlerFunc)`) mounts nothing.
            if Self.definitionKeywords.contains(where: { lexed.token(index - 1, is: $0) }) { continue }
            if let found = guardAround(mention: index) { return found }
        }
        return nil
    }

    /// Whether token `index` names the mounted file: a name of `own`, or one of `ownMentions`.
    func isOwnMention(_ index: Int) -> Bool {
        lexed.tokens[index].kind == .identifier && (ownMentions.contains(index) || own.contains(lexed.text(index)))
    }

    /// Whether the mention at `index` names another of the mounted file's handlers than the one asked about: `chat`
    /// imported by name (`use handlers::{chat}`) or through its module (`handlers::chat`).
    func namesAnotherHandler(_ index: Int) -> Bool {
        guard !otherHandlers.isEmpty else { return false }
        let name = lexed.text(index)
        if let imported = importedNames[name] { return otherHandlers.contains(imported) }
        guard lexed.token(index + 1, isPunctuation: Byte.dot) || lexed.token(index + 1, is: "::"),
              index + 2 < lexed.tokens.count, lexed.tokens[index + 2].kind == .identifier
        else { return false }
        return otherHandlers.contains(lexed.text(index + 2))
    }

    /// Climbs from the mention through the calls whose arguments hold it (at most three), judging each chain.
    private func guardAround(mention: Int) -> Int? {
        var inner = mention
        for _ in 0..<3 {
            let start = chainStart(from: inner)
            let (end, innerCallEnd) = chainEnd(from: inner)
            // axum layers wrap what was added before them (a guard in another link's arguments, a sibling scope's
            // `.wrap(…)`, is that link's); other frameworks' groups what is registered on them.
            if lexed.language == .rust {
                if let found = laterLayerGuard(after: innerCallEnd, through: end) { return found }
            } else if let found = firstGuard(in: start...end) {
                return found
            }
            if lexed.language == .rust, let found = wrapGuard(chainStart: start, before: inner) { return found }
            for name in handedNames(chainStart: start, mentionCall: inner) {
                if let found = guardOnVariable(name, before: start) { return found }
            }
            // Out to the call whose argument list holds this chain.
            let block = lexed.tokens[start].block
            guard block >= 0, lexed.blocks[block].opener == .paren, lexed.blocks[block].openToken >= 1,
                  lexed.tokens[lexed.blocks[block].openToken - 1].kind == .identifier
            else { return nil }
            inner = lexed.blocks[block].openToken - 1
        }
        return nil
    }

    /// A guard in a `.wrap(…)` of the chain from `start` before its link `call`: actix-web's `wrap` wraps the whole
    /// scope, resource or app it is called on, whatever the order (`web::scope("/admin").wrap(HttpAuthentication::
    /// bearer(validator)).service(chat)`). Only the chain's own links: a `wrap` inside another link's arguments (a
    /// nested scope) wraps that one.
    private func wrapGuard(chainStart start: Int, before call: Int) -> Int? {
        var cursor = start
        while cursor < call, lexed.tokens[cursor].kind == .identifier {
            if lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1 {
                let close = lexed.partner[cursor + 1]
                if lexed.token(cursor, is: "wrap") || lexed.token(cursor, is: "wrap_fn"),
                   let found = firstGuard(in: (cursor + 1)...close)
                {
                    return found
                }
                cursor = close + 1
            } else {
                cursor += 1
            }
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "::") else { return nil }
            cursor += 1
        }
        return nil
    }

    /// A guard in a `.layer(…)` or `.route_layer(…)` link of a chain after token `callEnd`, through `end` (or an
    /// actix-web `.wrap(…)`, which wraps the whole app or scope).
    private func laterLayerGuard(after callEnd: Int, through end: Int) -> Int? {
        var cursor = callEnd + 1
        while cursor < end, lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "::"),
              lexed.tokens[cursor + 1].kind == .identifier
        {
            let name = cursor + 1
            guard lexed.token(name + 1, isPunctuation: Byte.openParen), lexed.partner[name + 1] > name + 1 else {
                cursor = name + 1
                continue
            }
            let close = lexed.partner[name + 1]
            if lexed.token(name, is: "layer") || lexed.token(name, is: "route_layer") || lexed.token(name, is: "wrap")
                || lexed.token(name, is: "wrap_fn"), let found = firstGuard(in: (name + 1)...close)
            {
                return found
            }
            cursor = close + 1
        }
        return nil
    }

    /// The first token of the member chain token `index` is part of (`Router::new().nest` from `nest`).
    private func chainStart(from index: Int) -> Int {
        var start = index
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "::") {
            let before = start - 2
            if lexed.tokens[before].kind == .identifier {
                start = before
            } else if lexed.token(before, isPunctuation: Byte.closeParen), lexed.partner[before] >= 1, lexed.partner[before] < before,
                      lexed.tokens[lexed.partner[before] - 1].kind == .identifier
            {
                start = lexed.partner[before] - 1
            } else {
                break
            }
        }
        return start
    }

    /// The last token of the chain from token `index` on, and the end of the call `index` names or is the receiver
    /// of (its closing parenthesis), which later links of the chain follow.
    private func chainEnd(from index: Int) -> (end: Int, callEnd: Int) {
        var end = index
        // Past the mention's own path (`api::routes`, `handlers.Register`) to its call; not into a Rust router's own
        // layer (`public.layer(GovernorLayer { config })`), which is the chain's next link.
        while end + 2 < lexed.tokens.count, lexed.token(end + 1, isPunctuation: Byte.dot) || lexed.token(end + 1, is: "::"),
              lexed.tokens[end + 2].kind == .identifier,
              !(lexed.language == .rust && (lexed.token(end + 2, is: "layer") || lexed.token(end + 2, is: "route_layer")))
        {
            end += 2
        }
        let callEnd: Int
        if lexed.token(end + 1, isPunctuation: Byte.openParen), lexed.partner[end + 1] > end {
            end = lexed.partner[end + 1]
            callEnd = end
        } else if lexed.language == .rust, lexed.token(end + 1, isPunctuation: Byte.dot) {
            callEnd = end
        } else {
            return (end, end)
        }
        while end + 3 < lexed.tokens.count, lexed.token(end + 1, isPunctuation: Byte.dot) || lexed.token(end + 1, is: "::"),
              lexed.tokens[end + 2].kind == .identifier, lexed.token(end + 3, isPunctuation: Byte.openParen),
              lexed.partner[end + 3] > end
        {
            end = lexed.partner[end + 3]
        }
        return (end, callEnd)
    }

    /// The variables a router is mounted on or handed with: the chain's root receiver (`protected` of
    /// `protected.register(…)`) and the names passed bare to the mention's call (`authorized` of
    /// `handlers.Register(authorized)`).
    private func handedNames(chainStart start: Int, mentionCall: Int) -> [String] {
        var names: [String] = []
        if lexed.tokens[start].kind == .identifier, lexed.token(start + 1, isPunctuation: Byte.dot), !own.contains(lexed.text(start)) {
            names.append(lexed.text(start))
        }
        var call = mentionCall
        while lexed.token(call + 1, isPunctuation: Byte.dot) || lexed.token(call + 1, is: "::") { call += 2 }
        if lexed.token(call + 1, isPunctuation: Byte.openParen), lexed.partner[call + 1] > call {
            for argument in (call + 2)..<lexed.partner[call + 1] where lexed.tokens[argument].kind == .identifier
                && (lexed.token(argument - 1, isPunctuation: Byte.openParen) || lexed.token(argument - 1, isPunctuation: Byte.comma))
                && (lexed.token(argument + 1, isPunctuation: Byte.closeParen) || lexed.token(argument + 1, isPunctuation: Byte.comma))
            {
                names.append(lexed.text(argument))
            }
        }
        return names
    }

    /// A guard set on variable `name`: in its assignment or middleware registered on it before token `limit`
    /// (routes registered earlier do not run it), or in a request hook of it anywhere (it runs for every request).
    /// A router made from another (`api := r.Group("/api")`, `let chat = app.grouped("chat")`) has that one's guards
    /// too, those registered before it was made (gin, Echo and Vapor copy them then; Fiber runs whatever was
    /// registered before the routes).
    private func guardOnVariable(_ name: String, before limit: Int, depth: Int = 0) -> Int? {
        let tokens = lexed.tokens
        for cursor in tokens.indices where tokens[cursor].kind == .identifier && lexed.text(cursor) == name {
            // `name = …`, `name := …` (Go), `let`/`var`/`const name = …`.
            if lexed.token(cursor + 1, isPunctuation: Byte.equals)
                || (lexed.token(cursor + 1, isPunctuation: Byte.colon) && lexed.token(cursor + 2, isPunctuation: Byte.equals))
            {
                guard cursor < limit else { continue }
                let end = statementEnd(from: cursor)
                if let found = firstGuard(in: cursor...end) { return found }
                // Made from another router: `parent.Group(…)`, `parent.grouped(…)`.
                var value = cursor + 2
                if lexed.token(value, isPunctuation: Byte.equals) { value += 1 }
                if depth < 3, value + 2 <= end, tokens[value].kind == .identifier, lexed.token(value + 1, isPunctuation: Byte.dot),
                   lexed.token(value + 3, isPunctuation: Byte.openParen), lexed.text(value) != name,
                   let found = guardOnVariable(lexed.text(value), before: runsEarlierRegistrations ? limit : cursor, depth: depth + 1)
                {
                    return found
                }
                continue
            }
            guard lexed.token(cursor + 1, isPunctuation: Byte.dot), cursor + 3 < tokens.count else { continue }
            let method = lexed.text(cursor + 2)
            // Not one scoped to a path (`app.use("/admin", requireAuth, adminRouter)`): that guards another mount.
            if cursor < limit, Self.middlewareMethods.contains(method), lexed.token(cursor + 3, isPunctuation: Byte.openParen),
               lexed.partner[cursor + 3] > cursor, cursor + 4 < tokens.count, tokens[cursor + 4].kind != .string,
               let found = firstGuard(in: (cursor + 3)...lexed.partner[cursor + 3])
            {
                return found
            }
            // Flask: `@app.before_request` over a function that aborts, or `app.before_request(require_token)`.
            if Self.requestHooks.contains(method), let found = flaskHookGuard(on: name, hook: cursor + 2, mountedAt: limit) {
                return found
            }
        }
        return nil
    }

    /// A guard token (or the hook's) of the Flask request hook at token `hook` on `name` when it turns callers away
    /// (`flaskHookRefuses`, or read from this file alone). An app the function mounting the router makes itself
    /// (`app = Flask(__name__)` in `create_app()`) runs only the hooks registered in that function: another factory's
    /// `app` is another app.
    private func flaskHookGuard(on name: String, hook: Int, mountedAt mention: Int) -> Int? {
        guard lexed.language.family == .python,
              let registration = lexed.flaskHookRegistrations(of: name).first(where: { $0.hook == hook })
        else { return nil }
        let scope = lexed.enclosingFunction(of: mention)
        if lexed.enclosingFunction(of: hook) != scope, makesApp(name, inFunction: scope) != nil { return nil }
        let isGuard = { (token: Int) -> Bool in
            let position = guards.partitionPoint { $0 < token }
            return position < guards.count && guards[position] == token
        }
        let refuses = flaskHookRefuses?(registration) ?? lexed.flaskHookTurnsAway(registration, isGuard: isGuard)
        guard refuses else { return nil }
        return (registration.function ?? registration.handed.map { $0...$0 }).flatMap(firstGuard(in:)) ?? hook
    }

    /// The token of the assignment making `name` a Flask app (`app = Flask(__name__)`, `flask.Flask(…)`,
    /// `APIFlask(…)`) in function block `function` (-1: the module's top level), or nil.
    private func makesApp(_ name: String, inFunction function: Int) -> Int? {
        lexed.tokens.indices.first { index in
            guard lexed.tokens[index].kind == .identifier, lexed.token(index + 1, isPunctuation: Byte.equals),
                  !lexed.token(index - 1, isPunctuation: Byte.dot), lexed.text(index) == name,
                  lexed.enclosingFunction(of: index) == function
            else { return false }
            var cursor = index + 2
            while lexed.token(cursor + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(cursor + 2) { cursor += 2 }
            return lexed.tokens.indices.contains(cursor) && lexed.tokens[cursor].kind == .identifier
                && lexed.text(cursor).hasSuffix("Flask") && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
        }
    }

    /// A registration of the mounted blueprint on a Flask app made beside it, whose request hooks and registration
    /// turn nobody away (`internal_app = Flask(__name__)`, `internal_app.register_blueprint(tickets_bp)`): its routes
    /// are open there, whatever another app registering it requires. The mention's token, or nil.
    func openFlaskRegistration() -> Int? {
        guard lexed.language.family == .python, !own.isEmpty else { return nil }
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && own.contains(lexed.text(index)) {
            let block = lexed.tokens[index].block
            guard block >= 0, lexed.blocks[block].opener == .paren, lexed.blocks[block].openToken >= 3 else { continue }
            let call = lexed.blocks[block].openToken - 1
            guard lexed.token(call, is: "register_blueprint"), lexed.token(call - 1, isPunctuation: Byte.dot),
                  lexed.tokens[call - 2].kind == .identifier, !lexed.token(call - 3, isPunctuation: Byte.dot),
                  makesApp(lexed.text(call - 2), inFunction: lexed.enclosingFunction(of: index)) != nil,
                  guardAround(mention: index) == nil
            else { continue }
            return index
        }
        return nil
    }

    /// Whether the router runs for a route whatever was registered on it before the route, groups included
    /// (Fiber's), rather than what it had when the group was made.
    private var runsEarlierRegistrations: Bool { ByteSearch.containsFolded(lexed.bytes, Self.fiberImport) }
    private static let fiberImport = Array("gofiber/fiber".utf8)

    /// The last token of the statement starting at `start`: the rest of its line, and of any bracket opened on it.
    private func statementEnd(from start: Int) -> Int {
        let line = lexed.tokens[start].line
        var end = start
        while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == line {
            end += 1
            if lexed.tokens[end].kind == .punctuation, lexed.partner[end] > end { end = lexed.partner[end] }
        }
        return end
    }

    /// The first guard token in `range`, not counting a guard keyword switched off (`NinjaAPI(auth=None)`).
    private func firstGuard(in range: ClosedRange<Int>) -> Int? {
        for position in guards.partitionPoint({ $0 < range.lowerBound })..<guards.count {
            let token = guards[position]
            guard range.contains(token) else { return nil }
            let switchedOff = (lexed.token(token + 1, isPunctuation: Byte.equals) || lexed.token(token + 1, isPunctuation: Byte.colon))
                && Self.nothing.contains(where: { lexed.token(token + 2, is: $0) })
            if !switchedOff, !lexed.isInStarletteAuthenticationMiddleware(token) { return token }
        }
        return nil
    }
}
