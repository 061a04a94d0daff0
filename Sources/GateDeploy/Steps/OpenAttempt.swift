import Foundation
import GatePostgres

/// Step 5: finds or creates the release, refuses when its attempt budget is spent, and records the attempt, all in
/// one ledger transaction.
struct OpenAttempt: DeployStep {
    let name = "attempt"

    func run(_ state: DeployState) throws -> StepResult {
        let request = state.request
        let store = state.ledgerStore
        let allowed = state.settings.releaseAttempts
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let host = ProcessInfo.processInfo.hostName
        let opened: (ReleaseRecord, Int, Int, Bool) = try state.retrying(name) {
            try state.ledger.withTransaction { ledger in
                // An attempt still marked running lost its gate (killed) — we hold the lock, so none is live.
                try ledger.execute(
                    """
                    UPDATE gate.attempts SET status = 'abandoned', finished_at = now()
                    WHERE status = 'running'
                      AND release_id IN (SELECT id FROM gate.releases WHERE environment = \(request.environment))
                    """)
                var release = try store.latest(environment: request.environment, head: request.head)
                if release == nil || release?.status == "succeeded" {
                    // A head released before and since replaced (a rollback) is a new release.
                    let id = try ledger.query(
                        """
                        INSERT INTO gate.releases (environment, head, base, status)
                        VALUES (\(request.environment), \(request.head), \(state.base), 'running') RETURNING id
                        """
                    ).first?.int(0) ?? 0
                    release = try store.latest(environment: request.environment, head: request.head)
                    guard release?.id == id else {
                        throw DeployError.stepFailed(step: name, message: "the new release row is not readable")
                    }
                }
                guard let release else { throw DeployError.stepFailed(step: name, message: "no release row") }
                let used = try store.attemptsSinceReset(release: release.id)
                if used >= allowed {
                    throw DeployError.refused(Self.budgetSpent(release: release, used: used, allowed: allowed))
                }
                try ledger.execute("UPDATE gate.releases SET status = 'running', finished_at = NULL WHERE id = \(release.id)")
                let attempt = try ledger.query(
                    """
                    INSERT INTO gate.attempts (release_id, status, pid, host)
                    VALUES (\(release.id), 'running', \(pid), \(host)) RETURNING id
                    """
                ).first?.int(0) ?? 0
                for earlier in ["release", "gate", "lock", "drift"] {
                    try ledger.execute(
                        """
                        INSERT INTO gate.steps (attempt_id, release_id, name, status) VALUES (\(attempt), \(release.id), \(earlier), 'succeeded')
                        """)
                }
                let rolledOut = try store.stepSucceeded(release: release.id, step: "rollout")
                return (release, attempt, used + 1, rolledOut)
            }
        }
        state.release = opened.0
        state.attemptID = opened.1
        state.rolloutAlreadySucceeded = opened.3
        return .done("release \(opened.0.id), attempt \(opened.2) of \(allowed)")
    }

    /// Why a release gets no further attempt, and the command that gives it a fresh budget; deploy and plan say the same.
    static func budgetSpent(release: ReleaseRecord, used: Int, allowed: Int) -> String {
        "release \(release.id) (\(release.environment) \(release.head.prefix(12))) has used \(used) of its \(allowed) attempts; "
            + "after finding the cause, someone in owners runs: gate release reset --env \(release.environment) --reason \"…\""
    }
}
