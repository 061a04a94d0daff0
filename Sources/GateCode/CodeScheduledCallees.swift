import GateCore

/// The functions of other files that code registered with a scheduler runs: APScheduler's `scheduler.add_job(
/// refresh_headline, "interval", minutes=1)`, `schedule.every(10).minutes.do(job)`, node-cron's `cron.schedule("* * *
/// * *", refreshHeadline)` or `new CronJob(…)`, node-schedule's `scheduleJob`, robfig/cron's `c.AddFunc("@every 1m",
/// feeds.Refresh)`, Hangfire's `RecurringJob.AddOrUpdate<FeedService>("refresh", s => s.RefreshHeadline(), …)`, Celery
/// beat's tasks (`add_periodic_task(3600, refresh.s())`, a `beat_schedule` entry) and the functions they call, and
/// what a Spring `@Scheduled` method, an APScheduler `@scheduler.scheduled_job(…)` function or a NestJS `@Cron(…)`
/// method calls. The scheduler's file is background work by its markers (JobContext); the functions it hands the
/// scheduler, or calls from the scheduled code, run on the same timetable wherever they are defined: one hop, resolved
/// as reach resolves calls (imports, receiver types), never by name alone.
extension CodeIndex {
    /// The functions of the file at `path` (written in `language`) that scheduled code of another file runs.
    public func codeScheduledEntryPoints(in path: String, language: SourceLanguage) -> [ScheduledEntryPoint] {
        guard let family = Self.schedulerFamily(language) else { return [] }
        return project.configuration("code-scheduled-callees." + family) { () -> [String: [ScheduledEntryPoint]] in
            var result: [String: [ScheduledEntryPoint]] = [:]
            // Every file of the language is read below: only in a project whose manifests name a scheduler.
            guard declaresScheduler(family) else { return result }
            let keywords = Self.schedulerKeywords[family] ?? []
            for file in project.paths where Self.schedulerFamily(path: file) == family && !file.contains("node_modules/") {
                guard let bytes = project.contents(of: file), keywords.contains(where: { ByteSearch.containsFolded(bytes, $0) }),
                      let fileLanguage = SourceLanguage(path: file), let facts = facts(of: file)
                else { continue }
                let lexed = Lexer.lex(bytes, language: fileLanguage)
                let spans = Self.scheduledSpans(in: lexed)
                // A Celery beat schedule's entries are calls made up at their `task` keys (WorkQueues.swift).
                let beatEntries = facts.calls.filter { $0.receiver == [WorkQueues.celeryBeatSchedule] }
                guard !spans.isEmpty || !beatEntries.isEmpty else { continue }
                var calls = facts.calls.filter { call in spans.contains { $0.contains(call.token) } }
                calls += beatEntries.filter { entry in !calls.contains { $0.token == entry.token } }
                calls += Self.handedReferences(in: lexed, spans: spans).filter { reference in !calls.contains { $0.token == reference.token } }
                for call in calls {
                    var targets = resolve(call, in: facts).targets
                    // Hangfire's `AddOrUpdate<FeedService>(…, s => s.RefreshHeadline(), …)`: the lambda's parameter is
                    // the type argument.
                    if targets.isEmpty, let type = Self.typeArgument(of: call, in: lexed, spans: spans) {
                        targets = methods(call.name, ofType: type, from: facts)
                    }
                    // Celery: the task a schedule names (`add_periodic_task(3600, refresh.s())`, a beat entry) runs on its
                    // timetable, and so do the functions of other files it calls: two hops from the schedule.
                    if targets.isEmpty, family == "python", let work = WorkQueues.enqueued(call, in: facts, index: self) {
                        targets = work.handlers + work.handlers.flatMap { functionsCalled(by: $0) }
                    }
                    for target in targets where target.path != file {
                        let entry = ScheduledEntryPoint(path: target.path, method: target.definition.name, schedule: file)
                        if !(result[target.path]?.contains(entry) ?? false) { result[target.path, default: []].append(entry) }
                    }
                }
            }
            return result
        }[path] ?? []
    }

