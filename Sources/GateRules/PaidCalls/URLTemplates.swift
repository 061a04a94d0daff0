import GateCore

/// The placeholders of a URL template and the arguments of a format call: how a string literal names the values
/// it is built from (`f"{BASE}/v1/…"`, `"$OPENAI_URL/chat/completions"`, `fmt.Sprintf("%s/Messages.json", api)`,
/// Spring's `"${cohere.url:https://api.cohere.com/v2/embed}"`).
extension HTTPRequestSites {
    /// A value a string fills in.
    enum Placeholder {
        /// An interpolated name: the bytes that spell it (the last name of `${config.baseURL}`, PHP's `$base`).
        case name(Range<Int>)
        /// A format's positional argument (`%s`, `{}`, `{0}`, `%@`): its index among the format's arguments.
        case positional(Int)
        /// A setting read with a default URL (`${cohere.url:https://…}`): the bytes of the default.
        case settingDefault(Range<Int>)
        /// An expression this reading does not name (`${quote(text)}`).
        case unnamed
    }

    /// The arguments a format string fills, when the string at `index` is one, and the last token of the format
    /// expression: the first argument of `fmt.Sprintf`, `String.format`, `sprintf`, `format!`, `string.Format`,
    /// `String(format:)`; the receiver of `.format(…)`, `.formatted(…)`; the left operand of Python's and Ruby's `%`.
    func formatArguments(ofString index: Int) -> (arguments: [ClosedRange<Int>], end: Int)? {
        let tokens = lexed.tokens
        // Swift's `String(format: "%@/chat/completions", base)`.
        if lexed.token(index - 1, isPunctuation: Byte.colon), lexed.token(index - 2, is: "format"),
           lexed.token(index - 3, isPunctuation: Byte.openParen), lexed.token(index - 4, is: "String"),
           lexed.partner[index - 3] > index
        {
            let close = lexed.partner[index - 3]
            return (Array(split(index - 2, close - 1).dropFirst()), close)
        }
        // `sprintf("…", a)`, `fmt.Sprintf("…", a)`, `format!("…", a)`, `String.format("…", a)`, `string.Format("{0}/…", a)`.
        if lexed.token(index - 1, isPunctuation: Byte.openParen), lexed.partner[index - 1] > index {
            var callee = index - 2
            if lexed.token(callee, is: "!") { callee -= 1 }
            if callee >= 0, HTTPRequestSites.isFormatFunction(lexed, callee) {
                let close = lexed.partner[index - 1]
                return (Array(split(index, close - 1).dropFirst()), close)
            }
        }
        // `"{}/chat/completions".format(base)`, Kotlin's `"%s/…".format(base)`, Java's `"%s/…".formatted(base)`.
        if lexed.token(index + 1, isPunctuation: Byte.dot),
           lexed.token(index + 2, is: "format") || lexed.token(index + 2, is: "formatted"),
           lexed.token(index + 3, isPunctuation: Byte.openParen), lexed.partner[index + 3] > index + 3
        {
            let close = lexed.partner[index + 3]
            return (split(index + 4, close - 1), close)
        }
        // Python's and Ruby's `"%s/v1/…" % base`, `"%s/%s" % (base, path)`.
        guard lexed.language == .python || lexed.language == .ruby, lexed.token(index + 1, isPunctuation: Byte.percent),
              index + 2 < tokens.count
        else { return nil }
        let operand = index + 2
        if lexed.token(operand, isPunctuation: Byte.openParen) || lexed.token(operand, isPunctuation: Byte.openBracket) {
            let close = lexed.partner[operand]
            guard close > operand else { return nil }
            return (split(operand + 1, close - 1), close)
        }
        guard tokens[operand].kind == .identifier else { return nil }
        var end = operand
        while lexed.token(end + 1, isPunctuation: Byte.dot), end + 2 < tokens.count, tokens[end + 2].kind == .identifier {
            end += 2
        }
        return ([operand...end], end)
    }

