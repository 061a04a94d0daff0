import Foundation
import GateCore

/// Errors of signing, verifying and storing approvals; each names what failed and where.
public enum ApprovalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An OpenSSH public key line or SSH signature that cannot be parsed.
    case malformedKey(String)
    case malformedSignature(String)
    /// A key type gate cannot verify (only Ed25519 is supported).
    case unsupportedKeyType(String)
    /// The signature was made for another purpose than approving a change.
    case wrongNamespace(expected: String, found: String)
    case unsupportedHashAlgorithm(String)
    /// The signature's key is not one listed for the reviewer, or the signature does not verify.
    case keyNotTrusted(reviewer: String)
    case signatureMismatch
    /// `ssh-keygen -Y sign` could not sign.
    case signingFailed(key: String, message: String)
    case noSigningKey
    case noReviewerIdentity
    case unreadablePayload(location: String, message: String)
    case store(String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .malformedKey(let why): "malformed SSH public key: \(why)"
        case .malformedSignature(let why): "malformed SSH signature: \(why)"
        case .unsupportedKeyType(let type):
            "SSH key type \(type) is not supported for approvals: use an Ed25519 key (ssh-keygen -t ed25519)"
        case .wrongNamespace(let expected, let found):
            "signature namespace is \"\(found)\", not \"\(expected)\": it was made for another purpose"
        case .unsupportedHashAlgorithm(let name): "unsupported signature hash algorithm \(name) (expected sha512 or sha256)"
        case .keyNotTrusted(let reviewer):
            "signed with a key that is not listed for \(reviewer) in the trusted policy"
        case .signatureMismatch: "signature does not verify (forged, or the payload was tampered with)"
        case .signingFailed(let key, let message): "ssh-keygen could not sign with \(key): \(message)"
        case .noSigningKey:
            "no signing key: pass --key PATH or set git's user.signingkey to your SSH key"
        case .noReviewerIdentity:
            "no reviewer identity: pass --as ID or set git's user.email"
        case .unreadablePayload(let location, let message): "unreadable approval record at \(location): \(message)"
        case .store(let message): "approval store: \(message)"
        case .invalidArgument(let message): message
        }
    }
}
