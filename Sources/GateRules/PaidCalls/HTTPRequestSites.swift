import GateCore

/// Finds HTTP requests that reach a paid API: a client call (fetch, axios, requests, httpx, net/http, reqwest,
/// URLSession, HttpClient, Net::HTTP, Faraday, Guzzle…) whose URL resolves, through literals and same-file
/// constants, to a paid host on a priced path, or to a variable host on a path only a paid API has.
///
/// A URL string that is not sent (a default-endpoint constant, a config object, a fixture, a placeholder, a
/// comparison) is not a call: only the request is. A base URL handed to an SDK constructor re-attributes that
/// SDK's calls in the file (`new OpenAI({ baseURL: "https://openrouter.ai/api/v1" })` calls OpenRouter).
struct HTTPRequestSites {
    let lexed: LexedSource
    let catalogue: CompiledCatalogue
    /// Value token ranges of same-file assignments, object keys and parameter defaults, by the hash of the name;
    /// collected only when a request or an SDK constructor needs a name resolved.
    private let known: KnownDefinitions
    /// The value of a name the file imports (its definition in the exporting file), when a code index can tell;
    /// asked only for names the file does not define itself.
    var importedValue: ((_ name: String, _ depth: Int) -> URLValue?)?
    /// The base URL of a client the framework injects by its name (Symfony's scoped HTTP clients, `$openaiClient`), when
    /// the project's configuration gives it one: the client's requests go there.
    var injectedClientBase: ((_ name: String) -> URLValue?)?
    /// The base URL of the Spring bean (a `RestClient` or `WebClient` a `@Bean` method builds) injected as a field or
    /// parameter of that name and type, when the project's configuration gives it one.
    var injectedBeanBase: ((_ name: String, _ type: String) -> URLValue?)?
    /// The values a Spring Boot project's configuration gives a key (`openai.base-url`), and the prefix of its
    /// `@ConfigurationProperties` class of a name: what `@Value("${openai.base-url}") String baseUrl` and
    /// `props.getBaseUrl()` hold (SpringConfiguredValues.swift). Nil without a code index.
    var springSettingValues: ((_ key: String) -> [String])?
    var springConfigurationPrefix: ((_ type: String) -> String?)?

    init(lexed: LexedSource, catalogue: CompiledCatalogue) {
        self.lexed = lexed
        self.catalogue = catalogue
        known = KnownDefinitions(lexed)
    }

    /// The URL a name of this file is defined as (`export const CHAT_URL = "https://…"`), if it builds one;
    /// `topLevelOnly`: not a function's local of that name.
    func value(ofName name: String, depth: Int, topLevelOnly: Bool = false) -> URLValue? {
        let bytes = Array(name.utf8)
        guard let candidates = definitions[byteHash(bytes, 0..<bytes.count, lowercased: false)] else { return nil }
        for range in candidates where !topLevelOnly || lexed.enclosingFunction(of: range.lowerBound) < 0 {
            guard let value = evaluate(range, depth: depth + 1) else { continue }
            // A base read from a setting is a value too: its name may say whose it is.
            if value.host != nil || !value.path.isEmpty || value.baseName != nil { return value }
        }
        return nil
    }

    var definitions: [UInt64: [ClosedRange<Int>]] { known.definitions }

    /// Computes a file's definitions on first use.
    private final class KnownDefinitions {
        let lexed: LexedSource
        lazy var definitions: [UInt64: [ClosedRange<Int>]] = HTTPRequestSites.collectDefinitions(lexed)

        init(_ lexed: LexedSource) { self.lexed = lexed }
    }

    /// What a URL expression resolves to.
    struct URLValue {
        /// The lowercased host, when a literal names one.
        var host: [UInt8]?
        /// The path (and query) as far as literals tell it, lowercased; variable parts are left out.
        var path: String = ""
        /// Whether the URL starts with a value this file does not know (a parameter, an environment variable):
        /// a relative path literal alone is the app's own route, not a paid API.
        var variableBase = false
        /// The unknown base's text, when it is named (`process.env.REPLICATE_API_URL`, `settings.ELEVENLABS_BASE`):
        /// a base named for a provider's URL is that provider's.
        var baseName: ArraySlice<UInt8>?
    }

    // MARK: Sites

    /// The request sites of the file, and the SDK sites re-attributed by the base URLs their clients are given.
    func sites(sdkSites: [PaidCallSite]) -> [PaidCallSite] {
        var result = rebased(sdkSites)
        var reported: [ClosedRange<Int>] = []
        let tokens = lexed.tokens
        let ruby = lexed.language.family == .ruby
        let bytes = lexed.bytes
        // The callee's shape first: it rejects nearly every identifier without reading the next token.
        let calleeEnds = HTTPRequestSites.calleeEnds
        let kotlin = lexed.language == .kotlin
        let callees = tokens.indices.filter { index in
            tokens[index].kind == .identifier && calleeEnds.mayContain(bytes, tokens[index].start..<tokens[index].end)
                && (ruby || argumentsOpen(of: index) != nil || kotlin && lexed.token(index + 1, isPunctuation: Byte.openBrace))
        }
        let clients = clientsWithBaseURLs(among: callees)
        let classBases = callees.isEmpty ? [] : declaredClassBases()
        let typedClients = callees.isEmpty || injectedClientBase == nil && injectedBeanBase == nil ? [:] : declaredHttpClientNames()
        // The base URL arguments of clients whose requests the file sends: those requests are the spending.
        var clientsSending = Set<Int>()
        for index in callees {
            let handed = clients.isEmpty || lexed.language != .elixir ? nil : elixirHandedClient(receiving: index, among: clients)
            let bound = (clients.isEmpty ? nil : client(receiving: index, among: clients)) ?? handed?.client
                ?? (classBases.isEmpty ? nil : classClient(receiving: index, bases: classBases))
            let chained = bound == nil ? chainClient(receiving: index) : nil
            let client = bound ?? chained
            let injectedBase = client == nil ? injectedBase(receiving: index, typedClients: typedClients) : nil
            // A client's request with no path of its own (`conn.post do |req| … end`, `api.post()`) goes to the base.
            if let client, sendsToBaseItself(index), let base = evaluate(client.base, depth: 0),
               let (provider, evidence) = paidTarget(base), !isFreeRead(of: provider, callee: index)
            {
                clientsSending.insert(client.base.lowerBound)
                let site = receiverRootToken(of: index) ?? index
                reported.append(index...index)
                result.append(PaidCallSite(
                    provider: provider, kind: .http, token: site, line: tokens[site].line, column: tokens[site].column,
                    evidence: evidence))
                continue
            }
            // Ktor: `client.post { url { host = "api.openai.com"; path("v1", "chat", "completions") } }`.
            if kotlin, lexed.token(index + 1, isPunctuation: Byte.openBrace) {
                guard var value = ktorRequestBlockURL(callee: index) else { continue }
                if let client, let base = evaluate(client.base, depth: 0) { value = HTTPRequestSites.joined(base, value) }
                guard let (provider, evidence) = paidTarget(value), !isFreeRead(of: provider, callee: index) else { continue }
                if let client { clientsSending.insert(client.base.lowerBound) }
                let site = receiverRootToken(of: index) ?? index
                reported.append(index...lexed.partner[index + 1])
                result.append(PaidCallSite(
                    provider: provider, kind: .http, token: site, line: tokens[site].line, column: tokens[site].column,
                    evidence: evidence))
                continue
            }
            // A request nested in another's URL argument (`URLRequest(url: URL(string: …))`) is the same request.
            guard var argument = requestURLArgument(
                    callee: index, onClient: client != nil || injectedBase != nil, clientArgument: handed?.argument)
            else { continue }
            // .NET's `client.SendAsync(request)` sends the path its `HttpRequestMessage` was built with.
            if client != nil || injectedBase != nil, let built = requestMessageURL(sentAs: argument) { argument = built }
            guard !reported.contains(where: { $0.contains(argument.lowerBound) }),
                  !sendsReportedRequest(argument, reported: reported),
                  var value = evaluate(argument, depth: 0)
            else { continue }
            if let client {
                clientsSending.insert(client.base.lowerBound)
                guard let base = evaluate(client.base, depth: 0) else { continue }
                value = HTTPRequestSites.joined(base, value)
            } else if let injectedBase {
                value = HTTPRequestSites.joined(injectedBase, value)
            }
            guard let (provider, evidence) = paidTarget(value), !isFreeRead(of: provider, callee: index) else { continue }
            // The request is the construct: a new call to an existing endpoint constant is new spending. A client's
            // request is the call on the client, as an SDK call is (`oai.post("/chat/completions")` is `oai`'s):
            // its path alone names no paid API, and an Express-style `api.post("/chat/completions", body)` is read
            // as a route registration by `HandlerFinder`, whose body (the arguments) must not hold the request.
            // A Laravel chain's `->post('/chat/completions', …)` is reported at the chain's root (`Http`) for the same
            // reason.
            let site = client == nil && injectedBase == nil ? argument.lowerBound
                : receiverRootToken(of: index) ?? (chained == nil ? nil : chainRoot(of: index)) ?? argument.lowerBound
            reported.append(argument)
            result.append(PaidCallSite(
                provider: provider, kind: .http, token: site, line: tokens[site].line, column: tokens[site].column,
                evidence: evidence))
        }
        // A client built here but sent through elsewhere (exported, passed on) stays the paid site: its base URL.
        if !clientsSending.isEmpty { result.removeAll { $0.kind == .http && clientsSending.contains($0.token) } }
        return result.sorted { $0.token < $1.token }
    }

    // MARK: Clients

    /// A client the file builds with a base URL, bound to a name: every request method called on that name is
    /// sent to the base URL joined with the request's path.
    struct ClientBase {
        /// The token of the name the client is bound to.
        var name: Int
        /// The function block the name is visible in; -1 for the whole file (a module-level name, an attribute).
        var scope: Int
        /// The token range of the base URL argument.
        var base: ClosedRange<Int>
        /// The class an attribute client is its objects' (`self.client`, `_client` in C#), visible only in its
        /// methods: two classes of a file may each hold a `client` of their own. -1 for none.
        var owner = -1
    }

