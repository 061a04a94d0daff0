/// Java and Kotlin: `import a.b.Type` names `a/b/Type.java` (or `.kt`) under a source root; a type used
/// without an import lives in the caller's package directory; Kotlin top-level functions live in files of
/// their package directory.
struct JVMResolver: LanguageResolver {
    static let extensions = [".java", ".kt"]

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        lexed.qualifiedImports(keyword: "import", separator: ".", skipping: "static").compactMap { statement in
            guard let last = statement.parts.last else { return nil }
            return ImportBinding(local: statement.alias ?? last, module: statement.parts.joined(separator: "."), member: last)
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        let relative = module.replacingOccurrences(of: ".", with: "/")
        let asType = Self.extensions.flatMap { project.paths(endingWith: "/" + relative + $0) }
        if !asType.isEmpty { return asType }
        // `import com.acme.llm.complete`: a Kotlin top-level function of the package (lower-case member).
        guard let member = relative.split(separator: "/").last, member.first?.isLowercase == true else { return [] }
        let package = RepoPath.directory(of: relative)
        let directory = project.configuration("jvm-package:" + package) { () -> String? in
            project.paths.first { $0.contains("/" + package + "/") && $0.hasSuffix(".kt") }.map(RepoPath.directory)
        }
        guard let directory else { return [] }
        return sourceFiles(inDirectory: directory, extensions: [".kt"], project: project)
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        let name = lastSegment(of: type)
        return existing(RepoPath.join(RepoPath.directory(of: path), name), extensions: Self.extensions, project: project)
    }

    func siblingFiles(of path: String, project: Project) -> [String] {
        guard path.hasSuffix(".kt") else { return [] }
        return sourceFiles(inDirectory: RepoPath.directory(of: path), extensions: [".kt"], project: project).filter { $0 != path }
    }
}
