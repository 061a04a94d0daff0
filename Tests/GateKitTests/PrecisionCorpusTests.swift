import Foundation
import GateCore
import GateKit
import GateTestSupport
import XCTest

/// Precision of `gate check` on a labelled corpus of real-world-shaped changes (Tests/GateKitTests/PrecisionCorpus):
/// Next.js, Express, FastAPI, Flask, Django, Rails, Go, Android and iOS LLM apps, most of them changes that must
/// not fire (endpoint constants, config objects, placeholders, mocks, docs, local model servers, own routes).
///
/// Each fixture becomes a real git repository and goes through the whole pipeline under the built-in policy. A
/// finding is right when the fixture labels its category at its path and line (`↓[category]`), wrong otherwise;
/// precision is counted per action: blocking findings (critical) and sign-off findings (high). Low findings
/// (test code) are visible but neither block nor ask for sign-off.
final class PrecisionCorpusTests: XCTestCase {
    static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("PrecisionCorpus")

    /// Right and wrong findings of one action.
    struct Tally: CustomStringConvertible {
        var right = 0
        var wrong: [String] = []
        var total: Int { right + wrong.count }
        var precision: Double { total == 0 ? 1 : Double(right) / Double(total) }
        var description: String { "\(right)/\(total) right (\(String(format: "%.1f", precision * 100))%)" }
    }

    func testBlockingFindingsAreAlwaysRightAndSignOffFindingsAtLeast19In20() throws {
        let fixtures = try ChangeFixture.all(in: Self.corpusDirectory)
        XCTAssertGreaterThanOrEqual(fixtures.count, 40, "the corpus must be large enough to measure")
        var blocking = Tally()
        var signOff = Tally()
        var low = Tally()
        var labelled = 0
        var missed: [String] = []
        var wrongDecisions: [String] = []
        var quiet = 0
        for fixture in fixtures {
            let built = try fixture.build()
            let report = try CheckRunner().run(CheckRequest(
                repositoryPath: built.repository.path, base: built.base, head: built.head, environment: [:]))
            var found = Set<ChangeFixture.Expected>()
            for finding in report.findings where !finding.waived {
                let key = ChangeFixture.Expected(category: finding.category.rawValue, path: finding.path, line: finding.line)
                found.insert(key)
                let right = fixture.expected.contains(key)
                let label = "\(fixture.name): \(finding.rule) \(finding.path):\(finding.line) \(finding.message)"
                switch finding.action {
                case .block: if right { blocking.right += 1 } else { blocking.wrong.append(label) }
                case .requireApproval: if right { signOff.right += 1 } else { signOff.wrong.append(label) }
                case .pass: if right { low.right += 1 } else { low.wrong.append(label) }
                }
            }
            labelled += fixture.expected.count
            missed += fixture.expected.subtracting(found).sorted().map { "\(fixture.name): \($0)" }
            if report.decision.rawValue != fixture.decision {
                wrongDecisions.append("\(fixture.name): \(report.decision.rawValue), expected \(fixture.decision)")
            }
            if fixture.expected.isEmpty { quiet += 1 }
        }
        let recall = labelled == 0 ? 1 : Double(labelled - missed.count) / Double(labelled)
        let summary = """
            precision corpus: \(fixtures.count) changes (\(quiet) that must not fire), \(labelled) labelled findings
              blocking: \(blocking)
              sign-off: \(signOff)
              low (test code): \(low)
              recall: \(String(format: "%.1f", recall * 100))%; decisions right: \(fixtures.count - wrongDecisions.count)/\(fixtures.count)
            """
        print(summary)
        XCTAssertGreaterThan(blocking.total, 0, "the corpus must exercise blocking findings")
        XCTAssertGreaterThan(signOff.total, 0, "the corpus must exercise sign-off findings")
        XCTAssertTrue(blocking.wrong.isEmpty, "wrong blocking findings:\n" + blocking.wrong.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(
            signOff.right * 20, signOff.total * 19, "\(summary)\nwrong sign-off findings:\n" + signOff.wrong.joined(separator: "\n"))
        XCTAssertGreaterThanOrEqual(recall, 0.9, "\(summary)\nmissed:\n" + missed.joined(separator: "\n"))
        XCTAssertTrue(wrongDecisions.isEmpty, "\(summary)\n" + wrongDecisions.joined(separator: "\n"))
    }
}
