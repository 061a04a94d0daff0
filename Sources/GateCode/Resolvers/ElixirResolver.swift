import GateCore

/// Elixir: a module is named in full (`Notes.AI.summarize(t)`), or by the last part an `alias` binds (`alias
/// Notes.AI` then `AI.summarize(t)`, `alias Notes.{AI, Repo}`, `alias Notes.AI, as: Brain`); `import Notes.AI`
/// brings its functions in bare (`summarize(t)`). Mix compiles every file of `lib/`, so a module is found by its
/// conventional file (`Notes.AI` in `lib/notes/ai.ex`) or, where Phoenix groups files by kind
/// (`NotesWeb.SummaryController` in `lib/notes_web/controllers/summary_controller.ex`), by its file name under its
/// root's folder.
struct ElixirResolver: LanguageResolver {
    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        for index in lexed.tokens.indices where lexed.tokens[index].firstOnLine && lexed.token(index, is: "alias") {
            let (names, last) = lexed.dottedName(at: index + 1)
            guard !names.isEmpty, names.allSatisfy(FactExtractor.startsUppercase) else { continue }
            let module = names.joined(separator: ".")
            // `alias Notes.{AI, Repo}`: each name in the braces, under the prefix.
            if lexed.token(last + 1, isPunctuation: Byte.dot), lexed.token(last + 2, isPunctuation: Byte.openBrace) {
                let close = lexed.partner.indices.contains(last + 2) ? lexed.partner[last + 2] : -1
                var cursor = last + 3
                while cursor < close {
                    let (inner, innerLast) = lexed.dottedName(at: cursor)
                    if let local = inner.last { result.append(ImportBinding(local: local, module: module + "." + inner.joined(separator: "."), member: nil)) }
                    cursor = max(innerLast + 1, cursor + 1)
                }
                continue
            }
            // `alias Notes.AI, as: Brain`.
            var local = names[names.count - 1]
            if lexed.token(last + 1, isPunctuation: Byte.comma), lexed.token(last + 2, is: "as"),
               lexed.token(last + 3, isPunctuation: Byte.colon), lexed.isIdentifier(last + 4)
            {
                local = lexed.text(last + 4)
            }
            result.append(ImportBinding(local: local, module: module, member: nil))
        }
        return result
    }

    /// `import Notes.AI`: its functions are called bare, as a file's own.
    func reexports(in lexed: LexedSource) -> [String] {
        lexed.tokens.indices.compactMap { index in
            guard lexed.tokens[index].firstOnLine, lexed.token(index, is: "import") else { return nil }
            let names = lexed.dottedName(at: index + 1).names
            guard !names.isEmpty, names.allSatisfy(FactExtractor.startsUppercase) else { return nil }
            return names.joined(separator: ".")
        }
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        Self.files(definingModule: module, project: project)
    }

    func files(forType type: String, from path: String, project: Project) -> [String] {
        Self.files(definingModule: type, project: project)
    }

    /// The files that conventionally define `module`: `lib/notes/ai.ex` (or an umbrella app's `apps/*/lib/…`) for
    /// `Notes.AI`; else the files named for its last part under its first part's folder; else the files of that folder
    /// whose `defmodule` names it (`Sequence.OpenAI` in `lib/sequence/utils/openai.ex`).
    static func files(definingModule module: String, project: Project) -> [String] {
        let parts = module.split(separator: ".").map { RepoPath.underscore(String($0)) }
        guard let first = parts.first, let last = parts.last else { return [] }
        let conventional = project.paths(endingWith: "/" + parts.joined(separator: "/") + ".ex").filter(isApplicationCode)
        if !conventional.isEmpty { return conventional }
        guard parts.count > 1 else { return [] }
        let named = project.paths(named: last + ".ex").filter { path in
            isApplicationCode(path) && (path.hasPrefix(first + "/") || path.contains("/" + first + "/"))
        }
        if !named.isEmpty { return named }
        return modulesDefined(underFolder: first, project: project)[module] ?? []
    }

    /// The modules the application's `.ex` files under folders named `folder` (the underscored first part of their
    /// modules' names: `lib/sequence/`) define, by name: read once per folder name, and only for a module the names
    /// of files did not find. A library's modules (`Phoenix.Controller`, `Ecto.Changeset`) have no such folder in the
    /// project, and read nothing.
    private static func modulesDefined(underFolder folder: String, project: Project) -> [String: [String]] {
        project.configuration("elixir-defmodules:" + folder) {
            var modules: [String: [String]] = [:]
            for path in sourceFilesByFolder(project)[folder] ?? [] {
                guard let bytes = project.contents(of: path) else { continue }
                for name in definedModuleNames(in: bytes) where modules[name]?.last != path {
                    modules[name, default: []].append(path)
                }
            }
            return modules
        }
    }

    /// The application's `.ex` files by the name of each folder they lie under, listed once per project.
    private static func sourceFilesByFolder(_ project: Project) -> [String: [String]] {
        project.configuration("elixir-source-folders") {
            var byFolder: [String: [String]] = [:]
            for path in project.paths where path.hasSuffix(".ex") && isApplicationCode(path) {
                var folders = path.split(separator: "/").dropLast().map(String.init)
                // A folder's own module file (`lib/sequence.ex`) may define modules under its name too.
                if let file = path.split(separator: "/").last { folders.append(String(file.dropLast(3))) }
                for folder in Set(folders) { byFolder[folder, default: []].append(path) }
            }
            return byFolder
        }
    }

    /// The names `defmodule` gives in a file's bytes (`defmodule Sequence.OpenAI do`), as written: a module nested in
    /// another is named by its own part only, and a `defmodule` in a comment or string is a candidate the definitions
    /// read from the file's tokens then turn away.
    static func definedModuleNames(in bytes: [UInt8]) -> [String] {
        let keyword = Array("defmodule".utf8)
        var names: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while case let found = ByteSearch.find(keyword, in: buffer, from: start), found < buffer.count {
                start = found + keyword.count
                guard found == 0 || !Byte.isIdentifierPart(buffer[found - 1]) else { continue }
                var cursor = start
                guard cursor < buffer.count, Byte.isInlineSpace(buffer[cursor]) else { continue }
                while cursor < buffer.count, Byte.isInlineSpace(buffer[cursor]) { cursor += 1 }
                let nameStart = cursor
                while cursor < buffer.count, Byte.isIdentifierPart(buffer[cursor]) || buffer[cursor] == Byte.dot { cursor += 1 }
                if cursor > nameStart { names.append(String(decoding: buffer[nameStart..<cursor], as: UTF8.self)) }
                start = cursor
            }
        }
        return names
    }

    /// Files of the application, not of its tests or dependencies.
    private static func isApplicationCode(_ path: String) -> Bool {
        !path.hasPrefix("deps/") && !path.contains("/deps/") && !path.hasPrefix("test/") && !path.contains("/test/")
    }
}
