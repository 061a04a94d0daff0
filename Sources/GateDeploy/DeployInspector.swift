import Foundation
import GateCore
import GatePolicy
import GatePostgres
import GateSQL

/// A pending migration as `gate plan` shows it.
public struct PlannedMigration: Sendable, Equatable, Codable {
    public struct Statement: Sendable, Equatable, Codable {
        public var line: Int
        public var effect: String
        public var hazards: [String]
        public var checks: [String]
        public var outsideTransaction: Bool
        /// An earlier attempt that stopped part-way through this file (run statement by statement) completed this
        /// statement, still as written: the deploy skips it. Shown in the text; not part of the gate.plan/v1 document.
        public var doneEarlier = false

        private enum CodingKeys: String, CodingKey {
            case line, effect, hazards, checks, outsideTransaction
        }
    }

    public var path: String
    public var version: String
    public var phase: String
    public var checksum: String
    public var statements: [Statement]
    public var verifyStatements: Int
    /// The whole file runs outside a transaction, one statement at a time (its framework's marker said so, a
    /// statement needs it, or the file commits between its statements).
    public var outsideTransaction: Bool
    /// The file writes its own `BEGIN`/`COMMIT`: gate sends neither (they are not in `statements`) and runs the rest
    /// in its own transaction, or statement by statement when the file commits between statements.
    public var ownTransaction: Bool

    public init(_ file: AnalyzedMigration) {
        path = file.path
        version = file.version
        phase = file.phase.rawValue
        checksum = file.checksum
        // The file's own BEGIN/COMMIT are not sent (MigrationApplier): listed, they read as expand statements.
        statements = file.script.statements.filter { !$0.controlsTransaction }.map { analyzed in
            Statement(
                line: analyzed.statement.line, effect: analyzed.effect.rawValue, hazards: analyzed.hazards,
                checks: analyzed.checks.map(\.description), outsideTransaction: analyzed.requiresNoTransaction)
        }
        verifyStatements = file.script.verifyStatements.count
        outsideTransaction = file.needsNoTransaction
        ownTransaction = file.script.managesOwnTransaction
    }
}

/// `gate plan --format json`: what `gate deploy` would do, computed without writing anything.
public struct DeployPlan: Sendable, Equatable, Codable {
    public var schema = "gate.plan/v1"
    public var environment: String
    /// The migrations directory and the layout it was read in (`prisma`, `drizzle`, `plain`…).
    public var migrationsDirectory: String
    public var layout: String
    /// Files the layout skips, with why.
    public var skipped: [String]
    /// Checks of the release's final schema that fail now (a resumed release would stop at verify).
    public var verifyFailures: [String]
    /// Migration files the check saw elsewhere than the migrations directory.
    public var unplaced: [String]
    public var base: String?
    public var head: String
    public var alreadyDeployed: Bool
    public var decision: String
    public var reasons: [String]
    public var requires: [String]
    public var missingRequirements: [String]
    public var lockHolder: LockHolder?
    public var drift: [String]
    public var pending: [PlannedMigration]
    public var attemptsUsed: Int
    public var attemptsAllowed: Int
    /// The steps that would run, in order, one sentence each.
    public var steps: [String]
    /// True when every check above would let the deploy proceed.
    public var wouldProceed: Bool
    /// What gate deploy would refuse as misconfigured before taking the lock (exit 2): no rollout command.
    public var configurationErrors: [String]
}

/// One environment's line in `gate status`.
public struct EnvironmentStatus: Sendable, Equatable, Codable {
    public var environment: String
    public var lastRelease: ReleaseRecord?
    /// The last release is marked running but no gate holds the environment's lock: its process is gone.
    public var interrupted: Bool
    public var lastSucceeded: ReleaseRecord?
    public var lockHolder: LockHolder?
    public var attemptsUsed: Int
    public var attemptsAllowed: Int
    /// The interrupted release's rollout, still running after its gate was killed (deploy refuses until it ends): what
    /// it is and how to stop it. Shown in the text; the document keeps `interrupted`.
    public var rolloutStillRunning: String?

    private enum CodingKeys: String, CodingKey {
        case environment, lastRelease, interrupted, lastSucceeded, lockHolder, attemptsUsed, attemptsAllowed
    }

