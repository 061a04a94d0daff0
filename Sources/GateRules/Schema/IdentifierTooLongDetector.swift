import GateCore
import GateSQL

/// Identifier longer than 63 bytes.
struct IdentifierTooLongDetector: SchemaHazardDetector {
    static let message =
        "names something with more than 63 bytes: Postgres silently truncates it, so the name in the catalog differs from the one in code (and two long names can collide)"

    let description = DetectorDescription(
        id: "identifier-too-long", name: "Identifier longer than 63 bytes", category: .schemaChange,
        rationale: """
            Identifiers are cut at NAMEDATALEN - 1 = 63 bytes with only a notice. Migrations, ORMs and checks that later refer to the full name fail to find it, and two names sharing their first 63 bytes collide. Rails and Django generate such index names from long column lists.
            """,
        triggering: [
            DetectorExample(
                """
                ↓CREATE INDEX CONCURRENTLY index_subscriptions_on_customer_id_and_plan_id_and_created_at_desc
                    ON subscriptions (customer_id, plan_id, created_at DESC);
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE INDEX CONCURRENTLY subscriptions_customer_plan_created_idx
                    ON subscriptions (customer_id, plan_id, created_at DESC);
                """,
                path: "db/migrations/0042_change.sql"),
        ], postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.identifierTooLong, in: file, context: context, message: Self.message)
    }
}
