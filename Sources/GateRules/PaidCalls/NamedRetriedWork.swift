import GateCode
import GateCore

/// The work a retry helper is handed by name rather than written inline, as the helpers' own docs write it:
/// `op := func() error { … }; backoff.Retry(op, b)`, `retry.Do(op, …)`, `const run = () => client.create(…);
/// pRetry(run, …)`, `pRetry(label.bind(null, text), …)`, `retry.Do(d.complete, …)`. The paid calls of that work
/// are retried as if written in the helper's arguments.
extension RetryScanner {
    /// The token ranges of the functions the arguments of a retry helper (`(` … `)`) name: a function literal
    /// assigned to the name before (`op := func…`, `const run = async () => …`, `run = lambda: …`), else a function
    /// of the file so named (a declaration, a method of the receiver or class: `d.complete`, `this.run`).
    func namedWork(inArguments arguments: ClosedRange<Int>) -> [ClosedRange<Int>] {
        guard lexed.token(arguments.lowerBound, isPunctuation: Byte.openParen), lexed.partner[arguments.lowerBound] == arguments.upperBound
        else { return [] }
        var result: [ClosedRange<Int>] = []
        var start = arguments.lowerBound + 1
        while start < arguments.upperBound {
            if let name = handedName(startingAt: start), let work = work(named: name, handedAt: start) {
                result.append(work)
            }
            // On to the next argument at this depth.
            var cursor = start
            while cursor < arguments.upperBound, !lexed.token(cursor, isPunctuation: Byte.comma) {
                cursor = isOpenBracket(cursor) && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
            }
            start = cursor + 1
        }
        return result
    }

    /// The name an argument starting at `start` hands over: `op`, `label` of `label.bind(null, text)`, `complete` of
    /// `this.complete`, `self.complete` or Go's `d.complete` (`d` the receiver of the method the argument is in).
    private func handedName(startingAt start: Int) -> Int? {
        guard isName(start) else { return nil }
        var name = start
        if lexed.token(start + 1, isPunctuation: Byte.dot), isName(start + 2),
           lexed.token(start, is: "this") || lexed.token(start, is: "self") || isGoReceiver(start)
        {
            name = start + 2
        }
        var end = name + 1
        if lexed.language.isJavaScriptLike, lexed.token(end, isPunctuation: Byte.dot), lexed.token(end + 1, is: "bind"),
           lexed.token(end + 2, isPunctuation: Byte.openParen), lexed.partner[end + 2] > end + 2
        {
            end = lexed.partner[end + 2] + 1
        }
        guard lexed.token(end, isPunctuation: Byte.comma) || lexed.token(end, isPunctuation: Byte.closeParen) else { return nil }
        return name
    }

    private func isGoReceiver(_ index: Int) -> Bool { lexed.isGoMethodReceiver(index) }

