import GateCore

/// Credentials passed on a command line written into a README, a script or a CI step: curl's `-u user:password`,
/// `--password <value>`, and `docker login … -p <value>`. No `=` or `:` names them, so the assignment rules never
/// look; the option does.
struct CommandLineCredentialDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// What a password written on a command line is made of, up to the space, quote or line end that ends it.
    private static let argumentCharacters = ByteSet("A-Za-z0-9!#%&()*+,./:;=?@[]^_{|}~-")
    private static let argumentEnds = ByteSet("\"' \t\r\n\\")
    private static let quotes = ByteSet("\"'")
    private static let passwordName = Array("password".utf8)
    /// Registry logins take `-p` for their password; elsewhere `-p` is a port, a path or a profile.
    private static let loginCommands = [" login", "login "].map { Array($0.utf8) }

    private static let tokenShapes = [
        TokenShape("Login on a command line (-u user:password)", prefix: "-u ", body: .custom(userAndPassword), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Login on a command line (--user user:password)", prefix: "--user ", body: .custom(userAndPassword),
                   tier: .high, yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "--password ", body: .custom(passwordArgument), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "-p ", body: .custom(loginPassword), tier: .high,
                   yieldsToTokens: true),
    ]

    /// The argument after an option ending at `start`, maybe quoted: its bytes, up to what ends it.
    private static func argument(at start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = start
        var quote: UInt8?
        if index < buffer.count, quotes.contains(buffer[index]) {
            quote = buffer[index]
            index += 1
        }
        let valueStart = index
        while index < buffer.count, index - valueStart <= 256, argumentCharacters.contains(buffer[index]) { index += 1 }
        guard index > valueStart, index == buffer.count || argumentEnds.contains(buffer[index]) else { return nil }
        if let quote, index < buffer.count, buffer[index] != quote { return nil }
        return valueStart..<index
    }

    /// `-u user:password`, `--user user:password`: the login, when it is one (not `elastic:changeme`). The whole
    /// login is the secret, so a provider's pair starting it (Twilio's `-u AC…:token`) is its provider's.
    private static func userAndPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        guard let login = argument(at: end, in: buffer), RegistryAuthDetector.isLogin(Array(buffer[login])) else { return nil }
        return CustomMatch(secret: login, reportAt: login.lowerBound,
                           verdict: CredentialVerdict("Login on a command line (user:password)", tier: .high,
                                                      confidence: .entropyOnly))
    }

    /// `--password <value>`: judged as a password assigned to `password` is.
    private static func passwordArgument(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        guard let value = argument(at: end, in: buffer) else { return nil }
        return judgedAsPassword(value, in: buffer)
    }

    /// `docker login -u ci -p <value>` (and podman's, helm registry's, any `… login`): `-p` is the password only there.
    private static func loginPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        var lineStart = start
        while lineStart > 0, buffer[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<start])
        guard loginCommands.contains(where: { SecretValue.containsIgnoringCase(line, line.indices, $0) }),
              let value = argument(at: end, in: buffer)
        else { return nil }
        return judgedAsPassword(value, in: buffer)
    }

    private static func judgedAsPassword(_ value: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> CustomMatch? {
        let rule = GenericSecretDetector.highEntropyValue
        guard value.count >= rule.minimumLength, rule.plausible(buffer, value) else { return nil }
        let verdict = passwordName.withUnsafeBufferPointer { name in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count) { storage in
                rule.matches(AssignedName(raw: name, storage: storage), buffer, value)
            }
        }
        guard var verdict else { return nil }
        verdict.label = "Password on a command line"
        return CustomMatch(secret: value, reportAt: value.lowerBound, verdict: verdict)
    }

    private static let password = ExampleSecret.random(20, from: ExampleSecret.alphanumeric, seed: "command-line-password")
    private static let token = ExampleSecret.random(36, from: ExampleSecret.alphanumeric, seed: "command-line-token")

    private static let about = DetectorDescription(
        id: "command-line-credential", name: "Credential on a command line", category: .secret,
        rationale: """
            Commands copied into READMEs, scripts and CI steps carry their credentials with them: curl -u \
            user:password, --user, --password <value>, and docker login's -p <value>. A password that is no \
            sample, default or variable (elastic:changeme, $PASS, ${TOKEN}) is reported at tier high, as any \
            hard-coded password; provider tokens there are their provider's. -p counts only on a login command, \
            where it is the password rather than a port or a path.
            """,
        triggering: [
            DetectorExample("curl -u ↓admin:\(password) https://search.acme.dev/_cluster/health\n", path: "README.md"),
            DetectorExample("docker login registry.acme.dev -u ci --password ↓\(token)\n", path: "scripts/push.sh"),
            DetectorExample("""
                steps:
                  - run: docker login -u ci -p ↓\(token) registry.acme.dev
                """, path: ".gitlab-ci.yml"),
        ],
        nonTriggering: [
            DetectorExample("""
                curl -u elastic:changeme http://localhost:9200
                curl -u "$ES_USER:$ES_PASSWORD" https://search.acme.dev
                docker login -u ci -p "$CI_REGISTRY_PASSWORD" registry.acme.dev
                """, path: "README.md"),
            DetectorExample("""
                docker run -p 8080:80 -u 1000:1000 acme/web
                git push -u origin main
                ssh -p 2222 deploy@acme.dev
                """, path: "docs/run.md"),
            DetectorExample("""
                mysqladmin --password <your-password> status
                """, path: "docs/db.md"),
        ])
}
