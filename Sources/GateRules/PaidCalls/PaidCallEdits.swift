import GateCode
import GateCore

/// Whether the change makes a paid call new spending. A call the change adds is; an existing call it edits is only
/// where the edit changes what each request costs: the model it names or a limit it sets (`max_tokens`). Rewording the
/// prompt of `_chat.CompleteChatAsync(new UserChatMessage($"Summarize: {text}"))` spends what it spent before, whether
/// the prompt shares the call's line or sits on a line of its own in a call written over several lines.
///
/// An existing call is told by the lines the change deletes around it: they hold the same call chain
/// (`_chat.CompleteChatAsync`). What the call was is read as its lines the change leaves alone plus those deleted
/// lines, and compared with what it is.
enum PaidCallEdits {
    /// Where `site`, a paid call of `file` (lexed as `lexed`), is new spending by the change: the call's line, or for a
    /// call whose own line the change leaves alone, the first line of it the change writes; nil where it is not.
    static func newSpendingLine(of site: PaidCallSite, in file: SourceFile, lexed: LexedSource) -> Int? {
        // A new file's calls, and most changes' calls, are new: only an edited file's calls whose own line the
        // change rewrites, or whose argument lines it touches, are looked at further.
        let lines = callLines(of: site, in: lexed)
        guard let touched = file.firstAddedLine(in: lines) else { return nil }
        let line = file.adds(site.line) ? site.line : touched
        guard file.change.kind == .modified else { return line }
        // The lines the change deletes among the call's: each run of changed lines (deleted and added, in either
        // order) that writes one of the call's lines, or that only deletes, at one of them. A run rewriting the call's
        // own line holds the call as it was when its deleted lines hold as many of the same call as its added lines
        // hold before this one and one more (calls paired in order: a new call added after an edited one is new).
        let call = Array(site.evidence.leafText.utf8)
        var deleted: [UInt8] = []
        var pairedWithOld = false
        for hunk in file.change.hunks where hunk.oldCount > 0 {
            let newLines = hunk.newStart...(hunk.newStart + max(hunk.newCount, 1) - 1)
            guard newLines.overlaps(lines) else { continue }
            var next = hunk.newCount == 0 ? hunk.newStart + 1 : hunk.newStart
            var run: [UInt8] = []
            var runStart = next
            var runWritesCall = false
            var runWritesSite = false
            var callsBeforeSite = 0
            func endRun() {
                if runWritesCall || lines.contains(runStart) { deleted += run }
                if runWritesSite, occurrences(of: call, in: run) > callsBeforeSite { pairedWithOld = true }
                run = []
                runWritesCall = false
                runWritesSite = false
                callsBeforeSite = 0
            }
            hunk.lines.forEachText { kind, text in
                switch kind {
                case .deleted:
                    run.append(contentsOf: text)
                    run.append(0x0A)
                case .added:
                    runWritesCall = runWritesCall || lines.contains(next)
                    if next == site.line {
                        runWritesSite = true
                    } else if next < site.line {
                        callsBeforeSite += occurrences(of: call, in: Array(text))
                    }
                    next += 1
                default:
                    endRun()
                    next += 1
                    runStart = next
                }
            }
            endRun()
        }
        // The call's own line left alone, or rewritten where the deleted lines held the same call: an edit.
        let existed = !file.adds(site.line) || pairedWithOld
        guard existed else { return line }
        // The call as it was: its lines the change leaves alone, and the lines it deletes there.
        var before = deleted
        var after: [UInt8] = []
        for (offset, line) in lexedLines(lines, of: lexed).enumerated() {
            let number = lines.lowerBound + offset
            after.append(contentsOf: line)
            after.append(0x0A)
            if !file.adds(number) {
                before.append(contentsOf: line)
                before.append(0x0A)
            }
        }
        let language = lexed.language
        return spendSettings(Lexer.lex(before, language: language)) != spendSettings(Lexer.lex(after, language: language)) ? line : nil
    }

    /// How many times `needle` occurs in `bytes`.
    private static func occurrences(of needle: [UInt8], in bytes: [UInt8]) -> Int {
        guard !needle.isEmpty else { return 0 }
        return bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            var from = 0
            while case let found = ByteSearch.find(needle, in: buffer, from: from), found >= 0, found < buffer.count {
                count += 1
                from = found + needle.count
            }
            return count
        }
    }

    /// The lines of the call at `site`: from its chain's root to the parenthesis closing its arguments.
    private static func callLines(of site: PaidCallSite, in lexed: LexedSource) -> ClosedRange<Int> {
        let first = lexed.tokens[site.token].line
        var index = site.token
        let limit = min(lexed.tokens.count, site.token + 64)
        while index < limit, !lexed.token(index, isPunctuation: Byte.openParen) { index += 1 }
        guard index < limit, lexed.partner[index] > index else { return first...first }
        return first...max(first, lexed.tokens[lexed.partner[index]].line)
    }

    /// The bytes of lines `lines` of the lexed file, one slice per line, without their line breaks.
    private static func lexedLines(_ lines: ClosedRange<Int>, of lexed: LexedSource) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var line = 1
        var start = 0
        let bytes = lexed.bytes
        for position in bytes.indices where bytes[position] == 0x0A {
            if lines.contains(line) { result.append(bytes[start..<position]) }
            line += 1
            start = position + 1
            if line > lines.upperBound { break }
        }
        if line <= lines.upperBound, lines.contains(line), start < bytes.count { result.append(bytes[start...]) }
        return result
    }

    /// Words of a setting that changes what a request costs: the model, and limits on what it produces.
    private static let settingWords = ["model", "max", "tokens"]

    /// What in `lexed` decides what a request costs, sorted: the model ids its strings name, and each setting named
    /// like a model or a limit with the value it is given (`max_tokens=512`, `Model:gpt-4o`).
    private static func spendSettings(_ lexed: LexedSource) -> [String] {
        var result: [String] = []
        for index in lexed.tokens.indices {
            let token = lexed.tokens[index]
            guard token.kind == .identifier || token.kind == .string else { continue }
            let text = lexed.text(index)
            let lowered = text.lowercased()
            if token.kind == .string, ModelIdentifiers.prefixes.keys.contains(where: { ModelIdentifiers.names(lowercased: lowered, provider: $0) }) {
                result.append(lowered)
                continue
            }
            guard settingWords.contains(where: lowered.contains) else { continue }
            // Its value: past the `=`, `:` or `=>` that gives it (a keyword argument, an object's key, a builder's call).
            var value = index + 1
            while value < lexed.tokens.count, value <= index + 3, lexed.tokens[value].kind == .punctuation || lexed.token(value, is: "=>") {
                value += 1
            }
            guard value < lexed.tokens.count, value <= index + 3 else { continue }
            result.append(lowered + "=" + lexed.text(value))
        }
        return result.sorted()
    }
}
