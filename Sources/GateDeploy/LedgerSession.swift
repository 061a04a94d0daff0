import Foundation

extension DeployState {
    /// Stops the deploy cleanly when the ledger session (which holds the environment's lock) has been lost: from then
    /// on another deploy may hold the lock, so nothing more may run. The next `gate deploy` resumes.
    func ensureLedgerSession(before step: String) throws {
        guard holdsLock else { return }
        do {
            _ = try ledger.query("SELECT 1")
        } catch {
            holdsLock = false
            throw DeployError.stepFailed(
                step: step,
                message: "lost the ledger session, and the deploy lock with it (\(error)); stopped before \(step) so two deploys never run at once: run gate deploy again to resume")
        }
    }
}
