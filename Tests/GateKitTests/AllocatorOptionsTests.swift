import Foundation
import GateTestSupport
import XCTest

/// gate asks mimalloc for huge pages, and to keep freed memory for 5 s, before any library starts
/// (Sources/CAllocatorOptions), unless the environment names the option itself. mimalloc's verbose start-up lists
/// every option as it took it.
final class AllocatorOptionsTests: XCTestCase {
    private func option(_ name: String, environment extra: [String: String] = [:]) throws -> String? {
        var environment = ProcessInfo.processInfo.environment
        for variable in ["MIMALLOC_LARGE_OS_PAGES", "MIMALLOC_DECOMMIT_DELAY", "MIMALLOC_RESET_DELAY"] {
            environment[variable] = nil
        }
        environment["MIMALLOC_VERBOSE"] = "1"
        environment.merge(extra) { _, new in new }
        let run = try runProcess(gateExecutablePath(), ["--version"], environment: environment)
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stderr.split(separator: "\n").first { $0.contains("option '\(name)'") }.map(String.init)
    }

    func testHugePagesAreOnFromTheStart() throws {
        XCTAssertEqual(try option("large_os_pages"), "mimalloc: option 'large_os_pages': 1")
    }

    func testFreedMemoryIsKeptForTheWholeCheck() throws {
        XCTAssertEqual(try option("decommit_delay"), "mimalloc: option 'decommit_delay': 5000")
    }

    func testTheEnvironmentStillDecides() throws {
        XCTAssertEqual(
            try option("large_os_pages", environment: ["MIMALLOC_LARGE_OS_PAGES": "0"]), "mimalloc: option 'large_os_pages': 0")
        XCTAssertEqual(
            try option("decommit_delay", environment: ["MIMALLOC_DECOMMIT_DELAY": "25"]), "mimalloc: option 'decommit_delay': 25")
    }
}
