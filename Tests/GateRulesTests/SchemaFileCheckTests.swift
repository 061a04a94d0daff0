import Foundation
import GateCore
import XCTest
@testable import GateRules

/// Whole files judged as new: rollback sections, DDL in application code, framework phase comments.
final class SchemaFileCheckTests: XCTestCase {
    func rules(_ path: String, _ text: String) -> [String] {
        SchemaFileCheck.findings(path: path, bytes: Array(text.utf8)).map { "\($0.line) \($0.rule)" }
    }

    func testDbmateAndGooseRollbackSectionsAreNotJudged() {
        let dbmate = """
            -- migrate:up
            SET lock_timeout = '2s';
            ALTER TABLE reports ADD COLUMN summary text;

            -- migrate:down
            ALTER TABLE reports DROP COLUMN summary;
            """
        XCTAssertEqual(rules("db/migrations/20240101_summary.sql", dbmate), ["3 expand-only-migration"])
        let goose = dbmate.replacingOccurrences(of: "-- migrate:up", with: "-- +goose Up")
            .replacingOccurrences(of: "-- migrate:down", with: "-- +goose Down")
        XCTAssertEqual(rules("migrations/00042_summary.sql", goose), ["3 expand-only-migration"])
        let nodePgMigrate = dbmate.replacingOccurrences(of: "-- migrate:up", with: "-- Up Migration")
            .replacingOccurrences(of: "-- migrate:down", with: "-- Down Migration")
        XCTAssertEqual(rules("migrations/1719000000000_summary.sql", nodePgMigrate), ["3 expand-only-migration"])
        // node-pg-migrate's markers as it reads them, as the deploy reads them too.
        let loosely = nodePgMigrate.replacingOccurrences(of: "-- Down Migration", with: "---  down migration")
        XCTAssertEqual(rules("migrations/1719000000000_summary.sql", loosely), ["3 expand-only-migration"])
        let sqlMigrate = dbmate.replacingOccurrences(of: "-- migrate:up", with: "-- +migrate Up")
            .replacingOccurrences(of: "-- migrate:down", with: "-- +migrate Down")
        XCTAssertEqual(rules("migrations/3_summary.sql", sqlMigrate), ["3 expand-only-migration"])
        let tern = dbmate.replacingOccurrences(of: "-- migrate:up", with: "")
            .replacingOccurrences(of: "-- migrate:down", with: "---- create above / drop below ----")
        XCTAssertEqual(rules("migrations/003_summary.sql", tern), ["3 expand-only-migration"])
    }

    func testDDLInApplicationCodeIsParsedForHazards() {
        let python = """
            def migrate(cursor):
                cursor.execute(\"\"\"
                    ALTER TABLE reports ADD COLUMN summary text NOT NULL
                \"\"\")
                cursor.execute("SELECT 1")
            """
        XCTAssertEqual(rules("app/bootstrap.py", python), ["3 ddl-in-code", "3 not-null-without-default"])
        let go = "func setup(db *sql.DB) {\n\tdb.Exec(`CREATE INDEX reports_owner ON reports (owner_id)`)\n}\n"
        XCTAssertEqual(rules("internal/setup.go", go), ["2 ddl-in-code", "2 index-without-concurrently"])
        // Interpolated DDL still counts as DDL; its hazards cannot be judged.
        let interpolated = "conn.execute(f\"ALTER TABLE {table} DROP COLUMN {column}\")\n"
        XCTAssertEqual(rules("scripts/cleanup.py", interpolated), ["1 ddl-in-code"])
        XCTAssertEqual(rules("README.md", "Run `ALTER TABLE reports ADD COLUMN x text` by hand.\n"), [])
        XCTAssertEqual(rules("app/log.py", "log.warning(\"alter table is slow on big tables\")\n"), [])
    }

    func testFrameworkPhaseComment() {
        let rails = """
            # gate:phase post
            class DropLegacy < ActiveRecord::Migration[7.1]
              def change
                remove_column :reports, :legacy
              end
            end
            """
        XCTAssertEqual(rules("db/migrate/20240102000000_drop_legacy.rb", rails), ["4 drop-column", "4 schema-migration"])
        XCTAssertEqual(SchemaFileCheck.summary(path: "db/migrate/20240102000000_drop_legacy.rb", bytes: Array(rails.utf8))?.phase, .post)
    }

    func testStatementsThatCannotRunInATransaction() {
        let sql = "SET lock_timeout = '2s';\nBEGIN;\nREINDEX INDEX CONCURRENTLY reports_owner;\nCOMMIT;\n"
        XCTAssertEqual(rules("db/migrations/0042_reindex.sql", sql), ["1 schema-migration", "3 concurrently-in-transaction"])
        // Drizzle's migrator wraps every migration in a transaction; a plain SQL directory runs each statement alone.
        let index = "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"posts_slug_idx\" ON \"posts\" USING btree (\"slug\");\n"
        XCTAssertEqual(rules("drizzle/0002_posts_slug.sql", index), ["1 concurrently-in-transaction", "1 schema-migration"])
        XCTAssertEqual(rules("db/migrations/0002_posts_slug.sql", index), ["1 expand-only-migration"])
    }

    /// The hand-written machine output is exactly what JSONEncoder (sorted keys, compact) makes of the same values.
    func testMachineJSONIsWhatJSONEncoderWrites() throws {
        let sql = """
            SET lock_timeout = '2s';
            ALTER TABLE "reports" ADD COLUMN note text DEFAULT 'a "quoted" \\ path/with/slashes\tand tab';
            CREATE INDEX reports_note ON reports (note);
            ALTER TABLE reports DROP COLUMN légacy;
            """
        // Several files, as `gate sql analyze` writes them: one with findings, one with neither findings nor a
        // summary (not a migration), one migration without findings; parts are written in parallel and joined.
        let files: [(path: String, bytes: [UInt8])] = [
            ("db/migrations/0042_note.sql", Array(sql.utf8)),
            ("docs/notes.txt", Array("nothing to see\n".utf8)),
            ("db/migrations/0043_quiet.sql", Array("SET lock_timeout = '2s';\nSELECT 1;\n".utf8)),
            // Backspace and form feed in a statement: JSONEncoder writes them as \b and \f.
            ("db/migrations/0044_odd.sql", Array("ALTER TABLE t ADD COLUMN note text DEFAULT 'a\u{08}b\u{0C}c\u{01}';\n".utf8)),
        ]
        let checked = SchemaFileCheck.checkAll(files)
        XCTAssertGreaterThanOrEqual(checked[0].findings.count, 2)
        XCTAssertNil(checked[1].summary)
        XCTAssertNotNil(checked[2].summary)
        struct Output: Encodable {
            var findings: [Finding]
            var migrations: [MigrationSummary]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let expected = try encoder.encode(
            Output(findings: checked.flatMap(\.findings), migrations: checked.compactMap(\.summary)))
        let written = SchemaCheckJSON.render(checked: checked)
        XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: expected, as: UTF8.self) + "\n")
    }
}
