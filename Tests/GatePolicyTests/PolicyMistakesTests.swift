import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GatePolicy

/// A policy with several mistakes reports all of them in one run, in file order, each at its own position,
/// and without follow-on mistakes that only repeat an earlier one.
final class PolicyMistakesTests: XCTestCase {
    func testEveryMistakeInTheFileIsReportedInFileOrder() {
        let yaml = """
            version: 1
            reviewrs: []
            reviewers:
              - id: alice@example.com
                keys: ["not a key"]
                groups: [cost]
            rules:
              secret: { tier: critcal }
              paid-external-call: { require: { from: [finance] } }
            waivers:
              - rule: secrets
                reason: "fixture"
            deploy:
              lock-timeout: soon

            """
        XCTAssertEqual(mistakes(yaml), [
            "p.yml:2:1: unknown key `reviewrs` in the policy; did you mean `reviewers`?",
            "p.yml:5:12: not an OpenSSH public key line (expected e.g. `ssh-ed25519 AAAA… comment`)",
            "p.yml:8:19: `tier` must be one of low, high, critical, not `critcal`; did you mean `critical`?",
            "p.yml:9:43: unknown group `finance`: no reviewer is in it",
            "p.yml:11:5: missing required key `expires` in a waiver (waivers must expire)",
            "p.yml:11:11: unknown rule `secrets`: not a category or a detector id; did you mean `secret`?",
            "p.yml:14:17: `lock-timeout`: invalid duration \"soon\": expected a whole number and a unit (ms, s, m, h, d, w), e.g. 5s or 14d",
        ])
    }

    func testSeveralMistakesAreOneErrorWhoseDescriptionListsEachOnItsOwnLine() throws {
        do {
            _ = try PolicyLoader.load(text: "version: 1\nflavour: x\napprovals: { store: s3 }\n", file: "p.yml")
            XCTFail("the policy loaded")
        } catch {
            guard case .several(let file, let list) = error else { return XCTFail("expected several mistakes, got \(error)") }
            XCTAssertEqual(file, "p.yml")
            XCTAssertEqual(list.count, 2)
            XCTAssertEqual(error.location, SourceLocation(file: "p.yml", line: 2, column: 1))
            let lines = error.description.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.first, "p.yml has 2 errors:")
            XCTAssertTrue(lines[1].hasPrefix("p.yml:2:1: unknown key `flavour`"), lines[1])
            XCTAssertTrue(lines[2].hasPrefix("p.yml:3:21: `store` must be one of git, postgres, not `s3`"), lines[2])
        }
    }

    func testOneMistakeIsThrownAsItIs() {
        do {
            _ = try PolicyLoader.load(text: "version: 1\nflavour: x\n", file: "p.yml")
            XCTFail("the policy loaded")
        } catch {
            guard case .invalid = error else { return XCTFail("expected one mistake, got \(error)") }
            XCTAssertEqual(error.mistakes.count, 1)
        }
    }

    /// A reviewer with a bad key still lists its groups, so `require` does not also call the group unknown; a
    /// misspelt tier leaves the action unknown, so `require` is not also said not to apply.
    func testNoFollowOnMistakes() {
        let yaml = """
            version: 1
            reviewers:
              - id: a@example.com
                keys: ["ssh-rsa"]
                groups: [dba]
            rules:
              schema-change: { tier: hihg, require: { from: [dba] } }
            environments:
              a: { requires: [b] }
              b: { requires: [a] }

            """
        XCTAssertEqual(mistakes(yaml), [
            "p.yml:4:12: not an OpenSSH public key line (expected e.g. `ssh-ed25519 AAAA… comment`)",
            "p.yml:7:26: `tier` must be one of low, high, critical, not `hihg`; did you mean `high`?",
            // One cycle, one mistake.
            "p.yml:9:3: environment `a` requires itself (through `requires`)",
        ])
    }

    /// With `evaluates-nothing` misspelt, whether turning everything off was intended is unknown: no second mistake.
    func testAnUnreadableEvaluatesNothingIsTheOnlyMistake() {
        let off = Category.allCases.map { "  \($0.rawValue): { enabled: false }\n" }.joined()
        XCTAssertEqual(mistakes("version: 1\nevaluates-nothing: yes please\nrules:\n" + off), [
            "p.yml:2:20: `evaluates-nothing` must be true or false, not the text `yes please`",
        ])
    }

    func testEachBadItemOfAListIsReported() {
        XCTAssertEqual(mistakes("version: 1\npaths:\n  ignore: [\"src/[a\", ok/**, \"b/[c\"]\n  jobs: [jobs/**, [x]]\n"), [
            "p.yml:3:12: `paths.ignore`: invalid glob \"src/[a\": unclosed '['",
            "p.yml:3:29: `paths.ignore`: invalid glob \"b/[c\": unclosed '['",
            "p.yml:4:19: each item of `paths.jobs` must be text, not a list",
        ])
    }

    /// What stops the reading still stops it: nothing is read under a version gate does not know.
    func testAnUnsupportedVersionIsTheOnlyMistakeReported() {
        XCTAssertEqual(mistakes("version: 3\nflavour: x\nrules: []\n"), [
            "p.yml:1:10: unsupported policy version 3; the highest supported is 1",
        ])
    }

    func testValidationOfAFileCollectsMistakesOrWarnings() throws {
        let directory = try TemporaryDirectory()
        let bad = directory.url("bad.yml")
        try Data("version: 1\nflavour: x\napprovals: { max-age: forever }\n".utf8).write(to: bad)
        let invalid = PolicyValidation(contentsOf: bad.path, today: "2026-11-29")
        XCTAssertFalse(invalid.isValid)
        XCTAssertEqual(invalid.mistakes.map { $0.location?.line }, [2, 3])
        let good = directory.url("good.yml")
        try Data("version: 1\n".utf8).write(to: good)
        let valid = PolicyValidation(contentsOf: good.path, today: "2026-11-29")
        XCTAssertTrue(valid.isValid)
        XCTAssertEqual(valid.mistakes, [])
        XCTAssertEqual(valid.warnings, ["no reviewers are listed, so no sign-off can be given until some are"])
    }
}
