import GateCore
import GatePolicy
import XCTest

/// SPEC §2: findings in test code are tier low by default (visible, never blocking, no sign-off), except secrets
/// and changes to the gate; `paths.tests` decides what test code is and can raise them.
final class TestFileTierTests: XCTestCase {
    private func finding(_ category: Category, _ path: String, rule: String = "paid-sdk-call") -> Finding {
        Finding(rule: rule, category: category, path: path, line: 3, column: nil, message: "m", provider: nil, evidence: nil)
    }

    func testDefaultTestPatternsCoverTheUsualLayouts() {
        // The built-in policy (policies/default.yml) lists exactly the defaults PathSettings uses.
        XCTAssertEqual(PolicyLoader.builtin.paths.tests.map(\.pattern), PathSettings.defaultTestPatterns)
        let settings = PathSettings()
        for path in [
            "src/lib/summarize.test.ts", "web/app/chat.spec.tsx", "internal/llm/claude_test.go", "tests/test_api.py",
            "app/tests/test_views.py", "test_client.py", "spec/models/user_spec.rb", "test/jobs/digest_job_test.rb",
            "src/__tests__/chat.tsx", "src/test/java/app/AssistantTest.java", "conftest.py", "notes/tests.py", "pkg/testdata/openai.go",
            "e2e/chat.ts", "Tests/AppTests/AskTests.swift", "cypress/e2e/chat.cy.ts", "web/playwright/chat.ts",
            "src/components/Chat.stories.tsx", "web/.storybook/preview.ts", "examples/chatbot/app.py",
            "example/server.js",
        ] {
            XCTAssertTrue(settings.isTest(path), path)
        }
        for path in [
            "src/lib/summarize.ts", "app/api/chat/route.ts", "internal/llm/claude.go", "app/services/latest.py",
            "src/contest/entry.ts", "lib/testing_tools.rb", "src/attestation.py", "app/api/test/route.ts",
            "pages/api/spec/index.ts", "app/examples/page.tsx", "src/example.ts", "src/stories.ts", "notes/contests.py",
        ] {
            XCTAssertFalse(settings.isTest(path), path)
        }
    }

    func testTestFileFindingsAreLowAndDoNotNeedSignOff() {
        let policy = Policy()
        let findings = [
            finding(.paidExternalCall, "src/lib/summarize.test.ts"),
            finding(.unprotectedEndpoint, "tests/test_routes.py", rule: "unprotected-endpoint"),
            finding(.paidExternalCall, "src/lib/summarize.ts"),
        ]
        let evaluation = PolicyEvaluator.evaluate(findings, policy: policy, today: "2026-01-01")
        XCTAssertEqual(evaluation.findings.map(\.tier), [.low, .low, .high])
        XCTAssertEqual(evaluation.findings.map(\.action), [.pass, .pass, .requireApproval])
        XCTAssertTrue(evaluation.findings[0].message.contains("test code"))
        XCTAssertEqual(evaluation.requirements.map(\.group), ["cost"])
        let onlyTests = PolicyEvaluator.evaluate(Array(findings.prefix(2)), policy: policy, today: "2026-01-01")
        XCTAssertEqual(PolicyEvaluator.decide(findings: onlyTests.findings, requirements: onlyTests.requirements), .pass)
    }

    /// SPEC §2: a test-path pattern does not make a served route test code; test apps, test files beside routes and
    /// `__tests__` stay test code (the fixtures x508-1…3 run the served ones end to end).
    func testServedRoutesUnderTestNamedFoldersAreNoTestCode() {
        let settings = PathSettings()
        for path in [
            "app/api/tests/[id]/grade/route.ts", "app/api/e2e/seed/route.ts", "pages/api/tests/grade.js",
            "src/app/api/playwright/route.ts", "api/tests/run.ts",
        ] {
            XCTAssertFalse(settings.isTest(path), path)
        }
        for path in [
            "e2e/app/api/seed/route.ts", "test/fixtures/pages/api/chat.ts", "pages/api/chat.test.ts",
            "pages/api/__tests__/summary.ts", "examples/app/api/chat/route.ts", "apps/web/e2e/app/api/x/route.ts",
            "tests/test_explain.py", "app/routers/tests.py",
        ] {
            XCTAssertTrue(settings.isTest(path), path)
        }
        // A Python router the app includes is marked by its detector: no longer test code; others stay low.
        var served = finding(.unprotectedEndpoint, "app/routers/tests.py", rule: "unprotected-endpoint")
        served.servedFile = true
        let evaluation = PolicyEvaluator.evaluate([
            served, finding(.paidExternalCall, "app/routers/tests.py"), finding(.paidExternalCall, "tests/test_explain.py"),
        ], policy: Policy(), today: "2026-01-01")
        XCTAssertEqual(evaluation.findings.map(\.tier), [.critical, .high, .low])
    }

    func testSecretsAndPolicyChangesInTestsKeepTheirTier() {
        let evaluation = PolicyEvaluator.evaluate([
            finding(.secret, "tests/fixtures/keys.py", rule: "openai-key"),
            finding(.policyChange, "tests/.gate/policy.yml", rule: "policy-change"),
        ], policy: Policy(), today: "2026-01-01")
        XCTAssertEqual(evaluation.findings.map(\.tier), [.critical, .high])
    }

    func testThePolicyRaisesTestFindingsWithItsOwnList() throws {
        let empty = try PolicyLoader.load(text: """
            version: 1
            paths:
              tests: []
            """, file: "policy.yml")
        let raised = PolicyEvaluator.evaluate([finding(.paidExternalCall, "src/a.test.ts")], policy: empty, today: "2026-01-01")
        XCTAssertEqual(raised.findings.map(\.tier), [.high])
        let custom = try PolicyLoader.load(text: """
            version: 1
            paths:
              tests: ["qa/**"]
            """, file: "policy.yml")
        let judged = PolicyEvaluator.evaluate(
            [finding(.paidExternalCall, "qa/smoke.py"), finding(.paidExternalCall, "src/a.test.ts")], policy: custom,
            today: "2026-01-01")
        XCTAssertEqual(judged.findings.map(\.tier), [.low, .high])
        XCTAssertThrowsError(try PolicyLoader.load(text: "version: 1\npaths:\n  tests: \"qa/**\"\n", file: "policy.yml"))
    }
}
