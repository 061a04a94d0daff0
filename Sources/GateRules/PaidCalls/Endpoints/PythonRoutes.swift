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
                ? " " + routerPrefix(of: route - 2) + lexed.text(route + 2) : ""
            let statement = lexed.statementSpan(of: index)
            result.append(HTTPHandler(
                name: "\(routeMethod(route))\(routePath)", statement: statement, body: statement,
                guardRanges: [statement]))
        }
        return result
    }

    /// The method a route decorator names: `@router.post` → `POST`; Flask's `@bp.route("/x", methods=["POST"])` →
    /// its first method, `GET` without any (Flask's default).
    private func routeMethod(_ decorator: Int) -> String {
        guard lexed.token(decorator, is: "route") || lexed.token(decorator, is: "api_route") else {
            return lexed.text(decorator).uppercased()
        }
        let close = lexed.partner[decorator + 1]
        guard close > decorator + 1 else { return "ROUTE" }
        for cursor in (decorator + 2)..<close where lexed.token(cursor, is: "methods") {
            guard lexed.token(cursor + 1, isPunctuation: Byte.equals), lexed.tokens.indices.contains(cursor + 3),
                  lexed.tokens[cursor + 3].kind == .string
            else { break }
            return lexed.text(cursor + 3).uppercased()
        }
        return lexed.token(decorator, is: "route") ? "GET" : "ROUTE"
    }

    /// The path prefix of the router a decorator's receiver names, where this file makes it:
    /// `router = APIRouter(prefix="/chat")`, `bp = Blueprint("ai", __name__, url_prefix="/ai")`; "" otherwise.
    private func routerPrefix(of receiver: Int) -> String {
        guard receiver >= 0, lexed.tokens[receiver].kind == .identifier else { return "" }
        let name = lexed.bytes[lexed.tokens[receiver].start..<lexed.tokens[receiver].end]
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.tokens[index].firstOnLine {
            guard lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(name),
                  lexed.token(index + 1, isPunctuation: Byte.equals),
                  lexed.token(index + 2, is: "APIRouter") || lexed.token(index + 2, is: "Blueprint"),
                  lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] > index + 3
            else { continue }
            for cursor in (index + 4)..<lexed.partner[index + 3]
            where (lexed.token(cursor, is: "prefix") || lexed.token(cursor, is: "url_prefix"))
                && lexed.token(cursor + 1, isPunctuation: Byte.equals) && lexed.tokens.indices.contains(cursor + 2)
                && lexed.tokens[cursor + 2].kind == .string
            {
                return lexed.text(cursor + 2)
            }
            return ""
        }
        return ""
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
