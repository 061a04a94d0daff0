import GateCode
import GateCore

/// JobRunr (Java, Kotlin) and Hangfire (C#) retry a failed job 10 times by default: 11 attempts of the paid work the
/// enqueued method reaches. The job method, or its class, may set the count: JobRunr's `@Job(retries = N)`,
/// Hangfire's `[AutomaticRetry(Attempts = N)]` (0: no retries); N retries are N + 1 attempts. Without either, the
/// project's own default applies when it sets one (a global `AutomaticRetryAttribute`, JobRunr's
/// `default-number-of-retries` or a `RetryFilter`). The retried work is the
/// call the lambda handed to `BackgroundJob.enqueue(…)`-like calls enqueues (JVMAndDotNetJobs.swift), which reach
/// follows to its paid call; a job method of another file is read through `enqueuedJobMethods`.
extension RetryScanner {
    /// The retries both libraries give a job that sets none.
    static let jobRunnerDefaultRetries = 10

    /// A job method as `enqueuedJobMethods` gives it: its file, its tokens and its class's.
    struct JobMethod {
        var lexed: LexedSource
        var method: ClosedRange<Int>
        var container: ClosedRange<Int>?
    }

    func jobRunnerRetries() -> [RetryConstruct] {
        guard let library = JVMAndDotNetJobs.jobLibrary(of: lexed) else { return [] }
        let kind = library == "Hangfire" ? "Hangfire AutomaticRetry" : "JobRunr job retries"
        // A job that sets no retries of its own gets the project's (Hangfire's global filter, JobRunr's configured
        // default: JobRetrySettings.swift), else the library's 10; the project is asked once a job needs it.
        lazy var unset: (attempts: Int?, kind: String) = projectJobRetries(library).map { ($0.attempts, "\($0.setting) (\($0.path))") }
            ?? (Self.jobRunnerDefaultRetries + 1, kind)
        var result: [RetryConstruct] = []
        for (work, lambda) in JVMAndDotNetJobs.enqueuedLambdas(in: lexed).sorted(by: { $0.key < $1.key }) {
            // The most attempts any of the methods the call may run allows (an interface's implementations).
            let retried = enqueuedJobMethods(work).map { job -> (attempts: Int?, kind: String) in
                Self.configuredRetries(library: library, method: job.method, container: job.container, in: job.lexed)
                    .map { ($0 + 1, kind) } ?? unset
            }.max { ProjectJobRetries.fewer($0.attempts, than: $1.attempts) } ?? unset
            result.append(RetryConstruct(
                kind: retried.kind, line: lexed.tokens[lambda.enqueueToken].line, scope: lambda.arguments, attempts: retried.attempts))
        }
        // A job method of this file that asks for more retries than the bound retries its own paid calls, whoever
        // enqueues it: `[AutomaticRetry(Attempts = 20)]` over a method calling OpenAI.
        for (block, span) in lexed.blocks.indices.compactMap({ block -> (Int, ClosedRange<Int>)? in
            let kind = lexed.blocks[block].kind
            return kind == .function || kind == .container ? (block, lexed.statementSpan(of: block)) : nil
        }) {
            guard let (retries, line) = Self.retrySetting(library: library, header: span.lowerBound..<lexed.blocks[block].openToken,
                                                          in: lexed),
                  RetryBound.exceeded(attempts: retries + 1, bound: bound)
            else { continue }
            result.append(RetryConstruct(kind: kind, line: line, scope: span, attempts: retries + 1))
        }
        return result
    }

    /// The retries a job method, or else its class, sets; nil when neither does.
    static func configuredRetries(library: String, method: ClosedRange<Int>, container: ClosedRange<Int>?, in lexed: LexedSource) -> Int? {
        func header(_ span: ClosedRange<Int>) -> Range<Int> {
            var end = span.lowerBound
            while end < span.upperBound, !lexed.token(end, isPunctuation: Byte.openBrace), !lexed.token(end, is: "=>") { end += 1 }
            return span.lowerBound..<end
        }
        if let own = retrySetting(library: library, header: header(method), in: lexed) { return own.retries }
        return container.flatMap { retrySetting(library: library, header: header($0), in: lexed)?.retries }
    }

    /// `@Job(retries = N)` or `[AutomaticRetry(Attempts = N)]` among a declaration's annotations: N and its line. A
    /// count the file does not give as a number or a constant is not judged.
    private static func retrySetting(library: String, header: Range<Int>, in lexed: LexedSource) -> (retries: Int, line: Int)? {
        let hangfire = library == "Hangfire"
        for cursor in header {
            let annotation = hangfire
                ? (lexed.token(cursor, is: "AutomaticRetry") || lexed.token(cursor, is: "AutomaticRetryAttribute"))
                    && (lexed.token(cursor - 1, isPunctuation: Byte.openBracket) || lexed.token(cursor - 1, isPunctuation: Byte.comma))
                : lexed.token(cursor, is: "Job") && lexed.token(cursor - 1, isPunctuation: Byte.at)
            guard annotation, lexed.token(cursor + 1, isPunctuation: Byte.openParen), lexed.partner[cursor + 1] > cursor + 1 else { continue }
            let arguments = (cursor + 1)...lexed.partner[cursor + 1]
            let name: StaticString = hangfire ? "Attempts" : "retries"
            for setting in arguments where lexed.token(setting, is: name) && lexed.token(setting + 1, isPunctuation: Byte.equals) {
                guard let count = lexed.integer(setting + 2) ?? lexed.constantInteger(setting + 2) else { return nil }
                return (count, lexed.tokens[setting].line)
            }
        }
        return nil
    }
}
