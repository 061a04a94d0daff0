import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// Fixtures run again with every line ended by a lone carriage return (classic Mac OS line ends, which Python and
/// JavaScript accept): the same findings on the same lines, the same decision. git, the diff's hunks and the lexer
/// end lines at line feeds only, so such a file was once one line: every finding on line 1, a FastAPI decorator no
/// longer above its function (an open route read as guarded, or no route at all).
final class LoneCarriageReturnFixtureTests: XCTestCase {
    static let fixtureNames = [
        "17-fastapi-open-endpoint", "18-fastapi-depends-auth", "01-express-openai-endpoint-open", "25-jobs-dir-nightly-digest",
    ]

    func testFixturesReadTheSameWithLoneCarriageReturns() throws {
        let fixtures = try ChangeFixture.all(in: FixtureSuiteTests.fixturesDirectory).filter { Self.fixtureNames.contains($0.name) }
        XCTAssertEqual(Set(fixtures.map(\.name)), Set(Self.fixtureNames))
        for fixture in fixtures {
            assertFixtureReport(fixture, built: try fixture.withLineEnds("\r").build(), label: "\(fixture.name) (lone CR)")
        }
    }
}
