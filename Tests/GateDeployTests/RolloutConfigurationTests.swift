import Foundation
import GateTestSupport
import XCTest

/// A deploy with no rollout command, or one that is not there, is misconfigured (exit 2): found before the lock it
/// changes nothing; found once the attempt is open it closes the release and spends none of its budget (SPEC §5).
final class RolloutConfigurationTests: XCTestCase {
    func testNoRolloutCommandStopsBeforeTheLockAndRecordsNothing() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()

        let plan = try fixture.plan(["--base", fixture.root], rollout: [])
        XCTAssertEqual(plan.status, 2, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("rollout: no command configured: gate deploy stops before the lock (exit 2)"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("gate deploy would stop before the lock, changing nothing (exit 2)"), plan.stdout)
        // Said once, in the plan itself; exit 2 without repeating it on stderr.
        XCTAssertTrue(plan.stdout.contains("configuration error: no rollout command for staging"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("deploy.rollout.command"), plan.stdout)
        XCTAssertFalse(plan.stderr.contains("no rollout command"), plan.stderr)
        let json = try fixture.plan(["--base", fixture.root, "--format", "json"], rollout: [])
        XCTAssertEqual(json.status, 2, json.stderr)
        XCTAssertTrue(json.stdout.contains("\"configurationErrors\" : [\n    \"no rollout command for staging"), json.stdout)
        XCTAssertEqual(try fixture.plan(["--base", fixture.root]).status, 0, "with the command given after --, the plan proceeds")

        let result = try fixture.gate(fixture.deployArguments(rollout: []))
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("no rollout command for staging"), result.stderr)
        XCTAssertFalse(result.stdout.contains("[3/"), "the lock was taken: \(result.stdout)")
        // Not even gate's own schema: a refusal before the lock writes nothing.
        XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t")
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('public.reports') IS NULL"), "t", "a migration ran")
        XCTAssertFalse(try fixture.advisoryLockHeld())

        // Run three more times: no budget is spent, and the deploy with a command then runs attempt 1.
        for _ in 0..<3 { XCTAssertEqual(try fixture.gate(fixture.deployArguments(rollout: [])).status, 2) }
        let deployed = try fixture.deploy()
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("attempt 1 of 3"), deployed.stdout)
    }

    func testARolloutThatIsNotThereClosesTheReleaseWithoutSpendingAnAttempt() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()
        for _ in 0..<4 {
            let missing = try fixture.gate(fixture.deployArguments(rollout: ["./scripts/no-such-rollout.sh"]))
            XCTAssertEqual(missing.status, 2, missing.stdout + missing.stderr)
            XCTAssertTrue(missing.stderr.contains("no-such-rollout.sh"), missing.stderr)
        }
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(DISTINCT status, ',') FROM gate.releases"), "failed",
                       "the release is closed, not left running")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(DISTINCT status, ',') FROM gate.attempts"), "misconfigured")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(DISTINCT failed_step, ',') FROM gate.attempts"), "rollout")
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertFalse(status.stdout.contains("interrupted"), status.stdout)
        XCTAssertTrue(status.stdout.contains("attempts: 0 of 3 used"), status.stdout)

        // Four misconfigured runs spent nothing of the three attempts; the migration stays applied once.
        let deployed = try fixture.deploy()
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("attempt 1 of 3"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT count(DISTINCT release_id) FROM gate.attempts"), "1")
    }
}
