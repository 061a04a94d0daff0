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

    /// Whether the tokens of `range` guard retried work with an idempotency key (`idempotency_key=…`,
    /// `"Idempotency-Key"`, `IdempotencyKey`). axios-retry's `isNetworkOrIdempotentRequestError` and
    /// `isIdempotentRequestError` name the request methods it retries, no key.
    func guardsIdempotency(in range: ClosedRange<Int>) -> Bool {
        let pattern = Array("idempot".utf8), methods = Array("idempotentrequest".utf8)
        for index in range where index < tokens.count && tokens[index].kind != .punctuation {
            let token = tokens[index].start..<tokens[index].end
            if bytesContain(token, pattern), !bytesContain(token, methods) { return true }
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
    /// `RETRY_CONFIG.maxRetries` (`maxRetries: 3` in an object literal), `self.max_attempts` (`max_attempts = 5`),
    /// a typed default (`max_retries: int = 3`, `maxRetries: number = 3`), Go's `maxRetries := 3`, and the fallback
    /// of a configurable value (`options.maxRetries ?? 3`, `opts.retries || 3`, `kwargs.get("n") or 3`): the count
    /// the code runs with unless told otherwise.
    func constantInteger(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].kind == .identifier else { return nil }
        let name = bytes[tokens[index].start..<tokens[index].end]
        for other in tokens.indices where other != index && tokens[other].kind == .identifier {
            guard bytes[tokens[other].start..<tokens[other].end].elementsEqual(name),
                  let value = assignedInteger(after: other + 1)
            else { continue }
            return value
        }
        return nil
    }

    /// The integer given by the assignment or default starting at `index` (just after the name), if any.
    func assignedInteger(after index: Int) -> Int? {
        guard index < tokens.count, tokens[index].kind == .punctuation else { return nil }
        var equals: Int
        if token(index, isPunctuation: Byte.equals) {
            equals = index
        } else if token(index, isPunctuation: Byte.colon) {
            if token(index + 1, isPunctuation: Byte.equals) {
                equals = index + 1  // `:=`
            } else if let value = integer(index + 1) {
                return value  // `maxRetries: 3`
            } else {
                // `name: Type = N`: a short type (`int`, `number`, `Optional[int]`) on the same line, then a lone `=`.
                let typeEnd = min(index + 8, tokens.count)
                guard let typed = ((index + 2)..<max(index + 2, typeEnd)).first(where: { token($0, isPunctuation: Byte.equals) }),
                      tokens[typed].line == tokens[index].line,
                      ((index + 1)..<typed).allSatisfy({ cursor in
                          tokens[cursor].kind == .identifier || [Byte.dot, Byte.less, Byte.greater, Byte.openBracket,
                              Byte.closeBracket, Byte.question].contains { token(cursor, isPunctuation: $0) }
                      })
                else { return nil }
                equals = typed
            }
        } else {
            return nil
        }
        // `==` compares; it assigns nothing.
        guard !token(equals + 1, isPunctuation: Byte.equals) else { return nil }
        if let value = integer(equals + 1) { return value }
        // A configurable value's fallback, on the same line: `?? N`, `|| N`, `or N`.
        let line = tokens[equals].line
        var cursor = equals + 1
        while cursor + 1 < tokens.count, tokens[cursor].line == line, !token(cursor, isPunctuation: Byte.semicolon) {
            if (token(cursor, isPunctuation: Byte.question) && token(cursor + 1, isPunctuation: Byte.question))
                || (token(cursor, isPunctuation: Byte.bar) && token(cursor + 1, isPunctuation: Byte.bar)),
               cursor + 2 < tokens.count, tokens[cursor + 2].line == line, let value = integer(cursor + 2)
            {
                return value
            }
            if language.family == .python, token(cursor, is: "or"), tokens[cursor + 1].line == line,
               let value = integer(cursor + 1)
            {
                return value
            }
            cursor += 1
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
