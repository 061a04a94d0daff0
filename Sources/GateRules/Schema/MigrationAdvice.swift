import GateSQL

/// How to fix the hazards every framework shares (timeouts, contracts before rollout), said in the terms of the
/// framework the migration is written for.
enum MigrationAdvice {
    /// Advice sentences for a statement's hazards in a migration of `kind`; empty when none applies.
    static func advice(for hazards: [SchemaHazard], kind: MigrationFileKind) -> [String] {
        var sentences: [String] = []
        if hazards.contains(.missingLockTimeout) || hazards.contains(.missingStatementTimeout) {
            sentences.append(timeouts(kind))
        }
        if hazards.contains(.contractWithoutPostPhase) { sentences.append(laterMigration(kind)) }
        return sentences
    }

    /// Where to set lock_timeout and statement_timeout.
    static func timeouts(_ kind: MigrationFileKind) -> String {
        let settings = "SET lock_timeout = '5s'; SET statement_timeout = '15min';"
        switch (kind.format, kind.framework) {
        case (_, "prisma"):
            return "Prisma runs migration.sql as written: put `\(settings)` at its top"
        case (_, "drizzle"):
            return "Drizzle: start the migration with `\(settings)` followed by `--> statement-breakpoint`"
        case (.rails, _):
            return "Rails: first in `change`, `execute \"SET lock_timeout = '5s'\"` and `execute \"SET statement_timeout = '15min'\"`"
        case (.django, _):
            return "Django: make the first operation `migrations.RunSQL(\"\(settings)\", migrations.RunSQL.noop)`"
        case (.alembic, _):
            return "Alembic: first in `upgrade()`, `op.execute(\"\(settings)\")`"
        case (.knex, _):
            return "Knex: first in `up`, `await knex.raw(\"\(settings)\")`"
        case (.sequelize, _):
            return "Sequelize: first in `up`, `await queryInterface.sequelize.query(\"\(settings)\")`"
        case (.typeorm, _):
            return "TypeORM: first in `up`, `await queryRunner.query(\"\(settings)\")`"
        case (.mikroORM, _):
            return "MikroORM: first in `up`, `this.addSql(\"\(settings)\")`"
        case (.kysely, _):
            return "Kysely: first in `up`, `await sql`\(settings)`.execute(db)`"
        case (.nodePgMigrate, _):
            return "node-pg-migrate: first in `up`, `pgm.sql(\"\(settings)\")`"
        case (.laravel, _):
            return "Laravel: first in `up()`, `DB::statement(\"SET lock_timeout = '5s'\")` and `DB::statement(\"SET statement_timeout = '15min'\")`"
        case (.doctrine, _):
            return "Doctrine: first in `up()`, `$this->addSql(\"SET lock_timeout = '5s'\")` and `$this->addSql(\"SET statement_timeout = '15min'\")`"
        case (.efCore, _):
            return "EF Core: first in `Up`, `migrationBuilder.Sql(\"\(settings)\")`"
        case (.phinx, _):
            return "Phinx: first in `change()` or `up()`, `$this->execute(\"\(settings)\")`"
        case (.seaORM, _):
            return "SeaORM: first in `up`, `manager.get_connection().execute_unprepared(\"\(settings)\").await?`"
        case (.ecto, _):
            return "Ecto: first in `change` or `up`, `execute \"SET lock_timeout = '5s'\"` and `execute \"SET statement_timeout = '15min'\"`"
        case (.fluent, _):
            return "Fluent: first in `prepare(on:)`, `try await (database as! SQLDatabase).raw(\"\(settings)\").run()`"
        default:
            return "put `\(settings)` before the first statement"
        }
    }

    /// How to move a contract statement into a migration that runs after the rollout.
    static func laterMigration(_ kind: MigrationFileKind) -> String {
        switch (kind.format, kind.framework) {
        case (_, "prisma"):
            return "Prisma: move it to a later migration (`prisma migrate dev --create-only`) whose migration.sql starts with `-- gate:phase post`"
        case (_, "drizzle"):
            return "Drizzle: move it to a later migration (`drizzle-kit generate --custom`) that starts with `-- gate:phase post`"
        case (.rails, _):
            return "Rails: first list the column in the model's `self.ignored_columns` and ship that; drop it in a later migration marked `# gate:phase post`"
        case (.django, _):
            return "Django: remove the field from the model with `SeparateDatabaseAndState` first; drop it in a later migration marked `# gate:phase post`"
        case (.alembic, _):
            return "Alembic: move it to a later revision (`alembic revision -m ...`) marked `# gate:phase post`"
        case (.laravel, _):
            return "Laravel: move it to a later migration (`php artisan make:migration`) marked `// gate:phase post`"
        case (.efCore, _):
            return "EF Core: move it to a later migration (`dotnet ef migrations add`) marked `// gate:phase post`"
        case (.ecto, _):
            return "Ecto: move it to a later migration (`mix ecto.gen.migration`) marked `# gate:phase post`"
        case (.knex, _), (.sequelize, _), (.typeorm, _), (.mikroORM, _), (.kysely, _), (.nodePgMigrate, _), (.doctrine, _), (.phinx, _), (.fluent, _),
             (.seaORM, _):
            return "move it to a later migration file marked `// gate:phase post`"
        default:
            return "move it to a later migration marked `-- gate:phase post`, which gate deploy runs after the rollout"
        }
    }
}
