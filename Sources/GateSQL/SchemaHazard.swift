import GateCore

/// The lock, rewrite and compatibility hazards a migration statement can carry; each raw value is a detector id.
/// Cases are declared by damage, worst first: a statement's finding is named after its first hazard.
public enum SchemaHazard: String, Sendable, CaseIterable, Codable {
    case dropDatabase = "drop-database"
    case dropTable = "drop-table"
    case truncateCascade = "truncate-cascade"
    case dropColumn = "drop-column"
    case rename = "rename"
    case columnTypeChange = "column-type-change"
    case varcharLengthChange = "varchar-length-change"
    case notNullWithoutDefault = "not-null-without-default"
    case dropDefaultNotNull = "drop-default-not-null"
    case tableRewrite = "table-rewrite"
    case rewritingColumn = "rewriting-column"
    case volatileDefault = "volatile-default"
    case setTablespace = "set-tablespace"
    case setLogged = "set-logged"
    case lockTable = "lock-table"
    case indexWithoutConcurrently = "index-without-concurrently"
    case reindexWithoutConcurrently = "reindex-without-concurrently"
    case detachPartitionWithoutConcurrently = "detach-partition-without-concurrently"
    case refreshWithoutConcurrently = "refresh-without-concurrently"
    case setNotNull = "set-not-null"
    case constraintWithoutNotValid = "constraint-without-not-valid"
    case validateInSameTransaction = "validate-in-same-transaction"
    case uniqueConstraintUnderLock = "unique-constraint-under-lock"
    case attachPartitionWithoutCheck = "attach-partition-without-check"
    case domainConstraint = "domain-constraint"
    case enumValueChange = "enum-value-change"
    case enumValueUsedInTransaction = "enum-value-used-in-transaction"
    case triggerOnLiveTable = "trigger-on-live-table"
    case privilegeChange = "privilege-change"
    case unbatchedBackfill = "unbatched-backfill"
    case duplicateColumnAssignment = "duplicate-column-assignment"
    case concurrentlyInTransaction = "concurrently-in-transaction"
    case transactionNesting = "transaction-nesting"
    case clientBreakingChange = "client-breaking-change"
    case identifierTooLong = "identifier-too-long"
    case contractWithoutPostPhase = "contract-without-post-phase"
    case missingLockTimeout = "missing-lock-timeout"
    case missingStatementTimeout = "missing-statement-timeout"
    // Advisories: style worth a look, never a lock or rewrite; tier low.
    case preferBigintKey = "prefer-bigint-key"
    case preferTimestamptz = "prefer-timestamptz"
    case preferText = "prefer-text"
    case preferIdentity = "prefer-identity"
    case preferJsonb = "prefer-jsonb"

    /// Style advice, not a hazard: it neither locks nor rewrites, so it alone never takes a migration off the fast track.
    public var isAdvisory: Bool {
        switch self {
        case .preferBigintKey, .preferTimestamptz, .preferText, .preferIdentity, .preferJsonb: true
        default: false
        }
    }

    /// How damaging the hazard is relative to the others: lower is worse.
    public var rank: Int { Self.ranks[self] ?? Int.max }

