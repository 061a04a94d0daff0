import Foundation
import GateCore
import GatePostgres
import GateSQL

/// Step 7: the schema the release's code will meet is checked before it may use it. Each migration was already
/// verified against the state right after it, inside its own transaction (`SchemaVerifier.verifyApplied`); this step
/// checks what still stands after the last one (the expected schema folded through the release, so a later
/// migration may drop what an earlier one created), and runs the `gate:verify` blocks of files a `--migrate-cmd`
/// applied, which no transaction of gate's could check.
struct VerifySchema: DeployStep {
    let name = "verify"

    func run(_ state: DeployState) throws -> StepResult {
        let applied = try state.retrying(name) { try LedgerStore.appliedMigrations(state.target) }
        // Earlier attempts of this release count too: a resumed run verifies what they applied. So does what an earlier
        // release recorded and never verified (its verify failed and a new commit followed): code never rolls out
        // against it until it passes.
        let mine = applied.filter(Self.needsVerifying(release: state.releaseID))
        // A row recorded under a file name its migration no longer has (an Alembic revision renamed) is that file.
        let renamed = Drift.sameInside(applied: applied, files: state.migrations.files)
        let recordedName = Dictionary(renamed.map { ($0.value.name, $0.key) }, uniquingKeysWith: { first, _ in first })
        func headName(_ row: AppliedMigration) -> String { renamed[row.name]?.name ?? row.name }
        let names = Set(mine.map(headName))
        let byMigrator = Set(mine.filter { $0.appliedBy == "migrate-cmd" }.map(headName))
        let earlier = mine.filter { $0.releaseID != state.releaseID }.count
        let files = try state.migrations.files.filter { names.contains($0.name) }.map { file throws(DeployError) in try file.analyzed() }
        guard !files.isEmpty else { return .skipped("nothing applied by this release") }
        if earlier > 0 { state.log("  verifying \(earlier) migration(s) an earlier release recorded but never verified") }
        let count = try SchemaVerifier(state: state, step: name).verifyRelease(files, verifyBlocksOf: byMigrator)
        try state.retrying(name) {
            try LedgerStore.markVerified(files.map { recordedName[$0.name] ?? $0.name }, on: state.target)
        }
        return .done("\(count) check(s) passed for \(files.count) migration(s)")
    }

    /// The history rows a verify step of `release` checks: the release's own expand migrations and what its migrate
    /// command recorded, and every row no verify step has passed with yet.
    static func needsVerifying(release: Int) -> (AppliedMigration) -> Bool {
        { row in !row.verified || (row.releaseID == release && (row.phase == "pre" || row.appliedBy == "migrate-cmd")) }
    }
}

/// Runs generated checks and `-- gate:verify` statements.
struct SchemaVerifier {
    let state: DeployState
    let step: String

    /// Inside the migration's own transaction, before it commits: the checks that still stand after its last
    /// statement and its `gate:verify` block. A failure rolls the migration back with its history row.
    func verifyApplied(_ file: AnalyzedMigration, on target: Connection) throws {
        for standing in SchemaFold.standing([file.script.statements]) {
            try expectTrue(standing.check, line: standing.line, of: file, on: target, applying: true)
        }
        guard !file.script.verifyStatements.isEmpty else { return }
        try withoutEffects(on: target) { try runVerifyBlock(file, on: target, applying: true) }
    }

    /// Runs `body` so that nothing it writes stays: a `gate:verify` block checks the migration, and a statement of it
    /// that writes (a function called to test it, a data-modifying CTE) must not commit with the migration. Under a
    /// savepoint rolled back inside the migration's transaction, or in a transaction of its own rolled back when
    /// the migration ran outside one. (The release's verify already runs read-only.)
    private func withoutEffects(on target: Connection, _ body: () throws -> Void) throws {
        let nested = target.inTransaction
        try target.unsafeExecuteScript(nested ? "SAVEPOINT gate_verify" : "BEGIN")
        do {
            try body()
        } catch {
            // Inside the migration's transaction its own rollback undoes the block; on its own, close what was opened.
            if !nested, target.isHealthy { _ = try? target.unsafeExecuteScript("ROLLBACK") }
            throw error
        }
        try target.unsafeExecuteScript(nested ? "ROLLBACK TO SAVEPOINT gate_verify; RELEASE SAVEPOINT gate_verify" : "ROLLBACK")
    }

