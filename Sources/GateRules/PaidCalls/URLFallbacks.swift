import GateCore

/// The default side of a URL read from a setting: `serverConfig.openrouterUrl || OPENROUTER_BASE_URL`,
/// `process.env.BASE ?? DEFAULT_BASE`, Python's `os.getenv("BASE") or DEFAULT_BASE`, Kotlin's and PHP's `?:`.
/// Unless the setting is given, the request goes to the default: a paid default host is a paid call.
extension HTTPRequestSites {
    /// The value a fallback operator at token `index` gives, when the URL so far names no host of its own and the
    /// fallback resolves to a paid provider's host; and the last token of the fallback operand.
    func paidFallback(at index: Int, within range: ClosedRange<Int>, depth: Int) -> (URLValue, end: Int)? {
        guard let start = fallbackOperandStart(at: index), start <= range.upperBound else { return nil }
        let end = fallbackOperandEnd(from: start, within: range)
        // The operand is part of the expression, not a name looked up: read at the expression's own depth (a
        // shorter range each time, so this ends).
        guard let value = evaluate(start...end, depth: depth), let host = value.host, !HTTPRequestSites.isLocal(host),
              catalogue.provider(forHost: host[...]) != nil
        else { return nil }
        return (value, end)
    }

    /// The value of a lookup's default when the call whose name is at `index` reads a setting by a literal name
    /// and gives a default (`os.getenv("BASE", "http://localhost:11434/v1")`, `os.environ.get("BASE", DEFAULT)`,
    /// `ENV.fetch("BASE", "…")`, `config("BASE", default="…")`), with the call's closing parenthesis. Nil for a lookup
    /// without a default: what it reads the file does not say.
    func environmentDefault(ofCallAt index: Int, depth: Int) -> (URLValue, close: Int)? {
        let open = index + 1
        guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1,
              lexed.tokens[open + 1].kind == .string
        else { return nil }
        let root = memberChainRoot(from: index)
        guard EnvironmentFallback.isLookup(lexed.bytes[lexed.tokens[root].start..<lexed.tokens[index].end]) else { return nil }
        let close = lexed.partner[open]
        let arguments = split(open + 1, close - 1)
        guard arguments.count >= 2, arguments[0] == (open + 1)...(open + 1) else { return nil }
        var fallback = arguments[1]
        // `default="…"` (python-decouple, django-environ): the keyword's value.
        if fallback.count >= 3, lexed.token(fallback.lowerBound, is: "default"),
           lexed.token(fallback.lowerBound + 1, isPunctuation: Byte.equals) || lexed.token(fallback.lowerBound + 1, isPunctuation: Byte.colon)
        {
            fallback = (fallback.lowerBound + 2)...fallback.upperBound
        }
        guard let value = evaluate(fallback, depth: depth + 1) else { return nil }
        return (value, close)
    }

    /// The first token of the operand after a fallback operator at `index` (`||`, `??`, Kotlin's and PHP's `?:`,
    /// Python's and Ruby's `or`), or nil when no such operator is there. `||=` and `??=` assign, and are not one.
    private func fallbackOperandStart(at index: Int) -> Int? {
        let tokens = lexed.tokens
        let token = tokens[index]
        switch token.kind {
        case .identifier:
            let family = lexed.language.family
            return (family == .python || family == .ruby) && lexed.token(index, is: "or") ? index + 1 : nil
        case .punctuation:
            guard token.end - token.start == 1, index + 2 < tokens.count, tokens[index + 1].start == token.end,
                  tokens[index + 1].end - tokens[index + 1].start == 1, !lexed.token(index + 2, isPunctuation: Byte.equals)
            else { return nil }
            let first = lexed.bytes[token.start]
            let second = lexed.bytes[tokens[index + 1].start]
            if first == Byte.bar && second == Byte.bar || first == Byte.question && second == Byte.question {
                return index + 2
            }
            if first == Byte.question, second == Byte.colon, lexed.language == .kotlin || lexed.language == .php {
                return index + 2
            }
            return nil
        default:
            return nil
        }
    }

    /// The last token of an operand starting at `start`: up to the next fallback operator, a `,` or `;`, or the end
    /// of the group or range holding it (`(base || DEFAULT) + "/v1/chat"`).
    private func fallbackOperandEnd(from start: Int, within range: ClosedRange<Int>) -> Int {
        var end = start
        var cursor = start
        while cursor <= range.upperBound {
            if lexed.tokens[cursor].kind == .punctuation {
                let partner = lexed.partner[cursor]
                if partner > cursor {
                    end = min(partner, range.upperBound)
                    cursor = end + 1
                    continue
                }
                if partner >= 0 && partner < cursor || lexed.token(cursor, isPunctuation: Byte.comma)
                    || lexed.token(cursor, isPunctuation: Byte.semicolon)
                {
                    break
                }
            }
            if cursor > start, fallbackOperandStart(at: cursor) != nil { break }
            end = cursor
            cursor += 1
        }
        return end
    }
}
