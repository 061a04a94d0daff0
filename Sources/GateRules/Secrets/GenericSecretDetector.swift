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
        "synctoken", "cursor", "idempotency", "locktoken", "updatetoken",
        // The key a value is looked up or stored under (`reader.string(forKey: "tls.certificateChain")`).
        "forkey",
        // Client tokens ship in apps and browsers by design (Facebook's in every Android app's strings.xml,
        // Datadog's browser SDK's), and so do CAPTCHA site keys (reCAPTCHA's, hCaptcha's, Turnstile's `sitekey`).
        "clienttoken", "sitekey",
        // A CSRF token guards one session's forms: in a file it is a recorded page or a test's, never a login.
        "csrf", "xsrf",
    ])
    /// Algolia's search-only keys (`ALGOLIA_SEARCH_API_KEY`, DocSearch's): public by design, as every search box
    /// ships its key to the browser. Algolia's admin key is a credential (the catalogue's), so a name that also says
    /// admin, write or secret is judged.
    private static let searchOnlyKeyWords = bytes(["algoliasearch", "searchonly", "docsearch"])
    private static let writeKeyWords = bytes(["admin", "write", "secret"])
    /// An analytics source's write key (Segment's `writeKey`, RudderStack's, `SEGMENT_WRITE_KEY`) ships to every
    /// browser that loads the snippet: it can only send events, never read. Algolia's write key is a credential.
    private static let analyticsWriteKey = Array("writekey".utf8)
    private static let algoliaWord = Array("algolia".utf8)
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
    /// Words that, in a value, mark a local default, a made-up sample or a value that names itself
    /// (`rootpassword123`, `preview-token-123`).
    private static let sampleValueWords = bytes(["password", "passwd", "secret", "admin", "local", "token", "preview", "demo"])
    /// Whether the value holds one of `sampleValueWords`, as written or in leetspeak: a default typed
    /// `P@ssw0rd123!` or `adm1n` names itself as plainly as `password123` does. Read in place: asked of every value
    /// that looks live.
    private static func namesASampleWord(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        spellsAny(of: sampleValueWords, in: buffer, value)
    }

    /// Whether the value holds one of `words` (lower case), as written or in leetspeak (`P@ssw0rd`).
    static func spellsAny(of words: [[UInt8]], in buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        words.contains { word in
            guard let first = word.first, value.count >= word.count else { return false }
            return (value.lowerBound...(value.upperBound - word.count)).contains { start in
                spells(buffer[start], first) && (1..<word.count).allSatisfy { spells(buffer[start + $0], word[$0]) }
            }
        }
    }

    /// Whether `byte` writes the lower-case `letter`, in either case or as leetspeak does (`@` and `4` for a, `0` for o,
    /// `3` for e, `$` for s, `1` for i or l).
    @inline(__always)
    private static func spells(_ byte: UInt8, _ letter: UInt8) -> Bool {
        if byte | 0x20 == letter, letter >= UInt8(ascii: "a"), letter <= UInt8(ascii: "z") { return true }
        switch byte {
        case UInt8(ascii: "@"), UInt8(ascii: "4"): return letter == UInt8(ascii: "a")
        case UInt8(ascii: "0"): return letter == UInt8(ascii: "o")
        case UInt8(ascii: "3"): return letter == UInt8(ascii: "e")
        case UInt8(ascii: "$"): return letter == UInt8(ascii: "s")
        case UInt8(ascii: "1"): return letter == UInt8(ascii: "i") || letter == UInt8(ascii: "l")
        default: return false
        }
    }

    /// Words that mark a sandbox credential: worth a look, never a sign-off.
    private static let sandboxWords = bytes(["sandbox"])
    /// Digest prefixes (`sha512-…` in lockfiles' integrity fields) and public-key prefixes (Stripe's and
    /// Mapbox's publishable keys, PostHog's project key): not credentials.
    private static let notSecretPrefixes = bytes([
        "sha1-", "sha256-", "sha384-", "sha512-", "sha1:", "sha256:", "sha512:", "md5:", "pk.", "pk_live_", "pk_test_",
        "phc_",
        // SOPS's ciphertext (`ENC[AES256_GCM,data:…,type:str]`): encrypted to be committed.
        "enc[",
    ])
    /// Callee words that say a literal argument is a credential (`setApiKey("…")`, `client.login("…")`).
    private static let credentialCallWords = bytes([
        "auth", "login", "token", "secret", "apikey", "password", "passwd", "credential", "bearer",
    ])
    private static let urlScheme = Array("://".utf8)
    private static let regexRanges = bytes(["[a-z", "[0-9", "a-z0-9", "a-za-z"])
    private static let digits = ByteSet("0-9")
    /// Characters that never occur in a credential written out literally.
    private static let valueRejects = ByteSet(" \t\\")

    private static func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array($0.utf8) } }

    static func isSecretName(_ name: AssignedName) -> Bool {
        guard !name.containsAny(describingWords), !describingEndings.contains(where: name.hasSuffix),
              !isFlagName(name.raw),
              !name.containsAny(searchOnlyKeyWords) || name.containsAny(writeKeyWords)
        else { return false }
        if name.isCallArgument { return name.containsAny(credentialCallWords) }
        if name.containsAny(secretWords) { return true }
        if name.hasSuffix(analyticsWriteKey), !name.contains(algoliaWord) { return false }
        if name.endsWithKeyWord && name.normalized.count > 3 && !ordinaryKeys.contains(where: name.hasSuffix) { return true }
        // `SESSION_KEY_HEX = "1f5e…"`: random key bytes written as hex or base64 (a value that decodes to text is
        // judged decoded, `SecretEngine.encodedAssignment`) are named by what precedes the ending.
        if let bare = name.withoutEncodingEnding { return isSecretName(bare) }
        return false
    }

    static let highEntropyValue = AssignmentRule(
        minimumLength: 12, refusedBytes: valueRejects, plausible: plausibleValue,
        matches: { name, buffer, value in
            let isPassword = name.containsAny(passwordWords)
            guard value.count >= (isPassword ? 12 : name.isCallArgument ? 20 : 16), isSecretName(name),
                  name.isCallArgument || !isQualifiedTypeName(name.raw, in: buffer)
            else { return nil }
            let allHex = value.allSatisfy { ByteSet.hex.contains(buffer[$0]) }
            // The fixed floors, bounded by chance: a random value of this length and alphabet falls under them too
            // often (a 16-character token in 23, a 20-digit hex secret in 33), under the bound once in a million.
            let fixed = isPassword ? 3.0 : allHex ? (value.count >= 20 ? 3.0 : 4.0) : 3.5
            let minimumEntropy = SecretValue.entropyFloor(fixed, boundedByChanceFor: buffer, value)
            guard SecretValue.looksLive(buffer, value, minimumEntropy: minimumEntropy),
                  !isMadeUp(buffer, value, wordsMayBeSecret: isPassword),
                  !namesASampleWord(buffer, value),
                  !notSecretPrefixes.contains(where: { startsWith(buffer, value, $0) }),
                  !JSONWebToken.isPublic(buffer, value), !isPackageCoordinate(buffer, value),
                  !isOpenPGPKeyID(name, buffer, value)
            else { return nil }
            let sandbox = sandboxWords.contains { SecretValue.containsIgnoringCase(buffer, value, $0) }
            return CredentialVerdict(isPassword ? "Hard-coded password" : "High-entropy secret",
                                     tier: sandbox ? .low : .high, confidence: .entropyOnly)
        })

    /// One pass over the value's bytes: a letter and a digit or symbol present, nothing that marks a
    /// reference, a template, a path or prose. Punctuation is allowed: passwords are made of it.
    private static let plausibleValue: AssignmentRule.ValueTest = { [valueRejects, digits, urlScheme] buffer, value in
        var hasUpper = false, hasLower = false, hasDigit = false, hasPunctuation = false
        var previous: UInt8 = 0
        var opensParen = false, opensAngle = false
        for index in value {
            let byte = buffer[index]
            if valueRejects.contains(byte) { return false }
            // `${VAR}`, `$(cmd)`, `{{ .Values.x }}`, `#{secret}`, `%(name)s`: references, not values.
            if byte == UInt8(ascii: "{"), previous == UInt8(ascii: "$") || previous == UInt8(ascii: "{")
                || previous == UInt8(ascii: "#") { return false }
            if byte == UInt8(ascii: "("), previous == UInt8(ascii: "$") || previous == UInt8(ascii: "%") { return false }
            if byte == UInt8(ascii: "s"), previous == UInt8(ascii: "%") { return false }
            // A call (`env(KEY)`, `secrets.get(name)`): a name, then a parenthesis the value ends with. Random
            // values hold brackets too (Django's generated keys draw from `!@#$%^&*(-_=+)`).
            if byte == UInt8(ascii: "("), index > value.lowerBound, !opensParen {
                opensParen = (value.lowerBound..<index).allSatisfy { Byte.isIdentifierPart(buffer[$0]) || buffer[$0] == UInt8(ascii: ".") }
            }
            if byte == UInt8(ascii: ")"), opensParen, index == value.upperBound - 1 { return false }
            if byte == UInt8(ascii: "<") { opensAngle = true }
            if byte == UInt8(ascii: ">"), opensAngle { return false }
            if byte >= 65 && byte <= 90 { hasUpper = true } else if byte >= 97 && byte <= 122 { hasLower = true }
            else if digits.contains(byte) { hasDigit = true }
            else if byte != UInt8(ascii: "-"), byte != UInt8(ascii: "_"), byte != UInt8(ascii: ".") { hasPunctuation = true }
            previous = byte
        }
        // A regular expression's character range (`[a-zA-Z0-9/_+=.@-]+`) is a pattern, not a value.
        if regexRanges.contains(where: { SecretValue.containsIgnoringCase(buffer, value, $0) }) { return false }
        // A slug (`my-service-name`) is words, not randomness: a secret mixes in digits, symbols or both cases.
        let first = buffer[value.lowerBound]
        return (hasUpper || hasLower) && (hasDigit || hasPunctuation || (hasUpper && hasLower))
            && (first != UInt8(ascii: "/") || isBase64Secret(buffer, value)) && first != UInt8(ascii: ".")
            && first != UInt8(ascii: "~") && first != UInt8(ascii: "$") && first != UInt8(ascii: "@")
            && !SecretValue.containsIgnoringCase(buffer, value, urlScheme) && !startsWithDate(buffer, value)
    }

    /// Whether the name is a flag's (`isSecret`, `has_token`, `requiresApiKey`): it holds a yes or a no, not a
    /// credential.
    private static func isFlagName(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        flagPrefixes.contains { prefix in
            guard raw.count > prefix.count, prefix.indices.allSatisfy({ raw[$0] == prefix[$0] }) else { return false }
            let next = raw[prefix.count]
            return next == UInt8(ascii: "_") || (next >= 65 && next <= 90)
        }
    }

    private static let flagPrefixes = bytes(["is", "has", "should", "requires", "uses", "use", "enable", "enabled", "allow"])

    /// Whether the name (read from `buffer`) ends a qualified type's name, `Vendor::Service::Type`: such a key
    /// (`"AWS::SecretsManager::Secret": "c85175a4…"`, a schema's hash for the type) names a kind of secret, not one.
    private static func isQualifiedTypeName(_ raw: UnsafeBufferPointer<UInt8>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let name = raw.baseAddress, let file = buffer.baseAddress else { return false }
        let start = name - file
        guard start >= 0, start + raw.count <= buffer.count else { return false }
        // Within the name, or right before it (the reading of a name may stop at a colon).
        let from = max(0, start - 2)
        return (from + 1..<start + raw.count).contains { buffer[$0] == UInt8(ascii: ":") && buffer[$0 - 1] == UInt8(ascii: ":") }
    }

    /// Whether the value is written by a person rather than drawn at random: an ARN, a documentation sample that
    /// counts up (`a1b2c3d4567890ab`, `AB1C2defGHijkLMNo3PqQRst…`: four in ten neighbours or more consecutive, where
    /// a random value's are about one in sixteen for hex and rarer for other alphabets), or an identifier of words
    /// (`EmrManagedMasterSecurityGroup`, `AvailabilityZone`). Tried on seeded random values, the identifier test
    /// takes about one random 16-character value of letters in 1,500 for words, and fewer of other alphabets
    /// (`SecretCorpusTests`).
    /// A password may well be words (`CorrectHorse7`): with `wordsMayBeSecret` the identifier test is skipped.
    static func isMadeUp(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, wordsMayBeSecret: Bool = false) -> Bool {
        if startsWith(buffer, value, arnPrefix) { return true }
        var consecutive = 0
        for index in value.dropFirst() {
            let previous = SecretValue.lowercased(buffer[index - 1]), byte = SecretValue.lowercased(buffer[index])
            if byte == previous &+ 1, ByteSet.alphanumeric.contains(byte), ByteSet.alphanumeric.contains(previous) {
                consecutive += 1
            }
        }
        if consecutive >= 6, consecutive * 10 >= (value.count - 1) * 4 { return true }
        return !wordsMayBeSecret && SecretValue.isWordIdentifier(buffer, value)
    }

    private static let arnPrefix = Array("arn:".utf8)
    private static let gitSigningKey = Array("signingkey".utf8)

    /// Whether the value is git's `user.signingkey`: an OpenPGP key's ID or fingerprint (8, 16 or 40 hex digits,
    /// maybe `0x` before and `!` after), which names a public key, not a secret one.
    private static func isOpenPGPKeyID(_ name: AssignedName, _ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard name.raw.count == gitSigningKey.count, name.normalized.elementsEqual(gitSigningKey) else { return false }
        var digits = value
        if digits.count > 2, buffer[digits.lowerBound] == UInt8(ascii: "0"), buffer[digits.lowerBound + 1] | 0x20 == UInt8(ascii: "x") {
            digits = digits.dropFirst(2)
        }
        if let last = digits.last, buffer[last] == UInt8(ascii: "!") { digits = digits.dropLast() }
        return [8, 16, 40].contains(digits.count) && digits.allSatisfy { ByteSet.hex.contains(buffer[$0]) }
    }

    private static func startsWith(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, _ prefix: [UInt8]) -> Bool {
        value.count >= prefix.count
            && prefix.indices.allSatisfy { SecretValue.lowercased(buffer[value.lowerBound + $0]) == prefix[$0] }
    }

    /// Whether the value starts like an ISO date (`2016-09-08…`), as timestamps next to secret names do.
    /// Whether the value ends a package's coordinates, `artifact:version` (`jjwt-impl:0.12.6` after the
    /// `io.jsonwebtoken:` of a Gradle dependency, whose group has `token` in its name): lowercase name bytes, a
    /// colon, and a version that starts with a digit.
    private static func isPackageCoordinate(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard let colon = value.last(where: { buffer[$0] == UInt8(ascii: ":") }), colon > value.lowerBound,
              colon + 1 < value.upperBound, digits.contains(buffer[colon + 1])
        else { return false }
        let name = value.lowerBound..<colon
        let version = (colon + 1)..<value.upperBound
        return name.allSatisfy { index in
            let byte = buffer[index]
            return (byte >= 97 && byte <= 122) || digits.contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
        } && version.allSatisfy { index in
            let byte = buffer[index]
            return Byte.isIdentifierPart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
        }
    }

    /// Whether a value starting with `/` is `openssl rand -base64 32`'s output (one in 64 starts so), not a path
    /// (`/run/secrets/db_password`, `/srv/AcmeSecrets2024/Keys`): only base64 bytes, long, and switching between
    /// capitals, small letters and digits as often as random bytes do (about two in three), not once a word.
    private static func isBase64Secret(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard value.count >= 32 else { return false }
        var switches = 0
        var previousClass = 0
        for index in value {
            let byte = buffer[index]
            let byteClass: Int
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): byteClass = 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"): byteClass = 2
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byteClass = 3
            case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): byteClass = 0
            default: return false
            }
            if byteClass != 0, previousClass != 0, byteClass != previousClass { switches += 1 }
            previousClass = byteClass
        }
        return switches * 3 >= value.count
    }

    private static func startsWithDate(_ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>) -> Bool {
        guard value.count >= 10 else { return false }
        return (0..<10).allSatisfy { offset in
            let byte = buffer[value.lowerBound + offset]
            return offset == 4 || offset == 7 ? byte == UInt8(ascii: "-") : (byte >= 48 && byte <= 57)
        }
    }

    private static let algoliaKey = ExampleSecret.random(32, from: ExampleSecret.lowerHex, seed: "algolia-key")

    private static let about = DetectorDescription(
        id: "high-entropy-secret", name: "Hard-coded secret", category: .secret,
        rationale: """
            Credentials of providers without a recognisable prefix (database passwords, webhook signing \
            secrets, session keys, internal API tokens) show up as random-looking values assigned to names such \
            as password, passwd, secret, secret_key, client_secret, private_key, api_key, token or dbPassword, in \
            code, .env, YAML, JSON and notebooks, or passed to calls such as setApiKey("…") and client.login("…"). \
            In XML configuration (.xml, .config, project files) an element's text counts under its name \
            (<password>…</password>) or its key or name attribute (<string name="client_secret">…</string>), and \
            <add key="ApiSecret" value="…"/> under its key; Maven's encrypted {…} values and MSBuild's $(…) do not. \
            A value counts when it is long enough (16 characters, 12 for passwords), mixes digits, symbols or \
            both cases, and has enough Shannon entropy over all its bytes, punctuation included (3.5 bits per \
            character; 3.0 for passwords and hex strings of 20 or more). Entropy alone never blocks: such a \
            finding is high (a reviewer confirms it), low in fixture directories (test/vcr_cassettes, \
            fixtures, testdata, __snapshots__) and for sandbox values. Environment and template references, \
            placeholders, paths, URLs, digests (sha512-…), public JWTs (Supabase anon keys) and values such as \
            changeme, rootpassword123, P@ssw0rd123! or preview-token-123 are not reported, nor are keys public by \
            design: client tokens, CAPTCHA site keys and Algolia's search-only keys (ALGOLIA_SEARCH_API_KEY, a docs \
            site's themeConfig search box). In code only quoted values count: a bare word there is an identifier.
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
                func connect() (*sql.DB, error) {
                \tdbPassword := "↓\(ExampleSecret.punctuatedPassword)"
                \treturn sql.Open("postgres", "host=db user=app password="+dbPassword)
                }
                """, path: "internal/db/connect.go"),
            DetectorExample("""
                client.login("↓\(ExampleSecret.genericToken)")
                """, path: "bot/main.py"),
            // A netrc login: `password` and its value are separated by a space, not assigned.
            DetectorExample("machine nexus.acme.io login deployer password ↓\(ExampleSecret.genericPassword)\n", path: ".netrc"),
            // XML configuration: .NET appSettings, Maven's settings.xml, Android resources.
            DetectorExample("""
                <appSettings>
                  <add key="PartnerApiSecret" value="↓\(ExampleSecret.genericToken)" />
                </appSettings>
                """, path: "src/Api/Web.config"),
            DetectorExample("""
                <server>
                  <id>releases</id>
                  <password>↓\(ExampleSecret.genericPassword)</password>
                </server>
                """, path: ".mvn/settings.xml"),
            DetectorExample("""
                <resources>
                    <string name="client_secret">↓\(ExampleSecret.genericToken)</string>
                </resources>
                """, path: "app/src/main/res/values/secrets.xml"),
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
            // A fallback of an environment lookup is the setting's value wherever the variable is unset: judged
            // under the variable's name, not the function's.
            DetectorExample("""
                SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "↓\(ExampleSecret.genericToken)")
                """, path: "mysite/settings.py"),
            DetectorExample("""
                export const auth = { jwtSecret: process.env.JWT_SECRET || "↓\(ExampleSecret.genericToken)" };
                """, path: "src/config/auth.ts"),
            DetectorExample("""
                Rails.application.config.x.partner_api_token = ENV["PARTNER_API_TOKEN"] || "↓\(ExampleSecret.genericToken)"
                """, path: "config/initializers/partner.rb"),
            // Algolia's key as a server sets it: the admin key, which can write and delete the index.
            DetectorExample("ALGOLIA_APP_ID=BH4D9OD16A\nALGOLIA_API_KEY=↓\(algoliaKey)\n", path: ".env"),
            DetectorExample("""
                module.exports = {
                  algolia: { appId: 'BH4D9OD16A', apiKey: '↓\(algoliaKey)', indexName: 'products' },
                };
                """, path: "scripts/reindex.config.js"),
        ],
        nonTriggering: [
            // An analytics source's write key is loaded by every visitor's browser (Segment's, RudderStack's).
            DetectorExample("""
                export const analytics = AnalyticsBrowser.load({ writeKey: "\(ExampleSecret.random(32, from: ExampleSecret.alphanumeric, seed: "segment-write-key"))" });
                const cfg = { writeKey: "\(ExampleSecret.random(32, from: ExampleSecret.alphanumeric, seed: "segment-write-key-2"))" };
                export const SEGMENT_WRITE_KEY = "\(ExampleSecret.random(32, from: ExampleSecret.alphanumeric, seed: "segment-write-key-3"))";
                """, path: "src/analytics.ts"),
            // Compose's and the shell's fallbacks (`${VAR:-default}`) are local defaults the environment replaces.
            DetectorExample("""
                services:
                  langfuse:
                    environment:
                      CLICKHOUSE_PASSWORD: ${CLICKHOUSE_PASSWORD:-clickhouse2024} # CHANGEME
                      REDIS_TLS_KEY: ${REDIS_TLS_KEY:-/certs/redis-server.key}
                """, path: "docker-compose.yml"),
            DetectorExample("SESSION_SECRET=changeme\nDB_PASSWORD=\nAPI_KEY=<your-api-key>\n", path: ".env.example"),
            // A script writing ~/.netrc from the environment; a password in prose is no netrc entry.
            DetectorExample("""
                printf 'machine nexus.acme.io login %s password %s\\n' "$NEXUS_USER" "$NEXUS_PASSWORD" >> ~/.netrc
                echo "enter the password \(ExampleSecret.genericPassword) when asked"
                """, path: "scripts/ci-login.sh"),
            // References the build or the environment fills in, and Maven's encrypted form.
            DetectorExample("""
                <add key="PartnerApiSecret" value="$(PartnerApiSecret)" />
                <password>${env.MAVEN_PASSWORD}</password>
                <password>{\(ExampleSecret.random(44, from: ExampleSecret.base64, seed: "maven-encrypted"))}</password>
                <string name="client_secret">@string/client_secret_from_gradle</string>
                """, path: "config/settings.xml"),
            // Package coordinates whose group has a secret's word in its name.
            DetectorExample("""
                dependencies {
                    implementation 'io.jsonwebtoken:jjwt-api:0.12.6'
                    runtimeOnly 'io.jsonwebtoken:jjwt-jackson:0.12.6'
                }
                """, path: "build.gradle"),
            DetectorExample("SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n", path: "mysite/settings.py"),
            // A lookup's local default: Django's generated development key, and defaults that say what they are.
            DetectorExample("""
                SECRET_KEY = os.getenv("DJANGO_SECRET_KEY", "django-insecure-\(ExampleSecret.random(50, from: ExampleSecret.alphanumeric + "!@#$%^&*(-_=+)", seed: "django-insecure"))")
                JWT_SECRET = os.environ.get("JWT_SECRET", "dev-jwt-\(ExampleSecret.random(24, from: ExampleSecret.alphanumeric, seed: "dev-jwt"))")
                SESSION_SECRET = config("SESSION_SECRET", default="changeme")
                """, path: "mysite/settings.py"),
            DetectorExample("""
                const secret = process.env.SESSION_SECRET ?? "local-\(ExampleSecret.random(24, from: ExampleSecret.alphanumeric, seed: "local-session"))";
                const apiUrl = process.env.API_URL || "http://localhost:3000/api";
                """, path: "src/server.ts"),
            DetectorExample("""
                services:
                  db:
                    environment:
                      POSTGRES_PASSWORD: ${DB_PASSWORD:-postgres}
                      MYSQL_ROOT_PASSWORD: rootpassword123
                """, path: "docker-compose.yml"),
            // The same stock defaults in leetspeak.
            DetectorExample("""
                services:
                  mssql:
                    environment:
                      MSSQL_SA_PASSWORD: "P@ssw0rd123!"
                  keycloak:
                    environment:
                      KEYCLOAK_ADMIN_PASSWORD: Passw0rd!2024
                      KC_DB_PASSWORD: S3cr3t!2024
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
            DetectorExample("""
                { "integrity": "sha512-\(ExampleSecret.random(86, from: ExampleSecret.base64, seed: "integrity"))==",
                  "access_token": "preview-token-123", "request_id": "6f1c2a9e-8b3d-4e5f-9a7b-1c2d3e4f5a6b" }
                """, path: "package-lock.json"),
            DetectorExample("SUPABASE_KEY=\(ExampleSecret.supabaseAnon)\n", path: ".env"),
            // Supabase's self-hosting template: a published default, like the supabase-demo JWTs beside it.
            DetectorExample("""
                DASHBOARD_USERNAME=supabase
                SECRET_KEY_BASE=\("UpNVntn3cDxHJpq99YMc1T1AQgQpc8kfYTuRgBiYa15BLrx8" + "etQoXz3gZv1/u2oq")
                VAULT_ENC_KEY=your-encryption-key-32-chars-min
                """, path: "docker/.env.example"),
            // Algolia's search-only keys: a docs site's search box ships its key to every reader.
            DetectorExample("""
                module.exports = {
                  title: 'Acme Docs',
                  themeConfig: {
                    algolia: {
                      appId: 'BH4D9OD16A',
                      apiKey: '\(algoliaKey)',
                      indexName: 'acme',
                      contextualSearch: true,
                    },
                  },
                };
                """, path: "docusaurus.config.js"),
            DetectorExample("""
                export default {
                  themeConfig: {
                    search: {
                      provider: 'algolia',
                      options: { appId: 'BH4D9OD16A', apiKey: '\(algoliaKey)', indexName: 'acme' }
                    }
                  }
                }
                """, path: "docs/.vitepress/config.ts"),
            DetectorExample("""
                ALGOLIA_SEARCH_API_KEY=\(algoliaKey)
                NEXT_PUBLIC_ALGOLIA_SEARCH_KEY=\(algoliaKey)
                DOCSEARCH_API_KEY=\(algoliaKey)
                """, path: ".env"),
        ],
        // Entropy alone never blocks: a provider-shaped key is another detector's, and critical.
        tier: .high)
}
