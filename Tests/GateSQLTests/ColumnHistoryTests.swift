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

    /// A validated `CHECK (column IS NOT NULL)` of an earlier migration lets SET NOT NULL skip its scan (Postgres 12+):
    /// added NOT VALID then validated, or added valid. Not one left NOT VALID, one of another column, one dropped since,
    /// nor one whose column was renamed away.
    func testAValidatedNotNullCheckOfTheColumnProvesIt() throws {
        let earlier = """
            ALTER TABLE users ADD CONSTRAINT users_phone_nn CHECK (phone IS NOT NULL) NOT VALID;
            ALTER TABLE users VALIDATE CONSTRAINT users_phone_nn;
            ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL);
            ALTER TABLE users ADD CONSTRAINT users_name_nn CHECK (name IS NOT NULL) NOT VALID;
            ALTER TABLE users ADD CONSTRAINT users_ref_nn CHECK (ref IS NOT NULL);
            ALTER TABLE users DROP CONSTRAINT users_ref_nn;
            ALTER TABLE users ADD CONSTRAINT users_code_nn CHECK (code IS NOT NULL);
            ALTER TABLE users RENAME COLUMN code TO old_code;
            """
        let history = try history(earlier)
        XCTAssertTrue(history.provesNotNull(table: "public.users", column: "phone"))
        XCTAssertTrue(history.provesNotNull(table: "users", column: "old_code"))
        XCTAssertEqual(try hazards("""
            ALTER TABLE users ALTER COLUMN phone SET NOT NULL;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            ALTER TABLE users ALTER COLUMN name SET NOT NULL;
            ALTER TABLE users ALTER COLUMN tax_id SET NOT NULL;
            ALTER TABLE users ALTER COLUMN ref SET NOT NULL;
            ALTER TABLE users ALTER COLUMN code SET NOT NULL;
            """, after: earlier).map(\.first), [nil, nil, "set-not-null", "set-not-null", "set-not-null", "set-not-null"])
        var old = AnalysisOptions(requireLockTimeout: false, postgresVersion: 11)
        old.columnHistory = history
        XCTAssertEqual(
            try MigrationScript.analyze("ALTER TABLE users ALTER COLUMN phone SET NOT NULL;", options: old).statements.first?.hazards.first,
            "set-not-null")
    }
}
