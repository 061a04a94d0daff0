import Foundation
import GateTestSupport
import XCTest

/// What the built binary does with its inputs and outputs outside the change: files it writes (links, FIFOs), a stdout
/// that cannot be written, and the messages for input it cannot use. Each fails closed: exit 2 with a message naming
/// what and where, never exit 0 with nothing delivered.
final class CommandInputOutputTests: XCTestCase {
    private func gate(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws -> ProcessResult {
        var env = GitFixture.environment
        env["NO_COLOR"] = "1"
        for name in ["GITHUB_ACTIONS", "GATE_BASE", "GITHUB_BASE_REF", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH", "GITHUB_STEP_SUMMARY"] {
            env[name] = nil
        }
        return try runProcess(gateExecutablePath(), arguments, in: directory, environment: env.merging(environment) { $1 })
    }

    /// Runs a shell line with `$GATE` set to the binary (for redirections and FIFOs).
    private func shell(_ script: String, in directory: String) throws -> ProcessResult {
        var env = GitFixture.environment
        env["NO_COLOR"] = "1"
        env["GATE"] = try gateExecutablePath()
        for name in ["GITHUB_ACTIONS", "GATE_BASE", "GITHUB_BASE_REF", "GITHUB_EVENT_NAME", "GITHUB_EVENT_PATH"] { env[name] = nil }
        return try runProcess("bash", ["-c", script], in: directory, environment: env)
    }

    private func repository() throws -> GitFixture {
        let repo = try GitFixture.onFeatureBranch()
        try repo.write("app/notes.py", "x = 1\n")
        try repo.commit("a note")
        return repo
    }

    // MARK: - Output files

    /// A link keeps being a link (its target gets the report); a FIFO is written into, not replaced by a file.
    func testReportFilesKeepLinksAndFIFOs() throws {
        let repo = try repository()
        let out = try TemporaryDirectory()
        try "old\n".write(toFile: out.path + "/real.json", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: out.path + "/link.json", withDestinationPath: out.path + "/real.json")
        let linked = try gate(["check", "--base", "main", "--report", out.path + "/link.json"], in: repo.path)
        XCTAssertEqual(linked.status, 0, linked.stderr)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: out.path + "/link.json"), out.path + "/real.json")
        XCTAssertTrue(try String(contentsOfFile: out.path + "/real.json", encoding: .utf8).contains("\"decision\""))

        let fifo = try shell("""
            mkfifo "\(out.path)/pipe" && cat "\(out.path)/pipe" > "\(out.path)/piped.md" & sleep 0.2
            "$GATE" check --base main --summary "\(out.path)/pipe"; status=$?; wait; exit $status
            """, in: repo.path)
        XCTAssertEqual(fifo.status, 0, fifo.stderr)
        var status = stat()
        XCTAssertEqual(lstat(out.path + "/pipe", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "still a FIFO")
        XCTAssertTrue(try String(contentsOfFile: out.path + "/piped.md", encoding: .utf8).contains("gate"))
    }

    /// An empty path (an unset CI variable) is a usage error before the change is read: here no repository is needed
    /// to hear it.
    func testAnEmptyOutputPathIsAUsageErrorBeforeTheCheck() throws {
        let nowhere = try TemporaryDirectory()
        for option in ["--report", "--summary", "--sarif"] {
            let result = try gate(["check", option, ""], in: nowhere.path)
            XCTAssertEqual(result.status, 2, option)
            XCTAssertTrue(result.stderr.contains("\(option) needs a file path"), result.stderr)
            XCTAssertFalse(result.stderr.contains("not a git repository"), result.stderr)
        }
    }

    func testAnUnwritableOutputFileSaysWhy() throws {
        let repo = try repository()
        let result = try gate(["check", "--base", "main", "--summary", "/proc/version"], in: repo.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("cannot write /proc/version:"), result.stderr)
        XCTAssertFalse(result.stderr.contains("doesn't exist"), result.stderr)
    }

    // MARK: - stdout

