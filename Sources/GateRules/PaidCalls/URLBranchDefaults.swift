import GateCore

/// The default a branch gives a URL read from a setting when the setting is empty: Go's `base :=
/// os.Getenv("OPENAI_BASE_URL"); if base == "" { base = "https://api.openai.com/v1" }`, Python's `base =
/// os.getenv("X")` then `if not base: base = "https://…"` (or `if base is None:`), JavaScript's `if (!base) base = "…"`.
/// As with `||`, `??` and `or` (URLFallbacks.swift), the request goes to that default unless the setting is given: a
/// paid default host is a paid call. Asked only when a name with several assignments resolves to no host, so it costs
/// a few token comparisons per such name.
extension HTTPRequestSites {
    /// The paid value a later assignment of the same name in the same function gives it, when that assignment is the
    /// body of a branch testing the name for emptiness; nil otherwise.
    func branchDefault(
        after setting: ClosedRange<Int>, among candidates: [ClosedRange<Int>], excluding: Int, depth: Int
    ) -> URLValue? {
        let function = lexed.enclosingFunction(of: setting.lowerBound)
        for candidate in candidates where candidate.lowerBound > setting.upperBound && !candidate.contains(excluding) {
            // A plain reassignment, `base = "…"`, not another declaration (`base := …`, `const base = …`).
            let name = candidate.lowerBound - 2
            guard name > 0, lexed.token(name + 1, isPunctuation: Byte.equals), lexed.tokens[name].kind == .identifier,
                  lexed.enclosingFunction(of: name) == function, testsEmptiness(of: name)
            else { continue }
            guard let value = evaluate(candidate, depth: depth + 1), let host = value.host, !HTTPRequestSites.isLocal(host),
                  catalogue.provider(forHost: host[...]) != nil
            else { continue }
            return value
        }
        return nil
    }

    /// Whether the assignment to the name at `name` is the first statement of an `if` whose condition tests that name
    /// for emptiness: `if base == "" {`, `if base == nil {`, `if len(base) == 0 {`, `if not base:`, `if base is None:`,
    /// `if (!base)`, `if (base === undefined)`. On the condition's own line only.
    private func testsEmptiness(of name: Int) -> Bool {
        let tokens = lexed.tokens
        // The condition is on the line before the assignment (`if base == "" {` / `if not base:`) or the same line
        // (`if (!base) base = "…"`).
        var cursor = name - 1
        if lexed.token(cursor, isPunctuation: Byte.openBrace) || lexed.token(cursor, isPunctuation: Byte.colon) { cursor -= 1 }
        let line = tokens[max(cursor, 0)].line
        var start = cursor
        while start > 0, tokens[start - 1].line == line { start -= 1 }
        guard cursor > start, lexed.token(start, is: "if") else { return false }
        let nameToken = tokens[name]
        let spelled = lexed.bytes[nameToken.start..<nameToken.end]
        for index in (start + 1)...cursor where tokens[index].kind == .identifier {
            let token = tokens[index]
            guard lexed.bytes[token.start..<token.end].elementsEqual(spelled) else { continue }
            // `not base`, `!base`.
            if lexed.token(index - 1, is: "not") || lexed.token(index - 1, isPunctuation: UInt8(ascii: "!")) && tokens[index - 1].end == token.start {
                return true
            }
            // `base is None`.
            if lexed.token(index + 1, is: "is"), lexed.token(index + 2, is: "None") { return true }
            // `base == ""`, `base === undefined`, `len(base) == 0`.
            var after = index + 1
            if lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.token(index - 2, is: "len"),
               lexed.token(after, isPunctuation: Byte.closeParen)
            {
                after += 1
            }
            // `==` or `===`, one token or several.
            var operand = after
            var equalSigns = 0
            while operand < min(tokens.count, after + 3), tokens[operand].kind == .punctuation,
                  lexed.bytes[tokens[operand].start..<tokens[operand].end].allSatisfy({ $0 == Byte.equals })
            {
                equalSigns += tokens[operand].end - tokens[operand].start
                operand += 1
            }
            guard equalSigns == 2 || equalSigns == 3, operand < tokens.count else { continue }
            if tokens[operand].kind == .string, lexed.text(operand).isEmpty { return true }
            if lexed.token(operand, is: "nil") || lexed.token(operand, is: "None") || lexed.token(operand, is: "null")
                || lexed.token(operand, is: "undefined") || lexed.token(operand, is: "0")
            {
                return true
            }
        }
        return false
    }
}
