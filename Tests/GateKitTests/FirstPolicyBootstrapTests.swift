import Foundation
import GateApprovals
import GateCore
import GateGit
@testable import GateKit
import GatePolicy
import GateTestSupport
import XCTest

/// First-policy bootstrap (SPEC §4) on real repositories with real SSH-signed approvals: the change that adds the
/// first `.gate/policy.yml` can be signed off by the owners it lists, and nothing else can be signed off that way.
final class FirstPolicyBootstrapTests: XCTestCase {
    /// Alice and Bob have keys; the policy the change adds makes Alice an owner and Bob a cost reviewer.
    private final class Scenario {
        let repo: GitFixture
        let keys: TemporaryDirectory
        var publicKeys: [String: String] = [:]

        init() throws {
            keys = try TemporaryDirectory(prefix: "gate-keys")
            for name in ["alice", "bob", "mallory"] {
                let made = try runProcess(
                    "ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", keys.path + "/" + name])
                guard made.status == 0 else { throw FixtureError("ssh-keygen: \(made.stderr)") }
                publicKeys[name] = try String(contentsOfFile: keys.path + "/\(name).pub", encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            repo = try GitFixture()
        }

        func key(_ name: String) -> String { keys.path + "/" + name }

        /// A policy naming `owners` (with the `owners` group) and bob in `cost`, plus `extra` at the end.
        func policy(owners: [String] = ["alice"], extra: String = "") -> String {
            var text = "version: 1\nreviewers:\n"
            for name in owners {
                text += "  - id: \(name)@example.com\n    keys: [\"\(publicKeys[name] ?? "")\"]\n    groups: [owners]\n"
            }
            text += "  - id: bob@example.com\n    keys: [\"\(publicKeys["bob"] ?? "")\"]\n    groups: [cost]\n"
            return text + extra
        }

        /// `main` without a policy; `feature` adds `policy` (and the workflow that runs gate, as `gate init` does).
        func addFirstPolicy(_ policy: String) throws {
            try repo.write("README.md", "service\n")
            try repo.commit("start")
            try repo.git("checkout", "-q", "-b", "feature")
            try repo.write(".gate/policy.yml", policy)
            try repo.write(".github/workflows/gate.yml", InitTemplates.pullRequestWorkflow)
            try repo.commit("adopt gate")
        }

        func check() throws -> Report {
            try CheckRunner().run(CheckRequest(repositoryPath: repo.path, base: "main", head: "feature", environment: [:]))
        }

        @discardableResult
        func approve(as name: String, key: String? = nil) throws -> ApproveOutcome {
            let request = ApproveRequest(
                check: CheckRequest(repositoryPath: repo.path, base: "main", head: "feature", environment: [:]),
                keyPath: key ?? self.key(name), reviewer: "\(name)@example.com", reason: "first policy")
            let runner = ApproveRunner()
            return try runner.record(try runner.prepare(request), request: request)
        }

        /// Writes an approval straight into the store, as someone bypassing `gate approve`'s own refusals would.
        func plantApproval(as name: String, groups: [String], fingerprint: String) throws {
            // Bound like a real approval (this repository's root commit, merging into main), so that only who
            // signed it can be the reason it does not count.
            let root = try repo.git("rev-list", "--max-parents=0", "main")
            let record = try SignedRecord.sign(
                Approval(fingerprint: fingerprint, reviewer: "\(name)@example.com", groups: groups, reason: nil,
                         created: Date(), expires: Date().addingTimeInterval(3600), repository: root, target: "main"),
                kind: .approval, with: SSHSigner(keyPath: key(name)))
            try GitApprovalStore(repository: try Repository(discoveringFrom: repo.path))
                .add(record, reviewer: "\(name)@example.com", fingerprint: fingerprint)
        }
    }

