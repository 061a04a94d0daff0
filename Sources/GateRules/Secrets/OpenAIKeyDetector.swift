/// OpenAI API keys: project, service-account and admin keys, and the legacy `sk-` form.
struct OpenAIKeyDetector: CredentialDetector {
    let provider: String? = "openai"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("OpenAI project API key", prefix: "sk-proj-", body: .run(.tokenCharacters, 40...400)),
        TokenShape("OpenAI service-account key", prefix: "sk-svcacct-", body: .run(.tokenCharacters, 40...400)),
        TokenShape("OpenAI admin key", prefix: "sk-admin-", body: .run(.tokenCharacters, 40...400)),
        // Keys made without a project ("sk-None-…", issued in 2024): `T3BlbkFJ` ("OpenAI" in base64) inside.
        TokenShape("OpenAI user API key", prefix: "sk-None-", body: .run(.tokenCharacters, 40...400)),
        TokenShape("OpenAI API key", prefix: "sk-", body: .run(.alphanumeric, 48...48)),
    ]

    private static let about = DetectorDescription(
        id: "openai-api-key", name: "OpenAI API key", category: .secret,
        rationale: """
            An OpenAI key bills every request to its owner's account and is rate-limited only by the spending \
            cap: a key pushed to a repository is found by scrapers within minutes and can spend thousands of \
            dollars in a weekend. Recognises project (sk-proj-), service-account (sk-svcacct-), admin \
            (sk-admin-), project-less (sk-None-) and legacy (sk- and 48 letters and digits) keys; placeholders such as sk-..., sk-xxxx \
            or a key built from repeated or sequential characters are not reported.
            """,
        triggering: [
            DetectorExample("OPENAI_API_KEY=↓\(ExampleSecret.openAIProject)\n", path: ".env"),
            DetectorExample("""
                from openai import OpenAI

                client = OpenAI(api_key="↓\(ExampleSecret.openAIServiceAccount)")
                """, path: "app/llm.py"),
            DetectorExample("""
                ## Quick start

                ```bash
                export OPENAI_API_KEY=↓\(ExampleSecret.openAILegacy)
                ```
                """, path: "README.md"),
            DetectorExample("""
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "source": [
                    "import os\\n",
                    "os.environ[\\"OPENAI_ADMIN_KEY\\"] = \\"↓\(ExampleSecret.openAIAdmin)\\"\\n"
                   ]
                  }
                 ]
                }
                """, path: "notebooks/usage-report.ipynb"),
        ],
        nonTriggering: [
            DetectorExample("Set `OPENAI_API_KEY=sk-...` in your shell before running the demo.\n", path: "README.md"),
            DetectorExample("OPENAI_API_KEY=sk-proj-" + String(repeating: "x", count: 48) + "\n",
                            path: ".env.example"),
            DetectorExample("""
                import os
                from openai import OpenAI

                client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
                """, path: "app/llm.py"),
            DetectorExample("const apiKey = process.env.OPENAI_API_KEY ?? \"sk-your-key-here\";\n",
                            path: "src/config.ts"),
            DetectorExample("openai:\n  api_key: ${OPENAI_API_KEY}\n  model: gpt-4o-mini\n", path: "config/app.yml"),
            // Samples typed counting up, letters and digits apart or interleaved.
            DetectorExample("""
                ```bash
                export OPENAI_API_KEY=sk-proj-abc123def456ghi789jkl012mno345pqr678stu901vwx234yz
                export OPENAI_API_KEY=sk-proj-a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v2w3x4y5z6
                ```
                """, path: "docs/config.md"),
            DetectorExample(
                "OPENAI_API_KEY=\(ExampleSecret.openAIProject)\nLOG_LEVEL=debug\n",
                path: ".env", base: "OPENAI_API_KEY=\(ExampleSecret.openAIProject)\nLOG_LEVEL=info\n"),
        ])
}
