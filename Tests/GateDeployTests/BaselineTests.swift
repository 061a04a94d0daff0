import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// `gate baseline` adopts a database another tool (or psql) migrated (SPEC §5 step 1). Each test creates the tool's
/// table as the tool does, applies the migrations the way the tool would, baselines, and deploys a new migration.
final class BaselineTests: XCTestCase {
    private func baseline(_ fixture: DeployFixture, directory: String? = nil, extra: [String] = []) throws -> ProcessResult {
        try fixture.gate(["baseline", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url]
            + (directory.map { ["--migrations", $0] } ?? []) + extra)
    }

    /// A deploy with no --base: only what a baseline recorded tells it where to start.
    private func deployAfterBaseline(_ fixture: DeployFixture, directory: String? = nil, migrateCommand: [String] = [])
        throws -> ProcessResult
    {
        try fixture.gate(["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url]
            + (directory.map { ["--migrations", $0] } ?? []) + (migrateCommand.isEmpty ? [] : ["--migrate-cmd"] + migrateCommand)
            + ["--", "./scripts/rollout.sh"])
    }

    /// Applies each file's SQL as the tool would, then adopts, checks idempotence, and deploys one more migration.
    private func adopt(
        _ fixture: DeployFixture, directory: String, files: [(String, String)], toolSetup: (Connection) throws -> Void,
        newMigration: (String, String), expectTool: String, migrateCommand: [String] = [], skippedFiles: Int = 0,
        writtenWithNewMigration: [(String, String)] = []
    ) throws {
        for (path, text) in files { try fixture.repo.write(directory + "/" + path, text) }
        let head = try fixture.commit("history")
        let database = try fixture.connect()
        try toolSetup(database)
        let adopted = try baseline(fixture, directory: directory)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("from \(expectTool)"), adopted.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT head || ' ' || status FROM gate.releases"), head + " succeeded")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE applied_by = 'baseline'"), String(files.filter { [".sql", ".py", ".rb"].contains(where: $0.0.hasSuffix) }.count - skippedFiles))
        let again = try baseline(fixture, directory: directory)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("already baselined"), again.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.releases"), "1", "a second baseline records nothing")

