/// Anthropic API and admin keys.
struct AnthropicKeyDetector: CredentialDetector {
    let provider: String? = "anthropic"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Anthropic API key", prefix: "sk-ant-api03-", body: .run(.tokenCharacters, 80...120)),
        TokenShape("Anthropic admin key", prefix: "sk-ant-admin01-", body: .run(.tokenCharacters, 80...120)),
        // Claude Code's OAuth tokens (`claude setup-token`) spend the owner's plan as a key does.
        TokenShape("Anthropic OAuth token", prefix: "sk-ant-oat01-", body: .run(.tokenCharacters, 80...120)),
        TokenShape("Anthropic OAuth refresh token", prefix: "sk-ant-ort01-", body: .run(.tokenCharacters, 80...120)),
    ]

    private static let about = DetectorDescription(
        id: "anthropic-api-key", name: "Anthropic API key", category: .secret,
        rationale: """
            An Anthropic key (sk-ant-api03-…) bills every Claude request to its owner, and an admin key \
            (sk-ant-admin01-…) manages the organisation's keys and members. Either one in a repository is a \
            standing invitation to spend the account's budget. Placeholders (sk-ant-..., sk-ant-api03-xxxx, \
            a key built from repeated or counting-up characters) are not reported.
            """,
        triggering: [
            DetectorExample("ANTHROPIC_API_KEY=↓\(ExampleSecret.anthropic)\n", path: ".env.production"),
            DetectorExample("""
                import Anthropic from "@anthropic-ai/sdk";

                const anthropic = new Anthropic({ apiKey: "↓\(ExampleSecret.anthropic)" });
                """, path: "src/lib/claude.ts"),
            DetectorExample("""
                llm:
                  provider: anthropic
                  admin_key: "↓\(ExampleSecret.anthropicAdmin)"
                """, path: "deploy/values.yaml"),
            DetectorExample("""
                {
                  "mcpServers": {
                    "assistant": { "env": { "ANTHROPIC_API_KEY": "↓\(ExampleSecret.anthropic)" } }
                  }
                }
                """, path: ".mcp.json"),
        ],
        nonTriggering: [
            DetectorExample("Export your key first: `export ANTHROPIC_API_KEY=sk-ant-api03-...`\n", path: "docs/setup.md"),
            DetectorExample("""
                import anthropic, os

                client = anthropic.Anthropic(api_key=os.environ.get("ANTHROPIC_API_KEY"))
                """, path: "worker/summarize.py"),
            DetectorExample("ANTHROPIC_API_KEY=sk-ant-api03-" + String(repeating: "X", count: 95) + "\n",
                            path: ".env.sample"),
            DetectorExample("ANTHROPIC_API_KEY=<your-anthropic-key>\n", path: ".env.template"),
            DetectorExample(
                "export ANTHROPIC_API_KEY=sk-ant-api03-abc123def456ghi789jkl012mno345pqr678stu901vwx234yz567abc890def123ghi456"
                    + "jkl789mno012pqr345st-uvw678AA\n", path: "docs/config.md"),
        ])
}
