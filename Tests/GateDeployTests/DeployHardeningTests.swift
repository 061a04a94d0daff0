import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// Deploys that cannot be half-cancelled, resets only an owner can sign, and a ledger that never stores a password:
/// the built binary, real signals, real ssh-keygen, a real Postgres.
final class DeployHardeningTests: XCTestCase {
    /// A rollout that records its pid, then on SIGTERM or SIGINT takes `$SCRATCH/grace` seconds to shut down
    /// (noting when it is done), as a real deploy tool finishing its current step would.
    static let gracefulRollout = """
        #!/bin/sh
        echo $$ > "$SCRATCH/rollout.pid"
        stop() { sleep "$(cat "$SCRATCH/grace" 2>/dev/null || echo 0)"; echo "$1" > "$SCRATCH/stopped"; exit 1; }
        trap 'stop TERM' TERM
        trap 'stop INT' INT
        sleep 60 &
        wait $!
        echo finished > "$SCRATCH/stopped"

        """

    private func fixtureWithGracefulRollout(policy: String = DeployFixture.policy) throws -> DeployFixture {
        let fixture = try DeployFixture(policy: policy)
        try fixture.repo.write("scripts/graceful.sh", Self.gracefulRollout)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.repo.path + "/scripts/graceful.sh")
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        return fixture
    }

    private func rolloutPID(_ fixture: DeployFixture) -> pid_t? {
        fixture.scratchFile("rollout.pid").flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether any process of the group still runs (zombies have ended: this container's PID 1 may never reap them).
    private func groupAlive(_ group: pid_t) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { entry in
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[2] == "\(group)" && fields[0] != "Z"
        }
    }

    func testSIGTERMIsForwardedTheLockHeldUntilTheRolloutEndsAndTheAttemptRecordedAsInterrupted() throws {
        let fixture = try fixtureWithGracefulRollout()
        try fixture.setScratch("grace", "4")
        let gate = try fixture.start(fixture.deployArguments(rollout: ["./scripts/graceful.sh"]), label: "deploy")
        XCTAssertTrue(fixture.waitUntil { self.rolloutPID(fixture) != nil }, fixture.output("deploy"))
        let rollout = try XCTUnwrap(rolloutPID(fixture))
        kill(gate.processIdentifier, SIGTERM)
        // While the rollout shuts down, gate is alive and still holds the lock: a second deploy is refused.
        XCTAssertTrue(fixture.waitUntil(5) { fixture.output("deploy").contains("received SIGTERM") }, fixture.output("deploy"))
        XCTAssertTrue(gate.isRunning, "gate exited before its rollout: \(fixture.output("deploy"))")
        XCTAssertTrue(try fixture.advisoryLockHeld())
        let second = try fixture.deploy(extra: [])
        XCTAssertEqual(second.status, 1, second.stdout + second.stderr)
        XCTAssertTrue(second.stderr.contains("holds the lock"), second.stderr)
        gate.waitUntilExit()
        XCTAssertEqual(gate.terminationStatus, 3, fixture.output("deploy"))
        XCTAssertEqual(fixture.scratchFile("stopped"), "TERM\n", "the rollout did not get SIGTERM, or gate did not wait for it")
        XCTAssertFalse(groupAlive(rollout), "the rollout's process group outlived gate")
        XCTAssertTrue(fixture.output("deploy").contains("interrupted by SIGTERM"), fixture.output("deploy"))
        XCTAssertTrue(try fixture.waitUntil(5) { try !fixture.advisoryLockHeld() })
        XCTAssertEqual(try fixture.scalar("SELECT status || ' ' || failed_step FROM gate.attempts"), "failed rollout")
        XCTAssertEqual(try fixture.scalar("SELECT error LIKE '%rollout failed: interrupted by SIGTERM: forwarded to ./scripts/graceful.sh%' FROM gate.attempts"), "t")
        XCTAssertEqual(try fixture.scalar("SELECT status FROM gate.rollouts"), "interrupted")
        XCTAssertEqual(try fixture.scalar("SELECT status FROM gate.releases"), "failed")
    }

    func testSIGINTIsForwardedTooAndARolloutIgnoringItIsKilledAtTheTimeout() throws {
        let policy = DeployFixture.policy.replacingOccurrences(of: "rollout: { timeout: 2m }", with: "rollout: { timeout: 3s }")
        let fixture = try fixtureWithGracefulRollout(policy: policy)
        try fixture.setScratch("grace", "30")  // longer than the timeout: gate must not wait past it
        let gate = try fixture.start(fixture.deployArguments(rollout: ["./scripts/graceful.sh"]), label: "deploy")
        XCTAssertTrue(fixture.waitUntil { self.rolloutPID(fixture) != nil }, fixture.output("deploy"))
        let rollout = try XCTUnwrap(rolloutPID(fixture))
        let started = Date()
        kill(gate.processIdentifier, SIGINT)
        gate.waitUntilExit()
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
        XCTAssertEqual(gate.terminationStatus, 3, fixture.output("deploy"))
        XCTAssertTrue(fixture.output("deploy").contains("received SIGINT"), fixture.output("deploy"))
        XCTAssertFalse(groupAlive(rollout), "the rollout's process group outlived gate")
        XCTAssertEqual(try fixture.scalar("SELECT error LIKE '%rollout failed: interrupted by SIGINT%' FROM gate.attempts"), "t")
    }

    func testASecondDeployIsRefusedWhileAKilledGatesRolloutStillRuns() throws {
        let fixture = try fixtureWithGracefulRollout()
        let gate = try fixture.start(fixture.deployArguments(rollout: ["./scripts/graceful.sh"]), label: "killed")
        XCTAssertTrue(fixture.waitUntil { self.rolloutPID(fixture) != nil }, fixture.output("killed"))
        // gate records the rollout just after spawning it; on a loaded machine the script can write its pid first.
        // A kill in that window is a known limit (README), not what this test is about.
        XCTAssertTrue(
            fixture.waitUntil(10) { (try? fixture.scalar("SELECT count(*) FROM gate.rollouts WHERE status = 'running'")) == "1" },
            fixture.output("killed"))
        let rollout = try XCTUnwrap(rolloutPID(fixture))
        defer { kill(-rollout, SIGKILL) }
        kill(gate.processIdentifier, SIGKILL)
        gate.waitUntilExit()
        XCTAssertTrue(try fixture.waitUntil(10) { try !fixture.advisoryLockHeld() }, "the lock outlived the killed gate")
        // Status says the rollout still runs and the deploy waits for it, not that a deploy would resume the release.
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains("process group \(rollout)") && status.stdout.contains("is still running (stop it: kill -TERM -\(rollout))"),
                      status.stdout)
        XCTAssertTrue(status.stdout.contains("next: gate deploy refuses until it ends"), status.stdout)
        let refused = try fixture.gate(fixture.deployArguments(rollout: ["./scripts/graceful.sh"]))
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("process group \(rollout)") && refused.stderr.contains("still running"), refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.attempts"), "1", "the refusal spent an attempt")

        kill(-rollout, SIGKILL)
        XCTAssertTrue(fixture.waitUntil(10) { !self.groupAlive(rollout) })
        try fixture.setScratch("rollout.pid", nil)
        let rerun = try fixture.gate(fixture.deployArguments())
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(status, ',' ORDER BY id) FROM gate.rollouts"), "gone,succeeded")
    }

    func testPasswordsInEveryLibpqFormNeverReachTheLedgerOrTheOutput() throws {
        let fixture = try DeployFixture()
        // The server quotes the bad value back in its error, which gate stores as the attempt's error.
        try fixture.migration("0001_leak.sql", "SELECT 'host=db password = ''hunter2 spaced'' user=app'::int;\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("22P02"), result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains("hunter2"), result.stdout + result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains("spaced"), result.stdout + result.stderr)
        let stored = try fixture.scalar(
            "SELECT string_agg(coalesce(error, ''), ' ') || (SELECT string_agg(coalesce(detail, ''), ' ') FROM gate.steps) FROM gate.attempts")
        let ledger = try XCTUnwrap(stored)
        XCTAssertTrue(ledger.contains("password = ***"), ledger)
        XCTAssertFalse(ledger.contains("hunter2") || ledger.contains("spaced"), ledger)
    }

    /// SPEC §5: a connection failure is transient, retried with backoff before the deploy gives up (a database
    /// restarting when the deploy starts); a connect the server refuses for what was asked (a database that does not
    /// exist) fails at once. Either way nothing is recorded, and the exit is 2.
    func testAnUnreachableDatabaseIsRetriedAndARefusedConnectIsNot() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        let unreachable = try fixture.deploy(url: "postgresql://app:hunter2pw@127.0.0.1:1/app?connect_timeout=2")
        let output = unreachable.stdout + unreachable.stderr
        XCTAssertEqual(unreachable.status, 2, output)
        XCTAssertTrue(output.contains("retry 3/3"), output)
        XCTAssertTrue(output.contains("cannot connect"), output)
        XCTAssertFalse(output.contains("hunter2pw"), output)
        let missing = try fixture.deploy(url: fixture.database.url.replacingOccurrences(of: fixture.database.name, with: "no_such_db_x"))
        XCTAssertEqual(missing.status, 2, missing.stdout + missing.stderr)
        XCTAssertFalse((missing.stdout + missing.stderr).contains("retry 1/"), missing.stdout + missing.stderr)
        XCTAssertTrue(missing.stderr.contains("no_such_db_x"), missing.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*)::text FROM pg_tables WHERE tablename = 't'"), "0")
    }

    func testTheRolloutSeesOnlyTheConfiguredEnvironmentAndItsLoggedArgvHidesSecrets() throws {
        let policy = DeployFixture.policy.replacingOccurrences(
            of: "rollout: { timeout: 2m }", with: "rollout: { timeout: 2m, env: [SCRATCH, \"KEEP_*\", \"REGION=eu-west-1\"] }")
        let fixture = try DeployFixture(policy: policy)
        try fixture.repo.write("scripts/env.sh", "#!/bin/sh\nenv > \"$SCRATCH/env\"\necho \"$@\" > \"$SCRATCH/args\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fixture.repo.path + "/scripts/env.sh")
        try fixture.commit()
        var environment = fixture.environment
        environment["KEEP_ME"] = "kept"
        environment["LEAKY_TOKEN"] = "tok-should-not-pass"
        let arguments = fixture.deployArguments(rollout: [
            "./scripts/env.sh", "--token", "tok-argv-secret", "--url=postgres://app:pw-in-url@db/app", "API_KEY=key-in-arg",
        ])
        let result = try runProcess(gateExecutablePath(), arguments, in: fixture.repo.path, environment: environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let seen = try XCTUnwrap(fixture.scratchFile("env"))
        XCTAssertTrue(seen.contains("KEEP_ME=kept\n") && seen.contains("REGION=eu-west-1\n") && seen.contains("GATE_ENV=staging\n"), seen)
        XCTAssertTrue(seen.contains("PATH="), seen)
        XCTAssertFalse(seen.contains("LEAKY_TOKEN") || seen.contains("TEST_DB"), seen)
        // The command itself gets its arguments whole; only the log hides them.
        XCTAssertEqual(fixture.scratchFile("args"), "--token tok-argv-secret --url=postgres://app:pw-in-url@db/app API_KEY=key-in-arg\n")
        let output = result.stdout + result.stderr
        XCTAssertTrue(output.contains("running ./scripts/env.sh --token *** --url=postgres://app:***@db/app API_KEY=***"), output)
        for secret in ["tok-argv-secret", "pw-in-url", "key-in-arg"] {
            XCTAssertFalse(output.contains(secret), output)
            XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.rollouts WHERE command LIKE '%' || \(secret) || '%'"), "0")
        }
    }

    func testABadRolloutEnvEntryIsAPolicyError() throws {
        let policy = DeployFixture.policy.replacingOccurrences(
            of: "rollout: { timeout: 2m }", with: "rollout: { timeout: 2m, env: [\"1BAD\"] }")
        let fixture = try DeployFixture(policy: policy)
        let result = try fixture.gate(["policy", "validate", "--repo", fixture.repo.path, "--policy", fixture.repo.path + "/.gate/policy.yml"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("1BAD") && result.stderr.contains("policy.yml:"), result.stderr)
    }
}

/// Statements outside a transaction, session state between migrations, and a lost ledger session.
final class MigrationSafetyTests: XCTestCase {
    func testAMigrationsRoleAndSearchPathDoNotCarryIntoTheNext() throws {
        let fixture = try DeployFixture()
        let role = "gate_r_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        let admin = try fixture.connect()
        try admin.unsafeExecuteScript("CREATE ROLE \(role)")
        defer { _ = try? admin.unsafeExecuteScript("DROP OWNED BY \(role); DROP ROLE IF EXISTS \(role)") }
        try fixture.migration("0001_settings.sql", "CREATE SCHEMA elsewhere;\nSET search_path = elsewhere;\nSET ROLE \(role);\n")
        try fixture.migration("0002_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('public.t') IS NOT NULL"), "t", "0002 ran in 0001's search_path")
        XCTAssertEqual(try fixture.scalar("SELECT tableowner = session_user FROM pg_tables WHERE tablename = 't'"), "t",
                       "0002 ran as 0001's role")
    }

    func testAValidIndexWithAnotherDefinitionIsNotTakenAsBuilt() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (a int, b int);\nCREATE INDEX t_idx ON t (a);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_idx.sql", "CREATE INDEX CONCURRENTLY t_idx ON t (b);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("t_idx"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT pg_get_indexdef('t_idx'::regclass) LIKE '%(a)'"), "t")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE name = '0002_idx.sql'"), "0")
    }

    func testAnInterruptedConcurrentBuildOrDropIsTakenAsDoneOnlyWhenItWasOurs() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (a int, b int);\nCREATE INDEX t_a ON t (a);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_swap.sql", "CREATE INDEX CONCURRENTLY t_b ON t (b);\nDROP INDEX CONCURRENTLY t_a;\n")
        try fixture.commit()
        // A gate killed after both statements did their work but before their progress rows: the index is built and
        // the other gone, and only the "started" marks (-1, -2) are there.
        let target = try fixture.connect()
        try target.unsafeExecuteScript("CREATE INDEX t_b ON t (b); DROP INDEX t_a")
        try target.execute("INSERT INTO gate.migration_progress (name, statement) VALUES ('0002_swap.sql', -1), ('0002_swap.sql', -2)")
        let resumed = try fixture.deploy()
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        XCTAssertTrue(resumed.stdout.contains("index t_a is already gone"), resumed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.migration_progress"), "0")

        // Without the marks, an index that is simply missing is the migration's mistake: it fails as Postgres says.
        try fixture.migration("0003_drop.sql", "DROP INDEX CONCURRENTLY t_missing;\n")
        try fixture.commit()
        let missing = try fixture.deploy()
        XCTAssertEqual(missing.status, 3, missing.stdout + missing.stderr)
        XCTAssertTrue(missing.stderr.contains("42704"), missing.stderr)
    }

    func testAFailedReindexConcurrentlyLeavesNoDebrisThatBlocksItsRetry() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1), (2);\nCREATE INDEX t_a ON t (a);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_reindex.sql", "REINDEX INDEX CONCURRENTLY t_a;\nVACUUM t;\n")
        try fixture.commit()
        // A failed REINDEX CONCURRENTLY leaves an INVALID t_a_ccnew; make one the way Postgres does, mid-build.
        let target = try fixture.connect()
        try target.unsafeExecuteScript("CREATE INDEX t_a_ccnew ON t (a); UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_a_ccnew'::regclass")
        try target.execute("INSERT INTO gate.migration_progress (name, statement) VALUES ('0002_reindex.sql', -1)")
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("dropping INVALID index t_a_ccnew"), result.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM pg_class WHERE relname LIKE 't_a_cc%'"), "0")
    }

    func testALostLedgerSessionStopsTheDeployBeforeTheRollout() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_slow.sql", "CREATE TABLE t (id int);\nSELECT pg_sleep(2);\n")
        try fixture.commit()
        let process = try fixture.start(fixture.deployArguments(), label: "deploy")
        XCTAssertTrue(try fixture.waitForActiveStatement(startingWith: "SELECT pg_sleep"), fixture.output("deploy"))
        // The session holding the advisory lock is the ledger's; end it (and with it the lock).
        try fixture.connect().query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 3, fixture.output("deploy"))
        XCTAssertTrue(fixture.output("deploy").contains("lost the ledger session"), fixture.output("deploy"))
        XCTAssertEqual(fixture.rolloutCount, 0, "the rollout ran without the lock")
        let rerun = try fixture.deploy()
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertEqual(fixture.rolloutCount, 1)
    }
}

