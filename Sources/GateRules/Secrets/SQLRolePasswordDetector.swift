/// A role's password written into SQL (`CREATE ROLE reporting LOGIN PASSWORD '…'`, `ALTER USER app PASSWORD '…'`),
/// in a migration or in a SQL string of code.
struct SQLRolePasswordDetector: CredentialDetector {
    let provider: String? = nil
    var shapes: [TokenShape] { Self.tokenShapes }
    var description: DetectorDescription { Self.about }

    /// SQL keywords are written in upper or lower case; the scan anchors on a literal byte, so each is a shape.
    private static let tokenShapes = ["PASSWORD", "password", "Password"].map {
        TokenShape("Database role password in SQL", prefix: $0, body: .custom(password))
    }

    private static let spaces = ByteSet(" \t\r\n")
    private static let referenceMarks = ByteSet("${}<>:%")

    /// The literal after `PASSWORD` at `bodyStart` (`PASSWORD 'x'`, `PASSWORD E'x'`), unless it is a placeholder, a
    /// template, a default, or already a hash (`md5…`, `SCRAM-SHA-256$…`: Postgres stores those as given, and
    /// they are not the password).
    @Sendable
    private static func password(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ bodyStart: Int) -> CustomMatch? {
        var index = bodyStart
        guard index < buffer.count, spaces.contains(buffer[index]) else { return nil }
        while index < buffer.count, spaces.contains(buffer[index]) { index += 1 }
        // In an E'…' string a backslash escapes the next byte, a quote included.
        let escapes = index < buffer.count && (buffer[index] == UInt8(ascii: "E") || buffer[index] == UInt8(ascii: "e"))
        if escapes { index += 1 }
        guard index < buffer.count, buffer[index] == UInt8(ascii: "'") else { return nil }
        let open = index + 1
        var close = open
        let limit = min(buffer.count, open + 256)
        while close < limit {
            if escapes, buffer[close] == UInt8(ascii: "\\") { close += 2; continue }
            if buffer[close] == UInt8(ascii: "'") {
                // `''` is a quote inside the literal.
                if close + 1 < buffer.count, buffer[close + 1] == UInt8(ascii: "'") { close += 2; continue }
                break
            }
            if buffer[close] == 0x0A { return nil }
            close += 1
        }
        guard close < limit else { return nil }
        let secret = open..<close
        let value = String(decoding: UnsafeBufferPointer(rebasing: buffer[secret]), as: UTF8.self)
        let lowered = value.lowercased()
        guard value.utf8.count >= 8, !ConnectionURLPasswordDetector.defaultPasswords.contains(lowered),
              !lowered.hasPrefix("md5"), !lowered.hasPrefix("scram-sha-256$"),
              !secret.contains(where: { referenceMarks.contains(buffer[$0]) }),
              !SecretValue.isPlaceholder(buffer, secret),
              !["password", "passwd", "changeme", "secret"].contains(where: { lowered.contains($0) }),
              SecretValue.entropy(buffer, secret) >= 2.5
        else { return nil }
        return CustomMatch(secret: secret, reportAt: secret.lowerBound)
    }

    private static let password = ExampleSecret.random(18, from: ExampleSecret.alphanumeric, seed: "sql-role-password")

    private static let about = DetectorDescription(
        id: "sql-role-password", name: "Database role password in SQL", category: .secret,
        rationale: """
            A migration or a SQL string that creates or alters a role with PASSWORD 'literal' commits the \
            database credential to the repository, where every clone and every CI log can read it; and the \
            statement was shown whole in gate's own migration listings. Set the password out of band (a secret \
            store, `\\password` in psql, a variable the migration tool fills in) and rotate a committed one. \
            Placeholders, psql variables (:'pw'), templates, well-known defaults and stored hashes (md5…, \
            SCRAM-SHA-256$…) are not reported.
            """,
        triggering: [
            DetectorExample("CREATE ROLE reporting LOGIN PASSWORD '↓\(password)';\n", path: "db/migrations/0007_roles.sql"),
            DetectorExample("alter user app with password E'↓\(password)';\n", path: "supabase/migrations/20240101_app.sql"),
            DetectorExample("""
                op.execute("CREATE USER etl WITH PASSWORD '↓\(password)'")
                """, path: "alembic/versions/3f2a_etl_user.py"),
        ],
        nonTriggering: [
            DetectorExample("CREATE ROLE reporting LOGIN PASSWORD :'reporting_password';\n", path: "db/migrations/0007_roles.sql"),
            DetectorExample("CREATE ROLE app LOGIN PASSWORD 'changeme';\nALTER ROLE dev PASSWORD 'postgres';\n", path: "db/seed.sql"),
            DetectorExample(
                "ALTER ROLE app PASSWORD 'SCRAM-SHA-256$4096:c2FsdHNhbHQ=$a1b2c3d4e5f6:f6e5d4c3b2a1';\n",
                path: "db/migrations/0008_rotate.sql"),
            DetectorExample("CREATE ROLE app LOGIN PASSWORD '${APP_DB_PASSWORD}';\n", path: "db/migrations/0007_roles.sql"),
            DetectorExample("SELECT id FROM users WHERE password = 'x' LIMIT 1;\n", path: "db/queries.sql"),
        ])
}
