import Crypto

/// SHA-256 digests as lowercase hex, the one hash every module uses for content identity.
public enum ContentDigest {
    public static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        String(unsafeUninitializedCapacity: 64) { out in
            var count = 0
            for byte in digest {
                out[count] = hexDigit(byte >> 4)
                out[count + 1] = hexDigit(byte & 0x0f)
                count += 2
            }
            return count
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble < 10 ? 0x30 + nibble : 0x57 + nibble }
}
