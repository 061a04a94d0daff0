/// High-entropy values assigned to secret-looking names (`api_key`, `client_secret`, `DB_PASSWORD`, …).
struct GenericSecretDetector: CredentialDetector {
    let provider: String? = nil
    var assignments: [AssignmentRule] { [Self.highEntropyValue] }
    var description: DetectorDescription { Self.about }

    /// Name fragments (normalized: lowercase, no separators) that say the value is a credential.
    private static let secretWords = bytes([
        "secret", "password", "passwd", "passphrase", "token", "apikey", "accesskey", "privatekey", "authkey",
        "credential", "signingkey", "encryptionkey", "masterkey",
    ])
    private static let passwordWords = bytes(["password", "passwd", "passphrase"])
    /// Name fragments that say the value describes a credential rather than being one.
    private static let describingWords = bytes([
        "public", "publishable", "tokenizer", "hash", "digest", "checksum", "fingerprint", "placeholder",
        // Tokens that order or deduplicate requests rather than authenticate them.
        "requesttoken", "changetoken", "nexttoken", "pagetoken", "paginationtoken", "continuationtoken",
        "synctoken", "cursor", "idempotency",
    ])
    /// Name endings that make the value an identifier, a location or a setting about the secret.
    private static let describingEndings = bytes([
        "id", "ids", "arn", "name", "names", "url", "uri", "path", "file", "dir", "endpoint", "host", "type", "kind",
        "count", "limit", "length", "size", "max", "min", "field", "header", "prefix", "suffix", "format", "label",
        "ttl", "expiry", "expires", "expiration", "version", "region", "mode", "enabled", "env", "var", "ref",
        "encryption", "algorithm", "method", "scheme", "strategy", "policy", "rotation", "hint", "template",
        "pattern", "regex", "validation", "rule", "rules", "provider", "store", "lastused", "date", "time",
        "timestamp", "createdat", "updatedat", "changedat", "age",
    ])
    /// `…_key` names that are not credentials: database, cache and UI keys (stored with their `key`).
    private static let ordinaryKeys = bytes([
        "primary", "foreign", "cache", "sort", "partition", "idempotency", "hot", "unique", "lookup", "map",
        "translation", "i18n", "object", "s3", "dedup", "dedupe", "group", "route", "react", "row", "column",
        "result", "output", "input", "field", "attribute", "property", "item", "list", "query", "search", "event",
        "state", "config", "setting", "metadata", "label", "tag", "message", "error", "locale", "text", "menu",
        "shortcut", "lock",
    ].map { $0 + "key" })
    /// Words that, in a value, mark a local default or a made-up sample (`rootpassword123`).
    private static let sampleValueWords = bytes(["password", "passwd", "secret", "admin", "local"])
    private static let urlScheme = Array("://".utf8)
    private static let valueRejects = ByteSet(" \t${}<>%()[]\\")
    private static let letters = ByteSet("A-Za-z")
    private static let digits = ByteSet("0-9")

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    static func isSecretName(_ name: AssignedName) -> Bool {
        guard !name.containsAny(describingWords), !describingEndings.contains(where: name.hasSuffix) else { return false }
        if name.containsAny(secretWords) { return true }
        return name.endsWithKeyWord && name.normalized.count > 3 && !ordinaryKeys.contains(where: name.hasSuffix)
    }

    static let highEntropyValue = AssignmentRule(
        "High-entropy secret", minimumLength: 12, plausible: plausibleValue,
        matches: { name, buffer, value in
            let isPassword = name.containsAny(passwordWords)
            guard value.count >= (isPassword ? 12 : 16), isSecretName(name) else { return false }
            let allHex = value.allSatisfy { ByteSet.hex.contains(buffer[$0]) }
            let minimumEntropy = isPassword ? 3.0 : allHex ? (value.count >= 20 ? 3.0 : 4.0) : 3.5
            return SecretValue.looksLive(buffer, value, minimumEntropy: minimumEntropy)
                && !sampleValueWords.contains { SecretValue.containsIgnoringCase(buffer, value, $0) }
        })

