/// The identity of "what a reviewer signs off" (SPEC §4).
///
/// It digests, for each unwaived finding that needs approval, its category, rule, path, reach chain and the
/// content of its hunk — never line numbers, so commits that move code around without touching a flagged hunk
/// keep it — together with the policy's digest, so a policy change invalidates every approval.
public enum Fingerprint {
    public static let prefix = "sha256:"

    public static func compute(findings: [Finding], policyDigest: String) -> String {
        let entries = Set(
            findings
                .filter { !$0.waived && $0.action == .requireApproval }
                .map { finding in
                    // The chain joins the entry only when there is one, so findings without reach keep their
                    // fingerprints (and the approvals already given for them).
                    let entry = "\(finding.category.rawValue)\u{0}\(finding.rule)\u{0}\(finding.path)\u{0}\(finding.hunkDigest)"
                    return finding.chain.map { entry + "\u{0}chain \($0)" } ?? entry
                }
        ).sorted()
        var material = "gate.fingerprint/v1\npolicy \(policyDigest)\n"
        for entry in entries { material += entry + "\n" }
        return prefix + ContentDigest.sha256Hex(material)
    }

    /// Digest of a hunk's content: every line's kind and text, not its numbers.
    public static func hunkDigest(_ hunk: Hunk) -> String {
        var material = [UInt8]()
        for line in hunk.lines {
            switch line.kind {
            case .added: material.append(UInt8(ascii: "+"))
            case .deleted: material.append(UInt8(ascii: "-"))
            case .context: continue  // context shifts with unrelated edits; only the change itself is signed
            }
            material.append(contentsOf: line.text.utf8)
            material.append(0x0a)
        }
        return ContentDigest.sha256Hex(material)
    }

    /// A stable finding id: rule, path and hunk content, plus an ordinal for repeats within one hunk.
    public static func findingID(rule: String, path: String, hunkDigest: String, ordinal: Int) -> String {
        String(ContentDigest.sha256Hex("\(rule)\u{0}\(path)\u{0}\(hunkDigest)\u{0}\(ordinal)").prefix(16))
    }
}
