import GateCore

/// Ktor client requests whose URL is built in the request's block rather than given as an argument:
/// `client.post { url("https://api.openai.com/v1/chat/completions") }`, or piece by piece, `client.post { url {
/// protocol = URLProtocol.HTTPS; host = "api.openai.com"; path("v1", "chat", "completions") } }` (also
/// `encodedPath = "/v1/…"`, `appendPathSegments(…)`). A route of Ktor's server (`post("/chat") { … }`, `post { … }`
/// inside `route(…)`) has no receiver and is no request.
extension HTTPRequestSites {
    /// The URL the block of the request method at `callee` (`client.post {`) builds, empty when it names none (the
    /// client's default request's); nil for any other call.
    func ktorRequestBlockURL(callee: Int) -> URLValue? {
        let open = callee + 1
        guard lexed.language == .kotlin, lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
              lexed.token(callee - 1, isPunctuation: Byte.dot),
              HTTPRequestSites.ktorRequestMethods.contains(lexed.text(callee))
        else { return nil }
        let close = lexed.partner[open]
        for index in (open + 1)..<close where lexed.token(index, is: "url") && !lexed.token(index - 1, isPunctuation: Byte.dot) {
            if lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 {
                // `url("https://…")`, `url(BASE + "/chat/completions")`.
                guard let first = split(index + 2, lexed.partner[index + 1] - 1).first else { continue }
                return evaluate(first, depth: 0)
            }
            if lexed.token(index + 1, isPunctuation: Byte.openBrace), lexed.partner[index + 1] > index + 1 {
                return urlBuilderValue(in: (index + 2)...(lexed.partner[index + 1] - 1))
            }
        }
        return URLValue()
    }

    /// What a Ktor `URLBuilder` block sets: its `host` and its path.
    private func urlBuilderValue(in range: ClosedRange<Int>) -> URLValue? {
        var value = URLValue()
        var segments: [String] = []
        for index in range where lexed.tokens[index].kind == .identifier && !lexed.token(index - 1, isPunctuation: Byte.dot) {
            if lexed.token(index + 1, isPunctuation: Byte.equals), !lexed.token(index + 2, isPunctuation: Byte.equals),
               index + 2 <= range.upperBound
            {
                let assigned = index + 2
                if lexed.token(index, is: "host") {
                    if lexed.tokens[assigned].kind == .string {
                        value.host = Array(lexed.text(assigned).lowercased().utf8)
                    } else if let resolved = evaluate(assigned...assigned, depth: 1), let host = resolved.host {
                        value.host = host
                    } else {
                        value.variableBase = true
                    }
                } else if lexed.token(index, is: "encodedPath") || lexed.token(index, is: "path"), lexed.tokens[assigned].kind == .string {
                    segments.append(lexed.text(assigned))
                }
            } else if lexed.token(index, is: "path") || lexed.token(index, is: "appendPathSegments")
                        || lexed.token(index, is: "appendEncodedPathSegments"),
                      lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1
            {
                for argument in split(index + 2, lexed.partner[index + 1] - 1) {
                    guard argument.count == 1, lexed.tokens[argument.lowerBound].kind == .string else {
                        segments.append("{}")
                        continue
                    }
                    segments.append(lexed.text(argument.lowerBound))
                }
            }
        }
        // Only a path: the client's default request gives the rest (`defaultRequest { url("https://…/v1/") }`).
        guard value.host != nil || value.variableBase || !segments.isEmpty else { return nil }
        let path = segments.map { $0.trimmingSlashes() }.filter { !$0.isEmpty }.joined(separator: "/")
        value.path = path.isEmpty ? "" : "/" + path.lowercased()
        return value
    }

    /// The Ktor client's request methods a block may configure.
    private static let ktorRequestMethods: Set<String> = [
        "post", "get", "put", "patch", "delete", "request", "preparePost", "prepareGet", "prepareRequest", "submitForm",
    ]
}

private extension String {
    func trimmingSlashes() -> Substring {
        var text = Substring(self)
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return text
    }
}
