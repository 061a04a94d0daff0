import Foundation
import GatePolicy
import GateTestSupport
import XCTest

/// `gate policy validate|explain` as a user runs them.
final class PolicyCommandTests: XCTestCase {
    func testValidateReportsFileLineAndColumnWithExit2() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data("version: 1\nrules:\n  secret: { tier: critcal }\n".utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", file.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(
            result.stderr,
            "gate: Error: \(file.path):3:19: `tier` must be one of low, high, critical, not `critcal`; did you mean `critical`?\n")
    }

    func testValidateAcceptsTheDefaultInTheRepository() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url(".gate"), withIntermediateDirectories: true)
        try Data(DefaultPolicy.text.utf8).write(to: directory.url(".gate/policy.yml"))
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", "--repo", directory.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("policy.yml: valid (version 1, 0 reviewers, 0 waivers; sha256 "), result.stdout)
        XCTAssertTrue(result.stdout.contains("warning: no reviewers are listed"), result.stdout)
    }

    func testValidateOfAMissingFileIsExit2() throws {
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", "/nonexistent/p.yml"])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stderr, "gate: Error: cannot read policy /nonexistent/p.yml: no such file\n")
    }

    func testExplainFillsInDefaults() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data("version: 1\nrules:\n  paid-retry: { tier: critical }\n".utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "explain", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("  paid-retry: { tier: critical, action: block }\n"), result.stdout)
        XCTAssertTrue(
            result.stdout.contains("  schema-change: { tier: high, action: require-approval }  # 1 approval from database\n"),
            result.stdout)
        XCTAssertTrue(result.stdout.contains("  lock-timeout: 5s\n"), result.stdout)
        let builtin = try runProcess(gateExecutablePath(), ["policy", "explain", "--repo", directory.path])
        XCTAssertEqual(builtin.status, 0, builtin.stderr)
        XCTAssertTrue(builtin.stdout.hasPrefix("# effective policy from builtin"), builtin.stdout)
    }

    func testExplainTheTrustedPolicyOfABase() throws {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml", "version: 1\nrules:\n  paid-retry: { tier: critical }\n")
        try repo.commit("policy")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write(".gate/policy.yml", "version: 1\nrules:\n  paid-retry: { tier: low }\n")
        try repo.commit("relax")
        let result = try runProcess(gateExecutablePath(), ["policy", "explain", "--base", "main"], in: repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("# effective policy from base:.gate/policy.yml"), result.stdout)
        XCTAssertTrue(result.stdout.contains("  paid-retry: { tier: critical, action: block }\n"), result.stdout)
        let working = try runProcess(gateExecutablePath(), ["policy", "explain"], in: repo.path)
        XCTAssertTrue(working.stdout.contains("  paid-retry: { tier: low, action: pass }\n"), working.stdout)
    }
}
