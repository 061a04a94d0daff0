import Foundation
import GateCore
import GatePolicy

/// Everything `gate deploy` needs, resolved by the caller: revisions are commit ids, files are read.
public struct DeployRequest: Sendable {
    public var environment: String
    /// The target database (migration history and the migrations themselves).
    public var databaseURL: String
    /// The release ledger; nil means the target database.
    public var ledgerURL: String?
    /// The release's head commit id.
    public var head: String
    /// `--base`, used when the environment has no succeeded release yet.
    public var requestedBase: String?
    /// `--migrations`; nil means the policy's `deploy.migrations`.
    public var migrationsDirectory: String?
    public var lockWait: TimeSpan
    /// `--migrate-cmd`: a framework's migrator run instead of gate applying the SQL files.
    public var migrateCommand: [String]?
    /// `-- ROLLOUT…`; nil falls back to the policy's `deploy.rollout.command`.
    public var rolloutCommand: [String]?
    /// Where the rollout and migrate commands run (the repository's working directory).
    public var workingDirectory: String
    public var processEnvironment: [String: String]

    public init(
        environment: String, databaseURL: String, ledgerURL: String? = nil, head: String, requestedBase: String? = nil,
        migrationsDirectory: String? = nil, lockWait: TimeSpan = TimeSpan(milliseconds: 0), migrateCommand: [String]? = nil,
        rolloutCommand: [String]? = nil, workingDirectory: String,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.environment = environment
        self.databaseURL = databaseURL
        self.ledgerURL = ledgerURL
        self.head = head
        self.requestedBase = requestedBase
        self.migrationsDirectory = migrationsDirectory
        self.lockWait = lockWait
        self.migrateCommand = migrateCommand
        self.rolloutCommand = rolloutCommand
        self.workingDirectory = workingDirectory
        self.processEnvironment = processEnvironment
    }
}

/// The gate's decision over a release's change, as `gate check` makes it.
public struct GateVerdict: Sendable, Equatable {
    public var decision: Decision
    /// What is missing when the decision is not pass: blocking findings, unmet sign-offs.
    public var reasons: [String]
    /// The trusted policy that judged the change (the base commit's, or `--policy`).
    public var policy: Policy
    /// The migration files the check saw added or changed in base..head, wherever they are: a deploy that finds
    /// none of them pending refuses rather than roll out code ahead of its migrations.
    public var migrationPaths: [String]

    public init(decision: Decision, reasons: [String], policy: Policy, migrationPaths: [String] = []) {
        self.decision = decision
        self.reasons = reasons
        self.policy = policy
        self.migrationPaths = migrationPaths
    }
}

/// The repository side of a release: its judgment, its trusted policy and its migration files. GateKit implements
/// it with the check pipeline and the git reader (GateDeploy sees neither).
public protocol ReleaseSource: Sendable {
    /// The same evaluation as `gate check` over base..head; a nil base means the empty tree.
    func evaluate(base: String?, head: String) throws -> GateVerdict
    /// The trusted policy for a release from `base`, without judging the change.
    func policy(base: String?, head: String) throws -> Policy
    /// The migrations directory as it is at `head`, read in its framework's layout and order.
    func migrationFiles(head: String, directory: String, explicit: Bool) throws -> MigrationSet
    /// Why the repository lacks `commit` (a ledger's head recorded by a deploy from another clone or an older
    /// history), nil when it has it.
    func absence(of commit: String) -> CommitAbsence?
}

extension ReleaseSource {
    public func absence(of commit: String) -> CommitAbsence? { nil }
}

/// How a repository lacks a commit the ledger names.
public enum CommitAbsence: Sendable, Equatable {
    /// A shallow clone: the commit may be in the history it was not fetched with.
    case shallowClone
    /// A full history without it: rewritten since, or another repository.
    case notInHistory
}

/// How a deploy ended when it did not throw.
public enum DeployOutcome: Sendable, Equatable {
    /// Every step ran; the release is recorded as succeeded.
    case succeeded(releaseID: Int, appliedMigrations: [String])
    /// The environment already runs this head; nothing ran.
    case alreadyDeployed(releaseID: Int)
}
