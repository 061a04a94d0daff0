import ArgumentParser
import Foundation
import GateKit

/// Flags every command takes (SPEC §1).
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The repository (default: the one containing the working directory).")
    var repo: String?

    @Option(name: .long, help: "A policy file to use instead of the base commit's .gate/policy.yml.")
    var policy: String?

    @Flag(name: .long, help: "Never colour the output (also NO_COLOR).")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Print only what is essential.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print more detail.")
    var verbose = false

    var repositoryPath: String { repo ?? FileManager.default.currentDirectoryPath }

    /// Colour only on a terminal, and never when NO_COLOR is set.
    var useColor: Bool {
        !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
    }

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose cannot be used together") }
    }
}

/// `--format` of the commands that list or show things (plan, status, approvals, rules, policy): text for
/// people (the default), JSON for scripts, each document named by its `schema` (SPEC §6).
enum ListingFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// Input or output the command cannot work with, outside its arguments: an output file it cannot write, an environment
/// variable it cannot read (exit 2, without the usage banner an argument's error gets).
struct CommandError: Error, CustomStringConvertible {
    let description: String
}

/// The change to judge, as `gate check` and `gate approve` both name it (SPEC §2).
struct RevisionRange: ParsableArguments {
    @Option(help: "The base revision (default: $GATE_BASE, origin/$GITHUB_BASE_REF, origin/HEAD, origin/main, main, origin/master, master).")
    var base: String?

    @Option(help: "The head revision (default: HEAD).")
    var head: String?
}
