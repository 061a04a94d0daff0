import GateCore
import GateSQL

/// The default of a NOT NULL column dropped (squawk's ban-drop-default pattern).
struct DropDefaultNotNullDetector: SchemaHazardDetector {
    static let message =
        "drops the default of a NOT NULL column of an existing table: code that inserts rows without naming the column (the running release's) fails from then on"

    let description = DetectorDescription(
        id: "drop-default-not-null", name: "Default of a NOT NULL column dropped", category: .schemaChange,
        rationale: """
            Adding a column NOT NULL with a default fills every existing row, and dropping the default right after (what Django's AddField runs, and a common hand-written recipe) leaves the column NOT NULL with nothing to fill new rows: every insert that does not name the column fails, the running release's included, until all code writes it. Keep the default (Django 5's db_default), or drop it in a later release once every writer sets the column. Judged only when the column is known NOT NULL with a default: added so by the same migration, or so by the earlier ones.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE shipments ADD COLUMN region text NOT NULL DEFAULT 'eu';
                ↓ALTER TABLE shipments ALTER COLUMN region DROP DEFAULT;
                """,
                path: "db/migrations/000042_shipments_region.up.sql"),
        ],
        nonTriggering: [
            // A nullable column's default dropped: inserts without it store NULL.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE shipments ADD COLUMN region text DEFAULT 'eu';
                ALTER TABLE shipments ALTER COLUMN region DROP DEFAULT;
                """,
                path: "db/migrations/000042_shipments_region.up.sql"),
            // A table made by the same migration has no running code writing it yet.
            DetectorExample(
                """
                CREATE TABLE returns (id bigint PRIMARY KEY, region text NOT NULL DEFAULT 'eu');
                ALTER TABLE returns ALTER COLUMN region DROP DEFAULT;
                """,
                path: "db/migrations/000042_returns.up.sql"),
            // A column whose history gate does not know is left alone.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE shipments ALTER COLUMN region DROP DEFAULT;
                """,
                path: "db/migrations/000042_shipments_region.up.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.dropDefaultNotNull, in: file, context: context, message: Self.message)
    }
}
