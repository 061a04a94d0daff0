import Foundation
import GateCore

/// Rust: `use crate::llm::complete;` and `mod llm;` name `src/llm.rs` or `src/llm/mod.rs` of the crate whose
/// Cargo.toml is nearest; `super::` and `self::` are relative to the current module.
struct RustResolver: LanguageResolver {
    var resolvesModulesPerFile: Bool { true }

    var memberSeparator: String { "::" }

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        for statement in lexed.qualifiedImports(keyword: "use", separator: "::") {
            let parts = statement.parts
            let cursor = statement.end
            if lexed.token(cursor + 1, is: "::"), lexed.token(cursor + 2, isPunctuation: Byte.openBrace),
               lexed.partner[cursor + 2] > cursor
            {
                result += groupImports(in: lexed, open: cursor + 2, module: parts)
                continue
            }
            guard parts.count >= 2, let last = parts.last else { continue }
            result.append(ImportBinding(local: statement.alias ?? last, module: parts.dropLast().joined(separator: "::"), member: last))
        }
        for index in lexed.tokens.indices where lexed.token(index, is: "mod") && lexed.isIdentifier(index + 1)
            && lexed.token(index + 2, isPunctuation: Byte.semicolon)
        {
            result.append(ImportBinding(local: lexed.text(index + 1), module: "self::" + lexed.text(index + 1), member: nil))
        }
        return result
    }

    /// The names a `use` group binds, groups nested in it too: `use crate::llm::{client::{complete, stream},
    /// Model as M};` binds `complete` and `stream` from `crate::llm::client`, `M` from `crate::llm`.
    private func groupImports(in lexed: LexedSource, open: Int, module: [String]) -> [ImportBinding] {
        var result: [ImportBinding] = []
        let close = lexed.partner[open]
        var item = open + 1
        while item < close {
            // One item: a path (`client::complete`, `self`), then a nested group, an alias or the next comma.
            var path: [String] = []
            var cursor = item
            while cursor < close, lexed.isIdentifier(cursor) {
                path.append(lexed.text(cursor))
                guard lexed.token(cursor + 1, is: "::") else { break }
                cursor += 2
            }
            if lexed.token(cursor, isPunctuation: Byte.openBrace), lexed.partner[cursor] > cursor, lexed.partner[cursor] < close {
                result += groupImports(in: lexed, open: cursor, module: module + path)
                cursor = lexed.partner[cursor]
            } else if let member = path.last, member != "self" {
                let alias = lexed.token(cursor + 1, is: "as") && lexed.isIdentifier(cursor + 2) ? lexed.text(cursor + 2) : member
                result.append(ImportBinding(local: alias, module: (module + path.dropLast()).joined(separator: "::"), member: member))
            }
            // On to the next item, past this one's alias or group.
            while cursor < close, !lexed.token(cursor, isPunctuation: Byte.comma) {
                if lexed.token(cursor, isPunctuation: Byte.openBrace), lexed.partner[cursor] > cursor { cursor = lexed.partner[cursor] }
                cursor += 1
            }
            item = max(cursor + 1, item + 1)
        }
        return result
    }

    func submodule(_ module: String, member: String) -> String? { module + "::" + member }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        var parts = module.components(separatedBy: "::")
        guard let first = parts.first else { return [] }
        var directory: String
        switch first {
        case "crate":
            guard let root = crateSource(of: path, project: project) else { return [] }
            directory = root
            parts.removeFirst()
        case "self", "super":
            directory = moduleDirectory(of: path)
            parts.removeFirst()
            if first == "super" { directory = RepoPath.directory(of: directory) }
        default:
            // A path starting with a name in scope (2018 edition): a child module the file declares (`use
            // state::AppState` beside `mod state;`); an external crate's path names no file of the tree.
            directory = moduleDirectory(of: path)
            let child = moduleFiles(directory, parts, project: project)
            // Or the package's own library crate, which its binaries (`src/main.rs`, `src/bin/backfill.rs`) name by
            // the package's name: `use catalog::embeddings` in the `catalog` package is `src/embeddings.rs`.
            guard child.isEmpty, let root = crateRoot(of: path, project: project),
                  libraryCrateName(root, project: project) == first
            else { return child }
            return moduleFiles(RepoPath.join(root, "src"), Array(parts.dropFirst()), project: project)
        }
        return moduleFiles(directory, parts, project: project)
    }

    /// The file of the module `parts` names under `directory`: `a/b.rs` or `a/b/mod.rs`.
    private func moduleFiles(_ directory: String, _ parts: [String], project: Project) -> [String] {
        guard !parts.isEmpty else { return [] }
        let base = RepoPath.join(directory, parts.joined(separator: "/"))
        let file = existing(base, extensions: [".rs"], project: project)
        return file.isEmpty ? existing(base + "/mod", extensions: [".rs"], project: project) : file
    }

    /// The name a package's library crate goes by in its other targets: `[lib] name`, else `[package] name` with `-`
    /// written `_`; nil for a package without a library (`src/lib.rs` or a `[lib]` table). Read once a package.
    private func libraryCrateName(_ root: String, project: Project) -> String? {
        let manifest = RepoPath.join(root, "Cargo.toml")
        return project.configuration("rust:library-crate:" + manifest) { () -> String? in
            guard let bytes = project.contents(of: manifest) else { return nil }
            var section = ""
            var packageName: String?
            var libraryName: String?
            var hasLibraryTable = false
            for rawLine in TextLines(decoding: bytes, omittingEmpty: true) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    section = line
                    if section == "[lib]" { hasLibraryTable = true }
                    continue
                }
                guard section == "[package]" || section == "[lib]", let equals = line.firstIndex(of: "="),
                      line[..<equals].trimmingCharacters(in: .whitespaces) == "name"
                else { continue }
                let value = line[line.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                if section == "[package]" { packageName = value } else { libraryName = value }
            }
            guard hasLibraryTable || project.exists(RepoPath.join(root, "src/lib.rs")) else { return nil }
            return (libraryName ?? packageName)?.replacingOccurrences(of: "-", with: "_")
        }
    }

    /// The directory a file's child modules live in: `src/` for main.rs/lib.rs/mod.rs, `src/llm/` for `src/llm.rs`.
    private func moduleDirectory(of path: String) -> String {
        let directory = RepoPath.directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if ["main.rs", "lib.rs", "mod.rs"].contains(name) { return directory }
        return RepoPath.join(directory, String(name.dropLast(3)))
    }

    private func crateSource(of path: String, project: Project) -> String? {
        crateRoot(of: path, project: project).map { RepoPath.join($0, "src") }
    }

    /// The directory of the nearest Cargo.toml above `path`.
    private func crateRoot(of path: String, project: Project) -> String? {
        var directory = RepoPath.directory(of: path)
        while true {
            if project.exists(RepoPath.join(directory, "Cargo.toml")) { return directory }
            if directory.isEmpty { return nil }
            directory = RepoPath.directory(of: directory)
        }
    }
}
