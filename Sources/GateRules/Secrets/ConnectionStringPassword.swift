import GateCore

/// Passwords inside key=value connection strings: ADO.NET's and ODBC's (`Server=db;User Id=app;Password=…;`, `PWD=…`),
/// libpq's (`host=db user=app password=… dbname=prod`) and a JDBC URL's properties (`jdbc:sqlserver://db;user=app;
/// password=…`). Judged as a connection URL's password is (`ConnectionURLPasswordDetector.isLivePassword`).
///
/// In code a value must be quoted to be read as an assignment's, and a connection string's password is not: it sits
/// inside the string's literal, as a URL's does.
enum ConnectionStringPassword {
    /// The key's last letters, in the two cases people write them (`Password=`, `password=`, `PASSWORD=`, `PWD=`,
    /// `Pwd=`, `pwd=`): literal bytes to anchor on, the key's start judged by the body.
    static let shapes = ["sword=", "SWORD=", "wd=", "WD="].map { prefix in
        TokenShape("Password in a connection string", prefix: prefix, body: .custom(password),
                   needsBoundaryBefore: false, yieldsToTokens: true)
    } + [
        TokenShape("Password in a connection string", prefix: "@tcp(", body: .custom(mysqlDriverPassword),
                   needsBoundaryBefore: false, yieldsToTokens: true),
    ]

    private static let passwordKeys = ["password", "pwd"].map { Array($0.utf8) }
    /// What may come just before a key: the string's start or the separator before it. A `?` or `&` (or XML's `&amp;`)
    /// makes the key a URL's query parameter: a database URL's is `ConnectionURLQueryPassword`'s, any other URL's the
    /// query rule's (`URLQuerySecretDetector`).
    private static let keySeparators = ByteSet("; \t\"'`")
    /// Where a value ends: the next pair (`;` or, in libpq's strings, a space), the literal's end, an escape.
    private static let valueStops = ByteSet("; \t\r\n\"'`\\")
    /// Where the connection string ends, around the password: its literal's quotes or the line's end.
    private static let stringStops = ByteSet("\"'`\r\n")
    private static let quotes = ByteSet("\"'`")
    private static let longestString = 512

    /// Keys that say the string around a password is a connection string: where the server is, which database,
    /// which user, which driver. One of them must be present.
    private static let hostKeys = ["server", "host", "hostaddr", "hostname", "data source", "datasource", "address", "addr",
                                   "network address"].map { Array($0.utf8) }
    private static let userKeys = ["user id", "userid", "uid", "user", "username", "user name"].map { Array($0.utf8) }
    private static let otherKeys = ["database", "dbname", "initial catalog", "driver", "dsn", "port", "sslmode", "databasename"]
        .map { Array($0.utf8) }

