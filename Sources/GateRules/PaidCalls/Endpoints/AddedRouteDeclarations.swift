import GateCode
import GateCore

/// A route declaration the change adds to a handler that was there already and reached a paid call all along:
/// `@PostMapping("/summarize")` put on a Spring method that called the model, NestJS's `@Post()`, ASP.NET's
/// `[HttpPost]`, `@app.post("/x")` on a Python function. The paid call is not the change's, but the route that makes
/// it reachable is: a guarded one is `paid-call-reach` at the declaration (an open one is the endpoint rule's).
extension UnprotectedEndpointDetector {
    /// The words that declare a route in an annotation, attribute or decorator.
    private static let routeDeclarationWords = WordSet(
        HandlerFinder.routeMethodNames + [
            "GetMapping", "PostMapping", "PutMapping", "PatchMapping", "DeleteMapping", "RequestMapping", "HttpGet",
            "HttpPost", "HttpPut", "HttpPatch", "HttpDelete", "Route", "route", "api_route", "api_view", "action",
        ])

    /// The line of the route declaration the change adds to an existing handler: the lines it adds in the handler are
    /// its first ones only (its annotations or decorators), the rest neither added to nor deleted from, the lines it
    /// deletes there declared no route (an edited declaration — a path renamed, a verb changed — is no new route), and
    /// one of the added lines declares the route (an added guard annotation is not one). Nil otherwise.
    static func routeDeclarationAdded(_ handler: HTTPHandler, file: SourceFile, lexed: LexedSource) -> Int? {
        let lines = lexed.tokens[handler.statement.lowerBound].line...lexed.tokens[handler.statement.upperBound].line
        var prefixEnd = lines.lowerBound
        while prefixEnd <= lines.upperBound, file.adds(prefixEnd) { prefixEnd += 1 }
        guard prefixEnd > lines.lowerBound, prefixEnd <= lines.upperBound,
              file.firstAddedLine(in: prefixEnd...lines.upperBound) == nil, file.firstDeletion(within: prefixEnd...lines.upperBound) == nil,
              let hunk = file.change.hunk(containingNewLine: lines.lowerBound)
        else { return nil }
        // Lines the hunk deletes that declared a route too: the declaration was edited (`[NonAction]` made
        // `[HttpPost]` is a new route; `@GetMapping` made `@PostMapping` is not).
        var deleted: [UInt8] = []
        hunk.lines.forEachText { kind, line in
            guard kind == .deleted else { return }
            deleted.append(contentsOf: line)
            deleted.append(0x0A)
        }
        if !deleted.isEmpty {
            let before = Lexer.lex(deleted, language: lexed.language)
            guard firstRouteDeclaration(in: before.tokens.indices, of: before) == nil else { return nil }
        }
        var prefix = handler.statement.lowerBound
        while prefix <= handler.statement.upperBound, lexed.tokens[prefix].line < prefixEnd { prefix += 1 }
        return firstRouteDeclaration(in: handler.statement.lowerBound..<prefix, of: lexed).map { lexed.tokens[$0].line }
    }

    /// The first token of `range` naming a route in an annotation, attribute or decorator (`@PostMapping`, `[HttpPost`,
    /// `@app.post`).
    private static func firstRouteDeclaration(in range: Range<Int>, of lexed: LexedSource) -> Int? {
        range.first { index in
            let token = lexed.tokens[index]
            return token.kind == .identifier && routeDeclarationWords.contains(lexed.bytes[token.start..<token.end])
                && (lexed.token(index - 1, isPunctuation: Byte.at) || lexed.token(index - 1, isPunctuation: Byte.openBracket)
                    || lexed.token(index - 1, isPunctuation: Byte.dot))
        }
    }
}
