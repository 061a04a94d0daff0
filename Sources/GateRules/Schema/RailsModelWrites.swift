import GateCode
import GateCore
import GateSQL

/// The columns ActiveRecord writes through a model: `Ticket.find(id).update!(summary: text)`,
/// `ticket.update(summary: text)`, `@ticket.update_column(:summary, text)`, `Ticket.where(…).update_all(summary: nil)`,
/// `Ticket.create!(body: b, summary: s)`, or a bare `update!(summary: …)` inside the model's own file. A Rails model
/// declares no columns: they are the table's, so a write naming one no migration creates fails at run time. The
/// model is known from a constant, from a variable named after it (`ticket`, `@ticket`, `tickets` for the class
/// `Ticket` of `app/models/ticket.rb`), or from the model file the call is in.
enum RailsModelWrites {
    struct Write {
        var model: String
        /// The model's table: its `self.table_name`, or the names Rails may derive.
        var tables: [String]
        var columns: [(name: String, line: Int)]
    }

    /// Whether `bytes` calls one of the writes (one pass over the file's `(`s).
    static func mayWrite(_ bytes: [UInt8]) -> Bool {
        ByteSearch.calledNames(bytes, among: writeNames) != 0
    }

    private static let writeNames = Set(hashWrites.union(columnWrites).map { $0.hasSuffix("!") ? String($0.dropLast()) : $0 })
        .filter { !$0.hasSuffix("=") }.map { Array($0.utf8) }

    /// Writes whose arguments are a hash of columns, and those whose first argument names one column.
    private static let hashWrites: Set<String> = [
        "update", "update!", "update_columns", "update_all", "create", "create!", "new", "insert_all", "insert_all!",
        "upsert_all", "find_or_create_by", "find_or_create_by!", "create_or_find_by", "create_or_find_by!",
        "assign_attributes", "attributes=",
    ]
    private static let columnWrites: Set<String> = ["update_column", "update_attribute", "increment!", "decrement!"]

    static func read(_ bytes: [UInt8], path: String, project: Project) -> [Write] {
        let lexed = Lexer.lex(bytes, language: .ruby)
        let ownModel = modelOfFile(path)
        var writes: [Write] = []
        for index in lexed.tokens.indices where lexed.tokens[index].kind == .identifier {
            let method = lexed.text(index)
            let takesHash = hashWrites.contains(method)
            // `def create(summary:)` declares a method; it writes nothing.
            guard takesHash || columnWrites.contains(method), lexed.token(index + 1, isPunctuation: UInt8(ascii: "(")),
                  !lexed.token(index - 1, is: "def")
            else { continue }
            guard let model = receiverModel(ofCallAt: index, ownModel: ownModel, in: lexed, project: project) else { continue }
            let columns = takesHash ? hashKeys(inCallAt: index + 1, in: lexed) : firstSymbol(inCallAt: index + 1, in: lexed)
            guard !columns.isEmpty else { continue }
            writes.append(Write(model: model.name, tables: model.tables, columns: columns))
        }
        return writes
    }

