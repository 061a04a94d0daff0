import Foundation
import GateCore
@testable import GateRules
import XCTest

/// A detector example turned into what a detector sees (the rules module's `makeSourceFile`), and where all
/// of its markers were: secret examples may mark several credentials.
struct SecretExampleFile {
    let file: SourceFile
    /// (line, column) of every `↓`, 1-based, columns in UTF-8 bytes.
    let expected: [[Int]]

    init(_ example: DetectorExample) {
        var expected: [[Int]] = []
        var line = 1, column = 1
        for scalar in example.head.unicodeScalars {
            if Character(scalar) == DetectorExample.marker {
                expected.append([line, column])
            } else if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += String(scalar).utf8.count
            }
        }
        self.expected = expected
        file = example.makeSourceFile()
    }

    static func lines(_ text: String) -> [String] {
        // By scalars: a "\r\n" is one Character, and CRLF files must still split into lines.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A changed file whose head is `text` and whose one hunk adds `addedLines` and keeps the rest.
    static func sourceFile(path: String, text: String, addedLines: Set<Int>) -> SourceFile {
        let lines = Self.lines(text)
        var diffLines: [DiffLine] = []
        var oldNumber = 0
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if addedLines.contains(number) {
                diffLines.append(DiffLine(kind: .added, oldNumber: nil, newNumber: number, text: line))
            } else {
                oldNumber += 1
                diffLines.append(DiffLine(kind: .context, oldNumber: oldNumber, newNumber: number, text: line))
            }
        }
        let hunk = Hunk(oldStart: oldNumber == 0 ? 0 : 1, oldCount: oldNumber, newStart: 1, newCount: lines.count,
                        lines: diffLines)
        let change = FileChange(path: path, kind: oldNumber == 0 ? .added : .modified, hunks: [hunk],
                                content: .text(Array(text.utf8)))
        return SourceFile(change: change)
    }
}

final class SecretDetectorTests: XCTestCase {
    private var detectors: [any Detector] { DetectorRegistry.secretDetectors }

    /// Every fake credential the examples use: none may show up whole in a finding.
    private let knownSecrets: [String] = [
        ExampleSecret.openAIProject, ExampleSecret.openAIServiceAccount, ExampleSecret.openAIAdmin,
        ExampleSecret.openAILegacy, ExampleSecret.anthropic, ExampleSecret.anthropicAdmin,
        ExampleSecret.awsAccessKeyID, ExampleSecret.awsSessionKeyID, ExampleSecret.awsSecretAccessKey,
        ExampleSecret.stripeLive, ExampleSecret.stripeRestricted, ExampleSecret.twilioAPIKey,
        ExampleSecret.twilioAuthToken, ExampleSecret.sendGrid, ExampleSecret.slackBot, ExampleSecret.slackUser,
        ExampleSecret.slackApp, ExampleSecret.slackWebhook, ExampleSecret.gitHubClassic, ExampleSecret.gitHubApp,
        ExampleSecret.gitHubOAuth, ExampleSecret.gitHubFineGrained, ExampleSecret.googleAPIKey, ExampleSecret.tavily,
        ExampleSecret.tavilyDevelopment, ExampleSecret.genericToken, ExampleSecret.genericPassword,
        ExampleSecret.genericHex, ExampleSecret.stripeTest, ExampleSecret.stripeWebhook, ExampleSecret.punctuatedPassword,
        ExampleSecret.supabaseServiceRole, ExampleSecret.hasuraAdminJWT, ExampleSecret.expiredAdminJWT,
    ] + ExampleSecret.privateKeyLines + CredentialCatalogue.formats.map { $0.example() }

    private func scanAll(_ file: SourceFile) -> [Finding] {
        Scanner(detectors: detectors).scan(file)
    }

    private func assertRedacted(_ findings: [Finding], _ context: String, file: StaticString = #filePath,
                                line: UInt = #line) {
        for finding in findings {
            let evidence = finding.evidence ?? ""
            guard let cut = evidence.range(of: "…[redacted ") else {
                XCTFail("\(context): evidence \(evidence) is not redacted", file: file, line: line)
                continue
            }
            XCTAssertLessThanOrEqual(evidence[..<cut.lowerBound].count, 4, context, file: file, line: line)
            for secret in knownSecrets {
                let shown = String(secret.dropFirst(4).prefix(8))
                XCTAssertFalse(evidence.contains(shown), "\(context): evidence shows a secret", file: file, line: line)
                XCTAssertFalse(finding.message.contains(shown), "\(context): message shows a secret", file: file,
                               line: line)
            }
        }
    }

