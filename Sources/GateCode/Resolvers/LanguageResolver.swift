/// How one language names and finds code in other files: its imports, where a module or type lives, and
/// which files share a package. One resolver per language, each in its own file.
protocol LanguageResolver: Sendable {
    /// How a member chain joins into one qualified name (`app.services.llm`, `Admin::Reports`).
    var memberSeparator: String { get }
    func imports(in lexed: LexedSource) -> [ImportBinding]
    /// Modules a file pulls in wholesale (`export * from`, `require_relative`).
    func reexports(in lexed: LexedSource) -> [String]
    /// The files a module specifier names, seen from the importing file.
    func files(forModule module: String, from path: String, project: Project) -> [String]
    /// The files that may define a type named without an import (autoloading, same package, type lookup).
    func files(forType type: String, from path: String, project: Project) -> [String]
    /// Files whose top-level functions a file may call without importing them (same package or target).
    func siblingFiles(of path: String, project: Project) -> [String]
    /// The module an imported member names when that member is itself a module (`from app import llm`).
    func submodule(_ module: String, member: String) -> String?
    /// Whether code of other files is reached only through imports, re-exports and imported submodules: no
    /// type lookup by name, and sibling files only where the framework imports them itself (Nuxt's
    /// `server/utils`), which the import walk visits as imports.
    var resolvesOnlyThroughImports: Bool { get }
    /// Visits, in order while `visit` returns true, the modules a file imports, read from its bytes without
    /// lexing: a superset of those its imports, re-exports and imported submodules name. False, having visited
    /// nothing, when only the tokens tell.
    func visitImportedModules(inBytes bytes: [UInt8], _ visit: (String) -> Bool) -> Bool
    /// Whether a module specifier's files depend on the importing file itself, not only on its directory (Rust's
    /// `mod` paths follow the file's name).
    var resolvesModulesPerFile: Bool { get }
}

extension LanguageResolver {
    var memberSeparator: String { "." }
    var resolvesOnlyThroughImports: Bool { false }
    var resolvesModulesPerFile: Bool { false }
    func visitImportedModules(inBytes bytes: [UInt8], _ visit: (String) -> Bool) -> Bool { false }

    /// Every module `visitImportedModules` visits; nil when only the tokens tell.
    func importedModules(inBytes bytes: [UInt8]) -> [String]? {
        var modules: [String] = []
        return visitImportedModules(inBytes: bytes) { modules.append($0); return true } ? modules : nil
    }
    func reexports(in lexed: LexedSource) -> [String] { [] }
    func files(forType type: String, from path: String, project: Project) -> [String] { [] }
    func siblingFiles(of path: String, project: Project) -> [String] { [] }
    func submodule(_ module: String, member: String) -> String? { nil }

    /// `Admin::ReportsController` → `ReportsController`, `llm.Client` → `Client`.
    func lastSegment(of type: String) -> String {
        // Every separator (`::`, `.`, `\\`) ends in one of these bytes; on the resolver's hot path, so bytes.
        let utf8 = type.utf8
        guard let last = utf8.lastIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "\\") })
        else { return type }
        return String(type[utf8.index(after: last)...])
    }

    /// `type` without the qualifier that names it from the root namespace, nil when it has none: Ruby's
    /// `::ApplicationController`, PHP's `\App\Models\User`, C#'s `global::Api.Base`.
    func rootRelative(_ type: String) -> String? {
        if type.hasPrefix("::") { return String(type.dropFirst(2)) }
        if type.hasPrefix("\\") { return String(type.dropFirst()) }
        if type.hasPrefix("global::") { return String(type.dropFirst("global::".count)) }
        return nil
    }

    /// Files of `directory` in `language`, tests excluded.
    func sourceFiles(inDirectory directory: String, extensions: [String], project: Project) -> [String] {
        project.files(inDirectory: directory).filter { path in
            extensions.contains { path.hasSuffix($0) } && !path.hasSuffix("_test.go")
        }
    }

    /// `a/b/c` plus each extension that exists in the tree.
    func existing(_ base: String, extensions: [String], project: Project) -> [String] {
        extensions.map { base + $0 }.filter(project.exists)
    }
}

/// One `import a.b.C [as D]`-shaped statement: the path's parts, the alias, and the token after the path.
struct QualifiedImport {
    var parts: [String]
    var alias: String?
    var end: Int
}

