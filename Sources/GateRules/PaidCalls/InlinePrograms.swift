import GateCode
import GateCore

/// Programs shell text runs inline rather than from a file: `python -c '…'`, `python3 - <<'PY' … PY`, `node -e '…'`
/// (`--eval`, `-p`), `ruby -e '…'`, `bun -e '…'`, `deno eval '…'`, `php -r '…'`, heredocs given to those programs
/// (`node <<'JS'`, `ruby <<RUBY`), and a GitHub workflow's `actions/github-script` step, whose `script:` is
/// JavaScript. Their code is read as its language, each byte on the file's own line and column, for paid calls
/// (an SDK's or a request to a paid host): a call in a loop of that code is batch work.
///
/// Read only in files already read as shell text (`ShellRequests`), and only when their bytes name an interpreter
/// and a provider: no other file pays for it.
enum InlinePrograms {
    /// The paid calls in the inline programs of `regions` of `bytes` (a file at `path`), as requests of the shell
    /// text; `gitHubScripts` are the `script:` values of `actions/github-script` steps (JavaScript).
    static func paidCalls(
        in bytes: [UInt8], regions: [Range<Int>], gitHubScripts: [Range<Int>], path: String, catalogue: CompiledCatalogue
    ) -> [ShellRequest] {
        var code: [SourceLanguage: [Range<Int>]] = [:]
        for region in regions { programs(in: region, of: bytes, into: &code) }
        if !gitHubScripts.isEmpty { code[.javascript, default: []] += gitHubScripts }
        var result: [ShellRequest] = []
        for (language, ranges) in code.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            var buffer = bytes.map { $0 == Byte.newline ? Byte.newline : Byte.space }
            for range in ranges {
                for position in range {
                    // A double-quoted program's escapes (`\"`, `\$`) are the shell's: the program sees the byte after.
                    if bytes[position] == Byte.backslash, position + 1 < range.upperBound,
                       bytes[position + 1] == Byte.quote || bytes[position + 1] == Byte.dollar || bytes[position + 1] == Byte.backtick
                    {
                        continue
                    }
                    buffer[position] = bytes[position]
                }
            }
            let lexed = Lexer.lex(buffer, language: language)
            var finder = SiteFinder(lexed: lexed, catalogue: catalogue)
            finder.path = path
            finder.markProvidersInScope()
            for site in finder.findSites() {
                var inLoop = false
                lexed.visitEnclosures(of: site.token) { enclosure in
                    guard lexed.isLoop(enclosure) else { return true }
                    inLoop = true
                    return false
                }
                result.append(ShellRequest(
                    line: site.line, column: site.column, provider: site.provider, evidence: site.evidence,
                    batchReason: inLoop ? "loops over it in inline \(language.rawValue.capitalized) code" : nil))
            }
        }
        return result.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// Whether `bytes` may hold an inline program: they name one of the interpreters.
    static func mayAppear(in bytes: [UInt8]) -> Bool {
        interpreterWords.contains { ByteSearch.containsFolded(bytes, $0) }
    }

    private static let interpreterWords = ["python", "pypy", "node", "ruby", "bun", "deno", "php"].map { Array($0.utf8) }

    /// The option that gives each interpreter its program as the next word.
    private static func language(ofInterpreter word: ArraySlice<UInt8>) -> (SourceLanguage, [String])? {
        let name = String(decoding: word.prefix { !Byte.isDigit($0) && $0 != Byte.dot }, as: UTF8.self)
        switch name {
        case "python", "pypy": return (.python, ["-c"])
        case "node", "nodejs": return (.javascript, ["-e", "--eval", "-p", "--print"])
        case "ruby": return (.ruby, ["-e"])
        case "bun": return (.typescript, ["-e", "--eval", "-p", "--print"])
        case "deno": return (.typescript, ["eval"])
        case "php": return (.php, ["-r"])
        default: return nil
        }
    }

    /// Adds the inline programs of shell text `region` to `code`, by language.
    private static func programs(in region: Range<Int>, of bytes: [UInt8], into code: inout [SourceLanguage: [Range<Int>]]) {
        var cursor = region.lowerBound
        while cursor < region.upperBound {
            let byte = bytes[cursor]
            guard isWordByte(byte), cursor == region.lowerBound || isCommandBoundary(bytes[cursor - 1]) else {
                cursor += 1
                continue
            }
            var end = cursor
            while end < region.upperBound, isWordByte(bytes[end]) { end += 1 }
            guard let (language, options) = language(ofInterpreter: bytes[cursor..<end]) else {
                cursor = end
                continue
            }
            cursor = arguments(from: end, region: region, in: bytes, options: options) { code[language, default: []].append($0) }
        }
    }

