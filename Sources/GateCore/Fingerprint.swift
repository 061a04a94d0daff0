/// The identity of "what a reviewer signs off" (SPEC §4).
///
/// It digests, for each unwaived finding that needs approval, its category, rule, path, reach chain and the
/// content of its hunk — never line numbers, so commits that move code around without touching a flagged hunk
/// keep it — together with the policy's digest, so a policy change invalidates every approval.
public enum Fingerprint {
    public static let prefix = "sha256:"

    public static func compute(findings: [Finding], policyDigest: String) -> String {
        computeAll(findings: findings, policyDigest: policyDigest).fingerprint
    }

    /// One fingerprint per reviewer group: what that group is asked to review (SPEC §4).
    ///
    /// Group G's fingerprint digests the policy and, for each unwaived finding routed to G, its category, rule,
    /// path, reach chain, the added and deleted lines of the hunk holding it (`hunkDigest`: git's hunk with three
    /// context lines, so an edit with more than six unchanged lines between it and the finding's hunk is another
    /// hunk) and the inline allow it carries.
    /// So editing a cost finding's hunk changes the cost fingerprint only, while a new finding for G, an edit to
    /// a hunk G reviewed, or any policy change changes G's. Findings of two groups in one hunk are both voided by an
    /// edit there: the hunk is what each group was shown.
    public static func perGroup(findings: [Finding], policyDigest: String) -> [String: String] {
        computeAll(findings: findings, policyDigest: policyDigest).perGroup
    }

    /// The whole change's fingerprint (`compute`) and each group's (`perGroup`), from one pass over the findings:
    /// each finding's entry is spelled once for both.
    public static func computeAll(findings: [Finding], policyDigest: String)
        -> (fingerprint: String, perGroup: [String: String])
    {
        var whole: [String] = []
        var entries: [String: [String]] = [:]
        for index in findings.indices where !findings[index].waived && findings[index].action == .requireApproval {
            let entry = entry(findings[index])
            whole.append(entry)
            guard !findings[index].groups.isEmpty else { continue }
            var grouped = entry
            // The allow's reason is part of what owners sign: rewording it is asking them again.
            if let allowance = findings[index].allowance { grouped += "\u{0}allow \(allowance.rule)\u{0}\(allowance.reason)" }
            for group in findings[index].groups { entries[group, default: []].append(grouped) }
        }
        let perGroup: [String: String] = entries.reduce(into: [:]) { result, item in
            result[item.key] = digest(
                header: "gate.fingerprint/v2\ngroup \(item.key)\npolicy \(policyDigest)\n", entries: item.value)
        }
        return (digest(header: "gate.fingerprint/v1\npolicy \(policyDigest)\n", entries: whole), perGroup)
    }

    /// The digest of a header and each distinct entry, in order, a line each.
    ///
    /// Sorting first and skipping repeats gives what a set would, without hashing every entry (long strings:
    /// paths, chains and hunk digests) into one; a large change has thousands.
    private static func digest(header: String, entries: [String]) -> String {
        let sorted = entries.sorted()
        var material = [UInt8](header.utf8)
        material.reserveCapacity(sorted.reduce(material.count) { $0 + $1.utf8.count + 1 })
        for index in sorted.indices where index == 0 || sorted[index] != sorted[index - 1] {
            material += sorted[index].utf8
            material.append(0x0a)
        }
        return prefix + ContentDigest.sha256Hex(material)
    }

    /// One finding's part of a fingerprint; unchanged since v1, so whole-change fingerprints stay what they were.
    private static func entry(_ finding: Finding) -> String {
        let entry = "\(finding.category.rawValue)\u{0}\(finding.rule)\u{0}\(finding.path)\u{0}\(finding.hunkDigest)"
        // The chain joins the entry only when there is one, so findings without reach keep their fingerprints (and
        // the approvals already given for them).
        return finding.chain.map { entry + "\u{0}chain \($0)" } ?? entry
    }

    /// Digest of a hunk's content: every line's kind and text, not its numbers.
    public static func hunkDigest(_ hunk: Hunk) -> String {
        // The material is `+` or `-`, the text and a newline for each added or deleted line (context shifts with
        // unrelated edits; only the change itself is signed). A whole new file is one hunk of every line: the
        // material is streamed into the digest, each line read where it lies, never gathered whole.
        let digest = ContentDigest.Stream()
        hunk.lines.forEachText { kind, text in
            switch kind {
            case .added: digest.append(UInt8(ascii: "+"))
            case .deleted: digest.append(UInt8(ascii: "-"))
            case .context: return
            }
            digest.append(text)
            digest.append(0x0a)
        }
        return digest.finalizeHex()
    }

    /// A stable finding id: rule, path and hunk content, plus an ordinal for repeats within one hunk.
    public static func findingID(rule: String, path: String, hunkDigest: String, ordinal: Int) -> String {
        String(ContentDigest.sha256Hex("\(rule)\u{0}\(path)\u{0}\(hunkDigest)\u{0}\(ordinal)").prefix(16))
    }
}
