/// Tavily search API keys.
struct TavilyKeyDetector: CredentialDetector {
    let provider: String? = "tavily"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Tavily API key", prefix: "tvly-", body: .run(.tokenCharacters, 24...128)),
    ]

    private static let about = DetectorDescription(
        id: "tavily-api-key", name: "Tavily API key", category: .secret,
        rationale: """
            A Tavily key (tvly-, including tvly-dev- and tvly-prod- keys) pays for every search an agent runs \
            through it; agent loops can spend a month's credits in an afternoon. Placeholders are not reported.
            """,
        triggering: [
            DetectorExample("TAVILY_API_KEY=↓\(ExampleSecret.tavily)\n", path: ".env"),
            DetectorExample("""
                from tavily import TavilyClient

                tavily = TavilyClient(api_key="↓\(ExampleSecret.tavilyDevelopment)")
                """, path: "agents/research.py"),
            DetectorExample("""
                {
                 "cells": [
                  { "cell_type": "code", "source": ["search = TavilySearchResults(tavily_api_key=\\"↓\(ExampleSecret.tavily)\\")"] }
                 ]
                }
                """, path: "notebooks/agent.ipynb"),
        ],
        nonTriggering: [
            DetectorExample("TAVILY_API_KEY=tvly-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", path: ".env.example"),
            DetectorExample("tavily = TavilyClient(api_key=os.getenv(\"TAVILY_API_KEY\"))\n", path: "agents/research.py"),
            DetectorExample("Get a key (`tvly-...`) from the Tavily dashboard.\n", path: "README.md"),
        ])
}
