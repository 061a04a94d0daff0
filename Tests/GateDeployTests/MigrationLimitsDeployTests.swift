import Foundation
import GateTestSupport
import XCTest

/// The migration limits `MigrationLimitsTests` reads on values, end to end on a real Postgres: an Alembic revision
/// renamed deploys, a file's own BEGIN/COMMIT are shown and run as what they are, and psql-only syntax is refused
/// naming file and line while `gate status` lists it pending.
final class MigrationLimitsDeployTests: XCTestCase {
    private static func revision(_ id: String, parent: String?, sql: String) -> String {
        alembicRevision(id, parent: parent, upgrade: "op.execute(\"\(sql)\")")
    }

    /// Applied through the migrator under one file name, renamed with its revision kept: the next deploy takes it for
    /// the revision it applied (a notice, no drift) and goes on to the new revision.
    func testAnAlembicRevisionRenamedAfterItWasAppliedDeploys() throws {
        let fixture = try DeployFixture()
        let first = "CREATE TABLE reports (id bigint PRIMARY KEY)"
        let second = "ALTER TABLE reports ADD COLUMN title text"
        try fixture.repo.write("alembic/versions/4d2e8a1b9c07_reports.py", Self.revision("4d2e8a1b9c07", parent: nil, sql: first))
        // The migrator applies what is not applied yet, as `alembic upgrade head` would.
        try fixture.script("scripts/migrate.sh", """
            psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -c '\(first.replacingOccurrences(of: "CREATE TABLE", with: "CREATE TABLE IF NOT EXISTS"))'
            if [ -f alembic/versions/b71f0c2d9e55_add_title.py ]; then
              psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -q -c '\(second.replacingOccurrences(of: "ADD COLUMN", with: "ADD COLUMN IF NOT EXISTS"))'
            fi

            """)
        try fixture.commit()
        let options = ["--migrations", "alembic/versions", "--migrate-cmd", "./scripts/migrate.sh"]
        let applied = try fixture.deploy(extra: options)
        XCTAssertEqual(applied.status, 0, applied.stdout + applied.stderr)

        _ = try fixture.repo.git(["mv", "alembic/versions/4d2e8a1b9c07_reports.py", "alembic/versions/4d2e8a1b9c07_create_reports.py"])
        try fixture.repo.write("alembic/versions/b71f0c2d9e55_add_title.py",
                               Self.revision("b71f0c2d9e55", parent: "4d2e8a1b9c07", sql: second))
        try fixture.commit("rename the first revision, add a second")
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                       fixture.database.url, "--migrations", "alembic/versions"])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains("pending migrations: alembic/versions/b71f0c2d9e55_add_title.py"), status.stdout)
        XCTAssertTrue(status.stdout.contains("drift: none"), status.stdout)

        let renamed = try fixture.deploy(extra: options)
        XCTAssertEqual(renamed.status, 0, renamed.stdout + renamed.stderr)
        XCTAssertTrue(renamed.stdout.contains(
            "notice: 4d2e8a1b9c07_reports.py was applied"), renamed.stdout)
        XCTAssertTrue(renamed.stdout.contains(
            "is alembic/versions/4d2e8a1b9c07_create_reports.py at head: the same alembic migration (revision 4d2e8a1b9c07)"),
            renamed.stdout)
        XCTAssertEqual(
            try fixture.scalar("SELECT string_agg(name, ',' ORDER BY name) FROM gate.applied_migrations"),
            "4d2e8a1b9c07_reports.py,b71f0c2d9e55_add_title.py", "the first row keeps the name it was recorded under")
        XCTAssertEqual(try fixture.scalar("SELECT bool_and(verified)::text FROM gate.applied_migrations"), "true")
        XCTAssertEqual(fixture.rolloutCount, 2)
    }

    /// One `BEGIN; … COMMIT;` block: the plan lists only the statements between, and the deploy applies them in its
    /// own transaction. Two blocks with an enum label committed before its use: statement by statement, and it works.
    /// A `ROLLBACK`: refused before anything is applied.
    func testAFilesOwnTransactionIsPlannedAndAppliedAsWhatItIs() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_reports.sql", "BEGIN;\n\nCREATE TABLE reports (id bigint PRIMARY KEY);\n\nCOMMIT;\n")
        try fixture.migration("0002_mood.sql", """
            BEGIN;
            CREATE TYPE mood AS ENUM ('sad');
            CREATE TABLE feelings (m mood);
            COMMIT;

            BEGIN;
            ALTER TYPE mood ADD VALUE 'happy';
            COMMIT;

            BEGIN;
            INSERT INTO feelings VALUES ('happy');
            COMMIT;

            """)
        try fixture.commit()
        let planned = try fixture.plan(["--base", fixture.root])
        XCTAssertEqual(planned.status, 0, planned.stdout + planned.stderr)
        XCTAssertTrue(planned.stdout.contains("""
            pending db/migrations/0001_reports.sql (pre, version 0001)
              its own BEGIN/COMMIT are not sent: gate runs it in one transaction with its history row
              line 3: expand
            """), planned.stdout)
        XCTAssertFalse(planned.stdout.contains("line 1: expand"), planned.stdout)
        XCTAssertTrue(planned.stdout.contains(
            "pending db/migrations/0002_mood.sql (pre, version 0002, outside a transaction, statement by statement)"), planned.stdout)
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(m::text, ',') FROM feelings"), "happy")
        XCTAssertEqual(try fixture.scalar("SELECT count(*)::text FROM gate.applied_migrations"), "2")

        try fixture.migration("0003_try.sql", "BEGIN;\nALTER TABLE reports ADD COLUMN body text;\nROLLBACK;\n")
        try fixture.commit("a migration that undoes itself")
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("db/migrations/0003_try.sql:3: ROLLBACK ends the file's own transaction"), refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*)::text FROM information_schema.columns WHERE table_name = 'reports' AND column_name = 'body'"), "0")
    }

    /// psql's syntax: the deploy refuses (exit 2, nothing applied) naming file, line and construct; status lists the
    /// file pending with that sentence and exits 0.
    func testPsqlOnlySyntaxIsRefusedByDeployAndListedByStatus() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_plans.sql", "CREATE TABLE plans (id int PRIMARY KEY, name text NOT NULL);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.migration("0002_seed_plans.sql", "\\set ON_ERROR_STOP on\nINSERT INTO plans VALUES (1, 'free');\n")
        try fixture.migration("0003_more_plans.sql", "COPY public.plans (id, name) FROM stdin;\n2\tpro\n\\.\n")
        try fixture.commit("seed plans")
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains(
            "db/migrations/0002_seed_plans.sql:1: psql meta-command \\set is not SQL: gate runs migrations through libpq"),
            refused.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*)::text FROM plans"), "0")

        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains(
            "pending migrations: db/migrations/0002_seed_plans.sql, db/migrations/0003_more_plans.sql"), status.stdout)
        XCTAssertTrue(status.stdout.contains("db/migrations/0002_seed_plans.sql:1: psql meta-command \\set is not SQL"), status.stdout)
        XCTAssertTrue(status.stdout.contains("db/migrations/0003_more_plans.sql:1: COPY … FROM stdin takes its rows from psql's input"),
                      status.stdout)
        let json = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                     fixture.database.url, "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((document["unrunnable"] as? [String])?.count, 2, json.stdout)
    }

    /// node-pg-migrate's JavaScript migrations: wherever they are, the refusal names node-pg-migrate and its migrator,
    /// not Knex's.
    func testNodePgMigrateMigrationsNameTheirMigrator() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("package.json", #"{ "name": "api", "dependencies": { "pg": "^8.11.0" }, "devDependencies": { "node-pg-migrate": "^7.4.0" } }"#)
        try fixture.repo.write("migrations/1700000000000_create-users.js", """
            exports.up = (pgm) => {
              pgm.createTable('users', {
                id: 'id',
                email: { type: 'varchar(320)', notNull: true, unique: true },
              });
            };

            exports.down = (pgm) => {
              pgm.dropTable('users');
            };

            """)
        try fixture.commit()
        let elsewhere = try fixture.deploy()
        XCTAssertEqual(elsewhere.status, 2, elsewhere.stdout + elsewhere.stderr)
        XCTAssertTrue(elsewhere.stderr.contains("node-pg-migrate migration(s)"), elsewhere.stderr)
        XCTAssertTrue(elsewhere.stderr.contains("--migrate-cmd \"npx node-pg-migrate up\""), elsewhere.stderr)
        XCTAssertFalse(elsewhere.stderr.contains("knex"), elsewhere.stderr)
        let given = try fixture.deploy(extra: ["--migrations", "migrations"])
        XCTAssertEqual(given.status, 2, given.stdout + given.stderr)
        XCTAssertTrue(given.stderr.contains("migrations holds node-pg-migrate migrations written in code"), given.stderr)
        XCTAssertTrue(given.stderr.contains("--migrate-cmd \"npx node-pg-migrate up\""), given.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
    }
}
