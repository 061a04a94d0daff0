import Foundation
import GateCore

/// How a migration file is written, which decides how it is read.
public enum MigrationFormat: String, Sendable, Equatable, CaseIterable {
    /// Plain SQL, applied forward (Flyway, golang-migrate `.up.sql`, Prisma, Supabase, Drizzle, dbmate, Sqitch…).
    case sql
    /// SQL that only runs on rollback (`.down.sql`, Flyway `U…`, Sqitch `revert/`): parsed, not judged for hazards.
    case sqlRollback
    case rails, django, alembic, knex, sequelize, typeorm
    /// MikroORM's `Migration` classes, whose `up()` runs `this.addSql('…')`.
    case mikroORM = "mikro-orm"
    /// Kysely's migrations: `up(db)` builds statements with `db.schema` (`createTable('person').addColumn(…)`).
    case kysely
    /// node-pg-migrate's JavaScript and TypeScript migrations: `up(pgm)` calls the builder (`pgm.addColumn(…)`).
    case nodePgMigrate = "node-pg-migrate"
    /// goose's Go migrations: `goose.AddMigrationContext(up, down)` and the SQL the up function executes.
    case gooseGo = "goose"
    /// A Liquibase changelog in XML, YAML or JSON: its change types (`addColumn`, `createIndex`…) and `sql` bodies.
    case liquibase
    /// Laravel's schema builder (`database/migrations/*.php`: `Schema::table(…, function (Blueprint $table) {…})`).
    case laravel
    /// Doctrine Migrations' `Version*.php` classes, whose `up()` runs `$this->addSql('…')`.
    case doctrine
    /// Entity Framework Core's `Migrations/*.cs` classes (`migrationBuilder.DropColumn(…)` in `Up`).
    case efCore = "ef-core"
    /// Phinx (and CakePHP Migrations): `$this->table('users')->removeColumn('x')->update()` in `change()` or `up()`.
    case phinx
    /// Vapor's Fluent migrations (Swift): `database.schema("users").deleteField("x").update()` in `prepare(on:)`.
    case fluent
    /// SeaORM's migrations (Rust): sea-query builders (`Table::alter()…drop_column(Post::Legacy)`) in `up`.
    case seaORM = "sea-orm"
    /// Elixir's Ecto migrations (`priv/repo/migrations/*.exs`): `alter table(:users) do … end`, `create index(…)`.
    case ecto
    /// An ORM schema file (schema.prisma, a Drizzle schema): a schema change without statements.
    case prismaSchema, drizzleSchema
}

extension MigrationFormat {
    /// The tool names a migration by an identity written inside the file, not by its file name: Alembic's
    /// `revision = "…"`. Renamed with that identity kept, it is the same migration to the tool and to `gate deploy`.
    public var namesMigrationInside: Bool { self == .alembic }
}

/// A file recognised as a migration, with the convention that recognised it.
public struct MigrationFileKind: Sendable, Equatable {
    public var format: MigrationFormat
    /// The tool whose convention matched, e.g. `flyway`, `rails`, `policy` (paths.migrations).
    public var framework: String

    public init(format: MigrationFormat, framework: String) {
        self.format = format
        self.framework = framework
    }
}

/// Recognises migration files by the path conventions of the common migration tools.
public enum MigrationLayout {
    /// The kind of migration at `path`, or nil when it is not one. `head` lets ambiguous paths
    /// (a `migrations/*.ts` file: Knex, Sequelize or TypeORM?) be told apart by their content.
    public static func classify(_ path: String, head: [UInt8] = [], extra: [Glob] = []) -> MigrationFileKind? {
        // Most files asked about follow no convention: their path's bytes say so before it is split into strings.
        guard mayClassify(path, extra: extra) else { return nil }
        return classifyByConventions(path, head: head, extra: extra)
    }

    /// Whether `classify` may find a kind for `path`, whatever the file holds: false means it finds none.
    public static func mayClassify(_ path: String, extra: [Glob] = []) -> Bool {
        mayFollowConvention(path) || extra.contains(where: { $0.matches(path) })
    }

    /// `classify` without its first byte test: the conventions read from the path's components.
    static func classifyByConventions(_ path: String, head: [UInt8], extra: [Glob]) -> MigrationFileKind? {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return nil }
        let directories = parts.dropLast()
        let parent = directories.last ?? ""
        let lowerName = name.lowercased()
        let isSQL = lowerName.hasSuffix(".sql")
        let script = [".js", ".ts", ".cjs", ".mjs"].contains { lowerName.hasSuffix($0) } && !lowerName.hasSuffix(".d.ts")

