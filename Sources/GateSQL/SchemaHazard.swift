import GateCore

/// The lock and rewrite hazards a migration statement can carry; each raw value is a detector id.
public enum SchemaHazard: String, Sendable, CaseIterable, Codable {
    case indexWithoutConcurrently = "index-without-concurrently"
    case concurrentlyInTransaction = "concurrently-in-transaction"
    case notNullWithoutDefault = "not-null-without-default"
    case volatileDefault = "volatile-default"
    case columnTypeChange = "column-type-change"
    case setNotNull = "set-not-null"
    case rename = "rename"
    case dropColumn = "drop-column"
    case dropTable = "drop-table"
    case constraintWithoutNotValid = "constraint-without-not-valid"
    case uniqueConstraintUnderLock = "unique-constraint-under-lock"
    case missingLockTimeout = "missing-lock-timeout"
    case varcharLengthChange = "varchar-length-change"
    case enumValueChange = "enum-value-change"
    case truncateCascade = "truncate-cascade"
    case contractWithoutPostPhase = "contract-without-post-phase"
}

/// How a script's statements are run, which decides some hazards.
public struct AnalysisOptions: Sendable, Equatable {
    /// The runner wraps the whole script in one transaction (Rails, Django and Alembic do by default).
    public var implicitTransaction: Bool
    /// Flag DDL on existing tables that no earlier `SET lock_timeout` bounds (raw SQL migrations).
    public var requireLockTimeout: Bool
    /// Flag contract statements outside a `post` migration (not for DDL in application code, which has no phase).
    public var judgesPhase: Bool

    public init(implicitTransaction: Bool = false, requireLockTimeout: Bool = true, judgesPhase: Bool = true) {
        self.implicitTransaction = implicitTransaction
        self.requireLockTimeout = requireLockTimeout
        self.judgesPhase = judgesPhase
    }
}
