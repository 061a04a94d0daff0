import Foundation
import GateApprovals
import GateCore
import GateTestSupport
import XCTest

@testable import GateKit

/// Issue #16 point 4: a reviewer's APPROVED pull-request review on GitHub counts as their sign-off when the policy's
/// `approvals.sources` has `github-review` and the reviewed commit has the same fingerprint for their groups. A real
/// repository and the real detectors; GitHub's list-reviews endpoint is served from this process on 127.0.0.1 in
/// the JSON shape GitHub documents, and every request is recorded.
final class GitHubReviewApprovalTests: XCTestCase {
    private let token = "ghs_REVIEWtoken0123456789abcdefSECRET"
    private static let sources = "approvals: { sources: [ssh, github-review] }"

    // MARK: - Counting

    /// An approval at the head counts: the gate opens, the report names the source, login and commit in every
    /// format, and the request is the documented one with the job's token.
    func testAnApprovedReviewAtTheHeadCounts() throws {
        let scenario = try githubScenario()
        let head = try scenario.repo.git("rev-parse", "feature")
        let github = try reviewsServer([[review(1, "Alice-GH", "APPROVED", head)]])
        let report = try check(scenario, github)
        XCTAssertEqual(report.decision, .pass, "\(report.approvals) \(report.notes)")
        let approval = try XCTUnwrap(report.approvals.first)
        XCTAssertEqual(approval.reviewer, "alice@example.com")
        XCTAssertEqual(approval.source, "github-review")
        XCTAssertEqual(approval.login, "Alice-GH", "the login as GitHub spells it; matched case-insensitively")
        XCTAssertEqual(approval.commit, head)
        XCTAssertEqual(approval.groups, ["cost"])
        XCTAssertEqual(report.requirements.first?.satisfiedBy, ["alice@example.com"])

        let requests = github.requests
        XCTAssertEqual(requests.map(\.path), ["/repos/acme/app/pulls/7/reviews?per_page=100"])
        let headers = try XCTUnwrap(requests.first?.headers)
        XCTAssertEqual(headers["authorization"], "Bearer \(token)")
        XCTAssertEqual(headers["accept"], "application/vnd.github+json")
        XCTAssertEqual(headers["x-github-api-version"], "2022-11-28")

        let text = TextReportRenderer(color: false).render(report)
        XCTAssertTrue(text.contains("approval by alice@example.com (GitHub review by @Alice-GH at \(head.prefix(12))) counted for cost"), text)
        let markdown = MarkdownReportRenderer().render(report)
        XCTAssertTrue(markdown.contains("Approvals counted from GitHub reviews:"), markdown)
        XCTAssertTrue(markdown.contains("@Alice-GH at \(head.prefix(12))"), markdown)
        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(JSONReportRenderer.render(report).utf8)) as? [String: Any])
        let first = try XCTUnwrap((json["approvals"] as? [[String: Any]])?.first)
        XCTAssertEqual(first["source"] as? String, "github-review")
        XCTAssertEqual(first["login"] as? String, "Alice-GH")
        XCTAssertEqual(first["commit"] as? String, head)
        assertTokenNotShown(report)
    }

    /// A review of an earlier commit counts when the cost findings are as they were there (a later commit touched
    /// only other code). The review is on the second page, reached through GitHub's Link header.
    func testAnApprovalAtAnEarlierCommitWithTheSameGroupFingerprintCounts() throws {
        let scenario = try githubScenario()
        let reviewed = try scenario.repo.git("rev-parse", "feature")
        try scenario.repo.write("docs/notes.md", "how the summary works\n")
        try scenario.repo.commit("document the summary")
        let others = (1...100).map { review($0, "someone\($0)", "COMMENTED", reviewed) }
        let github = try reviewsServer([others, [review(200, "alice-gh", "APPROVED", reviewed)]])
        let report = try check(scenario, github)
        XCTAssertEqual(report.decision, .pass, "\(report.approvals) \(report.notes)")
        XCTAssertEqual(report.approvals.map(\.counted), [true])
        XCTAssertEqual(report.approvals.first?.commit, reviewed)
        XCTAssertEqual(github.requests.map(\.path), [
            "/repos/acme/app/pulls/7/reviews?per_page=100", "/repos/acme/app/pulls/7/reviews?per_page=100&page=2",
        ])
    }

    /// A review of an earlier commit whose cost findings were edited since does not count, and the report says it
    /// is stale.
    func testAnApprovalAtAnEarlierCommitWhoseGroupFingerprintDiffersIsStale() throws {
        let scenario = try githubScenario()
        let reviewed = try scenario.repo.git("rev-parse", "feature")
        try scenario.repo.write("app/summarize.py", ApprovalScenario.paidCall.replacingOccurrences(of: "gpt-4o", with: "gpt-4.1") + "\n")
        try scenario.repo.commit("a bigger model")
        let github = try reviewsServer([[review(1, "alice-gh", "APPROVED", reviewed)]])
        let report = try check(scenario, github)
        XCTAssertEqual(report.decision, .needsApproval)
        let approval = try XCTUnwrap(report.approvals.first)
        XCTAssertFalse(approval.counted)
        XCTAssertTrue(approval.reason?.hasPrefix("stale: reviewed at \(reviewed.prefix(12))") == true, approval.reason ?? "")
        XCTAssertTrue(TextReportRenderer(color: false).render(report).contains("not counted: stale"))
    }

    /// Only each login's latest state-changing review counts: a comment leaves an approval standing, a later
    /// CHANGES_REQUESTED or DISMISSED voids it.
    func testALaterChangesRequestedOrDismissedVoidsAnApproval() throws {
        let scenario = try githubScenario()
        let head = try scenario.repo.git("rev-parse", "feature")
        let approved = review(1, "alice-gh", "APPROVED", head, at: "2026-11-29T09:00:00Z")
        let commented = try check(scenario, try reviewsServer([[approved, review(2, "alice-gh", "COMMENTED", head)]]))
        XCTAssertEqual(commented.decision, .pass, "\(commented.approvals)")
        for state in ["CHANGES_REQUESTED", "DISMISSED"] {
            let report = try check(scenario, try reviewsServer([[approved, review(2, "alice-gh", state, head)]]))
            XCTAssertEqual(report.decision, .needsApproval, state)
            XCTAssertEqual(report.approvals.map(\.counted), [false], state)
            XCTAssertTrue(report.approvals.first?.reason?.contains("latest review is \(state)") == true,
                          report.approvals.first?.reason ?? "")
        }
    }

    /// A login no reviewer names, a reviewer outside the required group, an app, the change's own author, an
    /// expired review and a commit this clone does not have: none counts, each with its reason.
    func testReviewsThatMustNotCountAreReportedWithTheirReason() throws {
        let scenario = try githubScenario()
        try scenario.repo.write("app/extra.py", "VALUE = 1\n")
        try scenario.repo.commit("by alice herself", environment: [
            "GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_COMMITTER_EMAIL": "alice@example.com",
        ])
        let head = try scenario.repo.git("rev-parse", "feature")
        let github = try reviewsServer([[
            review(1, "mallory", "APPROVED", head),
            review(2, "bob-gh", "APPROVED", head),
            review(3, "gate-app[bot]", "APPROVED", head, type: "Bot"),
            review(4, "alice-gh", "APPROVED", head),
        ]])
        let report = try check(scenario, github)
        XCTAssertEqual(report.decision, .needsApproval)
        let reasons = Dictionary(uniqueKeysWithValues: report.approvals.map { ($0.login ?? "", $0.reason ?? "") })
        XCTAssertTrue(report.approvals.allSatisfy { !$0.counted })
        XCTAssertTrue(reasons["mallory"]?.contains("not a reviewer in the trusted policy") == true, "\(reasons)")
        XCTAssertTrue(reasons["bob-gh"]?.contains("not in a required group") == true, "\(reasons)")
        XCTAssertTrue(reasons["gate-app[bot]"]?.contains("user.type Bot") == true, "\(reasons)")
        XCTAssertTrue(reasons["alice-gh"]?.hasPrefix("self-approval: alice@example.com authored") == true, "\(reasons)")

        let other = try githubScenario(policy: "approvals: { sources: [ssh, github-review], max-age: 1d }")
        let otherHead = try other.repo.git("rev-parse", "feature")
        let gone = String(repeating: "ab", count: 20)
        let late = try check(other, try reviewsServer([[
            review(1, "alice-gh", "APPROVED", otherHead, at: "2026-01-01T00:00:00Z"),
            review(2, "bob-gh", "APPROVED", gone),
        ]]), database: true)
        let lateReasons = Dictionary(uniqueKeysWithValues: late.approvals.map { ($0.login ?? "", $0.reason ?? "") })
        XCTAssertTrue(lateReasons["alice-gh"]?.contains("expired at 2026-01-02T00:00:00Z") == true, "\(lateReasons)")
        XCTAssertTrue(lateReasons["bob-gh"]?.contains("is not in this clone") == true, "\(lateReasons)")
    }

    /// `sources: [github-review]` alone: a recorded SSH approval is not read, so it does not count; a review does.
    func testWithGitHubReviewsAloneTheSSHStoreIsNotRead() throws {
        let scenario = try githubScenario(policy: "approvals: { sources: [github-review] }")
        try scenario.approve(as: "alice@example.com", key: scenario.alicePrivateKey)
        let head = try scenario.repo.git("rev-parse", "feature")
        let none = try check(scenario, try reviewsServer([[]]))
        XCTAssertEqual(none.decision, .needsApproval)
        XCTAssertEqual(none.approvals, [], "the SSH approval is not even considered")
        let reviewed = try check(scenario, try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]]))
        XCTAssertEqual(reviewed.decision, .pass)
        XCTAssertEqual(reviewed.approvals.map(\.source), ["github-review"])
    }

    // MARK: - No network unless asked, and failing closed

    /// Without `github-review` in the sources nothing is requested, even with a token and a pull request; with it, a
    /// change that needs no sign-off asks nothing either.
    func testNoRequestUnlessTheSourcesNameGitHubReviewsAndSomethingNeedsSignOff() throws {
        let scenario = try githubScenario(policy: "")
        let head = try scenario.repo.git("rev-parse", "feature")
        let github = try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]])
        let report = try check(scenario, github)
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals, [])
        XCTAssertFalse(report.notes.contains { $0.contains("GitHub") }, "\(report.notes)")
        XCTAssertEqual(github.requests.count, 0, "\(github.requests)")

        let harmless = try githubScenario()
        try harmless.repo.git("checkout", "-q", "main")
        try harmless.repo.git("checkout", "-q", "-b", "docs")
        try harmless.repo.write("docs/readme.md", "words\n")
        try harmless.repo.commit("docs only")
        var request = CheckRequest(repositoryPath: harmless.repo.path, base: "main", head: "docs")
        request.environment = try environment(harmless, github)
        XCTAssertEqual(try CheckRunner().run(request).decision, .pass)
        XCTAssertEqual(github.requests.count, 0, "\(github.requests)")
    }

    /// An API error, a body that is not GitHub's, no token, no pull request, nothing listening: the reviews do not
    /// count, a note names what is missing, the gate stays closed (exit 1 from the CLI) and the token is never shown.
    func testAnUnreadableAPIIsANoteAndTheGateStaysClosed() throws {
        let scenario = try githubScenario()
        let token = self.token
        // A server that echoes the token in its error message: gate redacts it before it reaches a note.
        let failing = try LocalHTTPServer { _, _ in .json(["message": "Server Error \(token)"], status: 500) }
        let broken = try LocalHTTPServer { _, _ in LocalHTTPServer.Response(body: Array("<html>rate limited</html>".utf8)) }
        let cases: [(LocalHTTPServer?, [String: String?], String)] = [
            (failing, [:], "answered HTTP 500: Server Error"),
            (broken, [:], "page 1 of the reviews is not a JSON array of reviews"),
            (broken, ["GITHUB_TOKEN": nil], "no token: set GITHUB_TOKEN (or GATE_GITHUB_TOKEN)"),
            (broken, ["GITHUB_EVENT_NAME": "push"], "no pull request"),
            (nil, ["GITHUB_API_URL": "http://127.0.0.1:9"], "cannot reach 127.0.0.1"),
        ]
        for (server, overrides, expected) in cases {
            var environment = try environment(scenario, server)
            for (key, value) in overrides { environment[key] = value }
            var request = scenario.checkRequest
            request.environment = environment
            let report = try CheckRunner().run(request)
            XCTAssertEqual(report.decision, .needsApproval, expected)
            XCTAssertEqual(report.requirements.first?.satisfied, false)
            let note = report.notes.first { $0.hasPrefix("GitHub reviews not counted: ") }
            XCTAssertTrue(note?.contains(expected) == true, "\(expected): \(report.notes)")
            assertTokenNotShown(report)
        }
        XCTAssertEqual(failing.requests.count, 1)

        // The CLI: exit 1 (an unmet requirement, not an error and never 0), the note on stdout, no token anywhere.
        let run = try runProcess(gateExecutablePath(), ["check", "--base", "main", "--head", "feature"], in: scenario.repo.path,
                                 environment: try environment(scenario, failing))
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("GitHub reviews not counted: GET /repos/acme/app/pulls/7/reviews answered HTTP 500"), run.stdout)
        XCTAssertFalse((run.stdout + run.stderr).contains("REVIEWtoken"), "the token was printed")
    }

    /// libcurl is loaded on the first request (CHTTP): where it cannot be, the reviews are not counted, the note says
    /// why, and the gate stays closed.
    func testWithoutALoadableLibcurlTheReviewsAreANote() throws {
        let scenario = try githubScenario()
        let head = try scenario.repo.git("rev-parse", "feature")
        let github = try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]])
        let fakes = try librariesStandingIn(for: ["libcurl.so.4"])
        var environment = try environment(scenario, github)
        environment["LD_LIBRARY_PATH"] = fakes.path + (environment["LD_LIBRARY_PATH"].map { ":" + $0 } ?? "")
        let run = try runProcess(gateExecutablePath(), ["check", "--base", "main", "--head", "feature"], in: scenario.repo.path,
                                 environment: environment)
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(
            run.stdout.contains("GitHub reviews not counted: cannot load libcurl (libcurl.so.4): it has no curl_global_init"),
            run.stdout)
        XCTAssertEqual(github.requests.count, 0)
    }

    /// The whole path through the CLI: an approval on GitHub opens the gate (exit 0) in every report format.
    func testTheCLIOpensTheGateOnAGitHubApproval() throws {
        let scenario = try githubScenario()
        let head = try scenario.repo.git("rev-parse", "feature")
        let github = try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]])
        for format in ["text", "json", "markdown", "github"] {
            let run = try runProcess(
                gateExecutablePath(), ["check", "--base", "main", "--head", "feature", "--format", format], in: scenario.repo.path,
                environment: try environment(scenario, github))
            XCTAssertEqual(run.status, 0, "\(format): \(run.stdout) \(run.stderr)")
            if format != "github" { XCTAssertTrue(run.stdout.contains("alice-gh"), "\(format): \(run.stdout)") }
            XCTAssertFalse((run.stdout + run.stderr).contains("REVIEWtoken"), "\(format): the token was printed")
        }
    }

    // MARK: - Link header

    func testTheNextPageIsTakenFromTheLinkHeader() {
        let header = #"<https://api.github.com/repositories/1/pulls/7/reviews?per_page=100&page=3>; rel="next", "#
            + #"<https://api.github.com/repositories/1/pulls/7/reviews?per_page=100&page=5>; rel="last""#
        XCTAssertEqual(GitHubReviewsClient.nextPage(linkHeader: header)?.absoluteString,
                       "https://api.github.com/repositories/1/pulls/7/reviews?per_page=100&page=3")
        let reordered = #"<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=1>; rel="first", <https://x.test/a?page=3>;rel=next"#
        XCTAssertEqual(GitHubReviewsClient.nextPage(linkHeader: reordered)?.absoluteString, "https://x.test/a?page=3")
        XCTAssertEqual(GitHubReviewsClient.nextPage(linkHeader: #"<https://x.test/a?page=2>; rel="last next""#)?.absoluteString,
                       "https://x.test/a?page=2", "rel may list several relations")
        XCTAssertNil(GitHubReviewsClient.nextPage(linkHeader: #"<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=1>; rel="first""#))
        XCTAssertNil(GitHubReviewsClient.nextPage(linkHeader: ""))
        XCTAssertNil(GitHubReviewsClient.nextPage(linkHeader: "garbage; rel=next"))
    }

    /// A next page on another host is not followed: the token goes only to the API it was given for.
    func testANextPageOnAnotherHostIsNotFollowed() throws {
        let scenario = try githubScenario()
        let github = try LocalHTTPServer { _, _ in
            .json([], headers: [("Link", #"<http://attacker.invalid/steal?page=2>; rel="next""#)])
        }
        let report = try check(scenario, github)
        XCTAssertTrue(report.notes.contains { $0.contains("on another host (attacker.invalid); not following it") }, "\(report.notes)")
        XCTAssertEqual(github.requests.count, 1)
    }

    /// A redirect to another host is not followed either (the token would go along); one on the API's own host is
    /// (GitHub's for a renamed repository).
    func testARedirectIsFollowedOnlyOnTheAPIsOwnHost() throws {
        let scenario = try githubScenario()
        let head = try scenario.repo.git("rev-parse", "feature")
        let elsewhere = try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]])
        let target = elsewhere.url
        let redirecting = try LocalHTTPServer { request, _ in
            LocalHTTPServer.Response(status: 302, headers: [("Location", target + request.path)], body: [])
        }
        let refused = try check(scenario, redirecting)
        XCTAssertEqual(refused.decision, .needsApproval)
        XCTAssertTrue(refused.notes.contains { $0.contains("answered HTTP 302") }, "\(refused.notes)")
        XCTAssertEqual(elsewhere.requests.count, 0, "the token went to another host")

        // A repository renamed from old/app: GitHub answers its old name with a 301 to the new one, on its own host.
        let renamed = try reviewsServer([[review(1, "alice-gh", "APPROVED", head)]])
        var request = scenario.checkRequest
        request.environment = try environment(scenario, renamed)
        request.environment["GITHUB_REPOSITORY"] = "old/app"
        XCTAssertEqual(try CheckRunner().run(request).decision, .pass)
        XCTAssertEqual(renamed.requests.map(\.path), [
            "/repos/old/app/pulls/7/reviews?per_page=100", "/repos/acme/app/pulls/7/reviews?per_page=100",
        ])
    }

    // MARK: - Fixtures

    /// The approval scenario (alice: cost and owners, as `alice-gh`; bob: database, as `bob-gh`) with `policy` added.
    private func githubScenario(policy: String = GitHubReviewApprovalTests.sources) throws -> ApprovalScenario {
        try ApprovalScenario(policyExtra: policy, github: ["alice@example.com": "alice-gh", "bob@example.com": "bob-gh"])
    }

    private func check(_ scenario: ApprovalScenario, _ github: LocalHTTPServer, database: Bool = false) throws -> Report {
        if database {
            // bob's group must be required too, for his review to get as far as the commit.
            try scenario.repo.write("db/migrations/0001_drop.sql", "ALTER TABLE accounts DROP COLUMN legacy_note;\n")
            try scenario.repo.commit("drop a column")
        }
        let report = try scenario.check(environment: try environment(scenario, github))
        if database { XCTAssertTrue(report.requirements.contains { $0.group == "database" }, "\(report.requirements)") }
        return report
    }

    /// A runner's environment for pull request #7 of acme/app, with the job's token and the API at `github`.
    private func environment(_ scenario: ApprovalScenario, _ github: LocalHTTPServer?) throws -> [String: String] {
        let event = scenario.repo.directory.url(".git/event.json")
        let payload: [String: Any] = ["action": "submitted", "pull_request": ["number": 7, "base": ["sha": scenario.base, "ref": "main"]]]
        try JSONSerialization.data(withJSONObject: payload).write(to: event)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GITHUB_") && !$0.key.hasPrefix("GATE_") }
        environment["GITHUB_ACTIONS"] = "true"
        environment["GITHUB_EVENT_NAME"] = "pull_request_review"
        environment["GITHUB_EVENT_PATH"] = event.path
        environment["GITHUB_REPOSITORY"] = "acme/app"
        environment["GITHUB_API_URL"] = github?.url ?? ""
        environment["GITHUB_TOKEN"] = token
        return environment
    }

    /// GitHub's list-reviews endpoint for pull request #7 of acme/app, in pages with a Link header as GitHub writes it;
    /// a request without the token gets GitHub's 401.
    private func reviewsServer(_ pages: [[[String: Any]]]) throws -> LocalHTTPServer {
        let token = self.token
        let encoded = pages.map { page in (try? JSONSerialization.data(withJSONObject: page)) ?? Data() }
        let count = pages.count
        return try LocalHTTPServer { request, base in
            guard request.headers["authorization"] == "Bearer \(token)" else {
                return .json(["message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"], status: 401)
            }
            if request.path.hasPrefix("/repos/old/app/") {
                let moved = "/repos/acme/app/" + request.path.dropFirst("/repos/old/app/".count)
                return LocalHTTPServer.Response(status: 301, headers: [("Location", base + moved)], body: [])
            }
            let components = URLComponents(string: base + request.path)
            guard components?.path == "/repos/acme/app/pulls/7/reviews" else { return .json(["message": "Not Found"], status: 404) }
            let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
            let page = Int(query["page"] ?? "1") ?? 1
            var headers: [(String, String)] = [("Content-Type", "application/json; charset=utf-8")]
            if page < count {
                let link = "\(base)/repos/acme/app/pulls/7/reviews?per_page=100&page="
                headers.append(("Link", "<\(link)\(page + 1)>; rel=\"next\", <\(link)\(count)>; rel=\"last\""))
            }
            let body = (1...count).contains(page) ? Array(encoded[page - 1]) : Array("[]".utf8)
            return LocalHTTPServer.Response(headers: headers, body: body)
        }
    }

    /// A review as GitHub's REST API documents it (GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews).
    private func review(_ id: Int, _ login: String, _ state: String, _ commit: String, type: String = "User",
                        at submitted: String? = nil) -> [String: Any] {
        [
            "id": id, "node_id": "PRR_kwDO\(id)",
            "user": ["login": login, "id": 1000 + id, "node_id": "U_\(id)", "type": type, "site_admin": false,
                     "html_url": "https://github.com/\(login)"],
            "body": state == "APPROVED" ? "LGTM" : "see inline", "state": state,
            "html_url": "https://github.com/acme/app/pull/7#pullrequestreview-\(id)",
            "pull_request_url": "https://api.github.com/repos/acme/app/pulls/7",
            "_links": ["html": ["href": "https://github.com/acme/app/pull/7#pullrequestreview-\(id)"],
                       "pull_request": ["href": "https://api.github.com/repos/acme/app/pulls/7"]],
            "submitted_at": submitted ?? Timestamp.format(Date().addingTimeInterval(Double(id) - 3600)),
            "commit_id": commit, "author_association": "COLLABORATOR",
        ]
    }

    private func assertTokenNotShown(_ report: Report, file: StaticString = #filePath, line: UInt = #line) {
        let outputs = [TextReportRenderer(color: false).render(report), MarkdownReportRenderer().render(report),
                       (try? JSONReportRenderer.render(report)) ?? ""]
        for output in outputs {
            XCTAssertFalse(output.contains("REVIEWtoken"), "the token was printed: \(output)", file: file, line: line)
        }
    }
}
