import Crypto

/// SHA-256 digests as lowercase hex, the one hash every module uses for content identity.
public enum ContentDigest {
    public static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// The digest of bytes given piece by piece, as `sha256Hex` of them all one after another: small pieces (a
    /// line and its mark) are gathered in a buffer that stays in the cache and hashed a buffer at a time, so
    /// digesting a whole file's lines neither copies the file nor calls the hash once a line. A class, so the
    /// buffer is one allocation written through its pointer (an array would be checked for sharing at every byte).
    public final class Stream {
        private var hasher = SHA256()
        private let buffer: UnsafeMutablePointer<UInt8>
        private var count = 0

        public init() { buffer = .allocate(capacity: Self.capacity) }

        deinit { buffer.deallocate() }

        private static let capacity = 16_384

        @inline(__always)
        public func append(_ byte: UInt8) {
            if count == Self.capacity { flush() }
            buffer[count] = byte
            count &+= 1
        }

        @inline(__always)
        public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            if bytes.count > Self.capacity &- count {
                flush()
                // A piece that would not fit is hashed where it lies.
                if bytes.count >= Self.capacity {
                    hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
                    return
                }
            }
            guard let source = bytes.baseAddress else { return }
            (buffer + count).update(from: source, count: bytes.count)
            count &+= bytes.count
        }

        private func flush() {
            guard count > 0 else { return }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: buffer, count: count))
            count = 0
        }

        /// The digest of everything appended, as lowercase hex.
        public func finalizeHex() -> String {
            flush()
            return ContentDigest.hex(hasher.finalize())
        }
    }

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
