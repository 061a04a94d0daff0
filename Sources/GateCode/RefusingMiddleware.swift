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
        if facts.language == .csharp { return guardTokensWithEndpointFilters(guardTokensLessOpenPassport(facts, lexed: lexed), facts: facts, lexed: lexed) }
        let go = facts.language == .go
        guard facts.language.isJavaScriptLike || go else {
            let tokens = guardTokensLessOpenPassport(facts, lexed: lexed)
            guard facts.language.family == .python else { return tokens }
            // A FastAPI dependency named as a guard that refuses nobody (`Depends(verify_api_key)` whose body only
            // logs a bad key) guards nothing.
            return tokens.filter { index in
                guard lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "Depends"),
                      lexed.token(index + 1, isPunctuation: Byte.closeParen)
                else { return true }
                let token = lexed.tokens[index]
                let call = CallFact(
                    name: lexed.text(index), receiver: [], token: index, line: token.line, column: token.column, firstArgument: nil)
                return !handsEveryoneOn(reach(of: call, in: facts))
            }
        }
        var tokens = go ? facts.guardTokens : guardTokensLessRouters(guardTokensLessOpenPassport(facts, lexed: lexed), facts: facts, lexed: lexed)
        var refusing: [Int] = []
        // Named as a guard but handing every caller on: `app.use("/api/ai", requireAuth, aiRouter)` whose
        // `requireAuth` only decodes the token (`try { req.user = jwt.verify(…) } catch { req.user = null }; next()`).
        var handingOn: [Int] = []
        // Most files register nothing by name: only the calls' top-level bare names are asked, each once. Go's
        // routers take middleware by `Use` (chi's `r.Use(web.Gatekeeper)`, also `With` for a few routes), often
        // qualified by its package.
        for call in facts.calls where go ? (call.name == "Use" || call.name == "With") : (call.name == "use" || call.name == "addHook") {
            let open = call.token + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { continue }
            var index = open + 1
            while index < lexed.partner[open] {
                if lexed.tokens[index].kind == .punctuation, lexed.partner[index] > index {
                    index = lexed.partner[index] + 1
                    continue
                }
                // `web.Gatekeeper` in Go: the package the function is read from.
                let qualified = go && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.isIdentifier(index - 2)
                let start = qualified ? index - 2 : index
                if lexed.tokens[index].kind == .identifier,
                   lexed.token(start - 1, isPunctuation: Byte.openParen) || lexed.token(start - 1, isPunctuation: Byte.comma),
                   lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma)
                {
                    let named = Self.containsSorted(tokens, index)
                    let token = lexed.tokens[index]
                    let call = CallFact(
                        name: lexed.text(index), receiver: qualified ? [lexed.text(start)] : [], token: index, line: token.line,
                        column: token.column, firstArgument: nil)
                    let reach = reach(of: call, in: facts)
                    if !named, reach.isGuard, reach.targets.contains(where: turnsAway) { refusing.append(index) }
                    // (Go's named guards are taken by their names still: their bodies are read only when unnamed.)
                    if named, !go, !reach.targets.isEmpty, !reach.targets.contains(where: turnsAway) { handingOn.append(index) }
                }
                index += 1
            }
        }
        if !handingOn.isEmpty { tokens.removeAll(where: Set(handingOn).contains) }
        return refusing.isEmpty ? tokens : (tokens + refusing).sorted()
    }

    /// Whether middleware `symbol`'s body turns a caller away somewhere: a refusing word (`res.status(401)`,
    /// `throw`, `ctx.throw(403)`, a redirect), an error handed on (`next(err)`), or a guard it calls outside any `try`
    /// (`passport.authenticate("jwt")(req, res, next)`, `jwt.verify(token, secret)` whose error Express answers). One
    /// that reads the caller and always hands on (`try { req.user = jwt.verify(…) } catch {}; next()`, `req.user =
    /// req.session?.user ?? null; next()`) guards nothing, whatever words it holds. A body it cannot read is taken as
    /// its summary says.
    func turnsAway(_ symbol: Symbol) -> Bool {
        guard let lexed = lexedFile(symbol.path), let facts = facts(of: symbol.path) else { return true }
        let span = symbol.definition.tokens
        guard span.upperBound < lexed.tokens.count else { return true }
        var tries: [ClosedRange<Int>] = []
        for index in span where lexed.token(index, is: "try") && lexed.token(index + 1, isPunctuation: Byte.openBrace)
            && lexed.partner[index + 1] > index + 1
        {
            tries.append((index + 1)...lexed.partner[index + 1])
        }
        for index in span {
            let token = lexed.tokens[index]
            guard token.kind == .identifier || token.kind == .number else { continue }
            let word = lexed.bytes[token.start..<token.end]
            if Self.refusingWords.contains(where: { ByteSearch.containsFolded(Array(word), $0) }) { return true }
            if lexed.token(index, is: "next"), lexed.token(index + 1, isPunctuation: Byte.openParen),
               !lexed.token(index + 2, isPunctuation: Byte.closeParen), !lexed.token(index + 2, is: "route")
            {
                return true
            }
        }
        let guards = facts.guardTokens
        var position = guards.partitionPoint { $0 < span.lowerBound }
        while position < guards.count, guards[position] <= span.upperBound {
            let index = guards[position]
            position += 1
            guard lexed.text(index) != symbol.name, !tries.contains(where: { $0.contains(index) }) else { continue }
            if lexed.token(index + 1, isPunctuation: Byte.openParen)
                || (lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.token(index + 3, isPunctuation: Byte.openParen))
            {
                return true
            }
        }
        return false
    }

    /// Whether what a call reaches is functions of the project none of which turns a caller away (`turnsAway`): a
    /// FastAPI dependency that only logs a bad key, whatever it is called. One that takes a dependency of its own
    /// (`token: str = Depends(oauth2_scheme)`, `Security(api_key_header)`) may refuse through it.
    public func handsEveryoneOn(_ reach: CallReach) -> Bool {
        !reach.targets.isEmpty && !reach.targets.contains { symbol in
            if turnsAway(symbol) { return true }
            guard let lexed = lexedFile(symbol.path), symbol.definition.tokens.upperBound < lexed.tokens.count else { return true }
            return symbol.definition.tokens.contains { lexed.token($0, is: "Depends") || lexed.token($0, is: "Security") }
        }
    }

    /// `tokens` plus, in C#, the endpoint filters of the project added by their class (`app.MapGroup("/ai")
    /// .AddEndpointFilter<ApiKeyFilter>()`, `.AddEndpointFilter<ApiKeyFilter>()` after `MapPost(…)`) whose
    /// `InvokeAsync` answers the caller itself before handing on (`endpointFilterRefuses`): the class's name is then a
    /// guard token of the chain, as an inline filter's refusal is. A filter that only logs or times the request, or
    /// one no file of the project declares, is none. Ascending.
    func guardTokensWithEndpointFilters(_ tokens: [Int], facts: FileFacts, lexed: LexedSource) -> [Int] {
        guard ByteSearch.containsFolded(lexed.bytes, Self.endpointFilterNeedle) else { return tokens }
        var refusing: [Int] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            guard lexed.token(index, is: "AddEndpointFilter"), lexed.token(index + 1, isPunctuation: Byte.less) else { continue }
            // `AddEndpointFilter<ApiKeyFilter>()` or `AddEndpointFilter<Filters.ApiKeyFilter>()`: the last name before `>`.
            var cursor = index + 2
            while isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            guard isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.greater), !Self.containsSorted(tokens, cursor)
            else { continue }
            let type = lexed.text(cursor)
            // Declared in its own file (`ApiKeyFilter.cs`) or in this one.
            let files = CSharpResolver().files(forType: type, from: facts.path, project: project) + [facts.path]
            if files.contains(where: { endpointFilterRefuses(type, inFile: $0) }) { refusing.append(cursor) }
        }
        return refusing.isEmpty ? tokens : (tokens + refusing).sorted()

        func isIdentifier(_ index: Int) -> Bool { index < lexed.tokens.count && lexed.tokens[index].kind == .identifier }
    }

    /// Whether the class `type` declared in the file at `path` is an endpoint filter whose `InvokeAsync` answers the
    /// caller itself before it hands the request on (`next(…)`): `return Results.Unauthorized();`,
    /// `TypedResults.Forbid()`, `Results.StatusCode(429)`, `StatusCodes.Status401Unauthorized`. What it does after
    /// `next` answered (logging, timing) refuses nobody.
    func endpointFilterRefuses(_ type: String, inFile path: String) -> Bool {
        guard let lexed = lexedFile(path) else { return false }
        let tokens = lexed.tokens
        for index in tokens.indices where lexed.token(index, is: "class") && index + 1 < tokens.count && lexed.text(index + 1) == type {
            // The class's body: the first `{` after its name.
            var open = index + 2
            while open < tokens.count, !lexed.token(open, isPunctuation: Byte.openBrace) { open += 1 }
            guard open < tokens.count, lexed.partner[open] > open else { continue }
            for method in (open + 1)..<lexed.partner[open] where lexed.token(method, is: "InvokeAsync")
                && lexed.token(method + 1, isPunctuation: Byte.openParen) && lexed.partner[method + 1] > method
            {
                let body = lexed.partner[method + 1] + 1
                guard lexed.token(body, isPunctuation: Byte.openBrace), lexed.partner[body] > body else { continue }
                for cursor in body...lexed.partner[body] {
                    let token = tokens[cursor]
                    guard token.kind == .identifier || token.kind == .number else { continue }
                    if lexed.token(cursor, is: "next"), lexed.token(cursor + 1, isPunctuation: Byte.openParen) { break }
                    let word = Array(lexed.bytes[token.start..<token.end])
                    if Self.refusingStatusWords.contains(where: { ByteSearch.containsFolded(word, $0) }) { return true }
                }
            }
        }
        return false
    }

    private static let endpointFilterNeedle = Array("addendpointfilter<".utf8)

    /// Words of an answer that refuses the caller, as ASP.NET Core writes them (no exception: a filter's `throw` is
    /// as likely an argument check).
    private static let refusingStatusWords = ["unauthori", "forbid", "toomanyrequests", "401", "403", "429"].map { Array($0.utf8) }

    /// Words of a statement that turns the caller away.
    static let refusingWords = [
        "throw", "raise", "abort", "redirect", "reject", "deny", "denied", "unauthori", "forbidden", "401", "403", "429",
        "halt",
    ].map { Array($0.utf8) }

    static func containsSorted(_ tokens: [Int], _ token: Int) -> Bool {
        let position = tokens.partitionPoint { $0 < token }
        return position < tokens.count && tokens[position] == token
    }
}

