import GateCore
import XCTest

@testable import GatePolicy

final class PolicyEvaluatorTests: XCTestCase {
    private let reviewers = """
        version: 1
        reviewers:
          - id: alice@example.com
            groups: [cost, database, owners]

        """

    private func finding(_ category: Category, _ path: String, rule: String? = nil, line: Int = 3) -> Finding {
        var finding = Finding(rule: rule ?? category.rawValue, category: category, path: path, line: line, message: "m")
        finding.id = "\(category.rawValue)-\(path)"
        return finding
    }

    private func policy(_ extra: String) throws -> Policy {
        try PolicyLoader.load(text: reviewers + extra, file: "p.yml")
    }

    func testDetectorThatBlocksKeepsBlockingWhenOnlyItsCategoryIsRelaxed() throws {
        var stillUsed = Finding(
            rule: "contract-still-used", category: .schemaChange, path: "db/migrations/9_drop.sql", line: 2,
            message: "m", tier: .critical, action: .block)
        stillUsed.id = "still-used"
        let relaxedCategory = try policy("rules:\n  schema-change: { tier: low, action: pass }\n")
        let kept = PolicyEvaluator.evaluate([stillUsed], policy: relaxedCategory, today: "2026-11-23")
        XCTAssertEqual(kept.findings.map(\.action), [.block])
        XCTAssertEqual(kept.findings.map(\.tier), [.critical])

        let namedDetector = try policy("rules:\n  contract-still-used: { tier: high, action: require-approval }\n")
        let relaxed = PolicyEvaluator.evaluate([stillUsed], policy: namedDetector, today: "2026-11-23")
        XCTAssertEqual(relaxed.findings.map(\.action), [.requireApproval])

        // A category that blocks by default (secrets) is still relaxed by its category rule.
        let secretPolicy = try policy("rules:\n  secret: { tier: high, action: require-approval }\n")
        let secret = PolicyEvaluator.evaluate([finding(.secret, "README.md", rule: "openai-api-key")],
                                              policy: secretPolicy, today: "2026-11-23")
        XCTAssertEqual(secret.findings.map(\.action), [.requireApproval])
    }

    func testValidWaiverWaivesAndIsRecorded() throws {
        let policy = try policy("""
            waivers:
              - rule: paid-external-call
                paths: ["scripts/backfill/**"]
                reason: "one-off backfill, reviewed in INC-123"
                expires: 2026-12-31

            """)
        let evaluation = PolicyEvaluator.evaluate(
            [finding(.paidExternalCall, "scripts/backfill/run.py"), finding(.paidExternalCall, "src/app.py")],
            policy: policy, today: "2026-12-31")
        XCTAssertEqual(evaluation.findings.map(\.waived), [true, false])
        XCTAssertEqual(
            evaluation.findings.first?.waiver,
            AppliedWaiver(rule: "paid-external-call", reason: "one-off backfill, reviewed in INC-123", expires: "2026-12-31"))
        XCTAssertNil(evaluation.findings.last?.waiver)
        // The unwaived finding alone needs cost's sign-off.
        XCTAssertEqual(evaluation.requirements, [Requirement(group: "cost", approvals: 1)])
        XCTAssertEqual(evaluation.notes, [])
    }

    func testWaivedFindingNeedsNoSignOffAndPasses() throws {
        let policy = try policy("""
            waivers:
              - rule: secret
                paths: ["docs/**"]
                reason: "documented example key, rotated"
                expires: 2030-01-01

            """)
        let evaluation = PolicyEvaluator.evaluate([finding(.secret, "docs/setup.md")], policy: policy, today: "2026-11-23")
        XCTAssertEqual(evaluation.findings.map(\.waived), [true])
        XCTAssertEqual(PolicyEvaluator.decide(findings: evaluation.findings, requirements: evaluation.requirements), .pass)
    }

    func testExpiredWaiverIsReportedAndIgnored() throws {
        let policy = try policy("""
            waivers:
              - rule: secret
                reason: "old exception"
                expires: 2026-11-22

            """)
        let evaluation = PolicyEvaluator.evaluate([finding(.secret, "config/app.env")], policy: policy, today: "2026-11-23")
        XCTAssertEqual(evaluation.findings.map(\.waived), [false])
        XCTAssertEqual(evaluation.notes, ["waiver for secret (p.yml:6:5) expired on 2026-11-22 and was ignored"])
        XCTAssertEqual(PolicyEvaluator.decide(findings: evaluation.findings, requirements: evaluation.requirements), .block)
    }

    func testUnusedWaiverIsReported() throws {
        let policy = try policy("""
            waivers:
              - rule: schema-change
                paths: ["db/legacy/**"]
                reason: "legacy schema being retired"
                expires: 2030-01-01

            """)
        let evaluation = PolicyEvaluator.evaluate([finding(.schemaChange, "db/migrations/1.sql")], policy: policy, today: "2026-11-23")
        XCTAssertEqual(evaluation.notes, ["waiver for schema-change (p.yml:6:5) matched no finding in this change"])
        XCTAssertEqual(evaluation.requirements, [Requirement(group: "database", approvals: 1)])
    }

    func testDetectorWaiverIsPreferredOverCategoryWaiver() throws {
        let policy = try policy("""
            waivers:
              - rule: policy-change
                reason: "category-wide"
                expires: 2030-01-01

            """)
        let evaluation = PolicyEvaluator.evaluate(
            [finding(.policyChange, ".gate/policy.yml", rule: "policy-change")], policy: policy, today: "2026-11-23")
        XCTAssertEqual(evaluation.findings.first?.waiver?.reason, "category-wide")
    }

