import GateCore

/// What a file-based framework's server hooks say of a route file.
enum HooksVerdict {
    /// The file is no route of such a framework: Next.js's middleware may run for it.
    case notHooksRoute
    /// A route of such a framework that no hook guards.
    case open
    /// Guarded by this hook file (or configuration).
    case guarded(String)
}

/// Server hooks that run before every route of a SvelteKit, Nuxt, Astro or Cloudflare Pages app, as Next.js's
/// `middleware.ts` does, and the routes they guard: SvelteKit's `src/hooks.server.ts` (its `handle`), Nuxt's and
/// Nitro's `server/middleware/*`, Astro's `src/middleware.ts`, Pages Functions' `_middleware.ts`.
/// A hook guards when it turns a caller away (answers 401 or 403, redirects, throws `requireUserSession`'s error)
/// after checking a session, a user, a key or a rate limit, for the paths it checks (`event.url.pathname
/// .startsWith('/api')`); one that only puts the user on `locals` for the routes to read guards none.
extension CodeIndex {
    /// The hook file that guards a SvelteKit route (`src/routes/api/chat/+server.ts`, a `+page.server.ts`'s
    /// actions) or a Nuxt route (`server/api/chat.post.ts`), or the Nuxt module that rate-limits every route.
    func serverHooksGuard(forRouteFile path: String) -> HooksVerdict {
        let segments = path.split(separator: "/").map(String.init)
        guard let file = segments.last else { return .notHooksRoute }
        if file.hasPrefix("+"), let routes = segments.firstIndex(of: "routes"), routes > 0, segments[routes - 1] == "src" {
            let root = segments[..<(routes - 1)].map { $0 + "/" }.joined()
            let directories = Array(segments[(routes + 1)..<(segments.count - 1)])
            // The route's path and its id (which keeps the `(group)` directories: `event.route.id`).
            let id = "/" + directories.joined(separator: "/")
            let route = "/" + directories.filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }.joined(separator: "/")
            for name in ["hooks.server.ts", "hooks.server.js"] {
                let candidate = root + "src/" + name
                if let coverage = hookCoverage(candidate), coverage.guards(route) || coverage.guards(id) { return .guarded(candidate) }
            }
            return .open
        }
        if let pages = segments.firstIndex(of: "pages"), pages > 0, segments[pages - 1] == "src",
           file.hasSuffix(".ts") || file.hasSuffix(".js")
        {
            let root = segments[..<(pages - 1)].map { $0 + "/" }.joined()
            if ["astro.config.mjs", "astro.config.ts", "astro.config.js"].contains(where: { project.exists(root + $0) }) {
                let route = Self.fileRoute(segments[(pages + 1)...])
                for name in ["middleware.ts", "middleware.js", "middleware/index.ts", "middleware/index.js"] {
                    let candidate = root + "src/" + name
                    if let coverage = hookCoverage(candidate), coverage.guards(route) { return .guarded(candidate) }
                }
                return .open
            }
        }
        if let functions = segments.lastIndex(of: "functions"), functions + 1 < segments.count,
           file.hasPrefix("_middleware.") == false, file.hasSuffix(".ts") || file.hasSuffix(".js")
        {
            // Pages Functions: `_middleware` of the file's directory and of each one above it, up to `functions/`.
            let route = Self.fileRoute(segments[(functions + 1)...])
            var found: String?
            for depth in stride(from: segments.count - 1, through: functions + 1, by: -1) {
                let directory = segments[..<depth].joined(separator: "/")
                for name in ["_middleware.ts", "_middleware.js"] where found == nil {
                    let candidate = directory + "/" + name
                    if let coverage = hookCoverage(candidate), coverage.guards(route) { found = candidate }
                }
            }
            if let found { return .guarded(found) }
        }
        guard let server = segments.firstIndex(of: "server"), server + 2 < segments.count,
              segments[server + 1] == "api" || segments[server + 1] == "routes"
        else { return .notHooksRoute }
        let root = segments[..<server].map { $0 + "/" }.joined()
        // `server/api/chat.post.ts` → `/api/chat`; `server/routes/og/index.get.ts` → `/og`.
        let route = Self.fileRoute(segments[(segments[server + 1] == "routes" ? server + 2 : server + 1)...])
        let middleware = project.files(inDirectory: root + "server/middleware").filter { file in
            [".ts", ".js", ".mjs"].contains(where: file.hasSuffix)
        }
        for candidate in middleware.sorted() {
            if let coverage = hookCoverage(candidate), coverage.guards(route) { return .guarded(candidate) }
        }
        return nuxtModuleRateLimit(root: root, route: route).map { .guarded($0) } ?? .open
    }

    /// The route a file under a routes directory serves, from the segments below that directory: the file's name
    /// without its extensions or method (`chat.post.ts` → `chat`), `index` dropped.
    static func fileRoute(_ segments: ArraySlice<String>) -> String {
        var parts = Array(segments)
        if let last = parts.popLast() {
            let stem = last.split(separator: ".").first.map(String.init) ?? last
            if stem != "index" { parts.append(stem) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Nuxt modules that limit the rate of routes by themselves: nuxt-security, every route unless its
    /// `rateLimiter` is turned off; nuxt-api-shield, the routes under `/api`.
    private func nuxtModuleRateLimit(root: String, route: String) -> String? {
        for name in ["nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs"] {
            let config = root + name
            guard let bytes = project.contents(of: config) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            if text.contains("nuxt-security"), !text.filter({ !$0.isWhitespace }).contains("rateLimiter:false") {
                return "\(config) (nuxt-security rateLimiter)"
            }
            if text.contains("nuxt-api-shield"), route.hasPrefix("/api/") { return "\(config) (nuxt-api-shield rate limit)" }
            return nil
        }
        return nil
    }

    /// What a hook file guards, read once; nil when it turns no caller away.
    private func hookCoverage(_ path: String) -> HookCoverage? {
        project.configuration("server-hook-coverage:" + path) { () -> HookCoverage? in
            guard project.exists(path), let facts = facts(of: path), let lexed = lexedFile(path) else { return nil }
            let guardCalls = facts.calls.filter { reach(of: $0, in: facts).isGuard }.map(\.token)
            return HookCoverage(lexed, guardTokens: facts.guardTokens + guardCalls)
        }
    }
}

/// The paths a server hook turns callers away from.
struct HookCoverage: Sendable {
    /// A path the hook checks: a prefix (`startsWith('/api')`, an entry of a list of routes) or the path itself
    /// (`pathname === '/admin'`).
    struct PathTest: Sendable {
        var path: String
        var exact: Bool

        func matches(_ route: String) -> Bool {
            exact ? route == path || route == path + "/" : route.hasPrefix(path) || route + "/" == path
        }
    }

    /// When not empty, only the paths these cover are guarded.
    var only: [PathTest] = []
    /// Paths left open (`!pathname.startsWith('/login')`, a list of public routes, an early `return resolve(event)`).
    var except: [PathTest] = []

    /// Nil when no function of the hook both checks the caller and turns it away.
    init?(_ lexed: LexedSource, guardTokens: [Int]) {
        // The outermost block of each token: a hook's check and its refusal are in the same function (`handle`,
        // `defineEventHandler(…)`'s argument list).
        func outermost(_ index: Int) -> Int {
            var block = lexed.tokens[index].block
            while block >= 0, lexed.blocks[block].parent >= 0 { block = lexed.blocks[block].parent }
            return block
        }
        let refusals = lexed.tokens.indices.filter { Self.refuses(lexed, at: $0) }
        // Besides guard words, what a hook reads the caller's credentials by: `event.cookies.get("session_id")`,
        // `getCookie(event, "auth-token")`, `request.headers.get("x-api-key")`.
        let checks = guardTokens + lexed.tokens.indices.filter { Self.namesCredential(lexed, at: $0) }
        var guarded = Set<Int>()
        for refusal in refusals {
            let block = outermost(refusal)
            if block >= 0, checks.contains(where: { $0 <= refusal && outermost($0) == block }) { guarded.insert(block) }
        }
        guard !guarded.isEmpty else { return nil }
        let refusalSet = Set(refusals)
        for block in guarded.sorted() {
            let span = lexed.blocks[block].openToken...max(lexed.blocks[block].openToken, lexed.blocks[block].endToken)
            for index in span {
                let token = lexed.tokens[index]
                if token.kind == .string {
                    guard token.end > token.start, lexed.bytes[token.start] == Byte.slash else { continue }
                    let path = lexed.text(index)
                    if lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "startsWith") {
                        add(PathTest(path: path, exact: false), protects: Self.protects(lexed, at: index - 2, refusals: refusalSet))
                    } else if lexed.token(index - 1, isPunctuation: Byte.equals), lexed.token(index - 2, isPunctuation: Byte.equals) {
                        // `=== '/admin'`, `!== '/login'`, `== …`.
                        let negated = lexed.token(index - 3, isPunctuation: UInt8(ascii: "!"))
                            || lexed.token(index - 4, isPunctuation: UInt8(ascii: "!"))
                        add(PathTest(path: path, exact: true),
                            protects: Self.protects(lexed, at: index, refusals: refusalSet) != negated)
                    }
                } else if token.kind == .identifier, lexed.token(index + 1, isPunctuation: Byte.dot) || lexed.token(index + 1, is: "?."),
                          lexed.token(index + 2, is: "some") || lexed.token(index + 2, is: "includes") || lexed.token(index + 2, is: "find"),
                          let list = Self.routeList(named: index, in: lexed)
                {
                    // `publicRoutes.some((route) => pathname.startsWith(route))`: the list's entries.
                    let protects = Self.protects(lexed, at: index, refusals: refusalSet)
                    for path in list { add(PathTest(path: path, exact: false), protects: protects) }
                }
            }
        }
    }

    private mutating func add(_ test: PathTest, protects: Bool) {
        if protects { only.append(test) } else { except.append(test) }
    }

    func guards(_ route: String) -> Bool {
        if !only.isEmpty, !only.contains(where: { $0.matches(route) }) { return false }
        return !except.contains { $0.matches(route) }
    }

    /// Whether token `index` turns the caller away: a 401, 403 or 429 status, a redirect (SvelteKit's `redirect(303,
    /// '/login')`, h3's `sendRedirect(event, '/login')`), or a check that throws for itself
    /// (`requireUserSession(event)`).
    static func refuses(_ lexed: LexedSource, at index: Int) -> Bool {
        let token = lexed.tokens[index]
        if token.kind == .number {
            let digits = lexed.bytes[token.start..<token.end]
            return digits.elementsEqual("401".utf8) || digits.elementsEqual("403".utf8) || digits.elementsEqual("429".utf8)
        }
        guard token.kind == .identifier, lexed.token(index + 1, isPunctuation: Byte.openParen) else { return false }
        if lexed.token(index, is: "redirect") || lexed.token(index, is: "sendRedirect") { return true }
        let word = lexed.text(index)
        return word.hasPrefix("require") && word.count > 7
    }

    /// Whether token `index` is a string naming a credential: a session or auth cookie, a token, an API key header.
    static func namesCredential(_ lexed: LexedSource, at index: Int) -> Bool {
        let token = lexed.tokens[index]
        // A path (`"/auth/login"`) names a route, not a credential.
        guard token.kind == .string, token.end > token.start, token.end - token.start < 40, lexed.bytes[token.start] != Byte.slash
        else { return false }
        let text = lexed.text(index).lowercased()
        return ["session", "token", "auth", "jwt", "api-key", "apikey", "api_key"].contains { text.contains($0) }
    }

    /// Whether the condition holding token `index` guards what it matches rather than leaves it open: negated
    /// (`!pathname.startsWith('/login')`) or leading to an early way out that turns nobody away (`if
    /// (pathname.startsWith('/public')) return resolve(event)`) it leaves those paths open; both, it guards them.
    static func protects(_ lexed: LexedSource, at index: Int, refusals: Set<Int>) -> Bool {
        // The start of the expression: back over `a.b?.c(…).`.
        var start = index
        while start >= 2 {
            if lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "?.") {
                if lexed.tokens[start - 2].kind == .identifier {
                    start -= 2
                    continue
                }
                if lexed.token(start - 2, isPunctuation: Byte.closeParen), lexed.partner[start - 2] >= 1,
                   lexed.tokens[lexed.partner[start - 2] - 1].kind == .identifier
                {
                    start = lexed.partner[start - 2] - 1
                    continue
                }
            }
            break
        }
        let negated = lexed.token(start - 1, isPunctuation: UInt8(ascii: "!"))
        // The `if (…)` whose condition holds the expression, and what it does.
        var leavesOpen = false
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            if lexed.token(open, isPunctuation: Byte.openParen), lexed.token(open - 1, is: "if") {
                let close = lexed.partner[open]
                guard close > open else { break }
                var end = close + 1
                if lexed.token(end, isPunctuation: Byte.openBrace), lexed.partner[end] > end {
                    end = lexed.partner[end]
                } else {
                    let line = lexed.tokens[min(close + 1, lexed.tokens.count - 1)].line
                    while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == line,
                          !lexed.token(end, isPunctuation: Byte.semicolon)
                    {
                        end += 1
                    }
                }
                let body = (close + 1)...max(close + 1, min(end, lexed.tokens.count - 1))
                leavesOpen = body.contains { lexed.token($0, is: "return") } && !body.contains { refusals.contains($0) }
                break
            }
            // Only through the condition's own brackets, not out of the function.
            guard lexed.blocks[block].kind != .function else { break }
            block = lexed.blocks[block].parent
        }
        return negated == leavesOpen
    }

    /// The paths of `const publicRoutes = ['/login', '/api/public']` for a reference to `publicRoutes`.
    static func routeList(named reference: Int, in lexed: LexedSource) -> [String]? {
        let name = lexed.bytes[lexed.tokens[reference].start..<lexed.tokens[reference].end]
        for index in lexed.tokens.indices where index != reference && lexed.tokens[index].kind == .identifier {
            let token = lexed.tokens[index]
            guard lexed.bytes[token.start..<token.end].elementsEqual(name) else { continue }
            // `= [`, after a type (`: string[]`) when it has one.
            var cursor = index + 1
            while cursor < lexed.tokens.count, cursor < index + 8, !lexed.token(cursor, isPunctuation: Byte.equals) { cursor += 1 }
            guard lexed.token(cursor, isPunctuation: Byte.equals), lexed.token(cursor + 1, isPunctuation: Byte.openBracket),
                  lexed.partner[cursor + 1] > cursor + 1
            else { continue }
            let paths = ((cursor + 2)..<lexed.partner[cursor + 1]).filter { entry in
                lexed.tokens[entry].kind == .string && lexed.tokens[entry].end > lexed.tokens[entry].start
                    && lexed.bytes[lexed.tokens[entry].start] == Byte.slash
            }.map { lexed.text($0) }
            return paths.isEmpty ? nil : paths
        }
        return nil
    }
}
