import Foundation
import GateTestSupport
import XCTest

/// A first release needs a base (SPEC §5 step 1): a baseline, or `--base` (the empty tree for a new environment on an
/// empty database, judged whole by the built-in default or an explicit `--policy`).
final class FirstReleaseTests: XCTestCase {
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    private func firstDeploy(_ fixture: DeployFixture, extra: [String]) throws -> ProcessResult {
        try fixture.gate(
            ["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url]
                + extra + ["--", "./scripts/rollout.sh"])
    }

    /// A policy file outside the repository, explicitly trusted for the run: it also lets its own addition (a
    /// policy-change) pass.
    private func trustedPolicyFile(_ fixture: DeployFixture) throws -> String {
        let policyFile = fixture.scratch.path + "/policy.yml"
        try DeployFixture.policy
            .replacingOccurrences(of: "rules:\n", with: "rules:\n  policy-change: { tier: low, action: pass }\n")
            .write(toFile: policyFile, atomically: true, encoding: .utf8)
        return policyFile
    }

    func testWithNeitherBaselineNorBaseTheDeployStopsAndNamesBothWays() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.commit()
        let refused = try firstDeploy(fixture, extra: [])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("gate baseline --env staging"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--base \(Self.emptyTree)"), refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('reports') IS NULL"), "t")
        let plan = try fixture.plan()
        XCTAssertEqual(plan.status, 2, "plan refuses the same way: \(plan.stdout)\(plan.stderr)")
    }

    func testTheEmptyTreeIsJudgedWholeByTheBuiltInPolicy() throws {
        let fixture = try DeployFixture()
        // Seed data takes the migration off the expand-only fast track, so it needs a database sign-off.
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\nINSERT INTO reports VALUES (1);\n")
        try fixture.commit()
        // The repository's own policy would let schema changes pass, but it is part of what is judged:
        // the built-in default needs a database sign-off for the migration.
        let refused = try firstDeploy(fixture, extra: ["--base", Self.emptyTree])
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue((refused.stdout + refused.stderr).contains("database"), refused.stdout + refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
    }

    func testWithAnExplicitPolicyTheEmptyTreeDeploysEverything() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        let head = try fixture.commit()
        let policyFile = try trustedPolicyFile(fixture)
        let result = try firstDeploy(fixture, extra: ["--base", Self.emptyTree, "--policy", policyFile])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "1")
        let line = try XCTUnwrap(fixture.scratchFile("rollouts")).trimmingCharacters(in: .newlines)
        XCTAssertEqual(line.split(separator: " ").map(String.init).last, head)
    }
    /// A first release that failed half way resumes from the base its deploy was given: the re-run needs no `--base`
    /// again, and what the first run applied is not applied again.
    func testAFailedFirstReleaseResumesFromItsBaseWithoutBeingToldAgain() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "CREATE TABLE reports (id bigint PRIMARY KEY);\n")
        try fixture.migration("0002_shares.sql", "ALTER TABLE report_shares ADD COLUMN note text;\n")
        try fixture.commit()
        let policyFile = try trustedPolicyFile(fixture)
        let failed = try firstDeploy(fixture, extra: ["--base", Self.emptyTree, "--policy", policyFile])
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "1")
        // The migration is fixed in a new commit; the re-run names no base.
        try fixture.migration("0002_shares.sql", "CREATE TABLE report_shares (id bigint PRIMARY KEY, note text);\n")
        try fixture.commit()
        let plan = try fixture.plan(["--policy", policyFile])
        XCTAssertEqual(plan.status, 0, "plan resumes the same way: \(plan.stdout)\(plan.stderr)")
        let resumed = try firstDeploy(fixture, extra: ["--policy", policyFile])
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        XCTAssertTrue((resumed.stdout + resumed.stderr).contains("resuming from the base release"), resumed.stdout + resumed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations"), "2")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE name LIKE '%0001_reports.sql'"), "1")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }
}
