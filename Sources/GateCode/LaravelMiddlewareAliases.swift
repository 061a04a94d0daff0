import GateCore

/// Laravel middleware the app names by an alias of its own: `'api.key' => \App\Http\Middleware\EnsureApiKey::class`
/// in app/Http/Kernel.php's `$middlewareAliases` (`$routeMiddleware` before Laravel 10) or `$middleware->alias([…])`
/// in bootstrap/app.php (Laravel 11+), and its own middleware groups (`$middlewareGroups['partner' => […]]`,
/// `$middleware->group('partner', […])`, `->appendToGroup('partner', […])`). An alias guards the routes naming it
/// (`->middleware('api.key')`, `Route::middleware(['api.key'])->group(…)`) when its class's `handle` refuses the
/// caller before handing the request on (answers 401, 403 or 429, throws an authentication or authorization error,
/// redirects to the sign-in page) and reads who the caller is (a header, a key, a token, the user, the session);
/// one that only logs or sets the locale guards nothing, whatever its alias. A group guards where one of its
/// members does: a guard the framework names (`'auth:sanctum'`, `'throttle:api'`) or a refusing alias or class.
extension CodeIndex {
    /// Whether the middleware alias or group `name` (lower-cased, parameters dropped: `api.key` of
    /// `'api.key:partner'`) of the Laravel application holding the file at `path` refuses callers.
    public func laravelMiddlewareRefuses(_ name: String, from path: String) -> Bool {
        guard let root = laravelApplicationRoot(of: path) else { return false }
        return laravelRefusingMiddleware(root: root)[name] != nil
    }

    /// The directory (with its trailing slash, or empty) of the application holding `path`: the nearest one with an
    /// app/Http/Kernel.php or a bootstrap/app.php.
    private func laravelApplicationRoot(of path: String) -> String? {
        var directory = RepoPath.directory(of: path)
        while true {
            let prefix = directory.isEmpty ? "" : directory + "/"
            if project.exists(prefix + "app/Http/Kernel.php") || project.exists(prefix + "bootstrap/app.php") { return prefix }
            if directory.isEmpty { return nil }
            directory = RepoPath.directory(of: directory)
        }
    }

    /// The refusing aliases and groups of the application at `root`, lower-cased, each with where it refuses; read once.
    func laravelRefusingMiddleware(root: String) -> [String: String] {
        project.configuration("laravel-refusing-middleware:" + root) { () -> [String: String] in
            var result: [String: String] = [:]
            var declarations: [(path: String, lexed: LexedSource)] = []
            for file in ["app/Http/Kernel.php", "bootstrap/app.php"] {
                guard let bytes = project.contents(of: root + file), BytePatterns(["middleware"]).matches(bytes) else { continue }
                declarations.append((root + file, Lexer.lex(bytes, language: .php)))
            }
            // Aliases first: groups may name them.
            for (path, lexed) in declarations {
                for (alias, at) in Self.laravelAliasEntries(lexed) {
                    guard result[alias] == nil, let refusal = laravelClassRefuses(at, in: lexed, declaredIn: path) else { continue }
                    result[alias] = refusal
                }
            }
            for (path, lexed) in declarations {
                let groups = path.hasSuffix("Kernel.php") ? Self.kernelGroups(lexed) : Self.bootstrapGroups(lexed)
                for (group, range) in groups where result[group.lowercased()] == nil {
                    if let found = Self.laravelGuard(in: range, of: lexed) {
                        result[group.lowercased()] = "\(found) (\(path) '\(group)' group)"
                        continue
                    }
                    for index in range where index < lexed.tokens.count {
                        if lexed.tokens[index].kind == .string, let known = result[Self.laravelMiddlewareName(lexed.text(index))] {
                            result[group.lowercased()] = known
                            break
                        }
                        if lexed.token(index, is: "::"), lexed.token(index + 1, is: "class"),
                           let refusal = laravelClassRefuses(index, in: lexed, declaredIn: path)
                        {
                            result[group.lowercased()] = refusal
                            break
                        }
                    }
                }
            }
            return result
        }
    }

    /// A middleware name as routes write it, lower-cased and without its parameters (`api.key` of `'API.key:partner'`).
    public static func laravelMiddlewareName(_ text: String) -> String {
        String(text.prefix { $0 != ":" }).lowercased()
    }

