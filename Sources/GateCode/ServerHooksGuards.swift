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
                // `export const handle = sequence(authHandle, …)` with the handles written in other files.
                if let composed = composedHandleGuard(candidate, route: route, id: id) { return .guarded(composed) }
            }
            return .open
        }
        // Endpoints (`src/pages/api/chat.ts`) and pages rendered on the server (`src/pages/ask.astro`).
        if let pages = segments.firstIndex(of: "pages"), pages > 0, segments[pages - 1] == "src",
           file.hasSuffix(".ts") || file.hasSuffix(".js") || file.hasSuffix(".astro")
        {
            let root = segments[..<(pages - 1)].map { $0 + "/" }.joined()
            if Self.astroConfigNames.contains(where: { project.exists(root + $0) }) {
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

    /// Whether the Astro app whose configuration sits at `root` (`""`, `app/`) renders its pages on the server by
    /// default: its configuration sets `output: "server"`. Astro's default ("static") and Astro 4's "hybrid"
    /// prerender every page that does not export `prerender = false`. Read once per app.
    public func astroRendersPagesOnServer(root: String) -> Bool {
        project.configuration("astro-server-output:" + root) { () -> Bool in
            for name in Self.astroConfigNames {
                guard let bytes = project.contents(of: root + name) else { continue }
                let lexed = Lexer.lex(bytes, language: .typescript)
                return lexed.tokens.indices.contains { index in
                    lexed.token(index, is: "output") && lexed.token(index + 1, isPunctuation: Byte.colon)
                        && index + 2 < lexed.tokens.count && lexed.tokens[index + 2].kind == .string && lexed.text(index + 2) == "server"
                }
            }
            return false
        }
    }

    /// Astro's configuration files, in each module format it loads (an app whose `src/middleware.ts` is Astro's, not
    /// Next.js's with its `matcher`).
    static let astroConfigNames = [
        "astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts", "astro.config.cjs", "astro.config.cts",
    ]

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

    // MARK: SvelteKit handles composed from other files, and layout loads

    /// The handle that guards `route` when SvelteKit's `handle` is composed of handles declared elsewhere:
    /// `export const handle = sequence(authentication, authorization)` with `authorization` imported from
    /// `$lib/server/hooks`, `export const handle = authGuard`, `export { handle } from "./lib/hooks"`. Each handle is
    /// judged in its own file as a handle written in `hooks.server.ts` is; one that only puts the session on
    /// `locals` (`@auth/sveltekit`'s `export const { handle } = SvelteKitAuth(…)`) guards nothing by itself.
    func composedHandleGuard(_ hooksPath: String, route: String, id: String) -> String? {
        guard project.exists(hooksPath) else { return nil }
        for (path, coverage) in handleCoverages(named: "handle", in: hooksPath, depth: 0) where path != hooksPath {
            if coverage.guards(route) || coverage.guards(id) { return "\(hooksPath) (handle in \(path))" }
        }
        return nil
    }

    /// What each function composed into the handle `name` of `path` guards, with the file it is written in:
    /// `sequence(…)`'s arguments and names handed on are followed (through imports and re-exports) a few steps.
    private func handleCoverages(named name: String, in path: String, depth: Int) -> [(String, HookCoverage)] {
        guard depth < 8 else { return [] }
        return project.configuration("sveltekit-handle-coverage:\(path)#\(name)") { () -> [(String, HookCoverage)] in
            guard let lexed = lexedFile(path), let facts = facts(of: path) else { return [] }
            let declaration = SvelteKitHandleDeclaration(lexed, name: name)
            var result: [(String, HookCoverage)] = []
            switch declaration {
            case .declared(let statement, let composed):
                let guardCalls = facts.calls.filter { statement.contains($0.token) && reach(of: $0, in: facts).isGuard }.map(\.token)
                if let coverage = HookCoverage(lexed, guardTokens: facts.guardTokens + guardCalls, within: statement) {
                    result.append((path, coverage))
                }
                for part in composed where part != name { result += handleCoverages(named: part, in: path, depth: depth + 1) }
            case .reexported(let module, let member):
                for file in moduleFiles(module, importedBy: path, language: facts.language) {
                    result += handleCoverages(named: member, in: file, depth: depth + 1)
                }
            case nil:
                guard let binding = facts.imports.first(where: { $0.local == name }), let member = binding.member,
                      member != "default"
                else { break }
                for file in modules(binding.module, of: facts) {
                    result += handleCoverages(named: member, in: file, depth: depth + 1)
                }
            }
            return result
        }
    }

    /// The `+layout.server.ts` (or `.js`) whose `load` turns signed-out callers away from a SvelteKit server `load`
    /// in `path`: the layouts of its own directory (for a page's `load`) and of each directory above it, up to
    /// `src/routes`. SvelteKit runs every layout `load` above a page for each request of the page, but at the same
    /// time as the page's own: a layout's redirect stops a page `load` only when it waits for it (`awaitsParent`,
    /// `await parent()`), else the page's paid call is made all the same. It runs none for form actions or
    /// `+server.ts`, which this is not asked for. A page SvelteKit prerenders (`export const prerender = true` in
    /// the nearest page or layout module that sets it) runs its `load` when the site is built, for no request: that
    /// module is returned too.
    public func svelteKitLayoutGuard(forLoadIn path: String, awaitsParent: Bool) -> String? {
        let segments = path.split(separator: "/").map(String.init)
        guard let file = segments.last, let routes = segments.firstIndex(of: "routes"), routes > 0, segments[routes - 1] == "src"
        else { return nil }
        let directories = Array(segments[(routes + 1)..<(segments.count - 1)])
        let id = "/" + directories.joined(separator: "/")
        let route = "/" + directories.filter { !($0.hasPrefix("(") && $0.hasSuffix(")")) }.joined(separator: "/")
        let isLayout = file.hasPrefix("+layout.")
        var prerenderSettled = svelteKitPrerenders(path).map { _ in true } ?? false
        for depth in stride(from: segments.count - 1, through: routes + 1, by: -1) {
            let directory = segments[..<depth].joined(separator: "/")
            let own = depth == segments.count - 1
            if !prerenderSettled {
                let modules = (own && !isLayout ? ["+page.ts", "+page.js"] : []) + ["+layout.server.ts", "+layout.server.js", "+layout.ts", "+layout.js"]
                for name in modules {
                    let candidate = directory + "/" + name
                    guard candidate != path, let prerenders = svelteKitPrerenders(candidate) else { continue }
                    if prerenders { return "\(candidate) (prerendered when the site is built)" }
                    prerenderSettled = true
                    break
                }
            }
            // A layout's own load is guarded only by the layouts above it, and only when it waits for them.
            if (own && isLayout) || !awaitsParent { continue }
            for name in ["+layout.server.ts", "+layout.server.js"] {
                let candidate = directory + "/" + name
                guard candidate != path, project.exists(candidate) else { continue }
                let coverages = handleCoverages(named: "load", in: candidate, depth: 0)
                if coverages.contains(where: { $0.1.guards(route) || $0.1.guards(id) }) { return candidate }
            }
        }
        return nil
    }

    /// What a SvelteKit page or layout module exports as `prerender`: true, false (or `"auto"`, which still serves
    /// unlisted pages per request), or nil when it sets none (or does not exist).
    private func svelteKitPrerenders(_ path: String) -> Bool? {
        project.configuration("sveltekit-prerender:" + path) { () -> Bool? in
            guard project.exists(path), let lexed = lexedFile(path),
                  case .declared(let statement, _)? = SvelteKitHandleDeclaration(lexed, name: "prerender"),
                  lexed.token(statement.lowerBound, is: "export")
            else { return nil }
            return statement.contains { lexed.token($0, is: "true") }
        }
    }
}

/// How a SvelteKit hooks file (or a module it imports) declares a handle at top level.
public enum SvelteKitHandleDeclaration {
    /// Declared in the file: its statement, and the names it is composed of (`sequence(a, b)`'s arguments, the
    /// name it is assigned, `= authGuard`, or the factory that makes it, `= createAuthGuard(…)`).
    case declared(ClosedRange<Int>, composedOf: [String])
    /// `export { handle } from "./lib/hooks"`, `export { authHandle as handle } from …`.
    case reexported(module: String, member: String)

    public init?(_ lexed: LexedSource, name: String) {
        let tokens = lexed.tokens
        let wanted = Array(name.utf8)
        for index in tokens.indices where tokens[index].kind == .identifier
            && lexed.bytes[tokens[index].start..<tokens[index].end].elementsEqual(wanted)
        {
            // `export { a as handle } from "…"`, `export { handle } from "…"`, `export { authGuard as handle }`.
            let block = tokens[index].block
            if block >= 0 {
                let open = lexed.blocks[block].openToken
                let close = lexed.partner[open]
                guard lexed.blocks[block].parent == -1, lexed.blocks[block].kind == .other,
                      lexed.token(open, isPunctuation: Byte.openBrace), close > open
                else { continue }
                if lexed.token(open - 1, is: "export") {
                    let member = lexed.token(index - 1, is: "as") ? lexed.text(index - 2) : name
                    if lexed.token(close + 1, is: "from"), close + 2 < tokens.count, tokens[close + 2].kind == .string {
                        self = .reexported(module: lexed.text(close + 2), member: member)
                        return
                    }
                    if member != name {
                        self = .declared(index...index, composedOf: [member])
                        return
                    }
                    continue
                }
                // `export const { handle } = SvelteKitAuth(…)`: the call it is destructured from.
                guard lexed.token(close + 1, isPunctuation: Byte.equals),
                      lexed.token(open - 1, is: "const") || lexed.token(open - 1, is: "let") || lexed.token(open - 1, is: "var")
                else { continue }
                self = .declared((open - 1)...Self.statementEnd(lexed, from: close + 1), composedOf: [])
                return
            }
            let keyword = index - 1
            guard lexed.token(keyword, is: "const") || lexed.token(keyword, is: "let") || lexed.token(keyword, is: "var")
                || lexed.token(keyword, is: "function")
            else { continue }
            var start = keyword
            if lexed.token(start - 1, is: "async") { start -= 1 }
            if lexed.token(start - 1, is: "export") { start -= 1 }
            let end = Self.statementEnd(lexed, from: index)
            var composed: [String] = []
            if !lexed.token(keyword, is: "function"),
               let equals = (index + 1...end).first(where: { lexed.token($0, isPunctuation: Byte.equals) && tokens[$0].block == -1 })
            {
                let value = equals + 1
                if value <= end, tokens[value].kind == .identifier, lexed.token(value + 1, isPunctuation: Byte.openParen),
                   lexed.token(value, is: "sequence"), lexed.partner[value + 1] > value + 1
                {
                    // `sequence(a, b, …)`: the arguments passed by name, or made by a factory (`protect("/app")`).
                    let close = lexed.partner[value + 1]
                    let arguments = lexed.blocks.firstIndex { $0.openToken == value + 1 }
                    composed = Self.listedNames(lexed, in: (value + 2)..<close, block: arguments)
                } else if value <= end, lexed.token(value, isPunctuation: Byte.openBracket), lexed.partner[value] > value {
                    // `const handles = [authentication, authorization]`, spread into `sequence(...handles)`.
                    composed = Self.listedNames(lexed, in: (value + 1)..<lexed.partner[value], block: lexed.blocks.firstIndex { $0.openToken == value })
                } else if value <= end, tokens[value].kind == .identifier,
                          value == end || lexed.token(value + 1, isPunctuation: Byte.semicolon) || lexed.token(value + 1, isPunctuation: Byte.openParen)
                {
                    // `= authGuard`, or a factory's handle (`= createAuthGuard({ protect: ["/app"] })`), judged by
                    // the function it is made in.
                    composed.append(lexed.text(value))
                }
            }
            self = .declared(start...end, composedOf: composed)
            return
        }
        return nil
    }

    /// The handles a list names, an argument list's or an array's (`block`, the brackets' own): each passed by name
    /// (`authGuard`), spread (`...handles`) or made by a factory (`protect("/app")`).
    static func listedNames(_ lexed: LexedSource, in range: Range<Int>, block: Int?) -> [String] {
        range.filter { element in
            guard lexed.tokens[element].kind == .identifier, lexed.tokens[element].block == block,
                  lexed.token(element + 1, isPunctuation: Byte.comma) || lexed.token(element + 1, isPunctuation: Byte.closeParen)
                    || lexed.token(element + 1, isPunctuation: Byte.closeBracket) || lexed.token(element + 1, isPunctuation: Byte.openParen)
            else { return false }
            var before = element - 1
            // `...handles`: the lexer gives each dot its own token.
            if lexed.token(before, isPunctuation: Byte.dot), lexed.token(before - 1, isPunctuation: Byte.dot),
               lexed.token(before - 2, isPunctuation: Byte.dot)
            {
                before -= 3
            }
            return before == range.lowerBound - 1 || lexed.token(before, isPunctuation: Byte.comma)
        }.map { lexed.text($0) }
    }

    /// The last token of the top-level statement going on from token `start`: its `;`, or the token before the
    /// next line that starts a statement of its own.
    public static func statementEnd(_ lexed: LexedSource, from start: Int) -> Int {
        var cursor = start
        var end = start
        while cursor < lexed.tokens.count {
            let token = lexed.tokens[cursor]
            if cursor > start, token.firstOnLine, token.kind != .punctuation, !lexed.token(cursor, is: "=>") { break }
            if lexed.token(cursor, isPunctuation: Byte.semicolon) { return cursor }
            if token.kind == .punctuation, lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] }
            end = cursor
            cursor += 1
        }
        return end
    }
}

