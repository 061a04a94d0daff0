import XCTest
@testable import GateSQL

/// Placeholder so the target builds; replaced by the module's real tests.
final class GateSQLPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
