import XCTest
@testable import GatePostgres

/// Placeholder so the target builds; replaced by the module's real tests.
final class GatePostgresPlaceholderTests: XCTestCase {
    func testModuleLinks() { XCTAssertTrue(true) }
}