    /// `'api.key' => \App\Http\Middleware\EnsureApiKey::class` entries of `$middlewareAliases`, `$routeMiddleware`
    /// or `->alias([…])`: each alias, lower-cased, with the `::` token after its class.
    private static func laravelAliasEntries(_ lexed: LexedSource) -> [(String, Int)] {
        var result: [(String, Int)] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "$middlewareAliases") || lexed.token(index, is: "$routeMiddleware")
            || (lexed.token(index, is: "alias") && lexed.token(index - 1, is: "->"))
        {
            guard let open = (index + 1..<min(index + 4, lexed.tokens.count)).first(where: { lexed.token($0, isPunctuation: Byte.openBracket) }),
                  lexed.partner[open] > open
            else { continue }
            for key in open..<lexed.partner[open] where lexed.tokens[key].kind == .string && lexed.token(key + 1, is: "=>") {
                // The class: names up to `::class` (`\App\Http\Middleware\EnsureApiKey::class`).
                var cursor = key + 2
                while cursor < lexed.partner[open], !lexed.token(cursor, is: "::"), !lexed.token(cursor, isPunctuation: Byte.comma) {
                    cursor += 1
                }
                guard lexed.token(cursor, is: "::"), lexed.token(cursor + 1, is: "class") else { continue }
                result.append((laravelMiddlewareName(lexed.text(key)), cursor))
            }
        }
        return result
    }

    /// Where the middleware class named before the `::` token `colons` (of `EnsureApiKey::class`) refuses the caller in
    /// its `handle`, found through the declaring file's imports, PSR-4 or by its file name; nil when it refuses nobody
    /// or is no class of the project (the framework's own are judged by their aliases).
    private func laravelClassRefuses(_ colons: Int, in lexed: LexedSource, declaredIn path: String) -> String? {
        var start = colons
        while start > 0, lexed.tokens[start - 1].kind == .identifier || lexed.token(start - 1, isPunctuation: Byte.backslash) {
            start -= 1
        }
        let names = (start..<colons).filter { lexed.tokens[$0].kind == .identifier }.map { lexed.text($0) }
        guard let bare = names.last else { return nil }
        let qualified = names.joined(separator: "\\")
        var files: [String] = []
        if let facts = facts(of: path), let binding = facts.imports.first(where: { $0.local == bare }) {
            files = PHPResolver().files(forType: binding.module, from: path, project: project)
        }
        if files.isEmpty { files = PHPResolver().files(forType: "\\" + qualified, from: path, project: project) }
        if files.isEmpty { files = project.paths(endingWith: "/" + bare + ".php").filter { !$0.contains("vendor/") } }
        for file in files {
            guard let target = facts(of: file), let lexedTarget = lexedFile(file) else { continue }
            for definition in target.definitions(named: "handle", in: bare) {
                if let line = Self.handleRefuses(definition.tokens, in: lexedTarget) { return "\(file):\(line) (\(bare)::handle)" }
            }
        }
        return nil
    }

    /// The line where a middleware's `handle` (token span `span`) turns a caller away before it hands every request
    /// on (`return $next($request);` in its own body), provided it reads who the caller is; nil otherwise.
    static func handleRefuses(_ span: ClosedRange<Int>, in lexed: LexedSource) -> Int? {
        guard span.upperBound < lexed.tokens.count else { return nil }
        var refusal: Int?
        var readsCaller = false
        var redirects = false
        // Braces deep: 1 in the method's own body. A hand-on inside a condition (`if ($request->isMethod('OPTIONS'))
        // { return $next($request); }`) lets only some callers through: the refusal after it still guards.
        var depth = 0
        for index in span {
            let token = lexed.tokens[index]
            if lexed.token(index, isPunctuation: Byte.openBrace) { depth += 1 }
            if lexed.token(index, isPunctuation: Byte.closeBrace) { depth -= 1 }
            if lexed.token(index, is: "$next"), lexed.token(index + 1, isPunctuation: Byte.openParen), depth <= 1 {
                var start = index
                while start > span.lowerBound, lexed.tokens[start - 1].line == token.line { start -= 1 }
                if !(start..<index).contains(where: { lexed.token($0, is: "if") }) { break }
            }
            switch token.kind {
            case .number:
                if refusingStatuses.contains(lexed.text(index)) { refusal = refusal ?? token.line }
            case .identifier:
                let word = Array(lexed.bytes[token.start..<token.end])
                if Self.laravelRefusingWords.contains(where: { ByteSearch.containsFolded(word, $0) }) { refusal = refusal ?? token.line }
                if callerWords.contains(where: { ByteSearch.containsFolded(word, $0) }) || lexed.token(index, is: "ip") { readsCaller = true }
                if lexed.token(index, is: "redirect") { redirects = true }
            case .string:
                let word = Array(lexed.bytes[token.start..<token.end])
                // `redirect()->route('login')`.
                if redirects, ByteSearch.containsFolded(word, loginWord) { refusal = refusal ?? token.line }
                if callerWords.contains(where: { ByteSearch.containsFolded(word, $0) }) { readsCaller = true }
            default:
                continue
            }
        }
        return readsCaller ? refusal : nil
    }

    private static let refusingStatuses: Set<String> = ["401", "403", "429"]
    private static let laravelRefusingWords = [
        "unauthori", "forbid", "authenticationexception", "authorizationexception", "accessdenied", "toomanyrequests",
    ].map { Array($0.utf8) }
    private static let callerWords = [
        "header", "token", "key", "user", "auth", "session", "signature", "secret", "password",
    ].map { Array($0.utf8) }
    private static let loginWord = Array("login".utf8)
}