/// `gate release reset` is signed like an approval by an owner of the policy that judged the release.
final class ReleaseResetTests: XCTestCase {
    private var keys: TemporaryDirectory?

    override func setUpWithError() throws { keys = try TemporaryDirectory(prefix: "gate-reset-keys") }
    // XCTest keeps every test case object until the run ends: the keys' directory goes when the test does.
    override func tearDown() { keys = nil }

    private func makeKey(_ name: String) throws -> (path: String, line: String) {
        let directory = try XCTUnwrap(keys)
        let path = directory.path + "/" + name
        let made = try runProcess("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (path, line)
    }

    /// A release that has spent its budget of 1, judged by a policy whose owner is Olivia (Dan is in database).
    private func spentRelease() throws -> (DeployFixture, olivia: String, dan: String) {
        let olivia = try makeKey("olivia")
        let dan = try makeKey("dan")
        let policy = DeployFixture.policy.replacingOccurrences(of: "release-attempts: 3", with: "release-attempts: 1") + """
            reviewers:
              - id: olivia@example.com
                keys: ["\(olivia.line)"]
                groups: [owners]
              - id: dan@example.com
                keys: ["\(dan.line)"]
                groups: [database]

            """
        let fixture = try DeployFixture(policy: policy)
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        try fixture.setScratch("fail", "1")
        XCTAssertEqual(try fixture.deploy().status, 3)
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 1, refused.stderr)
        try fixture.setScratch("fail", nil)
        return (fixture, olivia.path, dan.path)
    }

