/// Passwords inside connection URLs (`postgres://app:password@db.internal/app`), in any scheme.
struct ConnectionURLPasswordDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    private static let tokenShapes = [
        TokenShape("Password in a connection URL", prefix: "://", body: .custom(password),
                   needsBoundaryBefore: false, yieldsToTokens: true),
    ] + ConnectionStringPassword.shapes + ConnectionCallPassword.shapes

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
    /// Words a password names itself by, as written or in leetspeak (`P@ssw0rd`, `Passw0rd!`).
    private static let selfNamingWords = ["password", "passwd"].map { Array($0.utf8) }

    /// Whether `secret`, a password written beside its user (`user:password@`, `User Id=…;Password=…`), could open
    /// something: not a placeholder, a template, a format string, a well-known default, the user's own name or a word
    /// that names itself.
    static func isLivePassword(_ buffer: UnsafeBufferPointer<UInt8>, _ secret: Range<Int>, user: String) -> Bool {
        let password = String(decoding: UnsafeBufferPointer(rebasing: buffer[secret]), as: UTF8.self).lowercased()
        return secret.count >= 6 && !defaultPasswords.contains(password) && password != user.lowercased()
            && !secret.contains(where: { referenceMarks.contains(buffer[$0]) })
            && !SecretValue.isPlaceholder(buffer, secret)
            && !["pass_word", "pass@word", "secret", "%s", "%("].contains(where: { password.contains($0) })
            && !GenericSecretDetector.spellsAny(of: selfNamingWords, in: buffer, secret)
            && SecretValue.entropy(buffer, secret) >= 2.5
    }

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
        var hostEnd = at + 1
        while hostEnd < buffer.count, hostCharacters.contains(buffer[hostEnd]) { hostEnd += 1 }
        let host = String(decoding: UnsafeBufferPointer(rebasing: buffer[(at + 1)..<hostEnd]), as: UTF8.self).lowercased()
        guard !host.isEmpty, !isLocalOrExample(host: host), isLivePassword(buffer, secret, user: user) else { return nil }
        // A host of one label (`@postgres:5432`, `@db`, `@redis`) is a container of a compose file or a local network,
        // not a database reachable from the internet: its password asks for a reviewer's look, not a block.
        let singleLabel = !host.contains(".")
        return CustomMatch(secret: secret, reportAt: secret.lowerBound,
                           verdict: CredentialVerdict("Password in a \(scheme) connection URL", tier: singleLabel ? .high : .critical))
    }

    /// A password as people choose them: letters, digits and a symbol.
    private static let stringPassword = ExampleSecret.random(12, from: ExampleSecret.alphanumeric, seed: "connection-string-password") + "!"
    /// A password of nine characters: under the assignment rules' floor, over a connection call's.
    private static let shortPassword = ExampleSecret.random(8, from: ExampleSecret.alphanumeric, seed: "call-password") + "!"
    private static let password = ExampleSecret.random(10, from: ExampleSecret.alphanumeric, seed: "url-password") + "%21"
        + ExampleSecret.random(6, from: ExampleSecret.alphanumeric, seed: "url-password-2")

    private static let about = DetectorDescription(
        id: "connection-url-password", name: "Password in a connection URL", category: .secret,
        rationale: """
            A database, cache or broker URL with user:password@host hands over the data itself: Postgres, \
            MySQL, MongoDB (also mongodb+srv), Redis, AMQP and any other scheme. So does a database URL's password \
            query parameter (JDBC's jdbc:postgresql://…?user=…&password=…, also in XML as &amp;password=, libpq's \
            and SQLAlchemy's postgresql://…?password=…, redis-py's redis://…?password=…). So does a key=value connection \
            string's password, in code as in config: ADO.NET's and ODBC's (Server=…;User Id=…;Password=…; or PWD=…), \
            libpq's (host=… user=… password=… dbname=…), PHP PDO's DSN and a JDBC URL's properties, when the string \
            also names its server, database, user or driver; and Go's MySQL driver DSN (user:password@tcp(host)/db). \
            So does a password literal handed to a call that connects or logs in, by its place or keyword \
            (new PDO($dsn, "app", "…"), DriverManager.getConnection(url, "app", "…"), new mysqli(host, "app", "…"), \
            pymysql.connect(password="…"), new NetworkCredential("svc", "…"), smtp.PlainAuth("", user, "…", host), \
            HTTPBasicAuth("api", "…"), server.login(user, "…")): at least eight characters, as password policies ask; \
            in test code it is a test server's, and low. \
            The password is reported, not the URL or string. Local and example \
            hosts (localhost, 127.0.0.1, (localdb), example.com, *.local), placeholder or templated passwords \
            (<password>, ${DB_PASSWORD}, %s, {0}, {password}, your_password), the well-known defaults (postgres, root, \
            password, changeme…), passwords that name themselves (P@ssw0rd, Pass@word1) and passwords equal to the \
            user name are not. A provider token used as the password (https://x-access-token:ghp_…@github.com) is \
            reported as that token. A host of one label (a compose service's, `db`) or none named makes the finding \
            high rather than critical.
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
            // The password as a query parameter: JDBC's (PostgreSQL, MySQL, MariaDB), libpq's URI, SQLAlchemy's.
            DetectorExample("""
                spring:
                  datasource:
                    url: jdbc:postgresql://orders.db.acme.io:5432/orders?user=orders&password=↓\(stringPassword)&sslmode=require
                """, path: "src/main/resources/application.yml"),
            DetectorExample("""
                <Resource name="jdbc/shop" type="javax.sql.DataSource"
                          url="jdbc:mysql://shop.db.acme.io:3306/shop?user=shop&amp;password=↓\(stringPassword)&amp;useSSL=true"/>
                """, path: "src/main/webapp/META-INF/context.xml"),
            DetectorExample("""
                engine = create_engine("postgresql+psycopg2://warehouse.db.acme.io/dw?user=etl&password=↓\(stringPassword)")
                """, path: "app/db.py"),
            DetectorExample("""
                public const string Main = "Server=tcp:acme.database.windows.net,1433;Database=app;User Id=app;Password=↓\(stringPassword);";
                public const string Reports = "Driver={ODBC Driver 18 for SQL Server};Server=sql.acme.io;Uid=reports;PWD=↓\(stringPassword);";
                """, path: "src/Data/ConnectionStrings.cs"),
            DetectorExample("""
                conn = psycopg2.connect("host=pg.acme.io user=app password=↓\(stringPassword) dbname=prod sslmode=require")
                """, path: "app/db.py"),
            // Go's MySQL driver names no scheme: `user:password@tcp(host)/db`. PHP's PDO puts the driver first.
            DetectorExample("""
                db, err := sql.Open("mysql", "billing:↓\(stringPassword)@tcp(mysql.acme.io:3306)/billing?parseTime=true")
                """, path: "internal/store/mysql.go"),
            DetectorExample("""
                $pdo = new PDO('pgsql:host=pg.acme.io;port=5432;dbname=app;user=app;password=↓\(stringPassword)');
                """, path: "src/Database.php"),
            // A password passed by its place in a connection call, and by a keyword shorter than the assignment rules ask.
            // Critical where the call names a host others reach; high where the host is a variable.
            DetectorExample("""
                $pdo = new PDO("mysql:host=mysql.acme.io;dbname=shop", "app", "↓\(stringPassword)");
                """, path: "src/Database.php"),
            DetectorExample("""
                Connection c = DriverManager.getConnection("jdbc:postgresql://pg.acme.io:5432/shop", "app",
                    "↓\(stringPassword)");
                """, path: "src/main/java/com/acme/Db.java"),
            DetectorExample("""
                conn = pymysql.connect(host="mysql.acme.io", user="app", password="↓\(shortPassword)")
                """, path: "app/db.py"),
            DetectorExample("""
                auth := smtp.PlainAuth("", "reports@acme.io", "↓\(stringPassword)", "smtp.acme.io")
                """, path: "internal/mail/send.go"),
            DetectorExample("""
                {
                  "ConnectionStrings": {
                    "Default": "Host=pg.acme.io;Database=app;Username=app;Password=↓\(stringPassword)"
                  }
                }
                """, path: "appsettings.Production.json"),
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
            // A query password templated, defaulted, on this machine or its Unix socket, or built by code.
            DetectorExample("""
                spring.datasource.url=jdbc:postgresql://db.acme.io:5432/orders?user=orders&password=${DB_PASSWORD}
                app.audit.url=jdbc:postgresql://db.acme.io:5432/audit?user=audit&password=changeme
                app.dev.url=jdbc:postgresql://localhost:5432/orders?user=postgres&password=\(stringPassword)
                app.socket.url=postgresql:///orders?host=/var/run/postgresql&user=orders&password=\(stringPassword)
                """, path: "src/main/resources/application.properties"),
            DetectorExample("""
                fun jdbcUrl(host: String, password: String) = "jdbc:postgresql://$host:5432/orders?user=orders&password=$password"
                fun auditUrl(password: String) = "jdbc:postgresql://db.acme.io:5432/audit?user=audit&password=" + password
                """, path: "src/main/kotlin/com/acme/Db.kt"),
            DetectorExample("""
                var a = "Server=db.acme.io;Database=app;User Id=app;Password=${DB_PASSWORD};";
                var b = $"Server=db.acme.io;Database=app;User Id=app;Password={Environment.GetEnvironmentVariable("DB_PASSWORD")};";
                var c = string.Format("Server=db.acme.io;Database=app;User Id=app;Password={0};", password);
                var d = "Server=db.acme.io;Database=app;User Id=app;Password=" + password + ";";
                var e = "Server=sqldata;Database=app;User Id=sa;Password=Pass@word1;";
                var f = "Server=localhost;Database=app;User Id=sa;Password=\(stringPassword);";
                var g = "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;";
                """, path: "src/Data/Connections.cs"),
            DetectorExample("""
                dsn := fmt.Sprintf("%s:%s@tcp(%s)/%s?parseTime=true", user, password, host, name)
                local, err := sql.Open("mysql", "root:\(stringPassword)@tcp(127.0.0.1:3306)/app")
                socket, err := sql.Open("mysql", "app:\(stringPassword)@unix(/var/run/mysqld/mysqld.sock)/app")
                """, path: "internal/store/mysql.go"),
            DetectorExample("""
                dsn = "host=%s user=%s password=%s dbname=%s" % (host, user, password, name)
                dsn = f"host={host} user=app password={os.environ['PGPASSWORD']} dbname=prod"
                dsn = "host=db.acme.io user=app password=changeme dbname=prod"
                logger.info("connecting: host=db.acme.io user=app password=[FILTERED] dbname=prod")
                conn = psycopg2.connect(host=host, user=user, password=db_pass1, dbname="prod")
                conn = psycopg2.connect(host="db.acme.io", password=db_pass1, sslmode="require")
                """, path: "app/db.py"),
            // Reads, templates, defaults, short samples, local hosts and test code's own servers.
            DetectorExample("""
                $pdo = new PDO($dsn, getenv('DB_USER'), getenv('DB_PASSWORD'));
                $db = new mysqli("localhost", "app", "\(stringPassword)", "shop");
                $db = new mysqli($host, "app", "$password", "shop");
                Connection c = DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));
                Connection d = DriverManager.getConnection(url, "app", "changeme");
                """, path: "src/Database.php"),
            DetectorExample("""
                conn = pymysql.connect(host="db.acme.io", user="app", password=os.environ["DB_PASSWORD"])
                conn = pymysql.connect(host="db.acme.io", user="app", password="<password>")
                conn = pymysql.connect(host="db.acme.io", user="app", password="${DB_PASSWORD}")
                conn = pymysql.connect(host="db.acme.io", user="app", password="pw12345")
                server.login(settings.SMTP_USER, settings.SMTP_PASSWORD)
                """, path: "app/db.py"),
            DetectorExample("""
                Set `ConnectionStrings__Default` to `Server=<server>;Database=app;User Id=<user>;Password=<password>;`, or for
                ODBC `Driver={ODBC Driver 18 for SQL Server};Server=db.acme.io;UID=app;PWD=your_password;`.
                """, path: "docs/setup.md"),
        ])
}
