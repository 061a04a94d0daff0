import Foundation
import GateCore
import GatePostgres
import GateSQL

/// Applies migration files to the target and records them in its history.
struct MigrationApplier {
    let state: DeployState
    let step: String

    /// A migration whose statements can all run in a transaction is applied and recorded in one; "applied" and
    /// "recorded" cannot diverge. The others run statement by statement with per-statement progress rows.
    func apply(_ file: AnalyzedMigration) throws {
        do {
            try applyOnce(file)
        } catch var failure as LockTimeoutFailure {
            failure.migrationSetting = Self.ownSetting("lock_timeout", of: file)
            throw failure
        } catch var failure as StatementTimeoutFailure {
            failure.migrationSetting = Self.ownSetting("statement_timeout", of: file)
            throw failure
        }
    }

    /// The migration's last `SET lock_timeout` or `SET statement_timeout` (`setting`; a bare number is milliseconds,
    /// as Postgres reads it).
    static func ownSetting(_ setting: String, of file: AnalyzedMigration) -> MigrationTimeoutSetting? {
        var found: MigrationTimeoutSetting?
        for analyzed in file.script.statements {
            for case .setting(let name, let value) in analyzed.operations where name.lowercased() == setting {
                let shown = !value.isEmpty && value.allSatisfy(\.isNumber) ? value + "ms" : value
                found = .init(path: file.path, line: analyzed.statement.line, value: shown)
            }
        }
        return found
    }

    private func applyOnce(_ file: AnalyzedMigration) throws {
        let started = Date()
        let touchesSession = file.script.statements.contains(where: \.touchesSession)
        if file.needsNoTransaction {
            try applyOutsideTransaction(file, started: started)
        } else {
            try state.retrying("\(step) \(file.name)") {
                try state.target.withTransaction { target in
                    for analyzed in file.script.statements where !analyzed.controlsTransaction {
                        try execute(analyzed.statement, of: file, on: target)
                    }
                    // Verified against the state right after it, before it commits (SPEC §5 step 6).
                    try SchemaVerifier(state: state, step: step).verifyApplied(file, on: target)
                    // The history row is gate's, written as gate's user whatever role the migration took.
                    if touchesSession { try target.unsafeExecuteScript("RESET ROLE") }
                    try record(file, started: started, on: target)
                }
            }
        }
        // A migration's own `SET ROLE`, `SET search_path` or `SET lock_timeout …` outlives its transaction: the next
        // migration starts from a clean session.
        if touchesSession { try resetSession() }
        state.appliedNow.append(file.name)
        state.log("  applied \(file.path) (\(file.phase.rawValue)) in \(Int(Date().timeIntervalSince(started) * 1000))ms")
    }

    /// Statements Postgres refuses in a transaction block. Each completed statement leaves a progress row, so a
    /// re-run skips it; a `CREATE INDEX CONCURRENTLY` that failed half-way leaves an INVALID index, which is dropped
    /// before the statement runs again, and a valid index of that name means the statement already succeeded.
    private func applyOutsideTransaction(_ file: AnalyzedMigration, started: Date) throws {
        let digests = file.script.statements.map { ContentDigest.sha256Hex($0.statement.text) }
        let progress = try self.progress(of: file, digests: digests)
        // Row `ordinal` means the statement completed; row `-(ordinal + 1)` that it was started, so a re-run knows
        // an index already gone (or already built) may be this statement's own work.
        let done = progress.filter { $0 >= 0 }
        for (ordinal, analyzed) in file.script.statements.enumerated()
        where !done.contains(ordinal) && !analyzed.controlsTransaction {
            if analyzed.requiresNoTransaction {
                var started = progress.contains(-(ordinal + 1))
                try state.retrying("\(step) \(file.name)") {
                    if try RetrySafety(applier: self).alreadyDone(analyzed, startedBefore: started) { return }
                    if !started {
                        try state.target.execute(
                            """
                            INSERT INTO gate.migration_progress (name, statement, statement_sha256)
                            VALUES (\(file.name), \(-(ordinal + 1)), \(digests[ordinal])) ON CONFLICT DO NOTHING
                            """)
                        started = true
                    }
                    try execute(analyzed.statement, of: file, on: state.target)
                }
                _ = try state.retrying(step) {
                    try state.target.unsafeExecuteScript("RESET ROLE")
                    try state.target.execute(
                        """
                        INSERT INTO gate.migration_progress (name, statement, statement_sha256)
                        VALUES (\(file.name), \(ordinal), \(digests[ordinal])) ON CONFLICT DO NOTHING
                        """)
                }
            } else {
                try state.retrying("\(step) \(file.name)") {
                    try state.target.withTransaction { target in
                        try execute(analyzed.statement, of: file, on: target)
                        try target.unsafeExecuteScript("RESET ROLE")
                        try target.execute(
                            """
                            INSERT INTO gate.migration_progress (name, statement, statement_sha256)
                            VALUES (\(file.name), \(ordinal), \(digests[ordinal]))
                            """)
                    }
                }
            }
        }
        try state.retrying(step) { try SchemaVerifier(state: state, step: step).verifyApplied(file, on: state.target) }
        try state.retrying(step) {
            try state.target.withTransaction { target in
                try target.unsafeExecuteScript("RESET ROLE")
                try record(file, started: started, on: target)
                try target.execute("DELETE FROM gate.migration_progress WHERE name = \(file.name)")
            }
        }
    }

