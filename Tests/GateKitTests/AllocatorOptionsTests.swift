import Foundation
import GateTestSupport
import XCTest

/// gate asks mimalloc for huge pages before any library starts (Sources/CAllocatorOptions), unless the environment
/// names the option itself. mimalloc's verbose start-up lists every option as it took it.
final class AllocatorOptionsTests: XCTestCase {
    private func largePagesOption(with extra: [String: String]) throws -> String? {
        var environment = ProcessInfo.processInfo.environment
        environment["MIMALLOC_LARGE_OS_PAGES"] = nil
        environment["MIMALLOC_VERBOSE"] = "1"
        environment.merge(extra) { _, new in new }
        let run = try runProcess(gateExecutablePath(), ["--version"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stderr.split(separator: "\n").first { $0.contains("option 'large_os_pages'") }.map(String.init)
    }

    func testHugePagesAreOnFromTheStart() throws {
        XCTAssertEqual(try largePagesOption(with: [:]), "mimalloc: option 'large_os_pages': 1")
    }

    func testTheEnvironmentStillDecides() throws {
        XCTAssertEqual(try largePagesOption(with: ["MIMALLOC_LARGE_OS_PAGES": "0"]), "mimalloc: option 'large_os_pages': 0")
    }
}
