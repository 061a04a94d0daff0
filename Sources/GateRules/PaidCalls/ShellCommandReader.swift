import GateCode
import GateCore

/// Reads shell text word by word, as far as telling which commands send requests to paid hosts and which of them
/// repeat: quotes, escapes, comments, command separators, `$(…)` substitutions, `for`/`while`/`until` loops, and
/// commands run per item by `xargs`, `parallel` or `find -exec`; request tools (`curl`, `wget`, HTTPie…) and providers'
/// own command-line tools (`ProviderCommandLines`). Variables the text assigns (`URL=https://…`,
/// `export BASE=…`, a Dockerfile's `ENV`) stand for their value at the start of a URL.
struct ShellTextReader {
    let bytes: [UInt8]
    let catalogue: CompiledCatalogue
    private(set) var requests: [ShellRequest] = []
    /// The SQL psql is given to run (`psql "$DATABASE_URL" -c "ALTER TABLE …"`, `--command=…`), each with where the
    /// SQL's text starts (its first byte when the word holds it as written, else the word's start).
    /// `local`: the command names a database on this machine (`-h localhost`, `postgres://…@127.0.0.1/…`), a
    /// developer's or a CI job's own.
    /// `secret`: it names its database by a secret or `DATABASE_URL` (a deployed database, not a CI job's service).
    /// `literal`: the shell expands nothing in it (a heredoc whose delimiter is quoted, `<<'SQL'`); a `-c` word may
    /// hold a variable the shell expands, so is not.
    private(set) var psqlCommands: [(sql: String, offset: Int, asWritten: Bool, local: Bool, secret: Bool, literal: Bool)] = []
    /// The files psql is given to run (`-f db/changes.sql`, `-fFILE`, `--file=FILE`, `< db/changes.sql`), as written,
    /// each with its word's start and the command's `local` and `secret`.
    private(set) var psqlFiles: [(path: String, offset: Int, local: Bool, secret: Bool)] = []
    /// A heredoc psql reads (`psql "$DATABASE_URL" <<'SQL'`) whose body starts on the next line: its delimiter, whether
    /// the shell expands its body (an unquoted delimiter), and the command's `local` and `secret`.
    private var pendingHeredoc: (delimiter: [UInt8], expands: Bool, local: Bool, secret: Bool)?
    private let lineStarts: [Int]
    private var variables: [String: String] = [:]
    /// Loops whose `do` has not been reached, and for each open `do`…`done` whether it is a loop's.
    private var pendingLoops = 0
    private var openBodies: [Bool] = []

    init(bytes: [UInt8], catalogue: CompiledCatalogue) {
        self.bytes = bytes
        self.catalogue = catalogue
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == Byte.newline { starts.append(index + 1) }
        lineStarts = starts
    }

    /// One word of a command: its text without quotes and escapes, and where it starts.
    private struct Word {
        var text: [UInt8] = []
        var start: Int
    }

