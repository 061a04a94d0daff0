import GateCore
import GateCode

/// SvelteKit's server `load` functions, and what the `locals` a handle filled in guard. A `load` exported by
/// `+page.server.ts` or `+layout.server.ts` runs on the server for every GET of its page (and for each client-side
/// navigation to it, through the page's `__data.json`): one that reaches a paid call is an endpoint anyone can call.
/// Universal `+page.ts` loads run in the browser too and are not endpoints. The layouts above a `load` guard it
/// when theirs refuse (`CodeIndex.svelteKitLayoutGuard`); they do not run for form actions or `+server.ts`.
extension HandlerFinder {
    /// Whether `file` (a path's last segment) is a server module whose `load` runs on the server.
    static func isSvelteKitServerLoadModule(_ file: Substring) -> Bool {
        file.hasPrefix("+page.server.") || file.hasPrefix("+layout.server.")
    }

    /// The server `load` of a `+page.server.ts` or `+layout.server.ts`: `export const load = async ({ locals }) =>
    /// { … }`, `export const load: PageServerLoad = …`, `export async function load(event) { … }`, a wrapper's
    /// result (`export const load = withUser(async (event) => { … })`), or a function of the file exported under
    /// the name (`export const load = loadNotes`, `export { loadNotes as load }`).
    func svelteKitLoads() -> [HTTPHandler] {
        guard case .declared(let statement, let composed)? = SvelteKitHandleDeclaration(lexed, name: "load"),
              lexed.token(statement.lowerBound, is: "export") || exportsInBraces("load")
        else { return [] }
        // A prerendered page's load runs once, when the site is built, not for a request.
        if case .declared(let prerender, _)? = SvelteKitHandleDeclaration(lexed, name: "prerender"),
           prerender.contains(where: { lexed.token($0, is: "true") })
        {
            return []
        }
        var handler = HTTPHandler(name: "load in \(path)", statement: statement, body: statement, guardRanges: [statement])
        // `export const load = loadNotes` (not a wrapper's call, `= withUser(async (event) => …)`, whose argument is
        // the load), `export { loadNotes as load }`: the function of that name.
        let end = lexed.token(statement.upperBound, isPunctuation: Byte.semicolon) ? statement.upperBound - 1 : statement.upperBound
        if composed.count == 1, composed[0] != "load", statement.count == 1 || isIdentifier(end, composed[0]),
           case .declared(let function, _)? = SvelteKitHandleDeclaration(lexed, name: composed[0])
        {
            handler = HTTPHandler(name: "load in \(path)", statement: function, body: function, guardRanges: [function, statement])
        }
        handler.isSvelteKitLoad = true
        handler.declaredGuard = refusalOfSignedOutCaller(in: handler.body)
        return [handler]
    }

    /// Whether the file exports `name` in braces: `export { load }`, `export { loadNotes as load }`.
    private func exportsInBraces(_ name: String) -> Bool {
        lexed.blocks.indices.contains { block in
            let info = lexed.blocks[block]
            return info.parent == -1 && info.opener == .brace && lexed.token(info.openToken - 1, is: "export")
                && lexed.span(of: block).contains { isIdentifier($0, name) }
        }
    }

    private func isIdentifier(_ index: Int, _ name: String) -> Bool {
        let token = lexed.tokens[index]
        return token.kind == .identifier && lexed.bytes[token.start..<token.end].elementsEqual(name.utf8)
    }

    /// `handler` with the refusal of signed-out callers its body holds, if any, as its declared guard.
    func withRefusalOfSignedOutCaller(_ handler: HTTPHandler) -> HTTPHandler {
        var handler = handler
        if handler.declaredGuard == nil { handler.declaredGuard = refusalOfSignedOutCaller(in: handler.body) }
        return handler
    }

