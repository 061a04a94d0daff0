import GateCore

/// A set of ASCII bytes as a 128-bit table, so membership tests on the hot path are two shifts and a mask.
struct ByteSet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var includesNonASCII = false

    /// The set of the given characters; `a-z`-style ranges are expanded.
    init(_ members: String) {
        let bytes = Array(members.utf8)
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "-") {
                for byte in bytes[index]...bytes[index + 2] { insert(byte) }
                index += 3
            } else {
                insert(bytes[index])
                index += 1
            }
        }
    }

    private mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte - 64)) & 1 == 1 }
        return includesNonASCII
    }

    mutating func formUnion(_ other: ByteSet) {
        low |= other.low
        high |= other.high
        includesNonASCII = includesNonASCII || other.includesNonASCII
    }

    mutating func formIntersection(_ other: ByteSet) {
        low &= other.low
        high &= other.high
        includesNonASCII = includesNonASCII && other.includesNonASCII
    }

    /// The single member, when the set has exactly one.
    var singleMember: UInt8? {
        let count = low.nonzeroBitCount + high.nonzeroBitCount
        guard count == 1, !includesNonASCII else { return nil }
        return low != 0 ? UInt8(low.trailingZeroBitCount) : UInt8(64 + high.trailingZeroBitCount)
    }

    /// Every byte, including the non-ASCII ones no other set holds.
    static let all: ByteSet = {
        var set = ByteSet("")
        set.low = .max
        set.high = .max
        set.includesNonASCII = true
        return set
    }()
    static let alphanumeric = ByteSet("A-Za-z0-9")
    static let letters = ByteSet("A-Za-z")
    static let upperAlphanumeric = ByteSet("A-Z0-9")
    static let lowerHex = ByteSet("0-9a-f")
    static let hex = ByteSet("0-9a-fA-F")
    /// Letters, digits, `_` and `-`: the body of most provider tokens.
    static let tokenCharacters = ByteSet("A-Za-z0-9_-")
    static let base64 = ByteSet("A-Za-z0-9+/")
    static let whitespace = ByteSet(" \t\r\n")
}

/// Turns ascending byte offsets into 1-based line numbers, counting each newline once.
struct LineLocator {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    init(_ buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    /// The line holding `position` and the offset where that line starts.
    mutating func locate(_ position: Int) -> (line: Int, lineStart: Int) {
        if position < offset { (offset, line, lineStart) = (0, 1, 0) }
        while true {
            let newline = ByteSearch.find(UInt8(ascii: "\n"), in: buffer, from: offset)
            guard newline < position else { break }
            line += 1
            lineStart = newline + 1
            offset = newline + 1
        }
        offset = max(offset, position)
        return (line, lineStart)
    }

    /// The 1-based column of `position`, in UTF-8 bytes like every gate detector (and the example markers).
    func column(of position: Int, lineStart: Int) -> Int { position - lineStart + 1 }
}
