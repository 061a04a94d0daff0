import GateCore
import GateSQL

/// Column dropped.
struct DropColumnDetector: SchemaHazardDetector {
    static let message =
        "drops a column: code that still uses it breaks and its data is lost"

    let description = DetectorDescription(
        id: "drop-column", name: "Column dropped", category: .schemaChange,
        rationale: """
            Dropping a column breaks running code that still reads or writes it, and the data is gone. It belongs in a post-rollout (contract) migration once no deployed code uses it.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports DROP COLUMN legacy_flag;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD COLUMN legacy_flag boolean;
                """,
                path: "db/migrations/0042_change.sql"),
            // A column swapped for one of another type under its name (copied, dropped, renamed into place): the
            // drop is the column's type change, reported as `column-type-change`.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
                UPDATE prompts SET json_prompt = to_jsonb(prompt) WHERE id BETWEEN 1 AND 10000;
                ALTER TABLE prompts DROP COLUMN prompt;
                ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
                """,
                path: "db/migrations/0043_prompt_to_json.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.dropColumn, in: file, context: context, message: Self.message)
    }
}