extension LexedSource {
    /// Statements that start a line with `keyword` followed by a path joined by `separator`
    /// (`import com.acme.Llm;`, `use App\Services\Llm;`, `use crate::llm::complete;`).
    func qualifiedImports(keyword: StaticString, separator: String, skipping skipped: StaticString? = nil) -> [QualifiedImport] {
        var result: [QualifiedImport] = []
        for index in tokens.indices where token(index, is: keyword) && tokens[index].firstOnLine {
            var cursor = index + 1
            if let skipped, token(cursor, is: skipped) { cursor += 1 }
            var parts: [String] = []
            while isIdentifier(cursor) {
                parts.append(text(cursor))
                guard cursor + 2 < tokens.count, text(cursor + 1) == separator, isIdentifier(cursor + 2) else { break }
                cursor += 2
            }
            guard !parts.isEmpty else { continue }
            let alias = token(cursor + 1, is: "as") && isIdentifier(cursor + 2) ? text(cursor + 2) : nil
            result.append(QualifiedImport(parts: parts, alias: alias, end: cursor))
        }
        return result
    }
}

extension SourceLanguage {
    var resolver: any LanguageResolver {
        switch self {
        case .javascript, .typescript: TypeScriptResolver()
        case .python: PythonResolver()
        case .ruby: RubyResolver()
        case .elixir: ElixirResolver()
        case .go: GoResolver()
        case .java, .kotlin: JVMResolver()
        case .php: PHPResolver()
        case .csharp: CSharpResolver()
        case .rust: RustResolver()
        case .swift: SwiftResolver()
        }
    }
}

extension LexedSource {
    /// The index of the next string token at or after `index` on the same statement, within `limit` tokens.
    func nextString(from index: Int, limit: Int = 64) -> Int? {
        var cursor = index
        while cursor < tokens.count, cursor < index + limit {
            if tokens[cursor].kind == .string { return cursor }
            if token(cursor, isPunctuation: Byte.semicolon) { return nil }
            cursor += 1
        }
        return nil
    }

    /// Whether token `index` is an identifier.
    func isIdentifier(_ index: Int) -> Bool { index >= 0 && index < tokens.count && tokens[index].kind == .identifier }

    /// The first token of the dotted name whose last name is token `last` (`app` of `app.routers.chat`; `last` itself
    /// when no `.` comes before it).
    public func dottedNameStart(endingAt last: Int) -> Int {
        var start = last
        while start >= 2, token(start - 1, isPunctuation: Byte.dot), tokens[start - 2].kind == .identifier { start -= 2 }
        return start
    }

    /// The names of a dotted name starting at token `start` (`tasks.TypeSummarize`, `handlers.on_saved`), and the
    /// token of its last name (`start` itself when there is none).
    func dottedName(at start: Int) -> (names: [String], last: Int) {
        var names: [String] = []
        var cursor = start
        while isIdentifier(cursor) {
            names.append(text(cursor))
            guard token(cursor + 1, isPunctuation: Byte.dot), isIdentifier(cursor + 2) else { break }
            cursor += 2
        }
        return (names, cursor)
    }

    /// The indices of the identifiers spelled as one of `words` (ASCII), in token order. Resolvers look for a few
    /// keywords (`import`, `export`, `require`) in every token of a file: one pass rejects nearly every token on
    /// its kind, length and first byte before comparing the rest.
    func indices(ofWords words: [StaticString]) -> [Int] {
        // Words the lexer noted: only their tokens are compared.
        if words.allSatisfy({ Lexer.recordedKeywords.contains(UnsafeBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)[...]) }) {
            return keywordTokens.filter { index in words.contains { token(index, is: $0) } }
        }
        var lengths: UInt64 = 0
        var firstBytes: UInt64 = 0
        for word in words where word.utf8CodeUnitCount < 64 {
            lengths |= 1 << UInt64(word.utf8CodeUnitCount)
            firstBytes |= 1 << UInt64(word.utf8Start[0] & 63)
        }
        var result: [Int] = []
        tokens.withUnsafeBufferPointer { tokens in
            bytes.withUnsafeBufferPointer { bytes in
                for index in tokens.indices {
                    let token = tokens[index]
                    let length = token.end - token.start
                    guard token.kind == .identifier, length < 64, lengths & (1 << UInt64(length)) != 0,
                          firstBytes & (1 << UInt64(bytes[token.start] & 63)) != 0
                    else { continue }
                    if words.contains(where: { self.token(index, is: $0) }) { result.append(index) }
                }
            }
        }
        return result
    }
}
