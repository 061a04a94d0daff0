import GateCore
import GateSQL

/// Column type changed.
struct ColumnTypeChangeDetector: SchemaHazardDetector {
    static let message =
        "changes a column's type: usually a full table rewrite under an exclusive lock, and old code may not read the new type"

    let description = DetectorDescription(
        id: "column-type-change", name: "Column type changed", category: .schemaChange,
        rationale: """
            ALTER COLUMN ... TYPE rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock for most type changes (int to bigint among them), and code reading the old type may break. A change the project's earlier migrations show to only widen the column (varchar to text, a longer varchar, more numeric precision) or to restate its type rewrites nothing and is none. Add a new column, backfill, switch the code, then drop the old one. A column swapped for one of another type under its name (add a new column, copy the data, drop the old one, rename the new one to the old name), in one migration or across the migrations of one change, is read as this type change, reported at the drop: no rewrite under lock, but code using the old type still breaks.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ALTER COLUMN score TYPE bigint;
                """,
                path: "db/migrations/0042_change.sql"),
            // A column swapped for one of another type under its name: the drop is where the type changes.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
                UPDATE prompts SET json_prompt = to_jsonb(prompt) WHERE id BETWEEN 1 AND 10000;
                ↓ALTER TABLE prompts DROP COLUMN prompt;
                ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
                """,
                path: "db/migrations/0043_prompt_to_json.sql"),
        ],
        nonTriggering: [
            // varchar to text, after the migration that created the column a varchar: a catalog-only change.
            DetectorExample(
                """
                class WidenReportTitles < ActiveRecord::Migration[7.1]
                  def change
                    change_column :reports, :title, :text
                  end
                end
                """,
                path: "db/migrate/20240301000000_widen_report_titles.rb",
                alongside: [(
                    "db/migrate/20240101000000_create_reports.rb",
                    "class CreateReports < ActiveRecord::Migration[7.1]\n  def change\n    create_table :reports do |t|\n      t.string :title, null: false\n    end\n  end\nend\n"
                )]),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ALTER COLUMN score SET DEFAULT 0;
                """,
                path: "db/migrations/0042_change.sql"),
            // Without a copy of the old data the new column replaces it empty: a drop (reported as one), no type change.
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
                ALTER TABLE prompts DROP COLUMN prompt;
                ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
                """,
                path: "db/migrations/0043_prompt_to_json.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.columnTypeChange, in: file, context: context, message: Self.message) { analysis in
            analysis.columnSwaps.mapValues { Self.message(for: $0, at: { "line \(analysis.script?.statements[$0.statement].statement.line ?? 0)" }) }
        }
    }

    /// The message for a column swapped for one of another type (add, copy, drop, rename), told where its steps are.
    static func message(for swap: ColumnSwap, at place: (ColumnSwap.Site) -> String) -> String {
        let column = "\(swap.table).\(swap.column)"
        var text = "swaps \(column) for \(swap.replacement), a new \(swap.type) column (added at \(place(swap.added)), "
            + "renamed into its place at \(place(swap.renamed))): a type change of \(column) without a rewrite under lock, "
            + "but code that reads or writes it as its old type breaks, and what old code writes to the old column after "
            + "the copy is lost unless it writes both"
        if swap.dropped.migration != swap.renamed.migration {
            text += "; from this drop until the rename runs, \(column) does not exist"
        }
        return text
    }
}
