import Foundation
@testable import GateApprovals
import GateCore
import GateGit
import GatePolicy
import GateTestSupport
import XCTest

/// The approvals ref under attack or damage: entries gate cannot read, oversized blobs, and remotes whose trees drop
/// records. Every ref is built with the git CLI, as a careless or hostile pusher would.
final class ApprovalRefHardeningTests: XCTestCase {
    private var key: ReviewerKey!

    override func setUpWithError() throws { key = try ReviewerKey() }
    // XCTest keeps every test case object until the run ends: the key's directory goes when the test does.
    override func tearDown() { key = nil }

    private func store(_ fixture: GitFixture) throws -> GitApprovalStore {
        GitApprovalStore(repository: try Repository(discoveringFrom: fixture.path))
    }

    /// Commits a new tip of refs/gate/approvals: the current tree with `add` entries (mode, object, path) added and
    /// `remove` paths removed, on top of the current tip; returns the commit.
    @discardableResult
    private func rewriteRef(_ fixture: GitFixture, add: [(mode: String, object: String, path: String)] = [],
                            remove: [String] = [], ref: String = "refs/gate/approvals") throws -> String {
        let index = fixture.path + "/.git/gate-test-index"
        defer { try? FileManager.default.removeItem(atPath: index) }
        let environment = ["GIT_INDEX_FILE": index]
        let tip = try? fixture.git("rev-parse", "--verify", "-q", ref)
        if let tip, !tip.isEmpty { try fixture.git(["read-tree", tip], environment: environment) }
        for entry in add {
            try fixture.git(["update-index", "--add", "--cacheinfo", "\(entry.mode),\(entry.object),\(entry.path)"],
                            environment: environment)
        }
        for path in remove { try fixture.git(["update-index", "--force-remove", path], environment: environment) }
        let tree = try fixture.git(["write-tree", "--missing-ok"], environment: environment)
        let parents = (tip?.isEmpty == false) ? ["-p", tip ?? ""] : []
        let commit = try fixture.git(["commit-tree", tree, "-m", "hand-made"] + parents)
        try fixture.git("update-ref", ref, commit)
        return commit
    }

    private func blob(_ fixture: GitFixture, _ bytes: [UInt8]) throws -> String {
        try fixture.write("blob.tmp", bytes: bytes)
        defer { try? fixture.remove("blob.tmp") }
        return try fixture.git("hash-object", "-w", "blob.tmp")
    }

    func testEntriesGateCannotReadAreReportedAndNeverStopTheRead() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.commit("a")
        let store = try store(fixture)
        let valid = try ApprovalFixture.approve(key, as: "alice@example.com")
        try store.add(valid, reviewer: "alice@example.com", fingerprint: ApprovalFixture.fingerprint)
        let huge = try blob(fixture, Array(repeating: UInt8(ascii: "x"), count: 200 * 1024))
        let small = try blob(fixture, Array("{}".utf8))
        try rewriteRef(fixture, add: [
            // A gitlink to a commit that exists nowhere: git_blob_lookup on it used to fail every check.
            ("160000", "1234567890123456789012345678901234567890", "approvals/abababababababab/gitlink.json"),
            ("100644", huge, "approvals/abababababababab/huge.json"),
            ("120000", small, "approvals/abababababababab/link.json"),
            ("100644", small, "approvals/stray.json"),
            ("100644", small, "README"),
        ])
        let records = try store.records()
        let problems = Dictionary(records.compactMap { record in record.problem.map { (record.location, $0) } }) { $1 }
        XCTAssertEqual(problems["refs/gate/approvals:approvals/abababababababab/gitlink.json"], "a gitlink (submodule) entry, not a file")
        XCTAssertEqual(problems["refs/gate/approvals:approvals/abababababababab/huge.json"],
                       "204800 bytes, more than the 64 KiB a record may have")
        XCTAssertEqual(problems["refs/gate/approvals:approvals/abababababababab/link.json"], "a symbolic link, not a file")
        XCTAssertEqual(problems["refs/gate/approvals:approvals/stray.json"], "not an approval record path")
        XCTAssertEqual(problems["refs/gate/approvals:README"], "not an approval record path")
        XCTAssertEqual(records.filter { $0.problem == nil }.map(\.payload), [valid.payload])

