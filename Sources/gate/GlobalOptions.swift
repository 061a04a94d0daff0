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

/// Writes text as UTF-8 (see the bytes version below).
func writeAtomically(_ text: String, to path: String) throws {
    try writeAtomically(Array(text.utf8), to: path)
}

/// Writes a file whole or not at all, so a failed run leaves nothing half-written.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw CommandError(description: "cannot write \(path): \(whyUnwritable(path) ?? error.localizedDescription)")
    }
}

/// Why a file cannot be written at `path`, in the words a person acts on (Foundation's "The file doesn't exist"
/// names neither the file nor the folder), or nil when the folder looks writable.
private func whyUnwritable(_ path: String) -> String? {
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
        return "the folder \(folder) does not exist"
    }
    if !isDirectory.boolValue { return "\(folder) is not a folder" }
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        return "it is a folder"
    }
    if !FileManager.default.isWritableFile(atPath: folder) { return "the folder \(folder) is not writable" }
    return nil
}

/// The change to judge, as `gate check` and `gate approve` both name it (SPEC §2).
struct RevisionRange: ParsableArguments {
    @Option(help: "The base revision (default: $GATE_BASE, origin/$GITHUB_BASE_REF, origin/HEAD, origin/main, main, origin/master, master).")
    var base: String?

    @Option(help: "The head revision (default: HEAD).")
    var head: String?
}

/// Writes bytes on stdout as they are, as `print` does with text (a closed pipe or full disk is not an error it
/// reports either). Straight to the descriptor: a command that writes with this prints nothing else on stdout.
func writeStandardOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
        guard let start = buffer.baseAddress else { return }
        var offset = 0
        while offset < buffer.count {
            let written = write(STDOUT_FILENO, start + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
