/// Google API keys (Gemini, Maps, Firebase and the other Google Cloud APIs).
struct GoogleAPIKeyDetector: CredentialDetector {
    let provider: String? = "google"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Google API key", prefix: "AIza", body: .run(.tokenCharacters, 35...35)),
    ]

    private static let about = DetectorDescription(
        id: "google-api-key", name: "Google API key", category: .secret,
        rationale: """
            A Google API key (AIza and 35 characters) bills Gemini, Maps, Places and other Google Cloud APIs \
            to its project. Keys meant for browsers still need referrer restrictions; a key in a repository \
            usually has none and is used by others within hours. Placeholders are not reported.
            """,
        triggering: [
            DetectorExample("GEMINI_API_KEY=↓\(ExampleSecret.googleAPIKey)\n", path: ".env.local"),
            DetectorExample("""
                import google.generativeai as genai

                genai.configure(api_key="↓\(ExampleSecret.googleAPIKey)")
                """, path: "pipeline/classify.py"),
            DetectorExample("""
                <script src="https://maps.googleapis.com/maps/api/js?key=↓\(ExampleSecret.googleAPIKey)&callback=initMap"></script>
                """, path: "public/index.html"),
            DetectorExample("""
                {
                  "project_info": { "project_id": "acme-prod" },
                  "client": [{ "api_key": [{ "current_key": "↓\(ExampleSecret.googleAPIKey)" }] }]
                }
                """, path: "android/app/google-services.json"),
        ],
        nonTriggering: [
            DetectorExample("GEMINI_API_KEY=AIza" + String(repeating: "X", count: 35) + "\n", path: ".env.example"),
            DetectorExample("genai.configure(api_key=os.environ[\"GEMINI_API_KEY\"])\n", path: "pipeline/classify.py"),
            DetectorExample("Google keys start with `AIza...`; restrict them by referrer.\n", path: "docs/maps.md"),
        ])
}
