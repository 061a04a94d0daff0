import Foundation
import GateCore
import GatePostgres

/// Gate's own tables in schema `gate`: the migration history (in the target database) and the release ledger
/// (releases, attempts, steps, the lock holder, budget resets; in the ledger database). Both sets are created in
/// whichever database gate uses, so one database can serve as both.
public enum LedgerSchema {
    /// The highest schema version this build knows; a newer one in the database is refused, not guessed at.
    public static let currentVersion = 4

    /// Each entry upgrades the schema by one version; never edit a shipped entry, append a new one.
    static let upgrades: [String] = [
        """
        CREATE TABLE gate.applied_migrations (
            name text PRIMARY KEY,
            version text NOT NULL,
            checksum text NOT NULL,
            phase text NOT NULL CHECK (phase IN ('pre', 'post')),
            applied_by text NOT NULL CHECK (applied_by IN ('gate', 'migrate-cmd')),
            environment text NOT NULL,
            release_id bigint NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now(),
            duration_ms integer NOT NULL DEFAULT 0
        );
        CREATE TABLE gate.migration_progress (
            name text NOT NULL,
            statement integer NOT NULL,
            completed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (name, statement)
        );
        CREATE TABLE gate.releases (
            id bigserial PRIMARY KEY,
            environment text NOT NULL,
            head text NOT NULL,
            base text,
            status text NOT NULL CHECK (status IN ('running', 'failed', 'succeeded')),
            created_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz
        );
        CREATE INDEX releases_environment ON gate.releases (environment, id);
        CREATE TABLE gate.attempts (
            id bigserial PRIMARY KEY,
            release_id bigint NOT NULL REFERENCES gate.releases (id),
            status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned')),
            pid integer NOT NULL,
            host text NOT NULL,
            started_at timestamptz NOT NULL DEFAULT now(),
            finished_at timestamptz,
            failed_step text,
            error text
        );
        CREATE TABLE gate.steps (
            id bigserial PRIMARY KEY,
            attempt_id bigint NOT NULL REFERENCES gate.attempts (id),
            release_id bigint NOT NULL REFERENCES gate.releases (id),
            name text NOT NULL,
            status text NOT NULL CHECK (status IN ('succeeded', 'failed', 'skipped')),
            tries integer NOT NULL DEFAULT 1,
            detail text,
            finished_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE gate.lock_holders (
            environment text PRIMARY KEY,
            backend_pid integer NOT NULL,
            pid integer NOT NULL,
            host text NOT NULL,
            head text NOT NULL,
            since timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE gate.budget_resets (
            id bigserial PRIMARY KEY,
            release_id bigint NOT NULL REFERENCES gate.releases (id),
            reset_by text NOT NULL,
            reason text NOT NULL,
            reset_at timestamptz NOT NULL DEFAULT now()
        );
        """,
        // 2: `gate baseline` records migrations another tool (or psql) applied.
        """
        ALTER TABLE gate.applied_migrations DROP CONSTRAINT applied_migrations_applied_by_check;
        ALTER TABLE gate.applied_migrations ADD CONSTRAINT applied_migrations_applied_by_check
            CHECK (applied_by IN ('gate', 'migrate-cmd', 'baseline'));
        """,
        // 3: a migration stays unverified until a verify step passed with it, so a later release verifies again what
        // an earlier one recorded but could not verify (a `--migrate-cmd` that applied nothing); a statement's progress
        // row names the statement it recorded, so a file edited since does not skip a different statement.
        """
        ALTER TABLE gate.applied_migrations ADD COLUMN verified boolean NOT NULL DEFAULT true;
        ALTER TABLE gate.migration_progress ADD COLUMN statement_sha256 text;
        """,
        // 4: an attempt stopped by a configuration error (no rollout command, a command that does not exist) is
        // `misconfigured`: it closes its release as failed and spends none of the release's attempt budget.
        """
        ALTER TABLE gate.attempts DROP CONSTRAINT attempts_status_check;
        ALTER TABLE gate.attempts ADD CONSTRAINT attempts_status_check
            CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'misconfigured'));
        """,
    ]

    /// The schema version in the database, or nil when gate has never written there.
    public static func installedVersion(_ connection: Connection) throws(PostgresError) -> Int? {
        let exists = try connection.query("SELECT to_regclass('gate.schema_version') IS NOT NULL")
        guard exists.first?.bool(0) == true else { return nil }
        return try connection.query("SELECT version FROM gate.schema_version").first?.int(0) ?? 0
    }

    /// Whether schema `gate` exists, reading only: a deploy asks this before anything writes, so a refusal leaves an
    /// empty database empty and an older ledger at its version (the gate that wrote it keeps working). A schema newer
    /// than this gate understands is refused here too, as `prepare` would.
    public static func isInstalled(_ connection: Connection) throws -> Bool {
        guard let installed = try installedVersion(connection) else { return false }
        if installed > currentVersion { throw newerSchema(installed) }
        return true
    }

