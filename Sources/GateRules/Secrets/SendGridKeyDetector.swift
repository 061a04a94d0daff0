/// SendGrid API keys (`SG.` id `.` secret).
struct SendGridKeyDetector: CredentialDetector {
    let provider: String? = "sendgrid"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let keyCharacters = ByteSet("A-Za-z0-9_.-")

    private static let tokenShapes = [
        TokenShape("SendGrid API key", prefix: "SG.", body: .run(keyCharacters, 66...66), minimumEntropy: 3.5) {
            buffer, body in
            body.allSatisfy { ($0 == body.lowerBound + 22) == (buffer[$0] == UInt8(ascii: ".")) }
        },
    ]

    private static let about = DetectorDescription(
        id: "sendgrid-api-key", name: "SendGrid API key", category: .secret,
        rationale: """
            A SendGrid key sends e-mail from the account's verified domains: leaked keys are used for phishing \
            and spam that burn the sender's reputation and its paid volume. The key has a fixed shape \
            (SG., a 22-character id, a dot, a 43-character secret); placeholders are not reported.
            """,
        triggering: [
            DetectorExample("SENDGRID_API_KEY=↓\(ExampleSecret.sendGrid)\n", path: ".env"),
            DetectorExample("""
                sg = sendgrid.SendGridAPIClient(api_key="↓\(ExampleSecret.sendGrid)")
                """, path: "mailer/send.py"),
            DetectorExample("""
                mail:
                  sendgrid:
                    key: ↓\(ExampleSecret.sendGrid)
                """, path: "config/mail.yml"),
            DetectorExample("""
                sgMail.setApiKey("↓\(ExampleSecret.sendGrid)");
                """, path: "api/notify.js"),
        ],
        nonTriggering: [
            DetectorExample("SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
                            path: ".env.example"),
            DetectorExample("Create a key in SendGrid (it starts with `SG.`) and store it as `SENDGRID_API_KEY`.\n",
                            path: "README.md"),
            DetectorExample("sgMail.setApiKey(process.env.SENDGRID_API_KEY);\n", path: "api/notify.js"),
        ])
}
