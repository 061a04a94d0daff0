import GateCore

/// Reading who is signed in refuses nobody: `const session = await getServerSession(authOptions)` guards a
/// handler only when the handler then checks what it read (`if (!session) return …`, `if (!userId)`, a name derived
/// from it, or the value handed to a check). An unchecked read leaves the route open to anyone.
extension HandlerFinder {
    /// Calls that read the session or the user without refusing anyone (NextAuth's `getServerSession` and `auth()`,
    /// Clerk's `auth()`/`currentUser()`, Supabase's `auth.getUser()`, iron-session, the T3 stack's helper). Calls
    /// that refuse by themselves (`requireUser()`, Clerk's `auth.protect()`) are not among them.
    static let sessionReads = WordSet([
        "auth", "getServerSession", "getServerAuthSession", "getSession", "currentUser", "getCurrentUser", "getAuth",
        "getUser", "getToken", "getIronSession", "getUserSession", "safeGetSession",
    ])

    /// Calls of a rate limiter (the receiver named by a rate-limit word) that answer whether the caller is over the
    /// limit and refuse nobody themselves: Upstash's and Unkey's `ratelimit.limit(id)` (`{ success, remaining }`),
    /// `blockUntilReady`, sveltekit-rate-limiter's `isLimited(event)`, limiter's `tryRemoveTokens(1)`. Those that
    /// throw for a caller over the limit (rate-limiter-flexible's `consume(ip)`) are not among them.
    /// In Python: the `limits` package's `limiter.hit(item, key)` and `limiter.test(…)` (a bool),
    /// upstash-ratelimit's `await ratelimit.limit(id)` (a response whose `allowed` says) and `block_until_ready`,
    /// and slowapi's or Flask-Limiter's `limiter.limit("5/minute")` called rather than applied as a decorator (it
    /// only makes the decorator).
    static let rateLimitAnswers = WordSet(["limit", "blockUntilReady", "isLimited", "tryRemoveTokens", "hit", "test", "block_until_ready"])