    /// Reads one stretch of shell text.
    mutating func read(_ region: Range<Int>) {
        var words: [Word] = []
        var current: Word?
        // Quote states to return to when a `$(` opened inside them closes.
        var substitutions: [UInt8?] = []
        var quote: UInt8?
        var index = region.lowerBound
        func endWord() {
            if let word = current { words.append(word) }
            current = nil
        }
        func append(_ byte: UInt8, at position: Int) {
            if current == nil { current = Word(start: position) }
            current?.text.append(byte)
        }
        while index < region.upperBound {
            let byte = bytes[index]
            if let open = quote {
                if byte == open {
                    quote = nil
                } else if open == Byte.quote, byte == Byte.dollar, index + 1 < region.upperBound, bytes[index + 1] == Byte.openParen,
                          index + 2 < region.upperBound, bytes[index + 2] != Byte.openParen
                {
                    endWord()
                    finish(&words)
                    substitutions.append(quote)
                    quote = nil
                    index += 2
                    continue
                } else if open == Byte.quote, byte == Byte.backslash, index + 1 < region.upperBound {
                    index += 1
                    append(bytes[index], at: index - 1)
                } else {
                    append(byte, at: index)
                }
                index += 1
                continue
            }
            switch byte {
            case Byte.quote, Byte.apostrophe:
                if current == nil { current = Word(start: index) }
                quote = byte
            case Byte.backslash:
                if index + 1 < region.upperBound, bytes[index + 1] == Byte.newline || bytes[index + 1] == Byte.carriageReturn {
                    // A continued line: the command goes on.
                    endWord()
                    while index + 1 < region.upperBound, bytes[index + 1] != Byte.newline { index += 1 }
                    index += 1  // past the line break, which ends no command here
                } else if index + 1 < region.upperBound {
                    index += 1
                    append(bytes[index], at: index - 1)
                }
            case Byte.hash where current == nil:
                while index + 1 < region.upperBound, bytes[index + 1] != Byte.newline { index += 1 }
            case Byte.space, Byte.tab, Byte.carriageReturn:
                endWord()
            case Byte.newline, Byte.semicolon, Byte.ampersand, Byte.bar, Byte.openParen, Byte.backtick:
                endWord()
                // `xargs curl …` and `find -exec curl …` are one command; `ls | xargs …` two.
                finish(&words)
                if byte == Byte.newline, let heredoc = pendingHeredoc {
                    // psql's heredoc: its body is SQL, not commands; read on after its closing line.
                    pendingHeredoc = nil
                    index = readHeredoc(heredoc, from: index + 1, limit: region.upperBound)
                    continue
                }
            case Byte.closeParen:
                endWord()
                finish(&words)
                if let outer = substitutions.popLast() { quote = outer }
            case Byte.dollar where index + 1 < region.upperBound && bytes[index + 1] == Byte.openParen
                && !(index + 2 < region.upperBound && bytes[index + 2] == Byte.openParen):
                endWord()
                finish(&words)
                substitutions.append(nil)
                index += 1
            default:
                append(byte, at: index)
            }
            index += 1
        }
        endWord()
        finish(&words)
        pendingHeredoc = nil
    }

    /// Records the body of a psql heredoc that starts at `start` (the byte after its command's line) as the SQL psql
    /// runs, and returns where reading goes on: after the line that closes it (its delimiter alone on the line,
    /// blanks before it allowed, as a `<<-` body or a YAML block indents it), or at `limit` when none does.
    private mutating func readHeredoc(
        _ heredoc: (delimiter: [UInt8], expands: Bool, local: Bool, secret: Bool), from start: Int, limit: Int
    ) -> Int {
        var lineStart = start
        while lineStart < limit {
            var lineEnd = lineStart
            while lineEnd < limit, bytes[lineEnd] != Byte.newline { lineEnd += 1 }
            var first = lineStart
            while first < lineEnd, bytes[first] == Byte.space || bytes[first] == Byte.tab { first += 1 }
            var last = lineEnd
            while last > first, bytes[last - 1] == Byte.carriageReturn || bytes[last - 1] == Byte.space { last -= 1 }
            if bytes[first..<last].elementsEqual(heredoc.delimiter) {
                if lineStart > start {
                    psqlCommands.append((
                        String(decoding: bytes[start..<lineStart], as: UTF8.self), start, true, heredoc.local, heredoc.secret,
                        !heredoc.expands))
                }
                return lineEnd
            }
            lineStart = lineEnd + 1
        }
        return limit
    }

    /// The words of one command that no shell reads (a Dockerfile's exec form, `RUN ["curl", "-X", "POST",
    /// "https://…"]`): each region one word as written between its JSON quotes (`\"` and `\\` unescaped), with no
    /// separator, quote, loop or substitution of a shell's inside.
    mutating func readWords(_ regions: [Range<Int>]) {
        var words = regions.map { region -> Word in
            var word = Word(start: region.lowerBound)
            var index = region.lowerBound
            while index < region.upperBound {
                if bytes[index] == Byte.backslash, index + 1 < region.upperBound { index += 1 }
                word.text.append(bytes[index])
                index += 1
            }
            return word
        }
        finish(&words)
    }

