import Foundation
import GateTestSupport
import XCTest

/// `gate deploy` reads each framework's layout (SPEC §5 step 0) and applies its migrations in the framework's order,
/// end to end on a real Postgres.
final class LayoutDeployTests: XCTestCase {
    /// Commits `files`, deploys with `--migrations directory`, and returns the names gate recorded, in order.
    private func deploy(_ fixture: DeployFixture, directory: String, _ files: [(String, String)], extra: [String] = [])
        throws -> (ProcessResult, [String])
    {
        for (path, text) in files { try fixture.repo.write(directory + "/" + path, text) }
        try fixture.commit()
        let result = try fixture.deploy(extra: ["--migrations", directory] + extra)
        let names = try fixture.scalar("SELECT string_agg(name, ',' ORDER BY applied_at, name) FROM gate.applied_migrations")
        return (result, names.map { $0.split(separator: ",").map(String.init) } ?? [])
    }

    func testPrismaFoldersWithDuplicateTimestamps() throws {
        let fixture = try DeployFixture()
        for (path, text) in [
            ("migration_lock.toml", "provider = \"postgresql\"\n"),
            ("20240101000000_init/migration.sql", "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));\n"),
            ("20240101000000_posts/migration.sql", "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"authorId\" INTEGER NOT NULL);\n"),
            ("20240301000000_email/migration.sql", "ALTER TABLE \"User\" ADD COLUMN \"email\" TEXT;\n"),
        ] { try fixture.repo.write("prisma/migrations/" + path, text) }
        try fixture.commit()
        let planned = try fixture.plan(["--base", fixture.root, "--migrations", "prisma/migrations"])
        XCTAssertEqual(planned.status, 0, planned.stdout + planned.stderr)
        XCTAssertTrue(planned.stdout.contains("prisma/migrations (prisma layout)"), planned.stdout)
        let result = try fixture.deploy(extra: ["--migrations", "prisma/migrations"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(
            try fixture.scalar("SELECT string_agg(name, ',' ORDER BY applied_at, name) FROM gate.applied_migrations"),
            "20240101000000_init/migration.sql,20240101000000_posts/migration.sql,20240301000000_email/migration.sql")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'email'"), "1")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testDrizzleJournalOrderAndStatementBreakpoints() throws {
        let fixture = try DeployFixture()
        let journal = """
            {"version":"7","dialect":"postgresql","entries":[
            {"idx":0,"version":"7","when":1700000000000,"tag":"0000_zesty_start","breakpoints":true},
            {"idx":1,"version":"7","when":1700000001000,"tag":"0001_able_next","breakpoints":true}]}
            """
        let (result, names) = try deploy(fixture, directory: "drizzle", [
            ("meta/_journal.json", journal), ("meta/0000_snapshot.json", "{}"),
            ("0000_zesty_start.sql", "CREATE TABLE \"users\" (\n\t\"id\" serial PRIMARY KEY NOT NULL\n);\n--> statement-breakpoint\nCREATE TABLE \"posts\" (\"id\" serial PRIMARY KEY NOT NULL);\n"),
            ("0001_able_next.sql", "ALTER TABLE \"posts\" ADD COLUMN \"user_id\" integer;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["0000_zesty_start.sql", "0001_able_next.sql"])
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('posts') IS NOT NULL"), "t")
    }

    func testSupabaseSkipsNonMigrationsWithANotice() throws {
        let fixture = try DeployFixture()
        let (result, names) = try deploy(fixture, directory: "supabase/migrations", [
            ("20240101000000_init.sql", "CREATE TABLE profiles (id uuid PRIMARY KEY);\n"),
            ("20240102000000_more.sql", "ALTER TABLE profiles ADD COLUMN name text;\n"),
            ("LATEST.sql", "DROP TABLE profiles;\n"),
            ("local_20240101_ollama.sql", "DROP TABLE profiles;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["20240101000000_init.sql", "20240102000000_more.sql"])
        XCTAssertTrue(result.stdout.contains("notice: skipped supabase/migrations/LATEST.sql"), result.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('profiles') IS NOT NULL"), "t", "a skipped file must not run")
    }

    func testGolangMigrateIgnoresDownFiles() throws {
        let fixture = try DeployFixture()
        let (result, names) = try deploy(fixture, directory: "db/migrations", [
            ("2_add.up.sql", "ALTER TABLE t ADD COLUMN c int;\n"), ("2_add.down.sql", "ALTER TABLE t DROP COLUMN c;\n"),
            ("1_t.up.sql", "CREATE TABLE t (id int);\n"), ("1_t.down.sql", "DROP TABLE t;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["1_t.up.sql", "2_add.up.sql"])
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"), "2")
    }

    func testFlywayVersionsThenRepeatableAppliedAgainWhenChanged() throws {
        let fixture = try DeployFixture()
        let (result, names) = try deploy(fixture, directory: "sql", [
            ("V10__later.sql", "ALTER TABLE t ADD COLUMN d int;\n"), ("V9__t.sql", "CREATE TABLE t (id int);\n"),
            ("R__view.sql", "CREATE OR REPLACE VIEW t_ids AS SELECT id FROM t;\n"), ("U9__t.sql", "DROP TABLE t;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["V9__t.sql", "V10__later.sql", "R__view.sql"])
        try fixture.repo.write("sql/R__view.sql", "CREATE OR REPLACE VIEW t_ids AS SELECT id, d FROM t;\n")
        try fixture.commit()
        let plan = try fixture.plan(["--migrations", "sql"])
        XCTAssertTrue(plan.stdout.contains("pending sql/R__view.sql (pre, repeatable)"), plan.stdout + plan.stderr)
        let again = try fixture.deploy(extra: ["--migrations", "sql"])
        XCTAssertEqual(again.status, 0, "a changed repeatable is applied again, not drift: \(again.stdout)\(again.stderr)")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM information_schema.columns WHERE table_name = 't_ids'"), "2")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.applied_migrations WHERE name = 'R__view.sql'"), "1")
    }

    func testDbmateAppliesOnlyTheUpSection() throws {
        let fixture = try DeployFixture()
        let (result, names) = try deploy(fixture, directory: "db/migrations", [
            ("20240101000000_t.sql", "-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["20240101000000_t.sql"])
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('t') IS NOT NULL"), "t")
    }

    func testSqitchFollowsThePlan() throws {
        let fixture = try DeployFixture()
        let plan = "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z Ann <a@example.com>\nemail [users] 2024-01-02T00:00:00Z Ann <a@example.com>\n"
        let (result, names) = try deploy(fixture, directory: "sqitch", [
            ("sqitch.plan", plan), ("sqitch.conf", "[core]\n\tengine = pg\n"),
            ("deploy/email.sql", "BEGIN;\nALTER TABLE users ADD COLUMN email text;\nCOMMIT;\n"),
            ("deploy/users.sql", "BEGIN;\nCREATE TABLE users (id int);\nCOMMIT;\n"),
            ("revert/users.sql", "DROP TABLE users;\n"), ("verify/users.sql", "SELECT id FROM users WHERE false;\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["deploy/users.sql", "deploy/email.sql"])
    }

    func testNestedVersionFolders() throws {
        let fixture = try DeployFixture()
        let (result, names) = try deploy(fixture, directory: "db/migrations", [
            ("0.19/00__alter.sql", "ALTER TABLE t ADD COLUMN late int;\n"), ("0.2/00__create.sql", "CREATE TABLE t (id int);\n"),
        ])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(names, ["0.2/00__create.sql", "0.19/00__alter.sql"])
    }

    /// A directory of JavaScript migrations is one layout whichever tool wrote it; the refusal names that tool's migrator.
    func testJavaScriptMigrationsNameTheirOwnToolsMigrator() throws {
        let sources = [
            ("typeorm", "export class A1700000000000 implements MigrationInterface {\n  async up(queryRunner: QueryRunner) {\n    await queryRunner.query(`CREATE TABLE a (id int)`)\n  }\n}\n",
             "npx typeorm migration:run -d <your data source>"),
            ("kysely", "import { Kysely } from 'kysely'\nexport async function up(db: Kysely<any>) {\n  await db.schema.createTable('a').addColumn('id', 'integer').execute()\n}\n",
             "npx kysely migrate:latest"),
            ("knex", "exports.up = (knex) => knex.schema.createTable('a', (t) => { t.integer('id') })\n", "npx knex migrate:latest"),
        ]
        for (tool, source, migrator) in sources {
            let fixture = try DeployFixture()
            try fixture.repo.write("migrations/1700000000000_a.ts", source)
            try fixture.commit()
            let refused = try fixture.deploy(extra: ["--migrations", "migrations"])
            XCTAssertEqual(refused.status, 2, "\(tool): \(refused.stdout)\(refused.stderr)")
            XCTAssertTrue(refused.stderr.contains("--migrate-cmd \"\(migrator)\""), "\(tool): \(refused.stderr)")
            XCTAssertEqual(fixture.rolloutCount, 0, tool)
        }
    }

    func testCodeMigrationsNeedTheirMigratorAndAreThenVerified() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("db/migrate/20240101000000_create_reports.rb", """
            class CreateReports < ActiveRecord::Migration[7.1]
              def change
                create_table :reports do |t|
                  t.text :summary, null: false
                end
              end
            end

            """)
        try fixture.psqlMigrator("CREATE TABLE reports (id bigserial PRIMARY KEY, summary text NOT NULL)")
        try fixture.commit()
        let refused = try fixture.deploy(extra: ["--migrations", "db/migrate"])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--migrate-cmd \"bin/rails db:migrate\""), refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
        let result = try fixture.deploy(extra: ["--migrations", "db/migrate", "--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT name || ' ' || applied_by FROM gate.applied_migrations"),
                       "20240101000000_create_reports.rb migrate-cmd")
        XCTAssertTrue(result.stdout.contains("check(s) passed"), result.stdout)
    }
}