    private static let ranks: [SchemaHazard: Int] = Dictionary(
        uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })

    /// A few words naming the hazard, for the list of a statement's other hazards.
    public var summary: String {
        switch self {
        case .dropDatabase: "drops a database"
        case .dropTable: "drops a table"
        case .truncateCascade: "truncates with CASCADE"
        case .dropColumn: "drops a column"
        case .rename: "renames what running code names"
        case .columnTypeChange: "changes a column type (rewrite)"
        case .varcharLengthChange: "changes a varchar length"
        case .notNullWithoutDefault: "adds NOT NULL without a default"
        case .dropDefaultNotNull: "drops the default of a NOT NULL column"
        case .tableRewrite: "rewrites the table under an exclusive lock"
        case .rewritingColumn: "adds a column that rewrites the table"
        case .volatileDefault: "default is volatile or unknown (rewrite)"
        case .setTablespace: "moves the table to another tablespace (rewrite)"
        case .setLogged: "switches LOGGED/UNLOGGED (rewrite)"
        case .lockTable: "takes an explicit table lock"
        case .indexWithoutConcurrently: "builds or drops an index without CONCURRENTLY"
        case .reindexWithoutConcurrently: "reindexes without CONCURRENTLY"
        case .detachPartitionWithoutConcurrently: "detaches a partition without CONCURRENTLY"
        case .refreshWithoutConcurrently: "refreshes a materialized view without CONCURRENTLY"
        case .setNotNull: "SET NOT NULL scans the table under lock"
        case .constraintWithoutNotValid: "adds a constraint validated under lock"
        case .validateInSameTransaction: "validates in the transaction that added the constraint"
        case .uniqueConstraintUnderLock: "builds a unique index under lock"
        case .attachPartitionWithoutCheck: "attaches a partition without a matching CHECK"
        case .domainConstraint: "adds a domain constraint (validated under lock)"
        case .enumValueChange: "changes an enum's values"
        case .triggerOnLiveTable: "adds a trigger to a live table"
        case .privilegeChange: "changes privileges, roles or server settings"
        case .unbatchedBackfill: "updates or deletes every row in one statement"
        case .duplicateColumnAssignment: "assigns the same column twice"
        case .concurrentlyInTransaction: "needs to run outside a transaction"
        case .enumValueUsedInTransaction: "uses an enum value added in the same transaction"
        case .transactionNesting: "unbalanced or nested transaction"
        case .clientBreakingChange: "removes a guarantee clients rely on"
        case .identifierTooLong: "identifier over 63 bytes (truncated)"
        case .contractWithoutPostPhase: "contract change before rollout"
        case .missingLockTimeout: "no lock_timeout"
        case .missingStatementTimeout: "no statement_timeout"
        case .preferBigintKey: "int key (prefer bigint)"
        case .preferTimestamptz: "timestamp without time zone"
        case .preferText: "char(n)"
        case .preferIdentity: "serial (prefer identity)"
        case .preferJsonb: "json (prefer jsonb)"
        }
    }
}

/// How a script's statements are run, which decides some hazards.
public struct AnalysisOptions: Sendable, Equatable {
    /// The Postgres major version the migrations target when the policy names none (`schema.postgres-version`).
    public static let defaultPostgresVersion = 15

    /// The runner wraps the whole script in one transaction (Rails, Django and Alembic do by default).
    public var implicitTransaction: Bool
    /// Flag DDL on existing tables that no earlier `SET lock_timeout` bounds (raw SQL migrations).
    public var requireLockTimeout: Bool
    /// The tool runs a statement Postgres refuses in a transaction (`CREATE INDEX CONCURRENTLY`) only as its file's
    /// one statement: golang-migrate's postgres driver sends the file as one query string, which Postgres runs as
    /// one implicit transaction, and Flyway refuses to mix such a statement with others (unless `mixed` is set).
    public var noTransactionStatementOnlyAlone = false
    /// The tool runs the file inside a transaction of its own (Flyway's, unless the file holds a statement Postgres
    /// refuses in one) and records it after: a `BEGIN` in the file nests in it, and the file's `COMMIT` ends it early.
    public var runnerOpensTransaction = false
    /// Tables earlier migrations of the same change created (bare names), absent from the base: no running code
    /// reads or writes them yet, so what locks or scans an existing table is no hazard on them.
    public var tablesNewInChange: Set<String> = []
    /// Flag contract statements outside a `post` migration (not for DDL in application code, which has no phase).
    public var judgesPhase: Bool
    /// The file says its tool runs it outside a transaction (goose's `-- +goose NO TRANSACTION`, dbmate's
    /// `transaction:false`, sqlx's `-- no-transaction`…), so each statement commits before the next.
    public var declaredOutsideTransaction = false
    /// The Postgres major version the migration will run on; several hazards exist only before a version.
    public var postgresVersion: Int
    /// The columns the project's earlier migrations leave, for a column change to be judged against what the column
    /// was (a widening or a restatement is no rewrite and breaks nothing); empty when unknown.
    public var columnHistory = ColumnHistory()

    public init(implicitTransaction: Bool = false, requireLockTimeout: Bool = true, judgesPhase: Bool = true,
                postgresVersion: Int = AnalysisOptions.defaultPostgresVersion) {
        self.implicitTransaction = implicitTransaction
        self.requireLockTimeout = requireLockTimeout
        self.judgesPhase = judgesPhase
        self.postgresVersion = postgresVersion
    }
}
