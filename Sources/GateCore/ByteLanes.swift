/// Eight bytes of text in one `UInt64`, each byte (lane) tested at once: the scans that read every byte of every
/// changed file (the DDL prefilter, the schema-usage matcher) step eight bytes at a time and branch only where a
/// lane answers. A lane's answer is its top bit (0x80); every other bit of a mask is zero.
///
/// Lanes are little-endian: the byte at the lowest address is the lowest lane, so `trailingZeroBitCount >> 3` of
/// a mask is the offset of its first answering byte. The tests are exact, with no borrow or carry from one lane
/// into the next, and bytes above 0x7F answer no range test.
public enum ByteLanes {
    /// Every lane's top bit.
    @inlinable @inline(__always) public static var high: UInt64 { 0x8080_8080_8080_8080 }

    /// `byte` in every lane.
    @inlinable @inline(__always)
    public static func broadcast(_ byte: UInt8) -> UInt64 { UInt64(byte) &* 0x0101_0101_0101_0101 }

    /// The eight bytes at `offset`, lowest address in the lowest lane; the caller keeps `offset + 8` in bounds.
    @inlinable @inline(__always)
    public static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Lanes that are zero.
    @inlinable @inline(__always)
    public static func zeroBytes(_ value: UInt64) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((value & low7) &+ low7) | value | low7)
    }

    /// Lanes holding `byte`.
    @inlinable @inline(__always)
    public static func equal(_ value: UInt64, _ byte: UInt8) -> UInt64 { zeroBytes(value ^ broadcast(byte)) }

    /// Lanes holding a byte in `low..<end` (both at most 0x80).
    @inlinable @inline(__always)
    public static func inRange(_ value: UInt64, _ low: UInt8, _ end: UInt8) -> UInt64 {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // Each lane's low seven bits with the top bit set, so a subtraction borrows from no other lane.
        let lifted = value & low7 | high
        return (lifted &- broadcast(low)) & ~(lifted &- broadcast(end)) & ~value & high
    }

    /// Lanes holding an ASCII letter, in either case.
    @inlinable @inline(__always)
    public static func letters(_ value: UInt64) -> UInt64 {
        inRange(value | broadcast(0x20), UInt8(ascii: "a"), UInt8(ascii: "z") + 1)
    }

    /// Lanes holding an identifier byte: an ASCII letter, a digit or `_`.
    @inlinable @inline(__always)
    public static func wordBytes(_ value: UInt64) -> UInt64 {
        letters(value) | inRange(value, UInt8(ascii: "0"), UInt8(ascii: "9") + 1) | equal(value, UInt8(ascii: "_"))
    }
}

/// The lanes a sixteen-byte vector compare answered in, lowest first: the vector searches (`ByteSearch.find`,
/// `containsFolded`, the import keyword search) compare sixteen offsets at once and then look at each offset that
/// answered. Each answer costs a trailing-zero count here, where asking every lane of the mask costs an extract
/// and a test each, sixteen a block whatever answered.
public struct AnsweringLanes: Sequence, IteratorProtocol {
    /// One bit (a lane's lowest) per answering lane, of lanes 0–7 and 8–15.
    @usableFromInline var low: UInt64
    @usableFromInline var high: UInt64

    @inlinable @inline(__always)
    public init(_ mask: SIMDMask<SIMD16<Int8>>) {
        let words = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        low = words[0] & 0x0101_0101_0101_0101
        high = words[1] & 0x0101_0101_0101_0101
    }

    /// Whether no lane answered.
    @inlinable @inline(__always)
    public var isEmpty: Bool { low | high == 0 }

    @inlinable @inline(__always)
    public mutating func next() -> Int? {
        if low != 0 {
            defer { low &= low &- 1 }
            return low.trailingZeroBitCount >> 3
        }
        if high != 0 {
            defer { high &= high &- 1 }
            return 8 + high.trailingZeroBitCount >> 3
        }
        return nil
    }
}
