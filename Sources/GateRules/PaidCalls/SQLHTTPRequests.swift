import GateCode
import GateCore

/// Requests to paid hosts that SQL sends through Postgres's HTTP extensions: pg_net's
/// `net.http_post(url := 'https://api.openai.com/v1/embeddings', …)` (Supabase's embedding triggers and database
/// webhooks) and pgsql-http's `http_post('https://api.anthropic.com/v1/messages', …)`, `http_get(…)` and
/// `http(('POST', 'https://…', …)::http_request)`, schema-qualified or not (`extensions.http_post`), in a migration or
/// any other `.sql` file (a function's body included: dollar-quoted text is read as SQL).
///
/// The URL is the call's first string argument naming a host (concatenated literals joined: `'https://api.openai.com'
/// || '/v1/embeddings'`), or the literal a name the call is given was assigned in the file (`endpoint text :=
/// 'https://…'`). A request that repeats is batch work: one inside a PL/pgSQL `LOOP` (`FOR r IN SELECT … LOOP`), in a
/// `cron.schedule(…)` command, or in a function of the file that a `cron.schedule` command calls.
///
/// Read only from `.sql` files holding an HTTP function's name and a catalogue keyword: one pass over the bytes, which
/// skips comments and reads string literals once.
enum SQLHTTPRequests {
    /// Whether the file at `path` is SQL whose requests are read here.
    static func isSQL(_ path: String) -> Bool {
        path.utf8.count > 4 && path.lowercased().hasSuffix(".sql")
    }

    /// The requests to paid hosts that `bytes` send, on every line.
    static func requests(in bytes: [UInt8], catalogue: CompiledCatalogue) -> [ShellRequest] {
        // Only a file calling one of the functions (`http_post(`, `http((…))`) and naming a catalogue keyword is read:
        // a schema dump's URLs in comments or a `stripe_customer_id` column alone are not enough.
        guard Self.callNeedles.contains(where: { ByteSearch.containsFolded(bytes, $0) }), catalogue.prefilter.firstMatch(bytes) != nil
        else { return [] }
        var reader = Reader(bytes: bytes)
        reader.read()
        var found: [ShellRequest] = []
        for call in reader.calls {
            guard let target = reader.paidTarget(of: call, catalogue: catalogue) else { continue }
            let reason: String?
            if call.inLoop {
                reason = "inside a PL/pgSQL loop"
            } else if call.inSchedule {
                reason = "runs on a pg_cron schedule"
            } else if let function = reader.function(enclosing: call.nameStart), reader.scheduledFunctions.contains(function) {
                reason = "runs on a pg_cron schedule (\(function))"
            } else {
                reason = nil
            }
            found.append(ShellRequest(
                line: reader.lineNumber(of: call.nameStart), column: call.nameStart - reader.lineStart(of: call.nameStart) + 1,
                provider: catalogue.providers[target.provider].id, evidence: target.evidence, batchReason: reason,
                sender: "SQL, through \(call.function)"))
        }
        return found
    }

    private static let callNeedles = ["http_", "http(", "http ("].map { Array($0.utf8) }

    /// One call of an HTTP function.
    struct Call {
        /// Where its name (its schema's, when qualified) starts.
        var nameStart: Int
        /// Its name as written, schema included (`net.http_post`).
        var function: String
        /// The HTTP method its name says (`post` of `http_post`), or nil for `http(…)`, whose request says it.
        var method: String?
        /// Its arguments, between its parentheses.
        var arguments: Range<Int>
        var inLoop: Bool
        var inSchedule: Bool
    }

    /// The functions whose calls send a request, by lowercased name: pg_net's and pgsql-http's.
    private static let requestFunctions: [String: String?] = [
        "http_post": "post", "http_get": "get", "http_put": "put", "http_patch": "patch", "http_delete": "delete",
        "http_head": "head", "http": nil,
    ]