    /// An environment with no release (or no lock holder) says `null` (SPEC §6: never a missing key).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(environment, forKey: .environment)
        try container.encode(lastRelease, forKey: .lastRelease)
        try container.encode(interrupted, forKey: .interrupted)
        try container.encode(lastSucceeded, forKey: .lastSucceeded)
        try container.encode(lockHolder, forKey: .lockHolder)
        try container.encode(attemptsUsed, forKey: .attemptsUsed)
        try container.encode(attemptsAllowed, forKey: .attemptsAllowed)
    }
}

/// `gate status --format json`: the ledger, the target's history against head, and who holds the lock.
public struct DeployStatus: Sendable, Equatable, Codable {
    public var schema = "gate.status/v1"
    public var environments: [EnvironmentStatus]
    public var applied: [AppliedMigration]
    public var pending: [String]
    public var drift: [String]
    /// Pending files gate cannot apply as written (psql meta-commands, `COPY … FROM stdin`, SQL that does not parse),
    /// one sentence each naming the file and line. The deploy refuses them (exit 2); status only lists them.
    public var unrunnable: [String]
    /// What the reader should know about how this was read (the last release's head missing from the repository, so
    /// the head's policy was read instead): printed, not part of the gate.status/v1 document (stderr with json).
    public var notices: [String] = []

    private enum CodingKeys: String, CodingKey {
        case schema, environments, applied, pending, drift, unrunnable
    }
}

