import GateCore

/// View templates: the markup a web app renders its rows through (`<%= user.legacy_role %>` in ERB, `{{
/// order.coupon_code }}` in Django, Jinja, Twig, Liquid, Handlebars and Vue, `{{ $user->legacy_role }}` in Blade). A
/// column they read is used as surely as one code reads: dropping it breaks the page (ERB, Blade, Vue) or blanks it
/// silently (Django and Jinja render a missing attribute as nothing).
///
/// A template is mostly words of the page, so only a row's member counts as a use there (`SchemaUsageMatcher`'s
/// template mode): a column's name in the page's text ("Amount", "coupon code") is none, however near the table's name.
enum ViewTemplates {
    /// Template languages by extension: ERB, Haml, Slim, Jinja, Twig, Liquid, EJS, Handlebars, Mustache, Nunjucks,
    /// Vue and Svelte components, Phoenix's EEx and HEEx, Razor, Pug.
    static let extensions: Set<String> = [
        "erb", "haml", "slim", "jinja", "jinja2", "j2", "twig", "liquid", "ejs", "hbs", "handlebars", "mustache", "njk",
        "vue", "svelte", "eex", "heex", "leex", "cshtml", "razor", "pug",
    ]

    /// The same extensions packed for a lookup from the path's bytes (all are at most 7 bytes).
    private static let packedExtensions = Set(extensions.compactMap { PathBytes.packed($0.utf8) })

    /// Whether `path` is a view template by its name. A plain `.html` is one in a `templates/` folder (Django's and
    /// Flask's convention) or `views/`, or as an Angular component's template (`*.component.html`); elsewhere it is
    /// a static page. A Blade view (`*.blade.php`) is one too, though it is read as PHP code anyway.
    static func isTemplate(_ path: String) -> Bool {
        // Asked of every path of the head tree when a change drops or renames something: answered from the bytes.
        let fromBytes: Bool? = PathBytes.with(path) { path in
            let whole = 0..<path.bytes.count
            guard path.isASCII(whole) else { return nil }
            guard let dot = path.lastIndex(of: UInt8(ascii: "."), in: whole) else { return false }
            let suffix = (dot + 1)..<whole.upperBound
            guard path.lastIndex(of: UInt8(ascii: "/"), in: suffix) == nil, let packed = path.packedLowercased(suffix) else {
                return false
            }
            if packedExtensions.contains(packed) { return true }
            if packed == packedPHP { return path.hasSuffix(whole, lowercased: ".blade.php") }
            guard packed == packedHTML || packed == packedHTM else { return false }
            return path.hasSuffix(whole, lowercased: ".component.html") || path.contains(lowercased: "templates/")
                || path.contains(lowercased: "views/")
        }
        return fromBytes ?? isTemplateByStrings(path)
    }

    private static let packedPHP = PathBytes.packed("php".utf8)
    private static let packedHTML = PathBytes.packed("html".utf8)
    private static let packedHTM = PathBytes.packed("htm".utf8)

    /// `isTemplate` by `String` operations, for a path beyond ASCII.
    private static func isTemplateByStrings(_ path: String) -> Bool {
        let lowered = path.lowercased()
        guard let dot = lowered.lastIndex(of: "."), !lowered[dot...].contains("/" as Character) else { return false }
        let suffix = String(lowered[lowered.index(after: dot)...])
        if extensions.contains(suffix) { return true }
        if suffix == "php" { return lowered.hasSuffix(".blade.php") }
        guard suffix == "html" || suffix == "htm" else { return false }
        return lowered.hasSuffix(".component.html") || lowered.contains("templates/") || lowered.contains("views/")
    }
}
