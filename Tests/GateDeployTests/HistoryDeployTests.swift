import Foundation
import GateTestSupport
import XCTest

/// Whole histories: each migration is verified against the state right after it (SPEC §5 step 6), so later
/// migrations may drop and alter what earlier ones created; `gate plan` predicts what `gate deploy` does.
final class HistoryDeployTests: XCTestCase {
    func testLaterMigrationsDropAndAlterEarlierObjectsInOneVerifiedRelease() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0000_chat.sql", """
            CREATE TYPE "Visibility" AS ENUM ('public', 'private');
            CREATE TABLE "Chat" (id uuid PRIMARY KEY, messages json NOT NULL, title text NOT NULL, visibility varchar(16),
                vis "Visibility" NOT NULL DEFAULT 'private');
            CREATE INDEX chat_title ON "Chat" (title);
            CREATE TYPE mood AS ENUM ('sad', 'happy');

            """)
        try fixture.migration("0001_message.sql", """
            CREATE TABLE "Message" (id uuid PRIMARY KEY, "chatId" uuid NOT NULL, content json NOT NULL);
            ALTER TABLE "Chat" ALTER COLUMN visibility TYPE varchar(64);

            """)
        try fixture.migration("0002_reshape.sql", """
            ALTER TABLE "Chat" DROP COLUMN messages;
            ALTER TABLE "Chat" ALTER COLUMN title DROP NOT NULL;
            DROP INDEX chat_title;
            ALTER TABLE "Message" RENAME COLUMN content TO parts;
            DROP TYPE mood;

            """)
        // Prisma's way of changing an enum: a new type swapped in under the old name.
        try fixture.migration("0003_enum.sql", """
            BEGIN;
            CREATE TYPE "Visibility_new" AS ENUM ('public', 'private', 'team');
            ALTER TABLE "Chat" ALTER COLUMN "vis" DROP DEFAULT;
            ALTER TABLE "Chat" ALTER COLUMN "vis" TYPE "Visibility_new" USING ("vis"::text::"Visibility_new");
            ALTER TYPE "Visibility" RENAME TO "Visibility_old";
            ALTER TYPE "Visibility_new" RENAME TO "Visibility";
            DROP TYPE "Visibility_old";
            ALTER TABLE "Chat" ALTER COLUMN "vis" SET DEFAULT 'private';
            COMMIT;

