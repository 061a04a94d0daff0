import XCTest
@testable import GateSQL

/// Postgres 16-17 syntax parses with the libpg_query scripts/setup builds (Postgres 17 grammar), and is a clear
/// syntax error, never a crash or a silent pass, with Debian's libpg_query 15.
final class GrammarVersionTests: XCTestCase {
    static let postgres17 = [
        "MERGE INTO accounts a USING payments p ON a.id = p.account_id "
            + "WHEN MATCHED THEN UPDATE SET balance = a.balance + p.amount RETURNING a.id",
        "ALTER TABLE orders ALTER COLUMN total SET EXPRESSION AS (qty * price)",
    ]

    func testGrammarVersionIsALinkedPostgresMajor() {
        XCTAssertTrue([15, 16, 17].contains(MigrationScript.grammarVersion), "\(MigrationScript.grammarVersion)")
    }

    func testPostgres17SyntaxFollowsTheLinkedGrammar() throws {
        for sql in Self.postgres17 {
            let text = "SET lock_timeout = '1s';\n" + sql + ";\n"
            if MigrationScript.grammarVersion >= 17 {
                let script = try MigrationScript.analyze(text)
                XCTAssertEqual(script.statements.count, 2, sql)
            } else {
                XCTAssertThrowsError(try MigrationScript.analyze(text), sql) { error in
                    guard case .syntax(_, let line, _) = error as? SQLError else { return XCTFail("\(error)") }
                    XCTAssertEqual(line, 2, sql)
                }
            }
        }
    }

    func testSetExpressionRewritesTheTable() throws {
        guard MigrationScript.grammarVersion >= 17 else {
            // Debian's libpg_query 15: the statement cannot be read (the test above asserts the syntax error).
            XCTAssertThrowsError(try MigrationScript.analyze(Self.postgres17[1]))
            return
        }
        let script = try MigrationScript.analyze(
            "-- gate:phase post\nSET lock_timeout = '1s'; SET statement_timeout = '5min';\n" + Self.postgres17[1] + ";\n")
        XCTAssertEqual(script.statements.last?.hazards, ["table-rewrite"])
        let merge = try MigrationScript.analyze(Self.postgres17[0] + ";\n")
        XCTAssertEqual(merge.statements.first?.effect, .data)
    }
}
