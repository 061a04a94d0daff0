extension DetectorRegistry {
    /// Migrations, DDL and their hazards: the file-level detectors first, then one per hazard, worst first
    /// (`SchemaHazard`'s order), then advice.
    static let schemaDetectors: [any Detector] = [
        SchemaMigrationDetector(), ExpandOnlyMigrationDetector(), EditedMigrationDetector(), RenamedMigrationDetector(), ORMSchemaChangeDetector(), SchemaWithoutMigrationDetector(),
        DDLInCodeDetector(),
        SQLParseErrorDetector(), ContractStillUsedDetector(),
        DropDatabaseDetector(), DropTableDetector(), TruncateCascadeDetector(), DropColumnDetector(), RenameDetector(),
        ColumnTypeChangeDetector(), VarcharLengthChangeDetector(), NotNullWithoutDefaultDetector(), DropDefaultNotNullDetector(),
        TableRewriteDetector(), RewritingColumnDetector(), VolatileDefaultDetector(), SetTablespaceDetector(),
        SetLoggedDetector(), LockTableDetector(), IndexWithoutConcurrentlyDetector(),
        ReindexWithoutConcurrentlyDetector(), DetachPartitionWithoutConcurrentlyDetector(),
        RefreshWithoutConcurrentlyDetector(), SetNotNullDetector(), ConstraintWithoutNotValidDetector(),
        ValidateInSameTransactionDetector(), UniqueConstraintUnderLockDetector(), AttachPartitionWithoutCheckDetector(),
        DomainConstraintDetector(), EnumValueChangeDetector(), EnumValueUsedInTransactionDetector(), TriggerOnLiveTableDetector(), PrivilegeChangeDetector(), UnbatchedBackfillDetector(),
        DuplicateColumnAssignmentDetector(), ConcurrentlyInTransactionDetector(), TransactionNestingDetector(),
        ClientBreakingChangeDetector(), IdentifierTooLongDetector(), ContractWithoutPostPhaseDetector(),
        MissingLockTimeoutDetector(), MissingStatementTimeoutDetector(),
        PreferBigintKeyDetector(), PreferTimestamptzDetector(), PreferTextDetector(), PreferIdentityDetector(),
        PreferJsonbDetector(),
    ]
}
