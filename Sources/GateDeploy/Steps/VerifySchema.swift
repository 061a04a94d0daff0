import GateCore
import GatePostgres
import GateSQL

/// Step 7: every migration this release applied is checked against the catalog before code may use it.
struct VerifySchema: DeployStep {
    let name = "verify"

    func run(_ state: DeployState) throws -> StepResult {
        let applied = try state.retrying(name) { try LedgerStore.appliedMigrations(state.target) }
        // Earlier attempts of this release count too: a resumed run verifies what they applied.
        let mine = Set(applied.filter { $0.releaseID == state.releaseID && ($0.phase == "pre" || $0.appliedBy == "migrate-cmd") }.map(\.name))
        let files = try state.migrations.filter { mine.contains($0.name) }.map { file throws(DeployError) in try file.analyzed() }
        guard !files.isEmpty else { return .skipped("nothing applied by this release") }
        let count = try SchemaVerifier(state: state, step: name).verify(files)
        return .done("\(count) check(s) passed for \(files.count) migration(s)")
    }
}

/// Runs generated checks and `-- gate:verify` statements in a read-only transaction.
struct SchemaVerifier {
    let state: DeployState
    let step: String

    @discardableResult
    func verify(_ files: [AnalyzedMigration]) throws -> Int {
        try state.retrying(step) {
            try state.target.withTransaction(readOnly: true) { target in
                var count = 0
                for file in files {
                    for analyzed in file.script.statements {
                        for check in analyzed.checks {
                            let rows = try run(check.sql, line: analyzed.statement.line, of: file, on: target)
                            guard rows.first?.bool(0) == true else {
                                throw DeployError.stepFailed(
                                    step: step, message: "\(file.path):\(analyzed.statement.line): check failed: \(check.description)")
                            }
                            count += 1
                        }
                    }
                    for statement in file.script.verifyStatements {
                        let rows = try run(statement.text, line: statement.line, of: file, on: target)
                        if let row = rows.first(where: { $0.bool(0) != true }) {
                            throw DeployError.stepFailed(
                                step: step,
                                message: "\(file.path):\(statement.line): gate:verify returned \(row.string(0) ?? "NULL"), not true: \(statement.text.trimmingCharacters(in: .whitespacesAndNewlines))")
                        }
                        count += 1
                    }
                }
                return count
            }
        }
    }

    private func run(_ sql: String, line: Int, of file: AnalyzedMigration, on target: Connection) throws -> [Row] {
        do {
            return try target.unsafeExecuteScript(sql)
        } catch {
            throw StatementFailure(path: file.path, line: line, error: error)
        }
    }
}
