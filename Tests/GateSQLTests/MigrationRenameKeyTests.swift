import GateSQL
import XCTest

/// What a migration keeps when it is renamed under its version: two paths with one key are one migration renamed.
final class MigrationRenameKeyTests: XCTestCase {
    private func key(_ path: String) -> String? {
        MigrationLayout.classify(path).flatMap { MigrationLayout.renameKey(of: path, kind: $0) }
    }

    func testTheSameVersionDirectoryAndPartIsTheSameKey() {
        XCTAssertEqual(key("db/migrations/000002_invoice_lines.up.sql"), key("db/migrations/000002_add_invoice_lines.up.sql"))
        XCTAssertEqual(key("prisma/migrations/20240101000000_init/migration.sql"),
                       key("prisma/migrations/20240101000000_create_users/migration.sql"))
        XCTAssertEqual(key("src/main/resources/db/migration/V2_1__lines.sql"),
                       key("src/main/resources/db/migration/V2_1__invoice_lines.sql"))
        XCTAssertEqual(key("db/migrate/20240301090000_add_archived.rb"), key("db/migrate/20240301090000_add_archived_to_notes.rb"))
        XCTAssertNotNil(key("drizzle/0001_lethal_storm.sql"))
        XCTAssertEqual(key("drizzle/0001_lethal_storm.sql"), key("drizzle/0001_api_keys.sql"))
    }

    func testAnotherVersionDirectoryOrPartIsAnotherKey() {
        XCTAssertNotEqual(key("db/migrations/000002_lines.up.sql"), key("db/migrations/000003_lines.up.sql"))
        XCTAssertNotEqual(key("db/migrations/000002_lines.up.sql"), key("db/migrations/000002_lines.down.sql"))
        XCTAssertNotEqual(key("db/migrations/000002_lines.up.sql"), key("database/migrations/000002_lines.up.sql"))
        XCTAssertNotEqual(key("src/main/resources/db/migration/V2__lines.sql"), key("src/main/resources/db/migration/U2__lines.sql"))
        XCTAssertNotEqual(key("migrations/2024-05-01-120000_handle/up.sql"), key("migrations/2024-05-01-120000_handle/down.sql"))
    }

    /// Renamed, these are other migrations (no version in the name, Django's whole name) or named by what they hold
    /// (an Alembic revision): no key.
    func testNamesWithoutAVersionAndAlembicAndDjangoHaveNoKey() {
        XCTAssertNil(key("src/main/resources/db/migration/R__active_notes.sql"))
        XCTAssertNil(key("alembic/versions/4d2e8a1b9c07_create_reports.py"))
        XCTAssertNil(key("notes/migrations/0002_note_title.py"))
        XCTAssertNil(key("db/deploy/add_users.sql"))
        XCTAssertNil(key("app/models/user.rb"))
    }
}
