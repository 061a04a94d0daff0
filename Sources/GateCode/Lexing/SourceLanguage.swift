/// A programming language gate lexes, chosen by file extension.
public enum SourceLanguage: String, Sendable, CaseIterable {
    case javascript, typescript, go, java, kotlin, csharp, rust, swift, php, python, ruby

    /// How the lexer treats a language: brace-delimited, indentation-delimited or `do`/`end`-delimited.
    public enum Family: Sendable {
        case cLike, python, ruby
    }

    public var family: Family {
        switch self {
        case .python: .python
        case .ruby: .ruby
        default: .cLike
        }
    }

    /// The language of a repository path, or nil for files that are not code gate understands.
    public init?(path: String) {
        let bytes = Array(path.utf8)
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")),
              !bytes[dot...].contains(UInt8(ascii: "/"))
        else {
            let name = bytes.split(separator: UInt8(ascii: "/")).last.map { String(decoding: $0, as: UTF8.self) }
            if name == "Rakefile" { self = .ruby; return }
            return nil
        }
        switch String(decoding: bytes[(dot + 1)...], as: UTF8.self).lowercased() {
        case "js", "mjs", "cjs", "jsx": self = .javascript
        case "ts", "mts", "cts", "tsx": self = .typescript
        case "go": self = .go
        case "java": self = .java
        case "kt", "kts": self = .kotlin
        case "cs": self = .csharp
        case "rs": self = .rust
        case "swift": self = .swift
        case "php": self = .php
        case "py", "pyw": self = .python
        case "rb", "rake": self = .ruby
        default: return nil
        }
    }

    /// Languages whose statements end in semicolons, so a declaration's header may span lines.
    public var requiresSemicolons: Bool { self == .java || self == .csharp || self == .php }

    /// JavaScript-like languages, where `/` can start a regular expression and backticks make templates.
    public var isJavaScriptLike: Bool { self == .javascript || self == .typescript }
}
