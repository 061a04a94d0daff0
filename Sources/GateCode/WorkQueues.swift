import GateCore

/// Calls that enqueue work instead of doing it: the handler then runs as background work.
///
/// `SummarizeJob.perform_later(id)` (ActiveJob), `perform_async` (Sidekiq), `summarize.delay(…)` and
/// `apply_async` (Celery), `queue.enqueue(summarize, …)` (RQ), `actor.send(…)` (Dramatiq),
/// `SummarizeJob::dispatch(…)` and `dispatch(new SummarizeJob(…))` (Laravel), `Resque.enqueue(SummarizeJob, …)`,
/// `$bus->dispatch(new SummarizeDocument(…))` (Symfony Messenger).
public enum WorkQueues {
    struct Enqueued {
        var handlers: [Symbol]
        /// `SummarizeJob` or `summarize`, for messages.
        var label: String
        /// Why the handler's work is background work, for messages.
        var background: String
    }

    static func enqueued(_ call: CallFact, in facts: FileFacts, index: CodeIndex) -> Enqueued? {
        // A queue worker (BullMQ `new Worker("q", summarize)`, Bull/Bee-Queue `queue.process(summarize)`) runs
        // its processor once per job, with the queue's retries.
        if !facts.processors.isEmpty, let processor = facts.processors[call.token] {
            let handlers = index.resolve(CallFact(name: processor, receiver: [], token: call.token, line: call.line,
                                                  column: call.column, firstArgument: nil), in: facts).targets
            return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: processor,
                                                     background: "queue worker runs \(processor)")
        }
        // A call a JobRunr or Hangfire lambda hands to the job library.
        if !facts.enqueuedLambdas.isEmpty, let lambda = facts.enqueuedLambdas[call.token] {
            return enqueuedByLambda(call, lambda, in: facts, index: index)
        }
        if facts.language.isJavaScriptLike, JavaScriptJobPlatforms.mayStart(call.name),
           let work = platformJob(call, in: facts, index: index)
        {
            return work
        }
        return enqueuedWork(call, in: facts, index: index)
    }

    static let classMethods: [String: String] = [
        "perform_later": "perform", "perform_async": "perform", "perform_in": "perform", "perform_at": "perform",
        "perform_bulk": "perform", "dispatch": "handle", "dispatchSync": "handle", "dispatch_sync": "handle",
        "dispatchAfterResponse": "handle",
    ]
    /// Also Celery's signatures (`summarize.s(id)`, `.si(…)`, `.signature(…)`), made to be enqueued: alone, in a
    /// `group`, `chain` or `chord`.
    static let functionMethods: Set<String> = [
        "delay", "apply_async", "send", "send_with_options", "kiq", "spawn", "s", "si", "signature",
    ]
    public static let enqueueFunctions: Set<String> = ["enqueue", "enqueue_call", "enqueue_in", "enqueue_at"]
    /// FastAPI's and Starlette's `background_tasks.add_task(summarize, …)`: the function runs after the response is
    /// sent, as a queued job runs after the enqueue (Python only).
    static let backgroundTaskFunctions: Set<String> = ["add_task"]
    /// Python queues that enqueue a function by its name: arq's `pool.enqueue_job("summarize", …)`, Celery's
    /// `app.send_task("tasks.summarize", …)` (the name's last part, Celery's default being the module and function).
    static let byNameFunctions: Set<String> = ["enqueue_job", "send_task"]
    /// Go's asynq makes a task of a type, which the worker's mux runs the handler of (AsynqTasks.swift).
    static let taskConstructors: Set<String> = ["NewTask"]
    /// Calls of JavaScript job platforms whose work depends on their arguments (a task's id, an event's name), which
    /// `mayEnqueue` must know, so that reach does not remember them by name (JavaScriptJobPlatforms.swift).
    static let startsByArguments: Set<String> = ["trigger", "batchTrigger", "triggerAndWait", "batchTriggerAndWait", "sendEvent"]

    /// Calls that enqueue many jobs at once, each made in the call's arguments: ActiveJob's
    /// `ActiveJob.perform_all_later(docs.map { EmbedJob.new(_1.id) })`, Laravel's `Bus::batch([new EmbedDocument($d),
    /// …])->dispatch()` and `Bus::chain([…])`, by the receiver each needs; and River's `client.InsertMany(ctx, params)`
    /// and `InsertManyTx`, whose params (`river.InsertManyParams{Args: jobs.EmbedArgs{…}}`) the calling function builds.
    static let bulkEnqueues: [String: (receiver: String?, method: String)] = [
        "perform_all_later": ("ActiveJob", "perform"), "batch": ("Bus", "handle"), "chain": ("Bus", "handle"),
        "InsertMany": (nil, "Work"), "InsertManyTx": (nil, "Work"),
    ]

    private static let enqueueNames = NamePrefilter(
        Array(classMethods.keys) + Array(functionMethods) + Array(enqueueFunctions) + Array(byNameFunctions)
            + Array(backgroundTaskFunctions) + Array(taskConstructors) + Array(startsByArguments) + Array(bulkEnqueues.keys))

    /// Whether `name` may be one of the names above. Asked of every call reach resolves, most of which enqueue
    /// nothing.
    static func mayEnqueue(_ name: String) -> Bool { enqueueNames.mayContain(name) }

    private static func enqueuedWork(_ call: CallFact, in facts: FileFacts, index: CodeIndex) -> Enqueued? {
        if facts.language == .elixir, call.name == "new" { return obanJob(call, in: facts, index: index) }
        guard mayEnqueue(call.name) else { return nil }
        if let bulk = bulkEnqueues[call.name] { return bulkEnqueued(call, bulk, in: facts, index: index) }
        if let method = classMethods[call.name] {
            var receiver = call.receiver
            while let last = receiver.last, last == "set" || last == "delay" || last == "onQueue" { receiver.removeLast() }
            var type: String?
            if let last = receiver.last, FactExtractor.startsUppercase(last) {
                type = receiver.joined(separator: facts.language.resolver.memberSeparator)
            } else if receiver.isEmpty, let argument = call.firstArgument, argument.hasPrefix("new ") {
                type = String(argument.dropFirst(4))
            }
            // Symfony Messenger: `$bus->dispatch(new SummarizeDocument($id))` hands a message to the handlers of its class.
            if type == nil, facts.language == .php, call.name == "dispatch", let argument = call.firstArgument,
               argument.hasPrefix("new ")
            {
                let message = String(argument.dropFirst(4))
                let handlers = index.messengerHandlers(of: message)
                return handlers.isEmpty ? nil : Enqueued(
                    handlers: handlers, label: message, background: "dispatches \(message) to its Messenger handler")
            }
            guard let type else { return nil }
            let handlers = index.methods(method, ofType: type, from: facts)
            return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: type, background: "enqueues \(type)")
        }
        if functionMethods.contains(call.name), call.receiver.count == 1, let name = call.receiver.first,
           name.first?.isLowercase == true
        {
            let handlers = index.resolve(CallFact(name: name, receiver: [], token: call.token, line: call.line,
                                                  column: call.column, firstArgument: nil), in: facts).targets
            // `app.signature("digest.send")` names its task rather than being one's method: below.
            if !handlers.isEmpty || call.name != "signature" {
                return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: name, background: "enqueues \(name)")
            }
        }
        // `send_task("app.tasks.summarize", …)`, Celery's `signature("digest.send")` (also `app.signature(…)`), or a
        // Celery beat entry's `"task": "app.tasks.summarize"` (`task=` of a django-celery-beat `PeriodicTask`).
        if byNameFunctions.contains(call.name) && !call.receiver.isEmpty || call.name == "signature", facts.language == .python,
           let lexed = index.lexedFile(facts.path),
           lexed.token(call.token + 1, isPunctuation: Byte.openParen) || lexed.token(call.token + 1, isPunctuation: Byte.colon)
            || lexed.token(call.token + 1, isPunctuation: Byte.equals),
           lexed.tokens.indices.contains(call.token + 2), lexed.tokens[call.token + 2].kind == .string
        {
            let registered = lexed.text(call.token + 2)
            guard let name = registered.split(separator: ".").last.map(String.init), !name.isEmpty else { return nil }
            // A task registered under a name of its own (`@app.task(name="digest.send")`) is that name's. Else
            // Celery's default name is the module's and the function's: `app.tasks.summarize` is `app/tasks.py`'s,
            // wherever the module is; a name without its module is looked for among the files that register work.
            let module = registered.split(separator: ".").dropLast().joined(separator: ".")
            var handlers = index.celeryTasks(registeredAs: registered)
            // Named by the name it is registered under, else by its function's.
            let label = handlers.isEmpty ? name : registered
            if handlers.isEmpty, !module.isEmpty {
                for path in facts.language.resolver.files(forModule: module, from: facts.path, project: index.project) {
                    handlers += index.facts(of: path)?.definitions.filter { $0.container == nil && $0.name == name }
                        .map { Symbol(path: path, definition: $0) } ?? []
                }
            }
            if handlers.isEmpty { handlers = index.queuedFunctions(named: name) }
            let scheduled = call.receiver == [Self.celeryBeatSchedule]
            return handlers.isEmpty ? nil : Enqueued(
                handlers: handlers, label: label, background: scheduled ? "Celery beat runs \(label) on a schedule" : "enqueues \(label)")
        }
        if taskConstructors.contains(call.name) { return asynqTask(call, in: facts, index: index) }
        if enqueueFunctions.contains(call.name) || backgroundTaskFunctions.contains(call.name) && facts.language == .python,
           !call.receiver.isEmpty, let name = call.firstArgument, !name.hasPrefix("new ")
        {
            // Ruby's `Resque.enqueue(SummarizeJob, id)` and `Sidekiq::Client.enqueue(SummarizeJob, id)` enqueue a class,
            // whose `perform` the worker runs (Resque's a class method, Sidekiq's an instance's).
            if facts.language == .ruby, FactExtractor.startsUppercase(name) {
                let handlers = index.methods("perform", ofType: name, from: facts)
                return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: name, background: "enqueues \(name)")
            }
            let handlers = index.resolve(CallFact(name: name, receiver: [], token: call.token, line: call.line,
                                                  column: call.column, firstArgument: nil), in: facts).targets
            return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: name, background: "enqueues \(name)")
        }
        return nil
    }

    /// The jobs a bulk enqueue makes: the classes constructed in its arguments (Ruby's `EmbedJob.new(…)`, PHP's
    /// `new EmbedDocument(…)`), or for River the job args types the calling function writes in `Args:` fields, whose
    /// workers' `Work` methods (`Work(ctx, job *river.Job[EmbedArgs])`) run them.
    private static func bulkEnqueued(_ call: CallFact, _ bulk: (receiver: String?, method: String), in facts: FileFacts,
                                     index: CodeIndex) -> Enqueued? {
        // The receiver and language first: `batch` and `chain` name many other calls (LangChain's `chain.batch`), which
        // should not cost a lookup of the file's tokens.
        switch (facts.language, bulk.receiver) {
        case (.ruby, let receiver?), (.php, let receiver?): guard call.receiver == [receiver] else { return nil }
        case (.go, nil): break
        default: return nil
        }
        guard let lexed = index.lexedFile(facts.path), lexed.token(call.token + 1, isPunctuation: Byte.openParen),
              lexed.partner[call.token + 1] > call.token + 1
        else { return nil }
        let close = lexed.partner[call.token + 1]
        var types: [String] = []
        switch (facts.language, bulk.receiver) {
        case (.ruby, let receiver?), (.php, let receiver?):
            guard call.receiver == [receiver] else { return nil }
            for at in (call.token + 2)..<close where lexed.isIdentifier(at) {
                if facts.language == .ruby, lexed.token(at + 1, isPunctuation: Byte.dot), lexed.token(at + 2, is: "new"),
                   FactExtractor.startsUppercase(lexed.text(at))
                {
                    types.append(lexed.text(at))
                } else if facts.language == .php, lexed.token(at - 1, is: "new") {
                    types.append(lexed.text(at))
                }
            }
        case (.go, nil):
            guard let function = facts.definitions.last(where: { $0.tokens.contains(call.token) }) else { return nil }
            for at in function.tokens where lexed.token(at, is: "Args") && lexed.token(at + 1, isPunctuation: Byte.colon) {
                var (names, last) = lexed.dottedName(at: at + 2)
                if names.isEmpty, lexed.token(at + 2, isPunctuation: Byte.ampersand) { (names, last) = lexed.dottedName(at: at + 3) }
                if let name = names.last, lexed.token(last + 1, isPunctuation: Byte.openBrace) { types.append(name) }
            }
            var handlers: [Symbol] = []
            for type in Set(types).sorted() { handlers += index.riverWorkers(of: type) }
            let label = Set(types).sorted().joined(separator: ", ")
            return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: label, background: "inserts \(label) jobs")
        default:
            return nil
        }
        var handlers: [Symbol] = []
        for type in Set(types).sorted() { handlers += index.methods(bulk.method, ofType: type, from: facts) }
        let label = Set(types).sorted().joined(separator: ", ")
        return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: label, background: "enqueues \(label) in bulk")
    }

    /// Oban's `SummarizeWorker.new(args)`, inserted (`|> Oban.insert()`, `Oban.insert_all(…)`): a job whose `perform` the
    /// queue runs. `new` is the function `use Oban.Worker` defines; a module that defines its own is no worker's.
    private static func obanJob(_ call: CallFact, in facts: FileFacts, index: CodeIndex) -> Enqueued? {
        guard let last = call.receiver.last, FactExtractor.startsUppercase(last),
              index.elixirModuleFunctions("new", receiver: call.receiver, at: call.token, in: facts)?.isEmpty == true,
              let handlers = index.elixirModuleFunctions("perform", receiver: call.receiver, at: call.token, in: facts),
              !handlers.isEmpty
        else { return nil }
        let label = call.receiver.joined(separator: ".")
        return Enqueued(handlers: handlers, label: label, background: "enqueues \(label)")
    }
}

