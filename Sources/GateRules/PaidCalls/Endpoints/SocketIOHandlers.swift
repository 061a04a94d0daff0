import GateCore

/// Socket.IO event handlers: each event a client emits runs its handler, as a request runs a route's, so each is an
/// endpoint. Node's `io.on("connection", (socket) => { socket.on("chat", async (msg) => { … }) })` (a namespace's,
/// `io.of("/x").on("connection", …)`, too), guarded by what it does itself, by what the connection handler does
/// around it (a check that `socket.disconnect()`s) and by the server's `io.use((socket, next) => …)` middleware,
/// which refuses a connection with `next(new Error(…))`. Python's Flask-SocketIO and python-socketio
/// `@socketio.on("ask")`, `@sio.on("ask")`, `@sio.event`, guarded by their decorators (`@authenticated_only`), their
/// own checks (`if not current_user.is_authenticated: disconnect()`) and the file's `connect` handler, which refuses
/// a client by returning False or raising `ConnectionRefusedError`.
extension HandlerFinder {
    func socketIOHandlers() -> [HTTPHandler] {
        switch lexed.language.family {
        case .python:
            guard ByteSearch.containsFolded(lexed.bytes, Self.socketIOPythonWord) else { return [] }
            return pythonSocketIOHandlers()
        case .cLike:
            guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, Self.socketIONodeWord) else { return [] }
            return nodeSocketIOHandlers()
        default:
            return []
        }
    }

    private static let socketIOPythonWord = Array("socketio".utf8)
    private static let socketIONodeWord = Array("socket.io".utf8)
    /// Events the library raises itself, not a client's messages.
    private static let connectionEvents: Set<String> = ["connection", "connect"]
    private static let libraryEvents: Set<String> = ["disconnect", "disconnecting", "error", "connect_error"]

    private func eventName(_ index: Int) -> String? {
        guard index < lexed.tokens.count, lexed.tokens[index].kind == .string else { return nil }
        var text = Substring(lexed.text(index))
        while let first = text.first, first == "\"" || first == "'" || first == "`" { text = text.dropFirst() }
        while let last = text.last, last == "\"" || last == "'" || last == "`" { text = text.dropLast() }
        return String(text)
    }

    private func nodeSocketIOHandlers() -> [HTTPHandler] {
        // `X.on("event", …)` and `X.use(…)` calls: the receiver token, the event, the argument group.
        var connections: [(receiver: String, arguments: ClosedRange<Int>)] = []
        var events: [(start: Int, event: String, arguments: ClosedRange<Int>)] = []
        var uses: [(receiver: String, arguments: ClosedRange<Int>)] = []
        for index in lexed.tokens.indices where index >= 2 && lexed.tokens[index].kind == .identifier
            && lexed.token(index - 1, isPunctuation: Byte.dot)
            && (lexed.token(index, is: "on") || lexed.token(index, is: "use"))
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            // The receiver: `io` of `io.on(…)`; the call's name for `io.of("/chat").on(…)`.
            var receiverAt = index - 2
            if lexed.token(receiverAt, isPunctuation: Byte.closeParen), lexed.partner[receiverAt] < receiverAt {
                receiverAt = lexed.partner[receiverAt] - 1
                while receiverAt >= 2, lexed.token(receiverAt - 1, isPunctuation: Byte.dot) { receiverAt -= 2 }
            }
            guard receiverAt >= 0 else { continue }
            let receiver = lexed.text(receiverAt)
            if lexed.token(index, is: "use") {
                uses.append((receiver, arguments))
            } else if let event = eventName(index + 2) {
                if Self.connectionEvents.contains(event) {
                    connections.append((receiver, arguments))
                } else if !Self.libraryEvents.contains(event) {
                    events.append((receiverAt, event, arguments))
                }
            }
        }
        guard !connections.isEmpty, !events.isEmpty else { return [] }
        var result: [HTTPHandler] = []
        for event in events {
            guard let connection = connections.last(where: { $0.arguments.contains(event.start) }) else { continue }
            let statement = event.start...event.arguments.upperBound
            // What the connection handler does besides its event handlers (a check that disconnects), and the
            // server's middleware.
            let siblings = events.filter { connection.arguments.contains($0.start) }.map { $0.start...$0.arguments.upperBound }
            var guards = [statement] + UnprotectedEndpointDetector.parts(of: connection.arguments, without: siblings)
            guards += uses.filter { $0.receiver == connection.receiver && !connection.arguments.contains($0.arguments.lowerBound) }.map(\.arguments)
            result.append(HTTPHandler(
                name: "Socket.IO event \"\(event.event)\" in \(path)", statement: statement, body: statement, guardRanges: guards))
        }
        return result
    }

    private func pythonSocketIOHandlers() -> [HTTPHandler] {
        var found: [(handler: HTTPHandler, connect: Bool)] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let decorators = pythonDecorators(in: block.headerStart...(block.openToken - 1))
            // `@socketio.on("ask")`, `@sio.on("ask", namespace="/chat")`, `@sio.event` (the function names the event).
            guard let route = decorators.first(where: { decorator in
                decorator.name >= decorator.at + 3 && lexed.token(decorator.name - 1, isPunctuation: Byte.dot)
                    && ((lexed.token(decorator.name, is: "on") && decorator.arguments.map { eventName($0.lowerBound + 1) != nil } == true)
                        || (lexed.token(decorator.name, is: "event") && decorator.arguments == nil))
            }) else { continue }
            let event = route.arguments.flatMap { eventName($0.lowerBound + 1) } ?? block.nameRange.map { lexed.text($0) } ?? "event"
            if Self.libraryEvents.contains(event) { continue }
            let statement = lexed.statementSpan(of: index)
            let guards = [lexed.span(of: index)] + decorators.filter { $0.at != route.at }.map { $0.at...$0.end }
            found.append((HTTPHandler(name: "Socket.IO event \"\(event)\" in \(path)", statement: statement, body: statement, guardRanges: guards),
                          Self.connectionEvents.contains(event)))
        }
        // The `connect` handler runs before any event of the client's: a refusal there guards them all.
        let connectBodies = found.filter(\.connect).map(\.handler.statement)
        return found.map { entry in
            var handler = entry.handler
            if !entry.connect { handler.guardRanges += connectBodies }
            return handler
        }
    }
}
