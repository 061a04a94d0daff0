import ArgumentParser
import Foundation
import GateCore
import GateKit

extension Gate {
    /// `gate approvals`: list, verify and revoke recorded approvals; move the git store.
    struct Approvals: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approvals",
            abstract: "List, verify and revoke recorded approvals.",
            subcommands: [List.self, Verify.self, Revoke.self, Fetch.self, Push.self])

        /// `gate approvals list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list",
                abstract: "List the approvals in the store, each checked against the trusted policy.")

            @OptionGroup var global: GlobalOptions
            @OptionGroup var storeOptions: ApprovalStoreOptions

            @Option(help: "The base revision whose policy is trusted (default: as for gate check).")
            var base: String?

            @Option(help: "Only approvals of this fingerprint (the whole change's or one group's).")
            var fingerprint: String?

            @Option(help: "Output format; json is the gate.approvals/v1 document.")
            var format: ListingFormat = .text

            func validate() throws {
                if let fingerprint, Self.normalized(fingerprint) == nil {
                    throw ValidationError(
                        "--fingerprint \(String(fingerprint.prefix(24))) is not a fingerprint: it is sha256: and 64 hex digits, as gate check's report shows it")
                }
            }

            func run() throws {
                let request = storeOptions.request(global, base: base)
                let wanted = fingerprint.flatMap(Self.normalized)
                let listings = try ApprovalsRunner().list(request, fingerprint: wanted)
                switch format {
                case .json: print(try ApprovalsRenderer.json(listings), terminator: "")
                case .text:
                    // "No approvals recorded" would be false when only the filter left none.
                    if let wanted, listings.isEmpty {
                        let recorded = try ApprovalsRunner().list(request).count
                        print(recorded == 0 ? "No approvals recorded."
                              : "No approval matches \(wanted) (\(recorded) recorded for other fingerprints; gate approvals list shows them).")
                    } else {
                        print(ApprovalsRenderer.text(listings, verbose: global.verbose), terminator: "")
                    }
                }
            }

            /// `sha256:` and 64 hex digits, lowercased (the prefix may be left out), or nil when it is no fingerprint.
            static func normalized(_ text: String) -> String? {
                let hex = text.hasPrefix(Fingerprint.prefix) ? text.dropFirst(Fingerprint.prefix.count) : Substring(text)
                guard hex.count == 64, hex.allSatisfy(\.isHexDigit) else { return nil }
                return Fingerprint.prefix + hex.lowercased()
            }
        }

        /// `gate approvals verify`: which approvals count for a change, and why the others do not.
        struct Verify: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify",
                abstract: "Show which recorded approvals count for a change and why the others do not; exit 1 while the gate is closed.",
                discussion: "The exit follows gate check's decision: 1 while sign-off is missing, and also when a finding blocks the change, which no approval opens.")

            @OptionGroup var global: GlobalOptions

            @OptionGroup var range: RevisionRange

            @Option(help: "Output format; json is the gate.approvals-verify/v1 document.")
            var format: ListingFormat = .text

            func run() throws {
                let report = try CheckRunner().run(
                    CheckRequest(
                        repositoryPath: global.repositoryPath, base: range.base, head: range.head, policyFile: global.policy))
                switch format {
                case .json: print(try ApprovalsRenderer.verifyJSON(report), terminator: "")
                case .text: print(ApprovalsRenderer.verifyText(report), terminator: "")
                }
                // A block is not opened by sign-off: every requirement may be met and the gate still closed (SPEC §1).
                if report.decision != .pass { throw GateClosed.closed }
            }
        }

        /// `gate approvals revoke ID`.
        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "revoke",
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
                commandName: "fetch",
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
                commandName: "push",
                abstract: "Publish refs/gate/approvals to a remote, merging approvals others pushed meanwhile.")

            @OptionGroup var options: ApprovalsRemoteOptions

            func run() throws {
                try ApprovalsRunner().push(options.request, remote: options.remote)
                print("pushed refs/gate/approvals to \(options.remote)")
            }
        }
    }
}
