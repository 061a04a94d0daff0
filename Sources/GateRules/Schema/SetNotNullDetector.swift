import GateCore
import GateSQL

/// SET NOT NULL on an existing column.
struct SetNotNullDetector: SchemaHazardDetector {
    static let message =
        "SET NOT NULL scans the table under an exclusive lock; validate a CHECK (col IS NOT NULL) NOT VALID constraint first"

    let description = DetectorDescription(
        id: "set-not-null", name: "SET NOT NULL on an existing column", category: .schemaChange,
        rationale: """
            SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock to prove there is no NULL. Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it (which only takes SHARE UPDATE EXCLUSIVE), after which SET NOT NULL (Postgres 12+) skips the scan: in the same migration or in earlier ones (a check of that column added valid, or validated since, and not dropped), when SET NOT NULL is no contract either, as the check already refuses every NULL. A column the project's earlier migrations created NOT NULL (a Laravel `->change()` restating it) has nothing to scan.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ALTER COLUMN owner_id SET NOT NULL;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD CONSTRAINT reports_owner_not_null CHECK (owner_id IS NOT NULL) NOT VALID;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports VALIDATE CONSTRAINT reports_owner_not_null;
                ALTER TABLE reports ALTER COLUMN owner_id SET NOT NULL;
                ALTER TABLE reports DROP CONSTRAINT reports_owner_not_null;
                """,
                path: "db/migrations/0043_owner_not_null.sql"),
            // The recipe across migrations: the check was added NOT VALID and validated by earlier ones.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ALTER COLUMN owner_id SET NOT NULL;
                """,
                path: "db/migrations/0044_owner_not_null.sql",
                alongside: [
                    ("db/migrations/0042_owner_check.sql",
                     "SET lock_timeout = '2s';\nALTER TABLE reports ADD CONSTRAINT reports_owner_not_null CHECK (owner_id IS NOT NULL) NOT VALID;\n"),
                    ("db/migrations/0043_owner_check_validate.sql", "ALTER TABLE reports VALIDATE CONSTRAINT reports_owner_not_null;\n"),
                ]),
            // Laravel's `->change()` restates the whole column: NOT NULL already, as the earlier migration created it.
            DetectorExample(
                """
                <?php
                use Illuminate\\Database\\Migrations\\Migration;
                use Illuminate\\Database\\Schema\\Blueprint;
                use Illuminate\\Support\\Facades\\Schema;

                return new class extends Migration
                {
                    public function up(): void
                    {
                        Schema::table('reports', function (Blueprint $table) {
                            $table->string('title', 200)->nullable(false)->change();
                        });
                    }
                };
                """,
                path: "database/migrations/2024_03_01_000000_lengthen_report_titles.php",
                alongside: [(
                    "database/migrations/2024_01_01_000000_create_reports_table.php",
                    "<?php\nuse Illuminate\\Database\\Migrations\\Migration;\nuse Illuminate\\Database\\Schema\\Blueprint;\nuse Illuminate\\Support\\Facades\\Schema;\n\nreturn new class extends Migration\n{\n    public function up(): void\n    {\n        Schema::create('reports', function (Blueprint $table) {\n            $table->id();\n            $table->string('title', 120);\n        });\n    }\n};\n"
                )]),
        ], postgresVersions: "all (after a validated CHECK, no scan from 12)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.setNotNull, in: file, context: context, message: Self.message)
    }
}
