import XCTest
@testable import GateSQL

/// Liquibase changelogs (XML, YAML, JSON, formatted SQL) are migrations: recognised by path and content, and read into
/// the SQL their change types run, so the same hazards are found as in a SQL migration.
final class LiquibaseChangelogReaderTests: XCTestCase {
    private func analyze(_ text: String, path: String) -> MigrationScript {
        FrameworkMigrationReader.read(Array(text.utf8), format: .liquibase, path: path).analyze()
    }

    private func hazards(_ script: MigrationScript) -> [String] {
        script.statements.map { "\($0.statement.line) \($0.hazards.sorted().joined(separator: ","))" }
    }

    func testXMLChangeTypesAreReadWithTheirLines() {
        let script = analyze("""
            <?xml version="1.0" encoding="UTF-8"?>
            <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
                <!-- <dropTable tableName="users"/> is only a comment -->
                <changeSet id="12" author="ana">
                    <addColumn tableName="reports">
                        <column name="status" type="VARCHAR(32)">
                            <constraints nullable="false"/>
                        </column>
                        <column name="summary" type="clob"/>
                    </addColumn>
                    <createIndex indexName="idx_reports_status" tableName="reports">
                        <column name="status"/>
                    </createIndex>
                    <dropColumn tableName="reports" columnName="legacy"/>
                    <renameColumn tableName="reports" oldColumnName="title" newColumnName="headline"/>
                    <sql>UPDATE reports SET status = 'new' WHERE status IS NULL</sql>
                    <rollback>
                        <dropColumn tableName="reports" columnName="status"/>
                    </rollback>
                </changeSet>
            </databaseChangeLog>
            """, path: "src/main/resources/db/changelog/changes/012-report-status.xml")
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 11, 14, 15, 16])
        XCTAssertTrue(script.statements[0].hazards.contains("not-null-without-default"), "\(hazards(script))")
        XCTAssertTrue(script.statements[1].hazards.contains("index-without-concurrently"), "\(hazards(script))")
        XCTAssertTrue(script.statements[2].hazards.contains("drop-column"), "\(hazards(script))")
        XCTAssertTrue(script.statements[3].hazards.contains("rename"), "\(hazards(script))")
        XCTAssertEqual(script.parseErrors, [])
    }

    func testYAMLAndJSONChangelogsAreReadAlike() {
        let yaml = analyze("""
            databaseChangeLog:
              - changeSet:
                  id: 7
                  author: bo
                  changes:
                    - addColumn:
                        tableName: users
                        columns:
                          - column:
                              name: plan
                              type: text
                              defaultValue: free
                              constraints:
                                nullable: false
                    - dropTable:
                        tableName: legacy_sessions
                  rollback:
                    - dropColumn:
                        tableName: users
                        columnName: plan
            """, path: "db/changelog/007-plan.yaml")
        XCTAssertEqual(yaml.statements.map(\.statement.line), [6, 15])
        // A default makes the NOT NULL column safe to add.
        XCTAssertFalse(yaml.statements[0].hazards.contains("not-null-without-default"), "\(hazards(yaml))")
        XCTAssertTrue(yaml.statements[1].hazards.contains("drop-table"), "\(hazards(yaml))")

        let json = analyze("""
            {"databaseChangeLog": [
              {"changeSet": {"id": "3", "author": "cy", "changes": [
                {"modifyDataType": {"tableName": "orders", "columnName": "total", "newDataType": "numeric(12,2)"}}
              ]}}
            ]}
            """, path: "db/changelog/003-total.json")
        XCTAssertEqual(json.statements.count, 1)
        XCTAssertFalse(json.statements[0].hazards.isEmpty, "\(hazards(json))")
    }

    func testChangelogsAreRecognisedByFolderOrNameAndContent() {
        let xml = Array("<databaseChangeLog></databaseChangeLog>".utf8)
        XCTAssertEqual(MigrationLayout.classify("src/main/resources/db/changelog/changes/001.xml", head: xml)?.format, .liquibase)
        XCTAssertEqual(MigrationLayout.classify("db/db.changelog-master.yaml", head: Array("databaseChangeLog:\n".utf8))?.format,
                       .liquibase)
        XCTAssertEqual(MigrationLayout.classify("liquibase/changes/002.json", head: Array("{\"databaseChangeLog\": []}".utf8))?.format,
                       .liquibase)
        // Formatted SQL in a changelog folder is SQL.
        XCTAssertEqual(MigrationLayout.classify("src/main/resources/db/changelog/sql/004.sql"),
                       MigrationFileKind(format: .sql, framework: "liquibase"))
        // Not changelogs: another XML in the folder, a changelog-named file of something else, a pom.
        XCTAssertNil(MigrationLayout.classify("src/main/resources/db/changelog/notes.xml", head: Array("<notes/>".utf8)))
        XCTAssertNil(MigrationLayout.classify("CHANGELOG.json", head: Array("{\"version\": \"1.0\"}".utf8)))
        XCTAssertNil(MigrationLayout.classify("pom.xml", head: Array("<project/>".utf8)))
    }
}
