/// Reads the SSH wire encoding (RFC 4251 §5): big-endian uint32 and length-prefixed strings.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func readRaw(count: Int) throws(ApprovalError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw ApprovalError.malformedSignature("truncated at byte \(offset)")
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readUInt32() throws(ApprovalError) -> UInt32 {
        let raw = try readRaw(count: 4)
        return raw.reduce(0) { ($0 << 8) | UInt32($1) }
    }

    mutating func readString() throws(ApprovalError) -> [UInt8] {
        let length = try readUInt32()
        guard length <= 1 << 20 else { throw ApprovalError.malformedSignature("field of \(length) bytes is too long") }
        return try readRaw(count: Int(length))
    }
}

/// Writes the SSH wire encoding.
struct SSHWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func writeRaw(_ raw: [UInt8]) { bytes += raw }

    mutating func writeUInt32(_ value: UInt32) {
        bytes += [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    mutating func writeString(_ raw: [UInt8]) {
        writeUInt32(UInt32(raw.count))
        bytes += raw
    }

    mutating func writeString(_ text: String) { writeString(Array(text.utf8)) }
}
