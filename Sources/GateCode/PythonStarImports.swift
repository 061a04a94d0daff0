/// Python's `from app.llm import *`: a bare call the file neither defines nor imports by name may be one of the
/// module's public names, those its `__all__` lists or, without one, those not starting with `_`.
extension CodeIndex {
    /// The top-level definitions a bare call `name(…)` runs through the file's star imports.
    func pythonStarImported(_ name: String, in facts: FileFacts) -> [Symbol] {
        facts.reexports.flatMap { module -> [Symbol] in
            let found = exported(name, fromModule: module, of: facts)
            // Looked at only when the module defines (or passes on) the name: `__all__` is read rarely.
            guard !found.isEmpty, modules(module, of: facts).allSatisfy({ path in
                pythonPublicNames(of: path).map { $0.contains(name) } ?? !name.hasPrefix("_")
            }) else { return [] }
            return found
        }
    }

    /// The names a module's `__all__ = [...]` (or `+= [...]`, tuples too) lists; nil when it has none written as
    /// literals, so the default rule (no leading `_`) applies.
    private func pythonPublicNames(of path: String) -> Set<String>? {
        project.configuration("python-all:" + path) { () -> Set<String>? in
            guard let lexed = lexedFile(path) else { return nil }
            var names: Set<String>?
            for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "__all__") {
                var cursor = index + 1
                if lexed.token(cursor, isPunctuation: Byte.plus) { cursor += 1 }
                guard lexed.token(cursor, isPunctuation: Byte.equals),
                      lexed.token(cursor + 1, isPunctuation: Byte.openBracket) || lexed.token(cursor + 1, isPunctuation: Byte.openParen),
                      lexed.partner[cursor + 1] > cursor + 1
                else { continue }
                var listed = names ?? []
                for item in (cursor + 2)..<lexed.partner[cursor + 1] where lexed.tokens[item].kind == .string {
                    listed.insert(lexed.text(item))
                }
                names = listed
            }
            return names
        }
    }
}