    /// One pass over the value's bytes: letters and digits both present, nothing that marks a reference,
    /// a template, a path or prose. The byte classes are captured, not read from statics, on this hot path.
    private static let plausibleValue: AssignmentRule.ValueTest = { [valueRejects, letters, digits, urlScheme] buffer, value in
        var hasLetter = false, hasDigit = false
        for index in value {
            let byte = buffer[index]
            if valueRejects.contains(byte) { return false }
            hasLetter = hasLetter || letters.contains(byte)
            hasDigit = hasDigit || digits.contains(byte)
        }
        let first = buffer[value.lowerBound]
        return hasLetter && hasDigit && first != UInt8(ascii: "/") && first != UInt8(ascii: ".")
            && first != UInt8(ascii: "~") && !SecretValue.containsIgnoringCase(buffer, value, urlScheme)
            && !startsWithDate(buffer, value)
    }

    /// Whether the value starts like an ISO date (`2016-09-08…`), as timestamps next to secret names do.
    private static func startsWithDate(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard value.count >= 10 else { return false }
        return (0..<10).allSatisfy { offset in
            let byte = buffer[value.lowerBound + offset]
            return offset == 4 || offset == 7 ? byte == UInt8(ascii: "-") : (byte >= 48 && byte <= 57)
        }
    }

    private static let about = DetectorDescription(
        id: "high-entropy-secret", name: "Hard-coded secret", category: .secret,
        rationale: """
            Credentials of providers without a recognisable prefix (database passwords, webhook signing \
            secrets, session keys, internal API tokens) show up as random-looking values assigned to names such \
            as api_key, client_secret, token or DB_PASSWORD, in code, .env, YAML, JSON and notebooks. A value \
            counts when it is long enough (16 characters, 12 for passwords), mixes letters and digits and has \
            enough Shannon entropy (3.5 bits per character; 3.0 for passwords and hex strings of 20 or more); \
            environment and template references, placeholders, paths, URLs and values such as changeme or \
            rootpassword123 do not. In code only quoted values count: a bare word there is an identifier.
            """,
        triggering: [
            DetectorExample("SESSION_SECRET=↓\(ExampleSecret.genericToken)\n", path: ".env"),
            DetectorExample("""
                DATABASES = {
                    "default": {
                        "ENGINE": "django.db.backends.postgresql",
                        "PASSWORD": "↓\(ExampleSecret.genericPassword)",
                    }
                }
                """, path: "mysite/settings.py"),
            DetectorExample("""
                webhooks:
                  signing_secret: ↓\(ExampleSecret.genericHex)
                """, path: "config/webhooks.yml"),
            DetectorExample("""
                export const weather = { baseUrl: "https://api.weather.example", apiKey: "↓\(ExampleSecret.genericToken)" };
                """, path: "src/weather.ts"),
            DetectorExample("""
                {
                 "cells": [
                  {
                   "cell_type": "code",
                   "source": ["partner_api_token = \\"↓\(ExampleSecret.genericToken)\\"\\n", "fetch(partner_api_token)"]
                  }
                 ]
                }
                """, path: "analysis/partner.ipynb"),
        ],
        nonTriggering: [
            DetectorExample("SESSION_SECRET=changeme\nDB_PASSWORD=\nAPI_KEY=<your-api-key>\n", path: ".env.example"),
            DetectorExample("SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n", path: "mysite/settings.py"),
            DetectorExample("""
                services:
                  db:
                    environment:
                      POSTGRES_PASSWORD: ${DB_PASSWORD:-postgres}
                      MYSQL_ROOT_PASSWORD: rootpassword123
                """, path: "docker-compose.yml"),
            DetectorExample("""
                const tokenizer = "meta-llama/Llama-3.1-8B-Instruct";
                const cacheKey = "report:2024-06-01:v3:summary";
                const token = await getAccessToken(user);
                """, path: "src/summarize.ts"),
            DetectorExample("""
                { "max_tokens": 4096, "password_hash": "pbkdf2_sha256$600000$c2FsdA$aGFzaA", "token_url": "https://auth.acme.dev/oauth/token" }
                """, path: "fixtures/users.json"),
            DetectorExample("""
                api_key = settings.WEATHER_API_KEY
                """, path: "weather/client.py"),
        ])
}
