extension DetectorRegistry {
    /// Migrations, DDL and their hazards.
    static let schemaDetectors: [any Detector] = [
        SchemaMigrationDetector(), ORMSchemaChangeDetector(), DDLInCodeDetector(), SQLParseErrorDetector(),
        IndexWithoutConcurrentlyDetector(), ConcurrentlyInTransactionDetector(), NotNullWithoutDefaultDetector(),
        VolatileDefaultDetector(), ColumnTypeChangeDetector(), SetNotNullDetector(), RenameDetector(),
        DropColumnDetector(), DropTableDetector(), ConstraintWithoutNotValidDetector(),
        UniqueConstraintUnderLockDetector(), MissingLockTimeoutDetector(), VarcharLengthChangeDetector(),
        EnumValueChangeDetector(), TruncateCascadeDetector(), ContractWithoutPostPhaseDetector(),
        ContractStillUsedDetector(),
    ]
}
