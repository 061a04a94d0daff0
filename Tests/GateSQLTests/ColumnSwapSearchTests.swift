import XCTest
@testable import GateSQL

/// The column swap is found only with its copy in place, between the add and the drop.
final class ColumnSwapSearchTests: XCTestCase {
    func swaps(_ sql: String...) throws -> [ColumnSwap] {
        try ColumnSwap.find(in: sql.map { ColumnSwap.Migration(script: try MigrationScript.analyze($0)) })
    }

    func testTheCopyMustNameBothColumnsAndComeBeforeTheDrop() throws {
        let add = "ALTER TABLE prompts ADD COLUMN json_prompt jsonb;"
        let found = try swaps(add + "UPDATE prompts SET json_prompt = to_jsonb(prompt);", "ALTER TABLE prompts DROP COLUMN prompt;\nALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;")
        XCTAssertEqual(found.map { "\($0.table).\($0.column) \($0.replacement) \($0.type)" }, ["prompts.prompt json_prompt jsonb"])
        XCTAssertEqual(found.first?.dropped, ColumnSwap.Site(migration: 1, statement: 0))
        XCTAssertFalse(found.first?.isWithinOneMigration ?? true)
        // A copy after the drop copies nothing; a write of the new column from elsewhere is no copy.
        XCTAssertEqual(try swaps(add + "ALTER TABLE prompts DROP COLUMN prompt;\nUPDATE prompts SET json_prompt = to_jsonb(prompt);\nALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;"), [])
        XCTAssertEqual(try swaps(add + "UPDATE prompts SET json_prompt = '{}';\nALTER TABLE prompts DROP COLUMN prompt;\nALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;"), [])
        // Another table's column of the same name is not the one dropped.
        XCTAssertEqual(try swaps(add + "UPDATE prompts SET json_prompt = to_jsonb(prompt);\nALTER TABLE drafts DROP COLUMN prompt;\nALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;"), [])
    }

    func testTheSwapsHazardsAreATypeChangeAtTheDrop() throws {
        let script = try MigrationScript.analyze("""
            ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
            UPDATE prompts SET json_prompt = to_jsonb(prompt);
            ALTER TABLE prompts DROP COLUMN prompt;
            ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
            """)
        let found = ColumnSwap.find(in: [ColumnSwap.Migration(script: script)])
        var reclassified = script
        ColumnSwap.reclassify(&reclassified, migration: 0, swaps: found)
        XCTAssertTrue(script.statements[2].hazards.contains("drop-column"))
        XCTAssertEqual(reclassified.statements[2].hazards.first, "column-type-change")
        XCTAssertFalse(reclassified.statements[2].hazards.contains("drop-column"))
        XCTAssertEqual(reclassified.statements.map(\.statement.text), script.statements.map(\.statement.text))
    }
}
