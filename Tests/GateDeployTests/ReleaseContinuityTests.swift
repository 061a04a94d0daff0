import Foundation
import GatePostgres
import GateTestSupport
import XCTest

/// What one release leaves for the next: a migration recorded but never verified, progress of a migration run outside
/// a transaction, a migrations directory the policy does not name, a baseline of the head (SPEC §5).
final class ReleaseContinuityTests: XCTestCase {
    func testMigrateCommandThatAppliedNothingLeavesTheMigrationUnverifiedForTheNextRelease() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        // A migrator that exits 0 and applies nothing (the wrong command, another database).
        try fixture.script("scripts/migrate.sh", "true\n")
        try fixture.commit()
        let failed = try fixture.deploy(extra: ["--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("the migrate command exited 0"), failed.stderr)
        XCTAssertFalse(failed.stderr.contains("a hand edit"), failed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT verified::text FROM gate.applied_migrations WHERE name = '0001_t.sql'"), "false")
        let status = try fixture.gate(["status", "--env", "staging", "--repo", fixture.repo.path, "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stdout + status.stderr)
        XCTAssertTrue(status.stdout.contains("not verified yet (the next deploy checks them before its rollout): 0001_t.sql"),
                      status.stdout)

        // The next commit's release recorded nothing new, but the schema its code meets is still unverified.
        try fixture.repo.write("README.md", "service, v2\n")
        try fixture.commit()
        let next = try fixture.deploy(extra: ["--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(next.status, 3, next.stdout + next.stderr)
        XCTAssertTrue(next.stderr.contains("0001_t.sql:1: check failed: table t exists"), next.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0, "code must not roll out against an unverified schema")
        let plan = try fixture.plan(["--base", fixture.root, "--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(plan.status, 1, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("verify would fail: db/migrations/0001_t.sql:1: table t exists"), plan.stdout)

        // The real migrator applies it: verify passes, the row is verified, and the release rolls out.
        try fixture.script("scripts/migrate.sh", "psql \"$DATABASE_URL\" -v ON_ERROR_STOP=1 -q -f db/migrations/0001_t.sql\n")
        try fixture.commit()
        let fixed = try fixture.deploy(extra: ["--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(fixed.status, 0, fixed.stdout + fixed.stderr)
        XCTAssertTrue(fixed.stdout.contains("earlier release recorded but never verified"), fixed.stdout)
        // Not "0 migration file(s) recorded" alone, which reads as "the migrator applied nothing".
        XCTAssertTrue(fixed.stdout.contains("0 migration file(s) recorded; 1 recorded earlier and not yet verified, which the verify step checks"), fixed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT verified::text FROM gate.applied_migrations WHERE name = '0001_t.sql'"), "true")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    /// The environment's last release ran a commit this clone does not have (another repository, history rewritten):
    /// bad input, exit 2, and no attempt spent; not a failed step to retry. (An explicit --base stands in for it:
    /// MissingReleaseHeadTests.)
    func testALastReleaseHeadThisRepositoryDoesNotHaveIsExitTwo() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        let missing = String(repeating: "ab", count: 20)
        _ = try fixture.connect().execute("UPDATE gate.releases SET head = \(missing)")
        try fixture.repo.write("README.md", "service, v2\n")
        try fixture.commit()
        let result = try fixture.gate(["deploy", "--repo", fixture.repo.path, "--env", "staging", "--database-url",
                                       fixture.database.url, "--", "./scripts/rollout.sh"])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("staging's last release recorded in the ledger (release 1, head \(missing)"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.attempts WHERE status = 'failed'"), "0")
        XCTAssertEqual(fixture.rolloutCount, 1)
    }

    func testGooseMigrationsOutsideTheConfiguredDirectoryAreRefusedNamingTheirDirectory() throws {
        // sqlc's layout: goose files in sql/schema; the policy (like the built-in one) names db/migrations, absent.
        let fixture = try DeployFixture()
        try fixture.repo.write("sql/schema/20240301120000_create_items.sql", """
            -- +goose Up
            CREATE TABLE items (id bigint PRIMARY KEY, title text NOT NULL);

            -- +goose Down
            DROP TABLE items;

            """)
        try fixture.repo.write("sql/queries/items.sql", "-- name: ListItems :many\nSELECT id, title FROM items;\n")
        try fixture.commit()
        let refused = try fixture.deploy()
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
        XCTAssertTrue(refused.stderr.contains("no migration files in db/migrations"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("sql/schema: 1 goose migration(s), e.g. sql/schema/20240301120000_create_items.sql"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("pass --migrations sql/schema"), refused.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
        XCTAssertEqual(try fixture.plan(["--base", fixture.root]).status, 2)
        let baseline = try fixture.gate(["baseline", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(baseline.status, 2, baseline.stdout + baseline.stderr)

        let deployed = try fixture.deploy(extra: ["--migrations", "sql/schema"])
        XCTAssertEqual(deployed.status, 0, deployed.stdout + deployed.stderr)
        XCTAssertTrue(deployed.stdout.contains("1 migration file(s) (goose layout in sql/schema)"), deployed.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('items') IS NOT NULL"), "t")
    }

    func testMigrationsInSeveralDirectoriesAreAllNamed() throws {
        let fixture = try DeployFixture()
        try fixture.repo.write("sql/schema/20240301120000_items.sql", "-- +goose Up\nCREATE TABLE items (id bigint);\n")
        try fixture.repo.write("supabase/migrations/20240301120000_users.sql", "CREATE TABLE users (id bigint);\n")
        // A test's copy is not the application's.
        try fixture.repo.write("internal/db/testdata/migrations/001_x.sql", "CREATE TABLE x (id bigint);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("sql/schema: 1 goose migration(s)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("supabase/migrations: 1 supabase migration(s)"), result.stderr)
        XCTAssertFalse(result.stderr.contains("testdata"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--migrations DIR"), result.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)
    }

    func testBaselineWithNoMigrationFilesRefusesWhenAToolTableHasRows() throws {
        let fixture = try DeployFixture()
        try fixture.commit()
        let target = try fixture.connect()
        try target.unsafeExecuteScript("""
            CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,
                finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text, rolled_back_at timestamptz,
                started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0);
            INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name)
            VALUES ('1', 'abc', now(), '20240101000000_init');
            """)
        let result = try fixture.gate(["baseline", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("_prisma_migrations (prisma, 1 row(s))"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('gate.releases') IS NULL"), "t", "nothing recorded")
    }

    func testPlanOfABaselinedHeadWhoseRequiredEnvironmentHasNotReleasedItExitsOne() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        try fixture.connect().unsafeExecuteScript("CREATE TABLE t (id int)")
        let adopted = try fixture.gate(["baseline", "--repo", fixture.repo.path, "--env", "production", "--database-url", fixture.database.url])
        XCTAssertEqual(adopted.status, 0, adopted.stdout + adopted.stderr)
        let arguments = ["--repo", fixture.repo.path, "--env", "production", "--database-url", fixture.database.url]
        let plan = try fixture.gate(["plan"] + arguments + ["--", "./scripts/rollout.sh"])
        let deploy = try fixture.gate(["deploy"] + arguments + ["--", "./scripts/rollout.sh"])
        XCTAssertEqual(deploy.status, 1, deploy.stdout + deploy.stderr)
        XCTAssertEqual(plan.status, 1, "plan exits as the deploy does: " + plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("gate deploy would refuse"), plan.stdout)
    }

    func testPlanOfAHeadTheEnvironmentRunsSaysNothingWouldRun() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        let plan = try fixture.plan()
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("gate deploy would do nothing: staging already runs this head"), plan.stdout)
    }

    func testUniqueConstraintUsingAConcurrentlyBuiltIndexVerifies() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_widgets.sql", "CREATE TABLE widgets (id bigint PRIMARY KEY, sku text);\n")
        try fixture.migration("0002_sku_unique.sql", """
            CREATE UNIQUE INDEX CONCURRENTLY widgets_sku_idx ON widgets (sku);
            ALTER TABLE widgets ADD CONSTRAINT widgets_sku_key UNIQUE USING INDEX widgets_sku_idx;

            """)
        try fixture.migration("0003_pk.sql", """
            CREATE TABLE parts (id bigint NOT NULL);
            CREATE UNIQUE INDEX CONCURRENTLY parts_id_idx ON parts (id);
            ALTER TABLE parts ADD CONSTRAINT parts_pkey PRIMARY KEY USING INDEX parts_id_idx;

            """)
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('widgets_sku_key') IS NOT NULL AND to_regclass('widgets_sku_idx') IS NULL"), "t")
        let plan = try fixture.plan()
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
    }

    func testProgressOfAnEditedMigrationIsNotTakenForTheNewStatement() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int, a int, b int);\n")
        // Outside a transaction: the index completes, the next statement fails.
        try fixture.migration("0002_idx.sql", "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nINSERT INTO no_such_table VALUES (1);\n")
        try fixture.commit()
        let failed = try fixture.deploy()
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.migration_progress WHERE name = '0002_idx.sql' AND statement = 0"), "1")
        // The plan says which statement the earlier attempt completed (the deploy skips it), and only that one.
        let plan = try fixture.plan()
        XCTAssertTrue(plan.stdout.contains("  line 1: expand; done by an earlier attempt, skipped; outside a transaction"), plan.stdout)
        XCTAssertEqual(plan.stdout.components(separatedBy: "done by an earlier attempt").count, 2, plan.stdout)

        // The file is edited: its first statement is now another index. Skipping it as "completed" would leave t_b_idx
        // unbuilt; running it on top of t_a_idx is not what anyone reviewed. The deploy stops and names the file.
        try fixture.migration("0002_idx.sql", "CREATE INDEX CONCURRENTLY t_b_idx ON t (b);\nSELECT 1;\n")
        try fixture.commit()
        let edited = try fixture.deploy()
        XCTAssertEqual(edited.status, 3, edited.stdout + edited.stderr)
        XCTAssertTrue(edited.stderr.contains("db/migrations/0002_idx.sql:1: an earlier run of 0002_idx.sql"), edited.stderr)
        XCTAssertTrue(edited.stderr.contains("has changed since"), edited.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0)

        // Keeping the completed statement and fixing only the one after it resumes where the run stopped.
        try fixture.migration("0002_idx.sql", "CREATE INDEX CONCURRENTLY t_a_idx ON t (a);\nSELECT 1;\n")
        try fixture.commit()
        let resumed = try fixture.deploy()
        XCTAssertEqual(resumed.status, 0, resumed.stdout + resumed.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 't_a_idx'"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.migration_progress"), "0")
    }
}
