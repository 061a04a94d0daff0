import GateCore
import Yams

extension CodeIndex {
    /// The workflow that runs the program at `path` on a schedule: a GitHub Actions workflow triggered `on:
    /// schedule` (cron) whose steps run it (`run: python tools/status_report.py`, `node ./jobs/digest.mjs`, `npx tsx
    /// tools/backfill.ts`), named as `.github/workflows/status-report.yml (schedule)`; nil for one no such step runs.
    public func scheduledWorkflow(running path: String) -> String? {
        scheduledWorkflowPrograms()[path]
    }

    /// Every program of the repository a scheduled workflow's `run:` steps name, by path. Read once.
    private func scheduledWorkflowPrograms() -> [String: String] {
        project.configuration("scheduled-workflow-programs") { () -> [String: String] in
            var programs: [String: String] = [:]
            for step in scheduledWorkflowScripts() {
                for word in step.script.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == ";" || $0 == "&" }) {
                    var candidate = word.trimmingQuotes()
                    if candidate.hasPrefix("./") { candidate = String(candidate.dropFirst(2)) }
                    guard project.exists(candidate), project.language(of: candidate) != nil else { continue }
                    programs[candidate] = programs[candidate] ?? "\(step.workflow) (schedule)"
                }
            }
            return programs
        }
    }

    /// The `run:` scripts of the steps of every workflow triggered `on: schedule`, with the workflow's path. Read once.
    func scheduledWorkflowScripts() -> [(workflow: String, script: String)] {
        project.configuration("scheduled-workflow-scripts") { () -> [WorkflowScript] in
            var scripts: [WorkflowScript] = []
            for workflow in project.paths(under: ".github/workflows")
                where workflow.hasSuffix(".yml") || workflow.hasSuffix(".yaml")
            {
                guard let bytes = project.contents(of: workflow), ByteSearch.containsFolded(bytes, Self.scheduleWord),
                      let root = try? Yams.compose(yaml: String(decoding: bytes, as: UTF8.self), .basic),
                      // `on:` (which YAML 1.1 readers take for `true`) lists the triggers.
                      let trigger = root.value("on") ?? root.value("true"), trigger.containsKey("schedule"),
                      let jobs = root.value("jobs")?.mapping
                else { continue }
                for job in jobs.values {
                    for step in job.value("steps")?.sequence.map(Array.init) ?? [] {
                        guard let script = step.value("run")?.scalar?.string else { continue }
                        scripts.append(WorkflowScript(workflow: workflow, script: script))
                    }
                }
            }
            return scripts
        }.map { ($0.workflow, $0.script) }
    }

    private static let scheduleWord = Array("schedule".utf8)
}

/// One `run:` script of a scheduled workflow.
private struct WorkflowScript: Sendable {
    var workflow: String
    var script: String
}

extension Substring {
    /// The word without the quotes around it (`"tools/report.py"` → `tools/report.py`).
    fileprivate func trimmingQuotes() -> String {
        var word = self
        while let first = word.first, first == "\"" || first == "'" { word = word.dropFirst() }
        while let last = word.last, last == "\"" || last == "'" { word = word.dropLast() }
        return String(word)
    }
}