    /// Whether the identifier at `index` names a function that formats its first argument with the others.
    private static func isFormatFunction(_ lexed: LexedSource, _ index: Int) -> Bool {
        lexed.token(index, is: "sprintf") || lexed.token(index, is: "Sprintf") || lexed.token(index, is: "format")
            || lexed.token(index, is: "Format")
    }

    /// The placeholder starting at byte `cursor` of the string token `string`, and where the string continues
    /// after it. `format`: the string is a format, whose `%s`-style verbs and bare `{}` take its arguments.
    /// `positional`: how many positional placeholders came before this one. `leading`: the placeholder starts the
    /// string.
    func placeholder(at cursor: Int, of string: Token, format: Bool, positional: Int, leading: Bool) -> (Placeholder, Int)? {
        let bytes = lexed.bytes
        let end = string.end
        let byte = bytes[cursor]
        let next = cursor + 1 < end ? bytes[cursor + 1] : 0
        switch byte {
        case Byte.percent where (format || leading) && (Byte.isIdentifierStart(next) || next == Byte.at):
            // `fmt.Sprintf("%s/v1/chat/completions", base)`: a verb is the next argument. One that starts a string
            // is a base filled in elsewhere even where the format call is not seen; later in a plain string, `%E2`
            // is an escaped byte.
            return (.positional(positional), cursor + 2)
        case Byte.percent where format && Byte.isDigit(next):
            // Java's `%1$s`: the argument by its 1-based number.
            var digitsEnd = cursor + 1
            var number = 0
            while digitsEnd < end, Byte.isDigit(bytes[digitsEnd]) {
                number = number * 10 + Int(bytes[digitsEnd] - 48)
                digitsEnd += 1
            }
            guard digitsEnd + 2 <= end, bytes[digitsEnd] == Byte.dollar, Byte.isIdentifierStart(bytes[digitsEnd + 1]) else {
                return nil
            }
            return (.positional(max(0, number - 1)), digitsEnd + 2)
        case Byte.openBrace:
            return braced(from: cursor, before: end, format: format, positional: positional, names: interpolatesBraces)
        case Byte.dollar where next == Byte.openBrace, Byte.hash where next == Byte.openBrace:
            return braced(from: cursor + 1, before: end, format: false, positional: positional, names: interpolatesBraces)
        case Byte.backslash where next == Byte.dollar && cursor + 2 < end && bytes[cursor + 2] == Byte.openBrace:
            // Kotlin's escaped `\${cohere.url:…}`: a Spring placeholder, not an interpolation.
            return braced(from: cursor + 2, before: end, format: false, positional: positional, names: false)
        case Byte.backslash where next == Byte.openParen && lexed.language == .swift:
            // Swift's `"\(baseURL)/chat/completions"`.
            guard let close = closing(Byte.openParen, Byte.closeParen, after: cursor + 1, before: end) else { return nil }
            return (lastName(cursor + 2..<close).map(Placeholder.name) ?? .unnamed, close + 1)
        case Byte.dollar where Byte.isIdentifierStart(next) && interpolatesBareNames(string):
            // PHP's and Kotlin's `"$base/text-to-speech/$voice"`; PHP's variable keeps its `$`, as the file spells it.
            var nameEnd = cursor + 1
            while nameEnd < end, Byte.isIdentifierPart(bytes[nameEnd]) { nameEnd += 1 }
            let nameStart = lexed.language == .php ? cursor : cursor + 1
            // PHP's `"$this->base/…"` reads the property.
            if lexed.language == .php, nameEnd + 2 < end, bytes[nameEnd] == Byte.minus, bytes[nameEnd + 1] == Byte.greater,
               Byte.isIdentifierStart(bytes[nameEnd + 2])
            {
                var propertyEnd = nameEnd + 2
                while propertyEnd < end, Byte.isIdentifierPart(bytes[propertyEnd]) { propertyEnd += 1 }
                return (.name(nameEnd + 2..<propertyEnd), propertyEnd)
            }
            return (.name(nameStart..<nameEnd), nameEnd)
        default:
            return nil
        }
    }

    /// Whether `$name` interpolates the name in `string`: in Kotlin's strings and PHP's double-quoted ones (a
    /// single-quoted PHP string is literal).
    private func interpolatesBareNames(_ string: Token) -> Bool {
        switch lexed.language {
        case .kotlin: return true
        case .php: return string.start > 0 && lexed.bytes[string.start - 1] == Byte.quote
        default: return false
        }
    }

