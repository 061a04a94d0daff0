import GateCore

/// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding, and a notice per note of the
/// report (a fresh clone without the approvals ref, the built-in policy applying…), after the findings'.
///
/// GitHub shows at most 10 error and 10 warning annotations per step (and 10 notices); more are
/// dropped silently, so the renderer emits at most that many of each and says how many it left out, in a notice
/// of its own (a slot is kept for it) so the count shows where the annotations do. Notes take their notice slots
/// first (all but one): they say why the verdict is what it is.
public struct GitHubAnnotationRenderer: Sendable {
    public static let defaultLimit = 10

    public var limit: Int

    public init(limit: Int = GitHubAnnotationRenderer.defaultLimit) { self.limit = limit }

    public func render(_ report: Report) -> String {
        var out = ""
        var emitted: [String: Int] = [:]
        var omitted: [String: Int] = [:]
        // Blocking findings first, so the cap never hides a block behind sign-offs; findings already signed off are
        // notices, as they no longer hold the change (a warning saying "needs sign-off" would contradict the verdict).
        let ordered = report.findings.filter { !$0.waived }
            .map { (finding: $0, signedOff: ReportText.Group.of($0, in: report) == .signedOff) }
            .sorted { rank($0.finding.action, signedOff: $0.signedOff) < rank($1.finding.action, signedOff: $1.signedOff) }
        let notes = report.notes.prefix(max(limit - 1, 0))
        let noticeLimit = limit - notes.count
        var wanted: [String: Int] = [:]
        for (finding, signedOff) in ordered { wanted[signedOff ? "notice" : Self.command(for: finding.action), default: 0] += 1 }
        let omits = wanted.contains { $0.value > limit || ($0.key == "notice" && $0.value >= noticeLimit) }
        for (finding, signedOff) in ordered {
            let command = signedOff ? "notice" : Self.command(for: finding.action)
            // The notice saying what was left out takes the last notice slot.
            let cap = command == "notice" ? noticeLimit - (omits ? 1 : 0) : limit
            guard emitted[command, default: 0] < cap else {
                omitted[command, default: 0] += 1
                continue
            }
            emitted[command, default: 0] += 1
            // The path as every report shows it: a control character in it, escaped, cannot drive the log's terminal.
            var properties = ["file=\(Self.escapeProperty(ReportText.printable(finding.path)))", "line=\(max(finding.line, 1))"]
            if let endLine = finding.endLine, endLine > finding.line { properties.append("endLine=\(endLine)") }
            if let column = finding.column { properties.append("col=\(column)") }
            properties.append("title=\(Self.escapeProperty("gate \(finding.rule) (\(finding.tier.rawValue))"))")
            var message = ReportText.printable(finding.message)
            if let evidence = finding.shownEvidence { message += " — \(ReportText.printable(evidence))" }
            if let allowance = finding.allowance { message += " — \(ReportText.describe(allowance))" }
            if signedOff {
                message += " (\(ReportText.signedOff(finding, in: report)))"
            } else if finding.allowance == nil, finding.action == .requireApproval {
                message += " (needs sign-off)"
            }
            out += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(message))\n"
        }
        for note in notes {
            out += "::notice title=\(Self.escapeProperty("gate note"))::\(Self.escapeData(ReportText.printable(note)))\n"
        }
        let left = ["error", "warning", "notice"].compactMap { command in
            omitted[command].map { "\($0) \(command)\($0 == 1 ? "" : "s")" }
        }
        if !left.isEmpty {
            let text = "\(left.joined(separator: ", ")) not annotated (GitHub shows at most \(limit) of each per step): "
                + "every finding is in the job summary, gate check's text output, and the --report, --summary and --sarif files"
            out += "::notice title=\(Self.escapeProperty("gate: \(ordered.count - emitted.values.reduce(0, +)) findings not annotated"))::"
                + "\(Self.escapeData(text))\n"
        }
        return out
    }

    static func command(for action: Action) -> String {
        switch action {
        case .block: "error"
        case .requireApproval: "warning"
        case .pass: "notice"
        }
    }

    private func rank(_ action: Action, signedOff: Bool) -> Int {
        switch action {
        case .block: 0
        case .requireApproval: signedOff ? 2 : 1
        case .pass: 2
        }
    }

    /// As GitHub's toolkit escapes command data: `%`, CR and LF.
    static func escapeData(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Properties also escape `:` and `,`, which delimit them.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
