import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// Promises of SPEC §5 that no other test drives end to end: each runs the built binary on a real repository and a
/// real Postgres and checks the exit code and what the ledger holds.
final class DeployPromisesTests: XCTestCase {
    func testARolloutThatSucceededIsNotRunAgainWhenALaterStepFails() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE legacy (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_drop.sql", "-- gate:phase post\nDROP TABLE legacy;\n")
        try fixture.commit()
        // A view made by hand depends on the table: the contract migration fails after the rollout succeeded.
        try fixture.connect().unsafeExecuteScript("CREATE VIEW legacy_view AS SELECT * FROM legacy")
        let failed = try fixture.deploy()
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("2BP01"), failed.stderr)
        XCTAssertEqual(fixture.rolloutCount, 2)
        try fixture.connect().unsafeExecuteScript("DROP VIEW legacy_view")
        let resumed = try fixture.deploy()
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        XCTAssertEqual(fixture.rolloutCount, 2, "the rollout ran again though an earlier attempt of the release finished it")
        XCTAssertTrue(resumed.stdout.contains("already rolled out by an earlier attempt"), resumed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('legacy') IS NULL"), "t")
    }

    func testTheTransientRetryBudgetRunsOutAndTheStepFails() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "transient: 4", with: "transient: 2"))
        let holder = try fixture.addColumnWhileLocked("ACCESS EXCLUSIVE")
        let result = try fixture.deploy()
        try holder.query("ROLLBACK")
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("retry 2/2"), result.stdout)
        XCTAssertFalse(result.stdout.contains("retry 3/"), result.stdout)
        XCTAssertTrue(result.stderr.contains("55P03"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT tries || ' ' || status FROM gate.steps WHERE name = 'expand' ORDER BY id DESC LIMIT 1"), "3 failed")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "0")
    }

    func testTheLockRefusalNamesPidHostAndSince() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        let first = try fixture.startDeployWithLingeringRollout(seconds: 5, label: "first")
        let second = try fixture.deploy()
        first.waitUntilExit()
        XCTAssertEqual(second.status, 1, second.stdout + second.stderr)
        let host = ProcessInfo.processInfo.hostName
        XCTAssertTrue(second.stderr.contains("holds the lock: pid \(first.processIdentifier) on \(host) since 20"), second.stderr)
        XCTAssertEqual(first.terminationStatus, 0, fixture.output("first"))
    }

    func testAMissingAppliedMigrationIsDriftAndRefused() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("0002_u.sql", "CREATE TABLE u (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.repo.remove("db/migrations/0001_t.sql")
        try fixture.migration("0003_v.sql", "CREATE TABLE v (id int);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("0001_t.sql was applied") && result.stderr.contains("missing at head"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('v') IS NULL"), "t", "nothing may run after drift")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    /// Renamed under its version after it was applied: refused as missing, in one problem naming the file it became
    /// (not also "out of order" for it), by the deploy and by the plan alike.
    func testAnAppliedMigrationRenamedIsDriftNamingItsNewName() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("0002_u.sql", "CREATE TABLE u (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.repo.git("mv", "db/migrations/0001_t.sql", "db/migrations/0001_create_t.sql")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains(
            "0001_t.sql was applied (") && result.stderr.contains(
            "but is missing at head, and db/migrations/0001_create_t.sql has its version: renamed after it was applied?"),
            result.stderr)
        XCTAssertFalse(result.stderr.contains("out of order"), result.stderr)
        XCTAssertTrue(result.stderr.contains("a file deleted or renamed after it ran must come back under the name it ran as"),
                      result.stderr)
        let plan = try fixture.plan()
        XCTAssertTrue(plan.stdout.contains("drift: 0001_t.sql was applied") && plan.stdout.contains("0001_create_t.sql has its version"),
                      plan.stdout + plan.stderr)
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testAnOutOfOrderMigrationIsDriftAndRefused() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("0003_v.sql", "CREATE TABLE v (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_u.sql", "CREATE TABLE u (id int);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("0002_u.sql") && result.stderr.contains("out of order"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('u') IS NULL"), "t")
    }

    func testPlanStatusAndDeployExitCodes() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        let target = ["--repo", fixture.repo.path, "--database-url", fixture.database.url, "--base", fixture.root]
        XCTAssertEqual(try fixture.gate(["plan", "--env", "staging"] + target + ["--", "./scripts/rollout.sh"]).status, 0)
        // An environment the policy does not define is bad input, for every command.
        for command in ["plan", "deploy"] {
            let unknown = try fixture.gate([command, "--env", "nowhere"] + target + (command == "deploy" ? ["--", "true"] : []))
            XCTAssertEqual(unknown.status, 2, "\(command): \(unknown.stdout + unknown.stderr)")
            XCTAssertTrue(unknown.stderr.contains("unknown environment \"nowhere\""), "\(command): \(unknown.stderr)")
        }
        // A closed gate: production requires staging first, so plan says it would not proceed.
        let refused = try fixture.gate(["plan", "--env", "production"] + target + ["--", "./scripts/rollout.sh"])
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        // A blocked change (a live key) closes plan too. The key is fixed, not drawn per run: this one, 64 hex
        // digits with `444444` in them, once passed here as a placeholder (see SecretValue.isPlaceholder).
        let body = "B8ADEE70914F4A1AA027ED5C0A765CA5" + "9D4DE012BF444444A64303F791F83208"
        try fixture.repo.write("config/settings.py", "OPENAI_API_KEY = \"sk-proj-\(body)\"\n")
        try fixture.commit()
        let blocked = try fixture.gate(["plan", "--env", "staging"] + target + ["--", "./scripts/rollout.sh"])
        XCTAssertEqual(blocked.status, 1, blocked.stdout + blocked.stderr)
        // status: an unreachable database and an unreadable repository are exit 2, never a pass.
        let unreachable = try fixture.gate(["status", "--env", "staging", "--repo", fixture.repo.path, "--database-url",
                                            "postgresql://gate:pw@127.0.0.1:1/none?connect_timeout=2"])
        XCTAssertEqual(unreachable.status, 2, unreachable.stdout + unreachable.stderr)
        XCTAssertFalse(unreachable.stderr.contains(":pw@"), unreachable.stderr)
        let notARepo = try TemporaryDirectory(prefix: "gate-not-a-repo")
        let norepo = try fixture.gate(["status", "--env", "staging", "--repo", notARepo.path, "--database-url", fixture.database.url])
        XCTAssertEqual(norepo.status, 2, norepo.stdout + norepo.stderr)
        XCTAssertEqual(try fixture.gate(["status", "--env", "staging"] + target).status, 0)
    }
}
