import ArgumentParser
import Foundation
import GateCore
import GateKit

/// The `gate` command: a fuse box for releases.
@main
struct Gate: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Classify a change's risk, require sign-off where the policy says so, and deploy safely.",
        version: version,
        subcommands: [
            Check.self,
            Approve.self,
            Approvals.self,
            Rules.self,
            PolicyCommand.self,
            Init.self,
            Plan.self,
            Deploy.self,
            Baseline.self,
            Status.self,
            Release.self,
            SQL.self,
        ],
        defaultSubcommand: nil
    )

    /// Exit codes are decided here only (SPEC §1): 0 open, 1 closed, 2 bad input, 3 a deploy step failed.
    static func main() {
        // CI runs a check on every push: its fixed start-up runs on other cores while the arguments are parsed.
        if CommandLine.arguments.dropFirst().first == "check" { CheckStartup.begin() }
        do {
            if let unknown = UnknownCommand.check(Array(CommandLine.arguments.dropFirst()), commands: configuration.subcommands) {
                throw unknown
            }
            if let repeated = RepeatedOption.check(Array(CommandLine.arguments.dropFirst())) { throw repeated }
            var command = try parseAsRoot()
            try command.run()
            try finishStandardOutput()
            Foundation.exit(0)
        } catch let closed as GateClosed {
            // A closed gate whose report could not be written on stdout is a failed run, not a decision.
            do { try finishStandardOutput() } catch { fail(with: error) }
            Foundation.exit(closed.code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))  // --help, --version
                Foundation.exit(0)
            }
            fail(with: error)
        }
    }

    /// Prints an error on stderr and exits 2 (bad input, or output that could not be written).
    private static func fail(with error: Error) -> Never {
        // ArgumentParser's own usage errors carry their usage text; ours describe themselves.
        let text = exitCode(for: error) == .validationFailure ? fullMessage(for: error) : "Error: \(error)"
        FileHandle.standardError.write(Data(("gate: " + Redaction.redactConnectionString(text) + "\n").utf8))
        Foundation.exit(2)
    }
}

/// Ends a command with a non-zero, non-error exit: the gate is closed (1) or a deploy step failed (3).
struct GateClosed: Error {
    let code: Int32

    static let closed = GateClosed(code: 1)
    static let stepFailed = GateClosed(code: 3)
    /// Bad configuration the command's own output has already described (`gate plan`'s `configuration error:`).
    static let misconfigured = GateClosed(code: 2)
}