    func testSecretDetectorsAreWellDescribed() {
        XCTAssertEqual(detectors.count, 12 + CredentialKind.allCases.count + 8)  // + JWT, URL, SQL role, registry, header, query, CLI, generic
        var ids = Set<String>()
        for detector in detectors {
            let about = detector.description
            XCTAssertTrue(ids.insert(about.id).inserted, "duplicate id \(about.id)")
            XCTAssertEqual(about.category, .secret, about.id)
            XCTAssertGreaterThanOrEqual(about.triggering.count, 3, about.id)
            XCTAssertGreaterThanOrEqual(about.nonTriggering.count, 3, about.id)
            XCTAssertFalse(about.rationale.isEmpty, about.id)
            for example in about.triggering {
                XCTAssertTrue(example.head.contains(DetectorExample.marker), "\(about.id): unmarked \(example.path)")
            }
            for example in about.nonTriggering {
                XCTAssertFalse(example.head.contains(DetectorExample.marker), "\(about.id): marked \(example.path)")
            }
        }
    }

    func testTriggeringExamplesFireExactlyAtTheirMarkers() {
        for detector in detectors {
            let id = detector.description.id
            for example in detector.description.triggering {
                let prepared = SecretExampleFile(example)
                let context = "\(id) on \(example.path)"
                let findings = detector.detect(in: prepared.file, context: DetectionContext())
                XCTAssertEqual(findings.map { [$0.line, $0.column ?? 0] }, prepared.expected, context)
                for finding in findings {
                    XCTAssertEqual(finding.rule, id, context)
                    XCTAssertEqual(finding.category, .secret, context)
                    // Entropy alone is a sign-off; provider-shaped keys block unless the provider marks them
                    // test-mode (a sign-off) or sandbox (low), or the key is public by design (a Firebase client config's, low).
                    if ["high-entropy-secret", "authorization-header-token", "url-query-secret", "command-line-credential"].contains(id) {
                        XCTAssertEqual(finding.tier, .high, context)
                    } else if finding.tier != .critical {
                        let lowered = ["test", "sandbox", "development", "free plan", "public by design"].contains { finding.message.lowercased().contains($0) }
                        XCTAssertTrue(lowered, "\(context): \(finding.tier) for \(finding.message)")
                    }
                    XCTAssertEqual(finding.action, [Tier.low: Action.pass, .high: .requireApproval, .critical: .block][finding.tier],
                                   context)
                    XCTAssertEqual(finding.path, example.path, context)
                }
                assertRedacted(findings, context)
                // One credential, one finding: no other secret detector reports anything in this example.
                let all = scanAll(prepared.file)
                XCTAssertEqual(all.map(\.rule), findings.map(\.rule), "\(context): other detectors fired too")
            }
        }
    }

    func testNonTriggeringExamplesFireNoSecretDetector() {
        for detector in detectors {
            for example in detector.description.nonTriggering {
                let findings = scanAll(SecretExampleFile(example).file)
                XCTAssertEqual(findings.map { "\($0.rule)@\($0.line):\($0.column ?? 0)" }, [],
                               "\(detector.description.id) on \(example.path)")
            }
        }
    }

    func testSecretOnAnUnchangedLineIsNotReported() {
        let text = "OPENAI_API_KEY=\(ExampleSecret.openAIProject)\nLOG_LEVEL=debug\nTIMEOUT=30\n"
        let onlyLastLines = SecretExampleFile.sourceFile(path: ".env", text: text, addedLines: [2, 3])
        XCTAssertEqual(scanAll(onlyLastLines), [])
        let firstLine = SecretExampleFile.sourceFile(path: ".env", text: text, addedLines: [1])
        XCTAssertEqual(scanAll(firstLine).map(\.rule), ["openai-api-key"])
    }

    func testNewKeyMaterialUnderAnUnchangedBeginLineIsReported() {
        let lines = ExampleSecret.privateKeyLines
        let text = "-----BEGIN PRIVATE KEY-----\n\(lines[2])\n\(lines[3])\n-----END PRIVATE KEY-----\n"
        let rotated = SecretExampleFile.sourceFile(path: "deploy/tls.key", text: text, addedLines: [2, 3])
        let findings = scanAll(rotated)
        XCTAssertEqual(findings.map(\.rule), ["private-key-block"])
        XCTAssertEqual(findings.map(\.line), [2])
        assertRedacted(findings, "rotated key")
        let lastBodyLine = SecretExampleFile.sourceFile(path: "deploy/tls.key", text: text, addedLines: [3])
        XCTAssertEqual(scanAll(lastBodyLine).map(\.line), [3])
        let endOnly = SecretExampleFile.sourceFile(path: "deploy/tls.key", text: text, addedLines: [4])
        XCTAssertEqual(scanAll(endOnly), [])
    }

