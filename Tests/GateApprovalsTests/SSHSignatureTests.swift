import Foundation
@testable import GateApprovals
import GateTestSupport
import XCTest

/// In-process verification of signatures made by the real `ssh-keygen -Y sign`.
final class SSHSignatureTests: XCTestCase {
    func testSignatureMadeBySSHKeygenVerifiesWithTheSignersKey() throws {
        let key = try ReviewerKey()
        let message = Array("approve sha256:1234\n".utf8)
        let armored = try key.signer.sign(message, namespace: approvalSignatureNamespace)
        let signature = try SSHSignature(armored: armored)
        XCTAssertEqual(signature.namespace, "gate-approval")
        XCTAssertEqual(signature.hashAlgorithm, "sha512")
        let trusted = try SSHPublicKey(line: key.publicKeyLine)
        let used = try signature.verify(message: message, namespace: "gate-approval", trustedKeys: [trusted], reviewer: "a")
        XCTAssertEqual(used, trusted)
    }

    func testOurVerdictAgreesWithSSHKeygenVerify() throws {
        let key = try ReviewerKey()
        let message = Array("the payload\n".utf8)
        let armored = try key.signer.sign(message, namespace: approvalSignatureNamespace)
        let dir = try TemporaryDirectory()
        try armored.write(toFile: dir.path + "/sig", atomically: true, encoding: .utf8)
        try "alice \(key.publicKeyLine)\n".write(toFile: dir.path + "/allowed", atomically: true, encoding: .utf8)
        let verdict = try runProcess(
            "ssh-keygen", ["-Y", "verify", "-f", dir.path + "/allowed", "-I", "alice", "-n", "gate-approval",
                           "-s", dir.path + "/sig"], input: "the payload\n")
        XCTAssertEqual(verdict.status, 0, verdict.stderr)
        let tampered = try runProcess(
            "ssh-keygen", ["-Y", "verify", "-f", dir.path + "/allowed", "-I", "alice", "-n", "gate-approval",
                           "-s", dir.path + "/sig"], input: "the payloaD\n")
        XCTAssertNotEqual(tampered.status, 0)
        let signature = try SSHSignature(armored: armored)
        let trusted = [try SSHPublicKey(line: key.publicKeyLine)]
        XCTAssertNoThrow(try signature.verify(message: Array("the payload\n".utf8), namespace: "gate-approval",
                                              trustedKeys: trusted, reviewer: "alice"))
        XCTAssertThrowsError(try signature.verify(message: Array("the payloaD\n".utf8), namespace: "gate-approval",
                                                  trustedKeys: trusted, reviewer: "alice")) { error in
            XCTAssertEqual(error as? ApprovalError, .signatureMismatch)
        }
    }

    func testSignatureByAnUntrustedKeyIsRejectedEvenThoughItIsInternallyValid() throws {
        let reviewer = try ReviewerKey()
        let forger = try ReviewerKey()
        let message = Array("x".utf8)
        let signature = try SSHSignature(armored: try forger.signer.sign(message, namespace: approvalSignatureNamespace))
        XCTAssertThrowsError(try signature.verify(
            message: message, namespace: "gate-approval", trustedKeys: [try SSHPublicKey(line: reviewer.publicKeyLine)],
            reviewer: "alice")) { error in
            XCTAssertEqual(error as? ApprovalError, .keyNotTrusted(reviewer: "alice"))
        }
    }

    func testSignatureForAnotherNamespaceIsRejected() throws {
        let key = try ReviewerKey()
        let message = Array("x".utf8)
        let signature = try SSHSignature(armored: try key.signer.sign(message, namespace: "git"))
        XCTAssertThrowsError(try signature.verify(
            message: message, namespace: "gate-approval", trustedKeys: [try SSHPublicKey(line: key.publicKeyLine)],
            reviewer: "alice")) { error in
            XCTAssertEqual(error as? ApprovalError, .wrongNamespace(expected: "gate-approval", found: "git"))
        }
    }

    func testNonEd25519KeysAreRefusedClearly() throws {
        let key = try ReviewerKey(type: "ecdsa")
        let message = Array("x".utf8)
        let signature = try SSHSignature(armored: try key.signer.sign(message, namespace: approvalSignatureNamespace))
        XCTAssertThrowsError(try signature.verify(
            message: message, namespace: "gate-approval", trustedKeys: [try SSHPublicKey(line: key.publicKeyLine)],
            reviewer: "alice")) { error in
            XCTAssertEqual(error as? ApprovalError, .unsupportedKeyType("ecdsa-sha2-nistp256"))
            XCTAssertTrue("\(error)".contains("Ed25519"))
        }
    }

    /// An RSA signature matches no listed key (the policy takes Ed25519 keys only): the reason is its type, not
    /// "not listed for alice", which sends the reviewer looking for a key that is listed.
    func testAnRSASignatureIsRefusedForItsTypeNotAsUnlisted() throws {
        let rsa = try ReviewerKey(type: "rsa")
        let listed = try ReviewerKey()
        let message = Array("x".utf8)
        let signature = try SSHSignature(armored: try rsa.signer.sign(message, namespace: approvalSignatureNamespace))
        XCTAssertThrowsError(try signature.verify(
            message: message, namespace: "gate-approval", trustedKeys: [try SSHPublicKey(line: listed.publicKeyLine)],
            reviewer: "alice")) { error in
            XCTAssertEqual(error as? ApprovalError, .unsupportedKeyType("ssh-rsa"))
        }
    }

    func testMalformedInputsAreErrorsNotCrashes() throws {
        XCTAssertThrowsError(try SSHSignature(armored: "nothing here"))
        XCTAssertThrowsError(try SSHSignature(armored: "\(SSHSignature.armorBegin)\n!!!\n\(SSHSignature.armorEnd)"))
        XCTAssertThrowsError(try SSHSignature(blob: Array("SSHSIG".utf8) + [0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]))
        XCTAssertThrowsError(try SSHPublicKey(line: "ssh-ed25519"))
        XCTAssertThrowsError(try SSHPublicKey(line: "ssh-ed25519 not-base64!"))
        let key = try ReviewerKey()
        let fields = key.publicKeyLine.split(separator: " ")
        XCTAssertThrowsError(try SSHPublicKey(line: "ssh-rsa \(fields[1])"))
    }
}
