import Foundation
import GateCore
import GatePostgres
import GateSQL

/// What `gate baseline` did.
public struct BaselineOutcome: Sendable, Equatable {
    /// The tool whose table said what was applied (`prisma`, `flyway`…), or `psql` when the database has none.
    public var tool: String
    /// Where that came from (`_prisma_migrations`), or how it was decided.
    public var source: String
    /// Migrations recorded in gate's history by this run.
    public var recorded: [String]
    /// Migrations the history already held (a repeated baseline).
    public var alreadyRecorded: Int
    /// The release recording head as the environment's last release; nil when it already was.
    public var releaseID: Int?
    /// Migrations at head that the database has not applied: the next deploy applies them.
    public var pending: [String]
    /// Generated checks the catalog satisfied.
    public var checks: Int
}

/// `gate baseline --env NAME` (SPEC §5 step 1): adopts a database migrated by another tool or by psql. Reads what
/// that tool applied, checks the catalog against the files, and records them in gate's history with their checksums
/// and head as the environment's last release, so the next deploy judges and applies only what is new. Every
/// disagreement between the database and the files is named and nothing is written; a second run changes nothing.
public enum Baseline {
    /// The ledger step a baseline's release records (its only step).
    static let stepName = "baseline"

    public static func run(
        _ request: DeployRequest, through: String?, source: any ReleaseSource, log: @escaping (String) -> Void
    ) throws -> BaselineOutcome {
        let target: Connection
        let ledger: Connection
        do {
            target = try Connection.open(request.databaseURL)
            ledger = try request.ledgerURL.map { url throws(PostgresError) in try Connection.open(url) } ?? target
        } catch {
            throw DeployError.database(error)
        }
        // The head's own policy: a baseline judges nothing, it only says where the migrations are.
        let policy = try source.policy(base: request.head, head: request.head)
        try KnownEnvironment.require(request.environment, in: policy)
        let set = try source.migrationFiles(
            head: request.head, directory: request.migrationsDirectory ?? policy.deploy.migrations,
            explicit: request.migrationsDirectory != nil)
        for notice in set.skipped { log("notice: skipped \(notice)") }

        let gateHistory = try LedgerSchema.installedVersion(target) != nil ? try LedgerStore.appliedMigrations(target) : []
        let history = try ToolHistory.read(set, through: through, gateHistory: Set(gateHistory.map(\.name)), on: target)
        log("\(set.directory): \(set.layout) layout, \(set.files.count) migration(s); \(history.applied.count) applied according to \(history.source)")
        var disagreements = history.disagreements
        // The catalog must show what the files say: every check still standing after the applied migrations.
        let analyzed = try history.applied.map { file throws(DeployError) in try file.analyzed() }
        let failures = CatalogCheck.failures(analyzed, on: target)
        disagreements += failures.map { "the catalog does not match \($0)" }
        let checks = SchemaFold.standing(analyzed.map(\.script.statements)).count

        let recordedNames = Dictionary(gateHistory.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for file in history.applied {
            if let row = recordedNames[file.name], row.checksum != file.checksum, !file.repeatable {
                disagreements.append("\(file.path) is in gate's history with sha256 \(row.checksum.prefix(12)) but is \(file.checksum.prefix(12)) at head")
            }
        }
        guard disagreements.isEmpty else {
            throw DeployError.refused(
                "the database and the migrations at \(request.head.prefix(12)) disagree, so nothing was recorded:\n  "
                    + disagreements.joined(separator: "\n  ")
                    + "\nnext: bring them in line (finish or resolve the failed migration with \(history.tool), restore changed "
                    + "files, or pass --through PATH to adopt only the migrations the database really has), then run "
                    + "gate baseline again")
        }

        // The lock first, then gate's schema, as a deploy does: a baseline refused because a deploy holds the lock
        // creates or upgrades nothing (an older ledger stays readable by the gate that wrote it).
        let store = LedgerStore(connection: ledger)
        let key = LedgerStore.lockKey(environment: request.environment)
        guard try ledger.query("SELECT pg_try_advisory_lock(\(key))").first?.bool(0) == true else {
            // The holder may not have created gate's schema yet: pg_locks alone still names its session.
            let recorded = try LedgerSchema.installedVersion(ledger) != nil
            let holder = try store.lockHolder(environment: request.environment, recorded: recorded)
            throw DeployError.refused(
                "a deploy of \(request.environment) holds the lock (\(holder?.description ?? "a session")); run gate baseline when it has finished")
        }
        defer { _ = try? ledger.query("SELECT pg_advisory_unlock(\(key))") }
        do {
            try LedgerSchema.prepare(ledger)
            if request.ledgerURL != nil { try LedgerSchema.prepare(target) }
        } catch let error as PostgresError {
            throw DeployError.database(error)
        }

        let missing = history.applied.filter { recordedNames[$0.name] == nil || ($0.repeatable && recordedNames[$0.name]?.checksum != $0.checksum) }
        let appliedNames = Set(history.applied.map(\.name))
        let pending = set.files.filter { !appliedNames.contains($0.name) && recordedNames[$0.name] == nil }.map(\.path)
        let last = try store.lastSucceeded(environment: request.environment)
        if missing.isEmpty, last?.head == request.head {
            return BaselineOutcome(
                tool: history.tool, source: history.source, recorded: [], alreadyRecorded: history.applied.count,
                releaseID: nil, pending: pending, checks: checks)
        }
        let pid = Int(ProcessInfo.processInfo.processIdentifier)
        let host = ProcessInfo.processInfo.hostName
        // The release is opened first and marked succeeded last, so a baseline cut short shows as interrupted and a
        // second run completes it; the history rows are written in one transaction between.
        let (release, attempt) = try ledger.withTransaction { ledger -> (Int, Int) in
            let release = try ledger.query(
                """
                INSERT INTO gate.releases (environment, head, base, status)
                VALUES (\(request.environment), \(request.head), \(last?.head), 'running') RETURNING id
                """
            ).first?.int(0) ?? 0
            let attempt = try ledger.query(
                "INSERT INTO gate.attempts (release_id, status, pid, host) VALUES (\(release), 'running', \(pid), \(host)) RETURNING id"
            ).first?.int(0) ?? 0
            return (release, attempt)
        }
        try target.withTransaction { target in
            for file in missing {
                if file.repeatable { try target.execute("DELETE FROM gate.applied_migrations WHERE name = \(file.name)") }
                let phase = (try? file.analyzed().phase.rawValue) ?? MigrationPhase.pre.rawValue
                try target.execute(
                    """
                    INSERT INTO gate.applied_migrations (name, version, checksum, phase, applied_by, environment, release_id)
                    VALUES (\(file.name), \(file.version), \(file.checksum), \(phase), 'baseline', \(request.environment), \(release))
                    """)
            }
        }
        let detail = "adopted \(missing.count) migration(s) applied by \(history.tool) (\(history.source)); \(checks) catalog check(s) passed"
        try ledger.withTransaction { ledger in
            try ledger.execute(
                "INSERT INTO gate.steps (attempt_id, release_id, name, status, detail) VALUES (\(attempt), \(release), \(Self.stepName), 'succeeded', \(detail))")
            try ledger.execute("UPDATE gate.attempts SET status = 'succeeded', finished_at = now() WHERE id = \(attempt)")
            try ledger.execute("UPDATE gate.releases SET status = 'succeeded', finished_at = now() WHERE id = \(release)")
        }
        return BaselineOutcome(
            tool: history.tool, source: history.source, recorded: missing.map(\.name),
            alreadyRecorded: history.applied.count - missing.count, releaseID: release, pending: pending, checks: checks)
    }
}

/// What another tool's table says was applied, matched to the files at head.
struct ToolHistory {
    var tool: String
    var source: String
    /// In the framework's order.
    var applied: [MigrationFile]
    var disagreements: [String]

