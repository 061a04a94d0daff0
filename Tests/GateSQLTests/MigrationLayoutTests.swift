import GateCore
import XCTest
@testable import GateSQL

/// Each tool's layout is recognised, and look-alikes are not.
final class MigrationLayoutTests: XCTestCase {
    func kind(_ path: String, _ head: String = "", extra: [Glob] = []) -> MigrationFileKind? {
        MigrationLayout.classify(path, head: Array(head.utf8), extra: extra)
    }

    func testFrameworkLayouts() throws {
        let expectations: [(String, String, MigrationFormat, String)] = [
            ("db/migrate/20240101120000_add_summary_to_reports.rb", "", .rails, "rails"),
            ("reports/migrations/0002_report_summary.py", "", .django, "django"),
            ("alembic/versions/3f2a_add_summary.py", "", .alembic, "alembic"),
            ("migrations/versions/3f2a_add_summary.py", "", .alembic, "alembic"),
            ("prisma/migrations/20240101_add_summary/migration.sql", "", .sql, "prisma"),
            ("prisma/schema.prisma", "", .prismaSchema, "prisma"),
            ("drizzle/0001_brave_hulk.sql", "", .sql, "drizzle"),
            ("src/db/schema.ts", "import { pgTable } from 'drizzle-orm/pg-core'", .drizzleSchema, "drizzle"),
            ("supabase/migrations/20240101000000_summary.sql", "", .sql, "supabase"),
            ("migrations/20240101_add_summary.js", "exports.up = function(knex) { return knex.schema }", .knex, "knex"),
            ("migrations/20240101-add-summary.js", "module.exports = { up: async (queryInterface) => {} }", .sequelize, "sequelize"),
            ("src/migration/1700000000000-AddSummary.ts", "export class AddSummary implements MigrationInterface {}", .typeorm, "typeorm"),
            ("db/migrations/000042_add_summary.up.sql", "", .sql, "golang-migrate"),
            ("db/migrations/000042_add_summary.down.sql", "", .sqlRollback, "golang-migrate"),
            ("src/main/resources/db/migration/V2__add_summary.sql", "", .sql, "flyway"),
            ("sql/V2_1__add_summary.sql", "", .sql, "flyway"),
            ("sql/R__refresh_views.sql", "", .sql, "flyway"),
            ("sql/U2__add_summary.sql", "", .sqlRollback, "flyway"),
            ("deploy/add_summary.sql", "", .sql, "sqitch"),
            ("revert/add_summary.sql", "", .sqlRollback, "sqitch"),
            ("atlas/migrations/20240101_summary.sql", "", .sql, "atlas"),
            // A folder of numbered SQL files is named by the markers its tool writes, else plain SQL.
            ("db/migrations/20240101_summary.sql", "-- migrate:up\nALTER TABLE r ADD COLUMN s text;\n", .sql, "dbmate"),
            ("db/migrations/20240101_summary.sql", "-- +goose Up\nALTER TABLE r ADD COLUMN s text;\n", .sql, "goose"),
            ("db/migrations/20240101_summary.sql", "", .sql, "SQL"),
            ("services/billing/migrations/0042_add_summary.sql", "", .sql, "SQL"),
            ("migrations/2024-05-01-120000_add_handle/up.sql", "", .sql, "diesel"),
            ("migrations/2024-05-01-120000_add_handle/down.sql", "", .sqlRollback, "diesel"),
        ]
        for (path, head, format, framework) in expectations {
            let found = kind(path, head)
            XCTAssertEqual(found?.format, format, path)
            XCTAssertEqual(found?.framework, framework, path)
        }
    }

    /// Drizzle, goose and dbmate run a migration in a transaction unless the file opts out: CONCURRENTLY fails there.
    func testAlembicRevisionsInSubfoldersOfVersions() {
        // `recursive_version_locations = true`: a revision names its parent; a helper module beside them is none.
        XCTAssertEqual(kind("db/migrations/versions/2025/07/9e4b_extras.py", "revision = \"9e4b\"\ndown_revision = \"3c1d\"\n")?.format, .alembic)
        XCTAssertNil(kind("db/migrations/versions/helpers/columns.py", "import sqlalchemy as sa\n"))
    }