extension CodeIndex {
    /// The Python functions the project registers as Celery tasks under a name of their own, `@app.task(name=
    /// "digest.send")`, `@shared_task(bind=True, name="reports.rebuild")`, by that name: a schedule or `send_task` naming
    /// it runs them, not the function its last part names. Read once, in the files whose bytes say `task(`.
    func celeryTasks(registeredAs name: String) -> [Symbol] {
        project.configuration("celery-named-tasks") { () -> [String: [Symbol]] in
            var result: [String: [Symbol]] = [:]
            for path in project.paths where path.hasSuffix(".py") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.taskCallWord),
                      let lexed = lexedFile(path), let facts = facts(of: path)
                else { continue }
                for block in lexed.blocks where block.kind == .function && block.headerStart < block.openToken {
                    guard let registered = Self.celeryTaskName(in: block.headerStart..<block.openToken, lexed: lexed) else { continue }
                    let line = lexed.tokens[block.openToken].line
                    for definition in facts.definitions where definition.container == nil && definition.line == line {
                        result[registered, default: []].append(Symbol(path: path, definition: definition))
                    }
                }
            }
            return result
        }[name] ?? []
    }

    private static let taskCallWord = Array("task(".utf8)

    /// River's workers of a job args type: the `Work` methods whose job is `*river.Job[EmbedArgs]`. Read once per
    /// check from the Go files that name River's import path.
    func riverWorkers(of argsType: String) -> [Symbol] {
        project.configuration("river-workers") { () -> [String: [Symbol]] in
            var result: [String: [Symbol]] = [:]
            for path in project.paths where path.hasSuffix(".go") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.riverImportWord),
                      let lexed = lexedFile(path), let facts = facts(of: path)
                else { continue }
                for definition in facts.definitions where definition.name == "Work" && definition.container != nil {
                    for at in definition.tokens where lexed.token(at, is: "river") && lexed.token(at + 1, isPunctuation: Byte.dot)
                        && lexed.token(at + 2, is: "Job") && lexed.token(at + 3, isPunctuation: Byte.openBracket)
                    {
                        let (names, _) = lexed.dottedName(at: at + 4)
                        if let name = names.last { result[name, default: []].append(Symbol(path: path, definition: definition)) }
                        break
                    }
                }
            }
            return result
        }[argsType] ?? []
    }

    private static let riverImportWord = Array("riverqueue/river".utf8)

    /// Symfony Messenger's handlers of a message class: an `__invoke` of a handler class (`#[AsMessageHandler]`,
    /// `MessageHandlerInterface`), or a method marked `#[AsMessageHandler]` itself, whose parameter is of the message's
    /// class (`__invoke(SummarizeDocument $message)`). Read once per check from the PHP files that name a handler.
    func messengerHandlers(of message: String) -> [Symbol] {
        let name = message.split(separator: "\\").last.map(String.init) ?? message
        return project.configuration("symfony-messenger-handlers") { () -> [String: [Symbol]] in
            var result: [String: [Symbol]] = [:]
            for path in project.paths where path.hasSuffix(".php") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.messageHandlerWord),
                      let lexed = lexedFile(path), let facts = facts(of: path)
                else { continue }
                for definition in facts.definitions where definition.container != nil {
                    let tokens = definition.tokens
                    guard let keyword = tokens.first(where: { lexed.token($0, is: "function") }) else { continue }
                    let marked = (tokens.lowerBound..<keyword).contains { lexed.token($0, is: "AsMessageHandler") }
                    guard definition.name == "__invoke" || marked, lexed.token(keyword + 2, isPunctuation: Byte.openParen),
                          lexed.partner[keyword + 2] > keyword + 2
                    else { continue }
                    // The parameter's type is the identifier its variable follows: `SummarizeDocument $message`.
                    let parameters = (keyword + 3)..<lexed.partner[keyword + 2]
                    guard let type = parameters.first(where: { lexed.isIdentifier($0) && lexed.isIdentifier($0 + 1) }) else { continue }
                    result[lexed.text(type), default: []].append(Symbol(path: path, definition: definition))
                }
            }
            return result
        }[name] ?? []
    }

    private static let messageHandlerWord = Array("messagehandler".utf8)

    /// The `name="…"` of a Celery task decorator (`@app.task(…)`, `@celery.task(…)`, `@shared_task(…)`) among a
    /// function's decorators.
    private static func celeryTaskName(in header: Range<Int>, lexed: LexedSource) -> String? {
        for at in header where lexed.token(at, isPunctuation: Byte.at) && lexed.isIdentifier(at + 1) {
            var last = at + 1
            while lexed.token(last + 1, isPunctuation: Byte.dot), lexed.isIdentifier(last + 2) { last += 2 }
            let open = last + 1
            guard lexed.token(last, is: "task") || lexed.token(last, is: "shared_task"), lexed.token(open, isPunctuation: Byte.openParen),
                  lexed.partner[open] > open
            else { continue }
            for key in open..<lexed.partner[open] where lexed.token(key, is: "name") && lexed.token(key + 1, isPunctuation: Byte.equals)
                && (lexed.token(key - 1, isPunctuation: Byte.openParen) || lexed.token(key - 1, isPunctuation: Byte.comma))
                && lexed.tokens[key + 2].kind == .string
            {
                return lexed.text(key + 2)
            }
        }
        return nil
    }

    /// The top-level Python functions named `name` in the files of the tree that register queued work (a Celery
    /// task decorator, arq's `WorkerSettings`, or their modules in a worker's or task's directory), for work enqueued
    /// by name. Looked up once per name.
    func queuedFunctions(named name: String) -> [Symbol] {
        project.configuration("queued-function:" + name) { () -> [Symbol] in
            let definition = Array("def \(name)(".utf8)
            let candidates = project.paths.filter { path in
                path.hasSuffix(".py") && ["worker", "task", "job", "queue", "celery"].contains(where: path.lowercased().contains)
            }.prefix(400)
            var found: [Symbol] = []
            for path in candidates {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, definition),
                      let facts = facts(of: path)
                else { continue }
                found += facts.definitions.filter { $0.container == nil && $0.name == name }.map { Symbol(path: path, definition: $0) }
            }
            return found
        }
    }
}