    func testCRLFLinesReportTheRightLineColumnAndLength() {
        let text = "# prod\r\nSTRIPE_KEY=\(ExampleSecret.stripeLive)\r\nSESSION_SECRET=\(ExampleSecret.genericToken)\r\n"
        let file = SecretExampleFile.sourceFile(path: ".env", text: text, addedLines: [1, 2, 3])
        let findings = scanAll(file).sorted { $0.line < $1.line }
        XCTAssertEqual(findings.map(\.rule), ["stripe-secret-key", "high-entropy-secret"])
        XCTAssertEqual(findings.map(\.line), [2, 3])
        XCTAssertEqual(findings.map(\.column), [12, 16])
        XCTAssertEqual(findings.map(\.evidence), [
            Redaction.redact(ExampleSecret.stripeLive), Redaction.redact(ExampleSecret.genericToken),
        ])
    }

    func testColumnsCountUTF8Bytes() {
        let text = "# clé d’API — ne pas committer\nconst clé = \"\(ExampleSecret.googleAPIKey)\"; // ☂︎\n"
        let findings = scanAll(SecretExampleFile.sourceFile(path: "src/maps.js", text: text, addedLines: [2]))
        XCTAssertEqual(findings.map(\.rule), ["google-api-key"])
        XCTAssertEqual(findings.first?.column, Array("const clé = \"".utf8).count + 1)
    }

    func testPlaceholdersAndReferencesAreNotSecrets() {
        let values = [
            "sk-...", "sk-xxxx", "<your-key>", "YOUR_API_KEY", "${OPENAI_API_KEY}", "changeme", "$API_KEY",
            "{{ .Values.apiKey }}", "sk-proj-" + String(repeating: "a", count: 60),
            "sk-" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV",
            "AKIAIOSFODNN7EXAMPLE", "AKIA" + "1234567890ABCDEF", "ghp_" + "0123456789" + String(repeating: "a", count: 26),
            "sk_live_" + "dummy" + ExampleSecret.random(30, from: ExampleSecret.alphanumeric, seed: "d"),
            "sk-proj-" + "fake" + ExampleSecret.random(60, from: ExampleSecret.tokenCharacters, seed: "f"),
            "tvly-" + "placeholder" + ExampleSecret.random(24, from: ExampleSecret.alphanumeric, seed: "p"),
            "xoxb-" + "test" + ExampleSecret.random(40, from: ExampleSecret.alphanumeric, seed: "t"),
            "Passw0rd!Passw0rd!", "0123456789abcdef0123456789abcdef", "./secrets/api-token.txt",
            // Samples typed counting up, after a provider's prefix or alone.
            "sk-" + "proj-" + "abc123def456ghi789jkl012mno345pqr678stu901vwx234yz", "sk_" + "live_" + "abc123def456ghi789jkl012",
            "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6",
            "https://vault.internal/v1/secret/data/api",
        ]
        for value in values {
            for template in ["API_KEY=%@\n", "api_key: \"%@\"\n", "client = Client(api_key=\"%@\")\n"] {
                let text = template.replacingOccurrences(of: "%@", with: value)
                let path = template.hasPrefix("client") ? "app/client.py" : template.hasPrefix("api") ? "a.yml" : ".env"
                let findings = scanAll(SecretExampleFile.sourceFile(path: path, text: text, addedLines: [1]))
                XCTAssertEqual(findings.map(\.rule), [], "\(value) in \(path)")
            }
        }
    }

