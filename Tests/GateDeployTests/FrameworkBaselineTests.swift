import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// `gate baseline` of databases migrated by Diesel, sqlx, goose, Laravel, Doctrine, Phinx, EF Core, SeaORM, Fluent, Knex,
/// Sequelize, TypeORM, MikroORM and node-pg-migrate: each tool's table is created and filled as the tool does, and what
/// it applied is never applied again.
final class FrameworkBaselineTests: XCTestCase {
    private func baseline(_ fixture: DeployFixture, directory: String) throws -> ProcessResult {
        try fixture.gate(["baseline", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url,
                          "--migrations", directory])
    }

    /// A deploy with no --base: the baseline's release is where it starts.
    private func deploy(_ fixture: DeployFixture, directory: String) throws -> ProcessResult {
        try fixture.gate(["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url,
                          "--migrations", directory, "--", "./scripts/rollout.sh"])
    }

    private func recorded(_ fixture: DeployFixture) throws -> String? {
        try fixture.scalar("SELECT string_agg(name || ' ' || applied_by, ',' ORDER BY applied_at, name) FROM gate.applied_migrations")
    }

    func testDiesel() throws {
        let fixture = try DeployFixture()
        for (path, text) in [
            ("2024-05-01-120000_t/up.sql", "CREATE TABLE t (id int NOT NULL);\n"), ("2024-05-01-120000_t/down.sql", "DROP TABLE t;\n"),
            ("2024-06-01-000000_c/up.sql", "ALTER TABLE t ADD COLUMN c int;\n"), ("2024-06-01-000000_c/down.sql", "ALTER TABLE t DROP COLUMN c;\n"),
        ] { try fixture.repo.write("migrations/" + path, text) }
        try fixture.commit()
        let database = try fixture.connect()
        // As diesel_migrations creates it; a version is the folder's prefix without its dashes.
        try database.unsafeExecuteScript("""
            CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
                version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
            CREATE TABLE t (id int NOT NULL); ALTER TABLE t ADD COLUMN c int;
            INSERT INTO __diesel_schema_migrations (version) VALUES ('20240501120000'), ('20240601000000'), ('20230101000000');
            """)
        let refused = try baseline(fixture, directory: "migrations")
        XCTAssertEqual(refused.status, 1, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("diesel applied 20230101000000, which is not in migrations at head"), refused.stderr)
        try database.execute("DELETE FROM __diesel_schema_migrations WHERE version = '20230101000000'")

        let adopted = try baseline(fixture, directory: "migrations")
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("from diesel (__diesel_schema_migrations)"), adopted.stdout)
        XCTAssertEqual(try recorded(fixture), "2024-05-01-120000_t/up.sql baseline,2024-06-01-000000_c/up.sql baseline")

