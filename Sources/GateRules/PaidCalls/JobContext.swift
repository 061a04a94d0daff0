import GateCore

/// Decides whether a file is background work: a job, worker, queue consumer, cron or script.
enum JobContext {
    /// Directory names that hold background work by convention.
    static let directories: Set<String> = ["jobs", "workers", "tasks", "cron", "crons", "queues", "scripts", "worker"]
    /// File names (without extension) that hold background work by convention.
    static let fileStems: Set<String> = ["tasks", "jobs", "worker", "workers", "activities", "cron"]

    /// Token patterns that mark job code; `*` is any identifier.
    static let markers: [[String]] = [
        ["@", "shared_task"], ["@", "periodic_task"], ["@", "job"], ["@", "actor"], ["@", "*", ".", "task"],
        ["@", "*", ".", "actor"], ["@", "*", ".", "periodic_task"], ["@", "activity", ".", "defn"],
        ["WorkerSettings"], ["Sidekiq", "::", "Job"], ["Sidekiq", "::", "Worker"], ["<", "ApplicationJob"],
        ["ActiveJob", "::", "Base"], ["new", "Worker", "("], ["cron", ".", "schedule"], ["schedule", ".", "scheduleJob"],
        ["new", "CronJob"], ["queue", ".", "process"], ["Queue", ".", "process"], ["@", "Scheduled"],
        ["@", "JobWorker"], ["@", "ActivityMethod"], ["RecurringJob", "."], ["BackgroundService"], ["IJob"],
        ["cron", ".", "New"], ["*", ".", "AddFunc"], ["@", "SqsListener"], ["@", "KafkaListener"],
        // Schedulers: gocron (Go), APScheduler and `schedule` (Python), Agenda, Inngest (Node, Python, Go) and Trigger.dev
        // (Node).
        ["gocron", ".", "NewScheduler"], ["gocron", ".", "NewTask"], ["BackgroundScheduler"], ["BlockingScheduler"],
        ["AsyncIOScheduler"], ["@", "*", ".", "scheduled_job"], ["schedule", ".", "every"], ["agenda", ".", "define"],
        ["inngest", ".", "createFunction"], ["@", "*", ".", "create_function"], ["inngestgo", ".", "CreateFunction"],
        ["schedules", ".", "task"],
        // NestJS: a BullMQ or Bull queue's processor class, and @nestjs/schedule's cron jobs.
        ["@", "Processor", "("], ["@", "Cron", "("],
        // Go's job libraries: River's workers (`river.WorkerDefaults[SummarizeArgs]`, `river.WorkFunc(…)`),
        // machinery's registered tasks, gocraft/work's worker pools.
        ["river", ".", "WorkerDefaults"], ["river", ".", "WorkFunc"], ["*", ".", "RegisterTask", "("],
        ["*", ".", "RegisterTasks", "("], ["*", ".", "RegisterPeriodicTask", "("], ["work", ".", "NewWorkerPool"],
        // Python: huey's Django tasks (`@db_task()`, `@db_periodic_task(…)`), Procrastinate's periodic tasks.
        ["@", "db_task"], ["@", "db_periodic_task"], ["@", "*", ".", "periodic", "("],
        // Laravel's queued jobs, listeners, mails and notifications (`class X implements ShouldQueue`).
        ["implements", "ShouldQueue"], ["implements", "*", ",", "ShouldQueue"],
        // Spring's message listeners, Quartz's jobs, JobRunr's `@Job` methods; MassTransit's and NServiceBus's
        // consumers, Azure Functions' timer and queue triggers.
        // (Quartz's `Job` by its import: a job board's `class Posting implements Job` is no background work.)
        ["@", "RabbitListener"], ["@", "JmsListener"], ["quartz", ".", "Job"], ["extends", "QuartzJobBean"],
        ["@", "Job", "("], ["IConsumer", "<"], ["IHandleMessages", "<"], ["TimerTrigger", "("], ["QueueTrigger", "("],
        ["ServiceBusTrigger", "("], ["@", "*", ".", "timer_trigger"], ["@", "*", ".", "queue_trigger"],
        // Symfony: a Messenger handler (run by a worker consuming the transport), the Scheduler's tasks, a console
        // command.
        ["AsMessageHandler"], ["MessageHandlerInterface"], ["AsCronTask"], ["AsPeriodicTask"], ["AsCommand"],
        // Azure Functions' Node.js v4 model registers its timer and queue triggers by call (`app.timer("digest",
        // { schedule, handler })`); Firebase's scheduled and Pub/Sub functions (`onSchedule("every 5 minutes", …)`,
        // v1's `functions.pubsub.schedule(…).onRun(…)`), task queues and Pub/Sub topics.
        ["app", ".", "timer", "("], ["app", ".", "storageQueue", "("], ["app", ".", "serviceBusQueue", "("],
        ["app", ".", "serviceBusTopic", "("], ["app", ".", "eventHub", "("], ["onSchedule", "("],
        ["pubsub", ".", "schedule", "("], ["pubsub", ".", "topic", "("], ["onTaskDispatched", "("],
        ["onMessagePublished", "("],
        // Firebase's event triggers, run once per document or object written (v2's `onDocumentCreated("posts/{id}", …)`,
        // v1's `functions.firestore.document("posts/{id}").onCreate(…)`): a batch import runs one per row.
        ["onDocumentCreated", "("], ["onDocumentUpdated", "("], ["onDocumentDeleted", "("], ["onDocumentWritten", "("],
        ["onObjectFinalized", "("], ["onValueCreated", "("], ["onValueWritten", "("], ["firestore", ".", "document", "("],
        // Elixir: Oban's workers (`use Oban.Worker, queue: :ai`), Broadway's consumers, a Mix task (a script). (A
        // process's timer repeats only the clause handling it: ElixirTimers.swift.)
        ["use", "Oban", ".", "Worker"], ["use", "Oban", ".", "Pro", ".", "Worker"], ["use", "Broadway"],
        ["use", "Mix", ".", "Task"],
        // Ruby's clockwork: a clock process whose `every(1.minute, "…") { … }` blocks run on its timetable.
        ["module", "Clockwork"], ["include", "Clockwork"],
        // Temporal's workflow code, run by a worker: Python's `@workflow.defn`, TypeScript's activity proxies
        // (`proxyActivities<typeof activities>(…)`), Go's and Java's activity calls and stubs. (Its activities are
        // background work too: `@activity.defn` above, `activities.ts` by name.)
        ["@", "workflow", ".", "defn"], ["proxyActivities"], ["proxyLocalActivities"], ["workflow", ".", "ExecuteActivity"],
        ["workflow", ".", "ExecuteLocalActivity"], ["Workflow", ".", "newActivityStub"], ["Workflow", ".", "newLocalActivityStub"],
    ]