    /// The table of the tool whose layout the directory follows; a database without it was migrated by hand (psql):
    /// every file at head (or up to `--through`) is taken as applied, and the catalog checks decide.
    static func read(_ set: MigrationSet, through: String?, gateHistory: Set<String>, on target: Connection) throws -> ToolHistory {
        func exists(_ table: String) throws -> Bool {
            try target.query("SELECT to_regclass(\(table)) IS NOT NULL").first?.bool(0) == true
        }
        var history: ToolHistory?
        switch set.layout {
        case "prisma" where try exists("_prisma_migrations"):
            history = try prisma(set, target)
        case "drizzle" where try exists("drizzle.__drizzle_migrations") || exists("__drizzle_migrations"):
            history = try drizzle(set, target, table: try exists("drizzle.__drizzle_migrations") ? "drizzle.__drizzle_migrations" : "__drizzle_migrations")
        case "supabase" where try exists("supabase_migrations.schema_migrations"):
            history = try byVersion(set, target, tool: "supabase", table: "supabase_migrations.schema_migrations")
        case "flyway" where try exists("flyway_schema_history"):
            history = try flyway(set, target)
        case "alembic" where try exists("alembic_version"):
            history = try alembic(set, target)
        case "django" where try exists("django_migrations"):
            history = try django(set, target)
        // A `where` binds to the pattern before it alone, so each pattern carries its own.
        case "golang-migrate" where try exists("_sqlx_migrations"), "plain" where try exists("_sqlx_migrations"):
            // sqlx's `<version>_x.sql` and `.up.sql` are these layouts; a second tool's table beside its own leaves
            // gate unable to tell which one migrated the database.
            history = try sqlx(set, target)
            if try exists("schema_migrations") {
                history?.disagreements.append(
                    "the database has both _sqlx_migrations and schema_migrations; gate cannot tell which tool applied what")
            }
        case "golang-migrate", "dbmate", "rails", "ecto", "plain", "nested":
            if try exists("schema_migrations") { history = try schemaMigrations(set, target) }
        case "diesel" where try exists("__diesel_schema_migrations"):
            history = try byVersion(set, target, tool: "diesel", table: "__diesel_schema_migrations")
        case "goose" where try exists("goose_db_version"):
            history = try goose(set, target)
        case "liquibase" where try exists("databasechangelog"):
            history = try liquibase(set, target)
        case "atlas" where try exists("atlas_schema_revisions.atlas_schema_revisions"):
            history = try atlas(set, target)
        case "tern" where try exists("schema_version"):
            history = try tern(set, target)
        case "laravel" where try exists("migrations") && hasColumns("migrations", ["migration", "batch"], on: target):
            history = try byName(set, target, tool: "laravel", query: "SELECT migration FROM migrations ORDER BY id", source: "migrations")
        case "doctrine" where try exists("doctrine_migration_versions"):
            // Doctrine records the class with its namespace (`DoctrineMigrations\Version20240101000000`).
            history = try byName(set, target, tool: "doctrine", query: "SELECT version FROM doctrine_migration_versions ORDER BY version",
                                 source: "doctrine_migration_versions", key: { String($0.split(separator: "\\").last ?? Substring($0)) })
        case "phinx" where try exists("phinxlog"):
            history = try byName(set, target, tool: "phinx", query: "SELECT version::text FROM phinxlog ORDER BY version",
                                 source: "phinxlog", key: versionDigits, fileKey: { versionDigits($0.version) })
        default:
            break
        }
        // The tools that record one name per migration, for the layouts above that found no table of their own too
        // (Bun's beside golang-migrate's).
        for named in namedHistories where named.layouts.contains(set.layout) && history == nil {
            guard try exists(named.quotedTable),
                  try named.columns.isEmpty || hasColumns(named.quotedTable, named.columns, on: target)
            else { continue }
            history = try byName(
                set, target, tool: named.tool,
                query: "SELECT \"\(named.column)\"::text FROM \(named.quotedTable) WHERE \(named.condition) ORDER BY \(named.order)",
                source: named.table, key: named.rowKey, fileKey: named.fileKey)
        }
        if var history {
            if let through { history.disagreements.append("--through \(through) is for a database without a tool table; \(history.source) already says what was applied") }
            history.disagreements += gaps(set, applied: history.applied)
            return history
        }
        if through == nil, !gateHistory.isEmpty {
            // gate itself migrated this database: its own history says what was applied.
            return ToolHistory(tool: "gate", source: "gate's own history", applied: set.files.filter { gateHistory.contains($0.name) },
                               disagreements: [])
        }
        try refuseForeignHistory(set, on: target)
        return try byHand(set, through: through)
    }

