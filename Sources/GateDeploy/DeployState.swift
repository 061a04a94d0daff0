import Foundation
import GateCore
import GatePolicy
import GatePostgres

/// What the steps of one `gate deploy` share: the request, both sessions, and what earlier steps found.
final class DeployState {
    let request: DeployRequest
    let source: any ReleaseSource
    let log: (String) -> Void

    /// The release ledger's session; it holds the environment's advisory lock for the whole run.
    let ledger: Connection
    /// The target database's session, replaced when a transient failure broke it.
    private(set) var target: Connection

    var policy: Policy
    var settings: DeploySettings { policy.deploy }
    var base: String?
    /// The environment's last succeeded release when the release was resolved (before the lock).
    var lastSucceededID: Int?
    var release: ReleaseRecord?
    var attemptID: Int?
    /// Set by release resolution when the environment already runs this head.
    var alreadyDeployed: ReleaseRecord?
    /// The environment's last release, a baseline of this very head: the deploy goes on only to apply what the
    /// baseline left pending (`--through`), and stops as already deployed when nothing is.
    var baselineOfHead: ReleaseRecord?
    var holdsLock = false
    /// Schema `gate` exists in the ledger database. Until the lock is taken nothing creates or upgrades it, so the
    /// steps before the lock read a missing ledger as an empty one (SPEC §5: a refusal before the lock writes nothing).
    var ledgerReady = false
    var rolloutAlreadySucceeded = false
    /// The migrations directory at head, in its framework's order.
    var migrations = MigrationSet(directory: "", layout: "plain", files: [], skipped: [])
    /// Migration files the gate's check saw changed in base..head (for the fail-open guard).
    var migrationPaths: [String] = []
    /// Migrations at head not yet in the target's history, in version order.
    var pending: [AnalyzedMigration] = []
    /// Migrations the current step applied, collected for the outcome.
    var appliedNow: [String] = []
    /// Tries the current step has made (1 plus its transient retries).
    var tries = 1

    init(request: DeployRequest, source: any ReleaseSource, log: @escaping (String) -> Void) throws {
        self.request = request
        self.source = source
        self.log = log
        do {
            ledger = try Self.connect(request.ledgerURL ?? request.databaseURL, log: log)
            target = try Self.connect(request.databaseURL, log: log)
        } catch {
            throw DeployError.database(error)
        }
        policy = PolicyLoader.builtin
        try Self.configure(ledger, environment: request.environment, settings: nil)
    }

    var releaseID: Int { release?.id ?? 0 }

    /// Creates or upgrades schema `gate` in the ledger (and in the target, when it is another database). Called under
    /// the environment's lock, just before the deploy's first write: a deploy refused earlier leaves an empty
    /// database empty and an older ledger readable by the gate that wrote it.
    func prepareSchema() throws {
        do {
            try LedgerSchema.prepare(ledger)
            if request.ledgerURL != nil { try LedgerSchema.prepare(target) }
        } catch let error as PostgresError {
            throw DeployError.database(error)
        }
        ledgerReady = true
    }

    /// The ledger read by a step that may run before the lock: nil while schema `gate` does not exist yet, which
    /// reads as an environment with no releases.
    var readableLedger: LedgerStore? { ledgerReady ? ledgerStore : nil }

    var ledgerStore: LedgerStore { LedgerStore(connection: ledger) }

    /// Applies the policy's timeouts to the target session (and again after every reconnect).
    func configureTarget() throws {
        try Self.configure(target, environment: request.environment, settings: settings)
    }

    /// Session settings: timeouts from the policy, a name for `pg_stat_activity`, and a liveness check so a killed
    /// gate's statements (and locks) end within a second rather than when the statement finishes.
    private static func configure(_ connection: Connection, environment: String, settings: DeploySettings?) throws {
        let name = "gate deploy \(environment)"
        if let settings {
            try connection.query(
                """
                SELECT set_config('application_name', \(name), false),
                       set_config('lock_timeout', \(String(settings.lockTimeout.milliseconds)), false),
                       set_config('statement_timeout', \(String(settings.statementTimeout.milliseconds)), false)
                """)
        } else {
            try connection.query("SELECT set_config('application_name', \(name), false)")
        }
        // Postgres 14 added the setting; older servers simply notice a dead client later.
        _ = try? connection.query("SELECT set_config('client_connection_check_interval', '1000', false)")
    }