    func testTheFirstPolicyIsSignedOffByTheOwnerItLists() throws {
        let scenario = try Scenario()
        try scenario.addFirstPolicy(scenario.policy())
        let before = try scenario.check()
        XCTAssertEqual(before.decision, .needsApproval)
        XCTAssertEqual(before.policy.source, "builtin")
        XCTAssertEqual(Set(before.findings.map(\.rule)), ["policy-change"])
        // The workflow gate init writes is recognised as running gate, though gate now comes from the action.
        XCTAssertEqual(Set(before.findings.map(\.path)), [".gate/policy.yml", ".github/workflows/gate.yml"])
        XCTAssertEqual(before.requirements, [Requirement(group: "owners", approvals: 1)])
        let bootstrap = try XCTUnwrap(before.policy.bootstrap)
        XCTAssertEqual(bootstrap.source, "head:.gate/policy.yml")
        XCTAssertEqual(bootstrap.groups, ["owners"])
        XCTAssertEqual(bootstrap.reviewers, ["alice@example.com"], "bob is not an owner")
        XCTAssertEqual(bootstrap.sha256, ContentDigest.sha256Hex(scenario.policy()))
        XCTAssertTrue(before.notes.contains {
            $0.hasPrefix("first-policy bootstrap (trust on first use)") && $0.hasSuffix("that new file lists: alice@example.com")
        }, "\(before.notes)")

        try scenario.approve(as: "alice")
        let after = try scenario.check()
        XCTAssertEqual(after.decision, .pass, "\(after.approvals)")
        XCTAssertEqual(after.fingerprint, before.fingerprint)
        XCTAssertEqual(after.requirements, [
            Requirement(group: "owners", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true),
        ])
        XCTAssertEqual(after.approvals.map(\.counted), [true])
        // `gate approvals list` for the change judges the approval as `gate check` does: valid, by alice.
        let listed = try ApprovalsRunner().list(ApprovalsRequest(
            check: CheckRequest(repositoryPath: scenario.repo.path, base: "main", head: "feature", environment: [:])))
        XCTAssertEqual(listed.map(\.reviewer), ["alice@example.com"])
        XCTAssertEqual(listed.map(\.problem), [nil])

        // The report says so in words, in text and in JSON.
        let text = TextReportRenderer(color: false).render(after)
        XCTAssertTrue(text.contains(
            "owners: done (by alice@example.com) — trust on first use: from the reviewers of the head:.gate/policy.yml this change adds"),
            text)
        XCTAssertTrue(text.contains("note: first-policy bootstrap (trust on first use): the base has no .gate/policy.yml"), text)
        let json = try JSONReportRenderer.render(after)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let policy = try XCTUnwrap(object["policy"] as? [String: Any])
        let encoded = try XCTUnwrap(policy["bootstrap"] as? [String: Any], json)
        XCTAssertEqual(encoded["groups"] as? [String], ["owners"])
        XCTAssertEqual(encoded["reviewers"] as? [String], ["alice@example.com"])
        XCTAssertTrue((object["notes"] as? [String])?.contains { $0.contains("trust on first use") } == true, json)
    }

    func testTheBuiltBinarySaysItAndOpensTheGateAfterTheOwnersApproval() throws {
        let scenario = try Scenario()
        try scenario.addFirstPolicy(scenario.policy())
        var environment = GitFixture.environment
        environment["GITHUB_ACTIONS"] = nil
        let arguments = ["check", "--base", "main", "--head", "feature", "--no-color"]
        let before = try runProcess(gateExecutablePath(), arguments, in: scenario.repo.path, environment: environment)
        XCTAssertEqual(before.status, 1, before.stderr)
        XCTAssertTrue(before.stdout.contains("may come from the reviewers that new file lists: alice@example.com"), before.stdout)
        XCTAssertTrue(before.stdout.contains("owners: missing — trust on first use"), before.stdout)

        let approve = try runProcess(
            gateExecutablePath(),
            ["approve", "--base", "main", "--head", "feature", "--as", "alice@example.com", "--key", scenario.key("alice"),
             "--reason", "first policy"],
            in: scenario.repo.path, environment: environment)
        XCTAssertEqual(approve.status, 0, approve.stdout + approve.stderr)
        let after = try runProcess(gateExecutablePath(), arguments + ["--format", "json"], in: scenario.repo.path,
                                   environment: environment)
        XCTAssertEqual(after.status, 0, after.stdout + after.stderr)
        let report = try JSONDecoder().decode(Report.self, from: Data(after.stdout.utf8))
        XCTAssertEqual(report.decision, .pass)
        XCTAssertEqual(report.policy.bootstrap?.groups, ["owners"])
    }

