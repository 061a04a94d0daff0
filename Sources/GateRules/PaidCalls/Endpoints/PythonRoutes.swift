import GateCore

/// Python routes: decorated functions (FastAPI, Flask, DRF) and Django views.
extension HandlerFinder {
    func pythonDecoratedRoutes() -> [HTTPHandler] {
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.headerStart < block.openToken {
            let decorators = block.headerStart..<block.openToken
            let route = decorators.first { cursor in
                lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                    && HandlerFinder.pythonRouteDecorators.contains(lexed.bytes[lexed.tokens[cursor].start..<lexed.tokens[cursor].end])
            } ?? decorators.first { lexed.token($0, is: "api_view") }
            guard let route else { continue }
            let routePath = lexed.tokens.indices.contains(route + 2) && lexed.tokens[route + 2].kind == .string
                ? " " + lexed.text(route + 2) : ""
            let statement = lexed.statementSpan(of: index)
            result.append(HTTPHandler(
                name: "\(lexed.text(route).uppercased())\(routePath)", statement: statement, body: statement,
                guardRanges: [statement]))
        }
        return result
    }

    func djangoViews() -> [HTTPHandler] {
        guard path.hasSuffix("views.py") || path.contains("/views/") else { return [] }
        var result: [HTTPHandler] = []
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            // `def view(request, …)` or `def post(self, request, …)`.
            var cursor = block.openToken + 2
            guard lexed.token(cursor, isPunctuation: Byte.openParen) else { continue }
            cursor += 1
            if lexed.token(cursor, is: "self") { cursor += 2 }
            guard lexed.token(cursor, is: "request") else { continue }
            var guards = [lexed.statementSpan(of: index)]
            if block.parent >= 0, lexed.blocks[block.parent].kind == .container {
                let container = lexed.blocks[block.parent]
                guards.append(container.headerStart...min(container.endToken, container.openToken + 12))
            }
            let name = block.nameRange.map { lexed.text($0) } ?? "view"
            let statement = lexed.statementSpan(of: index)
            result.append(HTTPHandler(name: "view \(name)", statement: statement, body: statement, guardRanges: guards))
        }
        return result
    }
}
