import GateCore

/// Call arguments as the route finders and the index read them (`Litestar(route_handlers=[…], guards=[…])`,
/// `app.use("/api", router)`, `register_rest_route('app/v1', '/chat', array(…))`), in every language.
extension LexedSource {
    /// The items of a bracketed list or call's argument list (`[a, b.c, D(x)]`, `(…)`, brackets included), split at
    /// its top-level commas; any other range is one item.
    public func callArgumentItems(_ range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        let open = range.lowerBound
        let bracketed = tokens[open].kind == .punctuation && partner[open] == range.upperBound
        guard bracketed else { return [range] }
        var items: [ClosedRange<Int>] = []
        forEachTopLevelItem(between: open, and: range.upperBound) { items.append($0.lowerBound...($0.upperBound - 1)) }
        return items
    }

    /// The items strictly between tokens `open` and `close` (a call's parentheses, a list's brackets), split at their
    /// top-level commas, as `callArgumentItems` with the brackets left out.
    public func topLevelItems(between open: Int, and close: Int) -> [Range<Int>] {
        var items: [Range<Int>] = []
        forEachTopLevelItem(between: open, and: close) { items.append($0) }
        return items
    }

    /// Each item strictly between tokens `open` and `close`, split at the commas outside any nested bracket (whose
    /// pair is passed over whole); an empty item (`(a,)`, `(,)`) is none.
    private func forEachTopLevelItem(between open: Int, and close: Int, _ visit: (Range<Int>) -> Void) {
        var start = open + 1
        var cursor = open + 1
        while cursor < close {
            if token(cursor, isPunctuation: Byte.comma) {
                if cursor > start { visit(start..<cursor) }
                start = cursor + 1
            } else if partner[cursor] > cursor {
                // Only brackets have partners, and a closing one's is before it.
                cursor = partner[cursor]
            }
            cursor += 1
        }
        if close > start { visit(start..<close) }
    }

    /// The value of keyword argument `name` (`guards=[…]`) among a call's top-level arguments (`(…)`, parentheses
    /// included).
    public func callKeywordValue(_ name: String, in arguments: ClosedRange<Int>) -> ClosedRange<Int>? {
        for item in callArgumentItems(arguments) where item.count >= 3 {
            if tokens[item.lowerBound].kind == .identifier, token(item.lowerBound + 1, isPunctuation: Byte.equals),
               text(item.lowerBound) == name
            {
                return (item.lowerBound + 2)...item.upperBound
            }
        }
        return nil
    }

    /// Whether a call's arguments (`(AuthenticationMiddleware, backend=TokenBackend())` of `Middleware(…)` or
    /// `app.add_middleware(…)`) register Starlette's AuthenticationMiddleware. It only sets `request.user` (an
    /// `UnauthenticatedUser` when the backend finds no credentials) and lets every request through: it guards nothing
    /// by itself; `@requires(…)` or a check of `request.user.is_authenticated` does.
    public func registersStarletteAuthenticationMiddleware(_ arguments: ClosedRange<Int>) -> Bool {
        guard language.family == .python, token(arguments.lowerBound, isPunctuation: Byte.openParen) else { return false }
        var first = arguments.lowerBound + 1
        while token(first + 1, isPunctuation: Byte.dot) { first += 2 }
        return token(first, is: "AuthenticationMiddleware") && ByteSearch.containsFolded(bytes, Self.starletteWord)
    }

    /// Whether token `index` lies in the arguments of a registration of Starlette's AuthenticationMiddleware
    /// (`backend=JWTAuthBackend()` of `Middleware(AuthenticationMiddleware, backend=…)`), which guards nothing.
    public func isInStarletteAuthenticationMiddleware(_ index: Int) -> Bool {
        guard language.family == .python, ByteSearch.containsFolded(bytes, Self.starletteWord) else { return false }
        var block = tokens[index].block
        while block >= 0 {
            let open = blocks[block].openToken
            if token(open, isPunctuation: Byte.openParen), partner[open] > open, registersStarletteAuthenticationMiddleware(open...partner[open]) {
                return true
            }
            block = blocks[block].parent
        }
        return false
    }

