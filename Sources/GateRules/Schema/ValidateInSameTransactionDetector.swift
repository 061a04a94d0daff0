import GateCore
import GateSQL

/// Constraint validated in the transaction that added it NOT VALID.
struct ValidateInSameTransactionDetector: SchemaHazardDetector {
    static let message =
        "validates a constraint in a transaction that already locked the table (the ADD … NOT VALID, or another ALTER of it): that lock is still held through the whole validation scan, which defeats NOT VALID; validate it in the next migration"

    let description = DetectorDescription(
        id: "validate-in-same-transaction", name: "Constraint validated in the transaction that added it NOT VALID", category: .schemaChange,
        rationale: """
            ADD CONSTRAINT … NOT VALID takes a short ACCESS EXCLUSIVE (or SHARE ROW EXCLUSIVE) lock so that VALIDATE can later scan under a weak one (SHARE UPDATE EXCLUSIVE: reads and writes go on). Run both in one transaction (one migration, as gate deploy and most runners apply it) and the strong lock is held for the whole scan; the same holds for any other statement of the transaction that locked the table before the VALIDATE (an ADD COLUMN, a plain CREATE INDEX). Validate in a later migration, or after a COMMIT. Alone, a VALIDATE is treated like CREATE INDEX CONCURRENTLY: long, but blocking no reads or writes, so it needs no lock_timeout or statement_timeout and stays on the fast track.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
                ↓ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0042_change.sql"),
            // Rails holds the add_column's ACCESS EXCLUSIVE lock on orders until the migration's transaction commits.
            DetectorExample(
                """
                class AddNoteAndValidateCustomer < ActiveRecord::Migration[7.1]
                  def change
                    add_column :orders, :note, :text
                ↓    validate_foreign_key :orders, :customers
                  end
                end
                """,
                path: "db/migrate/20240301000000_add_note_and_validate_customer.rb"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                BEGIN;
                ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
                COMMIT;
                ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.validateInSameTransaction, in: file, context: context, message: Self.message)
    }
}
