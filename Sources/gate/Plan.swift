import ArgumentParser
import GateKit

extension Gate {
    /// `gate plan`: what `gate deploy` would do for an environment, changing nothing.
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Show what gate deploy would do: pending migrations, hazards, checks, the gate decision.",
            discussion: "Changes nothing. Exits 1 when gate deploy would be refused (gate closed, drift, lock held, budget spent), "
                + "2 when it would stop as misconfigured (no rollout command). Give the rollout command after -- as gate deploy is given it.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: DeployTargetOptions

        @Option(help: "Output format; json is the gate.plan/v1 document.")
        var format: ListingFormat = .text

        @Option(name: .customLong("migrate-cmd"), parsing: .upToNextOption,
                help: "The migrator gate deploy would run (one quoted command, or its words), as passed to gate deploy.")
        var migrateCommand: [String] = []

        @Argument(parsing: .postTerminator, help: "The rollout command gate deploy would be given after -- (default: the policy's deploy.rollout.command).")
        var rollout: [String] = []

        func validate() throws { try validateMigrateCommand(migrateCommand) }

        func run() throws {
            do {
                let plan = try DeployRunner().plan(
                    target.options(
                        global: global, migrateCommand: MigrateCommandWords.vector(migrateCommand),
                        rolloutCommand: rollout.isEmpty ? nil : rollout))
                switch format {
                case .json: print(try DeployRenderer.json(plan), terminator: "")
                case .text: print(DeployRenderer.text(plan), terminator: "")
                }
                try exitForPlan(plan)
            } catch let closed as GateClosed {
                throw closed
            } catch {
                try exitForDeployError(error)
            }
        }
    }
}