    private static let starletteWord = Array("starlette".utf8)

    /// Whether token `index` lies in an object literal inside `range` (JavaScript): a guard word there is an option's
    /// name or a value read for later, not middleware that refuses the caller. `auth` of Apollo's
    /// `expressMiddleware(server, { context: async ({ req }) => ({ auth: req.headers.authorization }) })` registered
    /// in `app.use("/graphql", …)` checks nothing; `passport.authenticate("jwt", { session: false })` and an inline
    /// `(req, res, next) => { if (!req.user) … }` (a function's body, not an object) are outside any.
    public func isInObjectLiteral(_ index: Int, within range: ClosedRange<Int>) -> Bool {
        guard language.isJavaScriptLike else { return false }
        var cursor = index - 1
        while cursor > range.lowerBound {
            if partner[cursor] >= 0, partner[cursor] < cursor {
                cursor = partner[cursor] - 1
                continue
            }
            if partner[cursor] > index, token(cursor, isPunctuation: Byte.openBrace),
               [Byte.openParen, Byte.comma, Byte.colon, Byte.equals, Byte.openBracket].contains(where: { token(cursor - 1, isPunctuation: $0) })
            {
                return true
            }
            cursor -= 1
        }
        return false
    }
}

extension CodeIndex {
    /// A Litestar or Starlette app that guards every route of a handler file: in an entry file near it that imports
    /// it, `Litestar(route_handlers=[ChatController], on_app_init=[jwt_auth.on_app_init])` (or `guards=[…]`, auth or
    /// rate-limit `middleware=[…]`), a `Router(…)` with guards that lists a name of the file, or
    /// `Starlette(routes=…, middleware=[Middleware(RequireLogin)])` — not Starlette's AuthenticationMiddleware; else
    /// such an app anywhere in the directory above the app's own (`store/entrypoints/app.py` for `store/…`), which
    /// registers routes through packages and routers the file's imports do not show. Only those arguments are read:
    /// the route list names controllers (`AuthController`), not guards.
    public func pythonAppGuard(forFile path: String, bytes known: [UInt8]? = nil) -> String? {
        guard path.hasSuffix(".py"), let bytes = known ?? project.contents(of: path) else { return nil }
        let litestar = ByteSearch.containsFolded(bytes, Self.litestarWord)
        guard litestar || ByteSearch.containsFolded(bytes, Self.starletteWord) else { return nil }
        let directory = RepoPath.directory(of: path)
        let parent = RepoPath.directory(of: directory)
        let bases: Set<String> = [directory, parent, RepoPath.directory(of: parent), "", "src", "app", "server"]
        let candidates = pythonAppEntryFiles().filter { bases.contains($0.directory) && $0.path != path }.map(\.path).sorted()
        for candidate in candidates {
            let own = names(importing: path, in: candidate)
            guard !own.isEmpty, let guarding = pythonAppGuard(in: candidate, routersListing: own) else { continue }
            return guarding
        }
        // The apps the file's handlers are registered on, when the tree shows them: an app made in the file itself
        // (`app = Litestar(route_handlers=[inbound])`, whose own guards the route finder reads), or apps of other
        // files importing it (`Starlette(routes=[Route("/teaser", teaser.teaser)])`). Another app of the directory,
        // guarded or not, serves other handlers.
        let apps = pythonApps().filter { $0.litestar == litestar }
        if apps.contains(where: { $0.path == path }) { return nil }
        let registering = apps.compactMap { app -> (path: String, own: Set<String>)? in
            guard app.path != path, !candidates.contains(app.path) else { return nil }
            let own = names(importing: path, in: app.path)
            return own.isEmpty ? nil : (app.path, own)
        }
        if !registering.isEmpty {
            return registering.lazy.compactMap { self.pythonAppGuard(in: $0.path, routersListing: $0.own) }.first
        }
        return apps.first { app in
            app.location != nil && app.path != path && (app.scope.isEmpty || path.hasPrefix(app.scope + "/"))
        }?.location
    }

