import GatePostgres
import GateSQL

/// Makes the statements that run outside a transaction safe to run again after a failure or a killed gate: such a
/// statement may have done its work (or half of it) without its progress row being written.
///
/// - `CREATE INDEX CONCURRENTLY`: an INVALID index of that name (a failed build) is dropped first; a valid one counts
///   as built only if this statement had started before and the index is the one it defines (table, columns,
///   uniqueness); another definition is an error, never taken as done.
/// - `DROP INDEX CONCURRENTLY`: an index already gone counts as dropped only if this statement had started before.
/// - `REINDEX … CONCURRENTLY`: the INVALID `_ccnew`/`_ccold` indexes a failed run leaves are dropped first.
/// - `VACUUM`, `CREATE DATABASE` and the rest either succeed whole or change nothing, so they simply run again.
struct RetrySafety {
    let applier: MigrationApplier

    private var state: DeployState { applier.state }

    /// True when the statement's work is already in the database, so it must not run again.
    func alreadyDone(_ statement: AnalyzedStatement, startedBefore: Bool) throws -> Bool {
        for operation in statement.operations {
            switch operation {
            case .createIndex(let name?, let table, let columns, let unique, true):
                return try prepareCreateIndex(name, table: table, columns: columns, unique: unique, startedBefore: startedBefore)
            case .dropIndex(let name, true):
                guard startedBefore else { return false }
                if try index(named: name) == nil {
                    state.log("  index \(name) is already gone: the interrupted DROP INDEX CONCURRENTLY finished")
                    return true
                }
                return false
            case .reindex(_, concurrent: true):
                if startedBefore { try dropReindexDebris() }
                return false
            default:
                continue
            }
        }
        return false
    }

    private struct ExistingIndex {
        var valid: Bool
        var table: String
        var columns: [String]
        var unique: Bool
        var drop: String
    }

    private func index(named name: String) throws -> ExistingIndex? {
        let bare = name.split(separator: ".").last.map(String.init) ?? name
        let rows = try state.target.query(
            """
            SELECT i.indisvalid, t.relname, i.indisunique,
                   coalesce((SELECT string_agg(coalesce(a.attname, '(expression)'), ',' ORDER BY k.position)
                             FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum), ''),
                   format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, c.relname)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = \(bare) AND pg_table_is_visible(c.oid)
            """)
        guard let row = rows.first else { return nil }
        return ExistingIndex(
            valid: row.bool(0) == true, table: row.string(1) ?? "",
            columns: (row.string(3) ?? "").split(separator: ",").map(String.init), unique: row.bool(2) == true,
            drop: row.string(4) ?? "")
    }

    private func prepareCreateIndex(_ name: String, table: String, columns: [String], unique: Bool, startedBefore: Bool)
        throws -> Bool
    {
        guard let existing = try index(named: name) else { return false }
        guard existing.valid else {
            state.log("  dropping INVALID index \(name) left by a failed concurrent build")
            // The server quoted the identifiers with format('%I'); the text holds no value of ours.
            try state.target.unsafeExecuteScript(existing.drop)
            return false
        }
        let bareTable = table.split(separator: ".").last.map(String.init) ?? table
        let same = existing.table == bareTable && existing.unique == unique
            && (columns.isEmpty || existing.columns == columns)
        guard same else {
            throw DeployError.stepFailed(
                step: applier.step,
                message: "index \(name) already exists on \(existing.table) (\(existing.columns.joined(separator: ", "))\(existing.unique ? ", unique" : "")), not as this migration defines it on \(bareTable) (\(columns.joined(separator: ", "))\(unique ? ", unique" : "")): drop or rename one of them")
        }
        // Ours only if this statement was started before; otherwise let it run and fail (or pass: IF NOT EXISTS).
        return startedBefore
    }

    /// REINDEX CONCURRENTLY builds `<index>_ccnew` and renames the old one `<index>_ccold`; a failure part-way leaves
    /// them INVALID, and Postgres's documentation says to drop them before trying again.
    private func dropReindexDebris() throws {
        let rows = try state.target.query(
            """
            SELECT c.relname, format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, c.relname)
            FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT i.indisvalid AND pg_table_is_visible(c.oid) AND c.relname ~ '_cc(new|old)[0-9]*$'
            """)
        for row in rows {
            guard let name = row.string(0), let drop = row.string(1) else { continue }
            state.log("  dropping INVALID index \(name) left by a failed REINDEX CONCURRENTLY")
            try state.target.unsafeExecuteScript(drop)
        }
    }
}
