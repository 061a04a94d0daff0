import XCTest
@testable import GateSQL

/// DDL inside application code: the cheap prefilter and the string literals it leads to.
final class DDLStringsTests: XCTestCase {
    func testPrefilterLooksForDDLPhrasesNotWords() {
        for text in ["db.exec('ALTER TABLE t ADD x int')", "create  unique\n  index i on t(a)", "\"DROP type mood\"",
                     "TRUNCATE t", "sql = 'create table x (a int)'"] {
            XCTAssertTrue(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
        for text in ["const index = items.indexOf(x); table.render(); type Props = {}",
                     "for index, row in enumerate(table): pass", "SELECT * FROM tables WHERE type = 1", "altertable"] {
            XCTAssertFalse(DDLStrings.mayContainDDL(Array(text.utf8)), text)
        }
    }

    func testFragmentsAreTheLiteralsThatStartWithDDL() {
        let source = """
            cursor.execute("SELECT 1")
            cursor.execute(
                '''
                CREATE INDEX reports_owner ON reports (owner_id)
                ''')
            db.Exec(`ALTER TABLE ${table} ADD COLUMN x int`)
            log("alter table is risky")  # prose that starts like DDL: it does not parse
            """
        let fragments = DDLStrings.fragments(in: Array(source.utf8))
        XCTAssertEqual(fragments.map(\.line), [4, 6, 7])
        XCTAssertEqual(fragments[0].sql.trimmingCharacters(in: .whitespacesAndNewlines),
                       "CREATE INDEX reports_owner ON reports (owner_id)")
        XCTAssertEqual(fragments[1].sql, "ALTER TABLE placeholder ADD COLUMN x int")
        let script = MigrationScript.analyze(fragments: fragments, options: AnalysisOptions(requireLockTimeout: false, judgesPhase: false))
        XCTAssertEqual(script.statements.map(\.statement.line), [4, 6])
        XCTAssertEqual(script.parseErrors.count, 1)
    }
}
