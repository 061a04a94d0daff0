import Foundation
import GateApprovals
import GateCore
import GateKit
import GatePolicy
import GateTestSupport
import XCTest

/// A repository whose base commit carries a policy naming real reviewer keys, and a feature branch with a paid
/// SDK call that needs `cost` sign-off.
final class ApprovalScenario: @unchecked Sendable {
    let repo: GitFixture
    let keys: TemporaryDirectory
    let alicePrivateKey: String
    let bobPrivateKey: String
    let base: String

    static let paidCall = """
        from openai import OpenAI

        client = OpenAI()


        def summarize(text):
            return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": text}])
        """

    /// `github` maps a reviewer id to the `github:` login its policy entry names.
    init(policyExtra: String = "", github: [String: String] = [:], repo existing: GitFixture? = nil) throws {
        keys = try TemporaryDirectory(prefix: "gate-keys")
        alicePrivateKey = keys.path + "/alice"
        bobPrivateKey = keys.path + "/bob"
        for (path, comment) in [(alicePrivateKey, "alice"), (bobPrivateKey, "bob")] {
            let made = try runProcess("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path])
            guard made.status == 0 else { throw FixtureError("ssh-keygen: \(made.stderr)") }
        }
        let alice = try String(contentsOfFile: alicePrivateKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let bob = try String(contentsOfFile: bobPrivateKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        repo = try existing ?? GitFixture()
        try repo.write(".gate/policy.yml", """
            version: 1
            reviewers:
              - id: alice@example.com
                keys: ["\(alice)"]
                groups: [cost, owners]\(github["alice@example.com"].map { "\n    github: \($0)" } ?? "")
              - id: bob@example.com
                keys: ["\(bob)"]
                groups: [database]\(github["bob@example.com"].map { "\n    github: \($0)" } ?? "")
            \(policyExtra)
            """)
        try repo.write("README.md", "service\n")
        base = try repo.commit("policy")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("app/summarize.py", Self.paidCall + "\n")
        try repo.commit("summarize with a model")
    }

    var checkRequest: CheckRequest {
        CheckRequest(repositoryPath: repo.path, base: "main", head: "feature")
    }

    func check(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Report {
        var request = checkRequest
        request.environment = environment
        return try CheckRunner().run(request)
    }

    /// Records an approval through the same path as `gate approve`.
    @discardableResult
    func approve(as reviewer: String, key: String, expires: TimeSpan? = nil, store: ApprovalStoreKind? = nil,
                 url: String? = nil, in repository: GitFixture? = nil, base: String = "main", head: String = "feature")
        throws -> ApproveOutcome
    {
        let request = ApproveRequest(
            check: CheckRequest(repositoryPath: (repository ?? repo).path, base: base, head: head), keyPath: key,
            reviewer: reviewer, reason: "checked the cost", expiresIn: expires, store: store, approvalsURL: url)
        let runner = ApproveRunner()
        return try runner.record(try runner.prepare(request), request: request)
    }
}
