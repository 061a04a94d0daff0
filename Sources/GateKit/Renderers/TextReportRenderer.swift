import GateCore

/// The human report: verdict first, findings grouped by what they do to the gate, then who must sign
/// off and how. Colour only when asked (the CLI asks on a TTY without NO_COLOR).
public struct TextReportRenderer: Sendable {
    public var color: Bool
    /// Also list every migration's statements with their effect, hazards and generated checks.
    public var verbose: Bool

    public init(color: Bool, verbose: Bool = false) {
        self.color = color
        self.verbose = verbose
    }

    public func render(_ report: Report) -> String {
        var out = "gate: \(paint(ReportText.headline(report), for: report.decision))\n"
        out += "range: \(short(report.range.base))..\(short(report.range.head)) (\(report.range.mode.rawValue))\n"
        out += "policy: \(printable(report.policy.source)) (sha256 \(short(report.policy.sha256)))\n"
        for note in report.notes { out += "note: \(printable(note))\n" }
        for group in ReportText.Group.allCases {
            let findings = group.findings(of: report)
            guard !findings.isEmpty else { continue }
            out += "\n\(group.rawValue) (\(findings.count)):\n"
            for entry in ReportText.entries(findings) {
                let finding = entry.finding
                if !entry.others.isEmpty {
                    // Many files alike (a bulk of LFS pointers): one line for what was found, then the files.
                    out += "  \(paint(finding.tier.rawValue, for: finding.tier)) \(entry.paths.count) files"
                    out += "  [\(printable(finding.rule))] \(printable(finding.message))\n"
                    out += "      \(ReportText.listing(entry))\n"
                    continue
                }
                out += "  \(paint(finding.tier.rawValue, for: finding.tier)) \(ReportText.location(finding))"
                out += "  [\(printable(finding.rule))] \(printable(finding.message))"
                if let provider = finding.provider, !finding.message.contains(provider) { out += " (\(printable(provider)))" }
                if let evidence = finding.shownEvidence { out += "  — \(printable(evidence))" }
                out += "\n"
                if let waiver = finding.waiver {
                    out += "      waived until \(printable(waiver.expires)): \(printable(waiver.reason))\n"
                }
                if let allowance = finding.allowance {
                    out += "      \(ReportText.describe(allowance))\n"
                }
            }
        }
        if report.findings.isEmpty { out += "\n" + ReportText.noFindings(report) + "\n" }
        if !report.requirements.isEmpty {
            out += "\nSign-off:\n"
            for requirement in report.requirements {
                let mark = requirement.satisfied ? paint("done", code: "32") : paint("missing", code: "33")
                let who = requirement.satisfiedBy.isEmpty ? "" : " (by \(printable(requirement.satisfiedBy.joined(separator: ", "))))"
                out += "  \(ReportText.describe(requirement)): \(mark)\(who)"
                if let bootstrap = report.policy.bootstrap, bootstrap.groups.contains(requirement.group) {
                    out += " — trust on first use: from the reviewers of the \(printable(bootstrap.source)) this change adds"
                }
                out += "\n"
            }
        }
        for approval in report.approvals where !approval.counted {
            out += "  approval by \(printable(approval.label)) not counted: \(printable(approval.reason ?? "no reason given"))\n"
        }
        // A counted SSH approval is in the sign-off line already; a GitHub review also names its login and commit.
        for approval in report.approvals where approval.counted && (approval.reason != nil || approval.source != nil) {
            out += "  approval by \(printable(approval.label)) counted for \(printable((approval.groups ?? []).joined(separator: ", ")))"
            out += approval.reason.map { "; \(printable($0))" } ?? ""
            out += "\n"
        }
        if !report.ordering.isEmpty {
            out += "\nDeploy order:\n"
            for entry in report.ordering {
                out += "  \(printable(entry.migration)) (\(entry.phase.rawValue)): \(printable(entry.reason))\n"
            }
        }
        if verbose, !report.migrations.isEmpty {
            out += "\nMigrations:\n"
            for migration in report.migrations {
                out += "  \(printable(migration.path)) (phase \(migration.phase.rawValue))\n"
                for statement in migration.statements {
                    out += "    \(statement.line): [\(statement.effect)] \(printable(statement.statement))\n"
                    if !statement.hazards.isEmpty { out += "      hazards: \(printable(statement.hazards.joined(separator: ", ")))\n" }
                    for check in statement.checks { out += "      verify: \(printable(check))\n" }
                }
            }
        }
        out += "\nfingerprint: \(report.fingerprint)\n"
        // Approvals bind to their group's fingerprint, so each is shown: a reviewer can see which one moved.
        for (group, fingerprint) in (report.fingerprints ?? [:]).sorted(by: { $0.key < $1.key }) {
            out += "  \(printable(group)): \(fingerprint)\n"
        }
        if report.decision == .block {
            out += "next: \(ReportText.blockedAdvice)\n"
        } else if let command = ReportText.approveCommand(for: report) {
            out += "approve with: \(command)\n"
        } else if report.requirements.contains(where: { !$0.satisfied }) {
            out += "commit the change, then approve it with: gate approve --base <base> --head <commit>\n"
        }
        out += "files: \(report.stats.files), added lines: \(report.stats.addedLines)"
        if !report.stats.skipped.isEmpty { out += ", skipped: \(report.stats.skipped.count)" }
        if report.stats.renameDetectionBounded { out += ", rename detection bounded" }
        out += ", \(report.stats.durationMs) ms\n"
        return out
    }

    private func short(_ id: String) -> String { String(id.prefix(12)) }

    /// What the change or the policy wrote, with no character that could forge a line (`ReportText.printable`).
    private func printable(_ text: String) -> String { ReportText.printable(text) }

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
