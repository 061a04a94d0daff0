import GateCore

/// Where a router is mounted, and under which path, so that an endpoint's name carries the prefix (`POST
/// /api/v1/chat/ask`, not `POST /chat/ask`):
///
/// - Python, by another file: FastAPI's `app.include_router(chat.router, prefix="/api/v1")`, Flask's
///   `app.register_blueprint(bp, url_prefix="/api")`;
/// - JavaScript/TypeScript, in the router's file or another: Express's `app.use("/api", chatRouter)` (also with
///   `require("./routes/chat")` in place, and `router.use("/chat", sub)` mounted in turn), Hono's `app.route("/api",
///   chat)` and `basePath("/api")`, Fastify's `app.register(chatRoutes, { prefix: "/api" })`, koa-router's `new
///   Router({ prefix: "/api" })`;
/// - Go, in the router's file: gin's, Echo's and fiber's `api := r.Group("/api")` (nested, and with `{ … }` blocks
///   after them), gorilla's `PathPrefix("/api").Subrouter()`, chi's `r.Route("/api", func(r chi.Router) {…})` and
///   `r.Mount("/api", chatRouter())`.
///
/// The mounting file is looked for where `mountGuard` looks (`mountCandidates`). Asked only of routes that are
/// reported, and remembered per router.
extension CodeIndex {
    /// The prefix the router of a route registration is mounted under, nil when none is known. `chain` runs from the
    /// registration's first token to its method (`router` of `@router.post("/ask")`, `api.` of `api.POST("/chat", …)`);
    /// `lexed` is the file at `path`.
    public func routerPrefix(forFile path: String, lexed: LexedSource, chain: Range<Int>) -> String? {
        guard !chain.isEmpty, chain.upperBound <= lexed.tokens.count else { return nil }
        let prefix: String?
        if lexed.language.family == .python {
            prefix = lexed.isIdentifier(chain.lowerBound) ? pythonMountPrefix(forFile: path, router: lexed.text(chain.lowerBound)) : nil
        } else if lexed.language.isJavaScriptLike || lexed.language == .go {
            let reader = routerReader(path, lexed)
            let local = reader.router(chain: chain)
            prefix = Self.joinRoutePaths(mountPrefix(of: local.origin, in: path, reader: reader, depth: 0), local.prefix)
        } else {
            prefix = nil
        }
        return prefix.flatMap { $0.isEmpty || $0 == "/" ? nil : $0 }
    }

    /// `prefix` and `path` joined by one slash: `/api/` and `/chat` make `/api/chat`; `/` and `` make ``.
    public static func joinRoutePaths(_ prefix: String, _ path: String) -> String {
        let head = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        if path.isEmpty { return head }
        return path.hasPrefix("/") ? head + path : head + "/" + path
    }

    /// The entry files that may mount the routers of `path`: those of its directory, its parent, the root, src/,
    /// app/ or server/; for Python also the packages beside the file's (a Django project's `mysite/api.py` mounting
    /// `ai/api.py`), for Go any directory (its entry points live in `cmd/…`). Sorted.
    func mountCandidates(forFile path: String, language: SourceLanguage) -> [String] {
        let directory = RepoPath.directory(of: path)
        let bases: Set<String> = [directory, RepoPath.directory(of: directory), "", "src", "app", "server"]
        return mountEntryFiles(for: language).filter { entry in
            bases.contains(entry.directory) || language == .go
                || (language.family == .python && !entry.path.hasSuffix("__init__.py")
                    && bases.contains(RepoPath.directory(of: entry.directory)))
        }.map(\.path).sorted()
    }

    /// A reader of `lexed` (the file at `path`) whose assignments of a name are found once per file and name.
    private func routerReader(_ path: String, _ lexed: LexedSource) -> RouterReader {
        RouterReader(lexed: lexed) { name in
            self.project.configuration("router-assignments:\(path)#\(name)") { () -> [Int] in
                lexed.tokens.indices.filter { index in
                    lexed.isIdentifier(index) && !lexed.token(index - 1, isPunctuation: Byte.dot)
                        && RouterReader.assignmentValue(after: index, in: lexed) != nil && lexed.text(index) == name
                }
            }
        }
    }

