import GateCore
import XCTest
@testable import GateRules

/// GateRules' line readers of manifests and settings see a file written on Windows (`\r\n`) as its LF twin.
final class WindowsLineEndingReaderTests: XCTestCase {
    private func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }

    func testADependencyManifestNamesItsPaidSDKs() {
        let requirements = crlf("requests==2.31.0\n\nopenai==1.30.0\nanthropic>=0.25\n")
        XCTAssertEqual(ManifestDependencies.paidSDKs(inManifestAt: "requirements.txt", bytes: Array(requirements.utf8)).map(\.package),
                       ["openai", "anthropic"])
        // A Latin-1 comment (an accent that is no UTF-8) before the dependency.
        let latin1 = Array("# d".utf8) + [0xE9] + Array("pendances\r\nopenai==1.30.0\r\n".utf8)
        XCTAssertEqual(ManifestDependencies.paidSDKs(inManifestAt: "requirements.txt", bytes: latin1).map(\.package), ["openai"])
        let gomod = crlf("module example.com/app\n\ngo 1.22\n\nrequire github.com/sashabaranov/go-openai v1.20.0\n")
        XCTAssertEqual(ManifestDependencies.paidSDKs(inManifestAt: "go.mod", bytes: Array(gomod.utf8)).map(\.package),
                       ["github.com/sashabaranov/go-openai"])
    }

    func testManifestLinesAreNumberedAsTheDiffNumbersThem() {
        let lines = ManifestLines(Array(crlf("a\nopenai==1.30.0\n").utf8))
        XCTAssertEqual(lines.text(2), "openai==1.30.0")
    }

    func testPackageScriptsOfAWindowsManifest() {
        let manifest = crlf("{\n  \"name\": \"app\",\n  \"scripts\": {\n    \"build\": \"tsc\",\n    \"gate\": \"gate check --base main\"\n  }\n}\n")
        XCTAssertEqual(PackageScripts.scripts(in: Array(manifest.utf8)).map { "\($0.name) \($0.lines) \($0.text)" },
                       ["build 4...4 \"build\": \"tsc\",", "gate 5...5 \"gate\": \"gate check --base main\""])
    }

    func testPrismaEnumsOfAWindowsSchema() {
        let schema = crlf("enum Status {\n  DRAFT\n}\n\nenum Plan {\n  FREE\n}\n")
        XCTAssertEqual(ORMSchemaDeclarations.prismaEnums(Array(schema.utf8)), ["Status", "Plan"])
    }
}