    /// The tables migration tools keep (as `(table, tool, rows that record a migration)`), for a database whose own tool
    /// is not the directory's: Prisma's, Drizzle's, Flyway's… rows beside an empty or other directory mean gate read
    /// the wrong one. Laravel's and TypeORM's `migrations` is too common a name to say so alone.
    private static let toolTables: [(table: String, tool: String, condition: String)] = [
        ("_prisma_migrations", "prisma", "rolled_back_at IS NULL"), ("drizzle.__drizzle_migrations", "drizzle", "true"),
        ("__drizzle_migrations", "drizzle", "true"), ("supabase_migrations.schema_migrations", "supabase", "true"),
        ("flyway_schema_history", "flyway", "type NOT IN ('SCHEMA', 'BASELINE', 'DELETE')"),
        ("goose_db_version", "goose", "version_id > 0"), ("alembic_version", "alembic", "true"),
        ("django_migrations", "django", "true"), ("__diesel_schema_migrations", "diesel", "true"),
        ("_sqlx_migrations", "sqlx", "true"), ("schema_migrations", "rails, dbmate, golang-migrate or ecto", "true"),
        ("atlas_schema_revisions.atlas_schema_revisions", "atlas", "true"), ("databasechangelog", "liquibase", "true"),
        ("doctrine_migration_versions", "doctrine", "true"), ("phinxlog", "phinx", "true"),
    ] + namedHistories.filter { $0.table != "migrations" }.map { ($0.table, $0.tool, $0.condition) }

