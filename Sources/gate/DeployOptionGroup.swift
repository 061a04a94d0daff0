import ArgumentParser
import Foundation
import GateCore
import GateKit

/// The flags every command on an environment's database shares (deploy, plan, status, release reset, baseline).
struct EnvironmentDatabaseOptions: ParsableArguments {
    @Option(help: "The environment (a key of the policy's environments, when it has any).")
    var env: String

    @Option(name: .customLong("database-url"), help: "The target database (libpq URI or keyword string; default: $DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("ledger-url"), help: "The release ledger database (default: the target database).")
    var ledgerURL: String?

    @Option(help: "The release's head revision (default: HEAD).")
    var head: String?

    @Option(help: "The migrations directory, relative to the repository root (default: the policy's deploy.migrations).")
    var migrations: String?

    func options(global: GlobalOptions, base: String? = nil, lockWait: TimeSpan = TimeSpan(milliseconds: 0),
                 migrateCommand: [String]? = nil, rolloutCommand: [String]? = nil) -> DeployOptions {
        DeployOptions(
            repositoryPath: global.repositoryPath, environment: env, databaseURL: databaseURL, ledgerURL: ledgerURL,
            head: head, base: base, migrationsDirectory: migrations, lockWait: lockWait, migrateCommand: migrateCommand,
            rolloutCommand: rolloutCommand, policyFile: global.policy)
    }
}

/// The flags `gate deploy`, `gate plan`, `gate status` and `gate release reset` share.
struct DeployTargetOptions: ParsableArguments {
    @OptionGroup var database: EnvironmentDatabaseOptions

    @Option(help: ArgumentHelp(
        "The base when the environment has no release yet: a revision the database already runs, or the empty tree "
            + "\(emptyTreeID) for a new environment on an empty database (else run gate baseline first)."))
    var base: String?

    var env: String { database.env }

    func options(global: GlobalOptions, lockWait: TimeSpan = TimeSpan(milliseconds: 0), migrateCommand: [String]? = nil,
                 rolloutCommand: [String]? = nil) -> DeployOptions {
        database.options(global: global, base: base, lockWait: lockWait, migrateCommand: migrateCommand,
                         rolloutCommand: rolloutCommand)
    }
}

/// `--migrate-cmd` given but not splittable into words (an unclosed quote, only blanks) is bad input.
func validateMigrateCommand(_ arguments: [String]) throws {
    guard !arguments.isEmpty, MigrateCommandWords.vector(arguments) == nil else { return }
    throw ValidationError("--migrate-cmd: \(arguments.joined(separator: " ")) is no command (a quote is not closed, or it names no program)")
}

/// git's empty tree: a first release judged against it treats everything at head as new.
let emptyTreeID = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

/// Maps the deploy's refusals and step failures to exit codes 1 and 3 (SPEC §1), after saying why.
/// How `gate plan` (and `gate deploy --dry-run`) ends once the plan is shown: as gate deploy would. A deploy that would
/// stop as misconfigured before the lock is exit 2; one the gate or the ledger would refuse is a closed gate (exit 1).
func exitForPlan(_ plan: DeployPlan) throws {
    // The plan printed them already ("configuration error: …", or `configurationErrors` in JSON): exit 2 silently.
    if !plan.configurationErrors.isEmpty { throw GateClosed.misconfigured }
    if !plan.wouldProceed && !plan.alreadyDeployed { throw GateClosed.closed }
}

func exitForDeployError(_ error: any Error) throws -> Never {
    guard let error = error as? DeployError else { throw error }
    switch error {
    case .refused(let message):
        standardError("gate: refused: \(message)")
        throw GateClosed.closed
    case .stepFailed(let step, let message):
        standardError("gate: step \(step) failed: \(message)")
        throw GateClosed.stepFailed
    case .invalidInput, .database:
        throw error
    }
}

func standardError(_ text: String) {
    // Messages can quote a connection string or a server error: no password reaches the terminal or CI log.
    FileHandle.standardError.write(Data((Redaction.redactConnectionString(text) + "\n").utf8))
}
