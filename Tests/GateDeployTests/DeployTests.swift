import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// `gate deploy` end to end: the built binary, a real git repository and a real Postgres (SPEC §5).
final class DeployTests: XCTestCase {
    func testRolloutSeesTheNewColumnAndGetsTheReleaseVariables() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.migration("0002_summary.sql", "ALTER TABLE reports ADD COLUMN summary text;\n")
        let head = try fixture.commit()
        try fixture.setScratch("probe", "SELECT count(summary) FROM reports")
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(fixture.scratchFile("probes"), "0\n", "the rollout could not read reports.summary")
        let line = try XCTUnwrap(fixture.scratchFile("rollouts")).trimmingCharacters(in: .newlines)
        let parts = line.split(separator: " ").map(String.init)
        XCTAssertEqual(parts.count, 4, line)
        XCTAssertEqual(parts.first, "staging")
        XCTAssertEqual(parts.last, head)
        XCTAssertEqual(parts[2], fixture.root)
        XCTAssertTrue(result.stdout.contains("rollout done"), "rollout output is streamed: \(result.stdout)")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "2")
        XCTAssertEqual(try fixture.scalar("SELECT status FROM gate.releases"), "succeeded")

        // Deploying the same head again does nothing: no rollout, no migration.
        let again = try fixture.deploy()
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("already runs"), again.stdout)
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testDeterministicFailureStopsBeforeRolloutAndIsNotRetried() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_ok.sql", "CREATE TABLE effects (name text);\n")
        try fixture.migration("0002_broken.sql", "INSERT INTO effects VALUES ('m2');\nINSERT INTO no_such_table VALUES (1);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("42P01"), result.stderr)
        XCTAssertTrue(result.stderr.contains("0002_broken.sql:2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("next: db/migrations/0002_broken.sql did not commit, so it is not recorded"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the release resumes with this migration"), result.stderr)
        XCTAssertFalse(result.stdout.contains("transient"), "a deterministic error must not be retried: \(result.stdout)")
        XCTAssertEqual(fixture.rolloutCount, 0, "nothing after the failed step may run")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "0", "the failed migration rolled back whole")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(name, ',') FROM gate.applied_migrations"), "0001_ok.sql")
        XCTAssertEqual(try fixture.scalar("SELECT tries || ' ' || status FROM gate.steps WHERE name = 'expand'"), "1 failed")
        XCTAssertEqual(try fixture.scalar("SELECT failed_step FROM gate.attempts"), "expand")
    }

    func testLockHeldByAnotherSessionIsRetriedAndSucceedsOnceReleased() throws {
        let fixture = try DeployFixture()
        let holder = try fixture.addColumnWhileLocked("ACCESS EXCLUSIVE")
        let process = try fixture.start(fixture.deployArguments(), label: "deploy")
        XCTAssertTrue(fixture.waitUntil { fixture.output("deploy").contains("55P03") }, fixture.output("deploy"))
        try holder.query("ROLLBACK")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, fixture.output("deploy"))
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT tries > 1 FROM gate.steps WHERE name = 'expand' AND status = 'succeeded' ORDER BY id DESC LIMIT 1"), "t")
    }

    func testRolloutFailureThenRerunDoesNotReapplyMigrations() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\nINSERT INTO effects VALUES ('m1');\n")
        try fixture.migration("0002_more.sql", "INSERT INTO effects VALUES ('m2');\n")
        try fixture.commit()
        try fixture.setScratch("fail", "1")
        let failed = try fixture.deploy()
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("rollout"), failed.stderr)
        try fixture.setScratch("fail", nil)
        let rerun = try fixture.deploy()
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(name, ',' ORDER BY name) FROM effects"), "m1,m2")
        XCTAssertEqual(fixture.rolloutCount, 2)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.attempts"), "2")
        XCTAssertEqual(try fixture.scalar("SELECT count(DISTINCT release_id) FROM gate.attempts"), "1", "the re-run resumes the same release")
    }

    func testKillDuringMigrationLeavesLedgerConsistentAndLockFree() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\n")
        try fixture.migration("0002_slow.sql", "INSERT INTO effects VALUES ('m2');\nSELECT pg_sleep(2);\n")
        try fixture.commit()
        let process = try fixture.start(fixture.deployArguments(), label: "killed")
        let sleeping = try fixture.waitUntil {
            try fixture.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'") == "1"
        }
        XCTAssertTrue(sleeping, fixture.output("killed"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(try fixture.waitUntil(10) { try !fixture.advisoryLockHeld() }, "the lock outlived the killed gate")
        XCTAssertTrue(try fixture.waitUntil(10) {
            try fixture.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%'") == "0"
        })
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "0")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(name, ',') FROM gate.applied_migrations"), "0001_effects.sql")
        XCTAssertEqual(try fixture.scalar("SELECT status FROM gate.attempts"), "running")

        let rerun = try fixture.deploy()
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(status, ',' ORDER BY id) FROM gate.attempts"), "abandoned,succeeded")
    }

    func testKillDuringRolloutThenRerunFinishesWithoutReapplying() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\nINSERT INTO effects VALUES ('m1');\n")
        try fixture.commit()
        let process = try fixture.startDeployWithLingeringRollout(seconds: 30, label: "killed")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // The orphaned rollout still runs: it must not keep gate's database session (and so the lock) alive.
        XCTAssertTrue(try fixture.waitUntil(10) { try !fixture.advisoryLockHeld() }, "the lock outlived the killed gate")
        if let pid = fixture.scratchFile("rollout.pid").flatMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) {
            // The rollout leads its own process group; end it with its `sleep` so nothing outlives the test.
            kill(-pid, SIGKILL)
        }
        try fixture.setScratch("linger", nil)
        let rerun = try fixture.deploy()
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "1", "the migration was applied twice")
        XCTAssertEqual(fixture.rolloutCount, 2, "an unfinished rollout is run again")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(status, ',' ORDER BY id) FROM gate.attempts"), "abandoned,succeeded")
    }

    func testTwoConcurrentDeploysOfOneEnvironmentExactlyOneProceeds() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\nINSERT INTO effects VALUES ('m1');\n")
        try fixture.commit()
        try fixture.setScratch("linger", "2")
        let first = try fixture.start(fixture.deployArguments(), label: "first")
        let second = try fixture.start(fixture.deployArguments(), label: "second")
        first.waitUntilExit()
        second.waitUntilExit()
        let statuses = [first.terminationStatus, second.terminationStatus].sorted()
        XCTAssertEqual(statuses, [0, 1], fixture.output("first") + fixture.output("second"))
        let refused = first.terminationStatus == 1 ? fixture.output("first") : fixture.output("second")
        XCTAssertTrue(refused.contains("holds the lock") && refused.contains("pid"), refused)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "1")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testChangedAppliedMigrationIsDriftAndRefused() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id bigint);\n")
        try fixture.migration("0002_u.sql", "CREATE TABLE u (id int);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("0001_t.sql changed after it was applied"), result.stderr)
        XCTAssertTrue(result.stderr.contains("restore the file as it was applied"), "drift says what to do: \(result.stderr)")
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('u') IS NULL"), "t", "nothing may run after drift")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testContractMigrationRunsAfterRolloutNotBefore() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int, legacy text);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_add.sql", "ALTER TABLE t ADD COLUMN modern text;\n")
        try fixture.migration("0003_drop.sql", "-- gate:phase post\nALTER TABLE t DROP COLUMN legacy;\n")
        try fixture.commit()
        try fixture.setScratch("probe", "SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 't'")
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(fixture.scratchFile("probes"), "id,legacy,modern\n", "the rollout must see the old column still there")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'legacy'"), "0")
        XCTAssertEqual(try fixture.scalar("SELECT phase FROM gate.applied_migrations WHERE name = '0003_drop.sql'"), "post")
    }

    func testAFailedContractMigrationSaysTheReleaseStaysRolledOut() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int, legacy text);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_drop.sql", "-- gate:phase post\nALTER TABLE t DROP COLUMN no_such_column;\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertEqual(fixture.rolloutCount, 2, "the contract step runs after the rollout")
        XCTAssertTrue(result.stderr.contains("0002_drop.sql:2"), result.stderr)
        XCTAssertTrue(result.stderr.contains("the release stays rolled out"), result.stderr)
        XCTAssertFalse(result.stderr.contains("nothing was rolled out"), result.stderr)
    }

    func testFalseVerifyBlockStopsBeforeRollout() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n-- gate:verify\nSELECT count(*) = 5 FROM t;\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("verify"), result.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
    }

    func testCreateIndexConcurrentlyRunsOutsideTransactionAndIsValid() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int, c int);\nINSERT INTO t VALUES (1, 1), (2, 1);\n")
        try fixture.migration("0002_idx.sql", "CREATE UNIQUE INDEX CONCURRENTLY t_c_key ON t (c);\n")
        try fixture.commit()
        let failed = try fixture.deploy()
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("23505"), failed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_c_key'::regclass"), "f",
                       "a failed concurrent build leaves an INVALID index behind")
        // The data is fixed by hand; the re-run must drop the debris and build the index again.
        try fixture.connect().execute("UPDATE t SET c = 2 WHERE id = 2")
        let rerun = try fixture.deploy()
        XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
        XCTAssertTrue(rerun.stdout.contains("INVALID index t_c_key"), rerun.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_c_key'::regclass"), "t")
    }

    func testSpentBudgetRefusesUntilResetWithWhoAndWhy() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "release-attempts: 3", with: "release-attempts: 2"))
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        try fixture.setScratch("fail", "1")
        XCTAssertEqual(try fixture.deploy().status, 3)
        XCTAssertEqual(try fixture.deploy().status, 3)
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("2 of its 2 attempts"), refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 2, "a refused attempt runs nothing")
        // A claimed name is not enough: resets are signed by an owner (ReleaseResetTests), and this policy has none.
        let reset = try fixture.gate(["release", "reset", "--repo", fixture.repo.path, "--env", "staging",
                                      "--database-url", fixture.database.url, "--reason", "rollout script fixed", "--as", "ops@example.com"])
        XCTAssertEqual(reset.status, 1, reset.stdout + reset.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.budget_resets"), "0")
        try fixture.setScratch("fail", nil)
        XCTAssertEqual(try fixture.deploy().status, 1, "the budget is still spent")
    }

    func testProductionIsRefusedUntilStagingReleasedTheSameHead() throws {
        let fixture = try DeployFixture()
        let production = try ScratchDatabase()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        let ledger = ["--ledger-url", fixture.database.url]
        let early = try fixture.deploy("production", url: production.url, extra: ledger)
        XCTAssertEqual(early.status, 1, early.stdout + early.stderr)
        XCTAssertTrue(early.stderr.contains("requires staging"), early.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('t') IS NULL", url: production.url), "t")
        XCTAssertEqual(try fixture.deploy("staging").status, 0)
        let later = try fixture.deploy("production", url: production.url, extra: ledger)
        XCTAssertEqual(later.status, 0, later.stdout + later.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations", url: production.url), "1")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(environment, ',' ORDER BY id) FROM gate.releases"), "staging,production")
    }

    func testPlanIsReadOnlyAndStatusShowsTheLedger() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("0002_drop.sql", "-- gate:phase post\nALTER TABLE t DROP COLUMN id;\n")
        try fixture.commit()
        let plan = try fixture.plan(["--base", fixture.root, "--format", "json"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(plan.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["decision"] as? String, "pass")
        let pending = try XCTUnwrap(json["pending"] as? [[String: Any]])
        XCTAssertEqual(pending.map { $0["phase"] as? String }, ["pre", "post"])
        let statements = try XCTUnwrap(pending.first?["statements"] as? [[String: Any]])
        XCTAssertFalse((statements.first?["checks"] as? [String] ?? []).isEmpty, "generated checks are shown")
        XCTAssertEqual(json["wouldProceed"] as? Bool, true)
        XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t", "plan must not write")

        XCTAssertEqual(try fixture.deploy().status, 0)
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                       fixture.database.url, "--format", "json"])
        XCTAssertEqual(status.status, 0, status.stderr)
        let ledger = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let environments = try XCTUnwrap(ledger["environments"] as? [[String: Any]])
        XCTAssertEqual(environments.compactMap { $0["environment"] as? String }, ["production", "staging"],
                       "every environment of the policy is listed")
        let staging = try XCTUnwrap(environments.first { $0["environment"] as? String == "staging" })
        let last = try XCTUnwrap(staging["lastRelease"] as? [String: Any])
        XCTAssertEqual(last["status"] as? String, "succeeded")
        XCTAssertEqual((ledger["applied"] as? [Any])?.count, 2)
        XCTAssertEqual((ledger["pending"] as? [Any])?.count, 0)
    }
}

