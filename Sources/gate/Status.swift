import ArgumentParser
import GateKit

extension Gate {
    /// `gate status`: an environment's ledger: last release, pending migrations, drift, lock holder, budget.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the ledger: last release per environment, pending migrations, drift, lock holder, budget.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: DeployTargetOptions

        @Option(help: "Output format; json is the gate.status/v1 document.")
        var format: ListingFormat = .text
        func run() throws {
            do {
                // The last release of every environment in the ledger and the policy (SPEC §5); --env and
                // --database-url pick the target whose history is compared with head.
                let status = try DeployRunner().status(target.options(global: global), environment: nil)
                switch format {
                case .json:
                    for notice in status.notices { standardError("gate: notice: \(notice)") }
                    print(try DeployRenderer.json(status), terminator: "")
                case .text: print(DeployRenderer.text(status), terminator: "")
                }
            } catch {
                try exitForDeployError(error)
            }
        }
    }
}
