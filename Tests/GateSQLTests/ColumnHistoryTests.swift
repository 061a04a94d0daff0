import XCTest
@testable import GateSQL

/// A column change judged against what the earlier migrations made the column.
final class ColumnHistoryTests: XCTestCase {
    private func history(_ sql: String) throws -> ColumnHistory {
        var history = ColumnHistory()
        history.apply(try MigrationScript.analyze(sql).statements)
        return history
    }

    private func hazards(_ sql: String, after earlier: String) throws -> [[String]] {
        var options = AnalysisOptions(requireLockTimeout: false)
        options.columnHistory = try history(earlier)
        return try MigrationScript.analyze(sql, options: options).statements.map(\.hazards)
    }

    func testWideningIsCatalogOnlyAndNarrowingIsNot() {
        XCTAssertTrue(ColumnHistory.widens(from: "varchar(255)", to: "varchar(500)"))
        XCTAssertTrue(ColumnHistory.widens(from: "varchar(255)", to: "text"))
        XCTAssertTrue(ColumnHistory.widens(from: "varchar(255)", to: "varchar"))
        XCTAssertTrue(ColumnHistory.widens(from: "text", to: "varchar"))
        XCTAssertTrue(ColumnHistory.widens(from: "numeric(10,2)", to: "numeric(12,2)"))
        XCTAssertTrue(ColumnHistory.widens(from: "int4", to: "int4"))
        // As frameworks write them.
        XCTAssertTrue(ColumnHistory.widens(from: "character varying(256)", to: "VARCHAR(512)"))
        XCTAssertTrue(ColumnHistory.widens(from: "decimal(10, 2)", to: "numeric(12,2)"))
        XCTAssertTrue(ColumnHistory.widens(from: "integer", to: "int4"))
        XCTAssertFalse(ColumnHistory.widens(from: "varchar(500)", to: "varchar(100)"))
        XCTAssertFalse(ColumnHistory.widens(from: "varchar", to: "varchar(100)"))
        XCTAssertFalse(ColumnHistory.widens(from: "text", to: "varchar(100)"))
        XCTAssertFalse(ColumnHistory.widens(from: "int4", to: "int8"))
        XCTAssertFalse(ColumnHistory.widens(from: "numeric(10,2)", to: "numeric(12,4)"))
        XCTAssertFalse(ColumnHistory.widens(from: "varchar(20)[]", to: "varchar(40)[]"))
    }

    func testTheHistoryFollowsRenamesDropsAndChanges() throws {
        let history = try history("""
            CREATE TABLE public.users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, name text);
            ALTER TABLE users RENAME COLUMN name TO full_name;
            ALTER TABLE users ALTER COLUMN full_name SET NOT NULL, ADD COLUMN bio varchar(100);
            ALTER TABLE users RENAME TO members;
            CREATE TABLE gone (id int);
            DROP TABLE gone;
            """)
        XCTAssertEqual(history.column(table: "members", name: "email"), .init(type: "varchar(255)", notNull: true))
        XCTAssertEqual(history.column(table: "members", name: "full_name"), .init(type: "text", notNull: true))
        XCTAssertEqual(history.column(table: "members", name: "bio"), .init(type: "varchar(100)", notNull: false))
        XCTAssertNil(history.column(table: "users", name: "email"))
        XCTAssertNil(history.column(table: "gone", name: "id"))
    }

    func testAWideningOrARestatementCarriesNoHazardAndTheRestStillDo() throws {
        let earlier = "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255) NOT NULL, bio varchar(100), age int);"
        XCTAssertEqual(try hazards("""
            ALTER TABLE users ALTER COLUMN email TYPE varchar(500);
            ALTER TABLE users ALTER COLUMN bio TYPE text;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            ALTER TABLE users ALTER COLUMN bio DROP NOT NULL;
            """, after: earlier), [[], [], [], []])
        let narrowing = try hazards("""
            ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
            ALTER TABLE users ALTER COLUMN age TYPE bigint;
            ALTER TABLE users ALTER COLUMN bio SET NOT NULL;
            ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
            """, after: earlier)
        XCTAssertEqual(narrowing.map(\.first), ["varchar-length-change", "column-type-change", "set-not-null", "client-breaking-change"])
        // A column the history does not know stays judged as the change it may be.
        XCTAssertEqual(try hazards("ALTER TABLE users ALTER COLUMN nickname TYPE varchar(500);", after: earlier)[0].first,
                       "varchar-length-change")
    }

    /// A USING expression that computes something rewrites every row, however wide the new type is.
    func testAWideningThatComputesItsValuesStillRewrites() throws {
        let earlier = "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255), name varchar(100));"
        XCTAssertEqual(try hazards("""
            ALTER TABLE users ALTER COLUMN email TYPE varchar(500) USING lower(email);
            ALTER TABLE users ALTER COLUMN name TYPE text USING name::text;
            """, after: earlier).map(\.first), ["table-rewrite", nil])
    }

    func testTheScriptsOwnChangesMoveTheHistoryOn() throws {
        let earlier = "CREATE TABLE users (id bigserial PRIMARY KEY, email varchar(255));"
        // Widened to 500 by the first statement, the column is narrowed back by the second.
        XCTAssertEqual(try hazards("""
            ALTER TABLE users ALTER COLUMN email TYPE varchar(500);
            ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
            """, after: earlier).map(\.first), [nil, "varchar-length-change"])
    }
}