    /// The prefix where `origin` (a router of the file `reader` reads, at `path`) is mounted: by a call of the same
    /// file, or for JavaScript/TypeScript one of the entry files importing it; each mount is itself read back to
    /// where its receiver is mounted. "" when no mount is found.
    private func mountPrefix(of origin: LocalRouter.Origin, in path: String, reader: RouterReader, depth: Int) -> String {
        let key: String
        switch origin {
        case .unknown: return ""
        case let .variable(_, token): key = "v\(token)"
        case let .parameter(function): key = "f\(function)"
        }
        guard depth < 4 else { return "" }
        return project.configuration("router-mount-prefix:\(path)#\(key)") { () -> String in
            let lexed = reader.lexed
            func prefix(of mount: RouterMount, reader: RouterReader, path: String) -> String {
                let outer = reader.router(chain: mount.receiver)
                let above = mountPrefix(of: outer.origin, in: path, reader: reader, depth: depth + 1)
                return Self.joinRoutePaths(Self.joinRoutePaths(above, outer.prefix), mount.path)
            }
            // In the same file: the variable by name, a function by name (`fastify.register(chatRoutes, …)`), or for a
            // Go router a function makes and returns, a call of that function (`r.Mount("/api", chatRouter())`).
            var names = Set<String>()
            var called = false
            // Whether the names reach beyond the file: a function's, or a package-level variable's.
            var packageWide = true
            switch origin {
            case let .variable(name, token):
                if let maker = reader.maker(ofVariableAt: token) {
                    names = [maker]
                    called = true
                } else {
                    names = [name]
                    packageWide = lexed.enclosingFunction(of: token) < 0
                }
            case let .parameter(function):
                if let name = reader.functionExpression(function)?.name { names = [name] }
            case .unknown:
                break
            }
            if let mount = reader.mounts(of: origin, isReference: { reader.argument($0, isOneOf: names, called: called) }).first {
                return prefix(of: mount, reader: reader, path: path)
            }
            if lexed.language == .go {
                // Another file of the package (`chatRouter()`), or an entry file importing it (`chat.Router()`).
                guard !names.isEmpty, packageWide else { return "" }
                let siblings = lexed.language.resolver.siblingFiles(of: path, project: project)
                for candidate in siblings + mountCandidates(forFile: path, language: .go) where candidate != path {
                    guard let facts = facts(of: candidate), let mounting = lexedFile(candidate) else { continue }
                    let samePackage = siblings.contains(candidate)
                    let qualifiers = samePackage ? [] : Set(facts.imports.filter { modules($0.module, of: facts).contains(path) }.map(\.local))
                    guard samePackage || !qualifiers.isEmpty else { continue }
                    let mountingReader = routerReader(candidate, mounting)
                    let mounts = mountingReader.mounts(of: .unknown) { argument in
                        // An unqualified name of another package is no function of this one.
                        mountingReader.argument(argument, isOneOf: names, called: called, qualifiers: qualifiers)
                            && (samePackage || mounting.token(argument.lowerBound + 1, isPunctuation: Byte.dot))
                    }
                    if let mount = mounts.first { return prefix(of: mount, reader: mountingReader, path: candidate) }
                }
                return ""
            }
            guard lexed.language.isJavaScriptLike else { return "" }
            // Another module imports it, by one of the names it exports it as.
            let exported = reader.exportedNames(of: origin)
            guard !exported.isEmpty else { return "" }
            for candidate in mountCandidates(forFile: path, language: lexed.language) where candidate != path {
                guard let facts = facts(of: candidate), let mounting = lexedFile(candidate) else { continue }
                var direct = Set<String>()
                var namespaces = Set<String>()
                for binding in facts.imports where modules(binding.module, of: facts).contains(path) {
                    if let member = binding.member {
                        if exported.contains(member) { direct.insert(binding.local) }
                    } else {
                        // `const chat = require("./routes/chat")` is what it assigns to `module.exports`; `import * as
                        // chat` (or the same require) names its exports as members: `chat.router`.
                        namespaces.insert(binding.local)
                        if exported.contains("default") { direct.insert(binding.local) }
                    }
                }
                let requires = Set(inlineRequires(of: path, in: mounting, facts: facts))
                guard !direct.isEmpty || !namespaces.isEmpty || !requires.isEmpty else { continue }
                let mountingReader = routerReader(candidate, mounting)
                let mounts = mountingReader.mounts(of: .unknown) { argument in
                    let first = argument.lowerBound
                    if mountingReader.argument(argument, isOneOf: direct, called: called)
                        || mounting.token(first + 1, isPunctuation: Byte.dot)
                        && mountingReader.argument(argument, isOneOf: exported, called: called, qualifiers: namespaces)
                    {
                        return true
                    }
                    // `require("./routes/chat")` in place, or one of its exports: `require("./routes/chat").router`.
                    guard !called, requires.contains(first) else { return false }
                    let after = mounting.partner[first + 1] + 1
                    if after == argument.upperBound { return exported.contains("default") }
                    return after + 2 == argument.upperBound && mounting.token(after, isPunctuation: Byte.dot)
                        && exported.contains(mounting.text(after + 1))
                }
                if let mount = mounts.first { return prefix(of: mount, reader: mountingReader, path: candidate) }
            }
            return ""
        }
    }

