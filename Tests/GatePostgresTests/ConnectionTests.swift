import GatePostgres
import GateTestSupport
import XCTest

final class ConnectionTests: XCTestCase {
    func testParameterisedQueryBindsValuesNotSQL() throws {
        let database = try ScratchDatabase()
        let connection = try Connection(database.url)
        try connection.unsafeExecuteScript("CREATE TABLE people (name text, age int)")
        let hostile = "x'); DROP TABLE people; --"
        try connection.execute("INSERT INTO people (name, age) VALUES (\(hostile), \(42))")
        let rows = try connection.query("SELECT name, age, age > \(40) AS old FROM people WHERE name = \(hostile)")
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?.string("name"), hostile)
        XCTAssertEqual(rows.first?.int("age"), 42)
        XCTAssertEqual(rows.first?.bool("old"), true)
        let missing: String? = nil
        XCTAssertEqual(try connection.query("SELECT \(missing)::text IS NULL").first?.bool(0), true)
    }

    func testServerErrorKeepsSQLStateMessageAndDetail() throws {
        let database = try ScratchDatabase()
        let connection = try Connection(database.url)
        XCTAssertThrowsError(try connection.query("SELECT * FROM no_such_table")) { error in
            guard let error = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.sqlState, "42P01")
            XCTAssertFalse(error.isTransient)
            XCTAssertTrue(error.description.contains("no_such_table"), error.description)
        }
        try connection.unsafeExecuteScript("CREATE TABLE t (id int PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES (\(1))")
        XCTAssertThrowsError(try connection.execute("INSERT INTO t VALUES (\(1))")) { error in
            guard case .server(let state, _, let detail, _) = error as? PostgresError else { return XCTFail("\(error)") }
            XCTAssertEqual(state, "23505")
            XCTAssertEqual(detail, "Key (id)=(1) already exists.")
        }
        // The session stays usable after an error.
        XCTAssertEqual(try connection.query("SELECT count(*) FROM t").first?.int(0), 1)
    }

    func testTransactionCommitsOrRollsBack() throws {
        let database = try ScratchDatabase()
        let connection = try Connection(database.url)
        try connection.unsafeExecuteScript("CREATE TABLE t (id int)")
        try connection.withTransaction { try $0.execute("INSERT INTO t VALUES (\(1))") }
        struct Stop: Error {}
        XCTAssertThrowsError(try connection.withTransaction { connection in
            try connection.execute("INSERT INTO t VALUES (\(2))")
            throw Stop()
        })
        XCTAssertFalse(connection.inTransaction)
        XCTAssertEqual(try connection.query("SELECT array_agg(id)::text FROM t").first?.string(0), "{1}")
    }

    func testFailedConnectNamesTargetWithoutPassword() throws {
        XCTAssertThrowsError(try Connection("postgresql://someone:hunter2secret@127.0.0.1:1/db?connect_timeout=2")) { error in
            let text = "\(error)"
            XCTAssertFalse(text.contains("hunter2secret"), text)
            XCTAssertTrue(text.contains("someone:***@127.0.0.1"), text)
            XCTAssertEqual((error as? PostgresError)?.isTransient, true)
        }
        XCTAssertThrowsError(try Connection("host=/nonexistent-dir port=1 password=hunter2secret")) { error in
            XCTAssertFalse("\(error)".contains("hunter2secret"), "\(error)")
        }
    }

    /// A connect the server refused for who or what was asked fails the same way every time: not retried. A refused
    /// or timed-out connection, or a server still starting, may pass.
    func testFailedConnectsThatRetryingCannotMend() throws {
        let database = try ScratchDatabase()
        XCTAssertThrowsError(try Connection(database.url.replacingOccurrences(of: database.name, with: "no_such_database_x"))) { error in
            XCTAssertEqual((error as? PostgresError)?.isTransient, false, "\(error)")
        }
        XCTAssertThrowsError(try Connection("postgresql://app@unknown-host.invalid/app?connect_timeout=2")) { error in
            XCTAssertEqual((error as? PostgresError)?.isTransient, false, "\(error)")
        }
        let refusals = [
            "FATAL:  password authentication failed for user \"app\"",
            "FATAL:  no pg_hba.conf entry for host \"10.0.0.5\", user \"app\", database \"app\", no encryption",
            "FATAL:  role \"deployer\" does not exist",
        ]
        for message in refusals {
            XCTAssertFalse(PostgresError.connectionFailed(target: "db", message: message).isTransient, message)
        }
        let passing = [
            "connection to server at \"db\" (10.0.0.5), port 5432 failed: Connection refused",
            "connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  the database system is starting up",
            "connection to server at \"db\" (10.0.0.5), port 5432 failed: timeout expired",
        ]
        for message in passing {
            XCTAssertTrue(PostgresError.connectionFailed(target: "db", message: message).isTransient, message)
        }
    }

    func testKeywordStringAndDatabaseURLFallback() throws {
        let database = try ScratchDatabase()
        let keyword = try Connection.open(nil, environment: ["DATABASE_URL": database.url])
        XCTAssertEqual(try keyword.query("SELECT current_database()").first?.string(0), database.name)
        XCTAssertThrowsError(try Connection.open(nil, environment: [:])) { error in
            guard case .missingConnectionString = error as? PostgresError else { return XCTFail("\(error)") }
        }
    }

    func testTransientClassification() {
        for state in ["40001", "40P01", "55P03", "57P01", "57P03", "08006"] {
            XCTAssertTrue(PostgresError.server(sqlState: state, message: "", detail: nil, hint: nil).isTransient, state)
        }
        for state in ["42601", "42703", "42P01", "23505", "23503"] {
            XCTAssertFalse(PostgresError.server(sqlState: state, message: "", detail: nil, hint: nil).isTransient, state)
        }
    }

    func testLockTimeoutIsReported55P03() throws {
        let database = try ScratchDatabase()
        let holder = try Connection(database.url)
        let waiter = try Connection(database.url)
        try holder.unsafeExecuteScript("CREATE TABLE t (id int)")
        try holder.query("BEGIN")
        try holder.unsafeExecuteScript("LOCK TABLE t IN ACCESS EXCLUSIVE MODE")
        try waiter.query("SELECT set_config('lock_timeout', \("100"), false)")
        XCTAssertThrowsError(try waiter.query("SELECT * FROM t")) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "55P03")
            XCTAssertEqual((error as? PostgresError)?.isTransient, true)
        }
        try holder.query("ROLLBACK")
        XCTAssertEqual(try waiter.query("SELECT count(*) FROM t").first?.int(0), 0)
    }
}
