import ArgumentParser
import Foundation
import GateCore
import GateKit
import GatePolicy

extension ApprovalStoreKind: ExpressibleByArgument {}

/// Which approval store to use, shared by `gate approve` and `gate approvals`.
struct ApprovalStoreOptions: ParsableArguments {
    @Option(help: "The approvals store: git (the refs/gate/approvals ref) or postgres (default: the policy's approvals.store).")
    var store: ApprovalStoreKind?

    @Option(help: "The Postgres connection string of the postgres store (default: $GATE_APPROVALS_URL).")
    var approvalsURL: String?

    /// The approvals of the repository `global` names, judged by the policy of `base` (default: as for gate check).
    func request(_ global: GlobalOptions, base: String?) -> ApprovalsRequest {
        ApprovalsRequest(
            check: CheckRequest(repositoryPath: global.repositoryPath, base: base, policyFile: global.policy),
            store: store, approvalsURL: approvalsURL)
    }
}

/// The repository and remote `gate approvals fetch` and `push` exchange refs/gate/approvals with.
struct ApprovalsRemoteOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "A remote name, URL or path (default: origin).")
    var remote = "origin"

    /// Exchanging the ref is the git store's business only.
    var request: ApprovalsRequest {
        ApprovalsRequest(check: CheckRequest(repositoryPath: global.repositoryPath, policyFile: global.policy), store: .git)
    }
}

extension Gate {
    /// `gate approve`: a reviewer signs off on the exact change that needs it.
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Sign off on the exact change that needs it.",
            discussion: """
                Shows what needs sign-off, then records an approval of the change's fingerprint, signed with your \
                SSH key (ssh-keygen -Y sign, namespace gate-approval). Any later edit to a flagged hunk, a new \
                risky finding or a policy change invalidates it. `--push [REMOTE]` publishes refs/gate/approvals \
                (default remote: origin), merging approvals others pushed meanwhile.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var storeOptions: ApprovalStoreOptions

        @OptionGroup var range: RevisionRange

        @Option(help: "Your SSH private key, or a public key held by ssh-agent (default: git's user.signingkey).")
        var key: String?

        @Option(name: .customLong("as"), help: "Your reviewer id in the policy (default: git's user.email).")
        var reviewer: String?

        @Option(help: "Why you approve: what you checked.")
        var reason: String?

        @Option(help: "How long the approval lasts, e.g. 2d (default and maximum: the policy's approvals.max-age).")
        var expires: String?

        @Option(help: "The branch the change merges into, which the approval is bound to (default: the base's branch, else the repository's default branch).")
        var target: String?

        @Flag(help: "Publish the approval to a remote (the REMOTE argument, default origin).")
        var push = false

        @Argument(help: "The remote for --push.")
        var remote: String?

        func validate() throws {
            if remote != nil && !push { throw ValidationError("a REMOTE argument is only meaningful with --push") }
            if let expires {
                let lifetime: TimeSpan
                do { lifetime = try TimeSpan(parsing: expires) } catch { throw ValidationError("--expires: \(error)") }
                // An approval that expires as it is recorded would be stored, listed and pushed, yet never count.
                guard lifetime.milliseconds > 0 else {
                    throw ValidationError("--expires must be longer than 0 (\(expires) would record an approval that has already expired)")
                }
            }
        }

        func run() throws {
            let check = CheckRequest(repositoryPath: global.repositoryPath, base: range.base, head: range.head, policyFile: global.policy)
            let request = ApproveRequest(
                check: check, keyPath: key, reviewer: reviewer, reason: reason,
                expiresIn: try expires.map { try TimeSpan(parsing: $0) }, store: storeOptions.store,
                approvalsURL: storeOptions.approvalsURL, pushRemote: push ? (remote ?? "origin") : nil, target: target)
            let runner = ApproveRunner()
            let plan = try runner.prepare(request)
            if !global.quiet { print(TextReportRenderer(color: global.useColor).render(plan.report), terminator: "") }
            guard plan.needsSignOff else {
                print("Nothing in this change needs sign-off; no approval recorded.")
                return
            }
            for warning in plan.warnings { print("warning: \(warning)") }
            let outcome = try runner.record(plan, request: request)
            // Each group's fingerprint is what the approval binds to: edits to other groups' findings leave it standing.
            print("Approved as \(plan.reviewer) for \(plan.groups.joined(separator: ", ")), "
                  + "until \(ISO8601DateFormatter().string(from: plan.expires)):")
            let signed = plan.groupFingerprints
            for group in plan.groups { print("  \(group): \(signed[group] ?? plan.report.fingerprint)") }
            print("approval id: \(outcome.approvalID.prefix(16))  (\(outcome.location))")
            if let pushed = outcome.pushedTo {
                print("pushed refs/gate/approvals to \(pushed)")
            } else if (storeOptions.store ?? plan.policy.approvals.store) == .git {
                print("publish it with: gate approvals push   (or gate approve --push next time)")
            }
        }
    }
}
