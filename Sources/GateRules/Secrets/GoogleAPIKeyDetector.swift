/// Google API keys (Gemini, Maps, Firebase and the other Google Cloud APIs).
struct GoogleAPIKeyDetector: CredentialDetector {
    let provider: String? = "google"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Google API key", prefix: "AIza", body: .run(.tokenCharacters, 35...35), context: firebaseClientKey),
    ]

    /// A Firebase app's client config key (a web config's `apiKey`, `google-services.json`'s `current_key`,
    /// `GoogleService-Info.plist`'s `API_KEY`) identifies the project to every browser or installed app: it is public
    /// by design, and its protection is the project's security rules and the key's restrictions. Worth a look, never
    /// a block.
    private static let firebaseClientKey: TokenShape.Context = { buffer, key in
        guard let platform = FirebaseClientConfig.platform(ofKeyAt: key, in: buffer) else { return nil }
        return CredentialVerdict("Firebase \(platform.rawValue) API key (public by design)", tier: .low)
    }

    private static let about = DetectorDescription(
        id: "google-api-key", name: "Google API key", category: .secret,
        rationale: """
            A Google API key (AIza and 35 characters) bills Gemini, Maps, Places and other Google Cloud APIs \
            to its project. Keys meant for browsers still need referrer restrictions; a key in a repository \
            usually has none and is used by others within hours. Placeholders are not reported. A Firebase app's \
            client config key ships to every browser or installed app by design, and Firebase documents committing \
            it: the apiKey of a web config (next to authDomain or messagingSenderId and projectId or appId), the \
            current_key of Android's google-services.json (a file holding mobilesdk_app_id and project_info) and the \
            API_KEY of iOS's GoogleService-Info.plist (beside GOOGLE_APP_ID and GCM_SENDER_ID). It is reported low, \
            as a reminder to restrict it, and never blocks; the same key anywhere else (a server's .env, a backend's \
            code, a Maps key beside a Firebase env) is critical.
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
            // Reported low: public by design, worth restricting, never a block.
            DetectorExample("""
                const firebaseConfig = {
                  apiKey: "↓\(ExampleSecret.googleAPIKey)",
                  authDomain: "acme-prod.firebaseapp.com",
                  projectId: "acme-prod",
                  messagingSenderId: "612345678901",
                  appId: "1:612345678901:web:3f9a1c2b4d5e6f70",
                };
                """, path: "src/lib/firebase.ts"),
            DetectorExample("""
                {
                  "project_info": {
                    "project_number": "612345678901",
                    "project_id": "acme-prod",
                    "storage_bucket": "acme-prod.appspot.com"
                  },
                  "client": [
                    {
                      "client_info": {
                        "mobilesdk_app_id": "1:612345678901:android:3f9a1c2b4d5e6f70",
                        "android_client_info": { "package_name": "com.acme.app" }
                      },
                      "oauth_client": [],
                      "api_key": [{ "current_key": "↓\(ExampleSecret.googleAPIKey)" }]
                    }
                  ],
                  "configuration_version": "1"
                }
                """, path: "android/app/google-services.json"),
            DetectorExample("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                \t<key>API_KEY</key>
                \t<string>↓\(ExampleSecret.googleAPIKey)</string>
                \t<key>GCM_SENDER_ID</key>
                \t<string>612345678901</string>
                \t<key>BUNDLE_ID</key>
                \t<string>com.acme.app</string>
                \t<key>PROJECT_ID</key>
                \t<string>acme-prod</string>
                \t<key>GOOGLE_APP_ID</key>
                \t<string>1:612345678901:ios:3f9a1c2b4d5e6f70</string>
                </dict>
                </plist>
                """, path: "ios/Acme/GoogleService-Info.plist"),
            // A server key next to a Firebase config is still a server key; a current_key outside google-services.json
            // and an API_KEY in a plist of another SDK are not Firebase's.
            DetectorExample("""
                FIREBASE_AUTH_DOMAIN=acme-prod.firebaseapp.com
                FIREBASE_PROJECT_ID=acme-prod
                GEMINI_API_KEY=↓\(ExampleSecret.googleAPIKey)
                """, path: ".env"),
            DetectorExample("""
                { "maps": { "current_key": "↓\(ExampleSecret.googleAPIKey)", "rotated_at": "2026-11-02" } }
                """, path: "deploy/geo-service/keys.json"),
            DetectorExample("""
                <dict>
                \t<key>API_KEY</key>
                \t<string>↓\(ExampleSecret.googleAPIKey)</string>
                \t<key>PLACES_ENABLED</key>
                \t<true/>
                </dict>
                """, path: "ios/Acme/Maps.plist"),
        ],
        nonTriggering: [
            DetectorExample("GEMINI_API_KEY=AIza" + String(repeating: "X", count: 35) + "\n", path: ".env.example"),
            DetectorExample("genai.configure(api_key=os.environ[\"GEMINI_API_KEY\"])\n", path: "pipeline/classify.py"),
            DetectorExample("Google keys start with `AIza...`; restrict them by referrer.\n", path: "docs/maps.md"),
        ])
}
