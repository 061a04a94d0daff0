import GateCore
import GateKit
import GateTestSupport
import XCTest

extension XCTestCase {
    /// Runs `gate check` on a built fixture and asserts its expected findings (category, path, line) and decision;
    /// `label` names the fixture in failures. The report, for further checks; nil when the check failed.
    @discardableResult
    func assertFixtureReport(
        _ fixture: ChangeFixture, built: (repository: GitFixture, base: String, head: String), label: String
    ) -> Report? {
        let report: Report
        do {
            report = try CheckRunner().run(CheckRequest(
                repositoryPath: built.repository.path, base: built.base, head: built.head, environment: [:]))
        } catch {
            XCTFail("\(label): gate check failed: \(error)")
            return nil
        }
        let actual = Set(report.findings.map {
            ChangeFixture.Expected(category: $0.category.rawValue, path: $0.path, line: $0.line)
        })
        XCTAssertEqual(
            actual.sorted(), fixture.expected.sorted(),
            "\(label): missing \(fixture.expected.subtracting(actual).sorted()), unexpected \(actual.subtracting(fixture.expected).sorted())")
        XCTAssertEqual(report.decision.rawValue, fixture.decision, "\(label): decision")
        return report
    }
}
