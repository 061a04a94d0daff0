/// Python: `import a.b as c`, `from a.b import x as y`, relative imports, packages (`__init__.py`), and
/// source roots at the repository root or `src/`.
struct PythonResolver: LanguageResolver {
    var resolvesOnlyThroughImports: Bool { true }

    func imports(in lexed: LexedSource) -> [ImportBinding] {
        var result: [ImportBinding] = []
        for statement in lexed.pythonImports() {
            if let from = statement.from {
                let module = lexed.dottedText(from)
                for name in statement.names {
                    result.append(ImportBinding(
                        local: lexed.text(name.local), module: module, member: lexed.dottedText(name.path)))
                }
            } else {
                for name in statement.names {
                    let module = lexed.dottedText(name.path)
                    result.append(ImportBinding(local: name.alias.map { lexed.text($0) } ?? module, module: module, member: nil))
                }
            }
        }
        return result
    }

    /// `from .summarize import *` binds every public name of that module here, so a name the file neither defines
    /// nor imports by name may be one of them (`from app.ai import summarize` of a package whose `__init__.py` says so).
    func reexports(in lexed: LexedSource) -> [String] {
        lexed.pythonImports().compactMap { statement in
            guard let from = statement.from, statement.names.isEmpty,
                  lexed.token(from.upperBound + 1, isPunctuation: Byte.star)
            else { return nil }
            return lexed.dottedText(from)
        }
    }

    func submodule(_ module: String, member: String) -> String? {
        module.hasSuffix(".") ? module + member : module + "." + member
    }

    func files(forModule module: String, from path: String, project: Project) -> [String] {
        let dots = module.prefix { $0 == "." }.count
        let rest = module.dropFirst(dots).replacingOccurrences(of: ".", with: "/")
        if dots > 0 {
            var directory = RepoPath.directory(of: path)
            for _ in 1..<dots { directory = RepoPath.directory(of: directory) }
            let base = rest.isEmpty ? directory : RepoPath.join(directory, rest)
            return rest.isEmpty ? existing(base + "/__init__", extensions: [".py"], project: project)
                : moduleFiles(base, project: project)
        }
        for root in ["", "src/", "app/"] {
            let found = moduleFiles(root + rest, project: project)
            if !found.isEmpty { return found }
        }
        // A package under some other source root: `backend/app/services/llm.py` for `app.services.llm`.
        let nested = project.paths(endingWith: "/" + rest + ".py") + project.paths(endingWith: "/" + rest + "/__init__.py")
        return nested.count == 1 ? nested : []
    }

    private func moduleFiles(_ base: String, project: Project) -> [String] {
        let file = existing(base, extensions: [".py"], project: project)
        return file.isEmpty ? existing(base + "/__init__", extensions: [".py"], project: project) : file
    }
}

/// One Python import statement: `import a.b as c, d` or `from ..a import (b, c as d)`, as token positions.
public struct PythonImport: Sendable {
    /// The tokens of the module a `from` statement reads (`a.b`, `..models`, `.`); nil for `import a.b`.
    public var from: Range<Int>?
    /// What the statement imports, in order; none for `from a import *`.
    public var names: [Name]

    /// One imported name and its alias.
    public struct Name: Sendable {
        /// The tokens of the dotted path imported: `a.b` of `import a.b`, `b` of `from a import b`.
        public var path: Range<Int>
        /// The token of the alias after `as`, if any.
        public var alias: Int?
        /// The token of the name the statement binds: the alias, else the path's first name (`import a.b` binds `a`).
        public var local: Int { alias ?? path.lowerBound }
    }
}