/// Read-only views of the ledger: plan and status never create, lock or write anything.
public enum DeployInspector {
    /// What `gate deploy` would do for this request, touching nothing.
    public static func plan(_ request: DeployRequest, source: any ReleaseSource) throws -> DeployPlan {
        let (ledger, target) = try open(request)
        let ledgerReady = try LedgerSchema.installedVersion(ledger) != nil
        let targetReady = try LedgerSchema.installedVersion(target) != nil
        let store = LedgerStore(connection: ledger)
        let recorded = ledgerReady ? try store.lastSucceeded(environment: request.environment) : nil
        // As the deploy does: a last head the repository lacks is named as such, or `--base` stands in for it.
        let last = try ReleaseBase.usable(recorded, environment: request.environment, requested: request.requestedBase, source: source)
        let latest = ledgerReady ? try store.latest(environment: request.environment) : nil
        let sameHead = last != nil && last?.head == request.head && latest?.id == last?.id
        // A baseline of this head may have left migrations pending (`--through`): the deploy applies them.
        let baselineOfHead = try sameHead && last.map { try store.stepSucceeded(release: $0.id, step: Baseline.stepName) } == true
        // The same refusals as the deploy, in the same order: no base is exit 2 naming gate baseline.
        let unfinished = ledgerReady && last == nil && request.requestedBase == nil
            ? try store.latestUnfinishedDeploy(environment: request.environment) : nil
        if last == nil, request.requestedBase == nil, unfinished == nil {
            // As the deploy does: a misspelt --env is named as such, not as an environment with no release yet.
            try KnownEnvironment.require(request.environment, in: source.policy(base: request.head, head: request.head))
        }
        let base = try ReleaseBase.resolve(
            environment: request.environment, last: last?.head, requested: request.requestedBase, unfinished: unfinished)
        let verdict = try source.evaluate(base: base, head: request.head)
        try EvaluateGate.checkEnvironment(request.environment, in: verdict.policy)
        let set = try source.migrationFiles(
            head: request.head, directory: request.migrationsDirectory ?? verdict.policy.deploy.migrations,
            explicit: request.migrationsDirectory != nil)
        try ReleaseBase.requireRunnable(set, migrateCommand: request.migrateCommand)
        let migrations = set.files
        let requires = verdict.policy.environments[request.environment]?.requires ?? []
        var missing: [String] = []
        for required in requires {
            let released = ledgerReady ? try store.hasSucceeded(environment: required, head: request.head) : false
            if !released { missing.append(required) }
        }
        let applied = targetReady ? try LedgerStore.appliedMigrations(target) : []
        let drift = try Drift.find(applied: applied, files: migrations)
        // A baseline of this head is nothing to do only once the deploy has passed the gate and `requires`, which it
        // meets before it finds nothing pending: where those refuse, so does the plan.
        let refusedBeforeDrift = verdict.decision != .pass || !missing.isEmpty
        let alreadyDeployed = sameHead && (!baselineOfHead || (drift.pending.isEmpty && !refusedBeforeDrift))
        let unplaced = FailOpenGuard.unplaced(set, paths: verdict.migrationPaths)
        if !alreadyDeployed, drift.problems.isEmpty, drift.pending.isEmpty, !unplaced.isEmpty {
            throw FailOpenGuard.refusal(set, unplaced: unplaced)
        }
        let holder = try store.lockHolder(environment: request.environment, recorded: ledgerReady)
        let current = ledgerReady ? try store.latest(environment: request.environment, head: request.head) : nil
        let used = try current.map { $0.status == "succeeded" ? 0 : try store.attemptsSinceReset(release: $0.id) } ?? 0
        let allowed = verdict.policy.deploy.releaseAttempts
        var rolledOut = false
        var verifyFailures: [String] = []
        let resumed = current.flatMap { $0.status != "succeeded" ? $0 : nil }
        if let resumed { rolledOut = try store.stepSucceeded(release: resumed.id, step: "rollout") }
        // What an earlier attempt applied is verified again when the release resumes, and so is what an earlier release
        // recorded but never verified: check it now, read-only, so the plan says what the deploy would find.
        let renamedInside = Drift.sameInside(applied: applied, files: migrations)
        let mine = Set(applied.filter(VerifySchema.needsVerifying(release: resumed?.id ?? -1)).map { renamedInside[$0.name]?.name ?? $0.name })
        if !alreadyDeployed, !mine.isEmpty {
            let files = try migrations.filter { mine.contains($0.name) }.map { file throws(DeployError) in try file.analyzed() }
            verifyFailures = CatalogCheck.failures(files, on: target)
        }

        var steps: [String] = []
        steps.append("gate: \(verdict.decision.rawValue) over \(base.map { String($0.prefix(12)) } ?? "the empty tree")..\(request.head.prefix(12))")
        if !requires.isEmpty { steps.append("requires: \(requires.joined(separator: ", ")) released this head" + (missing.isEmpty ? "" : " (missing: \(missing.joined(separator: ", ")))")) }
        steps.append("lock: \(request.environment)" + (holder.map { " (held now by \($0))" } ?? ""))
        steps.append("drift: " + (drift.problems.isEmpty ? "none" : "\(drift.problems.count) problem(s)")
            + drift.renamedInside.map { "; notice: " + $0 }.joined())
        // A spent budget shows as spent ("3 of 3 used"), never as an attempt past it ("4 of 3").
        steps.append(used < allowed ? "attempt: \(used + 1) of \(allowed)" : "attempt: \(used) of \(allowed) used")
        let expand = drift.pending.filter { $0.phase == .pre }
        let contract = drift.pending.filter { $0.phase == .post }
        if let command = request.migrateCommand {
            steps.append("expand: run \(command.joined(separator: " ")), then record \(drift.pending.count) file(s)")
        } else {
            // A file that cannot run in a transaction runs statement by statement, each committed with a progress row.
            let named = expand.map { $0.needsNoTransaction ? "\($0.name) (statement by statement, outside a transaction)" : $0.name }
            let how = expand.contains(where: \.needsNoTransaction) ? "each verified, in a transaction unless marked" : "each verified in its transaction"
            steps.append("expand: " + (expand.isEmpty ? "nothing" : "\(expand.count) migration(s), \(how): " + named.joined(separator: ", ")))
        }
        let finalChecks = SchemaFold.standing(expand.map(\.script.statements)).count
        steps.append(verifyFailures.isEmpty
            ? "verify: \(finalChecks) check(s) still standing after this release's last expand migration"
            : "verify: would fail, \(verifyFailures.count) check(s) do not hold now")
        let rollout = Rollout.command(request: request, settings: verdict.policy.deploy)
        // The deploy refuses this before the lock (ResolveRelease), so the plan does too.
        var configurationErrors: [String] = []
        if !alreadyDeployed, !rolledOut, rollout == nil {
            configurationErrors.append(Rollout.missingCommand(environment: request.environment).description)
        }
        steps.append(rolledOut ? "rollout: already done by an earlier attempt"
            : "rollout: " + (rollout?.joined(separator: " ") ?? "no command configured: gate deploy stops before the lock (exit 2)"))
        if request.migrateCommand == nil {
            steps.append("contract: " + (contract.isEmpty ? "nothing" : contract.map(\.name).joined(separator: ", ")))
        }
        steps.append("record: release succeeded")
        var reasons = verdict.reasons
        if let current, !alreadyDeployed, used >= allowed {
            reasons.append(OpenAttempt.budgetSpent(release: current, used: used, allowed: allowed))
        }
        let proceeds = !alreadyDeployed && verdict.decision == .pass && missing.isEmpty && holder == nil
            && drift.problems.isEmpty && used < allowed && verifyFailures.isEmpty && configurationErrors.isEmpty
        return DeployPlan(
            environment: request.environment, migrationsDirectory: set.directory, layout: set.layout, skipped: set.skipped,
            verifyFailures: verifyFailures, unplaced: unplaced, base: base, head: request.head,
            alreadyDeployed: alreadyDeployed, decision: verdict.decision.rawValue, reasons: reasons, requires: requires,
            missingRequirements: missing, lockHolder: holder, drift: drift.problems,
            pending: try drift.pending.map { file in try Self.planned(file, on: targetReady ? target : nil) },
            attemptsUsed: used, attemptsAllowed: allowed,
            steps: alreadyDeployed ? ["nothing: \(request.environment) already runs this head"] : steps,
            wouldProceed: proceeds, configurationErrors: configurationErrors)
    }

