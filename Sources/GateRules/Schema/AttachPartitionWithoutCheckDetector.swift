import GateCore
import GateSQL

/// ATTACH PARTITION without a matching CHECK.
struct AttachPartitionWithoutCheckDetector: SchemaHazardDetector {
    static let message =
        "attaches a partition that has no CHECK matching its bound: Postgres scans every row of it under lock to prove the bound; add and validate a CHECK with the bound first"

    let description = DetectorDescription(
        id: "attach-partition-without-check", name: "ATTACH PARTITION without a matching CHECK", category: .schemaChange,
        rationale: """
            ATTACH PARTITION must prove that every row of the new partition fits its bound. Without a valid CHECK constraint that implies the bound it scans the whole partition while holding locks on it and the parent. Add the CHECK (NOT VALID, then VALIDATE) before attaching; drop it afterwards. No linter flags it.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ↓ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                SET statement_timeout = '5min';
                ALTER TABLE events_2024 VALIDATE CONSTRAINT events_2024_bound;
                ALTER TABLE events ATTACH PARTITION events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                """,
                path: "db/migrations/0042_change.sql"),
            DetectorExample(
                """
                CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.attachPartitionWithoutCheck, in: file, context: context, message: Self.message)
    }
}
