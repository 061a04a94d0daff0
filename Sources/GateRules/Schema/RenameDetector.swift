import GateCore
import GateSQL

/// Column or table renamed.
struct RenameDetector: SchemaHazardDetector {
    static let message =
        "renames a column or table: running code that uses the old name breaks the moment this runs"

    let description = DetectorDescription(
        id: "rename", name: "Column or table renamed", category: .schemaChange,
        rationale: """
            A rename is instant for Postgres but breaks every running instance of the old code that still uses the old name. Expand (add the new name, write both), switch the code, then contract.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports RENAME COLUMN title TO headline;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports RENAME TO documents;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER INDEX reports_owner RENAME TO reports_owner_idx;
                """,
                path: "db/migrations/0042_change.sql"),
            // A column this migration adds, renamed into place: no running code names it yet.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
                UPDATE prompts SET json_prompt = to_jsonb(prompt);
                ALTER TABLE prompts DROP COLUMN prompt;
                ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
                """,
                path: "db/migrations/0043_prompt_to_json.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.rename, in: file, context: context, message: Self.message)
    }
}
