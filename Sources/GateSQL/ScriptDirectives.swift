import GateCore

/// The `-- gate:` comment lines of a migration script: its phase and where its verify section starts.
struct ScriptDirectives {
    var phase: MigrationPhase = .pre
    /// Byte offset of the line after `-- gate:verify`.
    var verifyOffset: Int?

    init(_ bytes: [UInt8]) throws(SQLError) {
        let marker = Array("gate:".utf8)
        guard bytes.containsSequence(marker) else { return }
        var lineStart = 0
        var lineNumber = 1
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var cursor = lineStart
            while cursor < lineEnd, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            if cursor + 1 < lineEnd, bytes[cursor] == 0x2D, bytes[cursor + 1] == 0x2D {
                cursor += 2
                while cursor < lineEnd, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                let words = String(decoding: bytes[cursor..<lineEnd], as: UTF8.self)
                    .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
                if words.first == "gate:verify" {
                    if verifyOffset == nil { verifyOffset = min(lineEnd + 1, bytes.count) }
                } else if words.first == "gate:phase" {
                    let value = words.count > 1 ? String(words[1]) : ""
                    guard let parsed = MigrationPhase(rawValue: value) else {
                        throw SQLError.syntax(
                            message: "unknown gate:phase '\(value)' (expected pre or post)", line: lineNumber,
                            column: cursor - lineStart + 1)
                    }
                    phase = parsed
                } else if words.first.map(String.init) == InlineAllowComment.marker {
                    // An inline allow is for `gate check` (SPEC §4); it changes nothing about running the migration.
                } else if let word = words.first, word.hasPrefix("gate:") {
                    throw SQLError.syntax(
                        message: "unknown directive '\(word)' (expected gate:phase, gate:verify or gate:allow)", line: lineNumber,
                        column: cursor - lineStart + 1)
                }
            }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere, by a plain byte search.
    public func containsSequence(_ needle: [UInt8]) -> Bool { firstIndex(ofSequence: needle) != nil }

    public func firstIndex(ofSequence needle: [UInt8], from start: Int = 0) -> Int? {
        guard let first = needle.first, needle.count <= count else { return nil }
        var index = start
        let last = count - needle.count
        while index <= last {
            if self[index] == first {
                var matched = true
                var offset = 1
                while offset < needle.count {
                    if self[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    offset += 1
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}

extension SQLStatement {
    /// The statement in `range` of a script, starting at its first token (whitespace and comments skipped)
    /// and without trailing whitespace; nil when the range holds no token.
    init?(in bytes: [UInt8], range: Range<Int>) {
        var positions = TextPositionCounter(bytes)
        self.init(in: bytes, range: range, positions: &positions)
    }

    /// The same, its position counted on by `positions` (statements of a script come in order).
    init?(in bytes: [UInt8], range: Range<Int>, positions: inout TextPositionCounter) {
        var start = Swift.max(0, range.lowerBound)
        let end = Swift.min(bytes.count, range.upperBound)
        while start < end {
            let byte = bytes[start]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                start += 1
            } else if byte == 0x2D, start + 1 < end, bytes[start + 1] == 0x2D {
                while start < end, bytes[start] != 0x0A { start += 1 }
            } else if byte == 0x2F, start + 1 < end, bytes[start + 1] == 0x2A {
                var depth = 1
                start += 2
                while start < end, depth > 0 {
                    if bytes[start] == 0x2A, start + 1 < end, bytes[start + 1] == 0x2F {
                        depth -= 1
                        start += 2
                    } else if bytes[start] == 0x2F, start + 1 < end, bytes[start + 1] == 0x2A {
                        depth += 1
                        start += 2
                    } else {
                        start += 1
                    }
                }
            } else {
                break
            }
        }
        var stop = end
        while stop > start, [0x20, 0x09, 0x0A, 0x0D, 0x3B].contains(bytes[stop - 1]) { stop -= 1 }
        guard stop > start else { return nil }
        let position = positions.position(at: start)
        self.init(
            text: String(decoding: bytes[start..<stop], as: UTF8.self), offset: start, line: position.line,
            column: position.column)
    }
}