extension CodeIndex {
    /// The provider a worker of the project pays when it runs a job of the queue named `queue`: BullMQ's
    /// `new Worker("summaries", summarize)` whose processor, imported or written inline, reaches a paid call. A
    /// queue's options (`defaultJobOptions: { attempts: 10 }`) are often set in another file than its worker.
    /// Looked up once per queue name; nil when no worker of it spends money.
    public func paidWorkerProvider(forQueue queue: String) -> String? {
        project.configuration("paid-queue-worker:" + queue) { () -> String? in
            let quoted = BytePatterns(["\"\(queue)\"", "'\(queue)'", "`\(queue)`"])
            for path in project.paths where SourceLanguage(path: path)?.isJavaScriptLike == true {
                guard let bytes = project.contents(of: path), quoted.matches(bytes),
                      ByteSearch.containsFolded(bytes, Array("worker".utf8)) || ByteSearch.containsFolded(bytes, Array("@processor".utf8)),
                      let facts = facts(of: path), let lexed = lexedFile(path)
                else { continue }
                if let provider = nestProcessorProvider(forQueue: queue, facts: facts, lexed: lexed) { return provider }
                for call in facts.calls where call.name == "Worker" && lexed.token(call.token - 1, is: "new") {
                    let open = call.token + 1
                    guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open,
                          lexed.tokens[open + 1].kind == .string, lexed.text(open + 1) == queue
                    else { continue }
                    // A processor by name reaches through the index; one written inline holds the paid call or
                    // calls what does (`await embedChunk(chunk)`, imported from the app's AI module).
                    if let paid = reach(of: call, in: facts).paid.first { return paid.provider }
                    let arguments = open...lexed.partner[open]
                    if let leaf = facts.paidLeaves.first(where: { arguments.contains($0.token) }) {
                        return leaf.provider
                    }
                    for inner in facts.calls where inner.token > open && inner.token < arguments.upperBound {
                        if let paid = reach(of: inner, in: facts).paid.first { return paid.provider }
                    }
                }
            }
            // A worker naming the queue by a constant (`new Worker(SUMMARIZE_QUEUE, summarize)`), its file no string
            // of it: the workers the job platforms' registry knows by the string the constant stands for.
            let registry = JavaScriptJobPlatforms.registry(of: self)
            for handler in registry.workersByQueue[queue] ?? [] {
                for symbol in JavaScriptJobPlatforms.symbols(of: handler, index: self) {
                    if let paid = summary(of: symbol).paid { return paid.provider }
                }
            }
            return nil
        }
    }