    /// The release's final schema, in a read-only transaction: every standing check of `files` (in order) and the
    /// `gate:verify` blocks of the files named in `verifyBlocksOf`.
    @discardableResult
    func verifyRelease(_ files: [AnalyzedMigration], verifyBlocksOf: Set<String> = []) throws -> Int {
        let standing = SchemaFold.standing(files.map(\.script.statements))
        return try state.retrying(step) {
            try state.target.withTransaction(readOnly: true) { target in
                for check in standing {
                    let file = files[check.migration]
                    try expectTrue(check.check, line: check.line, of: file, on: target, applying: false,
                                   byMigrator: verifyBlocksOf.contains(file.name))
                }
                var count = standing.count
                for file in files where verifyBlocksOf.contains(file.name) {
                    try runVerifyBlock(file, on: target, applying: false, byMigrator: true)
                    count += file.script.verifyStatements.count
                }
                return count
            }
        }
    }

    private func expectTrue(
        _ check: VerificationCheck, line: Int, of file: AnalyzedMigration, on target: Connection, applying: Bool,
        byMigrator: Bool = false
    ) throws {
        let rows = try run(check.sql, line: line, of: file, on: target)
        guard rows.first?.bool(0) == true else {
            throw DeployError.stepFailed(
                step: step, message: "\(file.path):\(line): check failed: \(check.description)\n"
                    + Self.nextSteps(file, applying: applying, byMigrator: byMigrator))
        }
    }

    private func runVerifyBlock(_ file: AnalyzedMigration, on target: Connection, applying: Bool, byMigrator: Bool = false) throws {
        for statement in file.script.verifyStatements {
            let rows = try run(statement.text, line: statement.line, of: file, on: target)
            if let row = rows.first(where: { $0.bool(0) != true }) {
                throw DeployError.stepFailed(
                    step: step,
                    message: "\(file.path):\(statement.line): gate:verify returned \(row.string(0) ?? "NULL"), not true: "
                        + statement.text.trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
                        + Self.nextSteps(file, applying: applying, byMigrator: byMigrator))
            }
        }
    }

    /// What was recorded and what to do, under a failed check.
    static func nextSteps(_ file: AnalyzedMigration, applying: Bool, byMigrator: Bool = false) -> String {
        if applying, file.needsNoTransaction {
            return "next: \(file.path) is not recorded as applied; its statements ran outside a transaction and those "
                + "that completed are not run again: repair the schema or fix the migration in a new commit, and run "
                + "gate deploy again"
        }
        if applying {
            return "next: \(file.path) was rolled back with its history row, so nothing of it is recorded; fix the "
                + "migration (or its check) in a new commit and run gate deploy again: it resumes with this migration"
        }
        if byMigrator {
            return "next: the migrate command exited 0, but the schema does not show what \(file.path) does: the migrator "
                + "may have applied nothing (a command that does not migrate, another database, a migrator that already "
                + "counts it as applied). It stays recorded as unverified and nothing was rolled out; every deploy verifies "
                + "it again first. Run the migrator that applies it (--migrate-cmd), or repair the schema, and run gate "
                + "deploy again"
        }
        return "next: the release's migrations stay applied and recorded and \(file.phase.rolloutStanding); find what changed "
            + "the schema since (a hand edit, another tool), repair it or add a migration, and run gate deploy again: "
            + "it resumes at verify"
    }

    private func run(_ sql: String, line: Int, of file: AnalyzedMigration, on target: Connection) throws -> [Row] {
        do {
            return try target.unsafeExecuteScript(sql)
        } catch {
            throw StatementFailure(path: file.path, line: line, error: error, phase: file.phase)
        }
    }
}
