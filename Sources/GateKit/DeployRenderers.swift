import Foundation
import GateCore
import GateDeploy

/// Text and JSON for `gate plan` and `gate status`.
public enum DeployRenderer {
    public static func json<Value: Encodable>(_ value: Value) throws -> String {
        try StableJSON.render(value)
    }

    public static func text(_ plan: DeployPlan) -> String {
        var lines: [String] = []
        let base = plan.base.map { String($0.prefix(12)) } ?? "the empty tree"
        lines.append("plan for \(plan.environment): \(base)..\(plan.head.prefix(12))")
        lines.append("migrations: \(plan.migrationsDirectory) (\(plan.layout) layout)")
        for notice in plan.skipped { lines.append("  skipped \(notice)") }
        for path in plan.unplaced { lines.append("  notice: migration outside the directory: \(path)") }
        lines.append("gate decision: \(plan.decision)")
        // With a passing gate the reasons are the ledger's (a spent attempt budget): they end the plan instead.
        if plan.decision != "pass" { for reason in plan.reasons { lines.append("  \(reason)") } }
        if !plan.missingRequirements.isEmpty {
            lines.append("requires a succeeded release of this head in: \(plan.missingRequirements.joined(separator: ", "))")
        }
        if let holder = plan.lockHolder { lines.append("lock held by \(holder)") }
        for problem in plan.drift { lines.append("drift: \(problem)") }
        if !plan.drift.isEmpty { lines.append(Drift.nextSteps) }
        for failure in plan.verifyFailures { lines.append("verify would fail: \(failure)") }
        lines.append("attempts: \(plan.attemptsUsed) of \(plan.attemptsAllowed) used")
        if plan.pending.isEmpty { lines.append("pending migrations: none") }
        for migration in plan.pending {
            // A repeatable migration (Flyway's R__) has no version: it runs again whenever its checksum changes.
            let version = migration.version.isEmpty ? "repeatable" : "version \(migration.version)"
            lines.append("pending \(migration.path) (\(migration.phase), \(version)"
                + (migration.outsideTransaction ? ", outside a transaction, statement by statement)" : ")"))
            if migration.ownTransaction {
                lines.append(migration.outsideTransaction
                    ? "  its own BEGIN/COMMIT are not sent: it commits between statements, so each statement commits on its own"
                    : "  its own BEGIN/COMMIT are not sent: gate runs it in one transaction with its history row")
            }
            for statement in migration.statements {
                var parts = ["  line \(statement.line): \(statement.effect)"]
                if statement.doneEarlier { parts.append("done by an earlier attempt, skipped") }
                if statement.outsideTransaction { parts.append("outside a transaction") }
                if !statement.hazards.isEmpty { parts.append("hazards: \(statement.hazards.joined(separator: ", "))") }
                lines.append(parts.joined(separator: "; "))
                for check in statement.checks { lines.append("    check: \(check)") }
            }
            if migration.verifyStatements > 0 { lines.append("  gate:verify statements: \(migration.verifyStatements)") }
        }
        lines.append("steps:")
        for (index, step) in plan.steps.enumerated() { lines.append("  \(index + 1). \(step)") }
        for error in plan.configurationErrors { lines.append("configuration error: \(error)") }
        lines.append(
            plan.alreadyDeployed ? "gate deploy would do nothing: \(plan.environment) already runs this head"
                : plan.wouldProceed ? "gate deploy would proceed"
                : !plan.configurationErrors.isEmpty ? "gate deploy would stop before the lock, changing nothing (exit 2)"
                : plan.decision == "pass" && !plan.reasons.isEmpty
                    ? "gate deploy would refuse: " + plan.reasons.joined(separator: "\n  ")
                : "gate deploy would refuse")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func text(_ status: DeployStatus) -> String {
        var lines: [String] = status.notices.map { "notice: \($0)" }
        if status.environments.isEmpty { lines.append("no releases recorded") }
        for environment in status.environments {
            lines.append("\(environment.environment):")
            if let last = environment.lastRelease, environment.interrupted, let rollout = environment.rolloutStillRunning {
                lines.append("  last release \(last.id): \(last.head.prefix(12)) interrupted (started \(last.createdAt); its gate is gone), but \(rollout)")
                lines.append("  next: gate deploy refuses until it ends: wait for it, or stop it, then gate deploy --env \(environment.environment) --head \(last.head.prefix(12)) resumes the release")
            } else if let last = environment.lastRelease, environment.interrupted {
                lines.append("  last release \(last.id): \(last.head.prefix(12)) interrupted (started \(last.createdAt); its gate is gone)")
                lines.append("  next: gate deploy --env \(environment.environment) --head \(last.head.prefix(12)) resumes it at the step that did not finish")
            } else if let last = environment.lastRelease {
                lines.append("  last release \(last.id): \(last.head.prefix(12)) \(last.status) (\(last.finishedAt ?? last.createdAt))")
            } else {
                lines.append("  no release yet")
            }
            if let succeeded = environment.lastSucceeded, succeeded.id != environment.lastRelease?.id {
                lines.append("  last succeeded \(succeeded.id): \(succeeded.head.prefix(12)) (\(succeeded.finishedAt ?? ""))")
            }
            lines.append("  lock: " + (environment.lockHolder.map { "held by \($0)" } ?? "free"))
            lines.append("  attempts: \(environment.attemptsUsed) of \(environment.attemptsAllowed) used")
        }
        lines.append("applied migrations: \(status.applied.count)")
        // Recorded but not verified (a migrator that applied nothing, a failed verify): every deploy checks them again
        // before its rollout, and the next one stops if they still do not hold.
        let unverified = status.applied.filter { !$0.verified }.map(\.name)
        if !unverified.isEmpty {
            lines.append("  not verified yet (the next deploy checks them before its rollout): " + unverified.joined(separator: ", "))
        }
        lines.append("pending migrations: " + (status.pending.isEmpty ? "none" : status.pending.joined(separator: ", ")))
        if !status.unrunnable.isEmpty {
            lines.append("  cannot be applied as written (gate deploy refuses them, exit 2):")
            for problem in status.unrunnable { lines.append("    \(problem)") }
        }
        lines.append("drift: " + (status.drift.isEmpty ? "none" : ""))
        for problem in status.drift { lines.append("  \(problem)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func text(_ outcome: BaselineOutcome, environment: String) -> String {
        var lines: [String] = []
        if let release = outcome.releaseID {
            lines.append("gate: baselined \(environment) as release \(release): \(outcome.recorded.count) migration(s) recorded from \(outcome.tool) (\(outcome.source)), \(outcome.alreadyRecorded) already in gate's history, \(outcome.checks) catalog check(s) passed")
        } else {
            lines.append("gate: \(environment) is already baselined at this head (\(outcome.alreadyRecorded) migration(s) in gate's history); nothing changed")
        }
        if !outcome.pending.isEmpty {
            lines.append("gate: \(outcome.pending.count) migration(s) not applied yet; the next gate deploy applies them: \(outcome.pending.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
