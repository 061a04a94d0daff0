import Foundation
import GateCore
import GateTestSupport
import XCTest

@testable import GatePolicy

/// Issue #16 point 4, the policy side: a reviewer's `github:` login and `approvals.sources`, strictly read, shown by
/// `explain` in both forms and noted by lint where they cannot take effect.
final class GitHubReviewPolicyTests: XCTestCase {
    private let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice"

    func testALoginAndTheSourcesLoad() throws {
        let policy = try PolicyLoader.load(text: """
            version: 1
            reviewers:
              - id: alice@example.com
                groups: [cost]
                github: Alice-Dev
            approvals: { sources: [ssh, github-review] }

            """, file: "p.yml")
        XCTAssertEqual(policy.reviewers.first?.github, "Alice-Dev")
        XCTAssertEqual(policy.approvals.sources, [.ssh, .githubReview])
        XCTAssertEqual(try PolicyLoader.load(text: "version: 1\n", file: "p.yml").approvals.sources, [.ssh], "ssh is the default")
        XCTAssertEqual(PolicyLoader.builtin.approvals.sources, [.ssh])
        let githubOnly = try PolicyLoader.load(text: "version: 1\napprovals: { sources: [github-review] }\n", file: "p.yml")
        XCTAssertEqual(githubOnly.approvals.sources, [.githubReview])
    }

    func testABadLoginIsAnErrorAtItsPosition() {
        let logins = ["-alice", "alice-", "al--ice", "alice smith", "alice[bot]", String(repeating: "a", count: 40), "ålice"]
        for login in logins {
            let yaml = "version: 1\nreviewers:\n  - id: a@example.com\n    github: \"\(login)\"\n"
            XCTAssertEqual(mistakes(yaml), [
                "p.yml:4:13: `github` must be a GitHub login (letters, digits and single hyphens, at most 39, not starting or ending with a hyphen), not \"\(login)\"",
            ], login)
        }
        XCTAssertEqual(mistakes("version: 1\nreviewers:\n  - id: a@example.com\n    github: [alice]\n"), [
            "p.yml:4:13: a reviewer's `github` must be text, not a list",
        ])
        for login in ["a", "alice", "Alice-Dev-2", String(repeating: "b", count: 39)] {
            XCTAssertTrue(Reviewer.isGitHubLogin(login), login)
        }
    }

    /// Two reviewers cannot claim one login (GitHub logins ignore case): whose approval would it be?
    func testALoginBelongsToOneReviewer() {
        XCTAssertEqual(mistakes("""
            version: 1
            reviewers:
              - id: a@example.com
                github: alice
              - id: b@example.com
                github: ALICE

            """), ["p.yml:6:13: GitHub login \"ALICE\" is already reviewer \"a@example.com\"'s"])
    }

    func testBadSourcesAreErrorsAtTheirPositions() {
        XCTAssertEqual(mistakes("version: 1\napprovals: { sources: [ssh, github-reviews, gitlab] }\n"), [
            "p.yml:2:29: each item of `sources` must be one of ssh, github-review, not `github-reviews`; did you mean `github-review`?",
            "p.yml:2:45: each item of `sources` must be one of ssh, github-review, not `gitlab`",
        ])
        XCTAssertEqual(mistakes("version: 1\napprovals: { sources: [] }\n"), [
            "p.yml:2:23: `sources` must name at least one of ssh, github-review",
        ])
        XCTAssertEqual(mistakes("version: 1\napprovals: { sources: [ssh, ssh] }\n"), [
            "p.yml:2:29: `sources` lists ssh twice",
        ])
        XCTAssertEqual(mistakes("version: 1\napprovals: { sources: github-review }\n"), [
            "p.yml:2:23: `sources` must be a list, not the text `github-review`",
        ])
        XCTAssertEqual(mistakes("version: 1\napprovals: { source: [ssh] }\n"), [
            "p.yml:2:14: unknown key `source` in `approvals`; did you mean `sources`?",
        ])
    }

    /// `explain` writes both back (and its output loads to the same policy); the JSON names them as the file does.
    func testExplainShowsTheLoginAndTheSources() throws {
        let policy = try PolicyLoader.load(text: """
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["\(key)"]
                groups: [cost]
                github: alice-dev
            approvals: { sources: [github-review, ssh] }

            """, file: "p.yml")
        let yaml = PolicyExplainer.render(policy, source: "p.yml")
        XCTAssertTrue(yaml.contains("    github: \"alice-dev\"\n"), yaml)
        XCTAssertTrue(yaml.contains("store: git, sources: [github-review, ssh] }"), yaml)
        let reloaded = try PolicyLoader.load(text: yaml, file: "explained")
        XCTAssertEqual(reloaded.reviewers, policy.reviewers)
        XCTAssertEqual(reloaded.approvals, policy.approvals)
        XCTAssertTrue(PolicyExplainer.render(PolicyLoader.builtin, source: "builtin").contains("sources: [ssh] }"))

        let json = try XCTUnwrap(
            try JSONSerialization.jsonObject(with: Data(PolicyExplainer.json(policy, source: "p.yml").utf8)) as? [String: Any])
        let document = try XCTUnwrap(json["policy"] as? [String: Any])
        XCTAssertEqual((document["approvals"] as? [String: Any])?["sources"] as? [String], ["github-review", "ssh"])
        XCTAssertEqual((document["reviewers"] as? [[String: Any]])?.first?["github"] as? String, "alice-dev")
    }

    /// A valid policy where GitHub reviews cannot count is worth a warning.
    func testLintSaysWhereGitHubReviewsCannotCount() throws {
        let withoutSource = try PolicyLoader.load(text: """
            version: 1
            reviewers:
              - id: alice@example.com
                groups: [cost, database, owners]
                github: alice-dev

            """, file: "p.yml")
        XCTAssertEqual(PolicyLint.notes(withoutSource, today: "2026-11-29"), [
            "reviewer alice@example.com has no keys, so their approvals cannot be verified",
            "reviewer alice@example.com names github: alice-dev, but approvals.sources does not include github-review, so their reviews do not count",
        ])
        var withSource = withoutSource
        withSource.approvals.sources = [.ssh, .githubReview]
        XCTAssertEqual(PolicyLint.notes(withSource, today: "2026-11-29"), [], "a login is enough with github-review on")
        withSource.reviewers[0].github = nil
        withSource.reviewers[0].keys = [key]
        XCTAssertEqual(PolicyLint.notes(withSource, today: "2026-11-29"), [
            "approvals.sources includes github-review, but no reviewer names a `github:` login, so no review counts",
        ])
    }
}
