import GateCode
import GateSQL

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
        /// The value as written, without spaces (`True`); empty for a bare annotation (`title: Mapped[str]`).
        var value: String
        /// The annotation, without spaces (`Mapped[str|None]`); nil when there is none.
        var annotation: String?
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
        // The quote of the triple-quoted string earlier lines opened: a docstring's lines (`pinned: whether it is
        // pinned`, `class Note(Base):` in an example) declare nothing.
        var openString: UInt8?
        for (index, line) in lines.enumerated() {
            let inString = openString != nil
            openString = tripleQuoteState(after: line, open: openString)
            if inString { continue }
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
            if var assignment = assignment(text, line: index + 1) {
                // `Column(` closing its line: the column's name may open the next (`"summary_text",`).
                if assignment.literal == nil, assignment.callee != nil, assignment.value.hasSuffix("("), index + 1 < lines.count {
                    let next = lines[index + 1]
                    assignment.literal = stringLiteral(next.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
                }
                current?.assignments.append(assignment)
            }
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

    /// `name = value`, `name: Type = value` or a bare annotation `name: Type` (a comparison, or a keyword's
    /// colon as in `else: …`, is none).
    private static func assignment(_ text: ArraySlice<UInt8>, line: Int) -> Assignment? {
        let name = text.prefix { Byte.isIdentifierPart($0) }
        guard !name.isEmpty else { return nil }
        var rest = text.dropFirst(name.count).drop { $0 == UInt8(ascii: " ") }
        var annotation: String?
        if rest.first == UInt8(ascii: ":") {
            // `summary: Mapped[str] = …`: the annotation runs to the `=` outside brackets.
            var depth = 0
            let annotated = rest.dropFirst()
            rest = annotated.drop { byte in
                if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") { depth -= 1 }
                return depth > 0 || byte != UInt8(ascii: "=")
            }
            let type = withoutSpaces(annotated[..<rest.startIndex])
            let written = type.prefix { $0 != "#" }
            guard !written.isEmpty, !keywords.contains(String(decoding: name, as: UTF8.self)) else { return nil }
            annotation = String(written)
            if rest.isEmpty {
                return Assignment(
                    name: String(decoding: name, as: UTF8.self), line: line, callee: nil, literal: nil, value: "",
                    annotation: annotation)
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
            literal: stringLiteral(literalStart), value: withoutSpaces(rest), annotation: annotation)
    }

    /// Statements a colon follows (`else: return`), which are no annotations.
    private static let keywords: Set<String> = [
        "if", "elif", "else", "try", "except", "finally", "for", "while", "with", "match", "case", "return", "lambda",
        "async", "def", "class", "pass", "raise",
    ]

    /// Whether a triple-quoted string is open after `line`, given the one open before it (its quote byte).
    private static func tripleQuoteState(after line: ArraySlice<UInt8>, open: UInt8?) -> UInt8? {
        var open = open
        var index = line.startIndex
        while index + 2 < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "#"), open == nil { break }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"), line[index + 1] == byte, line[index + 2] == byte {
                if open == nil { open = byte } else if open == byte { open = nil }
                index += 3
                continue
            }
            index += 1
        }
        return open
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

/// SQLAlchemy's reading of a module's declarative classes (plain SQLAlchemy 1.4 and 2.0, Flask-SQLAlchemy's
/// `db.Model`, SQLModel's `table=True`): the tables they map and the columns they declare, what Alembic's
/// `--autogenerate` turns into `op.create_table` and `op.add_column`.
enum SQLAlchemyModels {
    struct Model {
        /// The names the table may have: `__tablename__`, or those Flask-SQLAlchemy and SQLModel derive from the
        /// class name (`ApiKey` → `api_key`, `apikey`).
        var tables: [String]
        /// Where the class declares its own table (its `__tablename__`, else its `class` line); nil for a subclass
        /// mapped onto its parent's table (single-table inheritance), or a class whose table another module names.
        var tableLine: Int?
        var columns: [(name: String, line: Int)]
    }

    /// Whether `bytes` may declare a mapped class, decided before reading it: most Python files do not.
    static func mayDeclare(_ bytes: [UInt8]) -> Bool {
        markers.contains { bytes.containsSequence($0) }
    }

    private static let markers = ["__tablename__", "olumn(", "table=True"].map { Array($0.utf8) }

    /// The mapped classes of the module. A class maps a table when it names one (`__tablename__`), is SQLModel's
    /// `table=True` or Flask-SQLAlchemy's `db.Model` with a column, or extends a mapped class of the module (its
    /// parent's table). An `__abstract__` base, a mixin or SQLModel's plain base maps none, but lends its columns to
    /// the mapped classes of the module that extend it; any other class (a Pydantic schema, a django-tables2
    /// table's `Column`) is not read.
    static func read(_ bytes: [UInt8]) -> [Model] {
        let classes = PythonModelClass.read(bytes)
        let byName = Dictionary(classes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var mapped: [String: Model] = [:]
        var models: [Model] = []
        for model in classes where model.assignment("__abstract__")?.value != "True" {
            let isSQLModelTable = model.bases.contains("table=True")
            func columns(of model: PythonModelClass, visited: inout Set<String>) -> [(name: String, line: Int)] {
                var found = model.assignments.compactMap { assignment in
                    isColumn(assignment, sqlModel: isSQLModelTable) ? (name: columnName(assignment), line: assignment.line) : nil
                }
                for base in model.bases.map(String.init) where mapped[base] == nil && visited.insert(base).inserted {
                    if let lent = byName[base] { found += columns(of: lent, visited: &visited) }
                }
                return found
            }
            var visited: Set<String> = [model.name]
            let columns = columns(of: model, visited: &visited)
            let parent = model.bases.lazy.compactMap { mapped[String($0)] }.first
            var declared: Model
            if let tableName = model.assignment("__tablename__"), let table = tableName.literal {
                declared = Model(tables: [table], tableLine: tableName.line, columns: columns)
            } else if let parent {
                declared = Model(tables: parent.tables, tableLine: nil, columns: columns)
            } else if isSQLModelTable {
                declared = Model(tables: [model.name.lowercased()], tableLine: model.line, columns: columns)
            } else if extendsFlaskModel(model, classes: byName), !columns.isEmpty {
                declared = Model(tables: [snakeCase(model.name), model.name.lowercased()], tableLine: model.line, columns: columns)
            } else if !model.bases.isEmpty, model.assignments.contains(where: { $0.callee == "Column" || $0.callee == "mapped_column" }) {
                // A base of another module may name the table (`@declared_attr def __tablename__`, often the class
                // name in lower case): the columns are judged when a revision names such a table, but the class is
                // never taken for a new table (it may be a mixin), nor for a parent of the module's classes.
                models.append(Model(tables: [model.name.lowercased(), snakeCase(model.name)], tableLine: nil, columns: columns))
                continue
            } else {
                continue
            }
            mapped[model.name] = declared
            models.append(declared)
        }
        return models
    }

    /// Whether the class extends `db.Model`, itself or through a base of the module (an `__abstract__` one).
    private static func extendsFlaskModel(_ model: PythonModelClass, classes: [String: PythonModelClass]) -> Bool {
        var visited: Set<String> = [model.name]
        var pending = [model]
        while let next = pending.popLast() {
            if next.bases.contains("Model") { return true }
            for base in next.bases.map(String.init) where visited.insert(base).inserted {
                if let known = classes[base] { pending.append(known) }
            }
        }
        return false
    }

    /// A column declaration: `Column(…)` / `db.Column(…)`, `mapped_column(…)`, a bare `Mapped[int]` annotation
    /// (2.0 maps it to a column of its own), and in an SQLModel table any annotated field but a `Relationship` or a
    /// `ClassVar`. A `relationship(…)`, `column_property(…)` or a `Mapped["Parent"]` naming a class is no column.
    private static func isColumn(_ assignment: PythonModelClass.Assignment, sqlModel: Bool) -> Bool {
        if assignment.callee == "Column" || assignment.callee == "mapped_column" { return true }
        guard let annotation = assignment.annotation, !assignment.name.hasPrefix("_") else { return false }
        if sqlModel {
            return assignment.callee != "Relationship" && !annotation.hasPrefix("ClassVar[")
                && !annotation.hasPrefix("typing.ClassVar[")
        }
        return assignment.value.isEmpty && annotation.hasPrefix("Mapped[")
            && !annotation.contains("\"") && !annotation.contains("'")
    }

    /// The column's name in the database: the string a `Column("summary_text", …)` opens with or its `name="…"`,
    /// else the attribute's name.
    private static func columnName(_ assignment: PythonModelClass.Assignment) -> String {
        if let literal = assignment.literal { return literal }
        return keywordLiteral("name", in: assignment.value) ?? assignment.name
    }

    /// The string a call's top-level keyword argument holds (`name="summary_text"` in
    /// `Column(Text,name="summary_text")`, written without spaces), not a nested call's (`ForeignKey(…,name=…)`).
    private static func keywordLiteral(_ keyword: String, in value: String) -> String? {
        let bytes = Array(value.utf8)
        let needle = Array((keyword + "=").utf8)
        var depth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth -= 1 }
            if depth == 1, byte == UInt8(ascii: "(") || byte == UInt8(ascii: ","),
               bytes[(index + 1)...].starts(with: needle) {
                let start = index + 1 + needle.count
                guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") || bytes[start] == UInt8(ascii: "'"),
                      let end = bytes[(start + 1)...].firstIndex(of: bytes[start])
                else { return nil }
                return String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    /// Flask-SQLAlchemy's table name for a class: `ApiKey` → `api_key`, `HTTPRequest` → `http_request`.
    private static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var result = ""
        for (index, character) in characters.enumerated() {
            if index > 0, character.isUppercase {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber || (next?.isLowercase == true && previous != "_") { result.append("_") }
            }
            result.append(contentsOf: character.lowercased())
        }
        return result
    }
}
