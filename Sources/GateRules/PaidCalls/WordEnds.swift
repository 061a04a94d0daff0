/// The shapes of a set of words, by first byte, last byte and length: whether a word may be one of them is a few
/// bit tests. Asked before a hash lookup of every identifier of a file, nearly none of which is one of the few
/// hundred words a catalogue or marker table holds.
struct WordEnds: Sendable {
    /// One bit per (first byte, last byte) pair.
    private var pairs = [UInt64](repeating: 0, count: 65_536 / 64)
    /// Bit n for a word of n bytes; bit 63 for every longer one.
    private var lengths: UInt64 = 0

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
                    let pair = Int(first) << 8 | Int(last)
                    pairs[pair >> 6] |= 1 << UInt64(pair & 63)
                }
            }
            lengths |= 1 << UInt64(min(word.count, 63))
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
        guard lengths & (1 << UInt64(min(count, 63))) != 0 else { return false }
        let pair = Int(first) << 8 | Int(last)
        return pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }
}
