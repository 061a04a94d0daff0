import GateCore

/// Passwords handed straight to the calls that open a database, mail or file-transfer connection or build HTTP
/// credentials, where the argument's place or keyword says what it is: `new PDO($dsn, "app", "…")`,
/// `DriverManager.getConnection(url, "app", "…")`, `new mysqli("db.acme.io", "app", "…", "shop")`,
/// `pymysql.connect(host="db", user="app", password="…")`, `new NetworkCredential("svc", "…")`,
/// `smtp.PlainAuth("", "bot@acme.io", "…", host)`, `HTTPBasicAuth("api", "…")`, `server.login("bot@acme.io", "…")`.
///
/// Nothing names such a literal `password` (or the name is a keyword too short for the assignment rules' length
/// floor), so the assignment rules cannot see it. The call is the evidence, as the `user:password@host` of a URL is:
/// the password is judged as a connection URL's is (`ConnectionURLPasswordDetector.isLivePassword`), with a floor of
/// eight characters, the shortest a password policy accepts (shorter literals in code are defaults and samples). A
/// variable, an environment or config read, a template or a format string is no literal and is never judged; a
/// local or example host (`localhost`, `127.0.0.1`) opens nothing others reach; in test code the password is a test
/// server's, and low.
enum ConnectionCallPassword {
    /// Where a call's password, user and host are among its arguments.
    struct Signature: Sendable {
        /// The call's name and its `(`, as written (`PDO(`, `.login(`).
        var prefix: String
        /// The password's position, by the number of arguments the call is given (`getConnection(url, user, pw)` and
        /// `dataSource.getConnection(user, pw)`); empty when it only takes keywords.
        var passwordAt: [Int: Int] = [:]
        /// Where the user is, by the same count (compared with the password: a password equal to its user is a default).
        var userAt: [Int: Int] = [:]
        /// Where the host is (a host name, a DSN or a URL naming it), by the same count.
        var hostAt: [Int: Int] = [:]
        /// Whether keyword arguments (`password="…"`, or an options object's `password: "…"`) name the password.
        var keywords = false
        /// Whether a word character may come just before the prefix (a prefix starting with `.` follows its receiver).
        var followsReceiver: Bool { prefix.hasPrefix(".") }
    }

    /// The calls, by library. A call whose password only comes by keyword is listed for the shorter floor: with a
    /// connection call around it, `password="…"` of nine characters is a password as surely as a longer one.
    static let signatures: [Signature] = {
        let hostUserPassword = Signature(prefix: "", passwordAt: [3: 2, 4: 2, 5: 2, 6: 2], userAt: [3: 1, 4: 1, 5: 1, 6: 1],
                                         hostAt: [3: 0, 4: 0, 5: 0, 6: 0])
        func positional(_ prefix: String, like shape: Signature, keywords: Bool = false) -> Signature {
            var signature = shape
            signature.prefix = prefix
            signature.keywords = keywords
            return signature
        }
        let userPassword = Signature(prefix: "", passwordAt: [2: 1, 3: 1], userAt: [2: 0, 3: 0])
        return [
            // PHP: PDO's DSN names the host; mysqli's and the old mysql_* functions take it first.
            positional("PDO(", like: hostUserPassword),
            positional("mysqli(", like: hostUserPassword),
            positional("mysqli_connect(", like: hostUserPassword),
            positional("mysql_connect(", like: hostUserPassword),
            positional("->real_connect(", like: hostUserPassword),
            Signature(prefix: "mysqli_real_connect(", passwordAt: [4: 3, 5: 3, 6: 3], userAt: [4: 2, 5: 2, 6: 2], hostAt: [4: 1, 5: 1, 6: 1]),
            // JDBC: `DriverManager.getConnection(url, user, password)`, a DataSource's `getConnection(user, password)`.
            Signature(prefix: "getConnection(", passwordAt: [3: 2, 2: 1], userAt: [3: 1, 2: 0], hostAt: [3: 0]),
            // Python DB-API drivers that take the password positionally or by keyword, and those by keyword only.
            positional("pymysql.connect(", like: hostUserPassword, keywords: true),
            positional("MySQLdb.connect(", like: hostUserPassword, keywords: true),
            positional("pymssql.connect(", like: hostUserPassword, keywords: true),
            Signature(prefix: "cx_Oracle.connect(", passwordAt: [2: 1, 3: 1], userAt: [2: 0, 3: 0], hostAt: [3: 2], keywords: true),
            Signature(prefix: "oracledb.connect(", passwordAt: [2: 1, 3: 1], userAt: [2: 0, 3: 0], hostAt: [3: 2], keywords: true),
            Signature(prefix: "psycopg2.connect(", keywords: true),
            Signature(prefix: "psycopg.connect(", keywords: true),
            Signature(prefix: "asyncpg.connect(", keywords: true),
            Signature(prefix: "aiomysql.connect(", keywords: true),
            Signature(prefix: "connector.connect(", keywords: true),
            // Node: Sequelize's `new Sequelize(database, user, password, options)`; mysql's options object.
            Signature(prefix: "Sequelize(", passwordAt: [3: 2, 4: 2], userAt: [3: 1, 4: 1]),
            Signature(prefix: ".createConnection(", keywords: true),
            Signature(prefix: ".createPool(", keywords: true),
            // File transfer and mail: Python's ftplib, and every `login(user, password)` of smtplib, imaplib, ftplib.
            positional("FTP(", like: hostUserPassword),
            positional("FTP_TLS(", like: hostUserPassword),
            Signature(prefix: ".login(", passwordAt: [2: 1], userAt: [2: 0]),
            Signature(prefix: "PlainAuth(", passwordAt: [4: 2], userAt: [4: 1], hostAt: [4: 3]),
            // HTTP and Windows credentials.
            positional("NetworkCredential(", like: userPassword),
            positional("UsernamePasswordCredentials(", like: userPassword),
            positional("PasswordAuthentication(", like: userPassword),
            positional("HTTPBasicAuth(", like: userPassword),
            positional("HTTPDigestAuth(", like: userPassword),
            positional(".BasicAuth(", like: userPassword),
            positional(".DigestAuth(", like: userPassword),
        ]
    }()

