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

            func validate() throws {
                // Checking one file while another was named would report a policy nobody asked about as valid.
                if file != nil && global.policy != nil {
                    throw ValidationError("name the policy file once: as the FILE argument or with --policy, not both")
                }
            }

            func run() throws {
                let explicit = file ?? global.policy
                // The repository's own policy is read as gate check reads it: a symlink leading out of the repository
                // is refused, not followed (a file named on the command line is the user's choice).
                let path = try explicit ?? trustedDefaultPolicyPath(global) ?? defaultPolicyPath(global)
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
                abstract: "Print the effective policy, defaults filled in (default: the one gate check applies, the base's .gate/policy.yml).",
                discussion: "Without FILE, --policy or --working-tree: the policy gate check would judge a change with, read from "
                    + "the tip of its default base (as SPEC §2 says; source base:.gate/policy.yml, or builtin when the base has "
                    + "none). --working-tree explains the working tree's .gate/policy.yml instead, e.g. an edit not yet merged.")

            @OptionGroup var global: GlobalOptions

            @Argument(help: "The policy file.")
            var file: String?

            @Option(help: "Explain the policy `gate check --base REV` judges with: .gate/policy.yml at the tip of REV.")
            var base: String?

            @Flag(name: .customLong("working-tree"), help: "Explain the working tree's .gate/policy.yml (the built-in when there is none), not the base's.")
            var workingTree = false

            @Option(help: "Output format; json is the gate.policy/v1 document, every requirement written out.")
            var format: ListingFormat = .text

            func validate() throws {
                if file != nil && global.policy != nil {
                    throw ValidationError("name the policy file once: as the FILE argument or with --policy, not both")
                }
                if base != nil && (file != nil || global.policy != nil) {
                    throw ValidationError("--base reads the policy from a commit; it cannot be combined with a policy file")
                }
                if workingTree && (base != nil || file != nil || global.policy != nil) {
                    throw ValidationError("--working-tree explains .gate/policy.yml as it is on disk; drop --base, --policy or FILE")
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
                if let explicit {
                    try show(try PolicyLoader.load(contentsOf: explicit), source: explicit)
                    return
                }
                if !workingTree, let repository = try? Repository(discoveringFrom: global.repositoryPath) {
                    // What gate check applies: the policy at the tip of its default base, never the working tree's.
                    if (try? repository.defaultBase(environment: ProcessInfo.processInfo.environment)) != nil {
                        let change = try CheckRunner().resolve(CheckRequest(repositoryPath: global.repositoryPath), in: repository)
                        try show(change.policy, source: change.policySource.source)
                        noteWorkingTreeDiffers(from: change.policy)
                        return
                    }
                    standardError("gate: note: no default base resolves here (origin/HEAD, main, master…), so this is the "
                        + "working tree's policy, which gate check does not trust; --base REV explains a commit's")
                }
                guard let trusted = try trustedDefaultPolicyPath(global) else {
                    try show(PolicyLoader.builtin, source: "builtin")
                    return
                }
                // Named as SPEC §6 names a file: relative to the repository, as the user wrote it in the policy docs.
                try show(try PolicyLoader.load(contentsOf: trusted), source: ".gate/policy.yml")
            }

            /// An edit of the policy not yet on the base does not apply to checks: say so, and how to see it.
            private func noteWorkingTreeDiffers(from applied: GatePolicy.Policy) {
                guard let path = try? trustedDefaultPolicyPath(global) else { return }
                let working = try? PolicyLoader.load(contentsOf: path)
                guard working?.digest != applied.digest else { return }
                standardError("gate: note: the working tree's .gate/policy.yml "
                    + (working == nil ? "does not load" : "differs from it") + "; gate policy explain --working-tree explains that one")
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

/// The file `.gate/policy.yml` leads to in the working tree, by `gate check`'s rules; nil when there is none.
private func trustedDefaultPolicyPath(_ global: GlobalOptions) throws -> String? {
    try Repository.trustedWorkingTreePath(root: URL(fileURLWithPath: global.repositoryPath).path, path: ".gate/policy.yml")
}

private func defaultPolicyPath(_ global: GlobalOptions) -> String {
    URL(fileURLWithPath: global.repositoryPath).appendingPathComponent(".gate/policy.yml").path
}
