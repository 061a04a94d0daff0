/// PHP: `use App\Services\Llm;` resolves through composer.json's PSR-4 prefixes to `app/Services/Llm.php`;
/// a class used without `use` is in the caller's namespace directory; `require_once __DIR__ . '/../lib/ai.php'`
/// (and `require`, `include`, `include_once`) pulls in a file's functions.
struct PHPResolver: LanguageResolver {
    var memberSeparator: String { "\\" }

    /// The files `require`d or `include`d by a path the file spells: `__DIR__ . '/x.php'`,
    /// `dirname(__FILE__) . '/x.php'` or a literal (PHP tries a relative one beside the including script too), each
    /// as `./` and the path from the file's directory.
    func reexports(in lexed: LexedSource) -> [String] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "require_once") || lexed.token(index, is: "require")
                || lexed.token(index, is: "include_once") || lexed.token(index, is: "include")
            else { return nil }
            var cursor = index + 1
            if lexed.token(cursor, isPunctuation: Byte.openParen) { cursor += 1 }
            // The script's own directory, joined to the path with `.`.
            var directoryLength = 0
            if lexed.token(cursor, is: "__DIR__") {
                directoryLength = 1
            } else if lexed.token(cursor, is: "dirname"), lexed.token(cursor + 1, isPunctuation: Byte.openParen),
                      lexed.token(cursor + 2, is: "__FILE__"), lexed.token(cursor + 3, isPunctuation: Byte.closeParen)
            {
                directoryLength = 4
            }
            if directoryLength > 0 {
                guard lexed.token(cursor + directoryLength, isPunctuation: Byte.dot) else { return nil }
                cursor += directoryLength + 1
            }
            guard lexed.tokens.indices.contains(cursor), lexed.tokens[cursor].kind == .string else { return nil }
            let file = lexed.text(cursor)
            guard file.hasSuffix(".php") || file.hasSuffix(".inc") else { return nil }
            return "./" + (file.hasPrefix("/") ? String(file.dropFirst()) : file)
        }
    }

    /// `use App\Services\Llm;` and `use function Acme\Ai\complete as ask;` (a function, found through composer's
    /// `autoload.files` when no PSR-4 file holds it).
    func imports(in lexed: LexedSource) -> [ImportBinding] {
        lexed.qualifiedImports(keyword: "use", separator: "\\", skipping: "function").flatMap { statement -> [ImportBinding] in
            guard let last = statement.parts.last else { return [] }
            let prefix = statement.parts.joined(separator: "\\")
            // A group, `use function Acme\Ai\{clip, complete as ask};` (PHP 7): each name under the shared prefix.
            if lexed.token(statement.end + 1, isPunctuation: Byte.backslash), lexed.token(statement.end + 2, isPunctuation: Byte.openBrace) {
                return groupedImports(in: lexed, opening: statement.end + 2, prefix: prefix)
            }
            return [ImportBinding(local: statement.alias ?? last, module: prefix, member: last)]
        }
    }

    /// The names of a group use's braces at `opening`, each (`Sub\name`, `name as alias`) under `prefix`.
    private func groupedImports(in lexed: LexedSource, opening: Int, prefix: String) -> [ImportBinding] {
        let close = lexed.partner[opening]
        guard close > opening else { return [] }
        var result: [ImportBinding] = []
        var cursor = opening + 1
        while cursor < close {
            // `function` or `const` before one name of a mixed group: only functions and classes are bound.
            if lexed.token(cursor, is: "function") { cursor += 1 }
            var parts: [String] = []
            while cursor < close, lexed.isIdentifier(cursor) {
                parts.append(lexed.text(cursor))
                guard lexed.token(cursor + 1, isPunctuation: Byte.backslash), lexed.isIdentifier(cursor + 2) else { break }
                cursor += 2
            }
            if let last = parts.last {
                let alias = lexed.token(cursor + 1, is: "as") && lexed.isIdentifier(cursor + 2) ? lexed.text(cursor + 2) : nil
                result.append(ImportBinding(
                    local: alias ?? last, module: prefix + "\\" + parts.joined(separator: "\\"), member: last))
            }
            // On to the name after the next comma.
            while cursor < close, !lexed.token(cursor, isPunctuation: Byte.comma) { cursor += 1 }
            cursor += 1
        }
        return result
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        if module.hasPrefix("./") {
            let beside = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: path), module))
            let fromRoot = RepoPath.normalize(String(module.dropFirst(2)))
            return [beside, fromRoot].compactMap { $0 }.filter(project.exists).prefix(1).map { $0 }
        }
        for (prefix, directory) in psr4(project) where module.hasPrefix(prefix) {
            let rest = module.dropFirst(prefix.count).replacingOccurrences(of: "\\", with: "/")
            let file = RepoPath.join(directory, rest) + ".php"
            if project.exists(file) { return [file] }
        }
        // A namespaced function (`use function Acme\Ai\complete;`) lives in a file composer loads on every request
        // (`"autoload": { "files": ["src/ai.php"] }`), not in a PSR-4 file of its own. A class (capitalised by
        // convention) of a vendor package is not looked for there.
        guard let first = lastSegment(of: module).utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return []
        }
        return autoloadedFiles(project)
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        // A fully qualified class (`App\Controllers\Chat`, as CodeIgniter's routes name handlers) through PSR-4.
        if type.contains("\\") {
            let qualified = files(forModule: type.hasPrefix("\\") ? String(type.dropFirst()) : type, from: path, project: project)
            if !qualified.isEmpty { return qualified }
        }
        return existing(RepoPath.join(RepoPath.directory(of: path), lastSegment(of: type)), extensions: [".php"], project: project)
    }

    /// composer.json `autoload.files` (and `autoload-dev`'s) that the tree has, beside each manifest.
    private func autoloadedFiles(_ project: Project) -> [String] {
        project.configuration("composer-files") {
            var result: [String] = []
            for path in project.paths(endingWith: "/composer.json") where !path.contains("vendor/") {
                guard let json = project.json(at: path) else { continue }
                for section in ["autoload", "autoload-dev"] {
                    guard let autoload = json[section] as? [String: Any], let files = autoload["files"] as? [String] else { continue }
                    result += files.compactMap { RepoPath.normalize(RepoPath.join(RepoPath.directory(of: path), $0)) }
                        .filter(project.exists)
                }
            }
            return result
        }
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