    /// The markers that register one function of the file with a scheduler, a queue or an event stream (Azure
    /// Functions' and Firebase's): beside request handlers of the same file they make only that function background
    /// work (`ScheduledRegistrations`), not the file.
    static let registrationMarkers: Set<[String]> = [
        ["TimerTrigger", "("], ["QueueTrigger", "("], ["ServiceBusTrigger", "("], ["@", "*", ".", "timer_trigger"],
        ["@", "*", ".", "queue_trigger"], ["app", ".", "timer", "("], ["app", ".", "storageQueue", "("],
        ["app", ".", "serviceBusQueue", "("], ["app", ".", "serviceBusTopic", "("], ["app", ".", "eventHub", "("],
        ["onSchedule", "("], ["pubsub", ".", "schedule", "("], ["pubsub", ".", "topic", "("], ["onTaskDispatched", "("],
        ["onMessagePublished", "("], ["onDocumentCreated", "("], ["onDocumentUpdated", "("], ["onDocumentDeleted", "("],
        ["onDocumentWritten", "("], ["onObjectFinalized", "("], ["onValueCreated", "("], ["onValueWritten", "("],
        ["firestore", ".", "document", "("],
    ]

    /// File names of web request handlers (lowercased, without extension).
    static let handlerStems: Set<String> = ["route", "routes", "views", "view", "urls", "page", "api"]
    /// Directories of web request handlers.
    static let handlerDirectories: Set<String> = ["controllers", "routes", "routers", "views"]

