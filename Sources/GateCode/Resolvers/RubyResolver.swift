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

    func files(forType type: String, from path: String, project: Project) -> [String] {
        let relative = type.split(separator: ":").filter { !$0.isEmpty }.map { RepoPath.underscore(String($0)) }
            .joined(separator: "/") + ".rb"
        let candidates = project.paths(endingWith: "/" + relative).filter { candidate in
            candidate.hasPrefix("app/") || candidate.hasPrefix("lib/") || candidate.contains("/app/")
                || candidate.contains("/lib/") || candidate == relative
        }
        // Zeitwerk roots are app/* and lib; the shortest path under them is the constant's file.
        return candidates.isEmpty ? [] : [candidates.min { $0.count < $1.count } ?? candidates[0]]
    }
}