    struct Reader {
        let bytes: [UInt8]
        private(set) var calls: [Call] = []
        /// String literals: their content ranges, in order.
        private(set) var literals: [Range<Int>] = []
        /// Names assigned a literal (`endpoint text := '…'`, `url => '…'`), lowercased: the literal's index.
        private(set) var assigned: [String: Int] = [:]
        /// Functions the file creates: lowercased name (without schema) and the span of their definition.
        private(set) var functions: [(name: String, span: Range<Int>)] = []
        /// Functions a `cron.schedule(…)` command of the file calls, lowercased, without schema.
        private(set) var scheduledFunctions: Set<String> = []
        private var lineStarts: [Int] = [0]

        init(bytes: [UInt8]) {
            self.bytes = bytes
            for (offset, byte) in bytes.enumerated() where byte == Byte.newline { lineStarts.append(offset + 1) }
        }

        /// Reads the file once: words, literals, comments skipped; calls, loops, schedules and functions noted.
        mutating func read() {
            var words: [(text: String, range: Range<Int>)] = []
            var loopDepth = 0
            // Open parentheses: whether each belongs to a `cron.schedule(` call.
            var parens: [Bool] = []
            var schedules = 0
            var pendingFunction: (name: String, start: Int)?
            // The tag of the dollar quote open (`$$`, `$body$`): a function's body, read as SQL.
            var dollarTag: ArraySlice<UInt8>?
            var cursor = 0
            while cursor < bytes.count {
                let byte = bytes[cursor]
                if byte == Byte.minus, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.minus {
                    while cursor < bytes.count, bytes[cursor] != Byte.newline { cursor += 1 }
                    continue
                }
                if byte == Byte.slash, cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.star {
                    cursor += 2
                    while cursor + 1 < bytes.count, !(bytes[cursor] == Byte.star && bytes[cursor + 1] == Byte.slash) { cursor += 1 }
                    cursor += 2
                    continue
                }
                if byte == Byte.apostrophe {
                    let start = cursor + 1
                    cursor = start
                    while cursor < bytes.count {
                        if bytes[cursor] == Byte.apostrophe {
                            if cursor + 1 < bytes.count, bytes[cursor + 1] == Byte.apostrophe { cursor += 2; continue }
                            break
                        }
                        cursor += 1
                    }
                    let literal = start..<min(cursor, bytes.count)
                    // A name given this literal: `endpoint text := '…'`, `endpoint := '…'`, `url => '…'`.
                    if let last = words.last, last.range.upperBound <= start, isAssignment(before: start) {
                        assigned[last.text] = literals.count
                        if words.count >= 2, lineNumber(of: words[words.count - 2].range.lowerBound) == lineNumber(of: last.range.lowerBound) {
                            assigned[words[words.count - 2].text] = literals.count
                        }
                    }
                    literals.append(literal)
                    if schedules > 0 { noteScheduledFunctions(in: literal) }
                    cursor += 1
                    continue
                }
                if Byte.isIdentifierStart(byte) {
                    let start = cursor
                    while cursor < bytes.count, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
                    let text = String(decoding: bytes[start..<cursor].map(Byte.lower), as: UTF8.self)
                    let previous = words.last?.text
                    words.append((text, start..<cursor))
                    if text == "loop" {
                        if previous == "end" { loopDepth = max(0, loopDepth - 1) } else { loopDepth += 1 }
                    }
                    if previous == "function" || previous == "procedure" {
                        pendingFunction = (text, words.count >= 3 ? words[words.count - 3].range.lowerBound : start)
                    } else if pendingFunction != nil, start > 0, bytes[start - 1] == Byte.dot, words.count >= 3,
                              words[words.count - 3].text == "function" || words[words.count - 3].text == "procedure"
                    {
                        // `create function public.embed_note()`: the name after the schema.
                        pendingFunction?.name = text
                    }
                    let open = nextNonSpace(from: cursor)
                    guard open < bytes.count, bytes[open] == Byte.openParen else { continue }
                    let qualifier = start > 0 && bytes[start - 1] == Byte.dot && words.count >= 2 ? words[words.count - 2] : nil
                    // A function a schedule's dollar-quoted command calls (`$$select label_one()$$`).
                    if schedules > 0 { scheduledFunctions.insert(text) }
                    if text == "schedule" || text == "schedule_in_database", qualifier?.text == "cron" {
                        parens.append(true)
                        schedules += 1
                        cursor = open + 1
                        continue
                    }
                    if let method = SQLHTTPRequests.requestFunctions[text], previous != "function", previous != "procedure",
                       let close = matchingParen(open)
                    {
                        calls.append(Call(
                            nameStart: qualifier?.range.lowerBound ?? start,
                            function: String(decoding: bytes[(qualifier?.range.lowerBound ?? start)..<cursor], as: UTF8.self),
                            method: method, arguments: (open + 1)..<close,
                            inLoop: loopDepth > 0, inSchedule: schedules > 0))
                    }
                    continue
                }
                if byte == Byte.dollar, let end = dollarTagEnd(cursor) {
                    let tag = bytes[cursor...end]
                    if dollarTag == nil { dollarTag = tag } else if dollarTag == tag { dollarTag = nil }
                    cursor = end + 1
                    continue
                }
                if byte == Byte.openParen {
                    parens.append(false)
                } else if byte == Byte.closeParen, let scheduled = parens.popLast(), scheduled {
                    schedules -= 1
                } else if byte == Byte.semicolon, dollarTag == nil, let pending = pendingFunction {
                    functions.append((pending.name, pending.start..<cursor))
                    pendingFunction = nil
                }
                cursor += 1
            }
            if let pending = pendingFunction { functions.append((pending.name, pending.start..<bytes.count)) }
        }

