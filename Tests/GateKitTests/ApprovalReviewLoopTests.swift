import Foundation
import GateTestSupport
import XCTest

/// The review loop as people run it, through the built `gate` binary: two clones, one bare remote.
final class ApprovalReviewLoopTests: XCTestCase {
    private func gate(_ arguments: [String], in directory: String, email: String,
                      extraEnvironment: [String: String] = [:]) throws -> ProcessResult {
        var environment = GitFixture.environment.merging(extraEnvironment) { $1 }
        environment["NO_COLOR"] = "1"
        environment["GIT_AUTHOR_EMAIL"] = email
        environment["GIT_COMMITTER_EMAIL"] = email
        return try runProcess(gateExecutablePath(), arguments, in: directory, environment: environment)
    }

    /// A bare remote holding the author's main and feature branches, as `origin`.
    private func publish(_ author: GitFixture) throws -> TemporaryDirectory {
        let remote = try TemporaryDirectory(prefix: "gate-remote")
        try runProcess("git", ["init", "-q", "--bare", remote.path], environment: GitFixture.environment)
        try author.git("remote", "add", "origin", remote.path)
        try author.git("push", "-q", "origin", "main", "feature")
        return remote
    }

    private func clone(_ remote: String) throws -> GitFixture {
        let directory = try TemporaryDirectory(prefix: "gate-clone")
        let result = try runProcess("git", ["clone", "-q", remote, directory.path], environment: GitFixture.environment)
        guard result.status == 0 else { throw FixtureError("clone: \(result.stderr)") }
        return GitFixture(existing: directory)
    }