    /// The clients built with a base URL by the factory calls among `callees`, by the hash of the name each is bound
    /// to: `oai = httpx.AsyncClient(base_url=…)`, `const api = axios.create({ baseURL: … })`,
    /// `self.client = httpx.Client(base_url=…)`, `async with httpx.AsyncClient(base_url=…) as client:`.
    private func clientsWithBaseURLs(among callees: [Int]) -> [UInt64: [ClientBase]] {
        var clients: [UInt64: [ClientBase]] = [:]
        for index in callees where isFactoryCall(index) {
            guard let base = requestURLArgument(callee: index), let (name, scope) = clientName(builtBy: index) else {
                continue
            }
            let token = lexed.tokens[name]
            let owner = scope < 0 && lexed.enclosingFunction(of: name) >= 0 ? enclosingContainer(of: name) ?? -1 : -1
            clients[byteHash(lexed.bytes, token.start..<token.end, lowercased: false), default: []]
                .append(ClientBase(name: name, scope: scope, base: base, owner: owner))
        }
        for client in restyClientBases() + builtClientBases() {
            let token = lexed.tokens[client.name]
            clients[byteHash(lexed.bytes, token.start..<token.end, lowercased: false), default: []].append(client)
        }
        return clients
    }

    /// The name the client built by the call at `callee` is bound to, and the function it is visible in.
    /// `start`: where the construction's expression begins, when not at the callee (the root of Spring's
    /// `RestClient.builder()…baseUrl(…)…build()`, the `new` of C#'s `new HttpClient { BaseAddress = … }`).
    func clientName(builtBy callee: Int, from start: Int? = nil) -> (name: Int, scope: Int)? {
        let tokens = lexed.tokens
        let function = lexed.enclosingFunction(of: callee)
        let close = callee + 1 < tokens.count ? lexed.partner[callee + 1] : -1
        if close > callee + 1, lexed.token(close + 1, is: "as"), close + 2 < tokens.count, tokens[close + 2].kind == .identifier {
            return (close + 2, function)
        }
        // `conn = Faraday.new(…)`: from the receiver; PHP's `$client = new Client([…])`: from the class; C#'s
        // `RestClient client = new(…)`: from `new`.
        let targetTyped = lexed.token(callee, is: "new") && lexed.token(callee - 1, isPunctuation: Byte.equals)
        var start = start ?? (lexed.token(callee - 1, is: "new") || targetTyped ? callee : callee - 2)
        while lexed.token(start - 1, is: "new") || lexed.token(start - 1, is: "await") { start -= 1 }
        // Elixir: a function whose body is the client's construction (`defp client, do: Req.new(base_url: …)`, or the
        // last expression of a `do … end` body), handed to requests as `client()`.
        if lexed.language == .elixir, function >= 0,
           lexed.token(start - 1, isPunctuation: Byte.colon) && lexed.token(start - 2, is: "do")
            || tokens[start].firstOnLine && close > callee + 1 && close + 1 == lexed.blocks[function].endToken
                && lexed.token(close + 1, is: "end"),
           let name = lexed.blocks[function].nameRange,
           let nameToken = (lexed.blocks[function].openToken..<start).first(where: { tokens[$0].start == name.lowerBound })
        {
            return (nameToken, -1)
        }
        // `@conn ||= Faraday.new(…)`, `this.client ||= axios.create(…)`: the name before the `||=`.
        let memoised = lexed.token(start - 1, isPunctuation: Byte.equals) && lexed.token(start - 2, isPunctuation: UInt8(ascii: "|"))
            && lexed.token(start - 3, isPunctuation: UInt8(ascii: "|"))
        // Ruby: a method whose last expression is the construction, unassigned or memoised (`def connection;
        // @connection ||= Faraday.new(url: …) { |f| … } end`), handed to requests as `connection.post(…)`.
        if lexed.language.family == .ruby, function >= 0, close > callee + 1, memoised || !lexed.token(start - 1, isPunctuation: Byte.equals),
           rubyExpressionEnd(after: close) + 1 == lexed.blocks[function].endToken, lexed.token(lexed.blocks[function].endToken, is: "end"),
           let name = lexed.blocks[function].nameRange,
           let nameToken = (lexed.blocks[function].headerStart..<start).first(where: { tokens[$0].start == name.lowerBound })
        {
            return (nameToken, -1)
        }
        let assigned = memoised ? start - 2 : start
        guard lexed.token(start - 1, isPunctuation: Byte.equals), assigned >= 2, tokens[assigned - 2].kind == .identifier else {
            return nil
        }
        var name = assigned - 2
        // `oai: httpx.AsyncClient = …`, `private api: AxiosInstance = …`: the name comes before the annotation.
        var cursor = name
        while cursor > 0, tokens[cursor - 1].line == tokens[name].line, tokens[cursor - 1].kind == .identifier
            || HTTPRequestSites.typePunctuation.contains(lexed.bytes[tokens[cursor - 1].start])
        {
            cursor -= 1
        }
        if lexed.token(cursor - 1, isPunctuation: Byte.colon), cursor >= 2, tokens[cursor - 2].kind == .identifier {
            name = cursor - 2
        }
        // `self.client = …`, `this.api = …`, Ruby's `@conn = …`, PHP's `$this->client = …`: an attribute, reachable
        // from every method. In C# and Java a name assigned undeclared (`_client = new RestClient(…)` in a
        // constructor) is a field.
        let attribute = lexed.token(name - 1, isPunctuation: Byte.dot) || lexed.token(name - 1, isPunctuation: Byte.at)
            || lexed.token(name - 1, is: "->")
            || (lexed.language == .csharp || lexed.language == .java) && tokens[name].firstOnLine && name == start - 2
        return (name, attribute ? -1 : function)
    }

    /// The last token of a Ruby call whose arguments close at `close`, with the block it may be given (`do |f| … end`,
    /// `{ |f| … }`).
    private func rubyExpressionEnd(after close: Int) -> Int {
        let next = close + 1
        if lexed.token(next, isPunctuation: Byte.openBrace), lexed.partner[next] > next { return lexed.partner[next] }
        if lexed.token(next, is: "do"), let block = lexed.blocks.firstIndex(where: { $0.openToken == next }) {
            return lexed.blocks[block].endToken
        }
        return close
    }

    /// Whether the request method at `callee` is called with no arguments, or only a Ruby block (`conn.post do |req|`).
    private func sendsToBaseItself(_ callee: Int) -> Bool {
        guard HTTPRequestSites.requestCallees.contains(lexed.text(callee).lowercased()) else { return false }
        if lexed.token(callee + 1, isPunctuation: Byte.openParen) {
            // Spring's `client.post().uri("/chat/completions")` names its path next.
            if lexed.language == .java || lexed.language == .kotlin, lexed.token(callee + 3, isPunctuation: Byte.dot),
               lexed.token(callee + 4, is: "uri")
            {
                return false
            }
            return lexed.partner[callee + 1] == callee + 2
        }
        return lexed.language.family == .ruby && (lexed.token(callee + 1, is: "do") || lexed.token(callee + 1, isPunctuation: Byte.openBrace))
    }

    /// The client whose method the call at `callee` is (`oai.post`, `self.client.get`), if the file built it
    /// with a base URL where the call can see it.
    private func client(receiving callee: Int, among clients: [UInt64: [ClientBase]]) -> ClientBase? {
        guard callee >= 2,
              lexed.token(callee - 1, isPunctuation: Byte.dot) || lexed.token(callee - 1, is: "?.") || lexed.token(callee - 1, is: "->")
        else {
            return nil
        }
        var receiverIndex = callee - 2
        // Go resty's requests are built off the client: `client.R().SetBody(b).Post(…)` is `client`'s; so are
        // Spring's `client.post().uri("/chat/completions")` (`this.client.post()…`).
        if lexed.language == .go || (lexed.language == .java || lexed.language == .kotlin) && lexed.token(callee, is: "uri"),
           lexed.token(receiverIndex, isPunctuation: Byte.closeParen), var root = receiverRootToken(of: callee)
        {
            if lexed.token(root, is: "this"), lexed.token(root + 1, isPunctuation: Byte.dot), lexed.tokens[root + 2].kind == .identifier {
                root += 2
            }
            receiverIndex = root
        }
        let receiver = lexed.tokens[receiverIndex]
        guard receiver.kind == .identifier,
              let candidates = clients[byteHash(lexed.bytes, receiver.start..<receiver.end, lowercased: false)]
        else { return nil }
        let name = lexed.bytes[receiver.start..<receiver.end]
        let visible = candidates.filter { client in
            let token = lexed.tokens[client.name]
            return lexed.bytes[token.start..<token.end].elementsEqual(name)
                && (client.scope < 0 || lexed.isToken(callee, inside: client.scope))
                && (client.owner < 0 || lexed.isToken(callee, inside: client.owner))
        }
        // A name bound in the calling function hides one bound for the whole file.
        if let local = visible.last(where: { $0.scope >= 0 }) { return local }
        guard let global = visible.last else { return nil }
        // A bare name the calling function assigns itself (`client = redis.Redis()`) is that value there.
        let function = lexed.enclosingFunction(of: callee)
        if function >= 0, !lexed.token(receiverIndex - 1, isPunctuation: Byte.dot), !lexed.token(receiverIndex - 1, isPunctuation: Byte.at),
           !lexed.token(receiverIndex - 1, is: "->"),
           definitions[byteHash(lexed.bytes, receiver.start..<receiver.end, lowercased: false)]?
               .contains(where: { lexed.isToken($0.lowerBound, inside: function) }) == true
        {
            return nil
        }
        return global
    }

    /// The base of the injected client a request call is made on (`$this->openaiClient->request(…)`,
    /// `$openaiClient->request(…)`), when `injectedClientBase` knows it.
    /// `typedClients`: the names the file declares as .NET `HttpClient`s, which the framework hands a typed client
    /// configured where its class is registered (`AddHttpClient<OpenAiClient>(c => c.BaseAddress = …)`).
    private func injectedBase(receiving callee: Int, typedClients: [String: String]) -> URLValue? {
        guard callee >= 2 else { return nil }
        // Spring: `openAiClient.post().uri("/chat/completions")` on an injected bean.
        if let injectedBeanBase, lexed.token(callee, is: "uri"), lexed.token(callee - 1, isPunctuation: Byte.dot),
           var root = receiverRootToken(of: callee)
        {
            if lexed.token(root, is: "this"), lexed.token(root + 1, isPunctuation: Byte.dot), lexed.tokens[root + 2].kind == .identifier {
                root += 2
            }
            guard let type = typedClients[lexed.text(root)] else { return nil }
            return injectedBeanBase(lexed.text(root), type)
        }
        guard let injectedClientBase, lexed.tokens[callee - 2].kind == .identifier else { return nil }
        if lexed.token(callee - 1, is: "->") { return injectedClientBase(lexed.text(callee - 2)) }
        guard !typedClients.isEmpty, lexed.token(callee - 1, isPunctuation: Byte.dot), typedClients[lexed.text(callee - 2)] != nil,
              let container = enclosingContainer(of: callee), let type = declaredTypeName(of: container)
        else { return nil }
        return injectedClientBase(type)
    }