/// The paths a server hook turns callers away from.
public struct HookCoverage: Sendable {
    /// A path the hook checks: a prefix (`startsWith('/api')`, an entry of a list of routes) or the path itself
    /// (`pathname === '/admin'`).
    public struct PathTest: Sendable {
        public var path: String
        public var exact: Bool
        /// Where the test is written (`passedThrough`'s only).
        public var line = 0

        init(path: String, exact: Bool) {
            self.path = path
            self.exact = exact
        }

        public func matches(_ route: String) -> Bool {
            exact ? route == path || route == path + "/" : route.hasPrefix(path) || route + "/" == path
        }
    }

    /// When not empty, only the paths these cover are guarded.
    var only: [PathTest] = []
    /// Paths left open (`!pathname.startsWith('/login')`, a list of public routes, an early `return resolve(event)`).
    var except: [PathTest] = []

    /// Nil when no function of the hook both checks the caller and turns it away. `within`: only the functions
    /// in these tokens (one handle of a file that declares several, a layout's `load`).
    init?(_ lexed: LexedSource, guardTokens: [Int], within: ClosedRange<Int>? = nil) {
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
            if let within, block >= 0, !within.contains(lexed.blocks[block].openToken) { continue }
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
        if lexed.token(index, is: "redirect") || lexed.token(index, is: "sendRedirect") {
            // Auth.js's `async redirect({ url, baseUrl }) { … }` callback is declared, not called.
            let close = lexed.partner[index + 1]
            return !(close > index && (lexed.token(close + 1, isPunctuation: Byte.openBrace) || lexed.token(index - 1, is: "async")))
        }
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
        let condition = Self.condition(lexed, at: index, refusals: refusals)
        return condition.negated == condition.leavesOpen
    }

