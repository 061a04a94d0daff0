import GateCode
import GateCore
import GateSQL

/// The columns an active-record model's writes name, in Rails and Laravel: `Ticket.find(id).update!(summary: text)`,
/// `ticket.update(summary: text)`, `@ticket.update_column(:summary, text)`, `Ticket.where(…).update_all(summary: nil)`,
/// `Ticket.create!(body: b, summary: s)`; `$ticket->update(['summary' => $s])`, `Ticket::create([...])`,
/// `$this->ticket->forceFill([...])`; or a bare `update!(summary: …)` inside the model's own file. Such a model
/// declares no columns: they are the table's, so a write naming one no migration creates fails at run time. The
/// model is known from a constant, from a variable or property named after it (`ticket`, `@ticket`, `$ticket`,
/// `tickets` for the class `Ticket` of `app/models/ticket.rb` or `app/Models/Ticket.php`), or from the model file
/// the call is in.
enum ModelWrites {
    enum Dialect {
        case rails, eloquent

        init?(_ language: SourceLanguage) {
            switch language {
            case .ruby: self = .rails
            case .php: self = .eloquent
            default: return nil
            }
        }

        var language: SourceLanguage { self == .rails ? .ruby : .php }

        /// Writes whose arguments are a hash (an array) of columns, and those whose first argument names one column.
        var hashWrites: Set<String> {
            switch self {
            case .rails: [
                "update", "update!", "update_columns", "update_all", "create", "create!", "new", "insert_all",
                "insert_all!", "upsert_all", "find_or_create_by", "find_or_create_by!", "create_or_find_by",
                "create_or_find_by!", "assign_attributes",
            ]
            case .eloquent: [
                "update", "create", "forceCreate", "firstOrCreate", "updateOrCreate", "insert", "upsert", "fill",
                "forceFill", "make", "updateQuietly", "createQuietly",
            ]
            }
        }

        var columnWrites: Set<String> {
            switch self {
            case .rails: ["update_column", "update_attribute", "increment!", "decrement!"]
            case .eloquent: ["increment", "decrement", "incrementQuietly", "decrementQuietly"]
            }
        }

        /// `app/models/ticket.rb`, `app/Models/Ticket.php` (Laravel 8 on; earlier, `app/Ticket.php` is not read).
        func isModelFile(_ path: String) -> Bool {
            switch self {
            case .rails: (path.hasPrefix("app/models/") || path.contains("/app/models/")) && !path.contains("/concerns/")
            case .eloquent: (path.hasPrefix("app/Models/") || path.contains("/app/Models/")) && path.hasSuffix(".php")
            }
        }

        func fileName(ofModel model: String) -> String {
            self == .rails ? ORMSchemaDeclarations.snakeCase(model) + ".rb" : model + ".php"
        }

        /// The model a variable named `variable` (`ticket`, `$ticket`) holds, if a model file is named so.
        func fileName(ofVariable variable: String) -> String {
            let bare = variable.hasPrefix("$") ? String(variable.dropFirst()) : variable
            return self == .rails ? bare + ".rb" : Self.camelCase(bare) + ".php"
        }

        static func camelCase(_ name: String) -> String {
            name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
    }

    struct Write {
        var model: String
        /// The model's table: its `self.table_name` or `$table`, or the names the framework may derive.
        var tables: [String]
        var columns: [(name: String, line: Int)]
    }

    /// Whether `bytes` may write through a model, decided before lexing. PHP calls its writes and `save()` with
    /// parentheses: one pass over the file's `(`s tells. Ruby may leave them out (`update! summary: text`,
    /// `ticket.save!`), so its commonest words are searched for whole, and the rarer writes as calls.
    static func mayWrite(_ bytes: [UInt8], dialect: Dialect) -> Bool {
        switch dialect {
        case .eloquent:
            return ByteSearch.calledNames(bytes, among: eloquentWriteNames) != 0
        case .rails:
            let found = bytes.withUnsafeBufferPointer { buffer in
                rubyWriteWords.contains { ByteSearch.find($0, in: buffer, from: 0) != Int.max }
            }
            return found || ByteSearch.calledNames(bytes, among: railsWriteNames) != 0
        }
    }

