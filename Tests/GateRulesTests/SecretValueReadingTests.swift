import GateCore
@testable import GateRules
import XCTest

/// The engine stops reading an assigned value at the first byte every rule refuses in a value (most quoted strings
/// in code are prose or class lists, turned away at their first space): a value any rule could accept must still be
/// read whole, whatever quotes it sits in.
final class SecretValueReadingTests: XCTestCase {
    /// A rule that accepts spaces: passphrases assigned to a `passphrase` name.
    private struct PassphraseDetector: CredentialDetector {
        let provider: String? = nil
        var assignments: [AssignmentRule] {
            [AssignmentRule(
                CredentialVerdict("Passphrase", tier: .high), minimumLength: 12, plausible: { _, _ in true },
                accepts: { name, _, _ in name.contains("passphrase") })]
        }
        var description: DetectorDescription {
            DetectorDescription(
                id: "test-passphrase", name: "Passphrase", category: .secret, rationale: "A test rule.",
                triggering: [], nonTriggering: [])
        }
    }

    /// The secret text of each match `engine` finds for `family` in `text`.
    private func found(_ text: String, path: String, by engine: SecretEngine, family: Int) -> [String] {
        let file = SecretExampleFile.sourceFile(path: path, text: text, addedLines: [1])
        return engine.matches(in: file)[family].map { String(decoding: file.bytes[$0.secret], as: UTF8.self) }
    }

    /// Spaces and tabs inside quotes of every kind, and after the name in a config file.
    private let passphrases: [(text: String, path: String, value: String)] = [
        ("const passphrase = \"correct horse battery staple\";\n", "app/keys.ts", "correct horse battery staple"),
        ("passphrase = 'correct\thorse battery staple'\n", "app/keys.py", "correct\thorse battery staple"),
        ("const passphrase = `correct horse battery staple`;\n", "app/keys.js", "correct horse battery staple"),
        ("passphrase: \"correct horse battery staple\"\n", "config/keys.yml", "correct horse battery staple"),
    ]

    func testAValueWithSpacesIsReadWholeWhenARuleAcceptsThem() {
        let engine = SecretEngine(families: [PassphraseDetector()])
        for (text, path, value) in passphrases {
            XCTAssertEqual(found(text, path: path, by: engine, family: 0), [value], text)
        }
    }

    /// Where one rule refuses spaces and another accepts them, the engine reads on past a space: only a byte every
    /// rule refuses ends the look.
    func testOnlyABytesEveryRuleRefusesEndsTheValue() {
        let engine = SecretEngine(families: [GenericSecretDetector(), PassphraseDetector()])
        for (text, path, value) in passphrases {
            XCTAssertEqual(found(text, path: path, by: engine, family: 1), [value], text)
        }
    }

    /// The registered rules all refuse spaces; punctuation is no reason to stop, in any quotes or none.
    func testPunctuatedPasswordsAreFoundInEveryQuoteKind() throws {
        let password = "Zq8#mV2!pL9$wX4&kR7"
        let cases = [
            ("const dbPassword = \"\(password)\";\n", "app/db.ts"),
            ("DB_PASSWORD = '\(password)'\n", "app/settings.py"),
            ("const dbPassword = `\(password)`;\n", "app/db.js"),
            ("DB_PASSWORD=\(password)\n", ".env"),
            ("{\"db_password\": \"\(password)\"}\n", "config/app.json"),
        ]
        let engine = SecretEngine.shared
        let family = DetectorRegistry.secretDetectors.compactMap { $0 as? any CredentialDetector }
            .firstIndex { $0 is GenericSecretDetector }
        for (text, path) in cases {
            XCTAssertEqual(found(text, path: path, by: engine, family: try XCTUnwrap(family)), [password], text)
        }
        // A space ends the look: the same password with one is no value any registered rule reads.
        XCTAssertEqual(found("const dbPassword = \"Zq8#mV2!pL9 wX4&kR7\";\n", path: "app/db.ts", by: engine,
                             family: try XCTUnwrap(family)), [])
    }
}
