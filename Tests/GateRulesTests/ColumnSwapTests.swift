import GateTestSupport
import XCTest

/// A column swapped for one of another type under its name (add a new column, copy the data, drop the old one,
/// rename the new one to the old name) is read as a type change of that column, in one migration or across the
/// migrations of one change, in the shapes plain SQL, Rails, Django and Alembic write it; drops and renames that
/// are only that stay reported as such. Checked on real repositories whose head code uses the column.
final class ColumnSwapTests: XCTestCase {
    /// A repository with a `prompts` table (made by `initial` at `path`) whose `prompt` column head code writes.
    private func repository(_ path: String, _ initial: String, code: (path: String, text: String)) throws -> (GitFixture, String) {
        let repo = try GitFixture()
        try repo.write(path, initial)
        try repo.write(code.path, code.text)
        return (repo, try repo.commit("prompts"))
    }

    private let sqlCode = (path: "src/prompts.ts", text: """
        export async function createPrompt(db: Pool, name: string, prompt: unknown) {
          return db.query("INSERT INTO prompts (name, prompt) VALUES ($1, $2)", [name, prompt]);
        }
        """)

    private func sqlRepository() throws -> (GitFixture, String) {
        try repository(
            "db/migrations/0001_init.sql", "CREATE TABLE prompts (id bigint PRIMARY KEY, name text, prompt text);\n", code: sqlCode)
    }

    func testPlainSQLAcrossThreeMigrationsIsATypeChangeNotABlockedDrop() throws {
        let (repo, base) = try sqlRepository()
        try repo.write("db/migrations/0002_add_json_prompt.sql", """
            SET lock_timeout = '2s';
            ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
            UPDATE prompts SET json_prompt = to_jsonb(prompt) WHERE json_prompt IS NULL AND id < 100000;
            """)
        try repo.write("db/migrations/0003_drop_prompt.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts DROP COLUMN prompt;
            """)
        try repo.write("db/migrations/0004_rename_json_prompt.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
            """)
        _ = try repo.commit("prompt to jsonb")
        let report = try GateCheckReport(repo, base: base)
        let located = report.located
        // Not a drop still used by src/prompts.ts (the rename makes prompts.prompt again), nor a rename.
        XCTAssertTrue(located.contains("column-type-change db/migrations/0003_drop_prompt.sql:3"), "\(located.sorted())")
        XCTAssertFalse(located.contains { $0.hasPrefix("contract-still-used") || $0.hasPrefix("drop-column") || $0.hasPrefix("rename ") },
                       "\(located.sorted())")
        XCTAssertNotEqual(report.decision, "block")
        let message = try XCTUnwrap(report.findings("column-type-change").first?["message"] as? String)
        XCTAssertTrue(message.hasPrefix(
            "swaps prompts.prompt for json_prompt, a new jsonb column (added at db/migrations/0002_add_json_prompt.sql:2, "
                + "renamed into its place at db/migrations/0004_rename_json_prompt.sql:3)"), message)
        XCTAssertTrue(message.contains("until the rename runs, prompts.prompt does not exist"), message)
        // The summary reads the same way.
        XCTAssertEqual(report.statements(of: "db/migrations/0003_drop_prompt.sql").last,
                       "3: ALTER TABLE prompts DROP COLUMN prompt [column-type-change]")
        XCTAssertEqual(report.statements(of: "db/migrations/0004_rename_json_prompt.sql").last,
                       "3: ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt []")
    }