    /// The names `importer` binds to module `path` or to what it imports from it (`views` of `from app import
    /// views`, `ChatController` of `from app.chat import ChatController`).
    private func names(importing path: String, in importer: String) -> Set<String> {
        guard let facts = facts(of: importer) else { return [] }
        return Set(facts.imports.filter { binding in
            if modules(binding.module, of: facts).contains(path) { return true }
            guard let member = binding.member, let module = facts.language.resolver.submodule(binding.module, member: member)
            else { return false }
            return modules(module, of: facts).contains(path)
        }.map(\.local))
    }

    /// The first guard of an app (or, with `routersListing`, a router listing one of those names) made in `file`.
    private func pythonAppGuard(in file: String, routersListing own: Set<String>?) -> String? {
        guard let facts = facts(of: file), let lexed = lexedFile(file) else { return nil }
        let guards = facts.guardTokens
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let app = lexed.token(index, is: "Litestar"), router = own != nil && lexed.token(index, is: "Router")
            let starlette = lexed.token(index, is: "Starlette")
            guard app || router || starlette, lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.partner[index + 1] > index + 1
            else { continue }
            let arguments = (index + 1)...lexed.partner[index + 1]
            var ranges: [ClosedRange<Int>] = []
            if starlette {
                ranges = lexed.callKeywordValue("middleware", in: arguments).map { list in
                    lexed.callArgumentItems(list).filter { item in
                        guard let open = item.first(where: { lexed.token($0, isPunctuation: Byte.openParen) }), lexed.partner[open] > open
                        else { return true }
                        return !lexed.registersStarletteAuthenticationMiddleware(open...lexed.partner[open])
                    }
                } ?? []
            } else {
                // A router guards the routes it lists; the app, every route.
                if router, let own {
                    guard let list = lexed.callKeywordValue("route_handlers", in: arguments),
                          list.contains(where: { lexed.tokens[$0].kind == .identifier && own.contains(lexed.text($0)) })
                    else { continue }
                }
                ranges = ["guards", "middleware", "on_app_init"].compactMap { lexed.callKeywordValue($0, in: arguments) }
                // Guards are Litestar's authorization hooks, whatever they are called (`guards=[requires_user]`,
                // defined in another module): a list holding one guards the routes, as the route finder reads it.
                if let list = lexed.callKeywordValue("guards", in: arguments), lexed.token(list.lowerBound, isPunctuation: Byte.openBracket),
                   !lexed.callArgumentItems(list).isEmpty
                {
                    return "\(file):\(lexed.tokens[list.lowerBound].line) (guards=[…])"
                }
            }
            if let token = guards.first(where: { token in ranges.contains { $0.contains(token) } }) {
                return "\(file):\(facts.guardLines[token] ?? lexed.tokens[token].line)"
            }
        }
        // A Starlette app's middleware class that refuses callers, whatever its name (`ApiKeyMiddleware`).
        if own == nil || ByteSearch.containsFolded(lexed.bytes, Self.starletteApp) { return starletteMiddlewareClassGuard(inFile: file) }
        return nil
    }

    /// The project's files that make a Litestar or Starlette app, each with the directory it serves (the one above
    /// its own) and, when the app guards every route, where; read once.
    private func pythonApps() -> [(path: String, litestar: Bool, scope: String, location: String?)] {
        project.configuration("python-apps") {
            project.paths.compactMap { path in
                guard path.hasSuffix(".py"), !Self.isPythonTestFile(path), let bytes = project.contents(of: path) else { return nil }
                let litestar = ByteSearch.containsFolded(bytes, Self.litestarApp)
                guard litestar || ByteSearch.containsFolded(bytes, Self.starletteApp) else { return nil }
                let location = pythonAppGuard(in: path, routersListing: nil)
                return (path, litestar, RepoPath.directory(of: RepoPath.directory(of: path)), location)
            }
        }
    }

    /// A pytest module or one of a tests directory: an app it makes (`Litestar(route_handlers=[ChatController])` for
    /// a test client) serves no request.
    static func isPythonTestFile(_ path: String) -> Bool {
        let components = path.split(separator: "/")
        guard let name = components.last else { return false }
        return name.hasPrefix("test_") || name.hasSuffix("_test.py") || name == "conftest.py"
            || components.dropLast().contains { $0 == "tests" || $0 == "test" }
    }

    /// The tree's Python files that may make an app (`app.py`, `asgi.py`, …) with their directories, listed once.
    private func pythonAppEntryFiles() -> [(path: String, directory: String)] {
        project.configuration("python-app-entry-files") {
            ["main.py", "app.py", "asgi.py", "server.py", "__init__.py", "api.py", "routes.py", "application.py"]
                .flatMap { project.paths(endingWith: "/" + $0) }.map { ($0, RepoPath.directory(of: $0)) }
        }
    }

    private static let litestarWord = Array("litestar".utf8)
    private static let starletteWord = Array("starlette".utf8)
    private static let litestarApp = Array("litestar(".utf8)
    private static let starletteApp = Array("starlette(".utf8)
}

