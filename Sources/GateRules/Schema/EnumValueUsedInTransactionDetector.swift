import GateCore
import GateSQL

/// An enum label used in the transaction that added it.
struct EnumValueUsedInTransactionDetector: SchemaHazardDetector {
    static let message =
        "uses an enum value added earlier in the same transaction: Postgres refuses it until the ALTER TYPE … ADD VALUE commits (55P04), so the migration fails at deploy; add the value in its own migration (or after a COMMIT)"

    let description = DetectorDescription(
        id: "enum-value-used-in-transaction", name: "Enum value used in the transaction that added it", category: .schemaChange,
        rationale: """
            Since Postgres 12, ALTER TYPE … ADD VALUE may run inside a transaction block, but the new label cannot be used (inserted, compared, set as a default) until that transaction commits: the statement fails with "unsafe use of new value" and the whole migration rolls back at deploy. A raw SQL migration is applied as one transaction by gate deploy, Flyway and golang-migrate, and so are most frameworks' migrations; a value added to a type created in the same transaction is usable at once. A COMMIT the file writes between the ADD VALUE and the use ends that transaction (gate deploy then runs the file statement by statement). Put the ADD VALUE in its own migration, or mark the file to run outside a transaction (goose's NO TRANSACTION, dbmate's transaction:false, sqlx's -- no-transaction).
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TYPE order_status ADD VALUE 'refunded';
                ↓UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;
                """,
                path: "db/migrations/000042_refunded_status.up.sql"),
        ],
        nonTriggering: [
            // The file's own COMMIT ends the transaction that added the label (gate deploy runs it statement by statement).
            DetectorExample(
                """
                SET lock_timeout = '2s';
                BEGIN;
                ALTER TYPE order_status ADD VALUE 'refunded';
                COMMIT;
                BEGIN;
                UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;
                COMMIT;
                """,
                path: "db/migrations/000042_refunded_status.up.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TYPE order_status ADD VALUE 'refunded';
                """,
                path: "db/migrations/000042_refunded_status.up.sql"),
            // A type made in the same transaction may use its new labels at once.
            DetectorExample(
                """
                CREATE TYPE order_status AS ENUM ('new', 'paid');
                ALTER TYPE order_status ADD VALUE 'refunded';
                CREATE TABLE orders (id bigint PRIMARY KEY, status order_status NOT NULL DEFAULT 'refunded');
                """,
                path: "db/migrations/000001_orders.up.sql"),
            // goose runs a NO TRANSACTION file statement by statement: the value is committed before its use.
            DetectorExample(
                """
                -- +goose NO TRANSACTION
                -- +goose Up
                SET lock_timeout = '2s';
                ALTER TYPE order_status ADD VALUE 'refunded';
                UPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;
                """,
                path: "db/migrations/20240301000000_refunded_status.sql"),
        ], postgresVersions: "12 and later (before 12, enum-value-change: ADD VALUE cannot run in a transaction at all)")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.enumValueUsedInTransaction, in: file, context: context, message: Self.message)
    }
}
