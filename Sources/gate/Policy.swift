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

        /// `gate policy validate [FILE]`: strict loading; every mistake named with file, line and column (exit 2).
        struct Validate: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "validate",
                abstract: "Check a policy file (default: .gate/policy.yml in the repository).",
                discussion: "Reports every mistake in the file at once, each as FILE:LINE:COLUMN: what is wrong, and exits 2 if there is any.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The policy file.")
            var file: String?

            @Option(help: "Output format; json is the gate.policy-validation/v1 document, still exit 2 when invalid.")
            var format: ListingFormat = .text

            func run() throws {
                let path = file ?? global.policy ?? defaultPolicyPath(global)
                let validation = PolicyValidation(contentsOf: path, today: PolicyLint.today())
                switch format {
                case .json:
                    print(try validation.json(), terminator: "")
                case .text:
                    for warning in validation.warnings { print("warning: \(warning)") }
                    if let policy = validation.policy, !global.quiet {
                        print("\(path): valid (version \(policy.version), \(policy.reviewers.count) reviewers, "
                            + "\(policy.waivers.count) waivers; sha256 \(policy.digest))")
                    }
                }
                // Bad input is exit 2 in every format; the mistakes also go to stderr, where a CI log shows them.
                if !validation.isValid {
                    throw validation.mistakes.count == 1
                        ? validation.mistakes[0] : PolicyError.several(file: path, validation.mistakes)
                }
            }
        }

        /// `gate policy explain [FILE]`: the effective policy with every default filled in.
        struct Explain: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "explain",
                abstract: "Print the effective policy, defaults filled in (default: .gate/policy.yml, else the built-in).")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The policy file.")
            var file: String?

            @Option(help: "Explain the policy `gate check --base REV` judges with: .gate/policy.yml at the tip of REV.")
            var base: String?

            @Option(help: "Output format; json is the gate.policy/v1 document, every requirement written out.")
            var format: ListingFormat = .text

            func validate() throws {
                if base != nil && (file != nil || global.policy != nil) {
                    throw ValidationError("--base reads the policy from a commit; it cannot be combined with a policy file")
                }
            }

            func run() throws {
                if let base {
                    let request = CheckRequest(repositoryPath: global.repositoryPath, base: base)
                    let change = try CheckRunner().resolve(request, in: try Repository(discoveringFrom: global.repositoryPath))
                    try show(change.policy, source: change.policySource.source)
                    return
                }
                let explicit = file ?? global.policy
                let path = explicit ?? defaultPolicyPath(global)
                if explicit == nil && !FileManager.default.fileExists(atPath: path) {
                    try show(PolicyLoader.builtin, source: "builtin")
                    return
                }
                try show(try PolicyLoader.load(contentsOf: path), source: path)
            }

            private func show(_ policy: GatePolicy.Policy, source: String) throws {
                switch format {
                case .json: print(try PolicyExplainer.json(policy, source: source), terminator: "")
                case .text: print(PolicyExplainer.render(policy, source: source), terminator: "")
                }
            }
        }
    }
}

private func defaultPolicyPath(_ global: GlobalOptions) -> String {
    URL(fileURLWithPath: global.repositoryPath).appendingPathComponent(".gate/policy.yml").path
}
