import Foundation

/// Byte and substring searches over a file's bytes: positions of one byte (the C library's vectorised `memchr`), and
/// the substring tests of prefilters that turn a file away before its tokens are walked.
public enum ByteSearch {
    /// The first position at or after `start` holding `byte`, or `Int.max`. Inlinable: the secret scan's line
    /// counting calls it once a line.
    @inlinable
    public static func find(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress, start < buffer.count else { return Int.max }
        guard let hit = memchr(base + start, Int32(byte), buffer.count - start) else { return Int.max }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
    }

    /// The offset of the first `"`, `'` or backtick at or after `start`, or nil. Asked of every byte of most changed
    /// files (import specifiers, SQL in string literals): sixteen bytes are tested at once (vector compares), the
    /// eight-byte word holding the first quote of such a block is found by word, and only that word is looked at
    /// byte by byte.
    public static func nextQuote(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let (quoteByte, apostropheByte, backtickByte) = (UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"))
        var offset = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let quote = SIMD16<UInt8>(repeating: quoteByte)
            let apostrophe = SIMD16<UInt8>(repeating: apostropheByte)
            let backtick = SIMD16<UInt8>(repeating: backtickByte)
            while offset + 16 <= bytes.count {
                let block = raw.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
                // Tested as two words: `any` reduces the mask through a generic call per block.
                let lanes = unsafeBitCast((block .== quote) .| (block .== apostrophe) .| (block .== backtick), to: SIMD2<UInt64>.self)
                if lanes[0] | lanes[1] != 0 { break }
                offset += 16
            }
            while offset + 8 <= bytes.count {
                let word = ByteLanes.load(raw, offset)
                let quotes = ByteLanes.equal(word, quoteByte) | ByteLanes.equal(word, apostropheByte)
                    | ByteLanes.equal(word, backtickByte)
                if quotes != 0 { return offset + quotes.trailingZeroBitCount >> 3 }
                offset += 8
            }
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == quoteByte || byte == apostropheByte || byte == backtickByte { return offset }
            offset += 1
        }
        return nil
    }

