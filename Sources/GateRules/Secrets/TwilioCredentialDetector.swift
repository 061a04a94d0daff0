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

    /// A 32-character auth token or API key secret assigned to a Twilio-named variable, or an auth token (32 hex
    /// digits) assigned to a token-named one beside an account SID literal: the quickstart's `accountSid = 'AC…'`,
    /// `authToken = '…'`, handed to `twilio(accountSid, authToken)` or `Client(account_sid, auth_token)`.
    static let authToken = AssignmentRule(
        CredentialVerdict("Twilio auth token"), minimumLength: 32, refusedBytes: ByteSet(" \t"),
        plausible: { [alphanumeric = ByteSet.alphanumeric] buffer, value in
            value.count == 32 && value.allSatisfy { alphanumeric.contains(buffer[$0]) }
        },
        accepts: { name, buffer, value in
            let namesToken = name.contains("token") || name.contains("auth")
            guard name.contains("twilio") ? namesToken || name.contains("secret")
                : namesToken && value.allSatisfy({ ByteSet.lowerHex.contains(buffer[$0]) }) && hasAccountSID(near: value, in: buffer)
            else { return false }
            return SecretValue.looksLive(shaped: buffer, value, minimumEntropy: 3.0)
        })

    /// How far from a token its account SID is looked for: the lines around it, where a quickstart or a config
    /// file writes the pair.
    private static let accountSIDReach = 400

    /// Whether an account SID literal (`AC` and 32 hex digits, a whole word) is written within `accountSIDReach`
    /// bytes of `value`. Asked only of a 32-hex-digit value under a token-named variable, so the scan is rare.
    private static func hasAccountSID(near value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = max(0, value.lowerBound - accountSIDReach)
        let end = min(buffer.count, value.upperBound + accountSIDReach)
        var cursor = start
        while cursor + 34 <= end {
            defer { cursor += 1 }
            guard buffer[cursor] == UInt8(ascii: "A"), buffer[cursor + 1] == UInt8(ascii: "C"),
                  cursor == 0 || !ByteSet.alphanumeric.contains(buffer[cursor - 1]),
                  cursor + 34 == buffer.count || !ByteSet.alphanumeric.contains(buffer[cursor + 34])
            else { continue }
            if isAccountSID(buffer, cursor..<(cursor + 34)) { return true }
        }
        return false
    }

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
            // The quickstart: the token beside its account SID, under names that do not say Twilio.
            DetectorExample("""
                const accountSid = '\(ExampleSecret.twilioAccountSID)';
                const authToken = '↓\(ExampleSecret.twilioAuthToken)';
                const client = require('twilio')(accountSid, authToken);
                """, path: "scripts/sms.js"),
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