        // The check still counts the valid approval and lists each unreadable entry with its reason.
        let policy = try ApprovalFixture.policy([Reviewer(id: "alice@example.com", keys: [key.publicKeyLine], groups: ["cost"])])
        let result = ApprovalVerifier(policy: policy).evaluate(
            records: records, change: .init(fingerprint: ApprovalFixture.fingerprint, commits: []),
            requirements: [Requirement(group: "cost", approvals: 1)])
        XCTAssertEqual(result.requirements.first?.satisfied, true)
        let reasons = result.approvals.filter { !$0.counted }.compactMap(\.reason)
        XCTAssertEqual(reasons.count, 5, "\(reasons)")
        XCTAssertTrue(reasons.contains { $0.contains("gitlink.json") && $0.contains("gitlink (submodule)") }, "\(reasons)")
    }

    func testAMissingBlobIsReportedNotFatal() throws {
        let fixture = try GitFixture()
        try fixture.commit("a")
        try rewriteRef(fixture, add: [("100644", "1234567890123456789012345678901234567890", "approvals/abababababababab/gone.json")])
        let records = try store(fixture).records()
        XCTAssertEqual(records.map(\.problem), ["object 1234567890123456789012345678901234567890 is missing"])
    }

    func testBadEntriesFetchedFromARemoteDoNotSpreadToTheClone() throws {
        let (remote, clones) = try remoteWithClones(2)
        defer { withExtendedLifetime(remote) {} }
        let polluter = clones[0]
        try store(polluter).add(try ApprovalFixture.approve(key, as: "alice@example.com"), reviewer: "alice@example.com",
                                fingerprint: ApprovalFixture.fingerprint)
        try rewriteRef(polluter, add: [
            ("160000", "1234567890123456789012345678901234567890", "approvals/abababababababab/gitlink.json"),
        ])
        try polluter.git("push", "-q", "origin", "refs/gate/approvals:refs/gate/approvals")

        let victim = clones[1]
        XCTAssertTrue(try store(victim).fetch(from: "origin"))
        let listing = try victim.git("ls-tree", "-r", "--name-only", "refs/gate/approvals")
        XCTAssertFalse(listing.contains("gitlink"), listing)
        XCTAssertEqual(listing.split(separator: "\n").count, 2, listing)
        XCTAssertEqual(try store(victim).records().map(\.problem), [nil])
        // What the victim pushes back carries no bad entry either, and keeps the remote's history.
        try store(victim).push(to: "origin")
        let remoteListing = try runProcess("git", ["--git-dir", remote.path, "ls-tree", "-r", "--name-only", "refs/gate/approvals"])
        XCTAssertFalse(remoteListing.stdout.contains("gitlink"), remoteListing.stdout)
    }

    func testARemoteTipThatDropsARevocationDoesNotDeleteItLocally() throws {
        let (remote, clones) = try remoteWithClones(2)
        defer { withExtendedLifetime(remote) {} }
        let reviewer = clones[0]
        let approval = try ApprovalFixture.approve(key, as: "alice@example.com")
        try store(reviewer).add(approval, reviewer: "alice@example.com", fingerprint: ApprovalFixture.fingerprint)
        let revocation = try SignedRecord.sign(
            Revocation(approval: approval.id, fingerprint: ApprovalFixture.fingerprint, reviewer: "alice@example.com",
                       revoker: "alice@example.com", reason: "wrong", created: Date()),
            kind: .revocation, with: key.signer)
        try store(reviewer).add(revocation, reviewer: "alice@example.com", fingerprint: ApprovalFixture.fingerprint)
        try store(reviewer).push(to: "origin")
        let ci = clones[1]
        try store(ci).fetch(from: "origin")
        XCTAssertEqual(try store(ci).records().filter { $0.kind == .revocation }.count, 1)

        // Someone pushes a descendant of the tip whose tree no longer holds the revocation.
        let revocationFiles = try reviewer.git("ls-tree", "-r", "--name-only", "refs/gate/approvals")
            .split(separator: "\n").map(String.init).filter { $0.hasPrefix("revocations/") }
        XCTAssertEqual(revocationFiles.count, 2)
        let dropped = try rewriteRef(reviewer, remove: revocationFiles)
        try reviewer.git("push", "-q", "origin", "refs/gate/approvals:refs/gate/approvals")

        try store(ci).fetch(from: "origin")
        XCTAssertEqual(try store(ci).records().filter { $0.kind == .revocation }.count, 1, "the revocation was deleted")
        // The local tip merges the remote's (so a push is a fast-forward) rather than taking its tree.
        let parents = try ci.git("rev-list", "--parents", "-n", "1", "refs/gate/approvals").split(separator: " ")
        XCTAssertTrue(parents.dropFirst().contains(Substring(dropped)), "\(parents)")
        XCTAssertEqual(parents.count, 3, "a merge commit: \(parents)")
    }

    func testARemoteTipThatOnlyAddsIsTakenAsItIs() throws {
        let (remote, clones) = try remoteWithClones(2)
        defer { withExtendedLifetime(remote) {} }
        try store(clones[0]).add(try ApprovalFixture.approve(key, as: "alice@example.com"), reviewer: "alice@example.com",
                                 fingerprint: ApprovalFixture.fingerprint)
        try store(clones[0]).push(to: "origin")
        try store(clones[1]).fetch(from: "origin")
        try store(clones[0]).add(try ApprovalFixture.approve(key, as: "bob@example.com"), reviewer: "bob@example.com",
                                 fingerprint: ApprovalFixture.fingerprint)
        try store(clones[0]).push(to: "origin")
        try store(clones[1]).fetch(from: "origin")
        XCTAssertEqual(try clones[1].git("rev-parse", "refs/gate/approvals"), try clones[0].git("rev-parse", "refs/gate/approvals"))
        XCTAssertEqual(try store(clones[1]).records().count, 2)
    }
}
