/// Swift: a target's files see each other's types and functions without imports; a target is
/// `Sources/<Target>/` (SwiftPM) or, failing that, the file's top directory. Types are looked up by their file
/// name first (`LLMClient.swift`).
struct SwiftResolver: LanguageResolver {
    /// Bounds how many files of one target a free-function lookup reads.
    static let targetFileLimit = 200

    func imports(in lexed: LexedSource) -> [ImportBinding] { [] }

    func files(forModule module: String, from path: String, project: Project) -> [String] { [] }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        let root = targetRoot(of: path)
        let name = lastSegment(of: type)
        return project.paths(endingWith: "/" + name + ".swift").filter { $0.hasPrefix(root) }
    }

    func siblingFiles(of path: String, project: Project) -> [String] {
        let root = targetRoot(of: path)
        // Asked for every call a Swift file makes without a receiver: the target's files are listed once.
        let target = project.configuration("swift-target:" + root) {
            Array(project.paths.filter { $0.hasPrefix(root) && $0.hasSuffix(".swift") }.prefix(Self.targetFileLimit + 1))
        }
        return Array(target.filter { $0 != path }.prefix(Self.targetFileLimit))
    }

    private func targetRoot(of path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        if let sources = parts.firstIndex(where: { $0 == "Sources" }), sources + 1 < parts.count - 1 {
            return parts[...(sources + 1)].joined(separator: "/") + "/"
        }
        return parts.count > 1 ? parts[0] + "/" : ""
    }
}