    /// The password of the pair whose key ends with the prefix at `start`, if the string around it is a connection
    /// string and the password could open something.
    @Sendable
    private static func password(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ afterEquals: Int) -> CustomMatch? {
        let equals = afterEquals - 1
        var keyStart = equals
        while keyStart > 0, equals - keyStart < 8, isLetter(buffer[keyStart - 1]) { keyStart -= 1 }
        let inURLQuery = ConnectionURLQueryPassword.querySeparator(beforeNameAt: keyStart, in: buffer) != nil
        guard inURLQuery || keyStart == 0 || keySeparators.contains(buffer[keyStart - 1]),
              passwordKeys.contains(where: { equalsIgnoringCase(buffer, keyStart..<equals, $0) })
        else { return nil }
        if inURLQuery { return ConnectionURLQueryPassword.password(buffer, key: keyStart..<equals, afterEquals: afterEquals) }
        var end = afterEquals
        while end < buffer.count, end - afterEquals < 256, !valueStops.contains(buffer[end]) { end += 1 }
        let secret = afterEquals..<end
        // A log line's mask (`password=[FILTERED]`) stands where the password was.
        guard !secret.isEmpty, !(buffer[afterEquals] == UInt8(ascii: "[") && buffer[end - 1] == UInt8(ascii: "]")) else { return nil }
        var stringStart = keyStart
        while stringStart > 0, keyStart - stringStart < longestString, !stringStops.contains(buffer[stringStart - 1]) { stringStart -= 1 }
        var stringEnd = end
        while stringEnd < buffer.count, stringEnd - end < longestString, !stringStops.contains(buffer[stringEnd]) { stringEnd += 1 }
        // The string is a literal's, quoted on both sides alike: in code, `password=` outside one is a call's keyword
        // (`connect(host=h, user=u, password=pw)`); an unquoted setting of a config file is the assignment rules'.
        guard stringStart > 0, stringEnd < buffer.count, quotes.contains(buffer[stringStart - 1]),
              buffer[stringEnd] == buffer[stringStart - 1],
              // A value running into the next argument (`password=pw, sslmode="require"`) is an expression's.
              buffer[end - 1] != UInt8(ascii: ","), buffer[end - 1] != UInt8(ascii: ")")
        else { return nil }
        let string = stringStart..<stringEnd
        let host = value(ofAnyKey: hostKeys, in: string, of: buffer).map { normalizedHost(buffer, $0) }
            ?? urlHost(in: string, of: buffer)
        let user = value(ofAnyKey: userKeys, in: string, of: buffer)
        guard host != nil || user != nil || value(ofAnyKey: otherKeys, in: string, of: buffer) != nil else { return nil }
        let userName = user.map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) } ?? ""
        guard ConnectionURLPasswordDetector.isLivePassword(buffer, secret, user: userName) else { return nil }
        // A host of one label (`Server=sqldata`, `host=db`) is a container of a compose file or a local network, and one
        // not named may be anywhere: a reviewer's look, not a block.
        var tier = Tier.high
        if let host {
            if isLocal(host) { return nil }
            if host.contains(".") { tier = .critical }
        }
        return CustomMatch(secret: secret, reportAt: secret.lowerBound,
                           verdict: CredentialVerdict("Password in a connection string", tier: tier))
    }

    /// What a pair follows: the one before it, the setting the string is assigned to (`PG_DSN=host=…`), or a PDO
    /// DSN's driver (`pgsql:host=…`).
    private static let pairSeparators = ByteSet("; \t=:")

    /// What a Go MySQL driver DSN's user and password are made of, up to the literal's quotes.
    private static let dsnStops = ByteSet("\"'` \t\r\n")

    /// The password of Go's MySQL driver DSN, `user:password@tcp(host:3306)/db` (no scheme, so no URL), before the
    /// `@tcp(` at `start`: judged as a connection URL's, reported by its host as a URL's is.
    @Sendable
    private static func mysqlDriverPassword(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ afterParen: Int) -> CustomMatch? {
        var userStart = start
        while userStart > 0, start - userStart < 256, !dsnStops.contains(buffer[userStart - 1]) { userStart -= 1 }
        guard userStart > 0, quotes.contains(buffer[userStart - 1]),
              let colon = (userStart..<start).first(where: { buffer[$0] == UInt8(ascii: ":") })
        else { return nil }
        let secret = (colon + 1)..<start
        var hostEnd = afterParen
        while hostEnd < buffer.count, hostEnd - afterParen < 256, !hostStops.contains(buffer[hostEnd]),
              buffer[hostEnd] != UInt8(ascii: ")")
        {
            hostEnd += 1
        }
        let host = normalizedHost(buffer, afterParen..<hostEnd)
        let user = String(decoding: UnsafeBufferPointer(rebasing: buffer[userStart..<colon]), as: UTF8.self)
        guard !isLocal(host), ConnectionURLPasswordDetector.isLivePassword(buffer, secret, user: user) else { return nil }
        return CustomMatch(secret: secret, reportAt: secret.lowerBound,
                           verdict: CredentialVerdict("Password in a connection string", tier: host.contains(".") ? .critical : .high))
    }

    /// The value of the first of `keys` (lower case) that starts a pair in `string`: after the string's start, a `;`,
    /// a space or an `=`, followed by `=`.
    private static func value(ofAnyKey keys: [[UInt8]], in string: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = string.lowerBound
        while index < string.upperBound {
            let atPairStart = index == string.lowerBound || pairSeparators.contains(buffer[index - 1])
            if atPairStart, isLetter(buffer[index]) {
                for key in keys where index + key.count < string.upperBound && buffer[index + key.count] == UInt8(ascii: "=")
                    && equalsIgnoringCase(buffer, index..<(index + key.count), key)
                {
                    var end = index + key.count + 1
                    while end < string.upperBound, !valueStops.contains(buffer[end]) { end += 1 }
                    return (index + key.count + 1)..<end
                }
            }
            index += 1
        }
        return nil
    }

    /// The host of a JDBC URL the properties follow (`jdbc:sqlserver://sql.acme.io:1433;user=…`), lower case.
    private static func urlHost(in string: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> String? {
        guard string.count >= 3,
              let slashes = (string.lowerBound..<(string.upperBound - 2)).first(where: { index in
                  buffer[index] == UInt8(ascii: ":") && buffer[index + 1] == UInt8(ascii: "/") && buffer[index + 2] == UInt8(ascii: "/")
              })
        else { return nil }
        var end = slashes + 3
        while end < string.upperBound, !hostStops.contains(buffer[end]) { end += 1 }
        return normalizedHost(buffer, (slashes + 3)..<end)
    }

    private static let hostStops = ByteSet("/:;?@ \t")

    /// `tcp:sql.acme.io,1433` → `sql.acme.io`; `db.internal:5432` → `db.internal`; `(localdb)\MSSQLLocalDB` kept whole.
    private static func normalizedHost(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var host = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self).lowercased()
        for prefix in ["tcp:", "np:", "lpc:"] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        if let cut = host.firstIndex(where: { $0 == "," || $0 == ":" || $0 == "\\" || $0 == "/" }) { host = String(host[..<cut]) }
        return host
    }

    /// This machine (`.`, `(local)`, LocalDB), a container's or documentation's name: nothing anyone else can reach.
    private static func isLocal(_ host: String) -> Bool {
        host.isEmpty || host == "." || host.hasPrefix("(local") || ConnectionURLPasswordDetector.isLocalOrExample(host: host)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    /// Whether the bytes in `range` spell `word` (lower case), in any case; a space in `word` stands for itself.
    private static func equalsIgnoringCase(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && zip(range, word).allSatisfy { index, letter in
            letter == UInt8(ascii: " ") ? buffer[index] == letter : buffer[index] | 0x20 == letter
        }
    }
}