extension CodeIndex {
    /// A Grape API that mounts a class of `path` after a filter or declaration of its scope that guards
    /// (`before { authenticate! }`, `http_basic`, then `mount V1::Chat`): Grape gives a mounted API the settings its
    /// mount point has, so those filters run for the mounted routes. A filter declared after the mount, or in another
    /// namespace, does not.
    public func grapeMountGuard(forFile path: String) -> String? {
        guard path.hasSuffix(".rb"), let facts = facts(of: path) else { return nil }
        let resolver = facts.language.resolver
        let declared = Set(facts.containers.map { resolver.lastSegment(of: $0.name) })
        guard !declared.isEmpty else { return nil }
        return grapeGuardedMounts().first { $0.path != path && declared.contains($0.mounted) }?.location
    }

    /// Every guarded mount of the project's Grape APIs (files under an `api` directory that mount something), read once.
    private func grapeGuardedMounts() -> [(path: String, mounted: String, location: String)] {
        project.configuration("grape-guarded-mounts") {
            var result: [(path: String, mounted: String, location: String)] = []
            for path in project.paths where path.hasSuffix(".rb") && (path.hasPrefix("api/") || path.contains("/api/")) {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.mountWord),
                      let facts = facts(of: path), !facts.guardTokens.isEmpty, let lexed = lexedFile(path)
                else { continue }
                var opened: [Int: Int] = [:]
                for (index, block) in lexed.blocks.enumerated() { opened[block.openToken] = index }
                // Filters and declarations with their scope and, when they guard, where.
                var guards: [(scope: Int, token: Int)] = []
                for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine {
                    let filter = Self.grapeFilterWords.contains { lexed.token(index, is: $0) }
                    let declaration = lexed.token(index, is: "http_basic") || lexed.token(index, is: "http_digest")
                        || (lexed.token(index, is: "auth") && lexed.token(index + 1, isPunctuation: Byte.colon))
                    guard filter || declaration else { continue }
                    var end = index
                    var cursor = index + 1
                    while cursor < lexed.tokens.count, lexed.tokens[cursor].line == lexed.tokens[index].line {
                        if let block = opened[cursor] { end = max(end, lexed.blocks[block].endToken) }
                        cursor += 1
                    }
                    if declaration || facts.guardTokens.contains(where: { (index...end).contains($0) }) {
                        guards.append((lexed.tokens[index].block, index))
                    }
                }
                guard !guards.isEmpty else { continue }
                for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "mount") {
                    // `mount V1::Chat`, `mount Chat => "/chat"`: the constant's last segment.
                    var name = index + 1
                    guard name < lexed.tokens.count, lexed.tokens[name].kind == .identifier else { continue }
                    while lexed.token(name + 1, is: "::"), name + 2 < lexed.tokens.count, lexed.tokens[name + 2].kind == .identifier { name += 2 }
                    var scopes = Set(lexed.enclosingBlocks(of: index))
                    scopes.insert(-1)
                    guard let guarding = guards.first(where: { scopes.contains($0.scope) && $0.token < index }) else { continue }
                    result.append((path, lexed.text(name), "\(path):\(lexed.tokens[guarding.token].line) (mounted after \(lexed.text(guarding.token)))"))
                }
            }
            return result
        }
    }

    private static let mountWord = Array("mount ".utf8)
    private static let grapeFilterWords: [StaticString] = ["before", "before_validation", "after_validation"]
}

