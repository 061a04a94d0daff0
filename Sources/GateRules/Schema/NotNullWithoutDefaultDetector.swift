import GateCore
import GateSQL

/// NOT NULL column added without a default.
struct NotNullWithoutDefaultDetector: SchemaHazardDetector {
    static let message =
        "adds a NOT NULL column without a default: fails on a non-empty table and breaks inserts from code that does not know it"

    let description = DetectorDescription(
        id: "not-null-without-default", name: "NOT NULL column added without a default", category: .schemaChange,
        rationale: """
            Adding a NOT NULL column with no default fails on any table that has rows, and old code that inserts without the column breaks. Add it nullable (or with a default), backfill, then enforce NOT NULL through a validated CHECK. In an Atlas HCL schema a column is NOT NULL unless it says `null = true`.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ADD COLUMN status text NOT NULL;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                table "reports" {
                  column "id" {
                    type = bigint
                  }
                ↓  column "status" {
                    type = text
                  }
                }
                """,
                path: "schema/schema.hcl", base: "table \"reports\" {\n  column \"id\" {\n    type = bigint\n  }\n}\n"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN status text NOT NULL DEFAULT 'new';
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN status text;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                table "reports" {
                  column "id" {
                    type = bigint
                  }
                  column "status" {
                    null = true
                    type = text
                  }
                }
                """,
                path: "schema/schema.hcl", base: "table \"reports\" {\n  column \"id\" {\n    type = bigint\n  }\n}\n"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.notNullWithoutDefault, in: file, context: context, message: Self.message)
    }
}
