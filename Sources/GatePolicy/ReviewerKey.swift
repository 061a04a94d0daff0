import Foundation
import GateCore

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

    static let ed25519 = SSHKeyBlob.ed25519Type

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
        guard let inner = SSHKeyBlob.type(of: blob) else { return .unusable("its key is truncated") }
        guard inner == ed25519 else {
            return .unusable("the line says ssh-ed25519 but the key inside is \(inner.prefix(40))")
        }
        guard SSHKeyBlob.ed25519Key(in: blob) != nil else {
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
}