    /// The functions of other files the function `symbol` calls, as reach resolves them.
    private func functionsCalled(by symbol: Symbol) -> [Symbol] {
        guard let facts = facts(of: symbol.path) else { return [] }
        return facts.calls(in: symbol.definition.tokens).flatMap { call in
            resolve(call, in: facts).targets.filter { $0.path != symbol.path }
        }
    }

    private static func schedulerFamily(_ language: SourceLanguage) -> String? {
        switch language {
        case .python: "python"
        case .go: "go"
        case .java, .kotlin: "jvm"
        case .csharp: "csharp"
        default: language.isJavaScriptLike ? "javascript" : nil
        }
    }

    private static func schedulerFamily(path: String) -> String? {
        SourceLanguage(path: path).flatMap(schedulerFamily)
    }

    /// Whether a manifest of the project names a scheduler library of the language family (`node-cron`,
    /// `APScheduler`, `robfig/cron`, Spring, Hangfire).
    private func declaresScheduler(_ family: String) -> Bool {
        guard let (manifests, libraries) = Self.schedulerManifests[family] else { return false }
        for name in manifests {
            let paths = name.hasPrefix(".") ? project.paths.filter { $0.hasSuffix(name) } : project.paths(named: name)
            for path in paths where !path.contains("node_modules/") {
                guard let bytes = project.contents(of: path) else { continue }
                if libraries.contains(where: { ByteSearch.containsFolded(bytes, $0) }) { return true }
            }
        }
        return false
    }

    /// The manifests of each language family (a name, or a `.`-led suffix), and the scheduler libraries' names in them.
    private static let schedulerManifests: [String: (manifests: [String], libraries: [[UInt8]])] = [
        "python": (["requirements.txt", "pyproject.toml", "Pipfile", "setup.py", "setup.cfg", "requirements.in"],
                   ["apscheduler", "schedule", "celery"].map { Array($0.utf8) }),
        "javascript": (["package.json"], ["cron", "node-schedule", "@nestjs/schedule"].map { Array($0.utf8) }),
        "go": (["go.mod"], ["robfig/cron", "gocron"].map { Array($0.utf8) }),
        "jvm": (["pom.xml", "build.gradle", "build.gradle.kts"], ["spring"].map { Array($0.utf8) }),
        "csharp": ([".csproj", "Directory.Packages.props"], ["hangfire"].map { Array($0.utf8) }),
    ]

    /// Words a file registering scheduled work contains, by language family: a cheap test before lexing it.
    private static let schedulerKeywords: [String: [[UInt8]]] = [
        "python": ["add_job", "scheduled_job", ".every(", "add_periodic_task", "beat_schedule", "PeriodicTask"],
        "javascript": ["cron.schedule", "new CronJob", "scheduleJob", "@Cron("],
        "go": ["AddFunc"],
        "jvm": ["@Scheduled"],
        "csharp": ["AddOrUpdate"],
    ].mapValues { $0.map { Array($0.utf8) } }

    /// Calls whose arguments the scheduler runs on its timetable.
    private static let registrations: Set<String> = [
        "add_job", "do", "schedule", "scheduleJob", "CronJob", "AddFunc", "AddJob", "AddOrUpdate", "add_periodic_task",
    ]
    /// Annotations and decorators of functions a scheduler runs.
    private static let scheduledAnnotations: Set<String> = ["Scheduled", "scheduled_job", "Cron"]

