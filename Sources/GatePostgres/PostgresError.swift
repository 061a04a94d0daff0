import GateCore

/// A libpq or server failure; server errors keep their SQLSTATE, message and detail.
public enum PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection string was given and `$DATABASE_URL` is not set.
    case missingConnectionString(hint: String)
    /// `PQconnectdb` could not open a session; `target` is the connection string with its password redacted.
    case connectionFailed(target: String, message: String)
    /// The session broke during a call (server gone, socket closed).
    case connectionLost(function: String, message: String)
    /// The server rejected a statement.
    case server(sqlState: String, message: String, detail: String?, hint: String?)
    /// A libpq call failed without a server error (out of memory, protocol confusion, unexpected result).
    case client(function: String, message: String)
    /// A result did not have the shape the caller asked for.
    case unexpectedResult(String)

    /// The five-character SQLSTATE; connection problems report class 08 codes as the server would.
    public var sqlState: String? {
        switch self {
        case .server(let sqlState, _, _, _): sqlState
        case .connectionFailed: "08001"
        case .connectionLost: "08006"
        default: nil
        }
    }

    /// SPEC §5: connection failures, 40001, 40P01, 55P03, 57P01 and 57P03 are worth retrying; nothing else is. A
    /// connect the server refused for who or what was asked (`refusesConnectionFor`) is no passing failure.
    public var isTransient: Bool {
        guard let sqlState else { return false }
        if case .connectionFailed(_, let message) = self, Self.refusesConnection(message) { return false }
        return sqlState.hasPrefix("08") || PostgresError.transientStates.contains(sqlState)
    }

    /// libpq's words for a connect that retrying cannot mend: the server answered and refused the credentials, the
    /// database or the role, or the connection string is wrong (a host no resolver knows, an unknown option). A
    /// refused or timed-out connection, or a server still starting (57P03), passes.
    private static func refusesConnection(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return refusalPhrases.contains { lowered.contains($0) }
    }

    private static let refusalPhrases = [
        "authentication failed", "no pg_hba.conf entry", "does not exist", "permission denied",
        "could not translate host name", "invalid connection option", "invalid uri", "invalid integer value",
        "missing \"=\"", "unterminated quoted string", "invalid sslmode value", "password supplied",
        "no password supplied",
    ]

    /// True when the session itself is unusable and a retry needs a new connection.
    public var needsReconnect: Bool {
        switch self {
        case .connectionFailed, .connectionLost: true
        case .server(let sqlState, _, _, _): sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P03"
        default: false
        }
    }

    static let transientStates: Set<String> = ["40001", "40P01", "55P03", "57P01", "57P03"]

    public var description: String {
        switch self {
        case .missingConnectionString(let hint): "no database connection string: \(hint)"
        case .connectionFailed(let target, let message): "cannot connect to \(target): \(message)"
        case .connectionLost(let function, let message): "\(function): connection lost: \(message)"
        case .server(let sqlState, let message, let detail, let hint):
            "\(message) (SQLSTATE \(sqlState))" + (detail.map { "\nDETAIL: \($0)" } ?? "")
                + (hint.map { "\nHINT: \($0)" } ?? "")
        case .client(let function, let message): "\(function) failed: \(message)"
        case .unexpectedResult(let message): "unexpected result: \(message)"
        }
    }
}