    /// The statements of `range` that read the session into names the rest of `range` never checks (JavaScript and
    /// TypeScript): their guard words are no guard. So are those that ask a rate limiter (`rateLimitAnswers`) and
    /// never check its answer, or drop it (`await ratelimit.limit(ip);`). `readers` name functions of the project
    /// read as session reads too: they return who is signed in unchecked (`requireUser()` whose body is `return session?.user`), so only a
    /// check of what they return guards, and a call of one whose result is not kept (`await requireUser()`) or is
    /// handed on (`return getViewer()`) is unchecked as well.
    ///
    /// In Python only rate limiters are judged so: `limiter.hit(item, key)` as a statement of its own, or
    /// `allowed = …` never tested, refuses nobody; `if not limiter.hit(…): raise HTTPException(429)` does.
    func uncheckedSessionReads(in range: ClosedRange<Int>, readers: Set<String> = []) -> [ClosedRange<Int>] {
        let python = lexed.language == .python
        guard lexed.language.isJavaScriptLike || python else { return [] }
        let tokens = lexed.tokens
        var result: [ClosedRange<Int>] = []
        // Every read worth discounting is a guard token (a read that is none guards nothing anyway): with the file's
        // guard tokens known, only they are looked at, not every token of every handler.
        var candidates = guardTokenCandidates(in: range)
        if !readers.isEmpty {
            // Readers need not have a guard's name (`getViewer()`).
            let calls = range.filter { tokens[$0].kind == .identifier && lexed.token($0 + 1, isPunctuation: Byte.openParen) && readers.contains(lexed.text($0)) }
            candidates = Array(Set(candidates + calls)).sorted()
        }
        for candidate in candidates where candidate + 1 < tokens.count && tokens[candidate].kind == .identifier {
            // The guard word may be the read's receiver rather than the read: `supabase.auth.getUser()`.
            let index = lexed.token(candidate + 1, isPunctuation: Byte.dot) && candidate + 3 < tokens.count
                && tokens[candidate + 2].kind == .identifier && lexed.token(candidate + 3, isPunctuation: Byte.openParen)
                ? candidate + 2 : candidate
            let isReader = !readers.isEmpty && readers.contains(lexed.text(index))
            let asksRateLimiter = index == candidate + 2
                && HandlerFinder.isRateLimitWord(lexed.bytes[tokens[candidate].start..<tokens[candidate].end])
                && HandlerFinder.rateLimitAnswers.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
            guard lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index,
                  isReader || asksRateLimiter || !python && (HandlerFinder.sessionReads.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
                    || readsAuthKitSession(index))
            else { continue }
            // `const NAME = [await] [supabase.auth.]read(…)` or `const { userId } = …`.
            var cursor = index
            while cursor >= 2, lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 1, is: "?."),
                  tokens[cursor - 2].kind == .identifier
            {
                cursor -= 2
            }
            if lexed.token(cursor - 1, is: "await") { cursor -= 1 }
            // The read dereferenced in place, parenthesised or not: `getAuth(req).userId`, `(await auth()).userId`.
            var end = lexed.partner[index + 1]
            if lexed.token(cursor - 1, isPunctuation: Byte.openParen), lexed.partner[cursor - 1] == end + 1 {
                cursor -= 1
                end += 1
            }
            var dereferenced = false
            var methodCalled = false
            while end + 2 < tokens.count, lexed.token(end + 1, isPunctuation: Byte.dot) || lexed.token(end + 1, is: "?."),
                  tokens[end + 2].kind == .identifier
            {
                // A method of what was read refuses or answers by itself (Clerk's `auth().protect()`, `has(…)`);
                // a promise's `then`/`catch` is no dereference.
                if lexed.token(end + 3, isPunctuation: Byte.openParen) {
                    methodCalled = !Self.promiseMethods.contains(lexed.text(end + 2))
                    break
                }
                end += 2
                dereferenced = true
            }
            // What it answers called in place (Flask-Limiter's `limiter.limit("5/minute")(blueprint)` applies the
            // decorator it makes): no answer dropped.
            if methodCalled || lexed.token(end + 1, isPunctuation: Byte.openParen) { continue }
            // NextAuth v5's route (and middleware) wrapper `auth(async (req) => { … })` only puts the session on the
            // request (`req.auth`, null for a signed-out caller) and runs the handler for everyone: it guards only
            // where the handler tests what it was given.
            if !python, !isReader, !asksRateLimiter, lexed.token(index, is: "auth"),
               let handler = wrappedHandler(from: index + 2, before: lexed.partner[index + 1])
            {
                if let pattern = handler.destructured {
                    // `auth(async ({ auth, nextUrl }) => …)`: the session goes by the name the pattern binds to `auth`.
                    let names = sessionNames(boundIn: pattern)
                    if !names.isEmpty, testsDestructuredSession(names, in: handler.body) { continue }
                    result.append(index...index)
                    result.append(pattern)
                    for later in handler.body where tokens[later].kind == .identifier && names.contains(lexed.text(later)) {
                        result.append(later...later)
                    }
                } else if !testsRequestAuth(handler) {
                    result.append(index...index)
                }
                continue
            }
            if dereferenced, !lexed.token(cursor - 1, isPunctuation: Byte.equals) {
                // A field of the read used in place (`log(getAuth(req).userId)`) guards only where it is tested
                // (`if (!(await auth()).userId)`).
                if !isChecked(from: cursor, through: end) { result.append(cursor...end) }
                continue
            }
            guard cursor >= 3, lexed.token(cursor - 1, isPunctuation: Byte.equals) else {
                // A reader called as a statement of its own (`await requireUser();`), whose result is not kept, or
                // returned, whose result its caller checks or not; a rate limiter asked so too, and WorkOS AuthKit's
                // `await withAuth();` (only `ensureSignedIn: true`, no read, refuses anybody).
                let ownStatement = lexed.tokens[cursor].firstOnLine || lexed.token(cursor - 1, isPunctuation: Byte.semicolon)
                    || lexed.token(cursor - 1, isPunctuation: Byte.openBrace) || lexed.token(cursor - 1, isPunctuation: Byte.closeBrace)
                let readsAuthKit = !python && lexed.token(index, is: "withAuth")
                if (isReader || asksRateLimiter) && (ownStatement || lexed.token(cursor - 1, is: "return"))
                    || readsAuthKit && ownStatement
                {
                    result.append(cursor...lexed.partner[index + 1])
                }
                continue
            }
            var start = cursor - 2
            var names: Set<String> = []
            if tokens[start].kind == .identifier {
                names.insert(lexed.text(start))
            } else if lexed.token(start, isPunctuation: Byte.closeBrace), lexed.partner[start] < start, lexed.partner[start] >= 0 {
                // The names a destructuring binds, not its keys (`{ data: { user } }` binds `user`).
                for name in lexed.partner[start]..<start where tokens[name].kind == .identifier
                    && !lexed.token(name + 1, isPunctuation: Byte.colon)
                {
                    names.insert(lexed.text(name))
                }
                start = lexed.partner[start]
            } else {
                continue
            }
            // Python binds without a keyword: `allowed = limiter.hit(…)` on a line of its own.
            guard python ? tokens[start].firstOnLine && tokens[start].kind == .identifier
                : start >= 1 && (lexed.token(start - 1, is: "const") || lexed.token(start - 1, is: "let")
                    || lexed.token(start - 1, is: "var"))
            else { continue }
            // Another read handed a function (a callback) is judged by what the callback does.
            let arguments = (index + 1)...lexed.partner[index + 1]
            if arguments.contains(where: { lexed.token($0, is: "function") || lexed.token($0, is: "=>") }) { continue }
            let statement = (python ? start : start - 1)...end
            guard !checks(names, from: statement.upperBound + 1, through: range.upperBound) else { continue }
            result.append(statement)
            // The names it binds, used later unchecked, are no guard either when they hold a guard word (`const auth =
            // getAuth(c)`, then `auth?.userId ?? "anonymous"`).
            for later in candidates where later > statement.upperBound && tokens[later].kind == .identifier
                && !lexed.token(later + 1, isPunctuation: Byte.openParen) && names.contains(lexed.text(later))
            {
                result.append(later...later)
            }
        }
        if python { return result.sorted { $0.lowerBound < $1.lowerBound } }
        return (result + uncheckedLocalsReads(in: range)).sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The function handed first to a call whose arguments run from token `first` to `close` (its `)`): `async
    /// (req) => { … }`, `req => …`, `async function POST(req: NextAuthRequest) { … }`, with the token of its first
    /// parameter when that is a plain name, or the braces of its first parameter when that is destructured
    /// (`async ({ auth, nextUrl }) => …`); nil when the first argument is no function.
    private func wrappedHandler(
        from first: Int, before close: Int
    ) -> (request: Int?, body: ClosedRange<Int>, destructured: ClosedRange<Int>?)? {
        let tokens = lexed.tokens
        var cursor = first
        if lexed.token(cursor, is: "async") { cursor += 1 }
        var declared = false
        if lexed.token(cursor, is: "function") {
            declared = true
            cursor += 1
            if cursor < close, tokens[cursor].kind == .identifier, lexed.token(cursor + 1, isPunctuation: Byte.openParen) { cursor += 1 }
        }
        guard cursor + 1 < close else { return nil }
        if !declared, tokens[cursor].kind == .identifier, lexed.token(cursor + 1, is: "=>") {
            return (cursor, (cursor + 2)...(close - 1), nil)
        }
        guard lexed.token(cursor, isPunctuation: Byte.openParen), case let parameters = lexed.partner[cursor],
              parameters > cursor, parameters < close - 1,
              declared || lexed.token(parameters + 1, is: "=>") || lexed.token(parameters + 1, isPunctuation: Byte.colon)
        else { return nil }
        let request = tokens[cursor + 1].kind == .identifier && cursor + 1 < parameters ? cursor + 1 : nil
        var destructured: ClosedRange<Int>?
        if lexed.token(cursor + 1, isPunctuation: Byte.openBrace), lexed.partner[cursor + 1] > cursor + 1, lexed.partner[cursor + 1] < parameters {
            destructured = (cursor + 1)...lexed.partner[cursor + 1]
        }
        return (request, (parameters + 1)...(close - 1), destructured)
    }