    /// Whether another file of the project mounts `router` (a variable of `path`): `app.include_router(tests.router)`,
    /// `app.register_blueprint(bp)`. The routes of a router so mounted are served, whatever its file is named.
    public func mountsPythonRouter(ofFile path: String, router: String) -> Bool {
        pythonMountPrefix(forFile: path, router: router) != nil
    }

    /// The prefix `router` (a variable of `path`) is mounted under, "" when it is mounted without one, nil when no
    /// mount of it is found.
    func pythonMountPrefix(forFile path: String, router: String) -> String? {
        project.configuration("python-mount-prefix:\(path)#\(router)") { () -> String? in
            for candidate in mountCandidates(forFile: path, language: .python) where candidate != path {
                if let prefix = mountPrefix(of: router, in: path, mountedBy: candidate) { return prefix }
            }
            return nil
        }
    }

    /// The prefix `candidate` mounts `router` of `path` under, if it mounts it.
    private func mountPrefix(of router: String, in path: String, mountedBy candidate: String) -> String? {
        guard let facts = facts(of: candidate) else { return nil }
        // What the candidate calls the router by: `chat.router` (its module imported) or `chat_router` (itself).
        var moduleNames = Set<String>()
        var routerNames = Set<String>()
        for binding in facts.imports {
            if modules(binding.module, of: facts).contains(path) {
                if binding.member == nil {
                    moduleNames.insert(binding.local)
                } else if binding.member == router {
                    routerNames.insert(binding.local)
                }
            } else if let member = binding.member, let module = facts.language.resolver.submodule(binding.module, member: member),
                      modules(module, of: facts).contains(path)
            {
                moduleNames.insert(binding.local)
            }
        }
        guard !moduleNames.isEmpty || !routerNames.isEmpty, let lexed = lexedFile(candidate) else { return nil }
        for call in facts.calls where call.name == "include_router" || call.name == "register_blueprint" {
            let open = call.token + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { continue }
            let first = open + 1
            let namesRouter = lexed.isIdentifier(first) && (lexed.token(first + 1, isPunctuation: Byte.dot)
                ? moduleNames.contains(lexed.text(first)) && lexed.isIdentifier(first + 2) && lexed.text(first + 2) == router
                    && !lexed.token(first + 3, isPunctuation: Byte.dot)
                : routerNames.contains(lexed.text(first)))
            guard namesRouter else { continue }
            let keyword = call.name == "include_router" ? "prefix" : "url_prefix"
            for cursor in first..<lexed.partner[open]
            where lexed.tokens[cursor].kind == .identifier && lexed.text(cursor) == keyword
                && lexed.token(cursor + 1, isPunctuation: Byte.equals) && cursor + 2 < lexed.partner[open]
                && lexed.tokens[cursor + 2].kind == .string
            {
                return lexed.text(cursor + 2)
            }
            return ""
        }
        return nil
    }
}
