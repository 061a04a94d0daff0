import GateCore

/// Names that hold an Express or Koa router rather than middleware. A router mounted or handed over under a name
/// that says `auth` (`const authRoutes = require("./routes/auth"); app.use("/auth", authRoutes)`, a local
/// `const authRouter = express.Router()`) serves the sign-in routes; it checks no caller, so the name is no guard —
/// least of all a path-less `app.use(authRoutes)`, which would otherwise pass for a guard of every later route.
extension CodeIndex {
    /// `tokens` (a JavaScript file's guard tokens, ascending) less the names of routers: made in the file
    /// (`NAME = express.Router()`, `NAME = Router()`, `NAME = new Router()`) or imported from a project file whose
    /// export of that name is one (`module.exports = router`, `export default router`, `export const authRouter =
    /// Router()`). Imports are read only for guard tokens a binding names.
    func guardTokensLessRouters(_ tokens: [Int], facts: FileFacts, lexed: LexedSource) -> [Int] {
        guard !tokens.isEmpty, facts.language.isJavaScriptLike else { return tokens }
        var local: Set<String>?
        var isRouter: [String: Bool] = [:]
        return tokens.filter { token in
            guard lexed.tokens[token].kind == .identifier else { return true }
            let name = lexed.text(token)
            if let known = isRouter[name] { return !known }
            if local == nil {
                local = Self.makesRouters(lexed.bytes)
                    ? Self.routerValues(in: lexed, guardTokens: facts.guardTokens).names : []
            }
            let router = local!.contains(name) || facts.imports.contains { binding in
                binding.local == name && modules(binding.module, of: facts).contains { exportsRouter(file: $0, as: binding.member) }
            }
            isRouter[name] = router
            return !router
        }
    }

    /// Whether the project file at `path` exports a router as `member` (nil or `default`: the module's own value).
    private func exportsRouter(file path: String, as member: String?) -> Bool {
        let values = project.configuration("router-values:" + path) { () -> RouterValues in
            guard SourceLanguage(path: path)?.isJavaScriptLike == true, let bytes = project.contents(of: path),
                  Self.makesRouters(bytes), let lexed = lexedFile(path), let routerFacts = facts(of: path)
            else { return RouterValues() }
            return Self.routerValues(in: lexed, guardTokens: routerFacts.guardTokens)
        }
        guard let member, member != "default" else { return values.exportsRouter }
        return values.names.contains(member)
    }

    /// The routers a file makes, by the names it assigns them to, and whether its module's value is one.
    struct RouterValues: Sendable {
        var names: Set<String> = []
        var exportsRouter = false
    }

    /// Whether `bytes` call a word `Router(` (`express.Router()`, `new Router()`; not `useRouter()`): one pass over the
    /// `(`s, so that the many files that only name a router (`next/router`, `useRouter`) are not lexed or searched
    /// token by token.
    static func makesRouters(_ bytes: [UInt8]) -> Bool {
        ByteSearch.calledNames(bytes, among: [routerWord]) != 0
    }

    private static let routerWord = Array("Router".utf8)

    /// `guardTokens`: the file's guard tokens (ascending). A router that runs one of them for every request entering it
    /// (`router.use(requireJwt)`, path-less) refuses callers of every route mounted beside it at its path: it is a guard
    /// after all, and is left out of the routers.
    static func routerValues(in lexed: LexedSource, guardTokens: [Int]) -> RouterValues {
        var values = RouterValues()
        var guarding: Set<String> = []
        for index in lexed.indices(ofWords: ["use"]) where lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.isIdentifier(index - 2) && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            // Path-less: the first argument is the middleware, not a path string; any argument may be the guard.
            let open = index + 1
            guard open + 1 < lexed.tokens.count, lexed.tokens[open + 1].kind != .string, lexed.partner[open] > open else { continue }
            let arguments = (open + 1)..<lexed.partner[open]
            let position = guardTokens.partitionPoint { $0 < arguments.lowerBound }
            if position < guardTokens.count, arguments.contains(guardTokens[position]) { guarding.insert(lexed.text(index - 2)) }
        }
        // `express.Router(…)`, `Router(…)` (imported from express), `new Router(…)` (koa-router, @koa/router).
        func makesRouter(at index: Int) -> Bool {
            var cursor = index
            if lexed.token(cursor, is: "new") { cursor += 1 }
            if lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            return lexed.token(cursor, is: "Router") && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
        }
        for index in lexed.indices(ofWords: ["Router"]) where lexed.token(index + 1, isPunctuation: Byte.openParen) {
            // Back to the `=` the router is assigned with.
            var value = index
            if lexed.token(value - 1, isPunctuation: Byte.dot), lexed.isIdentifier(value - 2) { value -= 2 }
            if lexed.token(value - 1, is: "new") { value -= 1 }
            guard lexed.token(value - 1, isPunctuation: Byte.equals), lexed.isIdentifier(value - 2) else { continue }
            // `module.exports = express.Router()` is the module's value; `exports.authRouter = Router()` a member's.
            if lexed.token(value - 2, is: "exports"), lexed.token(value - 3, isPunctuation: Byte.dot), lexed.token(value - 4, is: "module") {
                values.exportsRouter = true
            } else if !guarding.contains(lexed.text(value - 2)) {
                values.names.insert(lexed.text(value - 2))
            }
        }
        guard !values.names.isEmpty || values.exportsRouter else { return values }
        // The module's value: `module.exports = router`, `export default router`, `export default express.Router()`.
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1 {
            var value: Int?
            if lexed.token(index, is: "module"), lexed.token(index + 1, isPunctuation: Byte.dot), lexed.token(index + 2, is: "exports"),
               lexed.token(index + 3, isPunctuation: Byte.equals)
            {
                value = index + 4
            } else if lexed.token(index, is: "export"), lexed.token(index + 1, is: "default") {
                value = index + 2
            }
            guard let value else { continue }
            if makesRouter(at: value) || lexed.isIdentifier(value) && values.names.contains(lexed.text(value))
                && !lexed.token(value + 1, isPunctuation: Byte.dot) && !lexed.token(value + 1, isPunctuation: Byte.openParen)
            {
                values.exportsRouter = true
            }
        }
        return values
    }
}
