import Foundation
import GatePolicy
import GateTestSupport
import XCTest

@testable import GateKit

final class InitTests: XCTestCase {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    private func template(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: Self.packageRoot.appendingPathComponent(".github-templates/\(relative)")),
               as: UTF8.self)
    }

    func testEmbeddedTemplatesEqualTheFiles() throws {
        XCTAssertEqual(InitTemplates.pullRequestWorkflow, try template("workflows/gate.yml"))
        XCTAssertEqual(InitTemplates.deployWorkflow, try template("workflows/gate-deploy.yml"))
        XCTAssertEqual(InitTemplates.pullRequestTemplate, try template("pull_request_template.md"))
    }

    func testPullRequestWorkflowHasWhatCINeeds() {
        let workflow = InitTemplates.pullRequestWorkflow
        XCTAssertTrue(workflow.contains("fetch-depth: 0"))
        XCTAssertTrue(workflow.contains("refs/gate/approvals"))
        XCTAssertTrue(workflow.contains("gate check --sarif gate.sarif"))
        XCTAssertTrue(workflow.contains("github/codeql-action/upload-sarif@"))
        XCTAssertTrue(InitTemplates.deployWorkflow.contains("environment: production"))
        XCTAssertTrue(InitTemplates.deployWorkflow.contains("gate deploy --env production"))
    }

    func testWorkflowsAreValidGitHubWorkflows() throws {
        let workflows = ["workflows/gate.yml", "workflows/gate-deploy.yml"].map {
            Self.packageRoot.appendingPathComponent(".github-templates/\($0)").path
        }
        let schema = try runProcess("check-jsonschema", ["--builtin-schema", "vendor.github-workflows"] + workflows)
        XCTAssertEqual(schema.status, 0, "check-jsonschema (pip install check-jsonschema): \(schema.stdout)\(schema.stderr)")
        let audit = try runProcess("zizmor", ["--offline", "--no-progress"] + workflows)
        XCTAssertEqual(audit.status, 0, "zizmor (pip install zizmor): \(audit.stdout)\(audit.stderr)")
        XCTAssertTrue(audit.stdout.contains("No findings to report"), audit.stdout)
    }

    func testInitWritesEveryScaffold() throws {
        let directory = try TemporaryDirectory()
        let written = try ProjectInitializer(root: directory.path, force: false).run()
        XCTAssertEqual(written, [
            ".gate/policy.yml", ".github/workflows/gate.yml", ".github/workflows/gate-deploy.yml",
            ".github/pull_request_template.md",
        ])
        let policy = try String(contentsOf: directory.url(".gate/policy.yml"), encoding: .utf8)
        XCTAssertEqual(policy, DefaultPolicy.text)
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8),
                       InitTemplates.pullRequestWorkflow)
    }

    func testInitNeverOverwritesWithoutForce() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(at: directory.url(".github/workflows"), withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: directory.url(".github/workflows/gate.yml"))
        XCTAssertThrowsError(try ProjectInitializer(root: directory.path, force: false).run()) { error in
            XCTAssertEqual(
                "\(error)", ".github/workflows/gate.yml already exists; gate init does not overwrite it without --force")
        }
        // Nothing was written, not even the files that did not exist.
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.url(".gate/policy.yml").path))
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8), "mine\n")
        _ = try ProjectInitializer(root: directory.path, force: true).run()
        XCTAssertEqual(try String(contentsOf: directory.url(".github/workflows/gate.yml"), encoding: .utf8),
                       InitTemplates.pullRequestWorkflow)
    }

    func testInitWritesToTheTopOfTheRepositoryFromASubdirectory() throws {
        let repo = try GitFixture()
        try repo.write("src/app.py", "print('hi')\n")
        _ = try ProjectInitializer(root: repo.directory.url("src").path, force: false).run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: repo.directory.url(".gate/policy.yml").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: repo.directory.url("src/.gate").path))
    }

    func testInitCommandExitCodes() throws {
        let directory = try TemporaryDirectory()
        let first = try runProcess(gateExecutablePath(), ["init", "--repo", directory.path])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("wrote .gate/policy.yml"), first.stdout)
        let second = try runProcess(gateExecutablePath(), ["init", "--repo", directory.path])
        XCTAssertEqual(second.status, 2)
        XCTAssertEqual(
            second.stderr,
            "gate: Error: .gate/policy.yml already exists; gate init does not overwrite it without --force\n")
        let forced = try runProcess(gateExecutablePath(), ["init", "--force", "--repo", directory.path])
        XCTAssertEqual(forced.status, 0, forced.stderr)
    }
}