    func testSomeoneNotAmongTheNewOwnersCannotSignItOff() throws {
        let scenario = try Scenario()
        try scenario.addFirstPolicy(scenario.policy())
        // Bob is in the new file, but not an owner; Mallory is not in it at all.
        XCTAssertThrowsError(try scenario.approve(as: "bob")) { error in
            XCTAssertTrue("\(error)".contains("bob@example.com is in none of the groups this change needs (owners)"), "\(error)")
        }
        XCTAssertThrowsError(try scenario.approve(as: "mallory")) { error in
            XCTAssertTrue("\(error)".contains("mallory@example.com is not a reviewer in the trusted policy (head:.gate/policy.yml, added by this change (first-policy bootstrap))"), "\(error)")
        }
        // Approvals planted past `gate approve` are reported, not counted.
        let fingerprint = try scenario.check().fingerprint
        try scenario.plantApproval(as: "bob", groups: ["owners"], fingerprint: fingerprint)
        try scenario.plantApproval(as: "mallory", groups: ["owners"], fingerprint: fingerprint)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.requirements.map(\.satisfied), [false])
        let reasons = Dictionary(uniqueKeysWithValues: report.approvals.map { ($0.reviewer, $0) })
        XCTAssertEqual(reasons["bob@example.com"]?.counted, false)
        XCTAssertTrue(reasons["bob@example.com"]?.reason?.contains("not in a required group (required: owners") == true,
                      "\(report.approvals)")
        XCTAssertEqual(reasons["mallory@example.com"]?.counted, false)
        XCTAssertTrue(reasons["mallory@example.com"]?.reason?.contains("not a reviewer in the trusted policy") == true,
                      "\(report.approvals)")
    }

