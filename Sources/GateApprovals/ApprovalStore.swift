import Foundation
import GateCore
import GateGit

/// Where signed approvals and revocations are kept: append-only, shared by reviewers and CI.
public protocol ApprovalStore {
    /// Every record in the store, readable or not (unreadable ones are judged and reported, never dropped).
    func records() throws -> [SignedRecord]
    /// Appends a record; returns where it was stored.
    @discardableResult
    func add(_ record: SignedRecord, reviewer: String, fingerprint: String) throws -> String
}

/// The repository itself as the store (the default): ref `refs/gate/approvals`, one `.json` and one `.sig` file
/// per statement. Git pushes and fetches it only when asked by name (a clone fetches branches and tags), which
/// `gate approve --push` and `gate approvals fetch|push` do.
public struct GitApprovalStore: ApprovalStore {
    public let repository: Repository
    public let ref: String

    public init(repository: Repository, ref: String = Repository.approvalsRef) {
        self.repository = repository
        self.ref = ref
    }

    public func records() throws -> [SignedRecord] {
        let contents = try repository.unionRefContents(ref)
        let files = contents.files
        var records: [SignedRecord] = []
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) {
            let kind: RecordKind = path.hasPrefix("revocations/") ? .revocation : .approval
            if path.hasSuffix(".json") {
                let signaturePath = String(path.dropLast(".json".count)) + ".sig"
                let signature = files[signaturePath].map { String(decoding: $0, as: UTF8.self) } ?? ""
                records.append(SignedRecord(kind: kind, payload: bytes, signature: signature, location: "\(ref):\(path)"))
            } else if path.hasSuffix(".sig"), files[String(path.dropLast(".sig".count)) + ".json"] == nil,
                      contents.unreadable[String(path.dropLast(".sig".count)) + ".json"] == nil {
                // A signature without its statement is still something someone put there; report it.
                records.append(SignedRecord(kind: kind, payload: [], signature: "", location: "\(ref):\(path)"))
            }
        }
        // Entries that cannot be read grant nothing, so they are reported with why rather than stopping the check.
        for (path, problem) in contents.unreadable.sorted(by: { $0.key < $1.key }) {
            let kind: RecordKind = path.hasPrefix("revocations/") ? .revocation : .approval
            records.append(SignedRecord(kind: kind, payload: [], signature: "", location: "\(ref):\(path)", problem: problem))
        }
        return records
    }

    @discardableResult
    public func add(_ record: SignedRecord, reviewer: String, fingerprint: String) throws -> String {
        let base = Self.path(for: record, reviewer: reviewer, fingerprint: fingerprint)
        try repository.addUnionRefFiles(
            [base + ".json": record.payload, base + ".sig": Array(record.signature.utf8)], ref: ref,
            message: "gate: \(record.kind.rawValue) by \(reviewer) of \(fingerprint)")
        return "\(ref):\(base).json"
    }

    /// Fetches the remote's approvals and merges them into the local ref (false: the remote has none yet).
    @discardableResult
    public func fetch(from remote: String) throws -> Bool { try repository.fetchUnionRef(ref, from: remote) }

    /// Publishes the local approvals, merging what others pushed meanwhile.
    public func push(to remote: String) throws { try repository.pushUnionRef(ref, to: remote) }

    /// `approvals/<fingerprint prefix>/<reviewer>-<created>-<id prefix>`: readable, and unique by content.
    static func path(for record: SignedRecord, reviewer: String, fingerprint: String) -> String {
        let hex = fingerprint.hasPrefix(Fingerprint.prefix) ? String(fingerprint.dropFirst(Fingerprint.prefix.count)) : fingerprint
        let directory = record.kind == .approval ? "approvals" : "revocations"
        let stamp = Timestamp.format(Date()).filter { $0.isNumber || $0 == "T" || $0 == "Z" }
        return "\(directory)/\(safe(String(hex.prefix(16))))/\(safe(reviewer))-\(stamp)-\(record.id.prefix(12))"
    }

    private static func safe(_ text: String) -> String {
        let mapped = text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "@.-_+".contains($0)) ? $0 : "_" }
        let result = String(mapped).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return result.isEmpty ? "_" : result
    }
}