extension LexedSource {
    /// The Python import statements of the file, in order. `import` and `from` are reserved words, so every
    /// `import` token (the lexer notes them) is one statement's: a `from` statement when `from` and a dotted module
    /// come right before it on its line. Each statement's names run to the end of its line, of the parenthesised
    /// group that follows `import`, or of the lines a backslash continues, and stop at a `;`.
    public func pythonImports() -> [PythonImport] {
        var result: [PythonImport] = []
        for keyword in keywordTokens where token(keyword, is: "import") {
            var start = keyword - 1
            while start >= 0, !tokens[start + 1].firstOnLine || token(start, isPunctuation: Byte.backslash),
                  !token(start, is: "from"),
                  isIdentifier(start) || token(start, isPunctuation: Byte.dot) || token(start, isPunctuation: Byte.backslash)
            {
                start -= 1
            }
            // `yield from gen` ends the line before an `import`: a `from` on another line is not this statement's.
            let from = token(start, is: "from") && start + 1 < keyword && !tokens[start + 1].firstOnLine
                ? (start + 1)..<keyword : nil
            result.append(PythonImport(from: from, names: pythonImportedNames(after: keyword)))
        }
        return result
    }

    /// The names an `import` keyword at `keyword` is followed by: dotted paths, each with an optional alias.
    private func pythonImportedNames(after keyword: Int) -> [PythonImport.Name] {
        var names: [PythonImport.Name] = []
        var cursor = keyword + 1
        var groupEnd: Int?
        if token(cursor, isPunctuation: Byte.openParen), partner[cursor] > cursor {
            groupEnd = partner[cursor]
            cursor += 1
        }
        while cursor < tokens.count {
            if let groupEnd {
                guard cursor < groupEnd else { break }
            } else if tokens[cursor].firstOnLine, !token(cursor - 1, isPunctuation: Byte.backslash) {
                break
            }
            if token(cursor, isPunctuation: Byte.semicolon) { break }
            // Commas, backslashes, the `*` of `from a import *`.
            guard isIdentifier(cursor) else {
                cursor += 1
                continue
            }
            let first = cursor
            while token(cursor + 1, isPunctuation: Byte.dot), isIdentifier(cursor + 2) { cursor += 2 }
            let path = first..<(cursor + 1)
            cursor += 1
            var alias: Int?
            if token(cursor, is: "as"), isIdentifier(cursor + 1) {
                alias = cursor + 1
                cursor += 2
            }
            names.append(PythonImport.Name(path: path, alias: alias))
        }
        return names
    }

    /// The text of a dotted module path's tokens (`a.b`, `..models`), without a backslash that continues its line.
    public func dottedText(_ range: Range<Int>) -> String { String(decoding: dottedBytes(range), as: UTF8.self) }

    /// The bytes of a dotted module path's tokens (`a.b`, `..models`), without a backslash that continues its line.
    public func dottedBytes(_ range: Range<Int>) -> [UInt8] {
        var result: [UInt8] = []
        for index in range where !token(index, isPunctuation: Byte.backslash) {
            result += bytes[tokens[index].start..<tokens[index].end]
        }
        return result
    }
}

extension LexedSource {
    /// FastAPI's dependencies in a range (a route's parameters, `user=Depends(get_verified_user)`, its decorator's or
    /// its router's `dependencies=[Security(require_admin)]`), as calls: a dependency that refuses the caller (in
    /// this file or another) guards whatever it is called.
    public func fastAPIDependencyCalls(in range: ClosedRange<Int>) -> [CallFact] {
        guard language.family == .python else { return [] }
        return range.compactMap { index in
            guard token(index, is: "Depends") || token(index, is: "Security"), token(index + 1, isPunctuation: Byte.openParen)
            else { return nil }
            // `Depends(get_user)` or `Depends(auth.get_user)`: the function, and the module it is read from.
            var name = index + 2
            var receiver: [String] = []
            while token(name + 1, isPunctuation: Byte.dot), tokens.indices.contains(name + 2), tokens[name].kind == .identifier {
                receiver.append(text(name))
                name += 2
            }
            guard tokens.indices.contains(name), tokens[name].kind == .identifier,
                  token(name + 1, isPunctuation: Byte.closeParen) || token(name + 1, isPunctuation: Byte.comma)
            else { return nil }
            let found = tokens[name]
            return CallFact(
                name: text(name), receiver: receiver, token: name, line: found.line, column: found.column, firstArgument: nil)
        }
    }
}
