import XCTest
@testable import GateSQL

/// Vapor's Fluent migrations are found in an app's `Migrations` folder and read from `prepare(on:)`.
final class FluentMigrationTests: XCTestCase {
    static let migration = """
        import Fluent
        import SQLKit

        struct ReworkTodos: AsyncMigration {
            func prepare(on database: Database) async throws {
                try await database.schema("todos")
                    .deleteField("legacy_note")
                    .field("priority", .int, .required)
                    .field("done", .bool, .required, .sql(.default(false)))
                    // .deleteField("title")
                    .update()

                try await database.schema("tags")
                    .id()
                    .field("name", .string, .required)
                    .unique(on: "name")
                    .create()

                try await (database as! SQLDatabase).raw("CREATE INDEX todos_priority_idx ON todos (priority)").run()
                try await Todo.query(on: database).filter(\\.$done == true).delete()
            }

            func revert(on database: Database) async throws {
                try await database.schema("tags").delete()
            }
        }
        """

    func testFluentSchemaBuilder() {
        let kind = MigrationLayout.classify("Sources/App/Migrations/ReworkTodos.swift", head: Array(Self.migration.utf8))
        XCTAssertEqual(kind?.format, .fluent)
        let script = FrameworkMigrationReader.read(Array(Self.migration.utf8), format: .fluent).analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE todos DROP COLUMN legacy_note",
            "ALTER TABLE todos ADD COLUMN priority bigint NOT NULL",
            "ALTER TABLE todos ADD COLUMN done boolean NOT NULL DEFAULT false",
            "CREATE TABLE tags (id uuid PRIMARY KEY, name text NOT NULL)",
            "ALTER TABLE tags ADD CONSTRAINT uq_tags_name UNIQUE (name)",
            "CREATE INDEX todos_priority_idx ON todos (priority)",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [7, 8, 9, 13, 16, 19])
        XCTAssertEqual(script.statements.map { $0.hazards.first ?? "" }, [
            "drop-column", "not-null-without-default", "", "", "", "index-without-concurrently",
        ])
    }

    /// A schema named by its model's constant is read for its hazards, but linked to no table by a guess.
    func testConstantNamesAreNotGuessed() {
        let script = FrameworkMigrationReader.read(Array("""
            import Fluent
            struct DropAddress: AsyncMigration {
                func prepare(on database: Database) async throws {
                    try await database.schema(User.schema).deleteField(User.FieldKeys.address).update()
                }
            }
            """.utf8), format: .fluent).analyze()
        XCTAssertEqual(script.statements.map(\.statement.text), [#"ALTER TABLE "User_schema" DROP COLUMN address"#])
        XCTAssertEqual(script.statements.first?.hazards.first, "drop-column")
    }

    func testLookAlikesAreNotMigrations() {
        let model = "import Fluent\nfinal class Todo: Model {\n    static let schema = \"todos\"\n}\n"
        let grdb = "import GRDB\nvar migrator = DatabaseMigrator()\nmigrator.registerMigration(\"v1\") { db in try db.drop(table: \"x\") }\n"
        let cases: [(String, String)] = [
            ("Sources/App/Models/Todo.swift", model),
            ("Sources/App/Migrations/Todo+Fields.swift", model),
            ("Sources/App/Migrations/AppMigrator.swift", grdb),
            ("Tests/AppTests/Migrations/ReworkTodosTests.swift", Self.migration),
        ]
        for (path, head) in cases { XCTAssertNil(MigrationLayout.classify(path, head: Array(head.utf8)), path) }
    }
}