    /// The tokens of the work `name` (handed at `handed`) stands for: the latest function literal assigned to it in
    /// the enclosing function (or file) before, else the file's functions so named that do not hold the hand-over.
    private func work(named name: Int, handedAt handed: Int) -> ClosedRange<Int>? {
        let function = lexed.enclosingFunction(of: handed)
        let lowest = function >= 0 ? lexed.blocks[function].openToken : 0
        var cursor = handed - 1
        while cursor > lowest {
            if sameName(cursor, name), !lexed.token(cursor - 1, isPunctuation: Byte.dot), let literal = assignedFunctionLiteral(to: cursor) {
                return literal
            }
            cursor -= 1
        }
        let declared = lexed.blocks.indices.filter { block in
            lexed.blocks[block].kind == .function && !lexed.isToken(handed, inside: block)
                && lexed.blocks[block].nameRange.map { lexed.bytes[$0].elementsEqual(lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]) } == true
        }
        // One declared beside the hand-over (in the same function) before one declared anywhere else.
        let local = declared.filter { function >= 0 && lexed.blocks[$0].parent >= 0 && lexed.isToken(lexed.blocks[$0].openToken, inside: function) }
        guard let block = local.last ?? declared.first else { return nil }
        return lexed.statementSpan(of: block)
    }

    /// The tokens of a function literal assigned to the name at `target`: Go's `op := func() error { … }`, JavaScript's
    /// `const run = async (x) => { … }`, `= () => client.create(…)`, `= function () { … }`, Python's `= lambda: …`.
    private func assignedFunctionLiteral(to target: Int) -> ClosedRange<Int>? {
        var equals = target + 1
        if lexed.language == .go, lexed.token(equals, isPunctuation: Byte.colon) { equals += 1 }
        guard lexed.token(equals, isPunctuation: Byte.equals), !lexed.token(equals + 1, isPunctuation: Byte.equals) else { return nil }
        var value = equals + 1
        if lexed.token(value, is: "async") { value += 1 }
        if lexed.token(value, is: "func") || lexed.token(value, is: "function") {
            // The body is the first brace after the parameters and results.
            var cursor = value + 1
            while cursor < lexed.tokens.count, !lexed.token(cursor, isPunctuation: Byte.openBrace) {
                guard lexed.tokens[cursor].line - lexed.tokens[value].line < 4 else { return nil }
                cursor = (lexed.token(cursor, isPunctuation: Byte.openParen) || lexed.token(cursor, isPunctuation: Byte.openBracket))
                    && lexed.partner[cursor] > cursor ? lexed.partner[cursor] + 1 : cursor + 1
            }
            guard cursor < lexed.tokens.count, lexed.partner[cursor] > cursor else { return nil }
            return target...lexed.partner[cursor]
        }
        if lexed.language == .python {
            guard lexed.token(value, is: "lambda"),
                  let colon = (value..<min(value + 24, lexed.tokens.count)).first(where: { lexed.token($0, isPunctuation: Byte.colon) })
            else { return nil }
            return expressionEnd(from: colon + 1).map { target...$0 }
        }
        guard lexed.language.isJavaScriptLike else { return nil }
        // Parameters: `(…)` or one bare name, then `=>`.
        var arrow = value
        if lexed.token(value, isPunctuation: Byte.openParen), lexed.partner[value] > value {
            arrow = lexed.partner[value] + 1
            // A return type: `(): Promise<Message> =>`.
            if lexed.token(arrow, isPunctuation: Byte.colon) {
                while arrow < lexed.tokens.count, !lexed.token(arrow, is: "=>"), lexed.tokens[arrow].line == lexed.tokens[value].line { arrow += 1 }
            }
        } else if isName(value) {
            arrow = value + 1
        }
        guard lexed.token(arrow, is: "=>") else { return nil }
        if lexed.token(arrow + 1, isPunctuation: Byte.openBrace), lexed.partner[arrow + 1] > arrow + 1 {
            return target...lexed.partner[arrow + 1]
        }
        return expressionEnd(from: arrow + 1).map { target...$0 }
    }

    /// The last token of the expression of calls and member accesses starting at `start`
    /// (`await anthropic.messages.create({ … })`, `label(text)`): names joined by `.`/`?.`, each maybe called or indexed.
    private func expressionEnd(from start: Int) -> Int? {
        var cursor = start
        var end: Int?
        var expectsName = true
        while cursor < lexed.tokens.count {
            if expectsName, lexed.token(cursor, is: "await") || lexed.token(cursor, is: "new") {
                cursor += 1
            } else if expectsName, isName(cursor) {
                end = cursor
                expectsName = false
                cursor += 1
            } else if !expectsName, lexed.token(cursor, isPunctuation: Byte.dot) || lexed.token(cursor, is: "?.") {
                expectsName = true
                cursor += 1
            } else if !expectsName || cursor == start, isOpenBracket(cursor), !lexed.token(cursor, isPunctuation: Byte.openBrace),
                      lexed.partner[cursor] > cursor
            {
                end = lexed.partner[cursor]
                expectsName = false
                cursor = lexed.partner[cursor] + 1
            } else {
                break
            }
        }
        return end
    }

    private static let retryWord = Array("retry".utf8), backoffWord = Array("backoff".utf8)

    /// Python's retry decorators applied by a call rather than an `@`: `summarize_with_retry =
    /// retry(stop=stop_after_attempt(8))(summarize)`, backoff's `backoff.on_exception(backoff.expo, Exception,
    /// max_tries=8)(call_model)`, tenacity's `Retrying(stop=…)(summarize, text)` and a retryer kept in a name
    /// (`retryer = Retrying(…)` … `retryer(summarize, text)`). Their attempts are read as the decorator's; the retried
    /// work is what the second call is handed.
    func pythonRetryCalls() -> [RetryConstruct] {
        guard ByteSearch.containsFolded(lexed.bytes, RetryScanner.retryWord) || ByteSearch.containsFolded(lexed.bytes, RetryScanner.backoffWord)
        else { return [] }
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "retry") || lexed.token(index, is: "Retrying")
            || lexed.token(index, is: "AsyncRetrying") || lexed.token(index, is: "on_exception") || lexed.token(index, is: "on_predicate")
        {
            let open = index + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
            let options = open...lexed.partner[open]
            let line = lexed.tokens[index].line
            if lexed.token(index, is: "on_exception") || lexed.token(index, is: "on_predicate") {
                // `backoff.on_exception(…)(work)`; `@backoff.on_exception(…)` is a decorator.
                let applied = options.upperBound + 1
                guard lexed.token(applied, isPunctuation: Byte.openParen), lexed.partner[applied] > applied else { continue }
                var first = index
                while first >= 2, lexed.token(first - 1, isPunctuation: Byte.dot), isName(first - 2) { first -= 2 }
                if lexed.token(first - 1, isPunctuation: Byte.at) { continue }
                if let construct = backoffDecorator(index, arguments: options, line: line, scope: applied...lexed.partner[applied]) {
                    result.append(construct)
                }
                continue
            }
            if lexed.token(index, is: "retry") {
                // `retry(…)(work)`; `@retry(…)` is a decorator, `self.retry(…)` Celery's.
                let applied = options.upperBound + 1
                guard !lexed.token(index - 1, isPunctuation: Byte.at), lexed.token(applied, isPunctuation: Byte.openParen),
                      lexed.partner[applied] > applied
                else { continue }
                var first = index
                while first >= 2, lexed.token(first - 1, isPunctuation: Byte.dot), isName(first - 2) { first -= 2 }
                if lexed.token(first, is: "self") { continue }
                if let construct = retryDecorator(library: retryLibrary(first: first, last: index), arguments: options, line: line,
                                                  scope: applied...lexed.partner[applied])
                {
                    result.append(construct)
                }
                continue
            }
            // tenacity's retryer: `Retrying(…)(work, …)`, or called by the name it is kept in.
            let attempts: Int?
            var kind = "tenacity \(lexed.text(index))"
            if let stop = options.first(where: { lexed.token($0, is: "stop") && lexed.token($0 + 1, isPunctuation: Byte.equals) }) {
                switch RetryScanner.tenacityStop(lexed, in: stop...options.upperBound) {
                case .attempts(let count): attempts = count
                case .timeOnly(let stop):
                    attempts = nil
                    kind += stop == "stop_never" ? " (stop_never)" : " bounded by time only (\(stop))"
                case .unread: continue
                }
            } else {
                attempts = nil
            }
            var calls: [Int] = []
            if lexed.token(options.upperBound + 1, isPunctuation: Byte.openParen) { calls.append(options.upperBound + 1) }
            if index >= 2, lexed.token(index - 1, isPunctuation: Byte.equals), isName(index - 2) {
                // `retryer(work, …)`, `retryer.wraps(work)` later in the same function (or module).
                let function = lexed.enclosingFunction(of: index)
                let end = function >= 0 ? lexed.blocks[function].endToken : lexed.tokens.count - 1
                for cursor in (options.upperBound + 1)..<max(options.upperBound + 1, end) where sameName(cursor, index - 2)
                    && !lexed.token(cursor - 1, isPunctuation: Byte.dot)
                {
                    if lexed.token(cursor + 1, isPunctuation: Byte.openParen) {
                        calls.append(cursor + 1)
                    } else if lexed.token(cursor + 1, isPunctuation: Byte.dot), lexed.token(cursor + 2, is: "wraps") || lexed.token(cursor + 2, is: "call"),
                              lexed.token(cursor + 3, isPunctuation: Byte.openParen)
                    {
                        calls.append(cursor + 3)
                    }
                }
            }
            for call in calls where lexed.partner[call] > call {
                // Reported where the work is handed over; a change to the retryer's stop alone is one too.
                var construct = RetryConstruct(kind: kind, line: lexed.tokens[call].line, scope: call...lexed.partner[call], attempts: attempts)
                if construct.line != line { construct.settingLines = [line] }
                result.append(construct)
            }
        }
        return result
    }

    private func isName(_ index: Int) -> Bool { index >= 0 && index < lexed.tokens.count && lexed.tokens[index].kind == .identifier }

    private func isOpenBracket(_ index: Int) -> Bool {
        lexed.token(index, isPunctuation: Byte.openParen) || lexed.token(index, isPunctuation: Byte.openBracket)
            || lexed.token(index, isPunctuation: Byte.openBrace)
    }

    private func sameName(_ a: Int, _ b: Int) -> Bool {
        guard isName(a), isName(b) else { return false }
        return lexed.bytes[lexed.tokens[a].start..<lexed.tokens[a].end].elementsEqual(lexed.bytes[lexed.tokens[b].start..<lexed.tokens[b].end])
    }
}

extension LexedSource {
    /// Whether `index` names the receiver of the Go method it is in (`d` of `func (d *Digester) Digest(…)`), maybe
    /// from a function literal inside it: `d.complete(ctx, text)` calls a method of the file as `this.complete` does.
    func isGoMethodReceiver(_ index: Int) -> Bool {
        guard language == .go, index >= 0, index < tokens.count, tokens[index].kind == .identifier else { return false }
        var function = enclosingFunction(of: index)
        while function >= 0 {
            let header = blocks[function].headerStart
            if token(header, is: "func"), token(header + 1, isPunctuation: Byte.openParen), header + 2 < tokens.count,
               tokens[header + 2].kind == .identifier
            {
                return bytes[tokens[header + 2].start..<tokens[header + 2].end].elementsEqual(bytes[tokens[index].start..<tokens[index].end])
            }
            // A function literal (`op := func() error {`): the method it is written in.
            var parent = blocks[function].parent
            while parent >= 0, blocks[parent].kind != .function { parent = blocks[parent].parent }
            function = parent
        }
        return false
    }
}
