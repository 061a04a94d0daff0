import GateCode
import GateCore
import GateSQL

/// The tables and columns a JavaScript or TypeScript ORM's models declare in application code: TypeORM and
/// MikroORM `@Entity` classes (`@Column`, `@Property` and the date, version and primary column decorators),
/// sequelize-typescript `@Table` classes, and Sequelize's `Model.init({…}, { sequelize })` and
/// `sequelize.define("Name", {…})`. Relations (`@ManyToOne`, `belongsTo`) declare no column of their own and are
/// not read. These ORMs map names by a naming strategy the file rarely shows, so each name comes with the
/// spellings it may have in the database (`aiSummary`, `ai_summary`; `Ticket`, `ticket`, `tickets`).
enum JavaScriptModelDeclarations {
    enum ORM: String {
        case typeORM = "TypeORM", mikroORM = "MikroORM", sequelize = "Sequelize"

        /// How the ORM's users make the migration the declaration needs.
        var generate: String {
            switch self {
            case .typeORM: "typeorm migration:generate"
            case .mikroORM: "mikro-orm migration:create"
            case .sequelize: "sequelize-cli migration:generate, then addColumn/createTable"
            }
        }
    }

    /// Whether `bytes` may declare a model, decided before lexing: almost no file does. Each test is found through
    /// a rare byte of it (`@`, the `q` of `sequelize`), the other words only asked of the few files that pass.
    static func mayDeclare(_ bytes: [UInt8]) -> Bool {
        if ByteSearch.contains(entityDecorator, anchoredAt: 0, in: bytes) {
            return bytes.containsSequence(typeORM) || bytes.containsSequence(mikroORM)
        }
        // `Sequelize` and `sequelize` alike.
        return ByteSearch.contains(sequelizeWord, anchoredAt: 1, in: bytes)
            && (bytes.containsSequence(tableDecorator) || bytes.containsSequence(initCall) || bytes.containsSequence(defineCall))
    }

    private static let entityDecorator = Array("@Entity".utf8), tableDecorator = Array("@Table".utf8)
    private static let typeORM = Array("typeorm".utf8), mikroORM = Array("@mikro-orm".utf8)
    private static let sequelizeWord = Array("equelize".utf8)
    private static let initCall = Array(".init(".utf8), defineCall = Array(".define(".utf8)

    /// The ORM a file passing `mayDeclare` declares its models for.
    static func orm(of bytes: [UInt8]) -> ORM {
        bytes.containsSequence(mikroORM) ? .mikroORM : bytes.containsSequence(typeORM) ? .typeORM : .sequelize
    }

    static func read(_ bytes: [UInt8], language: SourceLanguage, orm: ORM) -> [ModelDeclaration] {
        let lexed = Lexer.lex(bytes, language: language)
        var declarations: [ModelDeclaration] = []
        var index = 0
        while index < lexed.tokens.count {
            defer { index += 1 }
            if isDecorator(index, in: lexed), lexed.token(index, is: "Entity") || lexed.token(index, is: "Table") {
                declarations += entityClass(decoratedAt: index, in: lexed)
            } else if orm == .sequelize, lexed.token(index - 1, isPunctuation: UInt8(ascii: ".")),
                      lexed.token(index, is: "init") || lexed.token(index, is: "define"),
                      lexed.token(index + 1, isPunctuation: UInt8(ascii: "(")) {
                declarations += sequelizeModel(calledAt: index, in: lexed)
            }
        }
        return declarations
    }

    // MARK: Decorated classes

    private static let columnDecorators: Set<String> = [
        "Column", "PrimaryColumn", "CreateDateColumn", "UpdateDateColumn", "DeleteDateColumn", "VersionColumn",
        "Property", "Enum", "PrimaryKey", "CreatedAt", "UpdatedAt", "DeletedAt",
    ]

    /// Words before a property's name that are not it.
    private static let modifiers: Set<String> = [
        "public", "private", "protected", "readonly", "declare", "static", "override", "accessor", "abstract",
    ]

