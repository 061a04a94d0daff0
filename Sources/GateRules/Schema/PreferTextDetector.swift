import GateCore
import GateSQL

/// Advice: char(n) column.
struct PreferTextDetector: SchemaHazardDetector {
    static let message =
        "advice: char(n) pads values with spaces and is no faster than text; use text (with a CHECK on length if needed)"

    let description = DetectorDescription(
        id: "prefer-text", name: "Advice: char(n) column", category: .schemaChange,
        rationale: """
            char(n) blank-pads to n characters, which surprises comparisons and clients, and is stored no more efficiently than text or varchar. Advice only: tier low.
            """,
        triggering: [
            DetectorExample(
                """
                ↓CREATE TABLE customers (id bigint PRIMARY KEY, display_name char(100));
                """,
                path: "db/migrations/0042_change.sql"),
        ],
        nonTriggering: [
            DetectorExample(
                """
                CREATE TABLE customers (id bigint PRIMARY KEY, display_name text CHECK (length(display_name) <= 100));
                """,
                path: "db/migrations/0042_change.sql"),
        ], tier: .low, postgresVersions: "all")

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] {
        SchemaFindings.hazard(.preferText, in: file, context: context, message: Self.message)
    }
}
