import Foundation

/// A reviewer's `keys` entry, checked as far as a policy can be: approvals verify with Ed25519 keys only, so a line
/// must name `ssh-ed25519`, its base64 must decode to a key blob naming the same type, and the key must be 32 bytes.
/// The shipped templates' `…ExampleKeyReplaceWithYourOwn…` keys are placeholders, meant to be replaced: they load,
/// and `gate policy validate` warns that they can never verify (`PolicyLint`).
enum ReviewerKey {
    enum Verdict: Equatable {
        case usable
        case placeholder
        /// Why the key can never verify an approval.
        case unusable(String)
    }

    static let ed25519 = "ssh-ed25519"

    static func verdict(_ line: String) -> Verdict {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 2 else { return .unusable("expected `ssh-ed25519 AAAA… comment`") }
        let (type, encoded) = (fields[0], fields[1])
        if isPlaceholder(encoded) { return .placeholder }
        guard type == ed25519 else {
            return .unusable("it is a \(type.prefix(40)) key, and approvals accept Ed25519 keys only (ssh-keygen -t ed25519)")
        }
        guard let blob = Data(base64Encoded: encoded).map(Array.init) else {
            return .unusable("its key is not valid base64 (copy the whole line of the .pub file)")
        }
        var reader = blob[...]
        guard let inner = readString(&reader) else { return .unusable("its key is truncated") }
        guard inner == Array(ed25519.utf8) else {
            return .unusable("the line says ssh-ed25519 but the key inside is \(String(decoding: inner.prefix(40), as: UTF8.self))")
        }
        guard let key = readString(&reader), key.count == 32, reader.isEmpty else {
            return .unusable("its key is not the 32 bytes of an Ed25519 key (truncated or altered?)")
        }
        return .usable
    }

    /// The shipped templates' stand-ins (`AAAAC3NzaC1lZDI1NTE5AAAAIExampleKeyReplaceWithYourOwnAlice`) and the
    /// documentation's shortened `AAAAC3Nz…`.
    static func isPlaceholder(_ encoded: String) -> Bool {
        encoded.contains("ReplaceWithYourOwn") || encoded.contains("ExampleKey") || encoded.hasSuffix("…")
            || encoded.hasSuffix("...")
    }

    /// An SSH wire string: a 4-byte big-endian length, then that many bytes.
    private static func readString(_ bytes: inout ArraySlice<UInt8>) -> [UInt8]? {
        guard bytes.count >= 4 else { return nil }
        let length = bytes.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        bytes = bytes.dropFirst(4)
        guard bytes.count >= length else { return nil }
        defer { bytes = bytes.dropFirst(length) }
        return Array(bytes.prefix(length))
    }
}
