import GateCore
import GateSQL

/// Trigger added to a live table.
struct TriggerOnLiveTableDetector: SchemaHazardDetector {
    static let message =
        "adds a trigger to an existing table: it takes a SHARE ROW EXCLUSIVE lock (blocking writes) and from then on runs inside every write, where a slow or failing function slows or fails production writes"

    let description = DetectorDescription(
        id: "trigger-on-live-table", name: "Trigger added to a live table", category: .schemaChange,
        rationale: """
            CREATE TRIGGER on a table in use blocks its writes while it waits for and holds its lock, and the trigger function then runs in every matching write: its cost and its errors become the application's. No linter flags it. A trigger on a table the same migration creates is harmless.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓CREATE TRIGGER orders_audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE invoices (id bigint PRIMARY KEY, total_cents bigint NOT NULL);
                CREATE TRIGGER invoices_audit AFTER UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION audit_row();
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.triggerOnLiveTable, in: file, context: context, message: Self.message)
    }
}
