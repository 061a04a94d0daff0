import GateCode
import GateCore

/// .NET's `IHttpClientFactory`: a named or typed client registered with `AddHttpClient(…)` and given a retrying
/// handler in the same chain retries every request sent through it, each retry of a paid request paid again.
///
/// - `AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 10)` (Microsoft.Extensions.Http.Resilience), also
///   set by a `.Configure(…)` chained after it; without a count, its default of 3 retries of transient failures (4
///   attempts, each a paid request: a 10-second attempt timeout cuts off a slow completion the provider still bills),
///   judged by the same bound as any other retry (`RetryBound`).
/// - `AddResilienceHandler("name", b => b.AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 10 }))` (Polly v8).
/// - `AddPolicyHandler(…)` / `AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(10, …))` (Polly v7), the policy
///   written in place or a variable, field or method of the file that builds it (`AddPolicyHandler(GetRetryPolicy())`),
///   or a method of another file of the project (`AddPolicyHandler(RetryPolicies.OpenAI())`).
/// - A handler an extension method of another file adds (`.AddOpenAIResilience()`, whose body adds one of the above).
///   Other files are searched only for names that may build retries (`mayBuildRetries`).
/// - `ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(…))`: every client of the app.
///
/// The retried work is the registration (where the paid base address is written), or the whole file for defaults.
extension RetryScanner {
    static let addHttpClientWord = Array("addhttpclient".utf8)
    /// Whether a method or class name may build retries (`AddOpenAIResilience`, `RetryPolicies`, `GetPollyPolicy`): the
    /// project's other files are searched for it only then, not for every `.SetHandlerLifetime(…)` of a registration.
    private static func mayBuildRetries(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return ["resilien", "retr", "polic", "polly"].contains { lowered.contains($0) }
    }

    /// The retries the standard resilience handler's `HttpRetryStrategyOptions` allow unless `MaxRetryAttempts` says.
    private static let standardHandlerRetries = 3
    private static let clientDefaultsWord = Array("configurehttpclientdefaults".utf8)

    func httpClientFactoryRetries() -> [RetryConstruct] {
        guard lexed.language == .csharp,
              ByteSearch.containsFolded(lexed.bytes, Self.addHttpClientWord) || ByteSearch.containsFolded(lexed.bytes, Self.clientDefaultsWord)
        else { return [] }
        var result: [RetryConstruct] = []
        var registrations: [Registration] = []
        for index in lexed.tokens.indices where lexed.token(index - 1, isPunctuation: Byte.dot)
            && (lexed.token(index, is: "AddHttpClient") || lexed.token(index, is: "ConfigureHttpClientDefaults"))
        {
            guard let open = argumentsOpen(after: index) else { continue }
            let end = lexed.partner[open]
            if lexed.token(index, is: "ConfigureHttpClientDefaults") {
                // The handlers are added inside the lambda: `http => http.AddStandardResilienceHandler(…)`.
                for handler in (open + 1)..<end where lexed.token(handler - 1, isPunctuation: Byte.dot) {
                    if let retry = handlerRetry(at: handler, chainEnd: end) {
                        result.append(RetryConstruct(
                            kind: retry.kind + " (every HttpClient's default)", line: retry.line, scope: nil,
                            attempts: retry.attempts, settingLines: retry.settingLines))
                    }
                }
                continue
            }
            // The chain of calls on the registration's builder: `.AddHttpClient(…).AddPolicyHandler(…).SetHandlerLifetime(…)`.
            var handlers: [Int] = []
            var cursor = end
            while lexed.token(cursor + 1, isPunctuation: Byte.dot), lexed.tokens.indices.contains(cursor + 2),
                  lexed.tokens[cursor + 2].kind == .identifier, let callOpen = argumentsOpen(after: cursor + 2)
            {
                handlers.append(cursor + 2)
                cursor = lexed.partner[callOpen]
            }
            let name = lexed.tokens[open + 1].kind == .string ? lexed.text(open + 1) : nil
            // A typed client's classes: `AddHttpClient<IClaudeClient, ClaudeClient>(…)`.
            let types = ((index + 1)..<open).filter { lexed.tokens[$0].kind == .identifier }.map { lexed.text($0) }
            registrations.append(Registration(name: name, types: types, scope: index...cursor, handlers: handlers))
        }
        for registration in registrations {
            var paidClass: String??
            for handler in registration.handlers {
                guard let retry = handlerRetry(at: handler, chainEnd: registration.scope.upperBound) else { continue }
                // A named client is configured by every registration of its name (`AddHttpClient("openai", …)` with
                // the base address, `AddHttpClient("openai").AddStandardResilienceHandler()` elsewhere in the file).
                let scopes = [registration.scope] + registrations.filter { other in
                    registration.name != nil && other.name == registration.name && other.scope != registration.scope
                }.map(\.scope)
                if paidClass == nil { paidClass = .some(registration.types.lazy.compactMap(paidProviderOfClass).first) }
                for scope in scopes {
                    result.append(RetryConstruct(
                        kind: retry.kind, line: retry.line, scope: scope, attempts: retry.attempts, settingLines: retry.settingLines,
                        paidWorkElsewhere: paidClass ?? nil))
                }
            }
        }
        return result
    }

