import GateCode
import GateCore

/// Credentials an HTTP client sends with its own request name a guard word and check no caller: a handler that calls
/// a function posting to a paid API with `.bearer_auth(key)` is as open as one that does not.
extension HandlerFinder {
    /// Whether the guard-word token at `index` sets credentials on an outgoing request, and if so the last token of
    /// what it is given (read past, so a credentials class there, `HTTPBasicAuth(user, key)`, is no guard either).
    /// - Rust: reqwest's and awc's request builders, `.bearer_auth(key)`, `.basic_auth(user, pass)`;
    /// - Ruby: Net::HTTP's `request.basic_auth(user, pass)`, Faraday's `conn.basic_auth(…)` / `conn.token_auth(…)`,
    ///   HTTParty's `basic_auth:` option;
    /// - Python: requests' and httpx's `auth=` given a tuple or a client credentials class (`auth=(user, key)`,
    ///   `auth=HTTPBasicAuth(user, key)`, `auth=httpx.BasicAuth(…)`); Django Ninja's `auth=` (an instance of a
    ///   security class, `auth=JWTAuth()`) stays a guard;
    /// - JavaScript and TypeScript: axios's `auth: { username, password }` request option (on a call, an instance's
    ///   `axios.create({ … })` or a config object). An `auth:` object naming neither key, hapi's route option
    ///   `auth: { strategy: 'jwt' }`, stays a guard. (got's `username:` / `password:` options and a passed-along
    ///   `Authorization` header hold no guard word.)
    func outgoingCredentials(at index: Int) -> Int? {
        if lexed.language.isJavaScriptLike { return axiosCredentials(at: index) }
        switch lexed.language {
        case .rust:
            guard lexed.token(index, is: "bearer_auth") || lexed.token(index, is: "basic_auth"),
                  lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index + 1, isPunctuation: Byte.openParen)
            else { return nil }
            return index
        case .ruby:
            guard lexed.token(index, is: "basic_auth") || lexed.token(index, is: "token_auth") || lexed.token(index, is: "digest_auth")
            else { return nil }
            // `req.basic_auth user, pass`, `conn.basic_auth(…)`, `HTTParty.post(url, basic_auth: {…})`.
            return lexed.token(index - 1, isPunctuation: Byte.dot) || lexed.token(index + 1, isPunctuation: Byte.colon) ? index : nil
        case .python:
            guard lexed.token(index, is: "auth"), lexed.token(index + 1, isPunctuation: Byte.equals),
                  !lexed.token(index + 2, isPunctuation: Byte.equals), enclosedInCall(index)
            else { return nil }
            let value = index + 2
            // `auth=(user, key)`: a tuple of credentials.
            if lexed.token(value, isPunctuation: Byte.openParen), lexed.partner[value] > value { return lexed.partner[value] }
            // `auth=HTTPBasicAuth(user, key)`, `auth=requests.auth.HTTPDigestAuth(…)`, `auth=httpx.BasicAuth(…)`.
            var name = value
            while isName(name), lexed.token(name + 1, isPunctuation: Byte.dot), isName(name + 2) { name += 2 }
            guard isName(name), lexed.token(name + 1, isPunctuation: Byte.openParen), lexed.partner[name + 1] > name + 1,
                  Self.clientCredentialClasses.contains(lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end])
            else { return nil }
            return lexed.partner[name + 1]
        default:
            return nil
        }
    }

    /// axios's `auth: { username: …, password: … }` at `index` (the key `auth` of an object literal): the closing
    /// brace of the credentials object, or nil.
    private func axiosCredentials(at index: Int) -> Int? {
        let open = index + 2
        guard lexed.token(index, is: "auth"), lexed.token(index + 1, isPunctuation: Byte.colon),
              lexed.token(index - 1, isPunctuation: Byte.openBrace) || lexed.token(index - 1, isPunctuation: Byte.comma),
              lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open
        else { return nil }
        let close = lexed.partner[open]
        var cursor = open + 1
        while cursor < close {
            // Keys of the credentials object itself, not of a value nested in it.
            if lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            if lexed.token(cursor, is: "username") || lexed.token(cursor, is: "password") { return close }
            cursor += 1
        }
        return nil
    }

    /// Whether token `index` is inside a call's parentheses (a keyword argument, not an assignment).
    private func enclosedInCall(_ index: Int) -> Bool {
        let block = lexed.tokens[index].block
        return block >= 0 && lexed.blocks[block].opener == .paren && lexed.blocks[block].openToken >= 1
            && isName(lexed.blocks[block].openToken - 1)
    }

    private func isName(_ index: Int) -> Bool { index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier }

    /// The credentials classes of Python's HTTP clients (requests, httpx, aiohttp).
    private static let clientCredentialClasses = WordSet([
        "HTTPBasicAuth", "HTTPDigestAuth", "HTTPProxyAuth", "BasicAuth", "DigestAuth",
    ])
}