        try fixture.repo.write("migrations/2024-07-01-000000_d/up.sql", "ALTER TABLE t ADD COLUMN d int;\n")
        try fixture.commit()
        let deployed = try deploy(fixture, directory: "migrations")
        XCTAssertEqual(deployed.status, 0, "the applied CREATE TABLE is not run again: \(deployed.stdout)\(deployed.stderr)")
        XCTAssertTrue(deployed.stdout.contains("1 migration(s) applied"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"), "3")
    }

    /// sqlx's checksum is SHA-384 of the migration's SQL, computed here by coreutils, not by gate or Postgres.
    private func sha384(_ text: String) throws -> String {
        let directory = try TemporaryDirectory(prefix: "gate-sqlx")
        let path = directory.path + "/m.sql"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try runProcess("/usr/bin/sha384sum", [path])
        return String(result.stdout.prefix { $0 != " " })
    }

    func testSqlx() throws {
        let fixture = try DeployFixture()
        let first = "CREATE TABLE t (id int NOT NULL);\n"
        let second = "-- no-transaction\nALTER TABLE t ADD COLUMN c int;\n"
        try fixture.migration("20240101000000_t.sql", first)
        try fixture.migration("20240102000000_c.sql", second)
        try fixture.commit()
        let database = try fixture.connect()
        try database.unsafeExecuteScript("""
            CREATE TABLE IF NOT EXISTS _sqlx_migrations (
                version BIGINT PRIMARY KEY, description TEXT NOT NULL, installed_on TIMESTAMPTZ NOT NULL DEFAULT now(),
                success BOOLEAN NOT NULL, checksum BYTEA NOT NULL, execution_time BIGINT NOT NULL);
            CREATE TABLE t (id int NOT NULL); ALTER TABLE t ADD COLUMN c int;
            INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES
                (20240101000000, 't', true, decode('\(try sha384(first))', 'hex'), 1),
                (20240102000000, 'c', true, decode('\(try sha384("changed since"))', 'hex'), 1);
            """)
        let mismatch = try baseline(fixture, directory: "db/migrations")
        XCTAssertEqual(mismatch.status, 1, mismatch.stdout + mismatch.stderr)
        XCTAssertTrue(mismatch.stderr.contains("db/migrations/20240102000000_c.sql differs from what sqlx applied"), mismatch.stderr)
        XCTAssertFalse(mismatch.stderr.contains("20240101000000_t.sql differs"), mismatch.stderr)

        try database.execute("UPDATE _sqlx_migrations SET success = false WHERE version = 20240102000000")
        let dirty = try baseline(fixture, directory: "db/migrations")
        XCTAssertEqual(dirty.status, 1, dirty.stdout + dirty.stderr)
        XCTAssertTrue(dirty.stderr.contains("sqlx recorded version 20240102000000 as failed"), dirty.stderr)

        try database.unsafeExecuteScript(
            "UPDATE _sqlx_migrations SET success = true, checksum = decode('\(try sha384(second))', 'hex') WHERE version = 20240102000000")
        let adopted = try baseline(fixture, directory: "db/migrations")
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("from sqlx (_sqlx_migrations)"), adopted.stdout)
        XCTAssertEqual(try recorded(fixture), "20240101000000_t.sql baseline,20240102000000_c.sql baseline")

        try fixture.migration("20240103000000_d.sql", "ALTER TABLE t ADD COLUMN d int;\n")
        try fixture.commit()
        let deployed = try deploy(fixture, directory: "db/migrations")
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("1 migration(s) applied"), deployed.stdout)
    }

    /// goose's table keeps a row per up and (older goose) per down: a version whose latest row is a down is pending.
    func testGoose() throws {
        let fixture = try DeployFixture()
        try fixture.migration("00001_t.sql", "-- +goose Up\nCREATE TABLE t (id int NOT NULL);\n-- +goose Down\nDROP TABLE t;\n")
        try fixture.migration("00002_c.sql", "-- +goose Up\nALTER TABLE t ADD COLUMN c int;\n-- +goose Down\nALTER TABLE t DROP COLUMN c;\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("""
            CREATE TABLE goose_db_version (id serial NOT NULL, version_id bigint NOT NULL, is_applied boolean NOT NULL,
                tstamp timestamp NULL default now(), PRIMARY KEY(id));
            INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (2, false);
            CREATE TABLE t (id int NOT NULL);
            """)
        let adopted = try baseline(fixture, directory: "db/migrations")
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        XCTAssertTrue(adopted.stdout.contains("from goose (goose_db_version)"), adopted.stdout)
        XCTAssertTrue(adopted.stdout.contains("the next gate deploy applies them: db/migrations/00002_c.sql"), adopted.stdout)
        XCTAssertEqual(try recorded(fixture), "00001_t.sql baseline")
        // A deploy of the baselined head itself does nothing (see the README's known limits); the next commit's does.
        try fixture.migration("00003_d.sql", "-- +goose Up\nALTER TABLE t ADD COLUMN d int;\n-- +goose Down\nALTER TABLE t DROP COLUMN d;\n")
        try fixture.commit()
        let deployed = try deploy(fixture, directory: "db/migrations")
        XCTAssertEqual(deployed.status, 0, "00001's CREATE TABLE is not run again: \(deployed.stdout)\(deployed.stderr)")
        XCTAssertTrue(deployed.stdout.contains("2 migration(s) applied"), deployed.stdout)
        XCTAssertEqual(try recorded(fixture), "00001_t.sql baseline,00002_c.sql gate,00003_d.sql gate")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"), "3")
    }

    /// Laravel, Doctrine, Phinx, EF Core and SeaORM: the framework's table names the applied migration its own way; a
    /// row naming no file is refused, and the migration it names is recorded.
    /// Knex (and Sequelize, whose `SequelizeMeta` lists the same names) records the file names it ran: a baseline
    /// adopts those and leaves the rest for `--migrate-cmd`; a name with no file at head refuses.
    func testKnexAndSequelizeTables() throws {
        let files = [
            ("20240101000000_create_reports.js",
             "exports.up = (knex) => knex.schema.createTable('reports', (t) => { t.increments('id') })\nexports.down = (knex) => knex.schema.dropTable('reports')\n"),
            ("20240102000000_add_summary.js",
             "exports.up = (knex) => knex.schema.alterTable('reports', (t) => { t.text('summary') })\nexports.down = (knex) => knex.schema.alterTable('reports', (t) => { t.dropColumn('summary') })\n"),
        ]
        let tables = [
            ("knex", "CREATE TABLE knex_migrations (id serial PRIMARY KEY, name varchar(255), batch integer, migration_time timestamptz)",
             { (name: String) in "INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('\(name)', 1, now())" }),
            ("sequelize", #"CREATE TABLE "SequelizeMeta" (name varchar(255) NOT NULL PRIMARY KEY)"#,
             { (name: String) in #"INSERT INTO "SequelizeMeta" (name) VALUES ('\#(name)')"# }),
        ]
        for (tool, setup, row) in tables {
            let fixture = try DeployFixture()
            for (path, text) in files { try fixture.repo.write("migrations/" + path, text) }
            try fixture.commit()
            let database = try fixture.connect()
            try database.unsafeExecuteScript(setup + ";\nCREATE TABLE reports (id serial PRIMARY KEY);\n" + row(files[0].0) + ";\n"
                + row("20230101000000_gone.js"))
            let refused = try baseline(fixture, directory: "migrations")
            XCTAssertEqual(refused.status, 1, "\(tool): \(refused.stdout)\(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("\(tool) applied 20230101000000_gone.js, which is not in migrations"),
                          "\(tool): \(refused.stderr)")
            try database.unsafeExecuteScript(
                setup.replacingOccurrences(of: "CREATE TABLE", with: "DROP TABLE").prefix { $0 != "(" } + ";\n" + setup + ";\n" + row(files[0].0))
            let adopted = try baseline(fixture, directory: "migrations")
            XCTAssertEqual(adopted.status, 0, "\(tool): \(adopted.stdout)\(adopted.stderr)")
            XCTAssertTrue(adopted.stdout.contains("1 migration(s) recorded from \(tool)"), "\(tool): \(adopted.stdout)")
            XCTAssertEqual(try recorded(fixture), "20240101000000_create_reports.js baseline", tool)
        }
    }

    /// TypeORM records a migration's class name (ending in its timestamp), MikroORM the file name without its extension
    /// (older versions with it), node-pg-migrate and Kysely the file name without its extension too.
    func testTypeORMMikroORMNodePgMigrateAndKyselyTables() throws {
        let typeORM = [
            ("1704067200000-CreateReports.ts", #"""
                import { MigrationInterface, QueryRunner } from "typeorm";

                export class CreateReports1704067200000 implements MigrationInterface {
                    public async up(queryRunner: QueryRunner): Promise<void> {
                        await queryRunner.query(`CREATE TABLE "reports" ("id" SERIAL NOT NULL, CONSTRAINT "PK_reports" PRIMARY KEY ("id"))`);
                    }

                    public async down(queryRunner: QueryRunner): Promise<void> {
                        await queryRunner.query(`DROP TABLE "reports"`);
                    }
                }
                """#),
            ("1706745600000-AddSummary.ts", #"""
                import { MigrationInterface, QueryRunner } from "typeorm";

                export class AddSummary1706745600000 implements MigrationInterface {
                    public async up(queryRunner: QueryRunner): Promise<void> {
                        await queryRunner.query(`ALTER TABLE "reports" ADD "summary" text`);
                    }

                    public async down(queryRunner: QueryRunner): Promise<void> {
                        await queryRunner.query(`ALTER TABLE "reports" DROP COLUMN "summary"`);
                    }
                }
                """#),
        ]
        let mikroORM = [
            ("Migration20240101000000.ts", """
                import { Migration } from '@mikro-orm/migrations';

                export class Migration20240101000000 extends Migration {
                  async up(): Promise<void> {
                    this.addSql('create table "reports" ("id" serial primary key);');
                  }
                }
                """),
            ("Migration20240201000000.ts", """
                import { Migration } from '@mikro-orm/migrations';

                export class Migration20240201000000 extends Migration {
                  async up(): Promise<void> {
                    this.addSql('alter table "reports" add column "summary" text null;');
                  }
                }
                """),
        ]
        let nodePgMigrate = [
            ("1704067200000_create-reports.js", "exports.up = (pgm) => { pgm.createTable('reports', { id: 'id' }) }\n"),
            ("1706745600000_add-summary.js", "exports.up = (pgm) => { pgm.addColumn('reports', { summary: 'text' }) }\n"),
        ]
        let kysely = [
            ("2024-01-01T00-00-00_create_reports.ts", """
                import { Kysely } from 'kysely'

                export async function up(db: Kysely<any>): Promise<void> {
                  await db.schema.createTable('reports').addColumn('id', 'serial', (col) => col.primaryKey()).execute()
                }
                """),
            ("2024-02-01T00-00-00_add_summary.ts", """
                import { Kysely } from 'kysely'

                export async function up(db: Kysely<any>): Promise<void> {
                  await db.schema.alterTable('reports').addColumn('summary', 'text').execute()
                }
                """),
        ]
        let tools: [(tool: String, files: [(String, String)], setup: String, row: (String) -> String, applied: String, gone: String)] = [
            ("typeorm", typeORM,
             #"CREATE TABLE "migrations" ("id" SERIAL NOT NULL, "timestamp" bigint NOT NULL, "name" character varying NOT NULL, CONSTRAINT "PK_8c82d7f526340ab734260ea46be" PRIMARY KEY ("id"))"#,
             { #"INSERT INTO "migrations"("timestamp", "name") VALUES (\#($0.suffix(13)), '\#($0)')"# },
             "CreateReports1704067200000", "DropLegacy1690000000000"),
            ("mikro-orm", mikroORM,
             #"CREATE TABLE "mikro_orm_migrations" ("id" serial PRIMARY KEY, "name" varchar(255), "executed_at" timestamptz DEFAULT current_timestamp)"#,
             { #"INSERT INTO "mikro_orm_migrations" ("name") VALUES ('\#($0)')"# },
             // An older MikroORM kept the extension.
             "Migration20240101000000.ts", "Migration20230101000000"),
            ("node-pg-migrate", nodePgMigrate,
             #"CREATE TABLE "pgmigrations" (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)"#,
             { #"INSERT INTO "pgmigrations" (name, run_on) VALUES ('\#($0)', NOW())"# },
             "1704067200000_create-reports", "1690000000000_gone"),
            ("kysely", kysely,
             #"CREATE TABLE "kysely_migration" ("name" varchar(255) NOT NULL PRIMARY KEY, "timestamp" varchar(255) NOT NULL)"#,
             { #"INSERT INTO "kysely_migration" ("name", "timestamp") VALUES ('\#($0)', '2024-01-01T00:00:00.000Z')"# },
             "2024-01-01T00-00-00_create_reports", "2023-01-01T00-00-00_gone"),
        ]
        for tool in tools {
            let fixture = try DeployFixture()
            for (path, text) in tool.files { try fixture.repo.write("migrations/" + path, text) }
            try fixture.commit()
            let database = try fixture.connect()
            let table = tool.setup.replacingOccurrences(of: "CREATE TABLE", with: "DROP TABLE").prefix { $0 != "(" }
            try database.unsafeExecuteScript(
                tool.setup + ";\nCREATE TABLE reports (id serial PRIMARY KEY);\n" + tool.row(tool.applied) + ";\n" + tool.row(tool.gone))
            let refused = try baseline(fixture, directory: "migrations")
            XCTAssertEqual(refused.status, 1, "\(tool.tool): \(refused.stdout)\(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("\(tool.tool) applied \(tool.gone), which is not in migrations"),
                          "\(tool.tool): \(refused.stderr)")
            try database.unsafeExecuteScript(table + ";\n" + tool.setup + ";\n" + tool.row(tool.applied))
            let adopted = try baseline(fixture, directory: "migrations")
            XCTAssertEqual(adopted.status, 0, "\(tool.tool): \(adopted.stdout)\(adopted.stderr)")
            XCTAssertTrue(adopted.stdout.contains("1 migration(s) recorded from \(tool.tool)"), "\(tool.tool): \(adopted.stdout)")
            XCTAssertEqual(try recorded(fixture), "\(tool.files[0].0) baseline", tool.tool)
        }
    }

    func testCodeFrameworkTables() throws {
        let tables: [String: (setup: String, row: (String) -> String, known: String, unknown: String)] = [
            "laravel": ("CREATE TABLE migrations (id serial PRIMARY KEY, migration varchar(255) NOT NULL, batch int NOT NULL)",
                        { "INSERT INTO migrations (migration, batch) VALUES ('\($0)', 1)" },
                        "2024_01_01_000000_create_reports", "2023_01_01_000000_gone"),
            "doctrine": ("CREATE TABLE doctrine_migration_versions (version VARCHAR(191) NOT NULL PRIMARY KEY, executed_at TIMESTAMP, execution_time INT)",
                         { "INSERT INTO doctrine_migration_versions (version) VALUES ('\($0)')" },
                         #"DoctrineMigrations\Version20240101000000"#, #"DoctrineMigrations\Version20230101000000"#),
            "phinx": ("CREATE TABLE phinxlog (version BIGINT NOT NULL PRIMARY KEY, migration_name VARCHAR(100), start_time TIMESTAMP, end_time TIMESTAMP, breakpoint BOOLEAN NOT NULL DEFAULT false)",
                      { "INSERT INTO phinxlog (version, migration_name) VALUES (\($0), 'x')" }, "20240101000000", "20230101000000"),
            "ef-core": (#"CREATE TABLE "__EFMigrationsHistory" ("MigrationId" character varying(150) NOT NULL PRIMARY KEY, "ProductVersion" character varying(32) NOT NULL)"#,
                        { #"INSERT INTO "__EFMigrationsHistory" VALUES ('\#($0)', '8.0.0')"# }, "20240101000000_Init", "20230101000000_Gone"),
            "sea-orm": ("CREATE TABLE seaql_migrations (version varchar NOT NULL PRIMARY KEY, applied_at bigint NOT NULL)",
                        { "INSERT INTO seaql_migrations VALUES ('\($0)', 1704067200)" }, "m20240101_000001_create_reports", "m20230101_000001_gone"),
            // Liquibase records each changeset with its changelog's path on the search path.
            "liquibase": ("CREATE TABLE databasechangelog (id varchar(255) NOT NULL, author varchar(255) NOT NULL, filename varchar(255) NOT NULL, dateexecuted timestamp NOT NULL, orderexecuted int NOT NULL, exectype varchar(10) NOT NULL, md5sum varchar(35))",
                          { "INSERT INTO databasechangelog VALUES ('1', 'ann', '\($0)', now(), 1, 'EXECUTED', '9:x')" },
                          "db/changelog/changes/001-create-reports.yaml", "db/changelog/changes/000-gone.yaml"),
            // Fluent records the type's name with its module.
            "fluent": ("CREATE TABLE _fluent_migrations (id uuid PRIMARY KEY, name text NOT NULL UNIQUE, batch bigint NOT NULL, created_at timestamptz, updated_at timestamptz)",
                       { "INSERT INTO _fluent_migrations VALUES (gen_random_uuid(), '\($0)', 1, now(), now())" }, "App.CreateReports", "App.DropLegacy"),
        ]
        for framework in FrameworkLayoutDeployTests.frameworks {
            guard let table = tables[framework.layout] else { continue }
            let fixture = try DeployFixture()
            for (path, text) in framework.files { try fixture.repo.write(framework.directory + "/" + path, text) }
            try fixture.commit()
            let database = try fixture.connect()
            try database.unsafeExecuteScript(table.setup + ";\n" + framework.sql + ";\n" + table.row(table.known) + ";\n" + table.row(table.unknown))
            let refused = try baseline(fixture, directory: framework.directory)
            XCTAssertEqual(refused.status, 1, "\(framework.layout): \(refused.stdout)\(refused.stderr)")
            // Doctrine's class without its namespace, Fluent's type without its module.
            let unknownKey = String(table.unknown.split(separator: framework.layout == "fluent" ? "." : "\\").last ?? "")
            XCTAssertTrue(refused.stderr.contains("\(framework.layout) applied \(unknownKey), which is not in \(framework.directory)"),
                          "\(framework.layout): \(refused.stderr)")
            try database.unsafeExecuteScript(table.setup.replacingOccurrences(of: "CREATE TABLE", with: "DROP TABLE").prefix { $0 != "(" } + ";\n"
                + table.setup + ";\n" + table.row(table.known))
            let adopted = try baseline(fixture, directory: framework.directory)
            XCTAssertEqual(adopted.status, 0, "\(framework.layout): \(adopted.stdout)\(adopted.stderr)")
            XCTAssertTrue(adopted.stdout.contains("1 migration(s) recorded from \(framework.layout)"), "\(framework.layout): \(adopted.stdout)")
            XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE applied_by = 'baseline'"), "1", framework.layout)
        }
    }
}
