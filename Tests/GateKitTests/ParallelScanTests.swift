import Foundation
import GateCore
import GateRules
import XCTest

@testable import GateKit

/// The scan's bounds on what waits or is being scanned: memory follows them, not the size of the change.
final class ParallelScanTests: XCTestCase {
    /// Finds one thing in every file, slowly enough that the diff side fills the queue.
    private struct SlowDetector: Detector {
        var description: DetectorDescription {
            DetectorDescription(
                id: "slow-test", name: "Slow test detector", category: .paidExternalCall, rationale: "test",
                triggering: [], nonTriggering: [])
        }

        func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
            Thread.sleep(forTimeInterval: 0.002)
            return [Finding(rule: "slow-test", category: .paidExternalCall, path: file.path, line: 1, message: "seen")]
        }
    }

    private func change(_ path: String, bytes: Int) -> FileChange {
        FileChange(
            path: path, kind: .added, hunks: [Hunk(addingEveryLineOf: [UInt8](repeating: 0x61, count: bytes))!],
            content: .text([UInt8](repeating: 0x61, count: bytes)))
    }

    private func scan(_ changes: [FileChange], maxFiles: Int, maxBytes: Int) -> (findings: [Finding], timings: CheckTimings) {
        let timings = CheckTimings()
        let scan = ParallelScan(
            scanner: Scanner(detectors: [SlowDetector()]), analyzers: [], maxFilesInFlight: maxFiles,
            maxBytesInFlight: maxBytes, timings: timings)
        for change in changes { scan.submit(change) }
        return (scan.finish().findings, timings)
    }

    func testNeverHoldsMoreFilesOrBytesThanItsBounds() {
        let changes = (0..<30).map { change("src/file\($0).ts", bytes: 40) }
        let (findings, timings) = scan(changes, maxFiles: 3, maxBytes: 100)
        XCTAssertEqual(Set(findings.map(\.path)), Set(changes.map(\.path)), "every file is scanned once")
        XCTAssertEqual(findings.count, 30)
        // Two 40-byte files fit in 100 bytes, a third does not: the byte bound binds before the file bound.
        XCTAssertEqual(timings.value(of: "most bytes queued or scanned at once"), 80)
        XCTAssertEqual(timings.value(of: "most files queued or scanned at once"), 2)
    }

    func testTheFileBoundHoldsWhenBytesAllowMore() {
        let changes = (0..<30).map { change("src/file\($0).ts", bytes: 10) }
        let (findings, timings) = scan(changes, maxFiles: 4, maxBytes: 1 << 20)
        XCTAssertEqual(findings.count, 30)
        XCTAssertEqual(timings.value(of: "most files queued or scanned at once"), 4)
    }

    func testAFileLargerThanTheByteBoundIsScannedAlone() {
        let changes = [change("a.ts", bytes: 40), change("huge.ts", bytes: 500), change("b.ts", bytes: 40)]
        let (findings, timings) = scan(changes, maxFiles: 8, maxBytes: 100)
        XCTAssertEqual(Set(findings.map(\.path)), ["a.ts", "huge.ts", "b.ts"])
        XCTAssertEqual(timings.value(of: "most bytes queued or scanned at once"), 500, "nothing else beside it")
    }

    /// The workers' times and the bytes read are summed by the scan and handed to the timings once, at the end;
    /// the phases are listed from the start, so the table shows them above the diff they ran alongside.
    func testTheTimingsSumEveryFilesWork() {
        let changes = (0..<30).map { change("src/file\($0).ts", bytes: 40) }
        let (_, timings) = scan(changes, maxFiles: 4, maxBytes: 1 << 20)
        XCTAssertEqual(timings.value(of: "changed bytes read"), 1_200)
        // Each file's detector sleeps 2 ms.
        XCTAssertGreaterThanOrEqual(timings.seconds(of: "  detectors, summed over workers") ?? 0, 0.06)
        let table = timings.render()
        let listed = ["diff waiting for a free worker", "detectors, summed over workers", "analyzers observing, summed"]
            .map { table.range(of: $0)?.lowerBound }
        XCTAssertFalse(listed.contains(nil), table)
        XCTAssertEqual(listed.compactMap { $0 }, listed.compactMap { $0 }.sorted(), table)
    }
}