    func testAMigrationIsNamedByItsVersion() {
        func identity(_ path: String) -> String? {
            kind(path, "revision = \"x\"\ndown_revision = None\n").map { MigrationLayout.identity(of: path, kind: $0) }
        }
        XCTAssertEqual(identity("db/migrate/20240301090000_add_archived_to_notes.rb"), "20240301090000")
        XCTAssertEqual(identity("db/migrations/000002_index_invoices.up.sql"), "000002")
        XCTAssertEqual(identity("sql/V2_1__add_summary.sql"), "2_1")
        XCTAssertEqual(identity("prisma/migrations/20240101_add_summary/migration.sql"), "20240101")
        XCTAssertEqual(identity("alembic/versions/4d2e8a1b9c07_create_reports.py"), "4d2e8a1b9c07")
        XCTAssertEqual(identity("reports/migrations/0002_report_summary.py"), "0002_report_summary.py")
    }

    func testWhichSQLMigrationsRunInATransaction() {
        let sql = MigrationFileKind(format: .sql, framework: "migrations")
        func wraps(_ text: String, _ kind: MigrationFileKind = MigrationFileKind(format: .sql, framework: "migrations")) -> Bool {
            MigrationLayout.wrapsInTransaction(kind, bytes: Array(text.utf8))
        }
        XCTAssertTrue(wraps("CREATE INDEX CONCURRENTLY i ON t (c);", MigrationFileKind(format: .sql, framework: "drizzle")))
        XCTAssertTrue(wraps("-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- +goose Down\nDROP INDEX i;\n"))
        XCTAssertFalse(wraps("-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY i ON t (c);\n"))
        XCTAssertTrue(wraps("-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- migrate:down\n"))
        XCTAssertFalse(wraps("-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n-- migrate:down\n"))
        XCTAssertFalse(wraps("CREATE INDEX CONCURRENTLY i ON t (c);", sql))
        XCTAssertFalse(wraps("-- migrate:up\nDROP INDEX i;", MigrationFileKind(format: .sqlRollback, framework: "dbmate")))
    }

    func testLookAlikesAreNotMigrations() {
        for path in ["src/models/report.py", "app/models/report.rb", "db/seeds.rb", "README.md", "queries/report.sql",
                     "reports/migrations/__init__.py", "src/schema.ts", "src/index.d.ts", "lib/migrate.js"] {
            XCTAssertNil(kind(path, path == "src/schema.ts" ? "export const x = 1" : ""), path)
        }
    }

    func testPolicyPathsAddLocations() throws {
        let glob = try Glob("database/changes/*.sql")
        XCTAssertEqual(kind("database/changes/001.sql", extra: [glob])?.framework, "policy")
        XCTAssertNil(kind("database/changes/001.sql"))
        // A folder glob (what `gate init` writes) takes the tool's metadata beside the migrations in too: never SQL.
        let prisma = try Glob("prisma/migrations/**")
        XCTAssertEqual(kind("prisma/migrations/20240101_init/migration.sql", extra: [prisma])?.format, .sql)
        for path in ["prisma/migrations/migration_lock.toml", "prisma/migrations/README.md", "prisma/migrations/.gitkeep"] {
            XCTAssertNil(kind(path, extra: [prisma]), path)
        }
        let drizzle = try Glob("drizzle/**")
        for path in ["drizzle/meta/_journal.json", "drizzle/meta/0001_snapshot.json"] {
            XCTAssertNil(kind(path, extra: [drizzle]), path)
        }
        XCTAssertEqual(kind("drizzle/0001_add_notes.sql", extra: [drizzle])?.format, .sql)
    }
}
