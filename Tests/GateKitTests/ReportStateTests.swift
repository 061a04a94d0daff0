import Foundation
import GateCore
import XCTest

@testable import GateKit

/// Reports name findings by the state they are in and offer an approve command only where approvals help.
final class ReportStateTests: XCTestCase {
    /// The needs-approval fixture once the owners' sign-off arrived: the gate passes.
    private var signedOff: Report {
        var report = RenderFixtures.needsApproval
        report.decision = .pass
        report.requirements = report.requirements.map {
            var requirement = $0
            requirement.satisfied = true
            requirement.satisfiedBy = requirement.satisfiedBy.isEmpty ? ["bob@example.com"] : requirement.satisfiedBy
            return requirement
        }
        return report
    }

    func testAPassAfterApprovalListsItsFindingsAsSignedOff() {
        let text = TextReportRenderer(color: false).render(signedOff)
        XCTAssertTrue(text.hasPrefix("gate: PASS — the gate is open\n"), text)
        // The fixture's allowed block is signed off like any other sign-off, its allowance still shown.
        XCTAssertTrue(text.contains("\nSigned off (3):\n"), text)
        XCTAssertTrue(text.contains("allowed inline at line 11"), text)
        XCTAssertFalse(text.contains("Needs sign-off"), text)
        XCTAssertFalse(text.contains("approve with:"), text)
        let markdown = MarkdownReportRenderer().render(signedOff)
        XCTAssertTrue(markdown.contains("| Signed off | high | <code>policy-change</code>"), markdown)
        XCTAssertFalse(markdown.contains("| Needs sign-off |"), markdown)
    }

    func testABlockedChangeOffersNoApproveCommand() {
        let report = RenderFixtures.report
        XCTAssertEqual(report.decision, .block)
        XCTAssertNil(ReportText.approveCommand(for: report))
        let text = TextReportRenderer(color: false).render(report)
        XCTAssertFalse(text.contains("approve with:"), text)
        XCTAssertTrue(text.contains("next: approvals cannot clear a block"), text)
        let markdown = MarkdownReportRenderer().render(report)
        XCTAssertFalse(markdown.contains("gate approve"), markdown)
        XCTAssertTrue(markdown.contains("approvals cannot clear a block"), markdown)
        // While only sign-off is missing, the command is there.
        XCTAssertNotNil(ReportText.approveCommand(for: RenderFixtures.needsApproval))
    }

    func testSARIFRulesCarryASecuritySeverityByTier() throws {
        let sarif = try SARIFReportRenderer(toolVersion: "0.1.0").render(RenderFixtures.report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try XCTUnwrap((object["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        var severities: [String: String] = [:]
        for rule in rules {
            let properties = try XCTUnwrap(rule["properties"] as? [String: Any])
            XCTAssertTrue((properties["tags"] as? [String])?.contains("security") == true, "\(rule)")
            if let id = rule["id"] as? String { severities[id] = properties["security-severity"] as? String }
        }
        XCTAssertEqual(severities["secret"], "9.5")
        XCTAssertEqual(severities["policy-change"], "7.5")
        XCTAssertEqual(severities.count, rules.count, "every rule has a severity")
    }
}
