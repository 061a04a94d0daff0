import GateCore

/// Passwords given as a database URL's query parameter: JDBC's (`jdbc:postgresql://pg.acme.io/shop?user=app&password=…`,
/// MySQL Connector/J's and MariaDB's the same, ClickHouse's, Snowflake's), libpq's URI and the drivers that read it
/// (`postgresql://pg.acme.io/app?user=app&password=…`, SQLAlchemy's `postgresql+psycopg2://…?password=…`), redis-py's
/// (`redis://cache.acme.io:6379/0?password=…`). Such a password opens the database as `user:password@host` does, and is
/// judged and reported as that one is (`ConnectionURLPasswordDetector`): the query rule (`URLQuerySecretDetector`)
/// leaves these parameters to this one.
///
/// Anchored by `ConnectionStringPassword`'s shapes (the key's last letters, `sword=`/`wd=`), which see the `?` or
/// `&` before the key and hand it here: no search of its own.
enum ConnectionURLQueryPassword {
    /// Schemes of the databases and caches whose clients take a password from the URL's query, as the scheme's last
    /// part names them (`jdbc:mysql:loadbalance` is JDBC's) and before a SQLAlchemy driver (`mysql+pymysql`). A
    /// JDBC or R2DBC URL is a database's whatever its driver. MongoDB's drivers read no `password` option, but a
    /// password written there is still the database's.
    private static let databaseSchemes: Set<String> = [
        "postgres", "postgresql", "pgsql", "cockroachdb", "mysql", "mysqlx", "mariadb", "sqlserver", "mssql", "oracle",
        "db2", "clickhouse", "snowflake", "mongodb", "redis", "rediss", "valkey", "valkeys",
    ]
    private static let driverFamilies: Set<String> = ["jdbc", "r2dbc"]
    private static let passwordKeys = ["password", "pwd"].map { Array($0.utf8) }
    private static let userKeys = ["user", "username"].map { Array($0.utf8) }
    private static let hostKey = Array("host".utf8)
    private static let ampersandEntity = Array("&amp;".utf8)

    /// What ends a URL, looking back from its query or forward to its end: what no URL holds unescaped.
    private static let urlStops = ByteSet("\"'` \t\r\n<>()[]{}\\")
    private static let schemeCharacters = ByteSet("A-Za-z0-9+.:-")
    private static let hostCharacters = ByteSet("A-Za-z0-9._-")
    /// Where a parameter's value ends: the next parameter (`&`, XML's `&amp;`), the fragment, the URL's end.
    private static let valueStops = ByteSet("&#;\"'` \t\r\n<>\\")
    private static let longestURL = 2_048

    /// A database URL around a query parameter, as far as the password's judgement needs it.
    struct DatabaseURL {
        /// The scheme, lower case, as the finding names it (`postgresql` of `jdbc:postgresql`, `postgresql+psycopg2`).
        let scheme: String
        /// The host, lower case: the authority's, or libpq's `host=` parameter when the authority names none.
        let host: String
        /// The user the query or the authority names, or "".
        let user: String
    }

    /// The separator (`?`, `&`, or the `;` closing XML's `&amp;`) just before the parameter name starting at
    /// `nameStart`, if any.
    static func querySeparator(beforeNameAt nameStart: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        guard nameStart > 0 else { return nil }
        let before = buffer[nameStart - 1]
        if before == UInt8(ascii: "?") || before == UInt8(ascii: "&") { return nameStart - 1 }
        let entity = nameStart - ampersandEntity.count
        guard before == UInt8(ascii: ";"), entity >= 0, buffer[entity..<nameStart].elementsEqual(ampersandEntity) else { return nil }
        return entity
    }

    /// Whether `name` is a password parameter of a database URL whose query holds the separator at `separator`:
    /// the parameters this rule judges and the query rule leaves alone.
    static func isDatabasePassword(named name: Range<Int>, after separator: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        isPasswordKey(name, in: buffer) && databaseURL(holdingQueryAt: separator, in: buffer) != nil
    }

    /// The password of the `password=`/`pwd=` parameter named at `key`, whose `=` is just before `afterEquals`, if the
    /// separator before it belongs to a database URL's query and the password could open something there.
    static func password(_ buffer: UnsafeBufferPointer<UInt8>, key: Range<Int>, afterEquals: Int) -> CustomMatch? {
        guard isPasswordKey(key, in: buffer), let separator = querySeparator(beforeNameAt: key.lowerBound, in: buffer),
              let url = databaseURL(holdingQueryAt: separator, in: buffer)
        else { return nil }
        var end = afterEquals
        while end < buffer.count, end - afterEquals < 256, !valueStops.contains(buffer[end]) { end += 1 }
        let secret = afterEquals..<end
        // This machine's, a container's on it or documentation's: the local defaults `postgres://` is let off with.
        guard !ConnectionURLPasswordDetector.isLocalOrExample(host: url.host),
              ConnectionURLPasswordDetector.isLivePassword(buffer, secret, user: url.user)
        else { return nil }
        // A host of one label (`db`, `postgres`) is a compose service's or a local network's: a look, not a block.
        let tier: Tier = url.host.contains(".") ? .critical : .high
        return CustomMatch(secret: secret, reportAt: secret.lowerBound,
                           verdict: CredentialVerdict("Password in a \(url.scheme) connection URL", tier: tier))
    }

