import GateCore

/// The retry constructs of a file as it was before the change, so that a line the change edits for another reason
/// (`priority=10` added to `@dramatiq.actor(max_retries=3)`, `time_limit` changed beside it, `sidekiq_options queue:`
/// renamed with `retry: 5` left as it was) does not report the retries it has long held: SPEC §1, existing risk is
/// not new. A construct is the same when it is of the same kind, allows the same attempts and retries the same
/// work (the block it scopes, by name and by the named blocks around it); a raised, unbounded or moved bound is new.
///
/// Read only for a construct whose own line or setting line the change edits, once per file: the base is lexed and
/// scanned with the project's name-based settings (Sidekiq's defaults, a project's job defaults), never with the
/// head's token-based ones.
struct RetrySettingsBefore {
    private let keys: [String: Int]

    /// The base's constructs of a modified or renamed file; nil for a file the change adds (all of it is new).
    static func of(_ file: SourceFile, language: SourceLanguage, scanner head: RetryScanner) -> RetrySettingsBefore? {
        guard file.change.kind == .modified || file.change.kind == .renamed else { return nil }
        let baseLexed = Lexer.lex(file.baseBytes(), language: language)
        var scanner = RetryScanner(lexed: baseLexed, bound: head.bound)
        scanner.sidekiqDefaultRetries = head.sidekiqDefaultRetries
        scanner.projectJobRetries = head.projectJobRetries
        scanner.laravelWorkerAttempts = head.laravelWorkerAttempts
        scanner.resilience4jAttempts = head.resilience4jAttempts
        scanner.asynqRetriesSetInProject = head.asynqRetriesSetInProject
        scanner.riverAttemptsSetInProject = head.riverAttemptsSetInProject
        scanner.path = head.path
        var keys: [String: Int] = [:]
        for construct in scanner.constructs() { keys[key(of: construct, in: baseLexed), default: 0] += 1 }
        return RetrySettingsBefore(keys: keys)
    }

    /// Whether the base held a construct like `construct` (of the head file `lexed`): same kind, same bound, same work.
    func held(_ construct: RetryConstruct, in lexed: LexedSource) -> Bool {
        (keys[Self.key(of: construct, in: lexed)] ?? 0) > 0
    }

    /// Kind, bound and retried work, as one key comparable across the two sides (token indices are not).
    private static func key(of construct: RetryConstruct, in lexed: LexedSource) -> String {
        let bound = construct.attempts.map(String.init) ?? "unbounded:" + (construct.attemptsAsWritten ?? "")
        guard let scope = construct.scope, scope.upperBound < lexed.tokens.count else { return construct.kind + "|" + bound + "|" }
        // The block the scope is (the actor's function, the worker's class), named, within the named blocks around it.
        let own = lexed.blocks.firstIndex { $0.openToken == scope.lowerBound }.flatMap { lexed.name(ofBlock: $0) } ?? ""
        return construct.kind + "|" + bound + "|" + own + "@" + PreexistingPaidSites.scopeKey(of: scope.lowerBound, in: lexed)
    }
}
