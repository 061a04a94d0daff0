/// Ruby: constants autoload from their underscored path (Zeitwerk: `Admin::LlmClient` in
/// `app/*/admin/llm_client.rb` or `lib/admin/llm_client.rb`), and `require_relative` pulls in a file.
struct RubyResolver: LanguageResolver {
    var memberSeparator: String { "::" }

    func imports(in lexed: LexedSource) -> [ImportBinding] { [] }

    func reexports(in lexed: LexedSource) -> [String] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.token(index, is: "require_relative") else { return nil }
            var cursor = index + 1
            if lexed.token(cursor, isPunctuation: Byte.openParen) { cursor += 1 }
            guard lexed.tokens.indices.contains(cursor), lexed.tokens[cursor].kind == .string else { return nil }
            return "./" + lexed.text(cursor)
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        guard let base = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: path), module)) else { return [] }
        return base.hasSuffix(".rb") ? [base].filter(project.exists) : existing(base, extensions: [".rb"], project: project)
    }

    /// A constant is looked up in the referencing code's namespaces first, innermost out, then at the top level, as
    /// Ruby's lexical scope finds it: `Summarizer` inside `module Reports` is `Reports::Summarizer` when that exists,
    /// not another namespace's `Ai::Summarizer`. Zeitwerk lays the namespaces out as folders, so the referencing
    /// file's own constant path (`app/controllers/reports/previews_controller.rb`: `Reports::PreviewsController`) is
    /// its nesting; and a candidate file must define exactly the constant looked for under its root.
    func files(forType type: String, from path: String, project: Project) -> [String] {
        let parts = type.split(separator: ":").filter { !$0.isEmpty }.map { RepoPath.underscore(String($0)) }
        guard !parts.isEmpty else { return [] }
        let nesting = type.hasPrefix("::") ? [] : Self.constantPath(of: path) ?? []
        for depth in stride(from: nesting.count, through: 0, by: -1) {
            let relative = (nesting.prefix(depth) + parts).joined(separator: "/") + ".rb"
            let candidates = project.paths(endingWith: "/" + relative).filter { candidate in
                candidate == relative || Self.constantPath(of: candidate)?.joined(separator: "/") == String(relative.dropLast(3))
            }
            // Several roots may define it (an engine's and the app's): the shortest path.
            if let shortest = candidates.min(by: { $0.count < $1.count }) { return [shortest] }
        }
        // Outside Zeitwerk's layout (a folder added to the autoload paths, a gem's own `lib/clients/`): the one file of
        // that name under app/ or lib/, when there is only one.
        let relative = parts.joined(separator: "/") + ".rb"
        let loose = project.paths(endingWith: "/" + relative).filter { $0.hasPrefix("app/") || $0.hasPrefix("lib/") || $0.contains("/app/") || $0.contains("/lib/") }
        return loose.count == 1 ? loose : []
    }

    /// The constant a file defines under Zeitwerk's roots, as underscored names: `app/services/ai/summarizer.rb` is
    /// `ai/summarizer` (`Ai::Summarizer`), `lib/acme/client.rb` `acme/client`; `app/models/concerns/` is a root of its
    /// own; an engine's `…/app/<kind>/` and `…/lib/` too. Nil outside them.
    static func constantPath(of path: String) -> [String]? {
        guard path.hasSuffix(".rb") else { return nil }
        let components = String(path.dropLast(3)).split(separator: "/").map(String.init)
        if let app = components.firstIndex(of: "app"), components.count > app + 2 {
            var start = app + 2
            if components[start] == "concerns", components.count > start + 1 { start += 1 }
            return Array(components[start...])
        }
        if let lib = components.firstIndex(of: "lib"), components.count > lib + 1 { return Array(components[(lib + 1)...]) }
        return nil
    }
}