    /// Chance puts runs and words into real keys: a key is not taken for a placeholder for what a random value of
    /// its length and alphabet often holds, and is for what it would hold in fewer than one value in a million.
    func testRunsAndWordsAChanceValueHoldsDoNotMakeAPlaceholder() {
        let hex = ExampleSecret.lowerHex
        let secrets = [
            // The key that once passed a CI run: 64 hex digits with `444444` in them (one such key in 17,000).
            "sk-" + "proj-" + "B8ADEE70914F4A1AA027ED5C0A765CA5" + "9D4DE012BF444444A64303F791F83208",
            // Seven ascending hex digits (in about one 64-digit key in a million; eight equal ones are what a hex value
            // must hold to be made up).
            "sk-" + "proj-" + ExampleSecret.random(28, from: hex, seed: "run-a") + "1234567"
                + ExampleSecret.random(29, from: hex, seed: "run-b"),
            // `test` inside 99 letters and digits of both cases: one Stripe key in ten thousand.
            "sk_" + "live_" + ExampleSecret.random(40, from: ExampleSecret.alphanumeric, seed: "word-a") + "test"
                + ExampleSecret.random(55, from: ExampleSecret.alphanumeric, seed: "word-b"),
        ]
        for secret in secrets {
            let findings = scanAll(SecretExampleFile.sourceFile(
                path: "config/settings.py", text: "API_KEY = \"\(secret)\"\n", addedLines: [1]))
            XCTAssertFalse(findings.filter { $0.tier == .critical }.isEmpty, "\(secret): \(findings.map(\.rule))")
        }
        let placeholders = [
            // Eight equal hex digits in 64: fewer than one random key in a million.
            "sk-" + "proj-" + ExampleSecret.random(28, from: hex, seed: "zeros-a") + "00000000"
                + ExampleSecret.random(28, from: hex, seed: "zeros-b"),
            // 39 letters, too short for the OpenAI shape: the entropy-only rule counts a word anywhere.
            "sk-" + "proj-" + "thisisnotarealkeyjustfortestingpurposes",
            // A word written as a word at the start of a part between separators.
            "sk-" + "proj-" + "abc-" + "Sample" + ExampleSecret.random(50, from: ExampleSecret.alphanumeric, seed: "part"),
        ]
        for placeholder in placeholders {
            let findings = scanAll(SecretExampleFile.sourceFile(
                path: "config/settings.py", text: "API_KEY = \"\(placeholder)\"\n", addedLines: [1]))
            XCTAssertEqual(findings.map(\.rule), [], placeholder)
        }
    }

    /// Seeded random values of the alphabets credentials are drawn from, as a provider's shape matches them: none is a
    /// placeholder. With any run of six and any word anywhere counted, as before, 7 of each 20,000 hex keys of 64
    /// digits were, 2 of the 10,000 of 99 letters and digits, 4 of the 5,000 OpenAI-shaped bodies.
    func testRandomValuesAreNotPlaceholders() {
        let samples: [(alphabet: String, length: Int, count: Int)] = [
            (ExampleSecret.lowerHex, 64, 20_000), (ExampleSecret.lowerHex.uppercased(), 64, 20_000),
            (ExampleSecret.lowerHex, 32, 20_000), (ExampleSecret.alphanumeric, 99, 10_000),
            (ExampleSecret.alphanumeric, 48, 10_000), (ExampleSecret.tokenCharacters, 156, 5_000),
            (ExampleSecret.base64, 40, 10_000),
        ]
        for sample in samples {
            var placeholders: [String] = []
            for index in 0..<sample.count {
                let value = ExampleSecret.random(sample.length, from: sample.alphabet, seed: "chance-\(sample.length)-\(index)")
                let bytes = Array(value.utf8)
                if bytes.withUnsafeBufferPointer({ SecretValue.isPlaceholder($0, 0..<$0.count, shaped: true) }) {
                    placeholders.append(value)
                }
            }
            XCTAssertEqual(placeholders, [], "\(sample.length) of \(sample.alphabet)")
        }
    }

    /// The entropy floor by chance: the exact expected entropy of a random value less 7.5 deviations, as computed
    /// independently (Python, exact binomial sums) for a few lengths and alphabets.
    func testChanceFloorIsTheExpectedEntropyLessItsMargin() {
        let expected: [(count: Int, alphabet: Int, floor: Double)] = [
            (20, 16, 1.8808), (64, 16, 3.3566), (30, 62, 2.9795), (156, 64, 5.2844), (400, 64, 5.7307),
        ]
        for (count, alphabet, floor) in expected {
            XCTAssertEqual(SecretValue.chanceFloor(count: count, alphabet: alphabet), floor, accuracy: 0.0001, "\(count) of \(alphabet)")
        }
    }

