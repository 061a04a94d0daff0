import Foundation

/// Step 8: the rollout command, once per release: a rollout an earlier attempt finished is never run again.
struct Rollout: DeployStep {
    let name = "rollout"

    func run(_ state: DeployState) throws -> StepResult {
        if state.rolloutAlreadySucceeded { return .skipped("already rolled out by an earlier attempt; not run again") }
        guard let command = state.request.rolloutCommand ?? nonEmpty(state.settings.rolloutCommand) else {
            throw DeployError.invalidInput("no rollout command: pass one after --, or set deploy.rollout.command in the policy")
        }
        let timeout = state.settings.rolloutTimeout
        state.log("  running \(command.joined(separator: " ")) (timeout \(timeout))")
        let status = try CommandRunner.run(
            command, step: name, environment: state.releaseEnvironment(extra: [:]), workingDirectory: state.request.workingDirectory,
            timeout: timeout, log: state.log)
        guard status == 0 else {
            throw DeployError.stepFailed(
                step: name,
                message: "\(command[0]) exited with status \(status)\nnext: the release's migrations stay applied and "
                    + "verified; fix the rollout and run gate deploy again: it skips them and runs the rollout again")
        }
        return .done("\(command[0]) succeeded")
    }

    private func nonEmpty(_ command: [String]) -> [String]? { command.isEmpty ? nil : command }
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
    /// The process environment plus GATE_ENV, GATE_RELEASE, GATE_BASE and GATE_HEAD.
    func releaseEnvironment(extra: [String: String]) -> [String: String] {
        var environment = request.processEnvironment
        environment["GATE_ENV"] = request.environment
        environment["GATE_RELEASE"] = String(releaseID)
        environment["GATE_BASE"] = base ?? ""
        environment["GATE_HEAD"] = request.head
        environment.merge(extra) { $1 }
        return environment
    }
}