    private static let rubyWriteWords = ["update", "create", "save"].map { Array($0.utf8) }
    private static let railsWriteNames = writeNames(of: .rails)
    private static let eloquentWriteNames = writeNames(of: .eloquent) + [Array("save".utf8)]

    private static func writeNames(of dialect: Dialect) -> [[UInt8]] {
        Set(dialect.hashWrites.union(dialect.columnWrites).map { $0.hasSuffix("!") ? String($0.dropLast()) : $0 })
            .map { Array($0.utf8) }
    }

    static func read(_ bytes: [UInt8], path: String, dialect: Dialect, project: Project) -> [Write] {
        let lexed = Lexer.lex(bytes, language: dialect.language)
        let ownModel = modelOfFile(path, dialect: dialect)
        let (hashWrites, columnWrites) = (dialect.hashWrites, dialect.columnWrites)
        var writes: [Write] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            // `ticket.summary = text`, `$this->ticket->summary = $text`: an attribute assigned, then saved.
            if isAttributeAssignment(index, dialect: dialect, in: lexed), !frameworkProperties.contains(lexed.text(index)),
               let model = receiverModel(ofCallAt: index, ownModel: ownModel, dialect: dialect, in: lexed, project: project) {
                writes.append(Write(model: model.name, tables: model.tables, columns: [(lexed.text(index), lexed.tokens[index].line)]))
                continue
            }
            let method = lexed.text(index)
            let takesHash = hashWrites.contains(method)
            // `def create(summary:)` and `function update(array $a)` declare methods; they write nothing.
            guard takesHash || columnWrites.contains(method), !lexed.token(index - 1, is: "def"), !lexed.token(index - 1, is: "function"),
                  let arguments = argumentBounds(ofCallAt: index, dialect: dialect, in: lexed)
            else { continue }
            guard let model = receiverModel(ofCallAt: index, ownModel: ownModel, dialect: dialect, in: lexed, project: project)
            else { continue }
            let columns = takesHash ? hashKeys(after: arguments.before, upTo: arguments.end, in: lexed)
                : firstColumn(after: arguments.before, in: lexed)
            guard !columns.isEmpty else { continue }
            writes.append(Write(model: model.name, tables: model.tables, columns: columns))
        }
        return writes
    }

    /// The models' own settings, assigned like attributes: `$ticket->timestamps = false`, `ticket.attributes = {…}`.
    private static let frameworkProperties: Set<String> = [
        "attributes", "timestamps", "incrementing", "table", "connection", "fillable", "guarded", "exists",
        "wasRecentlyCreated", "primaryKey", "keyType", "perPage", "touches", "hidden", "visible", "appends",
    ]

    /// `receiver.name = value` (not `==`, `=>`, `=~`): the name follows a member access, and the receiver is more
    /// than the `self`/`$this` of a file that is no model's (`$this->ticket = $ticket` sets a job's property).
    private static func isAttributeAssignment(_ index: Int, dialect: Dialect, in lexed: LexedSource) -> Bool {
        guard lexed.token(index + 1, isPunctuation: UInt8(ascii: "=")), !lexed.token(index + 2, isPunctuation: UInt8(ascii: "=")),
              !lexed.token(index + 2, isPunctuation: UInt8(ascii: "~")), index >= 2
        else { return false }
        return dialect == .rails ? lexed.token(index - 1, isPunctuation: UInt8(ascii: ".")) : lexed.token(index - 1, is: "->")
    }

