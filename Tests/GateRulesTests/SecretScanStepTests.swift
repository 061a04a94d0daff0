import GateCore
@testable import GateRules
import XCTest

/// The secret engine passes eight byte pairs at a time and looks closer only where one of them triggers: a
/// credential must be found wherever it falls within that step, and at the very end of a file.
final class SecretScanStepTests: XCTestCase {
    /// Rule, line and column of every secret finding in `text`, every line of it added.
    private func found(_ text: String, path: String, linesBefore: Int = 0) -> [[String]] {
        let lineCount = SecretExampleFile.lines(text).count
        let file = SecretExampleFile.sourceFile(path: path, text: text, addedLines: Set(1...max(1, lineCount)))
        return Scanner(detectors: DetectorRegistry.secretDetectors).scan(file)
            .map { [$0.rule, "\($0.line - linesBefore)", "\($0.column.map(String.init) ?? "-")"] }
    }

    /// Each triggering example of every secret detector, moved by one to eight bytes (blank lines, neutral in
    /// every format) and with its last newline cut, finds what it finds where it is.
    func testEveryExampleIsFoundAtEveryOffsetOfTheStepAndAtTheEnd() {
        for detector in DetectorRegistry.secretDetectors {
            for example in detector.description.triggering {
                let text = String(decoding: SecretExampleFile(example).file.bytes, as: UTF8.self)
                let expected = found(text, path: example.path)
                XCTAssertFalse(expected.isEmpty, "\(detector.id): \(example.head)")
                for padding in 1...8 {
                    let moved = String(repeating: "\n", count: padding) + text
                    XCTAssertEqual(found(moved, path: example.path, linesBefore: padding), expected,
                                   "\(detector.id) moved by \(padding): \(example.head)")
                    guard moved.hasSuffix("\n") else { continue }
                    XCTAssertEqual(found(String(moved.dropLast()), path: example.path, linesBefore: padding), expected,
                                   "\(detector.id) moved by \(padding), no last newline: \(example.head)")
                }
            }
        }
    }

    /// The scan turns an anchor away by the bytes around it only where the prefix fixes them: a key whose body
    /// goes on in the next literal right after the anchor's pair (`"figd_" + "abc…"`) is still found, for every
    /// prefixed catalogue format.
    func testKeysSplitAcrossLiteralsJustAfterTheAnchorAreFound() {
        var tested = 0
        for format in CredentialCatalogue.formats where !format.prefix.isEmpty && format.segments.count == 1 {
            guard let shape = format.tokenShape else { continue }
            let key = Array(format.example().utf8)
            let whole = found("const key = \"\(String(decoding: key, as: UTF8.self))\";\n", path: "src/keys.js")
            XCTAssertEqual(whole.count, 1, format.label)
            // The first byte past the anchor's pair, where the next literal starts, when that is in the body.
            let split = shape.anchorIndex + 2
            guard split >= format.prefixLength, split < key.count else { continue }
            let text = "const key = \"\(String(decoding: key[..<split], as: UTF8.self))\" +\n"
                + "  \"\(String(decoding: key[split...], as: UTF8.self))\";\n"
            XCTAssertEqual(found(text, path: "src/keys.js").map { $0[0] }, whole.map { $0[0] }, format.label)
            tested += 1
        }
        XCTAssertGreaterThan(tested, 10)
    }

    /// Triggers close together (one step holding several, one right after a match) and a key ending the file.
    func testTriggersInOneStepAndAKeyEndingTheFileAreEachFound() {
        let key = ExampleSecret.stripeLive
        let text = "a=1;b=\"\(key)\";c=(\"x\")\nk:\"\(ExampleSecret.gitHubClassic)\"\n=\(key)"
        XCTAssertEqual(found(text, path: "config/keys.txt").map { $0[0...1] }.sorted { $0[1] < $1[1] },
                       [["stripe-secret-key", "1"], ["github-token", "2"], ["stripe-secret-key", "3"]])
    }
}
