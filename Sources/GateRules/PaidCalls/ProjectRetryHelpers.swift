import GateCode
import GateCore

/// A project's own retry helper handed the paid work as a callback: `withRetry(() => openai.chat.completions.create(…))`
/// where `withRetry` (in the file or another of the project) calls the function it is given in a hand-written retry
/// loop (`for (;;) { try { return await fn() } catch { await sleep(delay) } }`). The paid call in the callback is
/// retried as if the loop were written around it, with the loop's bound: a counted helper (`for (let i = 0; i <
/// retries; i++)`) as a counted inline loop, its bound a parameter's default unless the call passes a number.
/// Library helpers (p-retry, async-retry) are read by their names (`RetryScanner.cLikeRetries`); this reads
/// the helper's body, so its name does not matter. JavaScript and TypeScript.
enum ProjectRetryHelpers {
    /// The retry constructs of the file's calls that hand work holding one of `paidTokens` (ascending) to a
    /// project function retrying one of its parameters in a loop. Only calls whose arguments hold paid work are
    /// resolved, so a file without paid calls costs nothing.
    static func constructs(lexed: LexedSource, facts: FileFacts, code: CodeIndex, paidTokens: [Int]) -> [RetryConstruct] {
        guard lexed.language.isJavaScriptLike, !paidTokens.isEmpty else { return [] }
        var result: [RetryConstruct] = []
        for call in facts.calls {
            let open = call.token + 1
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open + 1 else { continue }
            let arguments = open...lexed.partner[open]
            // Paid work in the arguments, inside a function handed over (`() => …`, `async () => …`, `function () { … }`).
            let first = paidTokens.partitionPoint { $0 <= open }
            guard first < paidTokens.count, paidTokens[first] < arguments.upperBound,
                  handsFunction(lexed, arguments: arguments)
            else { continue }
            for target in code.resolve(call, in: facts).targets {
                guard let helper = code.lexedFile(target.path),
                      let retry = retryLoop(in: helper, definition: target.definition)
                else { continue }
                var attempts = retry.attempts
                // A bound a parameter gives (`retries = 3`): the number the call passes in its place, if it passes one.
                if let bound = retry.boundParameter, let attemptsWithDefault = attempts,
                   let passed = integerArgument(lexed, arguments: arguments, position: bound.position)
                {
                    attempts = max(1, attemptsWithDefault - bound.defaultValue + passed)
                }
                result.append(RetryConstruct(
                    kind: "\(call.name)() (a retry loop at \(target.path):\(retry.line))", line: call.line, scope: arguments,
                    attempts: attempts))
                break
            }
        }
        return result
    }

    /// A helper's retry loop around a call of one of its parameters: the loop's first line, the attempts it allows
    /// (nil: no bound), and the parameter (its position and default) the loop's header counts up to, if any.
    struct HelperLoop {
        var line: Int
        var attempts: Int?
        var boundParameter: (position: Int, defaultValue: Int)?
    }

    /// The retry loop of the function `definition` names in `lexed` that calls one of the function's parameters.
    static func retryLoop(in lexed: LexedSource, definition: Definition) -> HelperLoop? {
        guard let function = lexed.blocks.indices.first(where: { block in
            lexed.blocks[block].kind == .function && lexed.statementSpan(of: block) == definition.tokens
        }) else { return nil }
        let block = lexed.blocks[function]
        let parameters = parameterNames(lexed, header: block.headerStart..<block.openToken)
        guard !parameters.isEmpty else { return nil }
        for loop in lexed.loops {
            let body = lexed.body(of: loop)
            guard lexed.enclosingFunction(of: body.lowerBound) == function,
                  let attempts = RetryScanner.retryLoopAttempts(lexed, loop: loop),
                  body.contains(where: { index in
                      lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen)
                          && !lexed.token(index - 1, isPunctuation: Byte.dot) && parameters.contains { $0.name == lexed.text(index) }
                  })
            else { continue }
            let start: Int
            let header: Range<Int>
            switch loop {
            case .block(let index):
                start = lexed.blocks[index].headerStart
                header = start..<lexed.blocks[index].openToken
            case .statementLoop(let index):
                start = lexed.statementLoops[index].keyword
                header = start..<(lexed.statementLoops[index].header.upperBound + 1)
            }
            var bound: (position: Int, defaultValue: Int)?
            for index in header where lexed.tokens[index].kind == .identifier {
                if let parameter = parameters.first(where: { $0.name == lexed.text(index) }), let value = parameter.defaultValue {
                    bound = (parameter.position, value)
                    break
                }
            }
            return HelperLoop(line: lexed.tokens[start].line, attempts: attempts, boundParameter: bound)
        }
        return nil
    }

    /// The parameters of a JavaScript function from its header (`function withRetry<T>(fn: () => Promise<T>, retries
    /// = 3)`, `const withRetry = async (fn, { retries } = {}) =>`): the names at the list's top level with their
    /// position and integer default. The list is the header's last top-level parentheses before the body.
    private static func parameterNames(_ lexed: LexedSource, header: Range<Int>) -> [(name: String, position: Int, defaultValue: Int?)] {
        guard let close = header.reversed().first(where: { index in
            lexed.token(index, isPunctuation: Byte.closeParen) && lexed.partner[index] >= header.lowerBound && lexed.partner[index] < index
        }) else { return [] }
        let open = lexed.partner[close]
        var result: [(name: String, position: Int, defaultValue: Int?)] = []
        var position = 0
        var expectsName = true
        var cursor = open + 1
        while cursor < close {
            if lexed.token(cursor, isPunctuation: Byte.comma) {
                position += 1
                expectsName = true
            } else if expectsName, lexed.tokens[cursor].kind == .identifier {
                result.append((lexed.text(cursor), position, lexed.assignedInteger(after: cursor + 1)))
                expectsName = false
            } else if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor {
                // A destructured parameter or a type's brackets: nothing here names a callable parameter.
                expectsName = false
                cursor = lexed.partner[cursor]
            } else if !lexed.token(cursor, isPunctuation: Byte.dot) {
                expectsName = false
            }
            cursor += 1
        }
        return result
    }

    /// Whether the call's arguments start with a function literal: `() => …`, `async () => …`, `(x) => …`, `function
    /// () { … }` — the work the helper is handed.
    private static func handsFunction(_ lexed: LexedSource, arguments: ClosedRange<Int>) -> Bool {
        var cursor = arguments.lowerBound + 1
        if lexed.token(cursor, is: "async") { cursor += 1 }
        if lexed.token(cursor, is: "function") { return true }
        if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
            return lexed.token(lexed.partner[cursor] + 1, is: "=>")
        }
        return lexed.tokens[cursor].kind == .identifier && lexed.token(cursor + 1, is: "=>")
    }

    /// The integer literal a call passes at argument `position`, if it passes one there.
    private static func integerArgument(_ lexed: LexedSource, arguments: ClosedRange<Int>, position: Int) -> Int? {
        var current = 0
        var cursor = arguments.lowerBound + 1
        var start = cursor
        while cursor < arguments.upperBound {
            if lexed.token(cursor, isPunctuation: Byte.comma) {
                if current == position { break }
                current += 1
                start = cursor + 1
            } else if lexed.tokens[cursor].kind == .punctuation, lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor]
            }
            cursor += 1
        }
        guard current == position, cursor == start + 1 || lexed.token(start + 1, isPunctuation: Byte.comma)
            || lexed.token(start + 1, isPunctuation: Byte.closeParen)
        else { return nil }
        return lexed.integer(start)
    }
}