    /// Judges one simple command and clears it.
    private mutating func finish(_ words: inout [Word]) {
        defer { words.removeAll(keepingCapacity: true) }
        var first = 0
        while first < words.count {
            let word = String(decoding: words[first].text, as: UTF8.self)
            switch word {
            case "for", "while", "until", "select":
                pendingLoops += 1
            case "do":
                openBodies.append(pendingLoops > 0)
                if pendingLoops > 0 { pendingLoops -= 1 }
            case "done":
                _ = openBodies.popLast()
            case "then", "else", "elif", "if", "!", "{", "}", "-", "sudo", "time", "exec", "command", "nohup", "env", "RUN", "run":
                break
            case "export", "ENV", "ARG":
                remember(words[(first + 1)...])
            default:
                // `NAME=value` before a command sets it for the command; alone it sets it for the rest.
                if let equals = words[first].text.firstIndex(of: Byte.equals), equals > 0,
                   words[first].text[..<equals].allSatisfy(Byte.isIdentifierPart)
                {
                    remember(words[first...first])
                    first += 1
                    continue
                }
                judge(words[first...])
                return
            }
            if word == "for" || word == "select" { return }  // `for f in …`: the rest are the items
            first += 1
        }
    }

    private mutating func remember(_ words: ArraySlice<Word>) {
        for word in words {
            guard let equals = word.text.firstIndex(of: Byte.equals), equals > 0 else { continue }
            // Resolved as it is assigned, as the shell does: `API="${BASE:-https://api.anthropic.com}/v1/messages"`
            // keeps the URL its fallback makes.
            let value = resolved(Array(word.text[(equals + 1)...]))
            variables[String(decoding: word.text[..<equals], as: UTF8.self)] = String(decoding: value, as: UTF8.self)
        }
    }

    /// Request tools, by the command's name (a path's last part, lowercased).
    private static let tools: Set<String> = [
        "curl", "wget", "http", "https", "xh", "xhs", "invoke-restmethod", "invoke-webrequest", "irm", "iwr",
    ]
    /// Commands that run the command they are given once per input item.
    private static let perItemRunners: Set<String> = ["xargs", "parallel"]
    /// Options that send a body or a writing method: a payment provider bills only those.
    private static let writingOptions: Set<String> = [
        "-d", "--data", "--data-raw", "--data-binary", "--data-urlencode", "--json", "-F", "--form", "--post-data",
        "--post-file", "-Body", "-body", "POST", "PUT", "PATCH", "DELETE", "Post", "Put", "Patch", "Delete",
    ]

    private mutating func judge(_ command: ArraySlice<Word>) {
        guard let name = command.first.map({ Self.commandName($0.text) }) else { return }
        if name == "psql" {
            readPsql(command.dropFirst())
            return
        }
        var tool = command.startIndex
        var reason: String? = (openBodies.contains(true) || pendingLoops > 0) ? "inside a shell loop" : nil
        if !Self.tools.contains(name) {
            let runner = Self.perItemRunners.contains(name) || name == "find"
            guard runner else {
                judgeProviderCommand(command, named: name, reason: reason)
                return
            }
            guard let found = command.indices.dropFirst().first(where: {
                let name = Self.commandName(command[$0].text)
                return Self.tools.contains(name) || ProviderCommandLines.names.contains(name)
            }) else { return }
            if name == "find", !command.contains(where: { $0.text.elementsEqual("-exec".utf8) || $0.text.elementsEqual("-execdir".utf8) }) {
                return
            }
            tool = found
            reason = "once per item (\(name))"
            let toolName = Self.commandName(command[found].text)
            if !Self.tools.contains(toolName) {
                judgeProviderCommand(command[found...], named: toolName, reason: reason)
                return
            }
        }
        let arguments = command[(tool + 1)...]
        for word in arguments {
            guard let (provider, evidence) = paidTarget(of: resolved(word.text)) else { continue }
            if catalogue.providers.first(where: { $0.id == provider })?.kind == .payments, !Self.writes(arguments) { return }
            let start = command[tool].start
            let line = lineNumber(of: start)
            requests.append(ShellRequest(
                line: line, column: start - lineStarts[line - 1] + 1, provider: provider, evidence: evidence, batchReason: reason))
            return
        }
    }

