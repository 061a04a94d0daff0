import GateCode
import GateCore

/// ASP.NET Core endpoints whose guards are given where they are mapped rather than where they are written: minimal-API
/// routes of an extension method on the builder it extends, and SignalR hub methods, which any client connected to
/// the hub invokes by name.
extension HandlerFinder {
    /// The public methods of a SignalR hub (a class deriving from `Hub` or `Hub<T>`): each is an endpoint clients
    /// invoke over the hub's connection. Guarded by `[Authorize]` on the method or the hub (unless the method
    /// `[AllowAnonymous]`), and by what `MapHub<…>(…)` is given (`HTTPHandler.signalRHub`).
    func signalRHubMethods() -> [HTTPHandler] {
        guard lexed.language == .csharp, ByteSearch.containsFolded(lexed.bytes, Self.signalRWord) else { return [] }
        var result: [HTTPHandler] = []
        for (hubBlock, hub) in lexed.blocks.enumerated() where hub.kind == .container {
            let header = lexed.statementSpan(of: hubBlock).lowerBound...hub.openToken
            // `class ChatHub : Hub`, `class ChatHub(SummaryService s) : Hub<IChatClient>`.
            guard let colon = header.last(where: { lexed.token($0, isPunctuation: Byte.colon) }),
                  lexed.token(colon + 1, is: "Hub") || lexed.token(colon + 1, is: "DynamicHub"),
                  let hubName = header.first(where: { lexed.token($0, is: "class") }).flatMap({ isName($0 + 1) ? lexed.text($0 + 1) : nil })
            else { continue }
            var cursor = hub.openToken + 1
            while cursor < hub.endToken {
                defer { cursor += 1 }
                // A member of the hub itself, declared public.
                guard lexed.token(cursor, is: "public"), lexed.tokens[cursor].block == hubBlock else { continue }
                // Its name: the identifier before the first `(` of the declaration; a property or field has none.
                var open = cursor + 1
                while open < hub.endToken, !lexed.token(open, isPunctuation: Byte.openParen),
                      !lexed.token(open, isPunctuation: Byte.openBrace), !lexed.token(open, isPunctuation: Byte.semicolon),
                      !lexed.token(open, isPunctuation: Byte.equals)
                {
                    open += 1
                }
                guard lexed.token(open, isPunctuation: Byte.openParen), isName(open - 1),
                      lexed.text(open - 1) != hubName, lexed.partner[open] > open
                else { continue }
                let after = lexed.partner[open] + 1
                let end: Int
                if lexed.token(after, isPunctuation: Byte.openBrace), lexed.partner[after] > after {
                    end = lexed.partner[after]
                } else if lexed.token(after, is: "=>") {
                    var stop = after + 1
                    while stop < hub.endToken, !lexed.token(stop, isPunctuation: Byte.semicolon) {
                        stop = lexed.tokens[stop].kind == .punctuation && lexed.partner[stop] > stop ? lexed.partner[stop] + 1 : stop + 1
                    }
                    end = stop
                } else {
                    continue
                }
                // Back over the method's attribute lists (`[Authorize]`, `[AllowAnonymous]`).
                var start = cursor
                while lexed.token(start - 1, isPunctuation: Byte.closeBracket), lexed.partner[start - 1] < start - 1,
                      lexed.token(lexed.partner[start - 1], isPunctuation: Byte.openBracket)
                {
                    start = lexed.partner[start - 1]
                }
                let anonymous = (start..<cursor).contains { lexed.token($0, is: "AllowAnonymous") }
                var handler = HTTPHandler(
                    name: "\(lexed.text(open - 1)) (SignalR hub \(hubName))", statement: start...end, body: after...end,
                    guardRanges: anonymous ? [after...end] : [start...end, header], allowsAnonymous: anonymous)
                handler.signalRHub = hubName
                result.append(handler)
                cursor = end
            }
        }
        return result
    }

    private static let signalRWord = Array("SignalR".utf8)

    /// Whether token `index` is an identifier.
    private func isName(_ index: Int) -> Bool { lexed.tokens.indices.contains(index) && lexed.tokens[index].kind == .identifier }

    /// The guard of what maps a C# handler from elsewhere: the calls of the extension method whose extended builder
    /// the route is registered on (directly or through a group made from it), or the `MapHub<…>(…)` of its hub.
    func aspNetMountGuard(for handler: HTTPHandler, index: CodeIndex) -> String? {
        guard lexed.language == .csharp else { return nil }
        if let hub = handler.signalRHub { return index.aspNetHubMountGuard(ofHub: hub) }
        var receiver = handler.statement.lowerBound
        for _ in 0..<3 {
            guard isName(receiver) else { return nil }
            if let method = CodeIndex.extendedParameterMethod(named: lexed.text(receiver), around: receiver, in: lexed) {
                return index.aspNetMountGuard(ofExtensionMethod: method)
            }
            guard let assignment = receiverAssignment(of: receiver), let root = assignedReceiver(in: assignment), root < receiver
            else { return nil }
            receiver = root
        }
        return nil
    }
}
