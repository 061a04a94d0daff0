import GateCore

/// Which requests only read: a payment provider bills the payment, not the call, so reading a customer or a charge
/// back (`GET https://api.stripe.com/v1/customers/{id}`) costs nothing, while creating a PaymentIntent is the
/// spending. Told conservatively, from what the code writes: a request whose method is not plain stays a call.
extension HTTPRequestSites {
    /// Whether the request at `callee` is a GET: a GET function or method (`requests.get`, `http.Get`,
    /// `Http::get`, `getForObject`, `GetAsync`, `wp_remote_get`), an HTTP method argument that is GET
    /// (`http.NewRequest("GET", …)`, `HttpMethod.Get`), or `fetch(url)` with no options that change its method.
    func isRead(callee: Int) -> Bool {
        let name = lexed.text(callee).lowercased()
        if HTTPRequestSites.readCallees.contains(name) { return true }
        guard let open = argumentsOpen(of: callee), lexed.partner[open] > open else { return false }
        let arguments = split(open + 1, lexed.partner[open] - 1)
        if ["fetch", "$fetch", "ofetch"].contains(name) { return fetchReads(arguments) }
        guard HTTPRequestSites.methodTakingCallees.contains(name) else { return false }
        // The method is its own argument, before the URL or after it (Spring's `exchange(url, HttpMethod.GET, …)`).
        var sawGet = false
        for argument in arguments where argument.count <= 3 {
            switch methodName(argument) {
            case "get": sawGet = true
            case .some: return false
            case nil: continue
            }
        }
        return sawGet
    }

    /// Functions and methods named for a GET request.
    private static let readCallees: Set<String> = [
        "get", "getasync", "getforobject", "getforentity", "wp_remote_get", "getstringasync", "getjson",
        // Elixir's raising forms (`Req.get!`, `HTTPoison.get!`).
        "get!",
    ]

    /// Request functions told their method by an argument.
    private static let methodTakingCallees: Set<String> = [
        "newrequest", "newrequestwithcontext", "httprequestmessage", "request", "exchange",
        // Elixir: `Finch.build(:get, url)`, `HTTPoison.request!(:post, url, body)`.
        "build", "request!",
    ]

    /// `fetch(url)`, or `fetch(url, { headers })` whose options literal sets no method and no body; not a
    /// `Request` built with its own (`fetch(new Request(url, { method: "POST" }))`, `fetch(request)`).
    private func fetchReads(_ arguments: [ClosedRange<Int>]) -> Bool {
        guard let target = arguments.first, arguments.count <= 2 else { return false }
        if lexed.tokens[target.lowerBound].kind != .string {
            let token = lexed.tokens[target.upperBound]
            let made = definitions[byteHash(lexed.bytes, token.start..<token.end, lowercased: false)] ?? []
            if (made + [target]).contains(where: { range in range.contains { lexed.token($0, is: "Request") } }) { return false }
        }
        guard arguments.count == 2 else { return true }
        let options = arguments[1]
        guard lexed.token(options.lowerBound, isPunctuation: Byte.openBrace), lexed.partner[options.lowerBound] == options.upperBound
        else { return false }
        // A spread (`{ ...init }`) may bring either.
        return !(options.lowerBound...options.upperBound).contains { index in
            lexed.token(index, is: "method") || lexed.token(index, is: "body")
                || lexed.token(index, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.dot)
        }
    }

    /// The HTTP method an argument names, lowercased (`"GET"`, `http.MethodGet`, `HttpMethod.Get`, `Method.POST`),
    /// or nil when it names none.
    private func methodName(_ argument: ClosedRange<Int>) -> String? {
        let last = argument.upperBound
        let text = lexed.text(last).lowercased()
        if lexed.tokens[last].kind == .string {
            return HTTPRequestSites.methods.contains(text) ? text : nil
        }
        guard lexed.tokens[last].kind == .identifier else { return nil }
        let method = text.hasPrefix("method") ? String(text.dropFirst(6)) : text
        guard HTTPRequestSites.methods.contains(method) else { return nil }
        // A bare `get` or `post` is a variable; a method constant is qualified (`http.MethodGet`, `HttpMethod.Get`)
        // or spelled as one (`MethodGet`).
        return argument.count > 1 || method != text ? method : nil
    }

    private static let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
}
