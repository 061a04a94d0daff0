/// PHP: `use App\Services\Llm;` resolves through composer.json's PSR-4 prefixes to `app/Services/Llm.php`;
/// a class used without `use` is in the caller's namespace directory.
struct PHPResolver: LanguageResolver {
    var memberSeparator: String { "\\" }

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        lexed.qualifiedImports(keyword: "use", separator: "\\").compactMap { statement in
            guard let last = statement.parts.last else { return nil }
            return ImportBinding(local: statement.alias ?? last, module: statement.parts.joined(separator: "\\"), member: last)
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        for (prefix, directory) in psr4(project) where module.hasPrefix(prefix) {
            let rest = module.dropFirst(prefix.count).replacingOccurrences(of: "\\", with: "/")
            let file = RepoPath.join(directory, rest) + ".php"
            if project.exists(file) { return [file] }
        }
        return []
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        existing(RepoPath.join(RepoPath.directory(of: path), lastSegment(of: type)), extensions: [".php"], project: project)
    }

    /// composer.json `autoload.psr-4` (and `autoload-dev`): namespace prefix → directory, longest first.
    private func psr4(_ project: Project) -> [(String, String)] {
        project.configuration("psr-4") {
            var result: [(String, String)] = []
            let manifests = project.paths(endingWith: "/composer.json").filter { !$0.contains("vendor/") }
            for path in manifests {
                guard let json = project.json(at: path) else { continue }
                for section in ["autoload", "autoload-dev"] {
                    guard let autoload = json[section] as? [String: Any], let map = autoload["psr-4"] as? [String: Any]
                    else { continue }
                    for (prefix, target) in map {
                        let directories = (target as? [String]) ?? [(target as? String) ?? ""]
                        for directory in directories {
                            let trimmed = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
                            result.append((prefix, RepoPath.join(RepoPath.directory(of: path), trimmed)))
                        }
                    }
                }
            }
            // Laravel's `App\` is `app/` beside composer.json (or at the root without one), as every Laravel
            // skeleton maps it: a manifest trimmed of its autoload section still loads the app that way.
            if !result.contains(where: { $0.0 == "App\\" }) {
                for directory in manifests.isEmpty ? [""] : manifests.map(RepoPath.directory(of:)) {
                    result.append(("App\\", RepoPath.join(directory, "app")))
                }
            }
            return result.sorted { $0.0.count > $1.0.count }
        }
    }
}
