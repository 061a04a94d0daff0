import Foundation
import GateCore

/// Classifies statements one after another, remembering what the script did before (tables it created,
/// an open transaction, a `lock_timeout`), since a statement's danger depends on them.
struct StatementClassifier {
    let phase: MigrationPhase
    let options: AnalysisOptions
    private var createdTables: Set<String> = []
    /// `table.column` of the columns this script adds: renaming one breaks no running code.
    private var createdColumns: Set<String> = []
    /// `table.column` of the NOT NULL columns this script adds with a default: dropping the default afterwards
    /// (Django's AddField) leaves old code's inserts without a value for them.
    private var notNullColumnsWithDefault: Set<String> = []
    private var createdTypes: Set<String> = []
    private var explicitTransaction = false
    /// Index of the statement that opened the explicit transaction still open, for an unbalanced BEGIN.
    private var openTransactionStatement: Int?
    private var statementCount = 0
    private var lockTimeoutSet = false
    private var lockTimeoutReported = false
    private var statementTimeoutSet = false
    private var statementTimeoutReported = false
    /// Constraints this script added NOT VALID, by bare table and name: validating one in the same transaction
    /// holds the first statement's lock through the whole scan.
    private var notValidConstraints: Set<String> = []
    /// The same, until a COMMIT ends the transaction that added them.
    private var uncommittedNotValid: Set<String> = []
    /// Labels an `ALTER TYPE … ADD VALUE` on an existing type added, as quoted literals (`'archived'`), not yet
    /// committed: Postgres refuses to use them before the commit (55P04, "unsafe use of new value").
    private var uncommittedEnumLabels: [[UInt8]] = []
    /// Existing tables a statement of the open transaction locked against writes (an ALTER TABLE, a plain CREATE
    /// INDEX), until a COMMIT: a VALIDATE of one of them scans while that lock is still held.
    private var uncommittedLocks: Set<String> = []
    /// Tables whose constraint this script validated or whose NOT NULL check it added validated: a later
    /// SET NOT NULL on them is the safe recipe (Postgres 12+ skips the scan when a valid CHECK proves it).
    private var provenNotNull: Set<String> = []
    /// The columns this script ran SET NOT NULL on, by table: dropping their check afterwards is the recipe's last step.
    private var setNotNullColumns: [String: Set<String>] = [:]
    /// The `CHECK (column IS NOT NULL)` constraints this script added, by bare table and name: their column.
    private var notNullChecks: [String: String] = [:]

    /// The columns as the earlier migrations and this script's statements so far leave them.
    private var columns: ColumnHistory

    init(phase: MigrationPhase, options: AnalysisOptions) {
        self.phase = phase
        self.options = options
        columns = options.columnHistory
        createdTables = options.tablesNewInChange
    }

    private var inTransaction: Bool { explicitTransaction || options.implicitTransaction }

    /// Whether the file's tool runs it inside a transaction of its own, which a BEGIN in it would nest in.
    private var runnerTransaction: Bool { options.runnerOpensTransaction && !options.declaredOutsideTransaction }

    /// Whether the statements so far and the next share one transaction. A raw SQL migration (the kind that needs
    /// its own lock_timeout) is applied as one by gate deploy, Flyway and golang-migrate's multi-statement run,
    /// unless the file declares otherwise; a framework's migration, as its runner says (`implicitTransaction`).
    private var runsAsOneTransaction: Bool {
        explicitTransaction || (!options.declaredOutsideTransaction && (options.implicitTransaction || options.requireLockTimeout))
    }

    /// Whether dropping `constraint` of `table` is the safe SET NOT NULL recipe's last step: the `CHECK (column IS
    /// NOT NULL)` of a column this script has since set NOT NULL. A check an earlier migration added is known from the
    /// column history, or else by its name, which names the column and says null (`users_email_not_null`, `chk_email_nn`).
    private func supersededNotNullCheck(table: String, constraint: String) -> Bool {
        guard let setColumns = setNotNullColumns[table] else { return false }
        if let column = notNullChecks[table + "." + constraint] ?? columns.notNullCheckColumn(table: table, constraint: constraint) {
            return setColumns.contains(column.lowercased())
        }
        let name = constraint.lowercased()
        return (name.contains("null") || name.contains("_nn")) && setColumns.contains { name.contains($0) }
    }

