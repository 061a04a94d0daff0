import Foundation
import GateCore
import GatePolicy

/// Step 8: the rollout command, once per release: a rollout an earlier attempt finished is never run again.
struct Rollout: DeployStep {
    let name = "rollout"

    func run(_ state: DeployState) throws -> StepResult {
        if state.rolloutAlreadySucceeded { return .skipped("already rolled out by an earlier attempt; not run again") }
        // ResolveRelease refuses a missing command before the lock; this only holds if an earlier attempt's rollout
        // was thought done then and is not now (its release reset in between).
        guard let command = Self.command(request: state.request, settings: state.settings) else {
            throw Self.missingCommand(environment: state.request.environment)
        }
        let timeout = state.settings.rolloutTimeout
        // Arguments may carry credentials (a URL with a password, --token=…): the log shows them redacted.
        let shown = Redaction.redactCommandLine(command)
        state.log("  running \(shown) (timeout \(timeout))")
        var recorded: Int?
        let status: Int32
        do {
            status = try CommandRunner.run(
                command, step: name, environment: state.rolloutEnvironment(), workingDirectory: state.request.workingDirectory,
                timeout: timeout, log: state.log
            ) { pid in
                do { recorded = try RolloutRegistry.started(state, pid: pid, command: shown) } catch {
                    state.log("warning: could not record the rollout's start in the ledger: \(error)")
                }
            }
        } catch let interrupted as CommandRunner.Interrupted {
            if let recorded { RolloutRegistry.finished(state, id: recorded, status: "interrupted") }
            throw DeployError.stepFailed(step: name, message: interrupted.description)
        } catch {
            if let recorded { RolloutRegistry.finished(state, id: recorded, status: "timed-out") }
            throw error
        }
        if let recorded { RolloutRegistry.finished(state, id: recorded, status: status == 0 ? "succeeded" : "failed") }
        guard status == 0 else {
            throw DeployError.stepFailed(
                step: name,
                message: "\(command[0]) exited with status \(status)\nnext: the release's migrations stay applied and "
                    + "verified; fix the rollout and run gate deploy again: it skips them and runs the rollout again")
        }
        return .done("\(command[0]) succeeded")
    }

    /// The command the step runs: the one after `--`, else the policy's `deploy.rollout.command`; nil with neither.
    static func command(request: DeployRequest, settings: DeploySettings) -> [String]? {
        if let given = request.rolloutCommand, !given.isEmpty { return given }
        return settings.rolloutCommand.isEmpty ? nil : settings.rolloutCommand
    }

    /// A deploy with nothing to roll out is misconfigured (exit 2), and says so before it changes anything: found
    /// at the rollout step, it would have applied the migrations and spent an attempt first.
    static func missingCommand(environment: String) -> DeployError {
        .invalidInput(
            "no rollout command for \(environment): gate deploy applies the migrations, then runs the release's rollout.\n"
                + "next: set deploy.rollout.command in .gate/policy.yml (e.g. command: [\"./scripts/rollout.sh\"]), "
                + "or pass it after --: gate deploy --env \(environment) -- ./scripts/rollout.sh")
    }
}

/// Step 10: the release and its attempt are marked succeeded together.
struct RecordRelease: DeployStep {
    let name = "record"

    func run(_ state: DeployState) throws -> StepResult {
        guard let attempt = state.attemptID else { throw DeployError.stepFailed(step: name, message: "no open attempt") }
        try state.retrying(name) {
            try state.ledger.withTransaction { ledger in
                try ledger.execute(
                    "UPDATE gate.attempts SET status = 'succeeded', finished_at = now() WHERE id = \(attempt)")
                try ledger.execute(
                    "UPDATE gate.releases SET status = 'succeeded', finished_at = now() WHERE id = \(state.releaseID)")
            }
        }
        return .done("release \(state.releaseID) succeeded")
    }
}

extension DeployState {
    /// The rollout's environment: gate's own, or only what `deploy.rollout.env` lets through; then the release
    /// variables.
    func rolloutEnvironment() -> [String: String] {
        guard let entries = settings.rolloutEnvironment else { return releaseEnvironment(extra: [:]) }
        return releaseEnvironment(extra: [:], inherited: RolloutEnvironment.select(entries, from: request.processEnvironment))
    }

    /// The process environment plus GATE_ENV, GATE_RELEASE, GATE_BASE and GATE_HEAD.
    func releaseEnvironment(extra: [String: String], inherited: [String: String]? = nil) -> [String: String] {
        var environment = inherited ?? request.processEnvironment
        environment["GATE_ENV"] = request.environment
        environment["GATE_RELEASE"] = String(releaseID)
        environment["GATE_BASE"] = base ?? ""
        environment["GATE_HEAD"] = request.head
        environment.merge(extra) { $1 }
        return environment
    }
}
