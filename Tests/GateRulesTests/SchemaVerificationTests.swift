import GateSQL
import GateTestSupport
import XCTest

/// The catalog checks generated from migrations, run against a real Postgres: false before the migration,
/// true after it, as `gate deploy` relies on.
final class SchemaVerificationTests: XCTestCase {
    func psql(_ url: String, _ sql: String) throws -> String {
        let result = try runProcess("psql", [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        if result.status != 0 { throw FixtureError("psql failed: \(result.stderr)\nSQL: \(sql)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs each query in one session, one result line per query.
    func results(_ url: String, _ queries: [String]) throws -> [String] {
        let script = queries.map { $0 + ";\n" }.joined()
        let result = try runProcess("psql", [url, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"], input: script)
        if result.status != 0 { throw FixtureError("psql failed: \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    func testGeneratedChecksHoldAfterTheMigrationAndNotBefore() throws {
        guard let url = testDatabaseURL() else { return XCTFail("GATE_TEST_DATABASE_URL is not set: run under scripts/with-postgres") }
        let schema = "verify_\(UInt32.random(in: 0...UInt32.max))"
        _ = try psql(url, "CREATE SCHEMA \(schema); SET search_path TO \(schema); CREATE TABLE \(schema).users (id bigint PRIMARY KEY, email text, legacy text, name varchar(20)); CREATE TABLE \(schema).audit (id int); CREATE TYPE \(schema).mood AS ENUM ('happy'); CREATE INDEX old_idx ON \(schema).users (legacy);")
        let migration = """
            SET lock_timeout = '2s';
            CREATE TABLE \(schema).reports (id bigserial PRIMARY KEY, owner_id bigint NOT NULL, title varchar(200) NOT NULL, body text);
            ALTER TABLE \(schema).users ADD COLUMN plan text NOT NULL DEFAULT 'free';
            ALTER TABLE \(schema).users ALTER COLUMN email SET NOT NULL;
            ALTER TABLE \(schema).users ALTER COLUMN name TYPE varchar(200);
            ALTER TABLE \(schema).users RENAME COLUMN legacy TO legacy_text;
            CREATE INDEX CONCURRENTLY users_plan ON \(schema).users (plan);
            DROP INDEX CONCURRENTLY \(schema).old_idx;
            ALTER TABLE \(schema).reports ADD CONSTRAINT reports_owner_fk FOREIGN KEY (owner_id) REFERENCES \(schema).users (id) NOT VALID;
            ALTER TABLE \(schema).reports VALIDATE CONSTRAINT reports_owner_fk;
            ALTER TYPE \(schema).mood ADD VALUE 'calm';
            DROP TABLE \(schema).audit;
            """
        let script = try MigrationScript.analyze(migration)
        let checks = script.statements.flatMap(\.checks)
        XCTAssertGreaterThanOrEqual(checks.count, 14)
        let before = try results(url, checks.map(\.sql))
        XCTAssertEqual(before.count, checks.count)
        // Before the migration, what it creates is missing, what it changes differs and what it drops still exists.
        for (check, value) in zip(checks, before) {
            XCTAssertEqual(value, "f", "before: \(check.description)")
        }
        XCTAssertEqual(try psql(url, "INSERT INTO \(schema).users (id, email) VALUES (1, 'a@b.c')"), "")
        // Statements run one by one, as deploy runs them (CONCURRENTLY outside a transaction).
        for statement in script.statements {
            _ = try psql(url, statement.statement.text)
        }
        let after = try results(url, checks.map(\.sql))
        XCTAssertEqual(after.count, checks.count)
        for (check, value) in zip(checks, after) {
            XCTAssertEqual(value, "t", check.description)
        }
        _ = try psql(url, "DROP SCHEMA \(schema) CASCADE")
    }
}
