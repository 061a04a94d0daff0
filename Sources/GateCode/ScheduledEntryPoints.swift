import Foundation
import GateCore
import Yams

/// Code a scheduler's configuration runs on a timetable, told by the configuration rather than by the code, which
/// carries no mark of it: Solid Queue's `config/recurring.yml` (`command: "Feed.refresh_headline!"`, `class:
/// RefreshJob`), sidekiq-cron's and sidekiq-scheduler's schedules, whenever's `config/schedule.rb` (`runner
/// "Feed.refresh"`, `rake "feeds:refresh"`), clockwork's `every` blocks, Laravel's scheduler (`$schedule->command(…)`,
/// `Schedule::job(…)`, `Schedule::call(…)`), and the commands a Kubernetes CronJob or a scheduled GitHub Actions workflow
/// runs (`python manage.py refresh_feeds`, `bundle exec rake feeds:refresh`, `bin/rails runner "Feed.refresh"`, `php
/// artisan feeds:refresh`, `python -m app.refresh`).
public struct ScheduledEntryPoint: Sendable, Equatable {
    /// The file that holds the scheduled code.
    public var path: String
    /// The method the schedule calls (`refresh_headline!`), or nil when it runs the whole
    /// file: a job class, a script, a command.
    public var method: String?
    /// The configuration that schedules it, for messages (`config/recurring.yml`).
    public var schedule: String
    /// The class the method is defined in, when only that class's method of the name runs (a Hangfire enqueue's
    /// `ClaudeSummarizer.SummarizeAsync`, not another class's `SummarizeAsync` in the same file); nil for any.
    public var container: String? = nil
    /// What hands the method to a job library, for messages (`Hangfire's Enqueue`), when it is no schedule.
    public var handedTo: String? = nil
}

extension CodeIndex {
    /// What the project's schedulers run in the file at `path`.
    public func scheduledEntryPoints(in path: String) -> [ScheduledEntryPoint] {
        scheduledEntryPointsByPath()[path] ?? []
    }

    /// Every scheduled entry point of the tree, by file. Read once.
    private func scheduledEntryPointsByPath() -> [String: [ScheduledEntryPoint]] {
        project.configuration("scheduled-entry-points") { () -> [String: [ScheduledEntryPoint]] in
            var reader = ScheduleReader(project: project)
            for path in project.paths { reader.read(path) }
            for (workflow, script) in scheduledWorkflowScripts() { reader.readCommand(script, schedule: workflow) }
            return reader.entries
        }
    }
}

extension CodeIndex {
    /// The entries the scheduler configuration at `path` declares, each with its line, its timing and the code it runs
    /// (empty for a file no scheduler reads). `contents` reads another version of the file (the base's); the code
    /// the entries name is resolved in the head tree. Not remembered: asked only of changed configurations.
    public func scheduleEntries(declaredIn path: String, contents: [UInt8]? = nil) -> [ScheduleEntry] {
        var reader = ScheduleReader(project: project)
        if let contents { reader.replacement = (path, contents) }
        // A scheduled workflow's steps are read tree-wide by `scheduledWorkflowScripts`; here, with their lines.
        if path.hasPrefix(".github/workflows/"), path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
            reader.readWorkflow(path)
            reader.readFlyScheduledMachines(path)
        } else if path == "vercel.json" || path.hasSuffix("/vercel.json") {
            // Read here only: tree-wide, the routes Vercel's crons request are told by `vercelCron(requesting:)`.
            reader.readVercelCrons(path)
        } else {
            reader.read(path)
        }
        return reader.declared
    }
}

/// Reads the scheduler configurations of a tree into entry points.
struct ScheduleReader {
    let project: Project
    private(set) var entries: [String: [ScheduledEntryPoint]] = [:]
    /// The entries read, in order, each with the entry points it names (`scheduleEntries(declaredIn:)`).
    private(set) var declared: [ScheduleEntry] = []
    /// The entry whose entry points are being added, an index of `declared`.
    private var current: Int?
    /// Contents read for one path instead of the tree's (the base version of a changed configuration).
    var replacement: (path: String, bytes: [UInt8])?

    init(project: Project) { self.project = project }

    /// The schedule file's bytes: the replacement's for its path, else the tree's.
    private func contents(of path: String) -> [UInt8]? {
        if let replacement, replacement.path == path { return replacement.bytes }
        return project.contents(of: path)
    }

    /// Starts an entry of the schedule: the entry points added until `endEntry` are what it runs.
    private mutating func beginEntry(name: String?, line: Int, timing: String? = nil, timingLine: Int? = nil) {
        declared.append(ScheduleEntry(name: name, line: line, timing: timing, timingLine: timingLine, targets: []))
        current = declared.count - 1
    }

    private mutating func endEntry() { current = nil }

