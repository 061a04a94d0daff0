import ArgumentParser
import Foundation
import GateKit

extension Gate {
    /// `gate release`: manage a release's ledger entry.
    struct Release: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage releases in the ledger.", subcommands: [Reset.self])

        /// `gate release reset`: a fresh attempt budget, recorded with who and why.
        struct Reset: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give an environment's current release a fresh attempt budget (recorded with who and why).")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var target: DeployTargetOptions

            @Option(help: "Why the budget is reset (recorded in the ledger).")
            var reason: String

            @Option(name: .customLong("as"), help: "Who resets it (default: $GATE_USER, else $USER).")
            var identity: String?

            func validate() throws {
                if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why") }
            }

            func run() throws {
                let environment = ProcessInfo.processInfo.environment
                let who = identity ?? environment["GATE_USER"] ?? environment["USER"] ?? "unknown"
                do {
                    let release = try DeployRunner().resetBudget(target.options(global: global), by: who, reason: reason)
                    print("gate: release \(release.id) of \(target.env) has a fresh attempt budget (reset by \(who): \(reason))")
                } catch {
                    try exitForDeployError(error)
                }
            }
        }
    }
}