        if name == "schema.prisma" || (lowerName.hasSuffix(".prisma") && directories.contains("prisma")) {
            return MigrationFileKind(format: .prismaSchema, framework: "prisma")
        }
        if isSQL {
            if var kind = classifySQL(name: name, lowerName: lowerName, directories: Array(directories)) {
                // A folder of numbered SQL files is named by its tool's markers in the file, when it has them.
                if kind.format == .sql, kind.framework == "dbmate" || kind.framework == "migrations" {
                    kind.framework = LayoutReader.gooseMarker(head, "up") != nil ? "goose"
                        : head.containsSequence(LayoutReader.dbmateUp) ? "dbmate" : "SQL"
                }
                return kind
            }
            // goose's annotations say so wherever the file lives (sqlc's `sql/schema/`): its Up section runs, never
            // its Down one, which read as code would be a DROP TABLE.
            if LayoutReader.opensWithGooseUp(head) { return MigrationFileKind(format: .sql, framework: "goose") }
            // So do dbmate's: its `-- migrate:down` section only runs on rollback, and its `-- migrate:up` one in a
            // transaction unless it says `transaction:false`.
            if LayoutReader.opensWithDbmateUp(head) { return MigrationFileKind(format: .sql, framework: "dbmate") }
        }
        // `db/post_migrate/` holds the post-deployment migrations of GitLab's layout (Mastodon, Discourse).
        if lowerName.hasSuffix(".rb"), parent == "migrate" || parent == "post_migrate", directories.dropLast().last == "db" {
            return MigrationFileKind(format: .rails, framework: "rails")
        }
        if lowerName.hasSuffix(".py") {
            if parent == "versions", directories.contains(where: { $0 == "alembic" || $0 == "migrations" }) {
                return MigrationFileKind(format: .alembic, framework: "alembic")
            }
            // Alembic's `script_location` may be any folder (`stampy/versions/…`): a revision there says so itself.
            if parent == "versions", head.containsSequence(Array("down_revision".utf8)),
               head.containsSequence(Array("alembic".utf8)) {
                return MigrationFileKind(format: .alembic, framework: "alembic")
            }
            // `recursive_version_locations = true` lets revisions live in subfolders (`versions/2025/07/…`): one
            // there names its parent revision.
            if let versions = directories.lastIndex(of: "versions"), versions != directories.index(before: directories.endIndex),
               directories[..<versions].contains(where: { $0 == "alembic" || $0 == "migrations" }),
               head.isEmpty || head.containsSequence(Array("down_revision".utf8)) {
                return MigrationFileKind(format: .alembic, framework: "alembic")
            }
            if parent == "migrations", name.prefix(4).allSatisfy(\.isNumber), name.dropFirst(4).first == "_" {
                return MigrationFileKind(format: .django, framework: "django")
            }
        }
        if script, directories.contains(where: { $0 == "migrations" || $0 == "migration" }) {
            return MigrationFileKind(format: scriptFormat(head), framework: scriptFormat(head).rawValue)
        }
        // goose registers a Go migration in its file's `init` (`goose.AddMigrationContext(up, down)`).
        if lowerName.hasSuffix(".go"), directories.contains(where: { $0 == "migrations" || $0 == "migration" }),
           head.containsSequence(Array("goose.AddMigration".utf8)) || head.containsSequence(Array("goose.AddNamedMigration".utf8))
        {
            return MigrationFileKind(format: .gooseGo, framework: "goose")
        }
        if let kind = classifyPHPOrCSharp(lowerName: lowerName, directories: Array(directories), head: head) { return kind }
        // SeaORM: `migration/src/m20240501_000001_x.rs`, a `MigrationTrait` (not the crate's `Migrator` in lib.rs).
        if lowerName.hasSuffix(".rs"), directories.contains(where: { $0 == "migration" || $0 == "migrations" }),
           head.containsSequence(Array("MigrationTrait for".utf8))
        {
            return MigrationFileKind(format: .seaORM, framework: "sea-orm")
        }
        // Ecto: `priv/repo/migrations/20240501120000_add_handle.exs` (`use Ecto.Migration`); asked by path alone (the
        // deploy's list of the migrations a check saw), a `priv/…/migrations` folder says so.
        if lowerName.hasSuffix(".exs"), directories.contains(where: { $0 == "migrations" }),
           head.isEmpty ? directories.contains("priv") : head.containsSequence(Array("Ecto.Migration".utf8))
        {
            return MigrationFileKind(format: .ecto, framework: "ecto")
        }
        // Fluent: a Swift migration (`AsyncMigration`, `Migration`) of a Vapor app's `Migrations` folder.
        if lowerName.hasSuffix(".swift"), directories.contains(where: { $0.lowercased().contains("migration") }),
           !directories.contains(where: { $0 == "Tests" || $0 == "tests" }),
           head.containsSequence(Array("import Fluent".utf8)), head.containsSequence(Array("prepare(on".utf8))
        {
            return MigrationFileKind(format: .fluent, framework: "fluent")
        }
        if isLiquibaseChangelog(lowerName: lowerName, directories: Array(directories), head: head) {
            return MigrationFileKind(format: .liquibase, framework: "liquibase")
        }
        if script, isDrizzleSchema(name: lowerName, directories: Array(directories), head: head) {
            return MigrationFileKind(format: .drizzleSchema, framework: "drizzle")
        }
        if extra.contains(where: { $0.matches(path) }) {
            if isSQL { return MigrationFileKind(format: .sql, framework: "policy") }
            if lowerName.hasSuffix(".rb") { return MigrationFileKind(format: .rails, framework: "policy") }
            if lowerName.hasSuffix(".py") {
                let alembic = head.containsSequence(Array("from alembic".utf8))
                return MigrationFileKind(format: alembic ? .alembic : .django, framework: "policy")
            }
            if script { return MigrationFileKind(format: scriptFormat(head), framework: "policy") }
            // A tool's own metadata beside its migrations (Prisma's `migration_lock.toml`, Drizzle's `meta/_journal.json`
            // and snapshots, notes, `.gitkeep`) matches a `prisma/migrations/**` glob but is never run as SQL.
            if Self.isMigrationMetadata(lowerName) { return nil }
            return MigrationFileKind(format: .sql, framework: "policy")
        }
        return nil
    }

    private static let metadataExtensions: Set<Substring> = ["toml", "json", "md", "txt", "lock", "yml", "yaml", "csv", "sum", "keep"]

    /// Whether a (lowercased) file name is migration-tool metadata or notes rather than a migration.
    static func isMigrationMetadata(_ lowerName: String) -> Bool {
        if lowerName.hasPrefix(".") || lowerName.hasPrefix("readme") { return true }
        guard let dot = lowerName.lastIndex(of: ".") else { return false }
        return metadataExtensions.contains(lowerName[lowerName.index(after: dot)...])
    }

    /// Whether `path` may follow one of the conventions `classify` recognises: a necessary condition, tested on
    /// the path's bytes. Every convention needs its file extension, and Ruby, Python and script migrations also a
    /// directory name, which then appears in the path's bytes. Case-insensitive byte tests are no stricter than
    /// `lowercased().hasSuffix`: the only non-ASCII character lower-casing to an ASCII letter is the Kelvin sign
    /// (to `k`), which no extension here contains.
    static func mayFollowConvention(_ path: String) -> Bool {
        PathBytes.with(path) { path in
            guard let name = path.fileName else { return false }
            if path.hasSuffix(name, lowercased: ".sql") || path.hasSuffix(name, lowercased: ".prisma") { return true }
            if path.hasSuffix(name, lowercased: ".rb") { return path.contains(lowercased: "migrate") }
            if path.hasSuffix(name, lowercased: ".py") {
                return path.contains(lowercased: "versions") || path.contains(lowercased: "migrations")
            }
            if path.hasSuffix(name, lowercased: ".go") { return path.contains(lowercased: "migration") }
            if path.hasSuffix(name, lowercased: ".php") || path.hasSuffix(name, lowercased: ".cs") {
                return path.contains(lowercased: "migrations")
            }
            if path.hasSuffix(name, lowercased: ".exs") { return path.contains(lowercased: "migrations") }
            if path.hasSuffix(name, lowercased: ".swift") || path.hasSuffix(name, lowercased: ".rs") {
                return path.contains(lowercased: "migration")
            }
            if path.hasSuffix(name, lowercased: ".xml") || path.hasSuffix(name, lowercased: ".yaml")
                || path.hasSuffix(name, lowercased: ".yml") || path.hasSuffix(name, lowercased: ".json")
            {
                return path.contains(lowercased: "changelog") || path.contains(lowercased: "liquibase")
            }
            if path.hasSuffix(name, lowercased: ".js") || path.hasSuffix(name, lowercased: ".ts")
                || path.hasSuffix(name, lowercased: ".cjs") || path.hasSuffix(name, lowercased: ".mjs")
            {
                // A `migrations`/`migration` directory, or a Drizzle schema (`schema.ts`, `*.schema.ts`, `schema/`).
                return path.contains(lowercased: "migration") || path.contains(lowercased: "schema")
            }
            return false
        }
    }

    /// Laravel, Doctrine, Phinx and EF Core migrations: PHP or C# in a `migrations` folder (`database/migrations`,
    /// `db/migrations`, `Migrations`, `DoctrineMigrations`), told apart by the API they call. EF's `*.Designer.cs` and
    /// `*ModelSnapshot.cs` beside them are generated model state, not migrations; a test's or fixture's migrations
    /// never run in production.
    private static func classifyPHPOrCSharp(lowerName: String, directories: [String], head: [UInt8]) -> MigrationFileKind? {
        let php = lowerName.hasSuffix(".php")
        guard php || lowerName.hasSuffix(".cs") else { return nil }
        let folders = directories.map { $0.lowercased() }
        guard folders.contains(where: { $0.hasSuffix("migrations") }),
              !folders.contains(where: { $0 == "tests" || $0 == "test" || $0 == "fixtures" }),
              !lowerName.hasSuffix("test.php"), !lowerName.hasSuffix("tests.cs"), !lowerName.hasSuffix("test.cs")
        else { return nil }
        // Asked by path alone (the deploy's list of the migrations a check saw): the folder's framework, so none is lost.
        if head.isEmpty {
            if !php {
                let generated = lowerName.hasSuffix(".designer.cs") || lowerName.hasSuffix("modelsnapshot.cs")
                return generated ? nil : MigrationFileKind(format: .efCore, framework: "ef-core")
            }
            return lowerName.hasPrefix("version") && !folders.contains("database")
                ? MigrationFileKind(format: .doctrine, framework: "doctrine") : MigrationFileKind(format: .laravel, framework: "laravel")
        }
        if php {
            if head.containsSequence(Array("Doctrine\\Migrations".utf8))
                || head.containsSequence(Array("AbstractMigration".utf8)) && head.containsSequence(Array("addSql(".utf8))
            {
                return MigrationFileKind(format: .doctrine, framework: "doctrine")
            }
            // Phinx, and CakePHP's Migrations plugin built on it (`use Migrations\AbstractMigration;`).
            if head.containsSequence(Array("Phinx\\".utf8)) || head.containsSequence(Array("Migrations\\AbstractMigration".utf8))
                || head.containsSequence(Array("Migrations\\BaseMigration".utf8))
            {
                return MigrationFileKind(format: .phinx, framework: "phinx")
            }
            // Every Laravel migration extends `Migration` (a class, or `return new class extends Migration`); a
            // service or command kept in a `Migrations` folder does not.
            if head.containsSequence(Array("extends Migration".utf8)) {
                return MigrationFileKind(format: .laravel, framework: "laravel")
            }
            return nil
        }
        // A migration overrides `Up(MigrationBuilder …)`; a helper taking a `MigrationBuilder` does not.
        guard !lowerName.hasSuffix(".designer.cs"), !lowerName.hasSuffix("modelsnapshot.cs"),
              head.containsSequence(Array("void Up(".utf8)), head.containsSequence(Array("MigrationBuilder".utf8))
        else { return nil }
        return MigrationFileKind(format: .efCore, framework: "ef-core")
    }

    /// A schema dump the framework writes from the database (Rails' `db/structure.sql`, `db/<name>_structure.sql` for
    /// another database; Laravel's `database/schema/<connection>-schema.sql`): loaded only into an empty database, it
    /// is neither a migration nor DDL run by code, and naming a column is no use of it.
    public static func isSchemaDump(_ path: String) -> Bool {
        guard path.hasSuffix(".sql") else { return false }
        let parts = path.split(separator: "/")
        guard parts.count >= 2, let name = parts.last else { return false }
        let folder = parts[parts.count - 2]
        if folder == "db" { return name == "structure.sql" || name.hasSuffix("_structure.sql") }
        return folder == "schema" && parts.count >= 3 && parts[parts.count - 3] == "database" && name.hasSuffix("-schema.sql")
    }

    /// EF Core's `Migrations/<version>_<Name>.Designer.cs`: the model as that migration left it, generated.
    public static func isEFCoreMigrationDesigner(_ path: String) -> Bool {
        guard path.hasSuffix(".Designer.cs") else { return false }
        return path.split(separator: "/").dropLast().contains { $0.lowercased().hasSuffix("migrations") }
    }

    /// A Liquibase changelog: XML, YAML or JSON in a changelog's folder (`db/changelog/`, `liquibase/`) or named as
    /// one (`db.changelog-master.yaml`), whose content opens a `databaseChangeLog`.
    private static func isLiquibaseChangelog(lowerName: String, directories: [String], head: [UInt8]) -> Bool {
        guard [".xml", ".yaml", ".yml", ".json"].contains(where: lowerName.hasSuffix),
              lowerName.contains("changelog") || directories.contains(where: isLiquibaseFolder)
        else { return false }
        return LiquibaseChangelogReader.isChangelog(head)
    }

    private static func isLiquibaseFolder(_ directory: String) -> Bool {
        let lower = directory.lowercased()
        return lower.contains("changelog") || lower == "liquibase"
    }

    private static func classifySQL(name: String, lowerName: String, directories: [String]) -> MigrationFileKind? {
        if lowerName.hasSuffix(".down.sql") { return MigrationFileKind(format: .sqlRollback, framework: "golang-migrate") }
        if lowerName.hasSuffix(".up.sql") { return MigrationFileKind(format: .sql, framework: "golang-migrate") }
        if let postgrator = LayoutReader.postgratorName(name) {
            return MigrationFileKind(format: postgrator.isUndo ? .sqlRollback : .sql, framework: "postgrator")
        }
        // Diesel: `migrations/2024-05-01-120000_add_handle/{up,down}.sql`; the down script only runs on a revert.
        if lowerName == "up.sql" || lowerName == "down.sql", directories.last?.first?.isNumber == true,
           directories.dropLast().contains(where: { $0 == "migrations" || $0 == "migration" })
        {
            return MigrationFileKind(format: lowerName == "up.sql" ? .sql : .sqlRollback, framework: "diesel")
        }
        // Flyway: V<version>__desc.sql (versioned), R__desc.sql (repeatable), U<version>__desc.sql (undo).
        // Byte pairs, not Foundation's substring search: every analysed file's name is asked.
        if let first = name.first, zip(name.utf8, name.utf8.dropFirst()).contains(where: { $0 == 0x5F && $1 == 0x5F }) {
            let version = name.dropFirst().prefix { $0 != "_" }
            if first == "R", name.hasPrefix("R__") { return MigrationFileKind(format: .sql, framework: "flyway") }
            if first == "V" || first == "U", !version.isEmpty,
                version.allSatisfy({ $0.isNumber || $0 == "." || $0 == "_" })
            {
                return MigrationFileKind(format: first == "U" ? .sqlRollback : .sql, framework: "flyway")
            }
        }
        let parent = directories.last ?? ""
        if directories.count >= 2, directories[directories.count - 2] == "migrations",
            directories.dropLast(2).last == "prisma", name == "migration.sql"
        {
            return MigrationFileKind(format: .sql, framework: "prisma")
        }
        if parent == "migrations", directories.dropLast().last == "supabase" {
            return MigrationFileKind(format: .sql, framework: "supabase")
        }
        if directories.contains("drizzle") { return MigrationFileKind(format: .sql, framework: "drizzle") }
        if parent == "deploy" { return MigrationFileKind(format: .sql, framework: "sqitch") }
        if parent == "revert" { return MigrationFileKind(format: .sqlRollback, framework: "sqitch") }
        if parent == "migrations", directories.dropLast().last == "db" {
            return MigrationFileKind(format: .sql, framework: "dbmate")
        }
        if directories.contains(where: { $0 == "migrations" || $0 == "migration" || $0 == "migrate" }) {
            return MigrationFileKind(format: .sql, framework: directories.contains("atlas") ? "atlas" : "migrations")
        }
        // Liquibase's formatted SQL changelogs (`--liquibase formatted sql`, `--changeset author:id`).
        if directories.contains(where: isLiquibaseFolder) { return MigrationFileKind(format: .sql, framework: "liquibase") }
        return nil
    }

    /// Knex, Sequelize, TypeORM, MikroORM, Kysely and node-pg-migrate all keep migrations in `migrations/*.{js,ts}`;
    /// their APIs tell them apart.
    public static func scriptFormat(_ head: [UInt8]) -> MigrationFormat {
        if head.containsSequence(Array("queryRunner".utf8)) || head.containsSequence(Array("MigrationInterface".utf8)) {
            return .typeorm
        }
        if head.containsSequence(Array("queryInterface".utf8)) { return .sequelize }
        // Before Knex, whose builder is also reached through `.schema`.
        if head.containsSequence(Array("Kysely<".utf8)) || head.containsSequence(Array("from 'kysely'".utf8))
            || head.containsSequence(Array("from \"kysely\"".utf8))
        {
            return .kysely
        }
        if head.containsSequence(Array("this.addSql(".utf8)) || head.containsSequence(Array("@mikro-orm/migrations".utf8)) {
            return .mikroORM
        }
        // node-pg-migrate's builder is handed in as `pgm`, or the file imports the package's types.
        if head.containsSequence(Array("node-pg-migrate".utf8))
            || head.containsSequence(Array("pgm.".utf8)) && !head.containsSequence(Array("knex".utf8))
        {
            return .nodePgMigrate
        }
        return .knex
    }

    /// Whether a JavaScript or TypeScript migration is node-pg-migrate's rather than Knex's: its builder is handed in
    /// as `pgm` (`exports.up = (pgm) => { pgm.createTable(…) }`) or it imports the package's types.
    public static func isNodePgMigrateScript(_ bytes: [UInt8]) -> Bool {
        scriptFormat(bytes) == .nodePgMigrate
    }

    private static func isDrizzleSchema(name: String, directories: [String], head: [UInt8]) -> Bool {
        guard name == "schema.ts" || name == "schema.js" || name.hasSuffix(".schema.ts") || directories.last == "schema"
        else { return false }
        return head.containsSequence(Array("drizzle-orm".utf8))
    }
}