    /// The name of the BullMQ queue the argument at `token` of a file names (`new Queue(…)`'s or `new Worker(…)`'s
    /// first): a string, or a constant standing for one (JavaScriptJobPlatforms.queueName).
    public func bullQueueName(at token: Int, in lexed: LexedSource, path: String) -> String? {
        JavaScriptJobPlatforms.queueName(at: token, in: lexed, path: path, index: self)
    }
}

extension CodeIndex {
    /// The attempts a BullMQ queue named `queue` gives its jobs by default, where the project makes it:
    /// `new Queue("summaries", { defaultJobOptions: { attempts: 10 } })`. A worker of the queue added elsewhere runs
    /// each job that often. Looked up once per queue name, in the files that name it.
    public func bullQueueDefaultAttempts(forQueue queue: String) -> (path: String, line: Int, attempts: Int)? {
        let found = project.configuration("bull-queue-attempts:" + queue) { () -> [String] in
            let quoted = BytePatterns(["\"\(queue)\"", "'\(queue)'", "`\(queue)`"])
            for path in project.paths where SourceLanguage(path: path)?.isJavaScriptLike == true {
                guard let bytes = project.contents(of: path), quoted.matches(bytes),
                      ByteSearch.containsFolded(bytes, Array("attempts".utf8)), let lexed = lexedFile(path)
                else { continue }
                for index in lexed.tokens.indices where lexed.token(index, is: "Queue") && lexed.token(index - 1, is: "new")
                    && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.partner[index + 1] > index + 1
                    && index + 2 < lexed.tokens.count && lexed.tokens[index + 2].kind == .string && lexed.text(index + 2) == queue
                {
                    for cursor in (index + 2)..<lexed.partner[index + 1] where lexed.token(cursor, is: "attempts")
                        && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                    {
                        if cursor + 2 < lexed.tokens.count, lexed.tokens[cursor + 2].kind == .number,
                           let attempts = Int(lexed.text(cursor + 2))
                        {
                            return [path, String(lexed.tokens[cursor].line), String(attempts)]
                        }
                    }
                }
            }
            // A queue made with a constant for its name (`new Queue(QUEUE_NAMES.summarize, { defaultJobOptions })`).
            if let set = JavaScriptJobPlatforms.registry(of: self).defaultAttemptsByQueue[queue] {
                return [set.path, String(set.line), String(set.attempts)]
            }
            return []
        }
        guard found.count == 3, let line = Int(found[1]), let attempts = Int(found[2]) else { return nil }
        return (found[0], line, attempts)
    }