    /// Whether a path is a web request handler by convention: `app/api/tasks/route.ts`, `jobs/views.py`,
    /// `pages/api/jobs/index.ts`, `app/controllers/…`, `TasksController.java`. In such a file a directory named
    /// `tasks` or `jobs` is the app's domain (a task manager, a job board), not background work.
    static func isRequestHandler(_ segments: [String]) -> Bool {
        guard let name = segments.last else { return false }
        let stem = (firstPart(of: name).map(String.init) ?? name).lowercased()
        if handlerStems.contains(stem) || stem.hasSuffix("controller") || stem.hasSuffix("_views") { return true }
        let directories = segments.dropLast().map { $0.lowercased() }
        if directories.contains(where: handlerDirectories.contains) { return true }
        return zip(directories, directories.dropFirst()).contains { $0 == "pages" && $1 == "api" }
    }

    /// Whether the file is a Cloudflare Worker or similar fetch handler (`export default { async fetch(request,
    /// env) { … } }`): it answers HTTP requests, though its file is often called `worker.ts`.
    static func isFetchHandler(_ lexed: LexedSource) -> Bool { exportsDefaultHandler(lexed, named: "fetch") }

    /// Whether the file is a Cloudflare Worker whose default export handles Cron Triggers or a queue's batches
    /// (`export default { async scheduled(controller, env, ctx) { … } }`, `queue(batch, env)`) and no requests.
    static func isScheduledWorker(_ lexed: LexedSource) -> Bool {
        guard lexed.language.isJavaScriptLike,
              ByteSearch.containsFolded(lexed.bytes, scheduledWord) || ByteSearch.containsFolded(lexed.bytes, queueWord)
        else { return false }
        return (exportsDefaultHandler(lexed, named: "scheduled") || exportsDefaultHandler(lexed, named: "queue")) && !isFetchHandler(lexed)
    }

    fileprivate static let scheduledWord = Array("scheduled".utf8)
    fileprivate static let queueWord = Array("queue".utf8)

    /// Whether the file's default export is an object with a method `name` (`export default { async fetch(…) { … } }`).
    private static func exportsDefaultHandler(_ lexed: LexedSource, named name: StaticString) -> Bool {
        guard lexed.language.isJavaScriptLike else { return false }
        // The default-exported objects first (few files have one), then the methods in them: asked of every
        // JavaScript file with paid calls, where a walk over every token's enclosing blocks cost more than the rest.
        for block in lexed.blocks where lexed.token(block.openToken - 1, is: "default") && lexed.token(block.openToken - 2, is: "export") {
            for index in block.openToken..<block.endToken where lexed.token(index, is: name)
                && lexed.token(index + 1, isPunctuation: Byte.openParen)
                && (lexed.token(index - 1, is: "async") || lexed.token(index - 1, isPunctuation: Byte.openBrace))
            {
                return true
            }
        }
        return false
    }