    func testAssignmentsAcrossLanguagesAndFormats() {
        let token = ExampleSecret.genericToken
        let positives: [(path: String, line: String, secret: String, rule: String)] = [
            ("cmd/server/main.go", "\tapiKey := \"\(token)\"", token, "high-entropy-secret"),
            ("config/initializers/keys.rb", "config.api_key = '\(token)'", token, "high-entropy-secret"),
            ("config/services.php", "    'api_key' => '\(token)',", token, "high-entropy-secret"),
            ("src/main/java/App.java", "private static final String API_TOKEN = \"\(token)\";", token,
             "high-entropy-secret"),
            ("infra/main.tf", "  password = \"\(ExampleSecret.genericPassword)\"", ExampleSecret.genericPassword,
             "high-entropy-secret"),
            (".npmrc", "//registry.npmjs.org/:_authToken=\(token)", token, "high-entropy-secret"),
            ("appsettings.json", "  \"ClientSecret\": \"\(token)\",", token, "high-entropy-secret"),
            ("Sources/App/Settings.swift", "let stripeKey = \"\(ExampleSecret.stripeLive)\"", ExampleSecret.stripeLive,
             "stripe-secret-key"),
            ("src/lib.rs", "const KEY: &str = \"\(ExampleSecret.anthropic)\";", ExampleSecret.anthropic,
             "anthropic-api-key"),
            ("scripts/deploy.sh", "export GITHUB_TOKEN=\"\(ExampleSecret.gitHubClassic)\"", ExampleSecret.gitHubClassic,
             "github-token"),
            ("k8s/secret.yaml", "  OPENAI_API_KEY: \"\(ExampleSecret.openAIProject)\"", ExampleSecret.openAIProject,
             "openai-api-key"),
            ("Mailer/Program.cs", "var client = new SendGridClient(\"\(ExampleSecret.sendGrid)\");", ExampleSecret.sendGrid,
             "sendgrid-api-key"),
        ]
        for positive in positives {
            let file = SecretExampleFile.sourceFile(path: positive.path, text: positive.line + "\n", addedLines: [1])
            let findings = scanAll(file)
            let prefix = positive.line.range(of: positive.secret).map { positive.line[..<$0.lowerBound] } ?? ""
            XCTAssertEqual(findings.map(\.rule), [positive.rule], positive.path)
            XCTAssertEqual(findings.first?.column, prefix.utf8.count + 1, positive.path)
            assertRedacted(findings, positive.path)
        }
        let negatives: [(path: String, line: String)] = [
            ("Cargo.lock", "checksum = \"\(ExampleSecret.genericHex)\""),
            ("go.sum", "golang.org/x/crypto v0.17.0 h1:\(ExampleSecret.random(43, from: ExampleSecret.base64, seed: "h1"))="),
            ("src/signup.ts", "const passwordHint = \"Use 12 characters and 1 digit\";"),
            ("k8s/ingress.yaml", "    secretName: api-tls-2024-rotated-7f3a9c"),
            ("mysite/settings.py", "SECRET_KEY = get_random_secret_key()"),
            ("db/postgresql.conf", "password_encryption = scram-sha-256"),
            ("src/sort.js", "const sortKey = \"createdAt_2024_desc_v2\";"),
            ("i18n/en.json", "  \"token_expired\": \"Your session token expired in 2024, sign in again\","),
            ("api/client.py", "headers = {\"Authorization\": f\"Bearer {token}\"}"),
            ("src/models.py", "model = \"gpt-4o-mini-2024-07-18\"; max_tokens = 4096"),
            ("README.md", "Use the `OPENAI_API_KEY` environment variable; never commit `sk-proj-…` keys."),
            ("data/iam.json", "  \"PasswordLastUsed\": \"2016-09-08T21:47:36Z\","),
            ("data/ec2.json", "  \"PurchaseToken\": \"eyJ2IjoiMSIsInMiOjEsImMiOi...\","),
            ("data/waf.json", "  \"ChangeToken\": \"abcd12f2-46da-4fdb-b8d5-fbd4c466928f\","),
            ("data/paginators.json", "  \"result_key\": \"Ipv6CidrAssociations\""),
        ]
        for negative in negatives {
            let file = SecretExampleFile.sourceFile(path: negative.path, text: negative.line + "\n", addedLines: [1])
            XCTAssertEqual(scanAll(file).map(\.rule), [], negative.path)
        }
    }

    func testStripeTestKeysNeedSignOffRatherThanBlock() {
        let text = "STRIPE_SECRET_KEY=\(ExampleSecret.stripeTest)\nstripe.api_key = \"\(ExampleSecret.stripeTest)\"\n"
        let findings = scanAll(SecretExampleFile.sourceFile(path: "billing/keys.py", text: text, addedLines: [1, 2]))
        XCTAssertEqual(findings.map(\.rule), ["stripe-secret-key", "stripe-secret-key"])
        XCTAssertEqual(findings.map(\.tier), [.high, .high])
        XCTAssertEqual(findings.map(\.action), [.requireApproval, .requireApproval])
        let live = scanAll(SecretExampleFile.sourceFile(path: "billing/keys.py", text: "KEY = \"\(ExampleSecret.stripeLive)\"\n",
                                                         addedLines: [1]))
        XCTAssertEqual(live.map(\.tier), [.critical])
    }