    /// The URL a literal names (`https://api.openai.com/v1/`), as a request's value.
    static func urlValue(ofLiteral text: String) -> URLValue? {
        let bytes = Array(text.utf8)
        guard let (host, after) = host(in: bytes, 0..<bytes.count) else { return nil }
        return URLValue(host: host, path: String(decoding: bytes[after...].map(Byte.lower), as: UTF8.self))
    }

    /// The URL a client's request goes to: the request's own when absolute, else the base URL and the path joined
    /// by one slash (`https://api.openai.com/v1` and `/chat/completions`). A path the file cannot see (a parameter)
    /// is a variable part of the base's path.
    private static func joined(_ base: URLValue, _ request: URLValue) -> URLValue {
        if request.host != nil { return request }
        var value = base
        var path = request.path
        if request.variableBase { path = "/{}" + path }
        guard !path.isEmpty else { return value }
        switch (value.path.hasSuffix("/"), path.hasPrefix("/")) {
        case (true, true): value.path += path.dropFirst()
        case (false, false): value.path += "/" + path
        default: value.path += path
        }
        return value
    }

    /// Whether the argument is a name defined by a request already reported: a request object built by one call
    /// (`request = urllib.request.Request(URL, …)`) and sent by another (`urlopen(request)`) is one request.
    private func sendsReportedRequest(_ argument: ClosedRange<Int>, reported: [ClosedRange<Int>]) -> Bool {
        guard argument.count == 1, !reported.isEmpty else { return false }
        let token = lexed.tokens[argument.lowerBound]
        guard token.kind == .identifier,
              let ranges = definitions[byteHash(lexed.bytes, token.start..<token.end, lowercased: false)]
        else { return false }
        return ranges.contains { range in reported.contains { range.contains($0.lowerBound) } }
    }

    /// Whether the request at `callee` only reads from a provider that bills payments, not calls (Stripe's
    /// `GET /v1/customers/{id}`): no spending.
    private func isFreeRead(of provider: String, callee: Int) -> Bool {
        isRead(callee: callee) && catalogue.providers.first(where: { $0.id == provider })?.kind == .payments
    }

    /// The provider and evidence of a resolved request URL, or nil when it is free, local or unknown.
    private func paidTarget(_ value: URLValue) -> (String, String)? {
        let path = value.path
        if let host = value.host {
            if HTTPRequestSites.isLocal(host) { return nil }
            if let gateway = catalogue.provider(forHost: host[...]) {
                if HTTPRequestSites.isFreePath(path) { return nil }
                // A gateway's request is the upstream provider's its address names (the evidence still names the
                // gateway).
                let provider = upstream(ofGateway: gateway, host: host, path: path) ?? gateway
                return (catalogue.providers[provider].id,
                        String(decoding: host, as: UTF8.self) + HTTPRequestSites.trimmedPath(path))
            }
        }
        // A literal host outside the catalogue is known not to be a paid provider (a self-hosted server, a proxy the
        // policy can list); only a host this file cannot see is judged by its path.
        guard value.host == nil, value.variableBase else { return nil }
        if let owner = pathOwner(path) { return (owner, "…" + HTTPRequestSites.trimmedPath(path)) }
        if let base = value.baseName.flatMap(providerNamingBase), !HTTPRequestSites.isFreePath(path),
           path.contains(where: { $0.isLetter })
        {
            return (catalogue.providers[base.provider].id, "${\(base.name)}" + HTTPRequestSites.trimmedPath(path))
        }
        return nil
    }

    /// The provider a variable base URL is named for: its last name starts with the provider's id and says it is
    /// an address (`REPLICATE_API_URL`, `elevenLabsBaseUrl`, `ANTHROPIC_ENDPOINT`), as an app names the setting it
    /// reads the provider's URL from.
    private func providerNamingBase(_ text: ArraySlice<UInt8>) -> (provider: Int, name: String)? {
        // The last identifier of the expression (`process.env.REPLICATE_API_URL`, `os.environ['REPLICATE_API_URL']`).
        var end = text.endIndex
        while end > text.startIndex, !Byte.isIdentifierPart(text[end - 1]) { end -= 1 }
        var start = end
        while start > text.startIndex, Byte.isIdentifierPart(text[start - 1]) { start -= 1 }
        let normalized = text[start..<end].filter { $0 != UInt8(ascii: "_") }.map(Byte.lower)
        guard HTTPRequestSites.namesAddress(normalized[...]) else { return nil }
        let provider = catalogue.providerNames.indices.first { provider in
            let name = catalogue.providerNames[provider]
            return name.count >= 4 && normalized.count > name.count && normalized.prefix(name.count).elementsEqual(name)
        }
        return provider.map { ($0, String(decoding: text[start..<end], as: UTF8.self)) }
    }

    /// Whether a name (lowercased, without underscores) says it holds an address: `replicateapiurl`,
    /// `elevenlabsbase`, `anthropicendpoint`.
    static func namesAddress(_ normalized: ArraySlice<UInt8>) -> Bool {
        addressWords.contains { word in normalized.count >= word.count && normalized.suffix(word.count).elementsEqual(word) }
    }

    private static let addressWords = ["url", "uri", "base", "endpoint", "host"].map { Array($0.utf8) }

    /// The owner of a path only a paid API has, whatever host serves it.
    private func pathOwner(_ path: String) -> String? {
        let bare = String(path.prefix { $0 != "?" })
        for marker in [":generatecontent", ":streamgeneratecontent", ":embedcontent", ":batchembedcontents"]
        where bare.hasSuffix(marker) {
            return bare.contains("/publishers/google/") ? "google-vertex-ai" : "google-gemini"
        }
        for suffix in ["/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/images/generations",
                       "/v1/audio/transcriptions", "/v1/audio/speech", "/v1/responses"]
        where bare.hasSuffix(suffix) {
            // Ollama, LM Studio, vLLM and llama.cpp serve the same paths from the machine they run on: a file that
            // names one is forwarding to it.
            return mentionsSelfHostedServer ? nil : "openai-compatible"
        }
        // `/v1/messages` is also many apps' own route: only Anthropic's when the file speaks to Anthropic.
        if bare.hasSuffix("/v1/messages"), mentionsAnthropic { return "anthropic" }
        return nil
    }

    private var mentionsAnthropic: Bool { mentions(["anthropic", "claude"]) }

    private var mentionsSelfHostedServer: Bool {
        mentions(["ollama", "lmstudio", "lm_studio", "vllm", "llamacpp", "llama_cpp", "localai"])
    }

    /// Whether a name or string of the file holds one of `words` (lowercase), in any case.
    private func mentions(_ words: [String]) -> Bool {
        let needles = words.map { Array($0.utf8) }
        return lexed.tokens.indices.contains { index in
            lexed.tokens[index].kind != .punctuation
                && needles.contains { lexed.bytesContain(lexed.tokens[index].start..<lexed.tokens[index].end, $0) }
        }
    }

    static func trimmedPath(_ path: String) -> String {
        String(path.prefix { $0 != "?" }.prefix(80))
    }

    /// Listing, usage, account and health endpoints cost nothing: a provider's models or voices (ElevenLabs'
    /// `/v1/voices`), its credits, and the stats of a past generation (OpenRouter's `/api/v1/generation?id=…`).
    static func isFreePath(_ path: String) -> Bool {
        let bare = path.prefix { $0 != "?" && $0 != "#" }
        let segments = bare.split(separator: "/")
        guard let last = segments.last else { return false }
        if last == "models" || last == "voices" { return true }
        if segments.count >= 2, segments[segments.count - 2] == "models", !last.contains(":") { return true }
        if last == "generation", segments.count >= 2, segments[segments.count - 2] == "v1" { return true }
        // What the SDKs' calls of the same endpoints are not reported for either: OpenAI's moderation, Anthropic's,
        // Gemini's and Cohere's token counting.
        if ["moderations", "count_tokens", "tokenize", "detokenize"].contains(last) || last.hasSuffix(":countTokens") { return true }
        return ["usage", "health", "healthz", "status", "ping", "credits", "balance", "subscription"].contains(last)
            || segments.contains { $0 == "billing" || $0 == "dashboard" }
    }

    /// Development and self-hosted model servers (Ollama, LM Studio, vLLM on localhost) cost nothing per request.
    static func isLocal(_ host: [UInt8]) -> Bool {
        let text = String(decoding: host, as: UTF8.self)
        return text == "localhost" || text.hasPrefix("127.") || text == "0.0.0.0" || text.hasSuffix(".local")
            || text == "host.docker.internal" || text.hasSuffix(".localhost") || text.hasPrefix("192.168.")
            || text.hasPrefix("10.")
    }

    // MARK: Requests

    /// Callee names that send a request to their URL argument, whatever the receiver.
    private static let requestCallees: Set<String> = [
        "fetch", "axios", "ofetch", "$fetch", "usefetch", "urlopen", "newrequest", "newrequestwithcontext",
        "postasync", "getasync", "putasync", "patchasync", "sendasync", "postasjsonasync", "postasjson",
        "httprequestmessage", "urlrequest", "datatask", "uploadtask", "post_form", "curl_init", "wp_remote_post",
        // Go's `http.PostForm(url, values)`.
        "postform", "wp_remote_get", "wp_remote_request", "curl_setopt", "postforobject", "postforentity", "getforobject", "exchange",
        "file_get_contents", "eventsource", "websocket", "fetcheventsource", "got", "ky", "superagent", "post",
        "get", "put", "patch", "request", "stream", "uri", "url", "connect", "newbuilder", "ws_connect",
        // AsyncHTTPClient's `HTTPClientRequest(url: …)`, sent with `client.execute(request, …)`; RestSharp's
        // `new RestRequest(url, Method.Post)`, sent with `client.ExecuteAsync(request)`.
        "httpclientrequest", "restrequest",
        // Elixir's raising forms (`Req.post!(url, json: …)`, `HTTPoison.post!(url, body)`), and Finch's request,
        // which `Finch.build(:post, url, headers, body)` makes (only Finch's: see `requestURLArgument`).
        "post!", "get!", "put!", "patch!", "request!", "build",
    ]

