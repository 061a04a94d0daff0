import GateCode

/// The classes a Python module declares at its top level, with what their bodies assign: the shape Django models
/// and SQLAlchemy's declarative classes share (`summary = models.TextField()`, `summary = Column(Text)`,
/// `summary: Mapped[str] = mapped_column(Text)`, `__tablename__ = "tickets"`), read line by line.
struct PythonModelClass {
    struct Assignment {
        var name: String
        var line: Int
        /// The last dotted component of the called function (`TextField`, `mapped_column`); nil when the value is
        /// no call.
        var callee: String?
        /// The value when it is a string literal, or the call's first argument when that is one (`"tickets"`,
        /// `Column("summary_text", Text)`).
        var literal: String?
        /// The value as written, without spaces (`True`).
        var value: String
    }

    var name: String
    var line: Int
    /// The last dotted component of each base (`Model` for `models.Model`).
    var bases: [Substring]
    /// The nested `class Meta:` body's assignments, without spaces (`abstract=True`).
    var metaSettings: [String]
    var assignments: [Assignment]

    func assignment(_ name: String) -> Assignment? { assignments.first { $0.name == name } }

    static func read(_ bytes: [UInt8]) -> [PythonModelClass] {
        var classes: [PythonModelClass] = []
        var current: PythonModelClass?
        var bodyIndent: Int?
        var metaIndent: Int?
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let indent = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let text = line.dropFirst(indent)
            guard let first = text.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "\r") else { continue }
            if indent == 0 {
                if let finished = current { classes.append(finished) }
                (current, bodyIndent, metaIndent) = (nil, nil, nil)
                if let (name, bases) = classHeader(text) {
                    current = PythonModelClass(name: name, line: index + 1, bases: bases, metaSettings: [], assignments: [])
                }
                continue
            }
            guard current != nil else { continue }
            if let meta = metaIndent, indent > meta {
                current?.metaSettings.append(withoutSpaces(text))
                continue
            }
            metaIndent = nil
            if bodyIndent == nil { bodyIndent = indent }
            guard indent == bodyIndent else { continue }
            if let (name, _) = classHeader(text) {
                if name == "Meta" { metaIndent = indent }
                continue
            }
            if let assignment = assignment(text, line: index + 1) { current?.assignments.append(assignment) }
        }
        if let finished = current { classes.append(finished) }
        return classes
    }

    /// `class Name(bases):` → the name and the last dotted component of each base.
    private static func classHeader(_ text: ArraySlice<UInt8>) -> (String, [Substring])? {
        let line = String(decoding: text, as: UTF8.self)
        guard line.hasPrefix("class ") else { return nil }
        let rest = line.dropFirst(6)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty else { return nil }
        var bases: [Substring] = []
        if let open = rest.firstIndex(of: "("), let close = rest.lastIndex(of: ")"), open < close {
            bases = rest[rest.index(after: open)..<close].split(separator: ",").map { base in
                let trimmed = Substring(withoutSpaces(Array(base.utf8)[...]))
                return trimmed.split(separator: ".").last ?? trimmed
            }
        }
        return (String(name), bases)
    }

    /// `name = value` or `name: Type = value` (a comparison or a bare annotation is none).
    private static func assignment(_ text: ArraySlice<UInt8>, line: Int) -> Assignment? {
        let name = text.prefix { Byte.isIdentifierPart($0) }
        guard !name.isEmpty else { return nil }
        var rest = text.dropFirst(name.count).drop { $0 == UInt8(ascii: " ") }
        if rest.first == UInt8(ascii: ":") {
            // `summary: Mapped[str] = …`: the annotation runs to the `=` outside brackets.
            var depth = 0
            rest = rest.dropFirst().drop { byte in
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") { depth -= 1 }
                return depth > 0 || byte != UInt8(ascii: "=")
            }
        }
        guard rest.first == UInt8(ascii: "="), rest.dropFirst().first != UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") }
        let callee = rest.prefix { Byte.isIdentifierPart($0) || $0 == UInt8(ascii: ".") }
        let afterCallee = rest.dropFirst(callee.count)
        let isCall = !callee.isEmpty && afterCallee.first == UInt8(ascii: "(")
        let literalStart = isCall ? afterCallee.dropFirst().drop { $0 == UInt8(ascii: " ") } : rest
        return Assignment(
            name: String(decoding: name, as: UTF8.self), line: line,
            callee: isCall ? String(decoding: callee.split(separator: UInt8(ascii: ".")).last ?? callee, as: UTF8.self) : nil,
            literal: stringLiteral(literalStart), value: withoutSpaces(rest))
    }

    /// The string a quoted literal at the start of `text` holds.
    private static func stringLiteral(_ text: ArraySlice<UInt8>) -> String? {
        guard let quote = text.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        let body = text.dropFirst()
        guard let end = body.firstIndex(of: quote) else { return nil }
        return String(decoding: body[..<end], as: UTF8.self)
    }

    private static func withoutSpaces(_ text: ArraySlice<UInt8>) -> String {
        String(decoding: text.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\r") }, as: UTF8.self)
    }
}

/// Django's reading of the classes of a models module: what `makemigrations` turns into operations.
enum DjangoModels {
    /// Whether `path` is a Django models module: `models.py`, or a module of a `models` package.
    static func isModelsModule(_ path: String) -> Bool {
        path.hasSuffix(".py") && (path == "models.py" || path.hasSuffix("/models.py") || path.contains("/models/")
            || path.hasPrefix("models/"))
    }

    /// The app folder a models module belongs to, whose `migrations` folder holds its history.
    static func appFolder(of path: String) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        if let models = parts.lastIndex(of: "models") { parts = parts[..<models] }
        return parts.joined(separator: "/")
    }

    /// `class Meta: abstract = True`, `proxy = True` or `managed = False`: Django makes no table for the model, or
    /// leaves its table alone.
    static func hasNoTableOfItsOwn(_ model: PythonModelClass) -> Bool {
        model.metaSettings.contains { $0.hasPrefix("abstract=True") || $0.hasPrefix("proxy=True") || $0.hasPrefix("managed=False") }
    }

    /// Whether a base is spelled `Model` (`models.Model`): a class the module declares for another purpose (a
    /// form, a mixin, a choices enum) has none.
    static func extendsModel(_ model: PythonModelClass) -> Bool { model.bases.contains("Model") }

    /// The assignments that declare fields (any `…Field`, `ForeignKey`): managers, generic relations and plain
    /// attributes make no column and no migration.
    static func fields(of model: PythonModelClass) -> [PythonModelClass.Assignment] {
        model.assignments.filter { assignment in
            guard let callee = assignment.callee else { return false }
            return callee.hasSuffix("Field") || callee == "ForeignKey"
        }
    }
}
