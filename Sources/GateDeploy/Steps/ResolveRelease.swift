import Foundation

/// Step 1: base = the environment's last succeeded head, else `--base`, else the empty tree; head is the request's.
struct ResolveRelease: DeployStep {
    let name = "release"

    func run(_ state: DeployState) throws -> StepResult {
        let request = state.request
        let last = try state.retrying(name) { try state.ledgerStore.lastSucceeded(environment: request.environment) }
        if let last, last.head == request.head,
           let latest = try state.ledgerStore.latest(environment: request.environment), latest.id == last.id
        {
            state.alreadyDeployed = last
            return .finished("\(request.environment) already runs \(request.head.prefix(12)) (release \(last.id)); nothing to do")
        }
        state.lastSucceededID = last?.id
        state.base = last?.head ?? request.requestedBase
        // The policy comes from the base, so the release cannot weaken the gate (or the deploy settings) judging it.
        state.policy = try state.source.policy(base: state.base, head: request.head)
        try state.configureTarget()
        state.migrations = try state.source.migrationFiles(
            head: request.head, directory: request.migrationsDirectory ?? state.settings.migrations,
            explicit: request.migrationsDirectory != nil)
        let from = state.base.map { String($0.prefix(12)) } ?? "the empty tree"
        return .done("\(request.environment): \(from)..\(request.head.prefix(12)), \(state.migrations.count) migration file(s)")
    }
}
