/// Elixir: a module is named in full (`Notes.AI.summarize(t)`), or by the last part an `alias` binds (`alias
/// Notes.AI` then `AI.summarize(t)`, `alias Notes.{AI, Repo}`, `alias Notes.AI, as: Brain`); `import Notes.AI`
/// brings its functions in bare (`summarize(t)`). Mix compiles every file of `lib/`, so a module is found by its
/// conventional file (`Notes.AI` in `lib/notes/ai.ex`) or, where Phoenix groups files by kind
/// (`NotesWeb.SummaryController` in `lib/notes_web/controllers/summary_controller.ex`), by its file name under its
/// root's folder.
struct ElixirResolver: LanguageResolver {
    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "alias") {
            let (names, last) = lexed.dottedName(at: index + 1)
            guard !names.isEmpty, names.allSatisfy(FactExtractor.startsUppercase) else { continue }
            let module = names.joined(separator: ".")
            // `alias Notes.{AI, Repo}`: each name in the braces, under the prefix.
            if lexed.token(last + 1, isPunctuation: Byte.dot), lexed.token(last + 2, isPunctuation: Byte.openBrace) {
                let close = lexed.partner.indices.contains(last + 2) ? lexed.partner[last + 2] : -1
                var cursor = last + 3
                while cursor < close {
                    let (inner, innerLast) = lexed.dottedName(at: cursor)
                    if let local = inner.last { result.append(ImportBinding(local: local, module: module + "." + inner.joined(separator: "."), member: nil)) }
                    cursor = max(innerLast + 1, cursor + 1)
                }
                continue
            }
            // `alias Notes.AI, as: Brain`.
            var local = names[names.count - 1]
            if lexed.token(last + 1, isPunctuation: Byte.comma), lexed.token(last + 2, is: "as"),
               lexed.token(last + 3, isPunctuation: Byte.colon), lexed.isIdentifier(last + 4)
            {
                local = lexed.text(last + 4)
            }
            result.append(ImportBinding(local: local, module: module, member: nil))
        }
        return result
    }

    /// `import Notes.AI`: its functions are called bare, as a file's own.
    func reexports(in lexed: LexedSource) -> [String] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.tokens[index].firstOnLine, lexed.token(index, is: "import") else { return nil }
            let names = lexed.dottedName(at: index + 1).names
            guard !names.isEmpty, names.allSatisfy(FactExtractor.startsUppercase) else { return nil }
            return names.joined(separator: ".")
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        Self.files(definingModule: module, project: project)
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        Self.files(definingModule: type, project: project)
    }

    /// The files that conventionally define `module`: `lib/notes/ai.ex` (or an umbrella app's `apps/*/lib/…`) for
    /// `Notes.AI`; else the files named for its last part under its first part's folder.
    static func files(definingModule module: String, project: Project) -> [String] {
        let parts = module.split(separator: ".").map { RepoPath.underscore(String($0)) }
        guard let first = parts.first, let last = parts.last else { return [] }
        let conventional = project.paths(endingWith: "/" + parts.joined(separator: "/") + ".ex").filter(isApplicationCode)
        if !conventional.isEmpty { return conventional }
        guard parts.count > 1 else { return [] }
        return project.paths(named: last + ".ex").filter { path in
            isApplicationCode(path) && (path.hasPrefix(first + "/") || path.contains("/" + first + "/"))
        }
    }

    /// Files of the application, not of its tests or dependencies.
    private static func isApplicationCode(_ path: String) -> Bool {
        !path.hasPrefix("deps/") && !path.contains("/deps/") && !path.hasPrefix("test/") && !path.contains("/test/")
    }
}
