import GateCore

/// A secret detector described by data: the token shapes and named assignments it recognises.
///
/// Every secret detector shares one scan (`SecretScan`), so a detector file holds only its description,
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
        SecretScan(file: file).findings(rule: description.id, provider: provider, shapes: shapes,
                                        assignments: assignments)
    }
}

/// Runs credential shapes and assignment rules over a file's bytes and reports what lies on added lines.
struct SecretScan {
    let file: SourceFile

    /// Extensions of programming languages, where an unquoted word after `=` is an identifier, not a value.
    private static let codeExtensions: Set<String> = [
        "py", "pyi", "js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "go", "rb", "java", "kt", "kts", "cs",
        "rs", "swift", "php", "c", "h", "cc", "cpp", "hpp", "m", "mm", "scala", "dart", "lua", "pl", "r", "jl",
        "ex", "exs", "erl", "clj", "groovy", "vue", "svelte", "sql",
    ]

    /// Whether unquoted values count in this file (config, shell, docs) or only quoted ones (code).
    var allowsBareValues: Bool {
        let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return true }
        return !Self.codeExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    func findings(rule: String, provider: String?, shapes: [TokenShape], assignments: [AssignmentRule]) -> [Finding] {
        guard !file.addedLines.isEmpty, !file.bytes.isEmpty else { return [] }
        return file.bytes.withUnsafeBufferPointer { buffer in
            var matches: [CredentialMatch] = []
            if !shapes.isEmpty { matches += TokenScanner(shapes: shapes).scan(buffer) }
            if !assignments.isEmpty {
                matches += AssignmentScanner(rules: assignments, allowsBareValues: allowsBareValues).scan(buffer)
            }
            matches.sort { $0.reportAt < $1.reportAt }
            var locator = LineLocator(buffer)
            var findings: [Finding] = []
            for match in matches {
                let (line, lineStart) = locator.locate(match.reportAt)
                guard file.addedLines.contains(line) else { continue }
                let secret = String(decoding: UnsafeBufferPointer(rebasing: buffer[match.secret]), as: UTF8.self)
                findings.append(Finding(
                    rule: rule, category: .secret, path: file.path, line: line,
                    column: locator.column(of: match.reportAt, lineStart: lineStart),
                    message: "\(match.label) in plain text: revoke it, then load it from the environment or a "
                        + "secret manager",
                    provider: provider, evidence: Redaction.redact(secret)))
            }
            return findings
        }
    }
}
