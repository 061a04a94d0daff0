import Foundation
import GateCore
import GatePostgres

/// Step 4: refuses while a rollout of this environment that an earlier gate started is still running. The lock
/// cannot say so: it lives in the gate's database session, which a killed gate loses while its rollout goes on.
struct CheckRunningRollout: DeployStep {
    let name = "rollout-check"

    func run(_ state: DeployState) throws -> StepResult {
        let host = ProcessInfo.processInfo.hostName
        let timeout = state.settings.rolloutTimeout
        for rollout in try state.retrying(name, { try RolloutRegistry.running(state.ledger, environment: state.request.environment) }) {
            if rollout.host == host {
                if RolloutRegistry.processGroupAlive(rollout.pid) {
                    throw DeployError.refused(
                        "\(rollout) is still running; its gate is gone, so wait for it to end or stop it (kill -TERM -\(rollout.pid))")
                }
            } else if rollout.age < timeout.seconds {
                // Another machine's process cannot be seen from here: trust it to run until its timeout.
                throw DeployError.refused(
                    "\(rollout) has not been recorded as ended and may still run on \(rollout.host); deploy again once it has ended, or after its timeout (\(timeout)) has passed")
            }
            state.log("  \(rollout) ended without its gate; recorded as gone")
            RolloutRegistry.finished(state, id: rollout.id, status: "gone")
        }
        return .done("no earlier rollout still running")
    }
}