    /// The names a model's files declare that are no columns of its table. Rails: virtual attributes, attachments,
    /// associations, delegations, setters, `has_secure_password`'s and Devise's password fields, nested attributes,
    /// and the same in the concerns it includes. Laravel: its methods (relations, `Attribute` accessors, legacy
    /// `setSummaryAttribute` mutators) and `$appends`, and its traits'.
    static func declaredNonColumns(of model: String, dialect: Dialect, in project: Project) -> Set<String> {
        project.configuration("schema-without-migration:model:\(dialect):" + model) {
            var names: Set<String> = []
            var files = modelFiles(model, dialect: dialect, in: project)
            var index = 0
            while index < files.count {
                defer { index += 1 }
                guard let bytes = project.contents(of: files[index]) else { continue }
                for line in bytes.split(separator: UInt8(ascii: "\n")) {
                    let words = LineWords.of(line, keepingStrings: dialect == .eloquent)
                    guard let first = words.first else { continue }
                    if dialect == .eloquent {
                        names.formUnion(eloquentNonColumns(words))
                        if first == "use", words.count == 2, words[1].first?.isUppercase == true {
                            // A trait of the app (`use HasSummary;` in the class body).
                            files += project.paths(named: words[1] + ".php").filter { $0.hasPrefix("app/") && !files.contains($0) }
                        }
                        continue
                    }
                    switch first {
                    case "has_secure_password":
                        // `has_secure_password :recovery_password` names its own attribute.
                        for attribute in ["password"] + words.dropFirst().prefix(1) {
                            names.formUnion([attribute, attribute + "_confirmation"])
                        }
                    case "devise": names.formUnion(["password", "password_confirmation", "current_password", "remember_me"])
                    case "include":
                        // A concern of the app: its declarations are the model's.
                        for concern in words.dropFirst() where concern.first?.isUppercase == true {
                            files += project.paths(named: ORMSchemaDeclarations.snakeCase(concern) + ".rb")
                                .filter { $0.contains("models/concerns/") && !files.contains($0) }
                        }
                    case "accepts_nested_attributes_for": names.formUnion(words.dropFirst().map { $0 + "_attributes" })
                    case "acts_as_taggable_on", "acts_as_taggable":
                        names.insert("tag_list")
                        names.formUnion(words.dropFirst().map { ($0.hasSuffix("s") ? String($0.dropLast()) : $0) + "_list" })
                    case "monetize": names.formUnion(words.dropFirst().map { $0.hasSuffix("_cents") ? String($0.dropLast(6)) : $0 })
                    case "def": if let setter = words.dropFirst().first { names.insert(setter) }
                    default:
                        if railsNonColumnDeclarations.contains(first) { names.formUnion(words.dropFirst()) }
                    }
                }
            }
            return names
        }
    }

    /// A Laravel model line's names that are no columns: `public function summary(): Attribute` (and its snake
    /// case), `setSummaryTextAttribute` (`summary_text`), `protected $appends = ['label'];`.
    private static func eloquentNonColumns(_ words: [String]) -> [String] {
        if let function = words.firstIndex(of: "function"), function + 1 < words.count {
            let name = words[function + 1]
            if name.hasPrefix("set"), name.hasSuffix("Attribute"), name.count > 12 {
                return [ORMSchemaDeclarations.snakeCase(String(name.dropFirst(3).dropLast(9)))]
            }
            return [name, ORMSchemaDeclarations.snakeCase(name)]
        }
        if words.count > 1, words.prefix(2).contains("appends") { return Array(words.drop { $0 != "appends" }.dropFirst()) }
        return []
    }

    private static let railsNonColumnDeclarations: Set<String> = [
        "attr_accessor", "attr_writer", "attribute", "store_accessor", "store", "has_one_attached", "has_many_attached",
        "has_rich_text", "has_attached_file", "mount_uploader", "mount_uploaders", "belongs_to", "has_one", "has_many",
        "has_and_belongs_to_many", "delegate", "alias_attribute", "alias_method", "composed_of", "translates", "encrypts",
        "has_secure_token", "kredis_string", "kredis_json", "attr_encrypted", "has_encrypted", "jsonb_accessor",
    ]

    // MARK: Receivers

    private struct Model {
        var name: String
        var tables: [String]
    }

