import GateCore

/// How a migration file is written, which decides how it is read.
public enum MigrationFormat: String, Sendable, Equatable, CaseIterable {
    /// Plain SQL, applied forward (Flyway, golang-migrate `.up.sql`, Prisma, Supabase, Drizzle, dbmate, Sqitch…).
    case sql
    /// SQL that only runs on rollback (`.down.sql`, Flyway `U…`, Sqitch `revert/`): parsed, not judged for hazards.
    case sqlRollback
    case rails, django, alembic, knex, sequelize, typeorm
    /// An ORM schema file (schema.prisma, a Drizzle schema): a schema change without statements.
    case prismaSchema, drizzleSchema
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
            if let kind = classifySQL(name: name, lowerName: lowerName, directories: Array(directories)) { return kind }
        }
        if lowerName.hasSuffix(".rb"), parent == "migrate", directories.dropLast().last == "db" {
            return MigrationFileKind(format: .rails, framework: "rails")
        }
        if lowerName.hasSuffix(".py") {
            if parent == "versions", directories.contains(where: { $0 == "alembic" || $0 == "migrations" }) {
                return MigrationFileKind(format: .alembic, framework: "alembic")
            }
            if parent == "migrations", name.prefix(4).allSatisfy(\.isNumber), name.dropFirst(4).first == "_" {
                return MigrationFileKind(format: .django, framework: "django")
            }
        }
        if script, directories.contains(where: { $0 == "migrations" || $0 == "migration" }) {
            return MigrationFileKind(format: scriptFormat(head), framework: scriptFormat(head).rawValue)
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
            return MigrationFileKind(format: .sql, framework: "policy")
        }
        return nil
    }

    private static func classifySQL(name: String, lowerName: String, directories: [String]) -> MigrationFileKind? {
        if lowerName.hasSuffix(".down.sql") { return MigrationFileKind(format: .sqlRollback, framework: "golang-migrate") }
        if lowerName.hasSuffix(".up.sql") { return MigrationFileKind(format: .sql, framework: "golang-migrate") }
        // Flyway: V<version>__desc.sql (versioned), R__desc.sql (repeatable), U<version>__desc.sql (undo).
        if let first = name.first, name.contains("__") {
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
        return nil
    }

    /// Knex, Sequelize and TypeORM all keep migrations in `migrations/*.{js,ts}`; their APIs tell them apart.
    static func scriptFormat(_ head: [UInt8]) -> MigrationFormat {
        if head.containsSequence(Array("queryRunner".utf8)) || head.containsSequence(Array("MigrationInterface".utf8)) {
            return .typeorm
        }
        if head.containsSequence(Array("queryInterface".utf8)) { return .sequelize }
        return .knex
    }

    private static func isDrizzleSchema(name: String, directories: [String], head: [UInt8]) -> Bool {
        guard name == "schema.ts" || name == "schema.js" || name.hasSuffix(".schema.ts") || directories.last == "schema"
        else { return false }
        return head.containsSequence(Array("drizzle-orm".utf8))
    }
}