    /// The non-empty parts of `text` between `separator`s, as `split(separator:)` gives them. An ASCII text (nearly
    /// every path) is split by bytes: splitting by `Character` reads grapheme clusters and costs ten times more.
    static func parts(of text: String, separator: UInt8) -> [Substring] {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: Character(Unicode.Scalar(separator))) }
        var result: [Substring] = []
        var start = text.utf8.startIndex
        var index = start
        let end = text.utf8.endIndex
        while index < end {
            if text.utf8[index] == separator {
                if start < index { result.append(text[start..<index]) }
                start = text.utf8.index(after: index)
            }
            index = text.utf8.index(after: index)
        }
        if start < end { result.append(text[start..<end]) }
        return result
    }

    /// The first non-empty `.`-separated part of a file name (`route` of `route.ts`, `github` of `.github`).
    static func firstPart(of name: String) -> Substring? { parts(of: name, separator: Byte.dot).first }

    /// What of a file runs as background work.
    enum Background: Equatable {
        /// The whole file, and why.
        case wholeFile(String)
        /// Only its scheduled or queue-fed registrations, which it makes beside request handlers
        /// (`ScheduledRegistrations.backgroundScopes`).
        case registrations
        case none

        var reason: String? { if case .wholeFile(let reason) = self { reason } else { nil } }
    }

    static func reason(path: String, lexed: LexedSource, context: DetectionContext) -> String? {
        background(path: path, lexed: lexed, context: context).reason
    }

    static func background(path: String, lexed: LexedSource, context: DetectionContext) -> Background {
        let segments = parts(of: path, separator: Byte.slash).map(String.init)
        var conventional: String?
        if let directory = segments.dropLast().first(where: { directories.contains($0.lowercased()) }) {
            // A Cloudflare Workers project keeps the code that answers requests in `worker/` (`src/worker/…`).
            let workerOfCloudflare = directory.lowercased().hasPrefix("worker") && isInCloudflareWorkersProject(path, context)
            if !workerOfCloudflare { conventional = "runs as background work (\(directory)/)" }
        } else if let name = segments.last, let stem = firstPart(of: name), fileStems.contains(stem.lowercased()) {
            conventional = "runs as background work (\(name))"
        }
        // A request handler under a directory named for the app's domain (`app/api/tasks/route.ts`) or a fetch
        // handler named `worker.ts` answers requests: the naming convention does not make it background work.
        if let conventional, !isRequestHandler(segments), !isFetchHandler(lexed) { return .wholeFile(conventional) }
        if context.jobPaths.contains(where: { $0.matches(path) }) { return .wholeFile("runs as background work (policy paths.jobs)") }
        // A Lambda function its deployment configuration runs on a schedule or a queue's messages, and on no request.
        if let trigger = context.code?.deploymentBackgroundTrigger(forHandlerFile: path) {
            return .wholeFile("runs as background work (\(trigger))")
        }
        // A program a scheduled GitHub Actions workflow runs (`run: python tools/status_report.py`).
        if let workflow = context.code?.scheduledWorkflow(running: path) { return .wholeFile("runs as background work (\(workflow))") }
        // A job class, command or script a scheduler's configuration runs (`class: RefreshJob` in
        // `config/recurring.yml`, `python manage.py refresh_feeds` in a Kubernetes CronJob).
        if let entry = context.code?.scheduledEntryPoints(in: path).first(where: { $0.method == nil }) {
            return .wholeFile("runs as background work (scheduled by \(entry.schedule))")
        }
        // A route Vercel's cron jobs request (`vercel.json`'s `crons`) runs on their schedule, unattended.
        if lexed.language.isJavaScriptLike, let cron = context.code?.vercelCron(requesting: path) {
            return .wholeFile("runs as background work (a Vercel cron job: \(cron.path)\(cron.schedule.isEmpty ? "" : " at " + cron.schedule))")
        }
        var registersBesideRequests = false
        if let marker = firstMarker(in: lexed) {
            // A scheduled function registered beside request handlers (`onSchedule` and `onRequest` exported by one
            // Firebase file) is background work by itself, not the file (`ScheduledRegistrations.backgroundScopes`).
            if !marker.registers || !ScheduledRegistrations.servesRequests(lexed) { return .wholeFile("runs as background work (\(marker.text))") }
            if let other = firstMarker(in: lexed, skippingRegistrations: true) { return .wholeFile("runs as background work (\(other.text))") }
            registersBesideRequests = true
        }
        if isScheduledWorker(lexed) { return .wholeFile("runs as background work (a Worker's scheduled or queue handler)") }
        if lexed.language == .elixir, let scheduled = context.code?.quantumJob(definedIn: lexed) {
            return .wholeFile("runs as background work (\(scheduled))")
        }
        if let processor = queueProcessor(in: lexed) { return .wholeFile("runs as background work (\(processor))") }
        if let task = triggerDevTask(in: lexed) { return .wholeFile("runs as background work (\(task))") }
        if let worker = pgBossWorker(in: lexed) { return .wholeFile("runs as background work (\(worker))") }
        return registersBesideRequests ? .registrations : .none
    }

    private static let pgBossPackage = Array("pg-boss".utf8)

    /// A pg-boss worker, `boss.work("summarize", async ([job]) => …)`: its handler runs once per job. Told by the
    /// package's import at the top, since a method named `work` alone is too common to tell.
    private static func pgBossWorker(in lexed: LexedSource) -> String? {
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, pgBossPackage, within: 2_048) else {
            return nil
        }
        let index = lexed.tokens.indices.first { index in
            lexed.token(index, is: "work") && lexed.token(index - 1, isPunctuation: Byte.dot)
                && lexed.token(index + 1, isPunctuation: Byte.openParen) && index >= 2 && lexed.tokens[index - 2].kind == .identifier
        }
        return index.map { lexed.text($0 - 2) + ".work" }
    }

    private static let triggerDevPackage = Array("@trigger.dev/sdk".utf8)

    /// A Trigger.dev task (`export const embed = task({ id: "embed", run: async (payload) => … })`, or `schemaTask`):
    /// its `run` is background work, as a `schedules.task`'s is. Told by the package's import at the top, since a
    /// function named `task` alone is too common to tell.
    private static func triggerDevTask(in lexed: LexedSource) -> String? {
        guard lexed.language.isJavaScriptLike, ByteSearch.containsFolded(lexed.bytes, triggerDevPackage, within: 2_048) else {
            return nil
        }
        let index = lexed.tokens.indices.first { index in
            (lexed.token(index, is: "task") || lexed.token(index, is: "schemaTask")) && !lexed.token(index - 1, isPunctuation: Byte.dot)
                && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.token(index + 2, isPunctuation: Byte.openBrace)
        }
        return index.map { lexed.text($0) }
    }

    private static let queueConstruction = Array("new queue(".utf8)
    private static let queuePackages = ["bull", "bee-queue"].map { Array($0.utf8) }

    /// A Bull or Bee-Queue worker: `const summaries = new Queue("summaries")`, then `summaries.process(async (job) =>
    /// …)`, whatever the queue is called. Asked of most JavaScript files: only the imports at the top are read before
    /// the file is known to use either package.
    private static func queueProcessor(in lexed: LexedSource) -> String? {
        guard lexed.language.isJavaScriptLike,
              queuePackages.contains(where: { ByteSearch.containsFolded(lexed.bytes, $0, within: 2_048) }),
              ByteSearch.containsFolded(lexed.bytes, queueConstruction)
        else { return nil }
        var queues = Set<String>()
        for index in lexed.tokens.indices where lexed.token(index, is: "Queue") && lexed.token(index - 1, is: "new")
            && lexed.token(index + 1, isPunctuation: Byte.openParen) && lexed.token(index - 2, isPunctuation: Byte.equals)
            && lexed.tokens[max(0, index - 3)].kind == .identifier
        {
            queues.insert(lexed.text(index - 3))
        }
        guard !queues.isEmpty else { return nil }
        for index in lexed.tokens.indices where lexed.token(index, is: "process") && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && lexed.token(index - 1, isPunctuation: Byte.dot) && index >= 2 && queues.contains(lexed.text(index - 2))
        {
            return lexed.text(index - 2) + ".process"
        }
        return nil
    }

    /// Whether a wrangler configuration (`wrangler.toml`, `.json`, `.jsonc`) sits in a directory that holds `path`.
    private static func isInCloudflareWorkersProject(_ path: String, _ context: DetectionContext) -> Bool {
        guard let project = context.code?.project else { return false }
        return ["wrangler.toml", "wrangler.json", "wrangler.jsonc"].contains { name in
            project.paths(named: name).contains { config in
                let directory = config.dropLast(name.count)
                return path.hasPrefix(directory)
            }
        }
    }

    /// Marker patterns as bytes, keyed by the hash of their anchor: their longest literal word, an identifier
    /// (`shared_task`, not `@`; `AddFunc`, not `.`), so that the punctuation every file is full of starts no lookup.
    private static let compiledMarkers: [UInt64: [(words: [[UInt8]], anchor: Int, registers: Bool)]] = {
        var table: [UInt64: [(words: [[UInt8]], anchor: Int, registers: Bool)]] = [:]
        for pattern in markers {
            let words = pattern.map { Array($0.utf8) }
            guard let anchor = anchorIndex(pattern) else { continue }
            table[byteHash(words[anchor], 0..<words[anchor].count, lowercased: false), default: []]
                .append((words, anchor, registrationMarkers.contains(pattern)))
        }
        return table
    }()

    private static func anchorIndex(_ pattern: [String]) -> Int? {
        pattern.indices.filter { pattern[$0] != "*" }.max { pattern[$0].utf8.count < pattern[$1].utf8.count }
    }

    /// The anchors' shapes, to skip most identifiers without hashing them.
    private static let anchorEnds = WordEnds(markers.compactMap { pattern in anchorIndex(pattern).map { Array(pattern[$0].utf8) } })

    /// How far into its pattern an anchor may lie: a match found at a token can start this many tokens before it.
    private static let deepestAnchor = markers.compactMap(anchorIndex).max() ?? 0

    /// The marker that starts first in the file, as written (`@shared_task`, `new Worker`), and whether it is one of
    /// the `registrationMarkers`; with `skippingRegistrations`, the first of the others.
    private static func firstMarker(in lexed: LexedSource, skippingRegistrations: Bool = false) -> (text: String, registers: Bool)? {
        let tokens = lexed.tokens
        // The tables are read once here, not once per token (each read of a static checks its initialisation).
        let anchorEnds = Self.anchorEnds
        let deepestAnchor = Self.deepestAnchor
        let bytes = lexed.bytes
        var first: (start: Int, count: Int, registers: Bool)?
        for index in tokens.indices {
            // A later anchor can only complete a match that starts later.
            if let first, index > first.start + deepestAnchor { break }
            let token = tokens[index]
            guard token.kind == .identifier, anchorEnds.mayContain(bytes, token.start..<token.end),
                  let candidates = compiledMarkers[byteHash(bytes, token.start..<token.end, lowercased: false)]
            else { continue }
            for candidate in candidates where !(skippingRegistrations && candidate.registers) {
                let start = index - candidate.anchor
                guard start >= 0, start + candidate.words.count <= tokens.count, start < first?.start ?? Int.max
                else { continue }
                var matched = true
                for (offset, word) in candidate.words.enumerated() {
                    let current = tokens[start + offset]
                    if current.kind == .string { matched = false; break }
                    if word == [UInt8(ascii: "*")] {
                        if current.kind != .identifier { matched = false; break }
                    } else if !lexed.bytes[current.start..<current.end].elementsEqual(word) {
                        matched = false
                        break
                    }
                }
                if matched { first = (start, candidate.words.count, candidate.registers) }
            }
        }
        guard let first else { return nil }
        // As written, less the brackets a pattern ends on; words apart (`new Worker`, `implements ShouldQueue`).
        var text = ""
        let last = first.start + first.count - 1
        for index in first.start...last where !lexed.token(index, isPunctuation: Byte.openParen)
            && !(index == last && (lexed.token(index, isPunctuation: Byte.openBrace) || lexed.token(index, isPunctuation: Byte.less)))
        {
            if index > first.start, lexed.tokens[index].kind == .identifier, lexed.tokens[index - 1].kind == .identifier { text += " " }
            text += lexed.text(index)
        }
        return (text, first.registers)
    }
}