/// One migration as its framework lays it out: identity, order, the SQL gate applies and the framework's own version.
public struct DiscoveredMigration: Sendable, Equatable {
    /// The path relative to the migrations directory: the migration's identity in gate's history.
    public var id: String
    /// What gate runs: the file's text, or the `-- migrate:up` section of a dbmate file; code migrations keep their
    /// source (they run through `--migrate-cmd`).
    public var text: String
    public var format: MigrationFormat
    /// The version the framework records in its own table (Prisma's folder name, Drizzle's journal `when`, Flyway's
    /// version, an Alembic revision, `app.name` for Django…), used to adopt a database it migrated.
    public var frameworkVersion: String
    /// Flyway `R__` files: applied again whenever their checksum changes, after every versioned migration.
    public var repeatable: Bool
    /// Alembic's parent revisions, so the applied set can be derived from `alembic_version`'s head.
    public var parents: [String]
    /// The framework runs this migration outside a transaction because its author said so (Diesel's
    /// `run_in_transaction = false`, sqlx's `-- no-transaction`, goose's `-- +goose NO TRANSACTION`): statements
    /// such as `ALTER TYPE … ADD VALUE` followed by a use of the value need it, and parsing cannot tell.
    public var runsOutsideTransaction: Bool

    public init(id: String, text: String, format: MigrationFormat = .sql, frameworkVersion: String,
                repeatable: Bool = false, parents: [String] = [], runsOutsideTransaction: Bool = false) {
        self.id = id
        self.text = text
        self.format = format
        self.frameworkVersion = frameworkVersion
        self.repeatable = repeatable
        self.parents = parents
        self.runsOutsideTransaction = runsOutsideTransaction
    }

    /// True for migrations written in code, which only their framework's migrator can run.
    public var isCode: Bool { format != .sql }
}

/// A migrations directory read in its framework's layout and order.
public struct DiscoveredLayout: Sendable, Equatable {
    /// `plain`, `prisma`, `drizzle`, `supabase`, `golang-migrate`, `flyway`, `dbmate`, `goose`, `graphile-migrate`,
    /// `atlas`, `liquibase`, `node-pg-migrate`, `sql-migrate`, `tern`, `postgrator`, `diesel`, `sqitch`, `nested`,
    /// `rails`, `django`, `alembic`, `knex`, `laravel`, `doctrine`, `phinx`, `ef-core`, `fluent`, `sea-orm`, `ecto`.
    public var layout: String
    /// In the framework's order.
    public var migrations: [DiscoveredMigration]
    /// Files the framework itself skips (a `.down.sql`, a Supabase file without a timestamp), with why: shown as
    /// notices, never applied.
    public var skipped: [(path: String, reason: String)]
    /// Files in no place of the layout: the deploy refuses rather than guess (SPEC §5 step 0).
    public var unrecognised: [String]

    public static func == (lhs: DiscoveredLayout, rhs: DiscoveredLayout) -> Bool {
        lhs.layout == rhs.layout && lhs.migrations == rhs.migrations && lhs.unrecognised == rhs.unrecognised
            && lhs.skipped.map(\.path) == rhs.skipped.map(\.path) && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason)
    }
}

/// Why a migrations directory cannot be read in any layout.
public struct LayoutError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension MigrationLayout {
    /// Whether the tool running a SQL migration wraps it in a transaction unless the file says otherwise, so that
    /// `CREATE INDEX CONCURRENTLY` fails there: Drizzle's migrator always (drizzle-orm#860); goose without
    /// `-- +goose NO TRANSACTION`; dbmate without `transaction:false` on its `-- migrate:up` line.
    /// Whether a SQL migration's own annotations say its tool runs it outside a transaction: goose's
    /// `-- +goose NO TRANSACTION`, dbmate's `transaction:false`, sqlx's and Graphile Migrate's first-line markers,
    /// sql-migrate's `notransaction`, Atlas's `txmode none`.
    public static func declaresNoTransaction(_ bytes: [UInt8]) -> Bool {
        if LayoutReader.sqlxNoTransaction(bytes) || bytes.starts(with: Array("--! no-transaction".utf8)) { return true }
        if LayoutReader.gooseMarker(bytes, "notransaction") != nil { return true }
        if bytes.containsSequence(LayoutReader.dbmateUp),
           TextLines(decoding: bytes).first(where: { $0.hasPrefix("-- migrate:up") })?
               .replacingOccurrences(of: " ", with: "").contains("transaction:false") == true { return true }
        if bytes.containsSequence(Array("-- +migrate ".utf8)),
           TextLines(decoding: bytes).contains(where: { LayoutReader.sqlMigrateCommand($0)?.dropFirst().contains("notransaction") == true }) {
            return true
        }
        return bytes.containsSequence(Array("atlas:txmode".utf8))
            && LayoutReader.atlasHeaderDirective(String(decoding: bytes, as: UTF8.self), "txmode") == "none"
    }

    /// Whether the file's tool runs a statement Postgres refuses in a transaction (`CREATE INDEX CONCURRENTLY`) only
    /// when it is the file's one statement: golang-migrate's postgres driver sends the whole file as one query string
    /// (unless the database URL asks for `x-multi-statement`), which Postgres runs as one implicit transaction; Flyway
    /// runs such a statement outside a transaction but refuses a file mixing it with others (unless `mixed` is set).
    public static func runsNoTransactionStatementOnlyAlone(_ kind: MigrationFileKind) -> Bool {
        kind.format == .sql && (kind.framework == "golang-migrate" || kind.framework == "flyway")
    }

    /// Whether the file's tool opens a transaction of its own around it and records the migration in it: Flyway
    /// (`executeInTransaction`, the default). golang-migrate opens none: a file's own BEGIN and COMMIT are its own.
    public static func opensTransactionAroundFile(_ kind: MigrationFileKind) -> Bool {
        kind.format == .sql && kind.framework == "flyway"
    }

    public static func wrapsInTransaction(_ kind: MigrationFileKind, bytes: [UInt8]) -> Bool {
        guard kind.format == .sql else { return false }
        if kind.framework == "drizzle" { return true }
        if LayoutReader.gooseMarker(bytes, "up") != nil { return LayoutReader.gooseMarker(bytes, "notransaction") == nil }
        guard bytes.containsSequence(LayoutReader.dbmateUp) else { return false }
        let up = TextLines(decoding: bytes).first { $0.hasPrefix("-- migrate:up") }
        return !(up?.replacingOccurrences(of: " ", with: "").contains("transaction:false") ?? false)
    }

    /// Reads a migrations directory's files (paths relative to it) in the layout they follow. `directory` is its
    /// path in the repository (`supabase/migrations` says Supabase); the order is the framework's, so duplicate
    /// timestamps are fine where the framework allows them and an error where it does not.
    public static func discover(directory: String, files: [(path: String, bytes: [UInt8])]) throws(LayoutError)
        -> DiscoveredLayout
    {
        var reader = LayoutReader(directory: directory, files: files)
        return try reader.read()
    }

    /// What names the migration at `path` to the tool that applies it and remembers it, by its path: the version
    /// its name starts with (`20240301090000` of a Rails migration, `000002` of golang-migrate's
    /// `000002_index.up.sql`, `2_1` of Flyway's `V2_1__x.sql`, the folder's of Prisma's
    /// `…/20240301090000_init/migration.sql`), an Alembic revision's id (its name up to `_`), a Django migration's
    /// whole name (its dependents name it); a name with no version is its own. A migration renamed to another
    /// identity is another migration.
    public static func identity(of path: String, kind: MigrationFileKind) -> String {
        let components = path.split(separator: "/")
        guard var name = components.last else { return path }
        if kind.format == .django { return String(name) }
        if kind.format == .alembic { return String(name.prefix { $0 != "_" }) }
        // Prisma's and Diesel's migrations are folders: the file's name is the same in each.
        if ["migration.sql", "up.sql", "down.sql"].contains(name), components.count > 1 { name = components[components.count - 2] }
        let (version, _) = splitVersion(name)
        return version.isEmpty ? String(name) : String(version)
    }

