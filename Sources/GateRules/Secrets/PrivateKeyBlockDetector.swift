/// PEM and OpenSSH private key blocks, including ones embedded in JSON with escaped newlines.
struct PrivateKeyBlockDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Private key", prefix: "-----BEGIN ", body: .custom(keyMaterial)),
        TokenShape("Private key (JWK)", prefix: "\"kty\"", body: .custom(jwkPrivateExponent)),
    ]

    private static let base64URL = ByteSet("A-Za-z0-9_-")

    /// A JSON Web Key that holds its private part: the `"d"` of the object whose `"kty"` starts here (RSA's private
    /// exponent, EC's and OKP's private scalar; a public JWK has none). Reported at the `"d"` value.
    @Sendable
    private static func jwkPrivateExponent(_ buffer: UnsafeBufferPointer<UInt8>, _ begin: Int, _ afterBegin: Int) -> CustomMatch? {
        // The object around the key type: back to its unmatched `{`, on to its `}`.
        guard let object = ObjectLiteral.enclosing(begin..<afterBegin, in: buffer, lookingBack: 4096, lookingAhead: 16_384)
        else { return nil }
        let start = object.lowerBound
        let end = object.upperBound - 1
        // `"d": "…"`, its value 40 base64url bytes or more (a P-256 scalar is 43, an RSA exponent hundreds).
        var index = start + 1
        while index + 4 < end {
            defer { index += 1 }
            guard buffer[index] == UInt8(ascii: "\""), buffer[index + 1] == UInt8(ascii: "d"), buffer[index + 2] == UInt8(ascii: "\"")
            else { continue }
            var value = index + 3
            while value < end, ByteSet.whitespace.contains(buffer[value]) || buffer[value] == UInt8(ascii: ":") { value += 1 }
            guard value < end, buffer[value] == UInt8(ascii: "\"") else { continue }
            value += 1
            var valueEnd = value
            while valueEnd < end, base64URL.contains(buffer[valueEnd]) { valueEnd += 1 }
            guard valueEnd - value >= 40, valueEnd < end, buffer[valueEnd] == UInt8(ascii: "\""),
                  SecretValue.entropy(buffer, value..<valueEnd) >= 4.0
            else { continue }
            return CustomMatch(secret: value..<valueEnd, reportAt: value)
        }
        return nil
    }

    private static let headerWords = ByteSet("A-Z0-9 ")
    private static let pemBody = ByteSet("A-Za-z0-9+/=")
    private static let dashes = Array("-----".utf8)
    /// What joins a key written one literal per line: Python's adjacency, `+`, an array's `,` (`[…].join("\n")`).
    /// Unlike a list of API keys, every line after a BEGIN header belongs to the one key.
    private static let lineLiteralGlue = ByteSet(" \t\r\n+,\\")

    /// The key material after a `-----BEGIN … PRIVATE KEY-----` line, or nil for a public key, a
    /// certificate, or a block whose body is elided (`...`, `<your key>`) as documentation shows it.
    ///
    /// The body is looked for past blank lines, literal `\n` escapes (JSON service-account files), `Name: value`
    /// headers (encrypted PEM, PGP) and the end of one string literal and the start of the next (a key written in
    /// code a literal per line).
    @Sendable
    private static func keyMaterial(_ buffer: UnsafeBufferPointer<UInt8>, _ begin: Int, _ afterBegin: Int) -> CustomMatch? {
        var index = afterBegin
        while index < min(buffer.count, afterBegin + 40), headerWords.contains(buffer[index]) { index += 1 }
        let label = String(decoding: UnsafeBufferPointer(rebasing: buffer[afterBegin..<index]), as: UTF8.self)
        guard label.hasSuffix("PRIVATE KEY") || label.hasSuffix("PRIVATE KEY BLOCK"),
              index + dashes.count <= buffer.count, buffer[index..<(index + dashes.count)].elementsEqual(dashes)
        else { return nil }
        index += dashes.count
        let limit = min(buffer.count, index + 600)
        while index < limit {
            let byte = buffer[index]
            if ByteSet.whitespace.contains(byte) {
                index += 1
            } else if byte == UInt8(ascii: "\\"), index + 1 < limit, "nr".utf8.contains(buffer[index + 1]) {
                index += 2
            } else if let next = JoinedLiterals.nextLiteral(afterClosingQuoteAt: index, in: buffer, glue: lineLiteralGlue,
                                                            limit: limit) {
                index = next
            } else if let headerEnd = endOfHeaderLine(in: buffer, from: index, limit: limit) {
                index = headerEnd
            } else {
                break
            }
        }
        var end = index
        while end < min(buffer.count, index + 4096), pemBody.contains(buffer[end]) { end += 1 }
        guard end - index >= 40, SecretValue.entropy(buffer, index..<end) >= 3.5 else { return nil }
        // The secret spans every body line, so a change to any of them counts as new key material.
        let bodyLimit = min(buffer.count, index + 16_384)
        var next = end
        while next < bodyLimit {
            if ByteSet.whitespace.contains(buffer[next]) {
                next += 1
            } else if buffer[next] == UInt8(ascii: "\\"), next + 1 < bodyLimit, buffer[next + 1] == UInt8(ascii: "n") {
                next += 2
            } else if pemBody.contains(buffer[next]) {
                while next < bodyLimit, pemBody.contains(buffer[next]) { next += 1 }
                end = next
            } else if let literal = JoinedLiterals.nextLiteral(afterClosingQuoteAt: next, in: buffer, glue: lineLiteralGlue,
                                                               limit: bodyLimit) {
                next = literal
            } else {
                break
            }
        }
        return CustomMatch(secret: index..<end)
    }

    /// Where a `Proc-Type: 4,ENCRYPTED`-style header line ends, if one starts at `start`.
    private static func endOfHeaderLine(in buffer: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Int? {
        var index = start
        var sawColon = false
        while index < limit, buffer[index] != UInt8(ascii: "\n"), buffer[index] != UInt8(ascii: "\\") {
            if buffer[index] == UInt8(ascii: ":") { sawColon = true }
            index += 1
        }
        return sawColon ? index : nil
    }

    private static let pem = ExampleSecret.privateKeyLines.joined(separator: "\n")

    private static let about = DetectorDescription(
        id: "private-key-block", name: "Private key", category: .secret,
        rationale: """
            A private key (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PEM or PGP) authenticates servers, signs \
            tokens and decrypts traffic; once committed it must be considered compromised and rotated. Fires on \
            the BEGIN line when real key material follows, in PEM files, in JSON such as service-account \
            files and in code that writes the key a string literal per line. Public keys, certificates and elided bodies in documentation are not reported.
            """,
        triggering: [
            DetectorExample("↓-----BEGIN RSA PRIVATE KEY-----\n\(pem)\n-----END RSA PRIVATE KEY-----\n",
                            path: "deploy/keys/server.key"),
            DetectorExample("""
                {
                  "type": "service_account",
                  "project_id": "acme-prod",
                  "private_key": "↓-----BEGIN PRIVATE KEY-----\\n\(ExampleSecret.privateKeyLines[0])\\n\(ExampleSecret.privateKeyLines[1])\\n-----END PRIVATE KEY-----\\n",
                  "client_email": "etl@acme-prod.iam.gserviceaccount.com"
                }
                """, path: "config/gcp-service-account.json"),
            DetectorExample("""
                ssh:
                  deploy_key: |
                    ↓-----BEGIN OPENSSH PRIVATE KEY-----
                    \(ExampleSecret.privateKeyLines[2])
                    \(ExampleSecret.privateKeyLines[3])
                    -----END OPENSSH PRIVATE KEY-----
                """, path: "ansible/group_vars/all.yml"),
            // A JSON Web Key with its private part, as an environment value or a JWKS file.
            DetectorExample("""
                JWKS_KEY={"keys":[{"kty":"EC","crv":"P-256","x":"\(ExampleSecret.random(43, from: ExampleSecret.tokenCharacters, seed: "jwk-x"))","y":"\(ExampleSecret.random(43, from: ExampleSecret.tokenCharacters, seed: "jwk-y"))","d":"↓\(ExampleSecret.random(43, from: ExampleSecret.tokenCharacters, seed: "jwk-d"))"}]}
                """, path: "docker-compose/deploy/.env.example"),
            DetectorExample("""
                ↓-----BEGIN EC PRIVATE KEY-----
                Proc-Type: 4,ENCRYPTED
                DEK-Info: AES-128-CBC,\(ExampleSecret.random(32, from: "0123456789ABCDEF", seed: "pem-iv"))

                \(pem)
                -----END EC PRIVATE KEY-----
                """, path: "certs/signing.pem"),
            // In code, a literal per line: Python's adjacent literals, JavaScript's `+`, an array joined with "\n".
            DetectorExample("""
                PRIVATE_KEY = (
                    "↓-----BEGIN PRIVATE KEY-----\\n"
                \(ExampleSecret.privateKeyLines.map { "    \"\($0)\\n\"" }.joined(separator: "\n"))
                    "-----END PRIVATE KEY-----\\n"
                )
                """, path: "app/signing.py"),
            DetectorExample("""
                const privateKey =
                  '↓-----BEGIN PRIVATE KEY-----\\n' +
                \(ExampleSecret.privateKeyLines.map { "  '\($0)\\n' +" }.joined(separator: "\n"))
                  '-----END PRIVATE KEY-----\\n';
                """, path: "src/key.js"),
            DetectorExample("""
                export const signingKey = [
                  "↓-----BEGIN RSA PRIVATE KEY-----",
                \(ExampleSecret.privateKeyLines.map { "  \"\($0)\"," }.joined(separator: "\n"))
                  "-----END RSA PRIVATE KEY-----",
                ].join("\\n");
                """, path: "src/keys.ts"),
        ],
        nonTriggering: [
            DetectorExample("-----BEGIN PUBLIC KEY-----\n\(pem)\n-----END PUBLIC KEY-----\n", path: "keys/jwt.pub"),
            DetectorExample("""
                Paste your key between the markers:

                ```
                -----BEGIN RSA PRIVATE KEY-----
                ...
                -----END RSA PRIVATE KEY-----
                ```
                """, path: "docs/deploy-keys.md"),
            DetectorExample("""
                const isPrivateKey = (pem: string) => pem.startsWith("-----BEGIN PRIVATE KEY-----");
                const pemMarkers = ["-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", "-----BEGIN CERTIFICATE-----"];
                """, path: "src/keys.ts"),
            // A certificate written a literal per line is public, as in a file.
            DetectorExample("""
                CA_CERT = (
                    "-----BEGIN CERTIFICATE-----\\n"
                \(ExampleSecret.privateKeyLines.map { "    \"\($0)\\n\"" }.joined(separator: "\n"))
                    "-----END CERTIFICATE-----\\n"
                )
                """, path: "app/tls.py"),
            DetectorExample("-----BEGIN CERTIFICATE-----\n\(pem)\n-----END CERTIFICATE-----\n", path: "certs/ca.crt"),
            // A public JWK: no private part.
            DetectorExample("""
                {"keys":[{"kty":"EC","crv":"P-256","x":"\(ExampleSecret.random(43, from: ExampleSecret.tokenCharacters, seed: "jwk-x"))","y":"\(ExampleSecret.random(43, from: ExampleSecret.tokenCharacters, seed: "jwk-y"))","use":"sig"}]}
                """, path: "public/.well-known/jwks.json"),
        ])
}
