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
        // The lines of a class header split over lines (`class Invoice(\n    TimestampMixin,\n    Base,\n):`)
        // after its first, which belong to the header.
        var headerEnd = -1
        // A `@declared_attr` read in the body, then the method it decorates (its name and line): the method's
        // `return Column(…)` declares a column of that name, as an assignment would.
        var declaredAttr = false
        var declaredMethod: (name: String, line: Int)?
        for (index, line) in lines.enumerated() {
            let inString = openString != nil
            openString = tripleQuoteState(after: line, open: openString)
            if inString || index <= headerEnd { continue }
            let indent = line.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }.count
            let text = line.dropFirst(indent)
            guard let first = text.first, first != UInt8(ascii: "#"), first != UInt8(ascii: "\r") else { continue }
            if indent == 0 {
                if let finished = current { classes.append(finished) }
                (current, bodyIndent, metaIndent, declaredAttr, declaredMethod) = (nil, nil, nil, false, nil)
                let header = splitHeader(lines, from: index)
                if let (name, bases) = classHeader(header.text) {
                    headerEnd = header.lastLine
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
            if let method = declaredMethod, let body = bodyIndent, indent > body {
                guard text.starts(with: returnKeyword) else { continue }
                declaredMethod = nil
                let value = text.dropFirst(returnKeyword.count).drop { $0 == UInt8(ascii: " ") }
                if let returned = assignment(Array((method.name + " = ").utf8)[...] + value, line: method.line) {
                    current?.assignments.append(continued(returned, lines: lines, after: index))
                }
                continue
            }
            guard indent == bodyIndent else { continue }
            declaredMethod = nil
            if first == UInt8(ascii: "@") {
                declaredAttr = declaredAttr || declaresColumn(decorator: text)
                continue
            }
            if let name = methodName(text) {
                if declaredAttr { declaredMethod = (name, index + 1) }
                declaredAttr = false
                continue
            }
            declaredAttr = false
            if let (name, _) = classHeader(text) {
                if name == "Meta" { metaIndent = indent }
                continue
            }
            if let assignment = assignment(text, line: index + 1) {
                current?.assignments.append(continued(assignment, lines: lines, after: index))
            }
        }
        if let finished = current { classes.append(finished) }
        return classes
    }

    /// `Column(` closing its line: the column's name may open the next (`"summary_text",`).
    private static func continued(_ assignment: Assignment, lines: [ArraySlice<UInt8>], after index: Int) -> Assignment {
        guard assignment.literal == nil, assignment.callee != nil, assignment.value.hasSuffix("("), index + 1 < lines.count
        else { return assignment }
        var assignment = assignment
        assignment.literal = stringLiteral(lines[index + 1].drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") })
        return assignment
    }

    /// The class header opening at line `index`, with the lines its open parenthesis runs over joined to it, and
    /// the index of its last line (at most twenty: a header longer than that is no header).
    private static func splitHeader(_ lines: [ArraySlice<UInt8>], from index: Int) -> (text: ArraySlice<UInt8>, lastLine: Int) {
        let first = lines[index]
        guard first.starts(with: classKeyword) else { return (first, index) }
        var text = Array(first)
        var depth = 0
        var last = index
        while true {
            for byte in lines[last] {
                if byte == UInt8(ascii: "#") { break }
                if byte == UInt8(ascii: "(") { depth += 1 } else if byte == UInt8(ascii: ")") { depth -= 1 }
            }
            guard depth > 0, last + 1 < lines.count, last - index < 20 else { break }
            last += 1
            text += lines[last].prefix { $0 != UInt8(ascii: "#") }
        }
        return (text[...], last)
    }

    /// `@declared_attr`, `@orm.declared_attr` or `@declared_attr.cascading`: the method declares a mapped attribute
    /// for each class. `@declared_attr.directive` declares `__tablename__` or `__table_args__`, no column.
    private static func declaresColumn(decorator text: ArraySlice<UInt8>) -> Bool {
        let written = withoutSpaces(text.dropFirst())
        let parts = written.prefix { $0 != "(" && $0 != "#" }.split(separator: ".")
        return parts.contains("declared_attr") && !parts.contains("directive")
    }

    /// `def name(` or `async def name(` → the name.
    private static func methodName(_ text: ArraySlice<UInt8>) -> String? {
        var rest = text
        if rest.starts(with: asyncKeyword) { rest = rest.dropFirst(asyncKeyword.count).drop { $0 == UInt8(ascii: " ") } }
        guard rest.starts(with: defKeyword) else { return nil }
        let name = rest.dropFirst(defKeyword.count).drop { $0 == UInt8(ascii: " ") }.prefix { Byte.isIdentifierPart($0) }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    private static let classKeyword = Array("class ".utf8), defKeyword = Array("def ".utf8)
    private static let asyncKeyword = Array("async ".utf8), returnKeyword = Array("return ".utf8)

    /// `class Name(bases):` → the name and the last dotted component of each base.
    private static func classHeader(_ text: ArraySlice<UInt8>) -> (String, [Substring])? {
        let line = String(decoding: text, as: UTF8.self)
        guard line.hasPrefix("class ") else { return nil }
        let rest = line.dropFirst(6)
        let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty else { return nil }
        var bases: [Substring] = []
        if let open = rest.firstIndex(of: "("), let close = rest.lastIndex(of: ")"), open < close {
            // A split header's trailing comma (`Base,\n):`) leaves an empty base, which is none.
            bases = rest[rest.index(after: open)..<close].split(separator: ",").compactMap { base in
                let trimmed = Substring(withoutSpaces(Array(base.utf8)[...]))
                return trimmed.isEmpty ? nil : trimmed.split(separator: ".").last ?? trimmed
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
        /// The class's bases as written (their last dotted component); none for a Core table.
        var bases: [String] = []
    }

    /// A class of the module that maps no table itself but lends its columns to the mapped classes extending it (a
    /// mixin, an `__abstract__` base), with the columns it declares itself, when no class of the module extends it
    /// (those are read with the module).
    struct Lender {
        var name: String
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
            declared.bases = model.bases.map(String.init)
            mapped[model.name] = declared
            models.append(declared)
        }
        return models + coreTables(bytes)
    }

    /// The module's classes that map no table of their own (no `__tablename__`, no `table=True`, no mapped or
    /// Flask-SQLAlchemy base) and that no class of the module extends, with the columns they declare.
    static func lenders(_ bytes: [UInt8]) -> [Lender] {
        let classes = PythonModelClass.read(bytes)
        let byName = Dictionary(classes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let extended = Set(classes.flatMap { $0.bases.map(String.init) })
        return classes.compactMap { model in
            guard !extended.contains(model.name), model.assignment("__tablename__") == nil,
                  !model.bases.contains("table=True"), !extendsFlaskModel(model, classes: byName),
                  !model.bases.contains(where: { byName[String($0)] != nil })
            else { return nil }
            let columns = model.assignments.compactMap { assignment in
                isColumn(assignment, sqlModel: false) ? (name: columnName(assignment), line: assignment.line) : nil
            }
            return columns.isEmpty ? nil : Lender(name: model.name, columns: columns)
        }
    }

    /// SQLAlchemy Core's tables: `sa.Table("invoice_events", metadata, sa.Column("kind", …), …)` (Flask-SQLAlchemy's
    /// `db.Table("post_tags", db.Column(…))` needs no metadata), each column at the line of its `Column(`. A table
    /// reflected from the database (`autoload_with=engine`) declares nothing, and another library's `Table("Name",
    /// "Age")` (rich's) has no metadata or column after its name.
    static func coreTables(_ bytes: [UInt8]) -> [Model] {
        guard bytes.containsSequence(tableCall) else { return [] }
        let lexed = Lexer.lex(bytes, language: .python)
        let tokens = lexed.tokens
        var models: [Model] = []
        for index in tokens.indices.dropLast() where lexed.token(index, is: "Table")
            && lexed.token(index + 1, isPunctuation: Byte.openParen)
            && !lexed.token(index - 1, is: "def") && !lexed.token(index - 1, is: "class") {
            let open = index + 1
            guard lexed.partner[open] > open else { continue }
            let items = lexed.callArgumentItems(open...lexed.partner[open])
            guard items.count >= 2, items[0].count == 1, tokens[items[0].lowerBound].kind == .string,
                  tokens[items[1].lowerBound].kind == .identifier, !isKeyword(items[1], in: lexed),
                  !items.contains(where: { isKeyword($0, in: lexed, named: ["autoload_with", "autoload"]) })
            else { continue }
            var columns: [(name: String, line: Int)] = []
            for item in items.dropFirst() {
                guard let column = item.prefix(4).first(where: { lexed.token($0, is: "Column") }),
                      lexed.token(column + 1, isPunctuation: Byte.openParen), lexed.partner[column + 1] > column + 1
                else { continue }
                let arguments = lexed.callArgumentItems((column + 1)...lexed.partner[column + 1])
                guard let name = arguments.first, name.count == 1, tokens[name.lowerBound].kind == .string else { continue }
                columns.append((lexed.text(name.lowerBound), tokens[item.lowerBound].line))
            }
            guard !columns.isEmpty else { continue }
            models.append(Model(
                tables: [lexed.text(items[0].lowerBound)], tableLine: tokens[items[0].lowerBound].line, columns: columns))
        }
        return models
    }

    private static let tableCall = Array("Table(".utf8)

    /// Whether a call's argument is a keyword argument (`name=…`), one of `names` when given.
    private static func isKeyword(_ item: ClosedRange<Int>, in lexed: LexedSource, named names: Set<String>? = nil) -> Bool {
        guard item.count >= 2, lexed.tokens[item.lowerBound].kind == .identifier,
              lexed.token(item.lowerBound + 1, isPunctuation: Byte.equals),
              !lexed.token(item.lowerBound + 2, isPunctuation: Byte.equals)
        else { return false }
        return names.map { $0.contains(lexed.text(item.lowerBound)) } ?? true
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
        return keywordLiteral("name", in: assignment.value) ?? sqlModelColumnName(assignment.value) ?? assignment.name
    }

    /// SQLModel's `Field(sa_column=Column("external_ref", String(64)))` (written without spaces): the column's name.
    private static func sqlModelColumnName(_ value: String) -> String? {
        guard let keyword = value.range(of: "sa_column="), let open = value[keyword.upperBound...].firstIndex(of: "("),
              value[keyword.upperBound..<open].hasSuffix("Column")
        else { return nil }
        let argument = value[value.index(after: open)...]
        guard let quote = argument.first, quote == "\"" || quote == "'",
              let end = argument.dropFirst().firstIndex(of: quote)
        else { return nil }
        return String(argument[argument.index(after: argument.startIndex)..<end])
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
