import Foundation
@testable import GateApprovals
import GateGit
import GateTestSupport
import XCTest

/// The approvals ref: recorded locally, pushed to and fetched from real bare remotes, merged by union.
final class GitApprovalStoreTests: XCTestCase {
    private var key: ReviewerKey!

    override func setUpWithError() throws { key = try ReviewerKey() }
    // XCTest keeps every test case object until the run ends: the key's directory goes when the test does.
    override func tearDown() { key = nil }

    private func store(_ fixture: GitFixture) throws -> GitApprovalStore {
        GitApprovalStore(repository: try Repository(discoveringFrom: fixture.path))
    }

    /// Pushes every clone's approvals to origin at the same time.
    private func pushConcurrently(_ paths: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            do {
                try GitApprovalStore(repository: try Repository(discoveringFrom: paths[index])).push(to: "origin")
            } catch {
                failures.append("\(error)")
            }
        }
        XCTAssertEqual(failures.messages, [], file: file, line: line)
    }

    private func assertRemote(_ remote: TemporaryDirectory, holdsApprovalsOf reviewers: [String],
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let files = try runProcess("git", ["--git-dir", remote.path, "ls-tree", "-r", "--name-only", "refs/gate/approvals"])
        for reviewer in reviewers {
            XCTAssertTrue(files.stdout.contains("\(reviewer)-"), "\(reviewer) lost: \(files.stdout)", file: file, line: line)
        }
    }

    func testRecordsRoundTripThroughTheRef() throws {
        let fixture = try GitFixture()
        try fixture.write("a.txt", "a\n")
        try fixture.commit("a")
        let store = try store(fixture)
        XCTAssertEqual(try store.records(), [])
        let record = try ApprovalFixture.approve(key, as: "alice@example.com")
        let location = try store.add(record, reviewer: "alice@example.com", fingerprint: ApprovalFixture.fingerprint)
        XCTAssertTrue(location.hasPrefix("refs/gate/approvals:approvals/abababababababab/alice@example.com-"), location)
        let read = try store.records()
        XCTAssertEqual(read.count, 1)
        XCTAssertEqual(read.first?.payload, record.payload)
        XCTAssertEqual(read.first?.signature, record.signature)
        // git itself sees the ref and its files.
        let listing = try fixture.git("ls-tree", "-r", "--name-only", "refs/gate/approvals")
        XCTAssertEqual(listing.split(separator: "\n").count, 2)
        XCTAssertTrue(listing.contains(".sig") && listing.contains(".json"))
        // The branch is untouched.
        XCTAssertEqual(try fixture.git("log", "--format=%s", "main"), "a")
    }

    func testAnApprovalPushedByOneCloneIsFetchedByAnother() throws {
        let (remote, clones) = try remoteWithClones(2)
        defer { withExtendedLifetime(remote) {} }
        let reviewer = try store(clones[0])
        try reviewer.add(try ApprovalFixture.approve(key, as: "alice@example.com"), reviewer: "alice@example.com",
                         fingerprint: ApprovalFixture.fingerprint)
        try reviewer.push(to: "origin")
        let author = try store(clones[1])
        XCTAssertEqual(try author.records().count, 0)
        XCTAssertTrue(try author.fetch(from: "origin"))
        XCTAssertEqual(try author.records().count, 1)
    }

    func testFetchingFromARemoteWithoutApprovalsIsNotAnError() throws {
        let (remote, clones) = try remoteWithClones(1)
        defer { withExtendedLifetime(remote) {} }
        XCTAssertFalse(try store(clones[0]).fetch(from: "origin"))
        XCTAssertEqual(try store(clones[0]).records(), [])
    }

    func testTwoReviewersPushingOneAfterTheOtherWithoutFetchingBothLand() throws {
        let (remote, clones) = try remoteWithClones(2)
        let first = try store(clones[0])
        let second = try store(clones[1])
        try first.add(try ApprovalFixture.approve(key, as: "alice@example.com"), reviewer: "alice@example.com",
                      fingerprint: ApprovalFixture.fingerprint)
        try second.add(try ApprovalFixture.approve(key, as: "bob@example.com"), reviewer: "bob@example.com",
                       fingerprint: ApprovalFixture.fingerprint)
        try first.push(to: "origin")
        try second.push(to: remote.path)  // a path works as well as a configured remote
        let files = try runProcess("git", ["--git-dir", remote.path, "ls-tree", "-r", "--name-only", "refs/gate/approvals"])
        XCTAssertTrue(files.stdout.contains("alice@example.com-"), files.stdout)
        XCTAssertTrue(files.stdout.contains("bob@example.com-"), files.stdout)
        XCTAssertEqual(files.stdout.split(separator: "\n").count, 4)
        try first.fetch(from: "origin")
        XCTAssertEqual(try first.records().count, 2)
    }

    func testTwoReviewersPushingConcurrentlyBothLand() throws {
        let (remote, clones) = try remoteWithClones(4)
        let reviewers = ["a@example.com", "b@example.com", "c@example.com", "d@example.com"]
        for (clone, reviewer) in zip(clones, reviewers) {
            try store(clone).add(try ApprovalFixture.approve(key, as: reviewer), reviewer: reviewer,
                                 fingerprint: ApprovalFixture.fingerprint)
        }
        try pushConcurrently(clones.map(\.path))
        try assertRemote(remote, holdsApprovalsOf: reviewers)
    }

    func testPushesOverTheGitProtocolRetryOnNonFastForwardAndBothLand() throws {
        // git daemon serves a real network transport, where the server (receive-pack) refuses non-fast-forwards.
        let (remote, _) = try remoteWithClones(0)
        let port = Int.random(in: 30_000...50_000)
        let daemon = Process()
        daemon.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let parent = URL(fileURLWithPath: remote.path).deletingLastPathComponent().path
        daemon.arguments = ["git", "daemon", "--export-all", "--enable=receive-pack", "--reuseaddr",
                            "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(parent)", parent]
        daemon.standardError = FileHandle.nullDevice
        try daemon.run()
        defer { daemon.terminate(); daemon.waitUntilExit() }
        let url = "git://127.0.0.1:\(port)/\(URL(fileURLWithPath: remote.path).lastPathComponent)"
        var ready = false
        for _ in 0..<50 where !ready {
            ready = try runProcess("git", ["ls-remote", url], environment: GitFixture.environment).status == 0
            if !ready { Thread.sleep(forTimeInterval: 0.1) }
        }
        XCTAssertTrue(ready, "git daemon did not start on \(port)")
        var clones: [GitFixture] = []
        for _ in 0..<3 {
            let directory = try TemporaryDirectory(prefix: "gate-clone")
            let cloned = try runProcess("git", ["clone", "-q", url, directory.path], environment: GitFixture.environment)
            XCTAssertEqual(cloned.status, 0, cloned.stderr)
            clones.append(GitFixture(existing: directory))
        }
        let reviewers = ["a@example.com", "b@example.com", "c@example.com"]
        for (clone, reviewer) in zip(clones, reviewers) {
            try store(clone).add(try ApprovalFixture.approve(key, as: reviewer), reviewer: reviewer,
                                 fingerprint: ApprovalFixture.fingerprint)
        }
        // One after the other without fetching: the second and third must merge and retry.
        try store(clones[0]).push(to: "origin")
        try pushConcurrently(clones.dropFirst().map(\.path))
        try assertRemote(remote, holdsApprovalsOf: reviewers)
    }

    func testPushingToAMissingRemoteIsAClearError() throws {
        let fixture = try GitFixture()
        try fixture.commit("a")
        let store = try store(fixture)
        try store.add(try ApprovalFixture.approve(key, as: "alice@example.com"), reviewer: "alice@example.com",
                      fingerprint: ApprovalFixture.fingerprint)
        XCTAssertThrowsError(try store.push(to: "/nonexistent/remote.git")) { error in
            XCTAssertTrue("\(error)".contains("git_remote"), "\(error)")
        }
    }
}

private final class FailureLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var messages: [String] = []
    func append(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
}
