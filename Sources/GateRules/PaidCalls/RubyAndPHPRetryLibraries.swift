import GateCode
import GateCore

/// Retry libraries of Ruby and PHP that wrap the paid work rather than a client's settings:
///
/// - Ruby's retriable gem: `Retriable.retriable(tries: 10) do … end` (or `{ … }`, and the Kernel extension's bare
///   `retriable(…)`) runs its block up to `tries` times, 3 by default; `tries: Float::INFINITY` has no bound.
/// - Guzzle's retry middleware: `$stack->push(Middleware::retry(function ($retries, …) { return $retries < 10 …; }))`
///   retries a request as long as its decider says yes. The count is read from the decider's comparison of its first
///   parameter (`$retries < 10`: 10 retries, 11 attempts); a decider comparing none retries without bound. The retried
///   requests are those of the client given the handler stack (`new Client(['handler' => $stack])`).
extension RetryScanner {
    private static let retriableWord = Array("retriable".utf8)
    private static let guzzleRetryWord = Array("middleware::retry".utf8)
    /// The retriable gem's default attempts.
    private static let retriableDefaultTries = 3

    func rubyAndPHPRetryLibraries() -> [RetryConstruct] {
        switch lexed.language {
        case .ruby where ByteSearch.containsFolded(lexed.bytes, Self.retriableWord): return retriableBlocks()
        case .php where ByteSearch.containsFolded(lexed.bytes, Self.guzzleRetryWord): return guzzleRetryMiddleware()
        default: return []
        }
    }