    /// A provider's own command-line tool sending a paid request (`openai api chat.completions.create …`), judged as
    /// a request tool's command is: repeating inside a loop or per item, or by itself when it submits a batch job.
    private mutating func judgeProviderCommand(_ command: ArraySlice<Word>, named name: String, reason: String?) {
        guard ProviderCommandLines.names.contains(name), let first = command.first else { return }
        let arguments = command.dropFirst().map { String(decoding: resolved($0.text), as: UTF8.self) }
        guard let call = ProviderCommandLines.paidCall(name: name, arguments: arguments),
              catalogue.providers.contains(where: { $0.id == call.provider })
        else { return }
        let line = lineNumber(of: first.start)
        requests.append(ShellRequest(
            line: line, column: first.start - lineStarts[line - 1] + 1, provider: call.provider, evidence: call.evidence,
            batchReason: reason ?? call.batchReason))
    }

    /// Whether a request tool's arguments send a body or a writing method. curl's `-G` (`--get`) sends the `-d` data
    /// as the URL's query of a GET (`curl -G https://api.stripe.com/v1/charges -d limit=3` lists, it charges nothing).
    private static func writes(_ arguments: ArraySlice<Word>) -> Bool {
        var sendsData = false
        for word in arguments {
            let text = word.text
            if text.elementsEqual("--get".utf8) || isShortOptionCluster(text, containing: UInt8(ascii: "G")) { return false }
            if writingOptions.contains(String(decoding: text, as: UTF8.self)) || text.starts(with: "--data".utf8) { sendsData = true }
        }
        return sendsData
    }

    /// A word of short options written together (`-G`, `-fsSG`): a dash, then letters only.
    private static func isShortOptionCluster(_ text: [UInt8], containing option: UInt8) -> Bool {
        guard text.count >= 2, text[0] == Byte.minus, text[1] != Byte.minus else { return false }
        return text.dropFirst().allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
            && text.dropFirst().contains(option)
    }

