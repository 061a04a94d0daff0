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

    func testLeadingCommentsCTEsAndCopyColumnLists() {
        XCTAssertEqual(columns("-- name: CreateUser :one\nINSERT INTO users (email, referral_code) VALUES ($1, $2)"), ["email", "referral_code"])
        XCTAssertEqual(columns("/* summariser */ UPDATE tickets SET ai_summary = %s WHERE id = %s"), ["ai_summary"])
        XCTAssertEqual(
            columns("WITH s AS (SELECT ticket_id, text FROM summaries) UPDATE tickets t SET ai_summary = s.text FROM s WHERE s.ticket_id = t.id"),
            ["ai_summary"])
        XCTAssertEqual(columns("WITH moved AS (UPDATE jobs SET state = 'done' RETURNING id) SELECT count(*) FROM moved"), ["state"])
        XCTAssertEqual(columns("COPY tickets (id, ai_summary) FROM STDIN"), ["id", "ai_summary"])
        XCTAssertNil(RowWrite.read("COPY tickets (id, body) TO STDOUT"))
        XCTAssertNil(RowWrite.read("WITH r AS (SELECT id FROM tickets) SELECT id FROM r"))
        XCTAssertNil(RowWrite.read("-- just a note\nSELECT 1"))
    }

    func testStringOpeningsSeeWritesAfterCommentsAndInCTEsAndCopy() {
        XCTAssertEqual(DDLStrings.stringOpenings(Array("q = `-- name: CreateUser :exec\nINSERT INTO users (email) VALUES ($1)`".utf8)), [.write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("x(\"/* job */ UPDATE t SET a = 1\")".utf8)), [.write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("x(\"WITH s AS (SELECT 1) UPDATE t SET a = 1\")".utf8)), [.write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("cur.copy(\"COPY tickets (id) FROM STDIN\")".utf8)), [.write])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("label = \"Copy to clipboard\"; t = \"with love from us\"".utf8)), [])
        XCTAssertEqual(DDLStrings.stringOpenings(Array("s = \"-- a comment only\"".utf8)), [])
    }

    func testQueryFileStatementsSplitAtMarkersAndSemicolons() throws {
        let file = Array("-- name: CreateUser :one\nINSERT INTO users (email) VALUES ($1);\n\n-- name: Rename :exec\nUPDATE users SET name = 'a;b'\nWHERE id = $1\n".utf8)
        XCTAssertTrue(RowWrite.isQueryFile(file))
        let statements = try XCTUnwrap(RowWrite.queryFileStatements(file))
        let writes = statements.compactMap { RowWrite.read($0.sql) }
        XCTAssertEqual(writes.map(\.table), ["users", "users"])
        let rename = try XCTUnwrap(statements.first { RowWrite.read($0.sql)?.columns.first?.name == "name" })
        XCTAssertEqual(RowWrite.read(rename.sql)?.lines(in: rename.sql, from: rename.line), [5])
        XCTAssertNil(RowWrite.queryFileStatements(Array("CREATE TABLE users (id int);\n".utf8)))
        XCTAssertTrue(RowWrite.isQueryFile(Array("-- :name create-user :! :n\ninsert into users (email) values (:email)\n".utf8)))
    }
}
