import ArgumentParser
import Foundation
import GateCore
import GateKit

extension Gate {
    /// `gate check`: classify a change and decide pass, needs-approval or block.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Classify a change and decide: pass, needs-approval or block.",
            discussion: """
                Writes the report on stdout in --format, and in the same run the JSON report (--report), \
                SARIF (--sarif) and a Markdown summary (--summary) to files. Under GITHUB_ACTIONS=true, text \
                output also emits workflow annotations and $GITHUB_STEP_SUMMARY receives the Markdown summary.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json, sarif, github, markdown
        }

        @OptionGroup var global: GlobalOptions

        @OptionGroup var range: RevisionRange

        @Flag(help: "Judge the index against HEAD.")
        var staged = false

        @Flag(help: "Judge the working tree, untracked files included, against HEAD.")
        var worktree = false

        @Option(help: "Output format on stdout: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Format = .text

        @Option(help: "Also write the JSON report to this file.")
        var report: String?

        @Option(help: "The Postgres approvals store, when the policy says approvals.store: postgres (default: $GATE_APPROVALS_URL).")
        var approvalsURL: String?

        @Option(help: "Also write SARIF 2.1.0 (for code scanning upload) to this file.")
        var sarif: String?

        @Option(help: "Also write the Markdown summary to this file.")
        var summary: String?

        @Flag(help: "Print phase timings and what was read (files, bytes) on stderr; --verbose does too.")
        var timings = false

        func validate() throws {
            if staged && worktree { throw ValidationError("--staged and --worktree cannot be used together") }
            if (staged || worktree) && (range.base != nil || range.head != nil) {
                throw ValidationError("--base/--head compare commits; they cannot be combined with --staged or --worktree")
            }
            // Checked before the change is read: an empty path (an unset CI variable) would otherwise fail only after it.
            for (option, path) in [("--report", report), ("--sarif", sarif), ("--summary", summary)] where path?.isEmpty == true {
                throw ValidationError("\(option) needs a file path; it was given an empty one (leave the option out to write no file)")
            }
            let outputs = [report, sarif, summary].compactMap { $0 }
            if Set(outputs).count != outputs.count {
                throw ValidationError("--report, --sarif and --summary must name different files")
            }
        }

        func run() throws {
            let mode: DiffMode = staged ? .staged : worktree ? .worktree : .commits
            let environment = ProcessInfo.processInfo.environment
            var request = CheckRequest(
                repositoryPath: global.repositoryPath, base: range.base, head: range.head, mode: mode, policyFile: global.policy)
            if let approvalsURL { request.environment[ApprovalStoreSelection.urlEnvironmentVariable] = approvalsURL }
            let measured = timings || global.verbose ? CheckTimings() : nil
            // Progress only for a person at a terminal: never on stdout, never in a CI log or a pipe.
            let progress = CheckProgress()
            let progressLine = ProgressLine(
                progress: progress, enabled: isatty(STDERR_FILENO) == 1 && !global.quiet,
                delay: try Self.progressDelay(environment), width: terminalColumns())
            let result: Report
            do {
                defer { progressLine.finish() }
                result = try CheckRunner().run(request, timings: measured, progress: progress)
            }
            // Made only when SARIF is written.
            func sarifText() throws -> String { try SARIFReportRenderer(toolVersion: Gate.version).render(result) }
            // Made once when both --report and --format json want it; bytes, as it goes out unchanged.
            var renderedJSON: [UInt8]?
            func json() throws -> [UInt8] {
                if let renderedJSON { return renderedJSON }
                let bytes = try JSONReportRenderer.utf8(result)
                renderedJSON = bytes
                return bytes
            }
            let onGitHub = environment["GITHUB_ACTIONS"] == "true"
            var output: [UInt8] = []
            func render() throws {
                // Files first: a CI step that fails on the decision still leaves every artefact behind.
                if let report { try writeOutputFile(try json(), to: report) }
                if let sarif { try writeOutputFile(try sarifText(), to: sarif) }
                if let summary { try writeOutputFile(MarkdownReportRenderer().render(result), to: summary) }
                if onGitHub, let stepSummary = environment["GITHUB_STEP_SUMMARY"], !stepSummary.isEmpty {
                    try append(MarkdownReportRenderer().render(result), to: stepSummary)
                }
                switch format {
                case .json: output = try json()
                case .sarif: output = Array(try sarifText().utf8)
                case .github: output = Array(GitHubAnnotationRenderer().render(result).utf8)
                case .markdown: output = Array(MarkdownReportRenderer().render(result).utf8)
                case .text:
                    var text = global.quiet ? "gate: \(result.decision.rawValue)\n" : TextReportRenderer(color: global.useColor, verbose: global.verbose).render(result)
                    if onGitHub { text += GitHubAnnotationRenderer().render(result) }
                    output = Array(text.utf8)
                }
            }
            // The report is rendered (and its files written) before the timings are printed, so they include it.
            if let measured {
                try measured.measure("report rendering and files", render)
                FileHandle.standardError.write(Data(measured.render().utf8))
            } else {
                try render()
            }
            try writeStandardOutput(output)
            let decision = result.decision
            // The process ends here: freeing the report piece by piece would only delay its exit.
            BackgroundRelease.release(result, output, renderedJSON as Any)
            if decision != .pass { throw GateClosed.closed }
        }

        /// Seconds before the progress line shows: `GATE_PROGRESS_DELAY` when set (a non-negative number), else 2.
        static func progressDelay(_ environment: [String: String]) throws -> TimeInterval {
            guard let text = environment["GATE_PROGRESS_DELAY"] else { return ProgressLine.defaultDelay }
            guard let seconds = TimeInterval(text), seconds >= 0, seconds.isFinite else {
                throw CommandError(description: "GATE_PROGRESS_DELAY must be a number of seconds (0 or more), not \"\(text)\"")
            }
            return seconds
        }

        /// stderr's width in columns (80 when it cannot be asked), so the progress line never wraps.
        private func terminalColumns() -> Int {
            var size = winsize()
            guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
            return Int(size.ws_col)
        }

        /// GitHub collects the step summary from what each step appends to the file it names.
        private func append(_ text: String, to path: String) throws {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                if FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) { return }
                throw CommandError(description: "cannot write the step summary to \(path) (GITHUB_STEP_SUMMARY)")
            }
            defer { try? handle.close() }
            do {
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(text.utf8))
            } catch {
                throw CommandError(description: "cannot write the step summary to \(path): \(error.localizedDescription)")
            }
        }
    }
}
