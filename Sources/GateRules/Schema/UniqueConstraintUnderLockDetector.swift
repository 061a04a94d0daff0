import GateCore
import GateSQL

/// Unique constraint built under lock.
struct UniqueConstraintUnderLockDetector: SchemaHazardDetector {
    static let message =
        "builds a unique index under an exclusive lock; create it CONCURRENTLY and attach it with USING INDEX"

    let description = DetectorDescription(
        id: "unique-constraint-under-lock", name: "Unique constraint built under lock", category: .schemaChange,
        rationale: """
            ADD CONSTRAINT ... UNIQUE or PRIMARY KEY builds its index while holding an ACCESS EXCLUSIVE lock. Build the index with CREATE UNIQUE INDEX CONCURRENTLY, then attach it with ADD CONSTRAINT ... USING INDEX.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.uniqueConstraintUnderLock, in: file, context: context, message: Self.message)
    }
}
