import GateCore
import XCTest
@testable import GateRules

/// An ORM schema that still declares what a migration drops or renames: the ORM selects every column it declares,
/// so the application's queries break when the migration runs (`contract-still-used`). The schema updated with the
/// migration (the field removed, or renamed by `@map`) is no use.
final class ORMSchemaDeclarationTests: XCTestCase {
    private func stillUsed(_ migrationPath: String, _ sql: String, head: [String: String], changed: [String: String] = [:])
        throws -> [Finding]
    {
        var analyzer = SchemaChangeAnalyzer()
        var files = [SchemaTestFiles.sourceFile(path: migrationPath, head: sql)]
        for (path, text) in changed { files.append(SchemaTestFiles.sourceFile(path: path, head: text)) }
        for file in files { analyzer.observe(file, context: DetectionContext()) }
        var tree = head
        tree[migrationPath] = sql
        for (path, text) in changed { tree[path] = text }
        return try analyzer.finish(head: InMemoryHeadTree(files: tree), context: DetectionContext()).findings
            .filter { $0.rule == "contract-still-used" }
    }

    private let dropLegacy = "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE \"reports\" DROP COLUMN \"legacy_title\";\n"

    private func drizzle(_ columns: String) -> String {
        """
        import { pgTable, serial, text, integer } from "drizzle-orm/pg-core";

        export const reports = pgTable("reports", {
          id: serial("id").primaryKey(),
          title: text("title").notNull(),
        \(columns)
          ownerId: integer("owner_id"),
        });
        """
    }

    func testADrizzleTableStillDeclaringADroppedColumnUsesIt() throws {
        let found = try stillUsed("drizzle/0007_drop_legacy.sql", dropLegacy,
                                  head: ["src/db/schema.ts": drizzle("  legacyTitle: text(\"legacy_title\"),")])
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.hasPrefix("drops reports.legacy_title, which src/db/schema.ts:6 still uses") ?? false,
                      found.first?.message ?? "none")
        // The same, when the schema file is part of the change.
        XCTAssertEqual(try stillUsed("drizzle/0007_drop_legacy.sql", dropLegacy, head: [:],
                                     changed: ["src/db/schema.ts": drizzle("  legacyTitle: text(\"legacy_title\"),")]).count, 1)
        // A key with no name given is the column's name (or its snake case).
        XCTAssertEqual(try stillUsed("drizzle/0007_drop_legacy.sql", dropLegacy,
                                     head: ["src/db/schema.ts": drizzle("  legacyTitle: text(),")]).count, 1)
        // Removed from the schema with the migration: nothing.
        XCTAssertEqual(try stillUsed("drizzle/0007_drop_legacy.sql", dropLegacy, head: [:],
                                     changed: ["src/db/schema.ts": drizzle("")]), [])
        // Another table's column of the same name is not this one.
        let other = drizzle("").replacingOccurrences(of: "\"reports\"", with: "\"drafts\"")
            .replacingOccurrences(of: "ownerId", with: "legacyTitle: text(\"legacy_title\"),\n  ownerId")
        XCTAssertEqual(try stillUsed("drizzle/0007_drop_legacy.sql", dropLegacy, head: ["src/db/schema.ts": other]), [])
    }

    private func prisma(_ field: String) -> String {
        """
        generator client {
          provider = "prisma-client-js"
        }

        enum Status {
          DRAFT
          DONE
        }

        model Report {
          id        Int      @id @default(autoincrement())
          title     String
        \(field)
          status    Status
          author    User     @relation(fields: [authorId], references: [id])
          authorId  Int

          @@map("reports")
        }
        """
    }

    func testAPrismaModelStillDeclaringADroppedOrRenamedColumnUsesIt() throws {
        let migration = "prisma/migrations/20240611090000_drop_legacy/migration.sql"
        let found = try stillUsed(migration, dropLegacy, head: [:],
                                  changed: ["prisma/schema.prisma": prisma("  legacyTitle String? @map(\"legacy_title\")")])
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found.first?.message.contains("prisma/schema.prisma:13 still uses") ?? false, found.first?.message ?? "none")
        // Unchanged schema at head, the field named as the column.
        XCTAssertEqual(try stillUsed(migration, dropLegacy, head: ["prisma/schema.prisma": prisma("  legacy_title String?")]).count, 1)
        // The field gone: nothing. A relation field is no column.
        XCTAssertEqual(try stillUsed(migration, dropLegacy, head: ["prisma/schema.prisma": prisma("")]), [])
        let dropAuthor = "-- gate:phase post\nSET lock_timeout = '2s';\nALTER TABLE \"reports\" DROP COLUMN \"author\";\n"
        XCTAssertEqual(try stillUsed(migration, dropAuthor, head: ["prisma/schema.prisma": prisma("")]), [])
        // A dropped table whose model is still declared.
        let dropTable = "-- gate:phase post\nSET lock_timeout = '2s';\nDROP TABLE \"reports\";\n"
        XCTAssertTrue(try stillUsed(migration, dropTable, head: ["prisma/schema.prisma": prisma("")]).first?.message
            .contains("prisma/schema.prisma:10") ?? false)
    }
}
