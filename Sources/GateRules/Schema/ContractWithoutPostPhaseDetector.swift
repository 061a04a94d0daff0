import GateCore
import GateSQL

/// Contract statement in a pre-rollout migration.
struct ContractWithoutPostPhaseDetector: SchemaHazardDetector {
    static let message =
        "is a contract change (drop, rename or narrowing) in a pre-rollout migration; mark the migration `-- gate:phase post`"

    let description = DetectorDescription(
        id: "contract-without-post-phase", name: "Contract statement in a pre-rollout migration", category: .schemaChange,
        rationale: """
            Drops, renames and narrowing changes break the code that is still running during a rollout. They belong in a migration marked `-- gate:phase post`, which gate deploy runs only after the new code is out.
            """,
        triggering: [
            DetectorExample(
                """
                SET lock_timeout = '2s';
                ↓DROP VIEW flagged_reports;
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                -- gate:phase post
                SET lock_timeout = '2s';
                DROP VIEW flagged_reports;
                """,
                path: "db/migrations/0042_change.sql"),
        ])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.contractWithoutPostPhase, in: file, context: context, message: Self.message)
    }
}
