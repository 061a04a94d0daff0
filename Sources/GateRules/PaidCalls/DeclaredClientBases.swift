import GateCore

/// Clients whose base URL is declared apart from the requests sent through them: an HTTParty class's `base_uri`,
/// which every request the class sends itself is joined to; RestSharp's `RestClient`, whose requests are
/// `RestRequest`s of a path executed on the client; a Laravel `Http` chain's `baseUrl(…)`; Spring's `RestClient` and
/// `WebClient` built with a `baseUrl(…)`, a Ktor client's `defaultRequest { url(…) }`, a .NET `HttpClient`'s `BaseAddress`.
extension HTTPRequestSites {
    // MARK: HTTParty

    /// The `base_uri` arguments of the Ruby classes and modules that declare one, by the container block they are in.
    func declaredClassBases() -> [(container: Int, base: ClosedRange<Int>)] {
        if lexed.language == .elixir { return teslaModuleBases() }
        guard lexed.language == .ruby, ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.baseURIWord) else { return [] }
        let tokens = lexed.tokens
        var bases: [(container: Int, base: ClosedRange<Int>)] = []
        for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "base_uri") {
            guard let container = enclosingContainer(of: index), index + 1 < tokens.count,
                  tokens[index + 1].line == tokens[index].line
            else { continue }
            // `base_uri "https://…"` or `base_uri("https://…")`, to the end of the line.
            var start = index + 1
            var end = index + 1
            if lexed.token(start, isPunctuation: Byte.openParen), lexed.partner[start] > start + 1 {
                end = lexed.partner[start] - 1
                start += 1
            } else {
                while end + 1 < tokens.count, tokens[end + 1].line == tokens[index].line { end += 1 }
            }
            bases.append((container, start...end))
        }
        return bases
    }

    private static let baseURIWord = Array("base_uri".utf8)

    /// The client an HTTParty class is, when the request at `callee` is one the class sends: `self.class.post(…)` in
    /// an instance method, `post(…)` or `self.get(…)` in a class method, `OpenAiClient.post(…)` anywhere in the file.
    func classClient(receiving callee: Int, bases: [(container: Int, base: ClosedRange<Int>)]) -> ClientBase? {
        let receivedByDot = lexed.token(callee - 1, isPunctuation: Byte.dot)
        if receivedByDot, callee >= 2, lexed.tokens[callee - 2].kind == .identifier, !lexed.token(callee - 3, isPunctuation: Byte.dot),
           let named = bases.last(where: { lexed.text(callee - 2) == className(of: $0.container) })
        {
            return ClientBase(name: named.base.lowerBound - 1, scope: -1, base: named.base)
        }
        guard let container = enclosingContainer(of: callee),
              let declared = bases.last(where: { $0.container == container })
        else { return nil }
        let itself = !receivedByDot && !lexed.token(callee - 1, is: "::")
            || receivedByDot && lexed.token(callee - 2, is: "self") && !lexed.token(callee - 3, isPunctuation: Byte.dot)
            || receivedByDot && lexed.token(callee - 2, is: "class") && lexed.token(callee - 3, isPunctuation: Byte.dot)
                && lexed.token(callee - 4, is: "self")
        guard itself else { return nil }
        return ClientBase(name: declared.base.lowerBound - 1, scope: -1, base: declared.base)
    }

    /// The name a Ruby `class` or `module` block declares (`OpenAiClient` of `class OpenAiClient < Base`).
    private func className(of container: Int) -> String? {
        let name = lexed.blocks[container].openToken + 1
        return name < lexed.tokens.count && lexed.tokens[name].kind == .identifier ? lexed.text(name) : nil
    }

    /// The innermost class or module block holding token `index`.
    func enclosingContainer(of index: Int) -> Int? {
        var block = lexed.tokens[index].block
        while block >= 0 {
            if lexed.blocks[block].kind == .container { return block }
            block = lexed.blocks[block].parent
        }
        return nil
    }

    // MARK: Laravel

    /// The base URL a Laravel `Http` chain sets before the request at `callee`:
    /// `Http::baseUrl('https://api.openai.com/v1')->withToken($key)->post('chat/completions', …)`.
    func chainClient(receiving callee: Int) -> ClientBase? {
        guard lexed.language == .php else { return nil }
        var found: ClientBase?
        walkPHPChain(back: callee) { call, open, close in
            guard lexed.token(call, is: "baseUrl"), open + 1 < close else { return true }
            found = ClientBase(name: call, scope: -1, base: (open + 1)...(close - 1))
            return false
        }
        return found
    }

    /// The root of the PHP call chain the request at `callee` ends (`Http` of `Http::baseUrl(…)->post(…)`): where a
    /// chain client's request is reported, since a `post('/chat/completions', …)` reads like a route registration.
    func chainRoot(of callee: Int) -> Int? {
        guard lexed.language == .php else { return nil }
        var root: Int?
        walkPHPChain(back: callee) { call, _, _ in
            root = call
            return true
        }
        return root.flatMap { $0 < callee ? $0 : nil }
    }

    /// Visits the calls and names before `callee` along its `->`/`::` chain, nearest first, with a call's argument
    /// parentheses (or the name's own token twice); `visit` returns false to stop.
    private func walkPHPChain(back callee: Int, _ visit: (_ name: Int, _ open: Int, _ close: Int) -> Bool) {
        var cursor = callee
        while cursor >= 2, lexed.token(cursor - 1, is: "->") || lexed.token(cursor - 1, is: "::") {
            var previous = cursor - 2
            var arguments = (previous, previous)
            if lexed.token(previous, isPunctuation: Byte.closeParen) {
                let open = lexed.partner[previous]
                guard open >= 1 else { return }
                arguments = (open, previous)
                previous = open - 1
            }
            guard lexed.tokens[previous].kind == .identifier, visit(previous, arguments.0, arguments.1) else { return }
            cursor = previous
        }
    }

    // MARK: resty

    private static let restyWord = Array("resty".utf8)

    /// Go resty clients given a base URL: `client := resty.New().SetBaseURL("https://api.openai.com/v1")`, or
    /// `client.SetBaseURL(…)` (`SetHostURL`, its older name) on a client made apart. Every request of the client
    /// (`client.R().SetBody(b).Post("/chat/completions")`) goes to the base joined with its path.
    func restyClientBases() -> [ClientBase] {
        guard lexed.language == .go, ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.restyWord, within: 4_096) else { return [] }
        var result: [ClientBase] = []
        for index in lexed.tokens.indices where (lexed.token(index, is: "SetBaseURL") || lexed.token(index, is: "SetHostURL"))
            && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 2
        {
            guard let base = split(index + 2, lexed.partner[index + 1] - 1).first else { continue }
            // Back along the chain to its root: `resty` of `resty.New().SetBaseURL(…)`, or the client's own name.
            var root = index
            while root >= 2, lexed.token(root - 1, isPunctuation: Byte.dot) {
                var previous = root - 2
                if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] >= 1 { previous = lexed.partner[previous] - 1 }
                guard lexed.tokens[previous].kind == .identifier else { break }
                root = previous
            }
            let name: Int
            if lexed.token(root, is: "resty") {
                // `client := resty.New()…`, `var client = resty.New()…`.
                guard root >= 2, lexed.token(root - 1, is: ":=") || lexed.token(root - 1, isPunctuation: Byte.equals),
                      lexed.tokens[root - 2].kind == .identifier
                else { continue }
                name = root - 2
            } else {
                name = root
            }
            result.append(ClientBase(name: name, scope: lexed.enclosingFunction(of: name), base: base))
        }
        return result
    }

    // MARK: RestSharp

    /// Whether the call at `index` constructs a RestSharp client: `new RestClient(…)`, or C#'s target-typed
    /// `RestClient client = new(…)`.
    func isRestClientConstruction(_ index: Int) -> Bool {
        guard lexed.language == .csharp else { return false }
        if lexed.token(index, is: "RestClient") { return lexed.token(index - 1, is: "new") }
        return lexed.token(index, is: "new") && lexed.token(index - 1, isPunctuation: Byte.equals)
            && lexed.token(index - 3, is: "RestClient")
    }

    /// RestSharp's ways to send a `RestRequest` on a client (`client.ExecuteAsync(request)`), which are requests only
    /// on a client the file built with a base URL: elsewhere `Execute` is anyone's method.
    static let clientRequestCallees: Set<String> = [
        "execute", "executeasync", "executepostasync", "executegetasync", "executepost", "executeget",
    ]

    // MARK: Spring, Ktor and .NET

    private static let springClientWords = [Array("restclient".utf8), Array("webclient".utf8)]
    private static let defaultRequestWord = Array("defaultrequest".utf8)
    private static let baseAddressWord = Array("baseaddress".utf8)
    private static let httpClientWord = Array("httpclient".utf8)

    /// The JVM and .NET clients the file builds with a base URL and binds to a name, whose requests (a path of their
    /// own, or none) go to that base.
    func builtClientBases() -> [ClientBase] {
        switch lexed.language {
        case .java: return springClientBases()
        case .kotlin: return springClientBases() + ktorClientBases()
        case .csharp: return baseAddressClients()
        default: return []
        }
    }

    /// A client bound to `name`, visible in `scope`: an attribute assigned in a method is its class's objects'.
    private func bound(_ name: Int, scope: Int, base: ClosedRange<Int>) -> ClientBase {
        let owner = scope < 0 && lexed.enclosingFunction(of: name) >= 0 ? enclosingContainer(of: name) ?? -1 : -1
        return ClientBase(name: name, scope: scope, base: base, owner: owner)
    }

    /// Spring's clients built with a base URL: `RestClient.builder().baseUrl("https://api.openai.com/v1")…build()`,
    /// `WebClient.builder().baseUrl(…)`, an injected builder's `builder.baseUrl(…).build()`, bound to a field or
    /// variable; their requests are `client.post().uri("/chat/completions")…`. Not Retrofit's, whose requests are an
    /// interface's annotations. (`RestClient.create(url)` and `WebClient.create(url)` are connection factories.)
    private func springClientBases() -> [ClientBase] {
        guard HTTPRequestSites.springClientWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) }) else { return [] }
        var result: [ClientBase] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "baseUrl") && lexed.token(index - 1, isPunctuation: Byte.dot)
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 2
        {
            let root = memberChainRoot(from: index)
            guard root < index, !lexed.token(root, is: "Retrofit"), let base = split(index + 2, lexed.partner[index + 1] - 1).first,
                  let (name, scope) = clientName(builtBy: index, from: root)
            else { continue }
            result.append(bound(name, scope: scope, base: base))
        }
        return result
    }

    /// Ktor clients given a default request URL: `val http = HttpClient(CIO) { defaultRequest { url("https://api.openai.com/v1/") } }`
    /// (or `host = "api.openai.com"`), whose `http.post("chat/completions") { … }` goes to the base joined with the path.
    private func ktorClientBases() -> [ClientBase] {
        guard ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.defaultRequestWord) else { return [] }
        var result: [ClientBase] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "defaultRequest") && lexed.token(index + 1, isPunctuation: Byte.openBrace)
            && lexed.partner[index + 1] > index + 1
        {
            let close = lexed.partner[index + 1]
            var base: ClosedRange<Int>?
            for cursor in (index + 2)..<close where base == nil {
                if lexed.token(cursor, is: "url"), !lexed.token(cursor - 1, isPunctuation: Byte.dot),
                   lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 2
                {
                    base = split(cursor + 2, lexed.partner[cursor + 1] - 1).first
                } else if lexed.token(cursor, is: "host"), lexed.token(cursor + 1, isPunctuation: Byte.equals),
                          lexed.tokens[cursor + 2].kind == .string
                {
                    base = (cursor + 2)...(cursor + 2)
                }
            }
            // The `HttpClient(CIO) { … }` whose configuration block holds it.
            var open = index - 1
            while open >= 0, !(lexed.token(open, isPunctuation: Byte.openBrace) && lexed.partner[open] > index) { open -= 1 }
            var maker = open - 1
            if lexed.token(maker, isPunctuation: Byte.closeParen), lexed.partner[maker] >= 1 { maker = lexed.partner[maker] - 1 }
            guard let base, open >= 1, lexed.token(maker, is: "HttpClient"), let (name, scope) = clientName(builtBy: maker, from: maker)
            else { continue }
            result.append(bound(name, scope: scope, base: base))
        }
        return result
    }

    /// .NET `HttpClient`s given a `BaseAddress`: `_http = new HttpClient { BaseAddress = new Uri("https://api.anthropic.com/") }`
    /// (`new() { … }` too), or `_http.BaseAddress = new Uri(…)` in a constructor, also binding the field a parameter so
    /// configured is stored in (`_http = http;`). A typed client's registration (`AddHttpClient<T>(c => c.BaseAddress = …)`)
    /// configures the class's client, not a name of this file (`CodeIndex.dotnetTypedClientBase`).
    private func baseAddressClients() -> [ClientBase] {
        guard ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.baseAddressWord) else { return [] }
        let tokens = lexed.tokens
        var result: [ClientBase] = []
        for index in tokens.indices where lexed.token(index, is: "BaseAddress") && lexed.token(index + 1, isPunctuation: Byte.equals)
            && lexed.token(index + 2, is: "new")
        {
            let open = lexed.token(index + 3, is: "Uri") ? index + 4 : index + 3
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1,
                  let base = split(open + 1, lexed.partner[open] - 1).first
            else { continue }
            if lexed.token(index - 1, isPunctuation: Byte.dot) {
                guard index >= 2, tokens[index - 2].kind == .identifier, !lexed.token(index - 3, isPunctuation: Byte.dot) || lexed.token(index - 4, is: "this")
                else { continue }
                let name = index - 2
                // A lambda's parameter (`c => c.BaseAddress = …`) is a registration's client.
                if ((max(0, index - 12))..<name).contains(where: { lexed.token($0, is: "=>") }) { continue }
                result.append(ClientBase(name: name, scope: -1, base: base, owner: enclosingContainer(of: name) ?? -1))
                let function = lexed.enclosingFunction(of: index)
                guard function >= 0 else { continue }
                for stored in lexed.span(of: function) where stored >= 2 && lexed.token(stored - 1, isPunctuation: Byte.equals)
                    && tokens[stored - 2].kind == .identifier && lexed.token(stored + 1, isPunctuation: Byte.semicolon)
                    && lexed.text(stored) == lexed.text(name)
                {
                    result.append(ClientBase(name: stored - 2, scope: -1, base: base, owner: enclosingContainer(of: name) ?? -1))
                }
                continue
            }
            // An object initializer: the `new HttpClient(handler) { … }` or `new() { … }` whose braces hold it.
            var brace = index - 1
            while brace >= max(0, index - 200), !(lexed.token(brace, isPunctuation: Byte.openBrace) && lexed.partner[brace] > index) {
                brace -= 1
            }
            var maker = brace - 1
            if lexed.token(maker, isPunctuation: Byte.closeParen), lexed.partner[maker] >= 1 { maker = lexed.partner[maker] - 1 }
            if lexed.token(maker, is: "HttpClient") { maker -= 1 }
            guard brace >= 1, lexed.token(maker, is: "new"), let (name, scope) = clientName(builtBy: maker, from: maker) else { continue }
            result.append(bound(name, scope: scope, base: base))
        }
        return result
    }

    /// The URL argument of the `HttpRequestMessage` a .NET client sends (`client.SendAsync(request)` after
    /// `var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")`, or built in the call itself).
    func requestMessageURL(sentAs argument: ClosedRange<Int>) -> ClosedRange<Int>? {
        guard lexed.language == .csharp else { return nil }
        var places = [argument]
        let first = lexed.tokens[argument.lowerBound]
        if argument.count == 1, first.kind == .identifier,
           let made = definitions[byteHash(lexed.bytes, first.start..<first.end, lowercased: false)]
        {
            let function = lexed.enclosingFunction(of: argument.lowerBound)
            places += made.filter { function < 0 || lexed.isToken($0.lowerBound, inside: function) }
        }
        for place in places {
            for message in place where lexed.token(message, is: "HttpRequestMessage") && lexed.token(message - 1, is: "new") {
                return requestURLArgument(callee: message)
            }
        }
        return nil
    }

    /// The names the file declares as clients another file configures, with their types: .NET's `HttpClient`s
    /// (`HttpClient http` of a primary constructor, `private readonly HttpClient _http;`), a typed client's, configured
    /// where its class is registered; Spring's `RestClient`s and `WebClient`s (`private final RestClient openai;`,
    /// Kotlin's `private val openai: RestClient`), beans a `@Bean` method builds.
    func declaredHttpClientNames() -> [String: String] {
        let csharp = lexed.language == .csharp
        guard csharp && ByteSearch.containsFolded(lexed.bytes, HTTPRequestSites.httpClientWord)
            || (lexed.language == .java || lexed.language == .kotlin)
            && HTTPRequestSites.springClientWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0) })
        else { return [:] }
        var names: [String: String] = [:]
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.tokens.indices.contains(index + 2) {
            let text: String
            if csharp, lexed.token(index, is: "HttpClient") {
                text = "HttpClient"
            } else if !csharp, lexed.token(index, is: "RestClient") || lexed.token(index, is: "WebClient") {
                text = lexed.text(index)
            } else {
                continue
            }
            if lexed.tokens[index + 1].kind == .identifier,
               [Byte.comma, Byte.closeParen, Byte.semicolon, Byte.equals].contains(where: { lexed.token(index + 2, isPunctuation: $0) })
            {
                names[lexed.text(index + 1)] = text
            } else if lexed.language == .kotlin, lexed.token(index - 1, isPunctuation: Byte.colon), index >= 2,
                      lexed.tokens[index - 2].kind == .identifier
            {
                names[lexed.text(index - 2)] = text
            }
        }
        return names
    }

    /// The name of the class, record or struct a container block declares (`OpenAiClient` of
    /// `public class OpenAiClient(HttpClient http)`).
    func declaredTypeName(of container: Int) -> String? {
        let block = lexed.blocks[container]
        for keyword in block.headerStart..<block.openToken where lexed.token(keyword, is: "class") || lexed.token(keyword, is: "record")
            || lexed.token(keyword, is: "struct")
        {
            if lexed.tokens[keyword + 1].kind == .identifier { return lexed.text(keyword + 1) }
        }
        return nil
    }
}