    static func newerSchema(_ installed: Int) -> DeployError {
        .invalidInput("schema gate is at version \(installed), newer than this gate understands (\(currentVersion)); upgrade gate")
    }

    /// Creates or upgrades schema `gate`; concurrent callers serialise on a transaction-level advisory lock.
    public static func prepare(_ connection: Connection) throws {
        if let version = try installedVersion(connection), version == currentVersion { return }
        try connection.withTransaction { connection in
            // Any fixed key serves; it only has to be the same for every gate.
            try connection.query("SELECT pg_advisory_xact_lock(\(schemaLockKey))")
            try connection.unsafeExecuteScript("CREATE SCHEMA IF NOT EXISTS gate")
            try connection.unsafeExecuteScript(
                "CREATE TABLE IF NOT EXISTS gate.schema_version (version integer NOT NULL)")
            let installed = try connection.query("SELECT version FROM gate.schema_version").first?.int(0) ?? 0
            if installed > currentVersion { throw newerSchema(installed) }
            for upgrade in upgrades.dropFirst(installed) { try connection.unsafeExecuteScript(upgrade) }
            try connection.execute("DELETE FROM gate.schema_version")
            try connection.execute("INSERT INTO gate.schema_version (version) VALUES (\(currentVersion))")
        }
    }

    static let schemaLockKey: Int64 = 0x6761_7465_5f73_6368  // "gate_sch"
}

/// An applied migration as the history records it.
public struct AppliedMigration: Sendable, Equatable, Codable {
    public var name: String
    public var version: String
    public var checksum: String
    public var phase: String
    public var appliedBy: String
    public var environment: String
    public var releaseID: Int
    public var appliedAt: String
    /// False while no verify step has passed with it: every deploy verifies it again before it rolls out.
    public var verified: Bool

    public init(name: String, version: String, checksum: String, phase: String, appliedBy: String, environment: String,
                releaseID: Int, appliedAt: String, verified: Bool = true) {
        self.name = name
        self.version = version
        self.checksum = checksum
        self.phase = phase
        self.appliedBy = appliedBy
        self.environment = environment
        self.releaseID = releaseID
        self.appliedAt = appliedAt
        self.verified = verified
    }
}

/// A release row of the ledger.
public struct ReleaseRecord: Sendable, Equatable, Codable {
    public var id: Int
    public var environment: String
    public var head: String
    public var base: String?
    public var status: String
    public var createdAt: String
    public var finishedAt: String?

    /// A first release's base and an unfinished release's end are `null`, not missing keys (SPEC §6).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(environment, forKey: .environment)
        try container.encode(head, forKey: .head)
        try container.encode(base, forKey: .base)
        try container.encode(status, forKey: .status)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }
}

/// Who holds an environment's deploy lock.
public struct LockHolder: Sendable, Equatable, Codable, CustomStringConvertible {
    public var backendPID: Int
    public var pid: Int?
    public var host: String?
    public var since: String?
    public var head: String?

    public var description: String {
        guard let pid, let host else { return "database session \(backendPID)" }
        return "pid \(pid) on \(host) since \(since ?? "?")" + (head.map { " (head \($0.prefix(12)))" } ?? "")
    }
}

/// Typed reads and writes of the ledger tables; every write is one statement or one transaction.
struct LedgerStore {
    let connection: Connection

    static func lockKey(environment: String) -> Int64 {
        let digest = Array(ContentDigest.sha256Hex("gate-deploy:" + environment).utf8.prefix(16))
        return Int64(bitPattern: UInt64(String(decoding: digest, as: UTF8.self), radix: 16) ?? 0)
    }

    // MARK: migration history (target database)

    static func appliedMigrations(_ connection: Connection) throws(PostgresError) -> [AppliedMigration] {
        try connection.query(
            """
            SELECT name, version, checksum, phase, applied_by, environment, release_id,
                   to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), verified
            FROM gate.applied_migrations ORDER BY applied_at, name
            """
        ).map { row in
            AppliedMigration(
                name: row.string(0) ?? "", version: row.string(1) ?? "", checksum: row.string(2) ?? "",
                phase: row.string(3) ?? "", appliedBy: row.string(4) ?? "", environment: row.string(5) ?? "",
                releaseID: row.int(6) ?? 0, appliedAt: row.string(7) ?? "", verified: row.bool(8) != false)
        }
    }

    /// Marks migrations verified: a verify step passed with each of them.
    static func markVerified(_ names: [String], on connection: Connection) throws(PostgresError) {
        for name in names {
            try connection.execute("UPDATE gate.applied_migrations SET verified = true WHERE name = \(name) AND NOT verified")
        }
    }

    // MARK: releases

