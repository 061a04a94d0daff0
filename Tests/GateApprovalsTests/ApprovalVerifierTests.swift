import Foundation
@testable import GateApprovals
import GateCore
import GateGit
import GatePolicy
import GateTestSupport
import XCTest

/// Each way to cheat an approval is rejected with its reason; a valid one satisfies the requirement.
final class ApprovalVerifierTests: XCTestCase {
    private var alice: ReviewerKey!
    private var bob: ReviewerKey!
    private var policy: Policy!
    private let fingerprint = ApprovalFixture.fingerprint
    private let costRequirement = [Requirement(group: "cost", approvals: 1)]

    override func setUpWithError() throws {
        alice = try ReviewerKey(comment: "alice")
        bob = try ReviewerKey(comment: "bob")
        policy = try ApprovalFixture.policy([
            Reviewer(id: "alice@example.com", keys: [alice.publicKeyLine], groups: ["cost", "owners"]),
            Reviewer(id: "bob@example.com", keys: [bob.publicKeyLine], groups: ["database"]),
        ])
    }

    // XCTest keeps every test case object until the run ends: the keys' directories go when the test does.
    override func tearDown() {
        alice = nil
        bob = nil
    }

    private func evaluate(_ records: [SignedRecord], commits: [CommitIdentity] = [], policy: Policy? = nil,
                          requirements: [Requirement]? = nil, now: Date = Date())
        -> (approvals: [ConsideredApproval], requirements: [Requirement])
    {
        ApprovalVerifier(policy: policy ?? self.policy, now: now).evaluate(
            records: records, change: .init(fingerprint: fingerprint, commits: commits),
            requirements: requirements ?? costRequirement)
    }

    private func assertRejected(_ records: [SignedRecord], commits: [CommitIdentity] = [], policy: Policy? = nil,
                                now: Date = Date(), reason: String, file: StaticString = #filePath, line: UInt = #line) {
        let result = evaluate(records, commits: commits, policy: policy, now: now)
        XCTAssertEqual(result.approvals.count, 1, file: file, line: line)
        XCTAssertEqual(result.approvals.first?.counted, false, file: file, line: line)
        let actual = result.approvals.first?.reason ?? ""
        XCTAssertTrue(actual.contains(reason), "reason \"\(actual)\" lacks \"\(reason)\"", file: file, line: line)
        XCTAssertEqual(result.requirements.first?.satisfied, false, file: file, line: line)
        XCTAssertEqual(result.requirements.first?.satisfiedBy, [], file: file, line: line)
    }

