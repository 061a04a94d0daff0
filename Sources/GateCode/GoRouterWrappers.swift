import GateCore

/// Go serves a router as one `http.Handler`, and middleware wraps a handler: `http.ListenAndServe(":8080",
/// requireAPIKey(mux))`, `handler := middleware.RequireAPIKey(mux)` handed to `http.Server{Handler: handler}`, justinas/
/// alice's `alice.New(requireAPIKey).Then(mux)` (or a chain held in a variable), a sub-mux mounted wrapped
/// (`root.Handle("/admin/", requireAPIKey(admin))`). The wrapper runs before the router picks a route, so it guards
/// every route registered on that router; one whose name says no guard (`logging(mux)`) guards none, nor does another
/// route's own wrapper (`mux.Handle("/x", requireAPIKey(h))`), which wraps that handler, not the router.
extension CodeIndex {
    /// The guard (`name (path:line)`) wrapped around the whole Go router that the route registered at token `route` of
    /// the file at `path` is registered on, which the file holds in `router` (`mux`, or a field: `s`, `mux`), or nil.
    public func goWrappedRouterGuard(inFile path: String, router: [String], route: Int) -> String? {
        guard let facts = facts(of: path), !facts.guardTokens.isEmpty, let lexed = lexedFile(path), route < lexed.tokens.count
        else { return nil }
        let wrappers = GoRouterWrappers(lexed: lexed, guards: facts.guardTokens)
        guard let found = wrappers.guardToken(wrapping: router, around: route) else { return nil }
        return "\(lexed.text(found)) (\(path):\(lexed.tokens[found].line))"
    }
}

struct GoRouterWrappers {
    let lexed: LexedSource
    /// The file's guard tokens, ascending (`FileFacts.guardTokens`).
    let guards: [Int]

    /// The first guard token wrapped around router `router` (its dotted path) where the function holding token
    /// `route` declares it (`mux := http.NewServeMux()`), or anywhere in the file for a router it does not (a
    /// package-level one, a struct's field).
    func guardToken(wrapping router: [String], around route: Int) -> Int? {
        var scope = 0...(lexed.tokens.count - 1)
        if router.count == 1, let function = lexed.enclosingBlocks(of: route).last(where: { lexed.blocks[$0].kind == .function }) {
            let span = lexed.span(of: function)
            if declares(router[0], in: span) { scope = span }
        }
        return guardToken(wrapping: router, in: scope, depth: 0)
    }

    /// Whether `name` is declared in `span` (`name := …`, `var name = …`).
    private func declares(_ name: String, in span: ClosedRange<Int>) -> Bool {
        span.contains { index in
            lexed.isIdentifier(index) && lexed.text(index) == name
                && ((lexed.token(index + 1, isPunctuation: Byte.colon) && lexed.token(index + 2, isPunctuation: Byte.equals))
                    || lexed.token(index - 1, is: "var"))
        }
    }