    /// Reads an interpreter's arguments from `start` to the end of its command, reporting its inline program's
    /// ranges; returns where the command ends.
    private static func arguments(
        from start: Int, region: Range<Int>, in bytes: [UInt8], options: [String], found: (Range<Int>) -> Void
    ) -> Int {
        var cursor = start
        var programFollows = false
        while cursor < region.upperBound {
            let byte = bytes[cursor]
            if byte == Byte.space || byte == Byte.tab || byte == Byte.carriageReturn { cursor += 1; continue }
            // A line continued with a backslash.
            if byte == Byte.backslash, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.newline || bytes[cursor + 1] == Byte.carriageReturn {
                cursor += 2
                continue
            }
            if byte == Byte.newline || byte == Byte.semicolon || byte == Byte.bar || byte == Byte.ampersand || byte == Byte.closeParen {
                return cursor
            }
            if byte == Byte.quote || byte == Byte.apostrophe {
                var close = cursor + 1
                while close < bytes.count, bytes[close] != byte { close += byte == Byte.quote && bytes[close] == Byte.backslash ? 2 : 1 }
                close = min(close, bytes.count)
                if programFollows { found((cursor + 1)..<close) }
                programFollows = false
                cursor = close + 1
                continue
            }
            if byte == Byte.less, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.less,
               cursor + 2 >= bytes.count || bytes[cursor + 2] != Byte.less
            {
                if let body = heredocBody(at: cursor, in: bytes) {
                    found(body)
                    return body.upperBound
                }
                return cursor + 2
            }
            var end = cursor
            while end < region.upperBound, !isArgumentEnd(bytes[end]) { end += 1 }
            let word = String(decoding: bytes[cursor..<end], as: UTF8.self)
            if options.contains(word) {
                programFollows = true
            } else if programFollows {
                // An unquoted program of one word (`python -c pass`).
                found(cursor..<end)
                return end
            } else if !word.hasPrefix("-") {
                // A script's path, a subcommand: the program is in a file.
                return end
            }
            cursor = end
        }
        return cursor
    }

    /// The body of a heredoc whose `<<` is at `at` (`<<'PY'`, `<<"EOF"`, `<<-EOF`, `<<EOF`): the lines after the
    /// command's line up to the one that is the delimiter alone (indented as a YAML block or a `<<-` heredoc may be).
    private static func heredocBody(at: Int, in bytes: [UInt8]) -> Range<Int>? {
        var cursor = at + 2
        if cursor < bytes.count, bytes[cursor] == Byte.minus { cursor += 1 }
        while cursor < bytes.count, bytes[cursor] == Byte.space { cursor += 1 }
        var quote: UInt8?
        if cursor < bytes.count, bytes[cursor] == Byte.quote || bytes[cursor] == Byte.apostrophe {
            quote = bytes[cursor]
            cursor += 1
        }
        let tagStart = cursor
        while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
        guard cursor > tagStart else { return nil }
        let tag = bytes[tagStart..<cursor]
        if let quote, cursor < bytes.count, bytes[cursor] == quote { cursor += 1 }
        guard let lineEnd = bytes[cursor...].firstIndex(of: Byte.newline) else { return nil }
        let bodyStart = lineEnd + 1
        var lineStart = bodyStart
        while lineStart < bytes.count {
            let end = bytes[lineStart...].firstIndex(of: Byte.newline) ?? bytes.count
            var first = lineStart
            while first < end, bytes[first] == Byte.space || bytes[first] == Byte.tab { first += 1 }
            var last = end
            while last > first, bytes[last - 1] == Byte.carriageReturn || bytes[last - 1] == Byte.space { last -= 1 }
            if bytes[first..<last].elementsEqual(tag) { return bodyStart..<lineStart }
            lineStart = end + 1
        }
        return bodyStart..<bytes.count
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        Byte.isIdentifierPart(byte) || byte == Byte.dot || byte == Byte.minus
    }

    /// Bytes after which a command's first word may start: blanks, separators, a path's `/`, a subshell's `(`. Not
    /// a quote: `echo "python -c '…'"` runs nothing (an exec form's elements and `sh -c '…'` scripts are regions of
    /// their own).
    private static func isCommandBoundary(_ byte: UInt8) -> Bool {
        switch byte {
        case Byte.space, Byte.tab, Byte.newline, Byte.semicolon, Byte.bar, Byte.ampersand, Byte.openParen, Byte.slash,
             Byte.backtick:
            true
        default: false
        }
    }

    private static func isArgumentEnd(_ byte: UInt8) -> Bool {
        switch byte {
        case Byte.space, Byte.tab, Byte.newline, Byte.carriageReturn, Byte.semicolon, Byte.bar, Byte.ampersand,
             Byte.quote, Byte.apostrophe, Byte.closeParen:
            true
        default: false
        }
    }
}
