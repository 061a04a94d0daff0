import XCTest
@testable import GateSQL

final class MigrationScriptTests: XCTestCase {
    func testStatementsCarryTheirPositionPastCommentsAndBlankLines() throws {
        let sql = """
            -- add the summary column
            SET lock_timeout = '5s';

            /* a block comment */   ALTER TABLE reports
                ADD COLUMN summary text;
            CREATE INDEX CONCURRENTLY reports_summary ON reports (summary);
            """
        let script = try MigrationScript.analyze(sql)
        XCTAssertEqual(script.statements.map(\.statement.line), [2, 4, 6])
        XCTAssertEqual(script.statements[1].statement.column, 25)
        XCTAssertEqual(script.statements[1].statement.text, "ALTER TABLE reports\n    ADD COLUMN summary text")
        let bytes = Array(sql.utf8)
        let offset = script.statements[1].statement.offset
        XCTAssertEqual(String(decoding: bytes[offset..<(offset + 11)], as: UTF8.self), "ALTER TABLE")
        XCTAssertEqual(script.statements[1].operations, [
            .addColumn(table: "reports", column: ColumnSpec(name: "summary", type: "text")),
        ])
    }

    func testSyntaxErrorCarriesLineAndColumn() {
        let sql = "SELECT 'é';\nALTER TABLE users\n  ADD COLUMN;\n"
        XCTAssertThrowsError(try MigrationScript.analyze(sql)) { error in
            guard case SQLError.syntax(let message, let line, let column) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("syntax error at or near \";\""), message)
            XCTAssertEqual(line, 3)
            XCTAssertEqual(column, 13)
        }
        XCTAssertThrowsError(try MigrationScript.analyze("SELEC 1")) { error in
            XCTAssertEqual(error as? SQLError, .syntax(message: "pg_query_parse: syntax error at or near \"SELEC\"", line: 1, column: 1))
        }
    }

    func testVerifySectionAndItsErrorsArePositionedInTheWholeScript() throws {
        let sql = """
            ALTER TABLE users ADD COLUMN plan text;
            -- gate:verify
            SELECT count(*) = 0 FROM users WHERE plan IS NULL;
            SELECT true;
            """
        let script = try MigrationScript.analyze(sql)
        XCTAssertEqual(script.statements.count, 1)
        XCTAssertEqual(script.verifyStatements.map(\.text), ["SELECT count(*) = 0 FROM users WHERE plan IS NULL", "SELECT true"])
        XCTAssertEqual(script.verifyStatements.map(\.line), [3, 4])
        XCTAssertThrowsError(try MigrationScript.analyze("SELECT 1;\n-- gate:verify\nSELECT 1;\nSELEC true;")) { error in
            guard case SQLError.syntax(_, let line, let column) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 4)
            XCTAssertEqual(column, 1)
        }
    }

    func testUnknownDirectivesAreErrorsNotSilence() {
        XCTAssertThrowsError(try MigrationScript.analyze("-- gate:phase later\nSELECT 1;")) { error in
            guard case SQLError.syntax(let message, let line, _) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("later"))
            XCTAssertEqual(line, 1)
        }
        XCTAssertThrowsError(try MigrationScript.analyze("-- gate:verfy\nSELECT 1;"))
    }

    func testEmptyAndCommentOnlyScripts() throws {
        XCTAssertEqual(try MigrationScript.analyze("").statements, [])
        XCTAssertEqual(try MigrationScript.analyze("-- nothing yet\n/* later */\n").statements, [])
    }

    func testChecksDescribeTheCatalogAfterTheStatement() throws {
        let script = try MigrationScript.analyze("""
            SET lock_timeout = '1s';
            CREATE TABLE "Reports" (id bigserial PRIMARY KEY, title varchar(200) NOT NULL, body text);
            ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';
            ALTER TABLE users DROP COLUMN legacy;
            CREATE INDEX CONCURRENTLY users_plan ON users (plan);
            ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
            ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
            DROP TABLE audit;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """)
        let descriptions = script.statements.map { $0.checks.map(\.description) }
        XCTAssertEqual(descriptions[1], [
            "table Reports exists", "column Reports.id exists as int8 NOT NULL",
            "column Reports.title exists as varchar(200) NOT NULL", "column Reports.body exists as text NULL",
        ])
        XCTAssertEqual(descriptions[2], ["column users.plan exists as text NOT NULL"])
        XCTAssertEqual(descriptions[3], ["column users.legacy is gone"])
        XCTAssertEqual(descriptions[4], ["index users_plan exists and is valid"])
        XCTAssertEqual(descriptions[5], ["constraint orders_user_fk on orders exists"])
        XCTAssertEqual(descriptions[6], ["constraint orders_user_fk on orders is validated"])
        XCTAssertEqual(descriptions[7], ["table audit is gone"])
        XCTAssertEqual(descriptions[8], ["column users.email exists NOT NULL"])
        XCTAssertTrue(script.statements[1].checks[0].sql.contains("to_regclass('\"Reports\"')"))
        XCTAssertTrue(script.statements[4].checks[0].sql.contains("indisvalid"))
        XCTAssertTrue(script.statements[6].checks[0].sql.contains("convalidated"))
        // Every generated check is itself valid SQL.
        for check in script.statements.flatMap(\.checks) {
            XCTAssertNoThrow(try MigrationScript.analyze(check.sql), check.sql)
        }
    }

    func testQuotesInNamesAreEscapedInChecks() throws {
        let script = try MigrationScript.analyze("SET lock_timeout='1s'; ALTER TABLE \"we'ird\" ADD COLUMN \"x\"\"y\" text;")
        let check = try XCTUnwrap(script.statements.last?.checks.first)
        XCTAssertTrue(check.sql.contains("to_regclass('\"we''ird\"')"), check.sql)
        XCTAssertTrue(check.sql.contains("a.attname = 'x\"y'"), check.sql)
        XCTAssertNoThrow(try MigrationScript.analyze(check.sql))
    }

    func testFragmentsKeepTheirCodeLinesAndCollectParseErrors() {
        let script = MigrationScript.analyze(fragments: [
            SQLFragment(sql: "ALTER TABLE users DROP COLUMN legacy", line: 12),
            SQLFragment(sql: "ALTER TABLE users ADD COLUMN", line: 20),
            SQLFragment(sql: "CREATE INDEX CONCURRENTLY i ON users (a)", line: 31),
        ], options: AnalysisOptions(implicitTransaction: true, requireLockTimeout: false))
        XCTAssertEqual(script.statements.map(\.statement.line), [12, 31])
        XCTAssertEqual(script.statements[1].hazards, ["concurrently-in-transaction"])
        XCTAssertEqual(script.parseErrors.count, 1)
        if case .syntax(_, let line, _)? = script.parseErrors.first { XCTAssertEqual(line, 20) } else { XCTFail() }
    }

    func testNamesWithEscapesAndNonASCIIComeThroughTheParseTree() throws {
        let script = try MigrationScript.analyze(
            "ALTER TABLE \"café\" ADD COLUMN \"naïve😀\" text;\nALTER TYPE mood ADD VALUE 'it''s \"x\"\ty\\z';\n")
        XCTAssertEqual(script.statements[0].operations, [
            .addColumn(table: "café", column: ColumnSpec(name: "naïve😀", type: "text")),
        ])
        XCTAssertEqual(script.statements[1].operations, [.enumAddValue(type: "mood", value: "it's \"x\"\ty\\z")])
        XCTAssertEqual(script.statements[1].statement.line, 2)
    }

    func testVolatileFunctionsAreFoundDeepInDefaults() throws {
        let script = try MigrationScript.analyze(
            "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN a int DEFAULT coalesce(NULL, (random() * 10)::int);\n")
        XCTAssertEqual(script.statements[1].hazards, ["volatile-default"])
        guard case .addColumn(_, let column) = script.statements[1].operations.first else { return XCTFail() }
        XCTAssertEqual(column.volatileDefault, "random")
    }

    /// Row security turned on for a live table with no policy for it in the script denies every row to API roles.
    func testRowSecurityEnabledWithoutAPolicyBreaksClients() throws {
        let bare = try MigrationScript.analyze("ALTER TABLE public.products ENABLE ROW LEVEL SECURITY;")
        XCTAssertTrue(bare.statements[0].hazards.contains("client-breaking-change"))
        let forced = try MigrationScript.analyze("ALTER TABLE products FORCE ROW LEVEL SECURITY;")
        XCTAssertTrue(forced.statements[0].hazards.contains("client-breaking-change"))
        let withPolicy = try MigrationScript.analyze("""
            ALTER TABLE public.products ENABLE ROW LEVEL SECURITY;
            CREATE POLICY "read" ON public.products FOR SELECT USING (true);
            """)
        XCTAssertFalse(withPolicy.statements[0].hazards.contains("client-breaking-change"))
        let ownTable = try MigrationScript.analyze("""
            CREATE TABLE audit_log (id bigint PRIMARY KEY);
            ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
            """)
        XCTAssertFalse(ownTable.statements[1].hazards.contains("client-breaking-change"))
        let disabled = try MigrationScript.analyze("ALTER TABLE products DISABLE ROW LEVEL SECURITY;")
        XCTAssertFalse(disabled.statements[0].hazards.contains("client-breaking-change"))
    }
}