    private func guardToken(wrapping router: [String], in scope: ClosedRange<Int>, depth: Int) -> Int? {
        for index in scope where matches(router, endingAt: index) {
            let first = index - 2 * (router.count - 1)
            // Assigned whole to a variable that is wrapped in turn (`var handler http.Handler = mux`, then `handler =
            // requireAPIKey(handler)`).
            if depth < 2, lexed.token(first - 1, isPunctuation: Byte.equals), !lexed.token(index + 1, isPunctuation: Byte.dot),
               !lexed.token(index + 1, isPunctuation: Byte.openParen), let variable = assignedVariable(equals: first - 1),
               let found = guardToken(wrapping: [lexed.text(variable)], after: index, in: scope, depth: depth + 1)
            {
                return found
            }
            // Handed over bare as an argument: not a route of it (`mux.HandleFunc(…)`), nor its making.
            guard lexed.token(first - 1, isPunctuation: Byte.openParen) || lexed.token(first - 1, isPunctuation: Byte.comma),
                  lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma)
            else { continue }
            if let found = guardAround(argument: first, scope: scope, depth: depth) { return found }
        }
        return nil
    }

    /// `guardToken(wrapping:in:depth:)` over the part of `scope` after token `index`.
    private func guardToken(wrapping router: [String], after index: Int, in scope: ClosedRange<Int>, depth: Int) -> Int? {
        guard index < scope.upperBound else { return nil }
        return guardToken(wrapping: router, in: (index + 1)...scope.upperBound, depth: depth)
    }

    /// The variable an assignment whose `=` is token `equals` assigns: `handler` of `handler := …`, `handler = …` and
    /// `var handler http.Handler = …`.
    private func assignedVariable(equals: Int) -> Int? {
        var start = equals
        while start > 0, lexed.tokens[start - 1].line == lexed.tokens[equals].line { start -= 1 }
        if lexed.token(start, is: "var") { return lexed.isIdentifier(start + 1) ? start + 1 : nil }
        let variable = lexed.token(equals - 1, isPunctuation: Byte.colon) ? equals - 2 : equals - 1
        return variable == start && lexed.isIdentifier(variable) ? variable : nil
    }

    /// Whether the tokens ending at `index` spell `router` (`s`, `.`, `mux`), not as part of a longer path.
    private func matches(_ router: [String], endingAt index: Int) -> Bool {
        guard lexed.isIdentifier(index), lexed.text(index) == router[router.count - 1] else { return false }
        for (offset, name) in router.dropLast().reversed().enumerated() {
            let position = index - 2 * (offset + 1)
            guard position >= 0, lexed.token(position + 1, isPunctuation: Byte.dot), lexed.isIdentifier(position),
                  lexed.text(position) == name
            else { return false }
        }
        return !lexed.token(index - 2 * (router.count - 1) - 1, isPunctuation: Byte.dot)
    }

    /// Climbs from an argument at `argument` through the calls it is handed to (at most three), each call's callee
    /// chain (`requireAPIKey`, `alice.New(requireAPIKey).Then`) judged for a guard; a chain rooted at a variable
    /// (`chain.Then(mux)`) by the variable's assignment too; a wrapped value assigned to a variable (`handler :=
    /// logging(mux)`) by where that one is handed over in turn.
    private func guardAround(argument start: Int, scope: ClosedRange<Int>, depth: Int) -> Int? {
        var argument = start
        for _ in 0..<3 {
            let block = lexed.tokens[argument].block
            guard block >= 0, lexed.blocks[block].opener == .paren else { return nil }
            let open = lexed.blocks[block].openToken
            // The callee: a name, or a call's result (`cors.Default().Handler(mux)`, `handlers.CORS(…)(mux)`).
            var name = open - 1
            if lexed.token(name, isPunctuation: Byte.closeParen), lexed.partner[name] >= 1, lexed.partner[name] < name {
                name = lexed.partner[name] - 1
            }
            guard name >= 0, lexed.isIdentifier(name) else { return nil }
            let callStart = lexed.receiverChainStart(before: name)
            // A wrapper's value is served: handed on, assigned, returned or a field's (`Handler: requireAPIKey(mux)`).
            // A call made for itself registers routes on the router (`registerAuthRoutes(mux)`): it wraps nothing.
            guard [Byte.openParen, Byte.comma, Byte.equals, Byte.colon].contains(where: { lexed.token(callStart - 1, isPunctuation: $0) })
                    || lexed.token(callStart - 1, is: "return")
            else { return nil }
            if let found = firstGuard(in: callStart...(open - 1)) { return found }
            // `chain := alice.New(requireAPIKey)` … `chain.Then(mux)`.
            if callStart < name, let assigned = assignment(of: callStart, before: callStart),
               let found = firstGuard(in: assigned)
            {
                return found
            }
            let close = lexed.partner[open]
            guard close > open else { return nil }
            // `handler := logging(mux)`, then `requireAPIKey(handler)` or `http.Server{Handler: handler}`.
            if lexed.token(callStart - 1, isPunctuation: Byte.equals) {
                guard depth < 2, let variable = assignedVariable(equals: callStart - 1) else { return nil }
                return guardToken(wrapping: [lexed.text(variable)], after: close, in: scope, depth: depth + 1)
            }
            // Out to the call this call's value is handed to (`http.ListenAndServe(":8080", logging(requireAPIKey(mux)))`).
            guard lexed.token(callStart - 1, isPunctuation: Byte.openParen) || lexed.token(callStart - 1, isPunctuation: Byte.comma)
            else { return nil }
            argument = callStart
        }
        return nil
    }

    /// The value assigned to the variable at token `variable` last before token `limit` (`chain := alice.New(…)`).
    private func assignment(of variable: Int, before limit: Int) -> ClosedRange<Int>? {
        let name = lexed.text(variable)
        for cursor in stride(from: limit - 1, through: 0, by: -1) where lexed.isIdentifier(cursor) && lexed.text(cursor) == name {
            var value = cursor + 1
            if lexed.token(value, isPunctuation: Byte.colon) { value += 1 }
            guard lexed.token(value, isPunctuation: Byte.equals), !lexed.token(value + 1, isPunctuation: Byte.equals) else { continue }
            var end = value + 1
            while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == lexed.tokens[value].line {
                end += 1
                if lexed.tokens[end].kind == .punctuation, lexed.partner[end] > end { end = lexed.partner[end] }
            }
            return (value + 1)...max(value + 1, end)
        }
        return nil
    }

    /// The first guard token in `range`.
    private func firstGuard(in range: ClosedRange<Int>) -> Int? {
        let position = guards.partitionPoint { $0 < range.lowerBound }
        return position < guards.count && range.contains(guards[position]) ? guards[position] : nil
    }
}
