import Foundation
import GateCore
import GatePostgres

/// What a step reports when it did not throw.
enum StepResult {
    case done(String)
    /// The step had nothing to do (recorded as skipped).
    case skipped(String)
    /// The environment already runs this release: stop here, successfully.
    case finished(String)
}

/// One step of `gate deploy`; a step throws to stop the pipeline.
protocol DeployStep: Sendable {
    /// The step's name in the ledger and in messages.
    var name: String { get }
    func run(_ state: DeployState) throws -> StepResult
}

/// `gate deploy` (SPEC §5): an explicit, ordered list of steps. Steps before the attempt is opened are recorded
/// with it; from then on each step's outcome is written to the ledger as it ends, so a killed run leaves a
/// consistent record and the next run resumes where this one stopped.
public enum DeployPipeline {
    static let steps: [any DeployStep] = [
        // First: the base comes from the ledger, and every later step judges base..head.
        ResolveRelease(),
        // Before the lock: a closed gate must not hold up a deploy of the environment that could run.
        EvaluateGate(),
        // Before anything writes: one deploy per environment at a time.
        AcquireLock(),
        // Under the lock, before anything changes: a rollout whose gate was killed may still be running, and the
        // lock died with that gate's session.
        CheckRunningRollout(),
        // Under the lock (the history cannot move underneath) and before any migration: applying on top of a
        // history that differs from head would build a schema nobody reviewed. Before the attempt is opened, so a
        // refusal spends no budget.
        CheckDrift(),
        // Under the lock, so two runs can neither both pass the budget check nor count the same attempt.
        OpenAttempt(),
        // Before verification and rollout: the release's code needs this schema.
        ApplyExpandMigrations(),
        // Before rollout: code never meets an unverified schema.
        VerifySchema(),
        // Only on a verified schema; skipped when a previous attempt of this release already rolled out.
        Rollout(),
        // Only after rollout succeeded: until then old code may still use what these drop.
        ApplyContractMigrations(),
        // Last: "succeeded" means every step above succeeded.
        RecordRelease(),
    ]

    /// Runs the steps in order; the first failure stops everything after it.
    public static func run(
        _ request: DeployRequest, source: any ReleaseSource, log: @escaping (String) -> Void
    ) throws -> DeployOutcome {
        let state = try DeployState(request: request, source: source, log: log)
        defer { releaseLock(state) }
        // Read only: the schema is created or upgraded under the lock (AcquireLock), once the deploy will write.
        do {
            state.ledgerReady = try LedgerSchema.isInstalled(state.ledger)
            if request.ledgerURL != nil { _ = try LedgerSchema.isInstalled(state.target) }
        } catch let error as PostgresError {
            throw DeployError.database(error)
        }
        var applied: [String] = []
        for (index, step) in steps.enumerated() {
            state.tries = 1
            let started = Date()
            let result: StepResult
            do {
                try state.ensureLedgerSession(before: step.name)
                result = try step.run(state)
            } catch let error as DeployError {
                switch error {
                case .stepFailed: recordFailure(state, step: step.name, message: error.description)
                // Bad configuration met once the attempt is open (a command that is not there) is no try of the
                // release: it closes the release, so nothing is left running, and spends none of its budget.
                case .invalidInput:
                    recordFailure(state, step: step.name, message: error.description, attemptStatus: "misconfigured")
                case .refused, .database: break
                }
                throw error
            } catch {
                let message = describe(error)
                recordFailure(state, step: step.name, message: message)
                throw DeployError.stepFailed(step: step.name, message: message)
            }
            switch result {
            case .finished:
                // The caller says "already runs this head; nothing to do" once, from the outcome.
                return .alreadyDeployed(releaseID: state.alreadyDeployed?.id ?? 0)
            case .done(let detail), .skipped(let detail):
                let elapsed = Int(Date().timeIntervalSince(started) * 1000)
                log("[\(index + 1)/\(steps.count) \(step.name)] \(detail) (\(elapsed)ms)")
                if case .done = result, step is ApplyExpandMigrations || step is ApplyContractMigrations {
                    applied += state.appliedNow
                    state.appliedNow = []
                }
                recordStep(state, step: step.name, result: result)
            }
        }
        return .succeeded(releaseID: state.releaseID, appliedMigrations: applied)
    }

    static func describe(_ error: any Error) -> String {
        String(describing: error)
    }

    /// Steps finished under an open attempt are recorded as they end; earlier ones are recorded when it opens.
    private static func recordStep(_ state: DeployState, step: String, result: StepResult) {
        guard let attempt = state.attemptID, !(result.isFinished) else { return }
        let (status, unredacted): (String, String) =
            switch result {
            case .done(let detail): ("succeeded", detail)
            case .skipped(let detail), .finished(let detail): ("skipped", detail)
            }
        // The ledger outlives the run and is read by more people than the deploy log: no password goes in.
        let detail = Redaction.redactConnectionString(unredacted)
        // A ledger that cannot take the row is reported, not hidden: the run has lost its record.
        do {
            try state.ledger.execute(
                """
                INSERT INTO gate.steps (attempt_id, release_id, name, status, tries, detail)
                VALUES (\(attempt), \(state.releaseID), \(step), \(status), \(state.tries), \(detail))
                """)
        } catch {
            state.log("warning: could not record step \(step) in the ledger: \(error)")
        }
    }

    /// Marks the step and the release failed and the attempt `attemptStatus` (failed, or misconfigured: not counted
    /// against the budget), in one transaction.
    private static func recordFailure(
        _ state: DeployState, step: String, message unredacted: String, attemptStatus: String = "failed"
    ) {
        guard let attempt = state.attemptID else { return }
        let message = Redaction.redactConnectionString(unredacted)
        do {
            try state.ledger.withTransaction { ledger in
                try ledger.execute(
                    """
                    INSERT INTO gate.steps (attempt_id, release_id, name, status, tries, detail)
                    VALUES (\(attempt), \(state.releaseID), \(step), 'failed', \(state.tries), \(message))
                    """)
                try ledger.execute(
                    """
                    UPDATE gate.attempts SET status = \(attemptStatus), finished_at = now(), failed_step = \(step),
                        error = \(message) WHERE id = \(attempt)
                    """)
                try ledger.execute(
                    "UPDATE gate.releases SET status = 'failed', finished_at = now() WHERE id = \(state.releaseID)")
            }
        } catch {
            state.log("warning: could not record the failure in the ledger: \(error)")
        }
    }

    private static func releaseLock(_ state: DeployState) {
        guard state.holdsLock else { return }
        let key = LedgerStore.lockKey(environment: state.request.environment)
        _ = try? state.ledger.execute(
            "DELETE FROM gate.lock_holders WHERE environment = \(state.request.environment) AND backend_pid = pg_backend_pid()")
        _ = try? state.ledger.query("SELECT pg_advisory_unlock(\(key))")
        state.holdsLock = false
    }
}

extension StepResult {
    var isFinished: Bool {
        if case .finished = self { return true }
        return false
    }
}
