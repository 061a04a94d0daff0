import Foundation
import GateTestSupport
import XCTest

/// The composite action at the repository root is what adopting teams run: it must be a valid action
/// that pins and verifies what it downloads, and pass the same audit as the workflow templates.
final class ActionTests: XCTestCase {
    private let action = InitTests.packageRoot.appendingPathComponent("action.yml")

    func testActionIsAValidAuditedCompositeAction() throws {
        let schema = try runProcess("check-jsonschema", ["--builtin-schema", "vendor.github-actions", action.path])
        XCTAssertEqual(schema.status, 0, "check-jsonschema: \(schema.stdout)\(schema.stderr)")
        let audit = try runProcess("zizmor", ["--offline", "--no-progress", action.path])
        XCTAssertEqual(audit.status, 0, "zizmor: \(audit.stdout)\(audit.stderr)")
        XCTAssertTrue(audit.stdout.contains("No findings to report"), audit.stdout)
    }

    func testActionVerifiesThePinnedChecksumBeforeUnpacking() throws {
        let text = try String(contentsOf: action, encoding: .utf8)
        let verify = try XCTUnwrap(text.range(of: "sha256sum --check --strict"))
        let unpack = try XCTUnwrap(text.range(of: "tar -xzf"))
        XCTAssertLessThan(verify.lowerBound, unpack.lowerBound, "nothing is unpacked before its checksum matched")
        XCTAssertTrue(text.contains("sha256:\n    description:"), "the checksum is an input")
        XCTAssertTrue(text.contains("required: true"), text)
        // Inputs reach the shell through the environment, never spliced into the script.
        for line in text.split(separator: "\n") where line.contains("${{ inputs.") {
            XCTAssertTrue(line.trimmingCharacters(in: .whitespaces).hasPrefix("GATE_")
                || line.contains("value: ${{") || line.contains("name: "), "input used outside env: \(line)")
        }
    }

