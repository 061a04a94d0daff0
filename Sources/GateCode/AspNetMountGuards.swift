import GateCore

/// ASP.NET Core endpoint conventions applied where a file's endpoints are mapped from another file: an extension
/// method that maps routes on the builder it extends (`public static RouteGroupBuilder MapSummaryEndpoints(this
/// RouteGroupBuilder group) { group.MapPost(…); }`) runs them under whatever its caller's builder carries
/// (`app.MapGroup("/summaries").RequireAuthorization().MapSummaryEndpoints()`), and a SignalR hub's methods under
/// what `app.MapHub<ChatHub>("/hubs/chat")` is given.
extension CodeIndex {
    /// The guard of every call of the extension method `name` (see `aspNetMountGuard(sites:)`); nil when one call is
    /// unguarded, or none is found.
    public func aspNetMountGuard(ofExtensionMethod name: String) -> String? {
        aspNetMountGuard(ofExtensionMethod: name, depth: 0)
    }

    /// The guard of every `MapHub<hub>(…)` of the project; nil when one is unguarded, or none is found.
    public func aspNetHubMountGuard(ofHub hub: String) -> String? {
        project.configuration("aspnet-hub-mount-guard:" + hub) { () -> String? in
            mountGuard(needle: "MapHub<", depth: 0) { lexed, index in
                // `MapHub<ChatHub>(` or `MapHub<Hubs.ChatHub>(`: the hub's name is the last before `>`.
                guard lexed.token(index, is: "MapHub"), lexed.token(index + 1, isPunctuation: Byte.less) else { return nil }
                var cursor = index + 2
                while lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
                guard lexed.isIdentifier(cursor), lexed.text(cursor) == hub, lexed.token(cursor + 1, isPunctuation: Byte.greater),
                      lexed.token(cursor + 2, isPunctuation: Byte.openParen)
                else { return nil }
                return cursor + 2
            }
        }
    }

    private func aspNetMountGuard(ofExtensionMethod name: String, depth: Int) -> String? {
        guard depth < 4 else { return nil }
        return project.configuration("aspnet-extension-mount-guard:" + name) { () -> String? in
            mountGuard(needle: "." + name + "(", depth: depth) { lexed, index in
                // A call on a builder (`.MapSummaryEndpoints(`), not the declaration.
                guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.text(index) == name,
                      lexed.token(index + 1, isPunctuation: Byte.openParen)
                else { return nil }
                return index + 1
            }
        }
    }

