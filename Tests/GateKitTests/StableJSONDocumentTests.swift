import Foundation
import GateDeploy
import GatePolicy
import GateRules
import GateTestSupport
import XCTest

@testable import GateCore
@testable import GateKit

/// Renders with the fast writer (not allowed to fall back) and with Foundation's `JSONEncoder`, and asserts the bytes
/// are the same.
func assertStableJSONWritersAgree(
    _ label: String, file: StaticString = #filePath, line: UInt = #line, _ render: () throws -> String
) throws {
    let reference = try StableJSON.$writer.withValue(.foundation) { try render() }
    let fast: String
    do {
        fast = try StableJSON.$writer.withValue(.prettyOnly) { try render() }
    } catch {
        return XCTFail("\(label): the fast writer did not write it: \(error)", file: file, line: line)
    }
    XCTAssertFalse(reference.isEmpty, label, file: file, line: line)
    XCTAssertEqual(Array(fast.utf8), Array(reference.utf8), "\(label):\n\(fast)\n---\n\(reference)", file: file, line: line)
}

/// Every document gate writes with `--format json`, made by the code that makes it, from both writers (the reports of
/// real checks are compared in `FixtureSuiteTests`).
final class StableJSONDocumentTests: XCTestCase {
    func testReportsOfTheRendererFixtures() throws {
        for (name, report) in [("block", RenderFixtures.report), ("needs approval", RenderFixtures.needsApproval),
                               ("pass", RenderFixtures.pass)] {
            try assertStableJSONWritersAgree("report \(name)") { try JSONReportRenderer.render(report) }
            try assertStableJSONWritersAgree("approvals verify \(name)") { try ApprovalsRenderer.verifyJSON(report) }
        }
    }

    func testRulesListing() throws {
        try assertStableJSONWritersAgree("every rule") { try RuleCatalogue.json(DetectorRegistry.all) }
        try assertStableJSONWritersAgree("no rule") { try RuleCatalogue.json([]) }
        try assertStableJSONWritersAgree("one rule") { try RuleCatalogue.json(Array(DetectorRegistry.all.prefix(1))) }
    }

    func testApprovalListings() throws {
        let listings = [
            ApprovalListing(
                id: String(repeating: "a", count: 64), reviewer: "alice@example.com", fingerprint: "sha256:01",
                fingerprints: ["owners": "sha256:02", "cost": "sha256:03", "équipe/db": "sha256:04"],
                created: "2026-11-01T10:00:00Z", expires: "2026-12-01T10:00:00Z", reason: "ship it \"now\"\nplease",
                location: "refs/gate/approvals", problem: nil),
            ApprovalListing(
                id: String(repeating: "b", count: 64), reviewer: "mallory@example.com", fingerprint: "sha256:05",
                fingerprints: nil, created: "2026-11-02T10:00:00Z", expires: "2026-11-03T10:00:00Z", reason: nil,
                location: "postgres://gate@db/approvals", problem: "expired on 2026-11-03\tand unsigned"),
        ]
        try assertStableJSONWritersAgree("listings") { try ApprovalsRenderer.json(listings) }
        try assertStableJSONWritersAgree("no listings") { try ApprovalsRenderer.json([]) }
    }

    func testDeployDocuments() throws {
        let plan = try JSONDecoder().decode(DeployPlan.self, from: Data(Self.planJSON.utf8))
        try assertStableJSONWritersAgree("plan") { try DeployRenderer.json(plan) }
        let status = try JSONDecoder().decode(DeployStatus.self, from: Data(Self.statusJSON.utf8))
        try assertStableJSONWritersAgree("status") { try DeployRenderer.json(status) }
        var empty = status
        empty.environments = []
        empty.applied = []
        try assertStableJSONWritersAgree("empty status") { try DeployRenderer.json(empty) }
    }

    func testPolicyExplanationsAndValidations() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try assertStableJSONWritersAgree("builtin policy") { try PolicyExplainer.json(PolicyLoader.builtin, source: "builtin") }
        for name in ["default.yml", "strict.yml", "startup.yml"] {
            let path = root.appendingPathComponent("policies/\(name)").path
            let policy = try PolicyLoader.load(contentsOf: path)
            try assertStableJSONWritersAgree("policy \(name)") { try PolicyExplainer.json(policy, source: "file:\(path)") }
            try assertStableJSONWritersAgree("validation of \(name)") { try PolicyValidation(contentsOf: path, today: "2026-11-29").json() }
        }
        let directory = try TemporaryDirectory()
        let bad = directory.url("bad.yml")
        try Data("version: 1\nflavour: x\napprovals: { max-age: forever }\npaths: { ignore: ['src/[a'] }\n".utf8).write(to: bad)
        try assertStableJSONWritersAgree("validation with mistakes") { try PolicyValidation(contentsOf: bad.path, today: "2026-11-29").json() }
        try assertStableJSONWritersAgree("validation of a missing file") {
            try PolicyValidation(contentsOf: directory.url("missing.yml").path, today: "2026-11-29").json()
        }
    }

    private static let planJSON = #"""
    {
      "schema": "gate.plan/v1", "environment": "production", "migrationsDirectory": "prisma/migrations", "layout": "prisma",
      "skipped": ["prisma/migrations/migration_lock.toml: not a migration"], "verifyFailures": [], "unplaced": ["db/x.sql"],
      "base": null, "head": "2222222222222222222222222222222222222222", "alreadyDeployed": false, "decision": "needs-approval",
      "reasons": ["1 approval from database: missing"], "requires": ["staging"], "missingRequirements": [],
      "lockHolder": {"backendPID": 4242, "pid": null, "host": "ci-runner-7", "since": "2026-11-29 21:00:00+00", "head": null},
      "drift": [],
      "pending": [{"path": "prisma/migrations/20261101_add/migration.sql", "version": "20261101_add", "phase": "pre",
                   "checksum": "sha256:aa", "verifyStatements": 1, "outsideTransaction": true, "ownTransaction": false,
                   "statements": [{"line": 1, "effect": "expand", "hazards": ["index-without-concurrently"],
                                   "checks": ["index \"i\" exists"], "outsideTransaction": true},
                                  {"line": 4, "effect": "data", "hazards": [], "checks": [], "outsideTransaction": false}]}],
      "attemptsUsed": 0, "attemptsAllowed": 3, "steps": ["lock production", "apply 1 migration — pre phase"],
      "wouldProceed": false,
      "configurationErrors": ["no rollout command for staging: gate deploy applies the migrations, then runs the release's rollout."]
    }
    """#

    private static let statusJSON = #"""
    {
      "schema": "gate.status/v1",
      "environments": [{"environment": "production", "interrupted": true, "attemptsUsed": 1, "attemptsAllowed": 3,
                        "lastRelease": {"id": 7, "environment": "production", "head": "22", "base": null, "status": "running",
                                        "createdAt": "2026-11-29 20:00:00+00", "finishedAt": null},
                        "lastSucceeded": null, "lockHolder": null}],
      "applied": [{"name": "001_init.sql", "version": "001", "checksum": "sha256:bb", "phase": "pre", "appliedBy": "gate",
                   "environment": "production", "releaseID": 6, "appliedAt": "2026-11-28 10:00:00+00",
                   "verified": true}],
      "pending": ["002_more.sql", "003_seed.sql"], "drift": ["checksum of 001_init.sql changed"],
      "unrunnable": ["db/migrations/003_seed.sql:4: psql meta-command \\set is not SQL"]
    }
    """#
}
