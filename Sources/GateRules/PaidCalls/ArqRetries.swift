import GateCode
import GateCore

/// arq runs a job again only when it raises arq's `Retry` (`raise Retry(defer=ctx["job_try"] * 10)`), or when a
/// worker's shutdown cancels it: any other exception fails the job for good, so `max_tries` bounds nothing a job
/// does not ask for (as Celery's `max_retries` without `autoretry_for` or `self.retry`). A job that raises `Retry` is
/// attempted up to its `max_tries`: `func(job, max_tries=N)`, else its worker's `max_tries = N` (`class
/// WorkerSettings`, in the file or another of the project), else arq's default of 5 tries, the first included. A job
/// that compares `ctx["job_try"]` with a number before raising stops there. A count the file does not give as a
/// number (`max_tries=settings.TRIES`) is left alone. A job whose `Retry` is raised by a helper it calls (a function
/// of the file, or with a code index one it imports from another module) is retried as if it raised it itself.
extension RetryScanner {
    /// What arq gives a job that sets no `max_tries`: 5 tries in all.
    static let arqDefaultTries = 5
    private static let arqWords = [Array("from arq".utf8), Array("import arq".utf8)]
    private static let retryCall = Array("retry(".utf8)

    func arqRetries() -> [RetryConstruct] {
        let namesArq = Self.arqWords.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0, within: 4_096) })
            && ByteSearch.containsFolded(lexed.bytes, Self.retryCall)
        // The functions of the file raising arq's `Retry` in their own body, by block: the raise.
        var raising: [Int: Int] = [:]
        if namesArq {
            for (block, function) in lexed.blocks.enumerated() where function.kind == .function {
                if let raise = lexed.span(of: block).first(where: { raisesArqRetry(at: $0) && lexed.enclosingFunction(of: $0) == block }) {
                    raising[block] = raise
                }
            }
        }
        guard !raising.isEmpty || arqRetryHelperCalled != nil else { return [] }
        var result: [RetryConstruct] = []
        for (block, function) in lexed.blocks.enumerated() where function.kind == .function {
            let span = lexed.span(of: block)
            guard let nameRange = function.nameRange else { continue }
            // The job's own raise, else a helper's it calls: in the file (`retry_later(ctx, exc)`), else imported.
            let raiseLine: Int
            var raisedIn = ""
            var helperBound: JobTryBound?
            if let raise = raising[block] {
                raiseLine = lexed.tokens[raise].line
            } else if let (call, helper) = callOfRaisingHelper(in: span, block: block, raising: raising) {
                raiseLine = lexed.tokens[call].line
                raisedIn = " raised in \(lexed.text(call))() (line \(lexed.tokens[raising[helper] ?? call].line))"
                helperBound = jobTryBound(in: lexed.span(of: helper))
            } else if let helper = arqRetryHelperCalled?(span) {
                raiseLine = helper.callLine
                raisedIn = " raised in \(helper.name)() (\(helper.path):\(helper.line))"
                helperBound = helper.bound
            } else {
                continue
            }
            let name = lexed.bytes[nameRange]
            // The job's own `func(job, max_tries=N)`, else the worker's `max_tries = N`, else the project's, else arq's.
            var attempts = Self.arqDefaultTries
            var line = raiseLine
            var kind = "arq Retry\(raisedIn) (arq's default max_tries of \(Self.arqDefaultTries))"
            var settingLines: [Int] = []
            if let setting = arqFunctionMaxTries(named: name) ?? arqWorkerMaxTries() {
                guard let tries = lexed.integer(setting) ?? lexed.constantInteger(setting) else { continue }
                attempts = tries
                line = lexed.tokens[setting].line
                kind = "arq Retry\(raisedIn) (max_tries=\(tries))"
                settingLines = [raiseLine]
            } else if let project = projectJobRetries("arq") {
                guard let tries = project.attempts else { continue }
                attempts = tries
                kind = "arq Retry\(raisedIn) (\(project.setting), \(project.path))"
            }
            // `if ctx["job_try"] < 3: raise Retry(…)`: the job's own check (or its helper's) ends the retries first.
            var unreadable = false
            for bound in [jobTryBound(in: span), helperBound] {
                switch bound {
                case .unreadable: unreadable = true
                case .bound(let checked): attempts = min(attempts, checked)
                case nil: break
                }
            }
            if unreadable { continue }
            result.append(RetryConstruct(kind: kind, line: line, scope: span, attempts: attempts, settingLines: settingLines))
        }
        return result
    }

    /// A call in `span` (the function `block`) of another function of the file that raises arq's `Retry` itself:
    /// `retry_later(ctx, exc)`, `self._retry_later(ctx)`. The call's name token and the helper's block.
    private func callOfRaisingHelper(in span: ClosedRange<Int>, block: Int, raising: [Int: Int]) -> (call: Int, helper: Int)? {
        guard !raising.isEmpty else { return nil }
        for index in span where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.enclosingFunction(of: index) == block && !lexed.token(index - 1, is: "def")
        {
            // A method of another object is not the file's function; `self.` and `cls.` are.
            if lexed.token(index - 1, isPunctuation: Byte.dot), !(lexed.token(index - 2, is: "self") || lexed.token(index - 2, is: "cls")) {
                continue
            }
            let name = lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end]
            for helper in raising.keys where helper != block {
                if let range = lexed.blocks[helper].nameRange, lexed.bytes[range].elementsEqual(name) { return (index, helper) }
            }
        }
        return nil
    }

    /// A function of another project module that raises arq's `Retry`, called by a job: where it is, and its own
    /// `job_try` check. Given by the detector with a code index (`arqRetryHelper(calledIn:…)`).
    struct ArqRetryHelper {
        var name: String
        var path: String
        var line: Int
        var callLine: Int
        fileprivate var bound: JobTryBound?
    }

    /// The first call in `span` (a function of `lexed` holding paid work) of a function of another project file that
    /// raises arq's `Retry` in its own body. Only functions with a paid token are looked at, and only files naming arq
    /// and `Retry(` are lexed, so a job without paid work costs nothing.
    static func arqRetryHelper(
        calledIn span: ClosedRange<Int>, facts: FileFacts, code: CodeIndex, paidTokens: [Int], path: String
    ) -> ArqRetryHelper? {
        let first = paidTokens.partitionPoint { $0 < span.lowerBound }
        guard first < paidTokens.count, paidTokens[first] <= span.upperBound else { return nil }
        for call in facts.calls where span.contains(call.token) {
            for target in code.resolve(call, in: facts).targets where target.path != path {
                guard let bytes = code.project.contents(of: target.path),
                      arqWords.contains(where: { ByteSearch.containsFolded(bytes, $0, within: 4_096) }),
                      ByteSearch.containsFolded(bytes, retryCall),
                      let helper = code.lexedFile(target.path),
                      let block = helper.blocks.indices.first(where: { block in
                          helper.blocks[block].kind == .function && helper.statementSpan(of: block) == target.definition.tokens
                      })
                else { continue }
                let scanner = RetryScanner(lexed: helper, bound: 0)
                let helperSpan = helper.span(of: block)
                guard let raise = helperSpan.first(where: { scanner.raisesArqRetry(at: $0) && helper.enclosingFunction(of: $0) == block })
                else { continue }
                return ArqRetryHelper(
                    name: call.name, path: target.path, line: helper.tokens[raise].line, callLine: call.line,
                    bound: scanner.jobTryBound(in: helperSpan))
            }
        }
        return nil
    }

    /// `raise Retry(…)`, `raise Retry`, `raise arq.Retry(…)`, `raise arq.worker.Retry(…)`.
    fileprivate func raisesArqRetry(at index: Int) -> Bool {
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

    fileprivate enum JobTryBound { case bound(Int), unreadable }

    /// The tries a job's comparison of `job_try` with a number allows (`ctx["job_try"] < 3`: 3; `<= 3`: 4; `>= 3`
    /// before giving up: 3; `> 3`: 4); the fewest when there are several. Unreadable when compared with what the file
    /// does not give as a number; nil when the job reads no `job_try`.
    fileprivate func jobTryBound(in span: ClosedRange<Int>) -> JobTryBound? {
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