    /// The guard every mapping site holds: the sites are the tokens `site` accepts (returning the `(` of their
    /// arguments) in the C# files whose bytes hold `needle`. A site is guarded by a guard of its chain, before or
    /// after the call (`RequireAuthorization()`, `RequireRateLimiting(…)`), of the assignment of the variable the
    /// chain starts from (`var api = app.MapGroup("/api").RequireAuthorization(); api.MapSummaryEndpoints();`), or,
    /// inside another extension method on the builder it extends, where that one is called; `AllowAnonymous()` in
    /// the chain opens it.
    private func mountGuard(needle: String, depth: Int, site: (LexedSource, Int) -> Int?) -> String? {
        let pattern = BytePatterns([needle])
        var found: String?
        for path in project.paths where path.hasSuffix(".cs") {
            guard let bytes = project.contents(of: path), pattern.matches(bytes), let lexed = lexedFile(path) else { continue }
            let guardTokens = facts(of: path)?.guardTokens ?? recognizer.guardTokens(in: lexed)
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
                guard let open = site(lexed, index), lexed.partner[open] > open else { continue }
                let chain = Self.callChain(around: index, close: lexed.partner[open], in: lexed)
                guard let guarded = siteGuard(chain: chain, in: lexed, guardTokens: guardTokens, path: path, depth: depth)
                else { return nil }
                found = found ?? guarded
            }
        }
        return found
    }

    private func siteGuard(
        chain: ClosedRange<Int>, in lexed: LexedSource, guardTokens: [Int], path: String, depth: Int
    ) -> String? {
        func guardIn(_ range: ClosedRange<Int>) -> String? {
            if range.contains(where: { lexed.token($0, is: "AllowAnonymous") }) { return nil }
            guard let token = guardTokens.first(where: range.contains) else { return nil }
            return "\(lexed.text(token)) (\(path):\(lexed.tokens[token].line))"
        }
        if let own = guardIn(chain) { return own }
        guard !chain.contains(where: { lexed.token($0, is: "AllowAnonymous") }) else { return nil }
        var root = chain.lowerBound
        // The variable the chain starts from, followed back a few assignments (`var api = app.MapGroup(…)…;`).
        for _ in 0..<3 {
            guard lexed.isIdentifier(root) else { return nil }
            if let extended = Self.extendedParameterMethod(named: lexed.text(root), around: root, in: lexed) {
                return aspNetMountGuard(ofExtensionMethod: extended, depth: depth + 1)
            }
            guard let assignment = Self.assignment(of: root, in: lexed) else { return nil }
            let value = assignment.lowerBound + 2
            if let assigned = guardIn(value...assignment.upperBound) { return assigned }
            guard lexed.isIdentifier(value), value < root else { return nil }
            root = value
        }
        return nil
    }

    /// The chain of member calls a call at `name` (its arguments closing at `close`) is part of: back over the
    /// names and calls before it to its root, forward over the calls chained after it (generic ones included).
    static func callChain(around name: Int, close: Int, in lexed: LexedSource) -> ClosedRange<Int> {
        let start = lexed.receiverChainStart(before: name)
        var end = close
        // Generic links too: `.AddEndpointFilter<ApiKeyFilter>()`.
        while lexed.token(end + 1, isPunctuation: Byte.dot), let paren = lexed.genericCallOpen(afterName: end + 2),
              lexed.token(paren, isPunctuation: Byte.openParen), lexed.partner[paren] > paren
        {
            end = lexed.partner[paren]
        }
        return start...end
    }

    /// The name of the extension method whose extended parameter (`this RouteGroupBuilder group`) is `name`, when
    /// token `index` lies in one.
    public static func extendedParameterMethod(named name: String, around index: Int, in lexed: LexedSource) -> String? {
        guard let function = lexed.enclosingBlocks(of: index).first(where: { lexed.blocks[$0].kind == .function }),
              let methodName = lexed.name(ofBlock: function)
        else { return nil }
        let block = lexed.blocks[function]
        for cursor in block.headerStart..<block.openToken where lexed.token(cursor, is: "this")
            && lexed.token(cursor - 1, isPunctuation: Byte.openParen)
        {
            // `this Type name` (the type may be generic or qualified): the parameter's name ends it.
            var end = cursor + 1
            while end < block.openToken, !lexed.token(end, isPunctuation: Byte.comma), !lexed.token(end, isPunctuation: Byte.closeParen) {
                end += 1
            }
            return lexed.isIdentifier(end - 1) && lexed.text(end - 1) == name ? methodName : nil
        }
        return nil
    }

    /// The statement assigning the variable at `index` before it (`var api = …;`, `api = …;`): from the name to the
    /// `;`.
    private static func assignment(of index: Int, in lexed: LexedSource) -> ClosedRange<Int>? {
        let name = lexed.text(index)
        for cursor in stride(from: index - 1, through: 0, by: -1) where lexed.isIdentifier(cursor) && lexed.text(cursor) == name
            && lexed.token(cursor + 1, isPunctuation: Byte.equals) && !lexed.token(cursor + 2, isPunctuation: Byte.equals)
        {
            var end = cursor + 2
            while end < index, !lexed.token(end, isPunctuation: Byte.semicolon) {
                end = lexed.tokens[end].kind == .punctuation && lexed.partner[end] > end ? lexed.partner[end] + 1 : end + 1
            }
            return end > cursor + 2 ? cursor...(end - 1) : nil
        }
        return nil
    }
}
