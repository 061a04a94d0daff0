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

    /// A directory stands for every regular file below it, nested ones included; a link back to a directory
    /// above is not entered (it would never end), a linked file counts.
    func testSQLAnalyzeWalksNestedDirectoriesAndNeverFollowsADirectoryLink() throws {
        let directory = try TemporaryDirectory()
        let root = directory.path + "/db"
        try FileManager.default.createDirectory(atPath: root + "/migrations/2024", withIntermediateDirectories: true)
        try "CREATE INDEX a_idx ON a (x);\n".write(toFile: root + "/migrations/0001_a.sql", atomically: true, encoding: .utf8)
        try "CREATE INDEX b_idx ON b (x);\n".write(toFile: root + "/migrations/2024/0002_b.sql", atomically: true, encoding: .utf8)
        try "CREATE INDEX c_idx ON c (x);\n".write(toFile: directory.path + "/c.sql", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/migrations/2024/loop", withDestinationPath: root)
        try FileManager.default.createSymbolicLink(atPath: root + "/migrations/linked.sql", withDestinationPath: directory.path + "/c.sql")
        let result = try gate(["sql", "analyze", root])
        XCTAssertEqual(result.status, 0, result.stderr)
        let files = Set(result.stdout.split(separator: "\n").filter { $0.contains("index-without-concurrently") }
            .map { String($0.split(separator: ":")[0]) })
        XCTAssertEqual(files, [
            root + "/migrations/0001_a.sql", root + "/migrations/2024/0002_b.sql", root + "/migrations/linked.sql",
        ])
    }

    func testSQLAnalyzeOfAMissingFileIsExit2AndPrintsNoFindings() throws {
        let directory = try TemporaryDirectory()
        try "CREATE INDEX idx ON t (c);\n".write(toFile: directory.path + "/a.sql", atomically: true, encoding: .utf8)
        let result = try gate(["sql", "analyze", directory.path + "/a.sql", directory.path + "/missing.sql"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("missing.sql"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testRulesAsJSONListsEveryDetectorOfTheTextListing() throws {
        let text = try gate(["rules"])
        XCTAssertEqual(text.status, 0, text.stderr)
        let textIDs = text.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
        let result = try gate(["rules", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "gate.rules/v1")
        let rules = try XCTUnwrap(document["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String ?? "" }, textIDs)
        // Every entry has every key, absent values as null.
        let keys: Set<String> = ["id", "name", "category", "tier", "action", "require", "postgres", "rationale",
                                 "triggering", "nonTriggering"]
        for rule in rules { XCTAssertEqual(Set(rule.keys), keys, "\(rule["id"] ?? "")") }
        let dropColumn = try XCTUnwrap(rules.first { $0["id"] as? String == "drop-column" })
        XCTAssertEqual(dropColumn["category"] as? String, "schema-change")
        XCTAssertEqual(dropColumn["postgres"] as? String, "all")
        let requirement = try XCTUnwrap(dropColumn["require"] as? [String: Any])
        XCTAssertEqual(requirement["from"] as? [String], ["database"])
        let secret = try XCTUnwrap(rules.first { $0["category"] as? String == "secret" && $0["tier"] as? String == "critical" })
        XCTAssertEqual(secret["action"] as? String, "block")
        XCTAssertTrue(secret["require"] is NSNull)
        XCTAssertTrue(secret["postgres"] is NSNull)
    }

    func testRulesAsJSONForOneDetectorCarriesItsExamples() throws {
        let result = try gate(["rules", "drop-column", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let rules = try XCTUnwrap(document["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.map { $0["id"] as? String }, ["drop-column"])
        let triggering = try XCTUnwrap(rules[0]["triggering"] as? [[String: Any]])
        XCTAssertFalse(triggering.isEmpty)
        XCTAssertTrue(triggering.allSatisfy { ($0["head"] as? String)?.contains("↓") == true }, "\(triggering)")
        XCTAssertTrue(triggering.allSatisfy { ($0["path"] as? String)?.isEmpty == false })
        XCTAssertFalse((rules[0]["rationale"] as? String ?? "").isEmpty)
        let unknown = try gate(["rules", "drop-colum", "--format", "json"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown rule 'drop-colum'"), unknown.stderr)
        XCTAssertEqual(unknown.stdout, "")
        // A token pasted where the id goes is redacted, never echoed whole.
        let token = "ghp_" + "yblG7kQ2mZ9xWc4pR8sT1vN6bH3dJ5fL0aE2"
        let pasted = try gate(["rules", token])
        XCTAssertEqual(pasted.status, 2)
        XCTAssertFalse(pasted.stderr.contains(token) || pasted.stdout.contains(token), pasted.stderr)
        XCTAssertTrue(pasted.stderr.contains("unknown rule"), pasted.stderr)
    }
}