    /// Words of HTTP clients and request functions: a file without any sends no request this type recognises
    /// (asked of files that name no provider, whose request URLs may come from another file).
    static let requestWords: [[UInt8]] = [
        "fetch", "axios", "superagent", "got(", "got.", "ky.get", "ky.post", "urlopen", "urllib", "requests",
        "httpx", "aiohttp", "newrequest", "http.post", "http.get", "httpclient", "postasync", "sendasync",
        "getasync", "httprequestmessage", "urlrequest", "urlsession", "curl_", "wp_remote", "postforobject",
        "postforentity", "resttemplate", "webclient", "restclient", "okhttp", "faraday", "httparty", "net::http",
        "excon", "guzzle", "http::", "file_get_contents", "eventsource", "websocket", "reqwest", "ws_connect",
        "req.post", "req.get", "req.request", "req.new", "httpoison", "tesla.", "finch.build",
    ].map { Array($0.utf8) }

    /// Every name `requestURLArgument` looks further at (lowercased).
    static let calleeNames = requestCallees.union(["new", "create", "extend", "guzzleclient", "baseurl", "restclient"])
        .union(clientConstructors.values.flatMap { $0 }).union(clientRequestCallees).map { Array($0.utf8) }
    /// Hashes (lowercased) of `calleeNames`.
    private static let calleeHashes: Set<UInt64> = Set(calleeNames.map { byteHash($0, 0..<$0.count, lowercased: true) })
    /// The shapes of `calleeNames` in any case: most identifiers are rejected before they are hashed.
    static let calleeEnds = WordEnds(calleeNames, caseInsensitive: true)

    /// Receivers whose constructor takes the base URL of every request the connection sends.
    private static let connectionFactories: Set<String> = [
        "faraday", "excon", "httpclient", "axios", "got", "ky", "webclient",
        // Spring's `RestClient.create("https://api.openai.com/v1")`.
        "restclient",
        // Elixir's `Req.new(base_url: …)`.
        "req",
    ]
    /// Python client classes (lowercased, by module) whose `base_url` every request of the client is sent to:
    /// `httpx.AsyncClient(base_url="https://api.openai.com/v1")`, `aiohttp.ClientSession(base_url=…)`.
    private static let clientConstructors: [String: Set<String>] = [
        "httpx": ["client", "asyncclient"], "aiohttp": ["clientsession"],
        // Elixir's `Tesla.client([{Tesla.Middleware.BaseUrl, "https://…"}, …])` (ElixirHTTPClients.swift).
        "tesla": ["client"],
    ]

    /// Hashes (lowercased) of the callee names that are requests only on a factory receiver (`calleeNames` but
    /// not `requestCallees`).
    private static let factoryCalleeHashes: Set<UInt64> = Set(
        calleeNames.filter { name in
            let text = String(decoding: name, as: UTF8.self)
            return !requestCallees.contains(text) && !clientRequestCallees.contains(text)
        }
            .map { byteHash($0, 0..<$0.count, lowercased: true) })
    /// Hashes (lowercased) of `clientRequestCallees`.
    private static let clientRequestHashes: Set<UInt64> = Set(
        clientRequestCallees.map { Array($0.utf8) }.map { byteHash($0, 0..<$0.count, lowercased: true) })
    /// Hashes (lowercased) of the receivers that make a factory callee a request: connection factories and the
    /// modules of client constructors.
    private static let factoryReceiverHashes: Set<UInt64> = Set(
        connectionFactories.union(clientConstructors.keys).map { Array($0.utf8) }
            .map { byteHash($0, 0..<$0.count, lowercased: true) })
    /// Labels an argument holding a request's URL goes by.
    private static let urlLabels: Set<String> = ["url", "uri", "string", "with", "from"]
    /// Labels a connection factory takes its base URL by.
    private static let baseURLLabels: Set<String> = ["url", "baseurl", "base_url", "prefixurl", "base_uri"]

    /// The token range of the URL argument when token `callee` names a request call; for a factory (`axios.create`,
    /// `httpx.Client`), the base URL argument. `onClient`: the call is a method of a client the file built with a
    /// base URL, whatever its name (`api`, `app`, which are routers' names too).
    /// `clientArgument`: the token of the client handed as the call's first argument (Elixir's `Req.post!(req,
    /// url: …)`), which is no URL.
    func requestURLArgument(callee index: Int, onClient: Bool = false, clientArgument: Int? = nil) -> ClosedRange<Int>? {
        // Most identifiers are not request callees: reject them by hash before making a string.
        let token = lexed.tokens[index]
        let hash = byteHash(lexed.bytes, token.start..<token.end, lowercased: true)
        guard HTTPRequestSites.calleeHashes.contains(hash) else { return nil }
        // Spring's `WebClient.builder().baseUrl(…)` (and a `WebClient.Builder`'s, Retrofit's): where every request of
        // the client it builds goes.
        if lexed.token(index, is: "baseUrl") {
            guard lexed.language == .java || lexed.language == .kotlin, lexed.token(index - 1, isPunctuation: Byte.dot),
                  lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
            else { return nil }
            return split(index + 2, lexed.partner[index + 1] - 1).first
        }
        // `create`, `new`, `client`… send nothing by themselves: only on a connection factory or client module
        // (`axios.create`, `httpx.Client`), which the token two before names. Most are ORM calls
        // (`prisma.invoice.create`), turned away here by hash before any string is made.
        if HTTPRequestSites.factoryCalleeHashes.contains(hash), !mayBeFactory(index) { return nil }
        // `execute` is anyone's method (a statement's, a command's): a request only on a client with a base URL.
        if !onClient, HTTPRequestSites.clientRequestHashes.contains(hash) { return nil }
        let name = lexed.text(index).lowercased()
        // `build` is everyone's method; only Finch's builds a request (`Finch.build(:post, url, headers, body)`).
        if name == "build", !(lexed.language == .elixir && receiverRoot(of: index) == "Finch") { return nil }
        let isFactory = isFactory(index, name: name)
        guard isFactory || HTTPRequestSites.requestCallees.contains(name)
            || onClient && HTTPRequestSites.clientRequestCallees.contains(name)
        else { return nil }
        // .NET: `BaseAddress = new Uri("https://api.anthropic.com/v1/")` is where every request of the HttpClient goes.
        let isBaseAddress = name == "uri" && index >= 3 && lexed.token(index - 1, is: "new")
            && lexed.token(index - 2, isPunctuation: Byte.equals) && lexed.text(index - 3).lowercased() == "baseaddress"
        // `.url(…)` and `.uri(…)` are request builders (OkHttp, java.net.http); `URL(…)` and `new URL(…)` only parse.
        if name == "url" || name == "uri", !isBaseAddress {
            guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.text(index) == name else { return nil }
        }
        // `def get(`, `function post(`, Elixir's private `defp post(url, headers, body) do`: definitions, not calls.
        if lexed.token(index - 1, is: "def") || lexed.token(index - 1, is: "function") || lexed.token(index - 1, is: "func")
            || lexed.token(index - 1, is: "fun") || lexed.token(index - 1, is: "fn") || lexed.token(index - 1, is: "defp")
        {
            return nil
        }
        if !onClient, let receiver = receiverRoot(of: index)?.lowercased() {
            // MSW's `http.post(url, resolver)` and `rest.post` in JavaScript stub; Go's `http.Post(url, …)` and a
            // Spring `RestClient` named `rest` send.
            if HTTPRequestSites.mockReceivers.contains(receiver)
                || ((receiver == "http" || receiver == "rest") && lexed.language.isJavaScriptLike)
            {
                return nil
            }
        }
        var arguments: [ClosedRange<Int>]
        if let open = argumentsOpen(of: index) {
            let close = lexed.partner[open]
            guard close > open else { return nil }
            arguments = split(open + 1, close - 1)
            if let clientArgument, arguments.first?.lowerBound == clientArgument { arguments.removeFirst() }
        } else if lexed.language.family == .ruby, index + 1 < lexed.tokens.count,
                  lexed.tokens[index + 1].line == lexed.tokens[index].line,
                  lexed.tokens[index + 1].kind == .string || lexed.tokens[index + 1].kind == .identifier
        {
            // Ruby calls without parentheses: `HTTParty.post "https://…", body: …`.
            var end = index + 1
            while end + 1 < lexed.tokens.count, lexed.tokens[end + 1].line == lexed.tokens[index].line { end += 1 }
            arguments = split(index + 1, end)
        } else {
            return nil
        }
        guard let first = arguments.first else { return nil }
        if isBaseAddress { return first }
        if isFactory, lexed.language == .elixir, let base = teslaBaseURL(in: arguments) { return base }
        if isFactory || name == "axios" || name == "got" || name == "ky" {
            // `Faraday.new(url: …)`, `axios.create({ baseURL: … })`, `axios({ url: … })`.
            if let labelled = labelledArgument(in: arguments, names: HTTPRequestSites.baseURLLabels) {
                return labelled
            }
            // RestSharp's client takes its base as a string, a constant or a `RestClientOptions`.
            if isFactory {
                return lexed.tokens[first.lowerBound].kind == .string || isRestClientConstruction(index) ? first : nil
            }
        }
        if let labelled = labelledArgument(in: arguments, names: HTTPRequestSites.urlLabels) {
            return labelled
        }
        // PHP: `curl_setopt($ch, CURLOPT_URL, $url)`.
        if name == "curl_setopt" {
            return arguments.count == 3 && lexed.token(arguments[1].lowerBound, is: "CURLOPT_URL") ? arguments[2] : nil
        }
        // The URL comes first, or after an HTTP method and a context: `http.NewRequestWithContext(ctx, "POST", url, …)`.
        var position = 0
        while position < min(2, arguments.count - 1), isMethodOrContext(arguments[position]) { position += 1 }
        return arguments[position]
    }

    /// The `(` of the call at `callee`, past its type arguments (`axios.post<ChatResponse>(…)`,
    /// `client.PostAsync<Reply>(request)`) in the languages that write them so.
    func argumentsOpen(of callee: Int) -> Int? {
        let next = callee + 1
        if lexed.token(next, isPunctuation: Byte.openParen) { return next }
        guard lexed.token(next, isPunctuation: Byte.less), lexed.language.isJavaScriptLike || lexed.language == .csharp
            || lexed.language == .java || lexed.language == .kotlin || lexed.language == .swift
        else { return nil }
        var depth = 0
        var cursor = next
        while cursor < min(lexed.tokens.count - 1, next + 32) {
            if lexed.token(cursor, isPunctuation: Byte.less) {
                depth += 1
            } else if lexed.token(cursor, isPunctuation: Byte.greater) {
                depth -= 1
                if depth == 0 { return lexed.token(cursor + 1, isPunctuation: Byte.openParen) ? cursor + 1 : nil }
            } else if lexed.token(cursor, isPunctuation: Byte.openBrace) || lexed.token(cursor, isPunctuation: Byte.openBracket) {
                // An object or tuple type: `post<{ id: string }>(…)`.
                guard lexed.partner[cursor] > cursor else { return nil }
                cursor = lexed.partner[cursor]
            } else if lexed.tokens[cursor].kind == .punctuation, !lexed.token(cursor, isPunctuation: Byte.comma),
                      !HTTPRequestSites.typePunctuation.contains(lexed.bytes[lexed.tokens[cursor].start])
            {
                return nil
            }
            cursor += 1
        }
        return nil
    }