    /// The names a destructured request binds its session to: `{ auth }` → `auth`, `{ auth: session }` → `session`.
    private func sessionNames(boundIn pattern: ClosedRange<Int>) -> Set<String> {
        var names: Set<String> = []
        let outer = lexed.tokens[pattern.lowerBound + 1].block
        for key in (pattern.lowerBound + 1)..<pattern.upperBound where lexed.token(key, is: "auth") && lexed.tokens[key].block == outer
            && (lexed.token(key - 1, isPunctuation: Byte.openBrace) || lexed.token(key - 1, isPunctuation: Byte.comma))
        {
            if lexed.token(key + 1, isPunctuation: Byte.colon) {
                if lexed.tokens[key + 2].kind == .identifier { names.insert(lexed.text(key + 2)) }
            } else {
                names.insert("auth")
            }
        }
        return names
    }

    /// Whether a wrapped handler tests the session it destructured from its request under one of `names`: negated
    /// (`if (!auth)`, `!session?.user`), in a condition, compared or a ternary's condition (`auth?.user ? … : …`),
    /// or read into a name that is (`const user = auth?.user` then `if (!user)`). A default (`auth?.user?.email ??
    /// "anonymous"`) tests nothing.
    private func testsDestructuredSession(_ names: Set<String>, in body: ClosedRange<Int>) -> Bool {
        if checks(names, from: body.lowerBound, through: body.upperBound) { return true }
        let tokens = lexed.tokens
        return body.contains { index in
            guard tokens[index].kind == .identifier, !lexed.token(index - 1, isPunctuation: Byte.dot), !lexed.token(index - 1, is: "?."),
                  names.contains(lexed.text(index))
            else { return false }
            var last = index
            while lexed.token(last + 1, is: "?.") || lexed.token(last + 1, isPunctuation: Byte.dot), last + 2 <= body.upperBound,
                  tokens[last + 2].kind == .identifier
            {
                last += 2
            }
            return isChecked(from: index, through: last)
        }
    }

