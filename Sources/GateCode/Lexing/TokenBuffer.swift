/// The tokens a `Lexer` has emitted so far, with their bracket partners, in memory the lexer owns.
///
/// A large change lexes millions of tokens, and `Array.append` pays a call to the runtime's uniqueness check and a
/// capacity check for each (the array sits inside the lexer's `LexedSource`, so the compiler cannot prove it
/// unique); reading one back pays a bounds check and the array's reference counting. Here an append is a capacity
/// test and a store, and a read is a load: the lexer reads only indices below `count` (its token tests check the
/// range first). `finish` copies both into the exact-sized arrays `LexedSource` keeps and frees the memory, so the
/// buffer has one owner, the lexer, and lives only while a file is lexed.
struct TokenBuffer {
    private var base: UnsafeMutablePointer<Token>
    /// For each token, its bracket partner's index, -1 until `pair` sets it: laid out for the whole capacity
    /// ahead of the tokens, since only brackets are written.
    private var partners: UnsafeMutablePointer<Int>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        partners = .allocate(capacity: self.capacity)
        partners.initialize(repeating: -1, count: self.capacity)
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
        if count == capacity { grow() }
        (base + count).initialize(to: token)
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

    /// Doubles the capacity: tokens are plain values, so moving them is a copy of their bytes.
    @inline(never)
    private mutating func grow() {
        let newCapacity = capacity * 2
        let newBase = UnsafeMutablePointer<Token>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        let newPartners = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newPartners.moveInitialize(from: partners, count: capacity)
        (newPartners + capacity).initialize(repeating: -1, count: newCapacity - capacity)
        partners.deallocate()
        partners = newPartners
        capacity = newCapacity
    }

    /// The tokens and their partners as arrays of `count` elements each; frees the buffer, which must not be used
    /// afterwards.
    consuming func finish() -> (tokens: [Token], partner: [Int]) {
        let tokens = Array(UnsafeBufferPointer(start: base, count: count))
        let partner = Array(UnsafeBufferPointer(start: partners, count: count))
        base.deallocate()
        partners.deallocate()
        return (tokens, partner)
    }
}
