import XCTest
@testable import GateSQL

/// Migration statements written for gate, each with the hazards it must (and must not) raise.
/// Every hazard appears with a triggering statement and its safe form.
final class HazardCatalogueTests: XCTestCase {
    struct Case {
        let sql: String
        let hazards: Set<String>
        let effect: StatementEffect
        let file: StaticString
        let line: UInt

        init(_ sql: String, _ hazards: Set<String>, _ effect: StatementEffect, file: StaticString = #filePath, line: UInt = #line) {
            self.sql = sql
            self.hazards = hazards
            self.effect = effect
            self.file = file
            self.line = line
        }
    }

    /// The prelude every case runs after, so `missing-lock-timeout` only appears where a case asks for it.
    static let prelude = "SET lock_timeout = '2s';\n"

    static let cases: [Case] = [
        // index-without-concurrently / concurrently (safe)
        Case("CREATE INDEX idx_users_email ON users (email)", ["index-without-concurrently"], .expand),
        Case("CREATE UNIQUE INDEX idx_users_handle ON users (handle)", ["index-without-concurrently"], .expand),
        Case("CREATE INDEX CONCURRENTLY idx_users_email ON users (email)", [], .expand),
        Case("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_u ON users (handle)", [], .expand),
        Case("DROP INDEX idx_users_email", ["index-without-concurrently"], .expand),
        Case("DROP INDEX CONCURRENTLY IF EXISTS idx_users_email", [], .expand),
        Case("CREATE INDEX idx_orders_created ON public.orders USING btree (created_at) WHERE deleted_at IS NULL",
             ["index-without-concurrently"], .expand),
        // not-null-without-default / nullable or defaulted (safe)
        Case("ALTER TABLE users ADD COLUMN plan text NOT NULL", ["not-null-without-default"], .contract),
        Case("ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free'", [], .expand),
        Case("ALTER TABLE users ADD COLUMN plan text", [], .expand),
        Case("ALTER TABLE users ADD COLUMN score integer DEFAULT 0 NOT NULL", [], .expand),
        Case("ALTER TABLE reports ADD COLUMN summary text", [], .expand),
        // volatile-default / stable default (safe on PG 11+)
        Case("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()", ["volatile-default"], .expand),
        Case("ALTER TABLE users ADD COLUMN jitter float8 NOT NULL DEFAULT random()", ["volatile-default"], .expand),
        Case("ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp()", ["volatile-default"], .expand),
        Case("ALTER TABLE users ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()", [], .expand),
        Case("ALTER TABLE users ADD COLUMN created_on date DEFAULT CURRENT_DATE", [], .expand),
        Case("ALTER TABLE users ADD COLUMN seq bigserial", ["volatile-default"], .expand),
        // column-type-change / varchar-length-change
        Case("ALTER TABLE users ALTER COLUMN age TYPE bigint", ["column-type-change"], .contract),
        Case("ALTER TABLE users ALTER COLUMN age SET DATA TYPE numeric(10,2) USING age::numeric", ["column-type-change"], .contract),
        Case("ALTER TABLE users ALTER COLUMN name TYPE varchar(50)", ["varchar-length-change"], .contract),
        Case("ALTER TABLE users ALTER COLUMN name TYPE character varying(500)", ["varchar-length-change"], .contract),
        Case("ALTER TABLE users ALTER COLUMN name SET DEFAULT 'anonymous'", [], .expand),
        Case("ALTER TABLE users ALTER COLUMN name DROP DEFAULT", [], .expand),
        // set-not-null / CHECK NOT VALID pattern (safe)
        Case("ALTER TABLE users ALTER COLUMN email SET NOT NULL", ["set-not-null"], .contract),
        Case("ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID", [], .expand),
        Case("ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null", [], .expand),
        Case("ALTER TABLE users ALTER COLUMN email DROP NOT NULL", [], .expand),
        // rename
        Case("ALTER TABLE users RENAME COLUMN name TO full_name", ["rename"], .contract),
        Case("ALTER TABLE users RENAME TO accounts", ["rename"], .contract),
        Case("ALTER INDEX idx_a RENAME TO idx_b", [], .expand),
        // drops
        Case("ALTER TABLE users DROP COLUMN legacy_flag", ["drop-column"], .contract),
        Case("ALTER TABLE users DROP COLUMN IF EXISTS legacy_flag CASCADE", ["drop-column"], .contract),
        Case("DROP TABLE audit_log", ["drop-table"], .contract),
        Case("DROP TABLE IF EXISTS a, b CASCADE", ["drop-table"], .contract),
        Case("CREATE TABLE audit_log (id bigint PRIMARY KEY, body text NOT NULL)", [], .expand),
        // constraint-without-not-valid
        Case("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)",
             ["constraint-without-not-valid"], .expand),
        Case("ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID", [], .expand),
        Case("ALTER TABLE orders ADD CONSTRAINT positive_total CHECK (total >= 0)", ["constraint-without-not-valid"], .expand),
        Case("ALTER TABLE orders ADD CONSTRAINT positive_total CHECK (total >= 0) NOT VALID", [], .expand),
        Case("ALTER TABLE orders VALIDATE CONSTRAINT positive_total", [], .expand),
        Case("ALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id)", ["constraint-without-not-valid"], .expand),
        // unique-constraint-under-lock
        Case("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email)", ["unique-constraint-under-lock"], .expand),
        Case("ALTER TABLE users ADD PRIMARY KEY (id)", ["unique-constraint-under-lock"], .expand),
        Case("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX idx_users_email", [], .expand),
        Case("ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx", [], .expand),
        // enum-value-change
        Case("ALTER TYPE mood ADD VALUE 'ecstatic'", ["enum-value-change"], .expand),
        Case("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' BEFORE 'happy'", ["enum-value-change"], .expand),
        Case("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", ["enum-value-change"], .contract),
        Case("CREATE TYPE mood AS ENUM ('happy', 'sad')", [], .expand),
        // truncate-cascade
        Case("TRUNCATE orders CASCADE", ["truncate-cascade"], .data),
        Case("TRUNCATE TABLE orders RESTRICT", [], .data),
        // data
        Case("UPDATE users SET plan = 'free' WHERE plan IS NULL", [], .data),
        Case("INSERT INTO plans (id, name) VALUES (1, 'free')", [], .data),
        Case("DELETE FROM sessions WHERE expires_at < now()", [], .data),
        // neutral statements
        Case("CREATE EXTENSION IF NOT EXISTS pgcrypto", [], .expand),
        Case("CREATE VIEW active_users AS SELECT * FROM users WHERE active", [], .expand),
        Case("DROP VIEW active_users", [], .contract),
        Case("COMMENT ON COLUMN users.plan IS 'billing plan'", [], .expand),
        Case("GRANT SELECT ON users TO reporting", [], .expand),
        Case("CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", [], .expand),
    ]

