/// A C-like loop whose body is one statement without braces: `for (const doc of docs) await summarize(doc);`,
/// `foreach ($items as $item) $client->chat()->create([...]);`, `do attempt++; while (!done);`. A braced body is a
/// block of kind `.loop`; this body is not a block, so its tokens belong to the block the loop is written in.
public struct StatementLoop: Sendable, Equatable {
    /// Token index of the loop's keyword (`for`, `while`, `foreach`, `do`).
    public var keyword: Int
    /// The tokens that decide how often the body runs: `for (…)`, `while (…)`, `foreach (…)`, or a `do` loop's
    /// trailing `while (…)`.
    public var header: ClosedRange<Int>
    /// The body statement's tokens, through its `;` when it has one.
    public var body: ClosedRange<Int>
}

/// Something that encloses a token: a block, or a statement loop (an index into `LexedSource.statementLoops`).
public enum Enclosure: Hashable, Sendable {
    case block(Int)
    case statementLoop(Int)
}

extension LexedSource {
    /// Visits what encloses token `index`, innermost first: its blocks and the statement loops whose bodies hold
    /// it, in nesting order. `visit` returns false to stop.
    public func visitEnclosures(of index: Int, _ visit: (Enclosure) -> Bool) {
        var block = tokens[index].block
        // Statement loops are in keyword order, and one that holds the token opens after every block around it
        // that holds the loop, before every block it holds: merged with the block chain by where each opens.
        var loop = statementLoops.isEmpty ? -1 : statementLoops.partitionPoint { $0.keyword < index } - 1
        while true {
            while loop >= 0, !statementLoops[loop].body.contains(index) { loop -= 1 }
            if loop < 0, block < 0 { return }
            if loop >= 0, block < 0 || statementLoops[loop].keyword > blocks[block].openToken {
                guard visit(.statementLoop(loop)) else { return }
                loop -= 1
            } else {
                guard visit(.block(block)) else { return }
                block = blocks[block].parent
            }
        }
    }

    /// Where an enclosure starts: a block's opening token, a statement loop's keyword.
    public func opening(of enclosure: Enclosure) -> Int {
        switch enclosure {
        case .block(let block): blocks[block].openToken
        case .statementLoop(let loop): statementLoops[loop].keyword
        }
    }

    /// The `return` whose value is the call whose member chain starts at token `start` (`return client.create(…)`,
    /// `return await openai.chat.completions.create(…)`), if it is one.
    public func returnOfValue(startingAt start: Int) -> Int? {
        let before = token(start - 1, is: "await") ? start - 2 : start - 1
        return token(before, is: "return") ? before : nil
    }

    /// Whether an enclosure is a loop: a statement loop, or a block of kind `.loop`.
    public func isLoop(_ enclosure: Enclosure) -> Bool {
        switch enclosure {
        case .block(let block): blocks[block].kind == .loop && !isMessageLoop(block)
        case .statementLoop: true
        }
    }

    /// A WebSocket's message loop: `while True: text = await ws.receive_text()`, `async for text in
    /// ws.iter_text():`. It runs its body once per message a client sends, as a route runs once per request: what
    /// it calls is spent per request, not over a batch of items. Read from the loop's header and its first tokens.
    private func isMessageLoop(_ block: Int) -> Bool {
        let open = blocks[block].openToken
        // Node: `for await (const message of ws) { … }` over a WebSocket.
        if language.isJavaScriptLike, token(blocks[block].headerStart, is: "for"), webSocketIterated(byLoopOpening: open) != nil {
            return true
        }
        let start = max(0, min(blocks[block].headerStart, open))
        let end = min(tokens.count - 1, open + 24, max(open, blocks[block].endToken))
        guard start <= end else { return false }
        for index in start...end where tokens[index].kind == .identifier
            && Self.messageReads.contains(bytes[tokens[index].start..<tokens[index].end])
        {
            return true
        }
        return false
    }

