import XCTest
@testable import GateSQL

/// Migration statements written for gate, each with the hazards it must (and must not) raise.
/// Every hazard appears with a triggering statement and its safe form.
final class HazardCatalogueTests: XCTestCase {
    struct Case {
        let sql: String
        let hazards: Set<String>
        let effect: StatementEffect
        /// The line of `sql` where the statement is judged: a DO block's, where the statement in it is.
        let judgedAt: Int
        let file: StaticString
        let line: UInt

        init(_ sql: String, _ hazards: Set<String>, _ effect: StatementEffect, judgedAt: Int = 1,
             file: StaticString = #filePath, line: UInt = #line) {
            self.sql = sql
            self.hazards = hazards
            self.effect = effect
            self.judgedAt = judgedAt
            self.file = file
            self.line = line
        }
    }

    /// The prelude every case runs after, so the timeout hazards only appear where a case asks for them.
    static let prelude = "SET lock_timeout = '2s'; SET statement_timeout = '5min';\n"

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
        Case("ALTER TABLE users ADD COLUMN seq bigserial", ["volatile-default", "prefer-identity"], .expand),
        Case("ALTER TABLE users ADD COLUMN slug text DEFAULT make_slug()", ["volatile-default"], .expand),
        Case("ALTER TABLE users ADD COLUMN region text DEFAULT lower('EU')", [], .expand),
        Case("ALTER TABLE users ADD COLUMN note text DEFAULT NULL", [], .expand),
        // rewriting-column
        Case("ALTER TABLE orders ADD COLUMN total bigint GENERATED ALWAYS AS (qty * price) STORED", ["rewriting-column"], .expand),
        Case("ALTER TABLE orders ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY", ["rewriting-column"], .expand),
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
        Case("ALTER TABLE users ALTER COLUMN email DROP NOT NULL", ["client-breaking-change"], .expand),
        // rename
        Case("ALTER TABLE users RENAME COLUMN name TO full_name", ["rename"], .contract),
        Case("ALTER TABLE users RENAME TO accounts", ["rename"], .contract),
        Case("ALTER INDEX idx_a RENAME TO idx_b", ["client-breaking-change"], .expand),
        Case("ALTER SCHEMA billing RENAME TO payments", ["client-breaking-change"], .contract),
        Case("ALTER TYPE mood RENAME TO feeling", ["client-breaking-change"], .contract),
        Case("ALTER TABLE users SET SCHEMA archive", ["client-breaking-change"], .contract),
        Case("ALTER TABLE orders DROP CONSTRAINT positive_total", ["client-breaking-change"], .expand),
        Case("ALTER TABLE orders ALTER COLUMN total DROP EXPRESSION", ["client-breaking-change"], .expand),
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
        // ADD VALUE runs in a transaction from Postgres 12 (the version-dependent test covers older targets).
        Case("ALTER TYPE mood ADD VALUE 'ecstatic'", [], .expand),
        Case("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' BEFORE 'happy'", [], .expand),
        Case("ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'", ["enum-value-change"], .contract),
        Case("CREATE TYPE mood AS ENUM ('happy', 'sad')", [], .expand),
        // truncate-cascade
        Case("TRUNCATE orders CASCADE", ["truncate-cascade"], .data),
        Case("TRUNCATE TABLE orders RESTRICT", [], .data),
        // data
        Case("UPDATE users SET plan = 'free' WHERE plan IS NULL", ["unbatched-backfill"], .data),
        Case("DELETE FROM sessions", ["unbatched-backfill"], .data),
        // A join backfill pairs rows, it does not batch them; a join narrowed by a key range does.
        Case("UPDATE items SET trace_id = o.trace_id FROM observations o WHERE items.observation_id = o.id",
             ["unbatched-backfill"], .data),
        Case("UPDATE items SET trace_id = o.trace_id FROM observations o WHERE items.observation_id = o.id AND items.id < 10000",
             [], .data),
        Case("UPDATE users SET plan = 'free' WHERE id IN (SELECT id FROM users WHERE plan IS NULL LIMIT 1000)", [], .data),
        Case("UPDATE users SET plan = 'free' WHERE id = 42", [], .data),
        Case("UPDATE users SET plan = 'free', plan = 'pro' WHERE id = 42", ["duplicate-column-assignment"], .data),
        Case("INSERT INTO plans (id, name, id) VALUES (1, 'free', 2)", ["duplicate-column-assignment"], .data),
        Case("INSERT INTO plans (id, name) VALUES (1, 'free')", [], .data),
        Case("DELETE FROM sessions WHERE expires_at < now()", [], .data),
        // locks and rewrites no linter flags
        Case("VACUUM FULL orders", ["table-rewrite"], .expand),
        Case("CLUSTER orders USING orders_pkey", ["table-rewrite"], .expand),
        Case("VACUUM (ANALYZE) orders", [], .expand),
        Case("ALTER TABLE orders SET TABLESPACE slow_disk", ["set-tablespace"], .expand),
        Case("ALTER TABLE orders SET UNLOGGED", ["set-logged"], .expand),
        Case("ALTER TABLE orders SET LOGGED", ["set-logged"], .expand),
        Case("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", ["lock-table"], .expand),
        Case("REINDEX TABLE orders", ["reindex-without-concurrently"], .expand),
        Case("REINDEX INDEX CONCURRENTLY orders_pkey", [], .expand),
        Case("ALTER TABLE events DETACH PARTITION events_2023", ["detach-partition-without-concurrently"], .contract),
        Case("ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY", [], .contract),
        Case("ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM (1) TO (2)", ["attach-partition-without-check"], .expand),
        Case("REFRESH MATERIALIZED VIEW daily", ["refresh-without-concurrently"], .data),
        Case("REFRESH MATERIALIZED VIEW CONCURRENTLY daily", [], .data),
        Case("CREATE TRIGGER audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row()", ["trigger-on-live-table"], .expand),
        Case("CREATE DOMAIN positive AS int CHECK (VALUE > 0)", ["domain-constraint"], .expand),
        Case("CREATE DOMAIN email AS text", [], .expand),
        Case("ALTER DOMAIN positive ADD CONSTRAINT nonzero CHECK (VALUE <> 0)", ["domain-constraint"], .expand),
        Case("ALTER DOMAIN positive ADD CONSTRAINT nonzero CHECK (VALUE <> 0) NOT VALID", [], .expand),
        Case("DROP DATABASE scratch", ["drop-database"], .contract),
        Case("CREATE INDEX CONCURRENTLY index_subscriptions_on_customer_id_and_plan_id_and_created_at_desc ON s (a)",
             ["identifier-too-long"], .expand),
        // DDL inside DO blocks is parsed from its EXECUTE strings
        Case("DO $$ BEGIN EXECUTE 'ALTER TABLE users DROP COLUMN legacy'; END $$", ["drop-column"], .contract),
        Case("DO $$ BEGIN EXECUTE 'CREATE INDEX idx_users_name ON users (name)'; END $$", ["index-without-concurrently"], .expand),
        Case("DO $$ BEGIN PERFORM pg_sleep(0); END $$", [], .data),
        // … and from the statements written in the block itself (Drizzle's foreign keys, Supabase's guarded changes)
        Case("""
            DO $$ BEGIN
             ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id");
            EXCEPTION
             WHEN duplicate_object THEN null;
            END $$
            """, ["constraint-without-not-valid"], .expand, judgedAt: 2),
        Case("""
            DO $$
            BEGIN
              IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy') THEN
                ALTER TABLE users DROP COLUMN legacy;
              END IF;
            END $$
            """, ["drop-column"], .contract, judgedAt: 4),
        Case("DO $$ BEGIN CREATE TYPE role AS ENUM ('admin', 'member'); EXCEPTION WHEN duplicate_object THEN null; END $$", [], .expand),
        Case("DO $body$ DECLARE r record; BEGIN FOR r IN SELECT id FROM users LOOP RAISE NOTICE 'ALTER TABLE users DROP COLUMN x; %', r.id; END LOOP; END $body$", [], .data),
        // advice (tier low)
        Case("CREATE TABLE teams (id integer PRIMARY KEY, name text)", ["prefer-bigint-key"], .expand),
        Case("CREATE TABLE teams (id serial PRIMARY KEY, name text)", ["prefer-bigint-key", "prefer-identity"], .expand),
        Case("CREATE TABLE events (id bigint PRIMARY KEY, at timestamp, code char(3), body json)",
             ["prefer-timestamptz", "prefer-text", "prefer-jsonb"], .expand),
        Case("CREATE TABLE events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz, body jsonb)", [], .expand),
        // neutral statements
        Case("CREATE EXTENSION IF NOT EXISTS pgcrypto", [], .expand),
        Case("CREATE VIEW active_users AS SELECT * FROM users WHERE active", [], .expand),
        Case("DROP VIEW active_users", [], .contract),
        Case("COMMENT ON COLUMN users.plan IS 'billing plan'", [], .expand),
        Case("SELECT pg_catalog.set_config('search_path', '', false)", [], .expand),
        // what gate cannot see into: a data change, never expand-only
        Case("CALL backfill_all_summaries()", [], .data),
        Case("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()", [], .data),
        Case("SELECT cron.schedule('nightly', '0 3 * * *', 'VACUUM ANALYZE users')", [], .data),
        Case("EXPLAIN ANALYZE DELETE FROM users WHERE id = 1", [], .data),
        // privilege-change
        Case("GRANT SELECT ON users TO reporting", ["privilege-change"], .expand),
        Case("GRANT ALL ON ALL TABLES IN SCHEMA public TO anon", ["privilege-change"], .expand),
        Case("ALTER ROLE app_user SUPERUSER", ["privilege-change"], .expand),
        Case("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO anon", ["privilege-change"], .expand),
        // drop-default-not-null: a NOT NULL column added with a default, its default dropped in the same statement
        Case("ALTER TABLE users ADD COLUMN region text NOT NULL DEFAULT 'eu', ALTER COLUMN region DROP DEFAULT",
             ["drop-default-not-null"], .contract),
        Case("ALTER TABLE users ADD COLUMN region text DEFAULT 'eu', ALTER COLUMN region DROP DEFAULT", [], .expand),
        Case("ALTER TABLE users ALTER COLUMN plan DROP DEFAULT", [], .expand),
        Case("CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", [], .expand),
    ]

    func testEveryCaseRaisesExactlyItsHazards() throws {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
        for testCase in Self.cases {
            // Post phase, so contract statements are judged on their own hazards here; the phase rule is tested below.
            let script = try MigrationScript.analyze("-- gate:phase post\n" + Self.prelude + testCase.sql + ";\n")
            XCTAssertEqual(script.statements.count, 3, testCase.sql, file: testCase.file, line: testCase.line)
            guard let statement = script.statements.last else { continue }
            XCTAssertEqual(Set(statement.hazards), testCase.hazards, testCase.sql, file: testCase.file, line: testCase.line)
            XCTAssertEqual(statement.effect, testCase.effect, testCase.sql, file: testCase.file, line: testCase.line)
            XCTAssertEqual(statement.statement.line, 2 + testCase.judgedAt, testCase.sql, file: testCase.file, line: testCase.line)
        }
    }

    func testEveryHazardHasATriggeringCase() {
        let covered = Set(Self.cases.flatMap(\.hazards))
        let expected = Set(SchemaHazard.allCases.map(\.rawValue))
            .subtracting([
                "missing-lock-timeout", "missing-statement-timeout", "concurrently-in-transaction",
                "contract-without-post-phase", "transaction-nesting", "validate-in-same-transaction",
                "enum-value-used-in-transaction",
            ])
        XCTAssertEqual(expected.subtracting(covered), [])
    }

    /// A label added to an existing enum is refused until its transaction commits (55P04): using it later in the same
    /// file is flagged where it is used, unless the file's statements commit one by one.
    func testAnEnumLabelUsedInTheTransactionThatAddedIt() throws {
        func flagged(_ sql: String, options: AnalysisOptions = AnalysisOptions()) throws -> [Int] {
            try MigrationScript.analyze(Self.prelude + sql, options: options).statements
                .filter { $0.hazards.contains("enum-value-used-in-transaction") }.map(\.statement.line)
        }
        let added = "ALTER TYPE order_status ADD VALUE 'refunded';\n"
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\n"), [3])
        XCTAssertEqual(try flagged(added + "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'refunded';\n"), [3])
        // Another label, the label inside a longer string, a type made here, a COMMIT between: nothing.
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'paid' WHERE id = 1;\n"), [])
        XCTAssertEqual(try flagged(added + "UPDATE orders SET note = 'refunded twice' WHERE id = 1;\n"), [])
        XCTAssertEqual(try flagged("CREATE TYPE s AS ENUM ('a');\nALTER TYPE s ADD VALUE 'b';\nCREATE TABLE t (x s DEFAULT 'b');\n"), [])
        XCTAssertEqual(try flagged("BEGIN;\n" + added + "COMMIT;\nUPDATE orders SET status = 'refunded' WHERE id = 1;\n"), [])
        // A file run statement by statement: declared so by its tool, or holding a CONCURRENTLY build.
        var outside = AnalysisOptions()
        outside.declaredOutsideTransaction = true
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'refunded' WHERE id = 1;\n", options: outside), [])
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'refunded' WHERE id = 1;\n"
                                   + "CREATE INDEX CONCURRENTLY orders_status ON orders (status);\n"), [])
        // A framework migration outside its runner's transaction (Django atomic = False) is not one transaction.
        let django = AnalysisOptions(implicitTransaction: false, requireLockTimeout: false)
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'refunded' WHERE id = 1;\n", options: django), [])
        XCTAssertEqual(try flagged(added + "UPDATE orders SET status = 'refunded' WHERE id = 1;\n",
                                   options: AnalysisOptions(implicitTransaction: true, requireLockTimeout: false)), [3])
    }

    func testScriptLevelHazards() throws {
        let unbalanced = try MigrationScript.analyze("SET lock_timeout = '1s';\nBEGIN;\nALTER TABLE users ADD COLUMN a text;\n")
        XCTAssertEqual(unbalanced.statements.map(\.hazards), [[], ["transaction-nesting"], []])
        let nested = try MigrationScript.analyze("BEGIN;\nBEGIN;\nCOMMIT;\nCOMMIT;\n")
        XCTAssertEqual(nested.statements.map(\.hazards), [[], ["transaction-nesting"], [], ["transaction-nesting"]])
        let balanced = try MigrationScript.analyze("BEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;\n")
        XCTAssertEqual(balanced.statements.flatMap(\.hazards), [])

        let sameTransaction = try MigrationScript.analyze("""
            SET lock_timeout = '1s';
            ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
            ALTER TABLE orders VALIDATE CONSTRAINT fk;
            """)
        XCTAssertEqual(sameTransaction.statements[2].hazards, ["validate-in-same-transaction"])

        let statementTimeout = try MigrationScript.analyze("""
            SET lock_timeout = '1s';
            ALTER TABLE users ADD COLUMN a text;
            CREATE INDEX idx ON users (a);
            ALTER TABLE users ALTER COLUMN a TYPE varchar(20);
            """)
        XCTAssertEqual(statementTimeout.statements.map(\.hazards), [
            [], [], ["index-without-concurrently", "missing-statement-timeout"], ["varchar-length-change", "contract-without-post-phase"],
        ])
    }

    /// The safe recipes raise nothing: SET NOT NULL after a validated CHECK, then the check dropped (Postgres 12+).
    func testSafeRecipesRaiseNothing() throws {
        let first = try MigrationScript.analyze("""
            SET lock_timeout = '1s';
            ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
            """)
        XCTAssertEqual(first.statements.flatMap(\.hazards), [])
        let second = try MigrationScript.analyze("""
            -- gate:phase post
            SET lock_timeout = '1s';
            ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            ALTER TABLE users DROP CONSTRAINT users_email_not_null;
            """)
        XCTAssertEqual(second.statements.flatMap(\.hazards), [])
        let onEleven = try MigrationScript.analyze(
            "-- gate:phase post\nSET lock_timeout = '1s';\nALTER TABLE users VALIDATE CONSTRAINT c;\n"
                + "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
            options: AnalysisOptions(postgresVersion: 11))
        XCTAssertEqual(onEleven.statements[2].hazards, ["set-not-null", "missing-statement-timeout"])
    }

    /// `schema.postgres-version` decides the hazards that exist only before a version.
    func testHazardsFollowTheTargetVersion() throws {
        let enumValue = "SET lock_timeout = '1s';\nALTER TYPE mood ADD VALUE 'calm';\n"
        XCTAssertEqual(try MigrationScript.analyze(enumValue, options: AnalysisOptions(postgresVersion: 11)).statements[1].hazards,
                       ["enum-value-change"])
        XCTAssertEqual(try MigrationScript.analyze(enumValue, options: AnalysisOptions(postgresVersion: 12)).statements[1].hazards, [])
        let defaulted = "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN plan text DEFAULT 'free';\n"
        XCTAssertEqual(try MigrationScript.analyze(defaulted, options: AnalysisOptions(postgresVersion: 10)).statements[1].hazards,
                       ["rewriting-column", "missing-statement-timeout"])
        XCTAssertEqual(try MigrationScript.analyze(defaulted, options: AnalysisOptions(postgresVersion: 11)).statements[1].hazards, [])
    }

    func testNewTablesAreNotJudgedAsLive() throws {
        // The lock_timeout is for `users`, which the foreign key locks (testAForeignKeyToAnExistingTableLocksIt).
        let script = try MigrationScript.analyze("""
            SET lock_timeout = '2s';
            CREATE TABLE reports (id bigint PRIMARY KEY, owner_id bigint);
            CREATE INDEX reports_owner ON reports (owner_id);
            ALTER TABLE reports ADD COLUMN title text NOT NULL;
            ALTER TABLE reports ADD CONSTRAINT reports_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id);
            """)
        XCTAssertEqual(script.statements.flatMap(\.hazards), [])
    }

    func testADoBlockIsCutIntoItsStatementsOutsideQuotesAndComments() {
        let body = """
             -- ALTER TABLE in a comment; DROP TABLE nothing;
             SET LOCAL lock_timeout = '1s';
             IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
               CREATE TYPE mood AS ENUM ('ok', 'sad;');
             ELSE
               EXECUTE 'ALTER TYPE mood ADD VALUE ''meh''';
             END IF;
             CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$;
             FOR i IN 1..2 LOOP UPDATE t SET n = CASE WHEN n > 0 THEN 1 ELSE 2 END; END LOOP;
            """
        let read = DoBlock.read(body)
        // The FOR loop is code gate does not read.
        XCTAssertFalse(read.readsEverything)
        XCTAssertEqual(read.statements.map(\.text), [
            "SET LOCAL lock_timeout = '1s'",
            "CREATE TYPE mood AS ENUM ('ok', 'sad;')",
            "ALTER TYPE mood ADD VALUE 'meh'",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1; $f$",
            "UPDATE t SET n = CASE WHEN n > 0 THEN 1 ELSE 2 END",
        ])
    }

    /// The PL/pgSQL that only guards a block's statements (Drizzle's duplicate_object handler, Supabase's `IF NOT
    /// EXISTS (SELECT …)`, a `RAISE NOTICE`) leaves nothing unread; declarations, loops, `PERFORM` and a computed
    /// `EXECUTE` do not.
    func testADoBlockThatOnlyGuardsItsStatementsIsReadWhole() {
        let bodies: [(body: String, readsEverything: Bool)] = [
            (" BEGIN\n ALTER TABLE \"orders\" ADD CONSTRAINT \"fk\" FOREIGN KEY (\"user_id\") REFERENCES \"users\"(\"id\");\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND ", true),
            ("\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'fk') THEN\n    ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n  ELSE\n    RAISE NOTICE 'fk exists';\n  END IF;\nEND\n", true),
            ("BEGIN CREATE TYPE role AS ENUM ('admin'); EXCEPTION WHEN duplicate_object OR unique_violation THEN null; END", true),
            ("BEGIN EXECUTE 'CREATE INDEX i ON t (a)'; END", true),
            ("BEGIN PERFORM pg_sleep(0); END", false),
            ("DECLARE n int; BEGIN SELECT count(*) INTO n FROM t; END", false),
            ("BEGIN EXECUTE format('ALTER TABLE %I ADD COLUMN a text', 't'); END", false),
            ("BEGIN IF f() THEN ALTER TABLE t ADD COLUMN a text; END IF; END", false),
        ]
        for (body, readsEverything) in bodies {
            XCTAssertEqual(DoBlock.read(body).readsEverything, readsEverything, body)
        }
    }

    /// A DO block is judged where the statement that makes its hazard is, and classed as that statement is when the
    /// block runs nothing else.
    func testADoBlockIsJudgedAtItsInnerStatement() throws {
        let script = try MigrationScript.analyze("""
            SET lock_timeout = '2s';
            DO $$ BEGIN
              CREATE TYPE "status" AS ENUM ('open', 'closed');
            EXCEPTION
              WHEN duplicate_object THEN null;
            END $$;
            DO $$ BEGIN
             ALTER TABLE "orders" ADD COLUMN "note" text;
             ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id");
            EXCEPTION
             WHEN duplicate_object THEN null;
            END $$;
            DO $$ BEGIN PERFORM pg_sleep(0); END $$;
            """)
        let blocks = Array(script.statements.dropFirst())
        XCTAssertEqual(blocks.map(\.statement.line), [3, 9, 13])
        XCTAssertEqual(blocks.map(\.statement.column), [3, 2, 1])
        XCTAssertEqual(blocks.map(\.effect), [.expand, .expand, .data])
        XCTAssertEqual(blocks[1].hazards.first, "constraint-without-not-valid")
        // A framework migration's SQL literal: the position within the literal, moved to where it is.
        var fragment = SQLFragment(sql: "DO $$ BEGIN\n  ALTER TABLE orders ADD CONSTRAINT fk CHECK (n > 0);\nEXCEPTION WHEN duplicate_object THEN null;\nEND $$", line: 4)
        fragment.textLine = 5
        fragment.textColumn = 9
        let framework = MigrationScript.analyze(fragments: [fragment])
        XCTAssertEqual(framework.statements.map(\.statement.line), [6])
        XCTAssertEqual(framework.statements.map(\.effect), [.expand])
    }

    func testALockTimeoutSetInsideADoBlockBoundsItsStatements() throws {
        let script = try MigrationScript.analyze("""
            DO $$ BEGIN
              SET LOCAL lock_timeout = '2s';
              ALTER TABLE users ADD COLUMN a text;
            END $$;
            """)
        XCTAssertFalse(script.statements.flatMap(\.hazards).contains("missing-lock-timeout"))
        let unbounded = try MigrationScript.analyze("DO $$ BEGIN ALTER TABLE users ADD COLUMN a text; END $$;")
        XCTAssertTrue(unbounded.statements.flatMap(\.hazards).contains("missing-lock-timeout"))
    }

    /// A foreign key locks the table it references (SHARE ROW EXCLUSIVE): a new table referencing an existing one,
    /// inline or as a table constraint, and Prisma's `ADD CONSTRAINT … FOREIGN KEY` on the table it just made, need a
    /// lock_timeout; a reference to a table the same script made does not.
    func testAForeignKeyToAnExistingTableLocksIt() throws {
        for sql in [
            "CREATE TABLE api_tokens (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));",
            "CREATE TABLE api_tokens (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL, FOREIGN KEY (user_id) REFERENCES users (id));",
            """
            CREATE TABLE "Session" ("id" TEXT NOT NULL, "userId" TEXT NOT NULL, CONSTRAINT "Session_pkey" PRIMARY KEY ("id"));
            ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
            """,
        ] {
            let script = try MigrationScript.analyze(sql)
            XCTAssertEqual(script.statements.flatMap(\.hazards), ["missing-lock-timeout"], sql)
            XCTAssertEqual(Set(script.statements.map(\.effect)), [.expand], sql)
        }
        let bounded = try MigrationScript.analyze(
            "SET lock_timeout = '2s';\nCREATE TABLE api_tokens (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint REFERENCES users (id));")
        XCTAssertEqual(bounded.statements.flatMap(\.hazards), [])
        let together = try MigrationScript.analyze("""
            CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
            CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, team_id bigint REFERENCES teams (id));
            ALTER TABLE members ADD CONSTRAINT members_team_fkey FOREIGN KEY (team_id) REFERENCES teams (id);
            """)
        XCTAssertEqual(together.statements.flatMap(\.hazards), [])
    }

    /// `ALTER TABLE` subcommands that change how a live table behaves take a lock on it (row security, triggers,
    /// replica identity, owner, storage options): a lock_timeout is needed; on a table the script made, none is.
    func testTableSettingsLockALiveTable() throws {
        for sql in [
            "alter table public.profiles enable row level security;", "ALTER TABLE orders DISABLE TRIGGER ALL;",
            "ALTER TABLE orders REPLICA IDENTITY FULL;", "ALTER TABLE orders OWNER TO app;",
            "ALTER TABLE orders SET (fillfactor = 70);", "ALTER TABLE orders FORCE ROW LEVEL SECURITY;",
        ] {
            let script = try MigrationScript.analyze(sql)
            // Row security turned on with no policy in the script also denies every row to API roles.
            let expected = sql.lowercased().contains("row level security")
                ? ["client-breaking-change", "missing-lock-timeout"] : ["missing-lock-timeout"]
            XCTAssertEqual(script.statements.flatMap(\.hazards), expected, sql)
            XCTAssertEqual(script.statements.map(\.effect), [.expand], sql)
        }
        let created = try MigrationScript.analyze("""
            create table public.notes (id bigint generated always as identity primary key, body text);
            alter table public.notes enable row level security;
            """)
        XCTAssertEqual(created.statements.flatMap(\.hazards), [])
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
        // A row-security policy takes an ACCESS EXCLUSIVE lock on its table, however briefly.
        let policy = try MigrationScript.analyze("CREATE POLICY own_rows ON storage.objects FOR SELECT USING (owner = auth.uid());")
        XCTAssertEqual(policy.statements.flatMap(\.hazards), ["missing-lock-timeout"])
        let newTable = try MigrationScript.analyze("CREATE TABLE notes (id bigint, owner uuid);\nCREATE POLICY own ON notes USING (owner = auth.uid());")
        XCTAssertEqual(newTable.statements.flatMap(\.hazards), [])
        // DROP POLICY takes the same lock; it stays a contract, since it can take rows away from running code.
        let dropPolicy = try MigrationScript.analyze("-- gate:phase post\nDROP POLICY IF EXISTS own_rows ON storage.objects;")
        XCTAssertEqual(dropPolicy.statements.first?.operations, [.policy(table: "storage.objects", removes: true)])
        XCTAssertEqual(dropPolicy.statements.map(\.effect), [.contract])
        XCTAssertEqual(dropPolicy.statements.flatMap(\.hazards), ["missing-lock-timeout"])
        let boundedDrop = try MigrationScript.analyze("-- gate:phase post\nSET lock_timeout = '2s';\nDROP POLICY own ON notes;")
        XCTAssertEqual(boundedDrop.statements.flatMap(\.hazards), [])
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