    /// Runs `body`, retrying transient database errors (SPEC §5) with exponential backoff; a broken target session
    /// is reopened first. Deterministic errors and spent retries are rethrown as they are.
    func retrying<T>(_ what: String, _ body: () throws -> T) throws -> T {
        var retries = 0
        while true {
            do {
                return try body()
            } catch {
                let failure = PostgresFailure(error)
                let blockers = failure?.sqlState == "55P03" ? lockHolders() : []
                guard let failure, failure.isTransient, retries < settings.transientRetries else {
                    if !blockers.isEmpty || failure?.sqlState == "55P03" {
                        throw LockTimeoutFailure(underlying: error, blockers: blockers, lockTimeout: settings.lockTimeout)
                    }
                    // 57014 is also a cancel by hand (pg_cancel_backend), which no setting explains.
                    if failure?.sqlState == "57014", String(describing: error).contains("statement timeout") {
                        throw StatementTimeoutFailure(underlying: error, statementTimeout: settings.statementTimeout)
                    }
                    throw error
                }
                for blocker in blockers { log("  waiting on \(blocker)") }
                retries += 1
                tries += 1
                let delay = Self.backoff(retry: retries)
                log("  \(what): transient error (SQLSTATE \(failure.sqlState ?? "?")), retry \(retries)/\(settings.transientRetries) in \(Int(delay * 1000))ms")
                Thread.sleep(forTimeInterval: delay)
                if failure.needsReconnect || !target.isHealthy { try reconnectTarget() }
            }
        }
    }

    /// The sessions holding locks on the target's tables when a statement timed out waiting: pid, application name,
    /// how long their transaction has run, and their query. The waiting statement has already given up, so
    /// `pg_blocking_pids` of it is empty; the holders of relation locks in open transactions are who blocked it.
    func lockHolders() -> [String] {
        let rows = (try? target.query(
            """
            SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), a.state,
                   extract(epoch FROM now() - a.xact_start)::int, left(regexp_replace(coalesce(a.query, ''), '\\s+', ' ', 'g'), 160),
                   (SELECT string_agg(DISTINCT l.relation::regclass::text || ' ' || l.mode, ', ')
                    FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
                      AND l.relation >= 16384)
            FROM pg_stat_activity a
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.xact_start IS NOT NULL
              AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'relation'
                          AND l.relation >= 16384)
              AND cardinality(pg_blocking_pids(a.pid)) = 0
            ORDER BY a.xact_start LIMIT 5
            """)) ?? []
        return rows.map { row in
            "pid \(row.string(0) ?? "?") (\(row.string(1) ?? "?"), \(row.string(2) ?? "?") for \(row.string(3) ?? "?")s, holding \(row.string(5) ?? "?")): \(row.string(4) ?? "")"
        }
    }

    /// Opens a session, retrying a connect that failed in passing (a refused connection while the server restarts,
    /// 57P03 while it starts: SPEC §5) with the same backoff as the steps, within the built-in `retries.transient`:
    /// the policy is read from the ledger's environment later, and a database that stays away fails before anything.
    static func connect(
        _ connectionString: String?, log: (String) -> Void, retries: Int = PolicyLoader.builtin.deploy.transientRetries
    ) throws(PostgresError) -> Connection {
        var retried = 0
        while true {
            do {
                return try Connection.open(connectionString)
            } catch {
                guard error.isTransient, retried < retries else { throw error }
                retried += 1
                let delay = Self.backoff(retry: retried)
                let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
                log("  connecting, retry \(retried)/\(retries) in \(Int(delay * 1000))ms: \(reason)")
                Thread.sleep(forTimeInterval: delay)
            }
        }
    }

    /// Seconds before retry `retry` (1-based): 0.2 s doubling, at most 5 s.
    private static func backoff(retry: Int) -> TimeInterval { min(0.2 * pow(2, Double(retry - 1)), 5) }

    private func reconnectTarget() throws {
        do {
            target = try Connection.open(request.databaseURL)
        } catch {
            // Still failing is itself transient; the next round of `retrying` decides whether to give up.
            return
        }
        try configureTarget()
    }
}

/// The database error inside whatever wrapped it, for retry decisions.
struct PostgresFailure {
    let error: PostgresError

    init?(_ error: any Error) {
        if let error = error as? PostgresError {
            self.error = error
        } else if let failure = error as? StatementFailure {
            self.error = failure.error
        } else {
            return nil
        }
    }

