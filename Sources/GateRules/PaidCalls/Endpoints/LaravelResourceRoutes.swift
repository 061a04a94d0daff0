import GateCore

/// Laravel's resource routes: `Route::resource('chats', ChatController::class)` registers a route for each of the
/// controller's resource actions (`index`, `create`, `store`, `show`, `edit`, `update`, `destroy`),
/// `Route::apiResource` all but the two that render forms; `->only([…])` and `->except([…])` keep some of them.
/// Each is an endpoint of its own, reaching what that action of the controller does, and guarded by the
/// registration's chain (`->middleware('auth:sanctum')`) and the groups around it.
extension HandlerFinder {
    private static let resourceActions: [(action: String, method: String, suffix: String, api: Bool)] = [
        ("index", "GET", "", true), ("create", "GET", "/create", false), ("store", "POST", "", true),
        ("show", "GET", "/{id}", true), ("edit", "GET", "/{id}/edit", false), ("update", "PUT", "/{id}", true),
        ("destroy", "DELETE", "/{id}", true),
    ]

    func laravelResourceRoutes() -> [HTTPHandler] {
        guard ByteSearch.containsFolded(lexed.bytes, Self.resourceWord) else { return [] }
        var result: [HTTPHandler] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "resource") || lexed.token(index, is: "apiResource") {
            // `Route::resource(` or `$router->resource(` with a name and a controller class.
            guard lexed.token(index - 1, is: "::") || lexed.token(index - 1, is: "->"),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1,
                  index + 2 < lexed.tokens.count, lexed.tokens[index + 2].kind == .string,
                  case let close = lexed.partner[index + 1],
                  ((index + 3)..<close).contains(where: { lexed.token($0, is: "class") && lexed.token($0 - 1, is: "::") })
            else { continue }
            // The chain: back to its root, on over what follows (`->middleware(…)`, `->only([…])`).
            var start = index
            while start >= 2, lexed.token(start - 1, is: "::") || lexed.token(start - 1, is: "->") {
                if lexed.tokens[start - 2].kind == .identifier {
                    start -= 2
                } else if lexed.token(start - 2, isPunctuation: Byte.closeParen), lexed.partner[start - 2] >= 1, lexed.partner[start - 2] < start - 2 {
                    start = lexed.partner[start - 2] - 1
                } else {
                    break
                }
            }
            var end = close
            var only: [String]?
            var except: [String] = []
            while lexed.token(end + 1, is: "->"), lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end + 3 {
                let arguments = (end + 4)..<lexed.partner[end + 3]
                let names = arguments.filter { lexed.tokens[$0].kind == .string }.map { lexed.text($0) }
                if lexed.token(end + 2, is: "only") { only = names }
                if lexed.token(end + 2, is: "except") { except += names }
                end = lexed.partner[end + 3]
            }
            let api = lexed.token(index, is: "apiResource")
            let name = lexed.text(index + 2)
            let base = name.hasPrefix("/") ? name : "/" + name
            for route in Self.resourceActions where (route.api || !api) && (only?.contains(route.action) ?? true)
                && !except.contains(route.action)
            {
                var handler = HTTPHandler(
                    name: "\(route.method) \(base + route.suffix) (\(route.action))", statement: start...end,
                    body: (index + 1)...close, guardRanges: [start...end], path: base + route.suffix)
                handler.resourceAction = route.action
                result.append(handler)
            }
        }
        return result
    }

    private static let resourceWord = Array("resource".utf8)
}
