import ArgumentParser
import GatePolicy

/// A first argument that names no command (`gate chek --repo .`). The root command takes no arguments of its own, so
/// ArgumentParser reads the misspelt word as a stray argument and reports the first option after it instead
/// ("Unknown option '--repo'"), and it suggests no command: gate says which word is wrong, and what it likely meant.
struct UnknownCommand: Error, CustomStringConvertible {
    let word: String
    let known: [String]

    /// The error for `arguments` (without the program name) when their first word names no command, else nil.
    static func check(_ arguments: [String], commands: [ParsableCommand.Type]) -> UnknownCommand? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        var known: [String] = []
        var names: Set<String> = ["help"]
        for command in commands {
            let configuration = command.configuration
            let name = configuration.commandName ?? command._commandName
            known.append(name)
            names.insert(name)
            names.formUnion(configuration.aliases)
        }
        return names.contains(first) ? nil : UnknownCommand(word: first, known: known)
    }

    var description: String {
        var text = "unknown command '\(String(word.prefix(40)))'"
        // The policy's own near-miss rule (a slip of one or two letters), as for its keys and groups.
        if let near = NearMiss.closest(to: word, in: known) { text += "; did you mean 'gate \(near)'?" }
        return text + " (commands: \(known.joined(separator: ", ")); see gate --help)"
    }
}
