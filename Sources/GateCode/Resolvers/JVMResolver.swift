/// Java and Kotlin: `import a.b.Type` names `a/b/Type.java` (or `.kt`) under a source root; a type used
/// without an import lives in the caller's package directory; Kotlin top-level functions live in files of
/// their package directory.
struct JVMResolver: LanguageResolver {
    static let extensions = [".java", ".kt"]

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        lexed.qualifiedImports(keyword: "import", separator: ".", skipping: "static").compactMap { statement in
            guard let last = statement.parts.last else { return nil }
            // A member of a class (Java's `import static com.acme.ai.Llm.ask;`, Kotlin's `import com.acme.ai.Llm.ask`):
            // the module is the class, whose file holds the method.
            if statement.parts.count > 1, FactExtractor.startsUppercase(statement.parts[statement.parts.count - 2]),
               !FactExtractor.startsUppercase(last)
            {
                return ImportBinding(
                    local: statement.alias ?? last, module: statement.parts.dropLast().joined(separator: "."), member: last)
            }
            return ImportBinding(local: statement.alias ?? last, module: statement.parts.joined(separator: "."), member: last)
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        let relative = module.replacingOccurrences(of: ".", with: "/")
        let asType = Self.extensions.flatMap { project.paths(endingWith: "/" + relative + $0) }
        if !asType.isEmpty { return asType }
        // `import com.acme.llm.complete`: a Kotlin top-level function of the package; `import com.acme.llm.Summarizer`
        // with no `Summarizer.kt`: an object or class Kotlin declares in another file of the package (`Ai.kt`).
        guard relative.contains("/") else { return [] }
        let package = RepoPath.directory(of: relative)
        let directory = project.configuration("jvm-package:" + package) { () -> String? in
            project.paths.first { $0.contains("/" + package + "/") && $0.hasSuffix(".kt") }.map(RepoPath.directory)
        }
        guard let directory else { return [] }
        return sourceFiles(inDirectory: directory, extensions: [".kt"], project: project)
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        let name = lastSegment(of: type)
        let directory = RepoPath.directory(of: path)
        let beside = existing(RepoPath.join(directory, name), extensions: Self.extensions, project: project)
        guard beside.isEmpty else { return beside }
        if let other = Self.otherLanguageRoot(of: directory) {
            let found = existing(RepoPath.join(other, name), extensions: Self.extensions, project: project)
            if !found.isEmpty { return found }
        }
        // Kotlin declares objects and classes in files of any name (`object Summarizer` in `Ai.kt`): the package's.
        return path.hasSuffix(".kt") ? siblingFiles(of: path, project: project) : []
    }

    /// The same package's directory in the module's source root of the other language: a Java class uses a Kotlin
    /// class of its package without an import, and the build keeps them apart (`src/main/java/com/acme` beside
    /// `src/main/kotlin/com/acme`).
    static func otherLanguageRoot(of directory: String) -> String? {
        var segments = directory.split(separator: "/", omittingEmptySubsequences: false)
        // The root is `java` or `kotlin` under a source set: `main`, `test`, Gradle's `androidMain`, `jvmTest`, ….
        guard let root = segments.indices.dropFirst().last(where: { index in
            let sourceSet = segments[index - 1]
            return (segments[index] == "java" || segments[index] == "kotlin")
                && (sourceSet == "main" || sourceSet == "test" || sourceSet.hasSuffix("Main") || sourceSet.hasSuffix("Test"))
        }) else { return nil }
        segments[root] = segments[root] == "java" ? "kotlin" : "java"
        return segments.joined(separator: "/")
    }

    func siblingFiles(of path: String, project: Project) -> [String] {
        guard path.hasSuffix(".kt") else { return [] }
        return sourceFiles(inDirectory: RepoPath.directory(of: path), extensions: [".kt"], project: project).filter { $0 != path }
    }
}
