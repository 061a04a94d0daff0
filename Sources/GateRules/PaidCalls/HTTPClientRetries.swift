import GateCode
import GateCore

/// HTTP clients made to retry the requests sent through them, which a file then sends paid requests with: each
/// retry of a failed request to a paid API is paid again.
///
/// - Go: hashicorp/go-retryablehttp's client (`retryablehttp.NewClient()`) retries every method, POST included, on
///   connection errors, 429 and 5xx: 4 retries unless the file sets `RetryMax`.
/// - JavaScript: axios-retry (`axiosRetry(api, { retries: 10, retryCondition })`) retries 3 times by default, but a POST
///   only on a network error unless a `retryCondition` says more: only a configuration that gives one is read.
/// - JavaScript: retry-axios (`rax.attach(api)` with a `raxConfig`), got and ky (`retry: { limit, methods }`) retry 3,
///   2 and 2 times by default, and none of them a POST unless its methods list it (`httpMethodsToRetry`, `methods`):
///   only a configuration listing POST is read. retry-axios told to retry 4xx statuses retries deterministic failures.
/// - Go: resty's `SetRetryCount(N)`: N + 1 attempts of every method. Without an `AddRetryCondition` resty v2 still
///   retries a request whose sending failed (`err != nil`: a timeout, a reset connection), and a POST that timed out
///   after the provider began the work is paid again.
/// - Ruby: Faraday's retry middleware (`f.request :retry, max: N, methods: [:post]`, in a ruby-openai client's block
///   too) retries 2 times by default, a POST only when its `methods` list it.
/// - Kotlin: Ktor's `install(HttpRequestRetry) { retryOnServerErrors(maxRetries = 10) }` retries any request, a POST
///   included, `maxRetries` times (3 by default: 4 attempts, above the default bound as any library's 3 retries are).
/// - Python: urllib3's `Retry` mounted on a requests session (`HTTPAdapter(max_retries=Retry(total=10, …))`) retries
///   `total` times (10 by default), a POST only when `allowed_methods` (`method_whitelist` before urllib3 1.26) lists it
///   or is `None`/`False` (every method).
///
/// The client is usually made once and used by the file's functions: the retries apply to the paid HTTP requests the
/// file sends through that client (not to its SDK calls, which go through the SDK's own client, nor to a plain client
/// beside it), except Faraday's, which a Ruby SDK's client (ruby-openai's block) can be given.
extension RetryScanner {
    private static let retryableHTTPWord = Array("retryablehttp".utf8)
    private static let axiosRetryWord = Array("axios-retry".utf8)
    private static let urllib3Word = Array("urllib3".utf8)
    private static let retryAxiosWord = Array("retry-axios".utf8)
    private static let ktorRetryWord = Array("httprequestretry".utf8)
    private static let restyRetryWord = Array("setretrycount".utf8)
    private static let retryWord = Array("retry".utf8)
    /// The module names got and ky are imported by, quoted (`from "got"`, `require('ky')`), got's first.
    private static let gotOrKyModules = ["\"got\"", "'got'", "\"ky\"", "'ky'"].map { Array($0.utf8) }

