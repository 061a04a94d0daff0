import GateCore

/// What a string literal of application code is handed to, as far as running SQL goes: a literal that opens like
/// DDL is SQL when it goes to something that runs SQL, and a message for people when it goes to a logger, a print,
/// an error or a translation (`log.warning("drop index %s failed", name)`, `toast.error("Drop table failed")`).
public enum LiteralUse: Sendable, Equatable {
    /// An argument of a call that runs SQL (`cursor.execute(…)`, `db.exec(…)`, `` sql`…` ``, `text(…)`): SQL, whatever
    /// it reads like.
    case executed
    /// A message: an argument of a logging, printing, error or translation call, thrown or raised, or the value of a
    /// message's key or variable (`detail=`, `error:`, `HELP =`).
    case message
    /// Anything else (a variable, a constant, another call's argument): SQL only when it reads as a statement.
    case other

    /// How a language writes comments, so brackets inside them are not counted.
    public struct Comments: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// `#` to the end of the line (Python, Ruby, Elixir, PHP).
        public static let hash = Comments(rawValue: 1)
        /// `//` and `/* */` (the C family, JavaScript, Go, PHP, Rust, Swift).
        public static let slash = Comments(rawValue: 2)
    }

    /// The use of each literal opening at `quotes` (ascending offsets of their opening quotes), in one pass over the
    /// file that keeps the open brackets and the call each `(` belongs to.
    static func uses(ofLiteralsAt quotes: [Int], in bytes: [UInt8], comments: Comments, scanner: CallScanner) -> [LiteralUse] {
        var uses = [LiteralUse](repeating: .other, count: quotes.count)
        // Each open bracket, and for a `(` the callee chain written before it (empty for a grouping paren).
        var frames: [(bracket: UInt8, callee: Range<Int>)] = []
        var next = 0
        var index = 0
        while index < bytes.count, next < quotes.count {
            // A literal this pass reads as inside a string or comment (the quote pass does not skip comments).
            if index > quotes[next] {
                next += 1
                continue
            }
            let byte = bytes[index]
            if index == quotes[next] {
                uses[next] = use(ofLiteralAt: index, in: bytes, frames: frames)
                next += 1
                index = max(scanner.skipString(from: index), index + 1)
                continue
            }
            if scanner.opensString(byte) {
                index = max(scanner.skipString(from: index), index + 1)
                continue
            }
            switch byte {
            case UInt8(ascii: "#") where comments.contains(.hash),
                 UInt8(ascii: "/") where comments.contains(.slash) && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                continue
            case UInt8(ascii: "/") where comments.contains(.slash) && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                index += 2
                continue
            case UInt8(ascii: "("): frames.append((byte, callee(before: index, in: bytes)))
            case UInt8(ascii: "["), UInt8(ascii: "{"): frames.append((byte, index..<index))
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): if !frames.isEmpty { frames.removeLast() }
            default: break
            }
            index += 1
        }
        return uses
    }

    /// The use of the literal opening at `quote`: told by what is written right before it (a message's key or
    /// variable, a call without parentheses, a template's tag), else by the innermost call it is an argument of.
    private static func use(ofLiteralAt quote: Int, in bytes: [UInt8], frames: [(bracket: UInt8, callee: Range<Int>)]) -> LiteralUse {
        // A tagged template: `` sql`…` ``.
        if bytes[quote] == UInt8(ascii: "`"), quote > 0, CallScanner.isIdentifier(bytes[quote - 1]) {
            return use(ofCallee: chain(endingAt: quote, in: bytes), in: bytes)
        }
        var start = quote
        // A string prefix (Python's `f`, `r`, `b`, `u`; C#'s `$` and `@`) belongs to the literal.
        while start > 0, quote - start < 2, stringPrefixes.contains(bytes[start - 1]) { start -= 1 }
        if start < quote, start > 0, CallScanner.isIdentifier(bytes[start - 1]) { start = quote }
        var before = start
        while before > 0, DDLStrings.isSpace(bytes[before - 1]) { before -= 1 }
        if before > 0 {
            let previous = bytes[before - 1]
            if isAssignment(bytes, endingAt: before) {
                // `message: "…"`, `detail="…"`, `HELP = "…"`, `'error' => '…'`.
                var end = before - 1
                if end > 0, bytes[end] == UInt8(ascii: ">") { end -= 1 }
                while end > 0, DDLStrings.isSpace(bytes[end - 1]) { end -= 1 }
                if end > 0, bytes[end - 1] == UInt8(ascii: "\"") || bytes[end - 1] == UInt8(ascii: "'") { end -= 1 }
                var wordStart = end
                while wordStart > 0, CallScanner.isIdentifier(bytes[wordStart - 1]) { wordStart -= 1 }
                if messageKeys.contains(String(decoding: bytes[wordStart..<end], as: UTF8.self).lowercased()) { return .message }
            } else if CallScanner.isIdentifier(previous) || previous == UInt8(ascii: "!") {
                // A word right before the literal: a keyword, or a call without parentheses (Ruby's `raise "…"`,
                // `logger.info "…"`, `connection.execute "…"`, PHP's `echo`).
                let callee = chain(endingAt: before, in: bytes)
                let word = lastName(of: callee, in: bytes)
                if messageKeywords.contains(word) { return .message }
                if !word.isEmpty, !statementKeywords.contains(word) {
                    let use = use(ofCallee: callee, in: bytes)
                    if use != .other { return use }
                }
            }
        }
        // A later argument of a call without parentheses that opens the line (`raise ArgumentError, "…"`,
        // `assert ready, "…"`, `Logger.warn "…", meta`).
        if before > 0, bytes[before - 1] == UInt8(ascii: ","), let use = useOfLineOpeningCall(before: before, in: bytes) {
            return use
        }
        // The innermost call the literal is an argument of, through the object and list literals around it.
        for frame in frames.reversed() where frame.bracket == UInt8(ascii: "(") && !frame.callee.isEmpty {
            return use(ofCallee: frame.callee, in: bytes)
        }
        return .other
    }

    /// The use told by the call without parentheses that opens the line holding `end`, when no paren opened on the
    /// line before it is still open.
    private static func useOfLineOpeningCall(before end: Int, in bytes: [UInt8]) -> LiteralUse? {
        var lineStart = end
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        var depth = 0
        for byte in bytes[lineStart..<end] {
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
        }
        guard depth <= 0 else { return nil }
        var start = lineStart
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        var wordEnd = start
        while wordEnd < end, !DDLStrings.isSpace(bytes[wordEnd]), bytes[wordEnd] != UInt8(ascii: "("),
              bytes[wordEnd] != UInt8(ascii: ",") { wordEnd += 1 }
        guard wordEnd > start, wordEnd < end, bytes[wordEnd] == 0x20 else { return nil }
        let callee = chain(endingAt: wordEnd, in: bytes)
        guard callee.lowerBound == start else { return nil }
        if messageKeywords.contains(lastName(of: callee, in: bytes)) { return .message }
        let use = use(ofCallee: callee, in: bytes)
        return use == .other ? nil : use
    }

    /// Whether the bytes before `end` (past blanks) close a key or an assignment: `:` (not `::`), `=` (not `==`,
    /// `!=`, `<=`, `>=`), or `=>`.
    private static func isAssignment(_ bytes: [UInt8], endingAt end: Int) -> Bool {
        let last = bytes[end - 1]
        let previous = end > 1 ? bytes[end - 2] : 0
        if last == UInt8(ascii: ":") { return previous != UInt8(ascii: ":") }
        if last == UInt8(ascii: ">") { return previous == UInt8(ascii: "=") }
        guard last == UInt8(ascii: "=") else { return false }
        return ![UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(previous)
    }

    /// The callee chain written before the `(` at `paren` (`log.warning`, `$this->logger->error`, `Log::info`,
    /// `println!`, `db.query<Row>`); empty for a grouping paren.
    private static func callee(before paren: Int, in bytes: [UInt8]) -> Range<Int> {
        var end = paren
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        // A type argument (`query<Row>(`).
        if end > 0, bytes[end - 1] == UInt8(ascii: ">") {
            var cursor = end - 1
            while cursor > 0, bytes[cursor] != UInt8(ascii: "<"), bytes[cursor] != 0x0A, end - cursor < 80 { cursor -= 1 }
            if bytes[cursor] == UInt8(ascii: "<") { end = cursor }
        }
        return chain(endingAt: end, in: bytes)
    }

    /// The chain of names and member accesses ending at `end`.
    private static func chain(endingAt end: Int, in bytes: [UInt8]) -> Range<Int> {
        var start = end
        while start > 0 {
            let byte = bytes[start - 1]
            if CallScanner.isIdentifier(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "\\")
                || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") {
                start -= 1
            } else if byte == UInt8(ascii: ">"), start > 1, bytes[start - 2] == UInt8(ascii: "-") {
                start -= 2
            } else {
                break
            }
        }
        return start..<end
    }

    /// The last name of a chain, lower-cased, without a Ruby `!`/`?`, a macro's `!` or a leading `$`.
    private static func lastName(of chain: Range<Int>, in bytes: [UInt8]) -> String {
        var end = chain.upperBound
        while end > chain.lowerBound, bytes[end - 1] == UInt8(ascii: "!") || bytes[end - 1] == UInt8(ascii: "?") { end -= 1 }
        var start = end
        while start > chain.lowerBound, CallScanner.isIdentifier(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self).lowercased()
    }

    private static func use(ofCallee chain: Range<Int>, in bytes: [UInt8]) -> LiteralUse {
        guard !chain.isEmpty else { return .other }
        let name = lastName(of: chain, in: bytes)
        if executingCalls.contains(name) { return .executed }
        if messageCalls.contains(name) || name.hasSuffix("error") || name.hasSuffix("exception") || name.hasSuffix("warning") {
            return .message
        }
        // `LogError`, `logInfo`, `LogInformation`: a logger's method named for its level.
        var end = chain.upperBound
        while end > chain.lowerBound, bytes[end - 1] == UInt8(ascii: "!") || bytes[end - 1] == UInt8(ascii: "?") { end -= 1 }
        let nameStart = end - name.utf8.count
        if name.count > 3, name.hasPrefix("log"), bytes[nameStart + 3] >= UInt8(ascii: "A"), bytes[nameStart + 3] <= UInt8(ascii: "Z") {
            return .message
        }
        // Go's `errors.New("…")`.
        if name == "new", String(decoding: bytes[chain], as: UTF8.self).lowercased().hasSuffix("errors.new") { return .message }
        return .other
    }

    private static let stringPrefixes: Set<UInt8> = Set("fFrRbBuU$@".utf8)

    /// Calls that run the SQL they are given: DB-API and driver methods, ORMs' raw SQL, tagged templates.
    static let executingCalls: Set<String> = [
        "execute", "executemany", "executescript", "execute_sql", "executesql", "executequery", "executeupdate",
        "executestatement", "executeraw", "executerawunsafe", "queryraw", "queryrawunsafe", "executesqlraw",
        "executesqlrawasync", "executesqlinterpolated", "executenonquery", "executenonqueryasync", "executeasync",
        "exec", "exec_query", "exec_update", "exec_insert", "exec_delete", "execcontext", "mustexec",
        "mustexeccontext", "query", "querycontext", "queryrow", "queryrowcontext", "raw", "run", "prepare",
        "preparestatement", "statement", "unprepared", "sql", "text", "unsafe", "batch_execute", "execute_batch",
        "simple_query", "batchexecute",
    ]

    /// Calls that show, log, raise or translate the text they are given, by their last name (lower case); names
    /// ending in `error`, `exception` or `warning` (`RuntimeError`, `new Error`, `HTTPException`, `toast.error`) too.
    static let messageCalls: Set<String> = [
        "print", "println", "printf", "eprintln", "eprint", "puts", "echo", "secho", "alert", "confirm", "prompt",
        "log", "logf", "debug", "debugf", "info", "infof", "warn", "warnf", "errorf", "fatal", "fatalf", "critical",
        "trace", "notice", "verbose", "success", "panic", "panicf", "abort", "die", "fail", "bail", "anyhow",
        "writeline", "nslog", "toast", "flash", "notify", "t", "tr", "i18n", "gettext", "ngettext", "gettext_lazy",
        "lazy_gettext", "ugettext", "_", "__", "trans", "translate", "it", "describe", "test", "context", "specify",
    ]

    /// Keywords that hand the literal after them to people: `raise "…"`, `throw "…"`, `puts "…"`, `echo "…"`.
    private static let messageKeywords: Set<String> = [
        "raise", "throw", "puts", "print", "echo", "warn", "fail", "abort", "die", "p", "assert",
    ]

    /// Keywords after which a literal is a value, not a call's argument.
    private static let statementKeywords: Set<String> = [
        "return", "yield", "await", "else", "then", "do", "in", "of", "and", "or", "not", "case", "when", "if",
        "unless", "elif", "is", "new", "typeof", "const", "let", "var", "default", "import", "from", "as", "with",
    ]

    /// Keys and variables whose value is a message (`message:`, `detail=`, `HELP =`, `'error' =>`).
    private static let messageKeys: Set<String> = [
        "message", "msg", "error", "err", "errors", "detail", "details", "description", "desc", "title", "label",
        "text", "hint", "help", "help_text", "summary", "reason", "warning", "notice", "tooltip", "placeholder",
        "caption", "subtitle", "status_text", "statustext", "errormessage", "error_message", "verbose_name",
    ]
}
