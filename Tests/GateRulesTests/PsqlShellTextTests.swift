import XCTest

@testable import GateRules

/// How shell text hands psql its SQL: `-c`, heredocs, here-strings and files (`-f`, `--file=`, `<`).
final class PsqlShellTextTests: XCTestCase {
    private func read(_ text: String) -> ShellTextReader {
        var reader = ShellTextReader(bytes: Array(text.utf8), catalogue: DetectionContext().catalogue)
        reader.read(0..<text.utf8.count)
        return reader
    }

    func testQuotedHeredocBodyIsLiteralSQLAndNotReadAsCommands() {
        let reader = read("""
            psql "$DATABASE_URL" <<'SQL'
            ALTER TABLE users DROP COLUMN email; -- don't keep it
            SQL
            echo done

            """)
        XCTAssertEqual(reader.psqlCommands.count, 1)
        let command = reader.psqlCommands[0]
        XCTAssertEqual(command.sql, "ALTER TABLE users DROP COLUMN email; -- don't keep it\n")
        XCTAssertTrue(command.literal)
        XCTAssertTrue(command.asWritten)
        XCTAssertTrue(command.secret)
        XCTAssertEqual(reader.position(of: command.offset).line, 2)
    }

    func testUnquotedIndentedHeredocExpandsAndEndsAtItsIndentedDelimiter() {
        let reader = read("psql -h localhost app <<-EOF\n\tDROP TABLE $TABLE;\n\tEOF\npsql \"$DATABASE_URL\" -c 'SELECT 1'\n")
        XCTAssertEqual(reader.psqlCommands.map(\.sql), ["\tDROP TABLE $TABLE;\n", "SELECT 1"])
        XCTAssertFalse(reader.psqlCommands[0].literal)
        XCTAssertTrue(reader.psqlCommands[0].local)
    }

    func testHeredocWithoutItsClosingLineRecordsNothing() {
        let reader = read("psql \"$DATABASE_URL\" <<SQL\nALTER TABLE users ADD COLUMN nickname text;\n")
        XCTAssertTrue(reader.psqlCommands.isEmpty)
    }

    func testHereStringIsOneStatement() {
        let reader = read("psql \"$DATABASE_URL\" <<< \"ALTER TABLE users ADD COLUMN nickname text\"\n")
        XCTAssertEqual(reader.psqlCommands.map(\.sql), ["ALTER TABLE users ADD COLUMN nickname text"])
    }

    func testFilesGivenWithEachSpelling() {
        let reader = read("""
            psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f db/a.sql
            psql "$DATABASE_URL" -fdb/b.sql
            psql "$DATABASE_URL" --file=db/c.sql
            psql "$DATABASE_URL" --file db/d.sql
            psql "$DATABASE_URL" < db/e.sql
            psql "$DATABASE_URL" <db/f.sql
            psql -h 127.0.0.1 -f db/g.sql

            """)
        XCTAssertEqual(reader.psqlFiles.map(\.path), ["db/a.sql", "db/b.sql", "db/c.sql", "db/d.sql", "db/e.sql", "db/f.sql", "db/g.sql"])
        XCTAssertEqual(reader.psqlFiles.map(\.local), [false, false, false, false, false, false, true])
        XCTAssertTrue(reader.psqlCommands.isEmpty)
    }

    func testMetaCommandsAreBlankedKeepingLines() {
        let sql = "\\set ON_ERROR_STOP on\nALTER TABLE t ADD COLUMN c text;\n  \\i other.sql\n"
        let blanked = PsqlRunFiles.withoutMetaCommands(sql)
        XCTAssertEqual(blanked.split(separator: "\n", omittingEmptySubsequences: false).count, 4)
        XCTAssertFalse(blanked.contains("\\"))
        XCTAssertTrue(blanked.contains("ALTER TABLE t ADD COLUMN c text;"))
    }

    func testSeedsAndTruncatesChangeNoSchema() {
        XCTAssertFalse(PsqlRunFiles.changesSchema(Array("INSERT INTO plans VALUES (1);\nSELECT 1;\n".utf8)))
        XCTAssertFalse(PsqlRunFiles.changesSchema(Array("TRUNCATE plans CASCADE;\nINSERT INTO plans VALUES (1);\n".utf8)))
        XCTAssertTrue(PsqlRunFiles.changesSchema(Array("-- release\nALTER TABLE users DROP COLUMN email;\n".utf8)))
    }
}
