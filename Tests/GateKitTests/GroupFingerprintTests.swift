import Foundation
import GateApprovals
import GateCore
import GateGit
import GateKit
import GateTestSupport
import XCTest

/// Issue #16 point 5: an approval binds to the fingerprint of what its group reviews, so editing the cost
/// findings leaves the database approval standing, and a new schema finding voids the database approval only.
/// Real repositories, the real detectors, real SSH-signed approvals.
final class GroupFingerprintTests: XCTestCase {
    static let table = "CREATE TABLE reports (id bigint PRIMARY KEY, body text, title text);\n"
    static let index = "SET lock_timeout = '2s';\nCREATE INDEX reports_body ON reports (body);\n"

    /// The approval scenario (alice: cost and owners, bob: database) with a migration next to the paid call.
    private func scenario() throws -> ApprovalScenario {
        let repo = try GitFixture()
        try repo.write("db/migrations/0001_init.sql", Self.table)
        let scenario = try ApprovalScenario(repo: repo)
        try repo.write("db/migrations/0002_index.sql", Self.index)
        try repo.commit("index the body")
        return scenario
    }

    private func approveBoth(_ scenario: ApprovalScenario) throws {
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        try scenario.approve(as: "bob@example.com", key: scenario.bobPrivateKey)
    }

    private func requirement(_ report: Report, _ group: String) -> Requirement? {
        report.requirements.first { $0.group == group }
    }