    /// `@Entity("tickets") class Ticket { @Column() summary: string }`: the class's table and its columns.
    private static func entityClass(decoratedAt decorator: Int, in lexed: LexedSource) -> [ModelDeclaration] {
        let arguments = lexed.token(decorator + 1, isPunctuation: UInt8(ascii: "(")) ? decorator + 1 : nil
        var cursor = arguments.map { lexed.partner[$0] + 1 } ?? decorator + 1
        guard cursor > 0 else { return [] }
        // Other decorators and `export default` may stand between the decorator and its class.
        while cursor < lexed.tokens.count, !lexed.token(cursor, is: "class") {
            if lexed.token(cursor, isPunctuation: UInt8(ascii: "{")) || lexed.token(cursor, isPunctuation: UInt8(ascii: ";")) { return [] }
            cursor += 1
        }
        let nameIndex = cursor + 1
        guard nameIndex < lexed.tokens.count, lexed.tokens[nameIndex].kind == .identifier else { return [] }
        let className = lexed.text(nameIndex)
        guard let open = (nameIndex..<lexed.tokens.count).first(where: { lexed.token($0, isPunctuation: UInt8(ascii: "{")) }),
              lexed.partner[open] > open
        else { return [] }
        let close = lexed.partner[open]
        let given = arguments.flatMap { givenName(in: $0, keys: ["name", "tableName"], positional: true, in: lexed) }
        let tables = given.map { [$0] } ?? derivedTableNames(className)
        var declarations = [ModelDeclaration(
            tables: tables, columns: nil, shown: className, line: lexed.tokens[nameIndex].line,
            decoratorLine: lexed.tokens[decorator].line)]
        var member = open + 1
        while member < close {
            defer { member += 1 }
            if lexed.partner[member] > member {
                // A method's parameters or body, an initialiser: no declarations inside.
                member = lexed.partner[member]
                continue
            }
            guard isDecorator(member, in: lexed), columnDecorators.contains(lexed.text(member)) else { continue }
            let options = lexed.token(member + 1, isPunctuation: UInt8(ascii: "(")) ? member + 1 : nil
            let decoratorLine = lexed.tokens[member].line
            var property = options.map { lexed.partner[$0] + 1 } ?? member + 1
            guard property > 0 else { break }
            // Further decorators of the same property, then its modifiers.
            while property < close {
                if lexed.token(property, isPunctuation: UInt8(ascii: "@")) {
                    property += 1
                    if lexed.token(property + 1, isPunctuation: UInt8(ascii: "(")) {
                        // An unclosed parenthesis (a file cut short) ends the class's reading.
                        guard lexed.partner[property + 1] > property + 1 else { return declarations }
                        property = lexed.partner[property + 1]
                    }
                    property += 1
                } else if lexed.tokens[property].kind == .identifier, modifiers.contains(lexed.text(property)) {
                    property += 1
                } else {
                    break
                }
            }
            // An accessor or method (`@Property({ persist: false }) get label()`), a property kept out of the
            // table and an embedded entity (`@Column(() => Address)`, whose columns are the embedded class's) have
            // no column of their own name.
            guard property < close, lexed.tokens[property].kind == .identifier,
                  lexed.tokens[property + 1].kind != .identifier, !lexed.token(property + 1, isPunctuation: UInt8(ascii: "(")),
                  !(options.map { isNotPersisted($0, in: lexed) || isEmbedded($0, in: lexed) } ?? false)
            else { continue }
            let name = lexed.text(property)
            let given = options.flatMap { givenName(in: $0, keys: ["name", "fieldName", "field"], in: lexed) }
            declarations.append(ModelDeclaration(
                tables: tables, columns: given.map { [$0] } ?? derivedColumnNames(name),
                shown: "\(className).\(name)", line: lexed.tokens[property].line, decoratorLine: decoratorLine))
            member = property
        }
        return declarations
    }

    /// MikroORM's `persist: false`.
    private static func isNotPersisted(_ options: Int, in lexed: LexedSource) -> Bool {
        (options..<max(options, lexed.partner[options])).contains { index in
            lexed.token(index, is: "persist") && lexed.token(index + 1, isPunctuation: UInt8(ascii: ":"))
                && lexed.token(index + 2, is: "false")
        }
    }

    /// TypeORM's embedded columns: `@Column(() => Address)`.
    private static func isEmbedded(_ options: Int, in lexed: LexedSource) -> Bool {
        lexed.token(options + 1, isPunctuation: UInt8(ascii: "(")) && lexed.token(options + 2, isPunctuation: UInt8(ascii: ")"))
            && lexed.token(options + 3, is: "=>")
    }

    private static func isDecorator(_ index: Int, in lexed: LexedSource) -> Bool {
        lexed.token(index - 1, isPunctuation: UInt8(ascii: "@")) && lexed.tokens[index].kind == .identifier
    }

    // MARK: Sequelize

