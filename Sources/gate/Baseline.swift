import ArgumentParser
import Foundation
import GateKit

extension Gate {
    /// `gate baseline`: adopts a database migrated by another tool or by psql, so the next deploy judges only new changes.
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "baseline",
            abstract: "Adopt a database migrated by another tool (or psql): record its migrations and head as the last release.",
            discussion: """
                Reads what the tool applied (_prisma_migrations, drizzle's __drizzle_migrations, \
                supabase_migrations.schema_migrations, schema_migrations, flyway_schema_history, alembic_version, \
                django_migrations), checks the catalog against the migration files at head, and records them in gate's \
                history with their checksums, with head as the environment's last release. Without a tool table every \
                migration at head (or up to --through) is taken as applied and checked against the catalog. Changes \
                nothing and exits 1 when the database and the files disagree; running it again changes nothing.
                """)

        @OptionGroup var global: GlobalOptions

        @OptionGroup var database: EnvironmentDatabaseOptions

        @Option(help: "With no tool table: the last migration the database has (a path relative to the migrations directory).")
        var through: String?

        func run() throws {
            let options = database.options(global: global)
            let quiet = global.quiet
            do {
                let outcome = try DeployRunner().baseline(options, through: through) { line in
                    if !quiet { writeProgressLine("gate: \(line)") }
                }
                print(DeployRenderer.text(outcome, environment: database.env), terminator: "")
            } catch {
                try exitForDeployError(error)
            }
        }
    }
}
