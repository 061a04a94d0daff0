import GateCode
import GateCore

/// arq runs a job again only when it raises arq's `Retry` (`raise Retry(defer=ctx["job_try"] * 10)`), or when a
/// worker's shutdown cancels it: any other exception fails the job for good, so `max_tries` bounds nothing a job
/// does not ask for (as Celery's `max_retries` without `autoretry_for` or `self.retry`). A job that raises `Retry` is
/// attempted up to its `max_tries`: `func(job, max_tries=N)`, else its worker's `max_tries = N` (`class
/// WorkerSettings`, in the file or another of the project), else arq's default of 5 tries, the first included. A job
/// that compares `ctx["job_try"]` with a number before raising stops there. A count the file does not give as a
/// number (`max_tries=settings.TRIES`) is left alone.
extension RetryScanner {
    /// What arq gives a job that sets no `max_tries`: 5 tries in all.
    static let arqDefaultTries = 5
    private static let arqWords = [Array("from arq".utf8), Array("import arq".utf8)]
    private static let retryCall = Array("retry(".utf8)

    func arqRetries() -> [RetryConstruct] {
        guard Self.arqWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0, within: 4_096) }),
              ByteSearch.containsFolded(lexed.bytes, Self.retryCall)
        else { return [] }
        var result: [RetryConstruct] = []
        for (block, function) in lexed.blocks.enumerated() where function.kind == .function {
            let span = lexed.span(of: block)
            guard let raise = span.first(where: { raisesArqRetry(at: $0) && lexed.enclosingFunction(of: $0) == block }),
                  let nameRange = function.nameRange
            else { continue }
            let name = lexed.bytes[nameRange]
            let raiseLine = lexed.tokens[raise].line
            // The job's own `func(job, max_tries=N)`, else the worker's `max_tries = N`, else the project's, else arq's.
            var attempts = Self.arqDefaultTries
            var line = raiseLine
            var kind = "arq Retry (arq's default max_tries of \(Self.arqDefaultTries))"
            var settingLines: [Int] = []
            if let setting = arqFunctionMaxTries(named: name) ?? arqWorkerMaxTries() {
                guard let tries = lexed.integer(setting) ?? lexed.constantInteger(setting) else { continue }
                attempts = tries
                line = lexed.tokens[setting].line
                kind = "arq Retry (max_tries=\(tries))"
                settingLines = [raiseLine]
            } else if let project = projectJobRetries("arq") {
                guard let tries = project.attempts else { continue }
                attempts = tries
                kind = "arq Retry (\(project.setting), \(project.path))"
            }
            // `if ctx["job_try"] < 3: raise Retry(…)`: the job's own check ends the retries first.
            switch jobTryBound(in: span) {
            case .unreadable: continue
            case .bound(let checked): attempts = min(attempts, checked)
            case .none: break
            }
            result.append(RetryConstruct(kind: kind, line: line, scope: span, attempts: attempts, settingLines: settingLines))
        }
        return result
    }

    /// `raise Retry(…)`, `raise Retry`, `raise arq.Retry(…)`, `raise arq.worker.Retry(…)`.
    private func raisesArqRetry(at index: Int) -> Bool {
        guard lexed.token(index, is: "raise") else { return false }
        var cursor = index + 1
        while lexed.token(cursor, is: "arq") || lexed.token(cursor, is: "worker") || lexed.token(cursor, is: "jobs") {
            guard lexed.token(cursor + 1, isPunctuation: Byte.dot) else { return false }
            cursor += 2
        }
        return lexed.token(cursor, is: "Retry")
    }

    /// The `max_tries` value of `func(job, …, max_tries=N)` for the job named `name`.
    private func arqFunctionMaxTries(named name: ArraySlice<UInt8>) -> Int? {
        for index in lexed.tokens.indices where lexed.token(index, is: "func") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.partner[index + 1] > index + 2 && lexed.tokens[index + 2].kind == .identifier
            && lexed.bytes[lexed.tokens[index + 2].start..<lexed.tokens[index + 2].end].elementsEqual(name)
        {
            return keyword("max_tries", in: (index + 1)...lexed.partner[index + 1])
        }
        return nil
    }

    /// The value of a class attribute `max_tries = N` of the file (`class WorkerSettings: … max_tries = 10`).
    private func arqWorkerMaxTries() -> Int? {
        lexed.tokens.indices.first { index in
            lexed.token(index, is: "max_tries") && lexed.tokens[index].firstOnLine
                && lexed.token(index + 1, isPunctuation: Byte.equals) && !lexed.token(index + 2, isPunctuation: Byte.equals)
                && lexed.tokens[index].block >= 0 && lexed.blocks[lexed.tokens[index].block].kind == .container
        }.map { $0 + 2 }
    }

    private enum JobTryBound { case bound(Int), unreadable }

    /// The tries a job's comparison of `job_try` with a number allows (`ctx["job_try"] < 3`: 3; `<= 3`: 4; `>= 3`
    /// before giving up: 3; `> 3`: 4); the fewest when there are several. Unreadable when compared with what the file
    /// does not give as a number; nil when the job reads no `job_try`.
    private func jobTryBound(in span: ClosedRange<Int>) -> JobTryBound? {
        var fewest: Int?
        for index in span where lexed.tokens[index].kind == .string || lexed.tokens[index].kind == .identifier {
            guard lexed.text(index) == "job_try" || lexed.tokens[index].kind == .string && lexed.text(index).hasSuffix("job_try")
            else { continue }
            var cursor = index + 1
            while lexed.token(cursor, isPunctuation: Byte.closeBracket) || lexed.token(cursor, isPunctuation: Byte.closeParen) {
                cursor += 1
            }
            // `<=` is one token or two, as the lexer reads it.
            let joined = lexed.token(cursor, is: "<=") || lexed.token(cursor, is: ">=")
            let less = lexed.token(cursor, is: "<") || lexed.token(cursor, is: "<="), more = lexed.token(cursor, is: ">") || lexed.token(cursor, is: ">=")
            guard less || more else { continue }
            let split = !joined && lexed.token(cursor + 1, isPunctuation: Byte.equals)
                && lexed.tokens[cursor + 1].start == lexed.tokens[cursor].end
            let inclusive = joined || split
            let value = split ? cursor + 2 : cursor + 1
            guard let number = lexed.integer(value) ?? lexed.constantInteger(value) else { return .unreadable }
            // `< N` retries while fewer than N tries ran; `> N` gives up after the (N+1)th.
            let tries = less ? (inclusive ? number + 1 : number) : (inclusive ? number : number + 1)
            fewest = min(fewest ?? tries, tries)
        }
        return fewest.map { .bound($0) }
    }
}