    func testEachGroupHasItsOwnFingerprintAndBothApprovalsOpenTheGate() throws {
        let scenario = try scenario()
        let before = try scenario.check()
        XCTAssertEqual(before.decision, .needsApproval)
        XCTAssertEqual(before.requirements.map(\.group), ["cost", "database"])
        let fingerprints = try XCTUnwrap(before.fingerprints)
        XCTAssertEqual(fingerprints.keys.sorted(), ["cost", "database"])
        XCTAssertNotEqual(fingerprints["cost"], fingerprints["database"])
        XCTAssertTrue(fingerprints.values.allSatisfy { $0.hasPrefix("sha256:") && $0.count == 71 }, "\(fingerprints)")

        // The JSON report and the text report both carry them.
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(JSONReportRenderer.render(before).utf8)) as? [String: Any])
        XCTAssertEqual(json["fingerprints"] as? [String: String], fingerprints)
        let text = TextReportRenderer(color: false).render(before)
        XCTAssertTrue(text.contains("  cost: \(fingerprints["cost"] ?? "?")\n"), text)
        XCTAssertTrue(text.contains("  database: \(fingerprints["database"] ?? "?")\n"), text)

        // Alice's approval carries her groups' fingerprints only; it opens cost, not database.
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let halfway = try scenario.check()
        XCTAssertEqual(halfway.decision, .needsApproval)
        XCTAssertEqual(requirement(halfway, "cost")?.satisfied, true)
        XCTAssertEqual(requirement(halfway, "database")?.satisfied, false)
        XCTAssertEqual(halfway.approvals.first?.groups, ["cost"])
        try scenario.approve(as: "bob@example.com", key: scenario.bobPrivateKey)
        XCTAssertEqual(try scenario.check().decision, .pass)

        // What is stored is signed: the approval names exactly the group fingerprints it binds to.
        let store = GitApprovalStore(repository: try Repository(discoveringFrom: scenario.repo.path))
        let signed = try store.records().compactMap { try? $0.decodeApproval() }
        XCTAssertEqual(Set(signed.map { $0.fingerprints ?? [:] }),
                       [["cost": fingerprints["cost"] ?? ""], ["database": fingerprints["database"] ?? ""]])
    }

    func testEditingTheCostFindingsLineKeepsTheDatabaseApprovalAndVoidsTheCostOne() throws {
        let scenario = try scenario()
        let approved = try XCTUnwrap(try scenario.check().fingerprints)
        try approveBoth(scenario)
        XCTAssertEqual(try scenario.check().decision, .pass)

        try scenario.repo.write(
            "app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "gpt-4o-mini") + "\n")
        try scenario.repo.commit("a cheaper model")
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.fingerprints?["database"], approved["database"])
        XCTAssertNotEqual(report.fingerprints?["cost"], approved["cost"])
        XCTAssertEqual(requirement(report, "database")?.satisfiedBy, ["bob@example.com"])
        XCTAssertEqual(requirement(report, "cost")?.satisfied, false)
        let alice = try XCTUnwrap(report.approvals.first { $0.reviewer == "alice@example.com" })
        XCTAssertFalse(alice.counted)
        XCTAssertTrue(alice.reason?.contains("approves a different version of the findings it signed for cost") == true,
                      alice.reason ?? "")
        XCTAssertEqual(report.approvals.first { $0.reviewer == "bob@example.com" }?.counted, true)

        // Alice signs the new cost findings; bob's approval still stands, so the gate opens.
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        XCTAssertEqual(try scenario.check().decision, .pass)
    }

    func testANewSchemaFindingVoidsTheDatabaseApprovalAndKeepsTheCostOne() throws {
        let scenario = try scenario()
        let approved = try XCTUnwrap(try scenario.check().fingerprints)
        try approveBoth(scenario)

        try scenario.repo.write(
            "db/migrations/0003_title.sql", "SET lock_timeout = '2s';\nCREATE INDEX reports_title ON reports (title);\n")
        try scenario.repo.commit("index the title too")
        let report = try scenario.check()
        XCTAssertTrue(report.findings.contains { $0.path == "db/migrations/0003_title.sql" && $0.category == .schemaChange },
                      "\(report.findings.map { "\($0.rule) \($0.path)" })")
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.fingerprints?["cost"], approved["cost"])
        XCTAssertNotEqual(report.fingerprints?["database"], approved["database"])
        XCTAssertEqual(requirement(report, "cost")?.satisfiedBy, ["alice@example.com"])
        XCTAssertEqual(requirement(report, "database")?.satisfied, false)
        let bob = try XCTUnwrap(report.approvals.first { $0.reviewer == "bob@example.com" })
        XCTAssertFalse(bob.counted)
        XCTAssertTrue(bob.reason?.contains("database") == true, bob.reason ?? "")
    }

    func testAnUnrelatedEditElsewhereKeepsBothGroupFingerprints() throws {
        let scenario = try scenario()
        let approved = try XCTUnwrap(try scenario.check().fingerprints)
        try scenario.repo.write("app/other.py", "def helper():\n    return 1\n")
        try scenario.repo.write("README.md", "service\n\nnow with summaries\n")
        try scenario.repo.commit("docs and a helper")
        XCTAssertEqual(try scenario.check().fingerprints, approved)
    }

    /// An approval made before per-group fingerprints (whole-change fingerprint only) still counts while the whole
    /// change is exactly as approved, and stops counting as soon as any group's findings change.
    func testAWholeChangeApprovalCountsOnlyWhileTheWholeChangeIsUnchanged() throws {
        let scenario = try scenario()
        let report = try scenario.check()
        let root = try scenario.repo.git("rev-list", "--max-parents=0", "HEAD")
        let legacy = try SignedRecord.sign(
            Approval(fingerprint: report.fingerprint, reviewer: "bob@example.com", groups: ["database"], reason: nil,
                     created: Date(), expires: Date().addingTimeInterval(3600),
                     base: report.range.base, head: report.range.head, repository: root, target: "main"),
            kind: .approval, with: SSHSigner(keyPath: scenario.bobPrivateKey))
        let store = GitApprovalStore(repository: try Repository(discoveringFrom: scenario.repo.path))
        try store.add(legacy, reviewer: "bob@example.com", fingerprint: report.fingerprint)
        XCTAssertEqual(requirement(try scenario.check(), "database")?.satisfied, true)

        // Only the cost findings change, yet the legacy approval signed the whole change, so it no longer counts.
        try scenario.repo.write(
            "app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "gpt-4o-mini") + "\n")
        try scenario.repo.commit("a cheaper model")
        let after = try scenario.check()
        XCTAssertEqual(requirement(after, "database")?.satisfied, false)
        XCTAssertTrue(after.approvals.first?.reason?.contains("approves a different change") == true,
                      after.approvals.first?.reason ?? "")
    }
}
