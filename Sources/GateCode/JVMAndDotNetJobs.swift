import GateCore

/// Work Java, Kotlin and C# code hands to a job library instead of doing it, which then runs as background work:
///
/// - Spring's `@Async` on a method, or on its class: calling the method queues it on an executor.
/// - JobRunr: `BackgroundJob.enqueue(() -> service.summarize(id))`, `jobScheduler.enqueue(…)`, `schedule(…)`,
///   `scheduleRecurrently(…)`, and Kotlin's `jobScheduler.enqueue { service.summarize(id) }`.
/// - Hangfire: `BackgroundJob.Enqueue(() => _service.Summarize(id))`, `BackgroundJob.Enqueue<ISummaryService>(s =>
///   s.Summarize(id))`, `_jobs.Enqueue<T>(…)` on an `IBackgroundJobClient`, `Schedule(…)`, `RecurringJob.AddOrUpdate(…)`.
///
/// Both libraries serialise the lambda's one method call (its arguments are evaluated when the job is enqueued), so
/// the enqueued work is the call the lambda's body starts with.
public enum JVMAndDotNetJobs {
    /// A lambda handed to a job library's enqueue call, by the token of the call it enqueues.
    public struct EnqueuedLambda: Sendable, Hashable {
        /// `JobRunr` or `Hangfire`.
        public var library: String
        /// The token of the enqueue call's name (`enqueue`, `Enqueue`, `AddOrUpdate`).
        public var enqueueToken: Int
        /// The enqueue call's name as written (`Enqueue`, `Schedule`, `AddOrUpdate`).
        public var enqueueName: String
        /// The enqueue call's argument list, parentheses included (or a Kotlin trailing lambda's braces).
        public var arguments: ClosedRange<Int>
        /// The lambda's parameter and the type a generic enqueue gives it (`s` and `ISummaryService` in
        /// `Enqueue<ISummaryService>(s => s.Summarize(id))`).
        public var parameter: String?
        public var parameterType: String?
    }

    /// The names of the calls that enqueue, schedule or repeat a job, in JobRunr (Java, Kotlin) and Hangfire (C#).
    private static let jobRunrCalls = WordSet(["enqueue", "schedule", "scheduleRecurrently", "createRecurrently"])
    private static let hangfireCalls = WordSet(["Enqueue", "Schedule", "AddOrUpdate", "ContinueJobWith", "ContinueWith"])
    /// What the imports of a file using either library name, ASCII case aside: only the first bytes of a file,
    /// where imports are, are read before it is known to use one.
    private static let jobRunrWord = Array("org.jobrunr".utf8), hangfireWord = Array("hangfire".utf8)
    /// Spring's `org.springframework.scheduling.annotation.Async` (or the package's `*`).
    private static let springSchedulingWord = Array("scheduling.annotation".utf8)

    /// The library a file uses, by its imports; nil for nearly every file, at the cost of reading its first bytes.
    public static func jobLibrary(of lexed: LexedSource) -> String? {
        switch lexed.language {
        case .java, .kotlin:
            return ByteSearch.containsFolded(lexed.bytes, jobRunrWord, within: 4_096) ? "JobRunr" : nil
        case .csharp:
            return ByteSearch.containsFolded(lexed.bytes, hangfireWord, within: 4_096) ? "Hangfire" : nil
        default:
            return nil
        }
    }

    /// The calls a file hands to a job library in a lambda, by their token; empty unless it imports one.
    public static func enqueuedLambdas(in lexed: LexedSource) -> [Int: EnqueuedLambda] {
        guard let library = jobLibrary(of: lexed) else { return [:] }
        let names = library == "Hangfire" ? hangfireCalls : jobRunrCalls
        var result: [Int: EnqueuedLambda] = [:]
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier
            && names.contains(lexed.bytes[tokens[index].start..<tokens[index].end])
        {
            guard let receiver = jobReceiver(before: index, in: lexed) else { continue }
            // C#'s `Enqueue<ISummaryService>(`: the type after the name; Java's `BackgroundJob.<SummaryService>enqueue(`
            // puts it before.
            var open = index + 1
            var parameterType = receiver.type
            if lexed.token(open, isPunctuation: Byte.less), lexed.isIdentifier(open + 1), lexed.token(open + 2, isPunctuation: Byte.greater) {
                parameterType = lexed.text(open + 1)
                open += 3
            }
            var lambdas: [(start: Int, end: Int)] = []
            var end = open
            if lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open {
                lambdas = arguments(of: open, in: lexed)
                end = lexed.partner[open]
                // Kotlin's trailing lambda after the arguments: `jobScheduler.schedule(at) { … }`.
                let close = lexed.partner[open]
                if lexed.language == .kotlin, lexed.token(close + 1, isPunctuation: Byte.openBrace), lexed.partner[close + 1] > close + 1 {
                    lambdas.append((close + 1, lexed.partner[close + 1]))
                    end = lexed.partner[close + 1]
                }
            } else if lexed.language == .kotlin, lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open {
                lambdas = [(open, lexed.partner[open])]
                end = lexed.partner[open]
            }
            guard !lambdas.isEmpty else { continue }
            let span = open...end
            for lambda in lambdas {
                guard let (parameter, body) = lambdaBody(start: lambda.start, end: lambda.end, in: lexed),
                      let work = firstCall(at: body, before: lambda.end, in: lexed)
                else { continue }
                result[work] = EnqueuedLambda(
                    library: library, enqueueToken: index, enqueueName: lexed.text(index), arguments: span,
                    parameter: parameter ?? (lexed.language == .kotlin && parameterType != nil ? "it" : nil),
                    parameterType: parameterType)
            }
        }
        return result
    }