    /// A Twilio auth token under a name that does not say Twilio (`authToken`, `auth_token`) is Twilio's when its
    /// account SID is written beside it (the quickstart); with no SID near, the same value is an entropy-only secret.
    func testAnAuthTokenBesideAnAccountSIDIsTwilios() {
        let sid = ExampleSecret.twilioAccountSID, token = ExampleSecret.twilioAuthToken
        let quickstart = "account_sid = \"\(sid)\"\nauth_token = \"\(token)\"\nclient = Client(account_sid, auth_token)\n"
        let paired = scanAll(SecretExampleFile.sourceFile(path: "notify/sms.py", text: quickstart, addedLines: [1, 2, 3]))
        XCTAssertEqual(paired.map(\.rule), ["twilio-credential"])
        XCTAssertEqual(paired.map(\.tier), [.critical])
        XCTAssertFalse(paired.contains { $0.message.contains(token) || ($0.evidence ?? "").contains(token) })
        // The SID far from the token (another part of a long file) does not pair them.
        let apart = "account_sid = \"\(sid)\"\n" + String(repeating: "# notes\n", count: 80) + "auth_token = \"\(token)\"\n"
        let alone = scanAll(SecretExampleFile.sourceFile(path: "notify/sms.py", text: apart, addedLines: Set(1...82)))
        XCTAssertEqual(alone.map(\.rule), ["high-entropy-secret"])
        // Nor is a token-named value with letters past `f` (not an auth token's hex) beside a SID.
        let mixed = "account_sid = \"\(sid)\"\nauth_token = \"\(ExampleSecret.random(32, from: ExampleSecret.alphanumeric, seed: "not-hex"))\"\n"
        XCTAssertFalse(scanAll(SecretExampleFile.sourceFile(path: "notify/sms.py", text: mixed, addedLines: [1, 2]))
            .contains { $0.rule == "twilio-credential" })
    }

    /// A Discord webhook URL posts into a channel as Slack's does: found on every host Discord serves it from, with or
    /// without an API version, whatever id comes before its token (a made-up id counting up is still a live token's
    /// URL); a URL whose token is a placeholder is none.
    func testDiscordWebhookURLsAreFoundWhateverTheirHostAndId() {
        let token = ExampleSecret.random(68, from: ExampleSecret.tokenCharacters, seed: "discord-webhook-token")
        let urls = [
            "https://discord.com/api/webhooks/1203456789012345678/" + token,
            "https://discordapp.com/api/webhooks/987654321098765432/" + token,
            "https://ptb.discord.com/api/webhooks/1129384756102938475/" + token,
            "https://canary.discord.com/api/v10/webhooks/1129384756102938475/" + token,
        ]
        for url in urls {
            for (path, text) in [("bot/notify.py", "WEBHOOK_URL = \"\(url)\"\n"), (".env", "DISCORD_WEBHOOK_URL=\(url)\n")] {
                let findings = scanAll(SecretExampleFile.sourceFile(path: path, text: text, addedLines: [1]))
                XCTAssertEqual(findings.map(\.rule), ["messaging-provider-key"], "\(url) in \(path)")
                XCTAssertEqual(findings.map(\.tier), [.critical], "\(url) in \(path)")
                XCTAssertFalse(findings.contains { ($0.evidence ?? "").contains(token.prefix(8)) }, "\(url): evidence shows the token")
            }
        }
        let placeholders = [
            "https://discord.com/api/webhooks/<id>/<token>",
            "https://discord.com/api/webhooks/{webhook_id}/{webhook_token}",
            "https://discord.com/api/webhooks/123456789012345678/" + String(repeating: "X", count: 68),
            "https://discordapp.com/api/webhooks/000000000000000000/XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdef",
        ]
        for url in placeholders {
            let findings = scanAll(SecretExampleFile.sourceFile(path: ".env.example", text: "DISCORD_WEBHOOK_URL=\(url)\n", addedLines: [1]))
            XCTAssertEqual(findings.map(\.rule), [], url)
        }
    }