    /// The names a model's files declare that are no columns of its table: virtual attributes, attachments,
    /// associations, delegations, setters, `has_secure_password`'s and Devise's password fields, nested attributes.
    static func declaredNonColumns(of model: String, in project: Project) -> Set<String> {
        project.configuration("schema-without-migration:rails-model:" + model) {
            var names: Set<String> = []
            var files = modelFiles(model, in: project)
            var index = 0
            while index < files.count {
                defer { index += 1 }
                guard let bytes = project.contents(of: files[index]) else { continue }
                for line in bytes.split(separator: UInt8(ascii: "\n")) {
                    let words = RubyWords.of(line)
                    guard let first = words.first else { continue }
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
                        if nonColumnDeclarations.contains(first) { names.formUnion(words.dropFirst()) }
                    }
                }
            }
            return names
        }
    }

    private static let nonColumnDeclarations: Set<String> = [
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

    /// The model a write is called on: the constant its chain starts with (`Ticket.where(…).update_all`), a
    /// variable named after a model of the project, or, with no receiver, the model whose file the call is in.
    private static func receiverModel(ofCallAt method: Int, ownModel: String?, in lexed: LexedSource, project: Project) -> Model? {
        guard lexed.token(method - 1, isPunctuation: UInt8(ascii: ".")) else {
            // `update!(…)` or `self.update!(…)` in the model's own file.
            return ownModel.flatMap { model(named: $0, in: project) }
        }
        // Back along the chain: `Ticket.find(id).update!`, `Ticket.where(…).first!.update`.
        var start = method - 2
        while start >= 0 {
            if lexed.token(start, isPunctuation: UInt8(ascii: ")")), lexed.partner[start] >= 0, lexed.partner[start] < start {
                start = lexed.partner[start] - 1
            }
            guard start >= 0, lexed.tokens[start].kind == .identifier else { return nil }
            if start >= 1, lexed.token(start - 1, isPunctuation: UInt8(ascii: ".")) {
                start -= 2
                continue
            }
            break
        }
        guard start >= 0 else { return nil }
        let receiver = lexed.text(start)
        if receiver == "self" { return ownModel.flatMap { model(named: $0, in: project) } }
        if receiver.first?.isUppercase == true {
            // `Billing::Invoice` is read as `Invoice`.
            return model(named: receiver, in: project)
        }
        // `ticket`, `@ticket`, `tickets`, `new_ticket` are not all models; only a name that is a model's file is.
        let singular = receiver.hasSuffix("s") ? String(receiver.dropLast()) : receiver
        for candidate in [receiver, singular] where project.paths(named: candidate + ".rb").contains(where: isModelFile) {
            return model(named: camelCase(candidate), in: project)
        }
        return nil
    }

    private static func model(named name: String, in project: Project) -> Model? {
        let files = modelFiles(name, in: project)
        guard let file = files.first else { return nil }
        var tables = Array(Set([FrameworkMigrationReader.pluralize(ORMSchemaDeclarations.snakeCase(name))]))
        if let bytes = project.contents(of: file), let given = tableNameAssignment(in: bytes) { tables = [given] }
        return Model(name: name, tables: tables)
    }

    private static func modelFiles(_ model: String, in project: Project) -> [String] {
        project.paths(named: ORMSchemaDeclarations.snakeCase(model) + ".rb").filter(isModelFile)
    }

    private static func isModelFile(_ path: String) -> Bool {
        (path.hasPrefix("app/models/") || path.contains("/app/models/")) && !path.contains("/concerns/")
    }

    /// The model a file under `app/models` defines, by its name (`app/models/ticket.rb` → `Ticket`).
    private static func modelOfFile(_ path: String) -> String? {
        guard isModelFile(path), let name = path.split(separator: "/").last, name.hasSuffix(".rb") else { return nil }
        return camelCase(String(name.dropLast(3)))
    }

    /// `self.table_name = "support_tickets"`.
    private static func tableNameAssignment(in bytes: [UInt8]) -> String? {
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let words = RubyWords.of(line, keepingStrings: true)
            if words.count >= 3, words[0] == "self", words[1] == "table_name" { return words[2] }
        }
        return nil
    }

    private static func camelCase(_ snake: String) -> String {
        snake.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    // MARK: Arguments

    /// `summary: text`, `:summary => text`, `"summary" => text` at the top level of the call's arguments (or of the
    /// hash they are, in braces, or of each row of an array of them).
    private static func hashKeys(inCallAt open: Int, in lexed: LexedSource) -> [(name: String, line: Int)] {
        let close = lexed.partner[open]
        guard close > open else { return [] }
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
                || lexed.token(cursor - 1, isPunctuation: UInt8(ascii: "{"))
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

    /// `update_column(:summary, text)`.
    private static func firstSymbol(inCallAt open: Int, in lexed: LexedSource) -> [(name: String, line: Int)] {
        guard lexed.token(open + 1, isPunctuation: UInt8(ascii: ":")), open + 2 < lexed.tokens.count,
              lexed.tokens[open + 2].kind == .identifier
        else { return [] }
        return [(lexed.text(open + 2), lexed.tokens[open + 2].line)]
    }
}

/// A Ruby line's words, without symbols' colons and strings' quotes: `has_one_attached :avatar, dependent: :purge`
/// → `has_one_attached`, `avatar`, `dependent`, `purge`. Only declarations at a line's start are read from it.
enum RubyWords {
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
