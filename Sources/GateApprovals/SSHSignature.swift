import Crypto
import Foundation
import GateCore

/// A detached SSH signature in the armored `SSHSIG` format that `ssh-keygen -Y sign` writes
/// (PROTOCOL.sshsig in OpenSSH), verified in-process.
public struct SSHSignature: Sendable, Equatable {
    public static let armorBegin = "-----BEGIN SSH SIGNATURE-----"
    public static let armorEnd = "-----END SSH SIGNATURE-----"
    private static let magic: [UInt8] = Array("SSHSIG".utf8)

    public let publicKey: SSHPublicKey
    public let namespace: String
    public let reserved: [UInt8]
    public let hashAlgorithm: String
    /// The signature blob: algorithm name and raw signature.
    public let signatureAlgorithm: String
    public let rawSignature: [UInt8]

    /// Parses the armored text.
    public init(armored text: String) throws(ApprovalError) {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let begin = lines.firstIndex(of: Self.armorBegin), let end = lines.firstIndex(of: Self.armorEnd),
              begin < end
        else { throw ApprovalError.malformedSignature("missing \(Self.armorBegin) / \(Self.armorEnd) lines") }
        guard let decoded = Data(base64Encoded: lines[(begin + 1)..<end].joined()) else {
            throw ApprovalError.malformedSignature("the armored body is not valid base64")
        }
        try self.init(blob: Array(decoded))
    }

    /// Parses the binary blob: magic, version, public key, namespace, reserved, hash algorithm, signature.
    public init(blob: [UInt8]) throws(ApprovalError) {
        var reader = SSHWireReader(blob)
        guard try reader.readRaw(count: Self.magic.count) == Self.magic else {
            throw ApprovalError.malformedSignature("does not start with SSHSIG")
        }
        let version = try reader.readUInt32()
        guard version == 1 else { throw ApprovalError.malformedSignature("unsupported SSHSIG version \(version)") }
        publicKey = try SSHPublicKey(blob: try reader.readString())
        namespace = String(decoding: try reader.readString(), as: UTF8.self)
        reserved = try reader.readString()
        hashAlgorithm = String(decoding: try reader.readString(), as: UTF8.self)
        var signatureReader = SSHWireReader(try reader.readString())
        signatureAlgorithm = String(decoding: try signatureReader.readString(), as: UTF8.self)
        rawSignature = try signatureReader.readString()
        guard reader.isAtEnd, signatureReader.isAtEnd else {
            throw ApprovalError.malformedSignature("trailing bytes after the signature")
        }
    }

    /// Checks that this signature, made by one of `trustedKeys` under `namespace`, covers `message`.
    ///
    /// The key embedded in the signature is only a claim: it must equal a trusted key before its signature means
    /// anything. Returns the key that verified.
    @discardableResult
    public func verify(message: [UInt8], namespace expected: String, trustedKeys: [SSHPublicKey], reviewer: String)
        throws(ApprovalError) -> SSHPublicKey
    {
        guard namespace == expected else { throw ApprovalError.wrongNamespace(expected: expected, found: namespace) }
        // An RSA or ECDSA signature can match no listed key (the policy accepts Ed25519 only): say that, not "not listed".
        guard publicKey.type == SSHKeyBlob.ed25519Type else { throw ApprovalError.unsupportedKeyType(publicKey.type) }
        guard let trusted = trustedKeys.first(where: { $0.blob == publicKey.blob }) else {
            throw ApprovalError.keyNotTrusted(reviewer: reviewer)
        }
        let key = try trusted.ed25519Key()
        guard signatureAlgorithm == "ssh-ed25519" else { throw ApprovalError.unsupportedKeyType(signatureAlgorithm) }
        let signed = try Self.signedData(message: message, namespace: namespace, reserved: reserved,
                                         hashAlgorithm: hashAlgorithm)
        guard key.isValidSignature(rawSignature, for: signed) else { throw ApprovalError.signatureMismatch }
        return trusted
    }

    /// What the signature covers: `SSHSIG`, namespace, reserved, hash algorithm and H(message).
    static func signedData(message: [UInt8], namespace: String, reserved: [UInt8], hashAlgorithm: String)
        throws(ApprovalError) -> [UInt8]
    {
        let digest: [UInt8]
        switch hashAlgorithm {
        case "sha512": digest = Array(SHA512.hash(data: message))
        case "sha256": digest = Array(SHA256.hash(data: message))
        default: throw ApprovalError.unsupportedHashAlgorithm(hashAlgorithm)
        }
        var writer = SSHWireWriter()
        writer.writeRaw(magic)
        writer.writeString(namespace)
        writer.writeString(reserved)
        writer.writeString(hashAlgorithm)
        writer.writeString(digest)
        return writer.bytes
    }
}
