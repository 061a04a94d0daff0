import Foundation
import GateCore

/// Step 3: the environment's session-level advisory lock, polled up to `--lock-wait`. The session holds it, so a
/// killed gate (even `kill -9`) releases it when its connection closes.
struct AcquireLock: DeployStep {
    let name = "lock"

    func run(_ state: DeployState) throws -> StepResult {
        let environment = state.request.environment
        let key = LedgerStore.lockKey(environment: environment)
        let deadline = Date().addingTimeInterval(state.request.lockWait.seconds)
        while true {
            let acquired = try state.retrying(name) {
                try state.ledger.query("SELECT pg_try_advisory_lock(\(key))").first?.bool(0) == true
            }
            if acquired { break }
            if Date() >= deadline {
                let holder = try describeHolder(state)
                throw DeployError.refused(
                    "another deploy of \(environment) holds the lock: \(holder?.description ?? "a session that has just ended; run again")"
                        + (state.request.lockWait.milliseconds > 0 ? " (waited \(state.request.lockWait))" : ""))
            }
            Thread.sleep(forTimeInterval: min(0.25, max(0.01, deadline.timeIntervalSinceNow)))
        }
        state.holdsLock = true
        // The deploy's first write, under the lock: nothing refused before it has created or upgraded gate's schema.
        try state.prepareSchema()
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let host = ProcessInfo.processInfo.hostName
        try state.ledger.execute(
            """
            INSERT INTO gate.lock_holders (environment, backend_pid, pid, host, head, since)
            VALUES (\(environment), pg_backend_pid(), \(pid), \(host), \(state.request.head), now())
            ON CONFLICT (environment) DO UPDATE SET backend_pid = excluded.backend_pid, pid = excluded.pid,
                host = excluded.host, head = excluded.head, since = excluded.since
            """)
        // Another deploy (or a baseline) may have finished while this one waited: resolve and judge again under the
        // lock. A release of this very head is nothing to do, unless it is a baseline that left migrations pending,
        // which ResolveRelease tells as it does for a deploy that did not wait.
        let latest = try state.ledgerStore.lastSucceeded(environment: environment)
        if latest?.id != state.lastSucceededID {
            state.log("  \(environment) released \(latest?.head.prefix(12) ?? "?") while this deploy waited; judging again from there")
            if case .finished(let detail) = try ResolveRelease().run(state) { return .finished(detail + ", finished while waiting for the lock") }
            _ = try EvaluateGate().run(state)
        }
        return .done("held by pid \(pid) on \(host)")
    }

    /// The holder writes its pid, host and start right after taking the lock; a refusal in that instant waits
    /// briefly for the row so it can name the holder instead of a bare database session.
    private func describeHolder(_ state: DeployState) throws -> LockHolder? {
        let deadline = Date().addingTimeInterval(1)
        while true {
            // The holder may not have created gate's schema yet: pg_locks alone still names its session.
            let recorded = try LedgerSchema.installedVersion(state.ledger) != nil
            let holder = try state.ledgerStore.lockHolder(environment: state.request.environment, recorded: recorded)
            guard let holder, holder.pid == nil, Date() < deadline else { return holder }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }
}
