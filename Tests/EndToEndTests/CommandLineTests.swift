import GateTestSupport
import XCTest

/// The built binary, as CI and users run it: exit codes and messages are the contract (SPEC §1).
final class CommandLineTests: XCTestCase {
    private func gate(_ arguments: [String], in directory: String? = nil) throws -> ProcessResult {
        var env = GitFixture.environment
        env["NO_COLOR"] = "1"
        return try runProcess(gateExecutablePath(), arguments, in: directory, environment: env)
    }

    func testVersionAndHelpExitZero() throws {
        XCTAssertEqual(try gate(["--version"]).status, 0)
        let help = try gate(["check", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--base"))
    }

    func testUnknownFlagIsUsageErrorExit2() throws {
        let result = try gate(["check", "--no-such-flag"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no-such-flag"), result.stderr)
    }

    func testConflictingModesAreRejected() throws {
        let result = try gate(["check", "--staged", "--worktree"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--staged and --worktree"), result.stderr)
    }

    func testNotARepositoryIsExit2() throws {
        let empty = try TemporaryDirectory()
        let result = try gate(["check", "--repo", empty.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("not a git repository"), result.stderr)
    }
}