    /// A report that cannot be written on stdout is no decision: exit 2, whatever the gate decided.
    func testAFailedWriteOnStdoutIsExitTwo() throws {
        let repo = try repository()
        for command in ["\"$GATE\" check --base main --format json", "\"$GATE\" check --base main", "\"$GATE\" rules",
                        "\"$GATE\" rules --format json", "\"$GATE\" policy explain"] {
            let result = try shell("\(command) > /dev/full", in: repo.path)
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("cannot write the output to stdout"), "\(command): \(result.stderr)")
        }
    }

    // MARK: - Messages

    func testAMisspeltCommandIsNamedWithTheNearestOne() throws {
        let nowhere = try TemporaryDirectory()
        let result = try gate(["chek", "--repo", "."], in: nowhere.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("unknown command 'chek'; did you mean 'gate check'?"), result.stderr)
        XCTAssertFalse(result.stderr.contains("--repo"), result.stderr)
    }

    func testAPolicyThatIsADirectorySaysSo() throws {
        let repo = try repository()
        let result = try gate(["check", "--base", "main", "--policy", repo.path + "/app"], in: repo.path)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("it is a directory"), result.stderr)
        XCTAssertFalse(result.stderr.contains("NSCocoaErrorDomain"), result.stderr)
    }

    func testAPolicyWithAByteOrderMarkIsRead() throws {
        let repo = try repository()
        let file = try TemporaryDirectory()
        try Data([0xEF, 0xBB, 0xBF] + Array("version: 1\n".utf8)).write(to: file.url("policy.yml"))
        let result = try gate(["check", "--base", "main", "--policy", file.url("policy.yml").path], in: repo.path)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// A fingerprint that cannot be one is a usage error; a well-formed one that matches nothing says so rather
    /// than "No approvals recorded" (here none are, so that is what it says).
    func testApprovalsListFingerprintIsCheckedAndANoMatchIsNamed() throws {
        let repo = try repository()
        let malformed = try gate(["approvals", "list", "--fingerprint", "abc"], in: repo.path)
        XCTAssertEqual(malformed.status, 2)
        XCTAssertTrue(malformed.stderr.contains("--fingerprint abc is not a fingerprint"), malformed.stderr)
        let none = try gate(["approvals", "list", "--base", "main", "--fingerprint", String(repeating: "A", count: 64)], in: repo.path)
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertEqual(none.stdout, "No approvals recorded.\n")
    }

    /// The event file under GitHub Actions: missing, malformed base, and a byte order mark (read).
    func testPullRequestEventProblemsNameTheVariableAndTheValue() throws {
        let repo = try repository()
        let base = try repo.git("rev-parse", "main").trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = try TemporaryDirectory()
        let ci = ["GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request"]

        let missing = try gate(["check"], in: repo.path, environment: ci.merging(["GITHUB_EVENT_PATH": directory.path + "/none.json"]) { $1 })
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("GITHUB_EVENT_PATH names \(directory.path)/none.json, which does not exist"), missing.stderr)

        try Data(#"{"pull_request": {"base": {"sha": "not-a-commit-id-at-all", "ref": "main"}}}"#.utf8).write(to: directory.url("bad.json"))
        let malformed = try gate(["check"], in: repo.path, environment: ci.merging(["GITHUB_EVENT_PATH": directory.url("bad.json").path]) { $1 })
        XCTAssertEqual(malformed.status, 2)
        XCTAssertTrue(malformed.stderr.contains("pull_request.base.sha is malformed (\"not-a-commit\"…"), malformed.stderr)

        try Data([0xEF, 0xBB, 0xBF] + Array(#"{"pull_request": {"number": 1, "base": {"sha": "\#(base)", "ref": "main"}}}"#.utf8))
            .write(to: directory.url("bom.json"))
        let marked = try gate(["check"], in: repo.path, environment: ci.merging(["GITHUB_EVENT_PATH": directory.url("bom.json").path]) { $1 })
        XCTAssertEqual(marked.status, 0, marked.stderr)
    }
}
