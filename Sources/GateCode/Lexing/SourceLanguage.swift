import GateCore

/// A programming language gate lexes, chosen by file extension.
public enum SourceLanguage: String, Sendable, CaseIterable {
    case javascript, typescript, go, java, kotlin, csharp, rust, swift, php, python, ruby, elixir

    /// How the lexer treats a language: brace-delimited, indentation-delimited, Ruby's `do`/`end`, or Elixir's
    /// `do`/`end` (where only `do`, `fn` and the `def` family open blocks, and `do:` writes a one-line body).
    public enum Family: Sendable {
        case cLike, python, ruby, elixir
    }

    public var family: Family {
        switch self {
        case .python: .python
        case .ruby: .ruby
        case .elixir: .elixir
        default: .cLike
        }
    }

    /// The language of a repository path, or nil for files that are not code gate understands.
    public init?(path: String) {
        // Asked of every changed file and every tree file an import names: read from the path's bytes, with no
        // copy or String made unless the extension is not ASCII.
        let found: SourceLanguage? = PathBytes.with(path) { path in
            let bytes = path.bytes
            guard let dot = path.lastIndex(of: UInt8(ascii: "."), in: 0..<bytes.count),
                  path.lastIndex(of: UInt8(ascii: "/"), in: dot..<bytes.count) == nil
            else {
                guard let name = path.fileName else { return nil }
                return path.equals(name, "Rakefile") ? .ruby : nil
            }
            let ext = (dot + 1)..<bytes.count
            let packed = path.isASCII(ext)
                ? path.packedLowercased(ext)
                // Beyond ASCII, lower-cased by Unicode's rules (the Kelvin sign becomes `k`).
                : PathBytes.packed(String(decoding: UnsafeBufferPointer(rebasing: bytes[ext]), as: UTF8.self).lowercased().utf8)
            return packed.flatMap { SourceLanguage.byExtension[$0] }
        }
        guard let found else { return nil }
        self = found
    }

    /// Languages by lower-case file extension, packed (`PathBytes.packed`).
    private static let byExtension: [UInt64: SourceLanguage] = {
        let extensions: [(String, SourceLanguage)] = [
            ("js", .javascript), ("mjs", .javascript), ("cjs", .javascript), ("jsx", .javascript),
            ("ts", .typescript), ("mts", .typescript), ("cts", .typescript), ("tsx", .typescript),
            ("go", .go), ("java", .java), ("kt", .kotlin), ("kts", .kotlin), ("cs", .csharp), ("rs", .rust),
            ("swift", .swift), ("php", .php), ("py", .python), ("pyw", .python), ("ipynb", .python), ("rb", .ruby), ("rake", .ruby),
            ("ex", .elixir), ("exs", .elixir),
        ]
        var table: [UInt64: SourceLanguage] = [:]
        for (name, language) in extensions { if let packed = PathBytes.packed(name.utf8) { table[packed] = language } }
        return table
    }()

    /// Languages whose statements end in semicolons, so a declaration's header may span lines.
    public var requiresSemicolons: Bool { self == .java || self == .csharp || self == .php }

    /// JavaScript-like languages, where `/` can start a regular expression and backticks make templates.
    public var isJavaScriptLike: Bool { self == .javascript || self == .typescript }
}
