import Foundation
import GateCore

/// Text and JSON for `gate approvals list` and `gate approvals verify` (SPEC §4, "Listings as JSON").
public enum ApprovalsRenderer {
    /// The `gate.approvals/v1` document: every stored approval with its standing under the trusted policy.
    public static func json(_ listings: [ApprovalListing]) throws -> String {
        try StableJSON.render(schema: "gate.approvals/v1", ApprovalListDocument(approvals: listings))
    }

    /// One approval in two lines (id prefix, reviewer, fingerprint; dates and standing); reason and store
    /// location with `verbose`. What a reviewer wrote is shown `ReportText.printable`.
    public static func text(_ listings: [ApprovalListing], verbose: Bool) -> String {
        if listings.isEmpty { return "No approvals recorded.\n" }
        var lines: [String] = []
        for listing in listings {
            let state = listing.problem.map { "INVALID: \(ReportText.printable($0))" } ?? "valid"
            lines.append("\(listing.id.prefix(16))  \(ReportText.printable(listing.reviewer))  \(listing.fingerprint)")
            // What it binds to: each group's fingerprint (an approval from before them binds to the whole change's).
            for (group, fingerprint) in (listing.fingerprints ?? [:]).sorted(by: { $0.key < $1.key }) {
                lines.append("    \(group): \(fingerprint)")
            }
            lines.append("    created \(listing.created), expires \(listing.expires): \(state)")
            if verbose, let reason = listing.reason { lines.append("    reason: \(ReportText.printable(reason))") }
            if verbose { lines.append("    at \(ReportText.printable(listing.location))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `gate.approvals-verify/v1` document: the change's fingerprint, its requirements and every approval
    /// considered, counted or not, with the reason (the same objects as the report's).
    public static func verifyJSON(_ report: Report) throws -> String {
        try StableJSON.render(schema: "gate.approvals-verify/v1", ApprovalVerifyDocument(
            decision: report.decision.rawValue, fingerprint: report.fingerprint,
            fingerprints: report.fingerprints ?? [:], requirements: report.requirements,
            approvals: report.approvals))
    }

    public static func verifyText(_ report: Report) -> String {
        var lines = ["fingerprint: \(report.fingerprint)"]
        for (group, fingerprint) in (report.fingerprints ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("  \(group): \(fingerprint)")
        }
        if report.requirements.isEmpty { lines.append("Nothing in this change needs sign-off.") }
        for requirement in report.requirements {
            let by = requirement.satisfiedBy.isEmpty ? "" : " by \(ReportText.printable(requirement.satisfiedBy.joined(separator: ", ")))"
            lines.append("\(requirement.approvals) from \(requirement.group): \(requirement.satisfied ? "satisfied" : "missing")\(by)")
        }
        for approval in report.approvals {
            let verdict = approval.counted ? "counted" : "not counted: \(ReportText.printable(approval.reason ?? "unknown reason"))"
            lines.append("  \(ReportText.printable(approval.label)): \(verdict)")
        }
        lines.append("decision: \(report.decision.rawValue)\(decisionNote(report))")
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Why a closed gate stays closed whatever is signed: a block is not something sign-off opens.
private func decisionNote(_ report: Report) -> String {
    guard report.decision == .block else { return "" }
    let blocking = report.findings.filter { $0.action == .block && !$0.waived }.count
    let count = blocking == 0 ? "" : " (\(blocking) \(blocking == 1 ? "finding blocks" : "findings block") this change)"
    return count + "\nnext: \(ReportText.blockedAdvice)"
}

/// `gate approvals list --format json`.
struct ApprovalListDocument: Encodable {
    var approvals: [ApprovalListing]
}

/// `gate approvals verify --format json`.
struct ApprovalVerifyDocument: Encodable {
    var decision: String
    var fingerprint: String
    /// Each group's fingerprint, what approvals bind to (SPEC §4).
    var fingerprints: [String: String]
    var requirements: [Requirement]
    var approvals: [ConsideredApproval]
}

extension ApprovalListing: Encodable {
    enum CodingKeys: String, CodingKey { case id, reviewer, fingerprint, fingerprints, created, expires, reason, location, valid, problem }

    /// Absent values are written as null, not left out, so every object has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(reviewer, forKey: .reviewer)
        try container.encode(fingerprint, forKey: .fingerprint)
        try container.encode(fingerprints, forKey: .fingerprints)
        try container.encode(created, forKey: .created)
        try container.encode(expires, forKey: .expires)
        try container.encode(reason, forKey: .reason)
        try container.encode(location, forKey: .location)
        try container.encode(problem == nil, forKey: .valid)
        try container.encode(problem, forKey: .problem)
    }
}
