import GateCore

/// Step 6: expand migrations (phase pre), each in its own transaction with its history row; with `--migrate-cmd`,
/// the framework's migrator instead, and gate records what it applied so drift and verification still hold.
struct ApplyExpandMigrations: DeployStep {
    let name = "expand"

    func run(_ state: DeployState) throws -> StepResult {
        if let command = state.request.migrateCommand {
            let status = try CommandRunner.run(
                command, step: name, environment: state.releaseEnvironment(extra: ["DATABASE_URL": state.request.databaseURL]),
                workingDirectory: state.request.workingDirectory, timeout: state.settings.statementTimeout, log: state.log)
            guard status == 0 else {
                throw DeployError.stepFailed(step: name, message: "the migrate command exited with status \(status)")
            }
            let applier = MigrationApplier(state: state, step: name)
            for file in state.pending { try applier.recordApplied(file) }
            state.pending = []
            // What the migrator applied may have been recorded by an earlier run that could not verify it: "0 recorded"
            // alone would read as "applied nothing" while the verify step is about to check those.
            let recordedNow = Set(state.appliedNow)
            let unverified = try state.retrying(name) { try LedgerStore.appliedMigrations(state.target) }
                .filter { !$0.verified && !recordedNow.contains($0.name) }.count
            let earlier = unverified == 0 ? "" : "; \(unverified) recorded earlier and not yet verified, which the verify step checks"
            return .done("migrate command succeeded; \(state.appliedNow.count) migration file(s) recorded\(earlier)")
        }
        let expand = state.pending.filter { $0.phase == .pre }
        guard !expand.isEmpty else { return .skipped("no pending expand migration") }
        let applier = MigrationApplier(state: state, step: name)
        for file in expand { try applier.apply(file) }
        state.pending.removeAll { $0.phase == .pre }
        return .done("\(expand.count) applied")
    }
}

/// Step 9: contract migrations (`-- gate:phase post`) and their checks, only after the rollout succeeded.
struct ApplyContractMigrations: DeployStep {
    let name = "contract"

    func run(_ state: DeployState) throws -> StepResult {
        let contract = state.pending.filter { $0.phase == .post }
        guard !contract.isEmpty else { return .skipped("no pending contract migration") }
        let applier = MigrationApplier(state: state, step: name)
        for file in contract { try applier.apply(file) }
        state.pending.removeAll { $0.phase == .post }
        try SchemaVerifier(state: state, step: name).verifyRelease(contract)
        try state.retrying(name) { try LedgerStore.markVerified(contract.map(\.name), on: state.target) }
        return .done("\(contract.count) applied and verified")
    }
}

extension MigrationApplier {
    /// Records a file the migrate command applied, without running it: unverified until the verify step passes with
    /// it (the command's exit status says nothing of what it applied), in this release or a later one.
    func recordApplied(_ file: AnalyzedMigration) throws {
        _ = try state.retrying(step) {
            try state.target.execute(
                """
                INSERT INTO gate.applied_migrations (name, version, checksum, phase, applied_by, environment, release_id, verified)
                VALUES (\(file.name), \(file.version.description), \(file.checksum), \(file.phase.rawValue), 'migrate-cmd',
                        \(state.request.environment), \(state.releaseID), false)
                ON CONFLICT (name) DO NOTHING
                """)
        }
        state.appliedNow.append(file.name)
    }
}