    /// The WebSocket a Node `for await` loop whose body opens at `open` iterates for its messages: `ws` of `for await
    /// (const message of ws) {`, or of `for await (const [data] of on(ws, "message")) {` (`node:events`' `on`).
    public func webSocketIterated(byLoopOpening open: Int) -> Int? {
        guard open >= 4, token(open - 1, isPunctuation: Byte.closeParen) else { return nil }
        let header = partner[open - 1]
        guard header >= 2, token(header - 1, is: "await"), token(header - 2, is: "for") else { return nil }
        var iterated = open - 2
        if token(iterated, isPunctuation: Byte.closeParen), partner[iterated] > header + 1, token(partner[iterated] - 1, is: "on"),
           token(partner[iterated] - 2, is: "of")
        {
            iterated = partner[iterated] + 1
        } else if !token(iterated - 1, is: "of") {
            return nil
        }
        guard tokens.indices.contains(iterated), tokens[iterated].kind == .identifier,
              Self.socketNames.contains(bytes[tokens[iterated].start..<tokens[iterated].end])
        else { return nil }
        return iterated
    }

    /// What a Node WebSocket is called, iterated for its messages.
    private static let socketNames = WordSet(["ws", "socket", "websocket", "webSocket", "client", "conn", "connection"])

    /// What reads a WebSocket's next message (Starlette's and FastAPI's `WebSocket`).
    private static let messageReads = WordSet([
        "receive_text", "receive_json", "receive_bytes", "iter_text", "iter_json", "iter_bytes",
    ])

    /// Calls that register a callback for events rather than run it: routes, bot commands, event listeners.
    private static let registrations = WordSet([
        "Handle", "HandleFunc", "handle", "Handler", "on", "On", "once", "addEventListener", "addListener", "command",
        "Command", "hears", "action", "subscribe", "Subscribe", "AddHandler", "add_handler", "add_command",
        "message_handler", "route", "Route", "get", "post", "put", "patch", "delete", "Get", "Post", "Put", "Patch",
        "Delete", "GET", "POST", "PUT", "PATCH", "DELETE",
    ])

    /// Whether function block `block` is an argument of a call that registers it (`bot.Handle(cmd, func(…) {…})`):
    /// registered inside a loop, it runs once per event it is registered for, not once per pass.
    public func isRegisteredCallback(_ block: Int) -> Bool {
        let header = blocks[block].headerStart
        guard header >= 0, header < tokens.count else { return false }
        let arguments = tokens[header].block
        guard arguments >= 0, blocks[arguments].opener == .paren else { return false }
        let callee = blocks[arguments].openToken - 1
        return callee >= 0 && tokens[callee].kind == .identifier
            && Self.registrations.contains(bytes[tokens[callee].start..<tokens[callee].end])
    }

    /// The tokens of a loop's body (of a block, its span).
    public func body(of enclosure: Enclosure) -> ClosedRange<Int> {
        switch enclosure {
        case .block(let block): span(of: block)
        case .statementLoop(let loop): statementLoops[loop].body
        }
    }

    /// Every loop of the file: its loop blocks, then its statement loops.
    public var loops: [Enclosure] {
        blocks.indices.filter { blocks[$0].kind == .loop }.map(Enclosure.block)
            + statementLoops.indices.map(Enclosure.statementLoop)
    }
}

// MARK: Finding them

extension SourceLanguage {
    /// Languages whose loops may have a body without braces (Go, Rust and Swift require braces; Python and Ruby
    /// delimit bodies otherwise).
    var hasStatementLoops: Bool {
        switch self {
        case .javascript, .typescript, .java, .kotlin, .csharp, .php: true
        default: false
        }
    }
}

extension LexedSource {
    /// Reads the statement loops from the header parentheses the lexer noted (each `(` after `for`, `while` or
    /// `foreach`): once per file, after lexing, so that every question about loops is a lookup.
    mutating func resolveStatementLoops(headerParens: [Int]) {
        var found: [StatementLoop] = []
        for open in headerParens {
            let close = partner[open]
            guard close > open, close + 1 < tokens.count else { continue }
            let keyword = token(open - 1, is: "await") ? open - 2 : open - 1
            if token(keyword, is: "while") {
                // `} while (…)` closing a braced `do`: no loop of its own.
                if token(keyword - 1, isPunctuation: Byte.closeBrace), partner[keyword - 1] >= 0,
                   token(partner[keyword - 1] - 1, is: "do")
                {
                    continue
                }
                if token(close + 1, isPunctuation: Byte.semicolon) {
                    if let loop = doLoop(tail: keyword, close: close) { found.append(loop) }
                    continue
                }
            }
            var first = close + 1
            if token(first, isPunctuation: Byte.openBrace) || token(first, isPunctuation: Byte.semicolon) { continue }
            let end: Int?
            if language == .php, token(first, isPunctuation: Byte.colon) {
                end = alternativeSyntaxEnd(from: first)
                first += 1
            } else {
                end = statementEnd(from: first, depth: 0)
            }
            guard let end, end >= first else { continue }
            found.append(StatementLoop(keyword: keyword, header: keyword...close, body: first...end))
        }
        found.sort { $0.keyword < $1.keyword }
        statementLoops = found
        if !found.isEmpty { unmarkBracesOfStatementBodies() }
    }

