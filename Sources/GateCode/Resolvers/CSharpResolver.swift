import Foundation
import GateCore

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
            guard found.count > 1, let bytes = project.contents(of: path) else {
                if !found.isEmpty { return found }
                continue
            }
            // Several classes of that name: those of the namespaces the file sees (its `using` directives, its own
            // namespace and those enclosing it), as the compiler picks; all of them when none is.
            let visible = Self.visibleNamespaces(in: String(decoding: bytes, as: UTF8.self))
            let seen = found.filter { file in
                project.contents(of: file).flatMap { Self.declaredNamespace(in: String(decoding: $0, as: UTF8.self)) }
                    .map(visible.contains) ?? false
            }
            return seen.isEmpty ? found : seen
        }
        return []
    }

    /// The namespaces whose types a file names without qualifying them: `using X.Y;` (and `global using`), and its
    /// own namespace with each namespace enclosing it.
    static func visibleNamespaces(in text: String) -> Set<String> {
        var visible = Set<String>()
        for line in TextLines(text, omittingEmpty: true) {
            var words = line.trimmingCharacters(in: .whitespaces)
            if words.hasPrefix("global ") { words = String(words.dropFirst("global ".count)) }
            if words.hasPrefix("using "), !words.contains("="), !words.contains("("), let end = words.firstIndex(of: ";") {
                let name = words[words.index(words.startIndex, offsetBy: 6)..<end].trimmingCharacters(in: .whitespaces)
                if !name.hasPrefix("static "), !name.hasPrefix("var ") { visible.insert(name) }
            } else if words.hasPrefix("namespace ") {
                var parts = words.dropFirst("namespace ".count).prefix { $0 != ";" && $0 != "{" && $0 != " " }
                    .split(separator: ".").map(String.init)
                while !parts.isEmpty {
                    visible.insert(parts.joined(separator: "."))
                    parts.removeLast()
                }
            }
        }
        return visible
    }

    /// The namespace a file declares its types in (`namespace Api.Ai;` or `namespace Api.Ai {`), the first one.
    static func declaredNamespace(in text: String) -> String? {
        for line in TextLines(text, omittingEmpty: true) {
            let words = line.trimmingCharacters(in: .whitespaces)
            guard words.hasPrefix("namespace ") else { continue }
            let name = words.dropFirst("namespace ".count).prefix { $0 != ";" && $0 != "{" && $0 != " " }
            return name.isEmpty ? nil : String(name)
        }
        return nil
    }
}
