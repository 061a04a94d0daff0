import Foundation
import XCTest

@testable import GateKit

/// What a check hands to `BackgroundRelease` is freed, and not on the thread that handed it over.
final class BackgroundReleaseTests: XCTestCase {
    /// Reports the thread its deinit runs on.
    private final class Tracked: @unchecked Sendable {
        let freed: XCTestExpectation
        let freedOnCaller: UnsafeMutablePointer<Bool>
        let caller: pthread_t

        init(freed: XCTestExpectation, freedOnCaller: UnsafeMutablePointer<Bool>) {
            self.freed = freed
            self.freedOnCaller = freedOnCaller
            caller = pthread_self()
        }

        deinit {
            freedOnCaller.pointee = pthread_equal(pthread_self(), caller) != 0
            freed.fulfill()
        }
    }

    func testFreesWhatItIsGivenOnAnotherThread() {
        let freedOnCaller = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
        defer { freedOnCaller.deallocate() }
        freedOnCaller.initialize(repeating: true, count: 2)
        let first = expectation(description: "the first value is freed")
        let second = expectation(description: "the value inside an array is freed")
        // The queue is held until the scope that made the values has ended, so the references handed over are the
        // last ones when the queue runs, as a check's are once `analyse` returns.
        let queue = DispatchQueue(label: "background-release-test")
        queue.suspend()
        do {
            let object = Tracked(freed: first, freedOnCaller: freedOnCaller)
            let nested = [Tracked(freed: second, freedOnCaller: freedOnCaller + 1)]
            BackgroundRelease.release([object, nested], on: queue)
        }
        queue.resume()
        wait(for: [first, second], timeout: 10)
        XCTAssertFalse(freedOnCaller[0], "the value was freed on the thread that handed it over")
        XCTAssertFalse(freedOnCaller[1], "the array's element was freed on the thread that handed it over")
    }
}
