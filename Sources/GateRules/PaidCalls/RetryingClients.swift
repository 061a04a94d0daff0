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
            if let target = assignmentTarget(before: start) { return lexed.text(target) }
            guard let open = enclosingOpenBracket(of: start) else { return nil }
            // A field of a literal: `http: retryClient.StandardClient()` in `&Service{…}`, `{ api: axios.create(…) }`.
            if lexed.token(open, isPunctuation: Byte.openBrace), start >= 2, lexed.token(start - 1, isPunctuation: Byte.colon),
               lexed.tokens[start - 2].kind == .identifier, lexed.token(start - 3, isPunctuation: Byte.openBrace) || lexed.token(start - 3, isPunctuation: Byte.comma)
            {
                return lexed.text(start - 2)
            }
            cursor = open
        }
        return nil
    }

    /// The name assigned the value starting at `start`: `client` of `client = …`, Go's `client := …` (lexed `:` `=`),
    /// Ruby's `@client ||= …`; the last of several (`err` of `req, err := …`). Nil when no assignment is there.
    private func assignmentTarget(before start: Int) -> Int? {
        guard start >= 2, lexed.token(start - 1, isPunctuation: Byte.equals) else { return nil }
        var target = start - 2
        if lexed.token(target, isPunctuation: Byte.colon) {
            target -= 1
        } else if lexed.token(target, isPunctuation: UInt8(ascii: "|")), lexed.token(target - 1, isPunctuation: UInt8(ascii: "|")) {
            target -= 2
        }
        guard target >= 0, lexed.tokens[target].kind == .identifier else { return nil }
        return target
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
            // `OpenAI::Client.new(…)` is as much a chain as `resty.New()`.
            let link = lexed.token(start, isPunctuation: Byte.dot) || lexed.token(start, is: "?.") || lexed.token(start, is: "->")
                || lexed.token(start, is: "::")
            let opens = lexed.token(start, isPunctuation: Byte.openParen) || lexed.token(start, isPunctuation: Byte.openBrace)
            if link || opens, lexed.token(previous, isPunctuation: Byte.closeParen),
               lexed.partner[previous] >= 0, lexed.partner[previous] < previous
            {
                start = lexed.partner[previous]
            } else if link || opens, lexed.tokens[previous].kind == .identifier {
                start = previous
            } else if lexed.token(previous, isPunctuation: Byte.dot) || lexed.token(previous, is: "?.") || lexed.token(previous, is: "->")
                || lexed.token(previous, is: "::")
            {
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

    /// Whether `construct` retries the paid request reported at `site`: it names no client, or the request is sent
    /// through its client (by any of the client's names), or built by the retrying package's own request constructor.
    func retries(_ construct: RetryConstruct, requestAt site: Int) -> Bool {
        guard let client = construct.client else { return true }
        let names = [client] + construct.clientAliases
        if let package = construct.requestsBuiltBy, isBuilt(at: site, by: package) {
            return names.contains { sendsRequest(at: site, through: $0) }
                || !construct.otherClients.contains { sendsRequest(at: site, through: $0) }
        }
        return names.contains { sendsRequest(at: site, through: $0) }
    }

    /// Other names a client made at `index` and assigned to `name` goes by: the names assigned what the function
    /// making it returns (`relay := newRelayClient()`; in Ruby the method itself, `def connection = Faraday.new(…)`
    /// called as `connection.post(…)`), and, for a go-retryablehttp client, the names of the `http.Client` its
    /// `StandardClient()` gives (`httpClient := retryClient.StandardClient()`).
    func clientAliases(madeAt index: Int, assignedTo name: String?) -> [String] {
        var names: [String] = name.map { [$0] } ?? []
        if let function = lexed.enclosingBlocks(of: index).first(where: { lexed.blocks[$0].kind == .function }),
           let range = lexed.blocks[function].nameRange
        {
            let maker = String(decoding: lexed.bytes[range], as: UTF8.self)
            if !Self.sharedFunctionNames.contains(maker) {
                if lexed.language.family == .ruby { names.append(maker) }
                for call in lexed.tokens.indices where lexed.tokens[call].kind == .identifier && lexed.text(call) == maker && lexed.token(call + 1, isPunctuation: Byte.openParen)
                    && !lexed.token(call - 1, is: "func") && !lexed.token(call - 1, is: "def")
                {
                    if let assigned = assignedName(around: call) { names.append(assigned) }
                }
            }
        }
        if lexed.language == .go {
            for call in lexed.tokens.indices where lexed.token(call, is: "StandardClient") && lexed.token(call + 1, isPunctuation: Byte.openParen) {
                guard let receiver = receiverName(of: call), names.contains(receiver), let standard = assignedName(around: call) else { continue }
                names.append(standard)
            }
        }
        // `http` is Go's package and Ruby's and Python's habitual name for any client: never taken for this one.
        return names.filter { $0 != name && $0 != "http" }
    }

    /// Functions every file has, whose names say nothing about the client made in them.
    private static let sharedFunctionNames: Set<String> = ["init", "main", "initialize", "__init__", "setup", "configure"]

    /// Whether the request whose URL is at `site` is made by `package`'s own request constructor
    /// (`retryablehttp.NewRequestWithContext(ctx, "POST", url, body)`).
    private func isBuilt(at site: Int, by package: String) -> Bool {
        guard let open = enclosingOpenBracket(of: site), lexed.token(open, isPunctuation: Byte.openParen), open >= 3,
              lexed.tokens[open - 1].kind == .identifier, lexed.text(open - 1).hasPrefix("NewRequest")
        else { return false }
        return receiverName(of: open - 1) == package
    }

    /// Whether the paid request reported at `site` is sent through the client named `client`: the site is the
    /// client's name (`api.post("/chat/completions")` is reported at `api`) or a call on it (`@client.chat(…)`), a
    /// name of the receiver of a call around it (`session.post("https://api.anthropic.com/…")`, `self.session.post(…)`),
    /// or, in Go, the request built around it is handed to the client (`req, err := http.NewRequest(…)`, then
    /// `client.Do(req)`).
    func sendsRequest(at site: Int, through client: String) -> Bool {
        if receiverName(of: site) == client { return true }
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
            guard let open = enclosingOpenBracket(of: inner), lexed.token(open, isPunctuation: Byte.openParen) else { break }
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
        return lexed.language == .go && handsRequest(builtAt: site, to: client)
    }

    /// Go: whether the request built around `site` (`req, err := http.NewRequestWithContext(ctx, "POST", url, body)`)
    /// is then handed to a call on `client` (`client.Do(req)`) in the same function, maybe made retryable first
    /// (`retryable, err := retryablehttp.FromRequest(req)`, then `client.Do(retryable)`).
    private func handsRequest(builtAt site: Int, to client: String) -> Bool {
        guard let open = enclosingOpenBracket(of: site), lexed.token(open, isPunctuation: Byte.openParen),
              let request = firstAssignedName(around: open - 1)
        else { return false }
        let end = lexed.enclosingBlocks(of: site).first { lexed.blocks[$0].kind == .function }.map { lexed.blocks[$0].endToken }
            ?? lexed.tokens.count - 1
        guard open < end else { return false }
        func handsOn(_ request: String, from start: Int, wrapping: Bool) -> Bool {
            for index in start..<end where lexed.tokens[index].kind == .identifier && lexed.text(index) == request
                && lexed.token(index - 1, isPunctuation: Byte.openParen)
                && (lexed.token(index + 1, isPunctuation: Byte.closeParen) || lexed.token(index + 1, isPunctuation: Byte.comma))
            {
                if receiverName(of: index - 2) == client { return true }
                if wrapping, lexed.token(index - 2, is: "FromRequest"), let wrapped = firstAssignedName(around: index - 2), wrapped != request,
                   handsOn(wrapped, from: index, wrapping: false)
                {
                    return true
                }
            }
            return false
        }
        return handsOn(request, from: open, wrapping: true)
    }

    /// The first name of the assignment the call at `callee` is the value of: `req` of `req, err := http.NewRequest(…)`.
    private func firstAssignedName(around callee: Int) -> String? {
        guard var first = assignmentTarget(before: chainStart(of: callee)) else { return nil }
        while first >= 2, lexed.token(first - 1, isPunctuation: Byte.comma), lexed.tokens[first - 2].kind == .identifier { first -= 2 }
        return lexed.text(first)
    }
}
