import Foundation
import GateTestSupport
import XCTest

/// The ledger's last released head is not in the repository (history rewritten since, a shallow clone): deploy and
/// plan say which release that is, why, and what to do (exit 2), `--base` stands in for it when given, and status
/// still shows the ledger. And a first deploy's refusal says the base's policy applies when the head's already names
/// the migrations directory.
final class MissingReleaseHeadTests: XCTestCase {
    private func deployWithoutBase(_ fixture: DeployFixture, repo: String? = nil) throws -> ProcessResult {
        try fixture.gate(["deploy", "--repo", repo ?? fixture.repo.path, "--env", "staging", "--database-url",
                          fixture.database.url, "--", "./scripts/rollout.sh"])
    }

    func testRewrittenHistoryIsNamedAndBaseStandsIn() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_links.sql", "CREATE TABLE links (id bigint PRIMARY KEY, url text NOT NULL);\n")
        try fixture.commit("links")
        let first = try fixture.deploy()
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        let released = try fixture.repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        // The released commit is amended away and pruned, as a force-pushed branch's old commits are on a fresh clone.
        _ = try fixture.repo.git("commit", "-q", "--amend", "-m", "links, reworded")
        _ = try fixture.repo.git("reflog", "expire", "--expire=now", "--all")
        _ = try fixture.repo.git("gc", "-q", "--prune=now")
        try fixture.migration("0002_title.sql", "ALTER TABLE links ADD COLUMN title text;\n")
        try fixture.commit("title")

        let refused = try deployWithoutBase(fixture)
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains(
            "staging's last release recorded in the ledger (release 1, head \(released)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("history was likely rewritten since"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("git fetch origin \(released)"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass --base"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("unknown revision"), refused.stderr)

        let plan = try fixture.plan()
        XCTAssertEqual(plan.status, 2, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stderr.contains("is not a commit of this repository"), plan.stderr)

        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains("notice: staging's last release recorded in the ledger"), status.stdout)
        XCTAssertTrue(status.stdout.contains("last release 1: \(released.prefix(12)) succeeded"), status.stdout)
        XCTAssertTrue(status.stdout.contains("pending migrations: db/migrations/0002_title.sql"), status.stdout)
        let json = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                     fixture.database.url, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertTrue(json.stderr.contains("gate: notice: staging's last release"), json.stderr)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])

        // --base names what the database runs: judged from there; drift still checks the applied migration.
        let based = try fixture.deploy()
        XCTAssertEqual(based.status, 0, based.stdout + based.stderr)
        XCTAssertTrue((based.stdout + based.stderr).contains("is not in this repository; judging from --base \(fixture.root.prefix(12)) as asked"),
                      based.stdout + based.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'links' AND column_name = 'title'"), "1")
    }

    func testShallowCloneIsNamed() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_links.sql", "CREATE TABLE links (id bigint PRIMARY KEY);\n")
        try fixture.commit("links")
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_title.sql", "ALTER TABLE links ADD COLUMN title text;\n")
        try fixture.commit("title")
        let clone = try TemporaryDirectory(prefix: "gate-shallow")
        _ = try fixture.repo.git("clone", "-q", "--depth", "1", "file://" + fixture.repo.path, clone.path + "/app")
        let refused = try deployWithoutBase(fixture, repo: clone.path + "/app")
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("this is a shallow clone"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("git fetch --unshallow"), refused.stderr)
    }

    /// A first deploy (base = the empty tree) reads the built-in policy: the head's `deploy.migrations` is not read
    /// yet, and the refusal says so instead of advising to set what is set.
    func testFirstDeployNamesTheBasePolicyWhenHeadSetsTheDirectory() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(
            of: "migrations: db/migrations", with: "migrations: db/migrate"))
        try fixture.repo.write("Gemfile", "source \"https://rubygems.org\"\ngem \"rails\", \"~> 7.1\"\n")
        try fixture.repo.write("db/migrate/20240101000000_create_users.rb", """
            class CreateUsers < ActiveRecord::Migration[7.1]
              def change
                create_table :users do |t|
                  t.string :email, null: false
                end
              end
            end

            """)
        try fixture.commit("users")
        let refused = try fixture.gate(["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                        fixture.database.url, "--base", "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
                                        "--", "./scripts/rollout.sh"])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass --migrations db/migrate --migrate-cmd \"bin/rails db:migrate\""), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("The policy at head already sets deploy.migrations: db/migrate"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the built-in default reads db/migrations"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("or set deploy.migrations"), refused.stderr)
    }
}
