import GateCore

/// Credentials passed on a command line written into a README, a script or a CI step: curl's `-u user:password`,
/// `--password <value>`, `docker login … -p <value>`, `sshpass -p <value>`, the MySQL clients' `-p<value>` and
/// `redis-cli -a <value>`. No `=` or `:` names them, so the assignment rules never look; the option does.
struct CommandLineCredentialDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// What a password written on a command line is made of, up to the space, quote or line end that ends it.
    private static let argumentCharacters = ByteSet("A-Za-z0-9!#%&()*+,./:;=?@[]^_{|}~-")
    private static let argumentEnds = ByteSet("\"' \t\r\n\\")
    private static let quotes = ByteSet("\"'")
    private static let passwordName = Array("password".utf8)
    /// Registry logins and sshpass take `-p` for their password; elsewhere `-p` is a port, a path or a profile.
    private static let passwordDashPCommands = [" login", "login ", "sshpass "].map { Array($0.utf8) }
    /// MySQL's and MariaDB's clients take the password joined to `-p` (`-pS3cret`); `-p` alone asks for it.
    private static let mysqlCommands = ["mysql", "mariadb"].map { Array($0.utf8) }
    /// redis-cli takes its password after `-a` (or `--pass`); elsewhere `-a` means "all" or "append".
    private static let redisCommands = [Array("redis-cli".utf8)]
    private static let inlineSpace = ByteSet(" \t")

    private static let tokenShapes = [
        TokenShape("Login on a command line (-u user:password)", prefix: "-u ", body: .custom(userAndPassword), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Login on a command line (--user user:password)", prefix: "--user ", body: .custom(userAndPassword),
                   tier: .high, yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "--password ", body: .custom(passwordArgument), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "-p ", body: .custom(loginPassword), tier: .high,
                   yieldsToTokens: true),
        // `$` is no first byte: `-p$MYSQL_PASSWORD` names a variable.
        TokenShape("Password on a command line", prefix: "-p[A-Za-z0-9'\"!#%*+@^_~]", body: .custom(joinedMySQLPassword),
                   tier: .high, yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "-a ", body: .custom(redisPassword), tier: .high,
                   yieldsToTokens: true),
        TokenShape("Password on a command line", prefix: "--pass ", body: .custom(redisPassword), tier: .high,
                   yieldsToTokens: true),
    ]

    /// Whether the line holding `start` names one of `commands` before it.
    private static func line(before start: Int, in buffer: UnsafeBufferPointer<UInt8>, names commands: [[UInt8]]) -> Bool {
        var lineStart = start
        while lineStart > 0, start - lineStart < 1_024, buffer[lineStart - 1] != UInt8(ascii: "\n") { lineStart -= 1 }
        let line = UnsafeBufferPointer(rebasing: buffer[lineStart..<start])
        return commands.contains { SecretValue.containsIgnoringCase(line, line.indices, $0) }
    }

    /// Whether the option at `start` is a word of its own on the command line (after a space or a tab).
    private static func startsArgument(_ start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        start > 0 && inlineSpace.contains(buffer[start - 1])
    }

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

    /// `docker login -u ci -p <value>` (and podman's, helm registry's, any `… login`) and `sshpass -p <value>`: `-p`
    /// is the password only there.
    private static func loginPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        guard line(before: start, in: buffer, names: passwordDashPCommands), let value = argument(at: end, in: buffer)
        else { return nil }
        return judgedAsPassword(value, in: buffer)
    }

    /// `mysql -u root -pS3cret`, `mysqldump -p'S3cret'`: the password joined to `-p`, on a MySQL or MariaDB client's
    /// line. The prefix holds the value's first byte.
    private static func joinedMySQLPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        guard startsArgument(start, in: buffer), line(before: start, in: buffer, names: mysqlCommands),
              let value = argument(at: end - 1, in: buffer)
        else { return nil }
        return judgedAsPassword(value, in: buffer)
    }

    /// `redis-cli -h cache -a <value>` (or `--pass <value>`).
    private static func redisPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> CustomMatch? {
        guard startsArgument(start, in: buffer), line(before: start, in: buffer, names: redisCommands),
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
            user:password, --user, --password <value>, docker login's and sshpass's -p <value>, the MySQL \
            clients' -p<value> and redis-cli's -a <value>. A password that is no sample, default or variable \
            (elastic:changeme, $PASS, ${TOKEN}) is reported at tier high, as any hard-coded password; provider \
            tokens there are their provider's. -p counts only on a login or sshpass command, where it is the \
            password rather than a port or a path, and joined to its value only on a MySQL client's line (-p alone \
            asks for the password there); -a only on redis-cli's.
            """,
        triggering: [
            DetectorExample("curl -u ↓admin:\(password) https://search.acme.dev/_cluster/health\n", path: "README.md"),
            DetectorExample("docker login registry.acme.dev -u ci --password ↓\(token)\n", path: "scripts/push.sh"),
            DetectorExample("""
                steps:
                  - run: docker login -u ci -p ↓\(token) registry.acme.dev
                """, path: ".gitlab-ci.yml"),
            DetectorExample("mysql -u root -p↓\(password) -h db.acme.dev acme\n", path: "docs/restore.md"),
            DetectorExample("mysqldump -u admin -p'↓\(password)' acme > dump.sql\n", path: "scripts/backup.sh"),
            DetectorExample("redis-cli -h cache.acme.dev -a ↓\(password) PING\n", path: "README.md"),
            DetectorExample("sshpass -p '↓\(password)' ssh deploy@acme.dev\n", path: "scripts/deploy.sh"),
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
                mysql -u root -p acme_dev
                mysql -u root -p$MYSQL_ROOT_PASSWORD acme
                mysqldump --password="$DB_PASSWORD" acme
                redis-cli -a "$REDIS_PASSWORD" ping
                sshpass -p "$DEPLOY_PASSWORD" ssh deploy@acme.dev
                """, path: "docs/db.md"),
            DetectorExample("""
                mkdir -p build && cp -pr dist out
                tar -pczf release.tgz dist
                ls -a dist
                git commit -a -m "release"
                """, path: "scripts/build.sh"),
        ])
}