    /// A pending migration as the plan lists it, its statements an earlier attempt completed (progress rows whose
    /// digest is still the statement's, as the deploy reads them) marked.
    static func planned(_ file: AnalyzedMigration, on target: Connection?) throws -> PlannedMigration {
        var planned = PlannedMigration(file)
        guard let target, file.needsNoTransaction else { return planned }
        let rows = try target.query("SELECT statement, statement_sha256 FROM gate.migration_progress WHERE name = \(file.name)")
        guard !rows.isEmpty else { return planned }
        let sent = file.script.statements.filter { !$0.controlsTransaction }
        let ordinals = file.script.statements.indices.filter { !file.script.statements[$0].controlsTransaction }
        for row in rows {
            guard let ordinal = row.int(0), ordinal >= 0, let index = ordinals.firstIndex(of: ordinal) else { continue }
            let digest = ContentDigest.sha256Hex(sent[index].statement.text)
            if row.string(1).map({ $0 == digest }) ?? true { planned.statements[index].doneEarlier = true }
        }
        return planned
    }

    /// The ledger for one environment (or all of them) and the target's history against the files at head.
    public static func status(
        _ request: DeployRequest, environment: String?, policy: Policy, migrations: [MigrationFile]
    ) throws -> DeployStatus {
        let (ledger, target) = try open(request)
        let ledgerReady = try LedgerSchema.installedVersion(ledger) != nil
        let targetReady = try LedgerSchema.installedVersion(target) != nil
        let store = LedgerStore(connection: ledger)
        var names = ledgerReady ? try store.environments() : []
        // `--env` names the target whose history is shown: a misspelt one is refused, not shown as empty. An
        // environment the ledger has releases of stays readable after the policy stops defining it.
        try KnownEnvironment.require(environment ?? request.environment, in: policy, recorded: names)
        names = Array(Set(names).union(policy.environments.keys)).sorted()
        if let environment { names = [environment] }
        var environments: [EnvironmentStatus] = []
        for name in names {
            let last = ledgerReady ? try store.latest(environment: name) : nil
            let succeeded = ledgerReady ? try store.lastSucceeded(environment: name) : nil
            let used = try last.map { $0.status == "succeeded" ? 0 : try store.attemptsSinceReset(release: $0.id) } ?? 0
            let holder = try store.lockHolder(environment: name, recorded: ledgerReady)
            let interrupted = last?.status == "running" && holder == nil
            // A killed gate's rollout may go on without it: the next deploy refuses until it ends (CheckRunningRollout).
            let orphan = interrupted
                ? try RolloutRegistry.stillRunning(ledger, environment: name, timeout: policy.deploy.rolloutTimeout.seconds).first
                : nil
            environments.append(EnvironmentStatus(
                environment: name, lastRelease: last, interrupted: interrupted,
                lastSucceeded: succeeded, lockHolder: holder, attemptsUsed: used,
                attemptsAllowed: policy.deploy.releaseAttempts,
                rolloutStillRunning: orphan.map { rollout in
                    rollout.host == ProcessInfo.processInfo.hostName
                        ? "\(rollout) is still running (stop it: kill -TERM -\(rollout.pid))"
                        : "\(rollout) has not been recorded as ended and may still run on \(rollout.host)"
                }))
        }
        let applied = targetReady ? try LedgerStore.appliedMigrations(target) : []
        // Status only reports: a pending file gate cannot run is listed pending with why, not an exit 2.
        var unrunnable: [String] = []
        let drift = try Drift.find(applied: applied, files: migrations, unreadable: { _, error in
            unrunnable.append(error.description)
        })
        return DeployStatus(
            environments: environments, applied: applied, pending: drift.pending.map(\.path), drift: drift.problems,
            unrunnable: unrunnable)
    }

