import ArgumentParser
import GateCore
import GateKit

extension Gate {
    /// `gate check`: classify a change and decide pass, needs-approval or block.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify a change and decide: pass, needs-approval or block.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var global: GlobalOptions

        @Option(help: "The base revision (default: $GATE_BASE, origin/$GITHUB_BASE_REF, origin/HEAD, origin/main, main, origin/master, master).")
        var base: String?

        @Option(help: "The head revision (default: HEAD).")
        var head: String?

        @Flag(help: "Judge the index against HEAD.")
        var staged = false

        @Flag(help: "Judge the working tree, untracked files included, against HEAD.")
        var worktree = false

        @Option(help: "Output format on stdout: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: Format = .text

        @Option(help: "Also write the JSON report to this file.")
        var report: String?

        func validate() throws {
            if staged && worktree { throw ValidationError("--staged and --worktree cannot be used together") }
            if (staged || worktree) && (base != nil || head != nil) {
                throw ValidationError("--base/--head compare commits; they cannot be combined with --staged or --worktree")
            }
        }

        func run() throws {
            let mode: DiffMode = staged ? .staged : worktree ? .worktree : .commits
            let request = CheckRequest(
                repositoryPath: global.repositoryPath, base: base, head: head, mode: mode, policyFile: global.policy)
            let result = try CheckRunner().run(request)
            if let report { try writeAtomically(try JSONReportRenderer.render(result), to: report) }
            switch format {
            case .json: print(try JSONReportRenderer.render(result), terminator: "")
            case .text: print(TextReportRenderer(color: global.useColor).render(result), terminator: "")
            }
            if result.decision != .pass { throw GateClosed.closed }
        }
    }
}
