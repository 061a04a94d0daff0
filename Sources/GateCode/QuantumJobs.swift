import GateCore

/// Quantum, Elixir's cron scheduler, runs the functions its configuration lists (`config :notes, Notes.Scheduler,
/// jobs: [{"@daily", {Notes.Nightly, :run, []}}, {"*/5 * * * *", &Notes.Sync.run/0}]`): the modules named in a
/// `jobs:` list of the project's `config/*.exs` run as background work.
extension CodeIndex {
    /// How a module the file defines is scheduled (`Quantum job in config/config.exs`), if one is.
    public func quantumJob(definedIn lexed: LexedSource) -> String? {
        let scheduled = quantumScheduledModules()
        guard !scheduled.isEmpty else { return nil }
        for index in lexed.tokens.indices where lexed.token(index, is: "defmodule") {
            let names = lexed.dottedName(at: index + 1).names
            if let config = scheduled[names.joined(separator: ".")] { return "Quantum job in \(config)" }
        }
        return nil
    }

    /// The modules the project's Quantum configuration schedules, with the file that does; read once per tree.
    func quantumScheduledModules() -> [String: String] {
        project.configuration("elixir.quantum-jobs") { () -> [String: String] in
            var result: [String: String] = [:]
            for path in project.paths(under: "config") where path.hasSuffix(".exs") {
                guard let bytes = project.contents(of: path), ByteSearch.containsFolded(bytes, Self.jobsKeyword) else { continue }
                let lexed = Lexer.lex(bytes, language: .elixir)
                for module in Self.scheduledModules(in: lexed) where result[module] == nil { result[module] = path }
            }
            return result
        }
    }

    /// The modules named inside each `jobs: [...]` list of a configuration file.
    static func scheduledModules(in lexed: LexedSource) -> [String] {
        var modules: [String] = []
        for index in lexed.tokens.indices where lexed.token(index, is: "jobs") && lexed.token(index + 1, isPunctuation: Byte.colon)
            && lexed.token(index + 2, isPunctuation: Byte.openBracket)
        {
            let close = lexed.partner[index + 2]
            var cursor = index + 3
            while cursor < close {
                let (names, last) = lexed.dottedName(at: cursor)
                // `Notes.Nightly` in `{Notes.Nightly, :run, []}` or `&Notes.Nightly.run/0`: its upper-case parts.
                let module = names.prefix { FactExtractor.startsUppercase($0) }
                if !module.isEmpty, !lexed.token(cursor - 1, isPunctuation: Byte.colon) { modules.append(module.joined(separator: ".")) }
                cursor = max(last + 1, cursor + 1)
            }
        }
        return modules
    }

    private static let jobsKeyword = Array("jobs:".utf8)
}
