import ArgumentParser
import Foundation
import GateCore
import GateGit
import GateKit
import GatePolicy

extension Gate {
    /// `gate policy validate|explain`.
    struct PolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "policy",
            abstract: "Check a policy file, or print the effective policy.",
            subcommands: [Validate.self, Explain.self])

        /// `gate policy validate [FILE]`: strict loading; errors name file, line and column (exit 2).
        struct Validate: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check a policy file (default: .gate/policy.yml in the repository).")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The policy file.")
            var file: String?

            func run() throws {
                let path = file ?? global.policy ?? defaultPolicyPath(global)
                let policy = try PolicyLoader.load(contentsOf: path)
                for note in PolicyLint.notes(policy, today: PolicyLint.today()) { print("warning: \(note)") }
                if !global.quiet {
                    print("\(path): valid (version \(policy.version), \(policy.reviewers.count) reviewers, "
                        + "\(policy.waivers.count) waivers; sha256 \(policy.digest))")
                }
            }
        }

        /// `gate policy explain [FILE]`: the effective policy with every default filled in.
        struct Explain: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print the effective policy, defaults filled in (default: .gate/policy.yml, else the built-in).")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The policy file.")
            var file: String?

            @Option(help: "Explain the policy `gate check --base REV` judges with: .gate/policy.yml at the tip of REV.")
            var base: String?

            func validate() throws {
                if base != nil && (file != nil || global.policy != nil) {
                    throw ValidationError("--base reads the policy from a commit; it cannot be combined with a policy file")
                }
            }

            func run() throws {
                if let base {
                    let request = CheckRequest(repositoryPath: global.repositoryPath, base: base)
                    let change = try CheckRunner().resolve(request, in: try Repository(discoveringFrom: global.repositoryPath))
                    print(PolicyExplainer.render(change.policy, source: change.policySource.source), terminator: "")
                    return
                }
                let explicit = file ?? global.policy
                let path = explicit ?? defaultPolicyPath(global)
                if explicit == nil && !FileManager.default.fileExists(atPath: path) {
                    print(PolicyExplainer.render(PolicyLoader.builtin, source: "builtin"), terminator: "")
                    return
                }
                print(PolicyExplainer.render(try PolicyLoader.load(contentsOf: path), source: path), terminator: "")
            }
        }
    }
}

private func defaultPolicyPath(_ global: GlobalOptions) -> String {
    URL(fileURLWithPath: global.repositoryPath).appendingPathComponent(".gate/policy.yml").path
}