    func testEveryCaseRaisesExactlyItsHazards() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
        for testCase in Self.cases {
            // Post phase, so contract statements are judged on their own hazards here; the phase rule is tested below.
            let script = try MigrationScript.analyze("-- gate:phase post\n" + Self.prelude + testCase.sql + ";\n")
            XCTAssertEqual(script.statements.count, 2, testCase.sql, file: testCase.file, line: testCase.line)
            guard let statement = script.statements.last else { continue }
            XCTAssertEqual(Set(statement.hazards), testCase.hazards, testCase.sql, file: testCase.file, line: testCase.line)
            XCTAssertEqual(statement.effect, testCase.effect, testCase.sql, file: testCase.file, line: testCase.line)
            XCTAssertEqual(statement.statement.line, 3, testCase.sql, file: testCase.file, line: testCase.line)
        }
    }

    func testEveryHazardHasATriggeringCase() {
        let covered = Set(Self.cases.flatMap(\.hazards))
        let expected = Set(SchemaHazard.allCases.map(\.rawValue))
            .subtracting(["missing-lock-timeout", "concurrently-in-transaction", "contract-without-post-phase"])
        XCTAssertEqual(expected.subtracting(covered), [])
    }

    func testNewTablesAreNotJudgedAsLive() throws {
        let script = try MigrationScript.analyze("""
            CREATE TABLE reports (id bigint PRIMARY KEY, owner_id bigint);
            CREATE INDEX reports_owner ON reports (owner_id);
            ALTER TABLE reports ADD COLUMN title text NOT NULL;
            ALTER TABLE reports ADD CONSTRAINT reports_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id);
            """)
        XCTAssertEqual(script.statements.flatMap(\.hazards), [])
    }

    func testMissingLockTimeoutIsReportedOnceOnTheFirstLockingStatement() throws {
        let script = try MigrationScript.analyze("""
            CREATE TABLE t (id int);
            ALTER TABLE users ADD COLUMN a text;
            ALTER TABLE users ADD COLUMN b text;
            """)
        XCTAssertEqual(script.statements.map(\.hazards), [[], ["missing-lock-timeout"], []])
        let safe = try MigrationScript.analyze("SET lock_timeout TO '3s';\nALTER TABLE users ADD COLUMN a text;")
        XCTAssertEqual(safe.statements.flatMap(\.hazards), [])
        let disabled = try MigrationScript.analyze("SET lock_timeout = 0;\nALTER TABLE users ADD COLUMN a text;")
        XCTAssertEqual(disabled.statements.last?.hazards, ["missing-lock-timeout"])
        let local = try MigrationScript.analyze("BEGIN;\nSET LOCAL lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a text;\nCOMMIT;")
        XCTAssertEqual(local.statements.flatMap(\.hazards), [])
    }

    func testConcurrentlyInsideAnExplicitTransaction() throws {
        let script = try MigrationScript.analyze("""
            SET lock_timeout = '1s';
            BEGIN;
            CREATE INDEX CONCURRENTLY idx ON users (email);
            COMMIT;
            CREATE INDEX CONCURRENTLY idx2 ON users (name);
            """)
        XCTAssertEqual(script.statements[2].hazards, ["concurrently-in-transaction"])
        XCTAssertTrue(script.statements[2].requiresNoTransaction)
        XCTAssertEqual(script.statements[4].hazards, [])
        XCTAssertTrue(script.statements[4].requiresNoTransaction)
        XCTAssertFalse(script.statements[0].requiresNoTransaction)
    }

    func testContractWithoutPostPhaseIsFlaggedAndPostPhaseClearsIt() throws {
        let pre = try MigrationScript.analyze("SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN legacy;")
        XCTAssertEqual(pre.phase, .pre)
        XCTAssertEqual(Set(pre.statements[1].hazards), ["drop-column", "contract-without-post-phase"])
        let post = try MigrationScript.analyze("-- gate:phase post\nSET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN legacy;")
        XCTAssertEqual(post.phase, .post)
        XCTAssertEqual(post.statements[1].hazards, ["drop-column"])
        let expand = try MigrationScript.analyze("SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN a text;")
        XCTAssertEqual(expand.statements[1].hazards, [])
    }
}