    /// The lexer reads a loop keyword anywhere in a brace's header (`for (x of xs) if (x.ok) {`, `while (true)
    /// try {`) as making the brace a loop body; when that keyword is a statement loop's, the brace is only part
    /// of its body, which the statement loop now covers whole (a retry loop's `catch` included).
    private mutating func unmarkBracesOfStatementBodies() {
        let keywords = Set(statementLoops.map(\.keyword))
        for index in blocks.indices where blocks[index].kind == .loop && blocks[index].opener == .brace {
            let open = blocks[index].openToken
            // A brace opened by an iteration (`items.forEach {`) is a loop of its own.
            if open > 0, tokens[open - 1].kind == .identifier,
               IterationNames.contains(bytes[tokens[open - 1].start..<tokens[open - 1].end])
            {
                continue
            }
            let nearest = (blocks[index].headerStart..<open).last { cursor in
                tokens[cursor].kind == .identifier && LoopKeywords.contains(bytes[tokens[cursor].start..<tokens[cursor].end])
            }
            if let nearest, keywords.contains(nearest) { blocks[index].kind = .other }
        }
    }

    /// `do attempt++; while (…);`: the loop whose trailing `while` is at `tail`, when a brace-less `do` body
    /// ends just before it.
    private func doLoop(tail: Int, close: Int) -> StatementLoop? {
        guard token(tail - 1, isPunctuation: Byte.semicolon) else { return nil }
        var cursor = tail - 2
        var steps = 0
        while cursor >= 0, steps < 200 {
            steps += 1
            let candidate = tokens[cursor]
            if candidate.kind == .punctuation {
                if partner[cursor] >= 0, partner[cursor] < cursor {
                    cursor = partner[cursor] - 1
                    continue
                }
                // An unmatched opening bracket is the enclosing block's; a `;` ends an earlier statement.
                if token(cursor, isPunctuation: Byte.semicolon) || partner[cursor] > cursor || partner[cursor] < 0
                    && (token(cursor, isPunctuation: Byte.openBrace) || token(cursor, isPunctuation: Byte.openParen))
                {
                    return nil
                }
            } else if token(cursor, is: "do"), !token(cursor - 1, isPunctuation: Byte.dot) {
                guard statementEnd(from: cursor + 1, depth: 0) == tail - 1 else { return nil }
                return StatementLoop(keyword: cursor, header: tail...close, body: (cursor + 1)...(tail - 1))
            }
            cursor -= 1
        }
        return nil
    }

    /// PHP's `foreach ($items as $item): … endforeach;`: the last token before the matching `end…` keyword.
    private func alternativeSyntaxEnd(from colon: Int) -> Int? {
        var depth = 1
        var cursor = colon + 1
        while cursor < tokens.count {
            if token(cursor, is: "endforeach") || token(cursor, is: "endfor") || token(cursor, is: "endwhile") {
                depth -= 1
                if depth == 0 { return cursor - 1 }
            } else if token(cursor, isPunctuation: Byte.colon), token(cursor - 1, isPunctuation: Byte.closeParen),
                      partner[cursor - 1] > 0
            {
                // A nested loop in the same syntax: `foreach (…):`.
                let opener = partner[cursor - 1] - 1
                if token(opener, is: "foreach") || token(opener, is: "for") || token(opener, is: "while") { depth += 1 }
            }
            cursor += 1
        }
        return nil
    }

    /// Statements that hold a statement of their own after a parenthesised part.
    private static let compoundKeywords = WordSet(["if", "for", "while", "foreach", "using", "lock", "fixed", "synchronized"])