    /// Reads `path` when it is a configuration some scheduler reads; passes over any other file by its name.
    mutating func read(_ path: String) {
        // Asked of every path of the tree: its last byte first, then one or two of its name's endings, without
        // splitting it.
        guard let last = path.utf8.last else { return }
        switch last {
        case UInt8(ascii: "r"):
            if path.hasSuffix(".timer"), !path.contains("node_modules/") { readSystemdUnit(path) }
            return
        case UInt8(ascii: "e"):
            if path.hasSuffix(".service") {
                if !path.contains("node_modules/") { readSystemdUnit(path) }
            } else if path == "Procfile" || path.hasSuffix("/Procfile") {
                readSupercronicLaunches(path)
            }
            return
        case UInt8(ascii: "n"):
            if path.hasSuffix(".cron"), !path.contains("node_modules/") {
                readCrontab(path)
            } else if path == "railway.json" || path.hasSuffix("/railway.json") {
                readRailwayCron(path)
            }
            return
        case UInt8(ascii: "h"):
            // A script that makes Fly scheduled machines (`fly machine run . python jobs/digest.py --schedule daily`).
            if path.hasSuffix(".sh"), !path.contains("node_modules/") { readFlyScheduledMachines(path) }
            return
        case UInt8(ascii: "b"):
            if path.hasSuffix("crontab") {
                if !path.contains("node_modules/") { readCrontab(path) }
                return
            }
        case UInt8(ascii: "l"):
            if path.hasSuffix(".toml") {
                if path == "fly.toml" || path.hasSuffix("/fly.toml") {
                    readSupercronicLaunches(path)
                } else if path == "railway.toml" || path.hasSuffix("/railway.toml") {
                    readRailwayCron(path)
                }
                return
            }
        case UInt8(ascii: "a"), UInt8(ascii: "p"):
            break
        default:
            return
        }
        guard path.hasSuffix(".yml") || path.hasSuffix(".yaml") || path.hasSuffix(".rb") || path.hasSuffix(".php") else { return }
        // Asked as bytes: Foundation's substring search and String's Character walks cost thousands of instructions
        // a call, on every Ruby and PHP file of the tree.
        let (vendored, nameStart, inConfig) = PathBytes.with(path) { path in
            (path.contains("node_modules/") || path.contains("vendor/"), path.fileName?.lowerBound ?? 0,
             path.hasPrefix(0..<path.bytes.count, "config/") || path.contains("/config/"))
        }
        guard !vendored else { return }
        let name = String(decoding: path.utf8.dropFirst(nameStart), as: UTF8.self)
        let lowered = name.lowercased()
        if lowered.hasSuffix(".yml") || lowered.hasSuffix(".yaml") {
            if path.hasPrefix(".github/") {
                // A workflow's step that makes a Fly scheduled machine; the steps of a workflow run `on: schedule` are
                // read by `scheduledWorkflowScripts`.
                if path.hasPrefix(".github/workflows/") { readFlyScheduledMachines(path) }
                return
            }
            if lowered == "render.yaml" || lowered == "render.yml" {
                readRenderCronJobs(path)
                return
            }
            if Self.rubyScheduleNames.contains(where: lowered.contains) { readRubyYAMLSchedule(path) }
            if lowered.contains("cron") || path.split(separator: "/").dropLast().contains(where: { Self.deploymentDirectories.contains($0.lowercased()) }) {
                readKubernetesCronJobs(path)
            }
        } else if name == "schedule.rb" {
            readWhenever(path)
        } else if name == "clock.rb" || name == "clockwork.rb" {
            readClockwork(path)
        } else if name.hasSuffix(".rb"), inConfig {
            readGoodJobCron(path)
        } else if name == "Kernel.php" && path.hasSuffix("Console/Kernel.php") || path.hasSuffix("routes/console.php")
            || path.hasSuffix("bootstrap/app.php")
        {
            readLaravelSchedule(path)
        }
    }

    /// YAML file names of Ruby's schedulers: Solid Queue's `recurring.yml` (and `solid_queue.yml`'s older
    /// `recurring_tasks`), sidekiq-cron's `schedule.yml`, sidekiq-scheduler's `sidekiq.yml` or `sidekiq_scheduler.yml`.
    private static let rubyScheduleNames = ["recurring", "schedule", "solid_queue", "sidekiq"]
    /// Directories that hold Kubernetes manifests and Helm charts.
    private static let deploymentDirectories: Set<String> = [
        "k8s", "kube", "kubernetes", "helm", "charts", "chart", "deploy", "deployment", "deployments", "manifests",
        "templates", "infra", "ops", "kustomize", "base", "overlays",
    ]
    /// The keys that make a mapping naming a class or command a schedule's entry.
    private static let timingKeys: Set<String> = ["schedule", "cron", "every", "in", "at", "interval"]

    private mutating func add(_ path: String, method: String?, schedule: String) {
        let entry = ScheduledEntryPoint(path: path, method: method, schedule: schedule)
        if !(entries[path]?.contains(entry) ?? false) { entries[path, default: []].append(entry) }
        if let current, !declared[current].targets.contains(entry) { declared[current].targets.append(entry) }
    }

    // MARK: - Ruby