    /// `widensType`: the statement's type change is known to only widen the column (no rewrite, still compatible).
    mutating func classify(_ statement: SQLStatement, operations: [SchemaOperation], widensType: Bool = false)
        -> AnalyzedStatement
    {
        var hazards: [SchemaHazard] = []
        var effects: [StatementEffect] = []
        var requiresNoTransaction = false
        var locksExistingTable = false
        var runsLong = false
        var checks: [VerificationCheck] = []
        let version = options.postgresVersion
        defer { statementCount += 1 }
        if !uncommittedEnumLabels.isEmpty, runsAsOneTransaction {
            let text = Array(statement.text.utf8)
            if uncommittedEnumLabels.contains(where: { text.containsSequence($0) }) { hazards.append(.enumValueUsedInTransaction) }
        }

        for operation in operations {
            let existing = operation.table.map { !createdTables.contains(Self.bareName($0)) } ?? false
            let tableKey = operation.table.map(Self.bareName) ?? ""
            defer {
                columns.apply(operation)
                if existing, Self.blocksWrites(operation) { uncommittedLocks.insert(tableKey) }
            }
            switch operation {
            case .createTable(let table, let columns):
                createdTables.insert(Self.bareName(table))
                for column in columns { hazards += Self.advisories(column) }
                effects.append(.expand)
                // A foreign key takes a SHARE ROW EXCLUSIVE lock on the table it references: writes to an existing
                // one queue behind it, and it behind any long transaction there.
                locksExistingTable = locksExistingTable || columns.contains { column in
                    column.references.map { !createdTables.contains(Self.bareName($0)) } ?? false
                }
            case .dropTable:
                hazards.append(.dropTable)
                effects.append(.contract)
                locksExistingTable = true
            case .renameColumn(_, let column, let newName) where !existing || createdColumns.contains(tableKey + "." + column):
                // Named by no running code yet: the table or the column was made by this script.
                createdColumns.insert(tableKey + "." + newName)
                effects.append(.expand)
            case .renameTable(_, let newName) where !existing:
                createdTables.insert(Self.bareName(newName))
                effects.append(.expand)
            case .renameTable, .renameColumn:
                hazards.append(.rename)
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .renameObject(let kind, _):
                // Code names schemas, types and views; an index name only matters to hints and tooling.
                hazards.append(.clientBreakingChange)
                effects.append(kind == "index" ? .expand : .contract)
            case .addColumn(_, let column):
                createdColumns.insert(tableKey + "." + column.name)
                if column.notNull, column.hasDefault, !column.generated { notNullColumnsWithDefault.insert(tableKey + "." + column.name) }
                if existing, column.notNull, !column.hasDefault { hazards.append(.notNullWithoutDefault) }
                if existing, column.volatileDefault != nil, !column.generated { hazards.append(.volatileDefault) }
                // Before Postgres 11 every default rewrote the table; a stored generated or identity column
                // is computed for every existing row on any version.
                if existing, column.generated || (column.hasDefault && version < 11 && column.volatileDefault == nil) {
                    hazards.append(.rewritingColumn)
                    runsLong = true
                }
                if existing, column.references != nil { hazards.append(.constraintWithoutNotValid) }
                if existing, column.unique { hazards.append(.uniqueConstraintUnderLock) }
                hazards += Self.advisories(column)
                // Old code that inserts rows without the new column fails on a NOT NULL column with no default.
                effects.append(existing && column.notNull && !column.hasDefault ? .contract : .expand)
                locksExistingTable = locksExistingTable || existing
            case .dropColumn:
                hazards.append(.dropColumn)
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .alterColumnType(_, let column, let type):
                // The framework said the column only widens, or the history says what it was: the same type again,
                // a longer varchar, varchar to text.
                let widensType = widensType
                    || columns.column(table: tableKey, name: column).map { ColumnHistory.widens(from: $0.type, to: type) } ?? false
                if existing, !widensType {
                    hazards.append(Self.isVarchar(type) ? .varcharLengthChange : .columnTypeChange)
                    runsLong = true
                }
                hazards += Self.advisories(ColumnSpec(name: "", type: type))
                effects.append(widensType ? .expand : .contract)
                locksExistingTable = locksExistingTable || existing
            case .setNotNull(_, let column):
                // A column the history knows as NOT NULL already (a Laravel `->change()` restating it): nothing to
                // scan, nothing old code writes starts failing.
                let restated = columns.column(table: tableKey, name: column)?.notNull == true
                // A validated `CHECK (column IS NOT NULL)`, this script's or an earlier migration's: the check already
                // refuses every NULL old code could write, and Postgres 12+ skips the scan.
                let checked = version >= 12 && columns.provesNotNull(table: tableKey, column: column)
                // Postgres 12+ skips the scan when a valid CHECK proves it.
                let proven = version >= 12 && provenNotNull.contains(tableKey)
                if existing, !proven, !restated, !checked {
                    hazards.append(.setNotNull)
                    runsLong = true
                }
                setNotNullColumns[tableKey, default: []].insert(column.lowercased())
                effects.append(restated || checked ? .expand : .contract)
                locksExistingTable = locksExistingTable || existing
            case .dropNotNull(_, let column):
                // A column the history knows as nullable loses no guarantee (a Laravel `->nullable()->change()`
                // restating it).
                if existing, columns.column(table: tableKey, name: column)?.notNull != false { hazards.append(.clientBreakingChange) }
                effects.append(.expand)
                locksExistingTable = locksExistingTable || existing
            case .dropExpression:
                if existing { hazards.append(.clientBreakingChange) }
                effects.append(.expand)
                locksExistingTable = locksExistingTable || existing
            case .setDefault:
                effects.append(.expand)
                locksExistingTable = locksExistingTable || existing
            case .dropDefault(_, let column):
                // A NOT NULL column this script added with a default, or one the history knows NOT NULL with a default:
                // old code that inserts without naming the column starts failing. A column not known NOT NULL, or not
                // known to have had a default, is left alone.
                let known = columns.column(table: tableKey, name: column)
                let breaksInserts = existing
                    && (notNullColumnsWithDefault.contains(tableKey + "." + column) || known?.notNull == true && known?.hasDefault == true)
                if breaksInserts { hazards.append(.dropDefaultNotNull) }
                notNullColumnsWithDefault.remove(tableKey + "." + column)
                effects.append(breaksInserts ? .contract : .expand)
                locksExistingTable = locksExistingTable || existing
            case .validateConstraint(_, let name):
                // gate deploy runs a migration in one transaction, as most runners do: unless a COMMIT came between,
                // the ACCESS EXCLUSIVE lock of the ADD (or of any other ALTER of the table) is still held while
                // VALIDATE scans. Alone, VALIDATE takes only SHARE UPDATE EXCLUSIVE: reads and writes go on, and like
                // CREATE INDEX CONCURRENTLY it asks for no timeout however long it scans.
                if uncommittedNotValid.contains(tableKey + "." + name) || uncommittedLocks.contains(tableKey) {
                    hazards.append(.validateInSameTransaction)
                }
                provenNotNull.insert(tableKey)
                effects.append(.expand)
            case .dropConstraint(_, let name):
                // Dropping the CHECK that SET NOT NULL superseded is the recipe's last step, and dropping what this
                // script added is no change for clients; anything else removes a guarantee clients rely on, a
                // foreign key or a unique constraint of a table that also had a column SET NOT NULL included.
                let recipe = notValidConstraints.contains(tableKey + "." + name)
                    || supersededNotNullCheck(table: tableKey, constraint: name)
                if existing, !recipe { hazards.append(.clientBreakingChange) }
                effects.append(.expand)
                locksExistingTable = locksExistingTable || existing
            case .createIndex(_, _, _, _, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                } else if existing {
                    hazards.append(.indexWithoutConcurrently)
                    locksExistingTable = true
                    runsLong = true
                }
                effects.append(.expand)
            case .dropIndex(_, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                } else {
                    hazards.append(.indexWithoutConcurrently)
                    locksExistingTable = true
                }
                effects.append(.expand)
            case .addConstraint(_, let name, let kind, let notValid, let usingIndex, let notNullCheck, let references):
                // A foreign key locks the table it references too (SHARE ROW EXCLUSIVE), made here or not.
                if let references, !createdTables.contains(Self.bareName(references)) { locksExistingTable = true }
                if existing {
                    if (kind == .foreignKey || kind == .check), !notValid {
                        hazards.append(.constraintWithoutNotValid)
                        runsLong = true
                    }
                    if (kind == .unique || kind == .primaryKey), usingIndex == nil {
                        hazards.append(.uniqueConstraintUnderLock)
                        runsLong = true
                    }
                    if kind == .exclusion { hazards.append(.uniqueConstraintUnderLock) }
                    locksExistingTable = true
                }
                if notValid, let name {
                    notValidConstraints.insert(tableKey + "." + name)
                    uncommittedNotValid.insert(tableKey + "." + name)
                }
                if notNullCheck != nil, !notValid { provenNotNull.insert(tableKey) }
                if let notNullCheck, let name { notNullChecks[tableKey + "." + name] = notNullCheck.lowercased() }
                effects.append(.expand)
            case .createType(let name):
                createdTypes.insert(name)
                effects.append(.expand)
            case .dropType:
                effects.append(.contract)
            case .enumAddValue(let type, let value):
                // Before Postgres 12 ADD VALUE cannot run inside a transaction block at all.
                if !createdTypes.contains(type), version < 12 { hazards.append(.enumValueChange) }
                // A type made in the same transaction may use its new labels at once; an existing one may not.
                if !createdTypes.contains(type), !value.isEmpty {
                    uncommittedEnumLabels.append(Array("'\(value.replacingOccurrences(of: "'", with: "''"))'".utf8))
                }
                effects.append(.expand)
            case .enumRenameValue:
                hazards.append(.enumValueChange)
                effects.append(.contract)
            case .truncate(_, let cascade):
                if cascade { hazards.append(.truncateCascade) }
                effects.append(.data)
                locksExistingTable = true
            case .dataChange(_, let rewritesRows, let copiesRows, let duplicateColumn):
                if duplicateColumn != nil { hazards.append(.duplicateColumnAssignment) }
                if existing, rewritesRows { hazards.append(.unbatchedBackfill) }
                if existing, rewritesRows || copiesRows { runsLong = true }
                effects.append(.data)
            case .rewriteTable(let command, let table):
                if command == "VACUUM FULL" {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                }
                // A table this script made is empty: nothing to rewrite (`VACUUM FULL` alone names none, all of them).
                if table == nil || existing {
                    hazards.append(.tableRewrite)
                    locksExistingTable = true
                    runsLong = true
                }
                effects.append(.expand)
            case .alterStorage(_, let command):
                if existing { hazards.append(command == "SET TABLESPACE" ? .setTablespace : .setLogged) }
                locksExistingTable = locksExistingTable || existing
                runsLong = runsLong || existing
                effects.append(.expand)
            case .lockTable(let tables, _):
                if tables.contains(where: { !createdTables.contains(Self.bareName($0)) }) { hazards.append(.lockTable) }
                locksExistingTable = true
                effects.append(.expand)
            case .reindex(_, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                } else {
                    hazards.append(.reindexWithoutConcurrently)
                    locksExistingTable = true
                    runsLong = true
                }
                effects.append(.expand)
            case .detachPartition(_, _, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                } else if existing {
                    hazards.append(.detachPartitionWithoutConcurrently)
                    locksExistingTable = true
                }
                effects.append(.contract)
            case .attachPartition(_, let partition):
                // Without a CHECK matching the bound, ATTACH scans the partition under lock; a partition this
                // script created empty (CREATE TABLE … PARTITION OF) has nothing to scan.
                let partitionName = Self.bareName(partition)
                if !createdTables.contains(partitionName), !provenPartitions.contains(partitionName) {
                    hazards.append(.attachPartitionWithoutCheck)
                    runsLong = true
                }
                locksExistingTable = locksExistingTable || existing
                effects.append(.expand)
            case .refreshMaterializedView(_, let concurrent):
                if !concurrent {
                    hazards.append(.refreshWithoutConcurrently)
                    runsLong = true
                }
                effects.append(.data)
            case .policy(_, let removes, let change):
                // Brief, but an ACCESS EXCLUSIVE lock (creating, altering and dropping alike): without a lock_timeout
                // it queues every query behind it. A policy dropped from a live table may take away rows running
                // code reads; so does row security turned on for a live table that gets no policy (`finish`).
                locksExistingTable = locksExistingTable || existing
                if change == .enableRowSecurity, existing { rowSecurityEnabled.insert(tableKey) }
                effects.append(removes && existing ? .contract : .expand)
            case .alterTableSetting:
                locksExistingTable = locksExistingTable || existing
                effects.append(.expand)
            case .createTrigger:
                if existing {
                    hazards.append(.triggerOnLiveTable)
                    locksExistingTable = true
                }
                effects.append(.expand)
            case .domainConstraint(_, let notValid):
                if !notValid { hazards.append(.domainConstraint) }
                effects.append(.expand)
            case .dropDatabase:
                hazards.append(.dropDatabase)
                requiresNoTransaction = true
                effects.append(.contract)
            case .longIdentifier:
                hazards.append(.identifierTooLong)
            case .setting(let name, let value):
                switch name.lowercased() {
                case "lock_timeout": lockTimeoutSet = !Self.isZero(value)
                case "statement_timeout": statementTimeoutSet = !Self.isZero(value)
                default: break
                }
                effects.append(.expand)
            case .transaction(let begin):
                if begin {
                    // A BEGIN inside a transaction is a warning in Postgres and does nothing: the COMMIT that
                    // "ends the inner one" commits everything.
                    if explicitTransaction || options.implicitTransaction || runnerTransaction { hazards.append(.transactionNesting) }
                    openTransactionStatement = statementCount
                } else {
                    if !explicitTransaction, !options.implicitTransaction, !runnerTransaction { hazards.append(.transactionNesting) }
                    openTransactionStatement = nil
                    // The file's own COMMIT commits: gate deploy runs a file with statements after one statement by
                    // statement (GateDeploy's OwnTransactions), as its author's tool would.
                    uncommittedNotValid.removeAll()
                    uncommittedLocks.removeAll()
                    uncommittedEnumLabels.removeAll()
                }
                explicitTransaction = begin
                effects.append(.expand)
            case .privilegeChange(let command, let tables):
                // A GRANT or REVOKE on tables this change made sets up who may use them (Supabase's `grant select on
                // table … to anon` after each create table); any other change of privileges, roles or the server's
                // settings is the database owner's to sign off.
                let ownTables = !tables.isEmpty && tables.allSatisfy { createdTables.contains(Self.bareName($0)) }
                if !ownTables { hazards.append(.privilegeChange) }
                if command == "ALTER SYSTEM" {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                }
                effects.append(.expand)
            case .other(let kind):
                // Only what is known to change the catalog alone is expand-only. Anything else (a DO block gate cannot
                // read, a subscription, EXPLAIN ANALYZE, a statement it has never seen) may change data or more, and
                // is judged as a data change: never fast-tracked.
                effects.append(kind.hasPrefix("DROP ") ? .contract : Self.changesCatalogOnly(kind) ? .expand : .data)
                if Self.outsideTransaction.contains(kind) {
                    requiresNoTransaction = true
                    if inTransaction { hazards.append(.concurrentlyInTransaction) }
                }
            }
            // A validated CHECK on a table about to be attached is what lets ATTACH PARTITION skip its scan.
            if case .addConstraint(_, _, .check, false, _, _, _) = operation { provenPartitions.insert(tableKey) }
            if case .validateConstraint = operation { provenPartitions.insert(tableKey) }
            checks += VerificationCheckBuilder.checks(for: operation)
        }

        if options.requireLockTimeout, locksExistingTable, !lockTimeoutSet, !lockTimeoutReported {
            hazards.append(.missingLockTimeout)
            lockTimeoutReported = true
        }
        if options.requireLockTimeout, runsLong, !statementTimeoutSet, !statementTimeoutReported {
            hazards.append(.missingStatementTimeout)
            statementTimeoutReported = true
        }
        let effect: StatementEffect =
            effects.contains(.contract) ? .contract : effects.contains(.data) ? .data : .expand
        if effect == .contract, phase == .pre, options.judgesPhase { hazards.append(.contractWithoutPostPhase) }
        // Ordered by rank, each once: ranks are distinct, so a repeat sits next to its twin after sorting.
        var unique: [String] = []
        var lastRank = -1
        for (rank, hazard) in hazards.map({ ($0.rank, $0) }).sorted(by: { $0.0 < $1.0 }) where rank != lastRank {
            unique.append(hazard.rawValue)
            lastRank = rank
        }
        return AnalyzedStatement(
            statement: statement, effect: effect, hazards: unique, checks: checks,
            requiresNoTransaction: requiresNoTransaction, operations: operations)
    }

    /// Where in a `DO` block's text (a byte offset) the block `analyzed` classified is judged: at the statement in it
    /// that makes its worst hazard (each classified in turn, as this classifier, the one before the block, would),
    /// else at its first statement that is no `SET`. Nil when no statement of the block is found in its text.
    func site(of analyzed: AnalyzedStatement, in block: OperationReader.DoBlockContents) -> Int? {
        let located = block.statements.filter { $0.offset != nil }
        let first = located.first { statement in
            !statement.operations.allSatisfy { if case .setting = $0 { true } else { false } }
        } ?? located.first
        guard located.count > 1, let worst = analyzed.hazards.first else { return first?.offset }
        var probe = self
        for statement in block.statements {
            let judged = probe.classify(analyzed.statement, operations: statement.operations)
            if let offset = statement.offset, judged.hazards.contains(worst) { return offset }
        }
        return first?.offset
    }

    /// Whether the operation locks its table against writes until the transaction ends (ACCESS EXCLUSIVE for most
    /// ALTER TABLE forms, SHARE for a plain CREATE INDEX, SHARE ROW EXCLUSIVE for a trigger or a foreign key).
    static func blocksWrites(_ operation: SchemaOperation) -> Bool {
        switch operation {
        case .addColumn, .dropColumn, .renameColumn, .renameTable, .alterColumnType, .setNotNull, .dropNotNull, .setDefault,
            .dropDefault, .dropExpression, .addConstraint, .dropConstraint, .alterStorage, .alterTableSetting, .createTrigger, .policy,
            .lockTable, .truncate, .rewriteTable, .attachPartition:
            return true
        case .createIndex(_, _, _, _, let concurrent), .detachPartition(_, _, let concurrent):
            return !concurrent
        default:
            return false
        }
    }

    /// Tables that received a CHECK constraint in this script: a partition carrying one can be attached without
    /// the scan (the CHECK is meant to match the partition bound).
    private var provenPartitions: Set<String> = []

    /// Existing tables whose row security a statement turns on (`ENABLE`/`FORCE ROW LEVEL SECURITY`), by bare name.
    private var rowSecurityEnabled: Set<String> = []

    /// Marks a `BEGIN` the script never commits, and row security turned on for a live table with no policy, once
    /// every statement is classified.
    func finish(_ statements: inout [AnalyzedStatement]) {
        // Row security on with no policy for the table denies every row to every role but its owner (and those
        // that bypass it): PostgREST's anon and authenticated reads return nothing from then on. A policy created
        // in the same script keeps what it allows.
        if !rowSecurityEnabled.isEmpty {
            var policied: Set<String> = []
            for statement in statements {
                for case .policy(let table, _, .create) in statement.operations { policied.insert(Self.bareName(table)) }
            }
            for index in statements.indices {
                let denies = statements[index].operations.contains { operation in
                    guard case .policy(let table, _, .enableRowSecurity) = operation else { return false }
                    return rowSecurityEnabled.contains(Self.bareName(table)) && !policied.contains(Self.bareName(table))
                }
                guard denies, !statements[index].hazards.contains(SchemaHazard.clientBreakingChange.rawValue) else { continue }
                let hazards = statements[index].hazards.compactMap(SchemaHazard.init(rawValue:)) + [.clientBreakingChange]
                statements[index].hazards = hazards.sorted { $0.rank < $1.rank }.map(\.rawValue)
            }
        }
        // gate deploy runs a file holding a statement that needs no transaction (CONCURRENTLY) statement by statement:
        // every ADD VALUE commits before the next statement.
        if !explicitTransaction, statements.contains(where: \.requiresNoTransaction) {
            for index in statements.indices {
                statements[index].hazards.removeAll { $0 == SchemaHazard.enumValueUsedInTransaction.rawValue }
            }
        }
        // golang-migrate sends the file as one query string (one implicit transaction) and Flyway refuses to mix: a
        // CONCURRENTLY beside any other statement fails there, even though gate deploy would run the file.
        if options.noTransactionStatementOnlyAlone, !options.declaredOutsideTransaction, statements.count > 1 {
            let flagged = SchemaHazard.concurrentlyInTransaction
            for index in statements.indices
            where statements[index].requiresNoTransaction && !statements[index].hazards.contains(flagged.rawValue) {
                let hazards = statements[index].hazards.compactMap(SchemaHazard.init(rawValue:)) + [flagged]
                statements[index].hazards = hazards.sorted { $0.rank < $1.rank }.map(\.rawValue)
            }
        }
        guard let index = openTransactionStatement, statements.indices.contains(index),
            !statements[index].hazards.contains(SchemaHazard.transactionNesting.rawValue)
        else { return }
        let hazards = (statements[index].hazards.compactMap(SchemaHazard.init(rawValue:)) + [.transactionNesting])
        statements[index].hazards = hazards.sorted { $0.rank < $1.rank }.map(\.rawValue)
    }

    /// Style advice for a column's declared type.
    static func advisories(_ column: ColumnSpec) -> [SchemaHazard] {
        var advice: [SchemaHazard] = []
        if column.serial { advice.append(.preferIdentity) }
        if column.key, column.type == "int4" || column.type == "int2" { advice.append(.preferBigintKey) }
        let type = column.type.hasSuffix("[]") ? String(column.type.dropLast(2)) : column.type
        if type == "timestamp" || type.hasPrefix("timestamp(") { advice.append(.preferTimestamptz) }
        if type == "bpchar" || type.hasPrefix("bpchar(") { advice.append(.preferText) }
        if type == "json" { advice.append(.preferJsonb) }
        return advice
    }

    /// Statements that change the catalog and nothing else, by parser tag (ALTER TABLE subcommands gate reads no
    /// further, `AT_…`, are among them): expand-only. Every other statement gate does not read is a data change.
    static let catalogOnlyStatements: Set<String> = [
        "CreateFunctionStmt", "ViewStmt", "CreateSeqStmt", "AlterSeqStmt", "CommentStmt", "CreateExtensionStmt",
        "AlterExtensionStmt", "AlterExtensionContentsStmt", "CreateSchemaStmt", "CreateTableAsStmt", "AlterTableStmt",
        "RenameStmt", "CreateCastStmt", "DefineStmt", "CreateStatsStmt", "AlterStatsStmt", "AlterFunctionStmt",
        "AlterOwnerStmt", "CreateOpClassStmt", "CreateOpFamilyStmt", "AlterOpFamilyStmt", "CreateConversionStmt",
        "CreateTransformStmt", "CreatePLangStmt", "AlterTSDictionaryStmt", "AlterTSConfigurationStmt", "AlterTypeStmt",
        "AlterOperatorStmt", "AlterCollationStmt", "CreateRangeStmt", "AlterDomainStmt", "CreateEventTrigStmt",
        "AlterEventTrigStmt", "CreateForeignTableStmt", "CreateFdwStmt", "AlterFdwStmt", "CreateForeignServerStmt",
        "AlterForeignServerStmt", "ImportForeignSchemaStmt", "CreatePublicationStmt", "AlterPublicationStmt",
        "SecLabelStmt", "CreateAmStmt", "AlterObjectDependsStmt", "ConstraintsSetStmt", "VariableShowStmt",
        "DiscardStmt", "ListenStmt", "UnlistenStmt", "NotifyStmt", "CheckPointStmt", "VacuumStmt", "TransactionStmt",
        "SelectStmt",
    ]

    static func changesCatalogOnly(_ kind: String) -> Bool {
        kind.hasPrefix("AT_") || catalogOnlyStatements.contains(kind)
    }

    /// Statements Postgres refuses inside a transaction block (besides CREATE/DROP INDEX CONCURRENTLY).
    static let outsideTransaction: Set<String> = [
        "ReindexStmt CONCURRENTLY", "AT_DetachPartition CONCURRENTLY", "VacuumStmt", "CreatedbStmt", "DropdbStmt",
        "AlterSystemStmt", "CreateTableSpaceStmt", "DropTableSpaceStmt",
    ]

    static func bareName(_ table: String) -> String {
        guard let dot = table.utf8.lastIndex(of: 0x2E) else { return table }
        return String(table[table.utf8.index(after: dot)...])
    }

    static func isVarchar(_ type: String) -> Bool {
        type.hasPrefix("varchar") || type.hasPrefix("character varying") || type.hasPrefix("bpchar")
    }

    private static func isZero(_ value: String) -> Bool {
        // Settings are ASCII: trim and compare them as bytes (Foundation's trimming is the slow part otherwise).
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = value.utf8.drop { $0 == 0x20 || $0 == 0x09 }.reversed().drop { $0 == 0x20 || $0 == 0x09 }
            let trimmed = String(decoding: bytes.reversed().map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
            return trimmed == "0" || trimmed == "0s" || trimmed == "0ms" || trimmed == "default"
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed == "0" || trimmed == "0s" || trimmed == "0ms" || trimmed == "default"
    }
}