    func testAdjacentLiteralsAreJoinedBeforeMatching() {
        let key = ExampleSecret.openAIProject
        let cut = key.index(key.startIndex, offsetBy: 30)
        let python = "OPENAI_KEY = (\"\(key[..<cut])\"\n              \"\(key[cut...])\")\n"
        let javascript = "const key = \"\(key[..<cut])\" +\n  \"\(key[cut...])\";\n"
        for (path, text) in [("app/llm.py", python), ("src/llm.js", javascript)] {
            let findings = scanAll(SecretExampleFile.sourceFile(path: path, text: text, addedLines: [1, 2]))
            XCTAssertEqual(findings.map(\.rule), ["openai-api-key"], path)
            XCTAssertEqual(findings.first?.evidence, Redaction.redact(key), path)
        }
        // Literals in a list are separate values, not one split key.
        let list = "KEYS = [\"\(key[..<cut])\", \"\(key[cut...])\"]\n"
        XCTAssertEqual(scanAll(SecretExampleFile.sourceFile(path: "app/keys.py", text: list, addedLines: [1])).map(\.rule), [])
    }

    /// A template literal's text and the literals it interpolates are one value (`sk-proj-${"…"}${"…"}`), and so are
    /// the const literals of the file it interpolates (`${prefix}${rest}`); an environment lookup or a runtime value
    /// interpolated makes no key.
    func testTemplateLiteralsOfLiteralsAreJoinedBeforeMatching() {
        let key = ExampleSecret.openAIProject
        let cut = key.index(key.startIndex, offsetBy: 30)
        let body = key.dropFirst("sk-proj-".count)
        let middle = body.index(body.startIndex, offsetBy: 20)
        let inline = "const key = `sk-proj-${\"\(body[..<middle])\"}${'\(body[middle...])'}`;\n"
        let opening = "const key = `${\"\(key[..<cut])\"}\(key[cut...])`;\n"
        for text in [inline, opening] {
            let findings = scanAll(SecretExampleFile.sourceFile(path: "src/llm.ts", text: text, addedLines: [1]))
            XCTAssertEqual(findings.map(\.rule), ["openai-api-key"], text)
            XCTAssertEqual(findings.first?.evidence, Redaction.redact(key), text)
        }
        let constants = "const prefix = \"sk-proj-\";\nconst rest = \"\(body)\";\nexport const client = new OpenAI({ apiKey: `${prefix}${rest}` });\n"
        let found = scanAll(SecretExampleFile.sourceFile(path: "src/client.js", text: constants, addedLines: [1, 2, 3]))
        XCTAssertEqual(found.map(\.rule), ["openai-api-key"])
        XCTAssertEqual(found.first?.line, 3)
        XCTAssertFalse(found.first?.evidence?.contains(String(body)) ?? true)
        for text in [
            "const auth = `Bearer ${process.env.OPENAI_API_KEY}`;\n",
            "const key = `sk-${userSuppliedSuffix}`;\n",
            "const prefix = \"sk-proj-\";\nconst key = `${prefix}${req.body.key}`;\n",
            "const key = `sk-proj-${\"\(body[..<middle])\"}${suffix}`;\n",
        ] {
            XCTAssertEqual(scanAll(SecretExampleFile.sourceFile(path: "src/llm.ts", text: text, addedLines: [1, 2])).map(\.rule), [], text)
        }
    }

    /// Docs read a URL's query parameter as an assignment: its value ends where the next parameter starts.
    func testAQueryParameterInDocsEndsAtTheNextParameter() {
        let password = ExampleSecret.random(11, from: ExampleSecret.alphanumeric, seed: "query-password") + "@2024x"
        let text = "Sign in at https://portal.acme.dev/login?user=ops&password=\(password)&next=/dashboard\n"
        let findings = scanAll(SecretExampleFile.sourceFile(path: "docs/runbook.md", text: text, addedLines: [1]))
        XCTAssertEqual(findings.map(\.rule), ["high-entropy-secret"])
        XCTAssertEqual(findings.first?.evidence, Redaction.redact(password))
    }

    func testShortPasswordsAreRedactedWithoutPrefix() {
        let password = ExampleSecret.random(13, from: ExampleSecret.alphanumeric, seed: "short-password") + "9"
        let text = "DB_PASSWORD=\(password)\n"
        let findings = scanAll(SecretExampleFile.sourceFile(path: ".env", text: text, addedLines: [1]))
        XCTAssertEqual(findings.map(\.rule), ["high-entropy-secret"])
        XCTAssertEqual(findings.first?.evidence, "…[redacted 14 chars]")
    }

    func testSeveralSecretsOnOneLineAreEachReported() {
        let text = "keys = [\"\(ExampleSecret.gitHubClassic)\", \"\(ExampleSecret.gitHubOAuth)\"]\n"
        let findings = scanAll(SecretExampleFile.sourceFile(path: "tools/keys.py", text: text, addedLines: [1]))
        XCTAssertEqual(findings.map(\.column), [10, 54])
    }

