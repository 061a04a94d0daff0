import Foundation
import GateCore

/// The signature namespace of approvals and revocations, so no other SSH signature can pass for one.
public let approvalSignatureNamespace = "gate-approval"

/// What a reviewer signs: "I approve the change with this fingerprint" (SPEC §4).
public struct Approval: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "gate.approval/v1"

    public var schema: String
    /// The whole change's fingerprint. Approvals made before per-group fingerprints carry only this, and count
    /// only while the whole change is as they approved it.
    public var fingerprint: String
    /// The fingerprint of each group signed for (SPEC §4): the approval counts for a group only while that group's
    /// findings are as they were, whatever happens to other groups' findings.
    public var fingerprints: [String: String]?
    public var reviewer: String
    /// The groups the reviewer signs for; they count only where the trusted policy agrees.
    public var groups: [String]
    public var reason: String?
    /// ISO 8601, UTC.
    public var created: String
    public var expires: String
    /// The revisions the reviewer looked at, for people reading the store; the fingerprint is what binds.
    public var base: String?
    public var head: String?
    /// The repository's root commit: an approval replayed in another repository does not count.
    public var repository: String?
    /// The branch the change merges into: an approval replayed for another target does not count.
    public var target: String?
    /// The branch that held the change when it was approved (`feature/summaries`; absent on a detached head). It
    /// never makes an approval count: it ties the approval to the change after a rebase or an amend took `head` out of
    /// the change's history, so a check reports it (not counted: an earlier version) rather than dropping it.
    public var branch: String?

    public init(fingerprint: String, fingerprints: [String: String]? = nil, reviewer: String, groups: [String],
                reason: String?, created: Date, expires: Date,
                base: String? = nil, head: String? = nil, repository: String? = nil, target: String? = nil,
                branch: String? = nil) {
        self.schema = Self.schemaIdentifier
        self.fingerprint = fingerprint
        self.fingerprints = fingerprints
        self.reviewer = reviewer
        self.groups = groups
        self.reason = reason
        self.created = Timestamp.format(created)
        self.expires = Timestamp.format(expires)
        self.base = base
        self.head = head
        self.repository = repository
        self.target = target
        self.branch = branch
    }
}

/// What a revoker signs: "this approval no longer counts".
public struct Revocation: Codable, Sendable, Equatable {
    public static let schemaIdentifier = "gate.revocation/v1"

    public var schema: String
    /// The revoked approval's id (the SHA-256 of its signed payload).
    public var approval: String
    public var fingerprint: String
    /// Who made the revoked approval.
    public var reviewer: String
    public var revoker: String
    public var reason: String?
    public var created: String

    public init(approval: String, fingerprint: String, reviewer: String, revoker: String, reason: String?, created: Date) {
        self.schema = Self.schemaIdentifier
        self.approval = approval
        self.fingerprint = fingerprint
        self.reviewer = reviewer
        self.revoker = revoker
        self.reason = reason
        self.created = Timestamp.format(created)
    }
}

/// Which kind of statement a record holds.
public enum RecordKind: String, Sendable, Equatable, CaseIterable {
    case approval, revocation
}

/// A stored, signed statement: the exact payload bytes that were signed and their armored signature.
///
/// The payload is kept byte for byte, so verification never depends on re-encoding JSON.
public struct SignedRecord: Sendable, Equatable {
    public var kind: RecordKind
    public var payload: [UInt8]
    public var signature: String
    /// Where it is stored (a path in the approvals ref, a row id), for error messages.
    public var location: String
    /// Why the store could not read this record (a gitlink, a missing object, an oversized blob); such a record
    /// never counts and is reported with this reason.
    public var problem: String?

    public init(kind: RecordKind, payload: [UInt8], signature: String, location: String, problem: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.signature = signature
        self.location = location
        self.problem = problem
    }

    /// The record's identity: the SHA-256 of its payload.
    public var id: String { ContentDigest.sha256Hex(payload) }

    public func decodeApproval() throws(ApprovalError) -> Approval {
        let approval: Approval = try decode()
        guard approval.schema == Approval.schemaIdentifier else {
            throw ApprovalError.unreadablePayload(location: location, message: "schema \(approval.schema) is not \(Approval.schemaIdentifier)")
        }
        return approval
    }

    public func decodeRevocation() throws(ApprovalError) -> Revocation {
        let revocation: Revocation = try decode()
        guard revocation.schema == Revocation.schemaIdentifier else {
            throw ApprovalError.unreadablePayload(location: location, message: "schema \(revocation.schema) is not \(Revocation.schemaIdentifier)")
        }
        return revocation
    }

    private func decode<T: Decodable>() throws(ApprovalError) -> T {
        if let problem { throw ApprovalError.unreadablePayload(location: location, message: problem) }
        do { return try JSONDecoder().decode(T.self, from: Data(payload)) } catch {
            throw ApprovalError.unreadablePayload(location: location, message: "\(error)")
        }
    }

    /// Encodes a statement the same way every time (sorted keys), so identical statements have identical ids.
    public static func canonicalPayload<T: Encodable>(_ value: T) throws(ApprovalError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        do { return Array(try encoder.encode(value)) + [0x0a] } catch {
            throw ApprovalError.invalidArgument("cannot encode the statement: \(error)")
        }
    }

    /// Signs a statement with `signer`.
    public static func sign<T: Encodable>(_ value: T, kind: RecordKind, with signer: SSHSigner) throws(ApprovalError)
        -> SignedRecord
    {
        let payload = try canonicalPayload(value)
        let signature = try signer.sign(payload, namespace: approvalSignatureNamespace)
        return SignedRecord(kind: kind, payload: payload, signature: signature, location: "(new)")
    }
}

/// UTC timestamps in ISO 8601 (`2026-11-23T16:40:00Z`), the one format in payloads.
public enum Timestamp {
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
