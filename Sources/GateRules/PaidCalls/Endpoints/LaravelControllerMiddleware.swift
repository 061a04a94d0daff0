import GateCode

/// Middleware a Laravel controller gives its own actions: `$this->middleware('auth')->only(['store'])` in its
/// constructor (Laravel 10 and before), or the `public static function middleware(): array` of `HasMiddleware`
/// (Laravel 11: `'auth'`, `new Middleware('auth:sanctum', only: ['store'])`).
extension HandlerFinder {
    /// The guards the controller class around `method` (a token of the action's definition) gives the action named
    /// `action`: whether any authenticates or limits, and whether one limits the rate.
    func laravelControllerGuard(ofAction action: String, at method: Int) -> (auth: Bool, rateLimit: Bool)? {
        guard lexed.language == .php, lexed.tokens.indices.contains(method) else { return nil }
        // The innermost class around the action.
        var container = lexed.tokens[method].block
        while container >= 0, lexed.blocks[container].kind != .container { container = lexed.blocks[container].parent }
        guard container >= 0 else { return nil }
        var auth = false
        var rateLimit = false
        func declare(_ names: [Int], scope: RailsCallbackScope) {
            guard scope.applies(to: action) else { return }
            for name in names where containsGuardString(name...name) {
                auth = true
                if containsGuardString(name...name, rateLimitOnly: true) { rateLimit = true }
            }
        }
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function && block.parent == container {
            guard let nameRange = block.nameRange else { continue }
            let name = String(decoding: lexed.bytes[nameRange], as: UTF8.self)
            let body = lexed.span(of: index)
            if name == "__construct" {
                for cursor in body where lexed.token(cursor, is: "middleware") && lexed.token(cursor - 1, is: "->")
                    && lexed.token(cursor - 2, is: "$this") && lexed.token(cursor + 1, isPunctuation: Byte.openParen)
                    && lexed.partner[cursor + 1] > cursor + 1
                {
                    let close = lexed.partner[cursor + 1]
                    declare(strings(in: (cursor + 2)..<close), scope: chainedScope(after: close))
                }
            } else if name == "middleware" {
                for cursor in body where lexed.tokens[cursor].kind == .string {
                    declare([cursor], scope: middlewareObjectScope(around: cursor))
                }
            }
        }
        return auth ? (auth, rateLimit) : nil
    }

    private func strings(in range: Range<Int>) -> [Int] { range.filter { lexed.tokens[$0].kind == .string } }

    /// The actions `->only(…)`/`->except(…)` chained after `$this->middleware(…)` (closing at `close`) name.
    private func chainedScope(after close: Int) -> RailsCallbackScope {
        guard lexed.token(close + 1, is: "->"), lexed.token(close + 3, isPunctuation: Byte.openParen),
              lexed.partner[close + 3] > close + 3
        else { return .everyAction }
        let names = Set(strings(in: (close + 4)..<lexed.partner[close + 3]).map { lexed.text($0) })
        if lexed.token(close + 2, is: "only") { return RailsCallbackScope(filter: .only(names)) }
        if lexed.token(close + 2, is: "except") { return RailsCallbackScope(filter: .except(names)) }
        return .everyAction
    }

    /// The actions a string given to `new Middleware('auth', only: [...])` applies to (every one for a string given
    /// alone, and for the action names themselves none: they are no middleware).
    private func middlewareObjectScope(around string: Int) -> RailsCallbackScope {
        // The innermost group around the string.
        var open = string - 1
        while open >= 0, !(lexed.partner[open] > string && (lexed.token(open, isPunctuation: Byte.openParen)
            || lexed.token(open, isPunctuation: Byte.openBracket)))
        {
            open -= 1
        }
        guard open >= 2, lexed.token(open, isPunctuation: Byte.openParen), lexed.token(open - 1, is: "Middleware"),
              lexed.token(open - 2, is: "new")
        else {
            // `only: ['store']` inside the object: an action's name, not a middleware.
            if open >= 2, lexed.token(open, isPunctuation: Byte.openBracket), lexed.token(open - 1, isPunctuation: Byte.colon) {
                return RailsCallbackScope(filter: .only([]))
            }
            return .everyAction
        }
        let close = lexed.partner[open]
        for cursor in (open + 1)..<close where lexed.token(cursor + 1, isPunctuation: Byte.colon)
            && (lexed.token(cursor, is: "only") || lexed.token(cursor, is: "except"))
        {
            var names = Set<String>()
            if lexed.token(cursor + 2, isPunctuation: Byte.openBracket), lexed.partner[cursor + 2] > cursor + 2 {
                names = Set(strings(in: (cursor + 3)..<lexed.partner[cursor + 2]).map { lexed.text($0) })
            } else if lexed.tokens.indices.contains(cursor + 2), lexed.tokens[cursor + 2].kind == .string {
                names = [lexed.text(cursor + 2)]
            }
            return RailsCallbackScope(filter: lexed.token(cursor, is: "only") ? .only(names) : .except(names))
        }
        return .everyAction
    }
}