    /// The last token of the statement starting at token `start`: through its `;`, through a nested `if`/`for`
    /// body (and an `else`), a braced block or `try`, or, where semicolons are optional, to the end of its line
    /// unless the line goes on (an operator ends it, or the next one starts with `.`). Nil when there is none.
    private func statementEnd(from start: Int, depth: Int) -> Int? {
        guard start < tokens.count, depth < 16 else { return nil }
        let first = tokens[start]
        if first.kind == .punctuation {
            if token(start, isPunctuation: Byte.semicolon) { return start }
            if token(start, isPunctuation: Byte.openBrace) { return partner[start] > start ? partner[start] : nil }
            if token(start, isPunctuation: Byte.closeBrace) || token(start, isPunctuation: Byte.closeParen)
                || token(start, isPunctuation: Byte.closeBracket)
            {
                return nil
            }
        }
        if first.kind == .identifier {
            if Self.compoundKeywords.contains(bytes[first.start..<first.end]) {
                let open = token(start + 1, is: "await") ? start + 2 : start + 1
                guard token(open, isPunctuation: Byte.openParen), partner[open] > open,
                      var end = statementEnd(from: partner[open] + 1, depth: depth + 1)
                else { return nil }
                if token(start, is: "if"), token(end + 1, is: "else") {
                    end = statementEnd(from: end + 2, depth: depth + 1) ?? end
                }
                return end
            }
            if token(start, is: "do") {
                guard let body = statementEnd(from: start + 1, depth: depth + 1), token(body + 1, is: "while"),
                      token(body + 2, isPunctuation: Byte.openParen), partner[body + 2] > body + 2
                else { return nil }
                let close = partner[body + 2]
                return token(close + 1, isPunctuation: Byte.semicolon) ? close + 1 : close
            }
            if token(start, is: "try"), token(start + 1, isPunctuation: Byte.openBrace), partner[start + 1] > start + 1 {
                var end = partner[start + 1]
                while token(end + 1, is: "catch") || token(end + 1, is: "finally") {
                    var next = end + 2
                    if token(next, isPunctuation: Byte.openParen), partner[next] > next { next = partner[next] + 1 }
                    guard token(next, isPunctuation: Byte.openBrace), partner[next] > next else { break }
                    end = partner[next]
                }
                return end
            }
        }
        let endsAtLine = !language.requiresSemicolons
        var cursor = start
        while cursor < tokens.count {
            let current = tokens[cursor]
            if current.kind == .punctuation, current.end - current.start == 1 {
                let byte = bytes[current.start]
                if byte == Byte.semicolon { return cursor }
                if byte == Byte.closeBrace || byte == Byte.closeParen || byte == Byte.closeBracket {
                    // The enclosing block or group closes: the statement ended before it.
                    return cursor > start ? cursor - 1 : nil
                }
                if byte == Byte.openBrace || byte == Byte.openParen || byte == Byte.openBracket {
                    guard partner[cursor] > cursor else { return nil }
                    cursor = partner[cursor]
                }
            }
            if endsAtLine, cursor + 1 < tokens.count, tokens[cursor + 1].line > tokens[cursor].line,
               !lineGoesOn(after: cursor)
            {
                return cursor
            }
            cursor += 1
        }
        return tokens.count - 1
    }

    /// Whether the statement whose line ends at token `index` goes on to the next line: the line ends in an
    /// operator (but not `i++`), or the next starts with a member access or an operator that cannot start one.
    private func lineGoesOn(after index: Int) -> Bool {
        let last = tokens[index]
        if last.kind == .punctuation, partner[index] < 0 {
            let byte = bytes[last.start]
            let postfix = (byte == Byte.plus || byte == Byte.minus) && token(index - 1, isPunctuation: byte)
            if !postfix, Self.continuesExpression(byte) { return true }
        }
        let next = tokens[index + 1]
        guard next.kind == .punctuation else { return false }
        let byte = bytes[next.start]
        return byte == Byte.dot || byte == Byte.question || byte == Byte.colon || byte == Byte.ampersand
            || byte == Byte.bar || byte == Byte.equals || byte == Byte.comma || byte == Byte.star
    }

    /// Whether an operator starting with `byte` leaves an expression unfinished at a line's end (`!` does not:
    /// Kotlin's `x!!` and TypeScript's `x!` end expressions).
    private static func continuesExpression(_ byte: UInt8) -> Bool {
        switch byte {
        case Byte.dot, Byte.comma, Byte.equals, Byte.plus, Byte.minus, Byte.star, Byte.slash, Byte.percent,
             Byte.ampersand, Byte.bar, Byte.question, Byte.colon, Byte.less, Byte.greater: true
        default: false
        }
    }
}
