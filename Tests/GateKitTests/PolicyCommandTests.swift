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

    /// The repository's policy is read as `gate check` reads it: a symlink out of the repository is refused, not
    /// followed and printed; one inside it is followed, and a file that is no policy is named, not dumped.
    func testValidateRefusesAPolicySymlinkLeadingOutOfTheRepository() throws {
        let directory = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try Data("root:x:0:0:root:/root:/bin/bash\n".utf8).write(to: outside.url("passwd"))
        try FileManager.default.createDirectory(at: directory.url(".gate"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.url(".gate/policy.yml").path, withDestinationPath: outside.url("passwd").path)
        for command in [["policy", "validate"], ["policy", "explain"]] {
            let result = try runProcess(gateExecutablePath(), command + ["--repo", directory.path])
            XCTAssertEqual(result.status, 2, "\(command): \(result.stdout)")
            XCTAssertTrue(result.stderr.contains("cannot trust .gate/policy.yml: .gate/policy.yml is a symlink to \(outside.url("passwd").path), outside the repository"),
                          result.stderr)
            XCTAssertFalse(result.stderr.contains("root:x") || result.stdout.contains("root:x"), result.stderr)
        }

        // Inside the repository the link is followed; an .env file it leads to is named, never printed.
        try FileManager.default.removeItem(at: directory.url(".gate/policy.yml"))
        try FileManager.default.createDirectory(at: directory.url("config"), withIntermediateDirectories: true)
        try Data("OPENAI_API_KEY=sk-proj-\(String(repeating: "Xy7", count: 16))\n".utf8).write(to: directory.url("config/prod.env"))
        try FileManager.default.createSymbolicLink(atPath: directory.url(".gate/policy.yml").path, withDestinationPath: "../config/prod.env")
        let env = try runProcess(gateExecutablePath(), ["policy", "validate", "--repo", directory.path])
        XCTAssertEqual(env.status, 2, env.stdout)
        XCTAssertTrue(env.stderr.contains("config/prod.env:1:1: the policy must be a mapping"), env.stderr)
        XCTAssertFalse(env.stderr.contains("OPENAI_API_KEY") || env.stderr.contains("Xy7Xy7"), env.stderr)
    }

    /// A FILE and `--policy` together: which one to check is unclear, so neither is (exit 2).
    func testValidateWithAFileAndPolicyIsAUsageError() throws {
        let directory = try TemporaryDirectory()
        try Data(DefaultPolicy.text.utf8).write(to: directory.url("good.yml"))
        try Data("version: 1\nrules: {\n".utf8).write(to: directory.url("bad.yml"))
        for command in ["validate", "explain"] {
            let result = try runProcess(gateExecutablePath(), ["policy", command, directory.url("good.yml").path, "--policy", directory.url("bad.yml").path])
            XCTAssertEqual(result.status, 2, result.stdout)
            XCTAssertTrue(result.stderr.contains("name the policy file once: as the FILE argument or with --policy, not both"), result.stderr)
            XCTAssertFalse(result.stdout.contains("valid"), result.stdout)
        }
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
        // By default: the policy gate check applies, the default base's (main here), not the working tree's edit.
        let applied = try runProcess(gateExecutablePath(), ["policy", "explain"], in: repo.path)
        XCTAssertEqual(applied.status, 0, applied.stderr)
        XCTAssertTrue(applied.stdout.hasPrefix("# effective policy from base:.gate/policy.yml"), applied.stdout)
        XCTAssertTrue(applied.stdout.contains("  paid-retry: { tier: critical, action: block }\n"), applied.stdout)
        XCTAssertTrue(applied.stderr.contains("the working tree's .gate/policy.yml differs from it; gate policy explain --working-tree"),
                      applied.stderr)
        let json = try runProcess(gateExecutablePath(), ["policy", "explain", "--format", "json"], in: repo.path)
        XCTAssertTrue(json.stdout.contains("\"source\" : \"base:.gate/policy.yml\""), json.stdout)
        let working = try runProcess(gateExecutablePath(), ["policy", "explain", "--working-tree", "--format", "json"], in: repo.path)
        XCTAssertEqual(working.status, 0, working.stderr)
        XCTAssertTrue(working.stdout.contains("\"source\" : \".gate/policy.yml\""), working.stdout)
        XCTAssertTrue(working.stdout.contains("\"tier\" : \"low\""), working.stdout)
        let both = try runProcess(gateExecutablePath(), ["policy", "explain", "--working-tree", "--base", "main"], in: repo.path)
        XCTAssertEqual(both.status, 2, both.stdout)
    }

    /// Several mistakes in one file: every one on stderr, each as FILE:LINE:COLUMN, still exit 2.
    private static let threeMistakes = """
        version: 1
        reviewers:
          - id: alice@example.com
            groups: [cost]
        rules:
          secret: { tier: critcal }
        approvals: { max-age: forever, stor: git }

        """

    func testValidateReportsEveryMistakeAtOnceWithExit2() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data(Self.threeMistakes.utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", file.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "gate: Error: \(file.path) has 3 errors:")
        XCTAssertEqual(lines.dropFirst().map { $0.components(separatedBy: ": ").first ?? "" }, [
            "\(file.path):6:19", "\(file.path):7:23", "\(file.path):7:32",
        ])
        XCTAssertTrue(lines[1].contains("`tier` must be one of low, high, critical, not `critcal`"), lines[1])
        XCTAssertTrue(lines[2].contains("`max-age`: invalid duration \"forever\""), lines[2])
        XCTAssertTrue(lines[3].contains("unknown key `stor` in `approvals`; did you mean `store`?"), lines[3])
    }

    func testValidateAsJSONListsTheMistakesWithTheirPositions() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data(Self.threeMistakes.utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", "--format", "json", file.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("has 3 errors"), result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "gate.policy-validation/v1")
        XCTAssertEqual(document["file"] as? String, file.path)
        XCTAssertEqual(document["valid"] as? Bool, false)
        XCTAssertTrue(document["policy"] is NSNull, result.stdout)
        let errors = try XCTUnwrap(document["errors"] as? [[String: Any]])
        XCTAssertEqual(errors.map { $0["line"] as? Int }, [6, 7, 7])
        XCTAssertEqual(errors.map { $0["column"] as? Int }, [19, 23, 32])
        XCTAssertEqual(errors.map { $0["file"] as? String }, Array(repeating: file.path, count: 3))
        XCTAssertEqual(errors.first?["message"] as? String,
                       "`tier` must be one of low, high, critical, not `critcal`; did you mean `critical`?")
    }

    func testValidateAsJSONOfAValidFileExitsZero() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data("version: 1\nwaivers:\n  - rule: secret\n    reason: fixture\n    expires: 2020-01-01\n".utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "validate", "--format", "json", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["valid"] as? Bool, true)
        XCTAssertEqual((document["errors"] as? [Any])?.count, 0)
        let warnings = try XCTUnwrap(document["warnings"] as? [String])
        XCTAssertTrue(warnings.contains { $0.contains("expired on 2020-01-01") }, "\(warnings)")
        let policy = try XCTUnwrap(document["policy"] as? [String: Any])
        XCTAssertEqual(policy["version"] as? Int, 1)
        XCTAssertEqual(policy["waivers"] as? Int, 1)
        XCTAssertEqual((policy["sha256"] as? String)?.count, 64)
    }

    /// gate check still fails closed on a bad policy, and names every mistake too.
    func testCheckWithAPolicyOfSeveralMistakesIsExit2NamingEachOne() throws {
        let repo = try GitFixture()
        try repo.write(".gate/policy.yml", Self.threeMistakes)
        try repo.write("README.md", "# x\n")
        try repo.commit("policy")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("notes.md", "more\n")
        try repo.commit("notes")
        var environment = GitFixture.environment
        environment["GATE_BASE"] = nil
        environment["GITHUB_ACTIONS"] = nil
        let result = try runProcess(gateExecutablePath(), ["check", "--base", "main"], in: repo.path, environment: environment)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("base:.gate/policy.yml has 3 errors:"), result.stderr)
        for position in ["base:.gate/policy.yml:6:19: ", "base:.gate/policy.yml:7:23: ", "base:.gate/policy.yml:7:32: "] {
            XCTAssertTrue(result.stderr.contains("\n" + position), "\(position) in \(result.stderr)")
        }
    }

    func testExplainAsJSONWritesEveryRuleWithItsRequirement() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data("""
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g alice@laptop"]
                groups: [cost, dba]
            rules:
              paid-retry: { tier: critical }
              schema-change: { require: { approvals: 2, from: [dba] } }
              drop-column: { tier: low }
            environments:
              staging: {}
              production: { requires: [staging] }

            """.utf8).write(to: file)
        let result = try runProcess(gateExecutablePath(), ["policy", "explain", "--format", "json", file.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "gate.policy/v1")
        XCTAssertEqual(document["source"] as? String, file.path)
        XCTAssertEqual((document["sha256"] as? String)?.count, 64)
        let policy = try XCTUnwrap(document["policy"] as? [String: Any])
        let rules = try XCTUnwrap(policy["rules"] as? [String: [String: Any]])
        XCTAssertEqual(rules["paid-retry"]?["tier"] as? String, "critical")
        XCTAssertEqual(rules["paid-retry"]?["action"] as? String, "block")
        XCTAssertTrue(rules["paid-retry"]?["require"] is NSNull)
        let schemaRequirement = try XCTUnwrap(rules["schema-change"]?["require"] as? [String: Any])
        XCTAssertEqual(schemaRequirement["approvals"] as? Int, 2)
        XCTAssertEqual(schemaRequirement["from"] as? [String], ["dba"])
        // A default requirement is written out too: scripts need not know the defaults.
        let costRequirement = try XCTUnwrap(rules["paid-external-call"]?["require"] as? [String: Any])
        XCTAssertEqual(costRequirement["from"] as? [String], ["cost"])
        XCTAssertEqual(rules["drop-column"]?["tier"] as? String, "low")
        // The detectors with a tier of their own are written out with what they get: a contract still in use blocks
        // though schema-change needs approval, advice passes.
        XCTAssertEqual(rules["contract-still-used"]?["tier"] as? String, "critical")
        XCTAssertEqual(rules["contract-still-used"]?["action"] as? String, "block")
        XCTAssertEqual(rules["expand-only-migration"]?["action"] as? String, "pass")
        XCTAssertEqual(rules.count, 8 + 1 + 8,
                       "every category, the one detector named and the eight with their own tier: \(rules.keys.sorted())")
        let reviewers = try XCTUnwrap(policy["reviewers"] as? [[String: Any]])
        XCTAssertEqual(reviewers.first?["groups"] as? [String], ["cost", "dba"])
        let environments = try XCTUnwrap(policy["environments"] as? [String: [String: Any]])
        XCTAssertEqual(environments["production"]?["requires"] as? [String], ["staging"])
        let deploy = try XCTUnwrap(policy["deploy"] as? [String: Any])
        XCTAssertEqual(deploy["lock-timeout"] as? String, "5s")
        let approvals = try XCTUnwrap(policy["approvals"] as? [String: Any])
        XCTAssertEqual(approvals["store"] as? String, "git")
        // Durations as the policy file writes them: the 14-day default reads back as two weeks.
        XCTAssertEqual(approvals["max-age"] as? String, "2w")
    }
}
