import Foundation
import GateCore

/// Classifies statements one after another, remembering what the script did before (tables it created,
/// an open transaction, a `lock_timeout`), since a statement's danger depends on them.
struct StatementClassifier {
    let phase: MigrationPhase
    let options: AnalysisOptions
    private var createdTables: Set<String> = []
    private var createdTypes: Set<String> = []
    private var explicitTransaction = false
    private var lockTimeoutSet = false
    private var lockTimeoutReported = false

    init(phase: MigrationPhase, options: AnalysisOptions) {
        self.phase = phase
        self.options = options
    }

    mutating func classify(_ statement: SQLStatement, operations: [SchemaOperation]) -> AnalyzedStatement {
        var hazards: [SchemaHazard] = []
        var effects: [StatementEffect] = []
        var requiresNoTransaction = false
        var locksExistingTable = false
        var checks: [VerificationCheck] = []

        for operation in operations {
            let existing = operation.table.map { !createdTables.contains(Self.bareName($0)) } ?? false
            switch operation {
            case .createTable(let table, _):
                createdTables.insert(Self.bareName(table))
                effects.append(.expand)
            case .dropTable:
                hazards.append(.dropTable)
                effects.append(.contract)
                locksExistingTable = true
            case .renameTable, .renameColumn:
                hazards.append(.rename)
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .addColumn(_, let column):
                if existing, column.notNull, !column.hasDefault { hazards.append(.notNullWithoutDefault) }
                if existing, column.volatileDefault != nil { hazards.append(.volatileDefault) }
                if existing, column.references != nil { hazards.append(.constraintWithoutNotValid) }
                if existing, column.unique { hazards.append(.uniqueConstraintUnderLock) }
                // Old code that inserts rows without the new column fails on a NOT NULL column with no default.
                effects.append(existing && column.notNull && !column.hasDefault ? .contract : .expand)
                locksExistingTable = locksExistingTable || existing
            case .dropColumn:
                hazards.append(.dropColumn)
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .alterColumnType(_, _, let type):
                if existing {
                    hazards.append(Self.isVarchar(type) ? .varcharLengthChange : .columnTypeChange)
                }
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .setNotNull:
                if existing { hazards.append(.setNotNull) }
                effects.append(.contract)
                locksExistingTable = locksExistingTable || existing
            case .dropNotNull, .setDefault, .validateConstraint, .dropConstraint:
                effects.append(.expand)
                locksExistingTable = locksExistingTable || existing
            case .createIndex(_, _, _, _, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if explicitTransaction || options.implicitTransaction { hazards.append(.concurrentlyInTransaction) }
                } else if existing {
                    hazards.append(.indexWithoutConcurrently)
                    locksExistingTable = true
                }
                effects.append(.expand)
            case .dropIndex(_, let concurrent):
                if concurrent {
                    requiresNoTransaction = true
                    if explicitTransaction || options.implicitTransaction { hazards.append(.concurrentlyInTransaction) }
                } else {
                    hazards.append(.indexWithoutConcurrently)
                    locksExistingTable = true
                }
                effects.append(.expand)
            case .addConstraint(_, _, let kind, let notValid, let usingIndex):
                if existing {
                    if (kind == .foreignKey || kind == .check), !notValid { hazards.append(.constraintWithoutNotValid) }
                    if (kind == .unique || kind == .primaryKey), !usingIndex { hazards.append(.uniqueConstraintUnderLock) }
                    if kind == .exclusion { hazards.append(.uniqueConstraintUnderLock) }
                    locksExistingTable = true
                }
                effects.append(.expand)
            case .createType(let name):
                createdTypes.insert(name)
                effects.append(.expand)
            case .dropType:
                effects.append(.contract)
            case .enumAddValue(let type, _):
                if !createdTypes.contains(type) { hazards.append(.enumValueChange) }
                effects.append(.expand)
            case .enumRenameValue:
                hazards.append(.enumValueChange)
                effects.append(.contract)
            case .truncate(_, let cascade):
                if cascade { hazards.append(.truncateCascade) }
                effects.append(.data)
                locksExistingTable = true
            case .dataChange:
                effects.append(.data)
            case .setting(let name, let value):
                if name.lowercased() == "lock_timeout" { lockTimeoutSet = !Self.isZero(value) }
                effects.append(.expand)
            case .transaction(let begin):
                explicitTransaction = begin
                effects.append(.expand)
            case .other(let kind):
                effects.append(kind.hasPrefix("DROP ") ? .contract : .expand)
                if Self.outsideTransaction.contains(kind) {
                    requiresNoTransaction = true
                    if explicitTransaction || options.implicitTransaction { hazards.append(.concurrentlyInTransaction) }
                }
            }
            checks += VerificationCheckBuilder.checks(for: operation)
        }

        if options.requireLockTimeout, locksExistingTable, !lockTimeoutSet, !lockTimeoutReported {
            hazards.append(.missingLockTimeout)
            lockTimeoutReported = true
        }
        let effect: StatementEffect =
            effects.contains(.contract) ? .contract : effects.contains(.data) ? .data : .expand
        if effect == .contract, phase == .pre, options.judgesPhase { hazards.append(.contractWithoutPostPhase) }
        var unique: [String] = []
        for hazard in hazards where !unique.contains(hazard.rawValue) { unique.append(hazard.rawValue) }
        return AnalyzedStatement(
            statement: statement, effect: effect, hazards: unique, checks: checks,
            requiresNoTransaction: requiresNoTransaction, operations: operations)
    }

    /// Statements Postgres refuses inside a transaction block (besides CREATE/DROP INDEX CONCURRENTLY).
    static let outsideTransaction: Set<String> = [
        "ReindexStmt CONCURRENTLY", "AT_DetachPartition CONCURRENTLY", "VacuumStmt", "CreatedbStmt", "DropdbStmt",
        "AlterSystemStmt", "CreateTableSpaceStmt", "DropTableSpaceStmt",
    ]

    static func bareName(_ table: String) -> String {
        table.split(separator: ".").last.map(String.init) ?? table
    }

    static func isVarchar(_ type: String) -> Bool {
        type.hasPrefix("varchar") || type.hasPrefix("character varying") || type.hasPrefix("bpchar")
    }

    private static func isZero(_ value: String) -> Bool {
        let trimmed = value.trimmingCharacters(in: .whitespaces).lowercased()
        return trimmed == "0" || trimmed == "0s" || trimmed == "0ms" || trimmed == "default"
    }
}
