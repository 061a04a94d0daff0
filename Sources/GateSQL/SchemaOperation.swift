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
    /// The column is (part of) the primary key or references another table: a key column.
    public var key: Bool
    /// `GENERATED ALWAYS AS (…) STORED` or `GENERATED … AS IDENTITY`: filled for every existing row.
    public var generated: Bool
    /// Declared `serial`, `bigserial` or `smallserial`.
    public var serial: Bool

    public init(name: String, type: String, notNull: Bool = false, hasDefault: Bool = false,
                volatileDefault: String? = nil, references: String? = nil, unique: Bool = false,
                key: Bool = false, generated: Bool = false, serial: Bool = false) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.hasDefault = hasDefault
        self.volatileDefault = volatileDefault
        self.references = references
        self.unique = unique
        self.key = key
        self.generated = generated
        self.serial = serial
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
    /// `ALTER COLUMN … DROP DEFAULT`: inserts that leave the column out stop getting a value.
    case dropDefault(table: String, column: String)
    case createIndex(name: String?, table: String, columns: [String], unique: Bool, concurrent: Bool)
    case dropIndex(name: String, concurrent: Bool)
    /// `notNullCheck` names the column of a `CHECK (column IS NOT NULL)`, the first step of the safe SET NOT NULL recipe;
    /// `references`, a foreign key's referenced table; `usingIndex`, the index a `UNIQUE`/`PRIMARY KEY … USING INDEX`
    /// adopts (Postgres renames it to the constraint's name).
    case addConstraint(table: String, name: String?, kind: ConstraintKind, notValid: Bool, usingIndex: String?,
                       notNullCheck: String? = nil, references: String? = nil)
    case validateConstraint(table: String, name: String)
    case dropConstraint(table: String, name: String)
    case createType(name: String)
    case dropType(name: String)
    case enumAddValue(type: String, value: String)
    case enumRenameValue(type: String, value: String, to: String)
    case truncate(tables: [String], cascade: Bool)
    /// INSERT, UPDATE, DELETE, MERGE, COPY, and SELECT with side effects. `rewritesRows`: an UPDATE or DELETE
    /// that touches every row (no WHERE, or only `IS NULL` tests: the backfill shape) in one statement;
    /// `copiesRows`: an INSERT … SELECT that may run long; `duplicateColumn`: a column assigned twice.
    case dataChange(table: String?, rewritesRows: Bool = false, copiesRows: Bool = false, duplicateColumn: String? = nil)
    /// `VACUUM FULL`, `CLUSTER`: the table rewritten under an ACCESS EXCLUSIVE lock.
    case rewriteTable(command: String, table: String?)
    /// `ALTER TABLE … SET TABLESPACE`, `SET LOGGED`, `SET UNLOGGED`: a rewrite under an ACCESS EXCLUSIVE lock.
    case alterStorage(table: String, command: String)
    /// `LOCK TABLE`.
    case lockTable(tables: [String], mode: String)
    /// `REINDEX`.
    case reindex(target: String, concurrent: Bool)
    case detachPartition(table: String, partition: String, concurrent: Bool)
    case attachPartition(table: String, partition: String)
    case refreshMaterializedView(name: String, concurrent: Bool)
    case createTrigger(table: String, name: String)
    /// An `ALTER TABLE` that changes how the table behaves, not its columns (`DISABLE TRIGGER ALL`, `REPLICA IDENTITY
    /// FULL`, `OWNER TO`, `SET (fillfactor = …)`): brief, but under a lock (ACCESS EXCLUSIVE for most, SHARE ROW
    /// EXCLUSIVE for triggers) that queues every query on a live table behind it. `command` is the parser's
    /// subcommand (`DisableTrigAll`).
    case alterTableSetting(table: String, command: String)
    /// `CREATE`, `ALTER` or `DROP POLICY`, and `ALTER TABLE … ENABLE`/`DISABLE`/`FORCE ROW LEVEL SECURITY`: row security
    /// of a table, changed under an ACCESS EXCLUSIVE lock on it.
    /// `removes`: a `DROP POLICY`, which takes away access running code may rely on. `change` tells a `CREATE
    /// POLICY` and an `ENABLE`/`FORCE ROW LEVEL SECURITY` from the rest.
    case policy(table: String, removes: Bool = false, change: PolicyChange = .other)
    /// `CREATE DOMAIN … CHECK` or `ALTER DOMAIN … ADD CONSTRAINT` (validated against every column of the domain).
    case domainConstraint(domain: String, notValid: Bool)
    case dropDatabase(name: String)
    /// `ALTER COLUMN … DROP EXPRESSION`: a generated column becomes a plain one.
    case dropExpression(table: String, column: String)
    /// Renames of schemas, indexes, types, views…, and `SET SCHEMA`: names running code uses.
    case renameObject(kind: String, name: String)
    /// A name longer than Postgres's 63 bytes, which it silently truncates.
    case longIdentifier(name: String)
    case setting(name: String, value: String)
    case transaction(begin: Bool)
    /// Who may do what: `GRANT`, `REVOKE`, roles (`CREATE`/`ALTER`/`DROP ROLE`, `GRANT role TO role`), default
    /// privileges, and the server's or database's settings (`ALTER SYSTEM`, `ALTER DATABASE … SET`). `command` says
    /// which, as written (`GRANT`, `ALTER ROLE`); `tables`, the tables a `GRANT` or `REVOKE` names one by one (empty
    /// for one on every table of a schema, on other objects, or for any other command).
    case privilegeChange(command: String, tables: [String])
    /// Anything else (functions, views, grants, extensions…), named by the parser's node tag.
    case other(kind: String)
}

extension SchemaOperation {
    /// The table the operation touches, when it has one.
    public var table: String? {
        switch self {
        case .createTable(let table, _), .dropTable(let table), .renameTable(let table, _), .addColumn(let table, _),
            .dropColumn(let table, _), .renameColumn(let table, _, _), .alterColumnType(let table, _, _),
            .setNotNull(let table, _), .dropNotNull(let table, _), .setDefault(let table, _), .dropDefault(let table, _),
            .createIndex(_, let table, _, _, _), .addConstraint(let table, _, _, _, _, _, _),
            .validateConstraint(let table, _), .dropConstraint(let table, _), .alterStorage(let table, _),
            .detachPartition(let table, _, _), .attachPartition(let table, _), .createTrigger(let table, _),
            .dropExpression(let table, _), .policy(let table, _, _), .alterTableSetting(let table, _):
            table
        case .dataChange(let table, _, _, _), .rewriteTable(_, let table): table
        case .lockTable(let tables, _): tables.first
        case .truncate(let tables, _): tables.first
        default: nil
        }
    }
}

/// What a `SchemaOperation.policy` does, where it matters: row security turned on denies every row a role has no
/// policy for.
public enum PolicyChange: Sendable, Equatable, Hashable {
    /// `CREATE POLICY`.
    case create
    /// `ALTER TABLE … ENABLE` or `FORCE ROW LEVEL SECURITY`.
    case enableRowSecurity
    /// `ALTER POLICY`, `DROP POLICY`, `DISABLE` or `NO FORCE ROW LEVEL SECURITY`.
    case other
}
