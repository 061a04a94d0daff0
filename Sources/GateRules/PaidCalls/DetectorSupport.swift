import GateCore

extension SourceFile {
    /// Whether the change adds head line `line`.
    @inline(__always) func adds(_ line: Int) -> Bool { addedLines.contains(line) }

    /// The first added line in `lines`, if any.
    func firstAddedLine(in lines: ClosedRange<Int>) -> Int? {
        if lines.count < addedLines.count {
            return lines.first { addedLines.contains($0) }
        }
        return addedLines.filter { lines.contains($0) }.min()
    }
}

extension LexedSource {
    /// Whether any identifier or string token in `range` contains `needle` (ASCII, case-insensitive).
    func anyToken(in range: ClosedRange<Int>, contains needle: String) -> Bool {
        let pattern = Array(needle.lowercased().utf8)
        for index in range where index < tokens.count && tokens[index].kind != .punctuation {
            if bytesContain(tokens[index].start..<tokens[index].end, pattern) { return true }
        }
        return false
    }

    /// ASCII case-insensitive substring test on a byte range.
    func bytesContain(_ range: Range<Int>, _ pattern: [UInt8]) -> Bool {
        guard range.count >= pattern.count, let first = pattern.first else { return false }
        var index = range.lowerBound
        while index + pattern.count <= range.upperBound {
            if Byte.lower(bytes[index]) == first {
                var offset = 1
                while offset < pattern.count, Byte.lower(bytes[index + offset]) == pattern[offset] { offset += 1 }
                if offset == pattern.count { return true }
            }
            index += 1
        }
        return false
    }

    /// The integer value of a number token, if it is one.
    func integer(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .number else { return nil }
        return Int(text(index).filter { $0 != "_" })
    }

    /// The integer a name stands for where the file gives it one: `MAX_RETRIES` (`const MAX_RETRIES = 3`),
    /// `RETRY_CONFIG.maxRetries` (`maxRetries: 3` in an object literal), `self.max_attempts` (`max_attempts = 5`).
    func constantInteger(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .identifier else { return nil }
        let name = bytes[tokens[index].start..<tokens[index].end]
        for other in tokens.indices where other != index && tokens[other].kind == .identifier {
            guard bytes[tokens[other].start..<tokens[other].end].elementsEqual(name),
                  token(other + 1, isPunctuation: Byte.equals) || token(other + 1, isPunctuation: Byte.colon),
                  !token(other + 2, isPunctuation: Byte.equals), let value = integer(other + 2)
            else { continue }
            return value
        }
        return nil
    }
}

/// Builds findings with the provider and evidence detectors report.
extension Finding {
    static func paid(
        _ description: DetectorDescription, file: SourceFile, line: Int, column: Int?, message: String,
        provider: String, evidence: String
    ) -> Finding {
        Finding(
            rule: description.id, category: description.category, path: file.path, line: line, column: column,
            message: message, provider: provider, evidence: String(evidence.prefix(160)))
    }
}
