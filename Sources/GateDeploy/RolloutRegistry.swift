import Foundation
import GatePostgres

/// Rollouts as the ledger saw them start and end (table `gate.rollouts`), so a deploy can tell that a rollout whose
/// gate was killed (`kill -9`, a lost runner) is still running even though that gate's lock died with its session.
enum RolloutRegistry {
    /// A rollout the ledger recorded as started and never as ended.
    struct Running: Sendable, Equatable, CustomStringConvertible {
        var id: Int
        var releaseID: Int
        /// The rollout's process group (it leads its own).
        var pid: Int
        var gatePID: Int
        var host: String
        var command: String
        var since: String
        /// Seconds since it started, by the ledger's clock.
        var age: Double

        var description: String {
            "the rollout of release \(releaseID) (\(command); process group \(pid) on \(host), started by gate pid \(gatePID) at \(since))"
        }
    }

    /// Creates the table on first use. Kept apart from the versioned ledger schema so it can be added without
    /// renumbering anyone's upgrades; the creation serialises on the schema lock like the upgrades do.
    static func prepare(_ ledger: Connection) throws {
        if try ledger.query("SELECT to_regclass('gate.rollouts') IS NOT NULL").first?.bool(0) == true { return }
        try ledger.withTransaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock(\(LedgerSchema.schemaLockKey))")
            try connection.unsafeExecuteScript(
                """
                CREATE TABLE IF NOT EXISTS gate.rollouts (
                    id bigserial PRIMARY KEY,
                    environment text NOT NULL,
                    release_id bigint NOT NULL,
                    attempt_id bigint NOT NULL,
                    pid integer NOT NULL,
                    gate_pid integer NOT NULL,
                    host text NOT NULL,
                    command text NOT NULL,
                    status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'timed-out', 'gone')),
                    started_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz
                );
                CREATE INDEX IF NOT EXISTS rollouts_running ON gate.rollouts (environment) WHERE status = 'running';
                """)
        }
    }

    /// Records a rollout that has just been spawned; returns its row id.
    static func started(_ state: DeployState, pid: pid_t, command: String) throws -> Int {
        try prepare(state.ledger)
        return try state.ledger.query(
            """
            INSERT INTO gate.rollouts (environment, release_id, attempt_id, pid, gate_pid, host, command, status)
            VALUES (\(state.request.environment), \(state.releaseID), \(state.attemptID ?? 0), \(Int(pid)),
                    \(Int(ProcessInfo.processInfo.processIdentifier)), \(ProcessInfo.processInfo.hostName), \(command), 'running')
            RETURNING id
            """
        ).first?.int(0) ?? 0
    }

    static func finished(_ state: DeployState, id: Int, status: String) {
        do {
            try state.ledger.execute(
                "UPDATE gate.rollouts SET status = \(status), finished_at = now() WHERE id = \(id) AND status = 'running'")
        } catch {
            state.log("warning: could not record the end of the rollout in the ledger: \(error)")
        }
    }

    static func running(_ ledger: Connection, environment: String) throws -> [Running] {
        try prepare(ledger)
        return try ledger.query(
            """
            SELECT id, release_id, pid, gate_pid, host, command,
                   to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   extract(epoch FROM now() - started_at)::float8
            FROM gate.rollouts WHERE environment = \(environment) AND status = 'running' ORDER BY id
            """
        ).map { row in
            Running(
                id: row.int(0) ?? 0, releaseID: row.int(1) ?? 0, pid: row.int(2) ?? 0, gatePID: row.int(3) ?? 0,
                host: row.string(4) ?? "?", command: row.string(5) ?? "?", since: row.string(6) ?? "?",
                age: row.string(7).flatMap(Double.init) ?? 0)
        }
    }

    /// The rollouts still running for `environment`, as a read-only view (status): nothing is created, and one whose
    /// gate is gone counts while its process group lives here, or, on another machine, until `timeout` has passed.
    static func stillRunning(_ ledger: Connection, environment: String, timeout: Double) throws -> [Running] {
        guard try ledger.query("SELECT to_regclass('gate.rollouts') IS NOT NULL").first?.bool(0) == true else { return [] }
        let host = ProcessInfo.processInfo.hostName
        return try running(ledger, environment: environment).filter { rollout in
            rollout.host == host ? processGroupAlive(rollout.pid) : rollout.age < timeout
        }
    }

    /// Whether a process of the group `group` still exists on this machine.
    static func processGroupAlive(_ group: Int) -> Bool {
        guard let value = pid_t(exactly: group) else { return false }
        return ProcessGroup.hasLiveMembers(value)
    }
}