    func lastSucceeded(environment: String) throws(PostgresError) -> ReleaseRecord? {
        try releases(
            "SELECT \(raw: Self.releaseColumns) FROM gate.releases WHERE environment = \(environment) AND status = 'succeeded' ORDER BY id DESC LIMIT 1"
        ).first
    }

    func latest(environment: String) throws(PostgresError) -> ReleaseRecord? {
        try releases(
            "SELECT \(raw: Self.releaseColumns) FROM gate.releases WHERE environment = \(environment) ORDER BY id DESC LIMIT 1"
        ).first
    }

    /// The environment's latest release a deploy opened (not a baseline) that has not succeeded: while none has, its
    /// base is the one the first deploy was given (`--base`), which a re-run resumes from.
    func latestUnfinishedDeploy(environment: String) throws(PostgresError) -> ReleaseRecord? {
        try releases(
            """
            SELECT \(raw: Self.releaseColumns) FROM gate.releases r WHERE environment = \(environment) AND status <> 'succeeded'
              AND EXISTS (SELECT 1 FROM gate.steps s WHERE s.release_id = r.id AND s.name = 'release')
            ORDER BY id DESC LIMIT 1
            """
        ).first
    }

    func latest(environment: String, head: String) throws(PostgresError) -> ReleaseRecord? {
        try releases(
            "SELECT \(raw: Self.releaseColumns) FROM gate.releases WHERE environment = \(environment) AND head = \(head) ORDER BY id DESC LIMIT 1"
        ).first
    }

    func environments() throws(PostgresError) -> [String] {
        try connection.query("SELECT DISTINCT environment FROM gate.releases ORDER BY 1").compactMap { $0.string(0) }
    }

    func hasSucceeded(environment: String, head: String) throws(PostgresError) -> Bool {
        try !connection.query(
            "SELECT 1 FROM gate.releases WHERE environment = \(environment) AND head = \(head) AND status = 'succeeded' LIMIT 1"
        ).isEmpty
    }

    /// Attempts counted against the budget: those started after the release's last reset.
    func attemptsSinceReset(release: Int) throws(PostgresError) -> Int {
        try connection.query(
            """
            SELECT count(*) FROM gate.attempts a WHERE a.release_id = \(release) AND a.status <> 'misconfigured'
              AND a.started_at > coalesce((SELECT max(reset_at) FROM gate.budget_resets WHERE release_id = \(release)), '-infinity')
            """
        ).first?.int(0) ?? 0
    }

    /// Whether the environment's unfinished release of `head` has a succeeded rollout step: a re-run skips it.
    func unfinishedReleaseRolledOut(environment: String, head: String) throws(PostgresError) -> Bool {
        guard let release = try latest(environment: environment, head: head), release.status != "succeeded" else {
            return false
        }
        return try stepSucceeded(release: release.id, step: "rollout")
    }

    func stepSucceeded(release: Int, step: String) throws(PostgresError) -> Bool {
        try !connection.query(
            "SELECT 1 FROM gate.steps WHERE release_id = \(release) AND name = \(step) AND status = 'succeeded' LIMIT 1"
        ).isEmpty
    }

    private static let releaseColumns: StaticString = """
        id, environment, head, base, status, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        """

    private func releases(_ query: Query) throws(PostgresError) -> [ReleaseRecord] {
        try connection.query(query).map { row in
            ReleaseRecord(
                id: row.int(0) ?? 0, environment: row.string(1) ?? "", head: row.string(2) ?? "", base: row.string(3),
                status: row.string(4) ?? "", createdAt: row.string(5) ?? "", finishedAt: row.string(6))
        }
    }

    // MARK: lock

    /// The session holding an environment's advisory lock, joined with what gate recorded about itself; with
    /// `recorded` false (no schema `gate` yet: its holder has not written there) the session alone.
    func lockHolder(environment: String, recorded: Bool = true) throws(PostgresError) -> LockHolder? {
        let key = UInt64(bitPattern: Self.lockKey(environment: environment))
        let rows = try connection.query(recorded
            ? """
            SELECT l.pid, h.pid, h.host, to_char(h.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), h.head
            FROM pg_locks l
            LEFT JOIN gate.lock_holders h ON h.environment = \(environment) AND h.backend_pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid = \(String(key >> 32))::oid AND l.objid = \(String(key & 0xffff_ffff))::oid
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """
            : """
            SELECT l.pid, NULL::integer, NULL::text, NULL::text, NULL::text
            FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid = \(String(key >> 32))::oid AND l.objid = \(String(key & 0xffff_ffff))::oid
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        return LockHolder(
            backendPID: row.int(0) ?? 0, pid: row.int(1), host: row.string(2), since: row.string(3), head: row.string(4))
    }
}

extension Query.StringInterpolation {
    /// Splices fixed SQL text known at compile time (column lists); never pass values here.
    mutating func appendInterpolation(raw text: StaticString) {
        appendLiteral(text.description)
    }
}
