import XCTest
@testable import GateGit

/// Placeholder so the target builds; replaced by the module's real tests.
final class GateGitPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
