import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// A deploy refused for its configuration touches nothing (SPEC §5: found before the lock, exit 2, nothing applied or
/// recorded), not even gate's own schema; plan and status say why a deploy would stop, and name a misspelt `--env`.
final class DeployRefusalTests: XCTestCase {
    func testARefusedDeployLeavesAnEmptyDatabaseWithoutGatesSchema() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("reports/migrations/__init__.py", "")
        try fixture.repo.write("reports/migrations/0001_initial.py", """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                initial = True
                operations = [migrations.CreateModel(name="Report", fields=[("id", models.BigAutoField(primary_key=True))])]

            """)
        try fixture.commit()
        let refusals: [(arguments: [String], says: String)] = [
            // The policy's directory is empty while migrations live elsewhere.
            (fixture.deployArguments(), "no migration files in db/migrations"),
            (fixture.deployArguments(extra: ["--migrations", "reports/migrations", "--migrate-cmd", "./m.sh"], rollout: []),
             "no rollout command for staging"),
            (fixture.deployArguments(extra: ["--migrations", "reports/migrations"]), "--migrate-cmd \"python manage.py migrate\""),
            (fixture.deployArguments("prod"), "unknown environment \"prod\""),
        ]
        for refusal in refusals {
            let result = try fixture.gate(refusal.arguments)
            XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
            XCTAssertTrue(result.stderr.contains(refusal.says), result.stderr)
            XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t", "schema gate created by: \(refusal.arguments)")
        }
        XCTAssertFalse(try fixture.advisoryLockHeld())
    }

    func testARefusedDeployLeavesAnOlderLedgerAtItsVersion() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        // The ledger as gate's version-3 schema left it: the attempt statuses before `misconfigured`.
        try fixture.connect().unsafeExecuteScript("""
            ALTER TABLE gate.attempts DROP CONSTRAINT attempts_status_check;
            ALTER TABLE gate.attempts ADD CONSTRAINT attempts_status_check
                CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned'));
            UPDATE gate.schema_version SET version = 3;
            """)
        try fixture.migration("0002_summary.sql", "ALTER TABLE reports ADD COLUMN summary text;\n")
        try fixture.commit()

        for arguments in [fixture.deployArguments(rollout: []), fixture.deployArguments("prod")] {
            let refused = try fixture.gate(arguments)
            XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
            XCTAssertEqual(try fixture.scalar("SELECT version FROM gate.schema_version"), "3", "upgraded by: \(arguments)")
        }
        // Plan and status read the older ledger as they find it.
        XCTAssertEqual(try fixture.plan().status, 0)
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT version FROM gate.schema_version"), "3")

        // The deploy that writes upgrades it, under the lock, and goes on.
        let deployed = try fixture.deploy()
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT version FROM gate.schema_version"), "4")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "2")
    }

    func testAnEnvironmentThePolicyDoesNotDefineIsNamedByEveryCommand() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()
        let database = ["--repo", fixture.repo.path, "--env", "prod", "--database-url", fixture.database.url]
        let commands: [[String]] = [
            ["deploy"] + database + ["--", "./scripts/rollout.sh"],
            ["plan"] + database + ["--", "./scripts/rollout.sh"],
            ["status"] + database,
            ["release", "reset"] + database + ["--reason", "typo"],
        ]
        for command in commands {
            let result = try fixture.gate(command)
            XCTAssertEqual(result.status, 2, "\(command[0]): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("unknown environment \"prod\"; the policy defines: production, staging; did you mean --env production?"),
                          "\(command[0]): \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("gate baseline"), "\(command[0]): \(result.stderr)")
        }
        // Once the ledger has a schema, the same: a ledger without releases of prod does not make it known.
        XCTAssertEqual(try fixture.deploy().status, 0)
        for command in commands {
            let result = try fixture.gate(command)
            XCTAssertEqual(result.status, 2, "\(command[0]): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("unknown environment \"prod\""), "\(command[0]): \(result.stderr)")
        }
        let near = try fixture.gate(["plan", "--repo", fixture.repo.path, "--env", "stagin", "--database-url", fixture.database.url])
        XCTAssertTrue(near.stderr.contains("did you mean --env staging?"), near.stderr)
    }

    func testThePlanSaysWhichMigrationsRunOutsideATransaction() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, c text);\n")
        try fixture.migration("0002_idx.sql", "CREATE INDEX CONCURRENTLY t_c_idx ON t (c);\n")
        try fixture.commit()
        let plan = try fixture.plan(["--base", fixture.root])
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("each verified, in a transaction unless marked: 0001_t.sql, "
            + "0002_idx.sql (statement by statement, outside a transaction)"), plan.stdout)
    }

    func testThePlanOfASpentBudgetSaysWhyAndHowToReset() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()
        try fixture.setScratch("fail", "")
        for _ in 0..<3 { XCTAssertEqual(try fixture.deploy().status, 3) }

        let plan = try fixture.plan(["--base", fixture.root])
        XCTAssertEqual(plan.status, 1, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("attempt: 3 of 3 used"), plan.stdout)
        XCTAssertFalse(plan.stdout.contains("4 of 3"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("gate deploy would refuse: release 1 (staging "), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("has used 3 of its 3 attempts"), plan.stdout)
        let json = try fixture.plan(["--base", fixture.root, "--format", "json"])
        XCTAssertEqual(json.status, 1, json.stderr)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let reasons = decoded?["reasons"] as? [String] ?? []
        XCTAssertEqual(reasons.count, 1, json.stdout)
        XCTAssertTrue(reasons.first?.contains("gate release reset --env staging") == true, json.stdout)

        // The deploy refuses with the same words.
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains(reasons.first ?? "?"), refused.stderr)
    }

    func testALockTimeoutSetByTheMigrationIsTheOneNamed() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "transient: 4", with: "transient: 0"))
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_c.sql", "SET lock_timeout = '200ms';\nALTER TABLE t ADD COLUMN c int;\n")
        try fixture.commit()
        let holder = try fixture.connect()
        try holder.query("BEGIN")
        try holder.unsafeExecuteScript("LOCK TABLE t IN ACCESS SHARE MODE")
        let result = try fixture.deploy()
        try holder.query("ROLLBACK")
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("(lock_timeout 200ms, set by db/migrations/0002_c.sql:1)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("raise the SET lock_timeout in db/migrations/0002_c.sql"), result.stderr)
        XCTAssertFalse(result.stderr.contains("raise deploy.lock-timeout"), result.stderr)
    }

    func testRepeatedAndMissingCommandsAreToldOnce() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()

        // The plan shows a missing rollout command once, in its output, and exits 2 without repeating it on stderr.
        let plan = try fixture.plan(["--base", fixture.root], rollout: [])
        XCTAssertEqual(plan.status, 2)
        XCTAssertEqual(plan.stdout.components(separatedBy: "no rollout command for staging").count, 2, plan.stdout)
        XCTAssertFalse(plan.stderr.contains("no rollout command"), plan.stderr)

        // A rollout program that is not there is named by its normalised path, with what to do.
        let missing = try fixture.gate(fixture.deployArguments(rollout: ["./scripts/../scripts/nope.sh"]))
        XCTAssertEqual(missing.status, 2, missing.stdout + missing.stderr)
        let realRoot = URL(fileURLWithPath: fixture.repo.path).standardizedFileURL.path
        XCTAssertTrue(missing.stderr.contains("\(realRoot)/scripts/nope.sh does not exist"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("/./") || missing.stderr.contains("//"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("next: commit it"), missing.stderr)

        XCTAssertEqual(try fixture.deploy().status, 0)
        let again = try fixture.deploy()
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertEqual((again.stdout + again.stderr).components(separatedBy: "nothing to do").count, 2, again.stdout + again.stderr)
    }
}
