/// Passwords inside connection URLs (`postgres://app:password@db.internal/app`), in any scheme.
struct ConnectionURLPasswordDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Password in a connection URL", prefix: "://", body: .custom(password),
                   needsBoundaryBefore: false, yieldsToTokens: true),
    ]

    private static let schemeCharacters = ByteSet("A-Za-z0-9+.-")
    /// Where the authority ends: a path, query, fragment, whitespace, quotes or markup.
    private static let authorityStops = ByteSet("/?#\"'` \t\r\n<>()[]{},;\\")
    private static let hostCharacters = ByteSet("A-Za-z0-9._-")
    private static let localHosts: Set<String> = [
        "localhost", "127.0.0.1", "0.0.0.0", "::1", "host", "hostname", "your-host", "yourhost", "server", "db-host",
        "example", "host.docker.internal",
    ]
    private static let exampleDomains = ["example.com", "example.org", "example.net", ".example", ".test", ".invalid",
                                         ".localhost", ".local"]
    /// Passwords documentation and local setups use, which no team would mistake for a real one.
    static let defaultPasswords: Set<String> = [
        "password", "passw0rd", "pass", "secret", "postgres", "root", "admin", "mysql", "guest", "changeme", "test",
        "user", "redis", "mongo", "mongodb", "default", "example", "pwd", "letmein", "rabbitmq", "sa", "oracle",
        "1234", "12345", "123456", "12345678", "qwerty", "dbpass", "dbpassword", "mypassword", "yourpassword",
    ]
    private static let referenceMarks = ByteSet("${}<>*")

    /// Whether `host` (lowercase) is this machine, a container's name or documentation's: what a credential for it
    /// opens is a local setup or nothing (also `URLQuerySecretDetector`'s judgement).
    static func isLocalOrExample(host: String) -> Bool {
        localHosts.contains(host) || exampleDomains.contains { host == $0 || host.hasSuffix($0) || host.hasSuffix($0 + ".com") }
    }

    /// The password of `scheme://user:password@host` after the `://` at `start`, unless the host is local or
    /// an example and the password a placeholder, a template or a default.
    @Sendable
    private static func password(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ afterSlashes: Int) -> CustomMatch? {
        var schemeStart = start
        while schemeStart > 0, start - schemeStart < 24, schemeCharacters.contains(buffer[schemeStart - 1]) { schemeStart -= 1 }
        guard schemeStart < start else { return nil }
        let scheme = String(decoding: UnsafeBufferPointer(rebasing: buffer[schemeStart..<start]), as: UTF8.self).lowercased()
        var end = afterSlashes
        var at: Int?
        let limit = min(buffer.count, afterSlashes + 256)
        while end < limit, !authorityStops.contains(buffer[end]) {
            if buffer[end] == UInt8(ascii: "@") { at = end }
            end += 1
        }
        guard let at, let colon = (afterSlashes..<at).first(where: { buffer[$0] == UInt8(ascii: ":") }) else { return nil }
        let user = String(decoding: UnsafeBufferPointer(rebasing: buffer[afterSlashes..<colon]), as: UTF8.self)
        let secret = (colon + 1)..<at
        let password = String(decoding: UnsafeBufferPointer(rebasing: buffer[secret]), as: UTF8.self)
        var hostEnd = at + 1
        while hostEnd < buffer.count, hostCharacters.contains(buffer[hostEnd]) { hostEnd += 1 }
        let host = String(decoding: UnsafeBufferPointer(rebasing: buffer[(at + 1)..<hostEnd]), as: UTF8.self).lowercased()
        guard password.utf8.count >= 6, !host.isEmpty, !isLocalOrExample(host: host),
              !defaultPasswords.contains(password.lowercased()), password.lowercased() != user.lowercased(),
              !secret.contains(where: { referenceMarks.contains(buffer[$0]) }),
              !SecretValue.isPlaceholder(buffer, secret),
              !["password", "passwd", "pass_word", "secret", "%s", "%("].contains(where: { password.lowercased().contains($0) }),
              SecretValue.entropy(buffer, secret) >= 2.5
        else { return nil }
        // A host of one label (`@postgres:5432`, `@db`, `@redis`) is a container of a compose file or a local network,
        // not a database reachable from the internet: its password asks for a reviewer's look, not a block.
        let singleLabel = !host.contains(".")
        return CustomMatch(secret: secret, reportAt: secret.lowerBound,
                           verdict: CredentialVerdict("Password in a \(scheme) connection URL", tier: singleLabel ? .high : .critical))
    }

    private static let password = ExampleSecret.random(10, from: ExampleSecret.alphanumeric, seed: "url-password") + "%21"
        + ExampleSecret.random(6, from: ExampleSecret.alphanumeric, seed: "url-password-2")

    private static let about = DetectorDescription(
        id: "connection-url-password", name: "Password in a connection URL", category: .secret,
        rationale: """
            A database, cache or broker URL with user:password@host hands over the data itself: Postgres, \
            MySQL, MongoDB (also mongodb+srv), Redis, AMQP and any other scheme. The password is reported, not \
            the URL. Local and example hosts (localhost, 127.0.0.1, example.com, *.local), placeholder or \
            templated passwords (<password>, ${DB_PASSWORD}, %s, {password}), the well-known defaults (postgres, root, \
            password, changeme…) and passwords equal to the user name are not. A provider token used as the \
            password (https://x-access-token:ghp_…@github.com) is reported as that token.
            """,
        triggering: [
            DetectorExample("DATABASE_URL=postgres://app:↓\(password)@db.prod.internal:5432/app\n", path: ".env.production"),
            DetectorExample("""
                SQLALCHEMY_DATABASE_URI = "mysql+pymysql://reporting:↓\(password)@reports.cluster-c1.eu-west-1.rds.amazonaws.com/reports"
                """, path: "app/config.py"),
            DetectorExample("""
                const client = new MongoClient("mongodb+srv://etl:↓\(password)@cluster0.ab1cd.mongodb.net/?retryWrites=true");
                """, path: "src/db.ts"),
            DetectorExample("""
                cache:
                  url: rediss://default:↓\(password)@eu1-smart-ox-31337.upstash.io:6379
                broker: amqps://worker:↓\(password)@rabbit.prod.acme.io/jobs
                """, path: "config/queue.yml"),
            DetectorExample("""
                db, err := sql.Open("pgx", "postgresql://billing:↓\(password)@10.0.4.12:5432/billing?sslmode=require")
                """, path: "internal/store/db.go"),
        ],
        nonTriggering: [
            DetectorExample("DATABASE_URL=postgres://postgres:postgres@localhost:5432/app_dev\n", path: ".env.development"),
            DetectorExample("""
                Set `DATABASE_URL` to `postgresql://user:password@host:5432/dbname`, for example
                `mongodb+srv://admin:<password>@cluster0.abcde.mongodb.net/`.
                """, path: "README.md"),
            DetectorExample("""
                url = f"postgresql://{user}:{password}@{host}/{name}"
                redis_url = "redis://:${REDIS_PASSWORD}@redis:6379/0"
                """, path: "app/settings.py"),
            DetectorExample("""
                services:
                  app:
                    environment:
                      DATABASE_URL: postgres://app:app@db:5432/app
                      AMQP_URL: amqp://guest:guest@rabbitmq:5672/
                """, path: "docker-compose.yml"),
            DetectorExample("See https://docs.acme.dev/guide#setup and git@github.com:acme/api.git\n", path: "CONTRIBUTING.md"),
        ])
}
