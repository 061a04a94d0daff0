import ArgumentParser
import Foundation
import GateCore
import GateKit

extension Gate {
    /// `gate deploy`: gate decision, lock, migrations, verification, rollout, contract migrations, record.
    struct Deploy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deploy",
            abstract: "Run a release: gate, lock, drift, expand migrations, verify, rollout, contract migrations, record.",
            discussion: "The rollout command follows --, as an argument vector: gate deploy --env staging -- ./scripts/rollout.sh")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: DeployTargetOptions

        @Option(name: .customLong("lock-wait"), help: "How long to wait for another deploy of the environment (default: 0s).")
        var lockWait: String = "0s"

        @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing (like gate plan).")
        var dryRun = false

        @Option(name: .customLong("migrate-cmd"), parsing: .upToNextOption,
                help: "Run this migrator instead of applying the files (one quoted command, e.g. \"php artisan migrate --force\", or its words); gate then verifies.")
        var migrateCommand: [String] = []

        @Argument(parsing: .postTerminator, help: "The rollout command and its arguments (default: the policy's deploy.rollout.command).")
        var rollout: [String] = []

        func validate() throws {
            do { _ = try TimeSpan(parsing: lockWait) } catch { throw ValidationError("--lock-wait: \(error)") }
            try validateMigrateCommand(migrateCommand)
        }

        func run() throws {
            let wait = (try? TimeSpan(parsing: lockWait)) ?? TimeSpan(milliseconds: 0)
            let options = target.options(
                global: global, lockWait: wait, migrateCommand: MigrateCommandWords.vector(migrateCommand),
                rolloutCommand: rollout.isEmpty ? nil : rollout)
            do {
                if dryRun {
                    let plan = try DeployRunner().plan(options)
                    print(DeployRenderer.text(plan), terminator: "")
                    try exitForPlan(plan)
                    return
                }
                let quiet = global.quiet
                let outcome = try DeployRunner().deploy(options) { line in
                    // Flushed line by line: CI logs follow progress live, and the rollout's own output (written
                    // straight to the inherited descriptors) stays in order with ours.
                    // A server error or a command line may quote a connection string: no password reaches the log.
                    if !quiet { writeProgressLine("gate: \(Redaction.redactConnectionString(line))") }
                }
                switch outcome {
                case .succeeded(let release, let applied):
                    print("gate: release \(release) of \(target.env) succeeded (\(applied.count) migration(s) applied)")
                case .alreadyDeployed(let release):
                    print("gate: \(target.env) already runs this head (release \(release)); nothing to do")
                }
            } catch let closed as GateClosed {
                throw closed
            } catch {
                try exitForDeployError(error)
            }
        }
    }
}
