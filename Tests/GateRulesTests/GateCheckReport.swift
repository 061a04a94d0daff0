import Foundation
import GateTestSupport
import XCTest

/// `gate check --format json` run on a fixture repository, read for what the schema tests look at: the
/// decision, the findings by rule and place, and each migration's statements with their hazards.
struct GateCheckReport {
    var status: Int32
    var decision: String
    var findings: [[String: Any]]
    var migrations: [[String: Any]]

    init(_ repo: GitFixture, base: String) throws {
        let result = try runProcess(
            gateExecutablePath(), ["check", "--repo", repo.path, "--base", base, "--head", "HEAD", "--format", "json"],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let report = try XCTUnwrap(object as? [String: Any], result.stderr)
        status = result.status
        decision = report["decision"] as? String ?? ""
        findings = report["findings"] as? [[String: Any]] ?? []
        migrations = report["migrations"] as? [[String: Any]] ?? []
    }

    /// Every finding as `rule path:line`.
    var located: Set<String> {
        Set(findings.map { "\($0["rule"] ?? "") \($0["path"] ?? ""):\($0["line"] ?? "")" })
    }

    /// The findings of `rule`.
    func findings(_ rule: String) -> [[String: Any]] {
        findings.filter { $0["rule"] as? String == rule }
    }

    /// The statements gate read in the migration at `path`, as `line: statement [hazards]`.
    func statements(of path: String) -> [String] {
        let migration = migrations.first { $0["path"] as? String == path }
        let statements = migration?["statements"] as? [[String: Any]] ?? []
        return statements.map { statement in
            let hazards = (statement["hazards"] as? [String] ?? []).joined(separator: ", ")
            return "\(statement["line"] ?? ""): \(statement["statement"] ?? "") [\(hazards)]"
        }
    }
}
