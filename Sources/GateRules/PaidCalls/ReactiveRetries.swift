import GateCode
import GateCore

/// Retry operators of reactive streams on the JVM, which subscribe again to the whole chain before them, a paid request
/// of Spring's WebClient (`webClient.post().uri("https://api.openai.com/…")…retrieve().bodyToMono(…)`) included:
///
/// - Reactor: `.retryWhen(Retry.backoff(10, …))`, `Retry.fixedDelay(n, …)`, `Retry.max(n)`, `Retry.maxInARow(n)` (n
///   retries), `Retry.indefinitely()` (no bound); `.retry(n)`, and `.retry()` without bound. RxJava's `retry` alike.
/// - Kotlin flows: `.retry(n) { … }`, and `.retry { … }` or `.retry()` (`Long.MAX_VALUE` retries by default).
///
/// The retried work is the chain the operator ends.
extension RetryScanner {
    private static let retryWord = Array("retry".utf8)

    func reactiveRetries() -> [RetryConstruct] {
        guard lexed.language == .java || lexed.language == .kotlin, ByteSearch.containsFolded(lexed.bytes, Self.retryWord) else { return [] }
        var result: [RetryConstruct] = []
        for index in lexed.tokens.indices where lexed.token(index - 1, isPunctuation: Byte.dot)
            && (lexed.token(index, is: "retry") || lexed.token(index, is: "retryWhen"))
        {
            let attempts: Int?
            var end = index
            if lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index + 1 {
                end = lexed.partner[index + 1]
                let first = index + 2
                if lexed.token(index, is: "retryWhen") {
                    guard let spec = retrySpecAttempts(in: (index + 1)...end) else { continue }
                    attempts = spec
                } else if first == end {
                    attempts = nil
                } else if let count = lexed.integer(first) ?? lexed.constantInteger(first) {
                    attempts = count + 1
                } else {
                    continue
                }
            } else if lexed.language == .kotlin, lexed.token(index, is: "retry"), lexed.token(index + 1, isPunctuation: Byte.openBrace) {
                // A flow's `retry { cause -> … }`: its predicate alone says when to stop.
                attempts = nil
                end = max(index + 1, lexed.partner[index + 1])
            } else {
                continue
            }
            guard let start = chainStart(before: index), start < index else { continue }
            result.append(RetryConstruct(
                kind: "a reactive \(lexed.text(index))()", line: lexed.tokens[index].line, scope: start...end, attempts: attempts))
        }
        return result
    }

    /// The attempts a Reactor `Retry` spec among `arguments` allows, as an optional in an optional: `.some(nil)` for
    /// `Retry.indefinitely()`, nil when it is none of the specs or its count is not given in the file.
    private func retrySpecAttempts(in arguments: ClosedRange<Int>) -> Int?? {
        for cursor in arguments where lexed.token(cursor - 1, isPunctuation: Byte.dot) && lexed.token(cursor - 2, is: "Retry") {
            if lexed.token(cursor, is: "indefinitely") { return .some(nil) }
            guard lexed.token(cursor, is: "backoff") || lexed.token(cursor, is: "fixedDelay") || lexed.token(cursor, is: "max")
                || lexed.token(cursor, is: "maxInARow"),
                lexed.token(cursor + 1, isPunctuation: Byte.openParen)
            else { continue }
            return (lexed.integer(cursor + 2) ?? lexed.constantInteger(cursor + 2)).map { .some($0 + 1) }
        }
        return nil
    }

    /// The first token of the member chain whose call at `index` is a link (`webClient` of
    /// `webClient.post().uri(…).retrieve().bodyToMono(…).retry(3)`), through calls and their arguments.
    private func chainStart(before index: Int) -> Int? {
        var cursor = index
        while lexed.token(cursor - 1, isPunctuation: Byte.dot) || lexed.token(cursor - 1, is: "?.") {
            var previous = cursor - 2
            if lexed.token(previous, isPunctuation: Byte.closeParen) || lexed.token(previous, isPunctuation: Byte.closeBrace),
               lexed.partner[previous] >= 1, lexed.partner[previous] < previous
            {
                previous = lexed.partner[previous] - 1
                // A Kotlin trailing lambda after the arguments: `.map { … }`, `.filter(x) { … }`.
                if lexed.token(previous, isPunctuation: Byte.closeParen), lexed.partner[previous] >= 1, lexed.partner[previous] < previous {
                    previous = lexed.partner[previous] - 1
                }
            }
            // Generic arguments before a call (`.bodyToMono<String>()`) are passed over as they come.
            guard previous >= 0, lexed.tokens[previous].kind == .identifier else { break }
            cursor = previous
        }
        return cursor
    }
}
