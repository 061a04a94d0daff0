/// A column as a statement defines it.
public struct ColumnSpec: Sendable, Equatable {
    public var name: String
    /// The type as written, normalised to Postgres's internal name where it has one (`int4`, `varchar(255)`).
    public var type: String
    public var notNull: Bool
    public var hasDefault: Bool
    /// The default calls a volatile function (`random()`, `gen_random_uuid()`, `clock_timestamp()`…).
    public var volatileDefault: String?
    /// The column carries an inline `REFERENCES` (a foreign key built under lock when the table exists).
    public var references: String?
    /// The column carries an inline `UNIQUE` or `PRIMARY KEY`.
    public var unique: Bool

    public init(name: String, type: String, notNull: Bool = false, hasDefault: Bool = false,
                volatileDefault: String? = nil, references: String? = nil, unique: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.hasDefault = hasDefault
        self.volatileDefault = volatileDefault
        self.references = references
        self.unique = unique
    }
}

/// What kind of table constraint a statement adds.
public enum ConstraintKind: String, Sendable, Equatable {
    case foreignKey = "foreign key", check, unique, primaryKey = "primary key", exclusion, notNull = "not null", other
}

/// One thing a statement does to the schema or its data, as read from the parse tree.
public enum SchemaOperation: Sendable, Equatable {
    case createTable(table: String, columns: [ColumnSpec])
    case dropTable(table: String)
    case renameTable(table: String, to: String)
    case addColumn(table: String, column: ColumnSpec)
    case dropColumn(table: String, column: String)
    case renameColumn(table: String, column: String, to: String)
    case alterColumnType(table: String, column: String, type: String)
    case setNotNull(table: String, column: String)
    case dropNotNull(table: String, column: String)
    case setDefault(table: String, column: String)
    case createIndex(name: String?, table: String, columns: [String], unique: Bool, concurrent: Bool)
    case dropIndex(name: String, concurrent: Bool)
    case addConstraint(table: String, name: String?, kind: ConstraintKind, notValid: Bool, usingIndex: Bool)
    case validateConstraint(table: String, name: String)
    case dropConstraint(table: String, name: String)
    case createType(name: String)
    case dropType(name: String)
    case enumAddValue(type: String, value: String)
    case enumRenameValue(type: String, value: String, to: String)
    case truncate(tables: [String], cascade: Bool)
    /// INSERT, UPDATE, DELETE, MERGE, COPY, and SELECT with side effects.
    case dataChange(table: String?)
    case setting(name: String, value: String)
    case transaction(begin: Bool)
    /// Anything else (functions, views, grants, extensions…), named by the parser's node tag.
    case other(kind: String)
}

extension SchemaOperation {
    /// The table the operation touches, when it has one.
    public var table: String? {
        switch self {
        case .createTable(let table, _), .dropTable(let table), .renameTable(let table, _), .addColumn(let table, _),
            .dropColumn(let table, _), .renameColumn(let table, _, _), .alterColumnType(let table, _, _),
            .setNotNull(let table, _), .dropNotNull(let table, _), .setDefault(let table, _),
            .createIndex(_, let table, _, _, _), .addConstraint(let table, _, _, _, _),
            .validateConstraint(let table, _), .dropConstraint(let table, _):
            table
        case .dataChange(let table): table
        case .truncate(let tables, _): tables.first
        default: nil
        }
    }
}
