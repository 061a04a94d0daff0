/// C#: `using` names namespaces, not files, so a type is found by its file (`LlmService.cs`) in the project;
/// an interface `ILlmService` is served by its conventional implementation `LlmService.cs`.
struct CSharpResolver: LanguageResolver {
    func imports(in lexed: LexedSource) -> [ImportBinding] { [] }

    func files(forModule module: String, from path: String, project: Project) -> [String] { [] }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        let name = lastSegment(of: type)
        var names = [name]
        if name.count > 2, name.hasPrefix("I"), name.dropFirst().first?.isUppercase == true {
            names.append(String(name.dropFirst()))
        }
        for candidate in names.reversed() {
            let found = project.paths(endingWith: "/" + candidate + ".cs")
            if !found.isEmpty { return found }
        }
        return []
    }
}