    /// The paths a guard lets through before it checks anybody: an `if` on the request's path whose body returns
    /// without turning the caller away (`if (req.nextUrl.pathname.startsWith("/api/summarize")) return
    /// NextResponse.next();`, `if (req.path === "/health") return next();`). A guard reader that judges the guard as
    /// a whole (a Next.js middleware's matcher and auth library) leaves these open too; one that returns a 401 for
    /// them, or is negated (`if (!pathname.startsWith("/api")) return NextResponse.next()`), lets nothing through.
    public static func passedThrough(_ lexed: LexedSource, within span: ClosedRange<Int>? = nil) -> [PathTest] {
        var refusals: Set<Int>?
        var tests: [PathTest] = []
        for index in span ?? 0...max(0, lexed.tokens.count - 1) where index < lexed.tokens.count && lexed.tokens[index].kind == .string {
            let token = lexed.tokens[index]
            guard token.end > token.start, lexed.bytes[token.start] == Byte.slash else { continue }
            var test: PathTest
            let at: Int
            if lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "startsWith") {
                (test, at) = (PathTest(path: lexed.text(index), exact: false), index - 2)
            } else if lexed.token(index - 1, isPunctuation: Byte.equals), lexed.token(index - 2, isPunctuation: Byte.equals),
                      !lexed.token(index - 3, isPunctuation: UInt8(ascii: "!")), !lexed.token(index - 4, isPunctuation: UInt8(ascii: "!"))
            {
                (test, at) = (PathTest(path: lexed.text(index), exact: true), index)
            } else {
                continue
            }
            if refusals == nil { refusals = Set(lexed.tokens.indices.filter { Self.refuses(lexed, at: $0) }) }
            let condition = Self.condition(lexed, at: at, refusals: refusals!)
            if condition.leavesOpen, !condition.negated, let body = condition.body, Self.passesOn(body, in: lexed) {
                test.line = token.line
                tests.append(test)
            }
        }
        return tests
    }

    /// The paths a guard function (an Express `requireAuth` registered by `app.use`) hands on before it checks
    /// anybody: `passedThrough` within the function block `function`.
    public static func passedThrough(_ lexed: LexedSource, inFunction function: Int) -> [PathTest] {
        let block = lexed.blocks[function]
        guard block.openToken < block.endToken else { return [] }
        return passedThrough(lexed, within: block.openToken...block.endToken)
    }

    /// Whether the body of an `if` returns by handing the request on (`return NextResponse.next()`, `return next()`,
    /// `return resolve(event)`, a bare `return`), not by answering it some other way (`return handleApi(req)`, which
    /// may check the caller itself).
    private static func passesOn(_ body: ClosedRange<Int>, in lexed: LexedSource) -> Bool {
        body.contains { index in
            guard lexed.token(index, is: "return") else { return false }
            let next = index + 1
            if next >= lexed.tokens.count || lexed.token(next, isPunctuation: Byte.semicolon) || lexed.token(next, isPunctuation: Byte.closeBrace)
                || lexed.tokens[next].line != lexed.tokens[index].line
            {
                return true
            }
            let callee = lexed.token(next, is: "await") ? next + 1 : next
            if lexed.token(callee, is: "NextResponse"), lexed.token(callee + 1, isPunctuation: Byte.dot) {
                return lexed.token(callee + 2, is: "next") || lexed.token(callee + 2, is: "rewrite")
            }
            return (lexed.token(callee, is: "next") || lexed.token(callee, is: "resolve"))
                && lexed.token(callee + 1, isPunctuation: Byte.openParen)
        }
    }

    /// Whether the expression holding token `index` is negated, whether the `if` whose condition holds it leads to an
    /// early way out that turns nobody away, and that `if`'s body.
    private static func condition(
        _ lexed: LexedSource, at index: Int, refusals: Set<Int>
    ) -> (negated: Bool, leavesOpen: Bool, body: ClosedRange<Int>?) {
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
        var ifBody: ClosedRange<Int>?
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
                ifBody = body
                break
            }
            // Only through the condition's own brackets, not out of the function.
            guard lexed.blocks[block].kind != .function else { break }
            block = lexed.blocks[block].parent
        }
        return (negated, leavesOpen, ifBody)
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
