import GateCore

/// Bun's route table: `Bun.serve({ routes: { "/api/chat": { POST: async req => … }, "/health": () => … }, fetch(req)
/// { … } })`. Bun answers a request with the entry its path (and method, for an entry given per method) matches,
/// and only requests no entry matches reach `fetch`: each entry, each method of one, and the `fetch` fallback are
/// endpoints of their own, guarded by what they do themselves.
extension HandlerFinder {
    /// The endpoints of a server's options object (opened at `open`) when it holds a `routes` table, or nil: the
    /// call is then one handler (`serveCalls`).
    func bunRouteTable(optionsAt open: Int) -> [HTTPHandler]? {
        guard lexed.token(open, isPunctuation: Byte.openBrace) else { return nil }
        let options = objectLiteralMembers(openingAt: open)
        guard let routes = options.first(where: { lexed.token($0.key, is: "routes") }) else { return nil }
        // The table written in the call, or declared beside it by name (`routes`, `routes: apiRoutes`).
        let table: Int
        if routes.value != routes.key, lexed.token(routes.value, isPunctuation: Byte.openBrace) {
            table = routes.value
        } else if routes.value == routes.member.upperBound, let declared = topLevelObjectLiteral(named: routes.value) {
            table = declared
        } else {
            return nil
        }
        var result: [HTTPHandler] = []
        for entry in objectLiteralMembers(openingAt: table) where lexed.tokens[entry.key].kind == .string {
            let route = lexed.text(entry.key)
            if entry.value != entry.key, lexed.token(entry.value, isPunctuation: Byte.openBrace) {
                // `"/api/chat": { GET: …, POST: … }`: a method answers only its own requests.
                for method in objectLiteralMembers(openingAt: entry.value) where lexed.tokens[method.key].kind == .identifier {
                    if var handler = routeHandler(method, label: "Bun.serve \(lexed.text(method.key)) \(route) in \(path)") {
                        handler.path = route
                        result.append(handler)
                    }
                }
            } else if var handler = routeHandler(entry, label: "Bun.serve \(route) in \(path)") {
                handler.path = route
                result.append(handler)
            }
        }
        let fetch = options.first { lexed.token($0.key, is: "fetch") }
        if let fetch, let handler = routeHandler(fetch, label: "Bun.serve fetch in \(path)") { result.append(handler) }
        // A WebSocket's messages come over a connection `fetch` upgraded (`server.upgrade(req)`): a guard there
        // before the upgrade covers them.
        if let socket = options.first(where: { lexed.token($0.key, is: "websocket") }) {
            result.append(HTTPHandler(
                name: "Bun.serve websocket in \(path)", statement: socket.member, body: socket.member,
                guardRanges: [socket.member] + (fetch.map { [$0.member] } ?? [])))
        }
        return result
    }

    /// The handler a member of the table is, or nil when its value is served as it is (`"/health": new
    /// Response("ok")`, a static response built once): a function (`POST: async (req) => …`, `fetch(req) { … }`,
    /// wrapped or not), or a function by name, this file's or one imported (`"/api/chat": chat`, shorthand `fetch,`).
    private func routeHandler(_ member: ObjectLiteralMember, label: String) -> HTTPHandler? {
        let range = member.member
        if member.value == range.upperBound, lexed.tokens[member.value].kind == .identifier {
            return namedFunctionHandler(member.value, label: label, reference: range)
                ?? HTTPHandler(name: label, statement: range, body: range, guardRanges: [range], functionsElsewhere: [member.value])
        }
        let isMethod = member.value == member.key && lexed.token(member.key + 1, isPunctuation: Byte.openParen)
        guard isMethod || range.contains(where: { lexed.token($0, is: "=>") || lexed.token($0, is: "function") }) else { return nil }
        return HTTPHandler(name: label, statement: range, body: range, guardRanges: [range])
    }

    /// The `{` of the object literal a top-level `const`/`let` named as identifier token `name` is assigned
    /// (`const apiRoutes = {`, with a type, `const routes: Record<string, Handler> = {`).
    func topLevelObjectLiteral(named name: Int) -> Int? {
        guard lexed.tokens[name].kind == .identifier else { return nil }
        let wanted = lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]
        for index in lexed.tokens.indices where lexed.tokens[index].block == -1
            && (lexed.token(index, is: "const") || lexed.token(index, is: "let"))
        {
            guard index + 1 < lexed.tokens.count, index + 1 != name,
                  lexed.bytes[lexed.tokens[index + 1].start..<lexed.tokens[index + 1].end].elementsEqual(wanted)
            else { continue }
            // `=` at the top level of the statement: a type's brackets are stepped over.
            var cursor = index + 2
            while cursor < lexed.tokens.count, cursor < index + 40, !lexed.token(cursor, isPunctuation: Byte.equals) {
                cursor = lexed.tokens[cursor].kind == .punctuation && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
            }
            return lexed.token(cursor + 1, isPunctuation: Byte.openBrace) && lexed.partner[cursor + 1] > cursor + 1 ? cursor + 1 : nil
        }
        return nil
    }

    /// A member of an object literal: its tokens, its key (after a modifier: `async fetch(req) { … }`) and the
    /// token its value starts at (after `key:`; the key itself for a method or a shorthand).
    struct ObjectLiteralMember {
        var member: ClosedRange<Int>
        var key: Int
        var value: Int
    }

    /// The members of the object literal opened at `open`, split at its own commas (brackets inside a member are
    /// stepped over).
    func objectLiteralMembers(openingAt open: Int) -> [ObjectLiteralMember] {
        let close = lexed.partner[open]
        guard close > open else { return [] }
        var result: [ObjectLiteralMember] = []
        var start = open + 1
        var cursor = start
        while cursor <= close {
            guard cursor == close || lexed.token(cursor, isPunctuation: Byte.comma) else {
                cursor = lexed.tokens[cursor].kind == .punctuation && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
                continue
            }
            if cursor > start {
                var key = start
                while key + 1 < cursor, lexed.token(key, is: "async") || lexed.token(key, is: "get") || lexed.token(key, is: "set")
                    || lexed.token(key, isPunctuation: Byte.star),
                    lexed.tokens[key + 1].kind == .identifier || lexed.tokens[key + 1].kind == .string
                {
                    key += 1
                }
                let value = lexed.token(key + 1, isPunctuation: Byte.colon) ? key + 2 : key
                result.append(ObjectLiteralMember(member: start...(cursor - 1), key: key, value: min(value, cursor - 1)))
            }
            start = cursor + 1
            cursor += 1
        }
        return result
    }
}
