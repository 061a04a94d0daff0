import Foundation
import GateCore
import XCTest

@testable import GatePolicy

/// What a probe of the policy loader found: values echoed whole, duplicate keys that stopped the run, keys never
/// decoded, tags and merge keys dropped or misnamed, a mistake reported twice, a secret waiver without paths.
final class PolicyValueHygieneTests: XCTestCase {
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g alice@laptop"
    /// Shaped like a live OpenAI key; not one.
    static let pastedKey = "sk-proj-" + String(repeating: "AbCdEfGh0123", count: 4)

    /// A mistyped value may be a credential pasted in the wrong place: never printed whole (SPEC: secrets never are).
    func testAMistypedValueIsNotEchoedWhole() {
        let found = mistakes("""
            version: 1
            deploy:
              rollout: { command: "OPENAI_API_KEY=\(Self.pastedKey) ./scripts/rollout.sh" }
            approvals: { store: "\(Self.pastedKey)" }
            reviewers:
              - id: a@example.com
                github: "\(Self.pastedKey)"

            """)
        XCTAssertEqual(found.count, 3, "\(found)")
        for mistake in found {
            XCTAssertFalse(mistake.contains(Self.pastedKey), mistake)
            XCTAssertFalse(mistake.contains("AbCdEfGh0123AbCd"), mistake)
        }
        XCTAssertEqual(found[0], "p.yml:3:23: `command` (an argument vector) must be a list, not the text `OPENAI_API_KEY=*** ./scripts/rollout.sh`")
        XCTAssertTrue(found[1].contains("not `sk-p…[redacted 56 chars]`"), found[1])
        // Ordinary short values are still quoted as written.
        XCTAssertEqual(mistakes("version: 1\napprovals: { store: s3, max-age: 14days }\n"), [
            "p.yml:2:21: `store` must be one of git, postgres, not `s3`",
            "p.yml:2:34: `max-age`: invalid duration \"14days\": expected a whole number and a unit (ms, s, m, h, d, w), e.g. 5s or 14d",
        ])
    }

    /// A policy that is no mapping (a symlink to an .env file, /etc/passwd) is named, never dumped.
    func testAPolicyThatIsNoMappingIsNotPrinted() {
        XCTAssertEqual(mistakes("OPENAI_API_KEY=\(Self.pastedKey)\n"), [
            "p.yml:1:1: the policy must be a mapping (key: value) starting with `version: 1`, not text of 71 characters; its content is not shown (is this the policy file?)",
        ])
        XCTAssertEqual(mistakes("- version: 1\n"), [
            "p.yml:1:1: the policy must be a mapping (key: value) starting with `version: 1`, not a list; its content is not shown (is this the policy file?)",
        ])
    }

    /// Each repeated key is reported at its own place, and the rest of the file is still checked.
    func testEveryDuplicateKeyIsReportedAtItsOwnPlaceAndTheRestIsRead() {
        XCTAssertEqual(mistakes("""
            version: 1
            approvals: { allow-self: false, max-age: 14d }
            rules:
              secret: { tier: critical }
              paid-external-call: { tier: high }
              secret: { tier: low }
              schema-change: { tire: high }
            deploy: { lock-timeout: 5s, lock-timeout: 10s }
            environments:
              - bad

            """), [
            "p.yml:6:3: duplicate key `secret` in one mapping (first at line 4); only the first is read",
            "p.yml:7:20: unknown key `tire` in a rule; did you mean `tier`?",
            "p.yml:8:29: duplicate key `lock-timeout` in one mapping (first at line 8); only the first is read",
            "p.yml:10:3: `environments` must be a mapping (key: value), not a list",
        ])
        // A repeat in a sequence item's mapping, and a reviewer listed whole twice, are told apart.
        XCTAssertEqual(mistakes("""
            version: 1
            reviewers:
              - id: a@example.com
                groups: [cost]
                groups: [owners]
            rules:
              paid-external-call: { require: { from: [nobody] } }

            """), [
            "p.yml:5:5: duplicate key `groups` in one mapping (first at line 4); only the first is read",
            "p.yml:7:43: unknown group `nobody`: no reviewer is in it",
        ])
        // A policy saved with Windows line ends: the repeat is still found at its own place.
        XCTAssertEqual(mistakes("version: 1\r\nrules:\r\n  secret: { tier: critical }\r\n  secret: { tier: low }\r\n  schema-change: { tire: high }\r\n"), [
            "p.yml:4:3: duplicate key `secret` in one mapping (first at line 3); only the first is read",
            "p.yml:5:20: unknown key `tire` in a rule; did you mean `tier`?",
        ])
    }

