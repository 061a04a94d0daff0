import Foundation
import GateCore

/// Tokens written into an `Authorization` header (`Bearer …`, `Token …`, `Basic` and base64 of `user:password`) in code, curl lines, HTTP files and API
/// collections: a hard-coded token is a credential whatever its provider, though no format says whose.
struct AuthorizationHeaderDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// RFC 6750's token characters (base64url, base64 and `.~`), which a JWT and every provider's token fit in.
    private static let tokenCharacters = ByteSet("A-Za-z0-9._~+/=-")
    /// What may follow a whole token: the end of its literal, line or header list. Anything else means the token is
    /// only the start of a template (`Bearer abc${rest}`), not a value.
    private static let tokenEnds = ByteSet("\"'` \t\r\n,;)}]\\")
    private static let header = Array("authorization".utf8)
    /// `\` too: a notebook's code cell escapes its quotes (`{\"Authorization\": \"Bearer …\"}`).
    private static let quotesAndBlanks = ByteSet("\"'` \t\\")
    private static let blanks = ByteSet(" \t")
    /// What separates a header's name from its value in the places headers are written.
    private static let separators = ByteSet(":,=>")
    private static let headerNameCharacters = ByteSet("A-Za-z0-9_-")
    private static let digits = ByteSet("0-9")
    /// Postman and Insomnia store a header as `{ "key": "Authorization", "value": "Bearer …" }`.
    private static let headerValueName = Array("value".utf8)
    /// How far before a `value` field the header's name may be, for an object laid out over several lines.
    private static let headerObjectWindow = 120
    /// The entropy floor of a value of letters and digits, as the generic rule's (4.0 for short hex, where chance
    /// spreads less).
    private static let minimumEntropy = 3.5

    private static let tokenShapes = [
        TokenShape("Bearer token in an Authorization header", prefix: "[Bb]earer", body: .custom(headerToken),
                   tier: .high, yieldsToTokens: true),
        // Django REST framework's and others' `Token` scheme.
        TokenShape("Token in an Authorization header", prefix: "[Tt]oken", body: .custom(headerToken), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Basic credentials in an Authorization header", prefix: "Basic", body: .custom(basicCredentials),
                   tier: .high, yieldsToTokens: true),
    ]

    private static let base64Characters = ByteSet("A-Za-z0-9+/=")

    /// HTTP Basic credentials after `Basic` at `start`: base64 of `user:password`, which anyone decodes, judged as a
    /// registry login's are (a printable login whose password is no sample or default).
    private static func basicCredentials(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ schemeEnd: Int) -> CustomMatch? {
        guard let value = credentials(afterSchemeAt: start, endingAt: schemeEnd, madeOf: base64Characters, in: buffer),
              value.count >= 12, RegistryAuthDetector.isLogin(decoded: buffer, value)
        else { return nil }
        return CustomMatch(secret: value, reportAt: value.lowerBound,
                           verdict: CredentialVerdict("Basic credentials (base64 user:password) in an Authorization header",
                                                      tier: .high, confidence: .entropyOnly))
    }

    /// The token after the scheme word at `start` (body at `schemeEnd`), when the word follows an `Authorization`
    /// header's name and the token is written out: random, whole, and not a JWT some other rule judges.
    private static func headerToken(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ schemeEnd: Int) -> CustomMatch? {
        guard let token = credentials(afterSchemeAt: start, endingAt: schemeEnd, madeOf: tokenCharacters, in: buffer),
              token.count >= 20
        else { return nil }
        let tokenStart = token.lowerBound
        var verdict = CredentialVerdict("", tier: .high, confidence: .entropyOnly)
        if buffer[tokenStart] == UInt8(ascii: "e"), let jwt = JSONWebToken(in: buffer, at: tokenStart), jwt.range == token {
            // A privileged role is the JWT rule's (critical); an anon key and the jwt.io sample are public.
            guard jwt.access == .ordinary else { return nil }
            verdict.isExpired = jwt.isExpired
        } else {
            let allHex = token.allSatisfy { ByteSet.hex.contains(buffer[$0]) }
            let floor = SecretValue.entropyFloor(allHex ? 3.0 : minimumEntropy, boundedByChanceFor: buffer, token)
            guard SecretValue.looksLive(buffer, token, minimumEntropy: floor), !GenericSecretDetector.isMadeUp(buffer, token),
                  hasDigitAndLetter(token, in: buffer)
            else { return nil }
        }
        verdict.label = buffer[start] | 0x20 == UInt8(ascii: "b")
            ? "Bearer token in an Authorization header" : "Token in an Authorization header"
        return CustomMatch(secret: token, reportAt: tokenStart, verdict: verdict)
    }

    /// The credentials after the scheme word at `start..<schemeEnd` and its spaces, when the word is an
    /// `Authorization` header's scheme and the credentials are written out whole: bytes of `characters` up to the end
    /// of their literal or line (a template, `Bearer ${token}`, stops short of that and is none).
    private static func credentials(afterSchemeAt start: Int, endingAt schemeEnd: Int, madeOf characters: ByteSet,
                                    in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard schemeEnd < buffer.count, buffer[schemeEnd] == UInt8(ascii: " "), followsHeaderName(start, in: buffer)
        else { return nil }
        var valueStart = schemeEnd
        while valueStart < buffer.count, buffer[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        var end = valueStart
        while end < buffer.count, end - valueStart <= 4_096, characters.contains(buffer[end]) { end += 1 }
        guard end > valueStart, end == buffer.count || tokenEnds.contains(buffer[end]) else { return nil }
        return valueStart..<end
    }

    /// Whether the scheme word at `start` is the start of an `Authorization` header's value: after the name and
    /// `:` (`-H "Authorization: Bearer …"`, `Authorization: "Bearer …"`), `,` (`headers.set("Authorization",
    /// "Bearer …")`) or `=>`/`=`, each maybe quoted; or the `value` of an object whose `key` is the header.
    private static func followsHeaderName(_ start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var cursor = start - 1
        func skip(_ bytes: ByteSet) { while cursor >= 0, bytes.contains(buffer[cursor]) { cursor -= 1 } }
        skip(quotesAndBlanks)
        // A JavaScript template's or Python f-string's opening (`f"Bearer …"`) stands between the quote and the name.
        if cursor >= 0, buffer[cursor] == UInt8(ascii: "f") || buffer[cursor] == UInt8(ascii: "@") {
            let before = cursor - 1
            if before >= 0, !Byte.isIdentifierPart(buffer[before]) { cursor -= 1 }
            skip(blanks)
        }
        guard cursor >= 0, separators.contains(buffer[cursor]) else { return false }
        skip(separators)
        skip(quotesAndBlanks)
        let nameEnd = cursor + 1
        skip(headerNameCharacters)
        let name = (cursor + 1)..<nameEnd
        if endsWith(header, name, in: buffer) { return true }
        // `"value": "Bearer …"` in an API collection: the header's name sits just before, in the same object.
        guard name.count == headerValueName.count, endsWith(headerValueName, name, in: buffer) else { return false }
        let window = max(0, name.lowerBound - headerObjectWindow)..<name.lowerBound
        return SecretValue.containsIgnoringCase(buffer, window, header)
    }

    /// Whether `name` ends with `word` (lowercase), ignoring case: `Authorization`, `Proxy-Authorization`.
    private static func endsWith(_ word: [UInt8], _ name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count >= word.count else { return false }
        let start = name.upperBound - word.count
        guard word.indices.allSatisfy({ SecretValue.lowercased(buffer[start + $0]) == word[$0] }) else { return false }
        return start == name.lowerBound || !ByteSet.letters.contains(buffer[start - 1])
    }

    /// A token is drawn from letters and digits: one of only letters is a word or a name (`YOUR_API_KEY`,
    /// `AccessTokenFromTheVault`), one of only digits an id.
    private static func hasDigitAndLetter(_ token: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        token.contains { ByteSet.letters.contains(buffer[$0]) } && token.contains { digits.contains(buffer[$0]) }
    }

    private static let token = ExampleSecret.random(40, from: ExampleSecret.alphanumeric, seed: "authorization-bearer")
    private static let hexToken = ExampleSecret.random(40, from: ExampleSecret.lowerHex, seed: "authorization-drf")
    private static let basicLogin = Data(("billing-bot:" + ExampleSecret.random(24, from: ExampleSecret.tokenCharacters,
                                                                               seed: "authorization-basic")).utf8).base64EncodedString()

    private static let about = DetectorDescription(
        id: "authorization-header-token", name: "Token in an Authorization header", category: .secret,
        rationale: """
            A token written into an Authorization header (curl's -H "Authorization: Bearer …", a fetch call's \
            headers, an .http file, a Postman collection, DRF's "Token …") is a working credential whoever issued \
            it, though no prefix says whose: an internal API's token, a user's session JWT, a provider's key \
            without a format. Basic credentials are base64 of user:password, which anyone decodes: they count when \
            the password is no sample or default (password, changeme), as a registry login's. Either is reported at \
            tier high, entropy alone, for a reviewer to confirm. Templates and \
            variables (Bearer ${token}, $TOKEN, <token>, {{token}}, "Bearer " + token, YOUR_API_KEY) are not \
            values; provider keys are reported by their provider's rule, privileged JWTs by the JWT rule, and \
            public ones (an anon key, the jwt.io sample) not at all.
            """,
        triggering: [
            DetectorExample("""
                const response = await fetch(`${API}/v1/reports`, {
                  headers: { Authorization: "Bearer ↓\(token)" },
                });
                """, path: "src/reports.ts"),
            DetectorExample("""
                ```sh
                curl https://api.acme.dev/v1/jobs -H "Authorization: Bearer ↓\(ExampleSecret.userSessionJWT)"
                ```
                """, path: "README.md"),
            DetectorExample("""
                GET https://api.acme.dev/v1/me
                Authorization: Token ↓\(hexToken)
                """, path: "requests/me.http"),
            DetectorExample("""
                requests.get(url, headers={"Authorization": "Bearer ↓\(token)"})
                """, path: "scripts/export.py"),
            DetectorExample("""
                curl -X POST https://billing.acme.dev/v1/charges -H "Authorization: Basic ↓\(basicLogin)"
                """, path: "scripts/charge.sh"),
            DetectorExample("""
                {
                  "header": [
                    {
                      "key": "Authorization",
                      "value": "Bearer ↓\(token)",
                      "type": "text"
                    }
                  ]
                }
                """, path: "postman/acme.postman_collection.json"),
        ],
        nonTriggering: [
            DetectorExample("""
                const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
                const other = await fetch(url, { headers: { "Authorization": "Bearer " + session.token } });
                """, path: "src/client.ts"),
            DetectorExample("""
                curl -H "Authorization: Bearer $ACME_TOKEN" https://api.acme.dev/v1/jobs
                curl -H "Authorization: Bearer <token>" https://api.acme.dev/v1/jobs
                curl -H "Authorization: Bearer YOUR_API_KEY" https://api.acme.dev/v1/jobs
                curl -H 'Authorization: Bearer {{token}}' https://api.acme.dev/v1/jobs
                curl -H "Authorization: Bearer \(ExampleSecret.jwtIOSample)" https://api.acme.dev/v1/jobs
                """, path: "docs/api.md"),
            DetectorExample("""
                headers = {"Authorization": f"Bearer {token}"}
                Token authentication needs the header Token \(hexToken) only after login.
                """, path: "client.py"),
            DetectorExample("""
                { "key": "Authorization", "value": "Bearer {{accessToken}}" }
                """, path: "postman/acme.postman_collection.json"),
            DetectorExample("""
                curl -H "Authorization: Basic \(Data("user:password".utf8).base64EncodedString())" http://localhost:8080/api
                curl -H "Authorization: Basic $(echo -n "$USER:$PASS" | base64)" http://localhost:8080/api
                """, path: "docs/local.md"),
        ])
}
