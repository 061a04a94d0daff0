import ArgumentParser
import Foundation
import GateKit

extension Gate {
    /// `gate release`: manage a release's ledger entry.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Manage releases in the ledger.", subcommands: [Reset.self])

        /// `gate release reset`: a fresh attempt budget, signed by an owner and recorded with who and why.
        struct Reset: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "reset",
                abstract: "Give an environment's current release a fresh attempt budget (signed by an owner; recorded with who and why).",
                discussion: "The reset is signed with your SSH key like an approval and counts only for a reviewer in owners of the policy that judged the release (the one at the base the ledger recorded); --policy is refused.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: DeployTargetOptions

            @Option(help: "Why the budget is reset (recorded in the ledger).")
            var reason: String

            @Option(name: .customLong("as"), help: "Your reviewer id in the trusted policy (default: git's user.email).")
            var identity: String?

            @Option(help: "Your SSH private key, or a public key held by ssh-agent (default: git's user.signingkey).")
            var key: String?

            func validate() throws {
                if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
                if global.policy != nil {
                    throw ValidationError("--policy cannot be used with release reset: the trusted policy is the one that judged the release")
                }
            }

            func run() throws {
                do {
                    let request = ReleaseResetRequest(
                        deploy: target.options(global: global), reason: reason, reviewer: identity, keyPath: key)
                    let (release, who) = try DeployRunner().resetBudget(request)
                    print("gate: release \(release.id) of \(target.env) has a fresh attempt budget (reset by \(who): \(reason))")
                } catch {
                    try exitForDeployError(error)
                }
            }
        }
    }
}
