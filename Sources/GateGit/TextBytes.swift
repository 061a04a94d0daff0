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

    /// Content that failed the fast text test, made scannable where it can be: the rare path, so the hot
    /// path pays nothing for it.
    enum Decoded: Equatable {
        /// UTF-8 text to scan: transcoded from UTF-16/32, or decoded lossily (U+FFFD for bad sequences,
        /// every line break kept, so line numbers stay those of the file).
        case text([UInt8])
        /// Not text; the reason says how it is still handled.
        case skipped(SkipReason)
    }

    /// Decodes what `skipReason` refused: UTF-16/32 (with a byte-order mark, or UTF-16 whose every other byte is
    /// NUL), compressed archives recognised by their magic bytes, NUL-containing binary, and invalid UTF-8.
    /// `codeNULs`: the bytes are a code file's (its path says so), whose NUL bytes are read as spaces rather than
    /// taken for binary: a NUL slipped into a source file, by accident or to have it skipped, leaves its routes, reach
    /// and calls as readable as before (lines and columns stay the file's).
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, codeNULs: Bool = false) -> Decoded {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return .text([]) }
        let count = bytes.count
        func starts(_ prefix: [UInt8]) -> Bool { count >= prefix.count && prefix.indices.allSatisfy { base[$0] == prefix[$0] } }
        if starts([0xFF, 0xFE, 0x00, 0x00]) { return .text(transcodeUTF32(bytes, from: 4, bigEndian: false)) }
        if starts([0x00, 0x00, 0xFE, 0xFF]) { return .text(transcodeUTF32(bytes, from: 4, bigEndian: true)) }
        if starts([0xFF, 0xFE]) { return .text(transcodeUTF16(bytes, from: 2, bigEndian: false)) }
        if starts([0xFE, 0xFF]) { return .text(transcodeUTF16(bytes, from: 2, bigEndian: true)) }
        if archiveMagics.contains(where: starts) { return .skipped(.archive) }
        // git-crypt's encrypted blob: what the key would decrypt is unknown here, and its NULs must not be read as
        // spaces of a code file (which would pass it as empty code).
        if starts(gitCryptHeader) { return .skipped(.encrypted) }
        let probe = min(count, binaryProbeLength)
        if memchr(base, 0, probe) != nil {
            if let bigEndian = utf16WithoutMark(bytes, probe: probe) {
                return .text(transcodeUTF16(bytes, from: 0, bigEndian: bigEndian))
            }
            if codeNULs {
                let spaced = bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }
                return .text(endingLinesAtLoneCarriageReturns(Array(String(decoding: spaced, as: UTF8.self).utf8)))
            }
            return .skipped(.binary)
        }
        return .text(endingLinesAtLoneCarriageReturns(Array(String(decoding: bytes, as: UTF8.self).utf8)))
    }

    /// git-crypt's header on every file it encrypts: `\0GITCRYPT\0`.
    static let gitCryptHeader: [UInt8] = [0] + Array("GITCRYPT".utf8) + [0]

    /// `text` with each carriage return that no line feed follows (classic Mac OS line endings, which Python and
    /// JavaScript accept) made a line feed: git, the diff's hunks and the lexer end lines at line feeds only, so
    /// such a file would otherwise be one line, every finding on line 1 and a decorator's link to its function
    /// lost. One byte for one byte, so offsets and columns stay the file's. A file without a lone one (nearly all,
    /// CRLF ones included) is returned as it is after a `memchr` hop from carriage return to carriage return.
    static func endingLinesAtLoneCarriageReturns(_ text: [UInt8]) -> [UInt8] {
        guard let first = firstLoneCarriageReturn(in: text) else { return text }
        var text = text
        let count = text.count
        text.withUnsafeMutableBufferPointer { bytes in
            for index in first..<count where bytes[index] == 13 && (index + 1 == count || bytes[index + 1] != 10) {
                bytes[index] = 10
            }
        }
        return text
    }

    /// The offset of the first carriage return not followed by a line feed, or nil.
    private static func firstLoneCarriageReturn(in text: [UInt8]) -> Int? {
        text.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            var offset = 0
            while offset < bytes.count, let found = memchr(base + offset, 13, bytes.count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index + 1 == bytes.count || bytes[index + 1] != 10 { return index }
                offset = index + 2
            }
            return nil
        }
    }

    /// A file's bytes as text to read, whatever its encoding: as they are when they pass the fast test, else
    /// transcoded or decoded lossily; nil for binary and archives. What the head tree is read with (schema usage,
    /// reach), so a wrapper saved as Latin-1 or UTF-16 is as visible as the diff's own files.
    static func readableText(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if case .text(let text) = text(bytes) { return text }
        return nil
    }

    /// A file's bytes as the text gate scans, or why they are not text: UTF-8 as it is, without a leading byte-order
    /// mark (a UTF-16 file's is dropped by transcoding too, and one left in front of `import` or `"use server"`
    /// would hide the first token from every byte and token scan); anything else through `decode`.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, codeNULs: Bool = false) -> Decoded {
        let text = withoutUTF8Mark(bytes)
        guard skipReason(text) != nil else { return .text(endingLinesAtLoneCarriageReturns(Array(text))) }
        return decode(text, codeNULs: codeNULs)
    }

    /// `text(_:)` of bytes already in an array (a blob the pack reader inflated): the array itself is kept when it
    /// is text as it is, rather than copied.
    static func text(_ bytes: [UInt8], codeNULs: Bool = false) -> Decoded {
        let plain = bytes.withUnsafeBufferPointer { buffer in
            buffer.count == withoutUTF8Mark(buffer).count && skipReason(buffer) == nil
        }
        return plain ? .text(endingLinesAtLoneCarriageReturns(bytes)) : bytes.withUnsafeBufferPointer { text($0, codeNULs: codeNULs) }
    }

    /// `bytes` after a leading UTF-8 byte-order mark (EF BB BF), if there is one.
    static func withoutUTF8Mark(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF else { return bytes }
        return UnsafeBufferPointer(rebasing: bytes[3...])
    }

    /// zip (and jar, whl, apk, docx), gzip, bzip2, xz, zstd, 7z, rar.
    static let archiveMagics: [[UInt8]] = [
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x1F, 0x8B], [0x42, 0x5A, 0x68],
        [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], [0x28, 0xB5, 0x2F, 0xFD], [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C],
        [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07],
    ]

    /// Whether NUL-laden bytes are UTF-16 text without a byte-order mark (a `.env` saved by some Windows
    /// editors): one byte of each pair NUL nearly always, the other nearly never. Nil when not; else its order.
    private static func utf16WithoutMark(_ bytes: UnsafeBufferPointer<UInt8>, probe: Int) -> Bool? {
        let pairs = probe / 2
        guard pairs >= 2 else { return nil }
        var evenZeros = 0
        var oddZeros = 0
        for pair in 0..<pairs {
            if bytes[2 * pair] == 0 { evenZeros += 1 }
            if bytes[2 * pair + 1] == 0 { oddZeros += 1 }
        }
        if oddZeros * 10 >= pairs * 9 && evenZeros * 10 <= pairs { return false }
        if evenZeros * 10 >= pairs * 9 && oddZeros * 10 <= pairs { return true }
        return nil
    }

    private static func transcodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var index = start
        while index + 1 < bytes.count {
            let first = UInt16(bytes[index])
            let second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    private static func transcodeUTF32(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, bigEndian: Bool) -> [UInt8] {
        var units: [UInt32] = []
        units.reserveCapacity((bytes.count - start) / 4)
        var index = start
        while index + 3 < bytes.count {
            let values = (0..<4).map { UInt32(bytes[index + $0]) }
            units.append(
                bigEndian
                    ? values[0] << 24 | values[1] << 16 | values[2] << 8 | values[3]
                    : values[3] << 24 | values[2] << 16 | values[1] << 8 | values[0])
            index += 4
        }
        return Array(String(decoding: units, as: UTF32.self).utf8)
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

    /// The length of a line without its `\n` or `\r\n` terminator.
    @inline(__always)
    static func textLength(_ start: UnsafePointer<UInt8>, _ length: Int) -> Int {
        LineBytes.textEnd(in: UnsafeBufferPointer(start: start, count: length), from: 0, to: length)
    }

    /// The text of one line, without its `\n` or `\r\n` terminator.
    @inline(__always)
    static func lineText(_ start: UnsafePointer<UInt8>, _ length: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: start, count: textLength(start, length)), as: UTF8.self)
    }

    /// Every line of `bytes` as one hunk of added (or deleted) lines, the way git shows a new
    /// (or removed) file, built straight from the blob instead of running a line diff against nothing.
    /// Each line's text is copied out: for bytes that are not kept (a deleted file's blob; content that is kept
    /// makes its hunk with `Hunk(addingEveryLineOf:)`).
    static func wholeFileHunk(_ bytes: UnsafeBufferPointer<UInt8>, kind: DiffLineKind) -> Hunk? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        let count = bytes.count
        var lines: [DiffLine] = []
        var start = 0
        var number = 1
        while start < count {
            let end = LineBytes.lineEnd(in: bytes, from: start)
            let text = lineText(base + start, end - start)
            lines.append(kind == .added
                ? DiffLine(kind: .added, oldNumber: nil, newNumber: number, text: text)
                : DiffLine(kind: .deleted, oldNumber: number, newNumber: nil, text: text))
            number += 1
            start = end
        }
        return kind == .added
            ? Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lines.count, lines: lines)
            : Hunk(oldStart: 1, oldCount: lines.count, newStart: 0, newCount: 0, lines: lines)
    }
}

extension FileChange {
    /// The change as if the file were new: every head line added. For a file renamed or copied out of a place
    /// whose content was never judged (an ignored path).
    public func asAddition() -> FileChange {
        var change = self
        change.kind = .added
        change.oldPath = nil
        change.oldMode = .absent
        change.similarity = nil
        if case .text(let bytes) = content {
            change.hunks = Hunk(addingEveryLineOf: bytes).map { [$0] } ?? []
        }
        return change
    }
}
