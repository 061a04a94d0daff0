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
    ]

    static func reason(path: String, lexed: LexedSource, context: DetectionContext) -> String? {
        let segments = path.split(separator: "/").map(String.init)
        for directory in segments.dropLast() where directories.contains(directory.lowercased()) {
            return "runs as background work (\(directory)/)"
        }
        if let name = segments.last, let stem = name.split(separator: ".").first,
           fileStems.contains(stem.lowercased())
        {
            return "runs as background work (\(name))"
        }
        if context.jobPaths.contains(where: { $0.matches(path) }) { return "runs as background work (policy paths.jobs)" }
        if let marker = firstMarker(in: lexed) { return "runs as background work (\(marker))" }
        return nil
    }

    private static func firstMarker(in lexed: LexedSource) -> String? {
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind != .string {
            for pattern in markers where index + pattern.count <= tokens.count {
                var matched = true
                for (offset, word) in pattern.enumerated() {
                    let token = tokens[index + offset]
                    if token.kind == .string { matched = false; break }
                    if word == "*" {
                        if token.kind != .identifier { matched = false; break }
                    } else if !lexed.bytes[token.start..<token.end].elementsEqual(word.utf8) {
                        matched = false
                        break
                    }
                }
                if matched { return pattern.filter { $0 != "*" && $0 != "(" }.joined() }
            }
        }
        return nil
    }
}

extension FileAnalysis {
    /// Why a paid call site is batch work, or nil when it runs once per request.
    func batchReason(for site: PaidCallSite) -> String? {
        if site.kind == .batchAPI { return "uses the provider's batch API" }
        if enclosingLoop(of: site.token) != nil { return "inside a loop or fan-out" }
        return jobContext
    }
}
