import GateCore
import XCTest
@testable import GateSQL

/// A migration directory or migration written on Windows (`\r\n`, one `Character` to Swift) reads exactly as its LF
/// twin: the same layout, order, versions, transaction mode, up sections and statement line numbers.
final class WindowsLineEndingMigrationTests: XCTestCase {
    private func crlf(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\r\n") }

    /// What a deploy takes from a layout, the texts with their line ends made LF (a plain SQL file keeps its own).
    private func reading(_ directory: String, _ files: [(String, String)]) throws -> [String] {
        let layout = try MigrationLayout.discover(directory: directory, files: files.map { ($0.0, Array($0.1.utf8)) })
        return [layout.layout] + layout.migrations.map { migration in
            "\(migration.id) \(migration.frameworkVersion) outside:\(migration.runsOutsideTransaction) "
                + migration.text.replacingOccurrences(of: "\r\n", with: "\n").debugDescription
        } + layout.skipped.map(\.path) + layout.unrecognised
    }

    private func assertReadsAsItsLFTwin(_ directory: String, _ files: [(String, String)], file: StaticString = #filePath, line: UInt = #line) throws {
        let lf = try reading(directory, files)
        let windows = try reading(directory, files.map { ($0.0, crlf($0.1)) })
        XCTAssertEqual(windows, lf, file: file, line: line)
    }

    func testEveryLineReadingLayoutReadsACRLFDirectoryAsItsLFTwin() throws {
        try assertReadsAsItsLFTwin("db/migrations", [
            ("20240101000000_a.sql", "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n\n-- migrate:down\nDROP INDEX a_id;\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("1700000000010_add-summary.sql", "-- Up Migration\nALTER TABLE r ADD COLUMN s text;\n\n-- Down Migration\nALTER TABLE r DROP COLUMN s;\n"),
            ("1700000000000_create.sql", "--- up   migration\nCREATE TABLE r (id int);\n--   DOWN migration\nDROP TABLE r;\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("committed/000001.sql", "--! Previous: -\n--! Hash: sha1:aaa\n\nCREATE TABLE a (id int);\n"),
            ("committed/000002-index.sql",
             "--! Previous: sha1:aaa\n--! Hash: sha1:bbb\n--! Message: index\n\n--! no-transaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("atlas.sum", "h1:whole=\n20240101000000_a.sql h1:a=\n20240201000000_b.sql h1:b=\n"),
            ("20240201000000_b.sql", "-- atlas:txmode none\n\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"),
            ("20240101000000_a.sql", "-- Create \"a\" table\nCREATE TABLE a (id int);\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("10_index.sql", "-- +migrate Up notransaction\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n-- +migrate Down\nDROP INDEX a_id;\n"),
            ("2_a.sql", "-- a comment\n-- +migrate Up\nCREATE TABLE a (id int);\n\n-- +migrate Down\nDROP TABLE a;\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("001_a.sql", "CREATE TABLE a (id int);\n---- create above / drop below ----\nDROP TABLE a;\n"),
            ("002_b.sql", "CREATE TABLE b (id int);\n"),
        ])
        try assertReadsAsItsLFTwin("db/migrations", [
            ("10_b.sql", "-- +goose Down\nDROP TABLE a;\n-- +goose Up\nALTER TABLE a ADD COLUMN b int;\n"),
            ("2_a.sql", "-- +goose NO TRANSACTION\n\n--  +goose up\nCREATE TABLE a (id int);\n  -- +goose DOWN\nDROP TABLE a;\n"),
        ])
        try assertReadsAsItsLFTwin("migrations", [
            ("2024-05-01-120000_b/up.sql", "SELECT 2;"), ("2024-05-01-120000_b/metadata.toml", "# enum\nrun_in_transaction = false\n"),
            ("00000000000000_diesel_initial_setup/up.sql", "SELECT 1;"),
        ])
        try assertReadsAsItsLFTwin("db", [
            ("sqitch.plan", "%syntax-version=1.0.0\n%project=app\n\nusers 2024-01-01T00:00:00Z Ann <ann@example.com>\n"
                + "@v1.0 2024-01-03T00:00:00Z Ann <ann@example.com>\nusers [users@v1.0] 2024-01-04T00:00:00Z Ann <ann@example.com>\n"),
            ("sqitch.conf", ""), ("deploy/users.sql", "v2"), ("deploy/users@v1.0.sql", "v1"), ("revert/users.sql", ""),
        ])
    }

    func testACRLFMigrationKeepsItsTransactionModeAndMarkers() throws {
        // Each of these was a one-line file before: the marker on its second or third line was never seen.
        let goose = Array(crlf("-- comment\n-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX CONCURRENTLY a ON t (c);\n").utf8)
        let gooseKind = try XCTUnwrap(MigrationLayout.classify("db/migrations/20240101_a.sql", head: goose))
        XCTAssertEqual(gooseKind.framework, "goose")
        XCTAssertFalse(MigrationLayout.wrapsInTransaction(gooseKind, bytes: goose))
        let inTransaction = Array(crlf("-- comment\n-- +goose Up\nCREATE INDEX CONCURRENTLY a ON t (c);\n").utf8)
        XCTAssertTrue(MigrationLayout.wrapsInTransaction(gooseKind, bytes: inTransaction))
        let dbmate = Array(crlf("-- note\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY a ON t (c);\n").utf8)
        let dbmateKind = try XCTUnwrap(MigrationLayout.classify("db/migrations/20240101000000_a.sql", head: dbmate))
        XCTAssertEqual(dbmateKind.framework, "dbmate")
        XCTAssertFalse(MigrationLayout.wrapsInTransaction(dbmateKind, bytes: dbmate))
        XCTAssertEqual(MigrationLayout.nodePgMigrateMarker(Array(crlf("-- note\n-- Down Migration\n").utf8), "down"), 1)
    }

    /// Framework migrations in code: the same statements, on the same lines, whatever the line ends.
    func testCodeMigrationsReadAsTheirLFTwins() {
        func statements(_ text: String, _ format: MigrationFormat) -> [String] {
            FrameworkMigrationReader.read(Array(text.utf8), format: format).analyze().statements.map {
                "\($0.statement.line) \($0.statement.text.replacingOccurrences(of: "\r\n", with: "\n")) \($0.hazards.sorted())"
            }
        }
        let rails = """
            class AddNotes < ActiveRecord::Migration[7.1]
              def up
                create_table :notes do |t|
                  t.string :body, null: false
                  t.references :report
                end
                execute <<~SQL
                  ALTER TABLE users DROP COLUMN legacy_role;
                SQL
              end
            end
            """
        let laravel = """
            <?php
            return new class extends Migration {
                public function up(): void
                {
                    DB::statement(<<<'SQL'
                        ALTER TABLE orders DROP COLUMN legacy_total
                        SQL);
                }
            };
            """
        let cases: [(String, MigrationFormat)] = [(rails, .rails), (laravel, .laravel), (SeaORMMigrationTests.migration, .seaORM)]
        for (text, format) in cases {
            let lf = statements(text, format)
            XCTAssertFalse(lf.isEmpty, "\(format)")
            XCTAssertEqual(statements(crlf(text), format), lf, "\(format)")
        }
        // The Rails table's columns come from the lines of its block; SeaORM's table from its `iden` line.
        XCTAssertTrue(statements(crlf(rails), .rails).contains { $0.contains("body varchar NOT NULL") }, "\(statements(crlf(rails), .rails))")
        XCTAssertTrue(statements(crlf(SeaORMMigrationTests.migration), .seaORM).contains { $0.contains("CREATE TABLE tags") })
        // A Latin-1 comment line (bytes that are no UTF-8) on top leaves every statement one line further down.
        let bytes = Array("# R".utf8) + [0xE9] + Array("sum\r\n".utf8) + Array(crlf(rails).utf8)
        let lines = { (bytes: [UInt8]) in FrameworkMigrationReader.read(bytes, format: .rails).analyze().statements.map(\.statement.line) }
        XCTAssertEqual(lines(bytes), lines(Array(rails.utf8)).map { $0 + 1 })
    }

    func testAnAtlasSchemaWrittenOnWindows() {
        let head = "table \"reports\" {\n  column \"summary\" {\n    null = true\n    type = text\n  }\n}\n"
        let lf = AtlasSchemaReader.fragments(head: Array(head.utf8), added: { (2...5).contains($0) }, removed: [])
        let windows = AtlasSchemaReader.fragments(head: Array(crlf(head).utf8), added: { (2...5).contains($0) }, removed: [])
        XCTAssertEqual(lf.map(\.sql), ["ALTER TABLE reports ADD COLUMN summary text"])
        XCTAssertEqual(windows.map(\.sql), lf.map(\.sql))
        XCTAssertEqual(windows.map(\.line), lf.map(\.line))
    }
}