    func testValidApprovalSatisfiesTheRequirement() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let result = evaluate([record], commits: [CommitIdentity(id: "c1", authorEmail: "author@example.com",
                                                                 committerEmail: "author@example.com")])
        XCTAssertEqual(result.approvals, [ConsideredApproval(
            reviewer: "alice@example.com", fingerprint: fingerprint, counted: true, reason: nil, groups: ["cost"])])
        XCTAssertEqual(result.requirements, [Requirement(
            group: "cost", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true)])
    }

    func testTwoApprovalsNeededAreNotSatisfiedByTheSameReviewerTwice() throws {
        let twice = [try ApprovalFixture.approve(alice, as: "alice@example.com"),
                     try ApprovalFixture.approve(alice, as: "alice@example.com", created: Date().addingTimeInterval(-60))]
        let result = evaluate(twice, requirements: [Requirement(group: "cost", approvals: 2)])
        XCTAssertEqual(result.requirements.first?.satisfiedBy, ["alice@example.com"])
        XCTAssertEqual(result.requirements.first?.satisfied, false)
    }

    func testForgedSignatureIsRejected() throws {
        // Bob signs a statement claiming to be Alice.
        let forged = try ApprovalFixture.approve(bob, as: "alice@example.com")
        assertRejected([forged], reason: "not listed for alice@example.com")
    }

    func testTamperedPayloadIsRejected() throws {
        var record = try ApprovalFixture.approve(alice, as: "alice@example.com", fingerprint: ApprovalFixture.otherFingerprint)
        let text = String(decoding: record.payload, as: UTF8.self)
            .replacingOccurrences(of: ApprovalFixture.otherFingerprint, with: fingerprint)
        record.payload = Array(text.utf8)
        assertRejected([record], reason: "signature does not verify")
    }

    func testApprovalOfAnotherFingerprintIsRejected() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com", fingerprint: ApprovalFixture.otherFingerprint,
                                                 head: "c1")
        assertRejected([record], commits: [CommitIdentity(id: "c1", authorEmail: "x@y", committerEmail: "x@y")],
                       reason: "approves a different change")
    }

    /// An approval made on the change's branch, for its repository and target, is this change's even when neither its
    /// fingerprint nor its head (rebased away) says so: listed as an earlier version, never counted. One of another
    /// branch, another target or repository, an expired one, or any when the change is on no branch is not listed.
    func testAnApprovalMadeOnTheChangesBranchIsListedAsAnEarlierVersion() throws {
        let root = String(repeating: "r", count: 40)
        func approval(branch: String? = "feature", target: String = "main", repository: String = root,
                      created: Date = Date()) throws -> SignedRecord {
            try ApprovalFixture.approve(alice, as: "alice@example.com", fingerprint: ApprovalFixture.otherFingerprint,
                                        created: created, head: "rebased-away-0123", repository: repository,
                                        target: target, branch: branch)
        }
        func considered(_ record: SignedRecord, branch: String? = "feature") -> [ConsideredApproval] {
            let change = ApprovalVerifier.Change(
                fingerprint: fingerprint, commits: [], binding: .init(repository: root, target: "main"), branch: branch)
            return ApprovalVerifier(policy: policy).evaluate(records: [record], change: change, requirements: costRequirement)
                .approvals
        }
        let earlier = considered(try approval())
        XCTAssertEqual(earlier.map(\.counted), [false])
        XCTAssertTrue(earlier.first?.reason?.hasPrefix(
            "approves an earlier version of this change (made at rebased-away on feature, since rebased or amended): it approves sha256:")
            == true, earlier.first?.reason ?? "")
        XCTAssertEqual(considered(try approval(branch: "other")), [])
        XCTAssertEqual(considered(try approval(branch: nil)), [])
        XCTAssertEqual(considered(try approval(target: "release")), [])
        XCTAssertEqual(considered(try approval(repository: String(repeating: "f", count: 40))), [])
        XCTAssertEqual(considered(try approval(created: Date().addingTimeInterval(-30 * 86_400))), [])
        XCTAssertEqual(considered(try approval(), branch: nil), [])
    }

    func testApprovalsOfUnrelatedChangesAreNotListed() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com", fingerprint: ApprovalFixture.otherFingerprint,
                                                 head: "somewhere-else")
        XCTAssertEqual(evaluate([record]).approvals, [])
    }

    func testExpiredApprovalIsRejected() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com",
                                                 created: Date().addingTimeInterval(-7200), lifetime: 3600)
        assertRejected([record], reason: "expired at")
    }

    func testMaxAgeCapsALongExpiry() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com",
                                                 created: Date().addingTimeInterval(-3 * 86_400), lifetime: 365 * 86_400)
        XCTAssertEqual(evaluate([record]).approvals.first?.counted, true)
        assertRejected([record], policy: try ApprovalFixture.policy(policy.reviewers, maxAge: "2d"),
                       reason: "approvals.max-age 2d caps it")
    }

    func testApprovalDatedInTheFutureIsRejected() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com", created: Date().addingTimeInterval(86_400))
        assertRejected([record], reason: "dated in the future")
    }

    func testReviewerOutsideTheRequiredGroupIsRejected() throws {
        let record = try ApprovalFixture.approve(bob, as: "bob@example.com", groups: ["cost"])
        assertRejected([record], reason: "bob@example.com is not in a required group (required: cost")
    }

    func testReviewerNotInThePolicyIsRejected() throws {
        let record = try ApprovalFixture.approve(bob, as: "mallory@example.com")
        assertRejected([record], reason: "mallory@example.com is not a reviewer in the trusted policy")
    }

    func testSelfApprovalIsRejectedUnlessAllowed() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let commits = [CommitIdentity(id: "0123456789abcdef", authorEmail: "someone@example.com",
                                      committerEmail: "Alice@Example.com")]
        assertRejected([record], commits: commits, reason: "self-approval: alice@example.com committed 0123456789ab")
        let lenient = try ApprovalFixture.policy(policy.reviewers, allowSelf: true)
        XCTAssertEqual(evaluate([record], commits: commits, policy: lenient).requirements.first?.satisfied, true)
    }

    func testRevokedApprovalIsRejected() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let revocation = try SignedRecord.sign(
            Revocation(approval: record.id, fingerprint: fingerprint, reviewer: "alice@example.com",
                       revoker: "alice@example.com", reason: "missed the loop", created: Date()),
            kind: .revocation, with: alice.signer)
        assertRejected([record, revocation], reason: "revoked by alice@example.com")
    }

    func testRevocationByANonOwnerOfSomeoneElsesApprovalHasNoEffect() throws {
        let bobsPolicy = try ApprovalFixture.policy([
            Reviewer(id: "alice@example.com", keys: [alice.publicKeyLine], groups: ["cost"]),
            Reviewer(id: "bob@example.com", keys: [bob.publicKeyLine], groups: ["cost"]),
        ])
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let revocation = try SignedRecord.sign(
            Revocation(approval: record.id, fingerprint: fingerprint, reviewer: "alice@example.com",
                       revoker: "bob@example.com", reason: nil, created: Date()),
            kind: .revocation, with: bob.signer)
        XCTAssertEqual(evaluate([record, revocation], policy: bobsPolicy).approvals.first?.counted, true)
        // A forged revocation (Bob's key, claiming to be the owner Alice) has no effect either.
        let forged = try SignedRecord.sign(
            Revocation(approval: record.id, fingerprint: fingerprint, reviewer: "alice@example.com",
                       revoker: "alice@example.com", reason: nil, created: Date()),
            kind: .revocation, with: bob.signer)
        XCTAssertEqual(evaluate([record, forged]).approvals.first?.counted, true)
    }

    func testARevocationClaimingToBeTheReviewersOwnIsJudgedByTheApprovalsRealReviewer() throws {
        // Bob (cost, not owners) signs a revocation of Alice's approval that claims Bob made it: the revocation's
        // own `reviewer` field must not decide who may revoke.
        let bobsPolicy = try ApprovalFixture.policy([
            Reviewer(id: "alice@example.com", keys: [alice.publicKeyLine], groups: ["cost"]),
            Reviewer(id: "bob@example.com", keys: [bob.publicKeyLine], groups: ["cost"]),
        ])
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let lie = try SignedRecord.sign(
            Revocation(approval: record.id, fingerprint: fingerprint, reviewer: "bob@example.com",
                       revoker: "bob@example.com", reason: "mine to revoke", created: Date()),
            kind: .revocation, with: bob.signer)
        XCTAssertEqual(evaluate([record, lie], policy: bobsPolicy).approvals.first?.counted, true)
        XCTAssertNil(ApprovalVerifier(policy: bobsPolicy).standing(records: [record, lie]).first?.problem)
        // An owner may revoke anyone's approval, whatever the revocation claims.
        let ownersPolicy = try ApprovalFixture.policy([
            Reviewer(id: "alice@example.com", keys: [alice.publicKeyLine], groups: ["cost"]),
            Reviewer(id: "bob@example.com", keys: [bob.publicKeyLine], groups: ["owners"]),
        ])
        XCTAssertEqual(evaluate([record, lie], policy: ownersPolicy).approvals.first?.reason?.contains("revoked by bob@example.com"), true)
    }

    func testACoAuthorTrailerMakesTheReviewerAnAuthor() throws {
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        let commits = [CommitIdentity(id: "0123456789abcdef", authorEmail: "someone@example.com", committerEmail: "someone@example.com")]
        let result = ApprovalVerifier(policy: policy).evaluate(
            records: [record],
            change: .init(fingerprint: fingerprint, commits: commits, coAuthors: ["0123456789abcdef": ["Alice@Example.com"]]),
            requirements: costRequirement)
        XCTAssertEqual(result.approvals.first?.counted, false)
        XCTAssertEqual(result.approvals.first?.reason,
                       "self-approval: alice@example.com co-authored 0123456789ab in the range (approvals.allow-self is off)")
    }

    func testTheReviewersOtherAddressesAndGitHubNoreplyFormsAreTheirs() throws {
        var aliceEntry = Reviewer(id: "alice@example.com", keys: [alice.publicKeyLine], groups: ["cost"])
        aliceEntry.emails = ["alice@home.example", "12345+alice-gh@users.noreply.github.com"]
        let aliases = try ApprovalFixture.policy([aliceEntry])
        let record = try ApprovalFixture.approve(alice, as: "alice@example.com")
        for email in ["ALICE@home.example", "alice-gh@users.noreply.github.com", "12345+Alice-GH@users.noreply.github.com",
                      "999+alice-gh@users.noreply.github.com"] {
            let commits = [CommitIdentity(id: "c0ffee", authorEmail: email, committerEmail: "ci@example.com")]
            assertRejected([record], commits: commits, policy: aliases, reason: "authored c0ffee as \(email)")
        }
        // Someone else's noreply address, or the same login under another domain, is not Alice's.
        for email in ["bob-gh@users.noreply.github.com", "alice-gh@example.com"] {
            let commits = [CommitIdentity(id: "c0ffee", authorEmail: email, committerEmail: email)]
            XCTAssertEqual(evaluate([record], commits: commits, policy: aliases).approvals.first?.counted, true, email)
        }
    }

    func testAnApprovalCountsOnlyInItsRepositoryAndForItsTargetBranch() throws {
        let here = ApprovalVerifier.Binding(repository: "1111111111111111111111111111111111111111", target: "main")
        func judge(_ record: SignedRecord, _ binding: ApprovalVerifier.Binding?) -> ConsideredApproval? {
            ApprovalVerifier(policy: policy).evaluate(
                records: [record], change: .init(fingerprint: fingerprint, commits: [], binding: binding),
                requirements: costRequirement).approvals.first
        }
        let bound = try ApprovalFixture.approve(alice, as: "alice@example.com", repository: here.repository, target: "main")
        XCTAssertEqual(judge(bound, here)?.counted, true)
        let elsewhere = try ApprovalFixture.approve(
            alice, as: "alice@example.com", repository: "2222222222222222222222222222222222222222", target: "main")
        XCTAssertEqual(judge(elsewhere, here)?.counted, false)
        XCTAssertEqual(judge(elsewhere, here)?.reason,
                       "replayed from another repository: approved where the root commit is 222222222222, this repository's is 111111111111")
        let otherBranch = try ApprovalFixture.approve(alice, as: "alice@example.com", repository: here.repository, target: "release")
        XCTAssertEqual(judge(otherBranch, here)?.reason,
                       "replayed for another branch: approved for merging into release, this change merges into main (gate approve --target main)")
        let unbound = try ApprovalFixture.approve(alice, as: "alice@example.com")
        XCTAssertEqual(judge(unbound, here)?.reason?.contains("bound to no repository or target branch"), true)
        let shallow = ApprovalVerifier.Binding(repository: nil, target: "main")
        XCTAssertEqual(judge(bound, shallow)?.reason?.contains("shallow"), true)
    }

    func testCoAuthorTrailersAreReadInAnyCaseAndForm() {
        let message = """
            Add the summary job

            Co-authored-by: Alice Example <alice@example.com>
            co-authored-by:bob@example.com
            CO-AUTHORED-BY: Carol <carol@example.com>  
            Reviewed-by: Dan <dan@example.com>
            Co-authored-by: nobody
            """
        XCTAssertEqual(ReviewerIdentity.coAuthorEmails(inMessage: message),
                       ["alice@example.com", "bob@example.com", "carol@example.com"])
    }

    func testUnreadableRecordIsListedNotDropped() throws {
        let junk = SignedRecord(kind: .approval, payload: Array("{".utf8), signature: "", location: "refs/gate/approvals:x.json")
        let result = evaluate([junk])
        XCTAssertEqual(result.approvals.count, 1)
        XCTAssertEqual(result.approvals.first?.counted, false)
        XCTAssertTrue(result.approvals.first?.reason?.contains("x.json") == true)
    }
}
