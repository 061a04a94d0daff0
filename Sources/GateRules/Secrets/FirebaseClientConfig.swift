import GateCore

/// Where a Google API key is a Firebase app's client config key: a web app's `firebaseConfig` (with FlutterFire's
/// options and a bundler's `VITE_FIREBASE_*` env), Android's `google-services.json` and iOS's
/// `GoogleService-Info.plist`. Such a key identifies the project to every browser or every installed app (it ships
/// in each page, APK and IPA, and Firebase documents committing these files): public by design, protected by the
/// project's security rules and the key's restrictions, not by being kept out of a repository.
enum FirebaseClientConfig {
    enum Platform: String {
        case web
        case android = "Android"
        case ios = "iOS"
    }

    /// Which Firebase client config holds the key at `key`, if any.
    static func platform(ofKeyAt key: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Platform? {
        if isWebConfigKey(buffer, key) { return .web }
        if isAndroidConfigKey(buffer, key) { return .android }
        if isIOSConfigKey(buffer, key) { return .ios }
        return nil
    }

    // MARK: Web

    /// The names next to a Firebase web config's `apiKey`, normalized; `authDomain` or `messagingSenderId` must be
    /// among them, which no other Google client's settings hold.
    private static let configNames = ["authdomain", "messagingsenderid", "projectid", "storagebucket", "appid",
                                      "measurementid", "databaseurl"].map { Array($0.utf8) }
    private static let firebaseOnlyNames = 2
    private static let apiKeyName = Array("apikey".utf8)
    private static let firebaseWord = Array("firebase".utf8)
    private static let nameCharacters = ByteSet("A-Za-z0-9_")
    /// How far around the key its config's other fields are looked for: a config object spans a few hundred bytes.
    private static let configReach = 1_000

    /// Whether the key at `key` is assigned to `apiKey` (or a Firebase-named `…_API_KEY`) among Firebase config names.
    private static func isWebConfigKey(_ buffer: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
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

    // MARK: Android

    private static let currentKeyName = Array("currentkey".utf8)
    /// The fields every `google-services.json` holds and no other file does: the Firebase Android app's ID and the
    /// project's block. Looked for in the whole file: with several apps and OAuth clients, a key can sit kilobytes
    /// after them.
    private static let androidConfigFields = ["\"mobilesdk_app_id\"", "\"project_info\""].map { Array($0.utf8) }

    /// Whether the key at `key` is a `google-services.json`'s `"current_key"` (under a client's `api_key`).
    private static func isAndroidConfigKey(_ buffer: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        guard assignedName(before: key.lowerBound, in: buffer) == currentKeyName else { return false }
        return androidConfigFields.allSatisfy { ByteSearch.find($0, in: buffer, from: 0) != Int.max }
    }

    // MARK: iOS

    private static let stringElement = Array("<string>".utf8)
    private static let apiKeyElement = Array("<key>API_KEY</key>".utf8)
    /// The keys every `GoogleService-Info.plist` holds beside `API_KEY`: the Firebase iOS app's ID and the project's
    /// sender ID.
    private static let iosConfigKeys = ["<key>GOOGLE_APP_ID</key>", "<key>GCM_SENDER_ID</key>"].map { Array($0.utf8) }
    private static let plistSpace = ByteSet(" \t\r\n")

    /// Whether the key at `key` is a `GoogleService-Info.plist`'s `<key>API_KEY</key><string>…</string>`.
    private static func isIOSConfigKey(_ buffer: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) -> Bool {
        guard let stringStart = ending(stringElement, at: key.lowerBound, in: buffer) else { return false }
        var keyEnd = stringStart
        // The plist's indentation between the two elements: a tab and a line break, or whatever a formatter left.
        while keyEnd > 0, stringStart - keyEnd < 64, plistSpace.contains(buffer[keyEnd - 1]) { keyEnd -= 1 }
        guard ending(apiKeyElement, at: keyEnd, in: buffer) != nil else { return false }
        return iosConfigKeys.allSatisfy { ByteSearch.find($0, in: buffer, from: 0) != Int.max }
    }

    /// Where `literal` starts if it ends just before `end`.
    private static func ending(_ literal: [UInt8], at end: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let start = end - literal.count
        guard start >= 0, buffer[start..<end].elementsEqual(literal) else { return nil }
        return start
    }

    // MARK: Names

    /// The normalized name a value starting at `start` is assigned to: `apiKey: "…"`, `"apiKey": "…"`,
    /// `FIREBASE_API_KEY=…`, `apiKey: '…'` (Dart), `"current_key": "…"`.
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
}
