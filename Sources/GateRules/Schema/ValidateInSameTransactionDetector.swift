import GateCore
import GateSQL

/// Constraint validated in the transaction that added it NOT VALID.
struct ValidateInSameTransactionDetector: SchemaHazardDetector {
    static let message =
        "validates a constraint in the same transaction that added it NOT VALID: the ADD's lock is still held through the whole validation scan, which defeats NOT VALID; validate it in the next migration"

    let description = DetectorDescription(
        id: "validate-in-same-transaction", name: "Constraint validated in the transaction that added it NOT VALID", category: .schemaChange,
        rationale: """
            ADD CONSTRAINT … NOT VALID takes a short ACCESS EXCLUSIVE (or SHARE ROW EXCLUSIVE) lock so that VALIDATE can later scan under a weak one. Run both in one transaction (one migration, as gate deploy and most runners apply it) and the strong lock is held for the whole scan. Validate in a later migration.
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
