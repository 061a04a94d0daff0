import GateCore
import XCTest
@testable import GateRules

/// Every schema detector's own examples are its tests: triggering ones fire exactly on the `↓` line,
/// non-triggering ones stay silent.
final class SchemaDetectorExampleTests: XCTestCase {
    func testSchemaDetectorExamples() {
        XCTAssertGreaterThanOrEqual(DetectorRegistry.schemaDetectors.count, 20)
        for detector in DetectorRegistry.schemaDetectors {
            let description = detector.description
            XCTAssertEqual(description.category, .schemaChange, description.id)
            if description.id != ContractStillUsedDetector.id {
                XCTAssertFalse(description.triggering.isEmpty, description.id)
                XCTAssertFalse(description.nonTriggering.isEmpty, description.id)
            }
            for example in description.triggering {
                let lines = example.head.split(separator: "\n", omittingEmptySubsequences: false)
                guard let markerLine = lines.firstIndex(where: { $0.contains(DetectorExample.marker) }).map({ $0 + 1 }) else {
                    XCTFail("\(description.id): triggering example without ↓")
                    continue
                }
                let head = example.head.replacingOccurrences(of: String(DetectorExample.marker), with: "")
                let file = SchemaTestFiles.sourceFile(
                    path: example.path, head: head, base: example.base, renamedFrom: example.renamedFrom)
                let findings = detector.detect(in: file, context: example.makeContext())
                XCTAssertEqual(findings.map(\.line), [markerLine], "\(description.id): \(example.head)")
                XCTAssertEqual(findings.first?.rule, description.id)
            }
            for example in description.nonTriggering {
                XCTAssertFalse(example.head.contains(DetectorExample.marker), description.id)
                let file = SchemaTestFiles.sourceFile(
                    path: example.path, head: example.head, base: example.base, renamedFrom: example.renamedFrom)
                XCTAssertEqual(detector.detect(in: file, context: example.makeContext()), [], "\(description.id): \(example.head)")
            }
        }
    }

    func testDetectorIdsAreUnique() {
        let ids = DetectorRegistry.schemaDetectors.map(\.description.id)
        XCTAssertEqual(ids.count, Set(ids).count)
    }
}
