import GateCore

extension CodeIndex {
    /// Where a Rust file names the module of the file at `path` through a module path deeper than one segment:
    /// `routes::chat::router()` under `mod routes;` (with `src/routes/mod.rs` or `src/routes.rs` declaring `pub mod
    /// chat;`), `crate::routes::chat::router()`, `api::v1::chat::routes()`. The tokens returned are the paths' segments
    /// that name the file (`chat`), so a mount site reads them as it reads a mention of a module imported by name
    /// (`mod chat;` then `chat::router()`, which `own` covers already). Paths are followed only from a name the file
    /// binds (`mod`, `use`) or from `crate`, `self`, `super`: `axum::routing::post` names no file of the tree and
    /// resolves nothing.
    func rustModuleMentions(of path: String, in facts: FileFacts, lexed: LexedSource) -> Set<Int> {
        guard facts.language == .rust else { return [] }
        // The module each name in scope stands for (`routes` → `self::routes`, `use crate::api;` → `crate::api`).
        var scope: [String: String] = [:]
        for binding in facts.imports where scope[binding.local] == nil {
            scope[binding.local] = binding.member.map { binding.module + "::" + $0 } ?? binding.module
        }
        var mentions: Set<Int> = []
        let tokens = lexed.tokens
        for index in tokens.indices where tokens[index].kind == .identifier && lexed.token(index + 1, is: "::")
            && !lexed.token(index - 1, is: "::") && !lexed.token(index - 1, is: "use") && lexed.isIdentifier(index + 2)
        {
            var module: String
            let first = lexed.text(index)
            if first == "crate" || first == "self" || first == "super" {
                module = first
            } else if let bound = scope[first] {
                module = bound
            } else {
                continue
            }
            // Down the path one segment at a time, while each names a module file of the tree.
            var segment = index
            while lexed.token(segment + 1, is: "::"), lexed.isIdentifier(segment + 2) {
                segment += 2
                module += "::" + lexed.text(segment)
                let files = modules(module, of: facts)
                if files.contains(path) {
                    mentions.insert(segment)
                    break
                }
                if files.isEmpty { break }
            }
        }
        return mentions
    }
}