    /// The database URL whose query holds the separator at `separator`: its `://` is looked for back to the URL's
    /// start, its scheme must be a database's, its host and user are read as its clients read them.
    static func databaseURL(holdingQueryAt separator: Int, in buffer: UnsafeBufferPointer<UInt8>) -> DatabaseURL? {
        var slashes: Int?
        var cursor = separator - 1
        let limit = max(2, separator - longestURL)
        while cursor >= limit, !urlStops.contains(buffer[cursor]) {
            // The URL's own `://` is its first: one in a parameter's value (`?sslrootcert=https://…`) comes after it.
            if buffer[cursor] == UInt8(ascii: "/"), buffer[cursor - 1] == UInt8(ascii: "/"), buffer[cursor - 2] == UInt8(ascii: ":") {
                slashes = cursor - 2
            }
            cursor -= 1
        }
        guard let colon = slashes, let scheme = databaseScheme(endingAt: colon, in: buffer) else { return nil }
        let authorityStart = colon + 3
        var authorityEnd = authorityStart
        while authorityEnd < separator, buffer[authorityEnd] != UInt8(ascii: "/"), buffer[authorityEnd] != UInt8(ascii: "?") {
            authorityEnd += 1
        }
        // `user:password@host` or `user@host`: the host follows the last `@`.
        let at = (authorityStart..<authorityEnd).last { buffer[$0] == UInt8(ascii: "@") }
        var hostEnd = at.map { $0 + 1 } ?? authorityStart
        let hostStart = hostEnd
        while hostEnd < authorityEnd, hostCharacters.contains(buffer[hostEnd]) { hostEnd += 1 }
        // The whole query, from its `?`: the user is often named before the password (`?user=app&password=…`).
        let query = queryRange(startingAt: (authorityEnd...separator).first { buffer[$0] == UInt8(ascii: "?") } ?? separator,
                               in: buffer)
        var host = text(buffer, hostStart..<hostEnd).lowercased()
        if host.isEmpty, let named = value(ofAnyKey: [hostKey], in: query, of: buffer) {
            host = text(buffer, named).lowercased()
        }
        var user = value(ofAnyKey: userKeys, in: query, of: buffer).map { text(buffer, $0) } ?? ""
        if user.isEmpty, let at {
            let userEnd = (authorityStart..<at).first { buffer[$0] == UInt8(ascii: ":") } ?? at
            user = text(buffer, authorityStart..<userEnd)
        }
        // No host at all, or a directory (`?host=/var/run/postgresql`), is libpq's Unix socket on this machine.
        return DatabaseURL(scheme: scheme, host: host.isEmpty || host.hasPrefix("/") || host.hasPrefix("%2f") ? "localhost" : host,
                           user: user)
    }

    /// The scheme ending at the `:` of `://` at `colon`, lower case, if a database's: a JDBC or R2DBC URL named by its
    /// driver (`postgresql` of `jdbc:postgresql`, `mysql` of `jdbc:mysql:loadbalance`), any other by its last part.
    private static func databaseScheme(endingAt colon: Int, in buffer: UnsafeBufferPointer<UInt8>) -> String? {
        var start = colon
        while start > 0, colon - start < 40, schemeCharacters.contains(buffer[start - 1]) { start -= 1 }
        let parts = text(buffer, start..<colon).lowercased().split(separator: ":").map(String.init)
        guard let last = parts.last, let family = parts.first else { return nil }
        if driverFamilies.contains(family) { return parts.count > 1 ? parts[1] : family }
        return databaseSchemes.contains(String(last.prefix { $0 != "+" })) ? last : nil
    }

    /// The query from the separator at `start` to the URL's end.
    private static func queryRange(startingAt start: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var end = start
        while end < buffer.count, end - start < longestURL, !urlStops.contains(buffer[end]) { end += 1 }
        return start..<end
    }

    /// The value of the first of `keys` (lower case) named by a parameter of `query`.
    private static func value(ofAnyKey keys: [[UInt8]], in query: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        for nameStart in (query.lowerBound + 1)..<max(query.lowerBound + 1, query.upperBound) {
            guard querySeparator(beforeNameAt: nameStart, in: buffer) != nil else { continue }
            for key in keys where nameStart + key.count < query.upperBound && buffer[nameStart + key.count] == UInt8(ascii: "=")
                && equalsIgnoringCase(buffer, nameStart..<(nameStart + key.count), key)
            {
                var end = nameStart + key.count + 1
                while end < query.upperBound, !valueStops.contains(buffer[end]) { end += 1 }
                return (nameStart + key.count + 1)..<end
            }
        }
        return nil
    }

    private static func isPasswordKey(_ name: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        passwordKeys.contains { equalsIgnoringCase(buffer, name, $0) }
    }

    private static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Whether the bytes in `range` spell `word` (lower case letters) in any case.
    private static func equalsIgnoringCase(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && zip(range, word).allSatisfy { buffer[$0] | 0x20 == $1 }
    }
}
