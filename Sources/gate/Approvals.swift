import ArgumentParser
import Foundation
import GateCore
import GateKit

extension Gate {
    /// `gate approvals`: list, verify and revoke recorded approvals; move the git store.
    struct Approvals: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, verify and revoke recorded approvals.",
            subcommands: [List.self, Verify.self, Revoke.self, Fetch.self, Push.self])

        /// `gate approvals list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the approvals in the store, each checked against the trusted policy.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var storeOptions: ApprovalStoreOptions

            @Option(help: "The base revision whose policy is trusted (default: as for gate check).")
            var base: String?

            @Option(help: "Only approvals of this fingerprint (the whole change's or one group's).")
            var fingerprint: String?

            func run() throws {
                let request = storeOptions.request(global, base: base)
                let listings = try ApprovalsRunner().list(request, fingerprint: fingerprint)
                if listings.isEmpty { print("No approvals recorded.") }
                for listing in listings {
                    let state = listing.problem.map { "INVALID: \($0)" } ?? "valid"
                    print("\(listing.id.prefix(16))  \(listing.reviewer)  \(listing.fingerprint)")
                    print("    created \(listing.created), expires \(listing.expires): \(state)")
                    if let reason = listing.reason, global.verbose { print("    reason: \(reason)") }
                    if global.verbose { print("    at \(listing.location)") }
                }
            }
        }

        /// `gate approvals verify`: which approvals count for a change, and why the others do not.
        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show which recorded approvals count for a change and why the others do not; exit 1 while sign-off is missing.")

            @OptionGroup var global: GlobalOptions

            @OptionGroup var range: RevisionRange

            func run() throws {
                let report = try CheckRunner().run(
                    CheckRequest(
                        repositoryPath: global.repositoryPath, base: range.base, head: range.head, policyFile: global.policy))
                print("fingerprint: \(report.fingerprint)")
                for (group, fingerprint) in (report.fingerprints ?? [:]).sorted(by: { $0.key < $1.key }) {
                    print("  \(group): \(fingerprint)")
                }
                if report.requirements.isEmpty { print("Nothing in this change needs sign-off.") }
                for requirement in report.requirements {
                    let by = requirement.satisfiedBy.isEmpty ? "" : " by \(requirement.satisfiedBy.joined(separator: ", "))"
                    print("\(requirement.approvals) from \(requirement.group): \(requirement.satisfied ? "satisfied" : "missing")\(by)")
                }
                for approval in report.approvals {
                    let verdict = approval.counted ? "counted" : "not counted: \(approval.reason ?? "unknown reason")"
                    print("  \(approval.reviewer): \(verdict)")
                }
                if report.requirements.contains(where: { !$0.satisfied }) { throw GateClosed.closed }
            }
        }

        /// `gate approvals revoke ID`.
        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Revoke an approval (its reviewer or a member of owners), with a signed record in the store.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var storeOptions: ApprovalStoreOptions

            @Argument(help: "The approval id (at least its first 6 characters), as gate approvals list shows it.")
            var id: String

            @Option(help: "Your SSH private key (default: git's user.signingkey).")
            var key: String?

            @Option(name: .customLong("as"), help: "Your reviewer id (default: git's user.email).")
            var revoker: String?

            @Option(help: "Why the approval no longer holds.")
            var reason: String?

            @Option(help: "The base revision whose policy is trusted (default: as for gate check).")
            var base: String?

            @Flag(help: "Publish the revocation (git store) to the REMOTE argument, default origin.")
            var push = false

            @Argument(help: "The remote for --push.")
            var remote: String?

            func validate() throws {
                if remote != nil && !push { throw ValidationError("a REMOTE argument is only meaningful with --push") }
            }

            func run() throws {
                let request = storeOptions.request(global, base: base)
                let result = try ApprovalsRunner().revoke(
                    request, idPrefix: id, keyPath: key, revoker: revoker, reason: reason, pushRemote: push ? (remote ?? "origin") : nil)
                print("Revoked approval \(result.revoked.prefix(16)) (\(result.location))")
                if push { print("pushed refs/gate/approvals to \(remote ?? "origin")") }
            }
        }

        /// `gate approvals fetch [REMOTE]`.
        struct Fetch: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Fetch refs/gate/approvals from a remote and merge it into the local one.")

            @OptionGroup var options: ApprovalsRemoteOptions

            func run() throws {
                let found = try ApprovalsRunner().fetch(options.request, remote: options.remote)
                print(found ? "fetched approvals from \(options.remote)" : "\(options.remote) has no approvals yet")
            }
        }

        /// `gate approvals push [REMOTE]`.
        struct Push: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Publish refs/gate/approvals to a remote, merging approvals others pushed meanwhile.")

            @OptionGroup var options: ApprovalsRemoteOptions

            func run() throws {
                try ApprovalsRunner().push(options.request, remote: options.remote)
                print("pushed refs/gate/approvals to \(options.remote)")
            }
        }
    }
}
