import GateCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level checks and line splitting on raw file content, without per-`Character` work.
enum TextBytes {
    /// Like git, a file is binary when a NUL byte appears in its first 8,000 bytes.
    static let binaryProbeLength = 8000

    /// Why content cannot be scanned as text, or nil when it can.
    static func skipReason(_ bytes: UnsafeBufferPointer<UInt8>) -> SkipReason? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        if memchr(base, 0, min(bytes.count, binaryProbeLength)) != nil { return .binary }
        return isValidUTF8(bytes) ? nil : .notUTF8
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            // Source code is overwhelmingly ASCII: test eight bytes at a time.
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            guard index < count else { return true }
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard index + length <= count else { return false }
            let second = base[index + 1]
            guard second >= low && second <= high else { return false }
            var offset = 2
            while offset < length {
                guard base[index + offset] & 0xC0 == 0x80 else { return false }
                offset += 1
            }
            index += length
        }
        return true
    }

    /// The text of one line, without its `\n` or `\r\n` terminator.
    @inline(__always)
    static func lineText(_ start: UnsafePointer<UInt8>, _ length: Int) -> String {
        var end = length
        if end > 0 && start[end - 1] == 0x0A { end -= 1 }
        if end > 0 && start[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(start: start, count: end), as: UTF8.self)
    }

    /// Every line of `bytes` as one hunk of added (or deleted) lines, the way git shows a new
    /// (or removed) file, built straight from the blob instead of running a line diff against nothing.
    static func wholeFileHunk(_ bytes: UnsafeBufferPointer<UInt8>, kind: DiffLineKind) -> Hunk? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        let count = bytes.count
        var lineCount = 0
        var scan = 0
        while scan < count {
            guard let found = memchr(base + scan, 0x0A, count - scan) else {
                lineCount += 1
                break
            }
            lineCount += 1
            scan = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        var lines: [DiffLine] = []
        lines.reserveCapacity(lineCount)
        var start = 0
        var number = 1
        while start < count {
            let end: Int
            if let found = memchr(base + start, 0x0A, count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            } else {
                end = count
            }
            let text = lineText(base + start, end - start)
            lines.append(
                kind == .added
                    ? DiffLine(kind: .added, oldNumber: nil, newNumber: number, text: text)
                    : DiffLine(kind: .deleted, oldNumber: number, newNumber: nil, text: text))
            number += 1
            start = end
        }
        return kind == .added
            ? Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lineCount, lines: lines)
            : Hunk(oldStart: 1, oldCount: lineCount, newStart: 0, newCount: 0, lines: lines)
    }
}