    /// The byte that closes the bracket `opener` at `open`, nested ones skipped, when it comes before `end`.
    private func closing(_ opener: UInt8, _ closer: UInt8, after open: Int, before end: Int) -> Int? {
        var depth = 0
        for cursor in open..<end {
            if lexed.bytes[cursor] == opener { depth += 1 }
            if lexed.bytes[cursor] == closer {
                depth -= 1
                if depth == 0 { return cursor }
            }
        }
        return nil
    }

    /// Whether `{…}` and `${…}` may interpolate a name of the code: not in Java and Go, which have no string
    /// interpolation (`"${search.url}"` is a Spring setting's key, `"/v1/{id}"` a path template).
    private var interpolatesBraces: Bool { lexed.language != .java && lexed.language != .go }

    /// A `{…}` placeholder whose `{` is at `open`: the name it interpolates (its last name, `self.base_url` →
    /// `base_url`) where `names`, a format's positional argument (`{}`, `{0}`, Rust's `{:?}`), or a setting's
    /// default URL.
    private func braced(from open: Int, before end: Int, format: Bool, positional: Int, names: Bool) -> (Placeholder, Int)? {
        let bytes = lexed.bytes
        guard let close = closing(Byte.openBrace, Byte.closeBrace, after: open, before: end) else { return nil }
        let inner = open + 1..<close
        if let defaultURL = settingDefault(in: inner) { return (.settingDefault(defaultURL), close + 1) }
        if format {
            if inner.isEmpty || bytes[inner.lowerBound] == Byte.colon { return (.positional(positional), close + 1) }
            if inner.allSatisfy({ Byte.isDigit(bytes[$0]) }) {
                return (.positional(inner.reduce(0) { $0 * 10 + Int(bytes[$1] - 48) }), close + 1)
            }
        }
        guard names else { return (.unnamed, close + 1) }
        return (lastName(inner).map(Placeholder.name) ?? .unnamed, close + 1)
    }

    /// The default URL of a setting placeholder's contents (`cohere.url:https://api.cohere.com/v2/embed`, a shell's
    /// `OPENAI_URL:-https://…`): only a URL with a scheme, so a ternary's `a : b` is never taken for one.
    private func settingDefault(in inner: Range<Int>) -> Range<Int>? {
        let bytes = lexed.bytes
        guard let colon = bytes[inner].firstIndex(of: Byte.colon) else { return nil }
        var start = colon + 1
        if start < inner.upperBound, bytes[start] == Byte.minus { start += 1 }
        let scheme = Array("http".utf8)
        guard inner.upperBound - start > 8, bytes[start..<start + 4].elementsEqual(scheme),
              bytes[start + 4..<inner.upperBound].starts(with: Array("://".utf8))
                || bytes[start + 4..<inner.upperBound].starts(with: Array("s://".utf8))
        else { return nil }
        return start..<inner.upperBound
    }

    /// The last name of an interpolated expression (`self.base_url` → `base_url`, PHP's `$this->base` → `base`,
    /// PHP's `{$base}` → `$base`, Elixir's `#{@base}` → `@base`), when the expression ends in one.
    private func lastName(_ range: Range<Int>) -> Range<Int>? {
        let bytes = lexed.bytes
        var end = range.upperBound
        while end > range.lowerBound, bytes[end - 1] == Byte.space { end -= 1 }
        var start = end
        while start > range.lowerBound, Byte.isIdentifierPart(bytes[start - 1]) { start -= 1 }
        guard start < end, Byte.isIdentifierStart(bytes[start]) else { return nil }
        if lexed.language == .php, start > range.lowerBound, bytes[start - 1] == Byte.dollar { start -= 1 }
        // Elixir's `"#{@base}/chat/completions"` reads the module attribute, not a variable `base`.
        if lexed.language == .elixir, start > range.lowerBound, bytes[start - 1] == Byte.at { start -= 1 }
        return start..<end
    }
}
