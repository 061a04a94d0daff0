import GateCore

/// A secret detector described by data: the token shapes and named assignments it recognises.
///
/// Every secret detector shares one engine (`SecretEngine`), so a detector file holds only its description,
/// its shapes and its rules.
protocol CredentialDetector: Detector {
    /// Credentials recognised by a literal prefix.
    var shapes: [TokenShape] { get }
    /// Credentials recognised by the name they are assigned to (or the call they are passed to).
    var assignments: [AssignmentRule] { get }
    /// The provider the credential belongs to, for the finding, when its shapes and rules do not say.
    var provider: String? { get }
    /// Which of its type's detectors this is, where one type describes several (one per kind of provider): with the
    /// type, it names the detector's family in `SecretEngine`; two detectors of one type and variant are one family.
    var variant: Int { get }
}

extension CredentialDetector {
    var shapes: [TokenShape] { [] }
    var assignments: [AssignmentRule] { [] }
    var variant: Int { 0 }
    /// Every credential detector's: known without building the description (whose examples a catalogue generates).
    var category: Category { .secret }
    /// The registry's detectors share the engine's one scan of a file; a detector outside it (a test's) scans alone.
    var family: (any DetectorFamily.Type)? { SecretEngine.sharesScan(of: self) ? CredentialFamily.self : nil }

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard !file.addedLines.isEmpty, !file.bytes.isEmpty else { return [] }
        let matches = SecretEngine.matches(of: self, in: file)
        guard !matches.isEmpty else { return [] }
        let inFixtures = SecretFileKind.isFixture(path: file.path)
        let inTestCode = matches.contains(where: \.verdict.isLowInTestCode) && SecretFileKind.isTestCode(path: file.path)
        return file.bytes.withUnsafeBufferPointer { buffer in
            var locator = LineLocator(buffer)
            var findings: [Finding] = []
            for match in matches {
                let (line, lineStart) = locator.locate(match.reportAt)
                var reported = (line: line, column: locator.column(of: match.reportAt, lineStart: lineStart))
                if !file.addedLines.contains(line) {
                    // A credential spanning lines (a key block) counts when the change adds any of its lines:
                    // new key material under an unchanged BEGIN line is still a new key.
                    let lastLine = locator.locate(max(match.reportAt, match.secret.upperBound - 1)).line
                    guard let added = (line...lastLine).first(where: file.addedLines.contains) else { continue }
                    reported = (added, 1)
                }
                let secret = match.secretText(in: buffer)
                // Re-indented or moved within its file (a block wrapped in a function): the file held it before the
                // change, so the change exposes nothing new. A copy into another file is still new there.
                if Self.baseHolds(secret, of: file) { continue }
                var tier = match.verdict.tier
                // Entropy alone never blocks, and recorded test traffic (cassettes, fixtures) is where random
                // strings that are no credential live.
                if match.verdict.confidence == .entropyOnly, inFixtures { tier = .low }
                if match.verdict.isLowInTestCode, inTestCode { tier = .low }
                var finding = Finding(
                    rule: id, category: .secret, path: file.path, line: reported.line,
                    column: reported.column, message: Self.message(for: match.verdict, tier: tier, inFixtures: inFixtures || inTestCode),
                    provider: match.verdict.provider ?? provider, evidence: Redaction.redact(secret),
                    tier: tier, action: Self.action(for: tier))
                finding.secretDigest = ContentDigest.sha256Hex(secret)
                findings.append(finding)
            }
            return findings
        }
    }

    /// Whether the file's version before the change already held `secret`: read (once per file, for every secret
    /// detector) only for a file with a credential on an added line, and only for an edit of a file the base had.
    private static func baseHolds(_ secret: String, of file: SourceFile) -> Bool {
        guard file.change.kind == .modified || file.change.kind == .renamed, !secret.isEmpty else { return false }
        let base = file.memo.value(for: ObjectIdentifier(BaseVersion.self)) { BaseVersion(bytes: file.baseBytes()) }
        return base.bytes.withUnsafeBufferPointer { ByteSearch.find(Array(secret.utf8), in: $0, from: 0) != Int.max }
    }

    /// What the finding says: what was found and what to do, by how much it matters.
    private static func message(for verdict: CredentialVerdict, tier: Tier, inFixtures: Bool) -> String {
        switch tier {
        case .critical:
            "\(verdict.label) in plain text: revoke it, then load it from the environment or a secret manager"
        case .high:
            "\(verdict.label) in plain text: a reviewer must confirm it is not a live credential (if it is, revoke it "
                + "and load it from the environment or a secret manager)"
        case .low:
            // Low outside test data: a sandbox key, or a key public by design (a Firebase web config's).
            inFixtures ? "\(verdict.label) in test data: confirm it is not a live credential"
                : "\(verdict.label): confirm it is restricted or not a live credential"
        }
    }

    /// The action a secret finding's tier implies when the policy says nothing more specific (SPEC §2).
    static func action(for tier: Tier) -> Action {
        switch tier {
        case .critical: .block
        case .high: .requireApproval
        case .low: .pass
        }
    }
}

/// The detectors sharing the secret engine's scan: a file in which it matched nothing (nearly every file) gives
/// none of them anything to report.
enum CredentialFamily: DetectorFamily {
    static func mayFind(in file: SourceFile, context: DetectionContext) -> Bool {
        guard !file.addedLines.isEmpty, !file.bytes.isEmpty else { return false }
        return SecretEngine.shared.matches(in: file).contains { !$0.isEmpty }
    }
}

/// A changed file's bytes before the change, as the secret detectors compare them (`CredentialDetector.baseHolds`).
private final class BaseVersion: Sendable {
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }
}