    /// The token ranges the scheduler runs: a registration's arguments, an annotated function's body.
    static func scheduledSpans(in lexed: LexedSource) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let name = lexed.text(index)
            if registrations.contains(name) {
                var open = index + 1
                // `AddOrUpdate<FeedService>(…)`.
                if lexed.token(open, isPunctuation: Byte.less) {
                    while open < lexed.tokens.count, !lexed.token(open, isPunctuation: Byte.greater), open < index + 8 { open += 1 }
                    open += 1
                }
                guard lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open else { continue }
                // node-cron's `cron.schedule(…)`, Python's `schedule.every(…).do(job)`: the receiver tells these
                // common names apart from other `schedule` and `do` methods.
                if name == "schedule", !(lexed.isIdentifier(index - 2) && lexed.text(index - 2).lowercased().contains("cron")) { continue }
                if name == "do", !precededByEvery(lexed, index) { continue }
                if name == "CronJob", !lexed.token(index - 1, is: "new") { continue }
                // Hangfire's `RecurringJob.AddOrUpdate` or an `IRecurringJobManager`'s, not a ConcurrentDictionary's.
                if name == "AddOrUpdate", !(lexed.isIdentifier(index - 2) && lexed.text(index - 2).lowercased().contains("recurring")) { continue }
                // robfig/cron's `c.AddFunc("@every 1m", …)`: a schedule's spec first.
                if name == "AddFunc" || name == "AddJob", !(open + 1 < lexed.tokens.count && lexed.tokens[open + 1].kind == .string) { continue }
                spans.append(open...lexed.partner[open])
            } else if scheduledAnnotations.contains(name), isAnnotation(lexed, index) {
                guard let body = lexed.blocks.indices.first(where: { lexed.blocks[$0].kind == .function && lexed.blocks[$0].openToken > index })
                else { continue }
                spans.append(lexed.blocks[body].openToken...lexed.blocks[body].endToken)
            }
        }
        return spans
    }

    /// `@Scheduled`, `@Cron(…)`, `@scheduler.scheduled_job(…)`.
    private static func isAnnotation(_ lexed: LexedSource, _ index: Int) -> Bool {
        var start = index
        while start >= 2, lexed.token(start - 1, isPunctuation: Byte.dot), lexed.isIdentifier(start - 2) { start -= 2 }
        return lexed.token(start - 1, isPunctuation: Byte.at)
    }

    /// Whether a `do` ends a chain that starts with `every` (`schedule.every(10).minutes.do(job)`).
    private static func precededByEvery(_ lexed: LexedSource, _ index: Int) -> Bool {
        var cursor = index - 1
        while cursor >= 0, cursor > index - 16 {
            if lexed.token(cursor, is: "every") { return true }
            if lexed.token(cursor, isPunctuation: Byte.closeParen), lexed.partner[cursor] >= 0 { cursor = lexed.partner[cursor] - 1; continue }
            guard lexed.token(cursor, isPunctuation: Byte.dot) || lexed.isIdentifier(cursor) else { return false }
            cursor -= 1
        }
        return false
    }

    /// Functions handed to a registration by name (`cron.schedule("…", refreshHeadline)`, `c.AddFunc("…",
    /// feeds.Refresh)`), as calls of them: an argument that is a name or a member and nothing more.
    private static func handedReferences(in lexed: LexedSource, spans: [ClosedRange<Int>]) -> [CallFact] {
        var references: [CallFact] = []
        for span in spans where lexed.token(span.lowerBound, isPunctuation: Byte.openParen) {
            var start = span.lowerBound + 1
            while start < span.upperBound {
                var end = start
                while lexed.isIdentifier(end), lexed.token(end + 1, isPunctuation: Byte.dot), lexed.isIdentifier(end + 2) { end += 2 }
                if lexed.isIdentifier(end), lexed.token(start - 1, isPunctuation: Byte.openParen) || lexed.token(start - 1, isPunctuation: Byte.comma),
                   lexed.token(end + 1, isPunctuation: Byte.comma) || end + 1 == span.upperBound
                {
                    let receiver = stride(from: start, to: end, by: 2).map { lexed.text($0) }
                    let token = lexed.tokens[end]
                    references.append(CallFact(
                        name: lexed.text(end), receiver: receiver, token: end, line: token.line, column: token.column,
                        firstArgument: nil, callee: 0))
                }
                start = end + 1
            }
        }
        return references
    }

    /// The type argument of the registration around `call` (`AddOrUpdate<FeedService>`), when the call's receiver
    /// is the lambda's parameter.
    private static func typeArgument(of call: CallFact, in lexed: LexedSource, spans: [ClosedRange<Int>]) -> String? {
        guard call.receiver.count == 1, let span = spans.first(where: { $0.contains(call.token) }),
              lexed.token(span.lowerBound - 1, isPunctuation: Byte.greater), lexed.isIdentifier(span.lowerBound - 2),
              lexed.token(span.lowerBound - 3, isPunctuation: Byte.less)
        else { return nil }
        return lexed.text(span.lowerBound - 2)
    }
}