    /// `Ticket.init({ summary: DataTypes.TEXT }, { sequelize, tableName: "tickets" })` and
    /// `sequelize.define("Ticket", { summary: DataTypes.TEXT })`: the attributes object's keys (or their `field`).
    private static func sequelizeModel(calledAt call: Int, in lexed: LexedSource) -> [ModelDeclaration] {
        let open = call + 1
        let close = lexed.partner[open]
        guard close > open else { return [] }
        let arguments = topLevelArguments(from: open, to: close, in: lexed)
        let modelName: String
        let attributes: Int
        let options: Int?
        if lexed.token(call, is: "init") {
            // Any other `.init(…)` (a library's setup) has no `sequelize` among its options.
            guard arguments.count >= 2, lexed.token(arguments[0], isPunctuation: UInt8(ascii: "{")),
                  call >= 2, lexed.tokens[call - 2].kind == .identifier,
                  (arguments[1]...lexed.partner[arguments[1]]).contains(where: { lexed.token($0, is: "sequelize") })
            else { return [] }
            modelName = lexed.text(call - 2)
            (attributes, options) = (arguments[0], arguments[1])
        } else {
            guard arguments.count >= 2, lexed.tokens[arguments[0]].kind == .string,
                  lexed.token(arguments[1], isPunctuation: UInt8(ascii: "{"))
            else { return [] }
            modelName = lexed.text(arguments[0])
            (attributes, options) = (arguments[1], arguments.count > 2 ? arguments[2] : nil)
        }
        let given = options.flatMap { givenName(in: $0, keys: ["tableName"], in: lexed) }
        let tables = given.map { [$0] } ?? derivedTableNames(modelName)
        var declarations = [ModelDeclaration(
            tables: tables, columns: nil, shown: modelName, line: lexed.tokens[call].line,
            decoratorLine: lexed.tokens[call].line)]
        let end = lexed.partner[attributes]
        var key = attributes + 1
        while key < end {
            defer { key += 1 }
            let token = lexed.tokens[key]
            if lexed.partner[key] > key {
                key = lexed.partner[key]
                continue
            }
            guard token.kind == .identifier || token.kind == .string, lexed.token(key + 1, isPunctuation: UInt8(ascii: ":")),
                  lexed.token(key - 1, isPunctuation: UInt8(ascii: "{")) || lexed.token(key - 1, isPunctuation: UInt8(ascii: ","))
            else { continue }
            let name = lexed.text(key)
            var columns = derivedColumnNames(name)
            if lexed.token(key + 2, isPunctuation: UInt8(ascii: "{")) {
                // A computed attribute has no column; `field` names the one it maps to.
                let valueEnd = lexed.partner[key + 2]
                if ((key + 2)..<max(key + 2, valueEnd)).contains(where: { lexed.token($0, is: "VIRTUAL") }) { continue }
                if let field = givenName(in: key + 2, keys: ["field"], in: lexed) { columns = [field] }
            }
            declarations.append(ModelDeclaration(
                tables: tables, columns: columns, shown: "\(modelName).\(name)",
                line: token.line, decoratorLine: token.line))
        }
        return declarations
    }

    /// The first token of each argument between the brackets at `open` and `close`.
    private static func topLevelArguments(from open: Int, to close: Int, in lexed: LexedSource) -> [Int] {
        var starts: [Int] = []
        var cursor = open + 1
        var expectingStart = true
        while cursor < close {
            if expectingStart { starts.append(cursor) }
            expectingStart = lexed.token(cursor, isPunctuation: UInt8(ascii: ","))
            cursor = max(cursor, lexed.partner[cursor]) + 1
        }
        return starts
    }

    /// The string given to one of `keys` at the top level of the object opened at `open`, or of an object among
    /// the call's arguments when `open` is a call's `(`: `{ name: "tickets" }`. With `positional`, a string as the
    /// call's first argument is the name (`@Entity("tickets")`; `@Column("text")` names a type instead).
    private static func givenName(in open: Int, keys: Set<String>, positional: Bool = false, in lexed: LexedSource) -> String? {
        let close = lexed.partner[open]
        guard close > open else { return nil }
        var objects = [open]
        if lexed.token(open, isPunctuation: UInt8(ascii: "(")) {
            let arguments = topLevelArguments(from: open, to: close, in: lexed)
            if positional, let first = arguments.first, lexed.tokens[first].kind == .string { return lexed.text(first) }
            objects = arguments.filter { lexed.token($0, isPunctuation: UInt8(ascii: "{")) }
        }
        for object in objects {
            var cursor = object + 1
            while cursor < lexed.partner[object] {
                if lexed.partner[cursor] > cursor {
                    cursor = lexed.partner[cursor] + 1
                    continue
                }
                if lexed.tokens[cursor].kind == .identifier, keys.contains(lexed.text(cursor)),
                   lexed.token(cursor + 1, isPunctuation: UInt8(ascii: ":")), cursor + 2 < lexed.tokens.count,
                   lexed.tokens[cursor + 2].kind == .string {
                    return lexed.text(cursor + 2)
                }
                cursor += 1
            }
        }
        return nil
    }

    // MARK: Naming strategies

    /// TypeORM's default and the snake-case strategies, MikroORM's underscore strategy, Sequelize's plural.
    private static func derivedTableNames(_ model: String) -> [String] {
        let snake = ORMSchemaDeclarations.snakeCase(model)
        return Array(Set([model, snake, FrameworkMigrationReader.pluralize(snake), FrameworkMigrationReader.pluralize(model)]))
    }

    private static func derivedColumnNames(_ property: String) -> [String] {
        Array(Set([property, ORMSchemaDeclarations.snakeCase(property)]))
    }
}

/// A table or column a model in application code declares, under each name the ORM may give it in the database.
struct ModelDeclaration {
    /// The table's possible names: the one the model gives, or those its naming strategy may derive.
    var tables: [String]
    /// The column's possible names; nil for the table's own declaration (its class, struct or `define` line).
    var columns: [String]?
    /// As the model names it, for the message (`Ticket.aiSummary`).
    var shown: String
    /// Where the declaration's name is, and where its decorator starts (the same line where there is none).
    var line: Int
    var decoratorLine: Int
}