    /// Whether the call's receiver is a job library's scheduler: the static `BackgroundJob` and `RecurringJob` (and
    /// JobRunr's `BackgroundJobRequest`), or a name of one (`jobScheduler`, `_jobs`, `_backgroundJobClient`). Returns
    /// the generic type Java writes before the name (`BackgroundJob.<SummaryService>enqueue(`), if any.
    private static func jobReceiver(before index: Int, in lexed: LexedSource) -> JobReceiver? {
        var dot = index - 1
        var type: String?
        if lexed.token(dot, isPunctuation: Byte.greater), lexed.isIdentifier(dot - 1), lexed.token(dot - 2, isPunctuation: Byte.less) {
            type = lexed.text(dot - 1)
            dot -= 3
        }
        guard lexed.token(dot, isPunctuation: Byte.dot) || lexed.token(dot, is: "?."), lexed.isIdentifier(dot - 1) else { return nil }
        let name = lexed.text(dot - 1)
        if ["BackgroundJob", "RecurringJob", "BackgroundJobRequest"].contains(name) { return JobReceiver(type: type) }
        let folded = name.lowercased()
        return folded.contains("job") || folded.contains("scheduler") ? JobReceiver(type: type) : nil
    }

    private struct JobReceiver {
        var type: String?
    }

    /// Each argument of the call whose `(` is `open` that is a lambda, from its first token to the last.
    private static func arguments(of open: Int, in lexed: LexedSource) -> [(start: Int, end: Int)] {
        lexed.topLevelItems(between: open, and: lexed.partner[open]).map { ($0.lowerBound, $0.upperBound - 1) }
    }

    /// A lambda's one parameter (when it has one) and the first token of its body: `() -> body`, `x -> body`,
    /// `(x) => body`, `async () => body`, or Kotlin's `{ body }` and `{ x -> body }`. Nil when the argument is no
    /// lambda.
    private static func lambdaBody(start: Int, end: Int, in lexed: LexedSource) -> (String?, Int)? {
        var cursor = start
        if lexed.token(cursor, is: "async") { cursor += 1 }
        if lexed.language == .kotlin, lexed.token(cursor, isPunctuation: Byte.openBrace) {
            if lexed.isIdentifier(cursor + 1), lexed.token(cursor + 2, is: "->") { return (lexed.text(cursor + 1), cursor + 3) }
            return (nil, cursor + 1)
        }
        var parameter: String?
        var arrow = cursor + 1
        if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor {
            arrow = lexed.partner[cursor] + 1
            // `(s) =>`, `(ISummaryService s) =>`: the last name in the parentheses, when there is one parameter.
            if arrow - 1 > cursor + 1, lexed.isIdentifier(arrow - 2),
               !(cursor + 1..<arrow - 1).contains(where: { lexed.token($0, isPunctuation: Byte.comma) })
            {
                parameter = lexed.text(arrow - 2)
            }
        } else if lexed.isIdentifier(cursor) {
            parameter = lexed.text(cursor)
        } else {
            return nil
        }
        guard arrow < end, lexed.token(arrow, is: "->") || lexed.token(arrow, is: "=>") else { return nil }
        var body = arrow + 1
        // A block lambda's first statement: `() -> { service.summarize(id); }`.
        if lexed.token(body, isPunctuation: Byte.openBrace) { body += 1 }
        return (parameter, body)
    }

