import GateCore

/// JavaScript job platforms whose work is linked to the code that starts it by a name, not by an import:
///
/// - Trigger.dev: `tasks.trigger<typeof summarizeTask>("summarize", payload)` runs the `run` of the `task({ id:
///   "summarize", run })` of that id; `summarizeTask.trigger(payload)` (also `batchTrigger`, `triggerAndWait`) the
///   task's own.
/// - Inngest: `inngest.send({ name: "doc/summarize", data })` (or `step.sendEvent(id, { name })`) runs each
///   `inngest.createFunction(config, { event: "doc/summarize" }, handler)`'s handler.
/// - BullMQ: `summaryQueue.add("summarize", data)` on a `new Queue("summaries")` runs the processor of each
///   `new Worker("summaries", processor)`; so do the jobs of a scheduler it is given (`upsertJobScheduler("hourly",
///   { pattern }, template)`, BullMQ 5's repeatable jobs), on its timetable. In NestJS the queue is injected by name
///   (`@InjectQueue("summaries") private readonly queue: Queue`) and its worker is the `process` method of the
///   `@Processor("summaries")` class.
///
/// A handler written inline is a function of no name: it is given one (`summarizeTask.run`, `worker summaries`) for
/// the chain a finding shows. Everything here is read once per run, and only in a project whose package.json
/// declares one of the platforms.
enum JavaScriptJobPlatforms {
    /// Whether a call of this name may start such work: asked of every JavaScript call reach resolves, before the
    /// registry is looked up.
    static func mayStart(_ name: String) -> Bool {
        guard startingNames.mayContain(name) else { return false }
        return switch name {
        case "trigger", "batchTrigger", "triggerAndWait", "batchTriggerAndWait", "send", "sendEvent", "add", "addBulk",
             "upsertJobScheduler": true
        default: false
        }
    }

    private static let startingNames = NamePrefilter([
        "trigger", "batchTrigger", "triggerAndWait", "batchTriggerAndWait", "send", "sendEvent", "add", "addBulk",
        "upsertJobScheduler",
    ])

    /// The calls above as a file's bytes spell them: a file without any starts no such work.
    private static let startingCallBytes = BytePatterns([
        ".trigger(", ".trigger<", ".batchTrigger", ".triggerAndWait", ".send(", ".sendEvent(", ".add(", ".addBulk(",
        ".upsertJobScheduler(",
    ])

    static func mayStartWork(_ bytes: [UInt8]) -> Bool { startingCallBytes.matches(bytes) }

    /// A handler as it is registered: its file, and either the function block written inline or the token of the
    /// name it is given by.
    struct Handler: Sendable {
        var path: String
        var label: String
        var inline: ClosedRange<Int>?
        var nameToken: Int?
        /// The token of a NestJS `@Processor("q")` decorator: the handler is the `process` method of its class.
        var processorDecorator: Int? = nil
    }

    /// What the project's files declare, read once.
    struct Registry: Sendable {
        /// Trigger.dev tasks by id, and by the name of the constant holding them.
        var triggerTasksByID: [String: [Handler]] = [:]
        var triggerTasksByName: [String: [Handler]] = [:]
        /// Inngest functions by the event that runs them.
        var inngestFunctionsByEvent: [String: [Handler]] = [:]
        /// BullMQ queue names by the names of the variables holding them, and workers by queue name.
        var queuesByVariable: [String: [String]] = [:]
        var workersByQueue: [String: [Handler]] = [:]
        /// The attempts a queue's jobs are given by default (`new Queue(QUEUE_NAMES.summarize, { defaultJobOptions:
        /// { attempts: 10 } })`), where, by each name the queue is known by.
        var defaultAttemptsByQueue: [String: QueueAttempts] = [:]

        var isEmpty: Bool {
            triggerTasksByID.isEmpty && inngestFunctionsByEvent.isEmpty && workersByQueue.isEmpty
        }
    }

    /// Where a queue is given default attempts, and how many.
    struct QueueAttempts: Sendable {
        var path: String
        var line: Int
        var attempts: Int
    }

    private static let platformWords = ["@trigger.dev", "inngest", "bullmq"].map { Array($0.utf8) }