    /// No table of the directory's tool, but another tool's has rows: adopting the directory "by hand" would record
    /// the wrong history (or, for a missing directory, none), so gate refuses and names the table (exit 2).
    private static func refuseForeignHistory(_ set: MigrationSet, on target: Connection) throws {
        var found: [String] = []
        for entry in toolTables {
            let quoted = entry.table.split(separator: ".").map { "\"\($0)\"" }.joined(separator: ".")
            guard try target.query("SELECT to_regclass(\(quoted)) IS NOT NULL").first?.bool(0) == true else { continue }
            // The names are this file's constants, quoted; a table of that name but another shape counts as no history.
            let rows = (try? target.unsafeExecuteScript("SELECT count(*) FROM \(quoted) WHERE \(entry.condition)"))?.first?.int(0) ?? 0
            if rows > 0 { found.append("\(entry.table) (\(entry.tool), \(rows) row(s))") }
        }
        guard !found.isEmpty else { return }
        let what = set.files.isEmpty ? "no migration files" : "\(set.files.count) \(set.layout) migration file(s)"
        throw DeployError.invalidInput(
            "\(set.directory) holds \(what), but the database records migrations another tool applied: "
                + found.joined(separator: ", ")
                + "; adopting would record a history that is not the database's, so nothing was recorded.\n"
                + "next: pass --migrations with the directory that tool applies (or set deploy.migrations in the policy) "
                + "and run gate baseline again")
    }

    private static func byHand(_ set: MigrationSet, through: String?) throws -> ToolHistory {
        guard let through else {
            return ToolHistory(tool: "psql", source: "no tool table: every migration at head, checked against the catalog",
                               applied: set.files, disagreements: [])
        }
        guard let last = set.files.firstIndex(where: { $0.name == through || $0.path == through }) else {
            throw DeployError.invalidInput("--through \(through): no such migration in \(set.directory)")
        }
        return ToolHistory(tool: "psql", source: "no tool table: the migrations through \(set.files[last].name), checked against the catalog",
                           applied: Array(set.files[...last]), disagreements: [])
    }

    /// A migration missing between applied ones: the tool skipped it, or it was applied out of order.
    private static func gaps(_ set: MigrationSet, applied: [MigrationFile]) -> [String] {
        let names = Set(applied.map(\.name))
        guard let lastOrder = applied.filter({ !$0.repeatable && !$0.isCode }).map(\.order).max() else { return [] }
        return set.files.filter { !$0.repeatable && !$0.isCode && $0.order < lastOrder && !names.contains($0.name) }.map {
            "\($0.path) is not applied, but \(set.files[lastOrder].path), later in the order, is"
        }
    }

    /// Files matched by a key; rows with no file are disagreements.
    private static func match(
        _ set: MigrationSet, keys: [String], tool: String, key: (MigrationFile) -> String
    ) -> (applied: [MigrationFile], disagreements: [String]) {
        var byKey: [String: MigrationFile] = [:]
        for file in set.files { byKey[key(file)] = byKey[key(file)] ?? file }
        var found: Set<String> = []
        var disagreements: [String] = []
        for row in keys {
            if let file = byKey[row] { found.insert(file.name) } else {
                disagreements.append("\(tool) applied \(row), which is not in \(set.directory) at head")
            }
        }
        return (set.files.filter { found.contains($0.name) }, disagreements)
    }

    private static func prisma(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query(
            "SELECT migration_name, checksum, finished_at IS NOT NULL FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name")
        var disagreements: [String] = []
        var names: [String] = []
        let byFolder = Dictionary(set.files.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            let name = row.string(0) ?? ""
            guard row.bool(2) == true else {
                disagreements.append("prisma started \(name) but it never finished (failed); resolve it with prisma migrate resolve")
                continue
            }
            if let file = byFolder[name], let checksum = row.string(1), checksum != file.checksum {
                disagreements.append("\(file.path) differs from what prisma applied (checksum \(checksum.prefix(12)), file \(file.checksum.prefix(12)))")
            }
            names.append(name)
        }
        let matched = match(set, keys: names, tool: "prisma", key: \.version)
        return ToolHistory(tool: "prisma", source: "_prisma_migrations", applied: matched.applied,
                           disagreements: disagreements + matched.disagreements)
    }