    /// The install step's own script, run as the runner runs it, against a release served from a local directory
    /// (curl reads file:// URLs like https ones): a matching checksum installs a runnable binary; a wrong one
    /// fails with exit 2 before anything is unpacked.
    func testInstallStepInstallsAVerifiedReleaseAndRefusesAnyOther() throws {
        let work = try TemporaryDirectory()
        let version = "9.9.9"
        let arch = try runProcess("uname", ["-m"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = "gate-\(version)-linux-\(arch)"
        // A release tarball shaped like `make dist`'s: NAME/bin/gate.
        let staging = work.path + "/staging/\(name)/bin"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        try "#!/bin/sh\necho \(version)\n".write(toFile: staging + "/gate", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: staging + "/gate")
        let releases = work.path + "/server/acme/gate/releases/download/\(version)"
        try FileManager.default.createDirectory(atPath: releases, withIntermediateDirectories: true)
        let tarball = releases + "/\(name).tar.gz"
        XCTAssertEqual(try runProcess("tar", ["-czf", tarball, "-C", work.path + "/staging", name]).status, 0)
        let digest = try runProcess("sha256sum", [tarball]).stdout.split(separator: " ").first.map(String.init) ?? ""

        func install(sha256: String, runnerTemp: String) throws -> (result: ProcessResult, outputs: String) {
            try FileManager.default.createDirectory(atPath: runnerTemp, withIntermediateDirectories: true)
            let outputs = runnerTemp + "/github-output"
            XCTAssertTrue(FileManager.default.createFile(atPath: outputs, contents: nil))
            var environment = ProcessInfo.processInfo.environment
            environment["GATE_VERSION"] = version
            environment["GATE_SHA256"] = sha256
            environment["GATE_REPOSITORY"] = "acme/gate"
            environment["GATE_SERVER"] = "file://" + work.path + "/server"
            environment["RUNNER_TEMP"] = runnerTemp
            environment["GITHUB_OUTPUT"] = outputs
            let result = try runProcess("bash", ["-c", try installScript()], environment: environment)
            return (result, try String(contentsOfFile: outputs, encoding: .utf8))
        }

        let installed = try install(sha256: digest, runnerTemp: work.path + "/runner-ok")
        XCTAssertEqual(installed.result.status, 0, installed.result.stderr)
        let binary = try XCTUnwrap(
            installed.outputs.split(separator: "\n").first { $0.hasPrefix("binary=") }.map { String($0.dropFirst(7)) })
        XCTAssertEqual(try runProcess(binary, []).stdout, "\(version)\n")

        let refused = try install(sha256: String(repeating: "0", count: 64), runnerTemp: work.path + "/runner-bad")
        XCTAssertEqual(refused.result.status, 2)
        XCTAssertTrue(refused.result.stdout.contains("does not match the pinned sha256"), refused.result.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.path + "/runner-bad/gate-\(version)/\(name)"))
        XCTAssertFalse(refused.outputs.contains("binary="), refused.outputs)
    }

    /// The report, SARIF and summary the action leaves are this run's or none: a check that gave no decision (exit 2)
    /// leaves none of an earlier run's (or a pull request's committed) files behind, and its `decision` output is
    /// `error`; a check that decided reports what this run's report says. Both steps run as the runner runs them,
    /// with a stand-in for the gate binary.
    func testOutputsAndDecisionComeOnlyFromThisRun() throws {
        let work = try TemporaryDirectory()
        let stale = "{\n  \"decision\" : \"pass\",\n  \"schema\" : \"gate.report/v1\"\n}\n"
        func run(step: String, gate: String) throws -> (status: Int32, outputs: String, left: [String]) {
            for file in ["gate-report.json", "gate.sarif", "gate-summary.md"] {
                try stale.write(to: work.url(file), atomically: true, encoding: .utf8)
            }
            let (environment, outputs) = try Self.actionRun(
                in: work, fakeGate: "#!/bin/bash\n\(gate)\n",
                report: "gate-report.json", sarif: "gate.sarif", summary: "gate-summary.md")
            let result = try runProcess("bash", ["-c", try Self.script(ofStep: step)], in: work.path, environment: environment)
            let left = ["gate-report.json", "gate.sarif", "gate-summary.md"].filter {
                FileManager.default.fileExists(atPath: work.url($0).path)
            }
            return (result.status, try String(contentsOf: outputs, encoding: .utf8), left)
        }
        let cleaned = try run(step: "clean", gate: "exit 0")
        XCTAssertEqual(cleaned.status, 0)
        XCTAssertEqual(cleaned.left, [], "the first step removes every earlier output")

        let failed = try run(step: "check", gate: "echo 'gate: Error: bad policy' >&2; exit 2")
        XCTAssertEqual(failed.status, 2)
        XCTAssertEqual(failed.outputs, "decision=error\n", "not the stale report's pass")
        XCTAssertEqual(failed.left, [], "nothing for the SARIF upload or the comment to pick up")

        // What a real run writes: the report (top-level `decision`, findings' own keys nested deeper), then exit 1.
        let closed = try run(step: "check", gate: #"""
            printf '{\n  "decision" : "block",\n  "findings" : [ { "decision" : "pass" } ]\n}\n' > gate-report.json
            echo '{}' > gate.sarif; echo '## gate' > gate-summary.md; exit 1
            """#)
        XCTAssertEqual(closed.status, 1)
        XCTAssertEqual(closed.outputs, "decision=block\n")
        XCTAssertEqual(closed.left, ["gate-report.json", "gate.sarif", "gate-summary.md"])

        // An exit status that disagrees with the report (a report left by something else) is no decision either.
        let disagreeing = try run(step: "check", gate: #"printf '{\n  "decision" : "block"\n}\n' > gate-report.json; exit 0"#)
        XCTAssertEqual(disagreeing.outputs, "decision=error\n")
    }

    /// An empty `report` or `summary` input means no such file in the workspace: gate is never given `--report ""`
    /// (which it refuses), and the decision still comes from the report, written in the runner's temporary directory.
    func testEmptyReportAndSummaryInputsWriteNoWorkspaceFile() throws {
        let work = try TemporaryDirectory()
        let runnerTemp = work.path + "/runner-temp"
        try FileManager.default.createDirectory(atPath: runnerTemp, withIntermediateDirectories: true)
        // A stand-in gate that refuses an empty path as gate does and writes the report where --report says.
        let fake = #"""
            #!/bin/bash
            while [[ $# -gt 0 ]]; do
              [[ "$1" == --* && -z "${2-x}" ]] && { echo "gate: $1 needs a file path" >&2; exit 2; }
              case "$1" in --report) printf '{\n  "decision" : "pass"\n}\n' > "$2"; shift ;; --summary) echo '## gate' > "$2"; shift ;; esac
              shift
            done
            exit 0
            """#
        var (environment, outputs) = try Self.actionRun(in: work, fakeGate: fake, report: "", sarif: "", summary: "")
        environment["RUNNER_TEMP"] = runnerTemp
        let result = try runProcess("bash", ["-c", try Self.script(ofStep: "check")], in: work.path, environment: environment)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try String(contentsOf: outputs, encoding: .utf8), "decision=pass\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: runnerTemp + "/gate-summary.md"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted(), ["fake-gate", "github-output", "runner-temp"])
    }

    /// What the action's steps run with in `work`: a stand-in gate (`fakeGate`, a bash script) as `GATE_BINARY`, the
    /// given file inputs, and an empty `GITHUB_OUTPUT` file, returned for reading.
    private static func actionRun(in work: TemporaryDirectory, fakeGate: String, report: String, sarif: String, summary: String)
        throws -> (environment: [String: String], outputs: URL)
    {
        try fakeGate.write(to: work.url("fake-gate"), atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.url("fake-gate").path)
        let outputs = work.url("github-output")
        XCTAssertTrue(FileManager.default.createFile(atPath: outputs.path, contents: nil))
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GATE_") }
        environment["GATE_BINARY"] = work.url("fake-gate").path
        environment["GATE_INPUT_BASE"] = ""
        environment["GATE_INPUT_REPORT"] = report
        environment["GATE_INPUT_SARIF"] = sarif
        environment["GATE_INPUT_SUMMARY"] = summary
        environment["GATE_INPUT_ARGS"] = ""
        environment["GITHUB_OUTPUT"] = outputs.path
        return (environment, outputs)
    }

    /// The `run:` block of the step with `id: install`, as the runner hands it to bash.
    private func installScript() throws -> String { try Self.script(ofStep: "install") }

    /// The `run:` block of the action's step with this `id`, as the runner hands it to bash.
    static func script(ofStep id: String) throws -> String {
        let action = InitTests.packageRoot.appendingPathComponent("action.yml")
        let lines = try String(contentsOf: action, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let step = try XCTUnwrap(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "id: \(id)" }, "no step \(id)")
        let run = try XCTUnwrap(lines[step...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = String(repeating: " ", count: lines[run].prefix { $0 == " " }.count + 2)
        return lines[(run + 1)...].prefix { $0.hasPrefix(indent) || $0.isEmpty }
            .map { $0.hasPrefix(indent) ? String($0.dropFirst(indent.count)) : "" }.joined(separator: "\n")
    }
}
