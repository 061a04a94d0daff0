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
            guard lexed.language.isJavaScriptLike else { return [] }
            var found: [HTTPHandler] = []
            if ByteSearch.containsFolded(lexed.bytes, Self.socketIONodeWord) {
                found = nodeSocketIOHandlers()
            } else if socketIORegistrationGuard != nil, ByteSearch.containsFolded(lexed.bytes, Self.socketWord) {
                // A file that only defines handlers for a socket it is handed (`registerChatHandlers(io, socket)`).
                found = registeredSocketIOHandlers(nodeEventCalls())
            }
            if Self.wsPackageWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) }) { found += nodeWebSocketHandlers() }
            return found
        default:
            return []
        }
    }

    private static let socketIOPythonWord = Array("socketio".utf8)
    private static let socketWord = Array("socket".utf8)
    /// The `ws` package imported or required (`from "ws"`, `require('ws')`).
    private static let wsPackageWords = [Array("\"ws\"".utf8), Array("'ws'".utf8)]
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

    /// `X.on("event", …)` and `X.use(…)` calls of the file: the receiver (its whole chain, `io`, `io.of("/chat")`,
    /// `io.engine`, so that a namespace's middleware guards only its own connections), where the receiver chain
    /// starts, its first name, the event (nil for `use`) and the argument group.
    private func nodeEventCalls() -> [(receiver: String, root: String, start: Int, event: String?, arguments: ClosedRange<Int>)] {
        var result: [(receiver: String, root: String, start: Int, event: String?, arguments: ClosedRange<Int>)] = []
        for index in lexed.tokens.indices where index >= 2 && lexed.tokens[index].kind == .identifier
            && lexed.token(index - 1, isPunctuation: Byte.dot)
            && (lexed.token(index, is: "on") || lexed.token(index, is: "use"))
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            // The receiver: `io` of `io.on(…)`; `io.of("/chat")` of `io.of("/chat").on(…)`; `io.engine`.
            var start = index - 2
            while start >= 0 {
                if lexed.token(start, isPunctuation: Byte.closeParen), lexed.partner[start] >= 1, lexed.partner[start] < start {
                    start = lexed.partner[start] - 1
                } else if start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) {
                    start -= 2
                } else {
                    break
                }
            }
            guard start >= 0, start <= index - 2 else { continue }
            let receiver = (start...(index - 2)).map { lexed.text($0) }.joined()
            let event = lexed.token(index, is: "use") ? nil : eventName(index + 2)
            if lexed.token(index, is: "on"), event == nil { continue }
            result.append((receiver, lexed.text(start), start, event, arguments))
        }
        return result
    }

    /// The first parameter of the callback handed to a `.on("connection", …)` call: `socket` of `(socket) => …`,
    /// `async socket => …`, `function onConnection(ws, req) { … }`.
    private func callbackParameter(_ arguments: ClosedRange<Int>) -> String? {
        var cursor = arguments.lowerBound + 2
        guard lexed.token(cursor, isPunctuation: Byte.comma) else { return nil }
        cursor += 1
        if lexed.token(cursor, is: "async") { cursor += 1 }
        if lexed.token(cursor, is: "function") {
            cursor += 1
            if lexed.tokens.indices.contains(cursor), lexed.tokens[cursor].kind == .identifier { cursor += 1 }
        }
        if lexed.token(cursor, isPunctuation: Byte.openParen) { cursor += 1 }
        guard cursor < arguments.upperBound, lexed.tokens[cursor].kind == .identifier else { return nil }
        return lexed.text(cursor)
    }

    /// Calls of the file's own functions that hand them the connection's socket, outside `excluded`:
    /// `registerChatHandlers(io, socket)`, whose `socket.on(…)` handlers (in another file, often) run for each event
    /// the client emits. The call's range, from its name to its closing parenthesis.
    private func socketHandingCalls(in arguments: ClosedRange<Int>, socket: String, excluded: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for index in arguments where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && !lexed.token(index - 1, isPunctuation: Byte.dot) && !lexed.token(index - 1, is: "new")
            && !lexed.token(index - 1, is: "function") && lexed.partner[index + 1] > index + 1
        {
            let close = lexed.partner[index + 1]
            guard close <= arguments.upperBound, !excluded.contains(where: { $0.contains(index) }) else { continue }
            let handsSocket = ((index + 2)..<close).contains { argument in
                lexed.text(argument) == socket
                    && (lexed.token(argument - 1, isPunctuation: Byte.openParen) || lexed.token(argument - 1, isPunctuation: Byte.comma))
                    && (lexed.token(argument + 1, isPunctuation: Byte.closeParen) || lexed.token(argument + 1, isPunctuation: Byte.comma))
            }
            if handsSocket { result.append(index...close) }
        }
        return result
    }

    func nodeSocketIOHandlers() -> [HTTPHandler] {
        let calls = nodeEventCalls()
        let connections = calls.filter { $0.event.map(Self.connectionEvents.contains) == true }
        // A file that only defines handlers for a socket it is handed (`import type { Socket } from "socket.io"`).
        guard !connections.isEmpty else { return socketIORegistrationGuard == nil ? [] : registeredSocketIOHandlers(calls) }
        let events = calls.filter { call in call.event.map { !Self.connectionEvents.contains($0) && !Self.libraryEvents.contains($0) } == true }
        let uses = calls.filter { $0.event == nil }
        var result: [HTTPHandler] = []
        // What guards a connection's handlers: what the connection handler does besides them (a check that
        // disconnects), its namespace's middleware (`io.use(…)`, `io.of("/chat").use(…)`) and the engine's
        // (`io.engine.use(…)`, run for every namespace's handshake).
        func guards(of connection: (receiver: String, root: String, start: Int, event: String?, arguments: ClosedRange<Int>),
                    handlers: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
            UnprotectedEndpointDetector.parts(of: connection.arguments, without: handlers)
                + uses.filter { use in
                    (use.receiver == connection.receiver || use.receiver == connection.root + ".engine")
                        && !connection.arguments.contains(use.arguments.lowerBound)
                }.map(\.arguments)
        }
        for event in events {
            guard let connection = connections.last(where: { $0.arguments.contains(event.start) }) else { continue }
            let statement = event.start...event.arguments.upperBound
            let siblings = events.filter { connection.arguments.contains($0.start) }.map { $0.start...$0.arguments.upperBound }
            var handler = HTTPHandler(
                name: "Socket.IO event \"\(event.event ?? "")\" in \(path)", statement: statement, body: statement,
                guardRanges: [statement] + guards(of: connection, handlers: siblings))
            handler.guardedOnlyByItsServer = true
            handler.declaredGuard = callbackParameter(connection.arguments).flatMap {
                connectionRefusal(in: connection.arguments, socket: $0, outside: siblings)
            }
            result.append(handler)
        }
        // Handlers of the file's own functions handed a socket, outside any connection handler.
        if socketIORegistrationGuard != nil {
            result += registeredSocketIOHandlers(calls.filter { call in !connections.contains { $0.arguments.contains(call.start) } })
        }
        // Handlers a function registers for the connection's socket (`io.on("connection", (socket) =>
        // registerChatHandlers(io, socket))`): each such call is an endpoint reaching what its handlers call.
        for connection in connections {
            guard let socket = callbackParameter(connection.arguments) else { continue }
            let siblings = events.filter { connection.arguments.contains($0.start) }.map { $0.start...$0.arguments.upperBound }
            let inner = connections.filter { $0.start > connection.start && connection.arguments.contains($0.start) }.map(\.arguments)
            for call in socketHandingCalls(in: connection.arguments, socket: socket, excluded: siblings + inner) {
                var handler = HTTPHandler(
                    name: "Socket.IO handlers of \(lexed.text(call.lowerBound)) in \(path)", statement: call, body: call,
                    guardRanges: guards(of: connection, handlers: siblings + [call]))
                handler.declaredGuard = connectionRefusal(in: connection.arguments, socket: socket, outside: siblings + [call])
                result.append(handler)
            }
        }
        return result
    }

    /// `socket.on("event", …)` handlers a function registers for the socket it is handed (`export function
    /// registerChatHandlers(io, socket) { socket.on("chat:ask", …) }`): endpoints where a Socket.IO connection handler
    /// of the project calls the function with its socket, guarded as that connection handler is
    /// (`socketIORegistrationGuard`), and by their own checks.
    private func registeredSocketIOHandlers(
        _ calls: [(receiver: String, root: String, start: Int, event: String?, arguments: ClosedRange<Int>)]
    ) -> [HTTPHandler] {
        guard let registrationGuard = socketIORegistrationGuard else { return [] }
        var judged: [String: String??] = [:]
        var result: [HTTPHandler] = []
        for event in calls {
            guard let name = event.event, !Self.connectionEvents.contains(name), !Self.libraryEvents.contains(name) else { continue }
            // The function around it, whose parameters name the receiver.
            var block = lexed.tokens[event.start].block
            while block >= 0, lexed.blocks[block].kind != .function { block = lexed.blocks[block].parent }
            guard block >= 0 else { continue }
            let header = lexed.blocks[block].headerStart
            let open = lexed.blocks[block].openToken
            guard header >= 0, header < open,
                  (header..<open).contains(where: { lexed.tokens[$0].kind == .identifier && lexed.text($0) == event.receiver })
            else { continue }
            var function: String?
            if let range = lexed.blocks[block].nameRange {
                function = String(decoding: lexed.bytes[range], as: UTF8.self)
            } else if lexed.token(header - 1, isPunctuation: Byte.equals), header >= 2, lexed.tokens[header - 2].kind == .identifier {
                function = lexed.text(header - 2)
            }
            guard let function else { continue }
            if judged[function] == nil { judged[function] = .some(registrationGuard(function)) }
            guard let known = judged[function], let guardText = known else { continue }
            let statement = event.start...event.arguments.upperBound
            var handler = HTTPHandler(
                name: "Socket.IO event \"\(name)\" in \(path)", statement: statement, body: statement, guardRanges: [statement])
            handler.declaredGuard = guardText
            handler.guardedOnlyByItsServer = true
            result.append(handler)
        }
        return result
    }

    /// A check of the connection handler's, outside its event handlers, that drops the connection of a caller it
    /// cannot identify: `if (!userId) { socket.disconnect(true); return; }`, `if (!user) { ws.close(1008); return }`.
    /// Its description, or nil.
    private func connectionRefusal(in arguments: ClosedRange<Int>, socket: String, outside handlers: [ClosedRange<Int>]) -> String? {
        for index in arguments where lexed.token(index, is: "if") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 1 && !handlers.contains(where: { $0.contains(index) })
        {
            let close = lexed.partner[index + 1]
            let condition = (index + 2)..<close
            let negated = condition.contains { lexed.token($0, isPunctuation: UInt8(ascii: "!")) || lexed.token($0, is: "null") || lexed.token($0, is: "undefined") }
            let namesCaller = condition.contains { position in
                guard lexed.tokens[position].kind == .identifier else { return false }
                let word = Array(lexed.bytes[lexed.tokens[position].start..<lexed.tokens[position].end])
                return Self.callerWords.contains { ByteSearch.containsFolded(word, $0) }
            }
            guard negated, namesCaller else { continue }
            // What the check does: its block, or its statement.
            var end = close + 1
            if lexed.token(end, isPunctuation: Byte.openBrace), lexed.partner[end] > end {
                end = lexed.partner[end]
            } else {
                while end < arguments.upperBound, !lexed.token(end, isPunctuation: Byte.semicolon),
                      lexed.tokens[end].line == lexed.tokens[close].line { end += 1 }
            }
            guard end <= arguments.upperBound else { continue }
            for call in (close + 1)...end where lexed.text(call) == socket && lexed.token(call + 1, isPunctuation: Byte.dot)
                && (lexed.token(call + 2, is: "disconnect") || lexed.token(call + 2, is: "close") || lexed.token(call + 2, is: "terminate"))
            {
                return "the connection handler drops an unidentified caller (\(path):\(lexed.tokens[call].line))"
            }
        }
        return nil
    }

    private static let callerWords = ["user", "session", "auth", "token", "account", "claims", "principal", "identity", "viewer", "member"]
        .map { Array($0.utf8) }

    /// How the Socket.IO connection handlers of the project that hand their socket to function `name` are guarded:
    /// nil when none does, `.some(nil)` when one is open, else the first one's guard (`socketIORegistrationGuard`).
    static func socketIORegistrationGuard(of name: String, index: CodeIndex) -> String?? {
        let needle = Array(name.utf8)
        let files = index.project.configuration("socketio-server-files") { () -> [String] in
            index.project.paths.filter { path in
                guard let language = SourceLanguage(path: path), language.isJavaScriptLike, !path.contains("node_modules/"),
                      let bytes = index.project.contents(of: path)
                else { return false }
                return ByteSearch.containsFolded(bytes, socketIONodeWord)
            }
        }
        var found: String?? = nil
        for path in files {
            guard let bytes = index.project.contents(of: path), ByteSearch.containsFolded(bytes, needle),
                  let lexed = index.lexedFile(path), let facts = index.facts(of: path)
            else { continue }
            var finder = HandlerFinder(lexed: lexed, path: path)
            finder.guardTokens = index.guardTokensOfMiddleware(facts, lexed: lexed)
            let prefix = "Socket.IO handlers of \(name) in "
            for handler in finder.nodeSocketIOHandlers() where handler.name.hasPrefix(prefix) {
                if let declared = handler.declaredGuard { found = found ?? .some(declared); continue }
                let guarded = handler.guardRanges.first(where: finder.containsGuard)
                guard let guarded else { return .some(nil) }
                found = found ?? .some("\(path):\(lexed.tokens[guarded.lowerBound].line)")
            }
        }
        return found
    }

    /// The `ws` package's servers: each message a client sends over a connection runs the connection's
    /// `ws.on("message", …)` handler (or the body of its `for await (const message of ws)` loop), as a request runs a
    /// route's, so each is an endpoint. Guarded by its own checks and the connection handler's (one that closes the
    /// socket of a caller it cannot identify), by the server's `verifyClient` option, and by the HTTP server's
    /// `upgrade` handler, which refuses the handshake before `wss.handleUpgrade(…)` (`socket.write("HTTP/1.1 401
    /// Unauthorized…"); socket.destroy()`).
    private func nodeWebSocketHandlers() -> [HTTPHandler] {
        let calls = nodeEventCalls()
        let connections = calls.filter { $0.event == "connection" }
        guard !connections.isEmpty else { return [] }
        let messages = calls.filter { $0.event == "message" }
        // The server's handshake checks: `server.on("upgrade", …)` handlers, the `verifyClient` option's value.
        var handshake = calls.filter { $0.event == "upgrade" }.map(\.arguments)
        for index in lexed.tokens.indices where lexed.token(index, is: "verifyClient") && lexed.token(index + 1, isPunctuation: Byte.colon) {
            var end = index + 2
            while end < lexed.tokens.count, !lexed.token(end, isPunctuation: Byte.comma), !lexed.token(end, isPunctuation: Byte.closeBrace) {
                end = lexed.partner[end] > end ? lexed.partner[end] + 1 : end + 1
            }
            if end - 1 >= index + 2 { handshake.append((index + 2)...(end - 1)) }
        }
        var result: [HTTPHandler] = []
        for connection in connections {
            guard let socket = callbackParameter(connection.arguments) else { continue }
            var handlers: [ClosedRange<Int>] = messages.filter { message in
                connection.arguments.contains(message.start) && message.receiver == socket
            }.map { $0.start...$0.arguments.upperBound }
            // `for await (const message of ws) { … }`, `for await (const [data] of on(ws, "message")) { … }`.
            for index in connection.arguments where lexed.token(index, is: "for") && lexed.token(index + 1, is: "await")
                && lexed.token(index + 2, isPunctuation: Byte.openParen) && lexed.partner[index + 2] > index + 2
            {
                let open = lexed.partner[index + 2] + 1
                guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
                      let iterated = lexed.webSocketIterated(byLoopOpening: open), lexed.text(iterated) == socket
                else { continue }
                handlers.append(index...lexed.partner[open])
            }
            let around = UnprotectedEndpointDetector.parts(of: connection.arguments, without: handlers)
            let refusal = connectionRefusal(in: connection.arguments, socket: socket, outside: handlers)
            for handler in handlers {
                var found = HTTPHandler(
                    name: "WebSocket message handler in \(path)", statement: handler, body: handler,
                    guardRanges: [handler] + around + handshake)
                found.declaredGuard = refusal
                found.guardedOnlyByItsServer = true
                result.append(found)
            }
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
