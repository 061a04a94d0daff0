import GateCore

/// Starlette's (and so FastAPI's) app-wide middleware written by the project: a class registered for the app
/// (`Starlette(middleware=[Middleware(ApiKeyMiddleware)])`, `FastAPI(middleware=[…])`, `app.add_middleware(
/// ApiKeyMiddleware)`) runs before every route, and guards them when it refuses the caller — a `BaseHTTPMiddleware`'s
/// `dispatch` or a pure ASGI class's `__call__` answering 401. Judged by that body, not by the class's name.
extension CodeIndex {
    /// Where the first middleware class registered for a Starlette or FastAPI app in `file` refuses callers
    /// (`path:line`), or nil.
    public func starletteMiddlewareClassGuard(inFile file: String) -> String? {
        guard file.hasSuffix(".py"), let bytes = project.contents(of: file),
              ByteSearch.containsFolded(bytes, Self.middlewareWord),
              ByteSearch.containsFolded(bytes, Self.starletteWord) || ByteSearch.containsFolded(bytes, Self.fastapiWord),
              let facts = facts(of: file), let lexed = lexedFile(file)
        else { return nil }
        for name in Self.registeredMiddlewareClasses(in: lexed) {
            if let found = refusingMiddlewareMethod(ofClass: name, in: facts) { return found }
        }
        return nil
    }

    /// The class names registered as app middleware in the file: the first argument of each `Middleware(…)` (bar
    /// Starlette's own AuthenticationMiddleware, which refuses nobody) and of each `.add_middleware(…)`.
    static func registeredMiddlewareClasses(in lexed: LexedSource) -> [String] {
        var names: [String] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            guard lexed.token(index, is: "Middleware") || (lexed.token(index, is: "add_middleware") && lexed.token(index - 1, isPunctuation: Byte.dot)),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 2,
                  !lexed.registersStarletteAuthenticationMiddleware((index + 1)...lexed.partner[index + 1])
            else { continue }
            // `Middleware(ApiKeyMiddleware, …)`, `Middleware(auth.ApiKeyMiddleware)`: the class's last name.
            var name = index + 2
            guard lexed.tokens[name].kind == .identifier else { continue }
            while lexed.token(name + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(name + 2),
                  lexed.tokens[name + 2].kind == .identifier
            {
                name += 2
            }
            names.append(lexed.text(name))
        }
        return names
    }

    /// Where class `name` (as `facts`' file names it) refuses callers in the method Starlette runs for each request.
    private func refusingMiddlewareMethod(ofClass name: String, in facts: FileFacts) -> String? {
        for method in Self.requestMethods {
            for symbol in methods(method, ofType: name, from: facts) {
                guard let defining = self.facts(of: symbol.path),
                      let token = defining.guardTokens.first(where: { symbol.definition.tokens.contains($0) })
                else { continue }
                return "\(symbol.path):\(defining.guardLines[token] ?? 0) (\(name).\(method))"
            }
        }
        return nil
    }

    private static let requestMethods = ["dispatch", "__call__"]
    private static let middlewareWord = Array("middleware".utf8)
    private static let starletteWord = Array("starlette".utf8)
    private static let fastapiWord = Array("fastapi".utf8)
}
