import GateDeploy
import GateSQL
import XCTest

/// What `gate deploy` and `gate plan` say of pending migrations is what `gate check` said of them: a column swapped
/// for one of another type is a type change, and a Django `AlterField` is compared with the field's earlier definition.
/// On values: no database needed.
final class PendingMigrationReadingTests: XCTestCase {
    private func set(_ directory: String, _ files: [(String, String)]) throws -> MigrationSet {
        try MigrationSet.load(directory: directory, repositoryPath: directory, files: files.map { ($0.0, Array($0.1.utf8)) })
    }

    private func applied(_ file: MigrationFile) -> AppliedMigration {
        AppliedMigration(name: file.name, version: file.version, checksum: file.checksum,
                         phase: "pre", appliedBy: "gate", environment: "staging", releaseID: 1, appliedAt: "now")
    }

    private func hazards(_ migration: AnalyzedMigration) -> [String] {
        migration.script.statements.flatMap(\.hazards)
    }

    func testAColumnSwapAcrossPendingMigrationsIsATypeChangeNotADropAndARename() throws {
        let files = try set("db/migrations", [
            ("0001_orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, total text);"),
            ("0002_total_numeric.sql", """
                ALTER TABLE orders ADD COLUMN total_numeric numeric(12,2);
                UPDATE orders SET total_numeric = total::numeric;
                """),
            ("0003_swap_total.sql", """
                ALTER TABLE orders DROP COLUMN total;
                ALTER TABLE orders RENAME COLUMN total_numeric TO total;
                """),
            ("0004_drop_notes.sql", "ALTER TABLE orders DROP COLUMN notes;"),
        ]).files
        let pending = try Drift.find(applied: [applied(files[0])], files: files).pending
        XCTAssertEqual(pending.map(\.name), ["0002_total_numeric.sql", "0003_swap_total.sql", "0004_drop_notes.sql"])
        XCTAssertTrue(hazards(pending[1]).contains("column-type-change"), "\(hazards(pending[1]))")
        XCTAssertFalse(hazards(pending[1]).contains("drop-column"), "\(hazards(pending[1]))")
        XCTAssertFalse(hazards(pending[1]).contains("rename"), "\(hazards(pending[1]))")
        // A drop that swaps nothing stays a drop.
        XCTAssertTrue(hazards(pending[2]).contains("drop-column"), "\(hazards(pending[2]))")
        // Without the copy there is no swap: the old values would be lost, which is what a drop is.
        let uncopied = try set("db/migrations", [
            ("0001_add.sql", "ALTER TABLE orders ADD COLUMN total_numeric numeric(12,2);"),
            ("0002_swap.sql", "ALTER TABLE orders DROP COLUMN total;\nALTER TABLE orders RENAME COLUMN total_numeric TO total;"),
        ]).files
        let lost = try Drift.find(applied: [], files: uncopied).pending
        XCTAssertTrue(hazards(lost[1]).contains("drop-column"), "\(hazards(lost[1]))")
    }

    func testADjangoAlterFieldIsComparedWithTheFieldsEarlierDefinition() throws {
        let initial = """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                initial = True
                dependencies = []
                operations = [
                    migrations.CreateModel(
                        name="Ticket",
                        fields=[
                            ("id", models.BigAutoField(primary_key=True, serialize=False)),
                            ("status", models.CharField(max_length=20, unique=True)),
                        ],
                    ),
                ]
            """
        func alter(_ field: String) -> String {
            """
            from django.db import migrations, models

            class Migration(migrations.Migration):
                dependencies = [("support", "0001_initial")]
                operations = [
                    migrations.AlterField(model_name="ticket", name="status", field=\(field)),
                ]
            """
        }
        let files = try set("support/migrations", [
            ("0001_initial.py", initial),
            ("0002_status_help_text.py", alter(#"models.CharField(max_length=20, unique=True, help_text="Where the ticket stands")"#)),
            ("0003_status_code.py", alter("models.IntegerField(default=0)")),
        ]).files
        let pending = try Drift.find(applied: [applied(files[0])], files: files).pending
        XCTAssertEqual(pending.map(\.name), ["0002_status_help_text.py", "0003_status_code.py"])
        // Read alone, the field may have changed type; it had this one, and help_text lives in Python.
        XCTAssertEqual(hazards(pending[0]), [], "no SQL runs")
        XCTAssertTrue(hazards(pending[1]).contains("column-type-change"), "\(hazards(pending[1]))")
    }
}