    /// Whether the receiver two tokens before the callee at `index` may make it a factory, by hash: asked of every
    /// `create` and `new`, most of them ORM calls. A non-ASCII receiver is left to `isFactory`, which lowercases it
    /// as Unicode does.
    private func mayBeFactory(_ index: Int) -> Bool {
        guard index >= 2 else { return false }
        if isGuzzleConstruction(index) || isRestClientConstruction(index) { return true }
        let receiver = lexed.tokens[index - 2]
        return HTTPRequestSites.factoryReceiverHashes.contains(byteHash(lexed.bytes, receiver.start..<receiver.end, lowercased: true))
            || lexed.bytes[receiver.start..<receiver.end].contains(where: { $0 >= 0x80 })
    }

    /// Whether the call at `index` (named `name`, lowercased) builds a connection or client whose requests all go to
    /// the base URL it is given: `axios.create(…)`, `Faraday.new(…)`, `httpx.AsyncClient(…)`.
    private func isFactory(_ index: Int, name: String) -> Bool {
        if isGuzzleConstruction(index) || isRestClientConstruction(index) { return true }
        return index >= 2
            && ((name == "new" || name == "create" || name == "extend")
                && HTTPRequestSites.connectionFactories.contains(lexed.text(index - 2).lowercased())
                || lexed.token(index - 1, isPunctuation: Byte.dot)
                && HTTPRequestSites.clientConstructors[lexed.text(index - 2).lowercased()]?.contains(name) == true)
    }

