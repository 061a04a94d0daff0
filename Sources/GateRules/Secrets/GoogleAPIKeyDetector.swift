/// Google API keys (Gemini, Maps, Firebase and the other Google Cloud APIs).
struct GoogleAPIKeyDetector: CredentialDetector {
    let provider: String? = "google"
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Google API key", prefix: "AIza", body: .run(.tokenCharacters, 35...35), context: firebaseWebKey),
    ]

    /// A Firebase web config's key (`firebaseConfig = { apiKey, authDomain, projectId, messagingSenderId, appId }`)
    /// identifies the project to every browser that loads the app: it is public by design, and its protection is
    /// the project's security rules and the key's referrer restrictions. Worth a look, never a block.
    private static let firebaseWebKey: TokenShape.Context = { buffer, key in
        guard isFirebaseConfigKey(buffer, key) else { return nil }
        return CredentialVerdict("Firebase web API key (public by design)", tier: .low)
    }

    /// The names next to a Firebase client config's `apiKey`, normalized; `authDomain` or `messagingSenderId` must be
    /// among them, which no other Google client's settings hold (google-services.json has neither).
    private static let configNames = ["authdomain", "messagingsenderid", "projectid", "storagebucket", "appid",
                                      "measurementid", "databaseurl"].map { Array($0.utf8) }
    private static let firebaseOnlyNames = 2
    private static let apiKeyName = Array("apikey".utf8)
    private static let firebaseWord = Array("firebase".utf8)
    private static let nameCharacters = ByteSet("A-Za-z0-9_")
    /// How far around the key its config's other fields are looked for: a config object spans a few hundred bytes.
    private static let configReach = 1_000

    /// Whether the key at `key` is assigned to `apiKey` (or a Firebase-named `…_API_KEY`) among Firebase config names.
    static func isFirebaseConfigKey(_ buffer: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        guard let name = assignedName(before: key.lowerBound, in: buffer),
              name == apiKeyName || (name.count > apiKeyName.count && name.suffix(apiKeyName.count).elementsEqual(apiKeyName)
                                     && contains(name, firebaseWord))
        else { return false }
        let window = max(0, key.lowerBound - configReach)..<min(buffer.count, key.upperBound + configReach)
        var found = Set<Int>()
        var index = window.lowerBound
        while index < window.upperBound {
            guard nameCharacters.contains(buffer[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < window.upperBound, nameCharacters.contains(buffer[index]) { index += 1 }
            guard isFollowedByOperator(index, in: buffer) else { continue }
            let normalized = normalize(buffer, start..<index)
            if let which = configNames.firstIndex(where: { normalized.count >= $0.count && normalized.suffix($0.count).elementsEqual($0) }) {
                found.insert(which)
            }
        }
        return found.count >= 2 && found.contains { $0 < firebaseOnlyNames }
    }

    /// The normalized name a value starting at `start` is assigned to: `apiKey: "…"`, `"apiKey": "…"`,
    /// `FIREBASE_API_KEY=…`, `apiKey: '…'` (Dart).
    private static func assignedName(before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var index = start - 1
        while index >= 0, start - index <= 4, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'")
                || buffer[index] == UInt8(ascii: " ") { index -= 1 }
        guard index >= 0, buffer[index] == UInt8(ascii: ":") || buffer[index] == UInt8(ascii: "=") else { return nil }
        index -= 1
        while index >= 0, start - index <= 8, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'")
                || buffer[index] == UInt8(ascii: " ") { index -= 1 }
        let end = index + 1
        while index >= 0, end - index <= 80, nameCharacters.contains(buffer[index]) { index -= 1 }
        return index + 1 < end ? normalize(buffer, (index + 1)..<end) : nil
    }

    /// Whether a name ending at `end` is assigned: a `:` or `=` follows, past a closing quote and spaces.
    private static func isFollowedByOperator(_ end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = end
        while index < buffer.count, index - end <= 4, buffer[index] == UInt8(ascii: "\"") || buffer[index] == UInt8(ascii: "'")
                || buffer[index] == UInt8(ascii: " ") { index += 1 }
        return index < buffer.count && (buffer[index] == UInt8(ascii: ":") || buffer[index] == UInt8(ascii: "="))
    }

    private static func normalize(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        range.compactMap { buffer[$0] == UInt8(ascii: "_") ? nil : SecretValue.lowercased(buffer[$0]) }
    }

    private static func contains(_ name: [UInt8], _ word: [UInt8]) -> Bool {
        name.count >= word.count && (0...(name.count - word.count)).contains { name[$0..<($0 + word.count)].elementsEqual(word) }
    }

    private static let about = DetectorDescription(
        id: "google-api-key", name: "Google API key", category: .secret,
        rationale: """
            A Google API key (AIza and 35 characters) bills Gemini, Maps, Places and other Google Cloud APIs \
            to its project. Keys meant for browsers still need referrer restrictions; a key in a repository \
            usually has none and is used by others within hours. Placeholders are not reported. The apiKey of a \
            Firebase web config (next to authDomain or messagingSenderId and projectId or appId) ships to every \
            browser by design: it is reported low, as a reminder to restrict it, and never blocks.
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
            // A server key next to a Firebase config is still a server key.
            DetectorExample("""
                FIREBASE_AUTH_DOMAIN=acme-prod.firebaseapp.com
                FIREBASE_PROJECT_ID=acme-prod
                GEMINI_API_KEY=↓\(ExampleSecret.googleAPIKey)
                """, path: ".env"),
        ],
        nonTriggering: [
            DetectorExample("GEMINI_API_KEY=AIza" + String(repeating: "X", count: 35) + "\n", path: ".env.example"),
            DetectorExample("genai.configure(api_key=os.environ[\"GEMINI_API_KEY\"])\n", path: "pipeline/classify.py"),
            DetectorExample("Google keys start with `AIza...`; restrict them by referrer.\n", path: "docs/maps.md"),
        ])
}
