import Foundation
import GateCore
import GatePolicy
import GateRules

/// SARIF 2.1.0 for GitHub code scanning: one rule per detector that reported, one result per finding, with a
/// `primaryLocationLineHash` built from the flagged line's content so alerts survive line moves.
public struct SARIFReportRenderer: Sendable {
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    public var toolVersion: String
    /// The rules that may be described (those with results are); every detector by default.
    public var detectors: [DetectorDescription]

    public init(toolVersion: String, detectors: [DetectorDescription] = DetectorRegistry.all.map(\.description)) {
        self.toolVersion = toolVersion
        self.detectors = detectors
    }

    /// What code scanning follows an alert by from commit to commit (`primaryLocationLineHash`, before its `:N`
    /// occurrence): the rule, the path and the flagged line's text with its spacing collapsed (redacted for a secret),
    /// so the alert survives lines moving above it and edits elsewhere in its hunk; the finding's id, which digests the
    /// whole hunk, only for a finding that quotes no line.
    static func lineContentHash(_ finding: Finding) -> String {
        guard let evidence = finding.shownEvidence else { return finding.id }
        let line = evidence.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
        return String(ContentDigest.sha256Hex("\(finding.rule)\u{0}\(finding.path)\u{0}\(line)").prefix(16))
    }

    public func render(_ report: Report) throws -> String {
        // Only the rules some result points at (SARIF asks no more): every detector's rationale made a 300 KB file
        // for a handful of results. Detector order, so a rule keeps its place from run to run.
        let reported = Set(report.findings.map(\.rule))
        var rules = detectors.filter { reported.contains($0.id) }.map { SARIFRule($0) }
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() { index[rule.id] = position }
        // Findings from analyzers that are not listed detectors still need a rule to point at.
        for finding in report.findings where index[finding.rule] == nil {
            index[finding.rule] = rules.count
            rules.append(SARIFRule(id: finding.rule, category: finding.category))
        }
        var occurrences: [String: Int] = [:]
        let results = report.findings.map { finding in
            let signedOff = ReportText.Group.of(finding, in: report) == .signedOff
            let content = Self.lineContentHash(finding)
            occurrences[content, default: 0] += 1
            return SARIFResult(
                finding, ruleIndex: index[finding.rule] ?? 0, lineHash: "\(content):\(occurrences[content] ?? 1)",
                signers: signedOff ? ReportText.signers(of: finding, in: report) : nil)
        }
        let log = SARIFLog(runs: [
            SARIFRun(
                tool: SARIFTool(driver: SARIFDriver(
                    name: "gate", version: toolVersion, semanticVersion: toolVersion, rules: rules)),
                results: results,
                properties: SARIFRunProperties(
                    decision: report.decision.rawValue, fingerprint: report.fingerprint,
                    policy: report.policy.source, policySha256: report.policy.sha256,
                    base: report.range.base, head: report.range.head)),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(log), as: UTF8.self) + "\n"
    }

    /// SARIF levels: a block is an error, a sign-off a warning, a passing finding a note.
    static func level(_ action: Action) -> String {
        switch action {
        case .block: "error"
        case .requireApproval: "warning"
        case .pass: "note"
        }
    }

    /// A repository path as a relative URI reference (RFC 3986): unreserved bytes and `/` stay, the rest is escaped.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let keep = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/")
            if keep {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

private struct SARIFLog: Encodable {
    var schema = SARIFReportRenderer.schemaURI
    var version = "2.1.0"
    var runs: [SARIFRun]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema", version, runs
    }
}

private struct SARIFRun: Encodable {
    var tool: SARIFTool
    var results: [SARIFResult]
    var properties: SARIFRunProperties
}

private struct SARIFRunProperties: Encodable {
    var decision: String
    var fingerprint: String
    var policy: String
    var policySha256: String
    var base: String
    var head: String
}

private struct SARIFTool: Encodable {
    var driver: SARIFDriver
}

private struct SARIFDriver: Encodable {
    var name: String
    var version: String
    var semanticVersion: String
    var rules: [SARIFRule]
}

private struct SARIFText: Encodable {
    var text: String
    var markdown: String?
}

private struct SARIFRule: Encodable {
    struct Configuration: Encodable {
        var level: String
    }

    struct Properties: Encodable {
        var category: String
        var tags: [String]
        var precision = "high"
        /// GitHub code scanning ranks alerts by this CVSS-like score (critical ≥ 9, high ≥ 7, low < 4); it
        /// reads it only from rules tagged `security`.
        var securitySeverity: String

        init(category: Category, tier: Tier? = nil) {
            self.category = category.rawValue
            tags = ["gate", "security", category.rawValue]
            securitySeverity = switch tier ?? category.defaultTier {
            case .critical: "9.5"
            case .high: "7.5"
            case .low: "3.0"
            }
        }

        enum CodingKeys: String, CodingKey {
            case category, tags, precision
            case securitySeverity = "security-severity"
        }
    }

    var id: String
    var name: String
    var shortDescription: SARIFText
    var fullDescription: SARIFText
    var help: SARIFText
    var defaultConfiguration: Configuration
    var properties: Properties

    init(_ description: DetectorDescription) {
        id = description.id
        name = description.name
        shortDescription = SARIFText(text: description.name)
        fullDescription = SARIFText(text: description.rationale)
        // The rationale once (fullDescription); help points where the examples are.
        help = SARIFText(
            text: "Category: \(description.category.rawValue). `gate rules \(description.id)` shows what fires and what does not.",
            markdown: "Category: `\(description.category.rawValue)`. `gate rules \(description.id)` shows what fires and what does not.")
        // A detector with its own tier (contract-still-used is critical) has that tier's action by default.
        let action = description.tier?.impliedAction ?? description.category.defaultAction
        defaultConfiguration = Configuration(level: SARIFReportRenderer.level(action))
        properties = Properties(category: description.category, tier: description.defaultTier)
    }

    init(id: String, category: Category) {
        self.id = id
        name = id
        shortDescription = SARIFText(text: "\(category.rawValue) finding")
        fullDescription = SARIFText(text: "A \(category.rawValue) finding reported by gate's change analysis.")
        help = SARIFText(text: "See `gate rules` for the \(category.rawValue) category.")
        defaultConfiguration = Configuration(level: SARIFReportRenderer.level(category.defaultAction))
        properties = Properties(category: category)
    }
}

private struct SARIFResult: Encodable {
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
    }

    struct Region: Encodable {
        var startLine: Int
        var endLine: Int
        var startColumn: Int?
    }

    struct Suppression: Encodable {
        var kind = "external"
        var status = "accepted"
        var justification: String
    }

    struct Properties: Encodable {
        var category: String
        var tier: String
        var action: String
        var findingId: String
        var provider: String?
        /// The reviewers whose approvals met every requirement, on a finding that needed sign-off and has it.
        var signedOffBy: [String]?
    }

    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: SARIFText
    var locations: [Location]
    var partialFingerprints: [String: String]
    var suppressions: [Suppression]?
    var properties: Properties

    /// `signers` is set (possibly empty) when the finding needed sign-off and approvals now meet every requirement.
    init(_ finding: Finding, ruleIndex: Int, lineHash: String, signers: [String]? = nil) {
        ruleId = finding.rule
        self.ruleIndex = ruleIndex
        // Signed off, it no longer holds the change: a note, as a passing finding is, not a warning.
        level = signers == nil ? SARIFReportRenderer.level(finding.action) : "note"
        var text = finding.message
        if let evidence = finding.shownEvidence { text += " (evidence: \(evidence))" }
        message = SARIFText(text: text)
        let line = max(finding.line, 1)
        locations = [
            Location(physicalLocation: PhysicalLocation(
                artifactLocation: ArtifactLocation(uri: SARIFReportRenderer.uri(finding.path)),
                region: Region(startLine: line, endLine: max(finding.endLine ?? line, line), startColumn: finding.column))),
        ]
        partialFingerprints = ["primaryLocationLineHash": lineHash]
        suppressions = finding.waiver.map {
            [Suppression(justification: "\($0.reason) (waiver for \($0.rule), expires \($0.expires))")]
        }
        // An approval recorded outside the code is SARIF's `external` suppression, accepted, naming who signed off.
        if suppressions == nil, let signers {
            let by = signers.isEmpty ? "" : " by \(signers.joined(separator: ", "))"
            suppressions = [Suppression(justification: "signed off\(by) (gate approvals meet every requirement)")]
        }
        properties = Properties(
            category: finding.category.rawValue, tier: finding.tier.rawValue, action: finding.action.rawValue,
            findingId: finding.id, provider: finding.provider, signedOffBy: signers)
    }
}
