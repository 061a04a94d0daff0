import ArgumentParser
import GateKit

extension Gate {
    /// `gate status`: an environment's ledger: last release, pending migrations, drift, lock holder, budget.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the ledger: last release per environment, pending migrations, drift, lock holder, budget.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: DeployTargetOptions

        @Option(help: "Output format: text, json.")
        var format: DeployFormat = .text

        @Flag(name: .customLong("all"), help: "Show the last release of every environment, not only --env's.")
        var allEnvironments = false

        func run() throws {
            do {
                // Every environment in the ledger and the policy; --env picks the target whose history is compared.
                let status = try DeployRunner().status(target.options(global: global), environment: allEnvironments ? nil : target.env)
                switch format {
                case .json: print(try DeployRenderer.json(status), terminator: "")
                case .text: print(DeployRenderer.text(status), terminator: "")
                }
            } catch {
                try exitForDeployError(error)
            }
        }
    }
}
