import CLibpq
import Foundation
import GateCore

/// One libpq session; the only owner of its `PGconn`, which is freed on every path, a failed connect included.
public final class Connection: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The connection string with its password replaced, safe to show.
    public let redactedTarget: String

    /// Opens a session from a URI (`postgresql://…`) or a keyword string (`host=… dbname=…`).
    public init(_ connectionString: String) throws(PostgresError) {
        redactedTarget = Redaction.redactConnectionString(connectionString)
        // libpq is loaded on the first connection (see CLibpq): a host without it gets this error, not a crash.
        if let reason = gate_libpq_load() {
            throw PostgresError.client(function: "dlopen", message: String(cString: reason))
        }
        guard let connection = PQconnectdb(connectionString) else {
            throw PostgresError.client(function: "PQconnectdb", message: "out of memory")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Connection.trimmed(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError.connectionFailed(
                target: Redaction.redactConnectionString(connectionString),
                message: Redaction.redactConnectionString(message))
        }
        handle = connection
        // libpq prints notices ("schema already exists, skipping") to stderr by default; they are not ours to show.
        _ = PQsetNoticeProcessor(connection, { _, _ in }, nil)
    }

    /// Opens a session from `connectionString`, else `$DATABASE_URL`.
    public static func open(
        _ connectionString: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(PostgresError) -> Connection {
        guard let text = connectionString ?? environment["DATABASE_URL"], !text.isEmpty else {
            throw PostgresError.missingConnectionString(hint: "pass --database-url or set DATABASE_URL")
        }
        return try Connection(text)
    }

    deinit { PQfinish(handle) }

    /// The server process serving this session (what `pg_locks.pid` shows).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// True while the session is usable.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// True while a transaction block is open on this session.
    public var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs one parameterised statement and returns its rows.
    @discardableResult
    public func query(_ query: Query) throws(PostgresError) -> [Row] {
        let result = try send(query)
        defer { PQclear(result) }
        return Connection.rows(of: result)
    }

    /// Runs one parameterised statement and returns the number of rows it affected.
    @discardableResult
    public func execute(_ query: Query) throws(PostgresError) -> Int {
        let result = try send(query)
        defer { PQclear(result) }
        return Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    /// Runs SQL text as written, with no parameters: for migration scripts and verification blocks only, whose text
    /// is the migration author's. Never build this text from values; use `query(_:)` with interpolation instead.
    @discardableResult
    public func unsafeExecuteScript(_ sql: String) throws(PostgresError) -> [Row] {
        guard let result = PQexec(handle, sql) else {
            throw failure(function: "PQexec")
        }
        defer { PQclear(result) }
        try check(result, function: "PQexec")
        return Connection.rows(of: result)
    }

    @discardableResult
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func withTransaction<T>(readOnly: Bool = false, _ body: (Connection) throws -> T) throws -> T {
        try query(readOnly ? "BEGIN READ ONLY" : "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // A broken session has no transaction left to roll back; the original error is what matters.
            if isHealthy { _ = try? query("ROLLBACK") }
            throw error
        }
        try query("COMMIT")
        return value
    }

    private func send(_ query: Query) throws(PostgresError) -> OpaquePointer {
        let count = query.bindings.count
        let cStrings: [UnsafeMutablePointer<CChar>?] = query.bindings.map { $0.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let parameters: [UnsafePointer<CChar>?] = cStrings.map { $0.map { UnsafePointer($0) } }
        let result = parameters.withUnsafeBufferPointer { buffer in
            PQexecParams(handle, query.sql, Int32(count), nil, count == 0 ? nil : buffer.baseAddress, nil, nil, 0)
        }
        guard let result else { throw failure(function: "PQexecParams") }
        do {
            try check(result, function: "PQexecParams")
        } catch {
            PQclear(result)
            throw error
        }
        return result
    }

    private func check(_ result: OpaquePointer, function: String) throws(PostgresError) {
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        case PGRES_FATAL_ERROR, PGRES_NONFATAL_ERROR:
            if let state = Connection.field(result, "C") {
                throw PostgresError.server(
                    sqlState: state, message: Connection.field(result, "M") ?? "",
                    detail: Connection.field(result, "D"), hint: Connection.field(result, "H"))
            }
            throw failure(function: function)
        default:
            let status = String(cString: PQresStatus(PQresultStatus(result)))
            throw PostgresError.unexpectedResult("\(function) returned \(status); COPY and streaming are not supported")
        }
    }

    /// A failure without a server error: the session broke, or libpq itself failed.
    private func failure(function: String) -> PostgresError {
        let message = Connection.trimmed(PQerrorMessage(handle))
        if PQstatus(handle) != CONNECTION_OK { return .connectionLost(function: function, message: message) }
        return .client(function: function, message: message)
    }

    private static func field(_ result: OpaquePointer, _ code: Character) -> String? {
        guard let ascii = code.asciiValue, let value = PQresultErrorField(result, Int32(ascii)) else { return nil }
        return String(cString: value)
    }

    private static func rows(of result: OpaquePointer) -> [Row] {
        let rowCount = Int(PQntuples(result))
        let fieldCount = Int(PQnfields(result))
        guard fieldCount > 0 else { return [] }
        let columns = (0..<fieldCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [Row] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<rowCount {
            let values: [String?] = (0..<fieldCount).map { field in
                PQgetisnull(result, Int32(row), Int32(field)) == 1
                    ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(field)))
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