    /// `Retriable.retriable(tries: N) do … end`: the block is the retried work, N attempts (3 by default).
    private func retriableBlocks() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "retriable") && !lexed.token(index - 1, is: "def")
            && (lexed.token(index - 1, isPunctuation: Byte.dot) ? lexed.token(index - 2, is: "Retriable") : !lexed.token(index - 1, is: "::"))
        {
            // The options: in parentheses, or to the block's opener on the same line.
            var options: ClosedRange<Int>? = nil
            var opener = index + 1
            if lexed.token(opener, isPunctuation: Byte.openParen), lexed.partner[opener] > opener {
                options = opener...lexed.partner[opener]
                opener = lexed.partner[opener] + 1
            } else {
                while opener < lexed.tokens.count, lexed.tokens[opener].line == lexed.tokens[index].line,
                      !lexed.token(opener, is: "do"), !lexed.token(opener, isPunctuation: Byte.openBrace)
                {
                    opener += 1
                }
                if opener > index + 1 { options = (index + 1)...(opener - 1) }
            }
            guard let body = blockBody(openedAt: opener) else { continue }
            var attempts: Int? = Self.retriableDefaultTries
            if let options, let tries = keywordColon("tries", in: options) {
                if lexed.token(tries, is: "Float") || lexed.token(tries, is: "INFINITY") {
                    attempts = nil
                } else if let count = lexed.integer(tries) ?? lexed.constantInteger(tries) {
                    attempts = count
                } else {
                    continue  // a count the file does not give is left alone
                }
            }
            result.append(RetryConstruct(kind: "Retriable.retriable", line: lexed.tokens[index].line, scope: body, attempts: attempts))
        }
        return result
    }

    /// The tokens of the Ruby block opened at `opener` (`do … end` or `{ … }`).
    private func blockBody(openedAt opener: Int) -> ClosedRange<Int>? {
        guard opener + 1 < lexed.tokens.count else { return nil }
        if lexed.token(opener, isPunctuation: Byte.openBrace) {
            return lexed.partner[opener] > opener ? opener...lexed.partner[opener] : nil
        }
        guard lexed.token(opener, is: "do") else { return nil }
        let block = lexed.tokens[opener + 1].block
        guard block >= 0, lexed.blocks[block].openToken == opener else { return nil }
        return lexed.span(of: block)
    }

    /// `Middleware::retry($decider, …)` pushed onto a handler stack: the decider's bound, the requests of the client
    /// given that stack.
    private func guzzleRetryMiddleware() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "retry") && lexed.token(index - 1, is: "::")
            && lexed.token(index - 2, is: "Middleware") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 1
        {
            guard let decider = deciderBody(at: index + 2), let attempts = deciderAttempts(decider) else { continue }
            result.append(RetryConstruct(
                kind: "Guzzle retry middleware", line: lexed.tokens[index].line, scope: nil, attempts: attempts,
                retriesHTTPRequestsOnly: true, client: clientGivenStack(pushedAt: index)))
        }
        return result
    }

    /// The decider's parameters and body: a closure written in place (`function ($retries, …) { … }`, `fn ($retries,
    /// …) => …`), or a method of the file it names (`$this->retryDecider()`, `self::decider()`) returning one.
    private func deciderBody(at start: Int) -> ClosedRange<Int>? {
        if lexed.token(start, is: "function") || lexed.token(start, is: "fn") || lexed.token(start, is: "static") {
            return start...statementEnd(of: start)
        }
        // A method of the file: the closure it returns.
        var name = start
        while lexed.token(name + 1, is: "->") || lexed.token(name + 1, is: "::") { name += 2 }
        guard lexed.tokens.indices.contains(name), lexed.tokens[name].kind == .identifier,
              lexed.token(name + 1, isPunctuation: Byte.openParen)
        else { return nil }
        let spelled = lexed.text(name)
        guard let definition = lexed.tokens.indices.first(where: { lexed.token($0 - 1, is: "function") && lexed.text($0) == spelled }),
              let open = ((definition + 1)..<min(lexed.tokens.count, definition + 40)).first(where: { lexed.token($0, isPunctuation: Byte.openBrace) }),
              lexed.partner[open] > open,
              let closure = ((open + 1)..<lexed.partner[open]).first(where: { lexed.token($0, is: "function") || lexed.token($0, is: "fn") })
        else { return nil }
        return closure...lexed.partner[open]
    }

    /// The tokens from `start` to the end of the argument it begins (the next `,` or `)` outside brackets).
    private func statementEnd(of start: Int) -> Int {
        var cursor = start
        while cursor + 1 < lexed.tokens.count {
            let next = cursor + 1
            if lexed.token(next, isPunctuation: Byte.comma) || lexed.token(next, isPunctuation: Byte.semicolon)
                || (lexed.partner[next] >= 0 && lexed.partner[next] < next)
            {
                break
            }
            cursor = lexed.partner[next] > next ? lexed.partner[next] : next
        }
        return cursor
    }

    /// The attempts a Guzzle decider allows: its first parameter (the retries so far) compared with a count —
    /// `$retries < 10` or `$retries >= 10` (then no more): 10 retries; `<=`/`>` one more. `.some(nil)` when it compares
    /// none (no bound); nil when the count is a name the file does not give.
    private func deciderAttempts(_ decider: ClosedRange<Int>) -> Int?? {
        // The first parameter's variable, past its type (`int $retries`).
        guard let open = decider.first(where: { lexed.token($0, isPunctuation: Byte.openParen) }), lexed.partner[open] > open + 1,
              let first = ((open + 1)..<lexed.partner[open]).first(where: { lexed.bytes[lexed.tokens[$0].start] == Byte.dollar })
        else { return .some(nil) }
        let parameter = lexed.text(first)
        for index in (lexed.partner[open] + 1)...max(lexed.partner[open] + 1, decider.upperBound) where lexed.tokens[index].kind == .identifier
            && lexed.text(index) == parameter
        {
            // `$retries < 10`, `$retries <= 10`, `$retries >= 10`, `$retries > 10`.
            let less = lexed.token(index + 1, isPunctuation: Byte.less), greater = lexed.token(index + 1, isPunctuation: Byte.greater)
            let lessOrEqual = lexed.token(index + 1, is: "<="), greaterOrEqual = lexed.token(index + 1, is: ">=")
            let orEqual = lexed.token(index + 2, isPunctuation: Byte.equals)
            guard less || greater || lessOrEqual || greaterOrEqual else { continue }
            var value = lessOrEqual || greaterOrEqual ? index + 2 : (orEqual ? index + 3 : index + 2)
            // `self::MAX_RETRIES`, `static::MAX_RETRIES`: the class's constant.
            if lexed.token(value, is: "self") || lexed.token(value, is: "static"), lexed.token(value + 1, is: "::") { value += 2 }
            guard let count = lexed.integer(value) ?? lexed.constantInteger(value) else { return nil }
            let inclusive = (less && orEqual) || lessOrEqual || (greater && !orEqual)
            return .some(count + (inclusive ? 1 : 0) + 1)
        }
        return .some(nil)
    }

    /// The name of the Guzzle client given the handler stack the middleware at `index` is pushed onto
    /// (`$stack->push(Middleware::retry(…))`, `new Client(['handler' => $stack])`): `$client`, or `client` of
    /// `$this->client = new Client(…)`. Nil when the file does not say.
    private func clientGivenStack(pushedAt index: Int) -> String? {
        guard let push = enclosingArguments(of: index), lexed.token(push.lowerBound - 1, is: "push"),
              let stack = receiverName(of: push.lowerBound - 1)
        else { return nil }
        for client in lexed.tokens.indices where lexed.token(client, is: "Client") && lexed.token(client - 1, is: "new")
            && lexed.token(client + 1, isPunctuation: Byte.openParen) && lexed.partner[client + 1] > client + 1
        {
            let arguments = (client + 1)...lexed.partner[client + 1]
            guard arguments.contains(where: { lexed.tokens[$0].kind == .identifier && lexed.text($0) == stack }) else { continue }
            return assignedName(around: client - 1)
        }
        return nil
    }
}