    /// psql's `-c SQL`, `-cSQL`, `--command SQL` and `--command=SQL` arguments.
    private mutating func readPsql(_ arguments: ArraySlice<Word>) {
        let local = arguments.contains { word in
            word.text.firstRange(of: Self.localhost) != nil || word.text.firstRange(of: Self.loopback) != nil
        }
        let secret = arguments.contains { word in
            word.text.firstRange(of: Self.secrets) != nil || word.text.firstRange(of: Self.databaseURL) != nil
        }
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let text = arguments[index].text
            var sql: ArraySlice<UInt8>?
            var start = arguments[index].start
            if text.elementsEqual("-c".utf8) || text.elementsEqual("--command".utf8) {
                index += 1
                guard index < arguments.endIndex else { return }
                sql = arguments[index].text[...]
                start = arguments[index].start
            } else if text.starts(with: "--command=".utf8) {
                sql = text.dropFirst(10)
            } else if text.count > 2, text[0] == Byte.minus, text[1] == UInt8(ascii: "c") {
                sql = text.dropFirst(2)
            } else if text.starts(with: "<<<".utf8) {
                // A here-string: the word is the SQL.
                if text.count > 3 {
                    sql = text.dropFirst(3)
                } else if index + 1 < arguments.endIndex {
                    index += 1
                    sql = arguments[index].text[...]
                    start = arguments[index].start
                }
            } else if text.starts(with: "<<".utf8) {
                // A heredoc: `<<SQL`, `<<'SQL'`, `<<-EOF`, `<< "SQL"`; a quoted delimiter keeps the shell from expanding it.
                var delimiter = text.dropFirst(2)
                if delimiter.first == Byte.minus { delimiter = delimiter.dropFirst() }
                var word = arguments[index]
                if delimiter.isEmpty, index + 1 < arguments.endIndex {
                    index += 1
                    word = arguments[index]
                    delimiter = word.text[...]
                }
                if !delimiter.isEmpty {
                    // The word as written, to its first blank: quotes or a backslash in it quote the delimiter.
                    let written = bytes[word.start..<min(bytes.count, word.start + word.text.count + 4)].prefix {
                        $0 != Byte.space && $0 != Byte.tab && $0 != Byte.newline && $0 != Byte.carriageReturn
                    }
                    let quoted = written.contains(Byte.apostrophe) || written.contains(Byte.quote) || written.contains(Byte.backslash)
                    pendingHeredoc = (Array(delimiter), !quoted, local, secret)
                }
            } else if text.elementsEqual("-f".utf8) || text.elementsEqual("--file".utf8) || text.elementsEqual("<".utf8) {
                if index + 1 < arguments.endIndex {
                    index += 1
                    psqlFiles.append((String(decoding: arguments[index].text, as: UTF8.self), arguments[index].start, local, secret))
                }
            } else if text.starts(with: "--file=".utf8) || text.count > 2 && text[0] == Byte.minus && text[1] == UInt8(ascii: "f")
                || text.count > 1 && text[0] == UInt8(ascii: "<")
            {
                let path = text.starts(with: "--file=".utf8) ? text.dropFirst(7) : text.dropFirst(text[0] == Byte.minus ? 2 : 1)
                psqlFiles.append((String(decoding: path, as: UTF8.self), arguments[index].start, local, secret))
            }
            if let sql, !sql.isEmpty {
                // Where the text is found as written (no quote or escape inside it): its statements keep their own lines.
                let limit = min(bytes.count, start + sql.count + 12)
                let found = bytes[start..<limit].firstRange(of: sql).map(\.lowerBound)
                psqlCommands.append((String(decoding: sql, as: UTF8.self), found ?? start, found != nil, local, secret, false))
            }
            index += 1
        }
    }

    private static let localhost = Array("localhost".utf8)
    private static let loopback = Array("127.0.0.1".utf8)
    private static let secrets = Array("secrets.".utf8)
    private static let databaseURL = Array("DATABASE_URL".utf8)

    /// The line (from 1) and column (from 1) of a byte offset of the text.
    func position(of offset: Int) -> (line: Int, column: Int) {
        let line = lineNumber(of: offset)
        return (line, offset - lineStarts[line - 1] + 1)
    }

    private static func commandName(_ text: [UInt8]) -> String {
        let last = text.split(separator: Byte.slash).last.map(Array.init) ?? text
        return String(decoding: last.map(Byte.lower), as: UTF8.self)
    }

    /// The word with a variable at its start replaced by the value the text gave it (`$BASE/v1/…`, `${BASE}/…`,
    /// Make's `$(BASE)`), or by its fallback (`${OPENAI_BASE_URL:-https://api.openai.com/v1}/…`).
    private func resolved(_ text: [UInt8]) -> [UInt8] {
        guard text.first == Byte.dollar, text.count > 1 else { return text }
        var cursor = 1
        let braced = text[1] == Byte.openBrace || text[1] == Byte.openParen
        if braced { cursor += 1 }
        let nameStart = cursor
        while cursor < text.count, Byte.isIdentifierPart(text[cursor]) { cursor += 1 }
        let name = String(decoding: text[nameStart..<cursor], as: UTF8.self)
        var rest = cursor
        var fallback: [UInt8]?
        if braced {
            guard let close = text[cursor...].firstIndex(where: { $0 == Byte.closeBrace || $0 == Byte.closeParen }) else { return text }
            if cursor + 1 < close, text[cursor] == Byte.colon, text[cursor + 1] == Byte.minus {
                fallback = Array(text[(cursor + 2)..<close])
            }
            rest = close + 1
        }
        guard let value = variables[name].map({ Array($0.utf8) }) ?? fallback else { return text }
        return value + text[rest...]
    }

    /// The provider and evidence of a URL word, or nil when it names no paid host or a free endpoint.
    private func paidTarget(of word: [UInt8]) -> (String, String)? {
        guard word.count > 4, let (host, after) = HTTPRequestSites.host(in: word, 0..<word.count), host.contains(Byte.dot),
              !HTTPRequestSites.isLocal(host), let provider = catalogue.provider(forHost: host[...])
        else { return nil }
        let path = String(decoding: word[after...].map(Byte.lower), as: UTF8.self)
        guard !HTTPRequestSites.isFreePath(path) else { return nil }
        return (catalogue.providers[provider].id, String(decoding: host, as: UTF8.self) + HTTPRequestSites.trimmedPath(path))
    }

    private func lineNumber(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }
}
