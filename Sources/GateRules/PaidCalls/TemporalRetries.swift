import GateCode
import GateCore

/// Temporal retries a failed activity with no attempt bound unless the options it is run with set one (its default
/// retry policy's maximum attempts is 0: unlimited, until a schedule-to-close timeout if any). The options are the
/// workflow's: Python's `workflow.execute_activity(summarize, text, start_to_close_timeout=…,
/// retry_policy=RetryPolicy(maximum_attempts=3))`, Go's `workflow.ActivityOptions{…, RetryPolicy:
/// &temporal.RetryPolicy{MaximumAttempts: 3}}` given to `workflow.WithActivityOptions`, TypeScript's
/// `proxyActivities<typeof activities>({ …, retry: { maximumAttempts: 3 } })`. The retried work is the activity the
/// call is handed (`FactExtractor.callWrappers`) or the proxy's function called, which reach follows to its paid call.
extension RetryScanner {
    /// Python's workflow calls that run an activity.
    private static let pythonActivityRuns = WordSet([
        "execute_activity", "execute_activity_method", "start_activity", "start_activity_method",
        "execute_local_activity", "execute_local_activity_method", "start_local_activity", "start_local_activity_method",
    ])
    /// What the imports of a file using Temporal's SDK name (`temporalio`, `@temporalio/workflow`,
    /// `go.temporal.io/sdk/workflow`), ASCII case aside: only the first bytes of a file, where imports are, are read
    /// before it is known to use it.
    private static let temporalWord = Array("temporal".utf8)

    func temporalRetries() -> [RetryConstruct] {
        guard ByteSearch.containsFolded(lexed.bytes, RetryScanner.temporalWord, within: 4_096) else { return [] }
        switch lexed.language {
        case .python: return pythonActivityRuns()
        case .go: return goActivityOptions()
        case _ where lexed.language.isJavaScriptLike: return typeScriptActivityProxies()
        default: return []
        }
    }

    /// Each `workflow.execute_activity(…)`-like call: its arguments are the retried work, bounded by the
    /// `maximum_attempts` of a `retry_policy=RetryPolicy(…)` among them. A policy the call names (`retry_policy=POLICY`)
    /// is set elsewhere: not judged.
    private func pythonActivityRuns() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        let runs = RetryScanner.pythonActivityRuns
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier
            && runs.contains(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
        {
            let open = index + 1
            guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(open, isPunctuation: Byte.openParen),
                  lexed.partner[open] > open
            else { continue }
            let arguments = open...lexed.partner[open]
            var attempts: Int?
            if let policy = keyword("retry_policy", in: arguments) {
                guard lexed.token(policy, is: "RetryPolicy"), lexed.token(policy + 1, isPunctuation: Byte.openParen),
                      lexed.partner[policy + 1] > policy + 1
                else { continue }
                if let maximum = keyword("maximum_attempts", in: (policy + 1)...lexed.partner[policy + 1]) {
                    guard let count = lexed.integer(maximum) ?? lexed.constantInteger(maximum) else { continue }
                    attempts = count == 0 ? nil : count
                }
            }
            result.append(RetryConstruct(
                kind: "Temporal activity retries", line: lexed.tokens[index].line, scope: arguments, attempts: attempts))
        }
        return result
    }

    /// Each `workflow.ActivityOptions{…}` (or `LocalActivityOptions`) literal: the activities of the function it is
    /// built in are the retried work, bounded by the `MaximumAttempts` of its `RetryPolicy`.
    private func goActivityOptions() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices
        where lexed.token(index, is: "ActivityOptions") || lexed.token(index, is: "LocalActivityOptions") {
            let open = index + 1
            guard lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(open, isPunctuation: Byte.openBrace),
                  lexed.partner[open] > open, let function = enclosing(.function, of: index)
            else { continue }
            var attempts: Int?
            if let policy = keywordColon("RetryPolicy", in: open...lexed.partner[open]) {
                // `&temporal.RetryPolicy{…}`: the literal's brace after the type's name.
                var brace = policy
                while brace < lexed.partner[open], !lexed.token(brace, isPunctuation: Byte.openBrace) { brace += 1 }
                // A policy built elsewhere (`RetryPolicy: policy`) is not judged.
                guard lexed.token(brace, isPunctuation: Byte.openBrace), lexed.partner[brace] > brace,
                      lexed.token(brace - 1, is: "RetryPolicy")
                else { continue }
                if let maximum = keywordColon("MaximumAttempts", in: brace...lexed.partner[brace]) {
                    guard let count = lexed.integer(maximum) ?? lexed.constantInteger(maximum) else { continue }
                    attempts = count == 0 ? nil : count
                }
            }
            result.append(RetryConstruct(
                kind: "Temporal activity retries", line: lexed.tokens[index].line, scope: lexed.span(of: function),
                attempts: attempts))
        }
        return result
    }

    /// TypeScript: `const { summarize } = proxyActivities<typeof activities>({ startToCloseTimeout: "1 minute", retry: {
    /// maximumAttempts: 3 } })`. Each call of a destructured name is retried work, bounded by the options' `retry`.
    private func typeScriptActivityProxies() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        for proxy in lexed.tokens.indices where lexed.token(proxy, is: "proxyActivities") || lexed.token(proxy, is: "proxyLocalActivities") {
            guard lexed.token(proxy - 1, isPunctuation: Byte.equals), lexed.token(proxy - 2, isPunctuation: Byte.closeBrace),
                  lexed.partner[proxy - 2] >= 0
            else { continue }
            // The options: the call's parentheses after its type arguments.
            var open = proxy + 1
            while open < lexed.tokens.count, open < proxy + 16, !lexed.token(open, isPunctuation: Byte.openParen) { open += 1 }
            guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
            var attempts: Int?
            if let retry = keywordColon("retry", in: open...lexed.partner[open]) {
                // `retry: policy` built elsewhere is not judged.
                guard lexed.token(retry, isPunctuation: Byte.openBrace), lexed.partner[retry] > retry else { continue }
                if let maximum = keywordColon("maximumAttempts", in: retry...lexed.partner[retry]) {
                    guard let count = lexed.integer(maximum) ?? lexed.constantInteger(maximum) else { continue }
                    attempts = count == 0 ? nil : count
                }
            }
            // The names the proxy's functions are called by (`store: save` calls `save`).
            var names = Set<String>()
            var item = lexed.partner[proxy - 2] + 1
            while item < proxy - 2 {
                if lexed.tokens[item].kind == .identifier,
                   lexed.token(item - 1, isPunctuation: Byte.openBrace) || lexed.token(item - 1, isPunctuation: Byte.comma)
                {
                    let renamed = lexed.token(item + 1, isPunctuation: Byte.colon) && lexed.tokens[item + 2].kind == .identifier
                    names.insert(lexed.text(renamed ? item + 2 : item))
                    if renamed { item += 2 }
                }
                item += 1
            }
            for call in lexed.tokens.indices where lexed.tokens[call].kind == .identifier && call > lexed.partner[open]
                && lexed.token(call + 1, isPunctuation: Byte.openParen) && lexed.partner[call + 1] > call
                && !lexed.token(call - 1, isPunctuation: Byte.dot) && names.contains(lexed.text(call))
            {
                result.append(RetryConstruct(
                    kind: "Temporal activity retries", line: lexed.tokens[proxy].line, scope: call...lexed.partner[call + 1],
                    attempts: attempts))
            }
        }
        return result
    }
}
