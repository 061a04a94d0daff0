import Foundation
import GateCore
import GateRules
import GateTestSupport
import XCTest

@testable import GatePolicy

/// The files under `policies/`: the built-in default is the shipped file, every shipped policy loads,
/// and the JSON Schema for editors accepts them (and rejects mistakes).
final class ShippedPoliciesTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static func shipped(_ name: String) -> String { packageRoot.appendingPathComponent("policies/\(name)").path }

    func testBuiltinIsTheShippedDefaultByteForByte() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.shipped("default.yml")))
        XCTAssertEqual(Array(bytes), Array(DefaultPolicy.text.utf8))
        let builtin = PolicyLoader.builtin
        var shipped = try PolicyLoader.load(contentsOf: Self.shipped("default.yml"))
        XCTAssertEqual(builtin.digest, ContentDigest.sha256Hex(Array(bytes)))
        shipped.waivers = builtin.waivers
        XCTAssertEqual(shipped, builtin)
    }

    func testBuiltinHasSpecDefaults() {
        let builtin = PolicyLoader.builtin
        for category in Category.allCases {
            XCTAssertEqual(builtin.settings(for: category), RuleSettings.defaults(for: category), category.rawValue)
        }
        XCTAssertEqual(builtin.paths.ignore.map(\.pattern), PathSettings.defaultIgnorePatterns)
        XCTAssertEqual(builtin.approvals, ApprovalSettings())
        XCTAssertEqual(builtin.deploy, DeploySettings())
    }

    func testStrictAndStartupLoad() throws {
        let strict = try PolicyLoader.load(contentsOf: Self.shipped("strict.yml"))
        XCTAssertEqual(strict.settings(for: .paidExternalCall).require, ApprovalRequirement(approvals: 2, from: ["cost"]))
        XCTAssertEqual(strict.settings(for: .paidRetry).action, .block)
        XCTAssertEqual(strict.environments["production"]?.requires, ["staging"])
        let startup = try PolicyLoader.load(contentsOf: Self.shipped("startup.yml"))
        XCTAssertTrue(startup.approvals.allowSelf)
        XCTAssertEqual(startup.settings(for: .schemaChange).require, ApprovalRequirement(approvals: 1, from: ["team"]))
        XCTAssertEqual(startup.settings(for: .secret).action, .block)
        // Tiers follow the hazard: the fast track is on in startup, off in strict; a contract still in use blocks.
        XCTAssertEqual(startup.settings(rule: "expand-only-migration", category: .schemaChange).action, .pass)
        XCTAssertEqual(strict.settings(rule: "expand-only-migration", category: .schemaChange).action, .requireApproval)
        for policy in [strict, startup, PolicyLoader.builtin] {
            XCTAssertEqual(policy.settings(rule: "contract-still-used", category: .schemaChange).tier, .critical)
        }
        XCTAssertEqual(PolicyLoader.builtin.settings(rule: "expand-only-migration", category: .schemaChange).tier, .low)
    }

    func testSchemaAcceptsTheShippedPolicies() throws {
        let result = try runProcess(
            "check-jsonschema",
            ["--schemafile", Self.shipped("policy.schema.json"), Self.shipped("default.yml"), Self.shipped("strict.yml"),
             Self.shipped("startup.yml")])
        XCTAssertEqual(result.status, 0, "check-jsonschema (pip install check-jsonschema): \(result.stdout)\(result.stderr)")
    }

    func testSchemaRejectsAnUnknownKey() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url("policy.yml")
        try Data("version: 1\nrulez: {}\n".utf8).write(to: file)
        let result = try runProcess("check-jsonschema", ["--schemafile", Self.shipped("policy.schema.json"), file.path])
        XCTAssertEqual(result.status, 1, "\(result.stdout)\(result.stderr)")
        XCTAssertTrue(result.stdout.contains("rulez"), result.stdout)
    }

    func testExplainOutputLoadsToTheSameRules() throws {
        for name in ["default.yml", "strict.yml", "startup.yml"] {
            let policy = try PolicyLoader.load(contentsOf: Self.shipped(name))
            let explained = PolicyExplainer.render(policy, source: name)
            var reloaded = try PolicyLoader.load(text: explained, file: "explained")
            reloaded.digest = policy.digest
            reloaded.waivers = policy.waivers
            // The explanation writes out the detectors' own tiers as rules: every detector must get the same
            // settings from it as from the policy; the rest must be equal as it is.
            for detector in DetectorRegistry.all {
                XCTAssertEqual(reloaded.settings(rule: detector.id, category: detector.category),
                               policy.settings(rule: detector.id, category: detector.category), "\(name): \(detector.id)")
            }
            reloaded.rules = policy.rules
            XCTAssertEqual(reloaded, policy, name)
        }
    }

    /// Today's date is counted from the days since 1970; it must be the day a UTC calendar names, on every day
    /// (leap days, century years, before 1970), at the first and last second of the day and in between.
    func testTodayIsTheUTCCalendarDate() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let firstDay = -25_567  // 1900-01-01
        let lastDay = 47_482  // 2099-12-31
        for day in firstDay...lastDay {
            for second in [0, (day &* 7_919) & 0xFFFF, 86_399] {
                let now = Date(timeIntervalSince1970: Double(day) * 86_400 + Double(second))
                guard PolicyLint.today(now) == formatter.string(from: now) else {
                    return XCTFail("\(now): \(PolicyLint.today(now)), a calendar says \(formatter.string(from: now))")
                }
            }
        }
        XCTAssertEqual(PolicyLint.today(Date(timeIntervalSince1970: 951_782_400)), "2000-02-29")
        XCTAssertEqual(PolicyLint.today(Date(timeIntervalSince1970: -0.5)), "1969-12-31")
    }

    func testLintNotesExpiredWaiversAndMissingReviewers() throws {
        let policy = try PolicyLoader.load(
            text: "version: 1\nwaivers:\n  - rule: secret\n    reason: r\n    expires: 2020-01-01\n", file: "p.yml")
        XCTAssertEqual(PolicyLint.notes(policy, today: "2026-11-23"), [
            "waiver for secret (p.yml:3:5) expired on 2020-01-01; it is ignored",
            "no reviewers are listed, so no sign-off can be given until some are",
        ])
        XCTAssertEqual(PolicyLint.today(Date(timeIntervalSince1970: 0)), "1970-01-01")
        let partial = try PolicyLoader.load(
            text: "version: 1\nreviewers:\n  - id: a@example.com\n    groups: [cost, owners]\n", file: "p.yml")
        XCTAssertEqual(PolicyLint.notes(partial, today: "2026-11-23"), [
            "schema-change needs sign-off from database, but no reviewer is in database",
            "reviewer a@example.com has no keys, so their approvals cannot be verified",
        ])
        // The template's reviewers are stand-ins to replace: each placeholder key is named as one that can never verify.
        XCTAssertEqual(PolicyLint.notes(try PolicyLoader.load(contentsOf: Self.shipped("strict.yml")), today: "2026-11-23"),
                       ["alice", "bob", "carol"].map {
                           "reviewer \($0)@example.com's key is a placeholder (from a template or the documentation), so it can never verify an approval; "
                               + "replace it with the line of their ~/.ssh/id_ed25519.pub"
                       })
    }
}