    /// The release `gate release reset` would reset: the environment's latest (or the one of `head`), unfinished.
    /// `policy` (the head's) says which environments exist, so a misspelt `--env` is named as one.
    public static func releaseToReset(
        environment: String, head: String?, ledgerURL: String, policy: Policy
    ) throws -> ReleaseRecord {
        let ledger: Connection
        do { ledger = try Connection(ledgerURL) } catch { throw DeployError.database(error) }
        guard try LedgerSchema.installedVersion(ledger) != nil else {
            try KnownEnvironment.require(environment, in: policy)
            throw DeployError.invalidInput("the ledger has no gate schema yet: nothing has been deployed there")
        }
        let store = LedgerStore(connection: ledger)
        try KnownEnvironment.require(environment, in: policy, recorded: try store.environments())
        let release = try head.map { try store.latest(environment: environment, head: $0) } ?? store.latest(environment: environment)
        guard let release else { throw DeployError.invalidInput("no release of \(environment) to reset") }
        guard release.status != "succeeded" else {
            throw DeployError.invalidInput("release \(release.id) of \(environment) succeeded; it has no budget to reset")
        }
        return release
    }

    /// Records a budget reset the caller has authorised (a verified, signed statement by an owner).
    public static func recordReset(release: ReleaseRecord, ledgerURL: String, by who: String, reason: String) throws {
        let ledger: Connection
        do { ledger = try Connection(ledgerURL) } catch { throw DeployError.database(error) }
        try ledger.execute(
            "INSERT INTO gate.budget_resets (release_id, reset_by, reason) VALUES (\(release.id), \(who), \(Redaction.redactConnectionString(reason)))")
    }

    private static func open(_ request: DeployRequest) throws -> (Connection, Connection) {
        do throws(PostgresError) {
            // Nothing is logged while the plan or status is being gathered: the retries only wait.
            let target = try DeployState.connect(request.databaseURL, log: { _ in })
            guard let ledgerURL = request.ledgerURL else { return (target, target) }
            return (try DeployState.connect(ledgerURL, log: { _ in }), target)
        } catch {
            throw DeployError.database(error)
        }
    }
}

extension DeployInspector {
    /// The head of the environment's last succeeded release, nil when there is none (or no ledger yet).
    public static func lastSucceededHead(_ request: DeployRequest, environment: String) throws -> String? {
        try lastSucceeded(request, environment: environment)?.head
    }

    /// The environment's last succeeded release, nil when there is none (or no ledger yet).
    public static func lastSucceeded(_ request: DeployRequest, environment: String) throws -> ReleaseRecord? {
        let (ledger, _) = try open(request)
        guard try LedgerSchema.installedVersion(ledger) != nil else { return nil }
        return try LedgerStore(connection: ledger).lastSucceeded(environment: environment)
    }
}
