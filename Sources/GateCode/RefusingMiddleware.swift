import GateCore

/// Middleware of the project registered by its name for an app or a router, judged by its body rather than its name:
/// `adminRouter.use(isAdmin)`, `app.use("/admin", mustBeStaff, adminRouter)`, Fastify's `addHook("preHandler",
/// ensureOwner)`. A function whose body refuses the caller (answers 401 or 403, throws an HTTP error, redirects to
/// the sign-in page: `CallReach.isGuard`) guards what it is registered for, whatever it is called, as a route's own
/// middleware argument does (`router.post("/x", isAdmin, handler)`). One named as a guard (`requireAuth`) is one by
/// its name already (`FileFacts.guardTokens`).
extension CodeIndex {
    /// The guard tokens a file's routes and mounts are judged by: its own (`FileFacts.guardTokens`) less Passport's
    /// open strategies (`guardTokensLessOpenPassport`), and, in JavaScript and TypeScript, less the names of routers
    /// (`guardTokensLessRouters`) plus the names of the project's functions handed to `use` or `addHook` whose bodies
    /// refuse the caller. Ascending.
    public func guardTokensOfMiddleware(_ facts: FileFacts, lexed: LexedSource) -> [Int] {
        guard facts.language.isJavaScriptLike else { return guardTokensLessOpenPassport(facts, lexed: lexed) }
        let tokens = guardTokensLessRouters(guardTokensLessOpenPassport(facts, lexed: lexed), facts: facts, lexed: lexed)
        var refusing: [Int] = []
        // Most files register nothing by name: only the calls' top-level bare names are asked, each once.
        for call in facts.calls where call.name == "use" || call.name == "addHook" {
            let open = call.token + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { continue }
            var index = open + 1
            while index < lexed.partner[open] {
                if lexed.tokens[index].kind == .punctuation, lexed.partner[index] > index {
                    index = lexed.partner[index] + 1
                    continue
                }
                if lexed.tokens[index].kind == .identifier,
                   lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma),
                   lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma),
                   !Self.containsSorted(tokens, index)
                {
                    let token = lexed.tokens[index]
                    let named = CallFact(
                        name: lexed.text(index), receiver: [], token: index, line: token.line, column: token.column, firstArgument: nil)
                    if reach(of: named, in: facts).isGuard { refusing.append(index) }
                }
                index += 1
            }
        }
        return refusing.isEmpty ? tokens : (tokens + refusing).sorted()
    }

    private static func containsSorted(_ tokens: [Int], _ token: Int) -> Bool {
        let position = tokens.partitionPoint { $0 < token }
        return position < tokens.count && tokens[position] == token
    }
}
