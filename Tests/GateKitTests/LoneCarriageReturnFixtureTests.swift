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

    private func classicMac(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r") }

    private func classicMac(_ fixture: ChangeFixture) -> ChangeFixture {
        var copy = fixture
        copy.baseFiles = fixture.baseFiles.map { ($0.path, classicMac($0.content)) }
        copy.edits = fixture.edits.map { edit in
            if case .write(let path, let content) = edit { return .write(path: path, content: classicMac(content)) }
            return edit
        }
        return copy
    }

    func testFixturesReadTheSameWithLoneCarriageReturns() throws {
        let fixtures = try ChangeFixture.all(in: FixtureSuiteTests.fixturesDirectory).filter { Self.fixtureNames.contains($0.name) }
        XCTAssertEqual(Set(fixtures.map(\.name)), Set(Self.fixtureNames))
        for fixture in fixtures {
            assertFixtureReport(fixture, built: try classicMac(fixture).build(), label: "\(fixture.name) (lone CR)")
        }
    }
}