    func testRulesSetTierActionAndRequirements() throws {
        let policy = try policy("""
            rules:
              paid-external-call: { require: { approvals: 2, from: [cost] } }
              batch-model-call: { require: { approvals: 1, from: [cost, owners] } }
              paid-retry: { tier: critical }
              schema-change: { action: pass }

            """)
        let evaluation = PolicyEvaluator.evaluate(
            [
                finding(.paidExternalCall, "a.py"), finding(.batchModelCall, "jobs/b.py"), finding(.paidRetry, "c.py"),
                finding(.schemaChange, "db/migrations/1.sql"),
            ], policy: policy, today: "2026-11-23")
        XCTAssertEqual(evaluation.findings.map(\.action), [.requireApproval, .requireApproval, .block, .pass])
        XCTAssertEqual(evaluation.findings.map(\.tier), [.high, .high, .critical, .low])
        // Per group, the largest count any finding needs.
        XCTAssertEqual(
            evaluation.requirements, [Requirement(group: "cost", approvals: 2), Requirement(group: "owners", approvals: 1)])
    }

    func testDisabledRulesAndIgnoredPathsDropFindings() throws {
        let policy = try policy("""
            paths:
              ignore: ["generated/**", "**"]
            rules:
              paid-retry: { enabled: false }

            """)
        let evaluation = PolicyEvaluator.evaluate(
            [finding(.paidRetry, "c.py"), finding(.paidExternalCall, "generated/client.py"),
             finding(.policyChange, ".gate/policy.yml"), finding(.policyChange, ".github/workflows/gate.yml")],
            policy: policy, today: "2026-11-23")
        // A policy cannot ignore changes to itself or to its CI.
        XCTAssertEqual(evaluation.findings.map(\.path), [".gate/policy.yml", ".github/workflows/gate.yml"])
    }

    func testDefaultIgnoreCoversVendoredGeneratedAndMinified() {
        let policy = PolicyLoader.builtin
        for path in ["vendor/lib/a.py", "web/node_modules/x/index.js", "static/app.min.js", "web/dist/bundle.js",
                     "api/schema.generated.ts", "package-lock.json"] {
            XCTAssertTrue(policy.ignores(path), path)
        }
        // Vendored code is anchored at the root: a folder called vendor deeper down is the team's own code.
        for path in ["src/app.py", "jobs/summarize.py", ".gate/policy.yml", "src/vendor/client.py", "lib/third_party/x.py"] {
            XCTAssertFalse(policy.ignores(path), path)
        }
    }

    func testBuildOutputIgnoreNeverHidesARouteFolderNamedDist() throws {
        let builtin = PolicyLoader.builtin
        // Served: a route folder named dist (`/api/dist`), in Next's app and pages routers and SvelteKit.
        for path in ["app/api/dist/route.ts", "src/app/api/dist/route.ts", "pages/api/dist/index.ts", "src/routes/dist/+server.ts"] {
            XCTAssertFalse(builtin.ignores(path), path)
        }
        // Built: an app written into dist/, whose path past dist/ is a route's; and dist/ files that are no route.
        for path in ["dist/app/api/chat/route.js", "packages/web/dist/pages/api/chat.js", "app/api/dist/helpers.ts", "web/dist/bundle.js"] {
            XCTAssertTrue(builtin.ignores(path), path)
        }
        // A team's pattern that names the route still hides it.
        let own = try policy("""
            paths:
              ignore: ["**/dist/**", "app/api/dist/**"]
            """)
        XCTAssertTrue(own.ignores("app/api/dist/route.ts"))
    }

    func testDeclaredMigrationsAndJobsAreJudgedWhateverIgnorePatternMatches() throws {
        let declared = try policy("""
            paths:
              migrations: ["db/dist/migrations/**"]
              jobs: ["vendor/acme/jobs/**"]
            deploy:
              migrations: build/dist/sql
            """)
        for path in ["db/dist/migrations/002_drop.sql", "vendor/acme/jobs/nightly.py", "build/dist/sql/0003_x.sql"] {
            XCTAssertFalse(declared.ignores(path), path)
        }
        // Only what is declared: the rest of dist/ and vendor/ stays ignored.
        for path in ["db/dist/bundle.js", "vendor/acme/lib/client.py", "build/dist/sqlite/x.sql", "web/dist/schema.sql"] {
            XCTAssertTrue(declared.ignores(path), path)
        }
    }

    func testDecision() {
        var blocking = finding(.secret, "a")
        blocking.action = .block
        var signOff = finding(.paidExternalCall, "b")
        signOff.action = .requireApproval
        let open = [Requirement(group: "cost", approvals: 1)]
        let met = [Requirement(group: "cost", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true)]
        XCTAssertEqual(PolicyEvaluator.decide(findings: [blocking, signOff], requirements: met), .block)
        XCTAssertEqual(PolicyEvaluator.decide(findings: [signOff], requirements: open), .needsApproval)
        XCTAssertEqual(PolicyEvaluator.decide(findings: [signOff], requirements: met), .pass)
        XCTAssertEqual(PolicyEvaluator.decide(findings: [], requirements: []), .pass)
        var waivedBlock = blocking
        waivedBlock.waived = true
        XCTAssertEqual(PolicyEvaluator.decide(findings: [waivedBlock], requirements: []), .pass)
    }
}
