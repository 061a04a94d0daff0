/// Reads string literals handed straight to a call (`cohere.Client("…")`, `Client("AC…", "…")`) and finds the
/// call a keyword argument belongs to (`Mistral(api_key="…")`), from bytes alone, in any language.
struct CallArguments {
    // Stored, not static: a static's lazy-initialisation check costs more than the tests on this path.
    private let calleeCharacters = ByteSet("A-Za-z0-9_.$:>-")
    private let quotes = ByteSet("\"'`")
    private let spaces = ByteSet(" \t\r\n")
    /// What a plain argument between literals may consist of (`account_sid`, `self.url`, `42`).
    private let simpleArgument = ByteSet("A-Za-z0-9_.$:>[]-")
    private let maximumLiteralLength = 512

    /// The callee before the `(` at `open`: `cohere.Client`, `Twilio::REST::Client`, `$this->client`.
    func callee(beforeParenAt open: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = open - 1
        let end = index + 1
        while index >= 0, end - index <= 80, calleeCharacters.contains(buffer[index]) { index -= 1 }
        return index + 1 < end ? (index + 1)..<end : nil
    }

    /// The content of the one-line literal whose opening quote is at `quoteAt`.
    @inline(__always)
    func literal(at quoteAt: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard quoteAt < buffer.count, quotes.contains(buffer[quoteAt]) else { return nil }
        let quote = buffer[quoteAt]
        var end = quoteAt + 1
        let limit = min(buffer.count, end + maximumLiteralLength)
        // Most literals passed to calls are messages: the first space ends the look at once.
        while end < limit, buffer[end] != quote, buffer[end] != UInt8(ascii: "\n"), buffer[end] != UInt8(ascii: " ") {
            end += 1
        }
        guard end < buffer.count, buffer[end] == quote else { return nil }
        return (quoteAt + 1)..<end
    }

    /// Where the next literal argument's opening quote is, after a literal that closed at `closingQuote`:
    /// past a comma and at most two plain arguments (`Client("AC…", os.environ["X"], "…")` is not followed).
    func nextLiteral(afterClosingQuoteAt closingQuote: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = closingQuote + 1
        let limit = min(buffer.count, index + 200)
        for _ in 0..<3 {
            while index < limit, spaces.contains(buffer[index]) { index += 1 }
            guard index < limit, buffer[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            while index < limit, spaces.contains(buffer[index]) { index += 1 }
            guard index < limit else { return nil }
            if quotes.contains(buffer[index]) { return index }
            let start = index
            while index < limit, simpleArgument.contains(buffer[index]) { index += 1 }
            guard index > start else { return nil }
        }
        return nil
    }

    /// The callee of the call whose argument list holds `position` (`Mistral(api_key="…")`,
    /// `new Mistral({ apiKey: "…" })`), looking back at most 300 bytes through unclosed braces and brackets.
    func enclosingCallee(of position: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var depth = 0
        var index = position - 1
        let limit = max(0, position - 300)
        while index >= limit {
            switch buffer[index] {
            case UInt8(ascii: ")"), UInt8(ascii: "}"), UInt8(ascii: "]"): depth += 1
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth = max(0, depth - 1)
            case UInt8(ascii: "("):
                if depth == 0 { return callee(beforeParenAt: index, in: buffer) }
                depth -= 1
            case UInt8(ascii: ";"): return nil
            default: break
            }
            index -= 1
        }
        return nil
    }
}
