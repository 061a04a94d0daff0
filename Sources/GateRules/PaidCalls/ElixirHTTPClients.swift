import GateCore

/// Elixir's HTTP clients hand the client to each request rather than calling a method on it: Req's
/// `Req.post!(req, url: "/v1/messages")` or `req |> Req.post!(url: …)` after `req = Req.new(base_url: …)`, Tesla's
/// `Tesla.post(client, "/chat/completions", body)` after `client = Tesla.client([{Tesla.Middleware.BaseUrl, …}])`;
/// and a Tesla module declares its base for its own requests (`plug Tesla.Middleware.BaseUrl, "https://…"`, then
/// `post("/chat/completions", body)`).
extension HTTPRequestSites {
    /// The client a request at `callee` is handed, first argument or piped in, when the file built it with a base
    /// URL; and the token of the argument that names it (nil when piped).
    func elixirHandedClient(receiving callee: Int, among clients: [UInt64: [ClientBase]]) -> (client: ClientBase, argument: Int?)? {
        guard lexed.token(callee - 1, isPunctuation: Byte.dot), callee >= 2, lexed.tokens[callee - 2].kind == .identifier,
              HTTPRequestSites.handedClientModules.contains(lexed.text(callee - 2))
        else { return nil }
        var name: Int?
        var argument: Int?
        if lexed.token(callee + 1, isPunctuation: Byte.openParen), isName(callee + 2),
           lexed.token(callee + 3, isPunctuation: Byte.comma) || lexed.token(callee + 3, isPunctuation: Byte.closeParen)
            // `client()`, `client(token)`: a function of the file that builds it.
            || lexed.token(callee + 3, isPunctuation: Byte.openParen) && lexed.partner[callee + 3] > callee + 3
                && (lexed.token(lexed.partner[callee + 3] + 1, isPunctuation: Byte.comma)
                    || lexed.token(lexed.partner[callee + 3] + 1, isPunctuation: Byte.closeParen))
        {
            name = callee + 2
            argument = callee + 2
        } else if lexed.token(callee - 3, isPunctuation: Byte.greater), lexed.token(callee - 4, isPunctuation: Byte.bar),
                  isName(callee - 5)
        {
            name = callee - 5  // `req |> Req.post!(…)`
        }
        guard let name else { return nil }
        let token = lexed.tokens[name]
        guard let candidates = clients[byteHash(lexed.bytes, token.start..<token.end, lowercased: false)] else { return nil }
        let spelled = lexed.bytes[token.start..<token.end]
        let visible = candidates.filter { client in
            let bound = lexed.tokens[client.name]
            return lexed.bytes[bound.start..<bound.end].elementsEqual(spelled)
                && (client.scope < 0 || lexed.isToken(callee, inside: client.scope))
        }
        // `client(token)` calls the function that builds one; a bare `client` is the calling function's own variable
        // first.
        let called = lexed.token(name + 1, isPunctuation: Byte.openParen)
        let chosen = called ? visible.last { $0.scope < 0 } : visible.last { $0.scope >= 0 } ?? visible.last
        return chosen.map { ($0, argument) }
    }

    /// Modules whose request functions take the client as their first argument.
    private static let handedClientModules: Set<String> = ["Req", "Tesla"]

    /// The base URL among `Tesla.client`'s middleware: the value after `Tesla.Middleware.BaseUrl,`.
    func teslaBaseURL(in arguments: [ClosedRange<Int>]) -> ClosedRange<Int>? {
        guard let list = arguments.first else { return nil }
        for index in list where lexed.token(index, is: "BaseUrl") && lexed.token(index + 1, isPunctuation: Byte.comma) {
            var end = index + 2
            while end + 1 <= list.upperBound, !lexed.token(end + 1, isPunctuation: Byte.closeBrace),
                  !lexed.token(end + 1, isPunctuation: Byte.comma)
            {
                end += 1
            }
            return end <= list.upperBound ? (index + 2)...end : nil
        }
        return nil
    }

    /// `plug Tesla.Middleware.BaseUrl, "https://…"` in a module: the base of the requests the module sends itself.
    func teslaModuleBases() -> [(container: Int, base: ClosedRange<Int>)] {
        guard ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.teslaBaseURLWord) else { return [] }
        let tokens = lexed.tokens
        var bases: [(container: Int, base: ClosedRange<Int>)] = []
        for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "plug") {
            var cursor = index + 1
            while isName(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) { cursor += 2 }
            guard lexed.token(cursor, is: "BaseUrl"), lexed.token(cursor + 1, isPunctuation: Byte.comma),
                  let container = enclosingContainer(of: index)
            else { continue }
            var end = cursor + 2
            while end + 1 < tokens.count, tokens[end + 1].line == tokens[index].line { end += 1 }
            if end < tokens.count { bases.append((container, (cursor + 2)...end)) }
        }
        return bases
    }

    private func isName(_ index: Int) -> Bool { index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier }

    private static let teslaBaseURLWord = Array("middleware.baseurl".utf8)
}
