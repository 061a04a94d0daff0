import GateCore
import XCTest

@testable import GateKit

/// The report lists findings by path, line, rule, column and id; `inReportOrder` sorts their positions rather than
/// the findings, and must give exactly the order sorting the findings themselves gives, ties included.
final class ReportOrderTests: XCTestCase {
    func testSortingPositionsGivesTheOrderOfSortingFindings() {
        var findings: [Finding] = []
        var generator = SystemRandomNumberGenerator()
        for number in 0..<500 {
            var finding = Finding(
                rule: ["paid-call-reach", "secret", "paid-external-call"][Int.random(in: 0..<3, using: &generator)],
                category: .paidExternalCall,
                path: ["app/b.ts", "app/a.ts", "lib/é.ts", "lib/e\u{301}.ts", "app/a.ts"][Int.random(in: 0..<5, using: &generator)],
                line: Int.random(in: 1...6, using: &generator),
                column: [nil, 0, 3, 7][Int.random(in: 0..<4, using: &generator)],
                message: "finding \(number)")
            finding.id = ["", "0a", "0b"][Int.random(in: 0..<3, using: &generator)]
            findings.append(finding)
        }
        let expected = findings.sorted(by: CheckRunner.reportOrder)
        let sorted = CheckRunner.inReportOrder(findings)
        XCTAssertEqual(sorted.map(\.message), expected.map(\.message))
        XCTAssertEqual(sorted, expected)
        // Ties on every compared field keep their order: the messages tell identical-looking findings apart.
        let tied = (0..<20).map { Finding(rule: "r", category: .secret, path: "p", line: 1, message: "\($0)") }
        XCTAssertEqual(CheckRunner.inReportOrder(tied).map(\.message), tied.map(\.message))
        XCTAssertEqual(CheckRunner.inReportOrder([]), [])
    }
}