    func testAuthorPushesCheckNamesTheSignerReviewerApprovesAndPushesCheckPasses() throws {
        // The author's repository, with the policy on main and the risky change on a branch, published to a remote.
        let scenario = try ApprovalScenario()
        let remote = try publish(scenario.repo)
        let author = scenario.repo
        try author.git("fetch", "-q", "origin")

        // Check says who must sign, and how.
        let closed = try gate(["check", "--base", "origin/main"], in: author.path, email: "author@example.com")
        XCTAssertEqual(closed.status, 1, closed.stderr)
        XCTAssertTrue(closed.stdout.contains("1 approval from cost: missing"), closed.stdout)
        XCTAssertTrue(closed.stdout.contains("gate approve"), closed.stdout)
        XCTAssertTrue(closed.stdout.contains("app/summarize.py:7"), closed.stdout)

        // The reviewer, in their own clone, sees the findings, approves and pushes.
        let reviewer = try clone(remote.path)
        try reviewer.git("checkout", "-q", "feature")
        try reviewer.git("config", "user.email", "alice@example.com")
        try reviewer.git("config", "user.signingkey", scenario.alicePrivateKey)
        let approved = try gate(["approve", "--base", "origin/main", "--reason", "bounded by the job's quota", "--push"],
                                in: reviewer.path, email: "alice@example.com")
        XCTAssertEqual(approved.status, 0, approved.stdout + approved.stderr)
        XCTAssertTrue(approved.stdout.contains("Needs sign-off"), approved.stdout)
        XCTAssertTrue(approved.stdout.contains("Approved as alice@example.com for cost, until "), approved.stdout)
        // The approval binds to the cost group's fingerprint, which the check printed too.
        let costLine = closed.stdout.split(separator: "\n").first { $0.hasPrefix("  cost: sha256:") }
        XCTAssertNotNil(costLine, closed.stdout)
        XCTAssertTrue(approved.stdout.contains(String(costLine ?? "?") + "\n"), approved.stdout)
        XCTAssertTrue(approved.stdout.contains("pushed refs/gate/approvals to origin"), approved.stdout)

        // Until the author fetches the approvals, the gate stays closed; then it opens.
        XCTAssertEqual(try gate(["check", "--base", "origin/main"], in: author.path, email: "author@example.com").status, 1)
        try author.git("fetch", "-q", "origin", "refs/gate/approvals:refs/gate/approvals")
        let open = try gate(["check", "--base", "origin/main", "--format", "json"], in: author.path, email: "author@example.com")
        XCTAssertEqual(open.status, 0, open.stdout + open.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(open.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(report?["decision"] as? String, "pass")
        let approvals = report?["approvals"] as? [[String: Any]]
        XCTAssertEqual(approvals?.first?["reviewer"] as? String, "alice@example.com")
        XCTAssertEqual(approvals?.first?["counted"] as? Bool, true)

        // An unrelated commit pushed afterwards keeps the approval.
        try author.write("docs/ops.md", "runbook\n")
        try author.commit("runbook")
        try author.git("push", "-q", "origin", "feature")
        XCTAssertEqual(try gate(["check", "--base", "origin/main"], in: author.path, email: "author@example.com").status, 0)

        // Editing the flagged hunk closes the gate again, and the report says why the old approval no longer counts.
        try author.write("app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "o1") + "\n")
        try author.commit("bigger model")
        let edited = try gate(["check", "--base", "origin/main"], in: author.path, email: "author@example.com")
        XCTAssertEqual(edited.status, 1)
        XCTAssertTrue(edited.stdout.contains("approval by alice@example.com not counted: approves a different version of the findings it signed for cost"),
                      edited.stdout)

        // `gate approvals verify` tells the same story and exits 1 while sign-off is missing.
        let verify = try gate(["approvals", "verify", "--base", "origin/main"], in: author.path, email: "author@example.com")
        XCTAssertEqual(verify.status, 1)
        XCTAssertTrue(verify.stdout.contains("1 from cost: missing"), verify.stdout)
        let verifyJSON = try gate(["approvals", "verify", "--base", "origin/main", "--format", "json"],
                                  in: author.path, email: "author@example.com")
        XCTAssertEqual(verifyJSON.status, 1, verifyJSON.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(verifyJSON.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["schema"] as? String, "gate.approvals-verify/v1")
        XCTAssertEqual(document["decision"] as? String, "needs-approval")
        XCTAssertTrue((document["fingerprint"] as? String)?.hasPrefix("sha256:") == true)
        XCTAssertTrue((document["fingerprints"] as? [String: String])?["cost"]?.hasPrefix("sha256:") == true, "\(document)")
        XCTAssertTrue(verify.stdout.contains("\n  cost: sha256:"), verify.stdout)
        let requirements = try XCTUnwrap(document["requirements"] as? [[String: Any]])
        XCTAssertEqual(requirements.first?["group"] as? String, "cost")
        XCTAssertEqual(requirements.first?["satisfied"] as? Bool, false)
        let considered = try XCTUnwrap(document["approvals"] as? [[String: Any]])
        XCTAssertEqual(considered.first?["reviewer"] as? String, "alice@example.com")
        XCTAssertEqual(considered.first?["counted"] as? Bool, false)
        XCTAssertTrue((considered.first?["reason"] as? String)?.hasPrefix("approves a different version of the findings it signed for cost") == true,
                      "\(considered)")
    }

    /// Sign-off does not open a blocked change, so `gate approvals verify` exits as `gate check` does: 1, with the
    /// decision printed, both once every requirement is met and when nothing needs sign-off at all.
    func testVerifyExitsOneOnABlockedChangeWhateverIsSigned() throws {
        let scenario = try ApprovalScenario()
        let key = "sk_" + "live_" + "Zq8vN3kR7tLm2XwP9cYb4HsJ6dFg1Ae5"
        try scenario.repo.write("config/billing.py", "import stripe\nstripe.api_key = \"\(key)\"\n")
        try scenario.repo.commit("billing")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)

        let verify = try gate(["approvals", "verify", "--base", "main"], in: scenario.repo.path, email: "author@example.com")
        XCTAssertEqual(verify.status, 1, verify.stdout + verify.stderr)
        XCTAssertTrue(verify.stdout.contains("1 from cost: satisfied by alice@example.com"), verify.stdout)
        XCTAssertTrue(verify.stdout.contains("decision: block (1 finding blocks this change)\nnext: approvals cannot clear a block"),
                      verify.stdout)
        XCTAssertFalse(verify.stdout.contains(key), verify.stdout)
        XCTAssertEqual(try gate(["check", "--base", "main"], in: scenario.repo.path, email: "author@example.com").status, 1)

        // Nothing needs sign-off, and the gate is still closed.
        let secretOnly = try GitFixture()
        try secretOnly.write("README.md", "service\n")
        try secretOnly.commit("base")
        try secretOnly.git("checkout", "-q", "-b", "feature")
        try secretOnly.write("config/billing.py", "import stripe\nstripe.api_key = \"\(key)\"\n")
        try secretOnly.commit("billing")
        let json = try gate(["approvals", "verify", "--base", "main", "--format", "json"], in: secretOnly.path, email: "a@example.com")
        XCTAssertEqual(json.status, 1, json.stdout + json.stderr)
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(document["decision"] as? String, "block")
        let text = try gate(["approvals", "verify", "--base", "main"], in: secretOnly.path, email: "a@example.com")
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("Nothing in this change needs sign-off.\ndecision: block"), text.stdout)
    }

    /// An approval that expires as it is made would be stored and pushed, yet never count: refused, exit 2.
    func testApproveRefusesALifetimeOfZero() throws {
        let scenario = try ApprovalScenario()
        let zero = try gate(["approve", "--base", "main", "--key", scenario.alicePrivateKey, "--expires", "0s", "--reason", "r"],
                            in: scenario.repo.path, email: "alice@example.com")
        XCTAssertEqual(zero.status, 2, zero.stdout + zero.stderr)
        XCTAssertTrue(zero.stderr.contains("--expires must be longer than 0"), zero.stderr)
        XCTAssertEqual(try scenario.repo.git("for-each-ref", "refs/gate/approvals"), "")
    }

    func testRevokingAndPushingClosesTheGateAgainInTheOtherClone() throws {
        let scenario = try ApprovalScenario()
        let remote = try publish(scenario.repo)
        let author = scenario.repo
        let reviewer = try clone(remote.path)
        try reviewer.git("checkout", "-q", "feature")
        let approved = try gate(["approve", "--base", "origin/main", "--as", "alice@example.com", "--key",
                                 scenario.alicePrivateKey, "--expires", "2d", "--push", "origin"],
                                in: reviewer.path, email: "alice@example.com")
        XCTAssertEqual(approved.status, 0, approved.stdout + approved.stderr)
        let fetched = try gate(["approvals", "fetch"], in: author.path, email: "author@example.com")
        XCTAssertEqual(fetched.status, 0, fetched.stderr)
        XCTAssertEqual(try gate(["check", "--base", "main"], in: author.path, email: "author@example.com").status, 0)

        let listed = try gate(["approvals", "list", "--base", "main"], in: author.path, email: "author@example.com")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let id = try XCTUnwrap(listed.stdout.split(separator: " ").first.map(String.init))
        XCTAssertTrue(listed.stdout.contains("alice@example.com") && listed.stdout.contains(": valid"), listed.stdout)
        let listedJSON = try approvalList(try gate(["approvals", "list", "--base", "main", "--format", "json"],
                                                   in: author.path, email: "author@example.com"))
        XCTAssertEqual(listedJSON.count, 1)
        XCTAssertEqual(listedJSON.first?["reviewer"] as? String, "alice@example.com")
        XCTAssertEqual(listedJSON.first?["valid"] as? Bool, true)
        XCTAssertTrue(listedJSON.first?["problem"] is NSNull)
        XCTAssertTrue((listedJSON.first?["fingerprint"] as? String)?.hasPrefix("sha256:") == true)
        // What the approval binds to: the cost group's fingerprint, in the listing and in the text.
        let costFingerprint = try XCTUnwrap((listedJSON.first?["fingerprints"] as? [String: String])?["cost"], "\(listedJSON)")
        XCTAssertTrue(listed.stdout.contains("    cost: \(costFingerprint)\n"), listed.stdout)
        // The full id, of which the text shows the first 16 characters.
        XCTAssertEqual((listedJSON.first?["id"] as? String)?.prefix(16), id.prefix(16))
        XCTAssertEqual((listedJSON.first?["id"] as? String)?.count, 64)
        XCTAssertEqual(Set(listedJSON.first?.keys.map { $0 } ?? []),
                       ["id", "reviewer", "fingerprint", "fingerprints", "created", "expires", "reason", "location", "valid", "problem"])

        let revoked = try gate(["approvals", "revoke", id, "--base", "origin/main", "--as", "alice@example.com", "--key",
                                scenario.alicePrivateKey, "--reason", "the loop has no bound", "--push"],
                               in: reviewer.path, email: "alice@example.com")
        XCTAssertEqual(revoked.status, 0, revoked.stdout + revoked.stderr)
        XCTAssertEqual(try gate(["approvals", "fetch", "origin"], in: author.path, email: "author@example.com").status, 0)
        let closed = try gate(["check", "--base", "main"], in: author.path, email: "author@example.com")
        XCTAssertEqual(closed.status, 1)
        XCTAssertTrue(closed.stdout.contains("revoked by alice@example.com"), closed.stdout)
        XCTAssertTrue(closed.stdout.contains("the loop has no bound"), closed.stdout)
        let revokedJSON = try approvalList(try gate(["approvals", "list", "--base", "main", "--format", "json"],
                                                    in: author.path, email: "author@example.com"))
        XCTAssertEqual(revokedJSON.first?["valid"] as? Bool, false)
        XCTAssertTrue((revokedJSON.first?["problem"] as? String)?.contains("the loop has no bound") == true, "\(revokedJSON)")
    }

    /// The `approvals` array of a `gate approvals list --format json` run that succeeded.
    private func approvalList(_ result: ProcessResult, file: StaticString = #filePath, line: UInt = #line) throws
        -> [[String: Any]]
    {
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        let document = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout, file: file, line: line)
        XCTAssertEqual(document["schema"] as? String, "gate.approvals/v1", file: file, line: line)
        return try XCTUnwrap(document["approvals"] as? [[String: Any]], result.stdout, file: file, line: line)
    }

    func testThePostgresStoreThroughTheCommandLine() throws {
        guard let url = testDatabaseURL() else { return XCTFail("GATE_TEST_DATABASE_URL is not set: run under scripts/with-postgres") }
        let scenario = try ApprovalScenario(policyExtra: "approvals: { store: postgres }")
        let remote = try publish(scenario.repo)
        let reviewer = try clone(remote.path)
        try reviewer.git("checkout", "-q", "feature")
        let withURL = ["GATE_APPROVALS_URL": url]
        let missing = try gate(["check", "--base", "main"], in: scenario.repo.path, email: "author@example.com")
        XCTAssertEqual(missing.status, 2, missing.stdout + missing.stderr)
        XCTAssertTrue(missing.stderr.contains("GATE_APPROVALS_URL"), missing.stderr)
        XCTAssertEqual(try gate(["check", "--base", "main"], in: scenario.repo.path, email: "author@example.com",
                                extraEnvironment: withURL).status, 1)
        let approved = try gate(["approve", "--base", "origin/main", "--as", "alice@example.com", "--key",
                                 scenario.alicePrivateKey, "--store", "postgres", "--approvals-url", url],
                                in: reviewer.path, email: "alice@example.com")
        XCTAssertEqual(approved.status, 0, approved.stdout + approved.stderr)
        XCTAssertTrue(approved.stdout.contains("gate.approval_records"), approved.stdout)
        // No push, no fetch: the author's clone reads the same table.
        let open = try gate(["check", "--base", "main"], in: scenario.repo.path, email: "author@example.com",
                            extraEnvironment: withURL)
        XCTAssertEqual(open.status, 0, open.stdout + open.stderr)
        XCTAssertTrue(open.stdout.contains("1 approval from cost: done (by alice@example.com)"),
                      open.stdout)
    }

    func testApproveWithoutAKeyOrIdentityIsAUsageErrorNamingTheFix() throws {
        let scenario = try ApprovalScenario()
        let noKey = try gate(["approve", "--base", "main", "--as", "alice@example.com"], in: scenario.repo.path,
                             email: "alice@example.com")
        XCTAssertEqual(noKey.status, 2, noKey.stdout + noKey.stderr)
        XCTAssertTrue(noKey.stderr.contains("user.signingkey"), noKey.stderr)
        let badExpiry = try gate(["approve", "--expires", "soon"], in: scenario.repo.path, email: "alice@example.com")
        XCTAssertEqual(badExpiry.status, 2)
        XCTAssertTrue(badExpiry.stderr.contains("--expires"), badExpiry.stderr)
        let strayRemote = try gate(["approve", "origin"], in: scenario.repo.path, email: "alice@example.com")
        XCTAssertEqual(strayRemote.status, 2)
        XCTAssertTrue(strayRemote.stderr.contains("--push"), strayRemote.stderr)
    }
}
