import GateCore
import GateRules
import XCTest

/// Every detector's own examples are its tests: each triggering example must fire at every marked line and column
/// and nowhere else, and each non-triggering example must not fire at all.
final class DetectorExampleTests: XCTestCase {
    /// Categories whose findings always name the provider and carry evidence.
    static let paidCategories: Set<Category> = [.paidExternalCall, .batchModelCall, .paidRetry, .unprotectedEndpoint]

    func testEveryDetectorHasAUniqueIDAndBothKindsOfExamples() {
        var seen = Set<String>()
        for detector in DetectorRegistry.all {
            let description = detector.description
            XCTAssertTrue(seen.insert(description.id).inserted, "duplicate detector id \(description.id)")
            // The id and category answered without the description (registry lookups, policy rules) are its own.
            XCTAssertEqual(detector.id, description.id)
            XCTAssertEqual(detector.category, description.category, description.id)
            XCTAssertEqual(detector.ownTier, description.tier, description.id)
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

    /// Detectors whose findings name a line but no column yet (a manifest entry, a retry setting, a handler, a
    /// migration file, the policy file). Each must report no column at all, never a wrong one; every other detector
    /// must report the marker's exact column. Remove a detector from this list when it learns columns.
    static let lineLevelDetectors: Set<String> = [
        "paid-sdk-dependency", "paid-retry", "unprotected-endpoint", "schema-migration", "orm-schema-change",
        "ddl-in-code", "policy-change", "unscanned-content", "schema-without-migration", "edited-migration",
        "renamed-migration",
    ]

    /// A triggering example fires exactly where its markers are (an example may mark several places, such as an AWS
    /// key id and its secret): a finding at every marker's line and column, and no finding anywhere else.
    func testTriggeringExamplesFireOnTheMarker() {
        for detector in DetectorRegistry.all {
            let id = detector.description.id
            let lineLevel = Self.lineLevelDetectors.contains(id)
            for (number, example) in detector.description.triggering.enumerated() {
                let markers = example.allMarkerPositions
                guard !markers.isEmpty else { continue }
                let findings = example.findings(of: detector)
                    .filter { $0.rule == id }
                let label = "\(id) triggering example #\(number + 1) (\(example.path))"
                let described = findings.map { "\($0.line):\($0.column.map(String.init) ?? "-")" }
                for marker in markers {
                    XCTAssertTrue(
                        findings.contains { $0.line == marker.line && (lineLevel || $0.column == marker.column) },
                        "\(label): expected a finding at \(marker.line):\(marker.column), got \(described)")
                }
                for finding in findings {
                    XCTAssertTrue(
                        markers.contains { $0.line == finding.line && (lineLevel || $0.column == finding.column) },
                        "\(label): a finding at \(finding.line):\(finding.column.map(String.init) ?? "-") where nothing is marked (markers \(markers.map { "\($0.line):\($0.column)" }))")
                    if lineLevel {
                        XCTAssertNil(finding.column, "\(label): \(id) reports columns now; remove it from lineLevelDetectors")
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

    func testTheVerifierFindsEveryMarkerAtItsColumnInTheTextDetectorsSee() {
        let example = DetectorExample("a ↓b ↓c\n\n  ↓d\n", path: "x.txt")
        XCTAssertEqual(example.allMarkerPositions.map { "\($0.line):\($0.column)" }, ["1:3", "1:5", "3:3"])
        XCTAssertEqual(example.markerPosition, example.allMarkerPositions.first)
    }

    func testNonTriggeringExamplesDoNotFire() {
        for detector in DetectorRegistry.all {
            let id = detector.description.id
            for (number, example) in detector.description.nonTriggering.enumerated() {
                let findings = example.findings(of: detector)
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
                for finding in detector.detect(in: file, context: example.makeContext()) {
                    // Or where lines were deleted: a route whose guard the change takes out; or the first line of a
                    // file the change renames, when the rename is the change (a shipped migration's new name).
                    let renamedFileStart = file.change.kind == .renamed && finding.line == 1
                    XCTAssertTrue(
                        file.addedLines.contains(finding.line) || file.deletionPoints.contains(finding.line) || renamedFileStart,
                        "\(finding.rule) reported unchanged line \(finding.line) of \(example.path)")
                }
            }
        }
    }
}

extension DetectorExample {
    /// What `detector` finds in the example, with its head files alongside (as the generic tests run it).
    func findings(of detector: some Detector) -> [Finding] {
        detector.detect(in: makeSourceFile(), context: makeContext())
    }

    /// Every `↓` in the head text, at its line and byte column in the text with the markers removed (what the
    /// detector sees and reports).
    var allMarkerPositions: [MarkerPosition] {
        let marker = Array(String(Self.marker).utf8)
        let bytes = Array(head.utf8)
        var positions: [MarkerPosition] = []
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            if bytes[index] == 10 {
                line += 1
                column = 1
                index += 1
            } else if index + marker.count <= bytes.count, Array(bytes[index..<index + marker.count]) == marker {
                positions.append(MarkerPosition(line: line, column: column))
                index += marker.count
            } else {
                column += 1
                index += 1
            }
        }
        return positions
    }
}
