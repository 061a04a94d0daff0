import GateCore

/// Credentials passed in a URL's query string (`…/data?api_key=…&q=London`), in code, docs and scripts alike: the
/// parameter's name says what the value is, as an assignment's would.
///
/// In code a value must be quoted to be read as an assignment's, and a query parameter is not: it sits inside a
/// URL's literal. In docs the assignment rule would read past the `&` into the next parameter.
struct URLQuerySecretDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let nameCharacters = ByteSet("A-Za-z0-9_.-")
    /// What a query value is made of, percent-encoding included; anything else (`${`, `{{`, `<`) ends the reading.
    private static let valueCharacters = ByteSet("A-Za-z0-9._~+/=%:!*-")
    /// What may follow a whole value: the next parameter, the fragment, the end of the URL or of its literal.
    private static let valueEnds = ByteSet("&#\"'` \t\r\n)<>\\,;]|")
    private static let longestName = 40

    /// `?` or `&` before a name's first letter: code is full of `?.`, `??`, `? :` and `&&`, and a prefix of the
    /// separator alone sent the scan to look at every one of them (a tenth more instructions on the app bench case).
    private static let tokenShapes = [
        TokenShape("Secret in a URL's query string", prefix: "?[A-Za-z_]", body: .custom(parameter), tier: .high,
                   needsBoundaryBefore: false, yieldsToTokens: true),
        TokenShape("Secret in a URL's query string", prefix: "&[A-Za-z_]", body: .custom(parameter), tier: .high,
                   needsBoundaryBefore: false, yieldsToTokens: true),
    ]

    /// The parameter whose name starts just after the separator at `start`, when its name is a credential's and its
    /// value looks like one, by the generic rule's judgement.
    private static func parameter(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ afterPrefix: Int) -> CustomMatch? {
        var nameStart = start + 1
        var index = nameStart
        while index < buffer.count, index - nameStart <= longestName, nameCharacters.contains(buffer[index]) { index += 1 }
        // HTML writes the separator as an entity (`?q=London&amp;api_key=…`): the name follows it.
        if index < buffer.count, buffer[index] == UInt8(ascii: ";"), index - nameStart == 3,
           SecretValue.containsIgnoringCase(buffer, nameStart..<index, ampersandEntity) {
            nameStart = index + 1
            index = nameStart
            while index < buffer.count, index - nameStart <= longestName, nameCharacters.contains(buffer[index]) { index += 1 }
        }
        let name = nameStart..<index
        guard !name.isEmpty, index < buffer.count, buffer[index] == UInt8(ascii: "="),
              // A database URL's password opens the database: the connection rule's (`ConnectionURLQueryPassword`).
              !ConnectionURLQueryPassword.isDatabasePassword(named: name, after: start, in: buffer)
        else { return nil }
        let valueStart = index + 1
        var end = valueStart
        while end < buffer.count, end - valueStart <= 512, valueCharacters.contains(buffer[end]) { end += 1 }
        let value = valueStart..<end
        let rule = GenericSecretDetector.highEntropyValue
        guard value.count >= rule.minimumLength, end == buffer.count || valueEnds.contains(buffer[end]),
              rule.plausible(buffer, value)
        else { return nil }
        let verdict = isAzureSignature(name, before: start, in: buffer)
            ? CredentialVerdict("Azure shared access signature", tier: .high, confidence: .entropyOnly)
            : withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { storage in
                rule.matches(AssignedName(raw: UnsafeBufferPointer(rebasing: buffer[name]), storage: storage), buffer, value)
            }
        guard var verdict else { return nil }
        // A key for this machine (a Jupyter server's `localhost:8888/?token=…`, printed at every start) or for
        // documentation's host opens nothing anyone else can reach.
        if let host = host(ofURLBefore: start, in: buffer), ConnectionURLPasswordDetector.isLocalOrExample(host: host) { return nil }
        verdict.label = "\(verdict.label) in a URL's query string"
        return CustomMatch(secret: value, reportAt: value.lowerBound, verdict: verdict)
    }

    /// The part of `value` the assignment rules judge when `name` is a parameter of a URL's query, which docs and
    /// config read as an assignment (`…/lab?token=…`, `…?api_key=…&limit=10`): up to the next parameter, and none
    /// at all when the URL is for this machine or documentation's host, as this rule judges it, or when the parameter
    /// is a database URL's password, which the connection rule judges. `value` itself when `name` follows no `?` or `&`.
    static func judgedValue(_ value: Range<Int>, named name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let separator = querySeparator(before: name, in: buffer) else { return value }
        if let host = host(ofURLBefore: separator, in: buffer), ConnectionURLPasswordDetector.isLocalOrExample(host: host) {
            return nil
        }
        if ConnectionURLQueryPassword.isDatabasePassword(named: name, after: separator, in: buffer) { return nil }
        let end = value.first { buffer[$0] == UInt8(ascii: "&") } ?? value.upperBound
        return value.lowerBound..<end
    }

    /// The `?` or `&` (HTML's `&amp;` too) just before the parameter name at `name`, if any.
    private static func querySeparator(before name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        let before = name.lowerBound - 1
        guard before >= 0 else { return nil }
        if buffer[before] == UInt8(ascii: "?") || buffer[before] == UInt8(ascii: "&") { return before }
        let entity = before - ampersandEntity.count - 1
        guard buffer[before] == UInt8(ascii: ";"), entity >= 0, buffer[entity] == UInt8(ascii: "&"),
              SecretValue.containsIgnoringCase(buffer, (entity + 1)..<before, ampersandEntity)
        else { return nil }
        return entity
    }

    private static let ampersandEntity = Array("amp".utf8)
    private static let signatureName = Array("sig".utf8)
    private static let sasVersions = ["?sv=", "&sv=", ";sv="].map { Array($0.utf8) }

    /// Whether `name` is the `sig` of an Azure shared access signature: a URL whose query also gives the signed
    /// version (`?sv=2022-11-02&…&sig=…`). The signature grants what the other parameters say until `se=`; `sig`
    /// alone names no credential.
    private static func isAzureSignature(_ name: Range<Int>, before start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.count == signatureName.count, buffer[name].elementsEqual(signatureName) else { return false }
        var queryStart = start
        while queryStart > 0, start - queryStart < 2_048, !urlStops.contains(buffer[queryStart - 1]) { queryStart -= 1 }
        return sasVersions.contains { SecretValue.containsIgnoringCase(buffer, queryStart..<start, $0) }
    }

    private static let urlStops = ByteSet("\"'` \t\r\n<>()[]{}\\")
    private static let hostCharacters = ByteSet("A-Za-z0-9._-")

    /// The host (lowercase) of the URL whose query holds the `?` or `&` at `index`: after its `://` and any
    /// `user@`, looked for back to the URL's start.
    private static func host(ofURLBefore index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var cursor = index - 1
        let limit = max(2, index - 2_048)
        while cursor >= limit, !urlStops.contains(buffer[cursor]) {
            if buffer[cursor] == UInt8(ascii: "/"), buffer[cursor - 1] == UInt8(ascii: "/"), buffer[cursor - 2] == UInt8(ascii: ":") {
                var start = cursor + 1
                var end = start
                while end < index, hostCharacters.contains(buffer[end]) || buffer[end] == UInt8(ascii: "@")
                        || buffer[end] == UInt8(ascii: ":") {
                    if buffer[end] == UInt8(ascii: "@") { start = end + 1 }
                    end += 1
                }
                var hostEnd = start
                while hostEnd < end, hostCharacters.contains(buffer[hostEnd]) { hostEnd += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<hostEnd]), as: UTF8.self).lowercased()
            }
            cursor -= 1
        }
        return nil
    }

    private static let hexKey = ExampleSecret.random(32, from: ExampleSecret.lowerHex, seed: "url-query-key")
    private static let token = ExampleSecret.random(40, from: ExampleSecret.alphanumeric, seed: "url-query-token")
    /// What `jupyter lab` prints in its URL: 24 random bytes in hex.
    private static let jupyterToken = ExampleSecret.random(48, from: ExampleSecret.lowerHex, seed: "jupyter-server-token")
    /// A signature as Azure prints it: 32 bytes of base64, its `=` percent-encoded.
    private static let signature = ExampleSecret.random(43, from: ExampleSecret.alphanumeric, seed: "azure-sas-signature") + "%3D"

    private static let about = DetectorDescription(
        id: "url-query-secret", name: "Secret in a URL's query string", category: .secret,
        rationale: """
            Many APIs take their key as a query parameter (?api_key=, ?access_token=, &token=, an Azure shared \
            access signature's &sig=), and a URL with the key in it gets pasted into code, READMEs and scripts \
            whole, HTML's &amp; between its parameters included; it is also written to every \
            proxy's and server's access log. A parameter whose name is a credential's and whose value looks \
            random is reported at tier high, as any entropy-only secret; placeholders, templates (${key}, \
            {{token}}, <key>), keys for this machine or documentation's hosts (a Jupyter server's \
            localhost:8888/?token=…, api.example.com), provider keys (reported by their provider's rule) and a \
            database URL's password (jdbc:postgresql://…?password=…, reported by connection-url-password) are not.
            """,
        triggering: [
            DetectorExample("""
                const response = await fetch("https://api.weather.dev/v1/current?api_key=↓\(hexKey)&q=London");
                """, path: "src/weather.js"),
            DetectorExample("""
                Try it: `curl "https://api.acme.dev/v1/items?limit=10&access_token=↓\(token)"`
                """, path: "README.md"),
            DetectorExample("""
                url = f"{BASE}/search?q={query}&token=↓\(token)"
                """, path: "scripts/search.py"),
            DetectorExample("""
                <a href="https://api.weather.dev/v1/current?q=London&amp;api_key=↓\(hexKey)">Weather</a>
                """, path: "web/index.html"),
            DetectorExample("""
                Download https://acmestore.blob.core.windows.net/exports/data.csv?sv=2022-11-02&ss=b&srt=o&sp=r\
                &se=2027-01-01T00:00:00Z&spr=https&sig=↓\(signature)
                """, path: "docs/exports.md"),
        ],
        nonTriggering: [
            DetectorExample("""
                const response = await fetch(`https://api.weather.dev/v1/current?api_key=${process.env.WEATHER_KEY}&q=London`);
                """, path: "src/weather.js"),
            DetectorExample("""
                curl "https://api.acme.dev/v1/items?api_key=<your-api-key>&limit=10"
                curl "https://api.acme.dev/v1/items?access_token={{token}}&page=2"
                curl "https://api.acme.dev/v1/items?api_key=YOUR_API_KEY"
                """, path: "docs/api.md"),
            DetectorExample("""
                GET /v1/items?page_token=\(token)&request_id=\(hexKey)
                """, path: "docs/pagination.md"),
            DetectorExample("""
                https://acmestore.blob.core.windows.net/exports/data.csv?sv=2022-11-02&sp=r&sig=<signature>
                https://cdn.acme.dev/assets/app.js?v=3&sig=\(hexKey)
                <a href="/search?q=London&amp;page=2">next</a>
                """, path: "docs/links.md"),
            // Docs read `token=…` as an assignment too: the same hosts are exempt there.
            DetectorExample("""
                Start the server with `jupyter lab`; it prints:

                    http://localhost:8888/lab?token=\(jupyterToken)
                    http://127.0.0.1:8888/lab?token=\(jupyterToken)

                curl "https://api.example.com/v1/items?api_key=\(hexKey)&limit=10"
                """, path: "docs/setup.md"),
        ])
}