    func testTheAuthorOfTheFirstPolicyCannotApproveItEvenIfItAllowsSelfApproval() throws {
        let scenario = try Scenario()
        // Alice writes the policy that names her owner and turns self-approval on: that setting is not trusted.
        try scenario.repo.write("README.md", "service\n")
        try scenario.repo.commit("start")
        try scenario.repo.git("checkout", "-q", "-b", "feature")
        try scenario.repo.write(".gate/policy.yml", scenario.policy(extra: "approvals: { allow-self: true }\n"))
        try scenario.repo.commit("adopt gate", environment: [
            "GIT_AUTHOR_EMAIL": "alice@example.com", "GIT_COMMITTER_EMAIL": "alice@example.com",
        ])
        try scenario.approve(as: "alice")
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.first?.counted, false)
        XCTAssertTrue(report.approvals.first?.reason?.contains("self-approval") == true, "\(report.approvals)")
    }

    func testTheNewOwnersSignOffThePolicyChangeOnlyNotAPaidCallInTheSameChange() throws {
        let scenario = try Scenario()
        try scenario.repo.write("README.md", "service\n")
        try scenario.repo.commit("start")
        try scenario.repo.git("checkout", "-q", "-b", "feature")
        try scenario.repo.write(".gate/policy.yml", scenario.policy())
        try scenario.repo.write("app/summarize.py", ApprovalScenario.paidCall + "\n")
        try scenario.repo.commit("adopt gate and summarize")
        try scenario.approve(as: "alice")
        let fingerprint = try scenario.check().fingerprint
        // Bob is `cost` in the new file, but that file is trusted for the policy's own sign-off only.
        try scenario.plantApproval(as: "bob", groups: ["cost"], fingerprint: fingerprint)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.policy.bootstrap?.groups, ["owners"])
        let bob = try XCTUnwrap(report.approvals.first { $0.reviewer == "bob@example.com" }, "\(report.approvals)")
        XCTAssertFalse(bob.counted)
        XCTAssertTrue(bob.reason?.contains("not in a required group (required: owners") == true, "\(report.approvals)")
        XCTAssertEqual(report.requirements, [
            Requirement(group: "cost", approvals: 1),
            Requirement(group: "owners", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true),
        ])
    }

    func testAChangeThatEditsAnExistingPolicyCannotBeApprovedByTheOwnersItAdds() throws {
        let scenario = try Scenario()
        try scenario.repo.write(".gate/policy.yml", scenario.policy(owners: ["alice"]))
        try scenario.repo.commit("policy")
        try scenario.repo.git("checkout", "-q", "-b", "feature")
        // Mallory makes herself an owner and approves her own promotion.
        try scenario.repo.write(".gate/policy.yml", scenario.policy(owners: ["alice", "mallory"]))
        try scenario.repo.commit("another owner")
        let before = try scenario.check()
        XCTAssertEqual(before.policy.source, "base:.gate/policy.yml")
        XCTAssertNil(before.policy.bootstrap)
        XCTAssertFalse(before.notes.contains { $0.contains("bootstrap") }, "\(before.notes)")
        XCTAssertThrowsError(try scenario.approve(as: "mallory")) { error in
            XCTAssertTrue("\(error)".contains("mallory@example.com is not a reviewer in the trusted policy (base:.gate/policy.yml)"), "\(error)")
        }
        try scenario.plantApproval(as: "mallory", groups: ["owners"], fingerprint: before.fingerprint)
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertEqual(report.approvals.map(\.counted), [false])
        XCTAssertTrue(report.approvals.first?.reason?.contains("not a reviewer in the trusted policy") == true, "\(report.approvals)")
        // The base's owner still can.
        try scenario.approve(as: "alice")
        XCTAssertEqual(try scenario.check().decision, .pass)
    }

    func testAPolicyDeletedAndReAddedOnABranchIsNotAFirstPolicy() throws {
        // The base tip has a policy; the branch forked before it existed and adds its own: the base's owners judge.
        let scenario = try Scenario()
        try scenario.repo.write("README.md", "service\n")
        try scenario.repo.commit("start")
        try scenario.repo.git("checkout", "-q", "-b", "feature")
        try scenario.repo.write(".gate/policy.yml", scenario.policy(owners: ["mallory"]))
        try scenario.repo.commit("my own policy")
        try scenario.repo.git("checkout", "-q", "main")
        try scenario.repo.write(".gate/policy.yml", scenario.policy(owners: ["alice"]))
        try scenario.repo.commit("the team's policy")
        let report = try scenario.check()
        XCTAssertEqual(report.policy.source, "base:.gate/policy.yml")
        XCTAssertNil(report.policy.bootstrap)
        XCTAssertThrowsError(try scenario.approve(as: "mallory"))
    }

    /// `owners` also signs off unscanned content by default: a first policy may not vouch for that, so a group any
    /// other finding needs is not bootstrapped, and the report says why.
    func testAGroupOtherFindingsNeedTooIsNotBootstrapped() throws {
        let builtin = PolicyLoader.builtin
        let candidate = try PolicyLoader.load(text: Scenario().policy(), file: "head:.gate/policy.yml")
        let policyChange = Finding(rule: "policy-change", category: .policyChange, path: ".gate/policy.yml", line: 1,
                                   message: "adds the gate's policy")
        let unscanned = Finding(rule: "unscanned", category: .unscanned, path: "assets/blob.bin", line: 1,
                                message: "binary content")
        let both = PolicyEvaluator.evaluate([policyChange, unscanned], policy: builtin, today: "2026-01-01")
        XCTAssertEqual(both.requirements.map(\.group), ["owners"])
        let (refused, notes) = FirstPolicyBootstrap.applying(candidate: candidate, trusted: builtin, evaluation: both)
        XCTAssertNil(refused)
        XCTAssertEqual(notes, [
            "first-policy bootstrap does not cover owners: unscanned findings need it too, and only a policy in the base can approve those",
        ])
        let alone = PolicyEvaluator.evaluate([policyChange], policy: builtin, today: "2026-01-01")
        let (bootstrap, _) = FirstPolicyBootstrap.applying(candidate: candidate, trusted: builtin, evaluation: alone)
        XCTAssertEqual(bootstrap?.summary.groups, ["owners"])
        XCTAssertEqual(bootstrap?.verificationPolicy.reviewers, candidate.reviewers)
        XCTAssertEqual(bootstrap?.verificationPolicy.approvals, builtin.approvals, "the new file's approval settings are not trusted")
    }

    func testAFirstPolicyThatDoesNotLoadIsSaidAndSignsNothingOff() throws {
        let scenario = try Scenario()
        try scenario.addFirstPolicy("version: 1\nreviewerz: []\n")
        let report = try scenario.check()
        XCTAssertEqual(report.decision, .needsApproval)
        XCTAssertNil(report.policy.bootstrap)
        XCTAssertTrue(report.notes.contains {
            $0.hasPrefix("first-policy bootstrap does not apply: the .gate/policy.yml this change adds cannot be used (head:.gate/policy.yml:2:1: unknown key `reviewerz`")
        }, "\(report.notes)")
    }
}
