@testable import GatePolicy
import XCTest
import Yams

/// PlainScalarTag against what it replaces: Yams' default resolver and its regular expressions, as the oracle.
final class PlainScalarTagTests: XCTestCase {
    private func oracle(_ text: String) -> Tag.Name {
        Resolver.default.resolveTag(of: Node.scalar(.init(text)))
    }

    private func assertAgrees(_ texts: [String], file: StaticString = #filePath, line: UInt = #line) {
        var disagreements: [String] = []
        for text in texts where PlainScalarTag.of(text) != oracle(text) {
            disagreements.append("\(text.debugDescription): \(PlainScalarTag.of(text).rawValue), Yams \(oracle(text).rawValue)")
        }
        XCTAssertTrue(disagreements.isEmpty, disagreements.prefix(20).joined(separator: "\n"), file: file, line: line)
    }

    func testEveryTypeAsYamsGivesIt() {
        let examples: [(String, Tag.Name)] = [
            ("true", .bool), ("No", .bool), ("OFF", .bool), ("tRue", .str), ("y", .str),
            ("0", .int), ("-12", .int), ("+1_000", .int), ("0b1010", .int), ("017", .int), ("0o17", .int),
            ("0x1F", .int), ("190:20:30", .int), ("08", .float),
            ("1.5", .float), ("-1.", .float), ("1e5", .float), ("6.8523015e+5", .float), (".5", .float), (".5e+3", .float),
            (".inf", .float), ("-.INF", .float), (".NaN", .float), ("190:20:30.15", .float), ("1.5.1", .str),
            ("<<", .merge), ("~", .null), ("null", .null), ("", .null), ("nULL", .str),
            ("2001-12-14", .timestamp), ("2001-12-14t21:59:43.10-05:00", .timestamp), ("2001-12-14 21:59:43.10 Z", .timestamp),
            ("2002-12-14 5:00:00", .timestamp), ("2001-1-4", .str), ("=", .value), ("14d", .str), ("gpt-4o", .str),
        ]
        for (text, expected) in examples {
            XCTAssertEqual(oracle(text), expected, "the oracle on \(text.debugDescription)")
            XCTAssertEqual(PlainScalarTag.of(text), expected, text.debugDescription)
        }
    }

    /// Every string of up to three bytes from the bytes the expressions care about, and many longer ones built from
    /// the shapes they match, mutated: each gets the oracle's tag.
    func testAgreesWithYamsOnGeneratedScalars() {
        let alphabet = Array("019578+-._:eExobaTZtf ~<=nNiI").map(String.init)
        var texts = [""]
        var level = [""]
        for _ in 1...3 {
            level = level.flatMap { prefix in alphabet.map { prefix + $0 } }
            texts += level
        }
        let shapes = [
            "0b1_01", "-0o7_7", "+0x_fF", "1_2:3:45", "-12:60", "1:5:9.", "3.14_15e-10", "-.5E+1", ".5e1", "1e", "1e+",
            "2024-02-29", "2024-2-9T1:02:03", "2024-12-01 \t 23:59:59.999 +05:30", "2024-12-01T23:59:59Z", "2024-12-01t23:59:59 -5",
            "2024-12-01T23:59:59+0530", "2024-12-01T23:59", "12024-12-01", ".iNf", "+.inf", "-.nan", "on", "Yes", "NULL",
        ]
        // Seeded, so a disagreement shows up on every run.
        var generator = SplitMix(seed: 18)
        for shape in shapes {
            texts.append(shape)
            for _ in 0..<200 {
                var bytes = Array(shape)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &generator))
                case 1: bytes.insert(alphabet.randomElement(using: &generator)!.first!, at: Int.random(in: 0...bytes.count, using: &generator))
                default: bytes[Int.random(in: 0..<bytes.count, using: &generator)] = alphabet.randomElement(using: &generator)!.first!
                }
                texts.append(String(bytes))
            }
        }
        assertAgrees(texts)
    }

    /// A policy read with the plain scalars typed here judges types as before: numbers, booleans and empty values
    /// where text is wanted are errors naming what they are, and quoted ones are text.
    func testAPolicyIsTypedAsBefore() {
        func problem(_ yaml: String) -> String {
            do {
                _ = try PolicyLoader.load(text: yaml, file: "policy.yml")
                return "loaded"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(problem("version: \"1\"\n"), problem("version: !!str 1\n"))
        XCTAssertTrue(problem("version: \"1\"\n").contains("must be a whole number, not the text `1`"), problem("version: \"1\"\n"))
        XCTAssertEqual(problem("version: 1\n"), "loaded")
        XCTAssertEqual(problem("version: 0x1\n"), "loaded", "an int in any of YAML 1.1's bases")
        XCTAssertTrue(problem("version: 1.0\n").contains("not the number 1.0"), problem("version: 1.0\n"))
        XCTAssertTrue(problem("version: 1\nreviewers: yes\n").contains("not `yes`"), problem("version: 1\nreviewers: yes\n"))
        XCTAssertTrue(problem("version: 1\npaths:\n  ignore: [~]\n").contains("not empty"), problem("version: 1\npaths:\n  ignore: [~]\n"))
        XCTAssertTrue(problem("version: 1\napprovals: { allow-self: \"true\" }\n").contains("must be true or false"))
        // The values themselves, not only their types: Yams reads them from the untyped scalars.
        for (text, expected) in [("true", true), ("yes", true), ("On", true), ("false", false), ("NO", false)] {
            let policy = try? PolicyLoader.load(text: "version: 1\napprovals: { allow-self: \(text) }\n", file: "policy.yml")
            XCTAssertEqual(policy?.approvals.allowSelf, expected, text)
        }
    }
}

/// A small seeded generator (SplitMix64), so the generated cases are the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