    private func reset(_ fixture: DeployFixture, _ extra: [String]) throws -> ProcessResult {
        try fixture.gate(["release", "reset", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                          fixture.database.url, "--reason", "rollout script fixed"] + extra)
    }

    func testAnOwnersSignedResetCountsAndIsRecorded() throws {
        let (fixture, olivia, _) = try spentRelease()
        let result = try reset(fixture, ["--as", "olivia@example.com", "--key", olivia])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT reset_by || ': ' || reason FROM gate.budget_resets"), "olivia@example.com: rollout script fixed")
        XCTAssertEqual(try fixture.deploy().status, 0)
    }

    func testAClaimedIdentityANonOwnerOrAnotherPolicyCannotReset() throws {
        let (fixture, olivia, dan) = try spentRelease()
        // Claiming to be Olivia without her key.
        let claimed = try reset(fixture, ["--as", "olivia@example.com", "--key", dan])
        XCTAssertEqual(claimed.status, 1, claimed.stdout + claimed.stderr)
        XCTAssertTrue(claimed.stderr.contains("not signed by olivia@example.com"), claimed.stderr)
        // Dan signs as himself, but he is not in owners.
        let notOwner = try reset(fixture, ["--as", "dan@example.com", "--key", dan])
        XCTAssertEqual(notOwner.status, 1, notOwner.stdout + notOwner.stderr)
        XCTAssertTrue(notOwner.stderr.contains("dan@example.com is not in owners"), notOwner.stderr)
        // A policy of the caller's choosing (one that makes Dan an owner) is refused outright.
        try "version: 1\n".write(toFile: fixture.scratch.path + "/mine.yml", atomically: true, encoding: .utf8)
        let ownPolicy = try reset(fixture, ["--as", "dan@example.com", "--key", dan, "--policy", fixture.scratch.path + "/mine.yml"])
        XCTAssertEqual(ownPolicy.status, 2, ownPolicy.stdout + ownPolicy.stderr)
        // $GATE_USER and $USER are no longer believed.
        var environment = fixture.environment
        environment["GATE_USER"] = "olivia@example.com"
        let unsigned = try runProcess(gateExecutablePath(), ["release", "reset", "--repo", fixture.repo.path, "--env", "staging",
                                                             "--database-url", fixture.database.url, "--reason", "x"],
                                      in: fixture.repo.path, environment: environment)
        XCTAssertNotEqual(unsigned.status, 0, unsigned.stdout + unsigned.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.budget_resets"), "0")
        XCTAssertEqual(try reset(fixture, ["--as", "olivia@example.com", "--key", olivia]).status, 0)
    }

    func testAPolicyWithNoOwnersLetsNobodyReset() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "release-attempts: 3", with: "release-attempts: 1"))
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        try fixture.setScratch("fail", "1")
        XCTAssertEqual(try fixture.deploy().status, 3)
        let key = try makeKey("anyone")
        let result = try reset(fixture, ["--as", "anyone@example.com", "--key", key.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("names no reviewer in owners"), result.stderr)
    }
}

extension DeployFixture {
    /// Waits until a statement starting with `prefix` runs in the target database (a migration mid-way).
    func waitForActiveStatement(startingWith prefix: String) throws -> Bool {
        let admin = try connect()
        return try waitUntil {
            try admin.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND starts_with(query, \(prefix))"
            ).first?.int(0) == 1
        }
    }
}
