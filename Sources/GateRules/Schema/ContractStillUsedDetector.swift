import GateCore

/// A migration drops or renames something head code still uses (found by `SchemaChangeAnalyzer`, which sees
/// the whole head tree; this entry documents the rule for `gate rules` and lets the policy configure it).
struct ContractStillUsedDetector: Detector {
    static let id = "contract-still-used"

    let description = DetectorDescription(
        id: ContractStillUsedDetector.id, name: "Dropped or renamed while code still uses it",
        category: .schemaChange,
        rationale: """
            A migration in the change drops or renames a table or column that code at head still reads or writes \
            (SQL strings, ORM field names, model attributes). Running it breaks that code, so the contract is \
            blocked until the code stops using the name. Found across the whole head tree, not one file, so its \
            examples live in the analyzer's tests.
            """,
        triggering: [], nonTriggering: [])

    func detect(in file: SourceFile, context: DetectionContext) -> [Finding] { [] }
}
