import Foundation
import GateTestSupport
import XCTest

/// A first release with no `--base` is judged against the empty tree (SPEC §5 step 1): everything at head is new,
/// and with no base commit to trust, only the built-in default or an explicit `--policy` file judges it.
final class FirstReleaseTests: XCTestCase {
    private func firstDeploy(_ fixture: DeployFixture, extra: [String]) throws -> ProcessResult {
        try fixture.gate(
            ["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url]
                + extra + ["--", "./scripts/rollout.sh"])
    }

    func testWithoutBaseTheWholeHeadIsJudgedByTheBuiltInPolicy() throws {
        let fixture = try DeployFixture()
        // Seed data takes the migration off the expand-only fast track, so it needs a database sign-off.
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\nINSERT INTO reports VALUES (1);\n")
        try fixture.commit()
        // The repository's own policy would let schema changes pass, but it is part of what is judged:
        // the built-in default needs a database sign-off for the migration.
        let refused = try firstDeploy(fixture, extra: [])
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("database"), refused.stdout + refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
    }

    func testWithAnExplicitPolicyTheFirstReleaseDeploysEverything() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        let head = try fixture.commit()
        let policyFile = fixture.scratch.path + "/policy.yml"
        // Explicitly trusted for this run: the policy also lets its own addition (a policy-change) pass.
        try DeployFixture.policy
            .replacingOccurrences(of: "rules:\n", with: "rules:\n  policy-change: { tier: low, action: pass }\n")
            .write(toFile: policyFile, atomically: true, encoding: .utf8)
        let result = try firstDeploy(fixture, extra: ["--policy", policyFile])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "1")
        let line = try XCTUnwrap(fixture.scratchFile("rollouts")).trimmingCharacters(in: .newlines)
        XCTAssertEqual(line.split(separator: " ").map(String.init).last, head)
    }
}
