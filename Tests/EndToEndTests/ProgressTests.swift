import Foundation
import GateTestSupport
import XCTest

/// The progress line of a long `gate check` (after 2 s, or `GATE_PROGRESS_DELAY`): on stderr when it is a
/// terminal, never on stdout, and nothing at all when stderr is a pipe, as in CI logs.
final class ProgressTests: XCTestCase {
    /// A change of 2,000 Python files, committed with `git fast-import` so that building the fixture costs well
    /// under a second: long enough that a progress line shown at once is drawn before the check ends.
    private func makeLongChange() throws -> GitFixture {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        try repo.commit("base")
        let body = (0..<12).map { index in
            "def handler_\(index)(request):\n    value = request.get(\"x\(index)\")\n"
                + "    for item in range(10):\n        print(item, value)\n    return {\"ok\": True}\n\n"
        }.joined()
        let message = "many modules\n"
        var stream = "commit refs/heads/feature\ncommitter Author <author@example.com> 1700000000 +0000\n"
        stream += "data \(message.utf8.count)\n\(message)from refs/heads/main\n"
        for index in 0..<2_000 {
            // Each file differs (its first line), so no two are one blob.
            let content = "# module \(index)\nimport os\n\n" + body
            stream += "M 100644 inline app/module\(index).py\ndata \(content.utf8.count)\n\(content)\n"
        }
        let imported = try runProcess(
            "git", ["fast-import", "--quiet"], in: repo.path, environment: GitFixture.environment, input: stream)
        guard imported.status == 0 else { throw FixtureError("git fast-import: \(imported.stderr)") }
        return repo
    }

    private var environment: [String: String] {
        var environment = GitFixture.environment
        environment["NO_COLOR"] = "1"
        for name in ["GITHUB_ACTIONS", "GATE_BASE", "GITHUB_BASE_REF"] { environment[name] = nil }
        // The line is due at once, so what follows depends on where stderr goes, not on how fast the machine is.
        environment["GATE_PROGRESS_DELAY"] = "0"
        return environment
    }

    func testALongCheckShowsProgressOnATerminalOnlyAndNeverOnStdout() throws {
        let repo = try makeLongChange()
        let arguments = ["check", "--base", "main", "--head", "feature", "--format", "json"]

        let piped = try runProcess(gateExecutablePath(), arguments, in: repo.path, environment: environment)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual((try reportWithoutDuration(piped.stdout)["stats"] as? [String: Any])?["files"] as? Int, 2_000)
        XCTAssertEqual(piped.stderr, "", "stderr is a pipe: no progress, even with no delay")
        XCTAssertFalse(piped.stdout.contains("\r"), piped.stdout)

        let onTerminal = try runWithTerminalStderr(gateExecutablePath(), arguments, in: repo.path)
        XCTAssertEqual(onTerminal.status, 0, onTerminal.terminal)
        XCTAssertTrue(onTerminal.terminal.contains("\rgate: "), onTerminal.terminal.debugDescription)
        XCTAssertTrue(onTerminal.terminal.contains(" files scanned, "), onTerminal.terminal.debugDescription)
        // Erased at the end: the last thing on the terminal is the cursor back at the start of a blank line.
        XCTAssertTrue(onTerminal.terminal.hasSuffix(" \r"), onTerminal.terminal.debugDescription)
        // stdout is the same report with or without a terminal on stderr (but for how long it took).
        XCTAssertEqual(try reportWithoutDuration(onTerminal.stdout), try reportWithoutDuration(piped.stdout))
    }

    func testAnInvalidProgressDelayIsExitTwo() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# service\n")
        try repo.commit("base")
        var environment = self.environment
        environment["GATE_PROGRESS_DELAY"] = "soon"
        let result = try runProcess(gateExecutablePath(), ["check"], in: repo.path, environment: environment)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("GATE_PROGRESS_DELAY"), result.stderr)
        XCTAssertFalse(result.stderr.contains("Usage:"), "an environment variable's error is no usage error: \(result.stderr)")
    }

    private func reportWithoutDuration(_ json: String) throws -> NSDictionary {
        var report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], json)
        var stats = try XCTUnwrap(report["stats"] as? [String: Any])
        XCTAssertNotNil(stats.removeValue(forKey: "durationMs"))
        report["stats"] = stats
        return report as NSDictionary
    }

    /// Runs a program with stderr on a new pseudo-terminal (so `isatty(2)` holds) and stdout on a pipe.
    private func runWithTerminalStderr(_ executable: String, _ arguments: [String], in directory: String) throws
        -> (status: Int32, stdout: String, terminal: String)
    {
        var master: Int32 = -1
        var secondary: Int32 = -1
        guard openpty(&master, &secondary, nil, nil, nil) == 0 else {
            throw FixtureError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(fileDescriptor: secondary, closeOnDealloc: false)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Only the child holds the terminal now, so reading it ends (EIO) when the child exits.
        close(secondary)
        let terminalFD = master
        nonisolated(unsafe) var terminal = Data()
        let reader = DispatchGroup()
        reader.enter()
        DispatchQueue.global().async {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(terminalFD, &buffer, buffer.count)
                if count <= 0 { break }
                terminal.append(contentsOf: buffer[0..<count])
            }
            reader.leave()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        reader.wait()
        close(master)
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: terminal, as: UTF8.self))
    }
}
