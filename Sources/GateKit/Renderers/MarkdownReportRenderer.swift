import GateCore

/// A PR comment or job summary: the verdict, a table of findings, who must sign off and how.
public struct MarkdownReportRenderer: Sendable {
    /// Keeps a comment under GitHub's 65,536-character limit on large changes.
    public var maxRows: Int

    public init(maxRows: Int = 100) { self.maxRows = maxRows }

    public func render(_ report: Report) -> String {
        var out = "## gate: \(Self.badge(report.decision)) \(Self.escape(ReportText.headline(report)))\n\n"
        out += "Range <code>\(Self.escape(String(report.range.base.prefix(12))))..\(Self.escape(String(report.range.head.prefix(12))))</code>"
        out += " (\(report.range.mode.rawValue)) · policy <code>\(Self.escape(report.policy.source))</code>"
        out += " · \(report.stats.files) files, \(report.stats.addedLines) added lines\n\n"
        for note in report.notes { out += "> \(Self.escape(note))\n" }
        if !report.notes.isEmpty { out += "\n" }
        if report.findings.isEmpty {
            out += Self.escape(ReportText.noFindings(report)) + "\n\n"
        } else {
            out += "| Status | Tier | Rule | Location | Finding |\n|---|---|---|---|---|\n"
            var rows = 0
            for group in ReportText.Group.allCases {
                for entry in ReportText.entries(group.findings(of: report)) {
                    let finding = entry.finding
                    rows += 1
                    guard rows <= maxRows else { continue }
                    if !entry.others.isEmpty {
                        out += "| \(group.rawValue) | \(finding.tier.rawValue) | <code>\(Self.escape(finding.rule))</code>"
                        out += " | \(entry.paths.count) files | \(Self.escape(finding.message))<br>"
                        out += "\(Self.escape(ReportText.listing(entry))) |\n"
                        continue
                    }
                    var text = Self.escape(finding.message)
                    if let provider = finding.provider, !finding.message.contains(provider) {
                        text += " (\(Self.escape(provider)))"
                    }
                    if let evidence = finding.shownEvidence { text += " <code>\(Self.escape(evidence))</code>" }
                    if let waiver = finding.waiver {
                        text += "<br>waived until \(Self.escape(waiver.expires)): \(Self.escape(waiver.reason))"
                    }
                    if let allowance = finding.allowance { text += "<br>\(Self.escape(ReportText.describe(allowance)))" }
                    out += "| \(group.rawValue) | \(finding.tier.rawValue) | <code>\(Self.escape(finding.rule))</code>"
                    out += " | <code>\(Self.escape(ReportText.location(finding)))</code> | \(text) |\n"
                }
            }
            if rows > maxRows { out += "\n\(rows - maxRows) more findings are not shown; see the JSON report or code scanning.\n" }
            out += "\n"
        }
        if !report.requirements.isEmpty {
            out += "### Sign-off\n\n| Group | Needed | Status | By |\n|---|---|---|---|\n"
            for requirement in report.requirements {
                let by = requirement.satisfiedBy.map(Self.escape).joined(separator: ", ")
                out += "| \(Self.escape(requirement.group)) | \(requirement.approvals) | "
                out += "\(requirement.satisfied ? "done" : "missing") | \(by) |\n"
            }
            out += "\n"
        }
        let reviews = report.approvals.filter { $0.counted && $0.source != nil }
        if !reviews.isEmpty {
            out += "Approvals counted from GitHub reviews:\n\n"
            for approval in reviews {
                out += "- \(Self.escape(approval.label)): \((approval.groups ?? []).map(Self.escape).joined(separator: ", "))"
                out += approval.reason.map { "; \(Self.escape($0))" } ?? ""
                out += "\n"
            }
            out += "\n"
        }
        let rejected = report.approvals.filter { !$0.counted }
        if !rejected.isEmpty {
            out += "Approvals not counted:\n\n"
            for approval in rejected {
                out += "- \(Self.escape(approval.label)): \(Self.escape(approval.reason ?? "no reason given"))\n"
            }
            out += "\n"
        }
        out += "Fingerprint: <code>\(Self.escape(report.fingerprint))</code>\n"
        for (group, fingerprint) in (report.fingerprints ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += "Fingerprint for \(Self.escape(group)): <code>\(Self.escape(fingerprint))</code>\n"
        }
        if report.decision == .block {
            out += "\n\(Self.escape(ReportText.blockedAdvice)).\n"
        } else if let command = ReportText.approveCommand(for: report) {
            out += "\nA reviewer approves with:\n\n```sh\n\(command)\n```\n"
        }
        return out
    }

    static func badge(_ decision: Decision) -> String {
        switch decision {
        case .pass: "✅"
        case .needsApproval: "⚠️"
        case .block: "⛔"
        }
    }

    /// Cell-safe HTML text: no markup, no table breaks, no line breaks or other controls (`ReportText.printable`).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in ReportText.printable(text) {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "|": out += "&#124;"
            case "`": out += "&#96;"
            case "*", "_", "[", "]", "\\": out += "\\\(character)"
            default: out.append(character)
            }
        }
        return out
    }
}
