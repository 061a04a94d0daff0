import XCTest
@testable import GateSQL

/// Flyway's and Liquibase's `${…}` placeholders, read as names of the same length.
final class SQLPlaceholdersTests: XCTestCase {
    func testPlaceholdersBecomeNamesOfTheSameLength() throws {
        let sql = "CREATE TABLE ${flyway:defaultSchema}.tags (id bigint);\nGRANT SELECT ON \"${schema}\".tags TO ${app-role};\n"
        let substituted = String(decoding: SQLPlaceholders.substituted(Array(sql.utf8)), as: UTF8.self)
        XCTAssertEqual(substituted, "CREATE TABLE __flyway_defaultSchema_.tags (id bigint);\nGRANT SELECT ON \"__schema_\".tags TO __app_role_;\n")
        XCTAssertEqual(substituted.utf8.count, sql.utf8.count)
        XCTAssertEqual(try MigrationScript.analyze(substituted).statements.map(\.statement.line), [1, 2])
        // Dollar quoting, positional parameters and an unclosed brace are no placeholders.
        for text in ["SELECT $1", "DO $$ BEGIN PERFORM 1; END $$", "SELECT '${'", "SELECT '${x\n}'", "${}"] {
            XCTAssertEqual(SQLPlaceholders.substituted(Array(text.utf8)), Array(text.utf8), text)
        }
    }

    func testOnlyToolsThatReplaceThemReadThemAsNames() {
        XCTAssertTrue(SQLPlaceholders.areReplaced(in: MigrationFileKind(format: .sql, framework: "flyway")))
        XCTAssertTrue(SQLPlaceholders.areReplaced(in: MigrationFileKind(format: .sql, framework: "liquibase")))
        XCTAssertFalse(SQLPlaceholders.areReplaced(in: MigrationFileKind(format: .sql, framework: "golang-migrate")))
        XCTAssertEqual(MigrationLayout.classify("db/changelog/changes/003-tags.sql")?.framework, "liquibase")
    }
}