/// Failure modes beyond the brief's list: a killed database session, a hung rollout, a framework migrator.
final class DeployFailureTests: XCTestCase {
    func testTerminatedSessionIsTransientAndRetriedOnANewConnection() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\n")
        try fixture.migration("0002_slow.sql", "INSERT INTO effects VALUES ('m2');\nSELECT pg_sleep(1);\n")
        try fixture.commit()
        let process = try fixture.start(fixture.deployArguments(), label: "deploy")
        let admin = try fixture.connect()
        XCTAssertTrue(try fixture.waitUntil {
            try admin.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'").first?.int(0) == 1
        }, fixture.output("deploy"))
        // 57P01 (admin shutdown) for the session running the migration: transient, so retried on a new session.
        try admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, fixture.output("deploy"))
        XCTAssertTrue(fixture.output("deploy").contains("transient error"), fixture.output("deploy"))
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "1")
    }

    func testRolloutPastItsTimeoutFailsTheStep() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "timeout: 2m", with: "timeout: 1s"))
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        try fixture.setScratch("linger", "20")
        let started = Date()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("timed out after 1s"), result.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 15)
    }

    func testAVerifyBlockThatWritesLeavesNothingBehind() throws {
        // A verify statement that writes (here a data-modifying CTE; in real projects a function called to test it)
        // checks the migration and must not commit with it, in a transaction or outside one (CONCURRENTLY).
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", """
            CREATE TABLE t (id int);
            -- gate:verify
            WITH written AS (INSERT INTO t VALUES (1) RETURNING id) SELECT count(*) = 1 FROM written;
            SELECT count(*) = 1 FROM t;

            """)
        try fixture.migration("0002_index.sql", """
            CREATE INDEX CONCURRENTLY t_id ON t (id);
            -- gate:verify
            WITH written AS (INSERT INTO t VALUES (2) RETURNING id) SELECT count(*) = 1 FROM written;

            """)
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM t"), "0", "the verify blocks' rows were rolled back")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "2")
    }

    func testMigrateCommandRunsInsteadAndGateVerifiesAndRecords() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n-- gate:verify\nSELECT count(*) = 0 FROM t;\n")
        try fixture.script("scripts/migrate.sh", "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -q -f db/migrations/0001_t.sql\n")
        try fixture.commit()
        let result = try fixture.deploy(extra: ["--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT applied_by FROM gate.applied_migrations WHERE name = '0001_t.sql'"), "migrate-cmd")
        XCTAssertTrue(result.stdout.contains("check(s) passed"), result.stdout)
    }

    func testNoDatabaseURLIsAUsageError() throws {
        let fixture = try DeployFixture()
        var environment = fixture.environment
        environment["DATABASE_URL"] = nil
        let result = try runProcess(gateExecutablePath(), ["deploy", "--repo", fixture.repo.path, "--env", "staging", "--", "true"],
                                    in: fixture.repo.path, environment: environment)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("DATABASE_URL"), result.stderr)
    }

    func testLockWaitPollsUntilTheOtherDeployFinishes() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_effects.sql", "CREATE TABLE effects (name text);\nINSERT INTO effects VALUES ('m1');\n")
        try fixture.commit()
        let first = try fixture.startDeployWithLingeringRollout(seconds: 2, label: "first")
        let second = try fixture.start(fixture.deployArguments(extra: ["--lock-wait", "30s"]), label: "second")
        first.waitUntilExit()
        second.waitUntilExit()
        XCTAssertEqual(first.terminationStatus, 0, fixture.output("first"))
        XCTAssertEqual(second.terminationStatus, 0, fixture.output("second"))
        XCTAssertTrue(fixture.output("second").contains("already runs"), fixture.output("second"))
        XCTAssertEqual(fixture.rolloutCount, 1)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM effects"), "1")
    }

    func testConnectionFailureNeverShowsThePassword() throws {
        let fixture = try DeployFixture()
        try fixture.commit()
        let result = try fixture.gate(["deploy", "--repo", fixture.repo.path, "--env", "staging", "--base", fixture.root,
                                       "--database-url", "postgresql://deployer:s3cretPassw0rd@127.0.0.1:1/app?connect_timeout=2",
                                       "--", "true"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertFalse((result.stdout + result.stderr).contains("s3cretPassw0rd"), result.stderr)
        XCTAssertTrue(result.stderr.contains("deployer:***@127.0.0.1"), result.stderr)
    }
}