    /// A migration name's version and its description after it: Flyway's `V`/`U` set aside, the leading digits with
    /// their `_`, `-` and `.` separators (trailing ones not part of the version); an empty version for a name that
    /// starts with none.
    static func splitVersion(_ name: Substring) -> (version: Substring, description: Substring) {
        var name = name
        if let first = name.first, first == "V" || first == "U", name.dropFirst().first?.isNumber == true { name = name.dropFirst() }
        let prefix = name.prefix { $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
        var version = prefix
        while let last = version.last, last == "_" || last == "-" || last == "." { version = version.dropLast() }
        return (version, name[prefix.endIndex...])
    }

    /// A changelog path as Liquibase's search path reads it: without `classpath:` and a leading `/`, `.` and `..`
    /// segments resolved.
    public static func normalizedLiquibasePath(_ path: String) -> String {
        var text = Substring(path.trimmingCharacters(in: .whitespaces))
        for prefix in ["classpath*:", "classpath:"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        var parts: [Substring] = []
        for part in text.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty { parts.removeLast(); continue }
            parts.append(part)
        }
        return parts.joined(separator: "/") + (text.hasSuffix("/") && !parts.isEmpty ? "/" : "")
    }

    /// The migration tool a SQL file's own annotations name, wherever it lives: goose (`-- +goose Up` first), dbmate
    /// (`-- migrate:up`), sql-migrate (`-- +migrate Up`), node-pg-migrate (`-- Up Migration`); nil for other files.
    public static func annotatedTool(_ bytes: [UInt8]) -> String? {
        if LayoutReader.opensWithGooseUp(bytes) { return "goose" }
        if bytes.containsSequence(LayoutReader.dbmateUp) { return "dbmate" }
        if LayoutReader.sqlMigrateCommand(bytes, "Up") != nil { return "sql-migrate" }
        if nodePgMigrateMarker(bytes, "up") != nil { return "node-pg-migrate" }
        return nil
    }

    /// The directory a migrations layout is read from, for a migration at `path` of `kind`: Prisma's
    /// `prisma/migrations` above `<version>_<name>/migration.sql`, the folder above Diesel's version folders and above
    /// Sqitch's `deploy/`, otherwise the file's own folder ("." at the root).
    public static func migrationsDirectory(of path: String, kind: MigrationFileKind) -> String {
        var parts = path.split(separator: "/").dropLast()
        if kind.framework == "prisma" || kind.framework == "diesel" || kind.framework == "sqitch" { parts = parts.dropLast() }
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// The line above which a tern migration holds what it applies, and below which its rollback.
    public static let ternSeparatorLine = "---- create above / drop below ----"

    /// The index of the first line of a node-pg-migrate SQL migration that starts its `up` or `down` section, matched as
    /// node-pg-migrate matches it (`-- Up Migration`: any case, dashes and spaces after the first two dashes).
    public static func nodePgMigrateMarker(_ bytes: [UInt8], _ direction: String) -> Int? {
        guard ByteSearch.containsFolded(bytes, Array("migration".utf8)) else { return nil }
        return TextLines(decoding: bytes).enumerated().first { _, line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("--") else { return false }
            let rest = trimmed.dropFirst(2).drop { $0 == "-" || $0 == " " || $0 == "\t" }.lowercased()
            guard rest.hasPrefix(direction) else { return false }
            let afterDirection = rest.dropFirst(direction.count)
            guard let first = afterDirection.first, first == " " || first == "\t" else { return false }
            return afterDirection.drop { $0 == " " || $0 == "\t" }.hasPrefix("migration")
        }?.offset
    }
}

/// The layout rules, applied in order of how specific their marker is (a lock file, a journal, a plan, a path).
private struct LayoutReader {
    let directory: String
    let files: [(path: String, bytes: [UInt8])]
    var skipped: [(path: String, reason: String)] = []
    var unrecognised: [String] = []

    init(directory: String, files: [(path: String, bytes: [UInt8])]) {
        var trimmed = directory
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.directory = trimmed
        self.files = files.sorted { $0.path < $1.path }
    }

    mutating func read() throws(LayoutError) -> DiscoveredLayout {
        let paths = Set(files.map(\.path))
        let (layout, migrations): (String, [DiscoveredMigration])
        if paths.contains("migration_lock.toml") || files.contains(where: { Self.isPrismaMigration($0.path) }) {
            (layout, migrations) = ("prisma", try prisma())
        } else if let journal = files.first(where: { $0.path == "meta/_journal.json" }) {
            (layout, migrations) = ("drizzle", try drizzle(journal.bytes))
        } else if let plan = files.first(where: { $0.path == "sqitch.plan" }) {
            (layout, migrations) = ("sqitch", try sqitch(plan.bytes))
        } else if directory == "supabase/migrations" || directory.hasSuffix("/supabase/migrations") {
            (layout, migrations) = ("supabase", try supabase())
        } else if files.contains(where: { isGooseGo($0) }) {
            // goose runs its Go migrations and its SQL ones in one version order: only `goose up` can run the set.
            (layout, migrations) = ("goose", try goose())
        } else if let code = codeLayout() {
            (layout, migrations) = (code, try codeMigrations(code))
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && Self.gooseMarker($0.bytes, "up") != nil }) {
            // Before dbmate and plain: a goose file read as plain SQL would run its Down section too.
            (layout, migrations) = ("goose", try goose())
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && $0.bytes.starts(with: Self.graphilePrevious) }) {
            (layout, migrations) = ("graphile-migrate", try graphileMigrate())
        } else if let sum = files.first(where: { $0.path == "atlas.sum" }) {
            (layout, migrations) = ("atlas", try atlas(sum: sum.bytes))
        } else if files.contains(where: Self.isLiquibaseChangelog) {
            (layout, migrations) = ("liquibase", try liquibase())
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && MigrationLayout.nodePgMigrateMarker($0.bytes, "up") != nil }) {
            // Before dbmate and plain as well: node-pg-migrate, sql-migrate and tern keep each migration's rollback in
            // the same file, which plain SQL would run too.
            (layout, migrations) = ("node-pg-migrate", try nodePgMigrate())
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && Self.sqlMigrateCommand($0.bytes, "Up") != nil }) {
            (layout, migrations) = ("sql-migrate", try sqlMigrate())
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && Self.ternSeparator($0.bytes) != nil }) {
            (layout, migrations) = ("tern", try tern())
        } else if files.contains(where: { Self.postgratorName(Self.fileName($0.path)) != nil }) {
            (layout, migrations) = ("postgrator", try postgrator())
        } else if files.contains(where: { Self.isDieselMigration($0.path) }) {
            (layout, migrations) = ("diesel", try diesel())
        } else if files.contains(where: { $0.path.hasSuffix(".sql") && $0.bytes.containsSequence(Self.dbmateUp) }) {
            (layout, migrations) = ("dbmate", try dbmate())
        } else if files.contains(where: { Self.flywayName(Self.fileName($0.path)) != nil }) {
            (layout, migrations) = ("flyway", try flyway())
        } else if files.contains(where: { $0.path.hasSuffix(".up.sql") }) {
            (layout, migrations) = ("golang-migrate", try golangMigrate())
        } else if files.contains(where: { $0.path.contains("/") && $0.path.hasSuffix(".sql") }) {
            (layout, migrations) = ("nested", try nested())
        } else {
            (layout, migrations) = ("plain", try plain())
        }
        return DiscoveredLayout(layout: layout, migrations: migrations, skipped: skipped, unrecognised: unrecognised)
    }

    static let dbmateUp = Array("-- migrate:up".utf8)

    /// sqlx runs a migration whose text starts with `-- no-transaction` outside a transaction (its own test is this
    /// prefix); sqlx's `<version>_<name>.sql` and `.up.sql`/`.down.sql` are the plain and golang-migrate layouts.
    static func sqlxNoTransaction(_ bytes: [UInt8]) -> Bool { bytes.starts(with: Array("-- no-transaction".utf8)) }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func isPrismaMigration(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 2 && parts[1] == "migration.sql"
    }

    /// Files every layout tolerates: notes and placeholders. Anything else out of place is refused.
    private mutating func tolerate(_ path: String) -> Bool {
        let name = Self.fileName(path).lowercased()
        if name.hasPrefix(".") || name.hasSuffix(".md") || name.hasPrefix("readme") || name.hasSuffix(".txt") {
            skipped.append((path, "not a migration (notes or a placeholder)"))
            return true
        }
        return false
    }

    private func text(_ path: String, _ bytes: [UInt8]) throws(LayoutError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LayoutError(message: "\(join(path)): not UTF-8 text")
        }
        return text
    }

    func join(_ path: String) -> String { directory.isEmpty || directory == "." ? path : directory + "/" + path }

    private mutating func prisma() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            if Self.isPrismaMigration(file.path) {
                let folder = String(file.path.split(separator: "/")[0])
                migrations.append(DiscoveredMigration(id: file.path, text: try text(file.path, file.bytes), frameworkVersion: folder))
            } else if file.path == "migration_lock.toml" {
                continue
            } else if !tolerate(file.path) {
                unrecognised.append(file.path)
            }
        }
        // Prisma applies folders in name order; two folders with one timestamp are two migrations.
        return migrations.sorted { $0.id < $1.id }
    }

    private mutating func drizzle(_ journal: [UInt8]) throws(LayoutError) -> [DiscoveredMigration] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(journal)) as? [String: Any],
              let entries = object["entries"] as? [[String: Any]]
        else { throw LayoutError(message: "\(join("meta/_journal.json")): not a Drizzle journal (no entries array)") }
        let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var migrations: [DiscoveredMigration] = []
        var listed: Set<String> = []
        let ordered = entries.enumerated().sorted { ($0.element["idx"] as? Int ?? $0.offset) < ($1.element["idx"] as? Int ?? $1.offset) }
        for (_, entry) in ordered {
            guard let tag = entry["tag"] as? String else {
                throw LayoutError(message: "\(join("meta/_journal.json")): an entry has no tag")
            }
            let path = tag + ".sql"
            guard let bytes = byPath[path] else {
                throw LayoutError(message: "\(join("meta/_journal.json")) lists \(tag) but \(join(path)) does not exist")
            }
            listed.insert(path)
            let when = (entry["when"] as? NSNumber).map { $0.stringValue } ?? tag
            migrations.append(DiscoveredMigration(id: path, text: try text(path, bytes), frameworkVersion: when))
        }
        for file in files where !listed.contains(file.path) {
            if file.path.hasPrefix("meta/") && file.path.hasSuffix(".json") { continue }
            if !tolerate(file.path) { unrecognised.append(file.path) }
        }
        return migrations
    }

    private mutating func sqitch(_ plan: [UInt8]) throws(LayoutError) -> [DiscoveredMigration] {
        let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        // Change lines in plan order; a reworked change's earlier version lives in deploy/NAME@TAG.sql, TAG being
        // the first tag after it.
        var changes: [(name: String, tagAfter: String?)] = []
        for rawLine in String(decoding: plan, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard let first = line.first, first != "%", first != "#" else { continue }
            let name = String(line.prefix { !$0.isWhitespace })
            if first == "@" {
                let tag = String(name.dropFirst())
                for index in changes.indices.reversed() where changes[index].tagAfter == nil { changes[index].tagAfter = tag }
                continue
            }
            changes.append((name, nil))
        }
        var seen: [String: Int] = [:]
        for change in changes { seen[change.name, default: 0] += 1 }
        var remaining = seen
        var migrations: [DiscoveredMigration] = []
        var used: Set<String> = ["sqitch.plan"]
        for change in changes {
            remaining[change.name, default: 1] -= 1
            var path = "deploy/\(change.name).sql"
            if remaining[change.name, default: 0] > 0, let tag = change.tagAfter { path = "deploy/\(change.name)@\(tag).sql" }
            guard let bytes = byPath[path] else {
                throw LayoutError(message: "\(join("sqitch.plan")) lists \(change.name) but \(join(path)) does not exist")
            }
            used.insert(path)
            migrations.append(DiscoveredMigration(id: path, text: try text(path, bytes), frameworkVersion: change.name))
        }
        for file in files where !used.contains(file.path) {
            if file.path.hasPrefix("revert/") || file.path.hasPrefix("verify/") {
                skipped.append((file.path, "sqitch \(file.path.hasPrefix("revert/") ? "revert" : "verify") script"))
            } else if file.path == "sqitch.conf" {
                continue
            } else if !tolerate(file.path) {
                unrecognised.append(file.path)
            }
        }
        return migrations
    }

    /// Supabase applies `<digits>_name.sql` in version order and skips every other file with a notice.
    private mutating func supabase() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        var versions: [String: String] = [:]
        for file in files {
            let name = file.path
            let digits = name.prefix { $0.isASCII && $0.isNumber }
            guard !name.contains("/"), name.hasSuffix(".sql"), !digits.isEmpty, name.dropFirst(digits.count).first == "_" else {
                skipped.append((file.path, "supabase skips files not named <timestamp>_name.sql"))
                continue
            }
            if let other = versions[String(digits)] {
                throw LayoutError(message: "\(join(other)) and \(join(name)) have the same version \(digits); Supabase requires unique versions")
            }
            versions[String(digits)] = name
            migrations.append(DiscoveredMigration(id: name, text: try text(name, file.bytes), frameworkVersion: String(digits)))
        }
        return migrations.sorted { $0.frameworkVersion < $1.frameworkVersion }
    }

    private mutating func dbmate() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            guard !file.path.contains("/"), file.path.hasSuffix(".sql"), let version = MigrationVersion(fileName: file.path) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            let whole = try text(file.path, file.bytes)
            guard let up = Self.dbmateUpSection(whole) else {
                throw LayoutError(message: "\(join(file.path)): a dbmate migration needs a `-- migrate:up` line")
            }
            migrations.append(DiscoveredMigration(id: file.path, text: up, frameworkVersion: version.digits))
        }
        return try ordered(migrations, framework: "dbmate")
    }

    /// node-pg-migrate's SQL migrations (`<prefix>_<name>.sql`, the prefix a timestamp or an index): what runs is the
    /// text after the `-- Up Migration` line, up to a `-- Down Migration` line after it. Like node-pg-migrate, a file
    /// without either line runs whole; one with only a Down line is refused (node-pg-migrate would run its rollback).
    /// It records the name without `.sql` in `pgmigrations`.
    private mutating func nodePgMigrate() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            guard let whole = try sectionedFile(file) else { continue }
            let up = MigrationLayout.nodePgMigrateMarker(file.bytes, "up")
            let down = MigrationLayout.nodePgMigrateMarker(file.bytes, "down")
            if up == nil, down != nil {
                throw LayoutError(message: "\(join(file.path)): a node-pg-migrate migration with a `-- Down Migration` line needs an "
                    + "`-- Up Migration` line before what it applies")
            }
            let text = up.map { Self.upSections(whole, upLines: [$0], downLines: down.map { [$0] } ?? []) } ?? whole
            migrations.append(DiscoveredMigration(id: file.path, text: text, frameworkVersion: String(file.path.dropLast(4))))
        }
        return try ordered(migrations, framework: "node-pg-migrate")
    }

    static let graphilePrevious = Array("--! Previous:".utf8)

    /// Graphile Migrate's committed migrations (`committed/000001.sql`, `committed/000002-message.sql`; the directory
    /// may be `committed` itself): each file's `--!` headers, a blank line, then the body that runs, outside a
    /// transaction when its first line is `--! no-transaction`. Each names the hash of the one before (`--! Previous`),
    /// and Graphile Migrate refuses a broken chain, so gate does too. `current.sql` (or `current/`) is work in progress
    /// that `graphile-migrate migrate` never runs, and `fixtures/` is included into it, so both are skipped. Placeholders
    /// (`:DATABASE_OWNER`) come from `.gmrc`, which gate does not read: a body that holds one is refused. Graphile
    /// Migrate records the number with `.sql` (`000002.sql`) in `graphile_migrate.migrations`.
    private mutating func graphileMigrate() throws(LayoutError) -> [DiscoveredMigration] {
        var committed: [(number: String, previous: String, hash: String, migration: DiscoveredMigration)] = []
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            if parts.first == "current" || file.path == "current.sql" {
                skipped.append((file.path, "Graphile Migrate's uncommitted migration, never deployed"))
                continue
            }
            if parts.first == "fixtures" {
                skipped.append((file.path, "a Graphile Migrate fixture, included where a migration names it"))
                continue
            }
            if file.path == "afterReset.sql" {
                skipped.append((file.path, "run by Graphile Migrate after a reset of a development database only"))
                continue
            }
            let name = parts.last ?? file.path
            let number = name.prefix { $0.isASCII && $0.isNumber }
            guard parts.count == 1 || (parts.count == 2 && parts[0] == "committed"), name.hasSuffix(".sql"), number.count >= 6,
                  name.dropFirst(number.count).first.map({ $0 == "-" || $0 == "." }) == true
            else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            let lines = TextLines(try text(file.path, file.bytes)).map(String.init)
            var headers: [String: String] = [:]
            var headerLines = 0
            for line in lines {
                guard line.hasPrefix("--! "), let key = line.dropFirst(4).first, key.isUppercase else { break }
                let header = line.dropFirst(4)
                let colon = header.firstIndex(of: ":")
                headers[String(header[..<(colon ?? header.endIndex)])] =
                    colon.map { header[header.index(after: $0)...].trimmingCharacters(in: .whitespaces) } ?? ""
                headerLines += 1
            }
            guard let previous = headers["Previous"], let hash = headers["Hash"], headerLines < lines.count, lines[headerLines].isEmpty else {
                throw LayoutError(message: "\(join(file.path)): a Graphile Migrate migration opens with its `--! Previous:` and "
                    + "`--! Hash:` headers and a blank line")
            }
            // The body keeps its place in the file, so statement line numbers stay the file's.
            let body = Array(repeating: "", count: headerLines) + lines[headerLines...]
            let firstLine = body.first { !$0.isEmpty } ?? ""
            let text = body.joined(separator: "\n")
            if Self.graphilePlaceholder(in: text) {
                throw LayoutError(message: "\(join(file.path)) uses a Graphile Migrate placeholder (`:NAME`), whose value is in .gmrc "
                    + "and unknown to gate, so gate cannot deploy this directory; next: write the value into the migration, or run "
                    + "graphile-migrate outside gate deploy")
            }
            committed.append((String(number), previous, hash, DiscoveredMigration(
                id: file.path, text: text, frameworkVersion: number + ".sql",
                runsOutsideTransaction: firstLine.hasPrefix("--! no-transaction"))))
        }
        committed.sort { $0.number < $1.number }
        var previousHash = "-"
        for entry in committed {
            guard entry.previous == previousHash else {
                throw LayoutError(message: "\(join(entry.migration.id)) follows the migration whose hash is \(entry.previous), but "
                    + "the one before it is \(previousHash); Graphile Migrate refuses a broken chain")
            }
            previousHash = entry.hash
        }
        return committed.map(\.migration)
    }

    /// Whether SQL holds a Graphile Migrate placeholder: a colon, not after another (`::text` is a cast), then a capital
    /// letter and capitals, digits or underscores (`:DATABASE_OWNER`).
    static func graphilePlaceholder(in text: String) -> Bool {
        func isCapital(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
        func continuesKey(_ byte: UInt8) -> Bool {
            isCapital(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
        let bytes = Array(text.utf8)
        for index in bytes.indices.dropLast() where bytes[index] == UInt8(ascii: ":")
            && (index == 0 || bytes[index - 1] != UInt8(ascii: ":")) && isCapital(bytes[index + 1])
        {
            var end = index + 2
            while end < bytes.count, continuesKey(bytes[end]) { end += 1 }
            // A key has two characters at least and ends at a word boundary (`:DATABASE_OWNER;`, not `:Name`).
            let atBoundary = end == bytes.count
                || !(bytes[end] >= UInt8(ascii: "a") && bytes[end] <= UInt8(ascii: "z"))
            if end - index >= 3, atBoundary { return true }
        }
        return false
    }

    /// A Liquibase changelog: XML, YAML or JSON holding a `databaseChangeLog`, or a formatted SQL changelog.
    static func isLiquibaseChangelog(_ file: (path: String, bytes: [UInt8])) -> Bool {
        let lower = file.path.lowercased()
        if lower.hasSuffix(".sql") { return LiquibaseChangelogReader.isFormattedSQL(file.bytes) }
        return [".xml", ".yaml", ".yml", ".json"].contains(where: lower.hasSuffix) && LiquibaseChangelogReader.isChangelog(file.bytes)
    }

    /// A Liquibase changelog directory: what runs is what the master changelog (the one no other includes) reaches
    /// through `include` and `includeAll`, in that order, each changelog a migration that Liquibase itself runs
    /// (`--migrate-cmd`). A changelog nothing includes is not run by Liquibase, and is skipped; an include that names no
    /// file of the directory, or two changelogs each of which could be the master, is refused. Liquibase records each
    /// changeset with its changelog's path in `databasechangelog`.
    private mutating func liquibase() throws(LayoutError) -> [DiscoveredMigration] {
        let changelogs = files.filter(Self.isLiquibaseChangelog)
        // A changelog that is not UTF-8 would read as one with no changesets and pass unrecorded: refused by name.
        for changelog in changelogs { _ = try text(changelog.path, changelog.bytes) }
        let byPath = Dictionary(changelogs.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        let directory = self.directory
        let full = { (path: String) in directory.isEmpty ? path : directory + "/" + path }
        /// The changelogs of the directory an inclusion names, in the order Liquibase runs them.
        func resolve(_ inclusion: LiquibaseChangelogReader.Inclusion, from changelog: String) throws(LayoutError) -> [String] {
            var target = MigrationLayout.normalizedLiquibasePath(inclusion.path)
            if inclusion.relativeToChangelog {
                let folder = full(changelog).split(separator: "/").dropLast().joined(separator: "/")
                target = MigrationLayout.normalizedLiquibasePath(folder.isEmpty ? target : folder + "/" + target)
            }
            let matches = changelogs.map(\.path).filter { path in
                let candidate = full(path)
                if inclusion.isDirectory {
                    let folder = target.hasSuffix("/") ? String(target.dropLast()) : target
                    return inclusion.relativeToChangelog
                        ? candidate.hasPrefix(folder + "/") : ("/" + candidate).contains("/" + folder + "/")
                }
                return candidate == target || (!inclusion.relativeToChangelog && candidate.hasSuffix("/" + target))
            }.sorted()
            if matches.isEmpty, !inclusion.isDirectory {
                throw LayoutError(message: "\(join(changelog)) includes \(inclusion.path), which is not a changelog in \(directory); "
                    + "next: point --migrations at the directory that holds the master changelog and what it includes")
            }
            return matches
        }
        var includedBy: [String: String] = [:]
        var inclusions: [String: [String]] = [:]
        for changelog in changelogs {
            var reached: [String] = []
            for inclusion in LiquibaseChangelogReader.inclusions(changelog.bytes, path: changelog.path) {
                reached += try resolve(inclusion, from: changelog.path).filter { $0 != changelog.path }
            }
            inclusions[changelog.path] = reached
            for path in reached where includedBy[path] == nil { includedBy[path] = changelog.path }
        }
        let roots = changelogs.map(\.path).filter { includedBy[$0] == nil }
        // Several changelogs nothing includes: the master is the one that includes others, or is named so.
        let masters = roots.count <= 1 ? roots
            : roots.filter { !(inclusions[$0] ?? []).isEmpty }.count == 1 ? roots.filter { !(inclusions[$0] ?? []).isEmpty }
            : roots.filter { Self.fileName($0).lowercased().contains("master") }
        guard masters.count == 1, let master = masters.first else {
            throw LayoutError(message: "\(directory) holds \(roots.count) Liquibase changelogs that no other includes ("
                + roots.prefix(5).map(join).joined(separator: ", ") + "), and gate cannot tell which one Liquibase runs; "
                + "next: point --migrations at the master changelog's directory, or include the others from it")
        }
        var order: [String] = []
        var visited: Set<String> = []
        func visit(_ path: String) {
            guard visited.insert(path).inserted else { return }
            if let bytes = byPath[path], LiquibaseChangelogReader.hasChangeSets(bytes, path: path) {
                order.append(path)
            } else {
                skipped.append((path, "a changelog that only includes others"))
            }
            for next in inclusions[path] ?? [] { visit(next) }
        }
        visit(master)
        for file in files where !visited.contains(file.path) {
            let reason = byPath[file.path] != nil ? "a changelog \(Self.fileName(master)) does not include, which Liquibase does not run"
                : file.path.lowercased().hasSuffix(".csv") ? "data a changelog loads (loadData)"
                : file.path.lowercased().hasSuffix(".sql") ? "SQL a changelog runs through sqlFile, or none"
                : nil
            if let reason { skipped.append((file.path, reason)) } else if !tolerate(file.path) { unrecognised.append(file.path) }
        }
        var migrations: [DiscoveredMigration] = []
        for path in order {
            guard let bytes = byPath[path] else { continue }
            migrations.append(DiscoveredMigration(id: path, text: try text(path, bytes), format: .liquibase, frameworkVersion: path))
        }
        return migrations
    }

    /// Atlas's versioned migrations (`<version>_<name>.sql` beside `atlas.sum`), in version order. Atlas refuses to run a
    /// directory whose `atlas.sum` does not list its files, and so does gate (the hashes are Atlas's to check); a file
    /// whose header says `-- atlas:txmode none` runs outside a transaction. Atlas records the version in
    /// `atlas_schema_revisions`.
    private mutating func atlas(sum: [UInt8]) throws(LayoutError) -> [DiscoveredMigration] {
        let listed = Set(TextLines(decoding: sum, omittingEmpty: true).dropFirst().compactMap { line in
            line.split(separator: " ").first.map(String.init)
        })
        var migrations: [DiscoveredMigration] = []
        for file in files where file.path != "atlas.sum" {
            guard !file.path.contains("/"), file.path.hasSuffix(".sql"), let version = MigrationVersion(fileName: file.path) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            guard listed.contains(file.path) else {
                throw LayoutError(message: "\(join(file.path)) is not in \(join("atlas.sum")), so Atlas would refuse the directory; "
                    + "next: run `atlas migrate hash` and commit atlas.sum")
            }
            let source = try text(file.path, file.bytes)
            migrations.append(DiscoveredMigration(
                id: file.path, text: source, frameworkVersion: version.digits,
                runsOutsideTransaction: Self.atlasHeaderDirective(source, "txmode") == "none"))
        }
        let placed = Set(migrations.map(\.id))
        if let missing = listed.filter({ !placed.contains($0) }).sorted().first {
            throw LayoutError(message: "\(join("atlas.sum")) lists \(missing), which is not in \(directory), so Atlas would refuse "
                + "the directory; next: run `atlas migrate hash` and commit atlas.sum")
        }
        return try ordered(migrations, framework: "atlas")
    }

    /// The value of an Atlas file directive (`-- atlas:txmode none`) in the comments that open a migration.
    static func atlasHeaderDirective(_ source: String, _ name: String) -> String? {
        for line in TextLines(source, omittingEmpty: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { return nil }
            let comment = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard comment.hasPrefix("atlas:\(name)") else { continue }
            return comment.dropFirst("atlas:\(name)".count).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// sql-migrate's migrations (`<number>_<name>.sql`): what runs is each `-- +migrate Up` section, up to the next
    /// `-- +migrate Down`; a file without an Up line runs nothing in sql-migrate, so it is refused. `notransaction` on
    /// the Up line runs it outside a transaction. It records the file name in `gorp_migrations`, and orders files by
    /// their number, then by name.
    private mutating func sqlMigrate() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [(version: MigrationVersion, migration: DiscoveredMigration)] = []
        for file in files {
            guard let whole = try sectionedFile(file), let version = MigrationVersion(fileName: file.path) else { continue }
            let lines = Array(TextLines(whole))
            let commands = lines.indices.compactMap { index in Self.sqlMigrateCommand(lines[index]).map { (index, $0) } }
            let ups = commands.filter { $0.1.first == "Up" }
            guard !ups.isEmpty else {
                throw LayoutError(message: "\(join(file.path)): a sql-migrate migration needs a `-- +migrate Up` line")
            }
            migrations.append((version, DiscoveredMigration(
                id: file.path,
                text: Self.upSections(
                    whole, upLines: Set(ups.map(\.0)), downLines: Set(commands.filter { $0.1.first == "Down" }.map(\.0))),
                frameworkVersion: file.path,
                runsOutsideTransaction: ups.contains { $0.1.dropFirst().contains("notransaction") })))
        }
        return migrations.sorted { ($0.version, $0.migration.id) < ($1.version, $1.migration.id) }.map(\.migration)
    }

    /// tern's migrations (`<number>_<name>.sql`, numbered 1, 2, 3… without gaps): what runs is the text above the
    /// `---- create above / drop below ----` line (the whole file without one). tern renders every migration as a Go
    /// template first, which gate cannot: a file with `{{` is refused. It records the last number in `schema_version`.
    private mutating func tern() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            guard let whole = try sectionedFile(file) else { continue }
            // tern reads the number as an integer: one too long for it is no tern migration, and is not passed over.
            guard let version = MigrationVersion(fileName: file.path), let number = Int(version.digits) else {
                unrecognised.append(file.path)
                continue
            }
            if whole.contains("{{") {
                throw LayoutError(message: "\(join(file.path)): tern renders migrations as Go templates (`{{`), which gate can "
                    + "neither reproduce nor verify, so gate cannot deploy this directory; next: write the values into the "
                    + "migration, or run tern outside gate deploy")
            }
            let separator = Self.ternSeparator(file.bytes)
            let text = separator.map { Self.upSections(whole, startsUp: true, upLines: [], downLines: [$0]) } ?? whole
            migrations.append(DiscoveredMigration(id: file.path, text: text, frameworkVersion: String(number)))
        }
        let sorted = try ordered(migrations, framework: "tern")
        for (position, migration) in sorted.enumerated() where migration.frameworkVersion != String(position + 1) {
            throw LayoutError(message: "\(join(migration.id)): tern numbers migrations 1, 2, 3… without gaps, and this one "
                + "should be number \(position + 1)")
        }
        return sorted
    }

    /// Postgrator's migrations: `<version>.do.<name>.sql` runs, `<version>.undo.<name>.sql` only on a revert. It records
    /// the version in `schemaversion`.
    private mutating func postgrator() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            guard !file.path.contains("/"), let (version, isUndo) = Self.postgratorName(file.path) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            if isUndo {
                skipped.append((file.path, "postgrator undo migration"))
                continue
            }
            guard file.path.lowercased().hasSuffix(".sql") else {
                // A `.do.js` migration generates its SQL when Postgrator runs it.
                unrecognised.append(file.path)
                continue
            }
            migrations.append(DiscoveredMigration(id: file.path, text: try text(file.path, file.bytes), frameworkVersion: version))
        }
        return try ordered(migrations, framework: "postgrator")
    }

    /// `<version>.do.<name>.sql` or `<version>.undo.<name>.sql` (the name optional; `.js` too): the version, and whether
    /// it is an undo.
    static func postgratorName(_ name: String) -> (version: String, isUndo: Bool)? {
        let parts = name.lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 3, let extensionPart = parts.last, extensionPart == "sql" || extensionPart == "js",
              !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), parts[1] == "do" || parts[1] == "undo"
        else { return nil }
        return (String(Int(parts[0]) ?? 0), parts[1] == "undo")
    }

    /// A top-level `.sql` file with a version prefix, as text; nil (noted as unrecognised or tolerated) for another file.
    private mutating func sectionedFile(_ file: (path: String, bytes: [UInt8])) throws(LayoutError) -> String? {
        guard !file.path.contains("/"), file.path.hasSuffix(".sql"), MigrationVersion(fileName: file.path) != nil else {
            if !tolerate(file.path) { unrecognised.append(file.path) }
            return nil
        }
        return try text(file.path, file.bytes)
    }

    /// The text a tool runs when it migrates up: from the start when `startsUp`, and from each line of `upLines` (a
    /// marker), to the next line of `downLines`; every other line is blanked, so statement line numbers stay the file's.
    static func upSections(_ text: String, startsUp: Bool = false, upLines: Set<Int>, downLines: Set<Int>) -> String {
        var lines = TextLines(text).map(String.init)
        var running = startsUp
        for index in lines.indices {
            if upLines.contains(index) {
                running = true
                lines[index] = ""
                continue
            }
            if downLines.contains(index) { running = false }
            if !running, !Self.isPhaseDirective(lines[index]) { lines[index] = "" }
        }
        return lines.joined(separator: "\n")
    }

    /// Whether a line is a `-- gate:phase` comment. Outside the section the tool runs it is kept: a contract
    /// migration's `-- gate:phase post` written above `-- +goose Up` or `-- migrate:up` is read by `gate check` from
    /// the whole file, and the deploy must see it too, or it applies the drop before the rollout.
    static func isPhaseDirective(_ line: String) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("--") else { return false }
        return trimmed.drop { $0 == "-" || $0 == " " || $0 == "\t" }.hasPrefix("gate:phase")
    }

    /// A sql-migrate annotation (`-- +migrate Up notransaction`): its words after `+migrate`, when `line` is one.
    static func sqlMigrateCommand(_ line: Substring) -> [Substring]? {
        guard line.hasPrefix("-- +migrate ") else { return nil }
        return line.dropFirst(12).split { $0 == " " || $0 == "\t" }
    }

    /// The index of the first line that is the sql-migrate annotation `command` (`Up`, `Down`), if any.
    static func sqlMigrateCommand(_ bytes: [UInt8], _ command: String) -> Int? {
        guard bytes.containsSequence(Array("-- +migrate ".utf8)) else { return nil }
        return TextLines(decoding: bytes).enumerated().first { sqlMigrateCommand($1)?.first.map(String.init) == command }?.offset
    }

    /// The index of tern's `---- create above / drop below ----` line, if the file has one.
    static func ternSeparator(_ bytes: [UInt8]) -> Int? {
        guard bytes.containsSequence(Array(MigrationLayout.ternSeparatorLine.utf8)) else { return nil }
        return TextLines(decoding: bytes).enumerated().first { $1 == MigrationLayout.ternSeparatorLine }?.offset
    }

    // MARK: goose and Diesel

    /// A goose annotation line (`-- +goose Up`, `-- +goose NO TRANSACTION`): the command, lower-cased, without spaces.
    static func gooseCommand(_ line: Substring) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("--") else { return nil }
        let rest = trimmed.dropFirst(2).drop { $0 == " " || $0 == "\t" }
        guard rest.lowercased().hasPrefix("+goose") else { return nil }
        return rest.dropFirst(6).lowercased().filter { !$0.isWhitespace }
    }

    /// The index of the first line holding the goose annotation `command` (`up`, `down`…), if any.
    static func gooseMarker(_ bytes: [UInt8], _ command: String) -> Int? {
        guard bytes.containsSequence(Array("+goose".utf8)) || bytes.containsSequence(Array("+GOOSE".utf8)) else { return nil }
        return TextLines(decoding: bytes).enumerated().first { gooseCommand($1) == command }?.offset
    }

    /// Whether a SQL file's first section is goose's `-- +goose Up`: only comments, blank lines and other goose
    /// annotations (`NO TRANSACTION`) come before it.
    static func opensWithGooseUp(_ bytes: [UInt8]) -> Bool {
        guard bytes.containsSequence(Array("+goose".utf8)) || bytes.containsSequence(Array("+GOOSE".utf8)) else { return false }
        for line in TextLines(decoding: bytes, omittingEmpty: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if let command = gooseCommand(trimmed) {
                if command == "up" { return true }
                if command == "down" { return false }
                continue
            }
            guard trimmed.hasPrefix("--") else { return false }
        }
        return false
    }

    /// Whether a SQL file's first section is dbmate's `-- migrate:up`: only comments and blank lines come before it.
    static func opensWithDbmateUp(_ bytes: [UInt8]) -> Bool {
        guard bytes.containsSequence(dbmateUp) else { return false }
        for line in TextLines(decoding: bytes, omittingEmpty: true) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("-- migrate:up") { return true }
            guard trimmed.hasPrefix("--"), !trimmed.hasPrefix("-- migrate:") else { return false }
        }
        return false
    }

    /// A goose SQL file's Up section (lines before `-- +goose Up` blanked, so line numbers stay the file's; nothing
    /// from `-- +goose Down` on), whether it runs outside a transaction, and whether goose would substitute
    /// environment variables into it.
    static func gooseUpSection(_ text: String) -> (up: String, noTransaction: Bool, envsub: Bool)? {
        let commands = TextLines(text).map { gooseCommand($0) }
        guard let up = commands.firstIndex(of: "up") else { return nil }
        // A Down section before the Up one is still a Down section: only what follows Up, up to a later Down, runs.
        let down = commands[(up + 1)...].firstIndex(of: "down")
        let noTransaction = commands.contains("notransaction")
        let envsub = commands.contains("envsubon")
        return (upSections(text, upLines: [up], downLines: down.map { [$0] } ?? []), noTransaction, envsub)
    }

    private mutating func goose() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            let lower = file.path.lowercased()
            guard !file.path.contains("/"), let version = MigrationVersion(fileName: file.path),
                  lower.hasSuffix(".sql") || lower.hasSuffix(".go")
            else {
                if lower.hasSuffix(".go") {
                    skipped.append((file.path, "Go source that registers no goose migration"))
                } else if !tolerate(file.path) {
                    unrecognised.append(file.path)
                }
                continue
            }
            let source = try text(file.path, file.bytes)
            if lower.hasSuffix(".go") {
                guard isGooseGo(file) else {
                    skipped.append((file.path, "Go source that registers no goose migration"))
                    continue
                }
                migrations.append(DiscoveredMigration(id: file.path, text: source, format: .gooseGo, frameworkVersion: version.digits))
                continue
            }
            guard let section = Self.gooseUpSection(source) else {
                throw LayoutError(message: "\(join(file.path)): a goose migration needs a `-- +goose Up` line")
            }
            // goose replaces ${VAR} from its own environment; gate would run the text unreplaced, and cannot verify
            // or even parse what goose would run, so not even `--migrate-cmd` is offered.
            guard !section.envsub else {
                throw LayoutError(message: "\(join(file.path)) turns on goose's ENVSUB, whose substitutions gate can neither "
                    + "reproduce nor verify, so gate cannot deploy this directory; next: write the values into the migration "
                    + "(or turn ENVSUB off), or run goose outside gate deploy")
            }
            migrations.append(DiscoveredMigration(
                id: file.path, text: section.up, frameworkVersion: version.digits, runsOutsideTransaction: section.noTransaction))
        }
        return try ordered(migrations, framework: "goose")
    }

    /// Diesel's version of a migration folder: what precedes the first `_`, without its dashes
    /// (`2024-05-01-120000_add_handle` → `20240501120000`), as `__diesel_schema_migrations` records it.
    static func dieselVersion(_ folder: String) -> String? {
        let version = folder.prefix { $0 != "_" }.filter { $0 != "-" }
        guard !version.isEmpty, version.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(version)
    }

    static func isDieselMigration(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 2 && parts[1] == "up.sql" && dieselVersion(String(parts[0])) != nil
    }

    /// `run_in_transaction` in a Diesel `metadata.toml`: true when absent, nil when its value is neither boolean.
    static func dieselRunsInTransaction(_ toml: String) -> Bool? {
        for rawLine in toml.split(whereSeparator: \.isNewline) {
            let line = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("run_in_transaction"), let equals = line.firstIndex(of: "=") else { continue }
            guard line[..<equals].trimmingCharacters(in: .whitespaces) == "run_in_transaction" else { continue }
            switch line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces) {
            case "true": return true
            case "false": return false
            default: return nil
            }
        }
        return true
    }

    /// Diesel: `<version>_<name>/up.sql` in version order; `down.sql` only runs on a revert, and `metadata.toml` may
    /// take the migration out of a transaction.
    private mutating func diesel() throws(LayoutError) -> [DiscoveredMigration] {
        let byPath = Dictionary(files.map { ($0.path, $0.bytes) }, uniquingKeysWith: { first, _ in first })
        var migrations: [DiscoveredMigration] = []
        var folders: Set<String> = []
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            guard parts.count == 2, let version = Self.dieselVersion(parts[0]) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            folders.insert(parts[0])
            switch parts[1] {
            case "up.sql":
                var outside = false
                let metadataPath = parts[0] + "/metadata.toml"
                if let metadata = byPath[metadataPath] {
                    guard let inTransaction = Self.dieselRunsInTransaction(try text(metadataPath, metadata)) else {
                        throw LayoutError(message: "\(join(metadataPath)): run_in_transaction must be true or false")
                    }
                    outside = !inTransaction
                }
                migrations.append(DiscoveredMigration(
                    id: file.path, text: try text(file.path, file.bytes), frameworkVersion: version, runsOutsideTransaction: outside))
            case "down.sql":
                skipped.append((file.path, "down migration (diesel runs it only on a revert)"))
            case "metadata.toml":
                continue
            default:
                if !tolerate(file.path) { unrecognised.append(file.path) }
            }
        }
        // A folder without up.sql is a migration Diesel refuses to run; gate does not guess past it either.
        for folder in folders.sorted() where byPath[folder + "/up.sql"] == nil {
            throw LayoutError(message: "\(join(folder)) has no up.sql; diesel needs one in every migration folder")
        }
        // Diesel orders versions as strings; two folders with one version would collide in its table.
        let sorted = migrations.sorted { ($0.frameworkVersion, $0.id) < ($1.frameworkVersion, $1.id) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.frameworkVersion == later.frameworkVersion {
            throw LayoutError(message: "\(join(earlier.id)) and \(join(later.id)) have the same version \(earlier.frameworkVersion); diesel needs unique versions")
        }
        return sorted
    }

    /// The text between `-- migrate:up` and `-- migrate:down`, with the lines before it blanked, so statement line
    /// numbers stay those of the file.
    static func dbmateUpSection(_ text: String) -> String? {
        let lines = Array(TextLines(text))
        guard let up = lines.firstIndex(where: { $0.hasPrefix("-- migrate:up") }) else { return nil }
        let down = lines[(up + 1)...].firstIndex { $0.hasPrefix("-- migrate:down") }
        return upSections(text, upLines: [up], downLines: down.map { [$0] } ?? [])
    }

    /// `V<version>__x.sql` (versioned), `R__x.sql` (repeatable), `U<version>__x.sql` (undo).
    static func flywayName(_ name: String) -> (kind: Character, version: String)? {
        guard name.hasSuffix(".sql"), let first = name.first, let separator = name.range(of: "__") else { return nil }
        let version = name[name.index(after: name.startIndex)..<separator.lowerBound]
        if first == "R", version.isEmpty { return ("R", "") }
        guard first == "V" || first == "U", !version.isEmpty,
              version.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "_") })
        else { return nil }
        return (first, version.replacingOccurrences(of: "_", with: "."))
    }

    private mutating func flyway() throws(LayoutError) -> [DiscoveredMigration] {
        var versioned: [DiscoveredMigration] = []
        var repeatable: [DiscoveredMigration] = []
        for file in files {
            guard let (kind, version) = Self.flywayName(Self.fileName(file.path)) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            switch kind {
            case "U": skipped.append((file.path, "flyway undo migration"))
            case "R": repeatable.append(DiscoveredMigration(
                id: file.path, text: try text(file.path, file.bytes), frameworkVersion: "", repeatable: true))
            default: versioned.append(DiscoveredMigration(id: file.path, text: try text(file.path, file.bytes), frameworkVersion: version))
            }
        }
        // Repeatables run after every versioned migration, in description order.
        return try ordered(versioned, framework: "flyway") + repeatable.sorted { Self.fileName($0.id) < Self.fileName($1.id) }
    }

    private mutating func golangMigrate() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            if file.path.hasSuffix(".down.sql") {
                skipped.append((file.path, "down migration"))
                continue
            }
            guard !file.path.contains("/"), file.path.hasSuffix(".up.sql"), let version = MigrationVersion(fileName: file.path) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            migrations.append(DiscoveredMigration(
                id: file.path, text: try text(file.path, file.bytes), frameworkVersion: version.digits,
                runsOutsideTransaction: Self.sqlxNoTransaction(file.bytes)))
        }
        return try ordered(migrations, framework: "golang-migrate")
    }

    /// Version folders (`0.19/00__x.sql`): folders in version order, files in version (else name) order inside.
    private mutating func nested() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [(folder: MigrationVersion, file: MigrationVersion?, migration: DiscoveredMigration)] = []
        for file in files {
            let parts = file.path.split(separator: "/").map(String.init)
            guard file.path.hasSuffix(".sql"), !file.path.hasSuffix(".down.sql"), parts.count >= 2,
                  let folder = MigrationVersion(fileName: parts[0])
            else {
                if file.path.hasSuffix(".down.sql") { skipped.append((file.path, "down migration")); continue }
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            let version = MigrationVersion(fileName: parts.last ?? "")
            let label = folder.description + "/" + (version?.description ?? parts.last ?? "")
            migrations.append((folder, version, DiscoveredMigration(
                id: file.path, text: try text(file.path, file.bytes), frameworkVersion: label)))
        }
        return migrations.sorted { lhs, rhs in
            if lhs.folder != rhs.folder { return lhs.folder < rhs.folder }
            if let left = lhs.file, let right = rhs.file, left != right { return left < right }
            return lhs.migration.id < rhs.migration.id
        }.map(\.migration)
    }

    private mutating func plain() throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [DiscoveredMigration] = []
        for file in files {
            guard file.path.hasSuffix(".sql"), let version = MigrationVersion(fileName: file.path) else {
                if !tolerate(file.path) { unrecognised.append(file.path) }
                continue
            }
            migrations.append(DiscoveredMigration(
                id: file.path, text: try text(file.path, file.bytes), frameworkVersion: version.digits,
                runsOutsideTransaction: Self.sqlxNoTransaction(file.bytes)))
        }
        return try ordered(migrations, framework: "a plain migrations directory")
    }

    /// Version order; two files with one version are ambiguous, and refused.
    private func ordered(_ migrations: [DiscoveredMigration], framework: String) throws(LayoutError) -> [DiscoveredMigration] {
        let keyed = migrations.map { (MigrationVersion(fileName: Self.flywayVersionName($0)) ?? MigrationVersion.zero, $0) }
            .sorted { ($0.0, $0.1.id) < ($1.0, $1.1.id) }
        for (earlier, later) in zip(keyed, keyed.dropFirst()) where earlier.0 == later.0 {
            throw LayoutError(message: "\(join(earlier.1.id)) and \(join(later.1.id)) have the same version \(earlier.0); \(framework) needs unique versions")
        }
        return keyed.map(\.1)
    }

    private static func flywayVersionName(_ migration: DiscoveredMigration) -> String {
        migration.frameworkVersion.isEmpty ? fileName(migration.id) : migration.frameworkVersion
    }

    // MARK: code migrations

    /// The framework of a PHP, C#, Swift or Rust migration (Laravel, Doctrine, Phinx, EF Core, Fluent, SeaORM), told
    /// by the same path and content tests `gate check` uses, so check and deploy never disagree about a file.
    private func frameworkCode(_ file: (path: String, bytes: [UInt8])) -> MigrationFormat? {
        let name = Self.fileName(file.path).lowercased()
        guard [".php", ".cs", ".swift", ".rs"].contains(where: name.hasSuffix) else { return nil }
        guard let format = MigrationLayout.classify(join(file.path), head: file.bytes)?.format,
              [.laravel, .doctrine, .phinx, .efCore, .fluent, .seaORM].contains(format)
        else { return nil }
        return format
    }

    private func isGooseGo(_ file: (path: String, bytes: [UInt8])) -> Bool {
        Self.fileName(file.path).lowercased().hasSuffix(".go")
            && MigrationLayout.classify(join(file.path), head: file.bytes)?.format == .gooseGo
    }

    /// Files a framework keeps beside its migrations that are not migrations: EF Core's generated model state, a
    /// SeaORM migration crate's entry points and manifest. Skipped with a notice, never refused.
    static func companion(_ name: String) -> String? {
        let lower = name.lowercased()
        if lower.hasSuffix(".designer.cs") || lower.hasSuffix("modelsnapshot.cs") { return "EF Core's generated model state" }
        if ["lib.rs", "main.rs", "mod.rs", "cargo.toml", "cargo.lock"].contains(lower) {
            return "the migration crate's entry point or manifest"
        }
        return nil
    }

    private func codeLayout() -> String? {
        let kinds = files.compactMap { file -> String? in
            let name = Self.fileName(file.path).lowercased()
            if let format = frameworkCode(file) { return format.rawValue }
            if name.hasSuffix(".rb") { return "rails" }
            if name.hasSuffix(".exs") { return "ecto" }
            if name.hasSuffix(".py"), name != "__init__.py" {
                return file.bytes.containsSequence(Array("down_revision".utf8)) ? "alembic" : "django"
            }
            if [".js", ".ts", ".cjs", ".mjs"].contains(where: name.hasSuffix), !name.hasSuffix(".d.ts") { return "knex" }
            return nil
        }
        // The most common kind names the layout; a directory of SQL with one stray script is not a code layout.
        let candidates = files.filter { file in
            let name = Self.fileName(file.path).lowercased()
            return !name.hasPrefix(".") && name != "__init__.py" && !name.hasSuffix(".md") && Self.companion(name) == nil
        }
        guard kinds.count * 2 > candidates.count else { return nil }
        let counts = Dictionary(kinds.map { ($0, 1) }, uniquingKeysWith: +)
        return counts.max { $0.value < $1.value }?.key
    }

    private mutating func codeMigrations(_ layout: String) throws(LayoutError) -> [DiscoveredMigration] {
        var migrations: [(key: String, migration: DiscoveredMigration)] = []
        for file in files {
            let name = Self.fileName(file.path)
            let lower = name.lowercased()
            let source = try text(file.path, file.bytes)
            switch layout {
            case "rails" where lower.hasSuffix(".rb"):
                guard let version = MigrationVersion(fileName: name) else { break }
                migrations.append((version.digits.leftPadded(20), DiscoveredMigration(
                    id: file.path, text: source, format: .rails, frameworkVersion: version.digits)))
                continue
            case "ecto" where lower.hasSuffix(".exs"):
                // Ecto orders by the timestamp prefix and records it in schema_migrations, as Rails does.
                guard let version = MigrationVersion(fileName: name) else { break }
                migrations.append((version.digits.leftPadded(20), DiscoveredMigration(
                    id: file.path, text: source, format: .ecto, frameworkVersion: version.digits)))
                continue
            case "django" where lower.hasSuffix(".py"):
                if name == "__init__.py" { continue }
                // The directory is an app's migrations folder, or holds apps (`reports/migrations/0001_x.py`).
                let parts = (directory.split(separator: "/").map(String.init)) + file.path.split(separator: "/").map(String.init)
                guard parts.count >= 3, parts[parts.count - 2] == "migrations", MigrationVersion(fileName: name) != nil else { break }
                let app = parts[parts.count - 3]
                let stem = String(name.dropLast(3))
                migrations.append((stem + " " + app, DiscoveredMigration(
                    id: file.path, text: source, format: .django, frameworkVersion: app + "." + stem)))
                continue
            case "alembic" where lower.hasSuffix(".py"):
                if name == "__init__.py" || name == "env.py" { continue }
                guard let revision = Self.pythonAssignment("revision", in: source).first else { break }
                migrations.append((revision, DiscoveredMigration(
                    id: file.path, text: source, format: .alembic, frameworkVersion: revision,
                    parents: Self.pythonAssignment("down_revision", in: source))))
                continue
            case "knex" where [".js", ".ts", ".cjs", ".mjs"].contains(where: lower.hasSuffix):
                migrations.append((name, DiscoveredMigration(
                    id: file.path, text: source, format: MigrationLayout.scriptFormat(file.bytes), frameworkVersion: name)))
                continue
            case "laravel", "doctrine", "phinx", "ef-core", "fluent", "sea-orm":
                if let reason = Self.companion(name) {
                    skipped.append((file.path, reason))
                    continue
                }
                guard let format = frameworkCode(file), format.rawValue == layout else { break }
                let stem = String(name[..<(name.lastIndex(of: ".") ?? name.endIndex)])
                if layout == "phinx" {
                    // Phinx orders by the numeric version of the name and records it in phinxlog.
                    guard let version = MigrationVersion(fileName: name) else { break }
                    migrations.append((version.digits.leftPadded(20), DiscoveredMigration(
                        id: file.path, text: source, format: format, frameworkVersion: version.digits)))
                    continue
                }
                // Laravel (file name), Doctrine (class name), EF Core (migration id) and SeaORM (module name) order
                // by the name, which each records in its table; Fluent's order is the app's `migrations.add` calls,
                // which gate does not read: the name order only places the files, `--migrate-cmd` runs them.
                migrations.append((file.path, DiscoveredMigration(id: file.path, text: source, format: format, frameworkVersion: stem)))
                continue
            default:
                break
            }
            if !tolerate(file.path), !(layout == "alembic" && (name == "script.py.mako" || name == "alembic.ini")) {
                unrecognised.append(file.path)
            }
        }
        if layout == "alembic" { return Self.alembicOrder(migrations.map(\.migration)) }
        return migrations.sorted { $0.key < $1.key }.map(\.migration)
    }

    /// The quoted strings assigned to `name` at the top level (`revision = "ab12"`, `down_revision: str | None = None`,
    /// `down_revision = ("a", "b")` for a merge).
    static func pythonAssignment(_ name: String, in source: String) -> [String] {
        for line in source.split(whereSeparator: \.isNewline) where line.hasPrefix(name) {
            let rest = line.dropFirst(name.count)
            guard let first = rest.first, first == " " || first == "=" || first == ":" else { continue }
            guard let equals = rest.firstIndex(of: "=") else { continue }
            let value = rest[rest.index(after: equals)...]
            var strings: [String] = []
            var current: String?
            var quote: Character = "\""
            for character in value {
                if var open = current {
                    if character == quote { strings.append(open); current = nil } else { open.append(character); current = open }
                } else if character == "\"" || character == "'" {
                    quote = character
                    current = ""
                } else if character == "#" {
                    break
                }
            }
            return strings
        }
        return []
    }

    /// Parents before children; ties (independent branches) in revision order, so the result is deterministic.
    static func alembicOrder(_ migrations: [DiscoveredMigration]) -> [DiscoveredMigration] {
        let known = Set(migrations.map(\.frameworkVersion))
        var placed: Set<String> = []
        var result: [DiscoveredMigration] = []
        var remaining = migrations.sorted { $0.frameworkVersion < $1.frameworkVersion }
        while !remaining.isEmpty {
            let ready = remaining.firstIndex { $0.parents.allSatisfy { !known.contains($0) || placed.contains($0) } }
            // A cycle cannot be ordered; keep the rest in revision order rather than loop.
            let index = ready ?? remaining.startIndex
            placed.insert(remaining[index].frameworkVersion)
            result.append(remaining.remove(at: index))
        }
        return result
    }
}