    /// The provider a NestJS BullMQ processor of `queue` pays: `@Processor("summaries") export class … extends
    /// WorkerHost { async process(job) { … } }`, whose `process` method runs each job.
    func nestProcessorProvider(forQueue queue: String, facts: FileFacts, lexed: LexedSource) -> String? {
        for index in lexed.tokens.indices where lexed.token(index, is: "Processor") && lexed.token(index - 1, isPunctuation: Byte.at)
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && index + 2 < lexed.tokens.count
            && lexed.tokens[index + 2].kind == .string && lexed.text(index + 2) == queue
        {
            // The class the decorator is on: the first declared from it on (a class's span starts at its decorators).
            guard let container = facts.containers.filter({ $0.tokens.lowerBound >= index - 1 })
                .min(by: { $0.tokens.lowerBound < $1.tokens.lowerBound })
            else { continue }
            for definition in facts.definitions where definition.container == container.name && definition.name == "process" {
                if let paid = summary(of: Symbol(path: facts.path, definition: definition), known: facts).paid { return paid.provider }
            }
        }
        return nil
    }
}

/// A test that rejects nearly every name not in a small set without hashing it: the lengths of the set's names, one
/// bit each, by their first (ASCII) byte. A name it accepts may still be none of them.
struct NamePrefilter: Sendable {
    private let lengthsByFirstByte: [UInt64]