    private static func drizzle(_ set: MigrationSet, _ target: Connection, table: String) throws -> ToolHistory {
        // Drizzle records the journal entry's `when` as created_at and the SHA-256 of the file as hash.
        let rows = try target.unsafeExecuteScript("SELECT created_at::text, hash FROM \(table) ORDER BY created_at")
        var disagreements: [String] = []
        let byWhen = Dictionary(set.files.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        for row in rows {
            if let file = byWhen[row.string(0) ?? ""], let hash = row.string(1), hash != file.checksum {
                disagreements.append("\(file.path) differs from what drizzle applied (hash \(hash.prefix(12)), file \(file.checksum.prefix(12)))")
            }
        }
        let matched = match(set, keys: rows.compactMap { $0.string(0) }, tool: "drizzle", key: \.version)
        return ToolHistory(tool: "drizzle", source: table, applied: matched.applied, disagreements: disagreements + matched.disagreements)
    }

    private static func byVersion(_ set: MigrationSet, _ target: Connection, tool: String, table: String) throws -> ToolHistory {
        let rows = try target.unsafeExecuteScript("SELECT version::text FROM \(table) ORDER BY version")
        let matched = match(set, keys: rows.compactMap { $0.string(0) }, tool: tool, key: \.version)
        return ToolHistory(tool: tool, source: table, applied: matched.applied, disagreements: matched.disagreements)
    }

    private static func flyway(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query(
            """
            SELECT version, script, checksum, success FROM flyway_schema_history
            WHERE type NOT IN ('SCHEMA', 'BASELINE', 'DELETE') ORDER BY installed_rank
            """)
        var disagreements: [String] = []
        var latest: [String: (checksum: Int?, success: Bool)] = [:]
        var order: [String] = []
        for row in rows {
            let script = row.string(1) ?? ""
            if latest[script] == nil { order.append(script) }
            latest[script] = (row.string(2).flatMap { Int($0) }, row.bool(3) == true)
        }
        let byScript = Dictionary(set.files.map { (Self.fileName($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var keys: [String] = []
        for script in order {
            guard let entry = latest[script] else { continue }
            guard entry.success else {
                disagreements.append("flyway recorded \(script) as failed; repair it with flyway repair")
                continue
            }
            let file = byScript[Self.fileName(script)]
            if let file, let checksum = entry.checksum, checksum != FlywayChecksum.of(file.bytes) {
                if file.repeatable { continue }  // changed since: pending again, as Flyway would rerun it
                disagreements.append("\(file.path) differs from what flyway applied (checksum \(checksum), file \(FlywayChecksum.of(file.bytes)))")
            }
            keys.append(Self.fileName(script))
        }
        let matched = match(set, keys: keys, tool: "flyway", key: { Self.fileName($0.name) })
        return ToolHistory(tool: "flyway", source: "flyway_schema_history", applied: matched.applied,
                           disagreements: disagreements + matched.disagreements)
    }

    private static func alembic(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let heads = try target.query("SELECT version_num FROM alembic_version").compactMap { $0.string(0) }
        let byRevision = Dictionary(set.files.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        var disagreements: [String] = []
        var applied: Set<String> = []
        var stack = heads
        // alembic_version holds only the heads: every ancestor of a head is applied.
        while let revision = stack.popLast() {
            guard !applied.contains(revision) else { continue }
            guard let file = byRevision[revision] else {
                disagreements.append("alembic is at revision \(revision), which no file in \(set.directory) defines")
                continue
            }
            applied.insert(revision)
            stack += file.parents
        }
        return ToolHistory(tool: "alembic", source: "alembic_version", applied: set.files.filter { applied.contains($0.version) },
                           disagreements: disagreements)
    }

    private static func django(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let apps = Set(set.files.map { String($0.version.prefix { $0 != "." }) })
        // django_migrations lists every app's migrations, Django's own (auth, contenttypes) too: only this
        // directory's apps are compared.
        let rows = try target.query("SELECT app || '.' || name, app FROM django_migrations ORDER BY id")
            .filter { apps.contains($0.string(1) ?? "") }.compactMap { $0.string(0) }
        let matched = match(set, keys: rows, tool: "django", key: \.version)
        return ToolHistory(tool: "django", source: "django_migrations", applied: matched.applied, disagreements: matched.disagreements)
    }

    /// golang-migrate keeps one row (the current version, and whether it is dirty); dbmate and Rails one row per
    /// applied version.
    private static func schemaMigrations(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let columns = Set(try target.query(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass('schema_migrations') AND attnum > 0 AND NOT attisdropped"
        ).compactMap { $0.string(0) })
        let versionOf = { (file: MigrationFile) in MigrationVersion(fileName: file.version)?.description ?? file.version }
        if columns.contains("dirty") {
            let rows = try target.query("SELECT version::text, dirty FROM schema_migrations")
            guard let row = rows.first, let current = row.string(0).flatMap({ MigrationVersion(fileName: $0) }) else {
                return ToolHistory(tool: "golang-migrate", source: "schema_migrations (empty)", applied: [], disagreements: [])
            }
            var disagreements: [String] = []
            if row.bool(1) == true {
                disagreements.append("golang-migrate left version \(current) dirty (it failed half-way); fix the schema and run migrate force")
            }
            if !set.files.contains(where: { versionOf($0) == current.description }) {
                disagreements.append("golang-migrate is at version \(current), which no file in \(set.directory) has")
            }
            let applied = set.files.filter { MigrationVersion(fileName: $0.version).map { $0 <= current } ?? false }
            return ToolHistory(tool: "golang-migrate", source: "schema_migrations (version \(current))", applied: applied,
                               disagreements: disagreements)
        }
        let rows = try target.query("SELECT version::text FROM schema_migrations").compactMap { $0.string(0) }
        let tool = ["rails", "dbmate", "ecto"].contains(set.layout) ? set.layout : "schema_migrations"
        let keys = rows.map { MigrationVersion(fileName: $0)?.description ?? $0 }
        let matched = match(set, keys: keys, tool: tool, key: versionOf)
        return ToolHistory(tool: tool, source: "schema_migrations", applied: matched.applied, disagreements: matched.disagreements)
    }

    static func fileName(_ path: String) -> String { path.split(separator: "/").last.map(String.init) ?? path }

    private static func hasColumns(_ table: String, _ columns: Set<String>, on target: Connection) throws -> Bool {
        let found = Set(try target.query(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(\(table)) AND attnum > 0 AND NOT attisdropped"
        ).compactMap { $0.string(0) })
        return columns.isSubset(of: found)
    }

    /// A table with one row per applied migration, named as the framework names it (Laravel's file name, Doctrine's
    /// class, EF Core's migration id, SeaORM's module, Phinx's version): `key` maps a row, `fileKey` a file, to it.
    private struct NamedHistory {
        /// The layouts whose directories this tool migrates (`knex` is every directory of JavaScript migrations).
        var layouts: Set<String>
        var tool: String
        var table: String
        var column: String
        var order: String
        /// The table as SQL names it (each part quoted: `"graphile_migrate"."migrations"`, `"SequelizeMeta"`).
        var quotedTable: String { table.split(separator: ".").map { "\"\($0)\"" }.joined(separator: ".") }
        /// Columns that tell this tool's table from another's of the same name (TypeORM's and Laravel's `migrations`).
        var columns: Set<String> = []
        /// Rows the tool writes that record no migration (Postgrator's version 0), as an SQL condition on the rest.
        var condition = "true"
        /// What a row's name is matched as.
        var rowKey: @Sendable (String) -> String = { $0 }
        /// What a file is matched as (its framework version by default).
        var fileKey: @Sendable (MigrationFile) -> String = { $0.version }
    }

    /// The tools that record each migration under one name: EF Core's migration id, SeaORM's module name, the file name
    /// with its extension (Knex, Sequelize, sql-migrate) or without it (node-pg-migrate, MikroORM, Kysely), Graphile Migrate's
    /// number with `.sql`, Postgrator's version, TypeORM's class name (which ends in its timestamp) and Fluent's type
    /// name (`App.CreateTodo`, the module first).
    private static let namedHistories: [NamedHistory] = [
        NamedHistory(layouts: ["ef-core"], tool: "ef-core", table: "__EFMigrationsHistory", column: "MigrationId", order: "1"),
        NamedHistory(layouts: ["sea-orm"], tool: "sea-orm", table: "seaql_migrations", column: "version", order: "1"),
        NamedHistory(layouts: ["knex"], tool: "knex", table: "knex_migrations", column: "name", order: "id"),
        NamedHistory(layouts: ["knex"], tool: "sequelize", table: "SequelizeMeta", column: "name", order: "1"),
        NamedHistory(
            layouts: ["node-pg-migrate", "knex"], tool: "node-pg-migrate", table: "pgmigrations", column: "name",
            order: "run_on, id", fileKey: { withoutExtension($0.name) }),
        NamedHistory(
            layouts: ["graphile-migrate"], tool: "graphile-migrate", table: "graphile_migrate.migrations", column: "filename",
            order: "filename"),
        // Bun's SQL migrations are `<version>_<name>.up.sql` (or `.tx.up.sql`); it records the version.
        NamedHistory(
            layouts: ["golang-migrate"], tool: "bun", table: "bun_migrations", column: "name", order: "id",
            rowKey: versionDigits, fileKey: { versionDigits($0.version) }),
        NamedHistory(layouts: ["sql-migrate"], tool: "sql-migrate", table: "gorp_migrations", column: "id", order: "applied_at, id"),
        NamedHistory(
            layouts: ["postgrator"], tool: "postgrator", table: "schemaversion", column: "version", order: "version",
            condition: "version <> 0"),
        NamedHistory(
            layouts: ["knex"], tool: "kysely", table: "kysely_migration", column: "name", order: "timestamp, name",
            fileKey: { withoutExtension($0.name) }),
        NamedHistory(
            layouts: ["knex"], tool: "mikro-orm", table: "mikro_orm_migrations", column: "name", order: "id",
            rowKey: withoutExtension, fileKey: { withoutExtension($0.name) }),
        NamedHistory(
            layouts: ["knex"], tool: "typeorm", table: "migrations", column: "name", order: "id", columns: ["timestamp", "name"],
            fileKey: { declaredType(in: $0.text, conformingTo: ["MigrationInterface"]) ?? withoutExtension($0.name) }),
        NamedHistory(
            layouts: ["fluent"], tool: "fluent", table: "_fluent_migrations", column: "name", order: "created_at, name",
            rowKey: { String($0.split(separator: ".").last ?? Substring($0)) },
            fileKey: { declaredType(in: $0.text, conformingTo: ["AsyncMigration", "Migration"]) ?? withoutExtension($0.name) }),
    ]

    /// A version as its numbers read (`0042` and `42` alike), or the text itself when it has none.
    private static func versionDigits(_ text: String) -> String { MigrationVersion(fileName: text)?.description ?? text }

    /// A file name without its last extension (`1700000000000_init.sql` → `1700000000000_init`).
    private static func withoutExtension(_ name: String) -> String {
        let file = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
        return String(file[..<dot])
    }

    /// The first class or struct a migration's source declares with one of `protocols` among its supertypes
    /// (`export class AddUsers1700000000000 implements MigrationInterface`, `struct CreateTodo: AsyncMigration`), else the
    /// first class it declares at all: the name its framework records.
    static func declaredType(in source: String, conformingTo protocols: [String]) -> String? {
        func isWordPart(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "$"
        }
        var first: String?
        var rest = source[...]
        while let keyword = rest.firstRange(ofAnyWord: ["class", "struct"], isWordPart: isWordPart) {
            let afterKeyword = rest[keyword.upperBound...].drop { $0 == " " || $0 == "\t" }
            let name = String(afterKeyword.prefix(while: isWordPart))
            rest = afterKeyword.dropFirst(name.count)
            guard let initial = name.first, !initial.isNumber else { continue }
            first = first ?? name
            // The supertypes are what stands between the name and the body's brace.
            let header = rest.prefix { $0 != "{" && $0 != ";" }
            let words = header.split { !isWordPart($0) }
            if words.contains(where: { protocols.contains(String($0)) }) { return name }
        }
        return first
    }

    private static func byName(
        _ set: MigrationSet, _ target: Connection, tool: String, query: String, source: String,
        key: (String) -> String = { $0 }, fileKey: @escaping (MigrationFile) -> String = \.version
    ) throws -> ToolHistory {
        let rows = try target.unsafeExecuteScript(query).compactMap { $0.string(0) }.map(key)
        let matched = match(set, keys: rows, tool: tool, key: fileKey)
        return ToolHistory(tool: tool, source: source, applied: matched.applied, disagreements: matched.disagreements)
    }

    /// sqlx keeps a row per version with whether it succeeded and the SHA-384 of the SQL it ran.
    private static func sqlx(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query("SELECT version::text, success, encode(checksum, 'hex') FROM _sqlx_migrations ORDER BY version")
        let versionOf = { (file: MigrationFile) in MigrationVersion(fileName: file.version)?.description ?? file.version }
        let byVersion = Dictionary(set.files.map { (versionOf($0), $0) }, uniquingKeysWith: { first, _ in first })
        var disagreements: [String] = []
        var keys: [String] = []
        for row in rows {
            let version = MigrationVersion(fileName: row.string(0) ?? "")?.description ?? (row.string(0) ?? "")
            guard row.bool(1) == true else {
                disagreements.append("sqlx recorded version \(version) as failed (dirty); fix it and run sqlx migrate again")
                continue
            }
            if let file = byVersion[version], let checksum = row.string(2) {
                let expected = try target.query("SELECT encode(sha384(convert_to(\(file.text), 'UTF8')), 'hex')").first?.string(0)
                if expected != checksum {
                    disagreements.append("\(file.path) differs from what sqlx applied (sha384 \(checksum.prefix(12)), file \((expected ?? "").prefix(12)))")
                }
            }
            keys.append(version)
        }
        let matched = match(set, keys: keys, tool: "sqlx", key: versionOf)
        return ToolHistory(tool: "sqlx", source: "_sqlx_migrations", applied: matched.applied,
                           disagreements: disagreements + matched.disagreements)
    }

    /// Liquibase keeps a row per changeset it ran, with its changelog's path as it was given (`db/changelog/x.yaml` on
    /// the search path, `classpath:` or an absolute path at times): a changelog with any row is applied (Liquibase runs
    /// the rest of its changesets itself, through `--migrate-cmd`).
    private static func liquibase(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query("SELECT filename FROM databasechangelog GROUP BY filename ORDER BY min(orderexecuted)")
        var applied: Set<String> = []
        var disagreements: [String] = []
        for row in rows {
            guard let raw = row.string(0) else { continue }
            let recorded = MigrationLayout.normalizedLiquibasePath(raw)
            let candidates = set.files.filter { file in
                ("/" + file.path).hasSuffix("/" + recorded) || ("/" + recorded).hasSuffix("/" + file.path)
                    || ("/" + recorded).hasSuffix("/" + file.name)
            }
            guard candidates.count == 1, let file = candidates.first else {
                disagreements.append(candidates.isEmpty
                    ? "liquibase applied \(raw), which is not in \(set.directory) at head"
                    : "liquibase applied \(raw), which could be any of \(candidates.map(\.path).joined(separator: ", "))")
                continue
            }
            applied.insert(file.name)
        }
        return ToolHistory(tool: "liquibase", source: "databasechangelog", applied: set.files.filter { applied.contains($0.name) },
                           disagreements: disagreements)
    }

    /// Atlas keeps a row per version it ran, with how many of its statements it applied of how many, and a baseline row
    /// (type bit 1) for a database it was told already holds every migration up to that version.
    private static func atlas(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query(
            "SELECT version, type, applied, total FROM atlas_schema_revisions.atlas_schema_revisions ORDER BY version")
        let versionOf = { (file: MigrationFile) in MigrationVersion(fileName: file.version) }
        var keys: [String] = []
        var disagreements: [String] = []
        for row in rows {
            guard let version = row.string(0), let parsed = MigrationVersion(fileName: version) else { continue }
            if let type = row.string(1).flatMap({ Int($0) }), type & 1 != 0 {
                keys += set.files.filter { versionOf($0).map { $0 <= parsed } ?? false }.map { versionOf($0)!.description }
                continue
            }
            let applied = row.string(2).flatMap { Int($0) } ?? 0
            let total = row.string(3).flatMap { Int($0) } ?? 0
            guard applied >= total else {
                disagreements.append("atlas applied \(applied) of the \(total) statements of version \(version); "
                    + "finish or fix it with atlas migrate before adopting the database")
                continue
            }
            keys.append(parsed.description)
        }
        let matched = match(set, keys: keys, tool: "atlas", key: { versionOf($0)?.description ?? $0.version })
        return ToolHistory(tool: "atlas", source: "atlas_schema_revisions", applied: matched.applied,
                           disagreements: disagreements + matched.disagreements)
    }

    /// tern keeps one row: the number of the last migration it applied (they are numbered 1, 2, 3… without gaps).
    private static func tern(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query("SELECT version::text FROM schema_version")
        guard rows.count == 1, let last = rows[0].string(0).flatMap({ Int($0) }) else {
            return ToolHistory(tool: "tern", source: "schema_version", applied: [], disagreements: [
                "tern's schema_version holds \(rows.count) row(s), not the one version tern keeps"])
        }
        let applied = set.files.filter { (Int($0.version) ?? .max) <= last }
        let disagreements = last > set.files.count
            ? ["tern applied migration \(last), but \(set.directory) holds \(set.files.count) at head"] : []
        return ToolHistory(tool: "tern", source: "schema_version", applied: applied, disagreements: disagreements)
    }

    /// goose appends a row per up (older versions also one with is_applied false per down, newer delete the row); the latest row of a version
    /// says whether it stands. Version 0 is the row goose writes when it creates the table.
    private static func goose(_ set: MigrationSet, _ target: Connection) throws -> ToolHistory {
        let rows = try target.query("SELECT version_id::text, is_applied FROM goose_db_version ORDER BY id")
        var latest: [String: Bool] = [:]
        var order: [String] = []
        for row in rows {
            let version = MigrationVersion(fileName: row.string(0) ?? "")?.description ?? (row.string(0) ?? "")
            guard version != "0" else { continue }
            if latest[version] == nil { order.append(version) }
            latest[version] = row.bool(1) == true
        }
        let keys = order.filter { latest[$0] == true }
        let matched = match(set, keys: keys, tool: "goose", key: { MigrationVersion(fileName: $0.version)?.description ?? $0.version })
        return ToolHistory(tool: "goose", source: "goose_db_version", applied: matched.applied, disagreements: matched.disagreements)
    }
}

/// Flyway's checksum: CRC-32 over the file's lines without their line breaks (and without a leading BOM), as a
/// signed 32-bit integer.
public enum FlywayChecksum {
    public static func of(_ bytes: [UInt8]) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        var content = bytes[...]
        if content.starts(with: [0xEF, 0xBB, 0xBF]) { content = content.dropFirst(3) }
        for var line in content.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if line.last == 0x0D { line = line.dropLast() }
            for byte in line {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
            }
        }
        // A trailing newline ends the last line rather than starting an empty one (Java's readLine).
        return Int(Int32(bitPattern: ~crc))
    }
}

private extension Substring {
    /// The first occurrence of one of `words` standing as a whole word.
    func firstRange(ofAnyWord words: [String], isWordPart: (Character) -> Bool) -> Range<Index>? {
        var best: Range<Index>?
        for word in words {
            var searchFrom = startIndex
            while let found = self[searchFrom...].range(of: word) {
                let before = found.lowerBound == startIndex ? nil : self[index(before: found.lowerBound)]
                let after = found.upperBound == endIndex ? nil : self[found.upperBound]
                if !(before.map(isWordPart) ?? false), !(after.map(isWordPart) ?? false) {
                    if best == nil || found.lowerBound < best!.lowerBound { best = found }
                    break
                }
                searchFrom = found.upperBound
            }
        }
        return best
    }
}
