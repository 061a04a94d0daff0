import GateCode
import GateCore

/// Inngest retries a failed function, and each of its steps, 4 times after the first attempt unless the function's
/// options say otherwise (`retries: 10`, `retries: 0` for none): a function doing paid work with no `retries` of its
/// own is attempted 5 times, as Sidekiq's default of 25 retries is reported for a worker that sets none. Read in the
/// three SDKs' spellings: TypeScript `inngest.createFunction({ id, retries }, trigger, handler)` (v3; v4 moves the
/// trigger into the options), Python `@client.create_function(fn_id=…, retries=N)` over the function, and Go
/// `inngestgo.CreateFunction(client, inngestgo.FunctionOpts{ID: …, Retries: inngestgo.IntPtr(N)}, trigger, handler)`.
/// A count the file does not give as a number (`retries: config.retries`) is left alone.
extension RetryScanner {
    /// What Inngest gives a function that sets no retries: 4 retries, 5 attempts.
    static let inngestDefaultAttempts = 5
    private static let inngestWord = Array("inngest".utf8)

    func inngestRetries() -> [RetryConstruct] {
        // The SDK or the project's client is imported at the top (`import { inngest } from "./client"`, `import inngest`).
        guard ByteSearch.containsFolded(lexed.bytes, Self.inngestWord, within: 4_096) else { return [] }
        switch lexed.language.family {
        case .python: return pythonInngestFunctions()
        case .cLike where lexed.language.isJavaScriptLike || lexed.language == .go: return cLikeInngestFunctions()
        default: return []
        }
    }

    /// `inngest.createFunction(options, …)` (TypeScript) and `inngestgo.CreateFunction(client, opts, …)` (Go).
    private func cLikeInngestFunctions() -> [RetryConstruct] {
        let go = lexed.language == .go
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index, is: go ? "CreateFunction" : "createFunction")
            && lexed.token(index - 1, isPunctuation: Byte.dot) && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 1
        {
            let arguments = (index + 1)...lexed.partner[index + 1]
            // The options are the first argument in TypeScript, the composite literal after the client in Go.
            let options: ClosedRange<Int>? = go
                ? arguments.first(where: { lexed.token($0, is: "FunctionOpts") }).flatMap { name in
                    lexed.token(name + 1, isPunctuation: Byte.openBrace) && lexed.partner[name + 1] > name + 1
                        ? (name + 1)...lexed.partner[name + 1] : nil
                }
                : lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
                    ? (index + 2)...lexed.partner[index + 2] : nil
            let setting = options.flatMap { range in
                range.first { cursor in
                    lexed.token(cursor, is: go ? "Retries" : "retries") && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                        && isTopLevel(cursor, inGroupOpenedAt: range.lowerBound)
                }
            }
            // Go takes a pointer (`inngestgo.IntPtr(10)`, `inngest.IntPtr(10)`): the number inside it.
            let value = setting.map { go && lexed.token($0 + 3, isPunctuation: Byte.dot) ? $0 + 6 : $0 + 2 }
            if let construct = inngestConstruct(
                retriesAt: value, made: index, scope: handlerScope(lastArgumentOf: arguments) ?? arguments)
            {
                result.append(construct)
            }
        }
        return result
    }

    /// The retries of a function whose `retries` value is the token at `value` (nil: the function sets none, and
    /// Inngest's default applies), made by the call at `made`; nil when the value is not a number the file gives.
    private func inngestConstruct(retriesAt value: Int?, made: Int, scope: ClosedRange<Int>) -> RetryConstruct? {
        guard let value else {
            return RetryConstruct(
                kind: "Inngest's default retries (4, the function sets none)", line: lexed.tokens[made].line,
                scope: scope, attempts: Self.inngestDefaultAttempts)
        }
        guard let retries = lexed.integer(value) ?? lexed.constantInteger(value) else { return nil }
        return RetryConstruct(kind: "Inngest function retries", line: lexed.tokens[value].line, scope: scope, attempts: retries + 1)
    }

    /// Whether `cursor` is in the group opened at `open` itself, not in a group nested in it (an option of the
    /// function, not of something inside its options).
    func isTopLevel(_ cursor: Int, inGroupOpenedAt open: Int) -> Bool {
        var back = cursor - 1
        while back > open {
            // A bracket's partner is -1 for every other token.
            if lexed.partner[back] >= 0, lexed.partner[back] < back {
                back = lexed.partner[back] - 1
            } else if lexed.partner[back] > back {
                return false
            } else {
                back -= 1
            }
        }
        return true
    }

    /// A handler passed by name (`inngest.createFunction({ id }, { event }, summarizeDocument)`): the function of
    /// this file it names, whose work the retries repeat.
    private func handlerScope(lastArgumentOf arguments: ClosedRange<Int>) -> ClosedRange<Int>? {
        let last = arguments.upperBound - (lexed.token(arguments.upperBound - 1, isPunctuation: Byte.comma) ? 2 : 1)
        guard lexed.tokens[last].kind == .identifier, lexed.token(last - 1, isPunctuation: Byte.comma) else { return nil }
        let name = lexed.bytes[lexed.tokens[last].start..<lexed.tokens[last].end]
        return lexed.blocks.indices.first { block in
            lexed.blocks[block].kind == .function
                && lexed.blocks[block].nameRange.map { lexed.bytes[$0].elementsEqual(name) } == true
        }.map { lexed.span(of: $0) }
    }

    /// `@inngest_client.create_function(fn_id=…, trigger=…, retries=N)` over the function it makes.
    private func pythonInngestFunctions() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for (block, function) in lexed.blocks.enumerated() where function.kind == .function {
            guard let name = (function.headerStart..<function.openToken).first(where: { cursor in
                lexed.token(cursor, is: "create_function") && lexed.token(cursor - 1, isPunctuation: Byte.dot)
                    && lexed.token(cursor + 1, isPunctuation: Byte.openParen) && lexed.partner[cursor + 1] > cursor + 1
            }) else { continue }
            if let construct = inngestConstruct(
                retriesAt: keyword("retries", in: (name + 1)...lexed.partner[name + 1]), made: name, scope: lexed.span(of: block))
            {
                result.append(construct)
            }
        }
        return result
    }
}
