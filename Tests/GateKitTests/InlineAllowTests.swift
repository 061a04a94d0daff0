import Foundation
import GateApprovals
@testable import GateCore
import GateKit
import GateTestSupport
import XCTest

/// Issue #16 point 6: a `gate:allow RULE -- reason` comment turns one block into a sign-off from `owners` — never a
/// pass, never less than the policy asks — and the report shows it. Real repositories and the real detectors.
final class InlineAllowTests: XCTestCase {
    /// A FastAPI route proxying OpenAI with no guard: `unprotected-endpoint` blocks it (line 13), and the call
    /// itself needs cost sign-off (line 15). `marker` goes on line 12, right above the route.
    static func openRoute(marker: String = "") -> String {
        """
        from fastapi import FastAPI
        from openai import OpenAI
        from pydantic import BaseModel

        app = FastAPI()
        client = OpenAI()


        class Prompt(BaseModel):
            text: str

        \(marker)
        @app.post("/summarize")
        async def summarize(prompt: Prompt):
            completion = client.chat.completions.create(
                model="gpt-4o",
                messages=[{"role": "user", "content": prompt.text}],
            )
            return {"summary": completion.choices[0].message.content}

        """
    }

    /// The approval scenario's repository (alice: cost and owners) with `files` committed on the feature branch.
    private func scenario(_ files: [String: String]) throws -> ApprovalScenario {
        let scenario = try ApprovalScenario()
        for (path, text) in files { try scenario.repo.write(path, text) }
        try scenario.repo.commit("the change")
        return scenario
    }

    private func finding(_ report: Report, _ rule: String) throws -> Finding {
        try XCTUnwrap(report.findings.first { $0.rule == rule }, "\(report.findings.map(\.rule))")
    }

    func testWithoutAnAllowTheOpenRouteIsBlocked() throws {
        let report = try scenario(["api/main.py": Self.openRoute()]).check()
        XCTAssertEqual(report.decision, .block)
        XCTAssertEqual(try finding(report, "unprotected-endpoint").action, .block)
    }