        /// The name of the function of the file whose definition holds `offset`.
        func function(enclosing offset: Int) -> String? {
            functions.last { $0.span.contains(offset) }?.name
        }

        /// The provider and evidence of the call's URL, or nil when it names no paid host, a free endpoint, or only
        /// reads from a payment provider.
        func paidTarget(of call: Call, catalogue: CompiledCatalogue) -> (provider: Int, evidence: String)? {
            var method = call.method
            var url: [UInt8]?
            var cursor = call.arguments.lowerBound
            while cursor < call.arguments.upperBound, url == nil {
                let byte = bytes[cursor]
                if byte == Byte.apostrophe, let index = literals.firstIndex(where: { $0.lowerBound == cursor + 1 }) {
                    let text = joined(from: index)
                    if method == nil, text.count <= 7, Self.httpMethods.contains(String(decoding: text.map(Byte.lower), as: UTF8.self)) {
                        method = String(decoding: text.map(Byte.lower), as: UTF8.self)
                    } else if HTTPRequestSites.host(in: text, 0..<text.count) != nil, text.contains(Byte.slash) {
                        url = text
                    }
                    cursor = literals[index].upperBound + 1
                    continue
                }
                if Byte.isIdentifierStart(byte) {
                    let start = cursor
                    while cursor < call.arguments.upperBound, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
                    let name = String(decoding: bytes[start..<cursor].map(Byte.lower), as: UTF8.self)
                    // A name given a URL elsewhere in the file (`endpoint` of `url := endpoint`), not a named
                    // argument's own name (`url` there).
                    let next = nextNonSpace(from: cursor)
                    let namesArgument = next + 1 < bytes.count
                        && ((bytes[next] == Byte.colon && bytes[next + 1] == Byte.equals) || (bytes[next] == Byte.equals && bytes[next + 1] == Byte.greater))
                    if !namesArgument, let index = assigned[name] {
                        let text = joined(from: index)
                        if HTTPRequestSites.host(in: text, 0..<text.count) != nil { url = text }
                    }
                    continue
                }
                cursor += 1
            }
            guard let url, url.count > 4, let (host, after) = HTTPRequestSites.host(in: url, 0..<url.count), host.contains(Byte.dot),
                  !HTTPRequestSites.isLocal(host), let provider = catalogue.provider(forHost: host[...])
            else { return nil }
            let path = String(decoding: url[after...].map(Byte.lower), as: UTF8.self)
            guard !HTTPRequestSites.isFreePath(path) else { return nil }
            // A payment provider bills the payment: a request that only reads is none.
            if catalogue.providers[provider].kind == .payments, method == "get" || method == "head" { return nil }
            return (provider, String(decoding: host, as: UTF8.self) + HTTPRequestSites.trimmedPath(path))
        }