    /// The call a lambda's body starts with (`summarize` in `this.service.summarize(id)`, `await _service.Summarize(id)`).
    private static func firstCall(at body: Int, before end: Int, in lexed: LexedSource) -> Int? {
        var cursor = body
        if lexed.token(cursor, is: "await") || lexed.token(cursor, is: "return") { cursor += 1 }
        while cursor < end, lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.dot) || lexed.token(cursor + 1, is: "?."),
              lexed.isIdentifier(cursor + 2)
        {
            cursor += 2
        }
        guard cursor < end, lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.openParen) else { return nil }
        return cursor
    }

    // MARK: Spring @Async

    /// The first token of each definition of a Java or Kotlin file that runs as background work when called: a method
    /// annotated `@Async`, or any method of a class annotated so. Empty unless the file imports Spring's scheduling
    /// annotations.
    static func asyncMethods(in lexed: LexedSource, definitions: [Definition], containers: [ContainerFact]) -> Set<Int> {
        guard lexed.language == .java || lexed.language == .kotlin,
              ByteSearch.containsFolded(lexed.bytes, springSchedulingWord, within: 4_096)
        else { return [] }
        let asyncClasses = containers.filter { annotatedAsync(from: $0.tokens.lowerBound, name: $0.name, in: lexed) }
        var result = Set<Int>()
        for definition in definitions {
            let inAsyncClass = asyncClasses.contains { $0.name == definition.container && $0.tokens.contains(definition.tokens.lowerBound) }
            if inAsyncClass || annotatedAsync(from: definition.tokens.lowerBound, name: definition.name, in: lexed) {
                result.insert(definition.tokens.lowerBound)
            }
        }
        return result
    }

    /// Whether the header starting at `start` carries `@Async`, read up to the declaration's name.
    private static func annotatedAsync(from start: Int, name: String, in lexed: LexedSource) -> Bool {
        var cursor = start
        while cursor < lexed.tokens.count, cursor < start + 80 {
            if lexed.token(cursor, isPunctuation: Byte.at) {
                if lexed.token(cursor + 1, is: "Async") { return true }
                // An annotation's arguments (`@Transactional(readOnly = true)`) hold no declaration name.
                if lexed.token(cursor + 2, isPunctuation: Byte.openParen), lexed.partner[cursor + 2] > cursor + 2 {
                    cursor = lexed.partner[cursor + 2] + 1
                    continue
                }
            } else if lexed.isIdentifier(cursor), !lexed.token(cursor - 1, isPunctuation: Byte.at), lexed.text(cursor) == name {
                return false
            } else if lexed.token(cursor, isPunctuation: Byte.openBrace) {
                return false
            }
            cursor += 1
        }
        return false
    }
}

extension WorkQueues {
    /// The handlers of a call a job library's lambda enqueues: the lambda's parameter is of the generic type the enqueue
    /// call gives it (an interface resolving to its implementations); any other receiver resolves as in a plain call.
    static func enqueuedByLambda(_ call: CallFact, _ lambda: JVMAndDotNetJobs.EnqueuedLambda, in facts: FileFacts,
                                 index: CodeIndex) -> Enqueued? {
        let handlers: [Symbol]
        if let parameter = lambda.parameter, let type = lambda.parameterType, call.receiver == [parameter] {
            handlers = index.methods(call.name, ofType: type, from: facts)
        } else {
            handlers = index.resolve(call, in: facts).targets
        }
        return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: call.name,
                                                 background: "\(lambda.library) enqueues \(call.name)")
    }
}

extension CodeIndex {
    /// The methods of the file at `path` (written in `language`) that a JobRunr or Hangfire lambda of the project
    /// hands to its job library (`BackgroundJob.Enqueue<IDocumentSummarizer>(s => s.SummarizeAsync(id))`,
    /// `_jobs.Schedule(() => _digest.Send(id), delay)`, `RecurringJob.AddOrUpdate<FeedService>(…)`): they run as
    /// background work wherever they are defined, as a Sidekiq job's `perform` does. Only that class's method of the
    /// name (`ScheduledEntryPoint.container`), resolved as the enqueue's reach resolves it (the lambda parameter's
    /// type, an interface's implementations; imports and receiver types otherwise), never by its name alone.
    public func enqueuedEntryPoints(in path: String, language: SourceLanguage) -> [ScheduledEntryPoint] {
        let family: String
        switch language {
        case .csharp: family = "csharp"
        case .java, .kotlin: family = "jvm"
        default: return []
        }
        return project.configuration("job-library-enqueued-methods." + family) { () -> [String: [ScheduledEntryPoint]] in
            var result: [String: [ScheduledEntryPoint]] = [:]
            let suffixes = family == "csharp" ? [".cs"] : [".java", ".kt"]
            let word = family == "csharp" ? Self.hangfireImportWord : Self.jobRunrImportWord
            for file in project.paths where suffixes.contains(where: file.hasSuffix) {
                // The library's name among the file's imports (its first bytes), before the file is lexed.
                guard let bytes = project.contents(of: file), ByteSearch.containsFolded(bytes, word, within: 4_096),
                      let facts = facts(of: file), !facts.enqueuedLambdas.isEmpty
                else { continue }
                for call in facts.calls {
                    guard let lambda = facts.enqueuedLambdas[call.token],
                          let work = WorkQueues.enqueuedByLambda(call, lambda, in: facts, index: self)
                    else { continue }
                    let how = "\(lambda.library)'s \(lambda.enqueueName)"
                    for handler in work.handlers {
                        let entry = ScheduledEntryPoint(
                            path: handler.path, method: handler.definition.name, schedule: file,
                            container: handler.definition.container, handedTo: how)
                        if !(result[handler.path]?.contains(entry) ?? false) { result[handler.path, default: []].append(entry) }
                    }
                }
            }
            return result
        }[path] ?? []
    }

    private static let hangfireImportWord = Array("hangfire".utf8), jobRunrImportWord = Array("org.jobrunr".utf8)
}
