import Foundation
@testable import GateApprovals
import GateCore
import GatePolicy
import GateTestSupport
import XCTest

/// The Postgres store against the real server from GATE_TEST_DATABASE_URL.
final class PostgresApprovalStoreTests: XCTestCase {
    private func url() throws -> String {
        guard let url = testDatabaseURL() else {
            XCTFail("GATE_TEST_DATABASE_URL is not set: run under scripts/with-postgres")
            throw FixtureError("no database")
        }
        return url
    }

    func testTwoConnectionsShareRecordsAndRecordingTwiceIsHarmless() throws {
        let key = try ReviewerKey()
        let fingerprint = "sha256:" + ContentDigest.sha256Hex(UUID().uuidString)
        let first = try PostgresApprovalStore(url: try url())
        let second = try PostgresApprovalStore(url: try url())
        let record = try ApprovalFixture.approve(key, as: "alice@example.com", fingerprint: fingerprint)
        let location = try first.add(record, reviewer: "alice@example.com", fingerprint: fingerprint)
        XCTAssertTrue(location.hasPrefix("gate.approval_records id "), location)
        try second.add(record, reviewer: "alice@example.com", fingerprint: fingerprint)
        let mine = try second.records().filter { (try? $0.decodeApproval().fingerprint) == fingerprint }
        XCTAssertEqual(mine.count, 1)
        XCTAssertEqual(mine.first?.payload, record.payload)
        XCTAssertEqual(mine.first?.signature, record.signature)
        XCTAssertEqual(mine.first?.kind, .approval)

        // Verification works the same on what came back from the database, and a revocation stored there applies.
        let policy = try ApprovalFixture.policy([Reviewer(id: "alice@example.com", keys: [key.publicKeyLine], groups: ["cost"])])
        let change = ApprovalVerifier.Change(fingerprint: fingerprint, commits: [])
        let before = ApprovalVerifier(policy: policy).evaluate(
            records: try first.records(), change: change, requirements: [Requirement(group: "cost", approvals: 1)])
        XCTAssertEqual(before.requirements.first?.satisfied, true)
        let revocation = try SignedRecord.sign(
            Revocation(approval: record.id, fingerprint: fingerprint, reviewer: "alice@example.com",
                       revoker: "alice@example.com", reason: "changed my mind", created: Date()),
            kind: .revocation, with: key.signer)
        try second.add(revocation, reviewer: "alice@example.com", fingerprint: fingerprint)
        let after = ApprovalVerifier(policy: policy).evaluate(
            records: try first.records(), change: change, requirements: [Requirement(group: "cost", approvals: 1)])
        XCTAssertEqual(after.requirements.first?.satisfied, false)
        XCTAssertTrue(after.approvals.first?.reason?.contains("revoked") == true)
    }

    func testConcurrentFirstUseCreatesTheTableOnce() throws {
        let target = try url()
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            do { _ = try PostgresApprovalStore(url: target).records() } catch { failures.add("\(error)") }
        }
        XCTAssertEqual(failures.all, [])
    }

    func testAnUnreachableDatabaseIsAClearErrorWithoutThePassword() throws {
        XCTAssertThrowsError(try PostgresApprovalStore(url: "postgresql://gate:s3cret-pw@127.0.0.1:1/none?connect_timeout=2")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("approval store"), text)
            XCTAssertFalse(text.contains("s3cret-pw"), text)
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [String] = []
    func add(_ message: String) { lock.lock(); all.append(message); lock.unlock() }
}
