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
            if let packed { return SourceLanguage.byExtension[packed] }
            // Jbuilder's views (`show.json.jbuilder`) are Ruby run at every render; the one extension too long to pack.
            return ext.count == 8 && path.hasSuffix(ext, lowercased: "jbuilder") ? .ruby : nil
        }
        guard let found else { return nil }
        self = found
    }

    /// The language of a file at `path` whose bytes are `contents`: by its extension, or, for a file whose name has
    /// none (`bin/nightly-digest`, a cron job's script), by the interpreter its `#!` line names. Only such a file's
    /// first line is read.
    public init?(path: String, contents: [UInt8]) {
        if let byPath = SourceLanguage(path: path) {
            self = byPath
            return
        }
        guard contents.count > 2, contents[0] == UInt8(ascii: "#"), contents[1] == UInt8(ascii: "!"),
              Self.hasNoExtension(path), let interpreted = Self.interpreter(ofShebang: contents)
        else { return nil }
        self = interpreted
    }

    /// Whether the file name at the end of `path` has no extension (no dot, or only a leading one).
    public static func hasNoExtension(_ path: String) -> Bool {
        let name = path.utf8.split(separator: UInt8(ascii: "/")).last ?? path.utf8[...]
        return !name.dropFirst().contains(UInt8(ascii: "."))
    }

    /// The language of the interpreter a `#!` line names, directly (`#!/usr/bin/python3`), through `env`
    /// (`#!/usr/bin/env -S deno run`) or through a runner (`#!/usr/bin/env -S uv run --script`, `-S npx tsx`): Python,
    /// Node, Deno, Bun, ts-node, tsx, Ruby, PHP, Elixir and Swift. A shell is no language gate lexes.
    static func interpreter(ofShebang bytes: [UInt8]) -> SourceLanguage? {
        shebangProgram(bytes).flatMap { interpreters[$0] }
    }

    /// The program a `#!` line runs, lower-cased without its version (`python3.12` is `python`): the first word
    /// after `env`'s options and assignments; through a runner (`uv run`, `pipx run`, `npx`, `bundle exec`), the
    /// program it is told to run, or, when it names none of gate's (`uv run --script`, PEP 723), the language the
    /// runner runs (`python`). Nil for bytes with no `#!` line or an empty one. Only the first 256 bytes are read.
    public static func shebangProgram(_ bytes: [UInt8]) -> String? {
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "#"), bytes[1] == UInt8(ascii: "!") else { return nil }
        let end = bytes.prefix(256).firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? min(bytes.count, 256)
        let line = String(decoding: bytes[2..<end], as: UTF8.self)
        var words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return nil }
        var program = words.removeFirst().split(separator: "/").last.map(String.init) ?? ""
        if program == "env" {
            // `env -S deno run --allow-net`, `env PYTHONUNBUFFERED=1 python3`: the first word that is no option or
            // assignment.
            guard let named = words.firstIndex(where: { !$0.hasPrefix("-") && !$0.contains("=") }) else { return nil }
            program = words[named].split(separator: "/").last.map(String.init) ?? words[named]
            words.removeFirst(named + 1)
        }
        program = bareName(program)
        guard let runs = runners[program] else { return program }
        // The runner's own words (`run`, `exec`, `dlx`) and options are passed over; an option's value may be
        // taken for the program (`uv run --with httpx`), which then names none of gate's and the runner's own
        // language stands.
        let told = words.first { !$0.hasPrefix("-") && !$0.contains("=") && !runnerWords.contains($0) }
        if let told, interpreters[bareName(told)] != nil { return bareName(told) }
        return runs ?? told.map(bareName) ?? program
    }

    /// `python3.12`, `pypy3`, `node20`: a program's name without its version, lower-cased.
    private static func bareName(_ program: String) -> String {
        String(program.lowercased().prefix { !$0.isNumber && $0 != "." })
    }

    /// Programs that run another (`npx tsx`), with the interpreter they run when told no other (nil: none).
    private static let runners: [String: String?] = [
        "uv": "python", "uvx": "python", "pipx": "python", "poetry": "python", "pdm": "python", "hatch": "python",
        "rye": "python", "npx": nil, "pnpx": nil, "bunx": "bun", "pnpm": nil, "yarn": nil, "bundle": "ruby",
    ]
    private static let runnerWords: Set<String> = ["run", "exec", "dlx", "x", "tool"]

    private static let interpreters: [String: SourceLanguage] = [
        "python": .python, "pypy": .python, "node": .javascript, "nodejs": .javascript, "bun": .typescript,
        "deno": .typescript, "ts-node": .typescript, "tsx": .typescript, "ruby": .ruby, "php": .php,
        "elixir": .elixir, "swift": .swift,
    ]

    /// Languages by lower-case file extension, packed (`PathBytes.packed`).
    private static let byExtension: [UInt64: SourceLanguage] = {
        let extensions: [(String, SourceLanguage)] = [
            ("js", .javascript), ("mjs", .javascript), ("cjs", .javascript), ("jsx", .javascript),
            ("ts", .typescript), ("mts", .typescript), ("cts", .typescript), ("tsx", .typescript),
            ("go", .go), ("java", .java), ("kt", .kotlin), ("kts", .kotlin), ("cs", .csharp), ("rs", .rust),
            ("swift", .swift), ("php", .php), ("phtml", .php), ("py", .python), ("pyw", .python), ("ipynb", .python), ("rb", .ruby), ("rake", .ruby),
            ("rabl", .ruby), ("astro", .typescript),
            // Views whose code runs on every render: ERB's tags (`ERBTemplate`), Razor's blocks (`RazorTemplate`);
            // a `.phtml` view is PHP with markup around it, as a `.php` file may be.
            ("erb", .ruby), ("cshtml", .csharp), ("razor", .csharp),
            // Rack's `config.ru` is Ruby (the app a Rack server runs).
            ("ru", .ruby),
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
