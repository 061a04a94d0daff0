import GateCode

/// Which HTTP client a retry setting is given to, and whether a paid request is sent through that client: axios-retry
/// attached to a payments instance retries none of the OpenAI requests another instance of the same file sends.
extension RetryScanner {
    /// The name the expression holding `index` is assigned to: `api` of `const api = axios.create({ … retry … })`,
    /// `client` of `client := resty.New().SetRetryCount(10)`, `mistral` of `val mistral = HttpClient(CIO) { install(…) }`.
    /// Climbs out of the brackets around `index` and back along member chains; nil when no assignment holds it.
    func assignedName(around index: Int) -> String? {
        var cursor = index
        // A handful of levels: an option inside a lambda inside a builder call is as deep as retry settings go.
        for _ in 0..<8 {
            let start = chainStart(of: cursor)
            if start >= 2, lexed.token(start - 1, isPunctuation: Byte.equals) || lexed.token(start - 1, is: ":="),
               !lexed.token(start - 2, isPunctuation: Byte.equals), lexed.tokens[start - 2].kind == .identifier
            {
                return lexed.text(start - 2)
            }
            guard let open = enclosingOpenBracket(of: start) else { return nil }
            cursor = open
        }
        return nil
    }

    /// The last name of the receiver the call at `callee` is made on (`client` of `client.SetRetryCount(10)` and of
    /// `this.client.SetRetryCount(10)`); nil when the receiver is a call (`resty.New().SetRetryCount(10)`).
    func receiverName(of callee: Int) -> String? {
        guard callee >= 2, lexed.token(callee - 1, isPunctuation: Byte.dot) || lexed.token(callee - 1, is: "?.")
                || lexed.token(callee - 1, is: "->"),
              lexed.tokens[callee - 2].kind == .identifier
        else { return nil }
        return lexed.text(callee - 2)
    }

    /// The first token of the member chain `index` is part of (`resty` of `resty.New().SetBaseURL(…)`, from any of
    /// its names or brackets).
    private func chainStart(of index: Int) -> Int {
        var start = index
        while start > 0 {
            let previous = start - 1
            let link = lexed.token(start, isPunctuation: Byte.dot) || lexed.token(start, is: "?.") || lexed.token(start, is: "->")
            let opens = lexed.token(start, isPunctuation: Byte.openParen) || lexed.token(start, isPunctuation: Byte.openBrace)
            if link || opens, lexed.token(previous, isPunctuation: Byte.closeParen),
               lexed.partner[previous] >= 0, lexed.partner[previous] < previous
            {
                start = lexed.partner[previous]
            } else if link || opens, lexed.tokens[previous].kind == .identifier {
                start = previous
            } else if lexed.token(previous, isPunctuation: Byte.dot) || lexed.token(previous, is: "?.") || lexed.token(previous, is: "->") {
                start = previous
            } else if lexed.token(previous, is: "new") || lexed.token(previous, is: "await") {
                start = previous
            } else {
                break
            }
        }
        return start
    }

    /// The innermost `(`, `{` or `[` around `index`, looked for among the few hundred tokens before it.
    private func enclosingOpenBracket(of index: Int) -> Int? {
        var cursor = index - 1
        while cursor >= max(0, index - 400) {
            let partner = lexed.partner[cursor]
            if partner > index,
               lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.openBrace)
                || lexed.token(cursor, isPunctuation: Byte.openBracket)
            {
                return cursor
            }
            // A group closed before `index` is skipped whole.
            if partner >= 0, partner < cursor { cursor = partner }
            cursor -= 1
        }
        return nil
    }

    /// Whether the paid request reported at `site` is sent through the client named `client`: the site is the
    /// client's name (`api.post("/chat/completions")` is reported at `api`), or a name of the receiver of a call
    /// around it (`session.post("https://api.anthropic.com/…")`, `self.session.post(…)`).
    func sendsRequest(at site: Int, through client: String) -> Bool {
        var cursor = site
        while cursor < lexed.tokens.count, lexed.tokens[cursor].kind == .identifier {
            if lexed.text(cursor) == client { return true }
            guard lexed.token(cursor + 1, isPunctuation: Byte.dot) || lexed.token(cursor + 1, is: "?.") || lexed.token(cursor + 1, is: "->")
            else { break }
            cursor += 2
        }
        // The calls around the request's URL, innermost first: `api.post(url(…))` is `api`'s.
        var inner = site
        for _ in 0..<3 {
            guard let open = enclosingOpenBracket(of: inner), lexed.token(open, isPunctuation: Byte.openParen) else { return false }
            var callee = open - 1
            while callee >= 2, lexed.tokens[callee].kind == .identifier,
                  lexed.token(callee - 1, isPunctuation: Byte.dot) || lexed.token(callee - 1, is: "?.") || lexed.token(callee - 1, is: "->")
            {
                var previous = callee - 2
                if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] > 0 { previous = lexed.partner[previous] - 1 }
                guard previous >= 0, lexed.tokens[previous].kind == .identifier else { break }
                if lexed.text(previous) == client { return true }
                callee = previous
            }
            inner = open
        }
        return false
    }
}