    static let shapes: [TokenShape] = signatures.map { signature in
        TokenShape("Password passed to a connection call", prefix: signature.prefix,
                   body: .custom({ buffer, _, bodyStart in password(of: signature, buffer, bodyStart) }),
                   needsBoundaryBefore: !signature.followsReceiver && !signature.prefix.hasPrefix("->"), yieldsToTokens: true)
    }

    /// The shortest password judged: what password policies accept at the least.
    private static let shortestPassword = 8
    private static let passwordKeywords = ["password", "passwd", "pwd"].map { Array($0.utf8) }
    private static let userKeywords = ["user", "username"].map { Array($0.utf8) }
    private static let hostKeywords = ["host", "hostname", "server"].map { Array($0.utf8) }
    /// Bytes that make a literal a template or a format, not a password (`"$pw"` in PHP, `"%s"`, `"{0}"`).
    private static let templateMarks = ByteSet("${}%#\\")

    /// The password literal of a call of `signature` whose arguments start at `bodyStart`, if it could open something.
    private static func password(of signature: Signature, _ buffer: UnsafeBufferPointer<UInt8>, _ bodyStart: Int) -> CustomMatch? {
        guard let arguments = CallArgumentList(buffer, openedBefore: bodyStart) else { return nil }
        var secret: Range<Int>?
        var user: Range<Int>?
        var host: Range<Int>?
        if let index = signature.passwordAt[arguments.count] {
            secret = arguments.literal(at: index)
            user = signature.userAt[arguments.count].flatMap(arguments.literal(at:))
            host = signature.hostAt[arguments.count].flatMap(arguments.literal(at:))
        }
        if secret == nil, signature.keywords {
            secret = arguments.keywordLiteral(passwordKeywords)
            user = arguments.keywordLiteral(userKeywords)
            host = arguments.keywordLiteral(hostKeywords)
        }
        guard let secret, secret.count >= shortestPassword, !secret.contains(where: { templateMarks.contains(buffer[$0]) })
        else { return nil }
        let userName = user.map { String(decoding: UnsafeBufferPointer(rebasing: buffer[$0]), as: UTF8.self) } ?? ""
        guard ConnectionURLPasswordDetector.isLivePassword(buffer, secret, user: userName) else { return nil }
        var tier = Tier.high
        if let host {
            let name = hostName(in: buffer, host)
            if name.isEmpty || ConnectionURLPasswordDetector.isLocalOrExample(host: name) { return nil }
            // A host others can reach: the password opens it now. One of one label is a container's or a local network's.
            if name.contains(".") { tier = .critical }
        }
        var verdict = CredentialVerdict("Password passed to a connection call", tier: tier)
        verdict.isLoginPassword = true
        return CustomMatch(secret: secret, reportAt: secret.lowerBound, verdict: verdict)
    }

    /// The host a host argument names, lower case: the argument itself (`db.acme.io:3306`), a URL's
    /// (`jdbc:mysql://db.acme.io/shop`) or a DSN's `host=` (`mysql:host=db.acme.io;dbname=shop`).
    private static func hostName(in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        var text = Substring(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self).lowercased())
        if let scheme = text.range(of: "://") {
            text = text[scheme.upperBound...]
            if let at = text.lastIndex(of: "@") { text = text[text.index(after: at)...] }
        } else if let key = text.range(of: "host=") {
            text = text[key.upperBound...]
        } else if text.contains("=") || text.contains(";") {
            return "?"  // a DSN that names no host: somewhere not said
        }
        return String(text.prefix { !":/;,? \\".contains($0) })
    }
}

/// The top-level arguments of one call, read from bytes: each argument's range, split at the commas outside any
/// bracket or string literal, up to the call's `)`.
struct CallArgumentList {
    private let buffer: UnsafeBufferPointer<UInt8>
    private(set) var arguments: [Range<Int>] = []
    private static let longestCall = 600
    private static let spaces = ByteSet(" \t\r\n")
    private static let quotes = ByteSet("\"'")

    var count: Int { arguments.count }

