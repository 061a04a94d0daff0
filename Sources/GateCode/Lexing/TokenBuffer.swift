/// The tokens a `Lexer` has emitted so far, with their bracket partners, written straight into the storage of the
/// arrays `LexedSource` keeps.
///
/// A large change lexes millions of tokens, and `Array.append` pays a call to the runtime's uniqueness check and a
/// capacity check for each (the array sits inside the lexer's `LexedSource`, so the compiler cannot prove it
/// unique); reading one back pays a bounds check and the array's reference counting. Here an append is a capacity
/// test and two stores, and a read is a load: the lexer reads only indices below `count` (its token tests check the
/// range first). `Lexer.lex` lends the buffer the uninitialised storage of both arrays, sized from the byte count,
/// and sets their counts to `count` afterwards, so nothing is copied. A file denser than that estimate spills:
/// the buffer moves its tokens to memory it owns and grows there, and `finishSpilled` copies them into arrays and
/// frees that memory.
struct TokenBuffer: PairedTokens {
    private var base: UnsafeMutablePointer<Token>
    /// For each token, its bracket partner's index, -1 until `pair` sets it.
    private var partners: UnsafeMutablePointer<Int>
    private var capacity: Int
    private(set) var count = 0
    /// Whether the tokens left the lent storage for memory this buffer owns (and must free).
    private(set) var spilled = false

    /// A buffer writing into `tokens` and `partners` (uninitialised storage, lent for as long as the buffer is used).
    init(tokens: UnsafeMutableBufferPointer<Token>, partners: UnsafeMutableBufferPointer<Int>) {
        if let tokenBase = tokens.baseAddress, let partnerBase = partners.baseAddress {
            base = tokenBase
            self.partners = partnerBase
            capacity = min(tokens.count, partners.count)
        } else {
            // Storage of capacity 0 has no address: start in owned memory.
            base = .allocate(capacity: 16)
            self.partners = .allocate(capacity: 16)
            capacity = 16
            spilled = true
        }
    }

    var last: Token? { count > 0 ? base[count - 1] : nil }

    /// Token `index`, which must be below `count`; assignable in place (`tokens[index].block = …`).
    subscript(index: Int) -> Token {
        @inline(__always) unsafeAddress {
            assert(index >= 0 && index < count)
            return UnsafePointer(base + index)
        }
        @inline(__always) nonmutating unsafeMutableAddress {
            assert(index >= 0 && index < count)
            return base + index
        }
    }

    @inline(__always)
    mutating func append(_ token: Token) {
        if count == capacity { spill() }
        (base + count).initialize(to: token)
        // One store per token: only brackets get a partner.
        (partners + count).initialize(to: -1)
        count += 1
    }

    /// The partner of bracket token `index` (below `count`), or -1.
    @inline(__always)
    func partner(of index: Int) -> Int {
        assert(index >= 0 && index < count)
        return partners[index]
    }

    /// Records tokens `open` and `close` (both below `count`) as partners.
    mutating func pair(_ open: Int, _ close: Int) {
        assert(open >= 0 && open < count && close >= 0 && close < count)
        partners[open] = close
        partners[close] = open
    }

    /// Moves the tokens to owned memory of twice the capacity (tokens are plain values: a copy of their bytes).
    @inline(never)
    private mutating func spill() {
        let newCapacity = max(capacity * 2, 16)
        let newBase = UnsafeMutablePointer<Token>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        let newPartners = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newPartners.initialize(from: partners, count: count)
        if spilled {
            base.deallocate()
            partners.deallocate()
        }
        base = newBase
        partners = newPartners
        capacity = newCapacity
        spilled = true
    }

    /// The spilled tokens and their partners as arrays of `count` elements each; frees the owned memory, after
    /// which the buffer must not be used. Only for a buffer that `spilled`.
    consuming func finishSpilled() -> (tokens: [Token], partner: [Int]) {
        assert(spilled)
        let tokens = Array(UnsafeBufferPointer(start: base, count: count))
        let partner = Array(UnsafeBufferPointer(start: partners, count: count))
        base.deallocate()
        partners.deallocate()
        return (tokens, partner)
    }
}

/// Tokens with their bracket partners, as the lexer holds them while it lexes (`TokenBuffer`) and as a `LexedSource`
/// keeps them after (`LexedTokens`): what the backward readings both ask are written once, over either.
protocol PairedTokens {
    /// Token `index`.
    subscript(index: Int) -> Token { get }
    /// The partner of bracket token `index`, or -1.
    func partner(of index: Int) -> Int
}

/// A `LexedSource`'s tokens and partners as `PairedTokens`.
struct LexedTokens: PairedTokens {
    let tokens: [Token]
    let partners: [Int]

    subscript(index: Int) -> Token { tokens[index] }

    func partner(of index: Int) -> Int { partners[index] }
}

extension PairedTokens {
    /// The token opening the TypeScript type parameters or arguments whose last token is `closing` (a `>`, `>>` or
    /// `,>`: `<T,>`, `<T extends { id: string }>`, `<K extends keyof T = keyof T>`), read backward over at most 48
    /// tokens, past braces and brackets whole; nil when `closing` ends no `<…>`. Only TypeScript arrows ask (the
    /// caller tests the language), so each arrow costs a few token comparisons.
    func typeParametersStart<Bytes: RandomAccessCollection>(closing: Int, in bytes: Bytes) -> Int?
    where Bytes.Element == UInt8, Bytes.Index == Int {
        guard self[closing].kind == .punctuation, bytes[self[closing].end - 1] == Byte.greater,
              !self[closing].spells("=>", in: bytes)
        else { return nil }
        var depth = 0
        var cursor = closing
        while cursor >= 0, closing - cursor < 48 {
            let token = self[cursor]
            if token.kind == .punctuation, !token.spells("=>", in: bytes) {
                let opening = partner(of: cursor)
                if opening >= 0, opening < cursor {
                    cursor = opening - 1
                    continue
                }
                for offset in stride(from: token.end - 1, through: token.start, by: -1) {
                    if bytes[offset] == Byte.greater { depth += 1 }
                    if bytes[offset] == Byte.less { depth -= 1 }
                }
                if depth == 0 { return cursor }
                if depth < 0 { return nil }
            }
            cursor -= 1
        }
        return nil
    }
}
