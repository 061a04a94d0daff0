import GateCode
import GateCore

/// Elixir's retries of paid work:
///
/// - An Oban worker's job is attempted `max_attempts` times, 20 when the worker sets none (`use Oban.Worker, queue:
///   :ai, max_attempts: 20`): every attempt runs its `perform` again, with the paid calls it reaches.
/// - Req retries a request on transient errors; by default only a GET or HEAD (`retry: :safe_transient`), but with
///   `retry: :transient` (or a function) a POST too, `max_retries` times (3 when unset): set on a client (`Req.new(…)`),
///   it applies to every request the file sends through it; on a request, to that request.
extension RetryScanner {
    private static let obanWord = Array("oban".utf8)
    private static let retryWord = Array("retry:".utf8)

    func elixirRetries() -> [RetryConstruct] {
        var result: [RetryConstruct] = []
        if ByteSearch.containsFolded(lexed.bytes, Self.obanWord) { result += obanWorkerAttempts() }
        if ByteSearch.containsFolded(lexed.bytes, Self.retryWord) { result += reqRetries() }
        return result
    }

    /// `use Oban.Worker, …, max_attempts: N` (or `Oban.Pro.Worker`): N attempts, or Oban's 20, of the module's work.
    private func obanWorkerAttempts() -> [RetryConstruct] {
        let tokens = lexed.tokens
        var result: [RetryConstruct] = []
        for index in tokens.indices where tokens[index].firstOnLine && lexed.token(index, is: "use") && lexed.token(index + 1, is: "Oban") {
            var cursor = index + 2
            while lexed.token(cursor, isPunctuation: Byte.dot), cursor + 1 < tokens.count, tokens[cursor + 1].kind == .identifier { cursor += 2 }
            guard lexed.token(cursor - 1, is: "Worker") else { continue }
            // The options, to the end of the statement (they may run over several lines after commas).
            var end = cursor
            while end + 1 < tokens.count, !tokens[end + 1].firstOnLine || lexed.token(end, isPunctuation: Byte.comma) { end += 1 }
            let setting = keywordColon("max_attempts", in: cursor...max(cursor, end))
            let attempts = setting.flatMap { lexed.integer($0) ?? lexed.constantInteger($0) } ?? (setting == nil ? 20 : nil)
            let container = enclosing(.container, of: index)
            result.append(RetryConstruct(
                kind: "Oban max_attempts", line: tokens[index].line,
                scope: container.map { lexed.span(of: $0) } ?? 0...(tokens.count - 1), attempts: attempts,
                settingLines: setting.map { [tokens[$0].line] } ?? []))
        }
        return result
    }

    /// `retry: :transient` (or a function deciding) with `max_retries: N` (3 when unset) among a Req call's options:
    /// N + 1 attempts of what the call sends, or of every request the file sends through the client `Req.new` builds.
    private func reqRetries() -> [RetryConstruct] {
        let tokens = lexed.tokens
        var result: [RetryConstruct] = []
        for index in tokens.indices where lexed.token(index, is: "Req") && lexed.token(index + 1, isPunctuation: Byte.dot)
            && index + 3 < tokens.count && lexed.token(index + 3, isPunctuation: Byte.openParen) && lexed.partner[index + 3] > index + 3
        {
            let arguments = (index + 3)...lexed.partner[index + 3]
            guard let retry = keywordColon("retry", in: arguments),
                  !(lexed.token(retry, isPunctuation: Byte.colon) && (lexed.token(retry + 1, is: "safe_transient") || lexed.token(retry + 1, is: "false")))
                    && !lexed.token(retry, is: "false")
            else { continue }
            let setting = keywordColon("max_retries", in: arguments)
            let retries = setting.flatMap { lexed.integer($0) ?? lexed.constantInteger($0) } ?? 3
            // A client's retries apply to the requests sent through it anywhere in the file.
            let scope: ClosedRange<Int>? = lexed.token(index + 2, is: "new") ? nil : (index...lexed.partner[index + 3])
            result.append(RetryConstruct(
                kind: "Req retry", line: tokens[index].line, scope: scope, attempts: retries + 1,
                settingLines: setting.map { [tokens[$0].line] } ?? []))
        }
        return result
    }
}
