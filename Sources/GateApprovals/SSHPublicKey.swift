import Crypto
import Foundation
import GateCore

/// An OpenSSH public key, as listed for a reviewer in the policy (`ssh-ed25519 AAAA… comment`).
public struct SSHPublicKey: Sendable, Equatable {
    /// `ssh-ed25519`, `ssh-rsa`, …
    public let type: String
    /// The wire-format key blob (what the base64 in the key line decodes to).
    public let blob: [UInt8]
    public let comment: String

    /// Parses one key line; a key type other than Ed25519 parses but cannot verify.
    public init(line: String) throws(ApprovalError) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2 else {
            throw ApprovalError.malformedKey("expected \"TYPE BASE64 [COMMENT]\", got \"\(line.prefix(40))\"")
        }
        guard let decoded = Data(base64Encoded: fields[1]) else {
            throw ApprovalError.malformedKey("the key of type \(fields[0]) is not valid base64")
        }
        try self.init(blob: Array(decoded), comment: fields.dropFirst(2).joined(separator: " "))
        guard type == fields[0] else {
            throw ApprovalError.malformedKey("the line says \(fields[0]) but the key inside is \(type)")
        }
    }

    /// Parses a wire-format key blob.
    public init(blob: [UInt8], comment: String = "") throws(ApprovalError) {
        guard let type = SSHKeyBlob.type(of: blob) else { throw ApprovalError.malformedKey("truncated key blob") }
        self.type = type
        self.blob = blob
        self.comment = comment
    }

    /// The Ed25519 key to verify with; any other type is refused with a clear reason.
    func ed25519Key() throws(ApprovalError) -> Curve25519.Signing.PublicKey {
        guard type == SSHKeyBlob.ed25519Type else { throw ApprovalError.unsupportedKeyType(type) }
        guard let raw = SSHKeyBlob.ed25519Key(in: blob) else { throw ApprovalError.malformedKey("Ed25519 key is not 32 bytes") }
        do {
            return try Curve25519.Signing.PublicKey(rawRepresentation: raw)
        } catch {
            throw ApprovalError.malformedKey("Ed25519 key: \(error)")
        }
    }

    /// `SHA256:…` as `ssh-keygen -l` prints it, to name a key without printing it.
    public var fingerprint: String {
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
    }

    /// The key as an OpenSSH line.
    public var line: String {
        let base = "\(type) \(Data(blob).base64EncodedString())"
        return comment.isEmpty ? base : "\(base) \(comment)"
    }
}