    static func registry(of index: CodeIndex) -> Registry {
        index.project.configuration("javascript-job-platforms") { () -> Registry in
            var registry = Registry()
            let manifests = index.project.packageManifests()
            let used = platformWords.filter { word in
                manifests.contains { index.project.contents(of: $0).map { ByteSearch.containsFolded($0, word) } == true }
            }
            guard !used.isEmpty else { return registry }
            for path in index.project.paths where SourceLanguage(path: path)?.isJavaScriptLike == true
                && !path.contains("node_modules/")
            {
                guard let bytes = index.project.contents(of: path),
                      used.contains(where: { ByteSearch.containsFolded(bytes, $0, within: 8_192) }),
                      let lexed = index.lexedFile(path)
                else { continue }
                read(lexed, path: path, index: index, into: &registry)
            }
            return registry
        }
    }

    /// Reads one file's tasks, functions, queues and workers.
    private static func read(_ lexed: LexedSource, path: String, index codeIndex: CodeIndex, into registry: inout Registry) {
        let tokens = lexed.tokens
        func queueKeys(at start: Int, lexed: LexedSource) -> (keys: [String], end: Int) {
            Self.queueKeys(at: start, lexed: lexed) { name, last in importedString(name, last: last, in: lexed, path: path, index: codeIndex) }
        }
        for index in tokens.indices where tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen) {
            let open = index + 1
            let close = lexed.partner[open]
            guard close > open else { continue }
            let arguments = open...close
            // The name the result is held by: `summarizeTask = task(…)`, `summarize = inngest.createFunction(…)`,
            // `summaryQueue = new Queue(…)`.
            var start = FactExtractor.chainStart(lexed, at: index)
            if lexed.token(start - 1, is: "new") { start -= 1 }
            let holder = lexed.token(start - 1, isPunctuation: Byte.equals) && lexed.isIdentifier(start - 2) ? lexed.text(start - 2) : nil
            if lexed.token(index, is: "task") || lexed.token(index, is: "schemaTask") {
                guard let id = stringValue(of: "id", in: arguments, lexed: lexed),
                      let run = (open..<close).first(where: { lexed.token($0, is: "run") && !lexed.token($0 - 1, isPunctuation: Byte.dot) }),
                      let body = firstFunction(in: run...close, lexed: lexed)
                else { continue }
                let handler = Handler(path: path, label: "\(holder ?? id).run", inline: body, nameToken: nil)
                registry.triggerTasksByID[id, default: []].append(handler)
                if let holder { registry.triggerTasksByName[holder, default: []].append(handler) }
            } else if lexed.token(index, is: "createFunction") {
                let events = stringValues(of: "event", in: arguments, lexed: lexed)
                guard let last = events.last?.token, let body = firstFunction(in: last...close, lexed: lexed) else { continue }
                let handler = Handler(path: path, label: holder ?? "function \(events[0].value)", inline: body, nameToken: nil)
                for event in events { registry.inngestFunctionsByEvent[event.value, default: []].append(handler) }
            } else if lexed.token(index, is: "Queue"), lexed.token(index - 1, is: "new"),
                      case let named = queueKeys(at: open + 1, lexed: lexed), !named.keys.isEmpty
            {
                if let holder { registry.queuesByVariable[holder, default: []].append(contentsOf: named.keys) }
                if let attempts = (named.end..<close).first(where: { lexed.token($0, is: "attempts") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
                   tokens[attempts + 2].kind == .number, let count = Int(lexed.text(attempts + 2))
                {
                    for key in named.keys where registry.defaultAttemptsByQueue[key] == nil {
                        registry.defaultAttemptsByQueue[key] = QueueAttempts(path: path, line: tokens[attempts].line, attempts: count)
                    }
                }
            } else if lexed.token(index, is: "InjectQueue"), lexed.token(index - 1, isPunctuation: Byte.at),
                      case let named = queueKeys(at: open + 1, lexed: lexed), !named.keys.isEmpty,
                      let variable = injectedParameter(after: close, lexed: lexed)
            {
                // NestJS: `@InjectQueue("summaries") private readonly summaries: Queue`.
                registry.queuesByVariable[variable, default: []].append(contentsOf: named.keys)
            } else if lexed.token(index, is: "Processor"), lexed.token(index - 1, isPunctuation: Byte.at),
                      case let named = queueKeys(at: open + 1, lexed: lexed), let queue = displayName(of: named.keys)
            {
                // NestJS: `@Processor("summaries") export class SummaryProcessor extends WorkerHost { async process(job) … }`.
                let handler = Handler(path: path, label: "processor \(queue)", inline: nil, nameToken: nil, processorDecorator: index)
                for key in named.keys { registry.workersByQueue[key, default: []].append(handler) }
            } else if lexed.token(index, is: "Worker"), lexed.token(index - 1, is: "new"),
                      case let named = queueKeys(at: open + 1, lexed: lexed), let queue = displayName(of: named.keys),
                      lexed.token(named.end + 1, isPunctuation: Byte.comma)
            {
                let processor = named.end + 2
                var handler: Handler?
                if let body = firstFunction(in: processor...close, lexed: lexed), body.lowerBound <= processor + 2 {
                    handler = Handler(path: path, label: "worker \(queue)", inline: body, nameToken: nil)
                } else if lexed.isIdentifier(processor) {
                    handler = Handler(path: path, label: lexed.text(processor), inline: nil, nameToken: processor)
                }
                if let handler {
                    for key in named.keys { registry.workersByQueue[key, default: []].append(handler) }
                }
            }
        }
    }

    /// The names a BullMQ queue is known by from the argument at `start` (a queue's, worker's or processor's first):
    /// its string, or for a constant (`DIGEST_QUEUE`, `QueueNames.Digest`) the constant as written, `$`-led, and the
    /// string the file gives it (`const DIGEST_QUEUE = "digest"`, `Digest: "digest"`); with the argument's last token.
    /// Files naming one queue by one shared constant are linked through it. No names for any other argument.
    private static func queueKeys(
        at start: Int, lexed: LexedSource, imported: (_ name: String, _ last: String) -> String?
    ) -> (keys: [String], end: Int) {
        guard start < lexed.tokens.count else { return ([], start) }
        if lexed.tokens[start].kind == .string { return ([lexed.text(start)], start) }
        guard lexed.isIdentifier(start) else { return ([], start) }
        var end = start
        while lexed.token(end + 1, isPunctuation: Byte.dot), lexed.isIdentifier(end + 2) { end += 2 }
        guard lexed.token(end + 1, isPunctuation: Byte.comma) || lexed.token(end + 1, isPunctuation: Byte.closeParen) else {
            return ([], start)
        }
        var keys = ["$" + stride(from: start, through: end, by: 2).map { lexed.text($0) }.joined(separator: ".")]
        let last = lexed.text(end)
        // The string the file gives the constant, else the file it is imported from (`import { DIGEST_QUEUE } from
        // "./names"`, `import { QueueNames } from "./names"`): a queue named by a string in one file and by the
        // constant in another is one queue.
        if let given = givenString(last, in: lexed) ?? imported(lexed.text(start), last) {
            keys.append(given)
        }
        return (keys, end)
    }

    /// A queue's name for messages: its string, else the constant naming it.
    private static func displayName(of keys: [String]) -> String? {
        keys.first { !$0.hasPrefix("$") } ?? keys.first.map { String($0.dropFirst()) }
    }

    /// The string `name` is given in a file: `const DIGEST_QUEUE = "digest"`, `Digest: "digest"`, `Digest = "digest"`
    /// (an enum's member), or through another constant of the file (`summarize: SUMMARIZE_QUEUE` beside `const
    /// SUMMARIZE_QUEUE = "summarize"`).
    private static func givenString(_ name: String, in lexed: LexedSource, hops: Int = 2) -> String? {
        func given(_ index: Int) -> Bool {
            index + 2 < lexed.tokens.count && lexed.isIdentifier(index)
                && (lexed.token(index + 1, isPunctuation: Byte.equals) || lexed.token(index + 1, isPunctuation: Byte.colon))
                && lexed.text(index) == name
        }
        if let index = lexed.tokens.indices.first(where: { given($0) && lexed.tokens[$0 + 2].kind == .string }) {
            return lexed.text(index + 2)
        }
        // `summarize: SUMMARIZE_QUEUE,` (not a type, `summarize: string;`, whose name is given no string).
        guard hops > 0 else { return nil }
        for index in lexed.tokens.indices where given(index) && lexed.isIdentifier(index + 2)
            && (lexed.token(index + 3, isPunctuation: Byte.comma) || lexed.token(index + 3, isPunctuation: Byte.closeBrace)
                || lexed.token(index + 3, isPunctuation: Byte.semicolon))
        {
            let alias = lexed.text(index + 2)
            if alias != name, let found = givenString(alias, in: lexed, hops: hops - 1) { return found }
        }
        return nil
    }

    /// The string a constant the file imports (`name`, the root of `QueueNames.Digest`) is given in the project file
    /// it is imported from, for its last part `last`.
    private static func importedString(_ name: String, last: String, in lexed: LexedSource, path: String, index: CodeIndex) -> String? {
        guard let binding = index.importBindings(in: lexed).first(where: { $0.local == name }) else { return nil }
        // `import { DIGEST_QUEUE as QUEUE }`: the name it is exported by.
        let exported = last == name ? binding.member.flatMap { $0 == "default" ? nil : $0 } ?? name : last
        for file in index.moduleFiles(binding.module, importedBy: path, language: lexed.language) where file != path {
            if let target = index.lexedFile(file), let given = givenString(exported, in: target) { return given }
        }
        return nil
    }

    /// The name of the BullMQ queue the argument at `start` names (a `new Queue(…)`'s, a `new Worker(…)`'s first): its
    /// string, or the string the constant there stands for, given in the file or the project file it is imported
    /// from (`new Worker(SUMMARIZE_QUEUE, …)`, `new Queue(QueueName.Summarize)`). Nil for any other argument.
    static func queueName(at start: Int, in lexed: LexedSource, path: String, index: CodeIndex) -> String? {
        queueKeys(at: start, lexed: lexed) { name, last in importedString(name, last: last, in: lexed, path: path, index: index) }
            .keys.first { !$0.hasPrefix("$") }
    }

    /// The parameter a decorator ending at `close` is on: `summaries` of `@InjectQueue("summaries") private readonly
    /// summaries: Queue`.
    private static func injectedParameter(after close: Int, lexed: LexedSource) -> String? {
        var cursor = close + 1
        while cursor < min(close + 6, lexed.tokens.count - 1) {
            if lexed.isIdentifier(cursor), lexed.token(cursor + 1, isPunctuation: Byte.colon) { return lexed.text(cursor) }
            cursor += 1
        }
        return nil
    }

    /// The statement span of the first function (arrow or not) that starts in `range`.
    private static func firstFunction(in range: ClosedRange<Int>, lexed: LexedSource) -> ClosedRange<Int>? {
        guard let block = lexed.blocks.indices.first(where: { block in
            lexed.blocks[block].kind == .function && range.contains(lexed.blocks[block].openToken)
                && range.contains(max(lexed.blocks[block].headerStart, range.lowerBound))
        }) else { return nil }
        let span = lexed.statementSpan(of: block)
        return max(span.lowerBound, range.lowerBound)...span.upperBound
    }

    /// The string values of `key: "…"` properties in `range`, with their tokens.
    private static func stringValues(of key: StaticString, in range: ClosedRange<Int>, lexed: LexedSource) -> [(value: String, token: Int)] {
        range.compactMap { cursor in
            guard lexed.token(cursor, is: key), lexed.token(cursor + 1, isPunctuation: Byte.colon), range.contains(cursor + 2),
                  lexed.tokens[cursor + 2].kind == .string
            else { return nil }
            return (lexed.text(cursor + 2), cursor + 2)
        }
    }

    private static func stringValue(of key: StaticString, in range: ClosedRange<Int>, lexed: LexedSource) -> String? {
        stringValues(of: key, in: range, lexed: lexed).first?.value
    }

    /// The handlers a call starts, with a label for messages; nil when it starts none of them.
    static func started(by call: CallFact, in facts: FileFacts, index: CodeIndex) -> (handlers: [Handler], label: String)? {
        guard facts.language.isJavaScriptLike, mayStart(call.name), let receiver = call.receiver.last else { return nil }
        let registry = registry(of: index)
        guard !registry.isEmpty else { return nil }
        switch call.name {
        case "trigger", "batchTrigger", "triggerAndWait", "batchTriggerAndWait":
            if receiver == "tasks", let lexed = index.lexedFile(facts.path), let id = firstString(after: call.token, in: lexed) {
                return registry.triggerTasksByID[id].map { ($0, "Trigger.dev task \(id)") }
            }
            return registry.triggerTasksByName[receiver].map { ($0, "Trigger.dev task \(receiver)") }
        case "send", "sendEvent":
            guard let lexed = index.lexedFile(facts.path), lexed.token(call.token + 1, isPunctuation: Byte.openParen),
                  lexed.partner[call.token + 1] > call.token + 1
            else { return nil }
            let events = stringValues(of: "name", in: (call.token + 1)...lexed.partner[call.token + 1], lexed: lexed)
            let handlers = events.flatMap { registry.inngestFunctionsByEvent[$0.value] ?? [] }
            return handlers.isEmpty ? nil : (handlers, "Inngest event \(events[0].value)")
        case "add", "addBulk", "upsertJobScheduler":
            let handlers = (registry.queuesByVariable[receiver] ?? []).flatMap { registry.workersByQueue[$0] ?? [] }
            // Its string (`"digest"`), else the constant naming it.
            let queue = displayName(of: registry.queuesByVariable[receiver] ?? []) ?? receiver
            return handlers.isEmpty ? nil : (handlers, "BullMQ queue \(queue)")
        default:
            return nil
        }
    }

    /// The string a call's argument list starts with, past a type argument (`trigger<typeof t>("id", …)`).
    private static func firstString(after name: Int, in lexed: LexedSource) -> String? {
        var cursor = name + 1
        if lexed.token(cursor, isPunctuation: Byte.less) {
            while cursor < lexed.tokens.count, !lexed.token(cursor, isPunctuation: Byte.openParen) { cursor += 1 }
        }
        guard lexed.token(cursor, isPunctuation: Byte.openParen), lexed.tokens.indices.contains(cursor + 1),
              lexed.tokens[cursor + 1].kind == .string
        else { return nil }
        return lexed.text(cursor + 1)
    }

    /// The functions a handler runs: its inline function, or what its name resolves to in its file.
    static func symbols(of handler: Handler, index: CodeIndex) -> [Symbol] {
        guard let facts = index.facts(of: handler.path), let lexed = index.lexedFile(handler.path) else { return [] }
        if let decorator = handler.processorDecorator {
            // The class the decorator is on: the first declared from it on (a class's span starts at its decorators).
            guard let container = facts.containers.filter({ $0.tokens.lowerBound >= decorator - 1 })
                .min(by: { $0.tokens.lowerBound < $1.tokens.lowerBound })
            else { return [] }
            return facts.definitions.filter { $0.container == container.name && $0.name == "process" }
                .map { Symbol(path: handler.path, definition: $0) }
        }
        if let inline = handler.inline {
            let line = lexed.tokens[inline.lowerBound].line
            return [Symbol(path: handler.path, definition: Definition(name: handler.label, container: nil, line: line, tokens: inline))]
        }
        guard let token = handler.nameToken else { return [] }
        let call = CallFact(name: lexed.text(token), receiver: [], token: token, line: lexed.tokens[token].line,
                            column: lexed.tokens[token].column, firstArgument: nil)
        return index.resolve(call, in: facts).targets
    }
}

extension WorkQueues {
    /// Work a Trigger.dev, Inngest or BullMQ call starts (JavaScriptJobPlatforms.swift).
    static func platformJob(_ call: CallFact, in facts: FileFacts, index: CodeIndex) -> Enqueued? {
        guard let started = JavaScriptJobPlatforms.started(by: call, in: facts, index: index) else { return nil }
        var handlers: [Symbol] = []
        for handler in started.handlers {
            handlers += JavaScriptJobPlatforms.symbols(of: handler, index: index).filter { !handlers.contains($0) }
        }
        return handlers.isEmpty ? nil : Enqueued(handlers: handlers, label: started.label, background: "starts \(started.label)")
    }
}
