extension CodeIndex {
    /// The other parts of a C# partial class: the same class declared `partial` in other files of the directory
    /// (`ChatController.cs` and `ChatController.Model.cs`), where a class split across files keeps them. Their
    /// methods, attributes and base class are the class's own.
    func csharpPartialParts(of className: String, besides path: String) -> [(path: String, facts: FileFacts, container: ContainerFact)] {
        let directory = RepoPath.directory(of: path)
        let partials = project.configuration("csharp-partial-classes:" + directory) { () -> [String: [String]] in
            var byClass: [String: [String]] = [:]
            for file in project.files(inDirectory: directory) where file.hasSuffix(".cs") {
                guard let bytes = project.contents(of: file), Self.csharpPartialClass.matches(bytes), let facts = facts(of: file) else { continue }
                for container in facts.containers { byClass[container.name, default: []].append(file) }
            }
            return byClass
        }
        guard let files = partials[className], files.count > 1, files.contains(path) else { return [] }
        return files.filter { $0 != path }.compactMap { file in
            guard let facts = facts(of: file), let container = facts.containers.first(where: { $0.name == className }) else { return nil }
            return (file, facts, container)
        }
    }
}
