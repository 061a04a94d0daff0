/// How `JSONEncoder` escapes the bytes of a string, for gate's own JSON writers: `"` and `\`, `\b \f \n \r \t`,
/// other bytes below 0x20 as `\u00xx` (lower-case hex); `/`, DEL, U+2028/U+2029 and everything non-ASCII as they are.
public enum JSONEscape {
    /// Whether a byte is written escaped.
    @inlinable public static func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }

    /// The lanes of eight bytes (`ByteLanes`) that are written escaped: most strings have none, and are read eight
    /// bytes to a step rather than one.
    @inlinable public static func escapedLanes(_ lanes: UInt64) -> UInt64 {
        ByteLanes.inRange(lanes, 0, 0x20) | ByteLanes.equal(lanes, 0x22) | ByteLanes.equal(lanes, 0x5C)
    }

    /// The letter after the backslash for the two-byte escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`); nil for
    /// the bytes written as `\u00xx`.
    @inlinable public static func shortForm(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x22, 0x5C: byte
        case 0x08: 0x62
        case 0x0C: 0x66
        case 0x0A: 0x6E
        case 0x0D: 0x72
        case 0x09: 0x74
        default: nil
        }
    }

    /// The lower-case hex digit of a value below 16.
    @inlinable public static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