    func testWithoutACopyOrWithTheAddOutsideTheChangeADropIsADrop() throws {
        // No copy: the new column replaces the old one empty, and the old data is dropped.
        let (repo, base) = try sqlRepository()
        try repo.write("db/migrations/0002_replace_prompt.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
            ALTER TABLE prompts DROP COLUMN prompt;
            ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
            """)
        _ = try repo.commit("replace prompt")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertTrue(report.located.contains("drop-column db/migrations/0002_replace_prompt.sql:4"), "\(report.located.sorted())")
        XCTAssertEqual(report.findings("column-type-change").count, 0, "\(report.located.sorted())")

        // The add and copy shipped in an earlier change: this one holds only a drop of a used column and a rename.
        let (earlier, _) = try sqlRepository()
        try earlier.write("db/migrations/0002_add_json_prompt.sql", """
            SET lock_timeout = '2s';
            ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
            UPDATE prompts SET json_prompt = to_jsonb(prompt) WHERE id < 100000;
            """)
        let shipped = try earlier.commit("json prompt")
        try earlier.write("db/migrations/0003_drop_prompt.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts DROP COLUMN prompt;
            """)
        try earlier.write("db/migrations/0004_rename_json_prompt.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts RENAME COLUMN json_prompt TO prompt;
            """)
        _ = try earlier.commit("swap")
        let partial = try GateCheckReport(earlier, base: shipped)
        XCTAssertTrue(partial.located.isSuperset(of: [
            "contract-still-used db/migrations/0003_drop_prompt.sql:3", "rename db/migrations/0004_rename_json_prompt.sql:3",
        ]), "\(partial.located.sorted())")
        XCTAssertEqual(partial.findings("column-type-change").count, 0)
    }

    func testAnUnrelatedDropAndRenameStayADropAndARename() throws {
        let (repo, base) = try repository(
            "db/migrations/0001_init.sql",
            "CREATE TABLE prompts (id bigint PRIMARY KEY, name text, prompt text, title text, legacy text);\n", code: sqlCode)
        try repo.write("db/migrations/0002_add_json_prompt.sql", """
            SET lock_timeout = '2s';
            ALTER TABLE prompts ADD COLUMN json_prompt jsonb;
            UPDATE prompts SET json_prompt = to_jsonb(prompt) WHERE id < 100000;
            """)
        // The new column is renamed to another name than the one dropped: no swap.
        try repo.write("db/migrations/0003_cleanup.sql", """
            -- gate:phase post
            SET lock_timeout = '2s';
            ALTER TABLE prompts DROP COLUMN legacy;
            ALTER TABLE prompts RENAME COLUMN title TO heading;
            ALTER TABLE prompts RENAME COLUMN json_prompt TO body;
            """)
        _ = try repo.commit("cleanup")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertTrue(report.located.isSuperset(of: [
            "drop-column db/migrations/0003_cleanup.sql:3", "rename db/migrations/0003_cleanup.sql:4",
        ]), "\(report.located.sorted())")
        XCTAssertEqual(report.findings("column-type-change").count, 0, "\(report.located.sorted())")
    }

    func testRailsSwapAcrossTwoMigrations() throws {
        let (repo, base) = try repository(
            "db/migrate/20240101000000_create_prompts.rb", """
                class CreatePrompts < ActiveRecord::Migration[7.1]
                  def change
                    create_table :prompts do |t|
                      t.string :name
                      t.text :prompt
                    end
                  end
                end
                """,
            code: (path: "app/models/prompt.rb", text: """
                class Prompt < ApplicationRecord
                  validates :prompt, presence: true
                  def preview = prompt.to_s.truncate(80)
                end
                """))
        try repo.write("db/migrate/20240301000000_add_json_prompt_to_prompts.rb", """
            class AddJsonPromptToPrompts < ActiveRecord::Migration[7.1]
              def up
                add_column :prompts, :json_prompt, :jsonb
                execute <<~SQL
                  UPDATE prompts SET json_prompt = to_jsonb(prompt)
                SQL
              end

              def down
                remove_column :prompts, :json_prompt
              end
            end
            """)
        let swap = "db/migrate/20240302000000_swap_prompt_for_json_prompt.rb"
        try repo.write(swap, """
            class SwapPromptForJsonPrompt < ActiveRecord::Migration[7.1]
              def up
                remove_column :prompts, :prompt
                rename_column :prompts, :json_prompt, :prompt
              end

              def down
                rename_column :prompts, :prompt, :json_prompt
                add_column :prompts, :prompt, :text
              end
            end
            """)
        _ = try repo.commit("prompt to jsonb")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertTrue(report.located.contains("column-type-change \(swap):3"), "\(report.located.sorted())")
        XCTAssertFalse(report.located.contains { $0.hasPrefix("contract-still-used") || $0.hasPrefix("drop-column") || $0.hasPrefix("rename ") },
                       "\(report.located.sorted())")
    }

    func testDjangoSwapWithACopyInRunPython() throws {
        let (repo, base) = try repository(
            "prompts/migrations/0001_initial.py", """
                from django.db import migrations, models


                class Migration(migrations.Migration):

                    initial = True

                    dependencies = []

                    operations = [
                        migrations.CreateModel(
                            name="Prompt",
                            fields=[
                                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                                ("name", models.CharField(max_length=100)),
                                ("prompt", models.TextField()),
                            ],
                        ),
                    ]
                """,
            code: (path: "prompts/views.py", text: """
                from prompts.models import Prompt


                def show(request, pk):
                    prompt = Prompt.objects.get(pk=pk)
                    return render(request, "prompt.html", {"text": prompt.prompt})
                """))
        try repo.write("prompts/migrations/0002_prompt_json_prompt.py", """
            from django.db import migrations, models


            def copy_prompts(apps, schema_editor):
                Prompt = apps.get_model("prompts", "Prompt")
                for row in Prompt.objects.all():
                    row.json_prompt = {"text": row.prompt}
                    row.save(update_fields=["json_prompt"])


            class Migration(migrations.Migration):

                dependencies = [("prompts", "0001_initial")]

                operations = [
                    migrations.AddField(model_name="prompt", name="json_prompt", field=models.JSONField(null=True)),
                    migrations.RunPython(copy_prompts, migrations.RunPython.noop),
                ]
            """)
        let swap = "prompts/migrations/0003_swap_prompt.py"
        try repo.write(swap, """
            from django.db import migrations


            class Migration(migrations.Migration):

                dependencies = [("prompts", "0002_prompt_json_prompt")]

                operations = [
                    migrations.RemoveField(model_name="prompt", name="prompt"),
                    migrations.RenameField(model_name="prompt", old_name="json_prompt", new_name="prompt"),
                ]
            """)
        _ = try repo.commit("prompt to json")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertTrue(report.located.contains("column-type-change \(swap):9"), "\(report.located.sorted())")
        XCTAssertFalse(report.located.contains { $0.hasPrefix("contract-still-used") || $0.hasPrefix("drop-column") || $0.hasPrefix("rename ") },
                       "\(report.located.sorted())")
        // The rename's own hazard that remains (a contract before rollout) is listed in the swap's finding.
        let message = try XCTUnwrap(report.findings("column-type-change").first?["message"] as? String)
        XCTAssertTrue(message.contains("also: contract change before rollout"), message)
    }

    func testAlembicSwapInOneMigration() throws {
        let (repo, base) = try repository(
            "migrations/versions/1a2b3c4d5e6f_prompts.py", """
                from alembic import op
                import sqlalchemy as sa

                revision = "1a2b3c4d5e6f"
                down_revision = None

                def upgrade():
                    op.create_table("prompts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("prompt", sa.Text()))

                def downgrade():
                    op.drop_table("prompts")
                """,
            code: (path: "app/prompts.py", text: """
                def save(session, text):
                    session.execute(sa.text("INSERT INTO prompts (prompt) VALUES (:p)"), {"p": text})
                """))
        let swap = "migrations/versions/7f6e5d4c3b2a_prompt_to_jsonb.py"
        try repo.write(swap, """
            from alembic import op
            import sqlalchemy as sa
            from sqlalchemy.dialects import postgresql

            revision = "7f6e5d4c3b2a"
            down_revision = "1a2b3c4d5e6f"

            def upgrade():
                op.add_column("prompts", sa.Column("json_prompt", postgresql.JSONB(), nullable=True))
                op.execute("UPDATE prompts SET json_prompt = to_jsonb(prompt)")
                op.drop_column("prompts", "prompt")
                op.alter_column("prompts", "json_prompt", new_column_name="prompt")

            def downgrade():
                op.alter_column("prompts", "prompt", new_column_name="json_prompt")
                op.add_column("prompts", sa.Column("prompt", sa.Text()))
            """)
        _ = try repo.commit("prompt to jsonb")
        let report = try GateCheckReport(repo, base: base)
        XCTAssertTrue(report.located.contains("column-type-change \(swap):11"), "\(report.located.sorted())")
        XCTAssertFalse(report.located.contains { $0.hasPrefix("contract-still-used") || $0.hasPrefix("drop-column") || $0.hasPrefix("rename ") },
                       "\(report.located.sorted())")
        let message = try XCTUnwrap(report.findings("column-type-change").first?["message"] as? String)
        XCTAssertTrue(message.hasPrefix("swaps prompts.prompt for json_prompt, a new jsonb column (added at line 9, renamed into its place at line 12)"), message)
    }
}