extension JobContext {
    /// Why token `index` runs as background work in a file that may also answer requests: it is inside a Cloudflare
    /// Worker's `scheduled` or `queue` handler (`export default { fetch(…) { … }, scheduled(…) { … } }`), or a Modal
    /// function run on a schedule (`@app.function(schedule=modal.Cron("0 7 * * *"))`).
    static func handlerReason(_ lexed: LexedSource?, token index: Int) -> String? {
        guard let lexed, lexed.tokens[index].block >= 0 else { return nil }
        if lexed.language == .python { return modalScheduleReason(lexed, token: index) }
        guard lexed.language.isJavaScriptLike else { return nil }
        for block in lexed.enclosingBlocks(of: index) where lexed.blocks[block].kind == .function {
            guard let name = lexed.blocks[block].nameRange,
                  lexed.bytes[name].elementsEqual(scheduledWord) || lexed.bytes[name].elementsEqual(queueWord)
            else { continue }
            let parent = lexed.blocks[block].parent
            guard parent >= 0 else { continue }
            let open = lexed.blocks[parent].openToken
            if lexed.token(open - 1, is: "default"), lexed.token(open - 2, is: "export") {
                return "runs as background work (a Worker's \(lexed.text(name)) handler)"
            }
        }
        return nil
    }

