/// Twilio API keys, auth tokens, and account SID and token pairs.
struct TwilioCredentialDetector: CredentialDetector {
    let provider: String? = "twilio"
    var shapes: [TokenShape] { Self.tokenShapes }
    var assignments: [AssignmentRule] { [Self.authToken] }
    var description: DetectorDescription { Self.about }

    private static let sidAndToken = ByteSet("0-9a-f:")

    private static let tokenShapes = [
        TokenShape("Twilio API key", prefix: "SK", body: .run(.lowerHex, 32...32)),
        TokenShape("Twilio account SID and auth token", prefix: "AC", body: .run(sidAndToken, 65...65)) { buffer, body in
            buffer[body.lowerBound + 32] == UInt8(ascii: ":")
                && !body.contains { $0 != body.lowerBound + 32 && buffer[$0] == UInt8(ascii: ":") }
        },
    ]

    /// A 32-character auth token or API key secret assigned to a Twilio-named variable.
    static let authToken = AssignmentRule(
        CredentialVerdict("Twilio auth token"), minimumLength: 32, refusedBytes: ByteSet(" \t"),
        plausible: { [alphanumeric = ByteSet.alphanumeric] buffer, value in
            value.count == 32 && value.allSatisfy { alphanumeric.contains(buffer[$0]) }
        },
        accepts: { name, buffer, value in
            name.contains("twilio") && (name.contains("token") || name.contains("secret") || name.contains("auth"))
                && SecretValue.looksLive(shaped: buffer, value, minimumEntropy: 3.0)
        })

    /// Whether the value is an account SID (`AC` and 32 hex digits): an identifier, but a call that takes one
    /// first (`Client("AC…", "…")`) takes its auth token next.
    static func isAccountSID(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        value.count == 34 && buffer[value.lowerBound] == UInt8(ascii: "A") && buffer[value.lowerBound + 1] == UInt8(ascii: "C")
            && value.dropFirst(2).allSatisfy { ByteSet.lowerHex.contains(buffer[$0]) }
    }

    private static let about = DetectorDescription(
        id: "twilio-credential", name: "Twilio credential", category: .secret,
        rationale: """
            Twilio credentials send SMS and place calls billed per message, and leaked ones are abused for \
            SMS pumping fraud. Reports API keys (SK and 32 hex digits), auth tokens assigned to Twilio-named \
            variables, and account SID and token pairs (AC…:token) as curl and URLs carry them. An account SID \
            alone is an identifier, not a secret, and is not reported.
            """,
        triggering: [
            DetectorExample("""
                TWILIO_ACCOUNT_SID=\(ExampleSecret.twilioAccountSID)
                TWILIO_AUTH_TOKEN=↓\(ExampleSecret.twilioAuthToken)
                """, path: ".env"),
            DetectorExample("""
                from twilio.rest import Client

                client = Client("↓\(ExampleSecret.twilioAPIKey)", os.environ["TWILIO_API_SECRET"], account_sid)
                """, path: "notify/sms.py"),
            DetectorExample("""
                ```sh
                curl -X POST https://api.twilio.com/2010-04-01/Accounts/\(ExampleSecret.twilioAccountSID)/Messages.json \\
                  -u ↓\(ExampleSecret.twilioAccountSID):\(ExampleSecret.twilioAuthToken)
                ```
                """, path: "docs/sms.md"),
            // Laravel's `env()` default: judged under the variable it reads.
            DetectorExample("""
                'twilio' => [
                    'sid' => env('TWILIO_SID', '\(ExampleSecret.twilioAccountSID)'),
                    'token' => env('TWILIO_AUTH_TOKEN', '↓\(ExampleSecret.twilioAuthToken)'),
                ],
                """, path: "config/services.php"),
            DetectorExample("""
                {
                  "IsEncrypted": false,
                  "Values": {
                    "TWILIO_ACCOUNT_SID": "\(ExampleSecret.twilioAccountSID)",
                    "TWILIO_AUTH_TOKEN": "↓\(ExampleSecret.twilioAuthToken)"
                  }
                }
                """, path: "local.settings.json"),
        ],
        nonTriggering: [
            DetectorExample("TWILIO_ACCOUNT_SID=\(ExampleSecret.twilioAccountSID)\n", path: ".env"),
            DetectorExample("TWILIO_AUTH_TOKEN=your_auth_token\n", path: ".env.example"),
            DetectorExample("""
                const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
                """, path: "src/sms.ts"),
            DetectorExample("""
                twilio:
                  auth_token: "00000000000000000000000000000000"
                """, path: "config/test.yml"),
        ])
}