    /// A refusal of signed-out callers that names no guard word: `const { user } = await parent(); if (!user)
    /// redirect(303, "/login")`, `if (!session) throw redirect(302, "/signin")` after a project helper read it.
    /// The condition negates (or compares to nothing) a name of the user or the session, and its branch redirects.
    func refusalOfSignedOutCaller(in range: ClosedRange<Int>) -> String? {
        let tokens = lexed.tokens
        for index in range where lexed.token(index, is: "if") && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            let open = index + 1
            let close = lexed.partner[open]
            guard close > open, close < range.upperBound else { continue }
            let condition = open...close
            let testsCaller = condition.contains { name in
                guard tokens[name].kind == .identifier else { return false }
                let word = lexed.text(name).lowercased()
                guard word.contains("user") || word.contains("session") else { return false }
                // `!user`, `!data.session`, `user == null`, `!session?.user`.
                var start = name
                while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "?."),
                      tokens[start - 2].kind == .identifier
                {
                    start -= 2
                }
                if lexed.token(start - 1, isPunctuation: UInt8(ascii: "!")) { return true }
                // `== null`, `=== undefined` (one token per `=`).
                var value = name + 1
                while value < name + 4, lexed.token(value, isPunctuation: Byte.equals) { value += 1 }
                return value > name + 2 && (lexed.token(value, is: "null") || lexed.token(value, is: "undefined"))
            }
            guard testsCaller else { continue }
            // The branch: a block, or the statement on the condition's line.
            var end = close + 1
            if lexed.token(end, isPunctuation: Byte.openBrace), lexed.partner[end] > end {
                end = lexed.partner[end]
            } else {
                while end + 1 <= range.upperBound, tokens[end + 1].line == tokens[close].line || !tokens[end + 1].firstOnLine,
                      !lexed.token(end, isPunctuation: Byte.semicolon)
                {
                    end += 1
                }
            }
            if (close + 1...min(end, range.upperBound)).contains(where: {
                lexed.token($0, is: "redirect") && lexed.token($0 + 1, isPunctuation: Byte.openParen)
            }) {
                return "redirect of signed-out callers"
            }
        }
        return nil
    }

    /// The `locals.user` / `locals.session` reads of `range` (SvelteKit's and Astro's, Express's `res.locals`) that
    /// nothing checks: what a handle put on `locals` only tells who is signed in, and turns nobody away unless the
    /// handler tests it (`if (!locals.user)`, a name it was read into, a comparison) or dereferences it (which
    /// throws for a signed-out caller); and the request's `req.auth` that express-jwt or Clerk loaded, tested alike.
    /// Each is its one token, for `containsGuard` to skip.
    func uncheckedLocalsReads(in range: ClosedRange<Int>) -> [ClosedRange<Int>] {
        guard lexed.language.isJavaScriptLike else { return [] }
        let tokens = lexed.tokens
        let candidates = guardTokenCandidates(in: range)
        var result: [ClosedRange<Int>] = []
        for index in candidates where tokens[index].kind == .identifier {
            // `({ locals: { safeGetSession } })`: the reader taken off `locals`, whose call is judged where it is
            // made (`uncheckedSessionReads`), not the name it is bound to.
            if !lexed.token(index + 1, isPunctuation: Byte.openParen), !lexed.token(index - 1, isPunctuation: Byte.dot),
               HandlerFinder.sessionReads.contains(lexed.bytes[tokens[index].start..<tokens[index].end]), readsLocals(index)
            {
                result.append(index...index)
                continue
            }
            // What auth middleware put on the request (`req.auth` of express-jwt and Clerk) tells who is signed in
            // the same way; a signed-out caller's may be set (Clerk's, with no `userId`), so using it checks nothing.
            if lexed.token(index, is: "auth"), readsRequestAuth(index) {
                if !localsReadIsChecked(index, through: range.upperBound, dereferenceChecks: false) { result.append(index...index) }
                continue
            }
            guard lexed.token(index, is: "user") || lexed.token(index, is: "session"), readsLocals(index) else { continue }
            if !localsReadIsChecked(index, through: range.upperBound) { result.append(index...index) }
        }
        return result
    }

    /// Whether `auth` token `index` is read off the request (`req.auth`, `request.auth?.sub`), not set or called.
    private func readsRequestAuth(_ index: Int) -> Bool {
        guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "req") || lexed.token(index - 2, is: "request"),
              !lexed.token(index - 3, isPunctuation: Byte.dot), !lexed.token(index + 1, isPunctuation: Byte.openParen)
        else { return false }
        // `req.auth = payload` in a middleware of the project's own sets it for a check.
        return !(lexed.token(index + 1, isPunctuation: Byte.equals) && !lexed.token(index + 2, isPunctuation: Byte.equals))
    }

    /// Whether the `locals` read at token `index` is tested before use: see `uncheckedLocalsReads`. A dereference
    /// (`locals.user.id`) counts as a check only where `dereferenceChecks`: it throws for a signed-out caller.
    func localsReadIsChecked(_ index: Int, through end: Int, dereferenceChecks: Bool = true) -> Bool {
        let tokens = lexed.tokens
        guard lexed.token(index - 1, isPunctuation: Byte.dot) else {
            // Destructured: `const { user } = locals`, `({ locals: { session } })`, `{ user: viewer }`.
            let block = tokens[index].block
            guard block >= 0 else { return true }
            let close = lexed.partner[lexed.blocks[block].openToken]
            guard close > index else { return true }
            let name = lexed.token(index + 1, isPunctuation: Byte.colon) && tokens[index + 2].kind == .identifier
                ? lexed.text(index + 2) : lexed.text(index)
            return checks([name], from: close + 1, through: end)
        }
        // `event.locals.user`: the chain's first token.
        var start = index
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot) || lexed.token(start - 1, is: "?."),
              tokens[start - 2].kind == .identifier
        {
            start -= 2
        }
        if lexed.token(start - 1, isPunctuation: UInt8(ascii: "!")) { return true }
        // Dereferenced without `?.` (`locals.user.id`, `locals.user!.id`): a signed-out caller's request throws.
        if dereferenceChecks, lexed.token(index + 1, isPunctuation: Byte.dot)
            || (lexed.token(index + 1, isPunctuation: UInt8(ascii: "!")) && lexed.token(index + 2, isPunctuation: Byte.dot))
        {
            return true
        }
        // The chain's last token (`locals.session?.user?.id`), then what follows it.
        var last = index
        while lexed.token(last + 1, is: "?.") || lexed.token(last + 1, isPunctuation: Byte.dot), last + 2 < tokens.count,
              tokens[last + 2].kind == .identifier
        {
            last += 2
        }
        // Compared (`===`, `!=`), tested (`&&`, a ternary's `?`); the lexer gives each byte of these its own token.
        let next = last + 1
        func punctuation(_ offset: Int, _ byte: Unicode.Scalar) -> Bool { lexed.token(next + offset, isPunctuation: UInt8(ascii: byte)) }
        if punctuation(0, "=") && punctuation(1, "=") || punctuation(0, "!") && punctuation(1, "=")
            || punctuation(0, "&") && punctuation(1, "&") || punctuation(0, "?") && !punctuation(1, "?")
        {
            return true
        }
        // A default (`locals.session?.userId ?? null`) checks nothing; a refusal in its place does.
        if punctuation(0, "?") && punctuation(1, "?") || punctuation(0, "|") && punctuation(1, "|") {
            return lexed.token(next + 2, is: "error") || lexed.token(next + 2, is: "redirect")
        }
        // In a condition, or handed to a check (`assertUser(locals.user)`).
        let block = tokens[index].block
        if block >= 0, lexed.blocks[block].opener == .paren, lexed.blocks[block].openToken >= 1 {
            let before = lexed.blocks[block].openToken - 1
            if lexed.token(before, is: "if") || lexed.token(before, is: "while")
                || (tokens[before].kind == .identifier && containsGuardToken(before...before))
            {
                return true
            }
        }
        // Read into a name: `const user = locals.user`, then that name is what is checked.
        if lexed.token(start - 1, isPunctuation: Byte.equals), start >= 3, tokens[start - 2].kind == .identifier,
           lexed.token(start - 3, is: "const") || lexed.token(start - 3, is: "let") || lexed.token(start - 3, is: "var")
        {
            return checks([lexed.text(start - 2)], from: last + 1, through: end)
        }
        // Destructured from it: `const { userId } = req.auth`, then the names it binds (not its keys).
        if lexed.token(start - 1, isPunctuation: Byte.equals), start >= 2, lexed.token(start - 2, isPunctuation: Byte.closeBrace) {
            let open = lexed.partner[start - 2]
            guard open >= 1, open < start - 2,
                  lexed.token(open - 1, is: "const") || lexed.token(open - 1, is: "let") || lexed.token(open - 1, is: "var")
            else { return false }
            let names = Set((open + 1..<start - 2)
                .filter { tokens[$0].kind == .identifier && !lexed.token($0 + 1, isPunctuation: Byte.colon) }
                .map { lexed.text($0) })
            return checks(names, from: last + 1, through: end)
        }
        return false
    }

}