    /// The arguments of the call whose `(` is just before `start`; nil when it does not close within reach.
    init?(_ buffer: UnsafeBufferPointer<UInt8>, openedBefore start: Int) {
        self.buffer = buffer
        var depth = 0
        var argumentStart = start
        var index = start
        let limit = min(buffer.count, start + Self.longestCall)
        while index < limit {
            let byte = buffer[index]
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                index += 1
                while index < limit, buffer[index] != byte {
                    if buffer[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                if depth == 0 {
                    guard byte == UInt8(ascii: ")") else { return nil }
                    let last = Self.trimmed(argumentStart..<index, in: buffer)
                    // `f()` has no argument; `f(a, )` (Python's trailing comma) has one.
                    if !last.isEmpty { arguments.append(last) }
                    return
                }
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 0 {
                    arguments.append(Self.trimmed(argumentStart..<index, in: buffer))
                    argumentStart = index + 1
                }
            case UInt8(ascii: ";"):
                return nil  // a statement's end: the call was never closed where this reads it
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The content of argument `index` when it is a plain one-line string literal (`"…"`, `'…'`, Java's
    /// `"…".toCharArray()` too): a variable, a call, a concatenation or an interpolated string is none.
    func literal(at index: Int) -> Range<Int>? {
        guard index < arguments.count else { return nil }
        return Self.literal(in: arguments[index], of: buffer)
    }

    /// The literal a keyword argument or an options object's member of one of `names` is given (`password="…"`,
    /// `{ password: "…" }`), looking one object deep.
    func keywordLiteral(_ names: [[UInt8]]) -> Range<Int>? {
        for argument in arguments where !argument.isEmpty {
            if buffer[argument.lowerBound] == UInt8(ascii: "{") {
                for member in Self.members(of: argument, in: buffer) {
                    if let found = Self.namedLiteral(member, names, in: buffer) { return found }
                }
            } else if let found = Self.namedLiteral(argument, names, in: buffer) {
                return found
            }
        }
        return nil
    }

    /// The literal of `name=literal` or `name: literal` in `range`, when `name` is one of `names` (any case).
    private static func namedLiteral(_ range: Range<Int>, _ names: [[UInt8]], in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var index = range.lowerBound
        if index < range.upperBound, quotes.contains(buffer[index]) { index += 1 }  // a quoted key: `"password": "…"`
        let nameStart = index
        while index < range.upperBound, ByteSet.alphanumeric.contains(buffer[index]) || buffer[index] == UInt8(ascii: "_") { index += 1 }
        let name = nameStart..<index
        guard names.contains(where: { word in
            word.count == name.count && zip(name, word).allSatisfy { buffer[$0] | 0x20 == $1 }
        }) else { return nil }
        if index < range.upperBound, quotes.contains(buffer[index]) { index += 1 }
        while index < range.upperBound, spaces.contains(buffer[index]) { index += 1 }
        guard index < range.upperBound, buffer[index] == UInt8(ascii: "=") || buffer[index] == UInt8(ascii: ":") else { return nil }
        index += 1
        // `==` compares; `=>` is a PHP array's or Ruby hash's arrow, which also names the value.
        if index < range.upperBound, buffer[index] == UInt8(ascii: "=") { return nil }
        if index < range.upperBound, buffer[index] == UInt8(ascii: ">") { index += 1 }
        return literal(in: trimmed(index..<range.upperBound, in: buffer), of: buffer)
    }

    /// The members of an object literal argument (`{ host: "db", password: "…" }`), split at its top-level commas.
    private static func members(of range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard range.count >= 2, buffer[range.upperBound - 1] == UInt8(ascii: "}") else { return [] }
        var members: [Range<Int>] = []
        var depth = 0
        var start = range.lowerBound + 1
        var index = start
        while index < range.upperBound - 1 {
            let byte = buffer[index]
            if quotes.contains(byte) || byte == UInt8(ascii: "`") {
                index += 1
                while index < range.upperBound - 1, buffer[index] != byte {
                    if buffer[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            } else if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
            } else if byte == UInt8(ascii: ","), depth == 0 {
                members.append(trimmed(start..<index, in: buffer))
                start = index + 1
            }
            index += 1
        }
        members.append(trimmed(start..<(range.upperBound - 1), in: buffer))
        return members.filter { !$0.isEmpty }
    }

    private static let toCharArray = Array(".toCharArray()".utf8)

    /// The content of a plain string literal filling `range`.
    private static func literal(in range: Range<Int>, of buffer: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var end = range.upperBound
        if range.count > toCharArray.count, buffer[(end - toCharArray.count)..<end].elementsEqual(toCharArray) {
            end -= toCharArray.count
        }
        guard end - range.lowerBound >= 2 else { return nil }
        let quote = buffer[range.lowerBound]
        guard quotes.contains(quote), buffer[end - 1] == quote else { return nil }
        let content = (range.lowerBound + 1)..<(end - 1)
        guard !content.contains(where: { buffer[$0] == quote || buffer[$0] == 0x0A || buffer[$0] == 0x0D }) else { return nil }
        return content
    }

    private static func trimmed(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, spaces.contains(buffer[lower]) { lower += 1 }
        while upper > lower, spaces.contains(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
