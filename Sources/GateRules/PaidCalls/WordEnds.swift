/// The shapes of a set of words, by first byte, last byte and length together: whether a word may be one of them is
/// one bit test. Asked before a hash lookup of every identifier of a file, nearly none of which is one of the few
/// hundred words a catalogue or marker table holds.
struct WordEnds: Sendable {
    /// One bit per hash of (first byte, last byte, length): 2^16 bits, so a few hundred words (a thousand shapes in
    /// any case) leave about one word in seventy of another shape to the lookup.
    private var bits = [UInt64](repeating: 0, count: 65_536 / 64)

    init<Words: Sequence>(_ words: Words) where Words.Element == [UInt8] { self.init(words, caseInsensitive: false) }

    /// The shapes of `words`; `caseInsensitive`: of every way of writing them in ASCII upper or lower case.
    init<Words: Sequence>(_ words: Words, caseInsensitive: Bool) where Words.Element == [UInt8] {
        func cases(_ byte: UInt8) -> [UInt8] {
            guard caseInsensitive else { return [byte] }
            let lower = Byte.lower(byte)
            return (97...122).contains(lower) ? [lower, lower - 32] : [byte]
        }
        for word in words {
            guard let first = word.first, let last = word.last else { continue }
            for first in cases(first) {
                for last in cases(last) {
                    let slot = Self.slot(first: first, last: last, count: word.count)
                    bits[slot >> 6] |= 1 << UInt64(slot & 63)
                }
            }
        }
    }

    /// False when `bytes[range]` is certainly none of the words; true when it may be one.
    @inline(__always)
    func mayContain(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        !range.isEmpty && mayContain(first: bytes[range.lowerBound], last: bytes[range.upperBound - 1], count: range.count)
    }

    /// False when no word of `count` bytes starts with `first` and ends with `last`.
    @inline(__always)
    func mayContain(first: UInt8, last: UInt8, count: Int) -> Bool {
        let slot = Self.slot(first: first, last: last, count: count)
        return bits[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    /// The bit of a shape: words longer than 63 bytes share their length's part.
    @inline(__always)
    private static func slot(first: UInt8, last: UInt8, count: Int) -> Int {
        let key = UInt32(first) | UInt32(last) << 8 | UInt32(min(count, 63)) << 16
        return Int((key &* 0x9E37_79B1) >> 16)
    }
}
