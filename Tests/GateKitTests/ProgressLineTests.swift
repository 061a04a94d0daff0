import Foundation
import GateTestSupport
import XCTest

@testable import GateKit

/// The progress line of a long `gate check`: its text, when it is drawn, and that it is erased.
final class ProgressLineTests: XCTestCase {
    func testTheLineNamesThePhaseTheFilesScannedAndTheTime() {
        XCTAssertEqual(
            ProgressLine.format(phase: .scanning, filesScanned: 1234, elapsedSeconds: 3, width: 80),
            "gate: scanning the change, 1234 files scanned, 3 s")
        XCTAssertEqual(
            ProgressLine.format(phase: .history, filesScanned: 1, elapsedSeconds: 61, width: 80),
            "gate: searching the range's commits for secrets, 1 file scanned, 61 s")
    }

    /// A line that filled the terminal would wrap, and a wrapped line cannot be rewritten with `\r`.
    func testTheLineIsCutToOneColumnLessThanTheTerminal() {
        let line = ProgressLine.format(phase: .analysing, filesScanned: 5000, elapsedSeconds: 12, width: 20)
        XCTAssertEqual(line, "gate: analysing the")
        XCTAssertEqual(line.count, 19)
    }

    /// What a progress line writes, from its start until `finish` after `running` seconds.
    private func written(enabled: Bool, delay: TimeInterval, running: TimeInterval, progress: CheckProgress = CheckProgress())
        throws -> String
    {
        let pipe = Pipe()
        let line = ProgressLine(
            progress: progress, output: pipe.fileHandleForWriting, enabled: enabled, delay: delay, interval: 0.01)
        Thread.sleep(forTimeInterval: running)
        line.finish()
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func testOnATerminalTheLineIsRewrittenThenErased() throws {
        let progress = CheckProgress()
        progress.enter(.scanning)
        for _ in 0..<3 { progress.fileScanned() }
        let written = try written(enabled: true, delay: 0.01, running: 0.3, progress: progress)
        XCTAssertTrue(written.hasPrefix("\rgate: scanning the change, 3 files scanned, 0 s"), written.debugDescription)
        XCTAssertFalse(written.contains("\n"), "a progress line never ends a line: \(written.debugDescription)")
        // Erased: the last drawing is overwritten with spaces and the cursor is back at the start of the line.
        let width = "gate: scanning the change, 3 files scanned, 0 s".count
        XCTAssertTrue(written.hasSuffix("\r" + String(repeating: " ", count: width) + "\r"), written.debugDescription)
    }

    /// What the CLI does when stderr is not a terminal (CI logs, pipes): nothing at all, however long the check.
    func testDisabledItWritesNothing() throws {
        let progress = CheckProgress()
        progress.enter(.scanning)
        XCTAssertEqual(try written(enabled: false, delay: 0.01, running: 0.2, progress: progress), "")
    }

    func testACheckThatEndsBeforeTheDelayShowsNothing() throws {
        XCTAssertEqual(try written(enabled: true, delay: 5, running: 0), "")
    }

    /// The runner reports its phases in order and every changed file the detectors scanned.
    func testTheRunnerReportsFilesScanned() throws {
        let repo = try GitFixture()
        try repo.write("README.md", "# x\n")
        try repo.commit("base")
        try repo.git("checkout", "-q", "-b", "feature")
        for index in 0..<5 { try repo.write("app/file\(index).py", "print(\(index))\n") }
        try repo.commit("five files")
        let progress = CheckProgress()
        _ = try CheckRunner().run(
            CheckRequest(repositoryPath: repo.path, base: "main", environment: GitFixture.environment), progress: progress)
        XCTAssertEqual(progress.current.filesScanned, 5)
        XCTAssertEqual(progress.current.phase, .approvals)
    }
}