    /// The first position at or after `start` where `needle` (non-empty) occurs exactly, or `Int.max`. Sixteen offsets
    /// are tested at once on the needle's first and last bytes; only where both agree is the rest compared.
    public static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress.map(UnsafeRawPointer.init), !needle.isEmpty, start >= 0 else { return Int.max }
        let last = needle.count - 1
        func matches(at offset: Int) -> Bool {
            for index in 1..<needle.count where buffer[offset + index] != needle[index] { return false }
            return true
        }
        let (first, lastByte) = (SIMD16<UInt8>(repeating: needle[0]), SIMD16<UInt8>(repeating: needle[last]))
        var offset = start
        while offset + last + 16 <= buffer.count {
            let candidates = base.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self) .== first
                .& (base.loadUnaligned(fromByteOffset: offset + last, as: SIMD16<UInt8>.self) .== lastByte)
            // Most blocks answer nowhere: tested as two words first (`any` reduces through a generic call per block).
            let lanes = unsafeBitCast(candidates, to: SIMD2<UInt64>.self)
            if lanes[0] | lanes[1] != 0 {
                for lane in AnsweringLanes(candidates) where matches(at: offset + lane) { return offset + lane }
            }
            offset += 16
        }
        while offset + last < buffer.count {
            if buffer[offset] == needle[0], matches(at: offset) { return offset }
            offset += 1
        }
        return Int.max
    }

    /// Whether `needle` (lower-case ASCII) occurs in `bytes` in any ASCII case. Sixteen offsets are tested at once on
    /// three of the needle's bytes (its first two and its last, each folded by setting the 0x20 bit where it is a
    /// letter: only a letter's two cases give a letter then); only where all three agree is the rest compared.
    /// `within` bounds the search to the first bytes (a file's imports, at its top).
    public static func containsFolded(_ bytes: [UInt8], _ needle: [UInt8], within limit: Int = .max) -> Bool {
        let searched = min(bytes.count, limit)
        guard !needle.isEmpty else { return true }
        guard needle.count <= searched else { return false }
        let last = needle.count - 1
        /// What a byte of the text is ORed with before it is compared with the needle's `byte`.
        func fold(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? 0x20 : 0 }
        return bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress.map(UnsafeRawPointer.init) else { return false }
            func matches(at start: Int) -> Bool {
                for offset in needle.indices where buffer[start + offset] | fold(needle[offset]) != needle[offset] {
                    return false
                }
                return true
            }
            let second = min(1, last)
            let (firstFold, secondFold, lastFold) = (
                SIMD16<UInt8>(repeating: fold(needle[0])), SIMD16<UInt8>(repeating: fold(needle[second])),
                SIMD16<UInt8>(repeating: fold(needle[last]))
            )
            let (first, secondByte, lastByte) = (
                SIMD16<UInt8>(repeating: needle[0]), SIMD16<UInt8>(repeating: needle[second]),
                SIMD16<UInt8>(repeating: needle[last])
            )
            var start = 0
            while start + last + 16 <= searched {
                let atFirst = base.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self)
                let atSecond = base.loadUnaligned(fromByteOffset: start + second, as: SIMD16<UInt8>.self)
                let atLast = base.loadUnaligned(fromByteOffset: start + last, as: SIMD16<UInt8>.self)
                let candidates = (atFirst | firstFold) .== first .& ((atSecond | secondFold) .== secondByte)
                    .& ((atLast | lastFold) .== lastByte)
                // Most blocks answer nowhere: tested as two words first (`any` reduces through a generic call per block).
                let lanes = unsafeBitCast(candidates, to: SIMD2<UInt64>.self)
                if lanes[0] | lanes[1] != 0 {
                    for lane in AnsweringLanes(candidates) where matches(at: start + lane) { return true }
                }
                start += 16
            }
            while start + last < searched {
                if matches(at: start) { return true }
                start += 1
            }
            return false
        }
    }

    /// Whether `needle` occurs in `bytes`, found through its byte at `anchor`, which should be rare in the text
    /// (`q` of `sequelize`, `@` of `@Entity`): `memchr` skips to each of those, and only there is the rest compared.
    /// Where that byte is rare this reads a file several times faster than `find`, which tests every offset.
    public static func contains(_ needle: [UInt8], anchoredAt anchor: Int, in bytes: [UInt8]) -> Bool {
        precondition(needle.indices.contains(anchor))
        return bytes.withUnsafeBufferPointer { buffer in
            var position = anchor
            while true {
                let hit = find(needle[anchor], in: buffer, from: position)
                guard hit != Int.max else { return false }
                position = hit + 1
                let start = hit - anchor
                guard start + needle.count <= buffer.count else { return false }
                var equal = true
                for offset in needle.indices where buffer[start + offset] != needle[offset] {
                    equal = false
                    break
                }
                if equal { return true }
            }
        }
    }

    /// Which of `names` (at most 64 words) `bytes` calls: bit `i` is set when a `(` follows `names[i]` directly and the
    /// word starts there (`update(`, `.update(`, `->update(`, Ruby's `update!(`; not `autoupdate(`). One `memchr` pass over the `(`s
    /// answers for every name at once, where a substring search per name would pass over the bytes each time.
    public static func calledNames(_ bytes: [UInt8], among names: [[UInt8]]) -> UInt64 {
        // A closure, not a key path: asked of every changed file, `\.count` went through the runtime's key-path
        // projection for each name.
        let longest = names.reduce(0) { max($0, $1.count) }
        var found: UInt64 = 0
        let all: UInt64 = names.count >= 64 ? .max : (1 << UInt64(names.count)) - 1
        // The names' last bytes, as a 256-bit set: most `(`s follow a word that ends in none of them, and are
        // turned away on that one byte.
        var lastBytes = (UInt128(0), UInt128(0))
        for name in names {
            guard let last = name.last else { continue }
            if last < 128 { lastBytes.0 |= 1 << UInt128(last) } else { lastBytes.1 |= 1 << UInt128(last - 128) }
        }
        bytes.withUnsafeBufferPointer { buffer in
            var position = 0
            while found != all {
                let paren = find(UInt8(ascii: "("), in: buffer, from: position)
                guard paren != Int.max else { break }
                position = paren + 1
                // The word before the `(` (and before a Ruby `!`): identifier bytes, at most as long as the longest name.
                let end = paren > 0 && buffer[paren - 1] == UInt8(ascii: "!") ? paren - 1 : paren
                guard end > 0 else { continue }
                let last = buffer[end - 1]
                guard last < 128 ? lastBytes.0 & (1 << UInt128(last)) != 0 : lastBytes.1 & (1 << UInt128(last - 128)) != 0
                else { continue }
                var start = end
                while start > 0, end - start <= longest, isWordByte(buffer[start - 1]) { start -= 1 }
                let length = end - start
                guard length > 0, length <= longest, start == 0 || !isWordByte(buffer[start - 1]) else { continue }
                for (index, name) in names.enumerated() where name.count == length && found & (1 << UInt64(index)) == 0 {
                    var equal = true
                    for offset in 0..<length where buffer[start + offset] != name[offset] {
                        equal = false
                        break
                    }
                    if equal { found |= 1 << UInt64(index) }
                }
            }
        }
        return found
    }

    /// ASCII letters, digits and `_`: the bytes of a word `calledNames` compares.
    @inline(__always) private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            || byte == UInt8(ascii: "_")
    }
}
