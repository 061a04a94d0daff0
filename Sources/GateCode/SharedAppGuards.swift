import GateCore

/// An Express-style app (or router) made in one module and shared by import: route files register their routes on it
/// (`import { app } from "../app"; app.post("/api/chat", …)`) and another module registers middleware on it for its
/// side effect (`import { app } from "./app"; app.use("/api", requireAuth)` in server/auth.ts, which the entry
/// imports before the routes: `import "./auth"; import "./routes/chat"`). Middleware runs for the routes registered
/// after it, so only registrations that run first count: in the app's own module (which runs before any module
/// importing it), or in a module the entry imports before the route file.
extension CodeIndex {
    /// A guard registered on the imported app or router a JavaScript or TypeScript route file registers its routes
    /// on, in another module that runs before the file's routes are registered, and covering their paths. Nil when
    /// there is none.
    /// `facts` are the route file's: only a file that calls a route method on a name it imports
    /// (`app.post(…)` after `import { app } from "../app"`) is read further.
    public func sharedAppGuard(forRouteFile path: String, facts: FileFacts) -> String? {
        let language = facts.language
        guard language.isJavaScriptLike else { return nil }
        let appNames = Set(facts.calls.compactMap { call in
            call.receiver.count == 1 && Self.routeMethods.contains(call.name) ? call.receiver[0] : nil
        })
        guard facts.imports.contains(where: { appNames.contains($0.local) }), let lexed = lexedFile(path) else { return nil }
        for binding in facts.imports where appNames.contains(binding.local) {
            let routes = Self.routePaths(registeredOn: binding.local, in: lexed)
            guard !routes.isEmpty else { continue }
            let member = binding.member ?? "default"
            for appFile in moduleFiles(binding.module, importedBy: path, language: language) where appFile != path {
                guard let appLexed = lexedFile(appFile) else { continue }
                // The app's own module registers first.
                if let name = Self.exportedName(member, in: appLexed),
                   let found = guardRegistration(on: name, in: appFile, covering: routes)
                {
                    return found
                }
                // The modules an entry imports before the route file, registering on the same app.
                for entry in mountCandidates(forFile: path, language: language) where entry != path && entry != appFile {
                    guard let entryLexed = lexedFile(entry) else { continue }
                    let order = Self.importedModules(in: entryLexed)
                    guard let routeImport = order.first(where: { moduleFiles($0.module, importedBy: entry, language: language).contains(path) })
                    else { continue }
                    for earlier in order where earlier.token < routeImport.token {
                        for file in moduleFiles(earlier.module, importedBy: entry, language: language) where file != appFile && file != path {
                            guard let earlierFacts = self.facts(of: file) else { continue }
                            for local in earlierFacts.imports where (local.member ?? "default") == member
                                && moduleFiles(local.module, importedBy: file, language: language).contains(appFile)
                            {
                                if let found = guardRegistration(on: local.local, in: file, covering: routes) { return found }
                            }
                        }
                    }
                }
            }
        }
        return nil
    }

    /// A top-level `name.use(…)` of the file at `path` holding a guard (outside an object literal of options) and,
    /// when it is given a path (`app.use("/api", requireAuth)`), one covering a route of `routes`.
    private func guardRegistration(on name: String, in path: String, covering routes: [String]) -> String? {
        guard let facts = facts(of: path), let lexed = lexedFile(path) else { return nil }
        let guards = guardTokensOfMiddleware(facts, lexed: lexed)
        guard !guards.isEmpty else { return nil }
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 && lexed.token(index, isPunctuation: Byte.dot)
            && lexed.token(index + 1, is: "use") && lexed.token(index + 2, isPunctuation: Byte.openParen)
            && lexed.tokens[index - 1].kind == .identifier && lexed.text(index - 1) == name
        {
            let arguments = (index + 2)...max(index + 2, lexed.partner[index + 2])
            guard let found = guards.first(where: { arguments.contains($0) && !lexed.isInObjectLiteral($0, within: arguments) })
            else { continue }
            if lexed.tokens[index + 3].kind == .string {
                var prefix = lexed.text(index + 3)
                while prefix.hasSuffix("*") || prefix.hasSuffix("/") { prefix.removeLast() }
                guard prefix.isEmpty || routes.contains(where: { $0 == prefix || $0.hasPrefix(prefix + "/") }) else { continue }
            }
            return "\(path):\(facts.guardLines[found] ?? lexed.tokens[found].line)"
        }
        return nil
    }

    /// The paths of the routes the file registers on `receiver` (`app.post("/api/chat", …)`).
    private static func routePaths(registeredOn receiver: String, in lexed: LexedSource) -> [String] {
        var paths: [String] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && !lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 3, isPunctuation: Byte.openParen)
            && lexed.tokens.indices.contains(index + 4) && lexed.tokens[index + 4].kind == .string
            && routeMethods.contains(lexed.text(index + 2)) && lexed.text(index) == receiver
        {
            let path = lexed.text(index + 4)
            if path.hasPrefix("/") { paths.append(path) }
        }
        return paths
    }

    private static let routeMethods: Set<String> = ["get", "post", "put", "patch", "delete", "all"]

    /// The name the module declares its export `member` under: itself, or for `default` the name of `export default
    /// app`.
    private static func exportedName(_ member: String, in lexed: LexedSource) -> String? {
        guard member == "default" else { return member }
        for index in lexed.indices(ofWords: ["export"]) where lexed.token(index + 1, is: "default")
            && lexed.tokens.indices.contains(index + 2) && lexed.tokens[index + 2].kind == .identifier
        {
            return lexed.text(index + 2)
        }
        return nil
    }

    /// The modules a file imports or requires, in the order it names them (`import "./auth"`, `import { x } from
    /// "./y"`, `require("./z")`), each with the token naming it.
    static func importedModules(in lexed: LexedSource) -> [(module: String, token: Int)] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.tokens[index].kind == .string else { return nil }
            let named = lexed.token(index - 1, is: "import") || lexed.token(index - 1, is: "from")
                || (lexed.token(index - 1, isPunctuation: Byte.openParen) && lexed.token(index - 2, is: "require"))
            return named ? (lexed.text(index), index) : nil
        }
    }
}