    /// Cut every example at many places, and feed random bytes: scanning must never trap at a buffer edge.
    func testTruncatedAndRandomInputIsScannedSafely() {
        for detector in detectors {
            for example in detector.description.triggering {
                let bytes = Array(SecretExampleFile(example).file.bytes)
                for cut in stride(from: 0, through: bytes.count, by: 5) {
                    let change = FileChange(
                        path: example.path, kind: .added,
                        hunks: [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: 1,
                                     lines: [DiffLine(kind: .added, oldNumber: nil, newNumber: 1, text: "")])],
                        content: .text(Array(bytes[..<cut])))
                    for finding in scanAll(SourceFile(change: change)) {
                        XCTAssertEqual(finding.line, 1)
                        XCTAssertNotNil(finding.evidence?.range(of: "…[redacted "))
                    }
                }
            }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<200_000).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            // Mostly the bytes the engine reacts to, so every path runs.
            let interesting = Array("sk-_:=\"'\\ \nAKIxogvhB-SG.ACtz".utf8)
            return state % 4 == 0 ? UInt8(truncatingIfNeeded: state >> 8) : interesting[Int(state >> 16) % interesting.count]
        }
        let lineCount = noise.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
        let change = FileChange(
            path: "noise.env", kind: .added,
            hunks: [Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lineCount,
                         lines: (1...lineCount).map { DiffLine(kind: .added, oldNumber: nil, newNumber: $0, text: "") })],
            content: .text(noise))
        for finding in scanAll(SourceFile(change: change)) {
            XCTAssertTrue((1...lineCount).contains(finding.line))
        }
    }

    func testEntropyMeasuresRandomness() {
        func entropy(_ text: String) -> Double {
            Array(text.utf8).withUnsafeBufferPointer { SecretValue.entropy($0, 0..<$0.count) }
        }
        XCTAssertEqual(entropy("aaaaaaaa"), 0, accuracy: 1e-9)
        XCTAssertEqual(entropy("abababab"), 1, accuracy: 1e-9)
        XCTAssertEqual(entropy("0123456789abcdef"), 4, accuracy: 1e-9)
        XCTAssertGreaterThan(entropy(ExampleSecret.genericToken), 4.5)
    }

    func testAKeyAtTheEndOfAMegabyteMinifiedLineIsFoundAtItsColumn() {
        var chunk = "function a(b){return b.map(c=>c*2)};var d={e:1,f:\"g\",h:[1,2,3]},token:\"abc\",key=x;"
        chunk += "if(a===b&&c!==d){k=\"sk-\"+l}"
        var text = String(repeating: chunk, count: 1_048_576 / chunk.utf8.count)
        let offset = text.utf8.count
        text += "var stripe=\"\(ExampleSecret.stripeLive)\";\n"
        let file = SecretExampleFile.sourceFile(path: "public/app.min.js", text: text, addedLines: [1])
        let findings = scanAll(file)
        XCTAssertEqual(findings.map(\.rule), ["stripe-secret-key"])
        XCTAssertEqual(findings.first?.column, offset + 13)
    }

    /// SPEC §8: 16 MB of added text scanned by all secret detectors in a small part of a quarter second.
    func testSixteenMegabytesOfMixedTextHoldNoSecret() {
        let samples = [
            "def handler(event, context):\n    token = event[\"headers\"].get(\"x-token\")\n    return {\"ok\": True}\n",
            "export const config = { key: process.env.KEY, retries: 3, url: \"https://api.acme.dev/v1\" };\n",
            "OPENAI_API_KEY=${OPENAI_API_KEY}\nLOG_LEVEL=info\n",
            "spec:\n  containers:\n    - name: web\n      image: acme/web:1.2.3\n      env: [{name: MODE, value: prod}]\n",
            "func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }\n",
            "| column | type | note |\n|---|---|---|\n| secret_ref | text | see docs: sk-... |\n",
        ]
        let unit = samples.joined()
        let bytes = Array(String(repeating: unit, count: 16_000_000 / unit.utf8.count).utf8)
        // Every line added; the diff lines' texts stay empty because detectors read the bytes.
        let lineCount = bytes.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lines = (1...lineCount).map { DiffLine(kind: .added, oldNumber: nil, newNumber: $0, text: "") }
        let hunk = Hunk(oldStart: 0, oldCount: 0, newStart: 1, newCount: lineCount, lines: lines)
        let file = SourceFile(change: FileChange(path: "src/mixed.txt", kind: .added, hunks: [hunk],
                                                 content: .text(bytes)))
        // How fast is bench/'s question (release builds, against git in the same run); this one is what is found.
        XCTAssertEqual(scanAll(file), [])
    }
}
