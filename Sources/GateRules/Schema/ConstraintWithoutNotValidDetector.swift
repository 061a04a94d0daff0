import GateCore
import GateSQL

/// Foreign key or CHECK added without NOT VALID.
struct ConstraintWithoutNotValidDetector: SchemaHazardDetector {
    static let message =
        "adds a foreign key or CHECK that validates every row under a write-blocking lock; add it NOT VALID and VALIDATE separately"

    let description = DetectorDescription(
        id: "constraint-without-not-valid", name: "Foreign key or CHECK added without NOT VALID", category: .schemaChange,
        rationale: """
            Adding a FOREIGN KEY or CHECK constraint validates every existing row while holding a lock that blocks writes (and, for a foreign key, writes on the referenced table too). Add it NOT VALID, then VALIDATE CONSTRAINT in a separate statement, which does not block writes.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ADD CONSTRAINT reports_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id);
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓ALTER TABLE reports ADD CONSTRAINT reports_score_positive CHECK (score >= 0);
                """,
                path: "db/migrations/0042_change.sql"),
            // Drizzle Kit before 0.21 wraps each foreign key in a DO block with a duplicate_object guard: the block
            // runs only the ALTER, which is where the hazard is reported.
            DetectorExample(
                """
                SET lock_timeout = '2s';
                DO $$ BEGIN
                 ↓ALTER TABLE "reports" ADD CONSTRAINT "reports_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;
                EXCEPTION
                 WHEN duplicate_object THEN null;
                END $$;
                """,
                path: "drizzle/0003_reports_owner_fk.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ALTER TABLE reports ADD CONSTRAINT reports_owner_fk FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;
                ALTER TABLE reports VALIDATE CONSTRAINT reports_owner_fk;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.constraintWithoutNotValid, in: file, context: context, message: Self.message)
    }
}
