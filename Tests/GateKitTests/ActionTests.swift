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
}
