import XCTest
@testable import GateSQL

final class RowWriteTests: XCTestCase {
    private func columns(_ sql: String) -> [String]? { RowWrite.read(sql)?.columns.map(\.name) }

    func testUpdateAssignmentsWithPlaceholdersOfEveryDriver() {
        XCTAssertEqual(RowWrite.read("UPDATE tickets SET summary = %s, score = %(score)s WHERE id = %s")?.table, "tickets")
        XCTAssertEqual(columns("UPDATE tickets SET summary = %s, score = %(score)s WHERE id = %s"), ["summary", "score"])
        XCTAssertEqual(columns("update public.\"Ticket\" t set \"aiSummary\" = ?, views = views + 1 where t.id = ?"), ["aiSummary", "views"])
        XCTAssertEqual(RowWrite.read("update public.\"Ticket\" t set \"aiSummary\" = ? where t.id = ?")?.table, "Ticket")
        XCTAssertEqual(columns("UPDATE ONLY jobs AS j SET (state, finished_at) = ('done', now()) RETURNING j.id"), ["state", "finished_at"])
        XCTAssertEqual(columns("UPDATE reports SET body = coalesce(:body, 'a, b'), flags = array[1, 2] FROM users WHERE x"), ["body", "flags"])
    }

    func testInsertColumnLists() {
        XCTAssertEqual(RowWrite.read("INSERT INTO ticket_events (ticket_id, kind) VALUES ($1, $2)")?.table, "ticket_events")
        XCTAssertEqual(columns("INSERT INTO ticket_events (ticket_id, kind) VALUES ($1, $2)"), ["ticket_id", "kind"])
        XCTAssertEqual(columns("insert into `orders` (`total`, note) values (?, ?)"), ["total", "note"])
        let offset = RowWrite.read("INSERT INTO t (a,\n  summary) VALUES (1, 2)")?.columns.last?.offset
        XCTAssertEqual(offset, 20)
    }

    func testANameInAnotherScriptIsOneName() {
        XCTAssertEqual(columns("UPDATE produits SET catégorie = $1, prix = $2"), ["catégorie", "prix"])
    }

    func testWhatIsNoStatementOrNamesByInterpolationIsNotRead() {
        XCTAssertNil(RowWrite.read("Update the ticket when the user saves it"))
        XCTAssertNil(RowWrite.read("INSERT INTO tickets VALUES (1, 2)"))
        XCTAssertNil(RowWrite.read("UPDATE tickets_${suffix} SET a = 1"))
        XCTAssertNil(RowWrite.read("UPDATE tickets SET ${column} = $1"))
        XCTAssertNil(RowWrite.read("UPDATE tickets SET %s = %s"))
        XCTAssertNil(RowWrite.read("INSERT a row into the table"))
    }

    func testStringOpeningsTellWritesFromDDLInOnePass() {
        let code = Array("db.query(\"UPDATE tickets SET a = 1\")\nlet s = 'updated'\n".utf8)
        XCTAssertEqual(DDLStrings.stringOpenings(code), [.write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("x = 'ALTER TABLE t ADD c int'; y = \"insert into t (a) values (1)\"".utf8)), [.ddl, .write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("label = 'Update profile'; other = \"updates\"".utf8)), [.write])
        XCTAssertEqual(DDLStrings.writeFragments(in: Array("label = 'Update profile'".utf8)).map(\.sql), ["Update profile"])
        XCTAssertNil(RowWrite.read("Update profile"))
        XCTAssertEqual(DDLStrings.stringOpenings(Array("a = 'updated_at'; b = \"inserted\"".utf8)), [])
    }

    func testAQueryBuildersTableIsTheFirstArgumentOfACallNamingIt() {
        XCTAssertEqual(DDLStrings.stringOpenings(Array("await supabase.from(\"tickets\").update({ a })".utf8)), [.namedTable])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("DB::table('tickets')->update(['a' => 1]);".utf8)), [.namedTable])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("knex(`tickets`).insert(row)".utf8)), [.namedTable])
        // Another call, a space before the literal, a longer word ending in a namer's name.
        XCTAssertEqual(DDLStrings.stringOpenings(Array("t(\"tickets\"); from( 'x'); datafrom(\"y\"); Array.from(list)".utf8)), [])
    }
}