    /// The model a write is called on: the constant its chain starts with (`Ticket.where(…).update_all`,
    /// `Ticket::where(…)->update`), a variable or `self`/`$this` property named after a model of the project, or,
    /// with no receiver, the model whose file the call is in.
    private static func receiverModel(
        ofCallAt method: Int, ownModel: String?, dialect: Dialect, in lexed: LexedSource, project: Project
    ) -> Model? {
        func isAccess(_ index: Int) -> Bool {
            dialect == .rails ? lexed.token(index, isPunctuation: UInt8(ascii: ".")) : lexed.token(index, is: "->") || lexed.token(index, is: "::")
        }
        guard isAccess(method - 1) else {
            // `update!(…)` in the model's own file.
            return ownModel.flatMap { model(named: $0, dialect: dialect, in: project) }
        }
        // Back along the chain: `Ticket.find(id).update!`, `Ticket::where(…)->first()->update`; the last name read
        // as a property (`$this->ticket`, `self.ticket`) is the receiver when the chain starts at `$this` or `self`.
        var start = method - 2
        var property: String?
        while start >= 0 {
            if lexed.token(start, isPunctuation: UInt8(ascii: ")")), lexed.partner[start] >= 0, lexed.partner[start] < start {
                start = lexed.partner[start] - 1
            } else if property == nil, start >= 0, lexed.tokens[start].kind == .identifier {
                property = lexed.text(start)
            }
            guard start >= 0, lexed.tokens[start].kind == .identifier else { return nil }
            if start >= 1, isAccess(start - 1) {
                start -= 2
                continue
            }
            break
        }
        guard start >= 0 else { return nil }
        var receiver = lexed.text(start)
        if receiver == "self" || receiver == "$this" {
            guard let property, property != receiver else { return ownModel.flatMap { model(named: $0, dialect: dialect, in: project) } }
            receiver = property
        }
        if receiver.first?.isUppercase == true {
            // `Billing::Invoice` is read as `Invoice`.
            return model(named: receiver, dialect: dialect, in: project)
        }
        // `ticket`, `@ticket`, `$tickets`, `new_ticket` are not all models; only a name that is a model's file is.
        let singular = receiver.hasSuffix("s") ? String(receiver.dropLast()) : receiver
        for candidate in [receiver, singular] {
            let file = dialect.fileName(ofVariable: candidate)
            if project.paths(named: file).contains(where: dialect.isModelFile) {
                return model(named: Dialect.camelCase(String(file.prefix { $0 != "." })), dialect: dialect, in: project)
            }
        }
        return nil
    }

    private static func model(named name: String, dialect: Dialect, in project: Project) -> Model? {
        guard let file = modelFiles(name, dialect: dialect, in: project).first else { return nil }
        var tables = [FrameworkMigrationReader.pluralize(ORMSchemaDeclarations.snakeCase(name))]
        if let bytes = project.contents(of: file), let given = tableNameAssignment(in: bytes, dialect: dialect) { tables = [given] }
        return Model(name: name, tables: tables)
    }

    private static func modelFiles(_ model: String, dialect: Dialect, in project: Project) -> [String] {
        project.paths(named: dialect.fileName(ofModel: model)).filter(dialect.isModelFile)
    }

    /// The model a model file defines, by its name (`app/models/ticket.rb`, `app/Models/Ticket.php` → `Ticket`).
    private static func modelOfFile(_ path: String, dialect: Dialect) -> String? {
        guard dialect.isModelFile(path), let name = path.split(separator: "/").last, let dot = name.lastIndex(of: ".") else { return nil }
        return Dialect.camelCase(String(name[..<dot]))
    }

