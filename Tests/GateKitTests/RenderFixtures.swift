import Foundation
import GateCore
import XCTest

/// A fixed report with one finding of every kind the renderers treat differently, and a secret whose
/// raw value must never appear in any output.
enum RenderFixtures {
    static let rawSecret = "sk-proj-Zx81KqLmNoPqRsTuVwXyZ0123456789abcdEFGH"

    static func finding(
        _ rule: String, _ category: Category, _ path: String, line: Int, endLine: Int? = nil, column: Int? = nil,
        action: Action, tier: Tier, message: String, provider: String? = nil, evidence: String? = nil,
        waiver: AppliedWaiver? = nil
    ) -> Finding {
        var finding = Finding(
            rule: rule, category: category, path: path, line: line, endLine: endLine, column: column, message: message,
            provider: provider, evidence: evidence, tier: tier, action: action)
        finding.id = String(ContentDigest.sha256Hex("\(rule)|\(path)").prefix(16))
        finding.waived = waiver != nil
        finding.waiver = waiver
        return finding
    }

    static var report: Report {
        Report(
            decision: .block,
            range: ReportRange(
                base: "1111111111111111111111111111111111111111", head: "2222222222222222222222222222222222222222",
                mode: .commits),
            policy: PolicySource(source: "base:.gate/policy.yml", sha256: String(repeating: "ab", count: 32)),
            fingerprint: "sha256:" + String(repeating: "cd", count: 32),
            findings: [
                finding("secret", .secret, "config/settings.py", line: 4, column: 11, action: .block, tier: .critical,
                        message: "OpenAI API key", provider: "openai", evidence: Redaction.redact(rawSecret)),
                finding("paid-external-call", .paidExternalCall, "src/api/generate ts|x.ts", line: 12, endLine: 14,
                        action: .requireApproval, tier: .high, message: "calls openai.chat.completions.create, paid per request",
                        provider: "openai"),
                finding("policy-change", .policyChange, ".gate/policy.yml", line: 2, action: .requireApproval, tier: .high,
                        message: "changes the gate's own configuration (.gate/policy.yml)"),
                finding("paid-external-call", .paidExternalCall, "scripts/backfill/run.py", line: 7, action: .requireApproval,
                        tier: .high, message: "calls openai.embeddings.create", provider: "openai",
                        waiver: AppliedWaiver(rule: "paid-external-call", reason: "one-off backfill, INC-123", expires: "2026-12-31")),
            ],
            requirements: [
                Requirement(group: "cost", approvals: 1, satisfiedBy: ["alice@example.com"], satisfied: true),
                Requirement(group: "owners", approvals: 1),
            ],
            approvals: [
                ConsideredApproval(reviewer: "alice@example.com", fingerprint: "sha256:" + String(repeating: "cd", count: 32),
                                   counted: true, reason: nil),
                ConsideredApproval(reviewer: "mallory@example.com", fingerprint: "sha256:00", counted: false,
                                   reason: "signature does not verify"),
            ],
            notes: ["waiver for secret (.gate/policy.yml:30:5) expired on 2026-01-01 and was ignored"],
            stats: ReportStats(files: 4, addedLines: 57, durationMs: 12))
    }

    static var needsApproval: Report {
        var report = report
        report.decision = .needsApproval
        report.findings.removeFirst()
        // A block an inline allow turned into an owners sign-off, and the per-group fingerprints approvals bind to.
        var allowed = finding("unprotected-endpoint", .unprotectedEndpoint, "api/demo.py", line: 12, action: .requireApproval,
                              tier: .critical, message: "POST /demo reaches openai with no authentication or rate limit")
        allowed.allowance = AppliedAllowance(rule: "unprotected-endpoint", reason: "public demo, rate limited at the CDN",
                                             line: 11, group: "owners")
        report.findings.insert(allowed, at: 0)
        report.fingerprints = ["cost": "sha256:" + String(repeating: "c0", count: 32),
                               "owners": "sha256:" + String(repeating: "0e", count: 32)]
        return report
    }

    static var pass: Report {
        Report(
            decision: .pass,
            range: ReportRange(
                base: "1111111111111111111111111111111111111111", head: "2222222222222222222222222222222222222222",
                mode: .commits),
            policy: PolicySource(source: "builtin", sha256: String(repeating: "ef", count: 32)),
            fingerprint: "sha256:" + String(repeating: "00", count: 32),
            notes: ["no .gate/policy.yml in the base commit: the built-in default policy applies"],
            stats: ReportStats(files: 1, addedLines: 3, durationMs: 5))
    }
}

/// Compares output with a file under Snapshots/. Run with GATE_RECORD_SNAPSHOTS=1 to (re)write them;
/// a missing snapshot fails rather than records itself.
func assertSnapshot(_ output: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let directory = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["GATE_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertNoThrow(try Data(output.utf8).write(to: url), file: file, line: line)
        return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
        XCTFail("missing snapshot \(name); record it with GATE_RECORD_SNAPSHOTS=1", file: file, line: line)
        return
    }
    XCTAssertEqual(output, String(decoding: data, as: UTF8.self), "snapshot \(name) differs", file: file, line: line)
}
