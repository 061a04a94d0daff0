import Foundation
import GateCore
import Yams

/// A retry count a project gives every job of a job library at once, outside the jobs' own code, and where it is set.
public struct ProjectJobRetries: Sendable, Equatable {
    /// Attempts a job gets: its first run and its retries; nil when nothing bounds them (Laravel's `--tries=0`).
    public var attempts: Int?
    /// The setting as a reader would look for it: `queue:work --tries=5`, `RetryFilter(2)`.
    public var setting: String
    /// The file that sets it.
    public var path: String

    public init(attempts: Int?, setting: String, path: String) {
        self.attempts = attempts
        self.setting = setting
        self.path = path
    }

    /// Whether `attempts` allows fewer than `other`, nil being no bound.
    public static func fewer(_ attempts: Int?, than other: Int?) -> Bool {
        guard let other else { return attempts != nil }
        return attempts.map { $0 < other } ?? false
    }

    /// The setting allowing the most attempts. Which worker runs which queue, or which Spring profile is active, is not
    /// followed, so a job may run under any of them: the largest is what its failures may cost.
    static func most(_ settings: [ProjectJobRetries]) -> ProjectJobRetries? {
        settings.max { fewer($0.attempts, than: $1.attempts) }
    }
}

/// Project-wide retry settings of job libraries, each read once per run from the few files a byte check lets through:
///
/// - Hangfire: an `AutomaticRetryAttribute` registered globally, `GlobalJobFilters.Filters.Add(new
///   AutomaticRetryAttribute { Attempts = 3 })` or `UseFilter(…)` on Hangfire's configuration (`services.AddHangfire(config
///   => config.UseFilter(…))`, `GlobalConfiguration.Configuration.UseFilter(…)`), directly or through a variable.
/// - JobRunr: `org.jobrunr.jobs.default-number-of-retries` (Spring Boot; `quarkus.jobrunr.…` for Quarkus) in an
///   `application*.properties` or `application*.yml` file, any profile, and a `RetryFilter(N)` constructed in Java or
///   Kotlin code (`JobRunr.configure()….withJobFilter(new RetryFilter(2))`, a background job server's filters).
/// - Laravel: the `--tries=N` of the `queue:work` / `queue:listen` commands that start workers (Procfile, Dockerfile,
///   supervisor `*.conf`, compose and other YAML, TOML, shell scripts, composer.json scripts, a console schedule), and
///   the `'tries' => N` of Horizon's supervisors in `config/horizon.php`.
/// - Trigger.dev: `retries.default.maxAttempts` in `trigger.config.ts`.
///
/// A job's own setting (`[AutomaticRetry]`, `@Job(retries = N)`, `$tries`) wins over these: the detectors decide that.
/// Tests, vendored code and CI workflows configure no deployed worker and are not read.
extension CodeIndex {
    /// Hangfire's global `AutomaticRetryAttribute`, when the project registers one with `Attempts` set.
    public func hangfireGlobalRetries() -> ProjectJobRetries? {
        project.configuration("hangfire-global-retries") { () -> ProjectJobRetries? in
            var found: [ProjectJobRetries] = []
            for path in project.paths where path.hasSuffix(".cs") && Self.mayConfigureDeployment(path) {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.automaticRetryAttribute),
                      let lexed = lexedFile(path)
                else { continue }
                found += Self.hangfireGlobalRetries(in: lexed).map { retries in
                    ProjectJobRetries(
                        attempts: retries + 1, setting: "global AutomaticRetryAttribute { Attempts = \(retries) }", path: path)
                }
            }
            return ProjectJobRetries.most(found)
        }
    }

    /// The tries the project's arq workers give a job that sets none: a class attribute `max_tries = N` of a Python
    /// file importing arq (`class WorkerSettings: functions = [...]; max_tries = 10`), the most any worker gives. A
    /// count not written as a number is no bound.
    public func arqWorkerMaxTries() -> ProjectJobRetries? {
        project.configuration("arq-worker-max-tries") { () -> ProjectJobRetries? in
            var found: [ProjectJobRetries] = []
            for path in project.paths where path.hasSuffix(".py") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.maxTriesWord),
                      ByteSearch.containsFolded(bytes, Self.arqWord), let lexed = lexedFile(path)
                else { continue }
                for index in lexed.tokens.indices where lexed.token(index, is: "max_tries") && lexed.tokens[index].firstOnLine
                    && lexed.token(index + 1, isPunctuation: Byte.equals) && !lexed.token(index + 2, isPunctuation: Byte.equals)
                    && lexed.tokens[index].block >= 0 && lexed.blocks[lexed.tokens[index].block].kind == .container
                {
                    let tries = index + 2 < lexed.tokens.count && lexed.tokens[index + 2].kind == .number
                        ? Int(lexed.text(index + 2).filter { $0 != "_" }) : nil
                    found.append(ProjectJobRetries(
                        attempts: tries, setting: "max_tries = \(tries.map(String.init) ?? lexed.text(index + 2))", path: path))
                }
            }
            return ProjectJobRetries.most(found)
        }
    }

    private static let maxTriesWord = Array("max_tries".utf8), arqWord = Array("arq".utf8)

    /// JobRunr's default retries for jobs that set none, when the project configures them.
    public func jobRunrDefaultRetries() -> ProjectJobRetries? {
        project.configuration("jobrunr-default-retries") { () -> ProjectJobRetries? in
            var found: [ProjectJobRetries] = []
            for path in project.paths {
                let name = Self.fileName(path)
                guard name.hasPrefix("application") || path.hasSuffix(".java") || path.hasSuffix(".kt"),
                      Self.mayConfigureDeployment(path)
                else { continue }
                if name.hasPrefix("application"),
                   name.hasSuffix(".properties") || name.hasSuffix(".yml") || name.hasSuffix(".yaml")
                {
                    guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.jobRunrWord) else { continue }
                    let settings = name.hasSuffix(".properties") ? Self.properties(bytes) : Self.yamlScalars(bytes)
                    for (key, value) in settings where Self.isJobRunrDefaultRetries(key) {
                        guard let retries = Int(value.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))) else { continue }
                        found.append(ProjectJobRetries(attempts: retries + 1, setting: "\(key)=\(retries)", path: path))
                    }
                } else if path.hasSuffix(".java") || path.hasSuffix(".kt") {
                    guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.retryFilterCall),
                          ByteSearch.containsFolded(bytes, Self.jobRunrPackage), let lexed = lexedFile(path)
                    else { continue }
                    found += Self.jobRunrRetryFilters(in: lexed).map { retries in
                        ProjectJobRetries(attempts: retries + 1, setting: "RetryFilter(\(retries))", path: path)
                    }
                }
            }
            return ProjectJobRetries.most(found)
        }
    }

    /// The attempts Laravel's queue workers give a job that sets none, when a worker command or a Horizon supervisor
    /// of the project says (Laravel's own default is one attempt).
    public func laravelWorkerAttempts() -> ProjectJobRetries? {
        project.configuration("laravel-worker-attempts") { () -> ProjectJobRetries? in
            var found: [ProjectJobRetries] = []
            for path in project.paths {
                let horizon = path == "config/horizon.php" || path.hasSuffix("/config/horizon.php")
                guard horizon || Self.mayScheduleWorkers(path) || Self.mayStartWorkers(path), Self.mayConfigureDeployment(path)
                else { continue }
                if horizon {
                    guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.triesWord),
                          let lexed = lexedFile(path)
                    else { continue }
                    found += Self.horizonTries(in: lexed).map { tries in
                        ProjectJobRetries(attempts: tries == 0 ? nil : tries, setting: "Horizon 'tries' => \(tries)", path: path)
                    }
                } else {
                    guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.queueCommandPrefix),
                          ByteSearch.containsFolded(bytes, Self.triesWord)
                    else { continue }
                    let commands = path.hasSuffix(".php") ? lexedFile(path).map(Self.scheduledWorkerTries) ?? []
                        : Self.workerTries(in: bytes)
                    found += commands.map { command in
                        ProjectJobRetries(
                            attempts: command.tries == 0 ? nil : command.tries, setting: "\(command.name) --tries=\(command.tries)",
                            path: path)
                    }
                }
            }
            return ProjectJobRetries.most(found)
        }
    }

    /// The attempts Trigger.dev gives a task that sets no `retry` of its own: `retries: { default: { maxAttempts: N } }`
    /// in the project's `trigger.config.ts` (or `.js`, `.mjs`, `.mts`; any package of a monorepo). Without one, a task
    /// is not retried. The largest when several packages configure it.
    public func triggerDevDefaultAttempts() -> ProjectJobRetries? {
        project.configuration("trigger-dev-default-attempts") { () -> ProjectJobRetries? in
            var found: [ProjectJobRetries] = []
            for path in project.paths where Self.fileName(path).hasPrefix("trigger.config.") && Self.mayConfigureDeployment(path) {
                guard let language = SourceLanguage(path: path), language.isJavaScriptLike,
                      let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.maxAttemptsWord),
                      let lexed = lexedFile(path), let attempts = Self.triggerDevDefaultAttempts(in: lexed)
                else { continue }
                found.append(ProjectJobRetries(
                    attempts: attempts, setting: "trigger.config retries.default.maxAttempts: \(attempts)", path: path))
            }
            return ProjectJobRetries.most(found)
        }
    }

    /// The `maxAttempts` of `retries: { default: { … } }` in a Trigger.dev config, when written as a number.
    static func triggerDevDefaultAttempts(in lexed: LexedSource) -> Int? {
        func object(after key: StaticString, within range: Range<Int>) -> Range<Int>? {
            for index in range where lexed.token(index, is: key) && lexed.token(index + 1, isPunctuation: Byte.colon)
                && lexed.token(index + 2, isPunctuation: Byte.openBrace) && lexed.partner[index + 2] > index + 2
            {
                return (index + 3)..<lexed.partner[index + 2]
            }
            return nil
        }
        guard let retries = object(after: "retries", within: lexed.tokens.indices),
              let defaults = object(after: "default", within: retries),
              let key = defaults.first(where: { lexed.token($0, is: "maxAttempts") && lexed.token($0 + 1, isPunctuation: Byte.colon) }),
              key + 2 < lexed.tokens.count, lexed.tokens[key + 2].kind == .number
        else { return nil }
        return Int(lexed.text(key + 2).filter { $0 != "_" })
    }

    // MARK: Which files

    private static let automaticRetryAttribute = Array("automaticretryattribute".utf8)
    private static let jobRunrWord = Array("jobrunr".utf8), jobRunrPackage = Array("org.jobrunr".utf8)
    private static let retryFilterCall = Array("retryfilter(".utf8)
    private static let triesWord = Array("tries".utf8), queueCommandPrefix = Array("queue:".utf8)
    private static let maxAttemptsWord = Array("maxattempts".utf8)

    /// Not a test, vendored code or a CI workflow: none of them configures the deployed application's jobs.
    static func mayConfigureDeployment(_ path: String) -> Bool {
        !path.split(separator: "/").dropLast().contains { directory in
            directory == "test" || directory == "tests" || directory == "vendor" || directory == "node_modules"
                || directory == ".github"
        }
    }

    /// The part after the last `/`, found in the UTF-8 bytes: asked of every path of the tree.
    static func fileName(_ path: String) -> Substring {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return Substring(path) }
        return path[path.utf8.index(after: slash)...]
    }

    /// Files that start processes on a host or in a container, where a worker's command line is written.
    private static func mayStartWorkers(_ path: String) -> Bool {
        let name = fileName(path).lowercased()
        let named = ["procfile", "dockerfile", "containerfile", "docker-compose", "compose.", "makefile", "supervisord", "crontab"]
        if named.contains(where: { name.hasPrefix($0) }) { return true }
        if ["composer.json", "app.json", "railway.json", "nixpacks.json"].contains(name) { return true }
        guard let dot = name.lastIndex(of: ".") else { return false }
        return ["conf", "ini", "yml", "yaml", "toml", "sh", "service", "dockerfile", "cron"].contains(name[name.index(after: dot)...])
    }

    /// Laravel's console schedule, which may start a worker every minute (`$schedule->command('queue:work --tries=3
    /// --stop-when-empty')`): the console kernel, `routes/console.php`, `bootstrap/app.php` (`withSchedule`).
    private static func mayScheduleWorkers(_ path: String) -> Bool {
        path.hasSuffix(".php")
            && (path.hasPrefix("app/Console/") || path.contains("/app/Console/") || path.hasSuffix("routes/console.php")
                || path.hasSuffix("bootstrap/app.php"))
    }

    // MARK: Hangfire

    /// The `Attempts` of each `new AutomaticRetryAttribute { Attempts = N }` the file registers globally: given to
    /// `GlobalJobFilters.Filters.Add(…)` or `UseFilter(…)`, or assigned to a variable given to them. An attribute
    /// built without `Attempts` keeps Hangfire's default, and a count not written as a number is not judged.
    static func hangfireGlobalRetries(in lexed: LexedSource) -> [Int] {
        var result: [Int] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "AutomaticRetryAttribute") && lexed.token(index - 1, is: "new") {
            var open = index + 1
            if lexed.token(open, isPunctuation: Byte.openParen), lexed.partner[open] > open { open = lexed.partner[open] + 1 }
            guard lexed.token(open, isPunctuation: Byte.openBrace), lexed.partner[open] > open,
                  let attempts = (open...lexed.partner[open]).first(where: { cursor in
                      lexed.token(cursor, is: "Attempts") && lexed.token(cursor + 1, isPunctuation: Byte.equals)
                  }),
                  let retries = number(at: attempts + 2, in: lexed)
            else { continue }
            if registersHangfireFilter(callAround: index, in: lexed) {
                result.append(retries)
            } else if lexed.token(index - 2, isPunctuation: Byte.equals), lexed.isIdentifier(index - 3) {
                // `var retry = new AutomaticRetryAttribute { … };` then `GlobalJobFilters.Filters.Add(retry)`.
                let variable = lexed.text(index - 3)
                let registered = lexed.tokens.indices.contains { cursor in
                    cursor != index - 3 && lexed.isIdentifier(cursor) && lexed.text(cursor) == variable
                        && registersHangfireFilter(callAround: cursor, in: lexed)
                }
                if registered { result.append(retries) }
            }
        }
        return result
    }

    /// Whether token `index` is among the arguments of `UseFilter(…)` or `….Filters.Add(…)`.
    private static func registersHangfireFilter(callAround index: Int, in lexed: LexedSource) -> Bool {
        guard let callee = callee(around: index, in: lexed) else { return false }
        return lexed.token(callee, is: "UseFilter")
            || (lexed.token(callee, is: "Add") && lexed.token(callee - 1, isPunctuation: Byte.dot) && lexed.token(callee - 2, is: "Filters"))
    }

    // MARK: JobRunr

    /// Whether a configuration key is JobRunr's default retries: `org.jobrunr.jobs.default-number-of-retries` (Spring
    /// Boot), `quarkus.jobrunr.jobs.…`, `jobrunr.jobs.…` (Micronaut), written in any of Spring's relaxed forms
    /// (`defaultNumberOfRetries`, `default_number_of_retries`).
    private static func isJobRunrDefaultRetries(_ key: String) -> Bool {
        key.lowercased().filter { $0 != "-" && $0 != "_" }.hasSuffix("jobrunr.jobs.defaultnumberofretries")
    }

    /// The retries of each `RetryFilter(N)` the file constructs (`new RetryFilter(2)`, Kotlin's `RetryFilter(2)`);
    /// `RetryFilter()` keeps JobRunr's default.
    static func jobRunrRetryFilters(in lexed: LexedSource) -> [Int] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "RetryFilter"), lexed.token(index + 1, isPunctuation: Byte.openParen),
                  lexed.token(index - 1, is: "new") || (lexed.language == .kotlin && !lexed.token(index - 1, isPunctuation: Byte.dot)
                      && !lexed.token(index - 1, is: "class") && !lexed.token(index - 1, is: "fun"))
            else { return nil }
            return number(at: index + 2, in: lexed)
        }
    }

    /// The `key: value` scalars of a YAML file's documents, keys joined with dots along their mappings
    /// (`org: jobrunr: jobs: default-number-of-retries: 3` is `org.jobrunr.jobs.default-number-of-retries`); a file that
    /// does not parse gives none.
    static func yamlScalars(_ bytes: [UInt8]) -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        func walk(_ node: Node, path: String) {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    guard let name = key.scalar?.string else { continue }
                    walk(value, path: path.isEmpty ? name : path + "." + name)
                }
            } else if let scalar = node.scalar, !path.isEmpty {
                result.append((path, scalar.string))
            }
        }
        // `.basic` leaves plain scalars untyped (no regular expressions run); values are read as text.
        guard let documents = try? Yams.compose_all(yaml: String(decoding: bytes, as: UTF8.self), .basic) else { return [] }
        for document in documents { walk(document, path: "") }
        return result
    }

    // MARK: Laravel

    /// Each `'tries' => N` of Horizon's supervisors (its `defaults` and environments), as written.
    static func horizonTries(in lexed: LexedSource) -> [Int] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.tokens[index].kind == .string, lexed.text(index) == "tries", lexed.token(index + 1, is: "=>") else { return nil }
            return number(at: index + 2, in: lexed)
        }
    }

    /// A worker command and the `--tries` it is given.
    struct WorkerCommand: Equatable {
        /// `queue:work` or `queue:listen`.
        var name: String
        var tries: Int
    }

    private static let workerCommands = ["queue:work", "queue:listen"].map { Array($0.utf8) }
    private static let triesOption = Array("--tries".utf8)

    /// The worker commands of a file that starts processes, with the `--tries` each is given: `php artisan queue:work
    /// --tries=3` on one line or continued with `\`, an exec form (`["php", "artisan", "queue:work", "--tries=3"]`), a
    /// YAML list of its words. A command in a comment is none; a command without `--tries`, or whose count is not a
    /// number (`--tries=${TRIES}`), is not judged.
    static func workerTries(in bytes: [UInt8]) -> [WorkerCommand] {
        var result: [WorkerCommand] = []
        for command in workerCommands {
            var from = 0
            while true {
                let hit = bytes.withUnsafeBufferPointer { ByteSearch.find(command, in: $0, from: from) }
                guard hit != Int.max else { break }
                from = hit + command.count
                let lineStart = bytes[..<hit].lastIndex(of: Byte.newline).map { $0 + 1 } ?? 0
                guard !isCommentedOut(bytes[lineStart..<hit]) else { continue }
                let arguments = commandArguments(bytes, from: from, lineStart: lineStart)
                if let tries = triesValue(bytes[arguments]) {
                    result.append(WorkerCommand(name: String(decoding: command, as: UTF8.self), tries: tries))
                }
            }
        }
        return result
    }

    /// Whether what precedes a command on its line makes it a comment: a line starting with `#`, `;` or `//`, or a `#`
    /// after whitespace (a shell or YAML comment after code).
    private static func isCommentedOut(_ prefix: ArraySlice<UInt8>) -> Bool {
        let code = prefix.drop { $0 == Byte.space || $0 == Byte.tab }
        if let first = code.first, first == Byte.hash || first == Byte.semicolon { return true }
        if code.starts(with: [Byte.slash, Byte.slash]) { return true }
        return zip(prefix, prefix.dropFirst()).contains { ($0 == Byte.space || $0 == Byte.tab) && $1 == Byte.hash }
    }

    /// The byte range of a command's arguments: to the end of its line, past lines ended by `\`, and over the
    /// following items of a YAML list the command is an item of; a shell separator (`&&`, `||`, `;`, `|`) or a
    /// comment ends them sooner.
    private static func commandArguments(_ bytes: [UInt8], from start: Int, lineStart: Int) -> Range<Int> {
        let indent = bytes[lineStart...].prefix { $0 == Byte.space }.count
        let listItem = bytes.indices.contains(lineStart + indent) && bytes[lineStart + indent] == Byte.minus
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == Byte.semicolon || byte == Byte.bar || (byte == Byte.ampersand && cursor + 1 < bytes.count && bytes[cursor + 1] == Byte.ampersand)
                || (byte == Byte.hash && (bytes[cursor - 1] == Byte.space || bytes[cursor - 1] == Byte.tab))
            {
                break
            }
            if byte == Byte.newline {
                let continued = bytes[start..<cursor].last { $0 != Byte.space && $0 != Byte.carriageReturn } == Byte.backslash
                let next = cursor + 1
                let nextIndent = bytes[next...].prefix { $0 == Byte.space }.count
                let nextItem = listItem && nextIndent == indent && bytes.indices.contains(next + indent)
                    && bytes[next + indent] == Byte.minus
                guard continued || nextItem else { break }
            }
            cursor += 1
        }
        return start..<cursor
    }

    /// The count after `--tries` (`--tries=3`, `--tries 3`, `"--tries", "3"`, `- "3"` on a YAML list's next line).
    private static func triesValue(_ arguments: ArraySlice<UInt8>) -> Int? {
        guard let option = arguments.firstRange(of: triesOption) else { return nil }
        let skipped: Set<UInt8> = [Byte.equals, Byte.space, Byte.tab, Byte.quote, Byte.apostrophe, Byte.comma, Byte.newline, Byte.minus]
        let digits = arguments[option.upperBound...].drop { skipped.contains($0) }.prefix { $0 >= 48 && $0 <= 57 }
        return digits.isEmpty ? nil : Int(String(decoding: digits, as: UTF8.self))
    }

    /// Worker commands a PHP console schedule runs: a string holding `queue:work --tries=3`, or `queue:work` with
    /// its options as an array (`$schedule->command('queue:work', ['--tries' => 3])`). Comments are no strings.
    static func scheduledWorkerTries(_ lexed: LexedSource) -> [WorkerCommand] {
        var result: [WorkerCommand] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .string {
            let text = Array(lexed.bytes[lexed.tokens[index].start..<lexed.tokens[index].end])
            guard let command = workerCommands.first(where: { text.firstRange(of: $0) != nil }) else { continue }
            let name = String(decoding: command, as: UTF8.self)
            if let tries = workerTries(in: text).first?.tries {
                result.append(WorkerCommand(name: name, tries: tries))
            } else if let close = callee(around: index, in: lexed).map({ lexed.partner[$0 + 1] }),
                      let option = (index..<close).first(where: { lexed.tokens[$0].kind == .string && lexed.text($0) == "--tries" }),
                      lexed.token(option + 1, is: "=>"), let tries = number(at: option + 2, in: lexed)
            {
                result.append(WorkerCommand(name: name, tries: tries))
            }
        }
        return result
    }

    // MARK: Tokens

    /// The callee of the innermost call whose arguments hold token `index`.
    private static func callee(around index: Int, in lexed: LexedSource) -> Int? {
        var cursor = index - 1
        while cursor > 0 {
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > index {
                return lexed.isIdentifier(cursor - 1) ? cursor - 1 : nil
            }
            cursor -= 1
        }
        return nil
    }

    /// The integer a number token writes.
    private static func number(at index: Int, in lexed: LexedSource) -> Int? {
        guard index < lexed.tokens.count, lexed.tokens[index].kind == .number else { return nil }
        return Int(lexed.text(index).filter { $0 != "_" })
    }
}