    /// Whether the call at `index` constructs a Guzzle client (`new Client([…])`, `new \GuzzleHttp\Client([…])`, `new
    /// GuzzleClient(…)` in a file that names Guzzle), whose `base_uri` every request it sends goes to.
    private func isGuzzleConstruction(_ index: Int) -> Bool {
        guard lexed.language == .php, lexed.token(index, is: "Client") || lexed.token(index, is: "GuzzleClient") else { return false }
        var cursor = index - 1
        while cursor >= 1, lexed.token(cursor, is: "\\") || lexed.bytes[lexed.tokens[cursor].start] == UInt8(ascii: "\\")
            || (lexed.tokens[cursor].kind == .identifier && !lexed.token(cursor, is: "new"))
        {
            cursor -= 1
        }
        return lexed.token(cursor, is: "new") && ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.guzzle)
    }

    private static let guzzle = Array("guzzlehttp".utf8)

    /// Whether the call at `index` is a factory, turned away by hash first as `requestURLArgument` does.
    private func isFactoryCall(_ index: Int) -> Bool {
        let token = lexed.tokens[index]
        guard HTTPRequestSites.factoryCalleeHashes.contains(byteHash(lexed.bytes, token.start..<token.end, lowercased: true)),
              mayBeFactory(index)
        else { return false }
        return isFactory(index, name: lexed.text(index).lowercased())
    }

    /// HTTP mocking libraries: their `post(url)` stubs a response, it sends nothing.
    private static let mockReceivers: Set<String> = [
        "nock", "requests_mock", "respx_mock", "respx", "httpretty", "responses", "fetchmock", "mock", "mocker",
        "msw", "httpmock", "gock", "webmock", "stub_request", "wiremock", "mockserver", "server", "router",
        "app", "r", "e", "g", "mux", "api", "route", "routes", "blueprint", "bp",
    ]

    /// The root identifier of the member chain a callee belongs to: `nock("…").post` → `nock`.
    private func receiverRoot(of index: Int) -> String? {
        // A closure, not `map(lexed.text)`: a method reference captures a copy of the lexed file (each of its arrays
        // retained and released), and this is asked of every request-like callee.
        receiverRootToken(of: index).map { lexed.text($0) }
    }

    /// The token of the root identifier of the member chain a callee belongs to, if it has a receiver.
    private func receiverRootToken(of index: Int) -> Int? {
        var cursor = index
        var root: Int?
        while cursor >= 2, lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 1, is: "?.") {
            var previous = cursor - 2
            if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] > 0 { previous = lexed.partner[previous] - 1 }
            guard previous >= 0, lexed.tokens[previous].kind == .identifier else { break }
            root = previous
            cursor = previous
        }
        return root
    }

    /// `"POST"`, `http.MethodPost`, `HttpMethod.Post`, `ctx`, `context.Background()`.
    private func isMethodOrContext(_ argument: ClosedRange<Int>) -> Bool {
        let first = argument.lowerBound
        let text = lexed.text(first).lowercased()
        if lexed.tokens[first].kind == .string {
            return ["post", "get", "put", "patch", "delete"].contains(text)
        }
        // The last name, past a call's empty parentheses: `c.Request.Context()` ends in `Context`.
        var lastName = argument.upperBound
        if lastName - 2 >= first, lexed.token(lastName, isPunctuation: Byte.closeParen), lexed.partner[lastName] == lastName - 1 {
            lastName -= 2
        }
        let last = lexed.text(lastName).lowercased()
        return text == "ctx" || text == "context" || last == "context" || last.hasPrefix("method")
            || ["post", "get", "put", "patch", "methodpost", "methodget"].contains(last) || text == "httpmethod"
    }

    /// The value of an argument labelled `name:` or `name=` (case-insensitive).
    private func labelledArgument(in arguments: [ClosedRange<Int>], names: Set<String>) -> ClosedRange<Int>? {
        for argument in arguments {
            if argument.count >= 3, lexed.tokens[argument.lowerBound].kind == .identifier,
               lexed.token(argument.lowerBound + 1, isPunctuation: Byte.colon)
                || lexed.token(argument.lowerBound + 1, isPunctuation: Byte.equals),
               names.contains(lexed.text(argument.lowerBound).lowercased())
            {
                return (argument.lowerBound + 2)...argument.upperBound
            }
            // PHP's array of options: `['base_uri' => 'https://…', 'timeout' => 30]`.
            if argument.count >= 3, lexed.tokens[argument.lowerBound].kind == .string, lexed.token(argument.lowerBound + 1, is: "=>"),
               names.contains(lexed.text(argument.lowerBound).lowercased())
            {
                return (argument.lowerBound + 2)...argument.upperBound
            }
            // An options object as the argument: `{ url: "…", method: "POST" }`; PHP's `[…]`.
            if lexed.token(argument.lowerBound, isPunctuation: Byte.openBrace)
                || (lexed.language == .php && lexed.token(argument.lowerBound, isPunctuation: Byte.openBracket)),
               lexed.partner[argument.lowerBound] > argument.lowerBound
            {
                let inner = split(argument.lowerBound + 1, lexed.partner[argument.lowerBound] - 1)
                if let found = labelledArgument(in: inner, names: names) { return found }
            }
        }
        return nil
    }

    /// Splits `start...end` at top-level commas.
    func split(_ start: Int, _ end: Int) -> [ClosedRange<Int>] {
        guard start <= end else { return [] }
        var result: [ClosedRange<Int>] = []
        var from = start
        var cursor = start
        while cursor <= end {
            if lexed.token(cursor, isPunctuation: Byte.comma) {
                if from < cursor { result.append(from...(cursor - 1)) }
                from = cursor + 1
            } else if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor {
                cursor = min(lexed.partner[cursor], end)
            }
            cursor += 1
        }
        if from <= end { result.append(from...end) }
        return result
    }

    // MARK: Evaluation

    /// Resolves the URL an expression builds: its literals in order, same-file names by their definitions.
    func evaluate(_ range: ClosedRange<Int>, depth: Int) -> URLValue? {
        guard depth < 4 else { return nil }
        var value = URLValue()
        var sawAnything = false
        var index = range.lowerBound
        while index <= range.upperBound {
            defer { index += 1 }
            let token = lexed.tokens[index]
            // A setting's paid default (`config.baseUrl || OPENROUTER_BASE_URL`) is where the request goes unless
            // the setting is given (URLFallbacks.swift).
            if value.host == nil, token.kind != .string, let (fallback, end) = paidFallback(at: index, within: range, depth: depth) {
                value = fallback
                sawAnything = true
                index = end
                continue
            }
            switch token.kind {
            case .string:
                // A key of a hash or dictionary (`"Authorization" => "Bearer …"`, `{"Content-Type": …}`) and its
                // value are another argument's, never part of the URL: skipped to the next comma or bracket.
                if lexed.token(index + 1, is: "=>")
                    || (lexed.token(index + 1, isPunctuation: Byte.colon)
                        && (lexed.token(index - 1, isPunctuation: Byte.openBrace) || lexed.token(index - 1, isPunctuation: Byte.comma)))
                {
                    var end = index + 1
                    while end <= range.upperBound, !lexed.token(end, isPunctuation: Byte.comma) {
                        if lexed.tokens[end].kind == .punctuation, lexed.partner[end] > end { end = lexed.partner[end] }
                        else if lexed.tokens[end].kind == .punctuation, lexed.partner[end] >= 0, lexed.partner[end] < end { break }
                        end += 1
                    }
                    index = end - 1
                    continue
                }
                sawAnything = true
                // A format's arguments are placed by its verbs, not appended: past them once the string is read.
                if let format = formatArguments(ofString: index) {
                    absorb(string: index, into: &value, format: format.arguments, depth: depth)
                    index = max(index, format.end)
                    continue
                }
                // A path segment appended by a builder (`appendingPathComponent("chat/completions")`,
                // `addPathSegments("v1/chat/completions")`) is one segment further down.
                if value.host != nil || !value.path.isEmpty, !value.path.hasSuffix("/"),
                   lexed.token(index - 1, isPunctuation: Byte.openParen),
                   HTTPRequestSites.pathAppenders.contains(lexed.text(index - 2)),
                   lexed.tokens[index].end > lexed.tokens[index].start, lexed.bytes[lexed.tokens[index].start] != Byte.slash
                {
                    value.path += "/"
                }
                absorb(string: index, into: &value, format: nil, depth: depth)
            case .identifier:
                // `new` before a constructor is a keyword, not a value.
                if lexed.token(index, is: "new"), index + 1 <= range.upperBound, lexed.tokens[index + 1].kind == .identifier {
                    continue
                }
                // JavaScript's `new URL("/v1/embeddings", base)`: the path resolved against the base.
                if lexed.language.isJavaScriptLike, lexed.token(index, is: "URL"), value.host == nil, value.path.isEmpty,
                   !value.variableBase, lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
                {
                    let close = lexed.partner[index + 1]
                    let arguments = split(index + 2, close - 1)
                    if arguments.count == 2, let path = evaluate(arguments[0], depth: depth + 1),
                       let base = evaluate(arguments[1], depth: depth + 1)
                    {
                        value = HTTPRequestSites.joined(base, path)
                        sawAnything = true
                        index = close
                        continue
                    }
                }
                // A value Spring's configuration gives: `props.getBaseUrl()`, `@Value("${openai.base-url}") String baseUrl`.
                if springSettingValues != nil, value.host == nil, value.path.isEmpty, !value.variableBase,
                   let (configured, end) = springConfiguredValue(at: index, within: range)
                {
                    value = configured
                    sawAnything = true
                    index = end
                    continue
                }
                // A setting read with a default (`os.getenv("LLM_BASE_URL", "http://localhost:11434/v1")`,
                // `os.environ.get(…, DEFAULT_BASE)`, `ENV.fetch("BASE", "…")`): the default is where the request goes
                // unless the setting is given, as a fallback operator's is (`process.env.BASE ?? "…"`).
                if value.host == nil, value.path.isEmpty, !value.variableBase,
                   let (fallback, close) = environmentDefault(ofCallAt: index, depth: depth)
                {
                    value = fallback
                    sawAnything = true
                    index = close
                    continue
                }
                // Only the last segment of a member chain names a value; callees and keywords do not. PHP's `.`
                // concatenates (`self::BASE . '/v1/messages'`); a URL converted in place is that URL
                // (`GEOCODE_URL.toHttpUrl().newBuilder()`).
                if lexed.token(index + 1, isPunctuation: Byte.dot) && lexed.language != .php && !isConvertedToURL(index)
                    || lexed.token(index + 1, is: "?.")
                    || lexed.token(index + 1, is: "->") || lexed.token(index + 1, is: "::")
                    || lexed.token(index + 1, isPunctuation: Byte.openParen)
                {
                    continue
                }
                // An argument's label (`URL(string: base)`, `Uri(uriString: base)`) names no value.
                if lexed.token(index + 1, isPunctuation: Byte.colon),
                   lexed.token(index - 1, isPunctuation: Byte.openParen) || lexed.token(index - 1, isPunctuation: Byte.comma)
                {
                    continue
                }
                sawAnything = true
                guard value.host == nil, value.path.isEmpty, !value.variableBase else { continue }
                if let resolved = resolve(index, depth: depth) {
                    value = resolved
                } else {
                    value.variableBase = true
                    value.baseName = lexed.bytes[token.start..<token.end]
                }
            default:
                continue
            }
        }
        return sawAnything ? value : nil
    }

    /// Whether the name at `index` is converted to a URL by the method called on it (OkHttp's `toHttpUrl()`,
    /// Kotlin's and Android's `toUri()`, `toURL()`), which keeps its value.
    private func isConvertedToURL(_ index: Int) -> Bool {
        guard index + 2 < lexed.tokens.count, lexed.token(index + 3, isPunctuation: Byte.openParen) else { return false }
        return HTTPRequestSites.urlConversions.contains(lexed.text(index + 2))
    }

    /// Builder methods that append a path segment to a URL.
    private static let pathAppenders: Set<String> = [
        "appendingPathComponent", "addPathSegment", "addPathSegments", "appendPath", "pathSegment",
    ]

    private static let urlConversions: Set<String> = ["toHttpUrl", "toHttpUrlOrNull", "toUri", "toURI", "toURL", "toUrl"]

    /// The value of the name at token `index`.
    private func resolve(_ index: Int, depth: Int) -> URLValue? {
        let token = lexed.tokens[index]
        return resolve(name: (elixirAttributeStart(of: index) ?? token.start)..<token.end, excluding: index, depth: depth)
    }

    /// Where the Elixir module attribute whose name is token `index` starts, its `@` included (`@url`): an attribute
    /// and a variable of the same name (`defp get(url, headers)`) are two values.
    private func elixirAttributeStart(of index: Int) -> Int? {
        guard lexed.language == .elixir, lexed.token(index - 1, isPunctuation: Byte.at),
              lexed.tokens[index - 1].end == lexed.tokens[index].start
        else { return nil }
        return lexed.tokens[index - 1].start
    }

    /// The value of the name spelled by `name` (bytes of the file): from its same-file definitions (the first that
    /// resolves to a URL, other than one holding token `excluding`), else from where it is imported from.
    func resolve(name: Range<Int>, excluding: Int, depth: Int) -> URLValue? {
        let bytes = lexed.bytes
        var candidates = definitions[byteHash(bytes, name, lowercased: false)]
        // PHP's `$this->base` and `self::$base` read the property declared `private string $base = '…'`.
        if candidates == nil, lexed.language == .php, bytes[name.lowerBound] != Byte.dollar {
            let variable = [Byte.dollar] + bytes[name]
            candidates = definitions[byteHash(variable, 0..<variable.count, lowercased: false)]
        }
        guard let candidates else { return importedValue?(String(decoding: bytes[name], as: UTF8.self), depth) }
        let ordered = nearestFirst(candidates, to: excluding)
        for range in ordered where !range.contains(excluding) {
            guard let value = evaluate(range, depth: depth + 1) else { continue }
            // A base read from a setting is a value too: its name may say whose it is. Unless a branch then gives it
            // a paid default when the setting is empty (URLBranchDefaults.swift).
            if value.host != nil || !value.path.isEmpty || value.baseName != nil {
                if value.host == nil, ordered.count > 1,
                   let defaulted = branchDefault(after: range, among: ordered, excluding: excluding, depth: depth)
                {
                    return defaulted
                }
                return value
            }
        }
        return nil
    }

    /// Definitions of one name, those the function holding token `reference` makes first, then those outside any
    /// function: two functions' locals of one name (`url`, PHP's `$base`) are each their own function's value.
    private func nearestFirst(_ candidates: [ClosedRange<Int>], to reference: Int) -> [ClosedRange<Int>] {
        guard candidates.count > 1 else { return candidates }
        let function = lexed.enclosingFunction(of: reference)
        func rank(_ range: ClosedRange<Int>) -> Int {
            let definedIn = lexed.enclosingFunction(of: range.lowerBound)
            return definedIn == function ? 0 : definedIn < 0 ? 1 : 2
        }
        return candidates.enumerated()
            .sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
            .map(\.element)
    }

    /// Adds a string literal to a URL: a host, an interpolated base, or more path. `format`: the arguments the
    /// string fills, when it is a format (`fmt.Sprintf("%s/Accounts/%s/Messages.json", api, sid)`).
    private func absorb(string index: Int, into value: inout URLValue, format: [ClosedRange<Int>]?, depth: Int) {
        let token = lexed.tokens[index]
        let bytes = lexed.bytes
        var cursor = token.start
        var positional = 0
        if value.host == nil, value.path.isEmpty {
            // A leading placeholder is the base: `${BASE}/v1/…`, `{self.base_url}/v1/…`, `#{BASE}/…`, `$BASE/…`, `%s/…`.
            if let (placeholder, after) = placeholder(
                at: cursor, of: token, format: format != nil, positional: 0, leading: true)
            {
                if case .positional = placeholder { positional = 1 }
                if let resolved = self.value(of: placeholder, in: index, format: format, depth: depth) {
                    value = resolved
                } else {
                    value.variableBase = true
                    value.baseName = bytes[token.start..<after]
                }
                cursor = after
            } else if let (filled, after, tookArgument) = filledHost(of: index, format: format, depth: depth) {
                // `https://${OPENAI_HOST}/v1/…`: the host is a constant's (or unknown, named by the placeholder).
                value = filled
                if tookArgument { positional = 1 }
                cursor = after
            } else if let (host, after) = HTTPRequestSites.host(in: bytes, token.start..<token.end) {
                value.host = host
                cursor = after
            }
        }
        var path = ""
        while cursor < token.end {
            // Later placeholders are variable parts of the path, kept as their shape (`/text-to-speech/{}`), unless
            // they name a constant path (`${ANTHROPIC_BASE_URL}${MESSAGES_PATH}`): one with a slash, not a value such
            // as an account id read from the environment (`os.Getenv("TWILIO_ACCOUNT_SID")`).
            if let (placeholder, after) = placeholder(
                at: cursor, of: token, format: format != nil, positional: positional, leading: false)
            {
                if case .positional = placeholder { positional += 1 }
                if let filled = self.value(of: placeholder, in: index, format: format, depth: depth), filled.host == nil,
                   !filled.variableBase, filled.path.contains("/")
                {
                    path += filled.path
                } else {
                    path += "{}"
                }
                cursor = after
                continue
            }
            path.unicodeScalars.append(Unicode.Scalar(Byte.lower(bytes[cursor])))
            cursor += 1
        }
        value.path += path
    }

    /// The URL a string whose whole host is a placeholder after the scheme starts with (JavaScript's
    /// `` `https://${OPENAI_HOST}/v1/…` ``, Python's `f"https://{HOST}/v1/…"`, Go's `fmt.Sprintf("https://%s/…", host)`,
    /// Ruby's `"https://#{HOST}/…"`, PHP's `"https://{$host}/"`), and where the rest of the string begins: the host a
    /// constant holds (`"api.openai.com"`), else an unknown base named by the placeholder. A placeholder that is one
    /// label of the host (`https://{region}.tts.…`) is not this: `host(in:)` reads it.
    private func filledHost(of index: Int, format: [ClosedRange<Int>]?, depth: Int) -> (URLValue, Int, tookArgument: Bool)? {
        let token = lexed.tokens[index]
        let bytes = lexed.bytes
        var cursor = token.start
        while cursor < token.end, Byte.isIdentifierStart(bytes[cursor]) { cursor += 1 }
        guard cursor > token.start, cursor + 3 < token.end, bytes[cursor] == Byte.colon, bytes[cursor + 1] == Byte.slash,
              bytes[cursor + 2] == Byte.slash
        else { return nil }
        let hostStart = cursor + 3
        guard let (placeholder, after) = placeholder(
            at: hostStart, of: token, format: format != nil, positional: 0, leading: false)
        else { return nil }
        var tookArgument = false
        switch placeholder {
        case .unnamed, .settingDefault: return nil
        case .positional: tookArgument = true
        case .name: break
        }
        var end = after
        if end < token.end, bytes[end] == Byte.colon {
            end += 1
            while end < token.end, Byte.isDigit(bytes[end]) { end += 1 }
        }
        guard end == token.end || bytes[end] == Byte.slash || bytes[end] == UInt8(ascii: "?") else { return nil }
        if let resolved = value(of: placeholder, in: index, format: format, depth: depth), let host = resolved.host {
            // A constant holding the whole base (`"api.openai.com/v1"`) gives its path too.
            var filled = URLValue(host: host)
            filled.path = resolved.path
            return (filled, end, tookArgument)
        }
        var unknown = URLValue()
        unknown.variableBase = true
        unknown.baseName = bytes[hostStart..<after]
        return (unknown, end, tookArgument)
    }

    /// The value a placeholder of the string at token `string` fills in.
    private func value(of placeholder: Placeholder, in string: Int, format: [ClosedRange<Int>]?, depth: Int) -> URLValue? {
        switch placeholder {
        case .name(let name):
            return resolve(name: name, excluding: string, depth: depth)
        case .positional(let position):
            guard let format, position < format.count else { return nil }
            return evaluate(format[position], depth: depth + 1)
        case .settingDefault(let range):
            guard let (host, after) = HTTPRequestSites.host(in: lexed.bytes, range) else { return nil }
            var value = URLValue(host: host)
            value.path = String(decoding: lexed.bytes[after..<range.upperBound].map(Byte.lower), as: UTF8.self)
            return value
        case .unnamed:
            return nil
        }
    }

    /// The host at the start of a string (`https://host/…`, `wss://host`, or a bare `host/path`), lowercased, and
    /// where the rest of the string begins.
    static func host(in bytes: [UInt8], _ range: Range<Int>) -> ([UInt8], Int)? {
        guard range.count >= 4 else { return nil }
        var hostStart = range.lowerBound
        var cursor = range.lowerBound
        var sawScheme = false
        while cursor + 2 < range.upperBound {
            if bytes[cursor] == Byte.colon, bytes[cursor + 1] == Byte.slash, bytes[cursor + 2] == Byte.slash {
                hostStart = cursor + 3
                sawScheme = true
                break
            }
            if !Byte.isIdentifierPart(bytes[cursor]) && bytes[cursor] != Byte.minus && bytes[cursor] != Byte.dot { break }
            cursor += 1
        }
        var hostEnd = hostStart
        var host: [UInt8] = []
        while hostEnd < range.upperBound {
            let byte = bytes[hostEnd]
            // A label filled in by the template (`f"https://{region}.tts.speech.microsoft.com/…"`, `${region}`):
            // some subdomain, which a pattern's `*` or a subdomain match takes.
            if sawScheme, host.isEmpty || host.last == Byte.dot,
               let close = placeholderEnd(in: bytes, at: hostEnd, before: range.upperBound),
               close < range.upperBound, bytes[close] == Byte.dot
            {
                host.append(UInt8(ascii: "x"))
                hostEnd = close
                continue
            }
            guard Byte.isIdentifierPart(byte) || byte == Byte.minus || byte == Byte.dot else { break }
            host.append(Byte.lower(byte))
            hostEnd += 1
        }
        // A fully qualified name's trailing dot (`api.anthropic.com.`) names the same host.
        if host.count > 1, host.last == Byte.dot { host.removeLast() }
        guard !host.isEmpty else { return nil }
        if !sawScheme {
            // A bare host must contain a dot and be the whole string or be followed by a path: "api.openai.com/v1".
            guard host.contains(Byte.dot), hostEnd == range.upperBound || bytes[hostEnd] == Byte.slash
                || bytes[hostEnd] == Byte.colon
            else { return nil }
        }
        // Skip a port.
        if hostEnd < range.upperBound, bytes[hostEnd] == Byte.colon {
            hostEnd += 1
            while hostEnd < range.upperBound, bytes[hostEnd] >= 48 && bytes[hostEnd] <= 57 { hostEnd += 1 }
        }
        return (host, hostEnd)
    }

    /// Where a template placeholder starting at `start` (`{name}`, `${name}`) ends: the byte after its `}`.
    private static func placeholderEnd(in bytes: [UInt8], at start: Int, before end: Int) -> Int? {
        var cursor = start
        if cursor < end, bytes[cursor] == UInt8(ascii: "$") { cursor += 1 }
        guard cursor < end, bytes[cursor] == UInt8(ascii: "{") else { return nil }
        while cursor < end, bytes[cursor] != UInt8(ascii: "}") {
            // A placeholder names a value; a slash or a blank means this is no placeholder.
            if bytes[cursor] == Byte.slash || bytes[cursor] == 0x20 { return nil }
            cursor += 1
        }
        return cursor < end ? cursor + 1 : nil
    }

    // MARK: SDK base URLs

    /// Keys an SDK constructor takes its API base URL by.
    static let baseURLKeys: Set<String> = [
        "baseurl", "base_url", "api_base", "apibase", "base_uri", "uri_base", "endpoint", "azure_endpoint", "host",
        "basepath", "base_path",
    ]

    /// SDK sites whose client was given a base URL: attributed to that host's provider, or dropped when the
    /// host is a local model server.
    private func rebased(_ sites: [PaidCallSite]) -> [PaidCallSite] {
        guard !sites.isEmpty else { return sites }
        var rewrites: [String: String?] = [:]
        // A remote host no provider owns: whose server it is the file does not say, so the calls stay the SDK
        // provider's, said to go to that host.
        var compatibleHosts: [String: String] = [:]
        let tokens = lexed.tokens
        let siteProviders = Set(sites.map(\.provider))
        func rebase(_ from: String, host: [UInt8], path: String) {
            if HTTPRequestSites.isLocal(host) {
                rewrites[from] = .some(nil)
            } else if let gateway = catalogue.provider(forHost: host[...]) {
                // A gateway's base passes the calls on to the provider its address names (`…/openai`), if it does.
                let provider = upstream(ofGateway: gateway, host: host, path: path) ?? gateway
                rewrites[from] = .some(catalogue.providers[provider].id)
            } else if rewrites[from] == nil {
                compatibleHosts[from] = String(decoding: host, as: UTF8.self)
            }
        }
        for index in tokens.indices where tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            guard lexed.partner[index + 1] > index + 1 else { continue }
            let setter = baseURLSetter(at: index, providers: siteProviders) ?? goOptionBaseURL(at: index, providers: siteProviders)
            guard let from = setter ?? clientConstruction(at: index).map({ catalogue.providers[$0].id }) else { continue }
            let arguments = split(index + 2, lexed.partner[index + 1] - 1)
            // openai-php's factory takes the base bare: `OpenAI::factory()->withBaseUri('localhost:11434/v1')`; so does
            // a builder's setter.
            let bare = setter != nil || lexed.token(index, is: "withBaseUri") ? arguments.first : nil
            guard let base = bare ?? labelledArgument(in: arguments, names: HTTPRequestSites.baseURLKeys),
                  let value = evaluate(base, depth: 0),
                  let host = value.host ?? (bare == nil ? nil : schemelessHost(base))
            else { continue }
            rebase(from, host: host, path: value.path)
        }
        // go-openai's configuration, given its base as a field: `cfg := openai.DefaultConfig("ollama")`, then
        // `cfg.BaseURL = "http://localhost:11434/v1"`, handed to `openai.NewClientWithConfig(cfg)`.
        if lexed.language == .go {
            for index in tokens.indices where tokens[index].kind == .identifier && lexed.token(index - 1, isPunctuation: Byte.dot)
                && lexed.token(index + 1, isPunctuation: Byte.equals) && !lexed.token(index + 2, isPunctuation: Byte.equals)
            {
                let key = lexed.text(index).lowercased()
                guard key != "host", HTTPRequestSites.baseURLKeys.contains(key),
                      let from = configuredProvider(ofVariable: index - 2, providers: siteProviders)
                else { continue }
                var end = index + 2
                while end + 1 < tokens.count, tokens[end + 1].line == tokens[index].line, !lexed.token(end + 1, isPunctuation: Byte.semicolon) {
                    end += 1
                }
                guard end < tokens.count, let value = evaluate((index + 2)...end, depth: 0), let host = value.host else { continue }
                rebase(from, host: host, path: value.path)
            }
        }
        guard !rewrites.isEmpty || !compatibleHosts.isEmpty else { return sites }
        return sites.compactMap { site in
            guard let rewrite = rewrites[site.provider] else {
                var pointed = site
                pointed.compatibleHost = compatibleHosts[site.provider]
                return pointed
            }
            guard let provider = rewrite else { return nil }
            var moved = site
            moved.provider = provider
            return moved
        }
    }

    /// Whether the client constructor whose arguments open at `open` (`OpenAI(base_url=…)`, `new OpenAI({ baseURL:
    /// … })`) is given a base URL on this machine or network, read as `rebased` reads it in the constructing file:
    /// a literal, a same-file name, a setting's default (`process.env.OLLAMA_URL ?? "http://localhost:11434/v1"`,
    /// `os.getenv("LLM_BASE_URL", "http://localhost:11434/v1")`). A setting without a default, or with a paid one,
    /// is no local base.
    func constructsForLocalBase(openParen open: Int) -> Bool {
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1,
              let base = labelledArgument(in: split(open + 1, lexed.partner[open] - 1), names: HTTPRequestSites.baseURLKeys),
              let host = evaluate(base, depth: 0)?.host
        else { return false }
        return HTTPRequestSites.isLocal(host)
    }

    /// The provider whose client the call at `index` builds: a constructor named by the provider's symbol
    /// (`OpenAI(base_url=…)`, `new OpenAI({ baseURL })`), Ruby's `OpenAI::Client.new(uri_base: …)`, or openai-php's
    /// `OpenAI::factory()->withBaseUri(…)`. Not one of the provider's functions (`acompletion(api_base=…)`).
    /// The root of the member chain ending at `index` (over `.`, `::`, `->` and the calls in it).
    func memberChainRoot(from index: Int) -> Int {
        var root = index
        while root >= 2, lexed.token(root - 1, isPunctuation: Byte.dot) || lexed.token(root - 1, is: "::") || lexed.token(root - 1, is: "->") {
            var previous = root - 2
            if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] >= 1 { previous = lexed.partner[previous] - 1 }
            guard lexed.tokens[previous].kind == .identifier else { break }
            root = previous
        }
        return root
    }

    private func clientConstruction(at index: Int) -> Int? {
        if let owner = catalogue.provider(symbolAt: index, in: lexed) { return isCallShape(index, of: owner) ? nil : owner }
        guard lexed.token(index, is: "new") || lexed.token(index, is: "withBaseUri") else { return nil }
        let root = memberChainRoot(from: index)
        return root < index ? catalogue.provider(symbolAt: root, in: lexed) : nil
    }

    /// The provider, among `providers` (the ids of the file's SDK sites), whose client a builder's base-URL setter
    /// configures: a method named as one (`with_api_base`, `baseUrl`, `setBaseURL`, `withBaseUrl`) on a chain rooted at
    /// a type named for the provider (async-openai's `OpenAIConfig::new().with_api_base("http://localhost:11434/v1")`,
    /// openai-java's `OpenAIOkHttpClient.builder().baseUrl(…)`).
    private func baseURLSetter(at index: Int, providers: Set<String>) -> String? {
        guard index >= 2, lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index - 1, is: "::") || lexed.token(index - 1, is: "->")
        else { return nil }
        var name = lexed.text(index).lowercased()
        for prefix in ["with_", "with", "set_", "set"] where name.hasPrefix(prefix) && name.count > prefix.count {
            name.removeFirst(prefix.count)
            break
        }
        guard HTTPRequestSites.baseURLKeys.contains(name), name != "host" else { return nil }
        let root = memberChainRoot(from: index)
        guard root < index else { return nil }
        let rootName = lexed.text(root).lowercased()
        return providers.first { $0.count >= 4 && rootName.contains($0) }
    }

    /// The provider, among `providers`, whose client the Go SDK option at `index` configures the base of:
    /// `option.WithBaseURL(…)` of openai-go and anthropic-sdk-go, in the provider's constructor
    /// (`openai.NewClient(option.WithBaseURL(…))`) or, held in a slice of options, of the one SDK whose `option` package
    /// the file imports.
    private func goOptionBaseURL(at index: Int, providers: Set<String>) -> String? {
        guard lexed.language == .go, lexed.token(index, is: "WithBaseURL"), lexed.token(index - 1, isPunctuation: Byte.dot),
              lexed.token(index - 2, is: "option")
        else { return nil }
        var block = lexed.tokens[index].block
        while block >= 0 {
            let open = lexed.blocks[block].openToken
            if lexed.blocks[block].opener == .paren, open >= 1, lexed.tokens[open - 1].kind == .identifier {
                let rootName = lexed.text(memberChainRoot(from: open - 1)).lowercased()
                if let provider = providers.first(where: { $0.count >= 4 && rootName.contains($0) }) { return provider }
            }
            block = lexed.blocks[block].parent
        }
        let imported = Self.goOptionPackages.filter { providers.contains($0.provider) && ByteSearch.containsFolded(lexed.bytes, $0.path) }
        return imported.count == 1 ? imported[0].provider : nil
    }

    /// The `option` packages of the Go SDKs whose clients take their base as an option.
    private static let goOptionPackages: [(provider: String, path: [UInt8])] = [
        ("openai", Array("github.com/openai/openai-go/option".utf8)),
        ("anthropic", Array("github.com/anthropics/anthropic-sdk-go/option".utf8)),
    ]

    /// The provider, among `providers`, whose configuration the Go variable at `variable` holds: assigned a call on
    /// a name that names the provider (`cfg := openai.DefaultConfig(…)`, `openai.DefaultAzureConfig(…)`).
    private func configuredProvider(ofVariable variable: Int, providers: Set<String>) -> String? {
        guard variable >= 0, lexed.tokens[variable].kind == .identifier, !lexed.token(variable - 1, isPunctuation: Byte.dot) else { return nil }
        let name = lexed.text(variable)
        for cursor in stride(from: variable - 1, through: 0, by: -1) where lexed.tokens[cursor].kind == .identifier && lexed.text(cursor) == name {
            var equals = cursor + 1
            if lexed.token(equals, isPunctuation: Byte.colon) { equals += 1 }
            guard lexed.token(equals, isPunctuation: Byte.equals), lexed.tokens.indices.contains(equals + 1),
                  lexed.tokens[equals + 1].kind == .identifier
            else { continue }
            var call = equals + 1
            while lexed.token(call + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(call + 2),
                  lexed.tokens[call + 2].kind == .identifier
            {
                call += 2
            }
            guard lexed.token(call + 1, isPunctuation: Byte.openParen) else { return nil }
            let rootName = lexed.text(equals + 1).lowercased()
            return providers.first { $0.count >= 4 && rootName.contains($0) }
        }
        return nil
    }

    /// The host of a base written without a scheme (`'localhost:11434/v1'`), when the argument is that one string.
    private func schemelessHost(_ argument: ClosedRange<Int>) -> [UInt8]? {
        guard argument.count == 1, lexed.tokens[argument.lowerBound].kind == .string else { return nil }
        let text = Array(("http://" + lexed.text(argument.lowerBound)).utf8)
        return HTTPRequestSites.host(in: text, 0..<text.count)?.0
    }

    /// Whether the symbol at `index` is one of the provider's functions (LiteLLM's `acompletion`), whose base URL is
    /// that call's alone (`SiteFinder.sendsToLocalModel`), not a client's that every call through it shares.
    private func isCallShape(_ index: Int, of provider: Int) -> Bool {
        let token = lexed.tokens[index]
        return catalogue.shapesByLastSegment[byteHash(lexed.bytes, CompiledCatalogue.shapeNameRange(lexed.bytes, token), lowercased: true)]?
            .contains { $0.provider == provider && $0.segments.count == 1 } ?? false
    }

    // MARK: Definitions

    /// Punctuation that appears inside a type annotation.
    private static let typePunctuation: Set<UInt8> = [
        UInt8(ascii: "&"), Byte.less, Byte.greater, Byte.openBracket, Byte.closeBracket, Byte.question, Byte.dot,
        Byte.star, UInt8(ascii: "|"),
    ]

    /// `NAME = value`, `const NAME = value`, `NAME := value`, `name: Type = value`, `{ name: value }` and
    /// `name=value` defaults, by name; the value runs to the end of its line (or of the groups it opens).
    private static func collectDefinitions(_ lexed: LexedSource) -> [UInt64: [ClosedRange<Int>]] {
        var result: [UInt64: [ClosedRange<Int>]] = [:]
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            var valueStart: Int?
            var nameStart = tokens[index].start
            if lexed.token(index + 1, isPunctuation: Byte.equals), !lexed.token(index + 2, isPunctuation: Byte.equals) {
                valueStart = index + 2
            } else if lexed.language == .elixir, lexed.token(index - 1, isPunctuation: Byte.at), tokens[index - 1].firstOnLine,
                      index + 1 < tokens.count, tokens[index + 1].line == tokens[index].line
            {
                // An Elixir module attribute, `@url "https://…"`, read where the module uses `@url` (by that name, `@`
                // included: a variable `url` is another value).
                valueStart = index + 1
                if tokens[index - 1].end == tokens[index].start { nameStart = tokens[index - 1].start }
            } else if lexed.token(index + 1, isPunctuation: Byte.colon) {
                if lexed.token(index + 2, isPunctuation: Byte.equals) {
                    valueStart = index + 3  // Go `:=`
                } else if lexed.tokens.indices.contains(index + 2), tokens[index + 2].kind == .string {
                    valueStart = index + 2  // an object key or keyword argument
                } else {
                    // A typed declaration: `name: str = "…"`, `const NAME: &str = "…"`, `val name: String? = "…"`.
                    var cursor = index + 2
                    while cursor < min(tokens.count, index + 10), tokens[cursor].line == tokens[index].line,
                          tokens[cursor].kind == .identifier || HTTPRequestSites.typePunctuation.contains(lexed.bytes[tokens[cursor].start])
                    {
                        cursor += 1
                    }
                    if cursor > index + 2, lexed.token(cursor, isPunctuation: Byte.equals),
                       !lexed.token(cursor + 1, isPunctuation: Byte.equals)
                    {
                        valueStart = cursor + 1
                    }
                }
            }
            guard let start = valueStart, start < tokens.count else { continue }
            var end = start
            while end + 1 < tokens.count {
                let next = end + 1
                if lexed.tokens[end].kind == .punctuation, lexed.partner[end] > end {
                    end = lexed.partner[end]
                    continue
                }
                guard tokens[next].line == tokens[start].line,
                      !lexed.token(next, isPunctuation: Byte.comma), !lexed.token(next, isPunctuation: Byte.semicolon),
                      !(lexed.token(next, isPunctuation: Byte.closeParen) || lexed.token(next, isPunctuation: Byte.closeBrace)
                        || lexed.token(next, isPunctuation: Byte.closeBracket))
                else { break }
                end = next
            }
            result[byteHash(lexed.bytes, nameStart..<tokens[index].end, lowercased: false), default: []]
                .append(start...end)
        }
        if lexed.language == .java || lexed.language == .kotlin { collectInjectedSettings(lexed, into: &result) }
        return result
    }

    /// Fields and parameters a framework fills from a setting whose default the file gives: Spring's and
    /// Micronaut's `@Value("${cohere.url:https://api.cohere.com/v2/embed}") private String url;`, Quarkus's
    /// `@ConfigProperty(name = "cohere.url", defaultValue = "https://…") String url`. The name is defined as the
    /// annotation's string, whose placeholder's default `absorb` reads.
    private static func collectInjectedSettings(_ lexed: LexedSource, into result: inout [UInt64: [ClosedRange<Int>]]) {
        let tokens = lexed.tokens
        for index in tokens.indices where lexed.token(index, isPunctuation: Byte.at) {
            let spring = lexed.token(index + 1, is: "Value")
            guard spring || lexed.token(index + 1, is: "ConfigProperty"), lexed.token(index + 2, isPunctuation: Byte.openParen),
                  lexed.partner[index + 2] > index + 2
            else { continue }
            let close = lexed.partner[index + 2]
            let setting = (index + 3..<close).first { cursor in
                tokens[cursor].kind == .string
                    && (spring || lexed.token(cursor - 2, is: "defaultValue") && lexed.token(cursor - 1, isPunctuation: Byte.equals))
            }
            guard let setting else { continue }
            // The name declared after the annotation: the last before Java's `;`, `,`, `)` or `=`, or a Kotlin type's `:`.
            var cursor = close + 1
            var name: Int?
            while cursor < min(tokens.count, close + 16) {
                if tokens[cursor].kind == .identifier {
                    name = cursor
                } else if [Byte.semicolon, Byte.comma, Byte.closeParen, Byte.equals, Byte.colon, Byte.openBrace]
                    .contains(where: { lexed.token(cursor, isPunctuation: $0) })
                {
                    break
                }
                cursor += 1
            }
            guard let name, cursor < min(tokens.count, close + 16) else { continue }
            result[byteHash(lexed.bytes, tokens[name].start..<tokens[name].end, lowercased: false), default: []]
                .append(setting...setting)
        }
    }
}
