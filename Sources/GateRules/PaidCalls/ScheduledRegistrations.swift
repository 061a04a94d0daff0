import GateCore

/// Serverless files that register several functions, some on a schedule or a queue and some for requests: a
/// Firebase `index.ts` exporting `onSchedule(…)` beside `onRequest(…)`, an Azure Functions file with `app.timer(…)`
/// beside `app.http(…)`, a C# class with a `[TimerTrigger]` method beside an `[HttpTrigger]` one, a Python v2
/// `function_app.py` with `@app.timer_trigger` beside `@app.route`. Only the scheduled or queue-fed function (and
/// the functions of the file it calls) runs as background work; the request handlers answer once per request.
/// A file with such a registration and no request handler is background work as a whole (`JobContext.reason`).
enum ScheduledRegistrations {
    /// Code that runs as background work in a file that answers requests too: its tokens, and why.
    struct Scope: Sendable {
        var tokens: ClosedRange<Int>
        var reason: String
    }

    /// The words of the request registrations this applies beside (case-folded): one of them must be in the file
    /// before its tokens are read.
    private static let requestWords = KeywordPrefilter([
        "onrequest", "oncall", "app.http(", "httptrigger", ".route(",
    ].map { Array($0.utf8) })

    /// The code of a file that is no background work as a whole that runs as background work all the same: its
    /// scheduled and queue-fed registrations beside its request handlers. Asked only of a file `JobContext.background`
    /// found so (`.registrations`: its first marker is such a registration and it `servesRequests`).
    static func backgroundScopes(in lexed: LexedSource) -> [Scope] { scopes(in: lexed) }