        private static let httpMethods: Set<String> = ["get", "post", "put", "patch", "delete", "head"]

        /// The literal at `index` joined with the literals concatenated to it (`'https://api.openai.com' || '/v1/…'`).
        private func joined(from index: Int) -> [UInt8] {
            var text = Array(bytes[literals[index]])
            var next = index
            while next + 1 < literals.count {
                let gap = nextNonSpace(from: literals[next].upperBound + 1)
                guard gap + 1 < bytes.count, bytes[gap] == Byte.bar, bytes[gap + 1] == Byte.bar,
                      nextNonSpace(from: gap + 2) == literals[next + 1].lowerBound - 1
                else { break }
                next += 1
                text += bytes[literals[next]]
            }
            return text
        }

        /// Whether the text just before `offset` (a literal's opening quote's next byte) is `:=` or `=>`.
        private func isAssignment(before offset: Int) -> Bool {
            var cursor = offset - 2
            while cursor >= 0, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab || bytes[cursor] == Byte.newline { cursor -= 1 }
            guard cursor >= 1 else { return false }
            return (bytes[cursor - 1] == Byte.colon && bytes[cursor] == Byte.equals)
                || (bytes[cursor - 1] == Byte.equals && bytes[cursor] == Byte.greater)
        }

        /// The command string of a `cron.schedule(…)`: the functions it calls (`select public.embed_pending()`).
        private mutating func noteScheduledFunctions(in literal: Range<Int>) {
            var cursor = literal.lowerBound
            while cursor < literal.upperBound {
                guard Byte.isIdentifierPart(bytes[cursor]) else { cursor += 1; continue }
                let start = cursor
                while cursor < literal.upperBound, Byte.isIdentifierPart(bytes[cursor]) { cursor += 1 }
                if cursor < literal.upperBound, bytes[nextNonSpace(from: cursor)] == Byte.openParen {
                    scheduledFunctions.insert(String(decoding: bytes[start..<cursor].map(Byte.lower), as: UTF8.self))
                }
            }
        }

        /// The closing `$` of a dollar-quote tag opening at `start` (`$$`, `$body$`), or nil.
        private func dollarTagEnd(_ start: Int) -> Int? {
            var cursor = start + 1
            while cursor < bytes.count, cursor - start <= 32 {
                if bytes[cursor] == Byte.dollar { return cursor }
                guard Byte.isIdentifierPart(bytes[cursor]), !(cursor == start + 1 && bytes[cursor] >= UInt8(ascii: "0") && bytes[cursor] <= UInt8(ascii: "9")) else { return nil }
                cursor += 1
            }
            return nil
        }

        /// The `)` closing the `(` at `open`, past string literals and comments' parentheses; nil when unclosed.
        private func matchingParen(_ open: Int) -> Int? {
            var depth = 0
            var cursor = open
            while cursor < bytes.count {
                switch bytes[cursor] {
                case Byte.openParen: depth += 1
                case Byte.closeParen:
                    depth -= 1
                    if depth == 0 { return cursor }
                case Byte.apostrophe:
                    cursor += 1
                    while cursor < bytes.count, bytes[cursor] != Byte.apostrophe { cursor += 1 }
                default: break
                }
                cursor += 1
            }
            return nil
        }

        private func nextNonSpace(from offset: Int) -> Int {
            var cursor = offset
            while cursor < bytes.count, bytes[cursor] == Byte.space || bytes[cursor] == Byte.tab || bytes[cursor] == Byte.newline
                || bytes[cursor] == Byte.carriageReturn
            {
                cursor += 1
            }
            return cursor
        }

        func lineNumber(of offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low + 1
        }

        func lineStart(of offset: Int) -> Int { lineStarts[lineNumber(of: offset) - 1] }
    }
}
