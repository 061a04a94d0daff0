import Foundation
import GateKit
import XCTest

/// What the command line leaves to the process exit (`ProcessLifetime`).
final class ProcessLifetimeTests: XCTestCase {
    private final class Tracked {}

    func testAKeptValueOutlivesItsLastOtherReference() {
        weak var kept: Tracked?
        weak var freed: Tracked?
        do {
            let first = Tracked(), second = Tracked()
            kept = first
            freed = second
            ProcessLifetime.keepUntilExit(first)
        }
        XCTAssertNotNil(kept, "a kept value was freed")
        XCTAssertNil(freed, "the test's own reference kept the other value alive: it proves nothing")
    }
}