    /// Why token `index` runs on Modal's scheduler: a function enclosing it is decorated with a schedule
    /// (`@app.function(schedule=modal.Cron("0 7 * * *"))`, `schedule=Period(hours=1)` imported from `modal`).
    private static func modalScheduleReason(_ lexed: LexedSource, token index: Int) -> String? {
        for block in lexed.enclosingBlocks(of: index) where lexed.blocks[block].kind == .function {
            let info = lexed.blocks[block]
            guard info.headerStart < info.openToken else { continue }
            for cursor in info.headerStart..<info.openToken where lexed.token(cursor, is: "schedule")
                && lexed.token(cursor + 1, isPunctuation: Byte.equals)
            {
                var value = cursor + 2
                if lexed.token(value, is: "modal"), lexed.token(value + 1, isPunctuation: Byte.dot) { value += 2 }
                guard lexed.token(value, is: "Cron") || lexed.token(value, is: "Period"),
                      lexed.token(value + 1, isPunctuation: Byte.openParen)
                else { continue }
                return "runs as background work (a Modal function on schedule=\(lexed.text(value))(…))"
            }
        }
        return nil
    }
}

extension JobContext {
    /// Why token `index` runs as background work in a file a scheduler's configuration names one method of: it is
    /// inside that method (`def self.refresh_headline!` of `command: "Feed.refresh_headline!"` in
    /// `config/recurring.yml`). The file's other methods answer whoever calls them.
    static func scheduledMethodReason(_ lexed: LexedSource?, token index: Int, scheduled: [ScheduledEntryPoint]) -> String? {
        guard let lexed, !scheduled.isEmpty, lexed.tokens[index].block >= 0 else { return nil }
        for block in lexed.enclosingBlocks(of: index) where lexed.blocks[block].kind == .function {
            guard let name = lexed.blocks[block].nameRange else { continue }
            for entry in scheduled {
                guard let method = entry.method, lexed.bytes[name].elementsEqual(method.utf8) else { continue }
                if let container = entry.container, !Self.inContainer(named: container, block: block, lexed: lexed) { continue }
                if let handedTo = entry.handedTo {
                    return "runs as background work (\(method) handed to \(handedTo) in \(entry.schedule))"
                }
                return "runs as background work (\(method) scheduled by \(entry.schedule))"
            }
        }
        return nil
    }

