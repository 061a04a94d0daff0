import GateSQL

/// A SQL migration that writes its own `BEGIN;` … `COMMIT;` (pg_dump-style scripts, files written for psql). gate
/// owns the transaction a migration runs in, so it sends neither statement: a `COMMIT` would end gate's transaction
/// before the history row is written. What gate does instead depends on the blocks the file writes:
///
/// - one block (`BEGIN;` statements `COMMIT;`): the statements run in gate's own transaction with the history row,
///   as the author asked: all or nothing.
/// - statements after a `COMMIT` (two blocks, or a `COMMIT;` meant to make an enum label added above usable below):
///   one transaction would not do what the file says (Postgres refuses a label used in the transaction that added
///   it), so the file runs statement by statement, each committed with a progress row, as a file that cannot run in
///   a transaction does.
/// - a `ROLLBACK` (or `PREPARE TRANSACTION`): run as written the migration changes nothing, or leaves a prepared
///   transaction; gate would commit it instead, so the file is refused.
extension MigrationScript {
    /// Whether the file writes any `BEGIN`/`COMMIT` of its own.
    public var managesOwnTransaction: Bool { statements.contains(where: \.controlsTransaction) }

    /// Whether a statement gate runs follows a `COMMIT` the file wrote: its blocks are separate transactions.
    public var commitsBetweenStatements: Bool {
        var committed = false
        for analyzed in statements {
            if analyzed.controlsTransaction {
                if analyzed.endsTransaction { committed = true }
            } else if committed {
                return true
            }
        }
        return false
    }

    /// The first `ROLLBACK`, `ABORT` or `PREPARE TRANSACTION` the file writes, which gate cannot honour.
    public var abandoningStatement: SQLStatement? {
        statements.first { $0.controlsTransaction && $0.abandonsTransaction }?.statement
    }
}

extension AnalyzedStatement {
    /// `BEGIN`/`START TRANSACTION`/`COMMIT`/`END`/`ROLLBACK`… in a migration file (not a `SAVEPOINT`, which runs inside
    /// gate's transaction as written).
    public var controlsTransaction: Bool {
        operations.contains { if case .transaction = $0 { true } else { false } }
    }

    /// A `COMMIT`, `END`, `ROLLBACK` or `PREPARE TRANSACTION`.
    var endsTransaction: Bool {
        operations.contains { if case .transaction(begin: false) = $0 { true } else { false } }
    }

    /// A transaction end that does not commit: `ROLLBACK`, `ABORT`, `PREPARE TRANSACTION` (its first word says which).
    var abandonsTransaction: Bool {
        guard endsTransaction else { return false }
        let word = statement.text.prefix { $0.isLetter }.lowercased()
        return word == "rollback" || word == "abort" || word == "prepare"
    }
}