        for (path, text) in [newMigration] + writtenWithNewMigration { try fixture.repo.write(directory + "/" + path, text) }
        try fixture.commit("new migration")
        let deployed = try deployAfterBaseline(fixture, directory: directory, migrateCommand: migrateCommand)
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("1 migration(s) applied"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT base FROM gate.releases ORDER BY id DESC LIMIT 1"), head,
                       "the deploy judges only what changed since the baseline")
    }

    func testDatabaseMigratedByPsql() throws {
        let fixture = try DeployFixture()
        let files = [("0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n"), ("0002_c.sql", "ALTER TABLE t ADD COLUMN c text NOT NULL;\n")]
        try adopt(fixture, directory: "db/migrations", files: files, toolSetup: { database in
            for (_, sql) in files { try database.unsafeExecuteScript(sql) }
        }, newMigration: ("0003_d.sql", "ALTER TABLE t ADD COLUMN d int;\n"), expectTool: "psql")
    }

    func testPsqlDatabaseThatLacksAMigrationIsRefusedNamingIt() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
        try fixture.migration("0002_c.sql", "ALTER TABLE t ADD COLUMN c text NOT NULL;\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("CREATE TABLE t (id int PRIMARY KEY);")
        let refused = try baseline(fixture)
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("db/migrations/0002_c.sql:1: column t.c exists as text NOT NULL"), refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t", "nothing is written on a refusal")
        let through = try baseline(fixture, extra: ["--through", "0001_t.sql"])
        XCTAssertEqual(through.status, 0, through.stdout + through.stderr)
        XCTAssertTrue(through.stdout.contains("the next gate deploy applies them: db/migrations/0002_c.sql"), through.stdout)
    }

    /// A baseline refused because another session holds the environment's lock (a deploy) creates nothing: the lock
    /// is taken before gate's schema is created, as a deploy takes it.
    func testABaselineRefusedForTheLockCreatesNoSchema() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("CREATE TABLE t (id int PRIMARY KEY);")
        // The deploy lock's key: the first 16 hex digits of sha256("gate-deploy:" + environment), as a bigint.
        let holder = try fixture.connect()
        _ = try holder.query(
            "SELECT pg_advisory_lock(('x' || left(encode(sha256('gate-deploy:staging'::bytea), 'hex'), 16))::bit(64)::bigint)")
        let refused = try baseline(fixture)
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("holds the lock"), refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t", "a refused baseline creates no schema")
        _ = try holder.query("SELECT pg_advisory_unlock_all()")
        let adopted = try baseline(fixture)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE applied_by = 'baseline'"), "1")
    }

    /// The next deploy applies what a baseline left pending, at the very commit the baseline recorded too (it once said
    /// "already runs …; nothing to do" there, and the files waited for the next commit); once they are applied, the
    /// same head is nothing to do again.
    func testADeployOfTheBaselinedCommitAppliesWhatTheBaselineLeftPending() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
        try fixture.migration("0002_c.sql", "ALTER TABLE t ADD COLUMN c text;\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("CREATE TABLE t (id int PRIMARY KEY);")
        let through = try baseline(fixture, extra: ["--through", "0001_t.sql"])
        XCTAssertEqual(through.status, 0, through.stdout + through.stderr)

        let plan = try fixture.plan()
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
        XCTAssertFalse(plan.stdout.contains("already runs this head"), plan.stdout)
        let deployed = try deployAfterBaseline(fixture)
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("1 migration(s) applied"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.releases WHERE status = 'succeeded'"), "2")

        let again = try deployAfterBaseline(fixture)
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("nothing to do"), again.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.releases"), "2", "nothing to do records no release")
    }

    /// A baseline that adopted every migration leaves the deploy of its own commit nothing to do, plan and deploy alike.
    func testADeployOfAFullyBaselinedCommitIsNothingToDo() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int PRIMARY KEY);\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("CREATE TABLE t (id int PRIMARY KEY);")
        let adopted = try baseline(fixture)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        let plan = try fixture.plan()
        XCTAssertTrue(plan.stdout.contains("already runs this head"), plan.stdout + plan.stderr)
        let deployed = try deployAfterBaseline(fixture)
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("nothing to do"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.releases"), "1")
    }

    func testPrisma() throws {
        let fixture = try DeployFixture()
        let first = "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n"
        let second = "ALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;\n"
        let files = [("migration_lock.toml", "provider = \"postgresql\"\n"),
                     ("20240101000000_a_init/migration.sql", first), ("20240101000000_b_email/migration.sql", second)]
        try adopt(fixture, directory: "prisma/migrations", files: files, toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE TABLE "_prisma_migrations" (
                    "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
                    "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
                    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
                """)
            for (name, sql) in [("20240101000000_a_init", first), ("20240101000000_b_email", second)] {
                try database.unsafeExecuteScript(sql)
                try database.execute("""
                    INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count)
                    VALUES (gen_random_uuid()::text, encode(sha256(convert_to(\(sql), 'UTF8')), 'hex'), now(), \(name), 1)
                    """)
            }
        }, newMigration: ("20240301000000_name/migration.sql", "ALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n"),
           expectTool: "prisma")
    }

    func testPrismaDisagreementsAreNamedAndNothingIsRecorded() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("prisma/migrations/migration_lock.toml", "provider = \"postgresql\"\n")
        try fixture.repo.write("prisma/migrations/20240101000000_init/migration.sql", "CREATE TABLE a (id int);\n")
        try fixture.repo.write("prisma/migrations/20240102000000_b/migration.sql", "CREATE TABLE b (id int);\n")
        try fixture.commit()
        let database = try fixture.connect()
        try database.unsafeExecuteScript("""
            CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
                "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
                "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE a (id int);
            INSERT INTO _prisma_migrations VALUES ('1', 'beef', now(), '20240101000000_init', NULL, NULL, now(), 1);
            INSERT INTO _prisma_migrations VALUES ('2', 'cafe', NULL, '20240102000000_b', NULL, NULL, now(), 0);
            INSERT INTO _prisma_migrations VALUES ('3', 'f00d', now(), '20231231000000_gone', NULL, NULL, now(), 1);
            """)
        let refused = try baseline(fixture, directory: "prisma/migrations")
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("20240101000000_init/migration.sql differs from what prisma applied"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("prisma started 20240102000000_b but it never finished"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("prisma applied 20231231000000_gone, which is not in"), refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regnamespace('gate') IS NULL"), "t")
    }

    func testDrizzle() throws {
        let fixture = try DeployFixture()
        let first = "CREATE TABLE \"users\" (\"id\" serial PRIMARY KEY NOT NULL);\n"
        let journal = { (count: Int) in
            "{\"version\":\"7\",\"dialect\":\"postgresql\",\"entries\":[" + (0..<count).map {
                "{\"idx\":\($0),\"version\":\"7\",\"when\":\(1_700_000_000_000 + $0),\"tag\":\"000\($0)_m\",\"breakpoints\":true}"
            }.joined(separator: ",") + "]}"
        }
        try fixture.repo.write("drizzle/meta/_journal.json", journal(1))
        try adopt(fixture, directory: "drizzle", files: [("0000_m.sql", first)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE SCHEMA IF NOT EXISTS "drizzle";
                CREATE TABLE IF NOT EXISTS "drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);
                """)
            try database.unsafeExecuteScript(first)
            try database.execute("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES (encode(sha256(convert_to(\(first), 'UTF8')), 'hex'), 1700000000000)")
            try fixture.repo.write("drizzle/meta/_journal.json", journal(2))
        }, newMigration: ("0001_m.sql", "ALTER TABLE \"users\" ADD COLUMN \"name\" text;\n"), expectTool: "drizzle")
    }

    func testSupabase() throws {
        let fixture = try DeployFixture()
        let sql = "CREATE TABLE profiles (id uuid PRIMARY KEY);\n"
        try adopt(fixture, directory: "supabase/migrations", files: [("20240101000000_init.sql", sql)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE SCHEMA IF NOT EXISTS supabase_migrations;
                CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY);
                ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS statements text[];
                ALTER TABLE supabase_migrations.schema_migrations ADD COLUMN IF NOT EXISTS name text;
                """)
            try database.unsafeExecuteScript(sql)
            try database.execute("INSERT INTO supabase_migrations.schema_migrations (version, statements, name) VALUES ('20240101000000', ARRAY[\(sql)], 'init')")
        }, newMigration: ("20240201000000_name.sql", "ALTER TABLE profiles ADD COLUMN name text;\n"), expectTool: "supabase")
    }

    func testGolangMigrate() throws {
        let fixture = try DeployFixture()
        let files = [("1_t.up.sql", "CREATE TABLE t (id int);\n"), ("1_t.down.sql", "DROP TABLE t;\n"),
                     ("2_c.up.sql", "ALTER TABLE t ADD COLUMN c int;\n")]
        for (path, text) in files { try fixture.repo.write("db/migrations/" + path, text) }
        let head = try fixture.commit()
        let database = try fixture.connect()
        try database.unsafeExecuteScript("""
            CREATE TABLE IF NOT EXISTS "schema_migrations" (version bigint not null primary key, dirty boolean not null);
            CREATE TABLE t (id int); ALTER TABLE t ADD COLUMN c int;
            INSERT INTO schema_migrations VALUES (2, false);
            """)
        let adopted = try baseline(fixture)
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("from golang-migrate"), adopted.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(name, ',' ORDER BY name) FROM gate.applied_migrations"), "1_t.up.sql,2_c.up.sql")
        XCTAssertEqual(try fixture.scalar("SELECT head FROM gate.releases"), head)
        try database.execute("UPDATE schema_migrations SET dirty = true")
        try database.execute("DELETE FROM gate.applied_migrations")
        let dirty = try baseline(fixture)
        XCTAssertEqual(dirty.status, 1, dirty.stdout + dirty.stderr)
        XCTAssertTrue(dirty.stderr.contains("dirty"), dirty.stderr)
    }

    func testDbmate() throws {
        let fixture = try DeployFixture()
        let file = "-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n"
        try adopt(fixture, directory: "db/migrations", files: [("20240101000000_t.sql", file)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                create table if not exists "public"."schema_migrations" (version varchar(128) primary key);
                CREATE TABLE t (id int);
                insert into "public"."schema_migrations" (version) values ('20240101000000');
                """)
        }, newMigration: ("20240201000000_c.sql", "-- migrate:up\nALTER TABLE t ADD COLUMN c int;\n-- migrate:down\n"),
           expectTool: "dbmate")
    }

    func testNodePgMigrate() throws {
        let fixture = try DeployFixture()
        let file = "-- Up Migration\nCREATE TABLE t (id int);\n\n-- Down Migration\nDROP TABLE t;\n"
        try adopt(fixture, directory: "migrations", files: [("1704067200000_t.sql", file)], toolSetup: { database in
            // As node-pg-migrate creates its table and records a migration: the file name without `.sql`.
            try database.unsafeExecuteScript("""
                CREATE TABLE "public"."pgmigrations" (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);
                CREATE TABLE t (id int);
                INSERT INTO "public"."pgmigrations" (name, run_on) VALUES ('1704067200000_t', NOW());
                """)
        }, newMigration: ("1706745600000_c.sql", "-- Up Migration\nALTER TABLE t ADD COLUMN c int;\n-- Down Migration\nALTER TABLE t DROP COLUMN c;\n"),
           expectTool: "node-pg-migrate")
        // The deploy ran the Up section alone: the column its Down section drops is there.
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "1")
    }

    func testGraphileMigrate() throws {
        let fixture = try DeployFixture()
        let files = [("committed/000001.sql", "--! Previous: -\n--! Hash: sha1:aaa\n\nCREATE TABLE t (id int);\n"),
                     ("current.sql", "-- Enter migration here\n")]
        try adopt(fixture, directory: "migrations", files: files, toolSetup: { database in
            // As Graphile Migrate creates its schema and records a migration: the number with `.sql`.
            try database.unsafeExecuteScript("""
                create schema if not exists graphile_migrate;
                create table if not exists graphile_migrate.migrations (
                  hash text primary key, previous_hash text references graphile_migrate.migrations, filename text not null,
                  date timestamptz not null default now());
                insert into graphile_migrate.migrations(hash, previous_hash, filename) values ('sha1:aaa', null, '000001.sql');
                CREATE TABLE t (id int);
                """)
        }, newMigration: ("committed/000002-c.sql", "--! Previous: sha1:aaa\n--! Hash: sha1:bbb\n--! Message: c\n\nALTER TABLE t ADD COLUMN c int;\n"),
           expectTool: "graphile-migrate", skippedFiles: 1)
    }

    func testAtlas() throws {
        let fixture = try DeployFixture()
        let files = [("20240101000000_t.sql", "CREATE TABLE t (id int);\n"), ("20240201000000_u.sql", "CREATE TABLE u (id int);\n"),
                     ("20240301000000_v.sql", "CREATE TABLE v (id int);\n")]
        let sum = (["h1:whole="] + files.map { "\($0.0) h1:x=" }).joined(separator: "\n") + "\n"
        try adopt(fixture, directory: "migrations", files: files + [("atlas.sum", sum)], toolSetup: { database in
            // As Atlas creates its revisions table: a baseline row (type 1) for the first version, then one it ran.
            try database.unsafeExecuteScript("""
                CREATE SCHEMA atlas_schema_revisions;
                CREATE TABLE atlas_schema_revisions.atlas_schema_revisions (
                    version character varying NOT NULL PRIMARY KEY, description character varying NOT NULL, type bigint NOT NULL DEFAULT 2,
                    applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL,
                    execution_time bigint NOT NULL, error text NULL, error_stmt text NULL, hash character varying NOT NULL,
                    partial_hashes jsonb NULL, operator_version character varying NOT NULL);
                INSERT INTO atlas_schema_revisions.atlas_schema_revisions VALUES
                    ('20240201000000', 'u', 1, 0, 0, now(), 0, NULL, NULL, '', NULL, 'Atlas CLI v0.20.0'),
                    ('20240301000000', 'v', 2, 1, 1, now(), 10, NULL, NULL, 'h', '[]', 'Atlas CLI v0.20.0');
                CREATE TABLE t (id int); CREATE TABLE u (id int); CREATE TABLE v (id int);
                """)
        }, newMigration: ("20240401000000_c.sql", "ALTER TABLE t ADD COLUMN c int;\n"), expectTool: "atlas",
           writtenWithNewMigration: [("atlas.sum", sum + "20240401000000_c.sql h1:x=\n")])

        // A version Atlas left half-applied is not adopted.
        let partial = try DeployFixture()
        for (path, text) in files + [("atlas.sum", sum)] {
            try partial.repo.write("migrations/" + path, text)
        }
        try partial.commit()
        try partial.connect().unsafeExecuteScript("""
            CREATE SCHEMA atlas_schema_revisions;
            CREATE TABLE atlas_schema_revisions.atlas_schema_revisions (version varchar PRIMARY KEY, type bigint, applied bigint, total bigint);
            INSERT INTO atlas_schema_revisions.atlas_schema_revisions VALUES ('20240101000000', 2, 1, 1), ('20240201000000', 2, 0, 2);
            CREATE TABLE t (id int);
            """)
        let refused = try baseline(partial, directory: "migrations")
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("atlas applied 0 of the 2 statements of version 20240201000000"), refused.stderr)
    }

    func testBun() throws {
        let fixture = try DeployFixture()
        try adopt(fixture, directory: "migrations", files: [("20240101000000_t.tx.up.sql", "CREATE TABLE t (id int);\n"),
                                                            ("20240101000000_t.tx.down.sql", "DROP TABLE t;\n")],
                  toolSetup: { database in
            // As Bun creates its table and records a migration: its version, the name's part before `_`.
            try database.unsafeExecuteScript("""
                CREATE TABLE bun_migrations (id BIGSERIAL NOT NULL, name VARCHAR, group_id BIGINT, migrated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, PRIMARY KEY (id));
                INSERT INTO bun_migrations (name, group_id) VALUES ('20240101000000', 1);
                CREATE TABLE t (id int);
                """)
        }, newMigration: ("20240201000000_c.up.sql", "ALTER TABLE t ADD COLUMN c int;\n"), expectTool: "bun", skippedFiles: 1)
    }

    func testSqlMigrate() throws {
        let fixture = try DeployFixture()
        let file = "-- +migrate Up\nCREATE TABLE t (id int);\n\n-- +migrate Down\nDROP TABLE t;\n"
        try adopt(fixture, directory: "migrations", files: [("1_t.sql", file)], toolSetup: { database in
            // As sql-migrate (gorp) creates its table and records a migration: the file name.
            try database.unsafeExecuteScript("""
                CREATE TABLE "gorp_migrations" ("id" text not null primary key, "applied_at" timestamp with time zone null);
                CREATE TABLE t (id int);
                INSERT INTO "gorp_migrations" ("id","applied_at") VALUES ('1_t.sql', now());
                """)
        }, newMigration: ("2_c.sql", "-- +migrate Up\nALTER TABLE t ADD COLUMN c int;\n-- +migrate Down\nALTER TABLE t DROP COLUMN c;\n"),
           expectTool: "sql-migrate")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "1",
                       "the Down section did not run")
    }

    func testTern() throws {
        let fixture = try DeployFixture()
        let files = [("001_t.sql", "CREATE TABLE t (id int);\n---- create above / drop below ----\nDROP TABLE t;\n"),
                     ("002_u.sql", "CREATE TABLE u (id int);\n---- create above / drop below ----\nDROP TABLE u;\n")]
        try adopt(fixture, directory: "migrations", files: files, toolSetup: { database in
            // tern's one row: the last migration it applied.
            try database.unsafeExecuteScript("""
                create table if not exists public.schema_version(version int4 not null);
                insert into public.schema_version(version) values(2);
                CREATE TABLE t (id int); CREATE TABLE u (id int);
                """)
        }, newMigration: ("003_c.sql", "ALTER TABLE t ADD COLUMN c int;\n---- create above / drop below ----\nALTER TABLE t DROP COLUMN c;\n"),
           expectTool: "tern")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'c'"), "1",
                       "what is below the separator did not run")
    }

    func testPostgrator() throws {
        let fixture = try DeployFixture()
        try adopt(fixture, directory: "migrations", files: [("001.do.t.sql", "CREATE TABLE t (id int);\n"), ("001.undo.t.sql", "DROP TABLE t;\n")],
                  toolSetup: { database in
            // Postgrator's table starts with a version 0 row, which records no migration.
            try database.unsafeExecuteScript("""
                CREATE TABLE schemaversion (version BIGINT PRIMARY KEY, name TEXT DEFAULT '', md5 TEXT DEFAULT '', run_at TIMESTAMPTZ);
                INSERT INTO schemaversion (version, name, md5, run_at) VALUES (0, '', '', now()), (1, 't', 'x', now());
                CREATE TABLE t (id int);
                """)
        }, newMigration: ("002.do.c.sql", "ALTER TABLE t ADD COLUMN c int;\n"), expectTool: "postgrator", skippedFiles: 1)
    }

    func testFlyway() throws {
        let fixture = try DeployFixture()
        // Checksums from Flyway's algorithm (CRC-32 of the lines without line breaks), computed independently with
        // Python's zlib.crc32.
        let files = [("V1__a.sql", "CREATE TABLE a (id int);\n", -623_083_431), ("V2__b.sql", "CREATE TABLE b (id int);\n", 1_128_195_672)]
        try adopt(fixture, directory: "sql", files: files.map { ($0.0, $0.1) }, toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE TABLE "flyway_schema_history" (
                    "installed_rank" INT NOT NULL, "version" VARCHAR(50), "description" VARCHAR(200) NOT NULL,
                    "type" VARCHAR(20) NOT NULL, "script" VARCHAR(1000) NOT NULL, "checksum" INTEGER,
                    "installed_by" VARCHAR(100) NOT NULL, "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
                    "execution_time" INTEGER NOT NULL, "success" BOOLEAN NOT NULL);
                ALTER TABLE "flyway_schema_history" ADD CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank");
                """)
            for (rank, file) in files.enumerated() {
                try database.unsafeExecuteScript(file.1)
                try database.execute("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
                    VALUES (\(rank + 1), \(String(rank + 1)), 'x', 'SQL', \(file.0), \(file.2), 'flyway', 3, true)
                    """)
            }
        }, newMigration: ("V3__c.sql", "CREATE TABLE c (id int);\n"), expectTool: "flyway")
    }

    func testFlywayChecksumMismatchIsNamed() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("sql/V1__a.sql", "CREATE TABLE a (id int);\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("""
            CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL,
                type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL,
                installed_on TIMESTAMP NOT NULL DEFAULT now(), execution_time INTEGER NOT NULL, success BOOLEAN NOT NULL);
            CREATE TABLE a (id int);
            INSERT INTO flyway_schema_history VALUES (1, '1', 'a', 'SQL', 'V1__a.sql', 12345, 'flyway', now(), 1, true);
            """)
        let refused = try baseline(fixture, directory: "sql")
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("sql/V1__a.sql differs from what flyway applied (checksum 12345, file -623083431)"), refused.stderr)
    }

    func testAlembic() throws {
        let fixture = try DeployFixture()
        let root = """
            revision = "a1"
            down_revision = None

            def upgrade():
                op.create_table("reports", sa.Column("id", sa.Integer(), primary_key=True))

            """
        try adopt(fixture, directory: "alembic/versions", files: [("a1_reports.py", root)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
                CREATE TABLE reports (id integer PRIMARY KEY);
                INSERT INTO alembic_version (version_num) VALUES ('a1');
                """)
            try fixture.psqlMigrator("ALTER TABLE reports ADD COLUMN summary text")
        }, newMigration: ("b2_summary.py", "revision = \"b2\"\ndown_revision = \"a1\"\n\ndef upgrade():\n    op.add_column(\"reports\", sa.Column(\"summary\", sa.Text()))\n"),
           expectTool: "alembic", migrateCommand: ["./scripts/migrate.sh"])
    }

    func testDjango() throws {
        let fixture = try DeployFixture()
        let initial = """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                initial = True
                operations = [
                    migrations.CreateModel(name="Report", fields=[("id", models.BigAutoField(primary_key=True))]),
                ]

            """
        try fixture.repo.write("reports/migrations/__init__.py", "")
        try adopt(fixture, directory: "reports/migrations", files: [("0001_initial.py", initial)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE TABLE "django_migrations" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY,
                    "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" timestamp with time zone NOT NULL);
                CREATE TABLE "reports_report" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY);
                INSERT INTO django_migrations (app, name, applied) VALUES ('contenttypes', '0001_initial', now()),
                    ('reports', '0001_initial', now());
                """)
            try fixture.psqlMigrator("ALTER TABLE reports_report ADD COLUMN summary text")
        }, newMigration: ("0002_summary.py", "from django.db import migrations, models\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AddField(model_name=\"report\", name=\"summary\", field=models.TextField(null=True)),\n    ]\n"),
           expectTool: "django", migrateCommand: ["./scripts/migrate.sh"])
    }

    func testRails() throws {
        let fixture = try DeployFixture()
        let create = """
            class CreateReports < ActiveRecord::Migration[7.1]
              def change
                create_table :reports do |t|
                  t.text :summary, null: false
                end
              end
            end

            """
        try adopt(fixture, directory: "db/migrate", files: [("20240101000000_create_reports.rb", create)], toolSetup: { database in
            try database.unsafeExecuteScript("""
                CREATE TABLE "schema_migrations" ("version" character varying NOT NULL PRIMARY KEY);
                CREATE TABLE "ar_internal_metadata" ("key" character varying NOT NULL PRIMARY KEY, "value" character varying,
                    "created_at" timestamp(6) NOT NULL, "updated_at" timestamp(6) NOT NULL);
                CREATE TABLE "reports" ("id" bigserial primary key, "summary" text NOT NULL);
                INSERT INTO "schema_migrations" (version) VALUES ('20240101000000');
                """)
            try fixture.psqlMigrator("ALTER TABLE reports ADD COLUMN title varchar")
        }, newMigration: ("20240201000000_add_title.rb", "class AddTitle < ActiveRecord::Migration[7.1]\n  def change\n    add_column :reports, :title, :string\n  end\nend\n"),
           expectTool: "rails", migrateCommand: ["./scripts/migrate.sh"])
    }
}
