import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// The end-to-end fixture suite: each fixture becomes a real git repository (base commit, head commit), and
/// `gate check`'s pipeline must report exactly the expected findings (category, path, line) and decision, and its
/// JSON report must be the same bytes from the fast writer as from Foundation's `JSONEncoder`.
final class FixtureSuiteTests: XCTestCase {
    static let fixturesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    func testEveryFixtureYieldsItsFindingsAndDecision() throws {
        let fixtures = try ChangeFixture.all(in: Self.fixturesDirectory)
        XCTAssertGreaterThanOrEqual(fixtures.count, 40)
        for fixture in fixtures {
            let built = try fixture.build()
            let report: Report
            do {
                report = try CheckRunner().run(CheckRequest(
                    repositoryPath: built.repository.path, base: built.base, head: built.head, environment: [:]))
            } catch {
                XCTFail("\(fixture.name): gate check failed: \(error)")
                continue
            }
            let actual = Set(report.findings.map {
                ChangeFixture.Expected(category: $0.category.rawValue, path: $0.path, line: $0.line)
            })
            XCTAssertEqual(
                actual.sorted(), fixture.expected.sorted(),
                "\(fixture.name): missing \(fixture.expected.subtracting(actual).sorted()), unexpected \(actual.subtracting(fixture.expected).sorted())")
            XCTAssertEqual(report.decision.rawValue, fixture.decision, "\(fixture.name): decision")
            try assertStableJSONWritersAgree("\(fixture.name): JSON report") { try JSONReportRenderer.render(report) }
        }
    }
}
