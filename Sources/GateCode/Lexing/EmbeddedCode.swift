import GateCore

/// The code gate reads out of a file whose code sits inside another format: a Jupyter notebook's code cells
/// (Python), an Astro component's frontmatter (TypeScript), an ERB view's tags (Ruby), a Razor view's blocks and
/// expressions (C#), each line on the file's own line. Every other file's bytes are its code as they are. Asked
/// before lexing and before byte-level reading (a file's imports). Each format is told by its first bytes, which no
/// plain file of the language opens with, so a plain file costs one look at its first bytes.
public enum EmbeddedCode {
    public static func code(of bytes: [UInt8], language: SourceLanguage) -> [UInt8] {
        switch language {
        case .python:
            return JupyterNotebook.code(of: bytes, language: language)
        case .typescript:
            // Only bytes opening with `-` are looked at further: no TypeScript file does.
            guard bytes.first == Byte.minus || bytes.first.map({ Byte.isInlineSpace($0) || $0 == Byte.newline }) == true
            else { return bytes }
            return AstroComponent.frontmatter(of: bytes) ?? bytes
        case .ruby:
            return ERBTemplate.code(of: bytes) ?? bytes
        case .csharp:
            return RazorTemplate.code(of: bytes) ?? bytes
        default:
            return bytes
        }
    }
}
