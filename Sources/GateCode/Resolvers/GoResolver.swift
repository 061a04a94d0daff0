import GateCore

/// Go: imports name packages by path; a package under the module path of `go.mod` is a directory of the
/// repository, and files of one directory share their package's functions.
struct GoResolver: LanguageResolver {
    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        let tokens = lexed.tokens
        func binding(at string: Int) {
            let module = lexed.text(string)
            let local = lexed.isIdentifier(string - 1) && !lexed.token(string - 1, is: "import")
                ? lexed.text(string - 1) : String(module.split(separator: "/").last ?? "")
            result.append(ImportBinding(local: local, module: module, member: nil))
        }
        for index in tokens.indices where lexed.token(index, is: "import") {
            if lexed.token(index + 1, isPunctuation: Byte.openParen), lexed.partner[index + 1] > index {
                for cursor in (index + 2)..<lexed.partner[index + 1] where tokens[cursor].kind == .string { binding(at: cursor) }
            } else if let string = lexed.nextString(from: index + 1, limit: 3) {
                binding(at: string)
            }
        }
        return result
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        for (modulePath, directory) in goModules(project) where module == modulePath || module.hasPrefix(modulePath + "/") {
            let rest = String(module.dropFirst(modulePath.count)).drop { $0 == "/" }
            // The module's own root package (`import "github.com/acme/ai"` of a module in libs/ai) is its directory.
            let packageDirectory = rest.isEmpty ? directory : RepoPath.join(directory, String(rest))
            return sourceFiles(inDirectory: packageDirectory, extensions: [".go"], project: project)
        }
        return []
    }

    func siblingFiles(of path: String, project: Project) -> [String] {
        sourceFiles(inDirectory: RepoPath.directory(of: path), extensions: [".go"], project: project).filter { $0 != path }
    }

    /// Every go.mod's module path and directory, longest module path first.
    private func goModules(_ project: Project) -> [(String, String)] {
        project.configuration("go-modules") {
            project.paths(endingWith: "/go.mod").compactMap { path -> (String, String)? in
                guard let bytes = project.contents(of: path) else { return nil }
                for line in TextLines(decoding: bytes, omittingEmpty: true) {
                    let words = line.split(separator: " ", omittingEmptySubsequences: true)
                    if words.count >= 2, words[0] == "module" {
                        return (String(words[1]), RepoPath.directory(of: path))
                    }
                }
                return nil
            }.sorted { $0.0.count > $1.0.count }
        }
    }
}
