import GateCore

/// A secret detector described by data: the token shapes and named assignments it recognises.
///
/// Every secret detector shares one engine (`SecretEngine`), so a detector file holds only its description,
/// its shapes and its rules.
protocol CredentialDetector: Detector {
    /// Credentials recognised by a literal prefix.
    var shapes: [TokenShape] { get }
    /// Credentials recognised by the name they are assigned to.
    var assignments: [AssignmentRule] { get }
    /// The provider the credential belongs to, for the finding.
    var provider: String? { get }
}

extension CredentialDetector {
    var shapes: [TokenShape] { [] }
    var assignments: [AssignmentRule] { [] }

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        guard !file.addedLines.isEmpty, !file.bytes.isEmpty else { return [] }
        let matches = SecretEngine.matches(of: self, in: file)
        guard !matches.isEmpty else { return [] }
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
                let secret = String(decoding: UnsafeBufferPointer(rebasing: buffer[match.secret]), as: UTF8.self)
                findings.append(Finding(
                    rule: description.id, category: .secret, path: file.path, line: reported.line,
                    column: reported.column,
                    message: "\(match.label) in plain text: revoke it, then load it from the environment or a "
                        + "secret manager",
                    provider: provider, evidence: Redaction.redact(secret)))
            }
            return findings
        }
    }
}
