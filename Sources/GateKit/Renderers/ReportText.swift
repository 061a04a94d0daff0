import GateCore

/// Wording and grouping every human-facing renderer shares, so the terminal, annotations and the
/// Markdown summary say the same thing.
public enum ReportText {
    /// The states the text and Markdown reports list findings under, in reading order.
    public enum Group: String, CaseIterable, Sendable {
        case blocked = "Blocked"
        case needsSignOff = "Needs sign-off"
        case signedOff = "Signed off"
        case passed = "Passed"
        case waived = "Waived"

        /// The state `finding` is in: a finding that needs sign-off is signed off once every requirement
        /// of the report is met (which group approved which finding is the policy's business, not the report's).
        public static func of(_ finding: Finding, in report: Report) -> Group {
            if finding.waived { return .waived }
            switch finding.action {
            case .block: return .blocked
            case .pass: return .passed
            case .requireApproval:
                return report.requirements.allSatisfy(\.satisfied) ? .signedOff : .needsSignOff
            }
        }

        /// The findings of `report` in this state, in report order.
        public func findings(of report: Report) -> [Finding] {
            report.findings.filter { Group.of($0, in: report) == self }
        }
    }

    /// Who signed off `finding`, once it is `signedOff`: the reviewers counted for the groups it was routed to (every
    /// counted reviewer, for a finding read back from JSON, which does not carry its groups), first seen first.
    public static func signers(of finding: Finding, in report: Report) -> [String] {
        var seen: Set<String> = []
        return report.requirements
            .filter { finding.groups.isEmpty || finding.groups.contains($0.group) }
            .flatMap(\.satisfiedBy)
            .filter { seen.insert($0).inserted }
    }

    /// "signed off by alice@example.com, bob@example.com", or "signed off" when the report names nobody.
    public static func signedOff(_ finding: Finding, in report: Report) -> String {
        let signers = signers(of: finding, in: report)
        return signers.isEmpty ? "signed off" : "signed off by \(printable(signers.joined(separator: ", ")))"
    }

    /// The exact command a reviewer runs to sign off this change, while a sign-off is all that is missing.
    /// A blocked change gets none: approvals cannot clear a block, and offering one says otherwise.
    public static func approveCommand(for report: Report) -> String? {
        guard report.decision == .needsApproval, report.range.mode == .commits else { return nil }
        // Approvals are bound to the target branch, so the command names it when the check knew it.
        let target = report.range.target.flatMap { $0.isEmpty ? nil : " --target \($0)" } ?? ""
        // In a pull request's check the runner's head is GitHub's synthetic merge, which no reviewer's clone has; the
        // pull request's head is what they approve, and its fingerprints are the merge's (SPEC §4 binds approvals to
        // the flagged hunks, not to a commit).
        let head = report.range.pullRequestHead ?? report.range.head
        return "gate approve --base \(report.range.base) --head \(head)\(target)"
    }

    /// What to do about a blocked change, in one line.
    public static let blockedAdvice =
        "approvals cannot clear a block: remove the blocking findings (a secret must also be rotated), then ask for sign-off; "
            + "for a false block, a `gate:allow RULE -- reason` comment on the line asks owners' sign-off instead"

    /// `path:line` or `path:line:column`, the path `printable`.
    public static func location(_ finding: Finding) -> String {
        "\(printable(finding.path)):\(finding.line)" + (finding.column.map { ":\($0)" } ?? "")
    }

    /// `text` with every character that ends a line, moves the cursor or reorders what is shown written as a
    /// visible escape (`\n`, `\r`, `\t`, `\u{1B}`). Paths, messages and evidence come from the change, and a file
    /// named `x\nPASS …` or holding terminal escapes must not forge lines of the report a reviewer reads; every
    /// human-readable renderer passes what the change wrote through this.
    public static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnprintable) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case _ where isUnprintable(scalar):
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// C0 and C1 controls and DEL; the line and paragraph separators; the bidirectional marks, embeddings,
    /// overrides and isolates, which make a terminal or browser show text in another order than it is written.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// "allowed inline at line 12 (gate:allow RULE -- reason): needs sign-off from owners instead of blocking".
    public static func describe(_ allowance: AppliedAllowance) -> String {
        "allowed inline at line \(allowance.line) (gate:allow \(printable(allowance.rule)) -- \(printable(allowance.reason))): "
            + "needs sign-off from \(printable(allowance.group)) instead of blocking"
    }

    /// "1 approval from cost" / "2 approvals from database".
    public static func describe(_ requirement: Requirement) -> String {
        "\(requirement.approvals) approval\(requirement.approvals == 1 ? "" : "s") from \(printable(requirement.group))"
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
            let count = Group.blocked.findings(of: report).count
            return "\(verdict) — \(count) finding\(count == 1 ? " blocks" : "s block") this change"
        }
    }
}
