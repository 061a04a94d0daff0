import Foundation
import GateCore
import GateRules
import XCTest

@testable import GatePolicy

/// One test per kind of mistake: each asserts the whole message, file, line and column.
final class PolicyLoaderTests: XCTestCase {
    private func loadError(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try PolicyLoader.load(text: yaml, file: "p.yml")
            XCTFail("the policy loaded, but an error was expected", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    func testSpecExampleLoadsWithEveryValue() throws {
        let yaml = """
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g alice@laptop"]
                groups: [cost, database, owners]
            paths:
              ignore: ["vendor/**", "**/*.min.js", "**/dist/**"]
              jobs: ["jobs/**", "workers/**"]
              migrations: ["db/migrations/*.sql"]
            providers:
              - id: acme-llm
                kind: model
                hosts: ["llm.acme.internal"]
                packages: { npm: ["@acme/llm"], pypi: ["acme-llm"] }
                calls: ["acme_llm.complete"]
            rules:
              paid-external-call: { tier: high, require: { approvals: 2, from: [cost] } }
              secret: { tier: critical, action: block }
            approvals: { allow-self: false, max-age: 14d, store: git }
            waivers:
              - rule: paid-external-call
                paths: ["scripts/backfill/**"]
                reason: "one-off backfill, reviewed in INC-123"
                expires: 2026-12-31
            environments:
              staging: {}
              production: { requires: [staging] }
            deploy:
              migrations: db/migrations
              lock-timeout: 5s
              statement-timeout: 15m
              retries: { transient: 3, release-attempts: 3 }
              rollout: { command: ["./scripts/rollout.sh"], timeout: 30m }

            """
        let policy = try PolicyLoader.load(text: yaml, file: "p.yml")
        XCTAssertEqual(policy.reviewers, [
            Reviewer(id: "alice@example.com", keys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g alice@laptop"],
                     groups: ["cost", "database", "owners"]),
        ])
        XCTAssertEqual(policy.paths.ignore.map(\.pattern), ["vendor/**", "**/*.min.js", "**/dist/**"])
        XCTAssertEqual(policy.paths.jobs.map(\.pattern), ["jobs/**", "workers/**"])
        XCTAssertEqual(policy.providers, [
            Provider(id: "acme-llm", kind: .model, hosts: ["llm.acme.internal"],
                     packages: ["npm": ["@acme/llm"], "pypi": ["acme-llm"]], calls: ["acme_llm.complete"]),
        ])
        XCTAssertEqual(
            policy.settings(for: .paidExternalCall),
            RuleSettings(tier: .high, action: .requireApproval, require: ApprovalRequirement(approvals: 2, from: ["cost"])))
        XCTAssertEqual(policy.settings(for: .secret), RuleSettings(tier: .critical, action: .block, require: nil))
        // Unlisted categories take SPEC §2's defaults.
        XCTAssertEqual(policy.settings(for: .schemaChange), RuleSettings.defaults(for: .schemaChange))
        XCTAssertEqual(policy.approvals, ApprovalSettings(allowSelf: false, maxAge: try TimeSpan(parsing: "14d"), store: .git))
        XCTAssertEqual(policy.waivers.count, 1)
        XCTAssertEqual(policy.waivers.first?.expires, "2026-12-31")
        XCTAssertEqual(policy.waivers.first?.location, SourceLocation(file: "p.yml", line: 21, column: 5))
        XCTAssertEqual(policy.environments, ["staging": EnvironmentSettings(), "production": EnvironmentSettings(requires: ["staging"])])
        XCTAssertEqual(policy.deploy.rolloutCommand, ["./scripts/rollout.sh"])
        XCTAssertEqual(policy.deploy.statementTimeout, .seconds(900))
        XCTAssertEqual(policy.digest, ContentDigest.sha256Hex(yaml))
        XCTAssertEqual(policy.detectionContext.providers.last?.id, "acme-llm")
    }

    func testVersionIsCheckedFirst() {
        XCTAssertEqual(
            loadError("version: 2\nflavour: x\n"), "p.yml:1:10: unsupported policy version 2; the highest supported is 1")
    }

    func testMissingVersion() {
        XCTAssertEqual(loadError("reviewers: []\n"), "p.yml:1:1: missing required key `version` (the supported version is 1)")
    }

    func testVersionOfTheWrongType() {
        XCTAssertEqual(loadError("version: one\n"), "p.yml:1:10: `version` must be a whole number, not the text `one`")
    }

    func testUnknownKeyWithSuggestion() {
        XCTAssertEqual(
            loadError("version: 1\nreviewer: []\n"), "p.yml:2:1: unknown key `reviewer` in the policy; did you mean `reviewers`?")
    }

    func testUnknownKeyWithoutNearMissListsTheKeys() {
        XCTAssertEqual(
            loadError("version: 1\nflavour: x\n"),
            "p.yml:2:1: unknown key `flavour` in the policy (expected one of: version, reviewers, paths, providers, rules, approvals, waivers, environments, deploy, evaluates-nothing, schema)")
    }

    func testUnknownNestedKey() {
        XCTAssertEqual(
            loadError("version: 1\nrules:\n  paid-external-call: { tire: high }\n"),
            "p.yml:3:25: unknown key `tire` in a rule; did you mean `tier`?")
    }

    func testWrongType() {
        XCTAssertEqual(
            loadError("version: 1\napprovals:\n  allow-self: yes please\n"),
            "p.yml:3:15: `allow-self` must be true or false, not the text `yes please`")
        XCTAssertEqual(
            loadError("version: 1\nrules: [secret]\n"), "p.yml:2:8: `rules` must be a mapping (key: value), not a list")
    }

    func testUnknownCategory() {
        XCTAssertEqual(
            loadError("version: 1\nrules:\n  paid-externl-call: { tier: low }\n"),
            "p.yml:3:3: unknown rule `paid-externl-call`: not a category or a detector id; did you mean `paid-external-call`?")
    }

    func testUnknownDetectorID() {
        XCTAssertEqual(
            loadError("version: 1\nrules:\n  openai-magic-detector: { tier: low }\n"),
            "p.yml:3:3: unknown rule `openai-magic-detector`: not a category or a detector id")
    }

    /// Detector ids come from the registry at run time, so detectors added later are configurable at once.
    func testEveryRegisteredDetectorCanBeConfiguredAndOverridesItsCategory() throws {
        // A detector named like its category (policy-change) is configured through the category's entry.
        for detector in DetectorRegistry.all where detector.description.id != detector.description.category.rawValue {
            let id = detector.description.id
            let category = detector.description.category
            let policy = try PolicyLoader.load(
                text: "version: 1\nrules:\n  \(category.rawValue): { tier: high, action: require-approval }\n  \(id): { tier: low }\n",
                file: "p.yml")
            XCTAssertEqual(policy.settings(rule: id, category: category).action, .pass, id)
            XCTAssertEqual(policy.settings(rule: id, category: category).tier, .low, id)
        }
    }

    func testUnknownGroup() {
        let reviewers = "version: 1\nreviewers:\n  - id: a@example.com\n    groups: [cost]\n"
        XCTAssertEqual(
            loadError(reviewers + "rules:\n  schema-change: { require: { from: [dba] } }\n"),
            "p.yml:6:38: unknown group `dba`: no reviewer is in it")
        XCTAssertEqual(
            loadError(reviewers + "rules:\n  schema-change: { require: { from: [cots] } }\n"),
            "p.yml:6:38: unknown group `cots`: no reviewer is in it; did you mean `cost`?")
    }

    func testUnknownEnvironment() {
        XCTAssertEqual(
            loadError("version: 1\nenvironments:\n  staging: {}\n  production: { requires: [stagin] }\n"),
            "p.yml:4:28: unknown environment `stagin` in `requires`; did you mean `staging`?")
    }

    func testEnvironmentCycle() {
        XCTAssertEqual(
            loadError("version: 1\nenvironments:\n  a: { requires: [b] }\n  b: { requires: [a] }\n"),
            "p.yml:3:3: environment `a` requires itself (through `requires`)")
    }

    func testBadGlob() {
        XCTAssertEqual(
            loadError("version: 1\npaths:\n  ignore: [\"src/[a\"]\n"),
            "p.yml:3:12: `paths.ignore`: invalid glob \"src/[a\": unclosed '['")
    }

    func testBadDuration() {
        XCTAssertEqual(
            loadError("version: 1\ndeploy:\n  lock-timeout: 5 seconds\n"),
            "p.yml:3:17: `lock-timeout`: invalid duration \"5 seconds\": expected a whole number and a unit (ms, s, m, h, d, w), e.g. 5s or 14d")
    }

    private let waiverHead = "version: 1\nwaivers:\n  - rule: secret\n"

    func testBadDate() {
        XCTAssertEqual(
            loadError(waiverHead + "    reason: test fixture\n    expires: 2026-02-30\n"),
            "p.yml:5:14: `expires` must be a date written YYYY-MM-DD, not `2026-02-30`")
        XCTAssertEqual(
            loadError(waiverHead + "    reason: test fixture\n    expires: next week\n"),
            "p.yml:5:14: `expires` must be a date written YYYY-MM-DD, not `next week`")
    }

    func testWaiverNeedsAReason() {
        XCTAssertEqual(
            loadError(waiverHead + "    expires: 2030-01-01\n"),
            "p.yml:3:5: missing required key `reason` in a waiver (say why it is safe)")
        XCTAssertEqual(
            loadError(waiverHead + "    reason: \"  \"\n    expires: 2030-01-01\n"),
            "p.yml:4:13: a waiver's `reason` must not be empty")
    }

    func testWaiverNeedsAnExpiry() {
        XCTAssertEqual(
            loadError(waiverHead + "    reason: test fixture\n"),
            "p.yml:3:5: missing required key `expires` in a waiver (waivers must expire)")
    }

    func testWaiverForAnUnknownRule() {
        XCTAssertEqual(
            loadError("version: 1\nwaivers:\n  - rule: secrets\n    reason: r\n    expires: 2030-01-01\n"),
            "p.yml:3:11: unknown rule `secrets`: not a category or a detector id; did you mean `secret`?")
    }

    /// Rule ids are short kebab-case words: anything else named as a rule (a token pasted there) is redacted, as in a
    /// gate:allow note, not echoed whole.
    func testAnUnknownRuleThatIsNoRuleIdIsRedacted() {
        let token = "gh" + "p_" + "yblGArjLBUv9G7cy9WBse9UuWQeoTP2r4i0n"
        XCTAssertEqual(
            loadError("version: 1\nwaivers:\n  - rule: \(token)\n    paths: [\"**\"]\n    reason: r\n    expires: 2030-01-01\n"),
            "p.yml:3:11: unknown rule `ghp_…[redacted 40 chars]`: not a category or a detector id")
        XCTAssertEqual(
            loadError("version: 1\nrules:\n  \(token): { tier: low }\n"),
            "p.yml:3:3: unknown rule `ghp_…[redacted 40 chars]`: not a category or a detector id")
        XCTAssertEqual(
            loadError("version: 1\nwaivers:\n  - rule: Secret\n    reason: r\n    expires: 2030-01-01\n"),
            "p.yml:3:11: unknown rule `…[redacted 6 chars]`: not a category or a detector id; did you mean `secret`?")
    }

    func testUnknownEnumValue() {
        XCTAssertEqual(
            loadError("version: 1\nproviders:\n  - id: acme\n    kind: modle\n    hosts: [acme.example]\n"),
            "p.yml:4:11: a provider's `kind` must be one of model, search, messaging, payments, data, not `modle`; did you mean `model`?")
    }

    func testUnknownPackageEcosystem() {
        XCTAssertEqual(
            loadError("version: 1\nproviders:\n  - id: acme\n    kind: model\n    packages: { nmp: [acme] }\n"),
            "p.yml:5:17: unknown package ecosystem `nmp` in `packages`; did you mean `npm`?")
    }

    func testReviewerKeyMustBeAnSSHKey() {
        XCTAssertEqual(
            loadError("version: 1\nreviewers:\n  - id: a@example.com\n    keys: [\"not a key\"]\n"),
            "p.yml:4:12: not an OpenSSH public key line (expected e.g. `ssh-ed25519 AAAA… comment`)")
    }

    func testRequireOnlyWithRequireApproval() {
        XCTAssertEqual(
            loadError("version: 1\nreviewers:\n  - id: a@example.com\n    groups: [cost]\nrules:\n  secret: { require: { from: [cost] } }\n"),
            "p.yml:6:22: `require` applies only when the action is require-approval (here it is block)")
    }

    func testPolicyThatEvaluatesNothingIsAnErrorUnlessSaid() throws {
        let off = Category.allCases.map { "  \($0.rawValue): { enabled: false }\n" }.joined()
        XCTAssertEqual(
            loadError("version: 1\nrules:\n" + off),
            "p.yml:3:3: every category is turned off, so this policy would evaluate nothing; if that is intended, say so with `evaluates-nothing: true`")
        let policy = try PolicyLoader.load(text: "version: 1\nevaluates-nothing: true\nrules:\n" + off, file: "p.yml")
        XCTAssertTrue(policy.evaluatesNothing)
        XCTAssertEqual(
            loadError("version: 1\nevaluates-nothing: true\n"),
            "p.yml:2:20: `evaluates-nothing: true` but some rules are still on; remove it or turn them off")
    }

    func testYAMLSyntaxErrorHasAPosition() {
        let message = loadError("version: 1\nrules: { secret: \n  - x\n")
        XCTAssertTrue(message.hasPrefix("p.yml:3:"), message)
        XCTAssertTrue(message.contains("not valid YAML"), message)
    }

    func testDuplicateKey() {
        let message = loadError("version: 1\nversion: 1\n")
        XCTAssertTrue(message.hasPrefix("p.yml:"), message)
        XCTAssertTrue(message.contains("duplicate key `version`"), message)
    }

    func testEmptyPolicy() {
        XCTAssertEqual(loadError(""), "p.yml:1:1: the policy is empty; it needs at least `version: 1`")
    }

    func testNotUTF8() {
        XCTAssertThrowsError(try PolicyLoader.load(bytes: [0x76, 0xff, 0xfe], file: "p.yml")) { error in
            XCTAssertEqual("\(error)", "p.yml:1:2: the policy is not valid UTF-8 text (save it as UTF-8)")
        }
        // A Latin-1 `é` (0xE9, then an ASCII byte: no continuation) in a reviewer's name on line 3, after valid UTF-8.
        let latin1 = Array("version: 1\n# café ☕\nreviewers:\n  - id: Ren".utf8) + [0xE9] + Array("e\n".utf8)
        XCTAssertThrowsError(try PolicyLoader.load(bytes: latin1, file: "p.yml")) { error in
            XCTAssertEqual("\(error)", "p.yml:4:12: the policy is not valid UTF-8 text (save it as UTF-8)")
        }
    }

    func testUnreadableFile() {
        XCTAssertThrowsError(try PolicyLoader.load(contentsOf: "/nonexistent/policy.yml")) { error in
            XCTAssertEqual("\(error)", "cannot read policy /nonexistent/policy.yml: no such file")
        }
        XCTAssertThrowsError(try PolicyLoader.load(contentsOf: NSTemporaryDirectory())) { error in
            XCTAssertEqual("\(error)", "cannot read policy \(NSTemporaryDirectory()): it is a directory")
        }
    }

    func testTierAloneImpliesTheActionAndActionAloneTheTier() throws {
        let policy = try PolicyLoader.load(
            text: "version: 1\nrules:\n  paid-retry: { tier: critical }\n  schema-change: { action: pass }\n  secret: { tier: high }\n",
            file: "p.yml")
        XCTAssertEqual(policy.settings(for: .paidRetry), RuleSettings(tier: .critical, action: .block, require: nil))
        XCTAssertEqual(policy.settings(for: .schemaChange), RuleSettings(tier: .low, action: .pass, require: nil))
        XCTAssertEqual(
            policy.settings(for: .secret),
            RuleSettings(tier: .high, action: .requireApproval, require: ApprovalRequirement(approvals: 1, from: ["owners"])))
    }

    func testSchemaPostgresVersion() throws {
        XCTAssertEqual(PolicyLoader.builtin.schema.postgresVersion, 15)
        XCTAssertEqual(PolicyLoader.builtin.detectionContext.postgresVersion, 15)
        let eleven = try PolicyLoader.load(text: "version: 1\nschema:\n  postgres-version: 11\n", file: "p.yml")
        XCTAssertEqual(eleven.schema.postgresVersion, 11)
        XCTAssertEqual(eleven.detectionContext.postgresVersion, 11)
        XCTAssertEqual(
            loadError("version: 1\nschema:\n  postgres-version: 42\n"),
            "p.yml:3:21: `postgres-version` must be a Postgres major version from 9 to 17")
        XCTAssertTrue(
            loadError("version: 1\nschema:\n  postgres-version: fifteen\n").hasPrefix("p.yml:3:21: `postgres-version` must be a whole number"))
        XCTAssertTrue(loadError("version: 1\nschema:\n  postgres-versoin: 15\n").contains("postgres-version"))
    }

    /// A detector with its own tier keeps it under its category's settings; naming the detector overrides it,
    /// and turning the category off turns it off too.
    func testDetectorsWithTheirOwnTier() throws {
        let relaxed = try PolicyLoader.load(
            text: "version: 1\nrules:\n  schema-change: { tier: critical, action: block }\n", file: "p.yml")
        XCTAssertEqual(relaxed.settings(rule: "expand-only-migration", category: .schemaChange).tier, .low)
        XCTAssertEqual(relaxed.settings(rule: "prefer-jsonb", category: .schemaChange).action, .pass)
        XCTAssertEqual(relaxed.settings(rule: "contract-still-used", category: .schemaChange).action, .block)
        XCTAssertEqual(relaxed.settings(rule: "drop-column", category: .schemaChange).tier, .critical)
        let named = try PolicyLoader.load(
            text: "version: 1\nrules:\n  expand-only-migration: { tier: high }\n", file: "p.yml")
        XCTAssertEqual(
            named.settings(rule: "expand-only-migration", category: .schemaChange),
            RuleSettings(tier: .high, action: .requireApproval, require: ApprovalRequirement(approvals: 1, from: ["database"])))
        let off = try PolicyLoader.load(
            text: "version: 1\nrules:\n  schema-change: { enabled: false }\n", file: "p.yml")
        XCTAssertFalse(off.settings(rule: "expand-only-migration", category: .schemaChange).enabled)
    }

    func testNearMissDistance() {
        XCTAssertEqual(NearMiss.closest(to: "tier", in: ["tire"]), "tire")
        XCTAssertEqual(NearMiss.closest(to: "evnironments", in: PolicyDocumentReader.topLevelKeys), "environments")
        XCTAssertNil(NearMiss.closest(to: "zzz", in: ["tier", "action"]))
    }
}