    func testAnAllowWithAReasonTurnsTheBlockIntoAnOwnersSignOffThatAnOwnerCanGive() throws {
        let reason = "public demo endpoint, rate limited at the CDN (INC-77)"
        let scenario = try scenario(["api/main.py": Self.openRoute(marker: "# gate:allow unprotected-endpoint -- \(reason)")])
        let report = try scenario.check()
        // Not a pass: the block became a requirement for owners, next to the cost sign-off the call needs anyway.
        XCTAssertEqual(report.decision, .needsApproval)
        let endpoint = try finding(report, "unprotected-endpoint")
        XCTAssertEqual(endpoint.action, .requireApproval)
        XCTAssertEqual(endpoint.tier, .critical)
        XCTAssertEqual(endpoint.allowance, AppliedAllowance(rule: "unprotected-endpoint", reason: reason, line: 12, group: "owners"))
        XCTAssertEqual(report.requirements.map(\.group), ["cost", "owners"])
        XCTAssertNotNil(report.fingerprints?["owners"])

        // The report says so, in every format a reviewer reads.
        let text = TextReportRenderer(color: false).render(report)
        XCTAssertTrue(text.contains("allowed inline at line 12 (gate:allow unprotected-endpoint -- \(reason)): "
                                    + "needs sign-off from owners instead of blocking"), text)
        XCTAssertTrue(MarkdownReportRenderer().render(report).contains("allowed inline at line 12"))
        let annotation = GitHubAnnotationRenderer().render(report).split(separator: "\n")
            .first { $0.contains("file=api/main.py,line=13") }
        XCTAssertTrue(annotation?.hasPrefix("::warning ") == true, "\(annotation ?? "none")")
        XCTAssertTrue(annotation?.contains("allowed inline at line 12") == true, "\(annotation ?? "none")")
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(JSONReportRenderer.render(report).utf8)) as? [String: Any])
        let allowed = try XCTUnwrap((json["findings"] as? [[String: Any]])?.first { $0["rule"] as? String == "unprotected-endpoint" })
        XCTAssertEqual(allowed["action"] as? String, "require-approval")
        XCTAssertEqual((allowed["allowance"] as? [String: Any])?["reason"] as? String, reason)

        // Alice (cost and owners) signs both; the gate opens only then.
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let approved = try scenario.check()
        XCTAssertEqual(approved.decision, .pass, "\(approved.approvals)")
        XCTAssertEqual(approved.requirements.first { $0.group == "owners" }?.satisfiedBy, ["alice@example.com"])

        // Rewording the reason is asking the owners again.
        try scenario.repo.write("api/main.py", Self.openRoute(marker: "# gate:allow unprotected-endpoint -- trust me"))
        try scenario.repo.commit("reworded")
        let reworded = try scenario.check()
        XCTAssertEqual(reworded.decision, .needsApproval)
        XCTAssertEqual(reworded.requirements.first { $0.group == "owners" }?.satisfied, false)
    }

    func testTheAllowMayBeOnTheFlaggedLineInAnyCommentSyntaxAndMayNameTheCategory() throws {
        let route = Self.openRoute().replacingOccurrences(
            of: "@app.post(\"/summarize\")", with: "@app.post(\"/summarize\")  # gate:allow unprotected-endpoint -- demo")
        let report = try scenario(["api/main.py": route]).check()
        XCTAssertEqual(try finding(report, "unprotected-endpoint").allowance?.line, 13)
        XCTAssertEqual(report.decision, .needsApproval)

        for (text, rule) in [
            ("x = 1 // gate:allow unprotected-endpoint -- a reason", "unprotected-endpoint"),
            ("/* gate:allow secret -- a reason */ call()", "secret"),
            ("-- gate:allow contract-still-used -- the column goes in this release", "contract-still-used"),
        ] {
            XCTAssertEqual(InlineAllowComment.parse(text, line: 1)?.rule, rule, text)
            XCTAssertNotNil(InlineAllowComment.parse(text, line: 1)?.reason, text)
        }
        XCTAssertNil(InlineAllowComment.parse("x = gate:allow unprotected-endpoint -- not a comment", line: 1))
        // A comment opener inside a string literal is text, not a comment.
        XCTAssertNil(InlineAllowComment.parse(#"const note = "// gate:allow unprotected-endpoint -- internal only";"#, line: 1))
        XCTAssertNil(InlineAllowComment.parse(#"note = 'a # gate:allow paid -- x'"#, line: 1))
        XCTAssertNotNil(InlineAllowComment.parse(#"const url = "https://x"; // gate:allow paid -- internal"#, line: 1))
        XCTAssertNil(InlineAllowComment.parse("/* gate:allow secret */", line: 1)?.reason)
    }

    /// The marker's bytes are looked for before a line is parsed: found at either end of a line, missed when
    /// one byte differs or the line is too short to hold it.
    func testTheMarkerIsFoundAnywhereInTheLinesBytes() {
        func holds(_ text: String) -> Bool { Array(text.utf8).withUnsafeBufferPointer(InlineAllowComment.holdsMarker) }
        XCTAssertTrue(holds("gate:allow"))
        XCTAssertTrue(holds("# gate:allow secret -- reason"))
        XCTAssertTrue(holds("call() // ggate:allow"))
        XCTAssertFalse(holds("gate:allo"))
        XCTAssertFalse(holds("call() // gate-allow secret"))
        XCTAssertFalse(holds("Gate:Allow"))
        XCTAssertFalse(holds(""))
    }

    /// A route that existed before and now calls the model: the finding is on the first line the change adds to the
    /// route (not on its decorator), and that line follows a deleted one in the hunk.
    func testAnAllowAddedAboveAnUnchangedRouteInAModifiedFile() throws {
        let scenario = try ApprovalScenario()
        let call = """
                completion = client.chat.completions.create(
                    model="gpt-4o",
                    messages=[{"role": "user", "content": prompt.text}],
                )
                return {"summary": completion.choices[0].message.content}
            """
        let before = Self.openRoute().replacingOccurrences(of: call, with: "    return {\"summary\": prompt.text[:100]}")
        XCTAssertNotEqual(before, Self.openRoute())
        try scenario.repo.git("checkout", "-q", "main")
        try scenario.repo.write("api/main.py", before)
        try scenario.repo.commit("a route that only truncates")
        try scenario.repo.git("checkout", "-q", "feature")
        try scenario.repo.git("merge", "-q", "--no-edit", "main")
        try scenario.repo.write("api/main.py", Self.openRoute().replacingOccurrences(
            of: "    completion = client", with: "    # gate:allow unprotected-endpoint -- internal tool\n    completion = client"))
        try scenario.repo.commit("summarize with a model")
        let report = try scenario.check()
        let endpoint = try finding(report, "unprotected-endpoint")
        // A changed route is reported at the first line the change adds to it: here the comment itself.
        XCTAssertEqual(endpoint.line, 15)
        XCTAssertEqual(endpoint.allowance?.line, 15)
        XCTAssertEqual(endpoint.action, .requireApproval)
        XCTAssertEqual(report.decision, .needsApproval)
    }

    /// The owners a first policy lists may sign off that policy (bootstrap), but not an allowed block in the same
    /// change: the allow asks the gate's owners, and a policy not yet in the base is not those.
    func testAFirstPolicysOwnersCannotSignOffAnAllowedBlock() throws {
        let keys = try TemporaryDirectory(prefix: "gate-keys")
        let made = try runProcess("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", keys.path + "/alice"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let alice = try String(contentsOfFile: keys.path + "/alice.pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let repo = try GitFixture()
        try repo.write("README.md", "service\n")
        try repo.commit("start")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write(".gate/policy.yml", """
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["\(alice)"]
                groups: [owners, cost]

            """)
        try repo.write("api/main.py", Self.openRoute(marker: "# gate:allow unprotected-endpoint -- demo"))
        try repo.commit("adopt gate with a demo route")
        let report = try CheckRunner().run(
            CheckRequest(repositoryPath: repo.path, base: "main", head: "feature", environment: [:]))
        XCTAssertEqual(try finding(report, "unprotected-endpoint").allowance?.group, "owners")
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertNil(report.policy.bootstrap)
        XCTAssertTrue(report.notes.contains {
            $0.hasPrefix("first-policy bootstrap does not cover owners:") && $0.contains("unprotected-endpoint")
        }, "\(report.notes)")
    }

    func testAnAllowWithoutAReasonIsIgnoredAndTheReportSaysWhy() throws {
        let report = try scenario(["api/main.py": Self.openRoute(marker: "# gate:allow unprotected-endpoint")]).check()
        XCTAssertEqual(report.decision, .block)
        let endpoint = try finding(report, "unprotected-endpoint")
        XCTAssertEqual(endpoint.action, .block)
        XCTAssertNil(endpoint.allowance)
        XCTAssertTrue(report.notes.contains {
            $0.hasPrefix("gate:allow unprotected-endpoint at api/main.py:12 was ignored: no reason given")
        }, "\(report.notes)")
        XCTAssertTrue(TextReportRenderer(color: false).render(report).contains("no reason given"))
    }

    func testAnAllowNamingAnotherRuleIsIgnoredAndTheReportSaysWhy() throws {
        let report = try scenario(["api/main.py": Self.openRoute(marker: "# gate:allow secret -- not a key")]).check()
        XCTAssertEqual(report.decision, .block)
        XCTAssertTrue(report.notes.contains { $0.contains("names neither this finding's rule (unprotected-endpoint)") },
                      "\(report.notes)")
    }

    func testAnAllowNeverLowersASignOff() throws {
        // On the paid call itself, which needs cost sign-off: the allow changes nothing, and the report says why.
        let route = Self.openRoute(marker: "# gate:allow unprotected-endpoint -- demo").replacingOccurrences(
            of: "    completion = client", with: "    # gate:allow paid-external-call -- cheap model\n    completion = client")
        let report = try scenario(["api/main.py": route]).check()
        let call = try XCTUnwrap(report.findings.first { $0.category == .paidExternalCall && $0.line == 16 },
                                 "\(report.findings.map { "\($0.rule):\($0.line)" })")
        XCTAssertEqual(call.action, .requireApproval)
        XCTAssertNil(call.allowance)
        XCTAssertEqual(report.requirements.first { $0.group == "cost" }?.satisfied, false)
        XCTAssertTrue(report.notes.contains { $0.contains("gate:allow paid-external-call") && $0.contains("does not block") },
                      "\(report.notes)")
    }

    func testASecretCannotBeAllowedInline() throws {
        let key = "sk_" + "live_" + "Zq8vN3kR7tLm2XwP9cYb4HsJ6dFg1Ae5"
        let report = try scenario([
            "config/billing.py": "import stripe\n# gate:allow secret -- rotated already\nstripe.api_key = \"\(key)\"\n",
        ]).check()
        let secret = try XCTUnwrap(report.findings.first { $0.category == .secret }, "\(report.findings.map(\.rule))")
        XCTAssertEqual(secret.action, .block)
        XCTAssertNil(secret.allowance)
        XCTAssertEqual(report.decision, .block)
        XCTAssertTrue(report.notes.contains { $0.contains("secret findings cannot be allowed inline") }, "\(report.notes)")
        XCTAssertFalse(TextReportRenderer(color: false).render(report).contains(key))
    }

    func testAKeyPastedIntoAnAllowsReasonIsNeverPrinted() throws {
        let key = "sk_" + "live_" + "Zq8vN3kR7tLm2XwP9cYb4HsJ6dFg1Ae5"
        let report = try scenario([
            "api/main.py": Self.openRoute(marker: "# gate:allow unprotected-endpoint -- callers send \(key)"),
        ]).check()
        XCTAssertTrue(report.findings.contains { $0.category == .secret && $0.path == "api/main.py" && $0.line == 12 },
                      "\(report.findings.map { "\($0.rule):\($0.line)" })")
        XCTAssertEqual(report.decision, .block)
        XCTAssertEqual(try finding(report, "unprotected-endpoint").allowance?.reason,
                       "(reason withheld: a secret was found on this comment's line)")
        for output in [TextReportRenderer(color: false).render(report), MarkdownReportRenderer().render(report),
                       try JSONReportRenderer.render(report), GitHubAnnotationRenderer().render(report)] {
            XCTAssertFalse(output.contains(key), output)
        }
    }

    func testAKeyWrittenWhereTheRuleGoesIsNeverPrinted() throws {
        let key = "sk_" + "live_" + "Zq8vN3kR7tLm2XwP9cYb4HsJ6dFg1Ae5"
        let report = try scenario(["api/main.py": Self.openRoute(marker: "# gate:allow \(key) -- oops")]).check()
        XCTAssertTrue(report.notes.contains { $0.hasPrefix("gate:allow sk_l…[redacted 40 chars] at api/main.py:12 was ignored") },
                      "\(report.notes)")
        XCTAssertFalse(TextReportRenderer(color: false).render(report).contains(key))
        XCTAssertFalse(try JSONReportRenderer.render(report).contains(key))
    }

    func testAPolicyChangeCannotBeAllowedInline() throws {
        // The policy-change finding needs owners already; an allow on it must not be read as anything else.
        let scenario = try ApprovalScenario()
        let policy = try String(contentsOfFile: scenario.repo.path + "/.gate/policy.yml", encoding: .utf8)
        try scenario.repo.write(".gate/policy.yml", "# gate:allow policy-change -- just a comment\n" + policy)
        try scenario.repo.commit("touch the policy")
        let report = try scenario.check()
        let change = try XCTUnwrap(report.findings.first { $0.category == .policyChange }, "\(report.findings.map(\.rule))")
        XCTAssertNil(change.allowance)
        XCTAssertEqual(change.action, .requireApproval)
        XCTAssertTrue(report.notes.contains { $0.contains("policy-change findings cannot be allowed inline") }, "\(report.notes)")
    }

    /// The migration blocked because head code still uses the column: an SQL comment allows it, through the binary,
    /// and the migration itself still parses (the allow is not an unknown directive).
    func testASQLAllowOnABlockedContractMigrationThroughTheBinary() throws {
        let repo = try GitFixture()
        try repo.write("app/models.py", "class Report(Model):\n    body = TextField()\n    legacy_flag = BooleanField()\n")
        try repo.write("db/migrations/0001_init.sql", "CREATE TABLE reports (id bigint PRIMARY KEY, body text, legacy_flag boolean);\n")
        let base = try repo.commit("init")
        try repo.write("db/migrations/0002_drop_legacy.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            -- gate:allow contract-still-used -- models.py drops the field in the same release
            ALTER TABLE reports DROP COLUMN legacy_flag;
            """)
        try repo.commit("drop the flag")
        let result = try runProcess(
            gateExecutablePath(), ["check", "--repo", repo.path, "--base", base, "--head", "HEAD"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("gate: NEEDS"), result.stdout)
        XCTAssertTrue(result.stdout.contains("[contract-still-used]"), result.stdout)
        XCTAssertTrue(result.stdout.contains(
            "allowed inline at line 3 (gate:allow contract-still-used -- models.py drops the field in the same release)"),
            result.stdout)
        XCTAssertTrue(result.stdout.contains("1 approval from owners: missing"), result.stdout)
    }
}
