import Foundation
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

    /// `gate sql analyze` analyses files on every core; its output must still follow path order, file by file.
    func testSQLAnalyzeReportsEveryFileInPathOrder() throws {
        let directory = try TemporaryDirectory()
        let migrations = directory.path + "/db/migrations"
        try FileManager.default.createDirectory(atPath: migrations, withIntermediateDirectories: true)
        let count = 40
        for index in 0..<count {
            // Every file holds one finding (an index built under lock), each on a distinct table.
            let name = String(format: "%03d_index.sql", index)
            try "CREATE INDEX idx_\(index) ON table_\(index) (column_\(index));\n"
                .write(toFile: migrations + "/" + name, atomically: true, encoding: .utf8)
        }
        let text = try gate(["sql", "analyze", migrations])
        XCTAssertEqual(text.status, 0, text.stderr)
        let indexLines = text.stdout.split(separator: "\n").filter { $0.contains("index-without-concurrently") }
        XCTAssertEqual(indexLines.count, count, text.stdout)
        XCTAssertEqual(indexLines.map { String($0.split(separator: ":")[0]) }, (0..<count).map {
            migrations + "/" + String(format: "%03d_index.sql", $0)
        })

        let json = try gate(["sql", "analyze", "--format", "json", migrations])
        XCTAssertEqual(json.status, 0, json.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let listed = try XCTUnwrap(document["migrations"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        XCTAssertEqual(listed, (0..<count).map { migrations + "/" + String(format: "%03d_index.sql", $0) })
    }

    func testSQLAnalyzeOfAMissingFileIsExit2AndPrintsNoFindings() throws {
        let directory = try TemporaryDirectory()
        try "CREATE INDEX idx ON t (c);\n".write(toFile: directory.path + "/a.sql", atomically: true, encoding: .utf8)
        let result = try gate(["sql", "analyze", directory.path + "/a.sql", directory.path + "/missing.sql"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("missing.sql"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }
}