    /// Whether the file registers a request handler of a serverless platform whose scheduled registrations
    /// (`JobContext.registrationMarkers`) scope to their own function: Firebase's `onRequest(`/`onCall(` (v1's
    /// `https.onRequest(` too), Azure Functions' `app.http(`, `[HttpTrigger(…)]`, or a Python `@app.route(…)`.
    static func servesRequests(_ lexed: LexedSource) -> Bool {
        guard requestWords.matches(lexed.bytes) else { return false }
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier {
            if lexed.language.isJavaScriptLike {
                if (lexed.token(index, is: "onRequest") || lexed.token(index, is: "onCall")) && lexed.token(index + 1, isPunctuation: Byte.openParen) {
                    return true
                }
                if lexed.token(index, is: "http"), lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "app"),
                   lexed.token(index + 1, isPunctuation: Byte.openParen)
                {
                    return true
                }
            } else if lexed.language == .csharp {
                if lexed.token(index, is: "HttpTrigger"), lexed.token(index - 1, isPunctuation: Byte.openBracket) { return true }
            } else if lexed.language == .python {
                if lexed.token(index, is: "route"), lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 3, isPunctuation: Byte.at),
                   lexed.token(index + 1, isPunctuation: Byte.openParen)
                {
                    return true
                }
            }
        }
        return false
    }

    /// The file's scheduled and queue-fed registrations, each with the functions of the file it calls (at any
    /// depth): asked only of a file that `servesRequests` and has such a registration.
    private static func scopes(in lexed: LexedSource) -> [Scope] {
        var result: [Scope] = []
        for (start, end, reason) in registrations(in: lexed) {
            result.append(Scope(tokens: start...end, reason: "runs as background work (\(reason))"))
        }
        guard !result.isEmpty else { return [] }
        // The functions of the file a registration calls run as its work: `writeDigest()` called from `onSchedule`.
        var functions: [String: [Int]] = [:]
        for (index, block) in lexed.blocks.enumerated() where block.kind == .function {
            guard let name = block.nameRange else { continue }
            functions[lexed.text(name), default: []].append(index)
        }
        guard !functions.isEmpty else { return result }
        var visited = Set<Int>()
        var pending = result
        while let scope = pending.popLast() {
            for index in scope.tokens where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen)
                && !lexed.token(index - 1, isPunctuation: Byte.dot)
            {
                for block in functions[lexed.text(index)] ?? [] where visited.insert(block).inserted {
                    let called = Scope(tokens: lexed.statementSpan(of: block), reason: scope.reason)
                    result.append(called)
                    pending.append(called)
                }
            }
        }
        return result
    }

    /// The registrations themselves: where each starts and ends, and the marker it is known by.
    private static func registrations(in lexed: LexedSource) -> [(Int, Int, String)] {
        var result: [(Int, Int, String)] = []
        switch lexed.language {
        case .csharp:
            // A method whose parameter carries a timer, queue or Service Bus trigger.
            for (block, info) in lexed.blocks.enumerated() where info.kind == .function && info.headerStart < info.openToken {
                guard let trigger = (info.headerStart..<info.openToken).first(where: { index in
                    lexed.token(index - 1, isPunctuation: Byte.openBracket)
                        && (lexed.token(index, is: "TimerTrigger") || lexed.token(index, is: "QueueTrigger") || lexed.token(index, is: "ServiceBusTrigger"))
                }) else { continue }
                let span = lexed.statementSpan(of: block)
                result.append((span.lowerBound, span.upperBound, lexed.text(trigger)))
            }
        case .python:
            // A function decorated `@app.timer_trigger(…)` or `@app.queue_trigger(…)`.
            for (block, info) in lexed.blocks.enumerated() where info.kind == .function && info.headerStart < info.openToken {
                guard let trigger = (info.headerStart..<info.openToken).first(where: { index in
                    lexed.token(index - 1, isPunctuation: Byte.dot) && (lexed.token(index, is: "timer_trigger") || lexed.token(index, is: "queue_trigger"))
                }) else { continue }
                let span = lexed.statementSpan(of: block)
                result.append((span.lowerBound, span.upperBound, "@" + lexed.text(trigger - 2) + "." + lexed.text(trigger)))
            }
        default:
            guard lexed.language.isJavaScriptLike else { return [] }
            for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier && lexed.token(index + 1, isPunctuation: Byte.openParen) {
                let marker: String
                if firebaseTriggers.contains(lexed.text(index)) {
                    marker = lexed.text(index)
                } else if lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "pubsub"),
                          lexed.token(index, is: "schedule") || lexed.token(index, is: "topic")
                {
                    marker = "pubsub." + lexed.text(index)
                } else if lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "firestore"), lexed.token(index, is: "document") {
                    marker = "firestore.document"
                } else if lexed.token(index - 1, isPunctuation: Byte.dot), lexed.token(index - 2, is: "app"), azureBackgroundTriggers.contains(lexed.text(index)) {
                    marker = "app." + lexed.text(index)
                } else {
                    continue
                }
                guard lexed.partner[index + 1] > index + 1 else { continue }
                // The call and the calls chained on it (`pubsub.schedule("…").onRun(async () => { … })`).
                var end = lexed.partner[index + 1]
                while lexed.token(end + 1, isPunctuation: Byte.dot), end + 3 < lexed.tokens.count, lexed.tokens[end + 2].kind == .identifier,
                      lexed.token(end + 3, isPunctuation: Byte.openParen), lexed.partner[end + 3] > end + 3
                {
                    end = lexed.partner[end + 3]
                }
                result.append((index, end, marker))
            }
        }
        return result
    }

    /// Firebase's registrations of functions that a schedule, a task queue, Pub/Sub or a document or object written runs.
    private static let firebaseTriggers: Set<String> = [
        "onSchedule", "onTaskDispatched", "onMessagePublished", "onDocumentCreated", "onDocumentUpdated", "onDocumentDeleted",
        "onDocumentWritten", "onObjectFinalized", "onValueCreated", "onValueWritten",
    ]

    /// Azure Functions' Node.js v4 registrations of functions that timers, queues and event streams run.
    private static let azureBackgroundTriggers: Set<String> = [
        "timer", "storageQueue", "serviceBusQueue", "serviceBusTopic", "eventHub",
    ]
}