    /// A Ruby schedule's entries: every mapping, at any depth (per-environment sections, `:scheduler: :schedule:`),
    /// with a `class` or a `command` and a timing key (`schedule`, `cron`, `every`, …).
    private mutating func readRubyYAMLSchedule(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.classWord) || ByteSearch.containsFolded(bytes, Self.commandWord),
              let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self), .basic)
        else { return }
        // Each node with the key it is the value of (the entry's name, `summary_backfill:`) and that key's line.
        var pending: [(node: Node, name: String?, line: Int?)] = [(root, nil, nil)]
        while let (node, name, line) = pending.popLast() {
            if let sequence = node.sequence { pending.append(contentsOf: sequence.reversed().map { ($0, nil, nil) }); continue }
            guard let mapping = node.mapping else { continue }
            let keys = mapping.keys.compactMap { $0.scalar?.string.trimmingLeadingColon() }
            if keys.contains(where: Self.timingKeys.contains) {
                // The timing the entry runs on, by the first key that tells it (`cron`, `every`, `schedule`, …).
                let timing = mapping.first { key, _ in Self.timingKeys.contains(key.scalar?.string.trimmingLeadingColon() ?? "") }?.value
                let timingScalar = timing?.scalar ?? timing?.sequence?.first?.scalar
                beginEntry(
                    name: name, line: line ?? mapping.mark?.line ?? 0, timing: timingScalar?.string,
                    timingLine: timingScalar?.mark?.line)
                defer { endEntry() }
                for (key, value) in mapping {
                    guard let text = value.scalar?.string else { continue }
                    switch key.scalar?.string.trimmingLeadingColon() {
                    case "class": addRubyClass(text, schedule: path)
                    case "command": addRubySnippet(text, schedule: path)
                    default: break
                    }
                }
            }
            pending.append(contentsOf: mapping.reversed().map { ($0.value, $0.key.scalar?.string.trimmingLeadingColon(), $0.key.mark?.line) })
        }
    }

    private static let classWord = Array("class".utf8)
    private static let commandWord = Array("command".utf8)

    /// A job class (`RefreshJob`, `Feeds::RefreshJob`): the whole file of its definition.
    private mutating func addRubyClass(_ constant: String, schedule: String) {
        for file in RubyResolver().files(forType: constant, from: schedule, project: project) {
            add(file, method: nil, schedule: schedule)
        }
    }

    /// The methods a snippet of Ruby calls on constants (`Feed.refresh_headline!`, `Feeds::Digest.new.deliver`).
    mutating func addRubySnippet(_ snippet: String, schedule: String) {
        for (constant, method) in Self.constantCalls(in: Array(snippet.utf8)) {
            for file in RubyResolver().files(forType: constant, from: schedule, project: project) {
                add(file, method: method, schedule: schedule)
            }
        }
    }

    /// `Const(::Const)*(.new)?.method` in Ruby source or a command's snippet.
    static func constantCalls(in bytes: [UInt8]) -> [(constant: String, method: String)] {
        var calls: [(constant: String, method: String)] = []
        var index = 0
        func word(at start: Int) -> Int {
            var end = start
            while end < bytes.count, Byte.isIdentifierPart(bytes[end]) { end += 1 }
            return end
        }
        while index < bytes.count {
            let startsWord = index == 0 || !(Byte.isIdentifierPart(bytes[index - 1]) || bytes[index - 1] == Byte.dot)
            guard startsWord, bytes[index] >= UInt8(ascii: "A"), bytes[index] <= UInt8(ascii: "Z") else {
                index += 1
                continue
            }
            var end = word(at: index)
            while end + 2 < bytes.count, bytes[end] == Byte.colon, bytes[end + 1] == Byte.colon,
                  bytes[end + 2] >= UInt8(ascii: "A"), bytes[end + 2] <= UInt8(ascii: "Z")
            {
                end = word(at: end + 2)
            }
            let constant = String(decoding: bytes[index..<end], as: UTF8.self)
            var cursor = end
            if cursor + 4 < bytes.count, bytes[cursor] == Byte.dot, bytes[(cursor + 1)..<(cursor + 4)].elementsEqual("new".utf8),
               !Byte.isIdentifierPart(bytes[cursor + 4])
            {
                cursor += 4
                // `.new(args)`: past the arguments.
                if cursor < bytes.count, bytes[cursor] == Byte.openParen, let close = bytes[cursor...].firstIndex(of: Byte.closeParen) {
                    cursor = close + 1
                }
            }
            if cursor + 1 < bytes.count, bytes[cursor] == Byte.dot, bytes[cursor + 1] >= UInt8(ascii: "a"), bytes[cursor + 1] <= UInt8(ascii: "z") {
                var methodEnd = word(at: cursor + 1)
                // `refresh!`, `stale?`: the mark is part of the name, as the lexer reads it.
                if methodEnd < bytes.count, bytes[methodEnd] == UInt8(ascii: "!") || bytes[methodEnd] == UInt8(ascii: "?") { methodEnd += 1 }
                calls.append((constant, String(decoding: bytes[(cursor + 1)..<methodEnd], as: UTF8.self)))
                cursor = methodEnd
            }
            index = max(cursor, index + 1)
        }
        return calls
    }

    /// whenever's `config/schedule.rb`: `runner "Feed.refresh"`, `rake "feeds:refresh"`, `command "…"`.
    private mutating func readWhenever(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.everyWord) else { return }
        let lexed = Lexer.lex(bytes, language: .ruby)
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            var argument = index + 1
            if lexed.token(argument, isPunctuation: Byte.openParen) { argument += 1 }
            guard lexed.tokens.indices.contains(argument), lexed.tokens[argument].kind == .string else { continue }
            let text = lexed.text(argument)
            beginEntry(name: nil, line: lexed.tokens[index].line)
            defer { endEntry() }
            if lexed.token(index, is: "runner") {
                addRubySnippet(text, schedule: path)
            } else if lexed.token(index, is: "rake") {
                addRakeTask(text, schedule: path)
            } else if lexed.token(index, is: "command") {
                readCommand(text, schedule: path)
            }
        }
    }

    private static let everyWord = Array("every".utf8)

    /// clockwork's `every(1.minute, "feeds.refresh") { Feed.refresh_headline! }`: the methods its blocks call on
    /// constants. (The clock file itself is background work by its `Clockwork` module: JobContext's markers.)
    private mutating func readClockwork(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.clockworkWord) else { return }
        let lexed = Lexer.lex(bytes, language: .ruby)
        for index in lexed.tokens.indices where lexed.token(index, is: "every") {
            beginEntry(name: nil, line: lexed.tokens[index].line)
            defer { endEntry() }
            // The block after the call's arguments, `{ … }` or `do … end`.
            var cursor = index + 1
            if lexed.token(cursor, isPunctuation: Byte.openParen), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] + 1 }
            guard let block = lexed.blocks.firstIndex(where: { $0.openToken >= cursor && $0.openToken <= cursor + 1 }) else { continue }
            let range = lexed.tokens[lexed.blocks[block].openToken].start..<lexed.tokens[lexed.blocks[block].endToken].end
            for (constant, method) in Self.constantCalls(in: Array(bytes[range])) {
                for file in RubyResolver().files(forType: constant, from: path, project: project) {
                    add(file, method: method, schedule: path)
                }
            }
        }
    }

    private static let clockworkWord = Array("clockwork".utf8)

    /// GoodJob's cron (`config.good_job.cron = { refresh: { cron: "every minute", class: "RefreshJob" } }`, in
    /// `config/application.rb`, an environment's file or an initializer): the job classes it names.
    private mutating func readGoodJobCron(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.goodJobCron) else { return }
        let lexed = Lexer.lex(bytes, language: .ruby)
        for index in lexed.tokens.indices where lexed.token(index, is: "class") && lexed.token(index + 1, isPunctuation: Byte.colon) {
            beginEntry(name: nil, line: lexed.tokens[index].line)
            defer { endEntry() }
            // `class: "RefreshJob"` or `class: RefreshJob` (with `::` namespaces).
            var end = index + 2
            guard lexed.tokens.indices.contains(end) else { continue }
            if lexed.tokens[end].kind == .string {
                addRubyClass(lexed.text(end), schedule: path)
                continue
            }
            var constant = ""
            while lexed.tokens.indices.contains(end), lexed.tokens[end].kind == .identifier {
                constant += lexed.text(end)
                guard lexed.token(end + 1, isPunctuation: Byte.colon), lexed.token(end + 2, isPunctuation: Byte.colon) else { break }
                constant += "::"
                end += 3
            }
            if let first = constant.utf8.first, first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") { addRubyClass(constant, schedule: path) }
        }
    }

    private static let goodJobCron = Array("good_job.cron".utf8)

    /// A Rake task (`feeds:refresh`): the `.rake` file that defines it, and the methods it calls on constants.
    private mutating func addRakeTask(_ name: String, schedule: String) {
        let parts = name.split(separator: ":").map(String.init)
        guard let task = parts.last, !task.isEmpty else { return }
        let namespaces = parts.dropLast()
        for file in project.paths where file.hasSuffix(".rake") || file.hasSuffix("Rakefile") {
            guard let bytes = project.contents(of: file) else { continue }
            let text = String(decoding: bytes, as: UTF8.self)
            guard namespaces.allSatisfy({ text.contains("namespace :\($0)") || text.contains("namespace(:\($0)") }),
                  text.contains("task :\(task)") || text.contains("task \(task):") || text.contains("task(:\(task)")
            else { continue }
            add(file, method: nil, schedule: schedule)
            for (constant, method) in Self.constantCalls(in: bytes) {
                for target in RubyResolver().files(forType: constant, from: file, project: project) {
                    add(target, method: method, schedule: schedule)
                }
            }
        }
    }

    // MARK: - Commands

    /// A shell command a schedule runs: `python manage.py refresh_feeds` (a Django management command), `rake
    /// feeds:refresh` or `bin/rails feeds:refresh`, `rails runner "Feed.refresh"`, `php artisan feeds:refresh`,
    /// `python -m app.refresh`, or a program by its path (`node scripts/refresh.js`).
    mutating func readCommand(_ script: String, schedule: String) {
        let words = script.split(whereSeparator: { " \n\t;&|,[]()".contains($0) }).map { $0.unquoted }
            .filter { !$0.isEmpty }
        for (position, word) in words.enumerated() {
            let next = words.dropFirst(position + 1).first { !$0.hasPrefix("-") }
            let following = position + 1 < words.count ? words[position + 1] : nil
            switch word.split(separator: "/").last.map(String.init) ?? word {
            case "manage.py", "django-admin":
                if let command = next {
                    for file in project.paths(named: command + ".py") where file.contains("management/commands/") {
                        add(file, method: nil, schedule: schedule)
                    }
                }
            case "rake", "rails":
                if let task = next, task.contains(":"), !task.contains("/") { addRakeTask(task, schedule: schedule) }
                if word.hasSuffix("rails"), next == "runner" || next == "r", position + 2 < words.count {
                    addRubySnippet(words[(position + 2)...].joined(separator: " "), schedule: schedule)
                }
            case "artisan":
                if let command = next { addLaravelCommand(signature: command, schedule: schedule) }
            case "-m":
                if let module = following {
                    let base = module.replacingOccurrences(of: ".", with: "/")
                    for candidate in [base + ".py", base + "/__main__.py"] where project.exists(candidate) {
                        add(candidate, method: nil, schedule: schedule)
                    }
                }
            case "supercronic":
                // supercronic runs the crontab it is given: that file's entries are the schedule.
                // Its entries are declared in the crontab, on its lines: not entries of the file read here.
                if let crontab = next.flatMap(treePath), crontab != schedule {
                    let outer = current
                    let declaredBefore = declared.count
                    endEntry()
                    readCrontab(crontab)
                    declared.removeSubrange(declaredBefore...)
                    current = outer
                }
            default:
                if let candidate = treePath(word), project.language(of: candidate) != nil { add(candidate, method: nil, schedule: schedule) }
            }
        }
    }

    /// The `CronJob` documents of a Kubernetes manifest or Helm template: the commands their containers run.
    /// Read as text, since a Helm template is no YAML until rendered; commented-out lines are left out.
    private mutating func readKubernetesCronJobs(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.cronJobKind) else { return }
        // YAML documents, each after a `---` line (the rest of that line is its first line), with each line's number.
        var documents: [[(number: Int, text: Substring)]] = [[]]
        for (index, line) in TextLines(decoding: bytes).enumerated() {
            if index > 0, line.hasPrefix("---") {
                documents.append([(index + 1, line.dropFirst(3))])
            } else {
                documents[documents.count - 1].append((index + 1, line))
            }
        }
        for document in documents {
            guard let kind = document.first(where: { $0.text.contains("kind: CronJob") }) else { continue }
            let lines = document.filter { !$0.text.isEmpty && !$0.text.drop { $0 == " " }.hasPrefix("#") }
            // The entry is the CronJob, named by its first `name:` (its metadata's) and timed by its `schedule:`.
            let trimmed = lines.map { (number: $0.number, text: $0.text.drop { $0 == " " || $0 == "\t" }) }
            let name = trimmed.first { $0.text.hasPrefix("name:") }.map { String($0.text.dropFirst(5)).trimmingQuotesAndBlanks() }
            let schedule = trimmed.first { $0.text.hasPrefix("schedule:") }
            beginEntry(
                name: name, line: kind.number, timing: schedule.map { String($0.text.dropFirst(9)).trimmingQuotesAndBlanks() },
                timingLine: schedule?.number)
            readCommand(lines.map(\.text).joined(separator: "\n"), schedule: path)
            endEntry()
        }
    }

    private static let cronJobKind = Array("kind: CronJob".utf8)

    /// A GitHub Actions workflow triggered `on: schedule`: each step's `run:` script is an entry (named by the step's
    /// `name`, at its `run:` line), timed by the first `cron:` of the trigger.
    mutating func readWorkflow(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.scheduleWord),
              let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self), .basic),
              let trigger = root.value("on") ?? root.value("true"), let schedule = trigger.value("schedule"),
              let jobs = root.value("jobs")?.mapping
        else { return }
        let cron = schedule.sequence?.first?.value("cron")?.scalar
        for job in jobs.values {
            for step in job.value("steps")?.sequence.map(Array.init) ?? [] {
                guard let run = step.value("run")?.scalar else { continue }
                beginEntry(
                    name: step.value("name")?.scalar?.string, line: run.mark?.line ?? 0, timing: cron?.string,
                    timingLine: cron?.mark?.line)
                readCommand(run.string, schedule: path)
                endEntry()
            }
        }
    }

    // MARK: - Platforms' and the system's schedulers

    /// Render's cron jobs: each service of `render.yaml` of `type: cron` runs its `startCommand` (or a Docker
    /// service's `dockerCommand`) on its `schedule`. Its web services and workers are no schedule.
    private mutating func readRenderCronJobs(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.cronWord),
              let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self), .basic),
              let services = root.value("services")?.sequence
        else { return }
        for service in services where service.value("type")?.scalar?.string == "cron" {
            guard let command = service.value("startCommand")?.scalar ?? service.value("dockerCommand")?.scalar else { continue }
            let schedule = service.value("schedule")?.scalar
            beginEntry(
                name: service.value("name")?.scalar?.string, line: service.value("type")?.scalar?.mark?.line ?? command.mark?.line ?? 0,
                timing: schedule?.string, timingLine: schedule?.mark?.line)
            readCommand(command.string, schedule: path)
            endEntry()
        }
    }

    private static let cronWord = Array("cron".utf8)

    /// A systemd timer and the service it starts: the timer's `OnCalendar=` (or `OnUnitActiveSec=`, …) times the
    /// service's `ExecStart=` commands. Read from the timer (an entry at its timing's line, named by the service)
    /// and from the service when a timer beside it starts it (an entry at each `ExecStart=` line, unnamed, so a
    /// command changed to run another program is a new entry). A service no timer starts is no schedule.
    private mutating func readSystemdUnit(_ path: String) {
        let directory = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        if path.hasSuffix(".timer") {
            guard let bytes = contents(of: path) else { return }
            let timer = Self.unitSettings(bytes)
            let timing = timer.first { Self.timerKeys.contains($0.key) }
            let unit = timer.first { $0.key == "Unit" }?.value ?? String(path.dropFirst(directory.count).dropLast(6)) + ".service"
            guard let service = contents(of: directory + unit) else { return }
            beginEntry(name: unit, line: timing?.line ?? 1, timing: timing?.value, timingLine: timing?.line)
            for exec in Self.unitSettings(service) where Self.execKeys.contains(exec.key) {
                readCommand(exec.value, schedule: path)
            }
            endEntry()
            return
        }
        // A service: the timer of its own name beside it (one naming it otherwise is read from the timer).
        let timerPath = String(path.dropLast(8)) + ".timer"
        guard project.exists(timerPath) || replacement?.path == timerPath, let timerBytes = contents(of: timerPath),
              let bytes = contents(of: path)
        else { return }
        let timing = Self.unitSettings(timerBytes).first { Self.timerKeys.contains($0.key) }
        for exec in Self.unitSettings(bytes) where Self.execKeys.contains(exec.key) {
            beginEntry(name: nil, line: exec.line, timing: timing?.value)
            readCommand(exec.value, schedule: timerPath)
            endEntry()
        }
    }

    /// The timer settings that say when it fires; the first one written is the entry's timing.
    private static let timerKeys: Set<String> = ["OnCalendar", "OnUnitActiveSec", "OnUnitInactiveSec", "OnBootSec", "OnActiveSec"]
    /// The service settings that run commands each time it is started.
    private static let execKeys: Set<String> = ["ExecStart", "ExecStartPre", "ExecStartPost"]

    /// The `Key=value` lines of a unit file, with their lines; comments and section headers left out. A command's
    /// prefixes (`-`, `@`, `+`, `!`, `:`) are dropped from its value.
    static func unitSettings(_ bytes: [UInt8]) -> [(key: String, value: String, line: Int)] {
        var settings: [(key: String, value: String, line: Int)] = []
        for (index, line) in TextLines(decoding: bytes).enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" }
            guard let first = text.first, first != "#", first != ";", first != "[", let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals]).trimmingQuotesAndBlanks()
            var value = Substring(text[text.index(after: equals)...]).drop { $0 == " " || $0 == "\t" }
            if key.hasPrefix("Exec") { value = value.drop { "-@+!:".contains($0) } }
            settings.append((key, String(value).trimmingQuotesAndBlanks(), index + 1))
        }
        return settings
    }

    /// A crontab kept in the repository (`crontab`, `deploy/app.crontab`, `jobs.cron`), installed by an image or
    /// run by supercronic: each entry's command runs on its time fields (`*/15 * * * *`, `@hourly`).
    private mutating func readCrontab(_ path: String) {
        guard let bytes = contents(of: path) else { return }
        for (index, line) in TextLines(decoding: bytes).enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" }
            guard let first = text.first, first != "#" else { continue }
            var fields = text.split(maxSplits: first == "@" ? 1 : 5, whereSeparator: { $0 == " " || $0 == "\t" })
            // `NAME=value` lines set the environment of the entries.
            guard fields.count == (first == "@" ? 2 : 6), !fields[0].contains("=") else { continue }
            let command = String(fields.removeLast())
            beginEntry(name: nil, line: index + 1, timing: fields.joined(separator: " "), timingLine: index + 1)
            readCommand(command, schedule: path)
            endEntry()
        }
    }

    /// A process of `fly.toml` or a Procfile that starts supercronic (`cron = "supercronic /app/crontab"`): the
    /// crontab it is given is read as a schedule. Any other process (a web server, a worker) is none.
    private mutating func readSupercronicLaunches(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.supercronicWord) else { return }
        for line in TextLines(decoding: bytes) where line.contains("supercronic") {
            readCommand(String(line), schedule: path)
        }
    }

    private static let supercronicWord = Array("supercronic".utf8)

    /// `vercel.json`'s `crons` (`{ "path": "/api/cron/digest", "schedule": "0 5 * * *" }`): each entry requests the
    /// route file that serves its path (`CodeIndex.fileRouteURL`) on its schedule. Named by the path requested; its
    /// line is the path's, its timing's line the schedule's.
    mutating func readVercelCrons(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.cronsWord),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let crons = object["crons"] as? [[String: Any]]
        else { return }
        let lines = TextLines(decoding: bytes).map(String.init)
        let root = RepoPath.directory(of: path)
        // The line (from `from`) holding a key and its string value, as JSON writes them.
        func line(of key: String, _ value: String, from: Int) -> Int? {
            let quoted = "\"" + value.replacingOccurrences(of: "/", with: "") + "\""
            return (from..<lines.count).first { index in
                lines[index].contains("\"\(key)\"") && lines[index].replacingOccurrences(of: "\\/", with: "/")
                    .replacingOccurrences(of: "/", with: "").contains(quoted)
            }
        }
        let start = lines.firstIndex { $0.contains("\"crons\"") } ?? 0
        var cursor = start
        for cron in crons {
            guard let requested = cron["path"] as? String, let pathLine = line(of: "path", requested, from: cursor) else { continue }
            let schedule = cron["schedule"] as? String
            // A schedule written before its path in the entry's object is on the line above, or on the path's.
            let timingLine = schedule.flatMap { line(of: "schedule", $0, from: max(start, min(cursor, pathLine - 2))) }
            cursor = max(pathLine, timingLine ?? pathLine) + 1
            let url = requested.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? requested
            let wanted = url.count > 1 && url.hasSuffix("/") ? String(url.dropLast()) : url
            beginEntry(name: url, line: pathLine + 1, timing: schedule, timingLine: timingLine.map { $0 + 1 })
            for file in project.paths where root.isEmpty || file.hasPrefix(root + "/") {
                guard !file.contains("node_modules/"),
                      CodeIndex.fileRouteURL(root.isEmpty ? Substring(file) : file.dropFirst(root.count + 1)) == wanted
                else { continue }
                add(file, method: nil, schedule: path)
            }
            endEntry()
        }
    }

    private static let cronsWord = Array("\"crons\"".utf8)

    /// Railway's cron services: a `railway.json` (`"deploy": { "cronSchedule": "0 6 * * *", "startCommand": "python
    /// jobs/digest.py" }`) or `railway.toml` (`[deploy]`, `cronSchedule = "…"`) runs its service's start command on
    /// that schedule. One entry, at the `cronSchedule` line, named by the file; a service with no `cronSchedule` is no
    /// schedule, and one whose start command the file does not give (Railway's builder chooses it) names no code.
    mutating func readRailwayCron(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.cronScheduleWord) else { return }
        var schedule: (value: String, line: Int)?
        var command: String?
        var section = ""
        let json = path.hasSuffix(".json")
        for (index, line) in TextLines(decoding: bytes).enumerated() {
            let text = line.drop { $0 == " " || $0 == "\t" }
            if !json, text.hasPrefix("[") {
                section = String(text.prefix { $0 != "]" }.dropFirst()).trimmingQuotesAndBlanks()
                continue
            }
            guard json || section == "deploy" || section.isEmpty, let separator = text.firstIndex(of: json ? ":" : "=") else { continue }
            let key = String(text[..<separator]).trimmingQuotesAndBlanks()
            var value = String(text[text.index(after: separator)...]).trimmingQuotesAndBlanks()
            if json, value.hasSuffix(",") { value = String(value.dropLast()).trimmingQuotesAndBlanks() }
            switch key {
            case "cronSchedule": schedule = (value, index + 1)
            case "startCommand": command = value.replacingOccurrences(of: "\\\"", with: "\"")
            default: break
            }
        }
        guard let schedule, !schedule.value.isEmpty else { return }
        beginEntry(name: path, line: schedule.line, timing: schedule.value, timingLine: schedule.line)
        if let command { readCommand(command, schedule: path) }
        endEntry()
    }

    private static let cronScheduleWord = Array("cronSchedule".utf8)

    /// Fly's scheduled machines, made by a script's or a workflow's `fly machine run <image> [command] --schedule
    /// daily` (`flyctl`, `fly m run`, `machines`; `--schedule=hourly`): the machine runs its command on that schedule
    /// (hourly, daily, weekly, monthly). An entry at the command's line, named by its `--name` when it has one, timed
    /// by its `--schedule`; a `fly machine run` without one runs once.
    mutating func readFlyScheduledMachines(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.scheduleOption),
              ByteSearch.containsFolded(bytes, Self.flyWord)
        else { return }
        let lines = TextLines(decoding: bytes).map(String.init)
        var index = 0
        while index < lines.count {
            // A command continued over lines with `\` is one.
            let first = index
            var command = lines[index]
            while command.hasSuffix("\\"), index + 1 < lines.count {
                command = String(command.dropLast()) + " " + lines[index + 1]
                index += 1
            }
            index += 1
            let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.trimmingCharacters(in: ["\"", "'"]) }
            guard let fly = words.firstIndex(where: { $0 == "fly" || $0 == "flyctl" || $0.hasSuffix("/flyctl") }),
                  fly + 2 < words.count, ["machine", "machines", "m"].contains(words[fly + 1]), words[fly + 2] == "run"
            else { continue }
            let arguments = words[(fly + 3)...].prefix { !["&&", "||", ";", "|"].contains($0) }
            var timing: String?
            var name: String?
            for (offset, word) in arguments.enumerated() {
                let next = arguments.dropFirst(offset + 1).first
                if word == "--schedule" { timing = next } else if word.hasPrefix("--schedule=") { timing = String(word.dropFirst(11)) }
                if word == "--name" || word == "-n" { name = next } else if word.hasPrefix("--name=") { name = String(word.dropFirst(7)) }
            }
            guard let timing else { continue }
            let timingLine = (first..<index).first { lines[$0].contains("--schedule") }.map { $0 + 1 }
            beginEntry(name: name, line: first + 1, timing: timing, timingLine: timingLine)
            readCommand(arguments.joined(separator: " "), schedule: path)
            endEntry()
        }
    }

    private static let scheduleOption = Array("--schedule".utf8)
    private static let flyWord = Array("fly".utf8)

    /// The tree's path for a path as a container or a server sees it (`/app/jobs/digest.py`, `/opt/app/crontab`):
    /// the path itself, else with its leading directories dropped one by one (at most three), the first that exists.
    private func treePath(_ word: String) -> String? {
        var candidate = Substring(word.hasPrefix("./") ? String(word.dropFirst(2)) : word)
        if project.exists(String(candidate)) { return String(candidate) }
        guard candidate.hasPrefix("/") else { return nil }
        for _ in 0..<4 {
            candidate = candidate.drop { $0 == "/" }
            if project.exists(String(candidate)) { return String(candidate) }
            guard let slash = candidate.firstIndex(of: "/") else { return nil }
            candidate = candidate[slash...]
        }
        return nil
    }

    // MARK: - Laravel

    /// Laravel's scheduler (`app/Console/Kernel.php`'s `schedule`, `routes/console.php`, `bootstrap/app.php`'s
    /// `withSchedule`): `->command('feeds:refresh')` or `->command(RefreshFeeds::class)`, `->job(new RefreshFeeds)`,
    /// and a closure handed to `->call(…)`, which makes the file itself scheduled code.
    private mutating func readLaravelSchedule(_ path: String) {
        guard let bytes = contents(of: path), ByteSearch.containsFolded(bytes, Self.scheduleWord) else { return }
        let lexed = Lexer.lex(bytes, language: .php)
        for index in lexed.tokens.indices where lexed.token(index + 1, isPunctuation: Byte.openParen) && index > 0
            && [">", "->", ":", "::"].contains(lexed.text(index - 1))
        {
            guard lexed.token(index, is: "command") || lexed.token(index, is: "job") || lexed.token(index, is: "call") else { continue }
            let timing = Self.laravelFrequency(after: index + 1, in: lexed)
            beginEntry(name: nil, line: lexed.tokens[index].line, timing: timing?.text, timingLine: timing?.line)
            defer { endEntry() }
            var argument = index + 2
            if lexed.token(argument, is: "new") { argument += 1 }
            guard lexed.tokens.indices.contains(argument) else { continue }
            if lexed.token(index, is: "command") || lexed.token(index, is: "job") {
                if lexed.tokens[argument].kind == .string {
                    let signature = lexed.text(argument).split(separator: " ").first.map(String.init) ?? ""
                    if lexed.token(index, is: "command") { addLaravelCommand(signature: signature, schedule: path) }
                } else if lexed.tokens[argument].kind == .identifier {
                    // `RefreshFeeds::class`, `new RefreshFeeds`, `new \App\Jobs\RefreshFeeds`: the class's file by its name.
                    var last = argument
                    while lexed.token(last + 1, isPunctuation: Byte.backslash), lexed.tokens.indices.contains(last + 2),
                          lexed.tokens[last + 2].kind == .identifier
                    {
                        last += 2
                    }
                    for file in project.paths(named: lexed.text(last) + ".php") { add(file, method: nil, schedule: path) }
                }
            } else if lexed.token(index, is: "call") {
                add(path, method: nil, schedule: path)
            }
        }
    }

    private static let scheduleWord = Array("schedule".utf8)

    /// The frequency chained after a Laravel schedule's call (its `(` at token `open`): `->cron('0 * * * *')` as the
    /// expression, `->everyFiveMinutes()` or `->daily()` as `laravel:` and the method's name, with its line.
    private static func laravelFrequency(after open: Int, in lexed: LexedSource) -> (text: String, line: Int)? {
        var close = open < lexed.partner.count ? lexed.partner[open] : -1
        while close > open {
            // `->method(`: the arrow is one token or two, as the lexer reads PHP.
            var method = close + 1
            while lexed.token(method, isPunctuation: UInt8(ascii: "-")) || lexed.token(method, isPunctuation: UInt8(ascii: ">"))
                || lexed.token(method, is: "->")
            {
                method += 1
            }
            guard method > close + 1, lexed.tokens.indices.contains(method), lexed.tokens[method].kind == .identifier,
                  lexed.token(method + 1, isPunctuation: Byte.openParen)
            else { return nil }
            let name = lexed.text(method)
            if name == "cron", lexed.tokens.indices.contains(method + 2), lexed.tokens[method + 2].kind == .string {
                return (lexed.text(method + 2), lexed.tokens[method + 2].line)
            }
            if ScheduleEntry.laravelRunsPerDay[name] != nil { return ("laravel:" + name, lexed.tokens[method].line) }
            close = lexed.partner[method + 1]
        }
        return nil
    }

    /// The Artisan command whose `$signature` starts with `signature`.
    private mutating func addLaravelCommand(signature: String, schedule: String) {
        guard !signature.isEmpty else { return }
        let quoted = ["'" + signature, "\"" + signature].map { Array($0.utf8) }
        for file in project.paths where file.hasSuffix(".php") && file.contains("Console/") {
            guard let bytes = project.contents(of: file), ByteSearch.containsFolded(bytes, Self.signatureWord),
                  quoted.contains(where: { ByteSearch.containsFolded(bytes, $0) })
            else { continue }
            add(file, method: nil, schedule: schedule)
        }
    }

    private static let signatureWord = Array("$signature".utf8)
}

extension String {
    /// sidekiq-scheduler's symbol keys (`:class:`) read as their names.
    fileprivate func trimmingLeadingColon() -> String { hasPrefix(":") ? String(dropFirst()) : self }

    /// A YAML value written on its key's line, without blanks, a trailing comment or quotes (`"0 2 * * *"`).
    fileprivate func trimmingQuotesAndBlanks() -> String {
        var value = Substring(self)
        if let hash = value.range(of: " #") { value = value[..<hash.lowerBound] }
        value = value.drop { $0 == " " || $0 == "\t" }
        while let last = value.last, last == " " || last == "\t" || last == "\r" { value = value.dropLast() }
        if let first = value.first, first == "\"" || first == "'", value.count >= 2, value.last == first {
            value = value.dropFirst().dropLast()
        }
        return String(value)
    }
}

extension Substring {
    /// The word without the quotes around it (`"Feed.refresh"` → `Feed.refresh`).
    fileprivate var unquoted: String {
        var word = self
        while let first = word.first, first == "\"" || first == "'" { word = word.dropFirst() }
        while let last = word.last, last == "\"" || last == "'" { word = word.dropLast() }
        return String(word)
    }
}
