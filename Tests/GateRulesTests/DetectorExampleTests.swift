import GateCore
import GateRules
import XCTest

/// Every detector's own examples are its tests: each triggering example must fire on the marked line (and
/// column, when the detector reports one), and each non-triggering example must not fire at all.
final class DetectorExampleTests: XCTestCase {
    /// Categories whose findings always name the provider and carry evidence.
    static let paidCategories: Set<Category> = [.paidExternalCall, .batchModelCall, .paidRetry, .unprotectedEndpoint]

    func testEveryDetectorHasAUniqueIDAndBothKindsOfExamples() {
        var seen = Set<String>()
        for detector in DetectorRegistry.all {
            let description = detector.description
            XCTAssertTrue(seen.insert(description.id).inserted, "duplicate detector id \(description.id)")
            XCTAssertFalse(description.triggering.isEmpty, "\(description.id) has no triggering example")
            XCTAssertFalse(description.nonTriggering.isEmpty, "\(description.id) has no non-triggering example")
            XCTAssertFalse(description.rationale.isEmpty, "\(description.id) has no rationale")
            for example in description.triggering {
                XCTAssertNotNil(example.markerPosition, "\(description.id): a triggering example in \(example.path) has no ↓ marker")
            }
            for example in description.nonTriggering {
                XCTAssertNil(example.markerPosition, "\(description.id): a non-triggering example in \(example.path) has a marker")
            }
        }
        XCTAssertFalse(DetectorRegistry.all.isEmpty)
    }

    func testTriggeringExamplesFireOnTheMarker() {
        for detector in DetectorRegistry.all {
            let id = detector.description.id
            for (number, example) in detector.description.triggering.enumerated() {
                guard let marker = example.markerPosition else { continue }
                let findings = detector.detect(in: example.makeSourceFile(), context: DetectionContext())
                    .filter { $0.rule == id }
                let label = "\(id) triggering example #\(number + 1) (\(example.path))"
                XCTAssertTrue(
                    findings.contains { $0.line == marker.line },
                    "\(label): expected a finding on line \(marker.line), got \(findings.map { "\($0.line):\($0.column ?? 0)" })")
                for finding in findings where finding.line == marker.line {
                    if let column = finding.column {
                        XCTAssertEqual(column, marker.column, "\(label): column")
                    }
                    XCTAssertEqual(finding.category, detector.description.category, label)
                    XCTAssertEqual(finding.path, example.path, label)
                    if Self.paidCategories.contains(finding.category) {
                        XCTAssertNotNil(finding.evidence, "\(label): evidence")
                        XCTAssertNotNil(finding.provider, "\(label): provider")
                    }
                }
                if Self.paidCategories.contains(detector.description.category) {
                    XCTAssertEqual(
                        findings.count, Set(findings.map(\.line)).count, "\(label): more than one finding on a line")
                }
            }
        }
    }

    func testNonTriggeringExamplesDoNotFire() {
        for detector in DetectorRegistry.all {
            let id = detector.description.id
            for (number, example) in detector.description.nonTriggering.enumerated() {
                let findings = detector.detect(in: example.makeSourceFile(), context: DetectionContext())
                    .filter { $0.rule == id }
                XCTAssertTrue(
                    findings.isEmpty,
                    "\(id) non-triggering example #\(number + 1) (\(example.path)) fired: \(findings.map { "\($0.line): \($0.message)" })")
            }
        }
    }

    func testFindingsOnlyOnAddedLines() {
        for detector in DetectorRegistry.all {
            for example in detector.description.triggering + detector.description.nonTriggering {
                let file = example.makeSourceFile()
                for finding in detector.detect(in: file, context: DetectionContext()) {
                    XCTAssertTrue(
                        file.addedLines.contains(finding.line),
                        "\(finding.rule) reported unchanged line \(finding.line) of \(example.path)")
                }
            }
        }
    }
}
