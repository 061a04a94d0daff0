import GateCore

/// Wording and grouping every human-facing renderer shares, so the terminal, annotations and the
/// Markdown summary say the same thing.
public enum ReportText {
    /// The groups the text and Markdown reports list findings under, in reading order.
    public enum Group: String, CaseIterable, Sendable {
        case blocked = "Blocked"
        case needsSignOff = "Needs sign-off"
        case passed = "Passed"
        case waived = "Waived"

        public func contains(_ finding: Finding) -> Bool {
            switch self {
            case .blocked: !finding.waived && finding.action == .block
            case .needsSignOff: !finding.waived && finding.action == .requireApproval
            case .passed: !finding.waived && finding.action == .pass
            case .waived: finding.waived
            }
        }
    }

    /// The exact command a reviewer runs to sign off this change, while a sign-off is missing. Also shown
    /// when the change is blocked: blocking findings are not part of the fingerprint, so the sign-off stays
    /// valid once they are removed.
    public static func approveCommand(for report: Report) -> String? {
        guard report.requirements.contains(where: { !$0.satisfied }), report.range.mode == .commits else { return nil }
        return "gate approve --base \(report.range.base) --head \(report.range.head)"
    }

    /// `path:line` or `path:line:column`.
    public static func location(_ finding: Finding) -> String {
        "\(finding.path):\(finding.line)" + (finding.column.map { ":\($0)" } ?? "")
    }

    /// "1 approval from cost" / "2 approvals from database".
    public static func describe(_ requirement: Requirement) -> String {
        "\(requirement.approvals) approval\(requirement.approvals == 1 ? "" : "s") from \(requirement.group)"
    }

    /// The one-line verdict: the decision in capitals, then what it means for this change.
    /// What a report with no findings says: "No risky changes" only when nothing was skipped or read only in
    /// part; otherwise how many files were, so a skip never reads as a clean bill.
    public static func noFindings(_ report: Report) -> String {
        let partial = report.stats.skipped.count
        guard partial > 0 else { return "No risky changes found." }
        let reasons = Set(report.stats.skipped.map(\.reason.rawValue)).sorted().joined(separator: ", ")
        return "No findings in what gate read, but \(partial) file\(partial == 1 ? " was" : "s were") skipped or read "
            + "only in part (\(reasons)); see the stats."
    }

    public static func headline(_ report: Report) -> String {
        let verdict = report.decision.rawValue.uppercased()
        switch report.decision {
        case .pass: return "\(verdict) — the gate is open"
        case .needsApproval:
            let missing = report.requirements.filter { !$0.satisfied }.map(describe).joined(separator: ", ")
            return "\(verdict) — \(missing)"
        case .block:
            let count = report.findings.filter { ReportText.Group.blocked.contains($0) }.count
            return "\(verdict) — \(count) finding\(count == 1 ? " blocks" : "s block") this change"
        }
    }
}