    /// A client registration: its name (`"openai"`), its typed client's classes, its tokens through the end of the
    /// chain of calls on it, and those calls.
    private struct Registration {
        var name: String?
        var types: [String]
        var scope: ClosedRange<Int>
        var handlers: [Int]
    }

    /// The retry a handler added at `call` (`AddStandardResilienceHandler`, `AddResilienceHandler`, `AddPolicyHandler`,
    /// `AddTransientHttpErrorPolicy`) gives a client: its kind, the line of its count, and its attempts (nil: no bound).
    /// Nil when the handler retries nothing, or within the standard handler's defaults. `chainEnd` ends the chain a
    /// `.Configure(…)` of the standard handler's options may follow it in.
    private func handlerRetry(at call: Int, chainEnd: Int) -> (kind: String, line: Int, attempts: Int?, settingLines: [Int])? {
        guard let open = argumentsOpen(after: call) else { return nil }
        let arguments = open...lexed.partner[open]
        let handlerLine = lexed.tokens[call].line
        if lexed.token(call, is: "AddStandardResilienceHandler") {
            // `o.Retry.MaxRetryAttempts = 10` in its lambda or in a `.Configure(o => …)` right after it.
            var options = arguments
            let after = arguments.upperBound
            if after < chainEnd, lexed.token(after + 1, isPunctuation: Byte.dot), lexed.token(after + 2, is: "Configure"),
               let configure = argumentsOpen(after: after + 2)
            {
                options = arguments.lowerBound...lexed.partner[configure]
            }
            guard let set = options.first(where: { lexed.token($0, is: "MaxRetryAttempts") && lexed.token($0 + 1, isPunctuation: Byte.equals) })
            else {
                return ("the standard resilience handler (\(Self.standardHandlerRetries) retries by default)", handlerLine,
                        Self.standardHandlerRetries + 1, [])
            }
            // A count the file does not give (`= settings.Retries`) is left alone.
            guard let retries = lexed.integer(set + 2) ?? lexed.constantInteger(set + 2) else { return nil }
            return ("the standard resilience handler's MaxRetryAttempts", lexed.tokens[set].line, retries + 1, [handlerLine])
        }
        guard lexed.token(call, is: "AddResilienceHandler") || lexed.token(call, is: "AddPolicyHandler")
            || lexed.token(call, is: "AddTransientHttpErrorPolicy")
        else {
            // An extension method of another file adding the handler (`.AddOpenAIResilience()`).
            return handlerRetryElsewhere(addedBy: call).map { ($0.kind, handlerLine, $0.attempts, []) }
        }
        // The policy written in place, else built by a variable, field or method of the file the arguments name.
        let places = [arguments] + policyDefinitions(namedIn: arguments)
        for place in places {
            for retry in place where lexed.token(retry - 1, isPunctuation: Byte.dot) && lexed.token(retry + 1, isPunctuation: Byte.openParen)
                && lexed.partner[retry + 1] > retry
            {
                guard let attempts = pollyAttempts(at: retry) else { continue }
                return ("Polly \(lexed.text(retry)) of an HttpClient (\(lexed.text(call)))", lexed.tokens[retry].line, attempts, [handlerLine])
            }
        }
        // A policy a method of another file builds: `AddPolicyHandler(RetryPolicies.OpenAI())`.
        for name in arguments where lexed.tokens[name].kind == .identifier && lexed.token(name + 1, isPunctuation: Byte.openParen) {
            let container = lexed.token(name - 1, isPunctuation: Byte.dot) && lexed.tokens[name - 2].kind == .identifier ? lexed.text(name - 2) : nil
            guard Self.mayBuildRetries(lexed.text(name)) || container.map(Self.mayBuildRetries) == true else { continue }
            for method in csharpMethodsNamed(lexed.text(name), container) {
                let other = RetryScanner(lexed: method.lexed, bound: bound)
                for retry in method.method where other.lexed.token(retry - 1, isPunctuation: Byte.dot)
                    && other.lexed.token(retry + 1, isPunctuation: Byte.openParen) && other.lexed.partner[retry + 1] > retry
                {
                    guard let attempts = other.pollyAttempts(at: retry) else { continue }
                    return ("Polly \(other.lexed.text(retry)) of an HttpClient (\(lexed.text(call)) of \(lexed.text(name))())", handlerLine,
                            attempts, [])
                }
            }
        }
        return nil
    }

    /// The retry a handler added by a method of another file gives a client: the first retrying handler that
    /// method's body adds (`b.AddStandardResilienceHandler()`, `b.AddResilienceHandler(…, p => p.AddRetry(…))`).
    private func handlerRetryElsewhere(addedBy call: Int) -> (kind: String, attempts: Int?)? {
        guard Self.mayBuildRetries(lexed.text(call)) else { return nil }
        for method in csharpMethodsNamed(lexed.text(call), nil) {
            let other = RetryScanner(lexed: method.lexed, bound: bound)
            for handler in method.method where other.lexed.token(handler - 1, isPunctuation: Byte.dot) {
                guard let retry = other.handlerRetry(at: handler, chainEnd: method.method.upperBound) else { continue }
                return ("\(retry.kind) added by \(lexed.text(call))()", retry.attempts)
            }
        }
        return nil
    }

