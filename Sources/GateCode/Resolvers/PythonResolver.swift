/// Python: `import a.b as c`, `from a.b import x as y`, relative imports, packages (`__init__.py`), and
/// source roots at the repository root or `src/`.
struct PythonResolver: LanguageResolver {
    var resolvesOnlyThroughImports: Bool { true }

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].firstOnLine {
            if lexed.token(index, is: "from") {
                var cursor = index + 1
                var module = ""
                while cursor < tokens.count, tokens[cursor].line == tokens[index].line, !lexed.token(cursor, is: "import") {
                    module += lexed.text(cursor)
                    cursor += 1
                }
                guard lexed.token(cursor, is: "import") else { continue }
                let line = tokens[cursor].line
                cursor += 1
                let groupEnd = lexed.token(cursor, isPunctuation: Byte.openParen) && lexed.partner[cursor] > cursor
                    ? lexed.partner[cursor] : -1
                while cursor < tokens.count, tokens[cursor].line == line || cursor < groupEnd {
                    if lexed.isIdentifier(cursor), !lexed.token(cursor - 1, is: "as") {
                        var local = lexed.text(cursor)
                        if lexed.token(cursor + 1, is: "as"), lexed.isIdentifier(cursor + 2) { local = lexed.text(cursor + 2) }
                        result.append(ImportBinding(local: local, module: module, member: lexed.text(cursor)))
                    }
                    cursor += 1
                }
            } else if lexed.token(index, is: "import") {
                var cursor = index + 1
                while cursor < tokens.count, tokens[cursor].line == tokens[index].line {
                    var module = ""
                    while cursor < tokens.count, tokens[cursor].line == tokens[index].line,
                          lexed.isIdentifier(cursor) || lexed.token(cursor, isPunctuation: Byte.dot), !lexed.token(cursor, is: "as")
                    {
                        module += lexed.text(cursor)
                        cursor += 1
                    }
                    var local = module
                    if lexed.token(cursor, is: "as"), lexed.isIdentifier(cursor + 1) {
                        local = lexed.text(cursor + 1)
                        cursor += 2
                    }
                    if !module.isEmpty { result.append(ImportBinding(local: local, module: module, member: nil)) }
                    cursor += 1
                }
            }
        }
        return result
    }

    func submodule(_ module: String, member: String) -> String? {
        module.hasSuffix(".") ? module + member : module + "." + member
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        let dots = module.prefix { $0 == "." }.count
        let rest = module.dropFirst(dots).replacingOccurrences(of: ".", with: "/")
        if dots > 0 {
            var directory = RepoPath.directory(of: path)
            for _ in 1..<dots { directory = RepoPath.directory(of: directory) }
            let base = rest.isEmpty ? directory : RepoPath.join(directory, rest)
            return rest.isEmpty ? existing(base + "/__init__", extensions: [".py"], project: project)
                : moduleFiles(base, project: project)
        }
        for root in ["", "src/", "app/"] {
            let found = moduleFiles(root + rest, project: project)
            if !found.isEmpty { return found }
        }
        // A package under some other source root: `backend/app/services/llm.py` for `app.services.llm`.
        let nested = project.paths(endingWith: "/" + rest + ".py") + project.paths(endingWith: "/" + rest + "/__init__.py")
        return nested.count == 1 ? nested : []
    }

    private func moduleFiles(_ base: String, project: Project) -> [String] {
        let file = existing(base, extensions: [".py"], project: project)
        return file.isEmpty ? existing(base + "/__init__", extensions: [".py"], project: project) : file
    }
}