    var isTransient: Bool { error.isTransient }
    var needsReconnect: Bool { error.needsReconnect }
    var sqlState: String? { error.sqlState }
}

/// A migration or verification statement the server rejected, with where it is.
struct StatementFailure: Error, CustomStringConvertible {
    let path: String
    let line: Int
    let error: PostgresError
    /// The migration runs statement by statement outside a transaction: what completed of it stays.
    var outsideTransaction = false
    /// A contract migration fails after the rollout it follows succeeded.
    var phase = MigrationPhase.pre

    var description: String {
        "\(path):\(line): \(error)\n"
            + (outsideTransaction
                ? "next: \(path) is not recorded; it runs outside a transaction, so its statements that completed stay "
                    + "and are not run again"
                : "next: \(path) did not commit, so it is not recorded")
            + "; migrations before it stay applied and \(phase.rolloutStanding). Fix the migration in a new commit (or the "
            + "data it trips on) and run gate deploy again: the release resumes with this migration"
    }
}

extension MigrationPhase {
    /// What a failure in a migration of this phase leaves of the release's code: the contract step runs only after the
    /// rollout succeeded, so its failures leave the release running.
    var rolloutStanding: String {
        self == .post ? "the release stays rolled out (contract migrations run after it)" : "nothing was rolled out"
    }
}

/// A migration's own `SET lock_timeout` or `SET statement_timeout`, which replaced the policy's for the statements
/// after it.
struct MigrationTimeoutSetting {
    var path: String
    var line: Int
    var value: String

    /// The limit that applied, as a timeout's message names it: the migration's own `SET name`, or the policy's `key`.
    static func applied(_ setting: MigrationTimeoutSetting?, name: String, policy: TimeSpan, key: String) -> String {
        setting.map { "\(name) \($0.value), set by \($0.path):\($0.line)" } ?? "\(name) \(policy) from \(key)"
    }

    /// The first line of the server's error, which a timeout's message follows with what applied.
    static func headline(_ error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
    }
}

/// A statement that gave up waiting for a lock (`lock_timeout`), with the sessions that held it.
struct LockTimeoutFailure: Error, CustomStringConvertible {
    let underlying: any Error
    let blockers: [String]
    let lockTimeout: TimeSpan
    /// Set when the failing migration set its own lock_timeout: that one applied, not the policy's, and raising the
    /// policy's would change nothing.
    var migrationSetting: MigrationTimeoutSetting?

    var description: String {
        let applied = MigrationTimeoutSetting.applied(migrationSetting, name: "lock_timeout", policy: lockTimeout, key: "deploy.lock-timeout")
        var lines = [MigrationTimeoutSetting.headline(underlying) + " (\(applied))"]
        lines += blockers.isEmpty ? ["no session holds a table lock any more: run gate deploy again"]
            : ["blocked by:"] + blockers.map { "  " + $0 }
        let raise = migrationSetting.map {
            "raise the SET lock_timeout in \($0.path) (it is not recorded, so the edited file runs; the policy's "
                + "deploy.lock-timeout does not apply after the migration's own)"
        } ?? "raise deploy.lock-timeout"
        lines.append(
            "next: nothing of the migration is recorded; wait for these transactions to finish (or end them: SELECT "
                + "pg_terminate_backend(pid)) and run gate deploy again, or \(raise)")
        return lines.joined(separator: "\n")
    }
}

/// A statement the server cancelled for running longer than `statement_timeout`: which limit applied, and what to
/// raise. Not transient: the same statement on the same data takes as long again.
struct StatementTimeoutFailure: Error, CustomStringConvertible {
    let underlying: any Error
    let statementTimeout: TimeSpan
    /// Set when the failing migration set its own statement_timeout: that one applied, not the policy's.
    var migrationSetting: MigrationTimeoutSetting?

    var description: String {
        let applied = MigrationTimeoutSetting.applied(
            migrationSetting, name: "statement_timeout", policy: statementTimeout, key: "deploy.statement-timeout")
        let raise = migrationSetting.map { "raise the SET statement_timeout in \($0.path) (it is not recorded, so the edited file runs)" }
            ?? "raise deploy.statement-timeout, or SET statement_timeout in the migration for its slow statement"
        return MigrationTimeoutSetting.headline(underlying) + " (\(applied))\n"
            + "next: nothing of the migration is recorded; the statement runs as long on the same data, so \(raise), "
            + "or make the statement cheaper (a backfill in batches, an index built CONCURRENTLY), and run gate deploy again"
    }
}