    /// Where the names among `arguments` are defined in the file: a variable or field (`var retryPolicy = …;`, the
    /// tokens of its value) or a method (`static IAsyncPolicy<HttpResponseMessage> GetRetryPolicy() => …;` or a body).
    private func policyDefinitions(namedIn arguments: ClosedRange<Int>) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for name in arguments where lexed.tokens[name].kind == .identifier && !lexed.token(name - 1, isPunctuation: Byte.dot) {
            let spelled = lexed.bytes[lexed.tokens[name].start..<lexed.tokens[name].end]
            for other in lexed.tokens.indices where other != name && lexed.tokens[other].kind == .identifier
                && !lexed.token(other - 1, isPunctuation: Byte.dot)
                && lexed.bytes[lexed.tokens[other].start..<lexed.tokens[other].end].elementsEqual(spelled)
            {
                if lexed.token(other + 1, isPunctuation: Byte.equals), !lexed.token(other + 2, isPunctuation: Byte.equals),
                   !lexed.token(other + 2, isPunctuation: Byte.greater)
                {
                    result.append((other + 2)...statementEnd(from: other + 2))
                } else if lexed.token(other + 1, isPunctuation: Byte.openParen), lexed.partner[other + 1] > other + 1,
                          other >= 1, lexed.tokens[other - 1].kind == .identifier || lexed.token(other - 1, isPunctuation: Byte.greater)
                {
                    // A declaration: a type before the name, a body or `=>` after the parameters.
                    let after = lexed.partner[other + 1] + 1
                    if lexed.token(after, isPunctuation: Byte.openBrace), lexed.partner[after] > after {
                        result.append(after...lexed.partner[after])
                    } else if lexed.token(after, is: "=>") {
                        result.append(after...statementEnd(from: after))
                    }
                }
            }
        }
        return result
    }

    /// The last token of the statement going on from `start`: the token before its `;`, or before the bracket
    /// closing around it.
    private func statementEnd(from start: Int) -> Int {
        var cursor = lexed.partner[start] > start ? lexed.partner[start] : start
        while cursor + 1 < lexed.tokens.count {
            let next = cursor + 1
            if lexed.token(next, isPunctuation: Byte.semicolon) || (lexed.partner[next] >= 0 && lexed.partner[next] < next) { break }
            cursor = lexed.partner[next] > next ? lexed.partner[next] : next
        }
        return cursor
    }

    /// The `(` opening the arguments of the call named at `index`, past generic arguments (`AddHttpClient<OpenAIClient>(`).
    private func argumentsOpen(after index: Int) -> Int? {
        var cursor = index + 1
        if lexed.token(cursor, isPunctuation: Byte.less) {
            var depth = 0
            while cursor < min(lexed.tokens.count, index + 40) {
                if lexed.token(cursor, isPunctuation: Byte.less) { depth += 1 }
                if lexed.token(cursor, isPunctuation: Byte.greater) { depth -= 1; if depth == 0 { break } }
                cursor += 1
            }
            cursor += 1
        }
        guard lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor else { return nil }
        return cursor
    }
}

extension PaidRetryDetector {
    /// A file without paid work of its own (`Program.cs`) registering a typed client whose class, in another file, calls
    /// a paid API, with a retrying handler the change adds: `AddHttpClient<IClaudeClient, ClaudeClient>()
    /// .AddPolicyHandler(GetRetryPolicy())`.
    func retriedTypedHttpClients(_ file: SourceFile, context: DetectionContext, lexed: LexedSource?) -> [Finding] {
        guard let code = context.code, file.path.hasSuffix(".cs"), ByteSearch.containsFolded(file.bytes, RetryScanner.addHttpClientWord)
        else { return [] }
        let lexed = lexed ?? Lexer.lex(file.bytes, language: .csharp)
        let facts = code.facts(of: file.path, lexed: lexed)
        var scanner = RetryScanner(lexed: lexed, bound: context.retryBound)
        scanner.paidProviderOfClass = { code.paidProvider(ofClass: $0, seenFrom: facts) }
        var findings: [Finding] = []
        var reported = Set<Int>()
        for construct in scanner.httpClientFactoryRetries() where RetryBound.exceeded(attempts: construct.attempts, bound: context.retryBound) {
            guard let provider = construct.paidWorkElsewhere,
                  let line = file.adds(construct.line) ? construct.line : construct.settingLines.first(where: file.adds),
                  reported.insert(line).inserted
            else { continue }
            let bound = construct.attempts.map { "up to \($0) attempts" } ?? "no attempt bound"
            findings.append(.paid(
                description, file: file, line: line, column: nil,
                message: "paid work (\(provider)) retried by \(construct.kind) with \(bound) and no idempotency key",
                provider: provider, evidence: construct.kind))
        }
        return findings
    }
}
