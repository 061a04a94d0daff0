import GateCore
import GatePolicy

/// Step 2: the same evaluation as `gate check` over base..head, and the environment's `requires`.
struct EvaluateGate: DeployStep {
    let name = "gate"

    func run(_ state: DeployState) throws -> StepResult {
        let request = state.request
        let verdict = try state.source.evaluate(base: state.base, head: request.head)
        guard verdict.decision == .pass else {
            let reasons = verdict.reasons.isEmpty ? "" : ":\n  " + verdict.reasons.joined(separator: "\n  ")
            throw DeployError.refused("the gate decision for this release is \(verdict.decision.rawValue)\(reasons)")
        }
        state.migrationPaths = verdict.migrationPaths
        let environments = verdict.policy.environments
        try Self.checkEnvironment(request.environment, in: verdict.policy)
        let requires = environments[request.environment]?.requires ?? []
        for required in requires {
            let released = try state.readableLedger.map { store in
                try state.retrying(name) { try store.hasSucceeded(environment: required, head: request.head) }
            } ?? false
            guard released else {
                throw DeployError.refused(
                    "\(request.environment) requires \(required) to have released \(request.head.prefix(12)) first; deploy it to \(required) and run again")
            }
        }
        let required = requires.isEmpty ? "" : "; \(requires.joined(separator: ", ")) already run this head"
        return .done("pass\(required)")
    }

    /// An environment the policy does not define is bad input (exit 2) for deploy and plan alike.
    static func checkEnvironment(_ environment: String, in policy: Policy) throws {
        try KnownEnvironment.require(environment, in: policy)
    }
}