    /// Approvals verify with Ed25519 keys only: a key that is no Ed25519 key, or whose base64 does not decode to
    /// one, is an error naming the reviewer; a template's placeholder loads, with a warning.
    func testReviewerKeysAreDecoded() throws {
        func policy(_ key: String) -> String {
            "version: 1\nreviewers:\n  - id: a@example.com\n    keys: [\"\(key)\"]\n    groups: [cost]\n"
        }
        XCTAssertNoThrow(try PolicyLoader.load(text: policy(Self.key), file: "p.yml"))
        XCTAssertEqual(mistakes(policy("ssh-ed25519 AAAAC3Nz!!!garbage a@laptop")), [
            "p.yml:4:12: reviewer \"a@example.com\": this key can never verify an approval: its key is not valid base64 (copy the whole line of the .pub file)",
        ])
        XCTAssertEqual(mistakes(policy("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMU a@laptop")), [
            "p.yml:4:12: reviewer \"a@example.com\": this key can never verify an approval: its key is not the 32 bytes of an Ed25519 key (truncated or altered?)",
        ])
        XCTAssertEqual(mistakes(policy("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAABQBhYmNk a@laptop")), [
            "p.yml:4:12: reviewer \"a@example.com\": this key can never verify an approval: it is a ssh-rsa key, and approvals accept Ed25519 keys only (ssh-keygen -t ed25519)",
        ])
        XCTAssertEqual(mistakes(policy("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAAABQBhYmNk a@laptop")), [
            "p.yml:4:12: reviewer \"a@example.com\": this key can never verify an approval: the line says ssh-ed25519 but the key inside is ssh-rsa",
        ])
        let placeholder = try PolicyLoader.load(
            text: policy("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyReplaceWithYourOwnAlice a@laptop"), file: "p.yml")
        XCTAssertEqual(PolicyLint.notes(placeholder, today: "2026-11-23").filter { $0.contains("key") }, [
            "reviewer a@example.com's key is a placeholder (from a template or the documentation), so it can never verify an approval; "
                + "replace it with the line of their ~/.ssh/id_ed25519.pub",
        ])
    }

    /// A reviewer's group spelt like the group a rule needs (`databse` for `database`) is named, with its line.
    func testLintNamesAMisspeltReviewerGroupWhereItIsWritten() throws {
        let policy = try PolicyLoader.load(text: """
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINFWzwP3nz3RyRxmYGltEQKMNbBt6XelHmz3DiR4v2h1 alice@laptop"]
                groups: [cost, databse, owners]
            """, file: ".gate/policy.yml")
        let notes = PolicyLint.notes(policy, today: "2026-11-23").filter { $0.contains("database") }
        XCTAssertEqual(notes, [
            "schema-change needs sign-off from database, but no reviewer is in database; reviewer alice@example.com lists group "
                + "`databse` at .gate/policy.yml:5, which no rule asks for: did you mean `database`?",
        ])
    }

    /// A policy saved with a UTF-8 byte order mark (as some Windows editors save) loads; positions are unchanged.
    func testAPolicyWithAByteOrderMarkLoads() throws {
        let text = "version: 1\nreviewers:\n  - id: a@example.com\n    keys: []\n    groups: [owners]\n"
        let policy = try PolicyLoader.load(bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8), file: "p.yml")
        XCTAssertEqual(policy.reviewers.map(\.id), ["a@example.com"])
        XCTAssertEqual(policy.reviewers.first?.groupLocations["owners"]?.line, 5)
        XCTAssertEqual(mistakes("\u{FEFF}version: 1\nunknown: 1\n").first?.hasPrefix("p.yml:2:1:"), true)
    }

    /// `groups: cost` is one mistake: the group `require` names is not also called unknown.
    func testAnUnreadableGroupsListIsNotReportedAgainAsAnUnknownGroup() {
        XCTAssertEqual(mistakes("""
            version: 1
            reviewers:
              - id: a@example.com
                keys: ["\(Self.key)"]
                groups: cost
            rules:
              paid-external-call: { tier: high, require: { approvals: 1, from: [cost] } }

            """), [
            "p.yml:5:13: `groups` must be a list, not the text `cost`",
        ])
    }

    /// Merge keys are named as what they are; a local tag is an error naming it, not silently dropped, and the
    /// value under it is not reported a second time.
    func testMergeKeysAndLocalTagsAreNamed() {
        XCTAssertEqual(mistakes("""
            version: 1
            rules:
              paid-external-call:
                <<: { tier: high }

            """), [
            "p.yml:4:5: YAML merge keys (`<<: *anchor`) are not supported in the policy; write the keys out",
        ])
        XCTAssertEqual(mistakes("""
            version: 1
            reviewers:
              - id: a@example.com
                keys: ["\(Self.key)"]
                groups: !vault [cost, owners]
            approvals: { max-age: !env GATE_MAX_AGE, allow-self: !!bool false }

            """), [
            "p.yml:5:13: unsupported tag `!vault`: the policy takes plain values (no `!env`, `!vault` or other local tags); write the value itself",
            "p.yml:6:23: unsupported tag `!env`: the policy takes plain values (no `!env`, `!vault` or other local tags); write the value itself",
        ])
    }

    /// Inline allows refuse secrets; a secret waiver without paths passes every live key, so validate warns of it.
    func testASecretWaiverWithoutPathsIsWarnedOf() throws {
        let policy = try PolicyLoader.load(text: """
            version: 1
            waivers:
              - rule: secret
                reason: test keys
                expires: 2099-12-31
              - rule: secret
                paths: ["test/fixtures/**"]
                reason: test keys
                expires: 2099-12-31

            """, file: "p.yml")
        XCTAssertEqual(PolicyLint.notes(policy, today: "2026-11-23").first,
                       "waiver for secret (p.yml:3:5) waives secrets with no `paths`, so a live key committed anywhere passes until 2099-12-31; limit it to the files that hold test keys")
        XCTAssertEqual(PolicyLint.notes(policy, today: "2026-11-23").filter { $0.contains("waives secrets") }.count, 1)
    }
}