extension CodeIndex {
    /// The Symfony `access_control` rule (`config/packages/security.yaml`) that decides a route's path, when it
    /// requires a role or an authenticated user. Symfony applies the first rule whose conditions match: a
    /// `PUBLIC_ACCESS` rule before `{ path: ^/api, roles: ROLE_USER }` leaves its paths open. Rules bound to a host,
    /// IPs, a port or a request attribute are not known to apply and are passed over; a rule limited to some methods
    /// applies to a route of one of them (`method`), and guards a route whose method is not known only when it
    /// names none.
    public func symfonyAccessControlGuard(forPath path: String, method: String?) -> String? {
        for rule in symfonyAccessRules() where !rule.conditional {
            guard rule.pattern.map({ Self.pattern($0, searchesInto: path) }) ?? true else { continue }
            if !rule.methods.isEmpty {
                guard let method, rule.methods.contains(method) else {
                    // A public rule for some of the route's methods opens it; a guard for some guards it for those only.
                    if !rule.guards, method == nil { return nil }
                    continue
                }
            }
            return rule.guards ? "\(rule.file):\(rule.line) (access_control \(rule.pattern ?? "*"))" : nil
        }
        return nil
    }

    /// Whether a regular expression (Symfony's `access_control` path, Litestar's `exclude`) matches somewhere in
    /// `text`, as PHP's `preg_match` and Python's `re.search` do; one that does not compile is looked for as text.
    public static func pattern(_ pattern: String, searchesInto text: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return text.contains(pattern) }
        return text.contains(regex)
    }

    struct SymfonyAccessRule: Sendable {
        var file: String
        var line: Int
        var pattern: String?
        var methods: [String] = []
        var roles: [String] = []
        var allowIf = false
        /// Bound to a host, IPs, a port, request attributes or a custom matcher.
        var conditional = false

        /// Whether the rule requires more than anonymous access.
        var guards: Bool {
            allowIf || roles.contains { !["PUBLIC_ACCESS", "IS_AUTHENTICATED_ANONYMOUSLY"].contains($0) }
        }
    }

    /// The `access_control` rules of the project's Symfony security configuration, in order, read once.
    func symfonyAccessRules() -> [SymfonyAccessRule] {
        project.configuration("symfony-access-control") { () -> [SymfonyAccessRule] in
            var rules: [SymfonyAccessRule] = []
            for path in project.paths where path.hasSuffix("/security.yaml") || path.hasSuffix("/security.yml") {
                guard path.contains("config/"), let bytes = project.contents(of: path) else { continue }
                rules += Self.symfonyAccessRules(String(decoding: bytes, as: UTF8.self), file: path)
            }
            return rules
        }
    }

    /// The rules of `access_control:` lists in a YAML text: flow items (`- { path: ^/api, roles: ROLE_USER }`) and
    /// block items (`- path: ^/api` with `roles: …` below).
    static func symfonyAccessRules(_ text: String, file: String) -> [SymfonyAccessRule] {
        var rules: [SymfonyAccessRule] = []
        var listIndent: Int?
        var current: SymfonyAccessRule?
        func finish() {
            if let rule = current { rules.append(rule) }
            current = nil
        }
        for (offset, rawLine) in TextLines(text).enumerated() {
            // A comment starts at a `#` that begins the line or follows a space (`^/api#x` is a pattern).
            var previous: Character = " "
            let line = rawLine.prefix { character in
                defer { previous = character }
                return !(character == "#" && (previous == " " || previous == "\t"))
            }
            let content = line.drop { $0 == " " || $0 == "\t" }
            guard !content.isEmpty else { continue }
            let indent = line.count - content.count
            if let keyIndent = listIndent {
                // The list runs while lines are deeper than its key, or list items at the key's own indentation.
                if indent > keyIndent || (indent == keyIndent && content.hasPrefix("- ")) {
                    var entry = content
                    if content.hasPrefix("- ") {
                        finish()
                        current = SymfonyAccessRule(file: file, line: offset + 1)
                        entry = content.dropFirst(2).drop { $0 == " " }
                    }
                    guard current != nil else { continue }
                    let pairs = entry.hasPrefix("{") ? Self.flowPairs(entry) : [Self.blockPair(entry)].compactMap { $0 }
                    for (key, value) in pairs { Self.apply(key, value, to: &current!) }
                    continue
                }
                finish()
                listIndent = nil
            }
            if content.hasPrefix("access_control:") { listIndent = indent }
        }
        finish()
        return rules
    }

    private static func apply(_ key: String, _ value: String, to rule: inout SymfonyAccessRule) {
        switch key {
        case "path": rule.pattern = unquoted(value)
        case "roles", "role": rule.roles = listValues(value)
        case "methods": rule.methods = listValues(value).map { $0.uppercased() }
        case "allow_if": rule.allowIf = true
        case "host", "ip", "ips", "port", "attributes", "route", "request_matcher": rule.conditional = true
        default: break
        }
    }

    /// `{ path: ^/api, roles: [ROLE_USER, ROLE_ADMIN] }` → its pairs, split at top-level commas.
    private static func flowPairs(_ text: Substring) -> [(String, String)] {
        var body = text.dropFirst()
        if let close = body.lastIndex(of: "}") { body = body[..<close] }
        var parts: [String] = []
        var depth = 0
        var quote: Character?
        var part = ""
        for character in body {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "[" || character == "{" {
                depth += 1
            } else if character == "]" || character == "}" {
                depth -= 1
            } else if character == ",", depth == 0 {
                parts.append(part)
                part = ""
                continue
            }
            part.append(character)
        }
        parts.append(part)
        return parts.compactMap { blockPair(Substring($0.trimmingSpaces)) }
    }

    /// `roles: ROLE_USER` → ("roles", "ROLE_USER").
    private static func blockPair(_ text: Substring) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = String(text[..<colon]).trimmingSpaces
        let value = String(text[text.index(after: colon)...]).trimmingSpaces
        return key.isEmpty ? nil : (key, value)
    }

    private static func listValues(_ value: String) -> [String] {
        var text = Substring(value)
        if text.hasPrefix("["), text.hasSuffix("]") { text = text.dropFirst().dropLast() }
        return text.split(separator: ",").map { unquoted(String($0)) }.filter { !$0.isEmpty }
    }

    private static func unquoted(_ value: String) -> String {
        var text = Substring(value.trimmingSpaces)
        if text.count >= 2, let first = text.first, first == "'" || first == "\"", text.last == first {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }
}

private extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}

extension CodeIndex {
    /// A Flask request hook that a helper of another file registers on the app or blueprint a route file hands it
    /// (`init_auth(bp)` at module level; the helper's `@bp.before_request def require_login(): … abort(401)`): it
    /// runs before every route of the file, when it turns callers away. The helper and where it is, or nil.
    public func pythonHelperRequestHook(in facts: FileFacts) -> String? {
        guard facts.language.family == .python else { return nil }
        return flaskHelperHook(on: nil, in: facts)
    }
}