            """)
        try fixture.commit()
        let plan = try fixture.plan(["--base", fixture.root])
        XCTAssertEqual(plan.status, 0, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("gate deploy would proceed"), plan.stdout)
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("check(s) passed for 4 migration(s)"), result.stdout)
        XCTAssertEqual(try fixture.scalar("SELECT count(DISTINCT release_id) FROM gate.applied_migrations"), "1")
        XCTAssertEqual(try fixture.scalar("SELECT status FROM gate.releases"), "succeeded")
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM gate.attempts"), "1", "no attempt spent on a false verify failure")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns WHERE table_name = 'Message'"),
                       "chatId,id,parts")
    }

    func testAFailingCheckRollsTheMigrationBackAndSaysWhatToDo() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("0002_rows.sql", "INSERT INTO t VALUES (1);\n-- gate:verify\nSELECT count(*) = 2 FROM t;\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("0002_rows.sql:3: gate:verify returned f"), result.stderr)
        XCTAssertTrue(result.stderr.contains("rolled back with its history row"), result.stderr)
        XCTAssertTrue(result.stderr.contains("resumes with this migration"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT count(*) FROM t"), "0", "the migration rolled back whole")
        XCTAssertEqual(try fixture.scalar("SELECT string_agg(name, ',') FROM gate.applied_migrations"), "0001_t.sql")
        XCTAssertEqual(fixture.rolloutCount, 0)
    }

    func testPlanPredictsAVerifyFailureTheResumedDeployWouldHit() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int, c text NOT NULL);\n")
        // The migrator builds the table differently from what the migration says: verify must catch it, and plan must
        // say so before anyone spends another attempt.
        try fixture.psqlMigrator("CREATE TABLE t (id int, c text)")
        try fixture.commit()
        let failed = try fixture.deploy(extra: ["--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(failed.status, 3, failed.stdout + failed.stderr)
        XCTAssertTrue(failed.stderr.contains("column t.c exists as text NOT NULL"), failed.stderr)
        let plan = try fixture.plan(["--base", fixture.root, "--migrate-cmd", "./scripts/migrate.sh"])
        XCTAssertEqual(plan.status, 1, plan.stdout + plan.stderr)
        XCTAssertTrue(plan.stdout.contains("verify would fail: db/migrations/0001_t.sql:1: column t.c exists as text NOT NULL"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("gate deploy would refuse"), plan.stdout)
    }

    func testLockTimeoutNamesTheBlockingSession() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "transient: 4", with: "transient: 1"))
        let holder = try fixture.addColumnWhileLocked("ACCESS SHARE", applicationName: "report-worker")
        let result = try fixture.deploy()
        try holder.query("ROLLBACK")
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("55P03"), result.stderr)
        XCTAssertTrue(result.stderr.contains("blocked by:") && result.stderr.contains("report-worker"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pid \(holder.backendPID)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("LOCK TABLE t"), result.stderr)
    }

    func testStatementTimeoutNamesTheLimitThatAppliedAndIsNotRetried() throws {
        let fixture = try DeployFixture(policy: DeployFixture.policy.replacingOccurrences(of: "statement-timeout: 1m", with: "statement-timeout: 1s"))
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\nSELECT pg_sleep(3);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 3, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("57014") && result.stderr.contains("statement_timeout 1s from deploy.statement-timeout"), result.stderr)
        XCTAssertTrue(result.stderr.contains("next:") && result.stderr.contains("raise deploy.statement-timeout"), result.stderr)
        XCTAssertFalse(result.stderr.contains("transient error"), "a timeout is not retried: \(result.stderr)")
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('public.t') IS NULL"), "t", "the migration was rolled back")

        // The migration's own SET is the one named, with where it is.
        try fixture.migration("0001_t.sql", "SET statement_timeout = '2s';\nCREATE TABLE t (id int);\nSELECT pg_sleep(3);\n")
        try fixture.commit()
        let own = try fixture.deploy()
        XCTAssertEqual(own.status, 3, own.stdout + own.stderr)
        XCTAssertTrue(own.stderr.contains("statement_timeout 2s, set by db/migrations/0001_t.sql:1"), own.stderr)
        XCTAssertTrue(own.stderr.contains("raise the SET statement_timeout in db/migrations/0001_t.sql"), own.stderr)
    }

    func testStatusSaysInterruptedWhenTheReleasesProcessIsGone() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\nSELECT pg_sleep(30);\n")
        try fixture.commit()
        let process = try fixture.start(fixture.deployArguments(), label: "killed")
        XCTAssertTrue(try fixture.waitUntil {
            try fixture.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT pg_sleep%' AND state = 'active'") == "1"
        }, fixture.output("killed"))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertTrue(try fixture.waitUntil(10) { try !fixture.advisoryLockHeld() })
        let status = try fixture.gate(["status", "--repo", fixture.repo.path, "--env", "staging", "--database-url", fixture.database.url])
        XCTAssertEqual(status.status, 0, status.stderr)
        XCTAssertTrue(status.stdout.contains("interrupted"), status.stdout)
        XCTAssertTrue(status.stdout.contains("resumes it"), status.stdout)
    }
}

/// Never fail open (SPEC §5 step 0): files gate cannot place, and migrations the deploy would not apply, are refused.
final class FailOpenTests: XCTestCase {
    func testPrismaFolderWhileTheDeployReadsAnotherDirectoryIsRefused() throws {
        // The seed incident: deploy.migrations names db/migrations, the migrations are Prisma's.
        let fixture = try DeployFixture()
        try fixture.repo.write("prisma/migrations/migration_lock.toml", "provider = \"postgresql\"\n")
        try fixture.repo.write("prisma/migrations/20240101000000_summary/migration.sql", "CREATE TABLE reports (summary text);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("prisma/migrations/20240101000000_summary/migration.sql"), result.stderr)
        XCTAssertTrue(result.stderr.contains("no migration files in db/migrations"), result.stderr)
        XCTAssertTrue(result.stderr.contains("pass --migrations prisma/migrations"), result.stderr)
        XCTAssertEqual(fixture.rolloutCount, 0, "code must not roll out ahead of its migrations")
        let plan = try fixture.plan(["--base", fixture.root])
        XCTAssertEqual(plan.status, 2, plan.stdout + plan.stderr)
    }

    func testMigrationsChangedOutsideADirectoryWithNothingPendingAreRefused() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.commit()
        XCTAssertEqual(try fixture.deploy().status, 0)
        try fixture.repo.write("prisma/migrations/20240101000000_summary/migration.sql", "CREATE TABLE reports (summary text);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("gate check saw 1 migration file(s) in this release but the deploy finds none pending"), result.stderr)
        XCTAssertEqual(fixture.rolloutCount, 1, "only the first release rolled out")
    }

    func testUnrecognisedFileInTheMigrationsDirectoryIsRefusedByName() throws {
        let fixture = try DeployFixture()
        try fixture.migration("0001_t.sql", "CREATE TABLE t (id int);\n")
        try fixture.migration("LATEST.sql", "CREATE TABLE everything (id int);\n")
        try fixture.commit()
        let result = try fixture.deploy()
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("db/migrations/LATEST.sql"), result.stderr)
        XCTAssertEqual(try fixture.scalar("SELECT to_regclass('t') IS NULL"), "t")
        XCTAssertEqual(fixture.rolloutCount, 0)
    }
}
