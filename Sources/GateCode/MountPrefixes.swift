import GateCore

/// Where another file of the project mounts a Python router, and under which path: FastAPI's
/// `app.include_router(chat.router, prefix="/api/v1")` and Flask's `app.register_blueprint(bp, url_prefix="/api")` put
/// the router's routes under that prefix, so an endpoint's name carries it (`POST /api/v1/chat/ask`, not `POST
/// /chat/ask`). The mounting file is looked for where `mountGuard` looks: the entry files beside the router's file,
/// above it, at the root, in src/, app/ or server/, and the packages beside.
extension CodeIndex {
    /// The prefix `router` (a variable of `path`) is mounted under, "" when it is mounted without one, nil when no
    /// mount of it is found.
    public func pythonMountPrefix(forFile path: String, router: String) -> String? {
        project.configuration("python-mount-prefix:\(path)#\(router)") { () -> String? in
            let directory = RepoPath.directory(of: path)
            let bases: Set<String> = [directory, RepoPath.directory(of: directory), "", "src", "app", "server"]
            let candidates = mountEntryFiles(for: .python).filter { entry in
                bases.contains(entry.directory)
                    || (!entry.path.hasSuffix("__init__.py") && bases.contains(RepoPath.directory(of: entry.directory)))
            }.map(\.path).sorted()
            for candidate in candidates where candidate != path {
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
