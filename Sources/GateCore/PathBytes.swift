import Foundation

/// Byte-level questions about a `/`-separated repository path, asked of its UTF-8 without splitting it into
/// `String`s: every changed file's path meets several classifiers, and splitting, lower-casing and comparing
/// `String`s for each cost more than the questions themselves.
///
/// For ASCII text the answers are exactly those of the `String` operations they replace (`split(separator: "/")`
/// omitting empty components, `lowercased()`, `hasSuffix`, `==`). Beyond ASCII, `String` compares grapheme
/// clusters under Unicode case mapping (the Kelvin sign lower-cases to `k`), which bytes do not reproduce: callers
/// that must answer like `String` there check `isASCII` first.
public struct PathBytes {
    public let bytes: UnsafeBufferPointer<UInt8>

    @usableFromInline init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Calls `body` with the path's UTF-8, without copying when the string is stored contiguously (native
    /// strings always are). Inlinable, so each caller gets it specialised rather than going through generic
    /// metadata per call.
    @inlinable
    public static func with<Result>(_ path: String, _ body: (PathBytes) -> Result) -> Result {
        if let result = path.utf8.withContiguousStorageIfAvailable({ body(PathBytes(bytes: $0)) }) { return result }
        return Array(path.utf8).withUnsafeBufferPointer { body(PathBytes(bytes: $0)) }
    }

    /// The byte range of the last non-empty component (`path.split(separator: "/").last`), nil when there is none.
    public var fileName: Range<Int>? {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
        guard end > 0 else { return nil }
        var start = end
        while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
        return start..<end
    }

    /// Whether no byte of `range` is above 0x7F.
    public func isASCII(_ range: Range<Int>) -> Bool {
        for index in range where bytes[index] >= 0x80 { return false }
        return true
    }

    /// Whether `range` ends with `suffix`, ASCII letters compared case-insensitively (`suffix` in lower case).
    public func hasSuffix(_ range: Range<Int>, lowercased suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard range.count >= length else { return false }
        let pointer = suffix.utf8Start
        let start = range.upperBound - length
        for offset in 0..<length where PathBytes.lower(bytes[start + offset]) != pointer[offset] { return false }
        return true
    }

    /// Whether `range` ends with exactly the bytes of `suffix`.
    public func hasSuffix(_ range: Range<Int>, _ suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard range.count >= length else { return false }
        return matches(at: range.upperBound - length, suffix)
    }

    /// Whether `range` starts with exactly the bytes of `prefix`.
    public func hasPrefix(_ range: Range<Int>, _ prefix: StaticString) -> Bool {
        range.count >= prefix.utf8CodeUnitCount && matches(at: range.lowerBound, prefix)
    }

    /// Whether `range` is exactly the bytes of `text`.
    public func equals(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount && matches(at: range.lowerBound, text)
    }

    /// Whether the path contains exactly the bytes of `needle` anywhere: `String.contains` under Foundation searches
    /// through NSString, thousands of instructions a call, too much for a question asked of every path of a tree.
    public func contains(_ needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard length > 0 else { return true }
        guard length <= bytes.count, let base = bytes.baseAddress else { return false }
        let pointer = needle.utf8Start
        var start = 0
        while start <= bytes.count - length {
            guard let hit = memchr(base + start, Int32(pointer[0]), bytes.count - length + 1 - start) else { return false }
            start = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if memcmp(base + start, pointer, length) == 0 { return true }
            start += 1
        }
        return false
    }

    /// Whether the path contains `needle` anywhere, ASCII letters compared case-insensitively (`needle` in lower
    /// case).
    public func contains(lowercased needle: StaticString) -> Bool {
        let length = needle.utf8CodeUnitCount
        guard length > 0 else { return true }
        guard length <= bytes.count else { return false }
        let pointer = needle.utf8Start
        let first = pointer[0]
        for start in 0...(bytes.count - length) where PathBytes.lower(bytes[start]) == first {
            var offset = 1
            while offset < length, PathBytes.lower(bytes[start + offset]) == pointer[offset] { offset += 1 }
            if offset == length { return true }
        }
        return false
    }

    /// The last index of `byte` within `range`.
    public func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if bytes[index] == byte { return index }
        }
        return nil
    }

    /// The bytes of `range`, ASCII letters lower-cased, packed into one integer (see `packed`); nil beyond 7 bytes.
    public func packedLowercased(_ range: Range<Int>) -> UInt64? {
        PathBytes.packed(bytes[range].lazy.map(PathBytes.lower))
    }

    /// Up to 7 bytes and their count in one integer, so a short name (an extension) is looked up without
    /// allocating: two byte strings pack equal exactly when they are equal. Nil beyond 7 bytes.
    @inlinable
    public static func packed<Bytes: Collection>(_ bytes: Bytes) -> UInt64? where Bytes.Element == UInt8 {
        guard bytes.count <= 7 else { return nil }
        var value = UInt64(bytes.count) << 56
        for (offset, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * offset) }
        return value
    }

    private func matches(at start: Int, _ text: StaticString) -> Bool {
        let pointer = text.utf8Start
        for offset in 0..<text.utf8CodeUnitCount where bytes[start + offset] != pointer[offset] { return false }
        return true
    }

    /// An ASCII letter lowercased, any other byte as it is; the lexer's `Byte.lower` too.
    @inlinable public static func lower(_ byte: UInt8) -> UInt8 { byte &+ ((byte &- 65) < 26 ? 32 : 0) }
}