    init(_ names: [String]) {
        var lengths = [UInt64](repeating: 0, count: 128)
        for name in names {
            let utf8 = Array(name.utf8)
            guard let first = utf8.first, first < 128, utf8.count < 64 else { continue }
            lengths[Int(first)] |= 1 << UInt64(utf8.count)
        }
        lengthsByFirstByte = lengths
    }

    func mayContain(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard let first = utf8.first, first < 128 else { return false }
        let count = utf8.count
        return count < 64 && lengthsByFirstByte[Int(first)] & (1 << UInt64(count)) != 0
    }
}

extension WorkQueues {
    /// The receiver given the calls made up for a Celery beat schedule's entries.
    static let celeryBeatSchedule = "beat_schedule"
    private static let beatScheduleWord = Array("beat_schedule".utf8)

    /// Celery beat's schedule names the tasks it runs by their registered names: `"task": "app.tasks.refresh_summaries"`
    /// in `app.conf.beat_schedule = {…}`, `app.conf.update(beat_schedule={…})` or Django's `CELERY_BEAT_SCHEDULE`, and
    /// django-celery-beat's database schedule `PeriodicTask.objects.get_or_create(…, task="app.tasks.…")` (or its
    /// `defaults={"task": …}`). Each entry
    /// is made a call of `send_task` at its `task` key, as if the schedule sent the task by that name: it does, on
    /// its timetable. Read only in Python files that name a beat schedule or a `PeriodicTask`.
    static func celeryBeatEntries(in lexed: LexedSource) -> [CallFact] {
        guard lexed.language == .python else { return [] }
        var keys: [Int] = []
        if ByteSearch.containsFolded(lexed.bytes, beatScheduleWord),
           let schedule = lexed.tokens.indices.first(where: { index in
               lexed.tokens[index].kind == .identifier && lexed.text(index).lowercased().hasSuffix(celeryBeatSchedule)
           })
        {
            keys += (schedule..<lexed.tokens.count).filter { index in
                lexed.tokens[index].kind == .string && lexed.token(index + 1, isPunctuation: Byte.colon)
                    && index + 2 < lexed.tokens.count && lexed.tokens[index + 2].kind == .string && lexed.text(index) == "task"
            }
        }
        if ByteSearch.containsFolded(lexed.bytes, periodicTaskWord) {
            for index in lexed.tokens.indices where lexed.token(index, is: "PeriodicTask") {
                // `PeriodicTask(…)`, `PeriodicTask.objects.update_or_create(…)`: the first call of the chain.
                var open = index + 1
                while open < min(index + 8, lexed.tokens.count), !lexed.token(open, isPunctuation: Byte.openParen) { open += 1 }
                guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
                // `task="…"`, or `"task": "…"` in the `defaults` of `update_or_create`.
                keys += (open..<lexed.partner[open]).filter { cursor in
                    let named = lexed.token(cursor, is: "task") && lexed.token(cursor + 1, isPunctuation: Byte.equals)
                    let keyed = lexed.tokens[cursor].kind == .string && lexed.text(cursor) == "task"
                        && lexed.token(cursor + 1, isPunctuation: Byte.colon)
                    return (named || keyed) && lexed.tokens[cursor + 2].kind == .string
                }
            }
        }
        return keys.map { index in
            let token = lexed.tokens[index]
            return CallFact(
                name: "send_task", receiver: [celeryBeatSchedule], token: index, line: token.line, column: token.column,
                firstArgument: nil)
        }
    }

    private static let periodicTaskWord = Array("PeriodicTask".utf8)
}