    func httpClientRetries() -> [RetryConstruct] {
        switch lexed.language {
        case .go:
            var result: [RetryConstruct] = []
            if ByteSearch.containsFolded(lexed.bytes, Self.retryableHTTPWord, within: 4_096) {
                let own = retryableHTTPClients()
                result += own.isEmpty ? retryableHTTPRequestsForPackageClients() : own
            }
            if ByteSearch.containsFolded(lexed.bytes, Self.restyRetryWord) { result += restyRetries() }
            return result
        case .ruby where ByteSearch.containsFolded(lexed.bytes, Self.retryWord):
            return faradayRetries()
        case _ where lexed.language.isJavaScriptLike:
            var result: [RetryConstruct] = []
            if ByteSearch.containsFolded(lexed.bytes, Self.axiosRetryWord, within: 4_096) { result += axiosRetries() }
            // retry-axios is imported at the top of the file that attaches it (`import * as rax from "retry-axios"`).
            if ByteSearch.containsFolded(lexed.bytes, Self.retryAxiosWord, within: 4_096) { result += retryAxiosConfigs() }
            if Self.gotOrKyModules.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0, within: 4_096) }) {
                result += gotAndKyRetries()
            }
            return result
        case .python where ByteSearch.containsFolded(lexed.bytes, Self.urllib3Word, within: 4_096):
            return urllib3Retries()
        case .kotlin where ByteSearch.containsFolded(lexed.bytes, Self.ktorRetryWord):
            return ktorRequestRetries()
        default:
            return []
        }
    }

    /// `retryablehttp.NewClient()`: 5 attempts, or one more than the `RetryMax` the file gives (`client.RetryMax = 10`).
    /// Each client retries the requests sent through it (`retryClient.Do(req)`, `retryClient.Post(url, …)`, through
    /// its `StandardClient()`) and those built by `retryablehttp.NewRequest`, which only its clients send; not those
    /// of a plain `http.Client` of the same file. A client the file gives no name retries all its paid requests.
    private func retryableHTTPClients() -> [RetryConstruct] {
        let made = lexed.tokens.indices.filter { index in
            lexed.token(index, is: "NewClient") && lexed.token(index - 1, isPunctuation: Byte.dot)
                && lexed.token(index - 2, is: "retryablehttp") && lexed.token(index + 1, isPunctuation: Byte.openParen)
        }
        // `client.RetryMax = 10` or `RetryMax: 10` in a literal; a count the file does not give leaves the default.
        let settings = lexed.tokens.indices.filter { index in
            lexed.token(index, is: "RetryMax") && (lexed.token(index + 1, isPunctuation: Byte.equals) || lexed.token(index + 1, isPunctuation: Byte.colon))
        }
        func function(of index: Int) -> Int? { lexed.enclosingBlocks(of: index).first { lexed.blocks[$0].kind == .function } }
        // Functions that make a client (`func newRelay() *retryablehttp.Client { c := retryablehttp.NewClient(); c.RetryMax
        // = 10; return c }`): a setting in one is that client's, whatever name the others give theirs.
        let makers = made.map(function(of:))
        let clients = made.map { index in
            let name = assignedName(around: index)
            return (name: name, aliases: clientAliases(madeAt: index, assignedTo: name))
        }
        return made.indices.map { position in
            let index = made[position]
            let (name, aliases) = clients[position]
            let names = (name.map { [$0] } ?? []) + aliases
            // The setting on this client's names, made in its own function before any other; with one client, any
            // setting of the file.
            let own = settings.filter { receiverName(of: $0).map(names.contains) ?? false }
            let maker = makers[position]
            let setting = own.first { maker != nil && function(of: $0) == maker }
                ?? own.first { setting in function(of: setting).map { !makers.contains($0) } ?? true }
                ?? (made.count == 1 ? settings.first : nil)
            let retries = setting.flatMap { lexed.integer($0 + 2) ?? lexed.constantInteger($0 + 2) } ?? 4
            // The file's other clients: a request built for any of them is theirs once sent through one.
            let others = clients.indices.filter { $0 != position }
                .flatMap { [clients[$0].name].compactMap { $0 } + clients[$0].aliases }.filter { !names.contains($0) }
            return RetryConstruct(
                kind: "retryablehttp client", line: lexed.tokens[index].line, scope: nil, attempts: retries + 1,
                settingLines: setting.map { [lexed.tokens[$0].line] } ?? [], retriesHTTPRequestsOnly: true,
                client: name, clientAliases: aliases, requestsBuiltBy: "retryablehttp", otherClients: others)
        }
    }

    /// A Go file making no retryablehttp client whose requests are built for one (`retryablehttp.NewRequest…(…)`,
    /// `retryablehttp.FromRequest(req)`) and sent through a client another file of its package makes (`retryClient.Do(req)`
    /// beside `var retryClient = newRetryClient()` in http.go): retried as that client retries. Its making being in
    /// the other file, the finding is at the paid requests it sends (line 0 is no line of the file). The client is
    /// found by the name the file sends through, else it is the package's only one.
    private func retryableHTTPRequestsForPackageClients() -> [RetryConstruct] {
        guard lexed.tokens.indices.contains(where: { index in
            lexed.token(index + 1, isPunctuation: Byte.openParen) && receiverName(of: index) == "retryablehttp"
                && (lexed.text(index).hasPrefix("NewRequest") || lexed.token(index, is: "FromRequest"))
        }) else { return [] }
        let clients = goPackageRetryingClients()
        guard !clients.isEmpty else { return [] }
        func names(of client: RetryConstruct) -> [String] { (client.client.map { [$0] } ?? []) + client.clientAliases }
        let senders = Set(lexed.tokens.indices.compactMap { index in
            lexed.token(index, is: "Do") && lexed.token(index + 1, isPunctuation: Byte.openParen) ? receiverName(of: index) : nil
        })
        var used = clients.filter { !senders.isDisjoint(with: names(of: $0.construct)) }
        if used.isEmpty, clients.count == 1 { used = clients }
        return used.map { client in
            var construct = client.construct
            construct.kind = "retryablehttp client of \(client.path):\(construct.line)"
            construct.line = 0
            construct.settingLines = []
            construct.otherClients = clients.filter { $0.construct.line != client.construct.line || $0.path != client.path }
                .flatMap { names(of: $0.construct) }.filter { !names(of: client.construct).contains($0) }
            return construct
        }
    }

    /// The retryablehttp clients a Go file makes, for the other files of its package (`retryableHTTPClients`).
    func retryableHTTPClientsMade() -> [RetryConstruct] {
        ByteSearch.containsFolded(lexed.bytes, Self.retryableHTTPWord, within: 4_096) ? retryableHTTPClients() : []
    }

    /// `axiosRetry(instance, { retries: N, retryCondition: … })`: N + 1 attempts (N is 3 by default).
    private func axiosRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "axiosRetry") && !lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            // Given as `retryCondition: (error) => …` or by shorthand.
            guard arguments.contains(where: { lexed.token($0, is: "retryCondition") }) else { continue }
            let retries = keywordColon("retries", in: arguments).flatMap { lexed.integer($0) ?? lexed.constantInteger($0) } ?? 3
            // `axiosRetry(api, …)` retries the requests of `api` alone; `axiosRetry(axios, …)` those of the default instance.
            let instance = lexed.tokens[index + 2].kind == .identifier && lexed.token(index + 3, isPunctuation: Byte.comma)
                ? lexed.text(index + 2) : nil
            result.append(RetryConstruct(
                kind: "axiosRetry()", line: lexed.tokens[index].line, scope: nil, attempts: retries + 1, retriesHTTPRequestsOnly: true,
                client: instance))
        }
        return result
    }

    /// retry-axios: `raxConfig: { retry: N, httpMethodsToRetry: ["POST"], … }` (on `axios.create`, `defaults.raxConfig = …`
    /// or one request's config) with `rax.attach(…)` in the file: N + 1 attempts (N is 3 by default).
    private func retryAxiosConfigs() -> [RetryConstruct] {
        let attachments = lexed.tokens.indices.filter { lexed.token($0, is: "attach") && lexed.token($0 + 1, isPunctuation: Byte.openParen) }
        guard !attachments.isEmpty else { return [] }
        // `rax.attach(api)` retries the requests of `api` alone, `rax.attach()` those of the default instance; two
        // attachments leave the client unsaid.
        let instance: String? = attachments.count == 1
            ? (lexed.token(attachments[0] + 2, isPunctuation: Byte.closeParen) ? "axios"
                : lexed.tokens[attachments[0] + 2].kind == .identifier && lexed.token(attachments[0] + 3, isPunctuation: Byte.closeParen)
                    ? lexed.text(attachments[0] + 2) : nil)
            : nil
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "raxConfig")
            && (lexed.token(index + 1, isPunctuation: Byte.colon) || lexed.token(index + 1, isPunctuation: Byte.equals))
            && lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
        {
            let options = (index + 2)...lexed.partner[index + 2]
            guard let methods = keywordColon("httpMethodsToRetry", in: options), listsPost(at: methods) else { continue }
            let retries = keywordColon("retry", in: options).flatMap { lexed.integer($0) ?? lexed.constantInteger($0) } ?? 3
            // `statusCodesToRetry: [[400, 599]]`: a bad request or a refused key is sent again, and paid again.
            let clientErrors = keywordColon("statusCodesToRetry", in: options).map { codes in
                (codes...max(codes, lexed.partner[codes])).contains { lexed.integer($0).map { (400..<500).contains($0) } ?? false }
            } ?? false
            result.append(RetryConstruct(
                kind: "retry-axios raxConfig" + (clientErrors ? " (4xx responses retried too)" : ""), line: lexed.tokens[index].line,
                scope: nil, attempts: retries + 1, retriesHTTPRequestsOnly: true, client: instance))
        }
        return result
    }

    /// got and ky: `retry: { limit: N, methods: ["POST", …] }` in a client's or a request's options: N + 1 attempts (N
    /// is 2 by default). A bare `retry: N` keeps the default methods, which retry no POST.
    private func gotAndKyRetries() -> [RetryConstruct] {
        let library = Self.gotOrKyModules.prefix(2).contains(where: { ByteSearch.containsFolded(lexed.bytes, $0, within: 4_096) }) ? "got" : "ky"
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "retry") && lexed.token(index + 1, isPunctuation: Byte.colon)
            && lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
        {
            let options = (index + 2)...lexed.partner[index + 2]
            guard let methods = keywordColon("methods", in: options), listsPost(at: methods) else { continue }
            let limit = keywordColon("limit", in: options)
            let retries = limit.map { lexed.integer($0) ?? lexed.constantInteger($0) } ?? 2
            guard let retries else { continue }
            // Options of a client (`got.extend({ … })`, `ky.create({ … })`) retry the requests sent through the name it is
            // given; options of one request (`got.post(url, { retry })`) retry that request.
            var scope: ClosedRange<Int>?
            var client: String?
            if let open = enclosingArguments(of: index) {
                if lexed.token(open.lowerBound - 1, is: "extend") || lexed.token(open.lowerBound - 1, is: "create") {
                    client = assignedName(around: open.lowerBound - 1)
                } else {
                    scope = open
                }
            }
            result.append(RetryConstruct(
                kind: "\(library) retry (POST included)", line: lexed.tokens[index].line, scope: scope,
                attempts: retries + 1, settingLines: limit.map { [lexed.tokens[$0].line] } ?? [], retriesHTTPRequestsOnly: true,
                client: client))
        }
        return result
    }

    /// resty: `client.SetRetryCount(N)`, with or without an `AddRetryCondition(…)`: N + 1 attempts.
    private func restyRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "SetRetryCount") && lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen)
        {
            guard let retries = lexed.integer(index + 2) ?? lexed.constantInteger(index + 2) else { continue }
            result.append(RetryConstruct(
                kind: "resty SetRetryCount", line: lexed.tokens[index].line, scope: nil, attempts: retries + 1,
                retriesHTTPRequestsOnly: true, client: receiverName(of: index) ?? assignedName(around: index)))
        }
        return result
    }

    /// Faraday: `request :retry, max: N, methods: […, :post]` (or `request(:retry, …)`): N + 1 attempts (N is 2 by default).
    private func faradayRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "request") && lexed.token(index - 1, isPunctuation: Byte.dot) {
            var cursor = index + 1
            let parenthesized = lexed.token(cursor, isPunctuation: Byte.openParen)
            if parenthesized { cursor += 1 }
            guard lexed.token(cursor, isPunctuation: Byte.colon), lexed.token(cursor + 1, is: "retry") else { continue }
            // The options: to the closing parenthesis, else to the end of the line (a trailing comma continues it).
            let end: Int
            if parenthesized, lexed.partner[index + 1] > index + 1 {
                end = lexed.partner[index + 1]
            } else {
                var last = cursor + 1
                while last + 1 < lexed.tokens.count,
                      lexed.tokens[last + 1].line == lexed.tokens[last].line || lexed.token(last, isPunctuation: Byte.comma)
                {
                    last = lexed.partner[last + 1] > last + 1 ? lexed.partner[last + 1] : last + 1
                }
                end = last
            }
            let options = (cursor + 2)...max(cursor + 2, end)
            guard let methods = keywordColon("methods", in: options) else { continue }
            // `[:get, :post]`, `%i[get post]`, `["POST"]`.
            let methodsEnd = lexed.partner[methods] > methods ? lexed.partner[methods] : methods
            let listsPost = (methods...methodsEnd).contains { cursor in
                lexed.token(cursor, is: "post") || (lexed.tokens[cursor].kind == .string
                    && lexed.text(cursor).lowercased().split(whereSeparator: { $0 == " " || $0.isNewline }).contains("post"))
            }
            guard listsPost else { continue }
            let limit = keywordColon("max", in: options)
            guard let retries = limit.map({ lexed.integer($0) ?? lexed.constantInteger($0) }) ?? 2 else { continue }
            let client = faradayClient(configuredAt: index)
            result.append(RetryConstruct(
                kind: "Faraday retry (POST included)", line: lexed.tokens[index].line, scope: nil, attempts: retries + 1,
                client: client, clientAliases: client.map { clientAliases(madeAt: index, assignedTo: $0) } ?? []))
        }
        return result
    }

    /// The name of the connection or SDK client whose middleware the `request` at `index` configures: `openai` of
    /// `@openai = Faraday.new(url: …) do |f| f.request :retry, … end` (or `OpenAI::Client.new(…) do |f|`, a `{ |f| … }`
    /// block), `conn` of `conn.request :retry, …`. Nil when the file does not say (a `RackBuilder` handed on).
    private func faradayClient(configuredAt index: Int) -> String? {
        guard let receiver = receiverName(of: index) else { return nil }
        // The block the receiver is the parameter of, and the construction the block is given to.
        for block in lexed.enclosingBlocks(of: index) where lexed.blocks[block].kind == .function {
            let open = lexed.blocks[block].openToken
            guard lexed.token(open, is: "do") || lexed.token(open, isPunctuation: Byte.openBrace),
                  lexed.token(open + 1, isPunctuation: UInt8(ascii: "|")), open + 2 < lexed.tokens.count, lexed.tokens[open + 2].kind == .identifier, lexed.text(open + 2) == receiver
            else { continue }
            var callee = open - 1
            if lexed.token(callee, isPunctuation: Byte.closeParen), lexed.partner[callee] >= 0, lexed.partner[callee] < callee {
                callee = lexed.partner[callee] - 1
            }
            guard lexed.token(callee, is: "new") else { return nil }
            return assignedName(around: callee)
        }
        return receiver
    }

    /// Ktor: `install(HttpRequestRetry) { retryOnServerErrors(maxRetries = N) }` (or `maxRetries = N` set in the block):
    /// N + 1 attempts of every request the client sends; 3 retries when the plugin is installed without a count
    /// (`install(HttpRequestRetry)`, `retryOnServerErrors()`).
    private func ktorRequestRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "HttpRequestRetry") && lexed.token(index - 1, isPunctuation: Byte.openParen)
            && lexed.token(index - 2, is: "install") && lexed.token(index + 1, isPunctuation: Byte.closeParen)
        {
            let configured = lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
            let set = configured
                ? ((index + 2)...lexed.partner[index + 2]).first { lexed.token($0, is: "maxRetries") && lexed.token($0 + 1, isPunctuation: Byte.equals) }
                : nil
            let retries: Int
            if let set {
                // A count the file does not give (`maxRetries = config.retries`) is left alone.
                guard let given = lexed.integer(set + 2) ?? lexed.constantInteger(set + 2) else { continue }
                retries = given
            } else {
                retries = Self.ktorDefaultRetries
            }
            result.append(RetryConstruct(
                kind: set == nil ? "Ktor HttpRequestRetry (\(retries) retries by default)" : "Ktor HttpRequestRetry",
                line: lexed.tokens[set ?? index].line, scope: nil, attempts: retries + 1,
                settingLines: [lexed.tokens[index].line], retriesHTTPRequestsOnly: true,
                client: assignedName(around: index)))
        }
        return result
    }

    /// The retries Ktor's HttpRequestRetry allows unless `maxRetries` says.
    private static let ktorDefaultRetries = 3

    /// Whether the list at `index` (`["POST"]`, `["get", "post"]`) names POST.
    private func listsPost(at index: Int) -> Bool {
        guard lexed.token(index, isPunctuation: Byte.openBracket), lexed.partner[index] > index else { return false }
        return (index...lexed.partner[index]).contains { lexed.tokens[$0].kind == .string && lexed.text($0).uppercased() == "POST" }
    }

    /// urllib3's `Retry(total=N, allowed_methods=[…, "POST"])`: N + 1 attempts of a POST (N is 10 by default).
    private func urllib3Retries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "Retry") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 1 && !lexed.token(index - 1, is: "def") && !lexed.token(index - 1, is: "class")
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            guard let methods = keyword("allowed_methods", in: arguments) ?? keyword("method_whitelist", in: arguments),
                  retriesPost(methodsAt: methods)
            else { continue }
            let total = keyword("total", in: arguments)
            // `total=None` defers to the per-kind counts: unbounded unless they are given; `total=False` retries nothing.
            if let total, lexed.token(total, is: "False") { continue }
            let attempts: Int? = total.map { lexed.token($0, is: "None") ? nil : (lexed.integer($0) ?? lexed.constantInteger($0)).map { $0 + 1 } }
                ?? 11
            result.append(RetryConstruct(
                kind: "urllib3 Retry", line: lexed.tokens[index].line, scope: nil, attempts: attempts, retriesHTTPRequestsOnly: true,
                client: mountingSession(of: index)))
        }
        return result
    }

    /// The session a urllib3 `Retry` at `index` is mounted on: `session.mount("https://", HTTPAdapter(max_retries=Retry(…)))`,
    /// also through the names the retry and the adapter are given (`retries = Retry(…)`, `adapter =
    /// HTTPAdapter(max_retries=retries)`, `session.mount("https://", adapter)`). Nil when no mount of the file says.
    private func mountingSession(of index: Int) -> String? {
        var names: Set<String> = []
        if let name = assignedName(around: index) { names.insert(name) }
        var sessions: Set<String> = []
        // The adapters holding the retry, then the mounts holding an adapter (or the retry itself).
        for stage in 0..<2 {
            for call in lexed.tokens.indices where lexed.token(call, is: stage == 0 ? "HTTPAdapter" : "mount")
                && lexed.token(call + 1, isPunctuation: Byte.openParen) && lexed.partner[call + 1] > call + 1
            {
                let arguments = (call + 1)...lexed.partner[call + 1]
                guard arguments.contains(index) || arguments.contains(where: { lexed.tokens[$0].kind == .identifier && names.contains(lexed.text($0)) })
                else { continue }
                if stage == 0 {
                    if let adapter = assignedName(around: call) { names.insert(adapter) }
                } else if let session = receiverName(of: call) {
                    sessions.insert(session)
                }
            }
        }
        return sessions.count == 1 ? sessions.first : nil
    }

    /// Whether the `allowed_methods` value at `index` lets a POST be retried: a list or set naming it, or `None`/`False`
    /// (any method).
    private func retriesPost(methodsAt index: Int) -> Bool {
        if lexed.token(index, is: "None") || lexed.token(index, is: "False") { return true }
        var end = index
        if lexed.token(index, is: "frozenset") || lexed.token(index, is: "set"), lexed.token(index + 1, isPunctuation: Byte.openParen) {
            end = lexed.partner[index + 1]
        } else if lexed.partner[index] > index {
            end = lexed.partner[index]
        }
        return (index...max(index, end)).contains { cursor in
            lexed.tokens[cursor].kind == .string && lexed.text(cursor).uppercased().contains("POST")
        }
    }
}