/// A migration's ordering key, taken from its file name: `0042_x.sql`, `V3__x.sql`, `20240101120000_x.sql`,
/// `1.2__x.sql`; compared numerically component by component, so `V10` follows `V9`.
public struct MigrationVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Numeric components without leading zeros.
    public let components: [String]
    /// The digits as written (`0042`), what frameworks store in their tables.
    public let digits: String

    static let zero = MigrationVersion(components: ["0"], digits: "0")

    private init(components: [String], digits: String) {
        self.components = components
        self.digits = digits
    }

    /// Parses the version prefix of a file name; nil when the name has none. Read as UTF-8 bytes: every migration
    /// of a folder is ordered by it, and a walk by `Character` cost about twenty thousand instructions a name.
    public init?(fileName: String) {
        let bytes = Array(fileName.utf8)
        var index = 0
        if let first = bytes.first, first == UInt8(ascii: "V") || first == UInt8(ascii: "v") { index = 1 }
        var components: [String] = []
        var digitsEnd = index
        var componentStart = index
        /// The component from `componentStart` to `end`, without leading zeros ("0" when all are).
        func component(endingAt end: Int) -> String {
            var start = componentStart
            while start < end - 1, bytes[start] == UInt8(ascii: "0") { start += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                index += 1
                digitsEnd = index
            } else if byte == UInt8(ascii: "."), index > componentStart {
                components.append(component(endingAt: index))
                index += 1
                componentStart = index
            } else {
                break
            }
        }
        if index > componentStart { components.append(component(endingAt: index)) }
        guard !components.isEmpty else { return nil }
        self.components = components
        let digitsStart = bytes.first.map { $0 == UInt8(ascii: "V") || $0 == UInt8(ascii: "v") ? 1 : 0 } ?? 0
        self.digits = String(decoding: bytes[digitsStart..<digitsEnd], as: UTF8.self)
    }

    public var description: String { components.joined(separator: ".") }

    public static func == (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool { lhs.components == rhs.components }

    public func hash(into hasher: inout Hasher) { hasher.combine(components) }

    public static func < (lhs: MigrationVersion, rhs: MigrationVersion) -> Bool {
        for (left, right) in zip(lhs.components, rhs.components) where left != right {
            return left.count != right.count ? left.count < right.count : left < right
        }
        return lhs.components.count < rhs.components.count
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
