/// What an OpenSSH public key's wire-format blob (what the base64 of a `ssh-ed25519 AAAA… comment` line decodes to)
/// says without any cryptography: the key type it names, and an Ed25519 key's 32 bytes (RFC 4253 §6.6, RFC 8709).
/// Read by the policy loader, which checks reviewers' keys, and by the approvals, which verify with them.
public enum SSHKeyBlob {
    public static let ed25519Type = "ssh-ed25519"

    /// The type the blob names first (`ssh-ed25519`, `ssh-rsa`), or nil when the blob is truncated there.
    public static func type(of blob: [UInt8]) -> String? {
        var rest = blob[...]
        return nextString(&rest).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The 32 bytes of an Ed25519 key: the blob is its type and the key, nothing more; nil otherwise.
    public static func ed25519Key(in blob: [UInt8]) -> [UInt8]? {
        var rest = blob[...]
        guard let type = nextString(&rest), type.elementsEqual(ed25519Type.utf8), let key = nextString(&rest),
              key.count == 32, rest.isEmpty
        else { return nil }
        return Array(key)
    }

    /// An SSH wire string: a 4-byte big-endian length, then that many bytes; nil when the bytes end before it does.
    private static func nextString(_ bytes: inout ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard bytes.count >= 4 else { return nil }
        let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        let start = bytes.startIndex + 4
        guard bytes.count - 4 >= length else { return nil }
        defer { bytes = bytes[(start + length)...] }
        return bytes[start..<(start + length)]
    }
}