    /// Whether the function `block` is a method of the class (struct, record) `name`: the nearest container around
    /// it is declared with that name.
    private static func inContainer(named name: String, block: Int, lexed: LexedSource) -> Bool {
        var parent = lexed.blocks[block].parent
        while parent >= 0, lexed.blocks[parent].kind != .container { parent = lexed.blocks[parent].parent }
        guard parent >= 0 else { return false }
        let info = lexed.blocks[parent]
        let header = min(info.headerStart, info.openToken)..<info.openToken
        return header.contains { index in
            (lexed.token(index - 1, is: "class") || lexed.token(index - 1, is: "struct") || lexed.token(index - 1, is: "record")
                || lexed.token(index - 1, is: "object") || lexed.token(index - 1, is: "interface"))
                && lexed.tokens[index].kind == .identifier && lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end].elementsEqual(name.utf8)
        }
    }

    /// The methods of the file at `path` a scheduler's configuration names, or scheduled code of another file runs, or
    /// a JobRunr or Hangfire enqueue of another file (or this one) hands its job library.
    static func scheduledMethods(path: String, language: SourceLanguage?, context: DetectionContext) -> [ScheduledEntryPoint] {
        guard let code = context.code else { return [] }
        let configured = code.scheduledEntryPoints(in: path).filter { $0.method != nil }
        guard let language else { return configured }
        return configured + code.codeScheduledEntryPoints(in: path, language: language)
            + code.enqueuedEntryPoints(in: path, language: language)
    }
}

extension FileAnalysis {
    /// Why a paid call site is batch work, or nil when it runs once per request.
    func batchReason(for site: PaidCallSite) -> String? {
        if site.kind == .batchAPI {
            // A vector store or index built from documents (`FAISS.from_documents`) embeds each of them.
            let method = site.evidence.split(separator: ".").last ?? ""
            if method.hasPrefix("from") || method.hasPrefix("afrom") { return "builds a vector store from documents, embedding every one" }
            return "uses the provider's batch API"
        }
        if enclosingLoop(of: site.token) != nil { return "inside a loop or fan-out" }
        if let lexed, let timer = ElixirTimers.reason(at: site.token, in: lexed) { return timer }
        return jobContext ?? JobContext.handlerReason(lexed, token: site.token)
            ?? JobContext.scheduledMethodReason(lexed, token: site.token, scheduled: scheduledMethods)
            ?? backgroundScopes.first { $0.tokens.contains(site.token) }?.reason
    }
}
