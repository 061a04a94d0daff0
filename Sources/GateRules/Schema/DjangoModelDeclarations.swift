import GateCode

/// The models a Django `models.py` (or a module of a `models/` package) declares at its top level, with the fields
/// their class bodies assign: what `makemigrations` turns into migration operations.
enum DjangoModelDeclarations {
    struct Model: Equatable {
        var name: String
        var line: Int
        /// Whether a base is spelled `Model` (`models.Model`, `Model`): a class the models module declares for
        /// another purpose (a form, a mixin, an enum) has none.
        var extendsModel: Bool
        /// `class Meta: abstract = True`, `proxy = True` or `managed = False`: Django makes no table for it, or
        /// leaves its table alone.
        var hasNoTableOfItsOwn: Bool
        var fields: [(name: String, line: Int)]

        static func == (lhs: Model, rhs: Model) -> Bool {
            lhs.name == rhs.name && lhs.line == rhs.line && lhs.extendsModel == rhs.extendsModel
                && lhs.hasNoTableOfItsOwn == rhs.hasNoTableOfItsOwn && lhs.fields.map(\.name) == rhs.fields.map(\.name)
                && lhs.fields.map(\.line) == rhs.fields.map(\.line)
        }
    }

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

    static func read(_ bytes: [UInt8]) -> [Model] {
        var models: [Model] = []
        var current: Model?
        var bodyIndent: Int?
        var metaIndent: Int?
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let indent = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let text = line.dropFirst(indent)
            guard let first = text.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "\r") else { continue }
            if indent == 0 {
                if let model = current { models.append(model) }
                current = nil
                bodyIndent = nil
                metaIndent = nil
                if let (name, bases) = classHeader(text) {
                    current = Model(
                        name: name, line: index + 1, extendsModel: bases.contains { $0 == "Model" },
                        hasNoTableOfItsOwn: false, fields: [])
                }
                continue
            }
            guard var model = current else { continue }
            if let meta = metaIndent, indent > meta {
                let setting = String(decoding: text.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }, as: UTF8.self)
                if setting.hasPrefix("abstract=True") || setting.hasPrefix("proxy=True") || setting.hasPrefix("managed=False") {
                    model.hasNoTableOfItsOwn = true
                    current = model
                }
                continue
            }
            metaIndent = nil
            if bodyIndent == nil { bodyIndent = indent }
            guard indent == bodyIndent else { continue }
            if let (name, _) = classHeader(text) {
                if name == "Meta" { metaIndent = indent }
                continue
            }
            if let field = fieldName(text) {
                model.fields.append((field, index + 1))
                current = model
            }
        }
        if let model = current { models.append(model) }
        return models
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
                let trimmed = base.trimmingSpaces
                return trimmed.split(separator: ".").last ?? trimmed
            }
        }
        return (String(name), bases)
    }

    /// `name = models.XField(` (any `…Field`, `ForeignKey`) → the field's name. Managers, generic relations and
    /// plain attributes make no column and no migration.
    private static func fieldName(_ text: ArraySlice<UInt8>) -> String? {
        let name = text.prefix { Byte.isIdentifierPart($0) }
        guard !name.isEmpty else { return nil }
        var rest = text.dropFirst(name.count).drop { $0 == UInt8(ascii: " ") }
        // `summary: str = …` is a class attribute with a type, not a field declaration Django reads.
        guard rest.first == UInt8(ascii: "="), rest.dropFirst().first != UInt8(ascii: "=") else { return nil }
        rest = rest.dropFirst().drop { $0 == UInt8(ascii: " ") }
        let callee = rest.prefix { Byte.isIdentifierPart($0) || $0 == UInt8(ascii: ".") }
        guard rest.dropFirst(callee.count).first == UInt8(ascii: "(") else { return nil }
        let last = String(decoding: callee.split(separator: UInt8(ascii: ".")).last ?? callee, as: UTF8.self)
        guard last.hasSuffix("Field") || last == "ForeignKey" else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? start
        return start < end ? self[start..<end] : self[start..<start]
    }
}
