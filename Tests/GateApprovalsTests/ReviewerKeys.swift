import Foundation
import GateApprovals
import GateCore
import GatePolicy
import GateTestSupport
import XCTest

/// A real SSH key pair made by ssh-keygen in a temporary directory.
final class ReviewerKey: @unchecked Sendable {
    let directory: TemporaryDirectory
    let privateKeyPath: String
    let publicKeyLine: String

    init(type: String = "ed25519", comment: String = "reviewer@test") throws {
        directory = try TemporaryDirectory(prefix: "gate-key")
        privateKeyPath = directory.path + "/id_\(type)"
        var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", privateKeyPath]
        if type == "rsa" { arguments += ["-b", "2048"] }
        let result = try runProcess("ssh-keygen", arguments)
        guard result.status == 0 else { throw FixtureError("ssh-keygen failed: \(result.stderr)") }
        publicKeyLine = try String(contentsOfFile: privateKeyPath + ".pub", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var signer: SSHSigner { SSHSigner(keyPath: privateKeyPath) }
}

/// Builds approvals and policies for tests with real keys.
struct ApprovalFixture {
    static let fingerprint = "sha256:" + String(repeating: "ab", count: 32)
    static let otherFingerprint = "sha256:" + String(repeating: "cd", count: 32)

    static func policy(_ reviewers: [Reviewer], allowSelf: Bool = false, maxAge: String = "14d") throws -> Policy {
        Policy(reviewers: reviewers,
               approvals: ApprovalSettings(allowSelf: allowSelf, maxAge: try TimeSpan(parsing: maxAge)),
               digest: "policy-digest")
    }

    static func approve(
        _ key: ReviewerKey, as reviewer: String, fingerprint: String = fingerprint, groups: [String] = ["cost"],
        created: Date = Date(), lifetime: TimeInterval = 86_400, head: String? = nil, repository: String? = nil,
        target: String? = nil, branch: String? = nil
    ) throws -> SignedRecord {
        let approval = Approval(
            fingerprint: fingerprint, reviewer: reviewer, groups: groups, reason: "looked at it", created: created,
            expires: created.addingTimeInterval(lifetime), head: head, repository: repository, target: target, branch: branch)
        return try SignedRecord.sign(approval, kind: .approval, with: key.signer)
    }
}

/// A bare remote with one commit, and `count` clones of it.
func remoteWithClones(_ count: Int) throws -> (remote: TemporaryDirectory, clones: [GitFixture]) {
    let seed = try GitFixture()
    try seed.write("README.md", "hello\n")
    try seed.commit("initial")
    let remote = try TemporaryDirectory(prefix: "gate-remote")
    try runProcess("git", ["clone", "-q", "--bare", seed.path, remote.path], environment: GitFixture.environment)
    var clones: [GitFixture] = []
    for _ in 0..<count {
        let directory = try TemporaryDirectory(prefix: "gate-clone")
        let result = try runProcess("git", ["clone", "-q", remote.path, directory.path], environment: GitFixture.environment)
        guard result.status == 0 else { throw FixtureError("git clone failed: \(result.stderr)") }
        clones.append(GitFixture(existing: directory))
    }
    return (remote, clones)
}
