import XCTest
@testable import GateSQL

/// Ecto migrations are found in `priv/repo/migrations` and read from `change` or `up` into the SQL its Postgres
/// adapter runs.
final class EctoMigrationTests: XCTestCase {
    private func read(_ source: String) -> MigrationScript {
        FrameworkMigrationReader.read(Array(source.utf8), format: .ecto).analyze()
    }

    func testEctoMigrationsAreFoundByTheirFolderAndModule() {
        let source = Array("defmodule MyApp.Repo.Migrations.AddHandle do\n  use Ecto.Migration\nend\n".utf8)
        XCTAssertEqual(MigrationLayout.classify("priv/repo/migrations/20240301000000_add_handle.exs", head: source)?.format, .ecto)
        XCTAssertEqual(MigrationLayout.classify("apps/core/priv/repo/migrations/20240301000000_add_handle.exs")?.format, .ecto)
        XCTAssertNil(MigrationLayout.classify("priv/repo/seeds.exs", head: source))
        XCTAssertNil(MigrationLayout.classify("test/support/migrations/helper.exs", head: Array("defmodule Helper do\nend\n".utf8)))
    }

    func testTableBlocksIndexesRenamesAndExecute() {
        let script = read("""
            defmodule MyApp.Repo.Migrations.ReworkUsers do
              use Ecto.Migration

              def change do
                create table(:teams) do
                  add :name, :string, null: false
                  add :owner_id, references(:users, on_delete: :delete_all), null: false
                  timestamps()
                end

                alter table(:users) do
                  add :handle, :string, size: 40, null: false, default: ""
                  add :team_id, references(:teams, validate: false)
                  remove :legacy
                  modify :bio, :text, from: :string
                end

                create unique_index(:users, [:handle], concurrently: true)
                drop_if_exists index(:users, [:email])
                rename table(:users), :name, to: :full_name
                rename table(:teams), to: table(:squads)
                execute "UPDATE users SET handle = email WHERE handle = ''", "SELECT 1"
                create constraint(:users, :age_positive, check: "age > 0", validate: false)
              end

              def down do
                drop table(:teams)
              end
            end
            """)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "CREATE TABLE teams (id bigserial PRIMARY KEY, name varchar(255) NOT NULL, owner_id bigint REFERENCES users (id) NOT NULL, "
                + "inserted_at timestamp(0) NOT NULL, updated_at timestamp(0) NOT NULL)",
            "ALTER TABLE users ADD COLUMN handle varchar(40) NOT NULL DEFAULT ''",
            "ALTER TABLE users ADD COLUMN team_id bigint",
            "ALTER TABLE users ADD CONSTRAINT team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id) NOT VALID",
            "ALTER TABLE users DROP COLUMN legacy",
            "ALTER TABLE users ALTER COLUMN bio TYPE text",
            "CREATE UNIQUE INDEX CONCURRENTLY users_handle_index ON users (handle)",
            "DROP INDEX IF EXISTS users_email_index",
            "ALTER TABLE users RENAME COLUMN name TO full_name",
            "ALTER TABLE teams RENAME TO squads",
            "UPDATE users SET handle = email WHERE handle = ''",
            "ALTER TABLE users ADD CONSTRAINT age_positive CHECK (age > 0) NOT VALID",
        ])
        XCTAssertEqual(script.statements.map(\.statement.line), [5, 12, 13, 13, 14, 15, 18, 19, 20, 21, 22, 23])
        // Ecto runs the migration in a transaction: CONCURRENTLY fails there.
        XCTAssertEqual(script.statements[6].hazards.first, "concurrently-in-transaction")
        XCTAssertEqual(script.statements[4].hazards.first, "drop-column")
        // `from: :string` says the column was a varchar: making it text only widens it.
        XCTAssertEqual(script.statements[5].hazards, [])
    }

    func testAddingAColumnWithoutDefaultAndATransactionFreeConcurrentIndex() {
        let script = read("""
            defmodule MyApp.Repo.Migrations.AddPlan do
              use Ecto.Migration
              @disable_ddl_transaction true
              @disable_migration_lock true

              def up do
                alter table("accounts") do
                  add :plan, :string, null: false
                  timestamps(inserted_at: :created_at)
                end
                create index("accounts", [:plan], concurrently: true)
                create table(:tags)
              end
            end
            """)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE accounts ADD COLUMN plan varchar(255) NOT NULL",
            "ALTER TABLE accounts ADD COLUMN created_at timestamp(0) NOT NULL",
            "ALTER TABLE accounts ADD COLUMN updated_at timestamp(0) NOT NULL",
            "CREATE INDEX CONCURRENTLY accounts_plan_index ON accounts (plan)",
            "CREATE TABLE tags (id bigserial PRIMARY KEY)",
        ])
        XCTAssertEqual(script.statements[0].hazards.first, "not-null-without-default")
        XCTAssertEqual(script.statements[3].hazards, [])
        XCTAssertTrue(script.statements[3].requiresNoTransaction)
    }

    /// A comment after a column's options is no part of them: `null: false # shown on profiles` still adds NOT NULL,
    /// and a command word in the comment (`# add later`) is no command.
    func testATrailingCommentEndsTheArguments() {
        let script = read("""
            defmodule MyApp.Repo.Migrations.AddBio do
              use Ecto.Migration

              def change do
                alter table(:users) do
                  add :bio, :string, null: false # shown on profiles
                  add :nickname, :string # add later: remove :legacy
                end
              end
            end
            """)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE users ADD COLUMN bio varchar(255) NOT NULL", "ALTER TABLE users ADD COLUMN nickname varchar(255)",
        ])
    }

    /// A comment after `do` hides no block: `alter table(:users) do # profile fields` opens it, a nested `do # …` and an
    /// `end # …` count as theirs, and a `#` inside a string or an interpolation (`"#{x}"`) is no comment.
    func testACommentAfterDoStillOpensTheBlock() {
        let script = read("""
            defmodule MyApp.Repo.Migrations.AddBio do
              use Ecto.Migration

              def change do
                alter table(:users) do # profile fields
                  add :bio, :string, null: false
                  add :website, :string, default: "#home"
                end # users
                create table(:tags) do # tags
                  add :name, :string
                end
              end
            end
            """)
        XCTAssertEqual(script.statements.map(\.statement.text), [
            "ALTER TABLE users ADD COLUMN bio varchar(255) NOT NULL", "ALTER TABLE users ADD COLUMN website varchar(255) DEFAULT '#home'",
            "CREATE TABLE tags (id bigserial PRIMARY KEY, name varchar(255))",
        ])
    }
}
