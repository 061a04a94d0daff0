import Foundation
import GateApprovals
import GateCore
import GateGit
@testable import GateKit
import GateTestSupport
import XCTest

/// `gate check` counts approvals from the store: real repositories, real detectors, real keys.
final class ApprovalCheckTests: XCTestCase {
    func testTheChangeNeedsCostSignOffAndAValidApprovalOpensTheGate() throws {
        let scenario = try ApprovalScenario()
        let before = try scenario.check()
        XCTAssertEqual(before.decision, .needsApproval)
        XCTAssertEqual(before.requirements.map(\.group), ["cost"])
        XCTAssertEqual(before.approvals, [])

        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let after = try scenario.check()
        XCTAssertEqual(after.decision, .pass)
        XCTAssertEqual(after.fingerprint, before.fingerprint)
        XCTAssertEqual(after.requirements, [Requirement(group: "cost", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true)])
        XCTAssertEqual(after.approvals, [ConsideredApproval(
            reviewer: "alice@example.com", fingerprint: before.fingerprint, counted: true, reason: nil, groups: ["cost"])])
        let json = try JSONReportRenderer.render(after)
        XCTAssertTrue(json.contains("\"counted\" : true") || json.contains("\"counted\":true"), json)
    }

    func testAnUnrelatedCommitAfterTheApprovalKeepsItValid() throws {
        let scenario = try ApprovalScenario()
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        try scenario.repo.write("docs/notes.md", "unrelated\n")
        try scenario.repo.write("app/other.py", "def helper():\n    return 1\n")
        try scenario.repo.commit("docs and a helper")
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .pass, "\(report.approvals)")
    }

    /// An approval of a change merged by fast-forward signed the commit that is now the next change's base: it is
    /// not that change's, so it is not listed as "not counted" on every later pull request; what counts is unchanged.
    func testAnApprovalOfTheMergedChangeAtTheBaseIsNotListed() throws {
        let scenario = try ApprovalScenario()
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        XCTAssertEqual(try scenario.check().decision, .pass)
        try scenario.repo.git("checkout", "-q", "main")
        try scenario.repo.git("merge", "-q", "--ff-only", "feature")
        try scenario.repo.git("checkout", "-q", "-b", "next")
        try scenario.repo.write("app/translate.py", ApprovalScenario.paidCall.replacingOccurrences(of: "summarize", with: "translate") + "\n")
        try scenario.repo.commit("translate with a model")
        var request = CheckRequest(repositoryPath: scenario.repo.path, base: "main", head: "next")
        request.environment = [:]
        let report = try CheckRunner().run(request)
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals, [], "the merged change's approval is listed: \(report.approvals)")
        // An approval of this change's own earlier head is still listed when a later edit voids it.
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey, head: "next")
        try scenario.repo.write("app/translate.py", ApprovalScenario.paidCall.replacingOccurrences(of: "summarize", with: "translate").replacingOccurrences(of: "gpt-4o", with: "o1") + "\n")
        try scenario.repo.commit("bigger model")
        let edited = try CheckRunner().run(request)
        XCTAssertEqual(edited.approvals.map(\.counted), [false])
    }

    func testEditingTheFlaggedHunkAfterTheApprovalInvalidatesIt() throws {
        let scenario = try ApprovalScenario()
        let approved = try scenario.check().fingerprint
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        try scenario.repo.write("app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "o1") + "\n")
        try scenario.repo.commit("bigger model")
        let report = try scenario.check()
        XCTAssertNotEqual(report.fingerprint, approved)
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.count, 1)
        XCTAssertEqual(report.approvals.first?.counted, false)
        XCTAssertEqual(report.approvals.first?.fingerprint, approved)
        XCTAssertTrue(report.approvals.first?.reason?.contains("approves a different version of the findings it signed for cost") == true,
                      report.approvals.first?.reason ?? "")
    }

    /// A rebase (or a squash, or an amend) takes the approved head out of the change's history; an edit of the flagged
    /// hunk after it voids the approval, which is still this change's: it is reported, tied by the branch it was made
    /// on, as an earlier version, and never counts. An approval made on another branch for the same target (another
    /// pull request) stays out of the report, as does the voided one when the check has no branch to tie it by.
    func testAnApprovalVoidedAfterARebaseIsReportedAsAnEarlierVersionOfTheChange() throws {
        let scenario = try ApprovalScenario()
        let approvedHead = try scenario.repo.git("rev-parse", "feature").trimmingCharacters(in: .whitespacesAndNewlines)
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        try scenario.repo.git("checkout", "-q", "-b", "other", "main")
        try scenario.repo.write(
            "app/translate.py", ApprovalScenario.paidCall.replacingOccurrences(of: "summarize", with: "translate") + "\n")
        try scenario.repo.commit("translate with a model")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey, head: "other")
        try scenario.repo.git("checkout", "-q", "main")
        try scenario.repo.write("README.md", "service, documented\n")
        try scenario.repo.commit("unrelated")
        try scenario.repo.git("checkout", "-q", "feature")
        try scenario.repo.git("rebase", "-q", "main")
        // Rebased, the flagged hunks are as signed: the approval still counts.
        XCTAssertEqual(try scenario.check().decision, .pass)
        try scenario.repo.write("app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "o1") + "\n")
        try scenario.repo.commit("bigger model")
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.count, 1, "\(report.approvals)")
        XCTAssertEqual(report.approvals.first?.counted, false)
        let reason = report.approvals.first?.reason ?? ""
        XCTAssertTrue(reason.hasPrefix(
            "approves an earlier version of this change (made at \(approvedHead.prefix(12)) on feature, since rebased or amended): "
                + "the findings it signed changed for cost (sha256:"), reason)
        XCTAssertTrue(TextReportRenderer(color: false).render(report).contains("approves an earlier version of this change"))
        // Checked by commit id, the change is on no branch: nothing ties the old approval to it.
        let head = try scenario.repo.git("rev-parse", "feature").trimmingCharacters(in: .whitespacesAndNewlines)
        var detached = CheckRequest(repositoryPath: scenario.repo.path, base: "main", head: head)
        detached.environment = [:]
        XCTAssertEqual(try CheckRunner().run(detached).approvals, [])
        // Under GitHub Actions the pull request's head branch is the change's, whatever is checked out.
        var actions = ProcessInfo.processInfo.environment
        actions["GITHUB_HEAD_REF"] = "feature"
        detached.environment = actions
        XCTAssertEqual(try CheckRunner().run(detached).approvals.map(\.counted), [false])
        actions["GITHUB_HEAD_REF"] = "someone-else"
        detached.environment = actions
        XCTAssertEqual(try CheckRunner().run(detached).approvals, [])
    }

    /// A plain clone does not fetch `refs/gate/approvals`: a check that needs sign-off says how to fetch it, in every
    /// format; not once the ref is there, and not when nothing needs sign-off.
    func testAFreshCloneWithoutTheApprovalsRefSaysHowToFetchIt() throws {
        let scenario = try ApprovalScenario()
        let fetch = "git fetch origin '+refs/gate/approvals:refs/gate/approvals'"
        let missing = try scenario.check()
        XCTAssertTrue(missing.notes.contains { $0.contains(fetch) }, "\(missing.notes)")
        XCTAssertTrue(TextReportRenderer(color: false).render(missing).contains("note: this clone has no refs/gate/approvals"))
        XCTAssertTrue(MarkdownReportRenderer().render(missing).contains("> this clone has no refs/gate/approvals"))
        let annotations = GitHubAnnotationRenderer().render(missing)
        XCTAssertTrue(annotations.contains("::notice title=gate note::this clone has no refs/gate/approvals"), annotations)
        XCTAssertTrue(annotations.hasPrefix("::warning file=app/summarize.py,"), annotations)
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(JSONReportRenderer.render(missing).utf8)) as? [String: Any])
        XCTAssertTrue((json["notes"] as? [String] ?? []).contains { $0.contains(fetch) }, "\(json["notes"] ?? "none")")
        // An approval recorded creates the ref: no note, whether it counts or not.
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        try scenario.repo.write("app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "o1") + "\n")
        try scenario.repo.commit("bigger model")
        let present = try scenario.check()
        XCTAssertEqual(present.decision, .needsApproval)
        XCTAssertFalse(present.notes.contains { $0.contains("refs/gate/approvals") }, "\(present.notes)")
        // Nothing to sign off: nothing to fetch either.
        let clone = try GitFixture()
        try clone.write("README.md", "hi\n")
        try clone.commit("first")
        try clone.git("checkout", "-q", "-b", "docs")
        try clone.write("README.md", "hello\n")
        try clone.commit("docs")
        var harmless = CheckRequest(repositoryPath: clone.path, base: "main", head: "docs")
        harmless.environment = [:]
        let report = try CheckRunner().run(harmless)
        XCTAssertEqual(report.decision, .pass)
        XCTAssertFalse(report.notes.contains { $0.contains("refs/gate/approvals") }, "\(report.notes)")
    }

    func testSelfApprovalDoesNotCount() throws {
        let scenario = try ApprovalScenario()
        // Alice pushes a commit of her own into the range, then approves it.
        try scenario.repo.write("app/more.py", "x = 1\n")
        try scenario.repo.commit("more", environment: [
            "GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_COMMITTER_EMAIL": "alice@example.com",
        ])
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.first?.counted, false)
        XCTAssertTrue(report.approvals.first?.reason?.contains("self-approval") == true, report.approvals.first?.reason ?? "")
    }

    func testACoAuthorCannotApproveTheirOwnChange() throws {
        let scenario = try ApprovalScenario()
        try scenario.repo.write("app/more.py", "x = 1\n")
        try scenario.repo.commit("pair on it\n\nCo-authored-by: Alice <ALICE@example.com>")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        let reason = report.approvals.first?.reason ?? ""
        XCTAssertTrue(reason.hasPrefix("self-approval: alice@example.com co-authored "), reason)
        XCTAssertTrue(reason.hasSuffix(" in the range (approvals.allow-self is off)"), reason)
    }

    func testAReviewerCommittingUnderAnotherAddressOrGitHubNoreplyCannotApprove() throws {
        let scenario = try ApprovalScenario()
        try addEmailsToAlice(scenario, ["alice@home.example", "4242+alice-gh@users.noreply.github.com"])
        for (email, label) in [("alice@home.example", "home"), ("alice-gh@users.noreply.github.com", "noreply")] {
            try scenario.repo.write("app/\(label).py", "x = 1\n")
            try scenario.repo.commit(label, environment: ["GIT_AUTHOR_EMAIL": email])
            try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
            let report = try scenario.check()
            XCTAssertEqual(report.decision, .needsApproval, label)
            XCTAssertTrue(report.approvals.contains { $0.reason?.contains("authored") == true && $0.reason?.contains("as \(email)") == true },
                          "\(report.approvals)")
            try scenario.repo.git("reset", "-q", "--hard", "HEAD~1")
        }
    }

    /// Adds `emails:` to Alice's entry in the base policy, keeping the feature branch on top of it.
    private func addEmailsToAlice(_ scenario: ApprovalScenario, _ emails: [String]) throws {
        try scenario.repo.git("checkout", "-q", "main")
        let path = scenario.repo.path + "/.gate/policy.yml"
        let policy = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "  - id: alice@example.com\n",
            with: "  - id: alice@example.com\n    emails: [\(emails.map { "\"\($0)\"" }.joined(separator: ", "))]\n")
        try scenario.repo.write(".gate/policy.yml", policy)
        try scenario.repo.commit("alice's other addresses")
        try scenario.repo.git("rebase", "-q", "main", "feature")
    }

    func testAnApprovalReplayedInAnotherRepositoryDoesNotCount() throws {
        let original = try ApprovalScenario()
        try original.approve(as: "alice@example.com", key: original.alicePrivateKey)
        XCTAssertEqual(try original.check().decision, .pass)
        // The same files and the same flagged hunk in a repository with another history.
        let copy = try GitFixture()
        try copy.write(".gate/policy.yml", try String(contentsOfFile: original.repo.path + "/.gate/policy.yml", encoding: .utf8))
        try copy.write("README.md", "service\n")
        try copy.commit("a fork's own start")
        try copy.git("checkout", "-q", "-b", "feature")
        try copy.write("app/summarize.py", ApprovalScenario.paidCall + "\n")
        try copy.commit("summarize with a model")
        try copy.git("fetch", "-q", original.repo.path, "refs/gate/approvals:refs/gate/approvals")
        let report = try CheckRunner().run(CheckRequest(repositoryPath: copy.path, base: "main", head: "feature"))
        XCTAssertEqual(report.fingerprint, try original.check().fingerprint, "the replay needs the same fingerprint")
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.count, 1)
        XCTAssertTrue(report.approvals.first?.reason?.hasPrefix("replayed from another repository") == true,
                      report.approvals.first?.reason ?? "")
        let text = TextReportRenderer(color: false).render(report)
        XCTAssertTrue(text.contains("replayed from another repository"), text)
    }

    func testAnApprovalForAnotherTargetBranchDoesNotCount() throws {
        let scenario = try ApprovalScenario()
        try scenario.repo.git("branch", "release", "main")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        XCTAssertEqual(try scenario.check().decision, .pass)
        let intoRelease = try CheckRunner().run(CheckRequest(repositoryPath: scenario.repo.path, base: "release", head: "feature"))
        XCTAssertEqual(intoRelease.decision, .needsApproval)
        XCTAssertEqual(intoRelease.approvals.first?.reason,
                       "replayed for another branch: approved for merging into main, this change merges into release (gate approve --target release)")
        // Under GitHub Actions the pull request's base names the target, whatever the base revision is.
        var actions = ProcessInfo.processInfo.environment
        actions["GITHUB_BASE_REF"] = "release"
        XCTAssertEqual(try scenario.check(environment: actions).decision, .needsApproval)
        // The check says how to approve for that target: the printed command carries it.
        let printed = TextReportRenderer(color: false).render(try scenario.check(environment: actions))
        XCTAssertTrue(printed.contains("--target release"), printed)
        // Approving for that target counts there.
        let request = ApproveRequest(
            check: CheckRequest(repositoryPath: scenario.repo.path, base: "main", head: "feature"),
            keyPath: scenario.alicePrivateKey, reviewer: "alice@example.com", target: "release")
        _ = try ApproveRunner().record(try ApproveRunner().prepare(request), request: request)
        XCTAssertEqual(try scenario.check(environment: actions).decision, .pass)
    }

    /// In a pull request's workflow the runner checks out GitHub's synthetic merge (`refs/pull/N/merge`), a commit no
    /// reviewer has. The approve command names the pull request's head (`pull_request.head.sha`) instead, and the
    /// approval made there satisfies the check of the merge: approvals bind to the flagged hunks, not to a commit.
    func testUnderAPullRequestTheApproveCommandNamesThePullRequestHeadAndItsApprovalOpensTheMerge() throws {
        let scenario = try ApprovalScenario()
        // main moves on after the branch point, as it does while a pull request is open.
        try scenario.repo.git("checkout", "-q", "main")
        try scenario.repo.write("docs/notes.md", "release notes\n")
        let target = try scenario.repo.commit("notes")
        let head = try scenario.repo.git("rev-parse", "feature").trimmingCharacters(in: .whitespacesAndNewlines)
        try scenario.repo.git("checkout", "-q", "--detach", "main")
        try scenario.repo.git("merge", "-q", "--no-ff", "-m", "Merge \(head) into \(target)", "feature")
        let merge = try scenario.repo.git("rev-parse", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = try TemporaryDirectory()
        let event = directory.url("event.json")
        try Data(#"{"number": 7, "pull_request": {"number": 7, "base": {"sha": "\#(target)", "ref": "main"}, "head": {"sha": "\#(head)", "ref": "feature"}}}"#.utf8)
            .write(to: event)
        let actions = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": event.path,
                       "GITHUB_BASE_REF": "main"]
        let check = { try CheckRunner().run(CheckRequest(repositoryPath: scenario.repo.path, environment: actions)) }

        let before = try check()
        XCTAssertEqual(before.decision, .needsApproval)
        XCTAssertEqual(before.range.head, merge, "the report judged what was checked out")
        XCTAssertEqual(before.range.pullRequestHead, head)
        let command = "gate approve --base \(target) --head \(head) --target main"
        XCTAssertEqual(ReportText.approveCommand(for: before), command)
        XCTAssertTrue(TextReportRenderer(color: false).render(before).contains("approve with: \(command)\n"))
        XCTAssertTrue(try JSONReportRenderer.render(before).contains("\"pullRequestHead\" : \"\(head)\""))

        // The reviewer runs exactly that command in a clone that has the pull request's head but not the merge.
        let request = ApproveRequest(
            check: CheckRequest(repositoryPath: scenario.repo.path, base: target, head: head),
            keyPath: scenario.alicePrivateKey, reviewer: "alice@example.com", target: "main")
        _ = try ApproveRunner().record(try ApproveRunner().prepare(request), request: request)
        let after = try check()
        XCTAssertEqual(after.decision, .pass, "\(after.approvals)")
        XCTAssertEqual(after.fingerprints, before.fingerprints)

        // Outside a pull request (a push, a local run) nothing names a pull request's head: null, never absent.
        let local = try CheckRunner().run(CheckRequest(repositoryPath: scenario.repo.path, base: "main", head: "feature"))
        XCTAssertNil(local.range.pullRequestHead)
        XCTAssertTrue(try JSONReportRenderer.render(local).contains("\"pullRequestHead\" : null"))
        // A --head that is neither the pull request's head nor a merge of it is what the command names.
        let other = try CheckRunner().run(CheckRequest(repositoryPath: scenario.repo.path, head: "feature", environment: actions))
        XCTAssertEqual(other.range.pullRequestHead, head, "the head itself")
        XCTAssertNil(PullRequestBase.reviewedHead(of: target, environment: actions, in: try Repository(discoveringFrom: scenario.repo.path)))
    }

    /// Once approvals meet every requirement the verdict is pass, and every output says so: the annotations are
    /// notices naming who signed off (not warnings asking for sign-off), and SARIF marks the results as notes with an
    /// accepted `external` suppression naming the approver. The SARIF stays valid against the 2.1.0 schema.
    func testSignedOffFindingsAreAnnotatedAsSignedOff() throws {
        let scenario = try ApprovalScenario()
        let open = try scenario.check()
        let pending = GitHubAnnotationRenderer().render(open)
        XCTAssertTrue(pending.hasPrefix("::warning file=app/summarize.py,") && pending.contains("(needs sign-off)"), pending)
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .pass)
        let annotations = GitHubAnnotationRenderer().render(report)
        XCTAssertFalse(annotations.contains("::warning") || annotations.contains("needs sign-off"), annotations)
        XCTAssertTrue(annotations.hasPrefix("::notice file=app/summarize.py,"), annotations)
        XCTAssertTrue(annotations.contains("(signed off by alice@example.com)\n"), annotations)

        let sarif = try SARIFReportRenderer(toolVersion: "0.0.0").render(report)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        XCTAssertFalse(results.isEmpty)
        for result in results {
            XCTAssertEqual(result["level"] as? String, "note")
            let suppression = try XCTUnwrap((result["suppressions"] as? [[String: Any]])?.first)
            XCTAssertEqual(suppression["kind"] as? String, "external")
            XCTAssertEqual(suppression["status"] as? String, "accepted")
            XCTAssertTrue((suppression["justification"] as? String ?? "").contains("signed off by alice@example.com"))
            XCTAssertEqual((result["properties"] as? [String: Any])?["signedOffBy"] as? [String], ["alice@example.com"])
        }
        let openResults = try SARIFReportRenderer(toolVersion: "0.0.0").render(open)
        XCTAssertTrue(openResults.contains("\"level\" : \"warning\"") && !openResults.contains("signedOffBy"), openResults)
        let directory = try TemporaryDirectory()
        try sarif.write(to: directory.url("gate.sarif"), atomically: true, encoding: .utf8)
        let schema = try runProcess("check-jsonschema", ["--schemafile", try sarifSchemaPath(), directory.url("gate.sarif").path])
        XCTAssertEqual(schema.status, 0, schema.stdout + schema.stderr)
    }

    func testABadEntryInTheApprovalsRefIsReportedAndTheValidApprovalStillCounts() throws {
        let scenario = try ApprovalScenario()
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        // A gitlink to an object that exists nowhere, pushed into the ref by hand: it used to fail every check
        // (exit 2, git_blob_lookup failed).
        let index = scenario.repo.path + "/.git/gate-test-index"
        let environment = ["GIT_INDEX_FILE": index]
        try scenario.repo.git(["read-tree", "refs/gate/approvals"], environment: environment)
        try scenario.repo.git(["update-index", "--add", "--cacheinfo",
                               "160000,1234567890123456789012345678901234567890,approvals/0000000000000000/evil.json"],
                              environment: environment)
        let tree = try scenario.repo.git(["write-tree", "--missing-ok"], environment: environment)
        let commit = try scenario.repo.git("commit-tree", tree, "-p", "refs/gate/approvals", "-m", "planted")
        try scenario.repo.git("update-ref", "refs/gate/approvals", commit)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .pass, "\(report.approvals)")
        let reasons = report.approvals.compactMap(\.reason)
        XCTAssertTrue(reasons.contains { $0.contains("evil.json") && $0.contains("a gitlink (submodule) entry, not a file") },
                      "\(reasons)")
        let result = try runProcess(gateExecutablePath(), ["check", "--base", "main", "--head", "feature", "--format", "json"],
                                    in: scenario.repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("evil.json"), result.stdout)
    }

    func testARevokedApprovalNoLongerCounts() throws {
        let scenario = try ApprovalScenario()
        let outcome = try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        XCTAssertEqual(try scenario.check().decision, .pass)
        try scenario.repo.git("checkout", "-q", "main")
        let request = ApprovalsRequest(check: CheckRequest(repositoryPath: scenario.repo.path, base: "main"))
        // Bob is not an owner and not the reviewer: he may not revoke it.
        XCTAssertThrowsError(try ApprovalsRunner().revoke(
            request, idPrefix: String(outcome.approvalID.prefix(10)), keyPath: scenario.bobPrivateKey,
            revoker: "bob@example.com", reason: "no", pushRemote: nil)) { error in
            XCTAssertTrue("\(error)".contains("may not revoke"), "\(error)")
        }
        _ = try ApprovalsRunner().revoke(
            request, idPrefix: String(outcome.approvalID.prefix(10)), keyPath: scenario.alicePrivateKey,
            revoker: "alice@example.com", reason: "missed the retry loop", pushRemote: nil)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertTrue(report.approvals.first?.reason?.contains("revoked by alice@example.com") == true,
                      report.approvals.first?.reason ?? "")
        XCTAssertTrue(report.approvals.first?.reason?.contains("missed the retry loop") == true)
        let listed = try ApprovalsRunner().list(request)
        XCTAssertEqual(listed.count, 1)
        XCTAssertTrue(listed.first?.problem?.contains("revoked") == true)
        // Revoking it again is refused, naming the revocation that already holds.
        XCTAssertThrowsError(try ApprovalsRunner().revoke(
            request, idPrefix: String(outcome.approvalID.prefix(10)), keyPath: scenario.alicePrivateKey,
            revoker: "alice@example.com", reason: "again", pushRemote: nil)) { error in
            XCTAssertTrue("\(error)".contains("already revoked by alice@example.com"), "\(error)")
        }
    }

    func testAnExpiredApprovalDoesNotCount() throws {
        let scenario = try ApprovalScenario(policyExtra: "approvals: { max-age: 1s }")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        Thread.sleep(forTimeInterval: 1.5)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertTrue(report.approvals.first?.reason?.contains("expired at") == true, report.approvals.first?.reason ?? "")
    }

    func testApproveRefusesAReviewerOutsideTheRequiredGroupsAndAKeyThePolicyDoesNotList() throws {
        let scenario = try ApprovalScenario()
        XCTAssertThrowsError(try scenario.approve(as: "bob@example.com", key: scenario.bobPrivateKey)) { error in
            XCTAssertTrue("\(error)".contains("none of the groups this change needs (cost)"), "\(error)")
        }
        XCTAssertThrowsError(try scenario.approve(as: "alice@example.com", key: scenario.bobPrivateKey)) { error in
            XCTAssertTrue("\(error)".contains("would not count"), "\(error)")
        }
        XCTAssertThrowsError(try scenario.approve(as: "mallory@example.com", key: scenario.bobPrivateKey)) { error in
            XCTAssertTrue("\(error)".contains("not a reviewer in the trusted policy"), "\(error)")
        }
        XCTAssertEqual(try scenario.check().approvals, [])
    }

    func testAForgedApprovalPlantedInTheRefIsReportedNotCounted() throws {
        let scenario = try ApprovalScenario()
        let fingerprint = try scenario.check().fingerprint
        // Bob writes an approval claiming to be Alice, with his own key, straight into the store.
        let forged = try SignedRecord.sign(
            Approval(fingerprint: fingerprint, reviewer: "alice@example.com", groups: ["cost"], reason: nil,
                     created: Date(), expires: Date().addingTimeInterval(3600)),
            kind: .approval, with: SSHSigner(keyPath: scenario.bobPrivateKey))
        let store = GitApprovalStore(repository: try Repository(discoveringFrom: scenario.repo.path))
        try store.add(forged, reviewer: "alice@example.com", fingerprint: fingerprint)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.count, 1)
        XCTAssertTrue(report.approvals.first?.reason?.contains("not listed for alice@example.com") == true,
                      report.approvals.first?.reason ?? "")
        let text = TextReportRenderer(color: false).render(report)
        XCTAssertTrue(text.contains("alice@example.com"), text)
    }

    func testThePostgresStoreIsSharedByTwoClones() throws {
        guard let url = testDatabaseURL() else { return XCTFail("GATE_TEST_DATABASE_URL is not set: run under scripts/with-postgres") }
        let scenario = try ApprovalScenario(policyExtra: "approvals: { store: postgres }")
        let other = try TemporaryDirectory(prefix: "gate-clone")
        let cloned = try runProcess("git", ["clone", "-q", "--no-local", scenario.repo.path, other.path],
                                    environment: GitFixture.environment)
        XCTAssertEqual(cloned.status, 0, cloned.stderr)
        let reviewerClone = GitFixture(existing: other)
        try reviewerClone.git("checkout", "-q", "feature")
        var environment = ProcessInfo.processInfo.environment
        environment["GATE_APPROVALS_URL"] = url
        // Without a URL the postgres store is a clear error, never a silent pass.
        var missing = environment
        missing["GATE_APPROVALS_URL"] = nil
        XCTAssertThrowsError(try scenario.check(environment: missing)) { error in
            XCTAssertTrue("\(error)".contains("GATE_APPROVALS_URL"), "\(error)")
        }
        XCTAssertEqual(try scenario.check(environment: environment).decision, .needsApproval)
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey, store: .postgres, url: url,
                             in: reviewerClone, base: "origin/main", head: "HEAD")
        // The author's clone sees the reviewer's approval without any push or fetch.
        let report = try scenario.check(environment: environment)
        XCTAssertEqual(report.decision, .pass, "\(report.approvals)")
        XCTAssertEqual(report.requirements.first?.satisfiedBy, ["alice@example.com"])
        XCTAssertEqual(try runProcess("git", ["-C", scenario.repo.path, "for-each-ref", "refs/gate"]).stdout, "")
    }
}
