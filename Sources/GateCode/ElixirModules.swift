/// Elixir calls a module's function by the module's full name (`Notes.AI.summarize(t)`), or by an alias of its first
/// part (`AI.summarize(t)` after `alias Notes.AI`, `AI.Prompts.build(t)` after the same alias), or as `__MODULE__`;
/// never through a value's type. A dotted receiver is a module name, not a member chain: its last part alone says
/// nothing (`Vendored.AI` is not the `AI` another alias names).
extension CodeIndex {
    /// The functions `name` of the module a call's receiver names, in the files that define that module; nil when the
    /// receiver is no module (a variable holding one, a map's field).
    func elixirModuleFunctions(_ name: String, receiver: [String], at token: Int, in facts: FileFacts) -> [Symbol]? {
        guard let first = receiver.first else { return nil }
        var module: String
        if first == "__MODULE__" {
            guard let own = facts.innermostContainer(enclosing: token)?.name else { return [] }
            module = ([own] + receiver.dropFirst()).joined(separator: ".")
        } else {
            guard FactExtractor.startsUppercase(first) else { return nil }
            module = receiver.joined(separator: ".")
            if let alias = facts.imports.last(where: { $0.local == first }) {
                module = ([alias.module] + receiver.dropFirst()).joined(separator: ".")
            }
        }
        let files = facts.containers.contains(where: { $0.name == module }) ? [facts.path]
            : ElixirResolver.files(definingModule: module, project: project)
        return files.flatMap { path -> [Symbol] in
            guard let target = path == facts.path ? facts : self.facts(of: path) else { return [] }
            return target.definitions.filter { $0.name == name && $0.container == module }.map { Symbol(path: path, definition: $0) }
        }
    }
}