    /// Whether the wrapped `handler` tests the session on its request (`if (!req.auth)`, `req.auth?.user ? … : …`,
    /// `const session = req.auth` then `if (!session?.user)`); reading it with a default (`req.auth?.user?.email ??
    /// "anon"`) tests nothing.
    private func testsRequestAuth(_ handler: (request: Int?, body: ClosedRange<Int>, destructured: ClosedRange<Int>?)) -> Bool {
        guard let request = handler.request else { return false }
        let name = lexed.bytes[lexed.tokens[request].start..<lexed.tokens[request].end]
        return handler.body.contains { index in
            guard lexed.token(index, is: "auth"), index >= 2, lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "?."),
                  lexed.tokens[index - 2].kind == .identifier, !lexed.token(index - 3, isPunctuation: Byte.dot),
                  lexed.bytes[lexed.tokens[index - 2].start..<lexed.tokens[index - 2].end].elementsEqual(name)
            else { return false }
            return localsReadIsChecked(index, through: handler.body.upperBound, dereferenceChecks: false)
        }
    }

    /// Whether token `index` calls WorkOS AuthKit's `withAuth()` (@workos-inc/authkit-nextjs), which answers who is
    /// signed in (`user` null for a signed-out caller) and refuses nobody unless told `ensureSignedIn: true`. A
    /// `withAuth(handler)` wrapper, or one in a file that does not import AuthKit, is the project's own.
    private func readsAuthKitSession(_ index: Int) -> Bool {
        guard lexed.token(index, is: "withAuth"), !lexed.token(index - 1, isPunctuation: Byte.dot),
              lexed.token(index + 1, isPunctuation: Byte.openParen), case let close = lexed.partner[index + 1], close > index
        else { return false }
        if close != index + 2 {
            // Options only: `withAuth({ ensureSignedIn: false })`.
            guard lexed.token(index + 2, isPunctuation: Byte.openBrace), lexed.partner[index + 2] == close - 1 else { return false }
            let ensures = (index + 3..<close).contains { key in
                lexed.token(key, is: "ensureSignedIn") && lexed.token(key + 1, isPunctuation: Byte.colon) && !lexed.token(key + 2, is: "false")
            }
            if ensures { return false }
        }
        return ByteSearch.containsFolded(lexed.bytes, Self.authKitModule)
    }

    private static let authKitModule = Array("@workos-inc/authkit-nextjs".utf8)

    private static let promiseMethods: Set<String> = ["then", "catch", "finally"]

    /// The tokens of `range` a guard may be read from: the file's guard tokens within it when they are known,
    /// else every token of it.
    func guardTokenCandidates(in range: ClosedRange<Int>) -> [Int] {
        guard let guardTokens else { return Array(range) }
        let first = guardTokens.partitionPoint { $0 < range.lowerBound }
        return Array(guardTokens[first...].prefix { $0 <= range.upperBound })
    }

    /// Whether tokens `from...through` check one of `names`: negated, compared, tested by an `if`, `while` or
    /// ternary, or handed to a guard (`assertSignedIn(session)`); a name assigned from one of them is followed too.
    func checks(_ names: Set<String>, from start: Int, through end: Int) -> Bool {
        guard start <= end else { return false }
        var names = names
        let tokens = lexed.tokens
        for index in start...end where tokens[index].kind == .identifier && names.contains(lexed.text(index)) {
            if lexed.token(index - 1, isPunctuation: UInt8(ascii: "!")) || lexed.token(index - 1, is: "not") { return true }
            if isTested(after: index) { return true }
            let block = tokens[index].block
            if block >= 0, lexed.blocks[block].opener == .paren, lexed.blocks[block].openToken >= 1 {
                let before = lexed.blocks[block].openToken - 1
                if lexed.token(before, is: "if") || lexed.token(before, is: "while") || (tokens[before].kind == .identifier && containsGuardToken(before...before)) {
                    return true
                }
            }
            // `const userId = session?.user?.id`: the derived name is the one checked.
            var line = index
            while line > start, tokens[line - 1].line == tokens[index].line { line -= 1 }
            if lexed.token(line, is: "const") || lexed.token(line, is: "let") || lexed.token(line, is: "var"),
               tokens[line + 1].kind == .identifier, lexed.token(line + 2, isPunctuation: Byte.equals), line + 1 != index
            {
                names.insert(lexed.text(line + 1))
            }
            if lexed.language == .python {
                // Python's conditions take no parentheses: `if response.allowed:`, `assert allowed`.
                if lexed.token(line, is: "if") || lexed.token(line, is: "elif") || lexed.token(line, is: "while")
                    || lexed.token(line, is: "assert")
                {
                    return true
                }
                if tokens[line].kind == .identifier, lexed.token(line + 1, isPunctuation: Byte.equals),
                   !lexed.token(line + 2, isPunctuation: Byte.equals), line != index
                {
                    names.insert(lexed.text(line))
                }
            }
        }
        return false
    }

    /// Whether the operator after token `index` tests it: compared (`==`, `===`, `!=`, `!==`), required for what
    /// follows (`session && …`) or a ternary's condition (`session ? … : …`); a default (`session ?? …`,
    /// `session || …`) or an optional chain (`session?.user`) tests nothing. The lexer gives each of these bytes a
    /// token of its own, so the operators are read byte by byte.
    func isTested(after index: Int) -> Bool {
        let equals = Byte.equals, bang = UInt8(ascii: "!"), question = UInt8(ascii: "?"), ampersand = UInt8(ascii: "&")
        if lexed.token(index + 1, isPunctuation: equals) || lexed.token(index + 1, isPunctuation: bang) {
            return lexed.token(index + 2, isPunctuation: equals)
        }
        if lexed.token(index + 1, isPunctuation: ampersand) { return lexed.token(index + 2, isPunctuation: ampersand) }
        return lexed.token(index + 1, isPunctuation: question) && !lexed.token(index + 2, isPunctuation: question)
            && !lexed.token(index + 2, isPunctuation: Byte.dot)
    }
}
