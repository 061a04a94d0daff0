/// Slack bot, user and app-level tokens, and incoming webhook URLs.
struct SlackTokenDetector: CredentialDetector {
    let provider: String? = "slack"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenBody = ByteSet("A-Za-z0-9-")
    private static let webhookPath = ByteSet("A-Za-z0-9/")

    private static let tokenShapes = [
        TokenShape("Slack token", prefix: "xox[bpaers]-", body: .run(tokenBody, 30...255)),
        TokenShape("Slack app-level token", prefix: "xapp-", body: .run(tokenBody, 30...255)),
        TokenShape("Slack incoming webhook URL", prefix: "hooks.slack.com/services/T", body: .run(webhookPath, 40...120)) {
            buffer, body in
            // T…/B…/secret: two more slashes, the secret after the last one at least 20 characters.
            let slashes = body.filter { buffer[$0] == UInt8(ascii: "/") }
            return slashes.count == 2 && body.upperBound - slashes[1] > 20
        },
    ]

    private static let about = DetectorDescription(
        id: "slack-token", name: "Slack token or webhook", category: .secret,
        rationale: """
            Slack tokens (xoxb- bot, xoxp- user, xapp- app-level, and the other xox forms) read and post in \
            the workspace as the app or the user; a webhook URL lets anyone post into a channel, which \
            phishing campaigns use. Documentation placeholders (xoxb-your-token, T000/B000/XXXX) are not \
            reported.
            """,
        triggering: [
            DetectorExample("SLACK_BOT_TOKEN=↓\(ExampleSecret.slackBot)\n", path: ".env"),
            DetectorExample("""
                const web = new WebClient("↓\(ExampleSecret.slackUser)");
                """, path: "src/notify.ts"),
            DetectorExample("""
                alerts:
                  slack_webhook: https://↓\(ExampleSecret.slackWebhook.dropFirst("https://".count))
                """, path: "config/alerts.yaml"),
            DetectorExample("""
                app = App(token=os.environ["SLACK_BOT_TOKEN"], app_token="↓\(ExampleSecret.slackApp)")
                """, path: "bot/main.py"),
        ],
        nonTriggering: [
            DetectorExample("SLACK_BOT_TOKEN=xoxb-your-bot-token\n", path: ".env.example"),
            DetectorExample("""
                Post to `https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX`.
                """, path: "docs/alerts.md"),
            DetectorExample("""
                const web = new WebClient(process.env.SLACK_BOT_TOKEN);
                """, path: "src/notify.ts"),
        ])
}