    /// The file's progress rows from an earlier run stopped part-way: each names the statement it recorded by its
    /// SHA-256, so a file edited since never skips a statement that is not the one that completed. A completed
    /// statement that changed stops the deploy (its earlier version is in the database); a started-only marker of a
    /// changed statement is dropped. Rows written before gate kept the digest carry none and are taken as they are.
    private func progress(of file: AnalyzedMigration, digests: [String]) throws -> Set<Int> {
        let rows = try state.retrying(step) {
            try state.target.query("SELECT statement, statement_sha256 FROM gate.migration_progress WHERE name = \(file.name)")
        }
        var progress: Set<Int> = []
        for row in rows {
            guard let recorded = row.int(0) else { continue }
            let ordinal = recorded >= 0 ? recorded : -(recorded + 1)
            let same = row.string(1).map { ordinal < digests.count && digests[ordinal] == $0 } ?? true
            if same {
                progress.insert(recorded)
                continue
            }
            guard recorded >= 0 else {
                _ = try state.retrying(step) {
                    try state.target.execute("DELETE FROM gate.migration_progress WHERE name = \(file.name) AND statement = \(recorded)")
                }
                continue
            }
            let place = ordinal < file.script.statements.count
                ? "\(file.path):\(file.script.statements[ordinal].statement.line)" : "\(file.path) (statement \(ordinal + 1))"
            throw DeployError.stepFailed(
                step: step,
                message: "\(place): an earlier run of \(file.name) outside a transaction completed statement \(ordinal + 1) and "
                    + "stopped later, but the file has changed since: the statement there now is not the one that ran, so "
                    + "gate can neither skip it nor run it on top of the old one.\n"
                    + "next: keep the statements that completed as they were and change only those after them, or finish the "
                    + "migration by hand and clear its progress (DELETE FROM gate.migration_progress WHERE name = "
                    + "'\(file.name)'), then run gate deploy again")
        }
        return progress
    }

    /// `RESET ALL` and `RESET ROLE`, then the policy's session settings again.
    private func resetSession() throws {
        try state.retrying(step) {
            try state.target.unsafeExecuteScript("RESET ALL; RESET ROLE")
            try state.configureTarget()
        }
    }

    func execute(_ statement: SQLStatement, of file: AnalyzedMigration, on target: Connection) throws {
        do {
            try target.unsafeExecuteScript(statement.text)
        } catch {
            throw StatementFailure(
                path: file.path, line: statement.line, error: error, outsideTransaction: file.needsNoTransaction,
                phase: file.phase)
        }
    }

    /// Recorded unverified: its own checks passed in its transaction, but it counts as verified only once the
    /// release's verify step (or, for a contract migration, the contract step) has passed with it.
    private func record(_ file: AnalyzedMigration, started: Date, on target: Connection) throws {
        let duration = Int(Date().timeIntervalSince(started) * 1000)
        let appliedBy = state.request.migrateCommand == nil ? "gate" : "migrate-cmd"
        // A repeatable migration (Flyway R__) is recorded again with its new checksum each time it runs.
        if file.file.repeatable { try target.execute("DELETE FROM gate.applied_migrations WHERE name = \(file.name)") }
        try target.execute(
            """
            INSERT INTO gate.applied_migrations (name, version, checksum, phase, applied_by, environment, release_id, duration_ms,
                                                 verified)
            VALUES (\(file.name), \(file.version.description), \(file.checksum), \(file.phase.rawValue), \(appliedBy),
                    \(state.request.environment), \(state.releaseID), \(duration), false)
            """)
    }
}

extension AnalyzedStatement {
    var changesSessionSettings: Bool {
        operations.contains { if case .setting = $0 { true } else { false } }
    }

    /// Whether the statement may leave session state behind: a `SET`/`RESET` (role, search_path, timeouts), or a
    /// `set_config(…)` call anywhere in it (pg_dump output, a DO block), which parsing the statement cannot see.
    var touchesSession: Bool {
        changesSessionSettings || statement.text.range(of: "set_config", options: .caseInsensitive) != nil
            || statement.text.range(of: "session authorization", options: .caseInsensitive) != nil
    }

    /// The index a `CREATE INDEX CONCURRENTLY` builds, the one statement whose failure leaves debris (an INVALID
    /// index) that blocks its own retry.
    var concurrentIndexName: String? {
        for operation in operations {
            if case .createIndex(let name?, _, _, _, true) = operation { return name }
        }
        return nil
    }
}