    /// `self.table_name = "support_tickets"`, `protected $table = 'support_tickets';`.
    private static func tableNameAssignment(in bytes: [UInt8], dialect: Dialect) -> String? {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let words = LineWords.of(line, keepingStrings: true)
            switch dialect {
            case .rails: if words.count >= 3, words[0] == "self", words[1] == "table_name" { return words[2] }
            case .eloquent:
                if words.count >= 3, ["protected", "public"].contains(words[0]), words[1] == "table" { return words[2] }
            }
        }
        return nil
    }

    // MARK: Arguments

    /// `summary: text`, `:summary => text`, `"summary" => text` at the top level of the call's arguments (or of the
    /// hash or PHP array they are, or of each row of an array of them).
    private static func hashKeys(after open: Int, upTo close: Int, in lexed: LexedSource) -> [(name: String, line: Int)] {
        var keys: [(name: String, line: Int)] = []
        var cursor = open + 1
        var bounds = [close]
        while cursor < bounds.last ?? close {
            // Into a hash or an array of hashes written as the argument.
            if lexed.token(cursor, isPunctuation: UInt8(ascii: "{")) || lexed.token(cursor, isPunctuation: UInt8(ascii: "[")),
               lexed.partner[cursor] > cursor, cursor == open + 1 || bounds.count > 1 && lexed.token(cursor - 1, isPunctuation: UInt8(ascii: "[")) {
                bounds.append(lexed.partner[cursor])
                cursor += 1
                continue
            }
            if lexed.partner[cursor] > cursor {
                cursor = lexed.partner[cursor] + 1
                continue
            }
            let entryStarts = cursor == open + 1 || lexed.token(cursor - 1, isPunctuation: UInt8(ascii: ","))
                || lexed.token(cursor - 1, isPunctuation: UInt8(ascii: "{")) || lexed.token(cursor - 1, isPunctuation: UInt8(ascii: "["))
            let token = lexed.tokens[cursor]
            if entryStarts, token.kind == .identifier || token.kind == .string, lexed.token(cursor + 1, isPunctuation: UInt8(ascii: ":")) {
                keys.append((lexed.text(cursor), token.line))
            } else if entryStarts, lexed.token(cursor, isPunctuation: UInt8(ascii: ":")), cursor + 2 < lexed.tokens.count,
                      lexed.tokens[cursor + 1].kind == .identifier, lexed.token(cursor + 2, is: "=>") {
                keys.append((lexed.text(cursor + 1), token.line))
            } else if entryStarts, token.kind == .string, lexed.token(cursor + 1, is: "=>") {
                keys.append((lexed.text(cursor), token.line))
            }
            cursor += 1
        }
        return keys
    }

    /// Where a call's arguments lie: after its `(` up to the partner, or, for Ruby's call without parentheses
    /// (`update! summary: text`, `update_column :summary, text`), after the method up to the end of its line.
    private static func argumentBounds(ofCallAt method: Int, dialect: Dialect, in lexed: LexedSource) -> (before: Int, end: Int)? {
        if lexed.token(method + 1, isPunctuation: UInt8(ascii: "(")) {
            let close = lexed.partner[method + 1]
            return close > method + 1 ? (method + 1, close) : nil
        }
        guard dialect == .rails, method + 2 < lexed.tokens.count, lexed.tokens[method + 1].line == lexed.tokens[method].line,
              lexed.token(method + 2, isPunctuation: UInt8(ascii: ":")) || lexed.token(method + 1, isPunctuation: UInt8(ascii: ":"))
        else { return nil }
        var end = method + 1
        while end < lexed.tokens.count, lexed.tokens[end].line == lexed.tokens[method].line { end = max(end, lexed.partner[end]) + 1 }
        return (method, end)
    }

    /// `update_column(:summary, text)`, `increment('tokens_used')`.
    private static func firstColumn(after open: Int, in lexed: LexedSource) -> [(name: String, line: Int)] {
        if lexed.tokens.indices.contains(open + 1), lexed.tokens[open + 1].kind == .string {
            return [(lexed.text(open + 1), lexed.tokens[open + 1].line)]
        }
        guard lexed.token(open + 1, isPunctuation: UInt8(ascii: ":")), open + 2 < lexed.tokens.count,
              lexed.tokens[open + 2].kind == .identifier
        else { return [] }
        return [(lexed.text(open + 2), lexed.tokens[open + 2].line)]
    }
}

/// A line's words, without symbols' colons, variables' `$` and (unless kept) strings: `has_one_attached :avatar,
/// dependent: :purge` → `has_one_attached`, `avatar`, `dependent`, `purge`. Only declarations at a line's start are
/// read from it.
enum LineWords {
    static func of(_ line: ArraySlice<UInt8>, keepingStrings: Bool = false) -> [String] {
        var words: [String] = []
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            if byte == UInt8(ascii: "#") { break }
            if keepingStrings, byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"),
               let close = line[(index + 1)...].firstIndex(of: byte) {
                words.append(String(decoding: line[(index + 1)..<close], as: UTF8.self))
                index = close + 1
                continue
            }
            guard Byte.isIdentifierStart(byte) else {
                index += 1
                continue
            }
            var end = index
            while end < line.endIndex, Byte.isIdentifierPart(line[end]) { end += 1 }
            words.append(String(decoding: line[index..<end], as: UTF8.self))
            index = end
        }
        return words
    }
}
