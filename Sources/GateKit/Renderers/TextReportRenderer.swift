import GateCore

/// The human report: verdict first, findings grouped by what they do to the gate.
public struct TextReportRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ report: Report) -> String {
        var out = ""
        out += "gate: \(paint(report.decision.rawValue.uppercased(), for: report.decision))"
        out += "  (\(short(report.range.base))..\(short(report.range.head)), \(report.range.mode.rawValue))\n"
        out += "policy: \(report.policy.source)\n"
        for note in report.notes { out += "note: \(note)\n" }
        let groups: [(String, [Finding])] = [
            ("Blocked", report.findings.filter { !$0.waived && $0.action == .block }),
            ("Needs sign-off", report.findings.filter { !$0.waived && $0.action == .requireApproval }),
            ("Passed", report.findings.filter { !$0.waived && $0.action == .pass }),
            ("Waived", report.findings.filter(\.waived)),
        ]
        for (title, findings) in groups where !findings.isEmpty {
            out += "\n\(title):\n"
            for finding in findings {
                out += "  \(paint(finding.tier.rawValue, for: finding.tier)) \(finding.path):\(finding.line)"
                out += "  [\(finding.rule)] \(finding.message)"
                if let evidence = finding.evidence { out += "  — \(evidence)" }
                out += "\n"
            }
        }
        if report.findings.isEmpty { out += "\nNo risky changes found.\n" }
        let open = report.requirements.filter { !$0.satisfied }
        if !open.isEmpty {
            out += "\nSign-off needed:\n"
            for requirement in report.requirements {
                let who = requirement.satisfiedBy.isEmpty ? "" : " (by \(requirement.satisfiedBy.joined(separator: ", ")))"
                let mark = requirement.satisfied ? "done" : "missing"
                out += "  \(requirement.approvals) from \(requirement.group): \(mark)\(who)\n"
            }
        }
        for approval in report.approvals where !approval.counted {
            out += "  approval by \(approval.reviewer) not counted: \(approval.reason ?? "unknown reason")\n"
        }
        out += "\nfingerprint: \(report.fingerprint)\n"
        if report.decision == .needsApproval {
            out += "approve with: gate approve --base \(report.range.base) --head \(report.range.head)\n"
        }
        out += "files: \(report.stats.files), added lines: \(report.stats.addedLines)"
        if !report.stats.skipped.isEmpty { out += ", skipped: \(report.stats.skipped.count)" }
        if report.stats.renameDetectionBounded { out += ", rename detection bounded" }
        out += ", \(report.stats.durationMs) ms\n"
        return out
    }

    private func short(_ id: String) -> String { String(id.prefix(12)) }

    private func paint(_ text: String, for decision: Decision) -> String {
        switch decision {
        case .pass: paint(text, code: "32")
        case .needsApproval: paint(text, code: "33")
        case .block: paint(text, code: "31")
        }
    }

    private func paint(_ text: String, for tier: Tier) -> String {
        switch tier {
        case .low: paint(text, code: "36")
        case .high: paint(text, code: "33")
        case .critical: paint(text, code: "31")
        }
    }

    private func paint(_ text: String, code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
