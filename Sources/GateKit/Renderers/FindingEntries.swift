import GateCore

/// Findings as the human reports list them: each on its own, except that many findings of content gate could not
/// analyse saying the same of whole files (fifty Git LFS pointers for CSV files, a directory of archives) are one entry
/// naming the files.
/// A reviewer reads one line for what a bulk change did, not fifty copies of it; the JSON and SARIF reports, and the
/// fingerprints approvals bind to, keep every finding.
public struct FindingEntry: Sendable {
    /// The first finding, which the entry is shown as.
    public var finding: Finding
    /// The other files the same finding was made of, in report order.
    public var others: [Finding]

    /// The paths of every file of the entry.
    public var paths: [String] { [finding.path] + others.map(\.path) }
}

extension ReportText {
    /// From this many findings alike on, they are listed as one entry.
    static let smallestGroup = 4
    /// How many of a group's paths are spelled out.
    static let pathsShown = 8

    /// `findings` as entries, in the order of their first findings. Only content gate could not analyse is grouped
    /// (said of a file as a whole, at its line 1), and only with others of the same rule, tier, action and message,
    /// none waived or allowed: a finding at a line of code, or a secret, is its own.
    public static func entries(_ findings: [Finding]) -> [FindingEntry] {
        struct Key: Hashable {
            var rule: String
            var message: String
            var tier: Tier
            var action: Action
        }
        func key(_ finding: Finding) -> Key? {
            guard finding.category == .unscanned, finding.line == 1, finding.column == nil, finding.endLine == nil || finding.endLine == 1,
                  finding.waiver == nil, finding.allowance == nil, !finding.waived
            else { return nil }
            return Key(rule: finding.rule, message: finding.message, tier: finding.tier, action: finding.action)
        }
        var counts: [Key: Int] = [:]
        for finding in findings { if let key = key(finding) { counts[key, default: 0] += 1 } }
        guard counts.values.contains(where: { $0 >= smallestGroup }) else {
            return findings.map { FindingEntry(finding: $0, others: []) }
        }
        var entries: [FindingEntry] = []
        var groupIndex: [Key: Int] = [:]
        for finding in findings {
            guard let key = key(finding), counts[key, default: 0] >= smallestGroup else {
                entries.append(FindingEntry(finding: finding, others: []))
                continue
            }
            if let index = groupIndex[key] {
                entries[index].others.append(finding)
            } else {
                groupIndex[key] = entries.count
                entries.append(FindingEntry(finding: finding, others: []))
            }
        }
        return entries
    }

    /// "data/a.csv, data/b.csv, … and 42 more (the JSON report lists every one)": a group's files, the first few
    /// `printable`.
    public static func listing(_ entry: FindingEntry) -> String {
        let paths = entry.paths
        var text = paths.prefix(pathsShown).map(printable).joined(separator: ", ")
        if paths.count > pathsShown { text += ", … and \(paths.count - pathsShown) more (the JSON report lists every one)" }
        return text
    }
}
